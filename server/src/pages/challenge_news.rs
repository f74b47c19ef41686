//! Challenge news on the pages: the staff's form on the challenge page (post), the edit page and the
//! delete button. A refused form comes back on the news form's page with each error at its field and
//! the text kept (no JavaScript). The same `challenges::news::service` as the API.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

use super::challenges::ChallengePage;
use super::extract::{path_params, FormPage, Part, SignedForm};
use super::forms::{self, FormKind};
use super::session::{encode, FormData, PageCtx};
use crate::challenges::news::rules;
use crate::challenges::news::service::{self as news, CreateNews, UpdateNews};
use crate::challenges::service as challenges;
use crate::error::{AppError, AppResult};
use crate::ids::NewsId;

/// The news box on the challenge page.
pub struct NewsBox;

impl Part for NewsBox {
    const SUFFIX: &'static str = "#news";
}

/// A news post's edit page, from the path (`/challenges/{slug}/news/{id}/…`).
pub struct NewsPage {
    pub slug: String,
    pub id: NewsId,
}

#[derive(Deserialize)]
struct NewsParams {
    slug: String,
    id: String,
}

impl FormPage for NewsPage {
    fn locate(req: &HttpRequest, _: &FormData) -> AppResult<Self> {
        let NewsParams { slug, id } = path_params(req, "News")?;
        let id = NewsId::parse(&id).ok_or_else(|| AppError::not_found("News"))?;
        Ok(NewsPage { slug, id })
    }

    fn back(&self) -> String {
        format!("/challenges/{}/news/{}/edit", encode(&self.slug), self.id)
    }
}

/// What the news form shows: where it posts, the text sent, the errors at their fields.
fn form_json(action: String, title: &str, body: &str, errors: Value, editing: bool) -> Value {
    json!({
        "action": action,
        "title": title,
        "body": body,
        "errors": errors,
        "editing": editing,
        "limits": {"title_max": rules::TITLE_MAX, "body_max": rules::BODY_MAX},
    })
}

/// The news form's own page (editing, or a refused post with its errors).
async fn form_page(ctx: &PageCtx, slug: &str, form: Value, status: StatusCode) -> AppResult<HttpResponse> {
    let challenge = challenges::get(&ctx.state.db, slug.to_string()).await?;
    let heading = if form["editing"] == true { ctx.lang.t("news-edit-title") } else { ctx.lang.t("news-new-title") };
    let error_list: Vec<Value> = form["errors"]
        .as_object()
        .map(|m| m.iter().map(|(field, message)| json!({"field": field, "message": message})).collect())
        .unwrap_or_default();
    ctx.page(
        status,
        "pages/challenge_news_form",
        &heading,
        json!({"challenge": challenge, "news_form": form, "heading": heading, "error_list": error_list}),
    )
}

/// GET /challenges/{slug}/news/{id}/edit: the staff's edit form.
pub async fn edit_form(ctx: &PageCtx, req: HttpRequest) -> AppResult<HttpResponse> {
    let page = NewsPage::locate(&req, &FormData::default())?;
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&page.back())) };
    if !rules::may_post(actor.role) {
        return Err(AppError::forbidden(crate::error::ErrorCode::ProductTeamOnly, "Only the staff edit news."));
    }
    let post = news::get(&ctx.state.db, Some(actor), page.id.clone()).await?;
    let action = format!("/challenges/{}/news/{}/edit", encode(&page.slug), post.id);
    let form = form_json(action, &post.title, &post.body, json!({}), true);
    form_page(ctx, &page.slug, form, StatusCode::OK).await
}

/// POST /challenges/{slug}/news: the staff post news.
pub async fn create(
    SignedForm { ctx, actor, form, page, .. }: &SignedForm<ChallengePage, NewsBox>,
) -> AppResult<HttpResponse> {
    let (title, body) = (form.text("title"), form.text("body"));
    let input = CreateNews { title: title.clone(), body: body.clone(), published_at: None };
    match news::create(&ctx.state.db, actor, page.slug.clone(), input).await {
        Ok(post) => {
            ctx.flash("flash-news-posted");
            Ok(ctx.redirect(&format!("/challenges/{}#news-{}", encode(&page.slug), post.id)))
        }
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Update, &errors);
            let action = format!("/challenges/{}/news", encode(&page.slug));
            form_page(
                ctx,
                &page.slug,
                form_json(action, &title, &body, errors, false),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

/// POST /challenges/{slug}/news/{id}/edit: the staff change a post.
pub async fn update(SignedForm { ctx, actor, form, page, .. }: &SignedForm<NewsPage>) -> AppResult<HttpResponse> {
    let (title, body) = (form.text("title"), form.text("body"));
    let input = UpdateNews { title: Some(title.clone()), body: Some(body.clone()), published_at: None };
    match news::update(&ctx.state.db, actor, page.id.clone(), input).await {
        Ok(post) => {
            ctx.flash("flash-news-saved");
            Ok(ctx.redirect(&format!("/challenges/{}#news-{}", encode(&page.slug), post.id)))
        }
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Update, &errors);
            let action = format!("/challenges/{}/news/{}/edit", encode(&page.slug), page.id);
            form_page(ctx, &page.slug, form_json(action, &title, &body, errors, true), StatusCode::UNPROCESSABLE_ENTITY)
                .await
        }
        Err(e) => Err(e),
    }
}

/// POST /challenges/{slug}/news/{id}/delete: the staff delete a post.
pub async fn delete(SignedForm { ctx, actor, page, .. }: &SignedForm<NewsPage>) -> AppResult<HttpResponse> {
    news::delete(&ctx.state.db, actor, page.id.clone()).await?;
    ctx.flash("flash-news-deleted");
    Ok(ctx.redirect(&format!("/challenges/{}#news", encode(&page.slug))))
}

/// The news box's data for the challenge page: the posts (newest first; scheduled ones for the staff),
/// the staff's empty form.
pub async fn news_box(ctx: &PageCtx, slug: &str) -> AppResult<Value> {
    let query = news::NewsQuery { limit: Some("20".into()), cursor: None };
    let page = news::list(&ctx.state.db, ctx.actor.as_ref(), slug.to_string(), query).await?;
    let staff = ctx.actor.as_ref().is_some_and(|a| rules::may_post(a.role));
    let items: Vec<Value> = page
        .items
        .iter()
        .map(|n| {
            let mut v = json!(n);
            if let Some(o) = v.as_object_mut() {
                o.insert("edit_url".into(), json!(format!("/challenges/{}/news/{}/edit", encode(slug), n.id)));
                o.insert("delete_url".into(), json!(format!("/challenges/{}/news/{}/delete", encode(slug), n.id)));
            }
            v
        })
        .collect();
    let form = staff.then(|| form_json(format!("/challenges/{}/news", encode(slug)), "", "", json!({}), false));
    Ok(json!({"items": items, "staff": staff, "form": form}))
}

/// The `<link rel="alternate">`s and visible feed links of a page: (title, API path) pairs, in the page's
/// language.
pub fn feed_links(ctx: &PageCtx, feeds: &[(String, String)]) -> Value {
    let lang = ctx.lang.code();
    json!(feeds
        .iter()
        .map(|(title, path)| json!({"title": title, "href": format!("{path}?lang={lang}")}))
        .collect::<Vec<_>>())
}

//! Community tips: the list (newest or most helpful, by tag or product), a
//! tip's page with its helpful button, the write and edit forms, and the
//! posts for marking helpful, reporting and deleting. All through
//! `tips::service` (and `moderation::service` for reports), as the API does.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

use super::extract::{path_params, Edit, FormPage, IdParam, NewTip, Part, SignedForm};
use super::forms::{self, FormKind};
use super::pictures;
use super::session::{encode, opt, query_string, FormData, PageCtx};
use crate::accounts::Actor;
use crate::images::rules::Subject;

use crate::error::ErrorCode;
use crate::error::{AppError, AppResult};
use crate::ids::TipId;
use crate::markdown::plain_text;
use crate::moderation::service::{self as moderation, ReportInput};
use crate::products::service::{self as products, ProductQuery};
use crate::tips::rules as tip_rules;
use crate::tips::service::{self as tips, CreateTip, TipQuery, TipView, UpdateTip};

/// Tips per page of the list.
const PAGE_SIZE: &str = "20";
const SORTS: [&str; 2] = ["new", "helpful"];
/// How long a tip's excerpt in a list is, in characters.
const EXCERPT_CHARS: usize = 180;
/// Products the form offers to choose from (by name).
const PRODUCT_CHOICES: &str = "100";

/// The first `max` characters of a text, cut at a word, with an ellipsis.
fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([' ', ',', '.', ';', ':']))
}

/// Tip cards for lists: the tip and a plain-text excerpt of it.
pub(super) fn tip_cards(items: &[TipView]) -> Vec<Value> {
    items
        .iter()
        .map(|t| {
            let mut v = json!(t);
            if let Some(obj) = v.as_object_mut() {
                obj.insert("excerpt".into(), json!(excerpt(&plain_text(&t.body), EXCERPT_CHARS)));
            }
            v
        })
        .collect()
}

/// The tip page a form is on: the tip's canonical id, from the path.
pub struct TipPage {
    pub id: TipId,
}

impl FormPage for TipPage {
    fn locate(req: &HttpRequest, _: &FormData) -> AppResult<Self> {
        let IdParam { id } = path_params(req, "Tip")?;
        Ok(TipPage { id: TipId::parse(&id).ok_or_else(|| AppError::not_found("Tip"))? })
    }

    fn back(&self) -> String {
        format!("/tips/{}", self.id)
    }
}

/// The helpful box on a tip's page.
pub struct Helpful;

impl Part for Helpful {
    const SUFFIX: &'static str = "#helpful";
}

fn tag_of(raw: &Option<String>) -> Option<String> {
    raw.as_deref().map(|t| t.trim().trim_start_matches('#').to_lowercase()).filter(|t| !t.is_empty())
}

fn tags_from(text: &str) -> Vec<String> {
    text.split(',').map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect()
}

// ---------------------------------------------------------------------------
// The list

#[derive(Deserialize)]
pub struct ListQuery {
    sort: Option<String>,
    tag: Option<String>,
    /// A product's slug (or id).
    product: Option<String>,
    cursor: Option<String>,
}

/// GET /tips
pub async fn list(ctx: &PageCtx, query: web::Query<ListQuery>) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let db = &ctx.state.db;
    let viewer = ctx.actor.as_ref();
    let sort = q.sort.as_deref().map(str::trim).filter(|s| SORTS.contains(s)).unwrap_or("new").to_string();
    let tag = tag_of(&q.tag);
    let product = match q.product.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(key) => Some(products::get(db, viewer, key.to_string()).await?),
        None => None,
    };
    let page = tips::list(
        db,
        viewer,
        TipQuery {
            sort: Some(sort.clone()),
            product: product.as_ref().map(|p| p.id.to_string()),
            tag: tag.clone(),
            author: None,
            limit: Some(PAGE_SIZE.into()),
            cursor: q.cursor.clone(),
        },
    )
    .await?;
    let url = |tag: Option<&String>, product: Option<&String>, sort: &str| {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(t) = tag {
            pairs.push(("tag", t.clone()));
        }
        if let Some(p) = product {
            pairs.push(("product", p.clone()));
        }
        if sort != "new" {
            pairs.push(("sort", sort.to_string()));
        }
        if pairs.is_empty() {
            "/tips".to_string()
        } else {
            format!("/tips?{}", query_string(&pairs))
        }
    };
    let slug = product.as_ref().map(|p| p.slug.clone());
    let base = url(tag.as_ref(), slug.as_ref(), &sort);
    let join = if base.contains('?') { '&' } else { '?' };
    let next_url = page.next_cursor.as_deref().map(|c| format!("{base}{join}cursor={}", encode(c)));
    let first_url = q.cursor.as_ref().map(|_| base.clone());
    let sorts: Vec<Value> = SORTS
        .iter()
        .map(|s| json!({"key": s, "url": url(tag.as_ref(), slug.as_ref(), s), "current": *s == sort}))
        .collect();
    let mut filters = Vec::new();
    if let Some(t) = &tag {
        filters.push(json!({"kind": "tag", "label": format!("#{t}"), "remove": url(None, slug.as_ref(), &sort)}));
    }
    if let Some(p) = &product {
        filters.push(json!({"kind": "product", "label": p.name, "link": format!("/products/{}", p.slug),
                            "remove": url(tag.as_ref(), None, &sort)}));
    }
    let new_url = match &slug {
        Some(s) => format!("/tips/new?product={}", encode(s)),
        None => "/tips/new".to_string(),
    };
    ctx.page(
        StatusCode::OK,
        "pages/tips",
        &ctx.lang.t("tips-title"),
        json!({
            "tips": tip_cards(&page.items),
            "sorts": sorts,
            "filters": filters,
            "filtered": tag.is_some() || product.is_some(),
            "next_url": next_url,
            "first_url": first_url,
            "new_url": new_url,
        }),
    )
}

// ---------------------------------------------------------------------------
// A tip's page

/// GET /tips/{id}
pub async fn show(ctx: &PageCtx, id: web::Path<String>) -> AppResult<HttpResponse> {
    let id = TipId::parse(&id).ok_or_else(|| AppError::not_found("Tip"))?;
    render_tip(ctx, id, Value::Null, StatusCode::OK).await
}

/// The tip page; `report` carries a report form that failed validation.
async fn render_tip(ctx: &PageCtx, id: TipId, report: Value, status: StatusCode) -> AppResult<HttpResponse> {
    let viewer = ctx.actor.as_ref();
    let tip = tips::get(&ctx.state.db, viewer, id).await?;
    let own = viewer.is_some_and(|a| a.handle == tip.author.handle);
    let active = viewer.is_some_and(|a| !a.suspended);
    let here = format!("/tips/{}", tip.id);
    let title = tip.title.clone();
    ctx.page(
        status,
        "pages/tip",
        &title,
        json!({
            "tip": tip,
            "own": own,
            "signed_in": viewer.is_some(),
            "can_mark": active && !own && !tip.hidden,
            "marked": tip.found_helpful == Some(true),
            "can_report": active && !own,
            "report_form": report,
            "login_url": format!("/login?next={}", encode(&here)),
            "limits": {"reason_min": forms::REASON_MIN, "reason_max": forms::REASON_MAX},
            "here": here,
        }),
    )
}

/// POST /tips/{id}/helpful: `on` (1 marks, 0 takes the mark back).
pub async fn helpful(
    SignedForm { ctx, actor, form, page, .. }: &SignedForm<TipPage, Helpful>,
) -> AppResult<HttpResponse> {
    let id = page.id.clone();
    let back = format!("/tips/{id}#helpful");
    let on = form.get("on") != Some("0");
    match tips::helpful(&ctx.state.db, actor, id, on).await {
        Ok(_) => ctx.flash(if on { "flash-tip-helpful" } else { "flash-tip-unhelpful" }),
        Err(e @ (AppError::Forbidden { .. } | AppError::Conflict { .. })) => ctx.flash_refusal(&e),
        Err(e) => return Err(e),
    }
    Ok(ctx.redirect(&back))
}

/// POST /tips/{id}/report: `reason`.
pub async fn report(SignedForm { ctx, actor, form, page, .. }: &SignedForm<TipPage>) -> AppResult<HttpResponse> {
    let id = page.id.clone();
    let here = format!("/tips/{id}");
    let reason = form.text("reason");
    let input = ReportInput { target_type: "tip".into(), target_id: id.to_string(), reason: reason.clone() };
    match moderation::report(&ctx.state.db, actor, ctx.state.config.report_threshold, input).await {
        // Hidden by this report: the reporter no longer sees the tip.
        Ok(r) if r.hidden && !actor.role.can_moderate() => {
            ctx.flash("flash-reported-tip-hidden");
            Ok(ctx.redirect("/tips"))
        }
        Ok(r) => {
            ctx.flash(if r.new { "flash-reported" } else { "flash-reported-again" });
            Ok(ctx.redirect(&format!("{here}#report")))
        }
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Reason, &errors);
            let message = errors.get("reason").cloned().unwrap_or_else(|| json!(ctx.lang.t("err-invalid")));
            let sent = json!({"reason": reason, "error": message});
            render_tip(ctx, id, sent, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e @ AppError::Forbidden { .. }) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&format!("{here}#report")))
        }
        Err(e) => Err(e),
    }
}

/// POST /tips/{id}/delete (its author; moderators too).
pub async fn delete(SignedForm { ctx, actor, page, .. }: &SignedForm<TipPage>) -> AppResult<HttpResponse> {
    let id = page.id.clone();
    tips::delete(&ctx.state.db, actor, id).await?;
    ctx.flash("flash-tip-deleted");
    Ok(ctx.redirect("/tips"))
}

// ---------------------------------------------------------------------------
// Writing and editing

/// The tip form, new (`editing` None) or for a tip, with the values sent so
/// far and the errors at their fields.
async fn render_form(
    ctx: &PageCtx,
    editing: Option<&TipView>,
    values: Value,
    errors: Value,
    pictures: Value,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let db = &ctx.state.db;
    let list = products::list(
        db,
        ProductQuery { sort: Some("name".into()), limit: Some(PRODUCT_CHOICES.into()), ..ProductQuery::default() },
    )
    .await?;
    let chosen = values["product"].as_str().unwrap_or("").trim().to_string();
    let mut options: Vec<Value> = list
        .items
        .iter()
        .map(|p| {
            json!({"slug": p.slug, "name": p.name, "brand": p.brand,
                        "selected": p.slug == chosen || p.id == chosen})
        })
        .collect();
    // A chosen product beyond the first page of names is offered too.
    if !chosen.is_empty() && !options.iter().any(|o| o["selected"] == json!(true)) {
        if let Ok(p) = products::get(db, ctx.actor.as_ref(), chosen.clone()).await {
            options.insert(0, json!({"slug": p.slug, "name": p.name, "brand": p.brand, "selected": true}));
        }
    }
    let error_list: Vec<Value> = errors
        .as_object()
        .map(|m| m.iter().map(|(field, message)| json!({"field": field, "message": message})).collect())
        .unwrap_or_default();
    let (title, action, cancel) = match editing {
        Some(t) => (ctx.lang.t("tip-edit-title"), format!("/tips/{}/edit", t.id), format!("/tips/{}", t.id)),
        None => (ctx.lang.t("tip-new-title"), "/tips/new".to_string(), "/tips".to_string()),
    };
    use crate::ideas::rules::TAGS_MAX;
    ctx.page(
        status,
        "pages/tip_form",
        &title,
        json!({
            "heading": title, "action": action, "cancel": cancel, "editing": editing.is_some(),
            "values": values, "errors": errors, "error_list": error_list, "products": options,
            "limits": {"title_min": tip_rules::TITLE_MIN, "title_max": tip_rules::TITLE_MAX,
                       "body_max": tip_rules::BODY_MAX, "tags_max": TAGS_MAX},
            "here": action, "pictures": pictures,
        }),
    )
}

/// A tip form's pictures part, for pictures chosen so far.
async fn picture_part(
    ctx: &PageCtx,
    actor: &Actor,
    ids: &[String],
    errors: &[crate::error::FieldError],
) -> AppResult<Value> {
    let shown = pictures::shown(ctx, actor, ids).await?;
    Ok(pictures::part(ctx.lang, Subject::Tip, &shown, pictures::error_message(ctx.lang, FormKind::Tip, errors)))
}

fn form_values(form: &FormData) -> Value {
    json!({"title": form.text("title"), "body": form.text("body"), "tags": form.text("tags"),
           "product": form.text("product")})
}

#[derive(Deserialize)]
pub struct NewQuery {
    product: Option<String>,
}

/// GET /tips/new (`?product=<slug>` preselects the product).
pub async fn new_form(ctx: &PageCtx, query: web::Query<NewQuery>) -> AppResult<HttpResponse> {
    if ctx.actor.is_none() {
        return Ok(ctx.to_login(&ctx.here));
    }
    let values = json!({"product": query.into_inner().product.unwrap_or_default()});
    let none = pictures::part(ctx.lang, Subject::Tip, &[], None);
    render_form(ctx, None, values, json!({}), none, StatusCode::OK).await
}

/// POST /tips/new
pub async fn create(SignedForm { ctx, actor, form, .. }: &SignedForm<NewTip>) -> AppResult<HttpResponse> {
    let chosen = pictures::collect(ctx, actor, form).await?;
    if !chosen.errors.is_empty() {
        let part = picture_part(ctx, actor, &chosen.ids, &chosen.errors).await?;
        let errors = json!({"images": part["error"].clone()});
        return render_form(ctx, None, form_values(form), errors, part, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let input = CreateTip {
        title: form.text("title"),
        body: form.text("body"),
        tags: tags_from(&form.text("tags")),
        product: opt(form, "product"),
        images: chosen.ids.clone(),
    };
    match tips::create(&ctx.state.db, actor, input).await {
        Ok(t) => {
            ctx.flash("flash-tip-published");
            Ok(ctx.redirect(&format!("/tips/{}", t.id)))
        }
        Err(AppError::Validation(errors)) => {
            let part = picture_part(ctx, actor, &chosen.ids, &errors).await?;
            let errors = forms::errors_json(ctx.lang, FormKind::Tip, &errors);
            render_form(ctx, None, form_values(form), errors, part, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e @ AppError::Forbidden { .. }) => {
            let part = picture_part(ctx, actor, &chosen.ids, &[]).await?;
            let errors = json!({"title": ctx.lang.t(&e.code().locale_key())});
            render_form(ctx, None, form_values(form), errors, part, StatusCode::FORBIDDEN).await
        }
        Err(e) => Err(e),
    }
}

/// GET /tips/{id}/edit (its author; moderators too).
pub async fn edit_form(ctx: &PageCtx, id: web::Path<String>) -> AppResult<HttpResponse> {
    let id = TipId::parse(&id).ok_or_else(|| AppError::not_found("Tip"))?;
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&ctx.here)) };
    let tip = tips::get(&ctx.state.db, Some(actor), id).await?;
    // Whether the viewer may edit is the domain's answer, carried on the view.
    if !tip.editable {
        return Err(AppError::forbidden(ErrorCode::NotAuthor, "Only the author edits a tip."));
    }
    let values = json!({"title": tip.title, "body": tip.body, "tags": tip.tags.join(", "),
                        "product": tip.product.as_ref().map(|p| p.slug.clone()).unwrap_or_default()});
    let part = pictures::part(ctx.lang, Subject::Tip, &tip.images, None);
    render_form(ctx, Some(&tip), values, json!({}), part, StatusCode::OK).await
}

/// POST /tips/{id}/edit
pub async fn update(SignedForm { ctx, actor, form, page, .. }: &SignedForm<TipPage, Edit>) -> AppResult<HttpResponse> {
    let id = page.id.clone();
    let chosen = pictures::collect(ctx, actor, form).await?;
    if !chosen.errors.is_empty() {
        let tip = tips::get(&ctx.state.db, Some(actor), id).await?;
        let part = picture_part(ctx, actor, &chosen.ids, &chosen.errors).await?;
        let errors = json!({"images": part["error"].clone()});
        return render_form(ctx, Some(&tip), form_values(form), errors, part, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let input = UpdateTip {
        title: Some(form.text("title")),
        body: Some(form.text("body")),
        tags: Some(tags_from(&form.text("tags"))),
        // Empty: the tip is about no product any more.
        product: Some(form.text("product").trim().to_string()),
        images: Some(chosen.ids.clone()),
    };
    match tips::update(&ctx.state.db, actor, id.clone(), input).await {
        Ok(t) => {
            ctx.flash("flash-tip-saved");
            Ok(ctx.redirect(&format!("/tips/{}", t.id)))
        }
        Err(AppError::Validation(errors)) => {
            let tip = tips::get(&ctx.state.db, Some(actor), id).await?;
            let part = picture_part(ctx, actor, &chosen.ids, &errors).await?;
            let errors = forms::errors_json(ctx.lang, FormKind::Tip, &errors);
            render_form(ctx, Some(&tip), form_values(form), errors, part, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::extract::{sign_in_return, Whole};

    #[test]
    fn forms_come_back_to_the_tip() {
        let id = [("id", " 0190F000-0000-7000-8000-000000000002 ")];
        let tip = "/tips/0190f000-0000-7000-8000-000000000002";
        assert_eq!(sign_in_return::<TipPage, Whole>(&id, "").ok(), Some(tip.to_string()));
        assert_eq!(sign_in_return::<TipPage, Helpful>(&id, "").ok(), Some(format!("{tip}#helpful")));
        assert_eq!(sign_in_return::<TipPage, Edit>(&id, "").ok(), Some(format!("{tip}/edit")));
        assert!(matches!(sign_in_return::<TipPage, Whole>(&[("id", "7")], ""), Err(AppError::NotFound(_))));
    }

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("Kurz.", 20), "Kurz.");
        let long = "Sauerteig braucht Zeit, Wärme und Geduld, dann wird das Brot luftig";
        let e = excerpt(long, 30);
        assert!(e.ends_with('…') && e.chars().count() <= 31, "{e}");
        assert!(long.starts_with(e.trim_end_matches('…')), "{e}");
        assert_eq!(tags_from(" brot, ,Sauerteig "), vec!["brot", "Sauerteig"]);
        assert_eq!(tag_of(&Some(" #Brot ".into())).as_deref(), Some("brot"));
    }
}

//! The submit form (`/ideas/new`) and its post.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse, ResponseError};
use serde::Deserialize;
use serde_json::{json, Value};

use super::IdeaPage;
use crate::accounts::Actor;
use crate::challenges::service::{self as challenges, ChallengeQuery};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::ideas::rules::IdeaStatus;
use crate::ideas::service::{self as ideas, CreateIdea, UpdateIdea};
use crate::ids::IdeaId;
use crate::images::rules::Subject;
use crate::pages::extract::{Edit, NewIdea, SignedForm};
use crate::pages::forms::{self, FormKind};
use crate::pages::pictures;
use crate::pages::session::{FormData, PageCtx};

#[derive(Deserialize)]
pub struct NewQuery {
    challenge: Option<String>,
}

/// GET /ideas/new (`?challenge=<slug>` preselects the challenge).
pub async fn new_form(ctx: &PageCtx, query: web::Query<NewQuery>) -> AppResult<HttpResponse> {
    if ctx.actor.is_none() {
        return Ok(ctx.to_login(&ctx.here));
    }
    let values = json!({"challenge": query.into_inner().challenge.unwrap_or_default()});
    render_form(ctx, values, Value::Object(Default::default()), StatusCode::OK).await
}

/// The submit form, with the values sent so far and the errors at their fields.
async fn render_form(ctx: &PageCtx, values: Value, errors: Value, status: StatusCode) -> AppResult<HttpResponse> {
    render_with_pictures(ctx, values, errors, Vec::new(), None, status).await
}

async fn render_with_pictures(
    ctx: &PageCtx,
    values: Value,
    errors: Value,
    pictures: Vec<crate::images::service::ImageView>,
    picture_error: Option<String>,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    render_idea_form(ctx, None, values, errors, pictures, picture_error, status).await
}

/// The idea form: new (`editing` None, with the challenge to choose) or the author's edit of an idea.
async fn render_idea_form(
    ctx: &PageCtx,
    editing: Option<&IdeaId>,
    values: Value,
    errors: Value,
    pictures: Vec<crate::images::service::ImageView>,
    picture_error: Option<String>,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let open = challenges::list(
        &ctx.state.db,
        ChallengeQuery { state: Some("open".into()), limit: Some("100".into()), cursor: None },
    )
    .await?;
    let chosen = values["challenge"].as_str().unwrap_or("").to_string();
    let options: Vec<Value> =
        open.items.iter().map(|c| json!({"slug": c.slug, "title": c.title, "selected": c.slug == chosen})).collect();
    let error_list: Vec<Value> = errors
        .as_object()
        .map(|m| m.iter().map(|(field, message)| json!({"field": field, "message": message})).collect())
        .unwrap_or_default();
    use crate::ideas::rules::{SUMMARY_MAX, TAGS_MAX, TITLE_MAX, TITLE_MIN};
    let limits =
        json!({"title_min": TITLE_MIN, "title_max": TITLE_MAX, "summary_max": SUMMARY_MAX, "tags_max": TAGS_MAX});
    let (title, action, cancel) = match editing {
        Some(id) => (ctx.lang.t("edit-idea-title"), format!("/ideas/{id}/edit"), format!("/ideas/{id}")),
        None => (ctx.lang.t("new-idea-title"), "/ideas/new".to_string(), "/".to_string()),
    };
    ctx.page(
        status,
        "pages/idea_new",
        &title,
        json!({"values": values, "errors": errors, "error_list": error_list, "challenges": options,
               "pictures": pictures::part(ctx.lang, Subject::Idea, &pictures, picture_error),
               "editing": editing.is_some(), "heading": title, "action": action, "cancel": cancel,
               "limits": limits, "here": action,
               "statuses": IdeaStatus::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>()}),
    )
}

fn idea_input(form: &FormData, images: Vec<String>) -> CreateIdea {
    CreateIdea {
        challenge_id: form.get("challenge").map(str::trim).filter(|c| !c.is_empty()).map(String::from),
        title: form.text("title"),
        summary: form.text("summary"),
        body: form.text("body"),
        tags: form.text("tags").split(',').map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect(),
        images,
    }
}

/// POST /ideas/new
pub async fn create(SignedForm { ctx, actor, form, .. }: &SignedForm<NewIdea>) -> AppResult<HttpResponse> {
    let values = json!({
        "challenge": form.text("challenge"),
        "title": form.text("title"),
        "summary": form.text("summary"),
        "body": form.text("body"),
        "tags": form.text("tags"),
    });
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let chosen = pictures::collect(ctx, actor, form).await?;
    if !chosen.errors.is_empty() {
        // An upload was refused: the form again, with the pictures that did arrive.
        let shown = pictures::shown(ctx, actor, &chosen.ids).await?;
        let message = pictures::error_message(ctx.lang, FormKind::Idea, &chosen.errors);
        let errors = json!({"images": message.clone().unwrap_or_default()});
        return render_with_pictures(ctx, values, errors, shown, message, unprocessable).await;
    }
    match ideas::create(&ctx.state.db, actor, idea_input(form, chosen.ids.clone())).await {
        Ok(idea) => {
            // A pre-moderated challenge holds the idea until a moderator publishes it.
            ctx.flash(if idea.status == IdeaStatus::Pending { "flash-idea-pending" } else { "flash-idea-submitted" });
            Ok(ctx.redirect(&format!("/ideas/{}", idea.id)))
        }
        Err(AppError::Validation(errors)) => {
            let shown = pictures::shown(ctx, actor, &chosen.ids).await?;
            let message = pictures::error_message(ctx.lang, FormKind::Idea, &errors);
            let errors = forms::errors_json(ctx.lang, FormKind::Idea, &errors);
            render_with_pictures(ctx, values, errors, shown, message, unprocessable).await
        }
        // Refused: the chosen challenge has closed (or not opened) meanwhile, or the member may not submit.
        Err(e @ (AppError::Conflict { .. } | AppError::Forbidden { .. })) => {
            let field = match e.code() {
                ErrorCode::ChallengeClosed | ErrorCode::ChallengeNotOpen => "challenge",
                _ => "title",
            };
            let errors = json!({ field: ctx.lang.t(&e.code().locale_key()) });
            let shown = pictures::shown(ctx, actor, &chosen.ids).await?;
            render_with_pictures(ctx, values, errors, shown, None, e.status_code()).await
        }
        Err(e) => Err(e),
    }
}

/// GET /ideas/{id}/edit: the author's form while the idea may still change (and moderators').
pub async fn edit_form(ctx: &PageCtx, id: web::Path<String>) -> AppResult<HttpResponse> {
    let id = IdeaId::parse(&id).ok_or_else(|| AppError::not_found("Idea"))?;
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&ctx.here)) };
    let idea = ideas::get(&ctx.state.db, Some(actor), id.clone()).await?;
    may_edit(actor, &idea)?;
    let values = json!({"title": idea.title, "summary": idea.summary, "body": idea.body, "tags": idea.tags.join(", ")});
    let shown = idea.images.clone().unwrap_or_default();
    render_idea_form(ctx, Some(&id), values, json!({}), shown, None, StatusCode::OK).await
}

/// Whether the actor may edit the idea now: its author while it is editable, or a moderator (the domain
/// decides again on saving).
fn may_edit(actor: &Actor, idea: &ideas::IdeaView) -> AppResult<()> {
    let author = idea.author.handle == actor.handle;
    if actor.role.can_moderate() || (author && idea.editable) {
        Ok(())
    } else if author {
        Err(AppError::conflict(ErrorCode::EditLocked, "This idea is locked for edits."))
    } else {
        Err(AppError::forbidden(ErrorCode::NotAuthor, "Only the author edits an idea."))
    }
}

/// POST /ideas/{id}/edit
pub async fn update(SignedForm { ctx, actor, form, page, .. }: &SignedForm<IdeaPage, Edit>) -> AppResult<HttpResponse> {
    let id = page.id.clone();
    let values = json!({
        "title": form.text("title"),
        "summary": form.text("summary"),
        "body": form.text("body"),
        "tags": form.text("tags"),
    });
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let chosen = pictures::collect(ctx, actor, form).await?;
    if !chosen.errors.is_empty() {
        let shown = pictures::shown(ctx, actor, &chosen.ids).await?;
        let message = pictures::error_message(ctx.lang, FormKind::Idea, &chosen.errors);
        let errors = json!({"images": message.clone().unwrap_or_default()});
        return render_idea_form(ctx, Some(&id), values, errors, shown, message, unprocessable).await;
    }
    let input = UpdateIdea {
        title: Some(form.text("title")),
        summary: Some(form.text("summary")),
        body: Some(form.text("body")),
        tags: Some(form.text("tags").split(',').map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect()),
        images: Some(chosen.ids.clone()),
    };
    match ideas::update(&ctx.state.db, actor, id.clone(), input).await {
        Ok(idea) => {
            ctx.flash("flash-idea-saved");
            Ok(ctx.redirect(&format!("/ideas/{}", idea.id)))
        }
        Err(AppError::Validation(errors)) => {
            let shown = pictures::shown(ctx, actor, &chosen.ids).await?;
            let message = pictures::error_message(ctx.lang, FormKind::Idea, &errors);
            let errors = forms::errors_json(ctx.lang, FormKind::Idea, &errors);
            render_idea_form(ctx, Some(&id), values, errors, shown, message, unprocessable).await
        }
        Err(e) => Err(e),
    }
}

//! The comment form's post: a comment or a reply.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde_json::json;

use super::{canonical, render_idea};
use crate::comments::service::{self as comments, CreateComment};
use crate::error::{AppError, AppResult};
use crate::pages::forms::{self, FormKind};
use crate::pages::session::PageCtx;

pub async fn comment(ctx: PageCtx, id: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let result = post_comment(&ctx, id.into_inner(), &body).await;
    ctx.finish(result)
}

async fn post_comment(ctx: &PageCtx, id: String, body: &[u8]) -> AppResult<HttpResponse> {
    let form = ctx.verify_form(body)?;
    let id = canonical(&id)?;
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&format!("/ideas/{id}"))) };
    let parent_id = form.get("parent_id").map(str::trim).filter(|p| !p.is_empty()).map(String::from);
    let text = form.text("body");
    let input = CreateComment { body: text.clone(), parent_id: parent_id.clone() };
    match comments::create(&ctx.state.db, actor, id.clone(), input).await {
        Ok(c) => Ok(ctx.redirect(&format!("/ideas/{id}#comment-{}", c.id))),
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Comment, &errors);
            let message = errors.get("body").or_else(|| errors.get("parent_id")).cloned();
            let form = json!({"parent_id": parent_id, "body": text, "error": message});
            render_idea(ctx, id, None, json!({"comment": form}), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e @ (AppError::Conflict { .. } | AppError::Forbidden { .. })) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&format!("/ideas/{id}#comments")))
        }
        Err(e) => Err(e),
    }
}

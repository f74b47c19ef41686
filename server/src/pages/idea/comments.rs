//! The comment form's post: a comment or a reply.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use serde_json::json;

use super::{render_idea, IdeaPage};
use crate::comments::service::{self as comments, CreateComment};
use crate::error::{AppError, AppResult};
use crate::pages::extract::SignedForm;
use crate::pages::forms::{self, FormKind};

/// POST /ideas/{id}/comments: `body`, optional `parent_id` (a reply).
pub async fn comment(SignedForm { ctx, actor, form, page, .. }: &SignedForm<IdeaPage>) -> AppResult<HttpResponse> {
    let id = page.id.clone();
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

//! The author's creator update: its form's post.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use serde_json::json;

use super::{render_idea, IdeaPage};
use crate::error::{AppError, AppResult};
use crate::pages::extract::SignedForm;
use crate::pages::forms::{self, FormKind};
use crate::tracker::service::{self as tracker, CreateUpdate};

/// POST /ideas/{id}/updates: `title`, `body` (the author).
pub async fn post_update(SignedForm { ctx, actor, form, page, .. }: &SignedForm<IdeaPage>) -> AppResult<HttpResponse> {
    let id = page.id.clone();
    let here = format!("/ideas/{id}");
    let input = CreateUpdate { title: form.text("title"), body: form.text("body") };
    let mut sent = json!({"title": input.title, "body": input.body});
    match tracker::post_update(&ctx.state.db, actor, id.clone(), input).await {
        Ok(u) => {
            ctx.flash("flash-update-posted");
            Ok(ctx.redirect(&format!("{here}#update-{}", u.id)))
        }
        Err(AppError::Validation(errors)) => {
            sent["errors"] = forms::errors_json(ctx.lang, FormKind::Update, &errors);
            render_idea(ctx, id, None, json!({"update": sent}), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e @ AppError::Forbidden { .. }) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&format!("{here}#updates")))
        }
        Err(e) => Err(e),
    }
}

//! Reporting the idea or a comment on its page.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use serde_json::json;

use super::{first_message, render_idea, IdeaPage};
use crate::error::{AppError, AppResult};
use crate::ids::CommentId;
use crate::moderation::service::{self as moderation, ReportInput};
use crate::pages::extract::SignedForm;
use crate::pages::forms::{self, FormKind};

/// POST /ideas/{id}/report: `target_type` (idea or comment), `target_id`, `reason`.
pub async fn report(SignedForm { ctx, actor, form, page, .. }: &SignedForm<IdeaPage>) -> AppResult<HttpResponse> {
    let id = page.id.clone();
    let here = format!("/ideas/{id}");
    let target_type = form.text("target_type");
    let target_id = form.text("target_id");
    let reason = form.text("reason");
    let comment = CommentId::parse(&target_id).filter(|_| target_type == "comment");
    let back = match comment {
        Some(c) => format!("{here}#comment-{c}"),
        None => format!("{here}#report"),
    };
    let input = ReportInput { target_type: target_type.clone(), target_id: target_id.clone(), reason: reason.clone() };
    match moderation::report(&ctx.state.db, actor, ctx.state.config.report_threshold, input).await {
        // Hidden by this report: the reporter no longer sees the idea.
        Ok(r) if r.hidden && r.target_type == "idea" && !actor.role.can_moderate() => {
            ctx.flash("flash-reported-hidden");
            Ok(ctx.redirect("/"))
        }
        Ok(r) => {
            ctx.flash(if r.new { "flash-reported" } else { "flash-reported-again" });
            Ok(ctx.redirect(&back))
        }
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Reason, &errors);
            let sent = json!({"target_type": target_type, "target_id": target_id, "reason": reason,
                              "error": first_message(&errors, "reason")});
            render_idea(ctx, id, None, json!({"report": sent}), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e @ AppError::Forbidden { .. }) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&back))
        }
        Err(e) => Err(e),
    }
}

//! Suspected vote rings for moderators (docs/TRUST.md): the cases and the
//! held ideas at /moderation/rings, one case at /moderation/rings/{id} with its
//! accounts, pushed ideas, signals, graph and what voiding changes; voiding,
//! clearing, restoring and releasing go through `trust::service`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde_json::json;

use super::extract::{ModerationRings, SignedForm};
use super::forms;
use super::session::PageCtx;
use crate::error::{AppError, AppResult};
use crate::trust::service::{self as trust, DecisionInput};

/// GET /moderation/rings (moderators and admins; others get 403).
pub async fn list(ctx: &PageCtx) -> AppResult<HttpResponse> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login("/moderation/rings")) };
    let cases = trust::list(&ctx.state.db, actor, None).await?;
    let holds = trust::holds(&ctx.state.db, actor).await?;
    let cases: Vec<_> = cases
        .iter()
        .map(|c| {
            let accounts = c.signals.iter().find(|s| s.name == "accounts").map_or(0.0, |s| s.value);
            json!({"id": c.id, "status": c.status, "score": c.score, "accounts": accounts, "created_at": c.created_at,
                   "open": c.status == "open"})
        })
        .collect();
    ctx.page(
        StatusCode::OK,
        "pages/rings",
        &ctx.lang.t("rings-title"),
        json!({"cases": cases, "holds": holds, "reason_max": forms::REASON_MAX}),
    )
}

/// GET /moderation/rings/{id}
pub async fn show(ctx: &PageCtx, id: web::Path<String>) -> AppResult<HttpResponse> {
    let here = format!("/moderation/rings/{id}");
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&here)) };
    let case = trust::get(&ctx.state.db, actor, id.into_inner()).await?;
    let title = ctx.lang.t("ring-title");
    let open = case.summary.status == "open";
    let voided = case.summary.status == "voided";
    ctx.page(
        StatusCode::OK,
        "pages/ring",
        &title,
        json!({"account_count": case.accounts.len(), "case": case, "open": open, "voided": voided,
               "reason_max": forms::REASON_MAX}),
    )
}

/// POST /moderation/rings: `action` (void, clear, restore, release), `case_id` or `idea_id`, `reason`.
pub async fn act(SignedForm { ctx, actor, form, .. }: &SignedForm<ModerationRings>) -> AppResult<HttpResponse> {
    let db = &ctx.state.db;
    let action = form.text("action");
    let case_id = form.text("case_id");
    let input = DecisionInput { reason: form.text("reason") };
    let back =
        if case_id.is_empty() { "/moderation/rings".to_string() } else { format!("/moderation/rings/{case_id}") };
    let result = match action.as_str() {
        "void" => trust::void(db, actor, case_id.clone(), input).await.map(|_| "flash-ring-void"),
        "clear" => trust::clear(db, actor, case_id.clone(), input).await.map(|_| "flash-ring-clear"),
        "restore" => trust::restore(db, actor, case_id.clone(), input).await.map(|_| "flash-ring-restore"),
        "release" => trust::release(db, actor, form.text("idea_id"), input).await.map(|_| "flash-ring-release"),
        _ => Err(AppError::not_found("Action")),
    };
    match result {
        Ok(key) => {
            ctx.flash(key);
            Ok(ctx.redirect(&back))
        }
        Err(AppError::Validation(_)) => {
            ctx.flash("flash-ring-reason");
            Ok(ctx.redirect(&back))
        }
        Err(e @ AppError::Conflict { .. }) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&back))
        }
        Err(e) => Err(e),
    }
}

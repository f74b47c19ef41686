//! The moderation queue: pending ideas and reported items, oldest first, each
//! with the buttons a moderator needs. Publishing and rejecting are moves on
//! the tracker (`tracker::service::transition`); hiding, restoring,
//! dismissing and suspending are moderation actions (`moderation::service::act`).

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use serde_json::{json, Value};

use super::extract::{ModerationQueue, SignedForm};
use super::forms::{self, FormKind};
use super::session::PageCtx;
use crate::error::{AppError, AppResult};
use crate::ideas::rules::IdeaStatus;
use crate::ids::IdeaId;
use crate::moderation::service::{self as moderation, ActionInput};
use crate::tracker::service::{self as tracker, TransitionInput};

/// GET /moderation (moderators and admins; others get 403).
pub async fn queue(ctx: &PageCtx) -> AppResult<HttpResponse> {
    render(ctx, Value::Null, StatusCode::OK).await
}

/// The queue; `sent` carries an item's form that failed validation.
async fn render(ctx: &PageCtx, sent: Value, status: StatusCode) -> AppResult<HttpResponse> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login("/moderation")) };
    let items = moderation::queue(&ctx.state.db, actor).await?;
    let items: Vec<Value> = items
        .iter()
        .map(|i| {
            let form =
                if sent["target_id"].as_str() == Some(i.target_id.as_str()) { sent.clone() } else { Value::Null };
            let mut v = json!(i);
            if let Some(obj) = v.as_object_mut() {
                obj.insert("pending".into(), json!(i.kind == "pending_idea"));
                // Comments and reviews are shown as quotes with a link to them in context;
                // ideas and tips by their title, which is the link.
                obj.insert("quote".into(), json!(matches!(i.target_type.as_str(), "comment" | "review")));
                obj.insert("form".into(), form);
                // Moderators do not suspend themselves.
                obj.insert("own".into(), json!(i.author == actor.handle));
            }
            v
        })
        .collect();
    ctx.page(
        status,
        "pages/moderation",
        &ctx.lang.t("moderation-title"),
        json!({"items": items, "count": items.len(), "reason_max": forms::REASON_MAX, "here": "/moderation"}),
    )
}

/// POST /moderation: `action` (publish, reject, hide, restore,
/// dismiss_reports, suspend), `target_type`, `target_id`, `author` (for
/// suspend) and `reason` (the reason, or for publish the public note).
pub async fn act(SignedForm { ctx, actor, form, .. }: &SignedForm<ModerationQueue>) -> AppResult<HttpResponse> {
    let db = &ctx.state.db;
    let action = form.text("action");
    let target_type = form.text("target_type");
    let target_id = form.text("target_id");
    let reason = form.text("reason");
    let result = match action.as_str() {
        "publish" | "reject" => {
            let publish = action == "publish";
            let input = TransitionInput {
                to: if publish { IdeaStatus::GatheringSupport } else { IdeaStatus::Rejected }.as_str().into(),
                note: if publish { reason.clone() } else { String::new() },
                reason: if publish { None } else { Some(reason.clone()) },
                product: None,
                override_evaluations: false,
            };
            match IdeaId::parse(&target_id) {
                Some(id) => tracker::transition(db, actor, id, input).await.map(|_| ()),
                None => Err(AppError::not_found("Idea")),
            }
        }
        "suspend" => {
            let input = ActionInput {
                action: action.clone(),
                target_type: "user".into(),
                target_id: form.text("author"),
                reason: reason.clone(),
            };
            moderation::act(db, actor, input).await.map(|_| ())
        }
        _ => {
            let input = ActionInput {
                action: action.clone(),
                target_type: target_type.clone(),
                target_id: target_id.clone(),
                reason: reason.clone(),
            };
            moderation::act(db, actor, input).await.map(|_| ())
        }
    };
    match result {
        Ok(()) => {
            let key = match action.as_str() {
                "publish" => "flash-mod-publish",
                "reject" => "flash-mod-reject",
                "hide" => "flash-mod-hide",
                "restore" => "flash-mod-restore",
                "dismiss_reports" => "flash-mod-dismiss",
                _ => "flash-mod-suspend",
            };
            ctx.flash(key);
            Ok(ctx.redirect("/moderation"))
        }
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Reason, &errors);
            let message = errors
                .get("reason")
                .or_else(|| errors.get("note"))
                .cloned()
                .unwrap_or_else(|| json!(ctx.lang.t("err-invalid")));
            let sent = json!({"target_id": target_id, "reason": reason, "error": message});
            render(ctx, sent, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        // Another moderator was quicker, or the item is gone: the queue shows what is left.
        Err(AppError::NotFound(_)) => {
            ctx.flash("flash-err-queue");
            Ok(ctx.redirect("/moderation"))
        }
        Err(e @ AppError::Conflict { .. }) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect("/moderation"))
        }
        Err(e @ AppError::Forbidden { .. }) if actor.role.can_moderate() => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect("/moderation"))
        }
        Err(e) => Err(e),
    }
}

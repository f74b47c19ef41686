//! The audit log for moderators and admins (`audit::service::list`, as `GET /api/v1/audit`): a GET form of
//! filters (actor, action, subject, time range), the entries newest first with a link to each subject, paged.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde_json::{json, Value};

use super::forms::{self, FormKind};
use super::session::{encode, PageCtx};
use crate::audit::service::{self as audit, AuditQuery};
use crate::error::{AppError, AppResult};

/// The actions entries are written with, offered as suggestions in the action field.
const ACTIONS: &[&str] = &[
    "moderation.hide",
    "moderation.restore",
    "moderation.dismiss_reports",
    "moderation.suspend",
    "moderation.unsuspend",
    "moderation.remove_supports",
    "idea.transition",
    "tip.delete",
    "product.update",
    "product.alert_resolved",
    "raffle.create",
    "raffle.draw",
    "export.ideas",
    "data_export",
    "account_erasure",
    "account.role_change",
];

/// The subject types offered in the select.
const SUBJECTS: &[&str] = &["idea", "comment", "review", "tip", "image", "user", "product", "challenge"];

/// GET /moderation/audit: `?actor=&action=&subject_type=&subject_id=&from=&to=&cursor=` (moderators and admins;
/// others 403, signed out → sign-in). Filters the domain refuses answer the page with the messages at the fields
/// (422), never the error page.
pub async fn log(ctx: &PageCtx, query: web::Query<AuditQuery>) -> AppResult<HttpResponse> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&ctx.here)) };
    let mut query = query.into_inner();
    query.limit = Some("50".into());
    let filters = json!({
        "actor": query.actor, "action": query.action, "subject_type": query.subject_type,
        "subject_id": query.subject_id, "from": query.from, "to": query.to,
    });
    let cursor = query.cursor.clone();
    let (page, errors, status) = match audit::list(&ctx.state.db, actor, query.clone()).await {
        Ok(p) => (Some(p), Value::Null, StatusCode::OK),
        Err(AppError::Validation(errors)) => {
            (None, forms::errors_json(ctx.lang, FormKind::Reason, &errors), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => return Err(e),
    };
    let (items, next) = match page {
        Some(p) => (p.items, p.next_cursor),
        None => (Vec::new(), None),
    };
    // The filters stay in the pager's links.
    let mut base: Vec<(&str, String)> = Vec::new();
    for (k, v) in [
        ("actor", &query.actor),
        ("action", &query.action),
        ("subject_type", &query.subject_type),
        ("subject_id", &query.subject_id),
        ("from", &query.from),
        ("to", &query.to),
    ] {
        if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            base.push((k, v.to_string()));
        }
    }
    let link = |cursor: Option<&str>| {
        let mut parts: Vec<String> = base.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
        if let Some(c) = cursor {
            parts.push(format!("cursor={}", encode(c)));
        }
        if parts.is_empty() {
            "/moderation/audit".to_string()
        } else {
            format!("/moderation/audit?{}", parts.join("&"))
        }
    };
    let next_link = next.as_deref().map(|c| link(Some(c)));
    let first_link = cursor.is_some().then(|| link(None));
    let subjects: Vec<Value> =
        SUBJECTS.iter().map(|s| json!({"value": s, "selected": query.subject_type.as_deref() == Some(*s)})).collect();
    let count = items.len();
    ctx.page(
        status,
        "pages/audit",
        &ctx.lang.t("audit-title"),
        json!({
            "entries": items, "count": count, "filters": filters, "errors": errors, "actions": ACTIONS,
            "subjects": subjects, "next": next_link, "first": first_link, "filtered": !base.is_empty(),
        }),
    )
}

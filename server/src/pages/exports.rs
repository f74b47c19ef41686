//! The product team's export page: choose the filters and the format, then
//! download — the same `exports::service::download` the API sends.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use serde_json::{json, Value};

use super::forms::{self, FormKind};
use super::session::PageCtx;
use crate::challenges::service::{self as challenges, ChallengeQuery};
use crate::error::ErrorCode;
use crate::error::{AppError, AppResult};
use crate::exports::service::{self as exports, ExportQuery};
use crate::http::download::{attachment, base_url};
use crate::ideas::rules::IdeaStatus;

/// The form's query: the checked states (one `status` each) joined with commas.
fn export_query(raw: &str) -> ExportQuery {
    let mut q = ExportQuery::default();
    let mut states: Vec<String> = Vec::new();
    for (k, v) in url::form_urlencoded::parse(raw.as_bytes()) {
        let v = Some(v.into_owned()).filter(|v| !v.trim().is_empty());
        match k.as_ref() {
            "challenge" => q.challenge = v,
            "status" => states.extend(v),
            "tag" => q.tag = v,
            "min_supports" => q.min_supports = v,
            "since" => q.since = v,
            "sort" => q.sort = v,
            "limit" => q.limit = v,
            "format" => q.format = v,
            _ => {}
        }
    }
    q.status = Some(states.join(",")).filter(|s| !s.is_empty());
    q
}

/// GET /exports: the form (product team and admins; others 403).
pub async fn form(ctx: &PageCtx, req: HttpRequest) -> AppResult<HttpResponse> {
    render(ctx, &export_query(req.query_string()), Value::Null, StatusCode::OK).await
}

/// GET /exports/download?…: the file, or the form again with the messages.
pub async fn download(ctx: &PageCtx, req: HttpRequest) -> AppResult<HttpResponse> {
    let query = export_query(req.query_string());
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login("/exports")) };
    match exports::download(&ctx.state.db, actor, query.clone(), base_url(&ctx.state, &req)).await {
        Ok(file) => Ok(attachment(file)),
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Export, &errors);
            render(ctx, &query, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e),
    }
}

async fn render(ctx: &PageCtx, q: &ExportQuery, errors: Value, status: StatusCode) -> AppResult<HttpResponse> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login("/exports")) };
    if !actor.role.can_manage_challenges() {
        return Err(AppError::forbidden(ErrorCode::ProductTeamOnly, "Exports are for the product team and admins."));
    }
    let list = challenges::list(&ctx.state.db, ChallengeQuery { state: None, limit: Some("100".into()), cursor: None })
        .await?;
    let chosen = q.challenge.clone().unwrap_or_default();
    let challenge_options: Vec<Value> =
        list.items.iter().map(|c| json!({"slug": c.slug, "title": c.title, "selected": c.slug == chosen})).collect();
    let picked: Vec<String> = q.status.as_deref().unwrap_or("").split(',').map(|s| s.trim().to_string()).collect();
    let statuses: Vec<Value> = IdeaStatus::ALL
        .iter()
        .filter(|s| !matches!(s, IdeaStatus::Pending | IdeaStatus::Rejected))
        .map(|s| json!({"value": s.as_str(), "checked": picked.iter().any(|p| p == s.as_str())}))
        .collect();
    let opt = |name: &str, values: &[&str], current: Option<&str>| -> Vec<Value> {
        let current = current.unwrap_or(values[0]);
        values.iter().map(|v| json!({"value": v, "label": format!("{name}-{v}"), "checked": *v == current})).collect()
    };
    ctx.page(
        status,
        "pages/exports",
        &ctx.lang.t("export-title"),
        json!({
            "challenges": challenge_options,
            "statuses": statuses,
            "sorts": opt("export-sort", &["top", "trending", "new"], q.sort.as_deref()),
            "formats": opt("export-format", &["csv", "xlsx", "json", "ndjson"], q.format.as_deref()),
            "values": {"tag": q.tag, "min_supports": q.min_supports, "since": q.since, "limit": q.limit},
            "errors": errors,
            "here": "/exports",
        }),
    )
}

//! The public roadmap: ideas from review to the shelf, by state.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use serde_json::{json, Value};

use super::session::PageCtx;
use crate::error::AppResult;
use crate::tracker::service as tracker;

/// GET /roadmap: ideas from review to the shelf, by state.
pub async fn roadmap(ctx: &PageCtx) -> AppResult<HttpResponse> {
    let columns = tracker::roadmap(&ctx.state.db, ctx.actor.as_ref()).await?;
    let columns: Vec<Value> = columns
        .iter()
        .map(|c| json!({"status": c.status.as_str(), "ideas": c.ideas, "count": c.ideas.len()}))
        .collect();
    ctx.page(StatusCode::OK, "pages/roadmap", &ctx.lang.t("roadmap-title"), json!({"columns": columns}))
}

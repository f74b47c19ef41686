//! The audit log for admins.

use actix_web::{get, web, HttpResponse};
use serde::Deserialize;

use super::{list as list_rows, AuditView};
use crate::error::ErrorCode;
use crate::error::{AppError, AppResult, Problem};
use crate::http::auth::CurrentUser;
use crate::http::State;
use crate::pagination::{decode_cursor, finish_page, parse_limit, Page};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct AuditQuery {
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

/// Moderator and product-team actions, newest first (admins only).
#[utoipa::path(tag = "moderation", operation_id = "audit", params(AuditQuery), security(("bearer" = [])),
    responses((status = 200, body = Page<AuditView>), (status = 403, description = "`admins_only`", body = Problem)))]
#[get("/audit")]
pub async fn list(state: State, user: CurrentUser, query: web::Query<AuditQuery>) -> AppResult<HttpResponse> {
    if user.0.role != crate::accounts::Role::Admin {
        return Err(AppError::forbidden(ErrorCode::AdminsOnly, "Only admins read the audit log."));
    }
    let limit = parse_limit(query.limit.as_deref())?;
    let before = decode_cursor::<String>(query.cursor.as_deref())?;
    let page = state
        .db
        .run(move |conn| {
            let rows = list_rows(conn, before, limit)?;
            let (rows, next_cursor) = finish_page(rows, limit, |r| r.id.clone());
            Ok(Page { items: rows.iter().map(AuditView::from_row).collect(), next_cursor })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

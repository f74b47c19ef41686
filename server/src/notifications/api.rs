//! JSON door onto notifications.

use actix_web::{get, post, web, HttpResponse};

use super::service::{self, MarkRead, NotificationPage, NotificationQuery};
use crate::error::AppResult;
use crate::http::auth::CurrentUser;
use crate::http::json::ApiJson;
use crate::http::State;

/// Your notifications, newest first, with the unread count.
#[utoipa::path(tag = "notifications", params(NotificationQuery),
    security(("bearer" = [])), responses((status = 200, body = NotificationPage)))]
#[get("/notifications")]
pub async fn list(state: State, user: CurrentUser, query: web::Query<NotificationQuery>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::list(&state.db, &user.0, query.into_inner()).await?))
}

/// Mark notifications read: `{ids: [...]}` or `{all: true}`.
#[utoipa::path(tag = "notifications", request_body = MarkRead,
    security(("bearer" = [])), responses((status = 200, description = "How many are still unread", body = Unread)))]
#[post("/notifications/read")]
pub async fn mark_read(state: State, user: CurrentUser, body: ApiJson<MarkRead>) -> AppResult<HttpResponse> {
    let unread = service::mark_read(&state.db, &user.0, body.0).await?;
    Ok(HttpResponse::Ok().json(Unread { unread }))
}

/// The answer to marking notifications read.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Unread {
    /// Notifications still unread.
    pub unread: i64,
}

//! JSON door onto notifications.

use std::collections::BTreeMap;

use actix_web::{get, post, put, web, HttpResponse};

use super::mail::{self, NotificationSettings};
use super::service::{self, MarkRead, NotificationPage, NotificationQuery};
use crate::error::{AppResult, Problem};
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

/// How you hear of each kind of notification: `off`, `in_app`, `email` (each at once), `daily` or `weekly`
/// (a digest).
#[utoipa::path(tag = "notifications", security(("bearer" = [])),
    responses((status = 200, body = NotificationSettings)))]
#[get("/me/notification-settings")]
pub async fn settings(state: State, user: CurrentUser) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(mail::get_settings(&state.db, user.0.id.clone()).await?))
}

/// Change how you hear of some kinds: `{"reply": "daily", "comment": "off"}`; the kinds not named stay.
#[utoipa::path(tag = "notifications", security(("bearer" = [])),
    request_body(content = BTreeMap<String, String>, description = "kind → channel"),
    responses((status = 200, body = NotificationSettings),
        (status = 422, description = "`validation`: a kind that does not exist (`unknown`) or a channel that does \
            not (`invalid`), named by the kind", body = Problem)))]
#[put("/me/notification-settings")]
pub async fn put_settings(
    state: State,
    user: CurrentUser,
    body: ApiJson<BTreeMap<String, String>>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(mail::put_settings(&state.db, user.0.id.clone(), body.0).await?))
}

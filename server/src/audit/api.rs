//! The audit log for moderators and admins.

use actix_web::{get, web, HttpResponse};

use super::service::{self, AuditQuery};
use super::AuditView;
use crate::error::{AppResult, Problem};
use crate::http::auth::CurrentUser;
use crate::http::State;
use crate::pagination::Page;

/// Moderator, product-team and admin actions, newest first, filtered by actor, action, subject and time
/// (moderators and admins). Each entry links to its subject's page (`url`) where there is one.
#[utoipa::path(tag = "moderation", operation_id = "audit", params(AuditQuery), security(("bearer" = [])),
    responses((status = 200, body = Page<AuditView>), (status = 403, description = "`moderators_only`", body = Problem),
        (status = 422, description = "`validation`: `from`, `to`, `limit` or `cursor`", body = Problem)))]
#[get("/audit")]
pub async fn list(state: State, user: CurrentUser, query: web::Query<AuditQuery>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::list(&state.db, &user.0, query.into_inner()).await?))
}

//! The HTTP edge: shared state, extractors (current user, JSON bodies with
//! field-precise errors), route assembly and the OpenAPI document.

pub mod auth;
pub mod json;
pub mod openapi;
pub mod pagination;

use actix_web::{web, HttpResponse};

use crate::accounts::token::TokenKeys;
use crate::config::Config;
use crate::db::Db;

/// What every handler can reach. Holds no per-instance state beyond caches,
/// so any number of instances can serve behind one load balancer.
pub struct AppState {
    pub db: Db,
    pub keys: TokenKeys,
    pub config: Config,
}

pub type State = web::Data<AppState>;

/// All API routes under /api/v1.
pub fn api_routes(cfg: &mut web::ServiceConfig) {
    use crate::{accounts, audit, challenges, comments, ideas, moderation, notifications, tracker};
    cfg.service(
        web::scope("/api/v1")
            .route("/auth/register", web::post().to(accounts::api::register))
            .route("/auth/login", web::post().to(accounts::api::login))
            .route("/me", web::get().to(accounts::api::me))
            .route("/users/{handle}", web::get().to(accounts::api::user))
            .route("/users/{handle}/role", web::patch().to(accounts::api::change_role))
            .route("/challenges", web::get().to(challenges::api::list))
            .route("/challenges", web::post().to(challenges::api::create))
            .route("/challenges/{id_or_slug}", web::get().to(challenges::api::get))
            .route("/challenges/{id_or_slug}", web::patch().to(challenges::api::update))
            .route("/ideas", web::get().to(ideas::api::list))
            .route("/ideas", web::post().to(ideas::api::create))
            .route("/ideas/similar", web::get().to(moderation::api::similar))
            .route("/ideas/{id}", web::get().to(ideas::api::get))
            .route("/ideas/{id}", web::patch().to(ideas::api::update))
            .route("/ideas/{id}/support", web::put().to(ideas::api::support))
            .route("/ideas/{id}/support", web::delete().to(ideas::api::withdraw))
            .route("/ideas/{id}/comments", web::get().to(comments::api::list))
            .route("/ideas/{id}/comments", web::post().to(comments::api::create))
            .route("/comments/{id}", web::patch().to(comments::api::update))
            .route("/ideas/{id}/transitions", web::post().to(tracker::api::transition))
            .route("/ideas/{id}/timeline", web::get().to(tracker::api::timeline))
            .route("/ideas/{id}/updates", web::get().to(tracker::api::updates))
            .route("/ideas/{id}/updates", web::post().to(tracker::api::post_update))
            .route("/ideas/{id}/merge", web::post().to(moderation::api::merge))
            .route("/ideas/{id}/merge", web::delete().to(moderation::api::unmerge))
            .route("/roadmap", web::get().to(tracker::api::roadmap))
            .route("/reports", web::post().to(moderation::api::report))
            .route("/moderation/queue", web::get().to(moderation::api::queue))
            .route("/moderation/actions", web::post().to(moderation::api::act))
            .route("/audit", web::get().to(audit::api::list))
            .route("/notifications", web::get().to(notifications::api::list))
            .route("/notifications/read", web::post().to(notifications::api::mark_read))
            .route("/openapi.json", web::get().to(openapi::document))
            .default_service(web::to(api_not_found)),
    );
}

async fn api_not_found() -> Result<HttpResponse, crate::error::AppError> {
    Err(crate::error::AppError::not_found("This API path"))
}

pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({"status": "ok"}))
}

/// Ready when the database answers.
pub async fn readyz(state: State) -> HttpResponse {
    let ok = state
        .db
        .run(|conn| {
            use diesel::connection::SimpleConnection;
            conn.batch_execute("SELECT 1").map_err(crate::error::AppError::from)
        })
        .await
        .is_ok();
    if ok {
        HttpResponse::Ok().json(serde_json::json!({"status": "ready", "database": "ok"}))
    } else {
        HttpResponse::ServiceUnavailable()
            .content_type("application/problem+json")
            .json(crate::error::AppError::Unavailable("The database does not answer.".into()).problem())
    }
}

//! The HTTP edge: shared state, extractors (current user, JSON bodies with
//! field-precise errors), route assembly and the OpenAPI document.

pub mod auth;
pub mod json;
pub mod limits;
pub mod openapi;

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
    pub search: std::sync::Arc<crate::search::Search>,
}

pub type State = web::Data<AppState>;

/// All API routes under /api/v1.
pub fn api_routes(cfg: &mut web::ServiceConfig) {
    use crate::{
        accounts, audit, challenges, comments, ideas, moderation, notifications, points, products, search, tips,
        tracker,
    };
    cfg.service(
        web::scope("/api/v1")
            .route("/auth/register", web::post().to(accounts::api::register))
            .route("/auth/login", web::post().to(accounts::api::login))
            .route("/me", web::get().to(accounts::api::me))
            .route("/users/{handle}", web::get().to(accounts::api::user))
            .route("/users/{handle}/role", web::patch().to(accounts::api::change_role))
            .route("/users/{handle}/points", web::get().to(points::api::points))
            .route("/users/{handle}/badges", web::get().to(points::api::member_badges))
            .route("/badges", web::get().to(points::api::badges))
            .route("/leaderboard", web::get().to(points::api::leaderboard))
            .route("/challenges", web::get().to(challenges::api::list))
            .route("/challenges", web::post().to(challenges::api::create))
            .route("/challenges/{id_or_slug}", web::get().to(challenges::api::get))
            .route("/challenges/{id_or_slug}", web::patch().to(challenges::api::update))
            .route("/challenges/{id_or_slug}/raffle", web::get().to(crate::raffles::api::get))
            .route("/challenges/{id_or_slug}/raffle", web::post().to(crate::raffles::api::create))
            .route("/challenges/{id_or_slug}/raffle/draw", web::post().to(crate::raffles::api::draw))
            .route("/exports/ideas", web::get().to(crate::exports::api::ideas))
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
            .route("/products", web::get().to(products::api::list))
            .route("/products", web::post().to(products::api::create))
            .route("/products/{id_or_slug}", web::get().to(products::api::get))
            .route("/products/{id_or_slug}", web::patch().to(products::api::update))
            .route("/products/{id_or_slug}/rating", web::put().to(products::api::rate))
            .route("/products/{id_or_slug}/rating", web::delete().to(products::api::unrate))
            .route("/products/{id_or_slug}/ratings", web::get().to(products::api::reviews))
            .route("/reviews/{id}/helpful", web::put().to(products::api::helpful))
            .route("/reviews/{id}/helpful", web::delete().to(products::api::unhelpful))
            .route("/product-alerts", web::get().to(products::api::alerts))
            .route("/product-alerts/{id}/resolve", web::post().to(products::api::resolve_alert))
            .route("/dashboard", web::get().to(crate::dashboard::api::get))
            .route("/tips", web::get().to(tips::api::list))
            .route("/tips", web::post().to(tips::api::create))
            .route("/tips/{id}", web::get().to(tips::api::get))
            .route("/tips/{id}", web::patch().to(tips::api::update))
            .route("/tips/{id}", web::delete().to(tips::api::delete))
            .route("/tips/{id}/helpful", web::put().to(tips::api::helpful))
            .route("/tips/{id}/helpful", web::delete().to(tips::api::unhelpful))
            .route("/search", web::get().to(search::api::site))
            .route("/search/tips", web::get().to(search::api::tips))
            .route("/search/ideas", web::get().to(search::api::ideas))
            .route("/search/products", web::get().to(search::api::products))
            .route("/search/reindex", web::post().to(search::api::reindex))
            .route("/search/status", web::get().to(search::api::status))
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
        HttpResponse::ServiceUnavailable().content_type("application/problem+json").json(
            crate::error::AppError::unavailable(crate::error::ErrorCode::Unavailable, "The database does not answer.")
                .problem(),
        )
    }
}

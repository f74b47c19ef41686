//! The HTTP edge: shared state, extractors (current user, JSON bodies with
//! field-precise errors), the API's route list (`routes`) and the OpenAPI
//! document.

pub mod access;
pub mod auth;
pub mod client;
pub mod contract;
pub mod download;
pub mod json;
pub mod limits;
pub mod openapi;
pub mod routes;
pub mod text;

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
    pub mailer: crate::mail::Mailer,
    /// The base of links in mail: `--public-url`, else where this instance listens.
    pub link_base: String,
    /// Unsubscribe links and the notification mail's links.
    pub mail_links: crate::notifications::mail::MailLinks,
    /// Where picture files are stored.
    pub media: crate::images::storage::Media,
    /// Keys the hashes of client addresses (write limits) and signs the registration form's time stamp
    /// (derived from the JWT secret, so every instance has the same).
    pub client_key: Vec<u8>,
    /// The key of the client marks' hashes (trust and safety).
    pub mark_key: crate::trust::rules::MarkKey,
    /// This application's metrics (its own registry; docs/OPERATIONS.md, "Metrics").
    pub metrics: crate::metrics::Metrics,
    /// The single sign-on providers (`IDEASHELF_OIDC_PROVIDERS`) and their discovered endpoints.
    pub oidc: crate::accounts::oidc::Providers,
}

pub type State = web::Data<AppState>;

/// The key of `AppState::client_key`: SHA-256 over a label and the JWT secret.
pub fn client_key(jwt_secret: &[u8]) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(b"ideashelf client key\0");
    h.update(jwt_secret);
    h.finalize().to_vec()
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

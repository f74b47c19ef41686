//! `GET /metrics`: the Prometheus text format. On the public port it answers only with the token
//! (`IDEASHELF_METRICS_TOKEN`, `Authorization: Bearer …`), and is not there at all (404) without one; on the
//! metrics address (`--metrics-bind`) it answers without a token unless one is set. Not part of the public API
//! (nor of its OpenAPI document), like `/healthz`.

use actix_web::{http::header, web, HttpRequest, HttpResponse};

use super::rules;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::http::State;

/// Where `/metrics` is served: the public port, or the operators' own address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Door {
    Public,
    Private,
}

/// The content type of the Prometheus text format 0.0.4.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

pub async fn metrics(state: State, door: web::Data<Door>, req: HttpRequest) -> AppResult<HttpResponse> {
    match (state.config.metrics_token.as_deref().filter(|t| !t.is_empty()), **door) {
        (None, Door::Public) => return Err(AppError::not_found("Resource")),
        (None, Door::Private) => {}
        (Some(token), _) => {
            let sent = req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
            if !rules::token_matches(token, sent) {
                return Err(AppError::unauthenticated(
                    ErrorCode::InvalidToken,
                    "The metrics token is missing or wrong.",
                ));
            }
        }
    }
    let text = state.metrics.scrape(&state.db).await?;
    Ok(HttpResponse::Ok().content_type(CONTENT_TYPE).insert_header((header::CACHE_CONTROL, "no-store")).body(text))
}

//! GET /media/{key}: an uploaded picture's file. Files never change (named by their hash), so everyone's copy
//! is cached for a year; a picture a moderator hid is served only to its owner and moderators, uncached.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::error::AppError;
use crate::http::auth::{actor_for_token, bearer, SESSION_COOKIE};
use crate::http::State;
use crate::images::service;

pub async fn serve(state: State, req: HttpRequest, key: web::Path<String>) -> HttpResponse {
    let key = key.into_inner();
    // Nearly every file is public: the session is looked at only when the anonymous answer is "not found".
    let mut opened = service::open(&state.db, &state.media, None, key.clone()).await;
    if matches!(opened, Err(AppError::NotFound(_))) {
        let cookie = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string()).filter(|t| !t.is_empty());
        let token = bearer(&req).or(cookie);
        if let Ok(Some(actor)) = actor_for_token(&state, token).await {
            opened = service::open(&state.db, &state.media, Some(&actor), key).await;
        }
    }
    match opened {
        Ok(file) => HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, file.content_type))
            .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
            .insert_header((
                header::CACHE_CONTROL,
                if file.public { "public, max-age=31536000, immutable" } else { "private, no-store" },
            ))
            .insert_header((header::CONTENT_SECURITY_POLICY, "default-src 'none'; sandbox"))
            .body(file.bytes),
        Err(AppError::NotFound(_)) => HttpResponse::NotFound()
            .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
            .content_type("text/plain; charset=utf-8")
            .body("Not found"),
        Err(e) => {
            tracing::warn!(error = %e, "serving a picture failed");
            HttpResponse::ServiceUnavailable().content_type("text/plain; charset=utf-8").body("Try again shortly")
        }
    }
}

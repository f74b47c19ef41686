//! Server-rendered pages (handlebars templates in web/): the second door onto
//! the same domain services the API uses.

use actix_web::{web, HttpResponse};

use crate::error::AppError;

pub fn routes(_cfg: &mut web::ServiceConfig) {}

/// Anything no route matched.
pub async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::not_found("Page"))
}

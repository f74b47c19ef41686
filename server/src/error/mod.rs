//! One error type for the whole application, mapped to HTTP in one place:
//! RFC 9457 `application/problem+json` for the API. Unexpected failures are
//! logged with their detail; the client sees only a plain 500.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

mod code;
pub use code::ErrorCode;

/// One offending field of a request.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct FieldError {
    /// The field's name as the client sent it (`title`, `tags[2]`, `cursor`).
    pub field: String,
    /// A stable machine-readable code (`too_short`, `required`, `taken`, ...).
    pub code: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        FieldError { field: field.into(), code: code.to_string(), message: message.into() }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    BadRequest(String),
    #[error("authentication required")]
    Unauthorized { code: ErrorCode, detail: String },
    #[error("{detail}")]
    Forbidden { code: ErrorCode, detail: String },
    #[error("{0} not found")]
    NotFound(String),
    #[error("{detail}")]
    Conflict { code: ErrorCode, detail: String, extra: Option<serde_json::Value> },
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("invalid fields")]
    Validation(Vec<FieldError>),
    /// 422 about the request as a whole (an upload that is not a picture), with its code.
    #[error("{detail}")]
    Unprocessable { code: ErrorCode, detail: String },
    #[error("service unavailable: {detail}")]
    Unavailable { code: ErrorCode, detail: String },
    /// 429; `retry_after` seconds go into the `Retry-After` header.
    #[error("too many requests")]
    TooManyRequests { retry_after: u64 },
    /// 405; the methods the path answers go into the `Allow` header.
    #[error("method not allowed")]
    MethodNotAllowed { allow: String },
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("request timeout")]
    RequestTimeout,
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn internal(detail: impl Into<String>) -> Self {
        AppError::Internal(detail.into())
    }
    /// 403 with the refusal's code.
    pub fn forbidden(code: ErrorCode, detail: impl Into<String>) -> Self {
        AppError::Forbidden { code, detail: detail.into() }
    }
    pub fn not_found(what: impl Into<String>) -> Self {
        AppError::NotFound(what.into())
    }
    /// 409 with the refusal's code.
    pub fn conflict(code: ErrorCode, detail: impl Into<String>) -> Self {
        AppError::Conflict { code, detail: detail.into(), extra: None }
    }
    /// 409 with further members in the problem body (e.g. `allowed` moves).
    pub fn conflict_with(code: ErrorCode, detail: impl Into<String>, extra: serde_json::Value) -> Self {
        AppError::Conflict { code, detail: detail.into(), extra: Some(extra) }
    }
    /// 422 with its code, for a refusal that is about no one field.
    pub fn unprocessable(code: ErrorCode, detail: impl Into<String>) -> Self {
        AppError::Unprocessable { code, detail: detail.into() }
    }
    /// 503 with its code.
    pub fn unavailable(code: ErrorCode, detail: impl Into<String>) -> Self {
        AppError::Unavailable { code, detail: detail.into() }
    }
    /// 401 with its code.
    pub fn unauthenticated(code: ErrorCode, detail: impl Into<String>) -> Self {
        AppError::Unauthorized { code, detail: detail.into() }
    }
    pub fn bad_request(detail: impl Into<String>) -> Self {
        AppError::BadRequest(detail.into())
    }
    pub fn unauthorized() -> Self {
        AppError::unauthenticated(ErrorCode::Unauthenticated, "Sign in to do this.")
    }
    pub fn field(field: &str, code: &str, message: impl Into<String>) -> Self {
        AppError::Validation(vec![FieldError::new(field, code, message)])
    }

    /// The machine-readable code, also in the problem body.
    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::BadRequest(_) => ErrorCode::BadRequest,
            AppError::Unauthorized { code, .. }
            | AppError::Forbidden { code, .. }
            | AppError::Conflict { code, .. }
            | AppError::Unprocessable { code, .. }
            | AppError::Unavailable { code, .. } => *code,
            AppError::NotFound(_) => ErrorCode::NotFound,
            AppError::PayloadTooLarge => ErrorCode::PayloadTooLarge,
            AppError::Validation(_) => ErrorCode::Validation,
            AppError::TooManyRequests { .. } => ErrorCode::RateLimited,
            AppError::MethodNotAllowed { .. } => ErrorCode::MethodNotAllowed,
            AppError::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            AppError::RequestTimeout => ErrorCode::RequestTimeout,
            AppError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The text a user may see (never internal detail).
    pub fn public_detail(&self) -> String {
        match self {
            AppError::BadRequest(d) => d.clone(),
            AppError::Unauthorized { detail, .. } | AppError::Forbidden { detail, .. } => detail.clone(),
            AppError::NotFound(what) => format!("{what} not found."),
            AppError::Conflict { detail, .. } | AppError::Unprocessable { detail, .. } => detail.clone(),
            AppError::PayloadTooLarge => "The request body is larger than this endpoint accepts.".into(),
            AppError::Validation(errors) => {
                let names: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
                format!("Some fields are invalid: {}.", names.join(", "))
            }
            AppError::Unavailable { detail, .. } => detail.clone(),
            AppError::TooManyRequests { retry_after } => {
                format!("Too many requests; try again in {retry_after} seconds.")
            }
            AppError::MethodNotAllowed { allow } => format!("This path answers only {allow}."),
            AppError::UnsupportedMediaType => "Send the body as JSON, with Content-Type: application/json.".into(),
            AppError::RequestTimeout => "The request body did not arrive in time.".into(),
            AppError::Internal(_) => "Something went wrong on our side. It has been logged.".into(),
        }
    }

    pub fn problem(&self) -> Problem {
        let status = self.status_code();
        let (errors, extra) = match self {
            AppError::Validation(errors) => (Some(errors.clone()), None),
            AppError::Conflict { extra, .. } => (None, extra.clone()),
            _ => (None, None),
        };
        Problem {
            problem_type: "about:blank".into(),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            detail: self.public_detail(),
            code: self.code().as_str().to_string(),
            errors,
            extra,
            request_id: crate::http::access::current_request_id(),
        }
    }
}

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Machine-readable error code.
    pub code: String,
    /// For 422: the offending fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldError>>,
    /// Further members for the specific problem (e.g. `allowed` moves).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub extra: Option<serde_json::Value>,
    /// The request's id, also in the `X-Request-Id` response header (quote it when reporting a problem).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            AppError::Forbidden { .. } => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Validation(_) | AppError::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::Internal(detail) = self {
            tracing::error!(%detail, "internal error");
        }
        let mut builder = HttpResponse::build(self.status_code());
        match self {
            AppError::Unauthorized { .. } => {
                builder.insert_header(("WWW-Authenticate", "Bearer"));
            }
            AppError::TooManyRequests { retry_after } => {
                builder.insert_header(("Retry-After", retry_after.to_string()));
            }
            AppError::MethodNotAllowed { allow } => {
                builder.insert_header(("Allow", allow.as_str()));
            }
            AppError::RequestTimeout => {
                builder.insert_header(("Connection", "close"));
            }
            _ => {}
        }
        builder.content_type("application/problem+json").json(self.problem())
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => AppError::NotFound("Resource".into()),
            other => AppError::Internal(format!("database: {other}")),
        }
    }
}

impl From<r2d2::Error> for AppError {
    fn from(e: r2d2::Error) -> Self {
        AppError::Internal(format!("database pool: {e}"))
    }
}

/// Collects field errors during validation; `finish` turns any into a 422.
#[derive(Default, Debug)]
pub struct Violations(Vec<FieldError>);

impl Violations {
    pub fn new() -> Self {
        Violations(Vec::new())
    }
    pub fn add(&mut self, field: &str, code: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, code, message));
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.0))
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;

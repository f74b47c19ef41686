//! `ApiJson<T>`: a JSON body extractor whose errors name the field.
//! Malformed JSON is a 400, a well-formed body with a wrong or missing field a
//! 422 naming it, a body over the limit a 413.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// Largest JSON body accepted (an idea body of 20,000 characters fits with room).
pub const JSON_LIMIT: usize = 256 * 1024;

pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = is_json(req);
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let bytes = bytes.await.map_err(|e| match e.as_error::<actix_web::error::PayloadError>() {
                Some(actix_web::error::PayloadError::Overflow) => AppError::PayloadTooLarge,
                Some(p) if super::text::timed_out(p) => AppError::RequestTimeout,
                _ if e.error_response().status() == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE => {
                    AppError::PayloadTooLarge
                }
                _ => AppError::bad_request("Could not read the request body."),
            })?;
            if !json && !bytes.iter().all(u8::is_ascii_whitespace) {
                return Err(AppError::UnsupportedMediaType);
            }
            parse(&bytes).map(ApiJson)
        })
    }
}

/// Whether the request says its body is JSON (`application/json` or a `+json` type).
pub fn is_json(req: &HttpRequest) -> bool {
    let Some(ct) = req.headers().get(actix_web::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// A JSON object into `T`: 400 when malformed, 422 naming each offending field (a wrong type, a missing
/// field, a control character in text).
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(AppError::bad_request("The request body is empty; send a JSON object."));
    }
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(AppError::field("body", "invalid", "The request body is a JSON object."));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(v) => match de.end() {
            Ok(()) => {
                // Text with NUL or other control characters never gets further (the same on both backends).
                let value: serde_json::Value =
                    serde_json::from_slice(bytes).map_err(|e| AppError::bad_request(format!("Malformed JSON: {e}")))?;
                super::text::check_json(&value)?;
                Ok(v)
            }
            Err(e) => Err(AppError::bad_request(format!("Malformed JSON: {e}"))),
        },
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            if inner.is_syntax() || inner.is_eof() || inner.is_io() {
                return Err(AppError::bad_request(format!("Malformed JSON: {inner}")));
            }
            let message = inner.to_string();
            // serde reports a missing field at its parent's path; name the field itself.
            let field = match message.strip_prefix("missing field `").and_then(|r| r.split('`').next()) {
                Some(missing) if path == "." => missing.to_string(),
                Some(missing) => format!("{path}.{missing}"),
                None if path == "." => "body".to_string(),
                None => path,
            };
            let code = if message.starts_with("missing field") { "required" } else { "invalid" };
            let message = message.split(" at line ").next().unwrap_or(&message).to_string();
            Err(AppError::field(&field, code, message))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct T {
        title: String,
        n: Option<i32>,
    }

    fn field_of(e: AppError) -> String {
        match e {
            AppError::Validation(v) => v[0].field.clone(),
            other => format!("not validation: {other:?}"),
        }
    }

    #[test]
    fn errors_name_fields() {
        assert!(parse::<T>(br#"{"title": "x"}"#).is_ok());
        assert!(matches!(parse::<T>(br#"{"title": "#), Err(AppError::BadRequest(_))));
        assert!(matches!(parse::<T>(br#"{"title": "x"} trailing"#), Err(AppError::BadRequest(_))));
        assert!(matches!(parse::<T>(b"  "), Err(AppError::BadRequest(_))));
        assert_eq!(field_of(parse::<T>(br#"{"n": 1}"#).unwrap_err()), "title");
        assert_eq!(field_of(parse::<T>(br#"{"title": 5}"#).unwrap_err()), "title");
        assert_eq!(field_of(parse::<T>(br#"{"title": "a", "n": "x"}"#).unwrap_err()), "n");
        assert_eq!(field_of(parse::<T>(br#"[1]"#).unwrap_err()), "body");
    }
}

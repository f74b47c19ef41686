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
/// field, a control character in text). Members `T` does not know are ignored, whatever they hold: they
/// are neither read nor checked. A number is a number: `3.0` is the integer 3, as JSON Schema reads it.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(AppError::bad_request("The request body is empty; send a JSON object."));
    }
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(AppError::field("body", "invalid", "The request body is a JSON object."));
    }
    let mut value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| AppError::bad_request(format!("Malformed JSON: {e}")))?;
    integral(&mut value);
    let mut ignored: Vec<Vec<Step>> = Vec::new();
    let mut note_ignored = |path: serde_ignored::Path| ignored.push(steps(&path));
    let parsed = serde_path_to_error::deserialize::<_, T>(serde_ignored::Deserializer::new(&value, &mut note_ignored));
    match parsed {
        Ok(v) => {
            // Text with NUL or other control characters never gets further (the same on both backends).
            for path in &ignored {
                remove(&mut value, path);
            }
            super::text::check_json(&value)?;
            Ok(v)
        }
        Err(err) => {
            let path = err.path().to_string();
            let message = err.into_inner().to_string();
            // serde reports a missing field at its parent's path; name the field itself.
            let field = match message.strip_prefix("missing field `").and_then(|r| r.split('`').next()) {
                Some(missing) if path == "." => missing.to_string(),
                Some(missing) => format!("{path}.{missing}"),
                None if path == "." => "body".to_string(),
                None => path,
            };
            let code = if message.starts_with("missing field") { "required" } else { "invalid" };
            Err(AppError::field(&field, code, message))
        }
    }
}

/// Numbers with no fraction become integers (`3.0` is 3), so that integer fields take them.
fn integral(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64() {
                // Exactly representable integers only (|f| < 2^53).
                if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
                    let i = f as i64;
                    *value = serde_json::Value::from(i);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(integral),
        serde_json::Value::Object(map) => map.values_mut().for_each(integral),
        _ => {}
    }
}

/// One step of a path into a JSON document.
#[derive(Debug, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// The keys and indexes of a path serde_ignored reports (options and newtypes add no step).
fn steps(path: &serde_ignored::Path) -> Vec<Step> {
    use serde_ignored::Path;
    let mut out = match path {
        Path::Root => return Vec::new(),
        Path::Seq { parent, .. }
        | Path::Map { parent, .. }
        | Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => steps(parent),
    };
    match path {
        Path::Seq { index, .. } => out.push(Step::Index(*index)),
        Path::Map { key, .. } => out.push(Step::Key(key.clone())),
        _ => {}
    }
    out
}

/// Takes the member at `path` out of `value` (nothing when it is not there).
fn remove(value: &mut serde_json::Value, path: &[Step]) {
    let Some((last, parents)) = path.split_last() else { return };
    let mut at = value;
    for step in parents {
        let next = match step {
            Step::Key(k) => at.get_mut(k.as_str()),
            Step::Index(i) => at.get_mut(*i),
        };
        let Some(next) = next else { return };
        at = next;
    }
    match (last, at) {
        (Step::Key(k), serde_json::Value::Object(map)) => {
            map.remove(k);
        }
        // An ignored array element stays (removing it would shift the others); it is replaced by null.
        (Step::Index(i), serde_json::Value::Array(items)) => {
            if let Some(item) = items.get_mut(*i) {
                *item = serde_json::Value::Null;
            }
        }
        _ => {}
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
        assert_eq!(parse::<T>(br#"{"title": "x", "n": 3.0}"#).unwrap().n, Some(3), "3.0 is an integer");
        assert_eq!(parse::<T>(br#"{"title": "x", "n": 3e1}"#).unwrap().n, Some(30));
        assert_eq!(field_of(parse::<T>(br#"{"title": "x", "n": 3.5}"#).unwrap_err()), "n");
    }

    /// Members the body type does not know are ignored, control characters and all; known ones are checked.
    #[test]
    fn unknown_members_are_ignored_unchecked() {
        let t = parse::<T>(br#"{"title": "x", "extra\u0001": {"deep": "\u0000"}, "more": ["\u0007"]}"#);
        assert_eq!(t.unwrap().title, "x");
        assert_eq!(field_of(parse::<T>(br#"{"title": "x\u0000", "extra": 1}"#).unwrap_err()), "title");
    }
}

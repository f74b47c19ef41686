//! Input hygiene at the edge, the same on both backends: text with NUL or another control character (tab,
//! line feed and carriage return excepted) is refused with a 422 naming the field, in JSON bodies, query
//! strings, paths and forms; titles, handles and names also refuse the bidi override and isolate characters
//! that make text display in another order than it is stored. And a request body must arrive in time.

use std::time::Duration;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::HttpMessage;

use actix_web::error::PayloadError;
use actix_web::middleware::Next;
use actix_web::web;
use futures_util::StreamExt;
use serde_json::Value;

use crate::error::{AppError, FieldError};
use crate::http::AppState;

/// Fields that are shown as a line of text (a title, a handle, a name): no bidi controls either.
pub const LINE_FIELDS: [&str; 8] = ["title", "handle", "display_name", "name", "login", "slug", "brand", "category"];

/// The first character that is not allowed in text sent to us, if any.
pub fn refused_char(s: &str, line: bool) -> Option<char> {
    s.chars().find(|&c| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            || (line && matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
    })
}

fn problem(field: &str, c: char) -> FieldError {
    FieldError::new(
        field,
        "invalid_character",
        format!("This text contains a character that is not allowed here (U+{:04X}).", u32::from(c)),
    )
}

/// The offending fields of a JSON document (`title`, `tags[2]`, `answers.size`).
pub fn check_json(value: &Value) -> Result<(), AppError> {
    let mut found = Vec::new();
    walk(value, String::new(), false, &mut found);
    if found.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(found))
    }
}

fn walk(value: &Value, path: String, line: bool, found: &mut Vec<FieldError>) {
    match value {
        Value::String(s) => {
            if let Some(c) = refused_char(s, line) {
                found.push(problem(if path.is_empty() { "body" } else { &path }, c));
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk(v, format!("{path}[{i}]"), line, found);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                let name = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                if let Some(c) = refused_char(k, true) {
                    found.push(problem(&name, c));
                    continue;
                }
                walk(v, name, LINE_FIELDS.contains(&k.as_str()), found);
            }
        }
        _ => {}
    }
}

/// The offending fields of url-encoded pairs (a query string or a form), by name.
pub fn check_pairs<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> Result<(), AppError> {
    let mut found = Vec::new();
    for (k, v) in pairs {
        if let Some(c) = refused_char(k, true).or_else(|| refused_char(v, LINE_FIELDS.contains(&k))) {
            found.push(problem(k, c));
        }
    }
    if found.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(found))
    }
}

/// The request's path and query string, decoded, checked.
fn check_target(req: &ServiceRequest) -> Result<(), AppError> {
    let path = percent_decode(req.path());
    if let Some(c) = refused_char(&path, true) {
        return Err(AppError::Validation(vec![problem("path", c)]));
    }
    let query: Vec<(String, String)> =
        url::form_urlencoded::parse(req.query_string().as_bytes()).into_owned().collect();
    check_pairs(query.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("p={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// Middleware: refuses control characters in the path and query, and bounds the time a request body may take
/// (the body stream fails with a timeout after `body_timeout_secs`, which the extractors answer with 408).
pub async fn guard<B: MessageBody + 'static>(
    mut req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    if let Err(e) = check_target(&req) {
        if req.path().starts_with("/api/") {
            return Ok(req.error_response(e).map_into_right_body());
        }
        let ctx = req.extract::<crate::pages::session::PageCtx>().await?;
        let page = ctx.finish(Err(e));
        return Ok(req.into_response(page).map_into_right_body());
    }
    let secs = req.app_data::<web::Data<AppState>>().map(|s| s.config.body_timeout_secs).unwrap_or(30);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs.max(1));
    let body = req.take_payload();
    let timed = futures_util::stream::unfold((body, false), move |(mut body, done)| async move {
        if done {
            return None;
        }
        match tokio::time::timeout_at(deadline, body.next()).await {
            Ok(Some(item)) => Some((item, (body, false))),
            Ok(None) => None,
            Err(_) => {
                let late = std::io::Error::new(std::io::ErrorKind::TimedOut, "the request body did not arrive in time");
                Some((Err(PayloadError::Io(late)), (body, true)))
            }
        }
    });
    // Fused: a reader may poll again after the end (actix-multipart does), which a bare unfold forbids.
    let boxed: std::pin::Pin<Box<dyn futures_util::Stream<Item = Result<web::Bytes, PayloadError>>>> =
        Box::pin(futures_util::StreamExt::fuse(timed));
    req.set_payload(Payload::from(boxed));
    next.call(req).await.map(ServiceResponse::map_into_left_body)
}

/// Whether an extractor's body error was the body timeout.
pub fn timed_out(e: &PayloadError) -> bool {
    matches!(e, PayloadError::Io(io) if io.kind() == std::io::ErrorKind::TimedOut)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn control_characters_are_refused_and_named() {
        assert_eq!(refused_char("Käse\tund\nBrot\r", false), None);
        assert_eq!(refused_char("a\u{0}b", false), Some('\u{0}'));
        assert_eq!(refused_char("a\u{7f}b", false), Some('\u{7f}'));
        assert_eq!(refused_char("a\u{202E}b", false), None, "bidi controls are fine in running text");
        assert_eq!(refused_char("a\u{202E}b", true), Some('\u{202E}'));
        let body = json!({"title": "ok", "summary": "x\u{0}", "tags": ["a", "b\u{1}"], "answers": {"size": "\u{b}"}});
        let Err(AppError::Validation(errors)) = check_json(&body) else { panic!("refused") };
        let mut fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        fields.sort_unstable();
        assert_eq!(fields, ["answers.size", "summary", "tags[1]"]);
        assert!(check_json(&json!({"title": "fine \u{2067}"})).is_err());
        assert!(check_json(&json!({"body": "fine \u{2067}"})).is_ok());
        assert!(check_pairs([("tag", "a\u{0}b")].into_iter()).is_err());
        assert_eq!(percent_decode("/users/a%00b"), "/users/a\u{0}b");
        assert_eq!(percent_decode("/a+b"), "/a+b");
    }
}

//! What operators see, as pure decisions: who may scrape `/metrics`, which incoming request ids are kept,
//! which requests the access log writes and at what level. No database, no clock, no I/O.

use sha2::{Digest, Sha256};

/// The latency buckets (seconds) of `ideashelf_http_request_duration_seconds`: from a cached read (1 ms) to a
/// large export (10 s).
pub const LATENCY_BUCKETS: &[f64] = &[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// The buckets (seconds) of `ideashelf_job_duration_seconds`: a job runs from milliseconds to a minute.
pub const JOB_BUCKETS: &[f64] = &[0.005, 0.025, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0];

/// The route label of a request that matched no route: one label for every unknown path (a scanner's
/// thousand paths are one series, not a thousand).
pub const UNMATCHED_ROUTE: &str = "unmatched";

/// Whether the `Authorization` header carries the metrics token. Both sides are hashed first, so the comparison
/// takes the same time whatever the length or the first differing byte of what was sent.
pub fn token_matches(expected: &str, authorization: Option<&str>) -> bool {
    let Some(presented) = authorization.and_then(bearer) else {
        return false;
    };
    let a = Sha256::digest(expected.as_bytes());
    let b = Sha256::digest(presented.as_bytes());
    a.iter().zip(b.iter()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The token of an `Authorization: Bearer <token>` header (the scheme is case-insensitive).
fn bearer(header: &str) -> Option<&str> {
    let (scheme, token) = header.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// The longest incoming `X-Request-Id` that is kept (a UUID is 36).
pub const MAX_REQUEST_ID: usize = 64;

/// Whether an incoming `X-Request-Id` is kept as the request's id: 1 to 64 visible ASCII characters (no spaces,
/// no control characters, nothing a log line or a header could be split by). Anything else gets a fresh id.
pub fn acceptable_request_id(value: &[u8]) -> bool {
    !value.is_empty() && value.len() <= MAX_REQUEST_ID && value.iter().all(|b| b.is_ascii_graphic())
}

/// Which requests the access log writes (`--access-log`, `IDEASHELF_ACCESS_LOG`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum AccessLog {
    /// Every request at INFO.
    All,
    /// 5xx answers at WARN; every other request only at DEBUG (off unless the log filter asks for
    /// `ideashelf::access=debug`).
    #[default]
    Errors,
    /// No access lines at all.
    Off,
}

impl AccessLog {
    pub fn parse(s: &str) -> Option<AccessLog> {
        match s.trim().to_ascii_lowercase().as_str() {
            "all" => Some(AccessLog::All),
            "errors" => Some(AccessLog::Errors),
            "off" => Some(AccessLog::Off),
            _ => None,
        }
    }

    /// The level an answer with this status is logged at, or None for no line.
    pub fn level(self, status: u16) -> Option<Level> {
        match self {
            AccessLog::Off => None,
            AccessLog::All if status >= 500 => Some(Level::Warn),
            AccessLog::All => Some(Level::Info),
            AccessLog::Errors if status >= 500 => Some(Level::Warn),
            AccessLog::Errors => Some(Level::Debug),
        }
    }
}

/// An access line's level (kept apart from `tracing::Level` so the rule stays plain data).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Debug,
    Info,
    Warn,
}

/// The log format (`--log-format`, `IDEASHELF_LOG_FORMAT`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line, the event's fields at the top level.
    Json,
}

impl LogFormat {
    pub fn parse(s: &str) -> Option<LogFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" => Some(LogFormat::Text),
            "json" => Some(LogFormat::Json),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_token_opens_the_metrics() {
        assert!(token_matches("s3cret-token", Some("Bearer s3cret-token")));
        assert!(token_matches("s3cret-token", Some("bearer s3cret-token")));
        assert!(!token_matches("s3cret-token", None));
        assert!(!token_matches("s3cret-token", Some("Bearer s3cret-toke")));
        assert!(!token_matches("s3cret-token", Some("Bearer s3cret-token2")));
        assert!(!token_matches("s3cret-token", Some("Basic s3cret-token")));
        assert!(!token_matches("s3cret-token", Some("s3cret-token")));
        assert!(!token_matches("s3cret-token", Some("Bearer ")));
    }

    #[test]
    fn request_ids_are_short_visible_ascii() {
        assert!(acceptable_request_id(b"0190f3a2-7c1e-7b11-9d4e-2f1a3b4c5d6e"));
        assert!(acceptable_request_id(b"lb-1234"));
        assert!(acceptable_request_id(&[b'a'; MAX_REQUEST_ID]));
        assert!(!acceptable_request_id(&[b'a'; MAX_REQUEST_ID + 1]));
        assert!(!acceptable_request_id(b""));
        assert!(!acceptable_request_id(b"has space"));
        assert!(!acceptable_request_id(b"line\nbreak"));
        assert!(!acceptable_request_id("grüezi".as_bytes()));
    }

    #[test]
    fn by_default_only_server_errors_reach_the_log() {
        assert_eq!(AccessLog::default(), AccessLog::Errors);
        assert_eq!(AccessLog::Errors.level(200), Some(Level::Debug));
        assert_eq!(AccessLog::Errors.level(404), Some(Level::Debug));
        assert_eq!(AccessLog::Errors.level(503), Some(Level::Warn));
        assert_eq!(AccessLog::All.level(200), Some(Level::Info));
        assert_eq!(AccessLog::All.level(500), Some(Level::Warn));
        assert_eq!(AccessLog::Off.level(500), None);
        assert_eq!(AccessLog::parse(" ALL "), Some(AccessLog::All));
        assert_eq!(AccessLog::parse("some"), None);
        assert_eq!(LogFormat::parse("json"), Some(LogFormat::Json));
        assert_eq!(LogFormat::parse("xml"), None);
    }
}

//! Cursor pagination: `?limit=&cursor=`, answered as `{items, next_cursor}`.
//! A cursor is the sort key of the last item seen (keyset pagination), so a
//! page never shifts when new rows arrive.

use base64::Engine;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::AppError;

pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// A whole list, not paged (`{items}`).
#[derive(Serialize, utoipa::ToSchema)]
pub struct Items<T> {
    pub items: Vec<T>,
}

pub fn parse_limit(raw: Option<&str>) -> Result<i64, AppError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(DEFAULT_LIMIT),
        Some(s) => match s.parse::<i64>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            _ => Err(AppError::field("limit", "range", format!("limit is a whole number from 1 to {MAX_LIMIT}."))),
        },
    }
}

pub fn encode_cursor<T: Serialize>(key: &T) -> String {
    let json = serde_json::to_vec(key).unwrap_or_default();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
}

pub fn decode_cursor<T: DeserializeOwned>(raw: Option<&str>) -> Result<Option<T>, AppError> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else { return Ok(None) };
    let invalid = || AppError::field("cursor", "invalid", "This cursor is not one this list handed out.");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(raw).map_err(|_| invalid())?;
    serde_json::from_slice(&bytes).map(Some).map_err(|_| invalid())
}

/// Splits a fetched `limit + 1` rows into the page and its next cursor.
pub fn finish_page<R, K: Serialize>(mut rows: Vec<R>, limit: i64, key: impl Fn(&R) -> K) -> (Vec<R>, Option<String>) {
    let limit = usize::try_from(limit).unwrap_or(0);
    let more = rows.len() > limit;
    rows.truncate(limit);
    let next = if more { rows.last().map(|r| encode_cursor(&key(r))) } else { None };
    (rows, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits() {
        assert_eq!(parse_limit(None).unwrap(), DEFAULT_LIMIT);
        assert_eq!(parse_limit(Some("5")).unwrap(), 5);
        assert!(parse_limit(Some("0")).is_err());
        assert!(parse_limit(Some("101")).is_err());
        assert!(parse_limit(Some("ten")).is_err());
    }

    #[test]
    fn cursors_round_trip() {
        let c = encode_cursor(&(3.25_f64, "abc"));
        let back: Option<(f64, String)> = decode_cursor(Some(&c)).unwrap();
        assert_eq!(back, Some((3.25, "abc".to_string())));
        assert!(decode_cursor::<(f64, String)>(Some("%%%")).is_err());
        // Trending keys are arbitrary doubles: every bit must survive, or a
        // page can start at the row it ended with (serde_json's float_roundtrip).
        let mut x = 10_362.123_456_789_f64;
        for _ in 0..10_000 {
            x = (x * 1.000_000_7).fract() + 10_000.0 + x.sin();
            let back: Option<f64> = decode_cursor(Some(&encode_cursor(&x))).unwrap();
            assert_eq!(back.map(f64::to_bits), Some(x.to_bits()), "{x}");
        }
        assert!(decode_cursor::<(f64, String)>(None).unwrap().is_none());
    }

    #[test]
    fn pages() {
        let (rows, next) = finish_page(vec![1, 2, 3], 2, |r| *r);
        assert_eq!(rows, vec![1, 2]);
        assert_eq!(next, Some(encode_cursor(&2)));
        let (rows, next) = finish_page(vec![1, 2], 2, |r| *r);
        assert_eq!(rows, vec![1, 2]);
        assert_eq!(next, None);
    }
}

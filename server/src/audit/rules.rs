//! Pure rules of the audit log: reading its filters.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// A time-range bound from a filter: a day (`2026-12-05`, the whole day in UTC) or an RFC 3339 instant. `end`
/// says whether it closes the range (a day then reaches to its end). Answers the exclusive upper or inclusive
/// lower bound, or None when the text is neither.
pub fn time_bound(raw: &str, end: bool) -> Option<NaiveDateTime> {
    let raw = raw.trim();
    if let Ok(day) = NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        let day = if end { day.succ_opt()? } else { day };
        return day.and_hms_opt(0, 0, 0);
    }
    let at = DateTime::parse_from_rfc3339(raw).ok()?.with_timezone(&Utc).naive_utc();
    // An instant as the end includes itself.
    Some(if end { at + chrono::Duration::microseconds(1) } else { at })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_instants() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap().and_hms_opt(0, 0, 0).unwrap();
        assert_eq!(time_bound("2026-12-05", false), Some(d("2026-12-05")));
        assert_eq!(time_bound("2026-12-05", true), Some(d("2026-12-06")), "a day as the end reaches to its end");
        let at = time_bound("2026-12-05T10:00:00+01:00", false).unwrap();
        assert_eq!(at, d("2026-12-05") + chrono::Duration::hours(9));
        assert!(time_bound("2026-12-05T09:00:00Z", true).unwrap() > at);
        assert_eq!(time_bound("yesterday", false), None);
        assert_eq!(time_bound("2026-13-01", false), None);
    }
}

//! Time in one shape for both backends: UTC, no zone, microsecond precision
//! (PostgreSQL keeps microseconds; SQLite would keep more and compare unequal).

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};

pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}

pub fn to_utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

pub fn from_utc(t: DateTime<Utc>) -> NaiveDateTime {
    t.naive_utc().trunc_subsecs(6)
}

/// The years a time sent to us may fall in; anything else (year 99999, year 1) is a typo or an attack.
pub const SENSIBLE_YEARS: std::ops::RangeInclusive<i32> = 2000..=2200;

/// Whether a time sent by a client lies in `SENSIBLE_YEARS`.
pub fn sensible(t: NaiveDateTime) -> bool {
    use chrono::Datelike;
    SENSIBLE_YEARS.contains(&t.year())
}

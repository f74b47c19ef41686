//! Pure challenge rules: phase from dates, vote modes, input checks.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::error::Violations;
use crate::tracker::rules::Tier;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Upcoming,
    Open,
    Closed,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Upcoming => "upcoming",
            Phase::Open => "open",
            Phase::Closed => "closed",
        }
    }
    pub fn parse(s: &str) -> Option<Phase> {
        [Phase::Upcoming, Phase::Open, Phase::Closed].into_iter().find(|p| p.as_str() == s)
    }
}

/// A challenge is open from `opens_at` (inclusive) until `closes_at` (exclusive).
pub fn phase(opens_at: NaiveDateTime, closes_at: NaiveDateTime, now: NaiveDateTime) -> Phase {
    if now < opens_at {
        Phase::Upcoming
    } else if now < closes_at {
        Phase::Open
    } else {
        Phase::Closed
    }
}

#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
    diesel::AsExpression,
    diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "snake_case")]
pub enum VoteMode {
    /// One support per member and idea, as many ideas as they like.
    Support,
    /// At most `vote_budget` supports per member in the challenge.
    Budget,
}

impl VoteMode {
    pub fn as_str(self) -> &'static str {
        match self {
            VoteMode::Support => "support",
            VoteMode::Budget => "budget",
        }
    }
    pub fn parse(s: &str) -> Option<VoteMode> {
        [VoteMode::Support, VoteMode::Budget].into_iter().find(|m| m.as_str() == s)
    }
}

pub const SLUG_MAX: usize = 60;
pub const TITLE_MAX: usize = 120;
pub const BRIEF_MAX: usize = 20_000;
pub const BUDGET_MAX: i32 = 1_000;

pub fn check_slug(v: &mut Violations, slug: &str) {
    let len = slug.len();
    if !(3..=SLUG_MAX).contains(&len) {
        v.add("slug", "length", format!("A slug has 3 to {SLUG_MAX} characters."));
    } else if !slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        || slug.starts_with('-')
        || slug.ends_with('-')
    {
        v.add("slug", "format", "A slug uses lowercase letters, digits and inner hyphens (like summer-snacks-2026).");
    } else if crate::ids::ChallengeId::parse(slug).is_some() {
        v.add("slug", "format", "A slug cannot look like an id.");
    }
}

/// At most this many price bands per challenge.
pub const PRICE_BANDS_MAX: usize = 8;

/// Price bands: trimmed, 1 to 40 characters each, no repeats, at most 8.
pub fn check_price_bands(v: &mut Violations, bands: &[String]) -> Vec<String> {
    let bands: Vec<String> = bands.iter().map(|b| b.trim().to_string()).collect();
    if bands.len() > PRICE_BANDS_MAX {
        v.add("price_bands", "too_many", format!("A challenge has at most {PRICE_BANDS_MAX} price bands."));
    }
    if bands.iter().any(|b| !(1..=40).contains(&b.chars().count())) {
        v.add("price_bands", "length", "A price band has 1 to 40 characters.");
    }
    let mut seen = std::collections::HashSet::new();
    if !bands.iter().all(|b| seen.insert(b.to_lowercase())) {
        v.add("price_bands", "duplicate", "Each price band appears once.");
    }
    bands
}

pub fn check_title(v: &mut Violations, title: &str) {
    let len = title.trim().chars().count();
    if !(3..=TITLE_MAX).contains(&len) {
        v.add("title", "length", format!("A title has 3 to {TITLE_MAX} characters."));
    }
}

pub fn check_brief(v: &mut Violations, brief: &str) {
    if brief.chars().count() > BRIEF_MAX {
        v.add("brief", "too_long", format!("A brief has at most {BRIEF_MAX} characters."));
    }
}

pub fn check_dates(v: &mut Violations, opens_at: NaiveDateTime, closes_at: NaiveDateTime) {
    for (field, t) in [("opens_at", opens_at), ("closes_at", closes_at)] {
        if !crate::clock::sensible(t) {
            v.add(field, "range", "A date between the years 2000 and 2200.");
        }
    }
    if closes_at <= opens_at {
        v.add("closes_at", "order", "A challenge closes after it opens.");
    }
}

pub fn check_threshold(v: &mut Violations, threshold: i32) {
    if !(1..=10_000_000).contains(&threshold) {
        v.add("support_threshold", "range", "The support threshold is at least 1.");
    }
}

/// Budget mode needs a budget; support mode has none.
pub fn check_vote_mode(v: &mut Violations, mode: &str, budget: Option<i32>) -> Option<VoteMode> {
    let Some(mode) = VoteMode::parse(mode) else {
        v.add("vote_mode", "invalid", "vote_mode is `support` or `budget`.");
        return None;
    };
    match (mode, budget) {
        (VoteMode::Budget, None) => v.add("vote_budget", "required", "Budget mode needs a vote_budget."),
        (VoteMode::Budget, Some(b)) if !(1..=BUDGET_MAX).contains(&b) => {
            v.add("vote_budget", "range", format!("vote_budget is from 1 to {BUDGET_MAX}."))
        }
        _ => {}
    }
    Some(mode)
}

/// A challenge without explicit tiers has one tier: its threshold, within the
/// challenge's own length.
pub fn default_tier_days(opens_at: NaiveDateTime, closes_at: NaiveDateTime) -> i32 {
    let days = (closes_at - opens_at).num_days().clamp(1, 3650);
    i32::try_from(days).unwrap_or(1)
}

/// Settles the threshold and the tiers from what the client sent: tiers, a
/// threshold, or both (then the last tier must be the threshold).
pub fn resolve_tiers(
    v: &mut Violations,
    threshold: Option<i32>,
    tiers: Option<Vec<Tier>>,
    opens_at: NaiveDateTime,
    closes_at: NaiveDateTime,
) -> Option<(i32, Vec<Tier>)> {
    match (threshold, tiers) {
        (None, None) => {
            v.add("support_threshold", "required", "Give a support_threshold or support_tiers.");
            None
        }
        (Some(t), None) => {
            check_threshold(v, t);
            Some((t, vec![Tier { supports: t, days: default_tier_days(opens_at, closes_at) }]))
        }
        (t, Some(tiers)) => {
            if let Err(message) = crate::tracker::rules::check_tiers(&tiers) {
                v.add("support_tiers", "invalid", message);
                return None;
            }
            let last = tiers.last().map(|t| t.supports).unwrap_or(0);
            if let Some(t) = t {
                if t != last {
                    v.add("support_threshold", "mismatch", "The support_threshold is the last tier's supports.");
                    return None;
                }
            }
            Some((last, tiers))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, NaiveDate};

    fn t(day: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap().and_hms_opt(0, 0, 0).unwrap()
    }

    #[test]
    fn phases_follow_dates() {
        assert_eq!(phase(t(10), t(20), t(9)), Phase::Upcoming);
        assert_eq!(phase(t(10), t(20), t(10)), Phase::Open);
        assert_eq!(phase(t(10), t(20), t(20) - Duration::seconds(1)), Phase::Open);
        assert_eq!(phase(t(10), t(20), t(20)), Phase::Closed);
    }

    fn bad(f: impl FnOnce(&mut Violations)) -> bool {
        let mut v = Violations::new();
        f(&mut v);
        !v.is_empty()
    }

    #[test]
    fn slugs() {
        assert!(!bad(|v| check_slug(v, "summer-snacks-2026")));
        assert!(bad(|v| check_slug(v, "Summer")));
        assert!(bad(|v| check_slug(v, "-x-")));
        assert!(bad(|v| check_slug(v, "ab")));
        assert!(bad(|v| check_slug(v, "0190f3a4-1111-7aaa-8bbb-0123456789ab")));
    }

    #[test]
    fn vote_modes() {
        assert!(!bad(|v| {
            check_vote_mode(v, "support", None);
        }));
        assert!(bad(|v| {
            check_vote_mode(v, "budget", None);
        }));
        assert!(bad(|v| {
            check_vote_mode(v, "budget", Some(0));
        }));
        assert!(!bad(|v| {
            check_vote_mode(v, "budget", Some(10));
        }));
        assert!(bad(|v| {
            check_vote_mode(v, "ranked", None);
        }));
        assert!(bad(|v| check_dates(v, t(20), t(10))));
    }

    #[test]
    fn tiers_and_threshold() {
        let mut v = Violations::new();
        let (th, tiers) = resolve_tiers(&mut v, Some(50), None, t(1), t(11)).unwrap();
        assert_eq!((th, tiers), (50, vec![Tier { supports: 50, days: 10 }]));
        let ladder = vec![Tier { supports: 10, days: 5 }, Tier { supports: 30, days: 9 }];
        let (th, _) = resolve_tiers(&mut v, None, Some(ladder.clone()), t(1), t(11)).unwrap();
        assert_eq!(th, 30);
        assert!(v.is_empty());
        assert!(resolve_tiers(&mut v, Some(20), Some(ladder), t(1), t(11)).is_none());
        assert!(!v.is_empty());
        let mut v = Violations::new();
        assert!(resolve_tiers(&mut v, None, None, t(1), t(11)).is_none());
        assert!(!v.is_empty());
    }

    #[test]
    fn price_bands_are_short_unique_and_few() {
        let bands = |b: &[&str]| {
            let mut v = Violations::new();
            let out = check_price_bands(&mut v, &b.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            (out, v.is_empty())
        };
        assert_eq!(bands(&[" under 5 ", "5-10"]), (vec!["under 5".to_string(), "5-10".to_string()], true));
        assert!(bands(&[]).1);
        assert!(!bands(&["a", "A"]).1, "repeats, ignoring case");
        assert!(!bands(&[" "]).1);
        assert!(!bands(&["1", "2", "3", "4", "5", "6", "7", "8", "9"]).1);
    }
}

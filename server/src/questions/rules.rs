//! Pure question-and-answer rules: validation, the edit window, who accepts, the order of answers, the
//! list filters and sorts, the team's average answer time.

use chrono::{Duration, NaiveDateTime};

use crate::accounts::rules::Role;
use crate::error::Violations;

pub const TITLE_MIN: usize = 10;
pub const TITLE_MAX: usize = 150;
pub const BODY_MAX: usize = 5_000;
/// The same window as comments: the author edits or deletes for this long after posting.
pub const EDIT_WINDOW_MINUTES: i64 = crate::comments::rules::EDIT_WINDOW_MINUTES;

pub fn check_title(v: &mut Violations, title: &str) {
    let len = title.trim().chars().count();
    if len < TITLE_MIN {
        v.add("title", "too_short", format!("A question has at least {TITLE_MIN} characters."));
    } else if len > TITLE_MAX {
        v.add("title", "too_long", format!("A question has at most {TITLE_MAX} characters."));
    }
}

/// A question's details may be empty; an answer's may not.
pub fn check_body(v: &mut Violations, body: &str, required: bool) {
    let len = body.trim().chars().count();
    if required && len == 0 {
        v.add("body", "required", "Write the answer first.");
    } else if len > BODY_MAX {
        v.add("body", "too_long", format!("At most {BODY_MAX} characters."));
    }
}

pub fn edit_window_open(created_at: NaiveDateTime, now: NaiveDateTime) -> bool {
    now < created_at + Duration::minutes(EDIT_WINDOW_MINUTES)
}

/// An answer by the product team (or an admin) is official.
pub fn is_official(role: Role) -> bool {
    matches!(role, Role::ProductTeam | Role::Admin)
}

/// The asker, the product team and admins choose the accepted answer.
pub fn may_accept(is_asker: bool, role: Role) -> bool {
    is_asker || is_official(role)
}

/// The order of a question's answers: official first, then the accepted one, then most helpful, then oldest.
/// Each answer as (official, accepted, helpful_count, id); ids are UUIDv7, so they sort by time.
pub fn answer_order(a: (bool, bool, i32, &str), b: (bool, bool, i32, &str)) -> std::cmp::Ordering {
    b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)).then(a.3.cmp(b.3))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionFilter {
    All,
    /// No visible answer yet.
    Unanswered,
    /// At least one visible answer.
    Answered,
    /// A visible official answer.
    Official,
}

impl QuestionFilter {
    pub fn parse(raw: Option<&str>) -> Option<QuestionFilter> {
        match raw.map(str::trim).filter(|s| !s.is_empty()) {
            None | Some("all") => Some(QuestionFilter::All),
            Some("unanswered") => Some(QuestionFilter::Unanswered),
            Some("answered") => Some(QuestionFilter::Answered),
            Some("official") => Some(QuestionFilter::Official),
            Some(_) => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionSort {
    New,
    /// Most helpful marks on the question's answers.
    Helpful,
}

impl QuestionSort {
    pub fn parse(raw: Option<&str>) -> Option<QuestionSort> {
        match raw.map(str::trim).filter(|s| !s.is_empty()) {
            None | Some("new") => Some(QuestionSort::New),
            Some("helpful") => Some(QuestionSort::Helpful),
            Some(_) => None,
        }
    }
}

/// The average time from question to first official answer, in days (one decimal is shown); none without
/// data.
pub fn average_days(waits: &[(NaiveDateTime, NaiveDateTime)]) -> Option<f64> {
    if waits.is_empty() {
        return None;
    }
    let total: i64 = waits.iter().map(|(asked, answered)| (*answered - *asked).num_seconds().max(0)).sum();
    Some(total as f64 / waits.len() as f64 / 86_400.0)
}

/// How long a question has waited, in whole hours.
pub fn waited_hours(asked: NaiveDateTime, now: NaiveDateTime) -> i64 {
    (now - asked).num_hours().max(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn t(h: i64) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap() + Duration::hours(h)
    }

    #[test]
    fn validation() {
        let mut v = Violations::new();
        check_title(&mut v, "Short?");
        check_body(&mut v, " ", true);
        assert!(!v.is_empty());
        let mut v = Violations::new();
        check_title(&mut v, "Does the lid fit the 2 l jar?");
        check_body(&mut v, "", false);
        assert!(v.is_empty());
    }

    #[test]
    fn edit_window_is_the_comments_one() {
        assert!(edit_window_open(t(0), t(0) + Duration::minutes(14)));
        assert!(!edit_window_open(t(0), t(0) + Duration::minutes(15)));
    }

    #[test]
    fn official_first_then_accepted_then_helpful_then_oldest() {
        let mut answers =
            [(false, false, 9, "c"), (false, true, 0, "d"), (true, false, 0, "b"), (false, false, 9, "a")];
        answers.sort_by(|a, b| answer_order(*a, *b));
        let ids: Vec<&str> = answers.iter().map(|a| a.3).collect();
        assert_eq!(ids, ["b", "d", "a", "c"]);
    }

    #[test]
    fn who_accepts() {
        assert!(may_accept(true, Role::Member));
        assert!(may_accept(false, Role::ProductTeam));
        assert!(may_accept(false, Role::Admin));
        assert!(!may_accept(false, Role::Moderator));
        assert!(!may_accept(false, Role::Member));
        assert!(is_official(Role::ProductTeam) && !is_official(Role::Moderator));
    }

    #[test]
    fn filters_sorts_and_averages() {
        assert_eq!(QuestionFilter::parse(Some("official")), Some(QuestionFilter::Official));
        assert_eq!(QuestionFilter::parse(None), Some(QuestionFilter::All));
        assert_eq!(QuestionFilter::parse(Some("open")), None);
        assert_eq!(QuestionSort::parse(Some("helpful")), Some(QuestionSort::Helpful));
        assert_eq!(QuestionSort::parse(Some("top")), None);
        assert_eq!(average_days(&[]), None);
        assert_eq!(average_days(&[(t(0), t(24)), (t(0), t(72))]), Some(2.0));
        assert_eq!(waited_hours(t(0), t(30)), 30);
    }
}

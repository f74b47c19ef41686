//! Pure comment rules.

use chrono::{Duration, NaiveDateTime};

use crate::error::Violations;

pub const BODY_MAX: usize = 5_000;
/// The author may edit a comment for this long after posting it.
pub const EDIT_WINDOW_MINUTES: i64 = 15;

pub fn check_body(v: &mut Violations, body: &str) {
    let len = body.trim().chars().count();
    if len == 0 {
        v.add("body", "required", "Write something first.");
    } else if len > BODY_MAX {
        v.add("body", "too_long", format!("A comment has at most {BODY_MAX} characters."));
    }
}

pub fn edit_window_open(created_at: NaiveDateTime, now: NaiveDateTime) -> bool {
    now < created_at + Duration::minutes(EDIT_WINDOW_MINUTES)
}

/// What deleting a comment does to its row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deletion {
    /// No replies: the row goes.
    Remove,
    /// Replies hang on it: it stays as a "deleted" placeholder that keeps the thread.
    Placeholder,
}

pub fn deletion(replies: i64) -> Deletion {
    if replies > 0 {
        Deletion::Placeholder
    } else {
        Deletion::Remove
    }
}

/// Replies go one level deep: a reply's parent must be a top-level comment
/// on the same idea.
pub fn valid_parent(parent_idea: &str, parent_parent: Option<&str>, idea: &str) -> bool {
    parent_idea == idea && parent_parent.is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn edit_window() {
        let t = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap().and_hms_opt(12, 0, 0).unwrap();
        assert!(edit_window_open(t, t + Duration::minutes(14)));
        assert!(!edit_window_open(t, t + Duration::minutes(15)));
    }

    #[test]
    fn one_level_of_replies() {
        assert!(valid_parent("i1", None, "i1"));
        assert!(!valid_parent("i1", Some("c0"), "i1"));
        assert!(!valid_parent("i2", None, "i1"));
    }

    #[test]
    fn deleting_keeps_threads() {
        assert_eq!(deletion(0), Deletion::Remove);
        assert_eq!(deletion(2), Deletion::Placeholder);
    }

    #[test]
    fn bodies() {
        let mut v = Violations::new();
        check_body(&mut v, "  ");
        assert!(!v.is_empty());
        let mut v = Violations::new();
        check_body(&mut v, "nice");
        assert!(v.is_empty());
    }
}

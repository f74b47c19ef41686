//! Pure rules of challenge news: who posts, the fields' limits, when a post shows.

use chrono::NaiveDateTime;

use crate::accounts::Role;
use crate::error::Violations;

pub const TITLE_MIN: usize = 3;
pub const TITLE_MAX: usize = 120;
pub const BODY_MAX: usize = 10_000;

/// The challenge's staff post news: the roles that may edit the challenge.
pub fn may_post(role: Role) -> bool {
    role.can_manage_challenges()
}

pub fn check_title(v: &mut Violations, title: &str) {
    let len = title.trim().chars().count();
    if len == 0 {
        v.add("title", "required", "Give the news a title.");
    } else if !(TITLE_MIN..=TITLE_MAX).contains(&len) {
        v.add("title", "length", format!("A title has {TITLE_MIN} to {TITLE_MAX} characters."));
    }
}

pub fn check_body(v: &mut Violations, body: &str) {
    let len = body.trim().chars().count();
    if len == 0 {
        v.add("body", "required", "Write the news.");
    } else if len > BODY_MAX {
        v.add("body", "too_long", format!("News has at most {BODY_MAX} characters."));
    }
}

/// A post shows to everyone from its `published_at` on; before, only to the staff (scheduled).
pub fn is_published(published_at: NaiveDateTime, now: NaiveDateTime) -> bool {
    published_at <= now
}

/// Whether this viewer sees this post now.
pub fn visible(published_at: NaiveDateTime, now: NaiveDateTime, viewer: Option<Role>) -> bool {
    is_published(published_at, now) || viewer.is_some_and(may_post)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn v_of(f: impl FnOnce(&mut Violations)) -> Vec<String> {
        let mut v = Violations::new();
        f(&mut v);
        match v.finish() {
            Ok(()) => Vec::new(),
            Err(crate::error::AppError::Validation(errors)) => {
                errors.into_iter().map(|e| format!("{}:{}", e.field, e.code)).collect()
            }
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn staff_who_edit_the_challenge_post_news() {
        assert!(may_post(Role::ProductTeam));
        assert!(may_post(Role::Admin));
        assert!(!may_post(Role::Member));
        assert!(!may_post(Role::Moderator));
    }

    #[test]
    fn titles_and_bodies_have_limits() {
        assert_eq!(v_of(|v| check_title(v, "  ")), ["title:required"]);
        assert_eq!(v_of(|v| check_title(v, "ab")), ["title:length"]);
        assert_eq!(v_of(|v| check_title(v, &"x".repeat(TITLE_MAX + 1))), ["title:length"]);
        assert!(v_of(|v| check_title(v, "Winners announced")).is_empty());
        assert_eq!(v_of(|v| check_body(v, "\n")), ["body:required"]);
        assert_eq!(v_of(|v| check_body(v, &"x".repeat(BODY_MAX + 1))), ["body:too_long"]);
        assert!(v_of(|v| check_body(v, "**Hello**")).is_empty());
    }

    #[test]
    fn scheduled_news_shows_to_the_staff_only_until_it_is_published() {
        let now = crate::clock::now();
        let later = now + Duration::hours(1);
        assert!(is_published(now, now));
        assert!(!visible(later, now, None));
        assert!(!visible(later, now, Some(Role::Member)));
        assert!(visible(later, now, Some(Role::ProductTeam)));
        assert!(visible(now - Duration::seconds(1), now, None));
    }
}

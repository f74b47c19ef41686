//! Pure rules of fan votes: the window and its state, the finalists, who may vote, when results show, and
//! the winners (ties share the win).

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::accounts::Role;
use crate::error::{ErrorCode, Violations};

/// A vote has 2 to 6 finalists.
pub const FINALISTS_MIN: usize = 2;
pub const FINALISTS_MAX: usize = 6;
/// A title has 3 to 120 characters.
pub const TITLE_MIN: usize = 3;
pub const TITLE_MAX: usize = 120;
/// The longest window.
pub const WINDOW_MAX_DAYS: i64 = 90;

/// When the counts are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ShowResults {
    /// While the vote is open.
    Live,
    /// Only once it has closed.
    AfterClose,
}

impl ShowResults {
    pub fn as_str(self) -> &'static str {
        match self {
            ShowResults::Live => "live",
            ShowResults::AfterClose => "after_close",
        }
    }

    pub fn parse(s: &str) -> Option<ShowResults> {
        [ShowResults::Live, ShowResults::AfterClose].into_iter().find(|v| v.as_str() == s)
    }
}

/// Where a vote stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Before `opens_at`: may still be edited or cancelled.
    Scheduled,
    /// `opens_at` ≤ now < `closes_at`.
    Open,
    /// From `closes_at` on.
    Closed,
    /// Cancelled before it opened.
    Cancelled,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Scheduled => "scheduled",
            State::Open => "open",
            State::Closed => "closed",
            State::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        [State::Scheduled, State::Open, State::Closed, State::Cancelled].into_iter().find(|v| v.as_str() == s)
    }
}

/// The state at `now`: the window is half-open, [opens_at, closes_at).
pub fn state(opens_at: NaiveDateTime, closes_at: NaiveDateTime, cancelled: bool, now: NaiveDateTime) -> State {
    if cancelled {
        State::Cancelled
    } else if now < opens_at {
        State::Scheduled
    } else if now < closes_at {
        State::Open
    } else {
        State::Closed
    }
}

/// A title of 3 to 120 characters (trimmed).
pub fn check_title(v: &mut Violations, title: &str) -> String {
    let t = title.trim().to_string();
    let n = t.chars().count();
    if !(TITLE_MIN..=TITLE_MAX).contains(&n) {
        v.add("title", "length", format!("A title has {TITLE_MIN} to {TITLE_MAX} characters."));
    }
    t
}

/// The window: closes after it opens and after now, at most 90 days long.
pub fn check_window(v: &mut Violations, opens_at: NaiveDateTime, closes_at: NaiveDateTime, now: NaiveDateTime) {
    if closes_at <= opens_at {
        v.add("closes_at", "order", "closes_at is after opens_at.");
    } else if closes_at - opens_at > Duration::days(WINDOW_MAX_DAYS) {
        v.add("closes_at", "range", format!("A fan vote lasts at most {WINDOW_MAX_DAYS} days."));
    }
    if closes_at <= now {
        v.add("closes_at", "past", "closes_at is in the future.");
    }
}

/// 2 to 6 distinct finalists; returns them in the order given, without repeats.
pub fn check_finalists(v: &mut Violations, ids: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        let id = id.trim().to_string();
        if out.contains(&id) {
            v.add("idea_ids", "duplicate", "Each finalist is named once.");
        } else {
            out.push(id);
        }
    }
    if !(FINALISTS_MIN..=FINALISTS_MAX).contains(&out.len()) {
        v.add("idea_ids", "count", format!("A fan vote has {FINALISTS_MIN} to {FINALISTS_MAX} finalists."));
    }
    out
}

/// Why a ballot (cast, changed or withdrawn) is refused, if it is. Staff do not vote: the product team
/// runs the votes and moderators judge the members' conduct, so neither weighs in on the result.
pub fn ballot_refusal(role: Role, state: State) -> Option<ErrorCode> {
    if role != Role::Member {
        return Some(ErrorCode::StaffCannotVote);
    }
    match state {
        State::Open => None,
        State::Scheduled => Some(ErrorCode::FanVoteNotOpen),
        State::Closed | State::Cancelled => Some(ErrorCode::FanVoteClosed),
    }
}

/// A vote may be edited or cancelled only before it opens.
pub fn editable(state: State) -> Result<(), ErrorCode> {
    match state {
        State::Scheduled => Ok(()),
        _ => Err(ErrorCode::FanVoteStarted),
    }
}

/// Whether everyone sees the counts now: `live` once it opened, `after_close` once it closed; a cancelled
/// vote has none.
pub fn results_visible(show: ShowResults, state: State) -> bool {
    match (show, state) {
        (_, State::Cancelled | State::Scheduled) => false,
        (ShowResults::Live, State::Open) => true,
        (_, State::Closed) => true,
        (ShowResults::AfterClose, State::Open) => false,
    }
}

/// The winners: every finalist with the most votes (a tie is a shared win); none when nobody voted.
pub fn winners(counts: &[(String, i64)]) -> Vec<String> {
    let top = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    if top == 0 {
        return Vec::new();
    }
    counts.iter().filter(|(_, n)| *n == top).map(|(id, _)| id.clone()).collect()
}

/// The note of a winner's timeline event (the API's words; the pages translate it with `parse_won_note`).
pub fn won_note(title: &str, votes: i64, total: i64) -> String {
    format!("Won the fan vote “{title}” with {votes} of {total} votes.")
}

/// The title, votes and total of a note `won_note` wrote.
pub fn parse_won_note(note: &str) -> Option<(String, i64, i64)> {
    let rest = note.strip_prefix("Won the fan vote “")?.strip_suffix(" votes.")?;
    let (title, numbers) = rest.rsplit_once("” with ")?;
    let (votes, total) = numbers.split_once(" of ")?;
    Some((title.to_string(), votes.parse().ok()?, total.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn the_window_is_half_open() {
        let (o, c) = (t("2026-12-10 10:00:00"), t("2026-12-12 10:00:00"));
        assert_eq!(state(o, c, false, t("2026-12-10 09:59:59")), State::Scheduled);
        assert_eq!(state(o, c, false, o), State::Open);
        assert_eq!(state(o, c, false, t("2026-12-12 09:59:59")), State::Open);
        assert_eq!(state(o, c, false, c), State::Closed);
        assert_eq!(state(o, c, true, o), State::Cancelled);
        for s in [State::Scheduled, State::Open, State::Closed, State::Cancelled] {
            assert_eq!(State::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn windows_are_checked() {
        let now = t("2026-12-05 10:00:00");
        let bad = |o: &str, c: &str| {
            let mut v = Violations::new();
            check_window(&mut v, t(o), t(c), now);
            !v.is_empty()
        };
        assert!(!bad("2026-12-06 10:00:00", "2026-12-08 10:00:00"));
        // Opening at once (in the past) is fine while it has not closed.
        assert!(!bad("2026-12-01 10:00:00", "2026-12-05 10:00:01"));
        assert!(bad("2026-12-06 10:00:00", "2026-12-06 10:00:00"), "closes before it opens");
        assert!(bad("2026-12-01 10:00:00", "2026-12-05 10:00:00"), "closed already");
        assert!(bad("2026-12-06 10:00:00", "2027-03-07 10:00:00"), "longer than 90 days");
    }

    #[test]
    fn finalists_and_titles() {
        let ids = |n: usize| (0..n).map(|i| format!("id{i}")).collect::<Vec<_>>();
        for (n, ok) in [(1, false), (2, true), (6, true), (7, false)] {
            let mut v = Violations::new();
            assert_eq!(check_finalists(&mut v, &ids(n)).len(), n);
            assert_eq!(v.is_empty(), ok, "{n} finalists");
        }
        let mut v = Violations::new();
        let out = check_finalists(&mut v, &["a".into(), "b".into(), "a".into()]);
        assert_eq!(out, vec!["a".to_string(), "b".to_string()]);
        assert!(!v.is_empty(), "a repeat is refused");
        let mut v = Violations::new();
        assert_eq!(check_title(&mut v, "  Best of winter  "), "Best of winter");
        assert!(v.is_empty());
        check_title(&mut v, "ab");
        assert!(!v.is_empty());
    }

    #[test]
    fn who_votes_when() {
        assert_eq!(ballot_refusal(Role::Member, State::Open), None);
        assert_eq!(ballot_refusal(Role::Member, State::Scheduled), Some(ErrorCode::FanVoteNotOpen));
        assert_eq!(ballot_refusal(Role::Member, State::Closed), Some(ErrorCode::FanVoteClosed));
        assert_eq!(ballot_refusal(Role::Member, State::Cancelled), Some(ErrorCode::FanVoteClosed));
        for staff in [Role::Moderator, Role::ProductTeam, Role::Admin] {
            assert_eq!(ballot_refusal(staff, State::Open), Some(ErrorCode::StaffCannotVote));
        }
        assert_eq!(editable(State::Scheduled), Ok(()));
        for s in [State::Open, State::Closed, State::Cancelled] {
            assert_eq!(editable(s), Err(ErrorCode::FanVoteStarted));
        }
    }

    #[test]
    fn results_show_when_promised() {
        use ShowResults::*;
        assert!(!results_visible(Live, State::Scheduled));
        assert!(results_visible(Live, State::Open));
        assert!(results_visible(Live, State::Closed));
        assert!(!results_visible(AfterClose, State::Open));
        assert!(results_visible(AfterClose, State::Closed));
        assert!(!results_visible(Live, State::Cancelled));
        assert_eq!(ShowResults::parse("after_close"), Some(AfterClose));
        assert_eq!(ShowResults::parse("never"), None);
    }

    #[test]
    fn won_notes_read_back() {
        let note = won_note("Best “snack” of 2026", 12, 40);
        assert_eq!(note, "Won the fan vote “Best “snack” of 2026” with 12 of 40 votes.");
        assert_eq!(parse_won_note(&note), Some(("Best “snack” of 2026".to_string(), 12, 40)));
        assert_eq!(parse_won_note("Moved to review."), None);
    }

    #[test]
    fn ties_share_the_win() {
        let c = |v: &[(&str, i64)]| v.iter().map(|(i, n)| (i.to_string(), *n)).collect::<Vec<_>>();
        assert_eq!(winners(&c(&[("a", 3), ("b", 5), ("c", 1)])), vec!["b"]);
        assert_eq!(winners(&c(&[("a", 4), ("b", 4), ("c", 1)])), vec!["a", "b"]);
        assert!(winners(&c(&[("a", 0), ("b", 0)])).is_empty(), "no votes, no winner");
        assert!(winners(&[]).is_empty());
    }
}

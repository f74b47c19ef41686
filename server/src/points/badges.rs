//! Awarding badges: after an event, the badges it may newly earn (by the rule
//! table in `rules::BADGES`) are checked against the member's history, in the
//! event's transaction. Each badge is awarded once, with the date, and the
//! member is notified.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::rules::{self, Condition, Event, Stat, BADGES};
use super::store;
use crate::db::schema::{ideas, ratings, supports, tips};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::ideas::rules::IdeaStatus;
use crate::notifications::{kind, store as notify};

/// Idea states an idea reaches only through the product team's review.
const REVIEWED: [IdeaStatus; 6] = [
    IdeaStatus::InReview,
    IdeaStatus::Approved,
    IdeaStatus::Declined,
    IdeaStatus::InDevelopment,
    IdeaStatus::InProduction,
    IdeaStatus::OnShelf,
];

/// Checks the badges `event` may earn for the member; returns those awarded
/// now. `challenge` is the challenge whose board the event moved, if any:
/// the challenge badges look at that board only (the member's place can only
/// have risen there).
pub fn on_event(
    conn: &mut DbConn,
    user_id: &str,
    event: Event,
    challenge: Option<&str>,
    now: NaiveDateTime,
) -> AppResult<Vec<&'static str>> {
    let owned: Vec<String> = store::badges_of(conn, user_id)?.into_iter().map(|(b, _)| b).collect();
    let candidates = rules::candidates(event, &owned);
    let mut values: Vec<(Stat, Option<i64>)> = Vec::new();
    let mut awarded = Vec::new();
    for badge in candidates {
        let value = match values.iter().find(|(s, _)| *s == badge.stat) {
            Some((_, v)) => *v,
            None => {
                let v = stat(conn, user_id, badge.stat, challenge)?;
                values.push((badge.stat, v));
                v
            }
        };
        if badge.condition.holds(value) && store::insert_badge(conn, user_id, badge.key, now)? == 1 {
            let data = serde_json::json!({"badge": badge.key, "name": badge.name, "description": badge.description});
            notify::notify(conn, user_id, kind::BADGE_AWARDED, None, &data, now)?;
            awarded.push(badge.key);
        }
    }
    Ok(awarded)
}

/// The places the challenge badges look at: only the top of a board matters.
fn places_that_count() -> i64 {
    BADGES
        .iter()
        .filter_map(|b| match b.condition {
            Condition::PlaceAtMost(n) => Some(n),
            Condition::AtLeast(_) => None,
        })
        .max()
        .unwrap_or(0)
}

/// One figure of the member's history, read from the domain tables.
fn stat(conn: &mut DbConn, user_id: &str, stat: Stat, challenge: Option<&str>) -> AppResult<Option<i64>> {
    let n = match stat {
        Stat::IdeasPublished => ideas::table
            .filter(ideas::author_id.eq(user_id))
            .filter(ideas::hidden_at.is_null())
            .filter(ideas::status.ne_all([IdeaStatus::Pending, IdeaStatus::Rejected]))
            .count()
            .get_result(conn)?,
        Stat::IdeasReviewed => ideas::table
            .filter(ideas::author_id.eq(user_id))
            .filter(ideas::status.eq_any(REVIEWED))
            .count()
            .get_result(conn)?,
        Stat::IdeasOnShelf => ideas::table
            .filter(ideas::author_id.eq(user_id))
            .filter(ideas::status.eq(IdeaStatus::OnShelf))
            .count()
            .get_result(conn)?,
        Stat::Tips => tips::table
            .filter(tips::author_id.eq(user_id))
            .filter(tips::hidden_at.is_null())
            .count()
            .get_result(conn)?,
        Stat::HelpfulMarksOnTips => tips::table
            .filter(tips::author_id.eq(user_id))
            .filter(tips::hidden_at.is_null())
            .select(diesel::dsl::sum(tips::helpful_count))
            .first::<Option<i64>>(conn)?
            .unwrap_or(0),
        Stat::Reviews => ratings::table
            .filter(ratings::user_id.eq(user_id))
            .filter(ratings::hidden_at.is_null())
            .filter(ratings::body.ne(""))
            .count()
            .get_result(conn)?,
        Stat::TestReports => crate::db::schema::product_test_reports::table
            .filter(crate::db::schema::product_test_reports::user_id.eq(user_id))
            .count()
            .get_result(conn)?,
        Stat::SupportsGiven => supports::table.filter(supports::user_id.eq(user_id)).count().get_result(conn)?,
        Stat::BestChallengeRank => {
            let Some(challenge) = challenge else { return Ok(None) };
            // The top of the board the event moved: a short index range.
            let board = store::board_scope(conn, &store::challenge_scope(challenge), None, places_that_count())?;
            return Ok(board.iter().position(|r| r.0 == user_id).map(|i| i as i64 + 1));
        }
    };
    Ok(Some(n))
}

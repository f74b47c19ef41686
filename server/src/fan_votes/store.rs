//! Fan vote rows and queries. Ballots are one row per (vote, voter); counts are counted on read.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{fan_vote_ballots, fan_vote_finalists, fan_votes, ideas};
use crate::db::DbConn;
use crate::per_backend;

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = fan_votes)]
pub struct FanVoteRow {
    pub id: String,
    pub title: String,
    pub opens_at: NaiveDateTime,
    pub closes_at: NaiveDateTime,
    pub show_results: String,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub cancelled_at: Option<NaiveDateTime>,
    pub settled_at: Option<NaiveDateTime>,
    pub winners: Option<String>,
    pub total_votes: Option<i32>,
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = fan_vote_finalists)]
pub struct FinalistRow {
    pub fan_vote_id: String,
    pub idea_id: String,
    pub position: i32,
}

#[derive(Insertable, Debug, Clone)]
#[diesel(table_name = fan_vote_ballots)]
pub struct BallotRow {
    pub fan_vote_id: String,
    pub user_id: String,
    pub idea_id: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, row: &FanVoteRow) -> QueryResult<usize> {
    diesel::insert_into(fan_votes::table).values(row).execute(conn)
}

pub fn by_id(conn: &mut DbConn, id: &str) -> QueryResult<Option<FanVoteRow>> {
    fan_votes::table.find(id).select(FanVoteRow::as_select()).first(conn).optional()
}

/// Every vote, the latest to close first (lists are short: a handful a month).
pub fn list(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<FanVoteRow>> {
    fan_votes::table
        .order((fan_votes::closes_at.desc(), fan_votes::id.desc()))
        .limit(limit)
        .select(FanVoteRow::as_select())
        .load(conn)
}

pub fn finalists(conn: &mut DbConn, vote_ids: &[String]) -> QueryResult<Vec<FinalistRow>> {
    fan_vote_finalists::table
        .filter(fan_vote_finalists::fan_vote_id.eq_any(vote_ids))
        .order((fan_vote_finalists::fan_vote_id, fan_vote_finalists::position))
        .select(FinalistRow::as_select())
        .load(conn)
}

pub fn replace_finalists(conn: &mut DbConn, vote_id: &str, idea_ids: &[String]) -> QueryResult<()> {
    diesel::delete(fan_vote_finalists::table.filter(fan_vote_finalists::fan_vote_id.eq(vote_id))).execute(conn)?;
    for (i, idea) in idea_ids.iter().enumerate() {
        let row = FinalistRow {
            fan_vote_id: vote_id.to_string(),
            idea_id: idea.clone(),
            position: i32::try_from(i).unwrap_or(i32::MAX),
        };
        diesel::insert_into(fan_vote_finalists::table).values(&row).execute(conn)?;
    }
    Ok(())
}

/// Takes the idea's row lock (PostgreSQL; SQLite's write transaction already serializes), so two votes
/// made at once with the same finalist are checked one after the other.
pub fn lock_idea(conn: &mut DbConn, idea_id: &str) -> QueryResult<usize> {
    diesel::update(ideas::table.find(idea_id)).set(ideas::tier.eq(ideas::tier)).execute(conn)
}

/// Of these ideas, those that are finalists of another vote that is neither cancelled nor closed at `now`
/// (scheduled or open): (idea id, vote id, vote title).
pub fn busy_finalists(
    conn: &mut DbConn,
    idea_ids: &[String],
    except_vote: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<Vec<(String, String, String)>> {
    let mut q = fan_vote_finalists::table
        .inner_join(fan_votes::table.on(fan_votes::id.eq(fan_vote_finalists::fan_vote_id)))
        .filter(fan_vote_finalists::idea_id.eq_any(idea_ids))
        .filter(fan_votes::cancelled_at.is_null())
        .filter(fan_votes::closes_at.gt(now))
        .select((fan_vote_finalists::idea_id, fan_votes::id, fan_votes::title))
        .into_boxed();
    if let Some(v) = except_vote {
        q = q.filter(fan_votes::id.ne(v.to_string()));
    }
    q.load(conn)
}

/// The vote's row lock, taken only while the vote is open at `now` and not settled: every ballot change
/// runs under it, so the settling at the close counts after the last ballot (and no ballot lands after it).
pub fn lock_open(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        fan_votes::table
            .find(id)
            .filter(fan_votes::cancelled_at.is_null())
            .filter(fan_votes::settled_at.is_null())
            .filter(fan_votes::opens_at.le(now))
            .filter(fan_votes::closes_at.gt(now)),
    )
    .set(fan_votes::updated_at.eq(fan_votes::updated_at))
    .execute(conn)
}

/// Casts or changes the member's one ballot (an upsert on the (vote, voter) key).
pub fn upsert_ballot(conn: &mut DbConn, row: &BallotRow) -> QueryResult<usize> {
    per_backend!(conn, c => diesel::insert_into(fan_vote_ballots::table)
        .values(row)
        .on_conflict((fan_vote_ballots::fan_vote_id, fan_vote_ballots::user_id))
        .do_update()
        .set((fan_vote_ballots::idea_id.eq(&row.idea_id), fan_vote_ballots::updated_at.eq(row.updated_at)))
        .execute(c))
}

pub fn delete_ballot(conn: &mut DbConn, vote_id: &str, user_id: &str) -> QueryResult<usize> {
    diesel::delete(
        fan_vote_ballots::table
            .filter(fan_vote_ballots::fan_vote_id.eq(vote_id))
            .filter(fan_vote_ballots::user_id.eq(user_id)),
    )
    .execute(conn)
}

/// The member's ballots among these votes: (vote id, idea id).
pub fn ballots_of(conn: &mut DbConn, user_id: &str, vote_ids: &[String]) -> QueryResult<Vec<(String, String)>> {
    fan_vote_ballots::table
        .filter(fan_vote_ballots::user_id.eq(user_id))
        .filter(fan_vote_ballots::fan_vote_id.eq_any(vote_ids))
        .select((fan_vote_ballots::fan_vote_id, fan_vote_ballots::idea_id))
        .load(conn)
}

/// Votes per finalist (only finalists with at least one vote), counted now.
pub fn counts(conn: &mut DbConn, vote_id: &str) -> QueryResult<Vec<(String, i64)>> {
    fan_vote_ballots::table
        .filter(fan_vote_ballots::fan_vote_id.eq(vote_id))
        .group_by(fan_vote_ballots::idea_id)
        .select((fan_vote_ballots::idea_id, diesel::dsl::count_star()))
        .load(conn)
}

pub fn update_plan(
    conn: &mut DbConn,
    id: &str,
    title: &str,
    opens_at: NaiveDateTime,
    closes_at: NaiveDateTime,
    show_results: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        fan_votes::table.find(id).filter(fan_votes::cancelled_at.is_null()).filter(fan_votes::opens_at.gt(now)),
    )
    .set((
        fan_votes::title.eq(title),
        fan_votes::opens_at.eq(opens_at),
        fan_votes::closes_at.eq(closes_at),
        fan_votes::show_results.eq(show_results),
        fan_votes::updated_at.eq(now),
    ))
    .execute(conn)
}

/// Cancels a vote that has not opened yet (0 rows: it opened or was cancelled meanwhile).
pub fn cancel(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        fan_votes::table.find(id).filter(fan_votes::cancelled_at.is_null()).filter(fan_votes::opens_at.gt(now)),
    )
    .set((fan_votes::cancelled_at.eq(now), fan_votes::updated_at.eq(now)))
    .execute(conn)
}

/// Votes closed at `now` whose close nobody has settled yet.
pub fn due(conn: &mut DbConn, now: NaiveDateTime, limit: i64) -> QueryResult<Vec<String>> {
    fan_votes::table
        .filter(fan_votes::cancelled_at.is_null())
        .filter(fan_votes::settled_at.is_null())
        .filter(fan_votes::closes_at.le(now))
        .order(fan_votes::closes_at)
        .limit(limit)
        .select(fan_votes::id)
        .load(conn)
}

/// Claims the settling of a closed vote: of several instances observing the close, exactly one gets 1.
pub fn claim_settle(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        fan_votes::table
            .find(id)
            .filter(fan_votes::cancelled_at.is_null())
            .filter(fan_votes::settled_at.is_null())
            .filter(fan_votes::closes_at.le(now)),
    )
    .set(fan_votes::settled_at.eq(now))
    .execute(conn)
}

pub fn save_result(conn: &mut DbConn, id: &str, winners: &str, total: i32) -> QueryResult<usize> {
    diesel::update(fan_votes::table.find(id))
        .set((fan_votes::winners.eq(winners), fan_votes::total_votes.eq(total)))
        .execute(conn)
}

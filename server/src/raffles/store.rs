//! Raffle rows.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{ideas, raffle_participants, raffles, supports, users};
use crate::db::DbConn;
use crate::ideas::rules::IdeaStatus;
use crate::per_backend;

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = raffles)]
pub struct RaffleRow {
    pub id: String,
    pub challenge_id: String,
    pub prizes: i32,
    pub seed_commitment: String,
    pub seed: String,
    pub participants_hash: Option<String>,
    pub participants_count: Option<i32>,
    pub winners: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub drawn_at: Option<NaiveDateTime>,
    /// The prizes by name (JSON array of strings, by place).
    pub prize_names: String,
}

pub fn insert(conn: &mut DbConn, row: &RaffleRow) -> QueryResult<usize> {
    per_backend!(conn, c => diesel::insert_into(raffles::table).values(row).on_conflict_do_nothing().execute(c))
}

pub fn of_challenge(conn: &mut DbConn, challenge_id: &str) -> QueryResult<Option<RaffleRow>> {
    raffles::table.filter(raffles::challenge_id.eq(challenge_id)).select(RaffleRow::as_select()).first(conn).optional()
}

/// The raffles of these challenges (at most one each).
pub fn of_challenges(conn: &mut DbConn, challenge_ids: &[String]) -> QueryResult<Vec<RaffleRow>> {
    if challenge_ids.is_empty() {
        return Ok(Vec::new());
    }
    raffles::table.filter(raffles::challenge_id.eq_any(challenge_ids)).select(RaffleRow::as_select()).load(conn)
}

/// Claims the draw: of two concurrent draws exactly one gets 1.
pub fn claim(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(raffles::table.find(id).filter(raffles::drawn_at.is_null()))
        .set(raffles::drawn_at.eq(Some(now)))
        .execute(conn)
}

pub fn save_draw(conn: &mut DbConn, id: &str, hash: &str, count: i32, winners: &str) -> QueryResult<usize> {
    diesel::update(raffles::table.find(id))
        .set((
            raffles::participants_hash.eq(Some(hash)),
            raffles::participants_count.eq(Some(count)),
            raffles::winners.eq(Some(winners)),
        ))
        .execute(conn)
}

/// Freezes the list: (position, user id, handle) in the published order.
pub fn insert_participants(conn: &mut DbConn, raffle_id: &str, list: &[(String, String)]) -> QueryResult<()> {
    for (chunk_no, chunk) in list.chunks(500).enumerate() {
        let rows: Vec<_> = chunk
            .iter()
            .enumerate()
            .map(|(i, (user_id, handle))| {
                (
                    raffle_participants::raffle_id.eq(raffle_id),
                    raffle_participants::position.eq(i32::try_from(chunk_no * 500 + i).unwrap_or(i32::MAX)),
                    raffle_participants::user_id.eq(user_id.as_str()),
                    raffle_participants::handle.eq(handle.as_str()),
                )
            })
            .collect();
        per_backend!(conn, c => diesel::insert_into(raffle_participants::table).values(&rows).execute(c))?;
    }
    Ok(())
}

/// The frozen list's handles, in order.
pub fn participants(conn: &mut DbConn, raffle_id: &str) -> QueryResult<Vec<(String, String)>> {
    raffle_participants::table
        .filter(raffle_participants::raffle_id.eq(raffle_id))
        .order(raffle_participants::position)
        .select((raffle_participants::user_id, raffle_participants::handle))
        .load(conn)
}

/// Members who took part in a challenge between its dates: submitted a
/// published idea or supported one. Suspended members and staff are left out.
/// (user id, handle), unordered.
pub fn eligible(
    conn: &mut DbConn,
    challenge_id: &str,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<(String, String)>> {
    let authors = ideas::table
        .filter(ideas::challenge_id.eq(challenge_id))
        .filter(ideas::created_at.ge(from))
        .filter(ideas::created_at.le(to))
        .filter(ideas::hidden_at.is_null())
        .filter(ideas::status.ne_all([IdeaStatus::Pending, IdeaStatus::Rejected]))
        .select(ideas::author_id);
    let supporters = supports::table
        .filter(supports::challenge_id.eq(challenge_id))
        .filter(supports::created_at.ge(from))
        .filter(supports::created_at.le(to))
        .select(supports::user_id);
    users::table
        .filter(users::suspended_at.is_null())
        .filter(users::role.eq("member"))
        .filter(users::id.eq_any(authors).or(users::id.eq_any(supporters)))
        .select((users::id, users::handle))
        .load(conn)
}

//! The ledger: entries are only ever inserted; balances and leaderboard
//! totals move in the same transaction by exactly the amount of an entry that
//! was inserted (and the boards' histograms with them).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{point_counts, point_entries, point_pending, point_totals, users};
use crate::db::DbConn;
use crate::per_backend;
use crate::points::rules;

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = point_entries)]
pub struct EntryRow {
    pub id: String,
    pub user_id: String,
    pub amount: i32,
    pub rule: String,
    pub cause_type: String,
    pub cause_id: String,
    pub reverses: Option<String>,
    pub created_at: NaiveDateTime,
    pub subject_id: Option<String>,
    pub challenge_id: Option<String>,
    pub reason: Option<String>,
}

/// The all-time board's scope in `point_counts` (its totals are `users.points`).
pub const ALL_TIME: &str = "all";

/// The rolling window's scope in `point_totals` and `point_windows`.
pub const WINDOW_30D: &str = "30d";

pub fn challenge_scope(challenge_id: &str) -> String {
    format!("challenge:{challenge_id}")
}

/// Inserts an entry unless its key (or, for a reversal, the entry it
/// reverses) is already there; 1 when inserted.
pub fn insert(conn: &mut DbConn, row: &EntryRow) -> QueryResult<usize> {
    per_backend!(conn, c => diesel::insert_into(point_entries::table).values(row).on_conflict_do_nothing().execute(c))
}

/// Takes the members' row locks in id order (so two transactions never wait
/// on each other's members), before their caps are counted and their totals
/// moved: on PostgreSQL one `SELECT … FOR NO KEY UPDATE` (a lock, not a new
/// row version: an `UPDATE` that sets nothing new still rewrites the row and
/// every index of `users`; and not `FOR UPDATE`, which would wait for the
/// key-share locks that inserting rows referring to the member takes, and
/// deadlock two of their transactions); SQLite's writers are serialized by `BEGIN IMMEDIATE`, so
/// there is nothing to lock.
pub fn lock_users(conn: &mut DbConn, ids: &mut Vec<String>) -> QueryResult<()> {
    ids.sort();
    ids.dedup();
    if let DbConn::Pg(pg) = conn {
        users::table
            .filter(users::id.eq_any(ids.iter()))
            .order(users::id)
            .select(users::id)
            .for_no_key_update()
            .load::<String>(pg)?;
    }
    Ok(())
}

/// Moves the cached balance, the leaderboard totals and the boards'
/// histograms by an inserted entry's amount (under the member's row lock).
pub fn apply(conn: &mut DbConn, row: &EntryRow) -> QueryResult<()> {
    let amount = i64::from(row.amount);
    let new: i64 = diesel::update(users::table.find(&row.user_id))
        .set((users::points.eq(users::points + amount), users::points_at.eq(Some(row.created_at))))
        .returning(users::points)
        .get_result(conn)?;
    count_moves(conn, ALL_TIME, &rules::bucket_moves(new - amount, new))?;
    bump_total(conn, WINDOW_30D, &row.user_id, row.amount, row.created_at)?;
    if let Some(cid) = &row.challenge_id {
        bump_total(conn, &challenge_scope(cid), &row.user_id, row.amount, row.created_at)?;
    }
    Ok(())
}

/// Moves the cached balance by an inserted entry's amount now (under the
/// member's row lock) and leaves the leaderboards' totals, their histograms
/// and the badges to the deferred batch (`apply_pending`), which moves them
/// exactly as `apply` would have. For the hot path (a support).
pub fn apply_balance(conn: &mut DbConn, row: &EntryRow) -> QueryResult<i64> {
    let amount = i64::from(row.amount);
    let new: i64 = diesel::update(users::table.find(&row.user_id))
        .set((users::points.eq(users::points + amount), users::points_at.eq(Some(row.created_at))))
        .returning(users::points)
        .get_result(conn)?;
    diesel::insert_into(point_pending::table)
        .values((
            point_pending::entry_id.eq(&row.id),
            point_pending::user_id.eq(&row.user_id),
            point_pending::amount.eq(row.amount),
            point_pending::rule.eq(&row.rule),
            point_pending::challenge_id.eq(row.challenge_id.as_deref()),
            point_pending::created_at.eq(row.created_at),
            point_pending::balance_from.eq(new - amount),
            point_pending::balance_to.eq(new),
        ))
        .execute(conn)?;
    Ok(new)
}

/// Inserts entries for the hot path (a support) and moves the balances of those inserted, leaving the rest to
/// the deferred batch, as `insert` then `apply_balance` do for each; the ids of the entries inserted (a repeat
/// of an entry's key inserts nothing). The entries must be of distinct members, whose row locks the caller
/// holds. On PostgreSQL it is one statement, however many entries (each statement is a round trip): a
/// data-modifying `WITH` inserts the entries `ON CONFLICT DO NOTHING`, moves the balance of each entry
/// inserted, and records each move in `point_pending`. SQLite runs in the process and keeps three statements
/// per entry.
pub fn insert_deferred(conn: &mut DbConn, rows: &[EntryRow]) -> QueryResult<Vec<String>> {
    use diesel::sql_types::{Integer, Nullable, Text, Timestamp};
    #[derive(QueryableByName)]
    struct Inserted {
        #[diesel(sql_type = Text)]
        entry_id: String,
    }
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    match conn {
        DbConn::Pg(pg) => {
            let values: Vec<String> = (0..rows.len())
                .map(|r| {
                    let p: Vec<String> = (1..=11).map(|c| format!("${}", r * 11 + c)).collect();
                    format!("({})", p.join(", "))
                })
                .collect();
            let sql = format!(
                "WITH e AS (
                    INSERT INTO point_entries
                        (id, user_id, amount, rule, cause_type, cause_id, reverses, created_at, subject_id,
                         challenge_id, reason)
                    VALUES {}
                    ON CONFLICT DO NOTHING
                    RETURNING id, user_id, amount, rule, challenge_id, created_at
                 ), u AS (
                    UPDATE users SET points = users.points + e.amount, points_at = e.created_at
                    FROM e WHERE users.id = e.user_id
                    RETURNING e.id AS entry_id, users.id AS user_id, e.amount, e.rule, e.challenge_id,
                              e.created_at, users.points
                 )
                 INSERT INTO point_pending
                    (entry_id, user_id, amount, rule, challenge_id, created_at, balance_from, balance_to)
                 SELECT entry_id, user_id, amount, rule, challenge_id, created_at, points - amount, points FROM u
                 RETURNING entry_id",
                values.join(", ")
            );
            let mut q = diesel::sql_query(sql).into_boxed::<diesel::pg::Pg>();
            for row in rows {
                q = q
                    .bind::<Text, _>(row.id.clone())
                    .bind::<Text, _>(row.user_id.clone())
                    .bind::<Integer, _>(row.amount)
                    .bind::<Text, _>(row.rule.clone())
                    .bind::<Text, _>(row.cause_type.clone())
                    .bind::<Text, _>(row.cause_id.clone())
                    .bind::<Nullable<Text>, _>(row.reverses.clone())
                    .bind::<Timestamp, _>(row.created_at)
                    .bind::<Nullable<Text>, _>(row.subject_id.clone())
                    .bind::<Nullable<Text>, _>(row.challenge_id.clone())
                    .bind::<Nullable<Text>, _>(row.reason.clone());
            }
            let inserted: Vec<Inserted> = q.load(pg)?;
            Ok(inserted.into_iter().map(|i| i.entry_id).collect())
        }
        DbConn::Sqlite(_) => {
            let mut inserted = Vec::new();
            for row in rows {
                if insert(conn, row)? == 1 {
                    apply_balance(conn, row)?;
                    inserted.push(row.id.clone());
                }
            }
            Ok(inserted)
        }
    }
}

/// Moves a board's total by `amount` (an upsert: exact without the member's
/// row lock, so the deferred batch and an inline move may meet) and records
/// the histogram move it made.
fn bump_total(conn: &mut DbConn, scope: &str, user_id: &str, amount: i32, at: NaiveDateTime) -> QueryResult<()> {
    let amount = i64::from(amount);
    let new = upsert_total(conn, scope, user_id, amount, at)?;
    count_moves(conn, scope, &rules::bucket_moves(new - amount, new))
}

/// Adds `amount` to a member's total on a board (creating it), `reached_at` set to `at`; the new total.
pub fn upsert_total(conn: &mut DbConn, scope: &str, user_id: &str, amount: i64, at: NaiveDateTime) -> QueryResult<i64> {
    use diesel::upsert::excluded;
    let row = (
        point_totals::scope.eq(scope),
        point_totals::user_id.eq(user_id),
        point_totals::points.eq(amount),
        point_totals::reached_at.eq(at),
    );
    per_backend!(conn, c => diesel::insert_into(point_totals::table)
        .values(row)
        .on_conflict((point_totals::scope, point_totals::user_id))
        .do_update()
        .set((
            point_totals::points.eq(point_totals::points + excluded(point_totals::points)),
            point_totals::reached_at.eq(excluded(point_totals::reached_at)),
        ))
        .returning(point_totals::points)
        .get_result(c))
}

/// Writes a board's histogram changes as new delta rows: inserts only, so
/// concurrent writers never wait on each other's buckets (no row is updated,
/// so there is no lock to wait for and no order to deadlock on).
pub fn count_moves(conn: &mut DbConn, scope: &str, moves: &[(i64, i32)]) -> QueryResult<()> {
    if moves.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = moves
        .iter()
        .map(|(points, by)| {
            (
                point_counts::scope.eq(scope),
                point_counts::points.eq(*points),
                point_counts::id.eq(Uuid::new_v4().to_string()),
                point_counts::members.eq(*by),
            )
        })
        .collect();
    per_backend!(conn, c => diesel::insert_into(point_counts::table).values(&rows).execute(c))?;
    Ok(())
}

/// Paying entries of a rule the member got since `since` (for daily caps).
pub fn paid_since(conn: &mut DbConn, user_id: &str, rule: &str, since: NaiveDateTime) -> QueryResult<i64> {
    point_entries::table
        .filter(point_entries::user_id.eq(user_id))
        .filter(point_entries::rule.eq(rule))
        .filter(point_entries::created_at.ge(since))
        .filter(point_entries::reverses.is_null())
        .filter(point_entries::amount.gt(0))
        .count()
        .get_result(conn)
}

/// Puts entries of one event in chain order: the paying entry first, then
/// each reversal after the entry it names.
fn in_chain_order(mut rows: Vec<EntryRow>) -> Vec<EntryRow> {
    let mut chain = Vec::with_capacity(rows.len());
    let Some(first) = rows.iter().position(|r| r.reverses.is_none()) else { return chain };
    chain.push(rows.swap_remove(first));
    while let Some(next) = rows.iter().position(|r| r.reverses.as_deref() == chain.last().map(|l| l.id.as_str())) {
        chain.push(rows.swap_remove(next));
    }
    chain
}

/// One event's chain (empty when it never paid).
pub fn chain(
    conn: &mut DbConn,
    user_id: &str,
    rule: &str,
    cause_type: &str,
    cause_id: &str,
) -> QueryResult<Vec<EntryRow>> {
    let rows = point_entries::table
        .filter(point_entries::user_id.eq(user_id))
        .filter(point_entries::rule.eq(rule))
        .filter(point_entries::cause_type.eq(cause_type))
        .filter(point_entries::cause_id.eq(cause_id))
        .select(EntryRow::as_select())
        .load(conn)?;
    Ok(in_chain_order(rows))
}

/// The chains of every event of a member that belongs to a piece of content.
pub fn subject_chains(conn: &mut DbConn, user_id: &str, subject_id: &str) -> QueryResult<Vec<Vec<EntryRow>>> {
    let rows = point_entries::table
        .filter(point_entries::subject_id.eq(subject_id))
        .filter(point_entries::user_id.eq(user_id))
        .select(EntryRow::as_select())
        .load(conn)?;
    let mut by_event: std::collections::BTreeMap<(String, String, String), Vec<EntryRow>> = Default::default();
    for r in rows {
        by_event.entry((r.rule.clone(), r.cause_type.clone(), r.cause_id.clone())).or_default().push(r);
    }
    Ok(by_event.into_values().map(in_chain_order).collect())
}

pub fn balance(conn: &mut DbConn, user_id: &str) -> QueryResult<i64> {
    users::table.find(user_id).select(users::points).first(conn)
}

/// A member's entries, newest first, after the cursor (an entry id; UUIDv7
/// sorts by time).
pub fn entries_of(conn: &mut DbConn, user_id: &str, before: Option<&str>, limit: i64) -> QueryResult<Vec<EntryRow>> {
    let mut q = point_entries::table.filter(point_entries::user_id.eq(user_id)).into_boxed();
    if let Some(b) = before {
        q = q.filter(point_entries::id.lt(b.to_string()));
    }
    q.order(point_entries::id.desc()).limit(limit).select(EntryRow::as_select()).load(conn)
}

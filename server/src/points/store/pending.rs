//! The deferred caches: a support's ledger entries move the balance in its
//! transaction and leave a `point_pending` row; a batch moves the 30-day and
//! challenge totals and the boards' histograms by exactly those entries,
//! netted per member and per bucket, and deletes the rows, in one transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::ledger::{challenge_scope, count_moves, upsert_total, ALL_TIME, WINDOW_30D};
use crate::db::schema::point_pending;
use crate::db::DbConn;
use crate::points::rules;

/// One pending entry.
#[derive(Queryable, Debug, Clone)]
pub struct PendingRow {
    pub entry_id: String,
    pub user_id: String,
    pub amount: i32,
    pub rule: String,
    pub challenge_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub balance_from: i64,
    pub balance_to: i64,
}

/// Whether any entry waits.
pub fn any_pending(conn: &mut DbConn) -> QueryResult<bool> {
    let one: Option<String> = point_pending::table.select(point_pending::entry_id).first(conn).optional()?;
    Ok(one.is_some())
}

/// The pending entries and the oldest one's time (for operators).
pub fn pending_backlog(conn: &mut DbConn) -> QueryResult<(i64, Option<NaiveDateTime>)> {
    point_pending::table.select((diesel::dsl::count_star(), diesel::dsl::min(point_pending::created_at))).first(conn)
}

/// What a batch moved: the members and rules whose badges may have changed.
#[derive(Debug, Default)]
pub struct Applied {
    pub entries: usize,
    /// (member, rule, challenge) once each.
    pub events: Vec<(String, String, Option<String>)>,
}

/// Applies up to `limit` pending entries, oldest first, in the caller's write
/// transaction. On PostgreSQL the rows are locked first: with `wait` the batch
/// waits for another batch holding them (a reader that must see every
/// committed entry applied), without it skips them (the background batches of
/// several instances share the work). SQLite's writers are serialized.
pub fn apply_pending(conn: &mut DbConn, limit: i64, wait: bool) -> QueryResult<Applied> {
    let q = point_pending::table.order(point_pending::entry_id).limit(limit);
    let rows: Vec<PendingRow> = match conn {
        DbConn::Pg(pg) if wait => q.for_update().load(pg)?,
        DbConn::Pg(pg) => q.for_update().skip_locked().load(pg)?,
        DbConn::Sqlite(_) => q.load(conn)?,
    };
    if rows.is_empty() {
        return Ok(Applied::default());
    }
    // The all-time board: each entry's balance move, netted per bucket.
    let mut all_moves = Vec::new();
    for r in &rows {
        all_moves.extend(rules::bucket_moves(r.balance_from, r.balance_to));
    }
    count_moves(conn, ALL_TIME, &rules::net_moves(all_moves))?;
    // The 30-day board and the challenge boards: one upsert per member and board. (Advancing the window
    // applies every pending entry first, so an entry it takes out was always put in.)
    // Keyed (member, board): the upserts go in member order, each member's boards in scope order, as
    // every inline award moves them (`service::in_member_order`), so no two transactions wait in a circle.
    let mut sums: std::collections::BTreeMap<(String, String), (i64, NaiveDateTime)> = Default::default();
    let mut events = std::collections::BTreeSet::new();
    for r in &rows {
        let mut add = |scope: String| {
            let e = sums.entry((r.user_id.clone(), scope)).or_insert((0, r.created_at));
            e.0 += i64::from(r.amount);
            e.1 = e.1.max(r.created_at);
        };
        add(WINDOW_30D.to_string());
        if let Some(cid) = &r.challenge_id {
            add(challenge_scope(cid));
        }
        events.insert((r.user_id.clone(), r.rule.clone(), r.challenge_id.clone()));
    }
    let mut moves: std::collections::BTreeMap<String, Vec<(i64, i32)>> = Default::default();
    for ((user_id, scope), (amount, at)) in sums {
        if amount == 0 {
            continue;
        }
        let new = upsert_total(conn, &scope, &user_id, amount, at)?;
        moves.entry(scope).or_default().extend(rules::bucket_moves(new - amount, new));
    }
    for (scope, m) in moves {
        count_moves(conn, &scope, &rules::net_moves(m))?;
    }
    let ids: Vec<&str> = rows.iter().map(|r| r.entry_id.as_str()).collect();
    for chunk in ids.chunks(500) {
        diesel::delete(point_pending::table.filter(point_pending::entry_id.eq_any(chunk))).execute(conn)?;
    }
    Ok(Applied { entries: rows.len(), events: events.into_iter().collect() })
}

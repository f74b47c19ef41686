//! The search outbox and the lease that lets one worker at a time apply it.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::DocKind;
use crate::db::schema::{leases, search_outbox};
use crate::db::DbConn;

pub const LEASE: &str = "search_outbox";

/// Records that a searchable document changed, in the caller's transaction.
pub fn enqueue(conn: &mut DbConn, kind: DocKind, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::insert_into(search_outbox::table)
        .values((
            search_outbox::doc_kind.eq(kind.as_str()),
            search_outbox::doc_id.eq(id),
            search_outbox::created_at.eq(now),
        ))
        .execute(conn)
}

/// `enqueue` for many documents of one kind, in one statement per 500.
pub fn enqueue_many(conn: &mut DbConn, kind: DocKind, ids: &[String], now: NaiveDateTime) -> QueryResult<usize> {
    let mut n = 0;
    for chunk in ids.chunks(500) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|id| {
                (
                    search_outbox::doc_kind.eq(kind.as_str()),
                    search_outbox::doc_id.eq(id),
                    search_outbox::created_at.eq(now),
                )
            })
            .collect();
        n += crate::per_backend!(conn, c => diesel::insert_into(search_outbox::table).values(rows).execute(c))?;
    }
    Ok(n)
}

#[derive(Queryable, Debug, Clone)]
pub struct OutboxRow {
    pub id: i64,
    pub doc_kind: String,
    pub doc_id: String,
    pub attempts: i32,
}

/// The oldest pending rows.
pub fn batch(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<OutboxRow>> {
    search_outbox::table
        .order(search_outbox::id.asc())
        .limit(limit)
        .select((search_outbox::id, search_outbox::doc_kind, search_outbox::doc_id, search_outbox::attempts))
        .load(conn)
}

/// Removes rows the engine confirmed.
pub fn done(conn: &mut DbConn, ids: &[i64]) -> QueryResult<usize> {
    let mut removed = 0;
    for chunk in ids.chunks(500) {
        removed += diesel::delete(search_outbox::table.filter(search_outbox::id.eq_any(chunk))).execute(conn)?;
    }
    Ok(removed)
}

/// Notes a failed attempt on rows that stay queued.
pub fn failed(conn: &mut DbConn, ids: &[i64], error: &str) -> QueryResult<usize> {
    let error: String = error.chars().take(500).collect();
    let mut n = 0;
    for chunk in ids.chunks(500) {
        n += diesel::update(search_outbox::table.filter(search_outbox::id.eq_any(chunk)))
            .set((search_outbox::attempts.eq(search_outbox::attempts + 1), search_outbox::last_error.eq(error.clone())))
            .execute(conn)?;
    }
    Ok(n)
}

/// Rows still waiting, and the oldest one's age.
pub fn pending(conn: &mut DbConn) -> QueryResult<(i64, Option<NaiveDateTime>)> {
    let count = search_outbox::table.count().get_result(conn)?;
    let oldest =
        search_outbox::table.order(search_outbox::id.asc()).select(search_outbox::created_at).first(conn).optional()?;
    Ok((count, oldest))
}

/// Takes or renews the lease for `holder` until `now + ttl`; true when held.
/// One conditional UPDATE: of several instances asking at once, one wins. A
/// lease held by `holder` for more than half its time, or held by another and
/// not expired, is answered by a read alone (no write lock taken).
pub fn take_lease(conn: &mut DbConn, name: &str, holder: &str, now: NaiveDateTime, ttl: Duration) -> QueryResult<bool> {
    let current: Option<(String, NaiveDateTime)> =
        leases::table.find(name).select((leases::holder, leases::expires_at)).first(conn).optional()?;
    if let Some((h, expires)) = &current {
        if h == holder && *expires > now + ttl / 2 {
            return Ok(true);
        }
        if h != holder && !h.is_empty() && *expires >= now {
            return Ok(false);
        }
    }
    let n = diesel::update(
        leases::table.filter(leases::name.eq(name)).filter(leases::holder.eq(holder).or(leases::expires_at.lt(now))),
    )
    .set((leases::holder.eq(holder), leases::expires_at.eq(now + ttl)))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn release_lease(conn: &mut DbConn, name: &str, holder: &str) -> QueryResult<usize> {
    diesel::update(leases::table.filter(leases::name.eq(name)).filter(leases::holder.eq(holder)))
        .set((leases::holder.eq(""), leases::expires_at.eq(chrono::DateTime::UNIX_EPOCH.naive_utc())))
        .execute(conn)
}

//! The counted writes: one row per write in `write_events`, and a row per
//! bucket and action in `write_buckets` that each check updates first.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{write_buckets, write_events};
use crate::db::DbConn;

/// Takes the bucket's row (inserting it the first time), which serializes
/// the checks of one bucket and action across instances until commit.
pub fn lock(conn: &mut DbConn, bucket: &str, action: &str, now: NaiveDateTime) -> QueryResult<()> {
    let row = (write_buckets::bucket.eq(bucket), write_buckets::action.eq(action), write_buckets::touched.eq(now));
    crate::per_backend!(conn, c => diesel::insert_into(write_buckets::table)
        .values(row)
        .on_conflict((write_buckets::bucket, write_buckets::action))
        .do_update()
        .set(write_buckets::touched.eq(now))
        .execute(c))?;
    Ok(())
}

/// Forgets the bucket's writes from before `before` (they count in no window).
pub fn prune(conn: &mut DbConn, bucket: &str, action: &str, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(
        write_events::table
            .filter(write_events::bucket.eq(bucket))
            .filter(write_events::action.eq(action))
            .filter(write_events::at.lt(before)),
    )
    .execute(conn)
}

/// How many writes the bucket made since `since`, and when the oldest of them was.
pub fn window(
    conn: &mut DbConn,
    bucket: &str,
    action: &str,
    since: NaiveDateTime,
) -> QueryResult<(i64, Option<NaiveDateTime>)> {
    write_events::table
        .filter(write_events::bucket.eq(bucket))
        .filter(write_events::action.eq(action))
        .filter(write_events::at.gt(since))
        .select((diesel::dsl::count_star(), diesel::dsl::min(write_events::at)))
        .first(conn)
}

pub fn insert(conn: &mut DbConn, bucket: &str, action: &str, at: NaiveDateTime) -> QueryResult<i64> {
    diesel::insert_into(write_events::table)
        .values((write_events::bucket.eq(bucket), write_events::action.eq(action), write_events::at.eq(at)))
        .returning(write_events::id)
        .get_result(conn)
}

/// Gives writes back (their request failed).
pub fn delete(conn: &mut DbConn, ids: &[i64]) -> QueryResult<usize> {
    diesel::delete(write_events::table.filter(write_events::id.eq_any(ids))).execute(conn)
}

/// The jobs' sweep: writes and buckets untouched since `before`.
pub fn sweep(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    let events = diesel::delete(write_events::table.filter(write_events::at.lt(before))).execute(conn)?;
    let buckets = diesel::delete(write_buckets::table.filter(write_buckets::touched.lt(before))).execute(conn)?;
    Ok(events + buckets)
}

//! Ranks follow supports in batches. A support changes no searchable text, only an idea's rank (its support
//! count, the tie-breaker after relevance), so it queues no search document of its own: every few seconds
//! one batch queues the ideas supported since the last batch (`job_marks.search_ranks`), once each. A
//! withdrawal, an edit or a move still queues its idea at once.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::DocKind;
use crate::db::schema::{job_marks, supports};
use crate::db::DbConn;

/// How often each instance's search worker runs the batch.
pub const EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// The mark's name in `job_marks`.
pub const MARK: &str = "search_ranks";

/// A batch also looks this far before its mark: a support that was still being written when the last batch
/// ran (its time before the mark, its commit after) is then picked up by the next one.
pub const OVERLAP_SECS: i64 = 5;

/// Queues the ideas supported since the mark for the search index and moves the mark to `now`; run in a
/// write transaction. Safe on several instances: two batches at once queue an idea twice at worst (the
/// search worker applies the latest state either way). The migration sets the first mark; without one
/// (deleted by hand) the batch looks back a day. Returns the ideas queued.
pub fn queue(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    let mark: Option<NaiveDateTime> = job_marks::table.find(MARK).select(job_marks::mark).first(conn).optional()?;
    let mark = match mark {
        Some(mark) => mark,
        None => {
            diesel::insert_into(job_marks::table)
                .values((job_marks::name.eq(MARK), job_marks::mark.eq(now)))
                .execute(conn)?;
            now - Duration::days(1)
        }
    };
    let ideas: Vec<String> = supports::table
        .filter(supports::created_at.ge(mark - Duration::seconds(OVERLAP_SECS)))
        .select(supports::idea_id)
        .distinct()
        .load(conn)?;
    for id in &ideas {
        super::outbox::enqueue(conn, DocKind::Idea, id, now)?;
    }
    diesel::update(job_marks::table.find(MARK).filter(job_marks::mark.lt(now)))
        .set(job_marks::mark.eq(now))
        .execute(conn)?;
    Ok(ideas.len())
}

/// Supports given since the last batch (their ideas' ranks are not in the index yet).
pub fn pending(conn: &mut DbConn) -> QueryResult<i64> {
    let mark: Option<NaiveDateTime> = job_marks::table.find(MARK).select(job_marks::mark).first(conn).optional()?;
    match mark {
        Some(mark) => supports::table.filter(supports::created_at.ge(mark)).count().get_result(conn),
        None => Ok(0),
    }
}

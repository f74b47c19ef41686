//! Ranks follow supports in batches. A support changes no searchable text, only an idea's rank (its support
//! count, the tie-breaker after relevance), so it queues no search document of its own: every few seconds
//! one batch queues the ideas supported since the last batch (`job_marks.search_ranks`), once each. A
//! withdrawal, an edit or a move still queues its idea at once.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::DocKind;
use crate::db::schema::{ideas, job_marks, supports};
use crate::db::DbConn;

/// How often each instance's search worker runs the batch.
pub const EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// The mark's name in `job_marks`.
pub const MARK: &str = "search_ranks";

/// A batch also looks this far before its mark: a support that was still being written when the last batch
/// ran (its time before the mark, its commit after) is then picked up by the next one.
pub const OVERLAP_SECS: i64 = 5;

/// What this instance last queued for each idea it saw in a batch: the idea's support count, last support
/// and trend when it was queued. Each of a batch's windows overlaps the one before, so most ideas it finds
/// were queued already; one whose three values are unchanged is not queued again. Every support moves its
/// idea's count and trend in the support's own transaction (the trend only ever grows with a support), so
/// an idea whose supports were visible to an earlier batch and not since has the same values, and any new
/// one, committed late or not, changes them. A withdrawal queues its idea at once, on its own. Kept per
/// instance: a restart or another instance queues a window once more at worst.
#[derive(Debug, Default)]
pub struct Queued(std::collections::HashMap<String, Signature>);

type Signature = (i32, Option<NaiveDateTime>, u64);

impl Queued {
    /// Ideas remembered (for tests and logs).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Queues the ideas supported since the mark for the search index and moves the mark to `now`; run in a
/// write transaction. Ideas that `queued` shows unchanged since this instance queued them are skipped.
/// Safe on several instances: two batches at once queue an idea twice at worst (the search worker applies
/// the latest state either way). The migration sets the first mark; without one (deleted by hand) the
/// batch looks back a day. Returns the ideas queued and what to remember for the next batch (to keep only
/// once the transaction commits).
pub fn queue(conn: &mut DbConn, now: NaiveDateTime, queued: &Queued) -> QueryResult<(usize, Queued)> {
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
    let seen: Vec<(String, i32, Option<NaiveDateTime>, f64)> = supports::table
        .inner_join(ideas::table)
        .filter(supports::created_at.ge(mark - Duration::seconds(OVERLAP_SECS)))
        .select((ideas::id, ideas::supports_count, ideas::last_supported_at, ideas::trend_score))
        .distinct()
        .load(conn)?;
    let mut next = std::collections::HashMap::with_capacity(seen.len());
    let mut changed = Vec::new();
    for (id, count, last, trend) in seen {
        let signature = (count, last, trend.to_bits());
        if queued.0.get(&id) != Some(&signature) {
            changed.push(id.clone());
        }
        next.insert(id, signature);
    }
    let n = super::outbox::enqueue_many(conn, DocKind::Idea, &changed, now)?;
    diesel::update(job_marks::table.find(MARK).filter(job_marks::mark.lt(now)))
        .set(job_marks::mark.eq(now))
        .execute(conn)?;
    // Only the window's ideas can turn up in the next window without a new support.
    Ok((n, Queued(next)))
}

/// Supports given since the last batch (their ideas' ranks are not in the index yet).
pub fn pending(conn: &mut DbConn) -> QueryResult<i64> {
    let mark: Option<NaiveDateTime> = job_marks::table.find(MARK).select(job_marks::mark).first(conn).optional()?;
    match mark {
        Some(mark) => supports::table.filter(supports::created_at.ge(mark)).count().get_result(conn),
        None => Ok(0),
    }
}

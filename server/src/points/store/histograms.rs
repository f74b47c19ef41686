//! The histograms' upkeep: the boards' delta rows in `point_counts` folded
//! into one base row per bucket.

use diesel::prelude::*;

use crate::db::schema::point_counts;
use crate::db::DbConn;

/// Deltas folded by one run at most (the rest wait for the next run).
const FOLD_BATCH: i64 = 20_000;

/// The histogram's delta rows (base rows have the id ''), as SQL both
/// backends match against the partial index `point_counts_deltas`.
fn is_delta() -> diesel::expression::SqlLiteral<diesel::sql_types::Bool> {
    diesel::dsl::sql::<diesel::sql_types::Bool>("point_counts.id <> ''")
}

/// Folds the histograms' delta rows into one base row per bucket, so a place
/// stays a sum over the distinct totals. Run in a write transaction: it loads
/// up to `FOLD_BATCH` deltas, deletes exactly those, and adds their sums to
/// the base rows; a bucket's sum of rows is the same before and after. Of two
/// instances folding at once, the second one's DELETE waits for the first's,
/// then finds fewer rows than it loaded and rolls back (nothing counted
/// twice); deltas inserted meanwhile are not among those loaded and stay for
/// the next run. Returns the deltas folded.
pub fn fold_counts(conn: &mut DbConn) -> QueryResult<usize> {
    let deltas: Vec<(String, i64, String, i32)> = point_counts::table
        .filter(is_delta())
        .select((point_counts::scope, point_counts::points, point_counts::id, point_counts::members))
        .limit(FOLD_BATCH)
        .load(conn)?;
    if deltas.is_empty() {
        return Ok(0);
    }
    let mut deleted = 0;
    for chunk in deltas.chunks(500) {
        let ids: Vec<&str> = chunk.iter().map(|d| d.2.as_str()).collect();
        deleted += diesel::delete(point_counts::table.filter(is_delta()).filter(point_counts::id.eq_any(ids)))
            .execute(conn)?;
    }
    if deleted != deltas.len() {
        // Another instance folded some of them first.
        return Err(diesel::result::Error::RollbackTransaction);
    }
    let mut net: std::collections::BTreeMap<(&str, i64), i32> = Default::default();
    for (scope, points, _, by) in &deltas {
        *net.entry((scope.as_str(), *points)).or_default() += by;
    }
    for ((scope, points), by) in net.into_iter().filter(|(_, by)| *by != 0) {
        let base = point_counts::table.find((scope, points, ""));
        let now: Option<i32> = diesel::update(base)
            .set(point_counts::members.eq(point_counts::members + by))
            .returning(point_counts::members)
            .get_result(conn)
            .optional()?;
        match now {
            None => {
                diesel::insert_into(point_counts::table)
                    .values((
                        point_counts::scope.eq(scope),
                        point_counts::points.eq(points),
                        point_counts::id.eq(""),
                        point_counts::members.eq(by),
                    ))
                    .execute(conn)?;
            }
            Some(0) => {
                diesel::delete(base).execute(conn)?;
            }
            Some(_) => {}
        }
    }
    Ok(deltas.len())
}

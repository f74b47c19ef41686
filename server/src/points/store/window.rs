//! The rolling window: the 30-day board's totals, moved as entries fall out.

use chrono::NaiveDateTime;
use diesel::dsl::sum;
use diesel::prelude::*;

use super::ledger::count_moves;
use crate::db::schema::{point_entries, point_totals, point_windows};
use crate::db::DbConn;
use crate::points::rules;

/// The first instant the window still counts.
pub fn window_from(conn: &mut DbConn, scope: &str) -> QueryResult<Option<NaiveDateTime>> {
    point_windows::table.find(scope).select(point_windows::day_from).first(conn).optional()
}

/// Moves the window's start to `new_from`, taking out of the totals the sum of
/// every entry that falls out, member by member. Run in a write transaction:
/// the no-op UPDATE locks the window's row, so of two instances doing this at
/// once the second finds the work done. Entries being written meanwhile carry
/// today's time, which is after `new_from`, and their increments commute with
/// these decrements. Returns the members touched.
pub fn advance_window(conn: &mut DbConn, scope: &str, new_from: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(point_windows::table.find(scope)).set(point_windows::scope.eq(scope)).execute(conn)?;
    let Some(old_from) = window_from(conn, scope)? else { return Ok(0) };
    if old_from >= new_from {
        return Ok(0);
    }
    let leaving: Vec<(String, Option<i64>)> = point_entries::table
        .filter(point_entries::created_at.ge(old_from))
        .filter(point_entries::created_at.lt(new_from))
        .group_by(point_entries::user_id)
        .select((point_entries::user_id, sum(point_entries::amount)))
        .load(conn)?;
    let mut moves = Vec::new();
    for (user_id, amount) in &leaving {
        let amount = amount.unwrap_or(0);
        if amount != 0 {
            let new: Option<i64> = diesel::update(point_totals::table.find((scope, user_id)))
                .set(point_totals::points.eq(point_totals::points - amount))
                .returning(point_totals::points)
                .get_result(conn)
                .optional()?;
            if let Some(new) = new {
                moves.extend(rules::bucket_moves(new + amount, new));
            }
        }
    }
    count_moves(conn, scope, &rules::net_moves(moves))?;
    diesel::update(point_windows::table.find(scope)).set(point_windows::day_from.eq(new_from)).execute(conn)?;
    Ok(leaving.len())
}

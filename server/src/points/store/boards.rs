//! Leaderboards.
//!
//! Pages are keyset ranges of the board indexes (`users_board`,
//! `point_totals_board`): a later page costs what the first does. A member's
//! place is the members with more points, summed from the board's histogram
//! (`point_counts`), plus an index range count of those tied but ahead, less
//! the suspended members ahead (a partial index on the few suspended
//! accounts). The histogram moves in the transaction of every total it
//! counts, and `ledger verify` checks it against the ledger.

use chrono::NaiveDateTime;
use diesel::dsl::sum;
use diesel::prelude::*;

use super::ledger::ALL_TIME;
use crate::db::schema::{point_counts, point_totals, users};
use crate::db::DbConn;
use crate::points::rules;

/// One leaderboard row as read: (user id, handle, display name, points on
/// this board, all-time balance, when the points were reached).
pub type BoardRow = (String, String, String, i64, i64, NaiveDateTime);

/// Where a page starts: the last row of the page before.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct BoardAfter {
    pub points: i64,
    pub at: NaiveDateTime,
    pub id: String,
    /// The place of that row (places of the next page follow on).
    pub place: i64,
}

/// The all-time board (cached balances).
pub fn board_all(conn: &mut DbConn, after: Option<&BoardAfter>, limit: i64) -> QueryResult<Vec<BoardRow>> {
    let page =
        |conn: &mut DbConn, same: Option<&BoardAfter>, below: Option<i64>, limit: i64| -> QueryResult<Vec<BoardRow>> {
            let mut q = users::table
                .filter(users::suspended_at.is_null())
                .filter(users::points.gt(0))
                .filter(users::points_at.is_not_null())
                .into_boxed();
            if let Some(a) = same {
                q = q.filter(users::points.eq(a.points)).filter(reached("points_at", "id", ">", a.at, &a.id));
            }
            if let Some(p) = below {
                q = q.filter(users::points.lt(p));
            }
            let rows: Vec<(String, String, String, i64, i64, Option<NaiveDateTime>)> = q
                .order((users::points.desc(), users::points_at.asc(), users::id.asc()))
                .limit(limit)
                .select((users::id, users::handle, users::display_name, users::points, users::points, users::points_at))
                .load(conn)?;
            Ok(rows.into_iter().filter_map(|(i, h, d, p, b, at)| Some((i, h, d, p, b, at?))).collect())
        };
    keyset(conn, after, limit, page)
}

/// A precomputed board (`30d`, `challenge:<id>`).
pub fn board_scope(
    conn: &mut DbConn,
    scope: &str,
    after: Option<&BoardAfter>,
    limit: i64,
) -> QueryResult<Vec<BoardRow>> {
    let page = |conn: &mut DbConn,
                same: Option<&BoardAfter>,
                below: Option<i64>,
                limit: i64|
     -> QueryResult<Vec<BoardRow>> {
        let mut q = point_totals::table
            .inner_join(users::table)
            .filter(point_totals::scope.eq(scope))
            .filter(point_totals::points.gt(0))
            .filter(users::suspended_at.is_null())
            .into_boxed();
        if let Some(a) = same {
            q = q.filter(point_totals::points.eq(a.points)).filter(reached("reached_at", "user_id", ">", a.at, &a.id));
        }
        if let Some(p) = below {
            q = q.filter(point_totals::points.lt(p));
        }
        q.order((point_totals::points.desc(), point_totals::reached_at.asc(), point_totals::user_id.asc()))
            .limit(limit)
            .select((
                users::id,
                users::handle,
                users::display_name,
                point_totals::points,
                users::points,
                point_totals::reached_at,
            ))
            .load(conn)
    };
    keyset(conn, after, limit, page)
}

/// A page after `after`: the rest of its points, then lower points; each an index range.
fn keyset(
    conn: &mut DbConn,
    after: Option<&BoardAfter>,
    limit: i64,
    page: impl Fn(&mut DbConn, Option<&BoardAfter>, Option<i64>, i64) -> QueryResult<Vec<BoardRow>>,
) -> QueryResult<Vec<BoardRow>> {
    let Some(a) = after else { return page(conn, None, None, limit) };
    let mut rows = page(conn, Some(a), None, limit)?;
    let left = limit - rows.len() as i64;
    if left > 0 {
        rows.extend(page(conn, None, Some(a.points), left)?);
    }
    Ok(rows)
}

/// How many members have more than `points` on a board (suspended ones
/// included): a sum over the histogram's buckets above, as many rows as
/// there are distinct totals above (plus deltas not folded yet), however
/// many members hold them.
pub fn members_above(conn: &mut DbConn, scope: &str, points: i64) -> QueryResult<i64> {
    let n: Option<i64> = point_counts::table
        .filter(point_counts::scope.eq(scope))
        .filter(point_counts::points.gt(points))
        .select(sum(point_counts::members))
        .first(conn)?;
    Ok(n.unwrap_or(0))
}

/// A member's place on the all-time board: 1 + the members before them.
pub fn place_all(conn: &mut DbConn, user_id: &str) -> QueryResult<Option<(i64, i64)>> {
    let Some((points, at, suspended)) = users::table
        .find(user_id)
        .select((users::points, users::points_at, users::suspended_at))
        .first::<(i64, Option<NaiveDateTime>, Option<NaiveDateTime>)>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let Some(at) = at.filter(|_| points > 0 && suspended.is_none()) else { return Ok(None) };
    let above = members_above(conn, ALL_TIME, points)?;
    let tied: i64 = users::table
        .filter(users::points.eq(points))
        .filter(reached("points_at", "id", "<", at, user_id))
        .count()
        .get_result(conn)?;
    let suspended = suspended_standings(conn, None)?;
    Ok(Some((rules::place(above, tied, ahead_of(&suspended, points, at, user_id)), points)))
}

/// A member's place on a precomputed board.
pub fn place_scope(conn: &mut DbConn, scope: &str, user_id: &str) -> QueryResult<Option<(i64, i64)>> {
    let Some((points, at)) = point_totals::table
        .inner_join(users::table)
        .filter(point_totals::scope.eq(scope))
        .filter(point_totals::user_id.eq(user_id))
        .filter(users::suspended_at.is_null())
        .select((point_totals::points, point_totals::reached_at))
        .first::<(i64, NaiveDateTime)>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    if points <= 0 {
        return Ok(None);
    }
    let above = members_above(conn, scope, points)?;
    let tied: i64 = point_totals::table
        .filter(point_totals::scope.eq(scope))
        .filter(point_totals::points.eq(points))
        .filter(reached("reached_at", "user_id", "<", at, user_id))
        .count()
        .get_result(conn)?;
    let suspended = suspended_standings(conn, Some(scope))?;
    Ok(Some((rules::place(above, tied, ahead_of(&suspended, points, at, user_id)), points)))
}

/// `(time, id) <op> (at, user_id)`, the board's order among equal points:
/// `<` reached them earlier (or at the same instant with a lower id), `>`
/// later. A row-value comparison is an index bound on both backends (the OR
/// of two conditions is scanned and filtered).
fn reached(
    time: &'static str,
    id: &'static str,
    op: &'static str,
    at: NaiveDateTime,
    user_id: &str,
) -> diesel::expression::SqlLiteral<
    diesel::sql_types::Bool,
    impl diesel::query_builder::QueryFragment<crate::db::MultiBackend>,
> {
    diesel::dsl::sql::<diesel::sql_types::Bool>(&format!("({time}, {id}) {op} ("))
        .bind::<diesel::sql_types::Timestamp, _>(at)
        .sql(", ")
        .bind::<diesel::sql_types::Text, _>(user_id.to_string())
        .sql(")")
}

/// The suspended members' standings on a board, (points, reached at, id):
/// read through the partial index on the few suspended accounts, so that
/// the members ahead of someone are counted without a scan of the board.
fn suspended_standings(conn: &mut DbConn, scope: Option<&str>) -> QueryResult<Vec<(i64, NaiveDateTime, String)>> {
    let suspended: Vec<(String, i64, Option<NaiveDateTime>)> = users::table
        .filter(users::suspended_at.is_not_null())
        .select((users::id, users::points, users::points_at))
        .load(conn)?;
    let Some(scope) = scope else {
        return Ok(suspended.into_iter().filter_map(|(id, points, at)| Some((points, at?, id))).collect());
    };
    let totals = point_totals::table.select((point_totals::user_id, point_totals::points, point_totals::reached_at));
    let mut rows: Vec<(String, i64, NaiveDateTime)> = Vec::new();
    if matches!(conn, DbConn::Sqlite(_)) {
        // SQLite's planner (without statistics) answers `user_id IN (…)` by
        // scanning the board's index; a primary-key lookup each is a few ms.
        for (id, _, _) in &suspended {
            rows.extend(
                totals
                    .filter(point_totals::scope.eq(scope))
                    .filter(point_totals::user_id.eq(id))
                    .first(conn)
                    .optional()?,
            );
        }
    } else {
        for chunk in suspended.chunks(500) {
            let ids: Vec<&str> = chunk.iter().map(|s| s.0.as_str()).collect();
            rows.extend(
                totals.filter(point_totals::scope.eq(scope)).filter(point_totals::user_id.eq_any(ids)).load::<(
                    String,
                    i64,
                    NaiveDateTime,
                )>(
                    conn
                )?,
            );
        }
    }
    Ok(rows.into_iter().map(|(id, points, at)| (points, at, id)).collect())
}

/// How many of these standings come before (points, at, id) in the board's
/// order (more points; as many, reached earlier; then the lower id).
fn ahead_of(standings: &[(i64, NaiveDateTime, String)], points: i64, at: NaiveDateTime, user_id: &str) -> i64 {
    standings.iter().filter(|(p, a, id)| *p > points || (*p == points && (*a, id.as_str()) < (at, user_id))).count()
        as i64
}

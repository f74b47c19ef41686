//! Ledger rows. Entries are only ever inserted; balances and leaderboard
//! totals move in the same transaction by exactly the amount of an entry that
//! was inserted.

use chrono::NaiveDateTime;
use diesel::dsl::sum;
use diesel::prelude::*;

use uuid::Uuid;

use super::rules;
use crate::db::schema::{point_counts, point_entries, point_totals, point_windows, user_badges, users};
use crate::db::DbConn;
use crate::per_backend;

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
/// moved.
pub fn lock_users(conn: &mut DbConn, ids: &mut Vec<String>) -> QueryResult<()> {
    ids.sort();
    ids.dedup();
    for id in ids.iter() {
        diesel::update(users::table.find(id)).set(users::points.eq(users::points)).execute(conn)?;
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

/// UPDATE, else INSERT: safe because the member's row lock is held, so no
/// other transaction inserts the same (scope, member) meanwhile.
fn bump_total(conn: &mut DbConn, scope: &str, user_id: &str, amount: i32, at: NaiveDateTime) -> QueryResult<()> {
    let amount = i64::from(amount);
    let moved: Option<i64> = diesel::update(point_totals::table.find((scope, user_id)))
        .set((point_totals::points.eq(point_totals::points + amount), point_totals::reached_at.eq(at)))
        .returning(point_totals::points)
        .get_result(conn)
        .optional()?;
    let new = match moved {
        Some(new) => new,
        None => {
            diesel::insert_into(point_totals::table)
                .values((
                    point_totals::scope.eq(scope),
                    point_totals::user_id.eq(user_id),
                    point_totals::points.eq(amount),
                    point_totals::reached_at.eq(at),
                ))
                .execute(conn)?;
            amount
        }
    };
    count_moves(conn, scope, &rules::bucket_moves(new - amount, new))
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

// ---- the rolling window ----------------------------------------------------

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

// ---- leaderboards ------------------------------------------------------------
//
// Pages are keyset ranges of the board indexes (`users_board`,
// `point_totals_board`): a later page costs what the first does. A member's
// place is the members with more points, summed from the board's histogram
// (`point_counts`), plus an index range count of those tied but ahead, less
// the suspended members ahead (a partial index on the few suspended
// accounts). The histogram moves in the transaction of every total it
// counts, and `ledger verify` checks it against the ledger.

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

// ---- badges --------------------------------------------------------------------

pub fn badges_of(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<(String, NaiveDateTime)>> {
    user_badges::table
        .filter(user_badges::user_id.eq(user_id))
        .order((user_badges::awarded_at.asc(), user_badges::badge.asc()))
        .select((user_badges::badge, user_badges::awarded_at))
        .load(conn)
}

/// Awards a badge once; 1 when this call awarded it.
pub fn insert_badge(conn: &mut DbConn, user_id: &str, badge: &str, at: NaiveDateTime) -> QueryResult<usize> {
    let row = (user_badges::user_id.eq(user_id), user_badges::badge.eq(badge), user_badges::awarded_at.eq(at));
    per_backend!(conn, c => diesel::insert_into(user_badges::table).values(row).on_conflict_do_nothing().execute(c))
}

/// How many members hold each badge.
pub fn badge_counts(conn: &mut DbConn) -> QueryResult<Vec<(String, i64)>> {
    user_badges::table.group_by(user_badges::badge).select((user_badges::badge, diesel::dsl::count_star())).load(conn)
}

// ---- the histograms' upkeep -----------------------------------------------------

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

// ---- verification --------------------------------------------------------------

/// What `ledger verify` found: a cache that differs from the ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// The member whose cached sum differs (empty for a histogram bucket).
    pub handle: String,
    /// `balance`, `30d` or `challenge:<id>`; for a bucket, its board (`all`, `30d`, `challenge:<id>`).
    pub scope: String,
    /// The histogram bucket (a points value) whose member count differs.
    pub bucket: Option<i64>,
    pub cached: i64,
    pub ledger: i64,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let off = self.cached - self.ledger;
        match self.bucket {
            None => write!(
                f,
                "{}: {} cached {}, sum of entries {} (off by {off})",
                self.handle, self.scope, self.cached, self.ledger
            ),
            Some(points) => write!(
                f,
                "board {}: members with {points} points counted {}, by the entries {} (off by {off})",
                self.scope, self.cached, self.ledger
            ),
        }
    }
}

type Sums = std::collections::HashMap<String, i64>;

/// Every cached sum (balance, window and challenge totals) compared with the
/// sum of the entries it caches; and every board's histogram compared with
/// the members per total that the entries give.
pub fn differences(conn: &mut DbConn) -> QueryResult<Vec<Difference>> {
    use std::collections::{BTreeMap, HashMap};
    let handles: HashMap<String, String> =
        users::table.select((users::id, users::handle)).load(conn)?.into_iter().collect();
    let name = |id: &str| handles.get(id).cloned().unwrap_or_else(|| id.to_string());
    let mut found = Vec::new();
    // Members per positive total, by the entries, board by board.
    let mut histograms: BTreeMap<String, BTreeMap<i64, i64>> = BTreeMap::new();
    let mut compare = |found: &mut Vec<Difference>, scope: &str, board: &str, cached: Sums, ledger: Sums| {
        let histogram = histograms.entry(board.to_string()).or_default();
        for total in ledger.values().filter(|t| **t > 0) {
            *histogram.entry(*total).or_default() += 1;
        }
        let mut ids: Vec<&String> = cached.keys().chain(ledger.keys()).collect();
        ids.sort();
        ids.dedup();
        for id in ids {
            let (c, l) = (cached.get(id).copied().unwrap_or(0), ledger.get(id).copied().unwrap_or(0));
            if c != l {
                found.push(Difference {
                    handle: name(id),
                    scope: scope.to_string(),
                    bucket: None,
                    cached: c,
                    ledger: l,
                });
            }
        }
    };
    let sums = |rows: Vec<(String, Option<i64>)>| rows.into_iter().map(|(u, s)| (u, s.unwrap_or(0))).collect::<Sums>();

    let ledger = sums(
        point_entries::table
            .group_by(point_entries::user_id)
            .select((point_entries::user_id, sum(point_entries::amount)))
            .load(conn)?,
    );
    let cached: Sums = users::table.select((users::id, users::points)).load(conn)?.into_iter().collect();
    compare(&mut found, "balance", ALL_TIME, cached, ledger);

    if let Some(from) = window_from(conn, WINDOW_30D)? {
        let ledger = sums(
            point_entries::table
                .filter(point_entries::created_at.ge(from))
                .group_by(point_entries::user_id)
                .select((point_entries::user_id, sum(point_entries::amount)))
                .load(conn)?,
        );
        let cached = totals_of(conn, WINDOW_30D)?;
        compare(&mut found, WINDOW_30D, WINDOW_30D, cached, ledger);
    }

    let per_challenge: Vec<(Option<String>, String, Option<i64>)> = point_entries::table
        .filter(point_entries::challenge_id.is_not_null())
        .group_by((point_entries::challenge_id, point_entries::user_id))
        .select((point_entries::challenge_id, point_entries::user_id, sum(point_entries::amount)))
        .load(conn)?;
    let mut ledger: HashMap<String, Sums> = HashMap::new();
    for (cid, user, s) in per_challenge {
        if let Some(cid) = cid {
            ledger.entry(challenge_scope(&cid)).or_default().insert(user, s.unwrap_or(0));
        }
    }
    let scopes: Vec<String> = point_totals::table
        .filter(point_totals::scope.like("challenge:%"))
        .select(point_totals::scope)
        .distinct()
        .load(conn)?;
    let mut all: Vec<String> = scopes.into_iter().chain(ledger.keys().cloned()).collect();
    all.sort();
    all.dedup();
    for scope in all {
        let cached = totals_of(conn, &scope)?;
        compare(&mut found, &scope, &scope, cached, ledger.remove(&scope).unwrap_or_default());
    }

    // The histograms as kept (base rows and deltas not folded yet).
    let kept: Vec<(String, i64, Option<i64>)> = point_counts::table
        .group_by((point_counts::scope, point_counts::points))
        .select((point_counts::scope, point_counts::points, sum(point_counts::members)))
        .load(conn)?;
    let mut cached: BTreeMap<String, BTreeMap<i64, i64>> = BTreeMap::new();
    for (scope, points, n) in kept {
        cached.entry(scope).or_default().insert(points, n.unwrap_or(0));
    }
    let boards: std::collections::BTreeSet<String> = cached.keys().chain(histograms.keys()).cloned().collect();
    for board in boards {
        let (c, l) = (cached.remove(&board).unwrap_or_default(), histograms.remove(&board).unwrap_or_default());
        let buckets: std::collections::BTreeSet<i64> = c.keys().chain(l.keys()).copied().collect();
        for points in buckets {
            let (cn, ln) = (c.get(&points).copied().unwrap_or(0), l.get(&points).copied().unwrap_or(0));
            if cn != ln {
                found.push(Difference {
                    handle: String::new(),
                    scope: board.clone(),
                    bucket: Some(points),
                    cached: cn,
                    ledger: ln,
                });
            }
        }
    }
    Ok(found)
}

fn totals_of(conn: &mut DbConn, scope: &str) -> QueryResult<Sums> {
    Ok(point_totals::table
        .filter(point_totals::scope.eq(scope))
        .select((point_totals::user_id, point_totals::points))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect())
}

/// Sets each differing cache to the ledger's sum, and moves each differing
/// histogram bucket by its difference (as a delta, like every other change
/// to it), in one transaction.
pub fn repair(conn: &mut DbConn, diffs: &[Difference]) -> QueryResult<()> {
    crate::db::write_tx(conn, |conn| {
        for d in diffs {
            if let Some(points) = d.bucket {
                let by = i32::try_from(d.ledger - d.cached).map_err(|_| diesel::result::Error::RollbackTransaction)?;
                count_moves(conn, &d.scope, &[(points, by)])?;
                continue;
            }
            let Some(user_id) =
                users::table.filter(users::handle.eq(&d.handle)).select(users::id).first::<String>(conn).optional()?
            else {
                continue;
            };
            if d.scope == "balance" {
                diesel::update(users::table.find(&user_id)).set(users::points.eq(d.ledger)).execute(conn)?;
            } else {
                let moved = diesel::update(point_totals::table.find((&d.scope, &user_id)))
                    .set(point_totals::points.eq(d.ledger))
                    .execute(conn)?;
                if moved == 0 {
                    let at = crate::clock::now();
                    diesel::insert_into(point_totals::table)
                        .values((
                            point_totals::scope.eq(&d.scope),
                            point_totals::user_id.eq(&user_id),
                            point_totals::points.eq(d.ledger),
                            point_totals::reached_at.eq(at),
                        ))
                        .execute(conn)?;
                }
            }
        }
        Ok(())
    })
}

//! Ledger rows. Entries are only ever inserted; balances and leaderboard
//! totals move in the same transaction by exactly the amount of an entry that
//! was inserted.

use chrono::NaiveDateTime;
use diesel::dsl::sum;
use diesel::prelude::*;

use crate::db::schema::{point_entries, point_totals, point_windows, user_badges, users};
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

/// Moves the cached balance and the leaderboard totals by an inserted
/// entry's amount (under the member's row lock).
pub fn apply(conn: &mut DbConn, row: &EntryRow) -> QueryResult<()> {
    diesel::update(users::table.find(&row.user_id))
        .set((users::points.eq(users::points + i64::from(row.amount)), users::points_at.eq(Some(row.created_at))))
        .execute(conn)?;
    bump_total(conn, WINDOW_30D, &row.user_id, row.amount, row.created_at)?;
    if let Some(cid) = &row.challenge_id {
        bump_total(conn, &challenge_scope(cid), &row.user_id, row.amount, row.created_at)?;
    }
    Ok(())
}

/// UPDATE, else INSERT: safe because the member's row lock is held, so no
/// other transaction inserts the same (scope, member) meanwhile.
fn bump_total(conn: &mut DbConn, scope: &str, user_id: &str, amount: i32, at: NaiveDateTime) -> QueryResult<()> {
    let moved = diesel::update(point_totals::table.find((scope, user_id)))
        .set((point_totals::points.eq(point_totals::points + i64::from(amount)), point_totals::reached_at.eq(at)))
        .execute(conn)?;
    if moved == 0 {
        diesel::insert_into(point_totals::table)
            .values((
                point_totals::scope.eq(scope),
                point_totals::user_id.eq(user_id),
                point_totals::points.eq(i64::from(amount)),
                point_totals::reached_at.eq(at),
            ))
            .execute(conn)?;
    }
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
pub fn chain(conn: &mut DbConn, user_id: &str, rule: &str, cause_type: &str, cause_id: &str) -> QueryResult<Vec<EntryRow>> {
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
    for (user_id, amount) in &leaving {
        let amount = amount.unwrap_or(0);
        if amount != 0 {
            diesel::update(point_totals::table.find((scope, user_id)))
                .set(point_totals::points.eq(point_totals::points - amount))
                .execute(conn)?;
        }
    }
    diesel::update(point_windows::table.find(scope)).set(point_windows::day_from.eq(new_from)).execute(conn)?;
    Ok(leaving.len())
}

// ---- leaderboards ------------------------------------------------------------
//
// Pages are keyset ranges of the board indexes (`users_board`,
// `point_totals_board`): a later page costs what the first does. A member's
// place is two index-only range counts (more points; as many, reached
// earlier) minus the suspended members ahead, found through a partial index
// on the few suspended accounts.

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
    let page = |conn: &mut DbConn, same: Option<&BoardAfter>, below: Option<i64>, limit: i64| -> QueryResult<Vec<BoardRow>> {
        let mut q = users::table
            .filter(users::suspended_at.is_null())
            .filter(users::points.gt(0))
            .filter(users::points_at.is_not_null())
            .into_boxed();
        if let Some(a) = same {
            q = q.filter(users::points.eq(a.points)).filter(
                users::points_at.gt(a.at).or(users::points_at.eq(a.at).and(users::id.gt(a.id.clone()))),
            );
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
pub fn board_scope(conn: &mut DbConn, scope: &str, after: Option<&BoardAfter>, limit: i64) -> QueryResult<Vec<BoardRow>> {
    let page = |conn: &mut DbConn, same: Option<&BoardAfter>, below: Option<i64>, limit: i64| -> QueryResult<Vec<BoardRow>> {
        let mut q = point_totals::table
            .inner_join(users::table)
            .filter(point_totals::scope.eq(scope))
            .filter(point_totals::points.gt(0))
            .filter(users::suspended_at.is_null())
            .into_boxed();
        if let Some(a) = same {
            q = q.filter(point_totals::points.eq(a.points)).filter(
                point_totals::reached_at
                    .gt(a.at)
                    .or(point_totals::reached_at.eq(a.at).and(point_totals::user_id.gt(a.id.clone()))),
            );
        }
        if let Some(p) = below {
            q = q.filter(point_totals::points.lt(p));
        }
        q.order((point_totals::points.desc(), point_totals::reached_at.asc(), point_totals::user_id.asc()))
            .limit(limit)
            .select((users::id, users::handle, users::display_name, point_totals::points, users::points, point_totals::reached_at))
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
    let more: i64 = users::table.filter(users::points.gt(points)).count().get_result(conn)?;
    let tied: i64 = users::table
        .filter(users::points.eq(points))
        .filter(users::points_at.lt(at).or(users::points_at.eq(at).and(users::id.lt(user_id))))
        .count()
        .get_result(conn)?;
    let suspended_ahead: i64 = users::table
        .filter(users::suspended_at.is_not_null())
        .filter(
            users::points.gt(points).or(users::points.eq(points).and(
                users::points_at.lt(at).or(users::points_at.eq(at).and(users::id.lt(user_id))),
            )),
        )
        .count()
        .get_result(conn)?;
    Ok(Some((more + tied - suspended_ahead + 1, points)))
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
    let more: i64 = point_totals::table
        .filter(point_totals::scope.eq(scope))
        .filter(point_totals::points.gt(points))
        .count()
        .get_result(conn)?;
    let tied: i64 = point_totals::table
        .filter(point_totals::scope.eq(scope))
        .filter(point_totals::points.eq(points))
        .filter(point_totals::reached_at.lt(at).or(point_totals::reached_at.eq(at).and(point_totals::user_id.lt(user_id))))
        .count()
        .get_result(conn)?;
    let suspended_ahead: i64 = users::table
        .inner_join(point_totals::table)
        .filter(users::suspended_at.is_not_null())
        .filter(point_totals::scope.eq(scope))
        .filter(
            point_totals::points.gt(points).or(point_totals::points.eq(points).and(
                point_totals::reached_at
                    .lt(at)
                    .or(point_totals::reached_at.eq(at).and(point_totals::user_id.lt(user_id))),
            )),
        )
        .count()
        .get_result(conn)?;
    Ok(Some((more + tied - suspended_ahead + 1, points)))
}

/// The challenges a member has points in.
pub fn challenge_scopes_of(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<String>> {
    point_totals::table
        .filter(point_totals::user_id.eq(user_id))
        .filter(point_totals::scope.like("challenge:%"))
        .select(point_totals::scope)
        .load(conn)
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
    user_badges::table
        .group_by(user_badges::badge)
        .select((user_badges::badge, diesel::dsl::count_star()))
        .load(conn)
}

// ---- verification --------------------------------------------------------------

/// What `ledger verify` found: a cache that differs from the ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    pub handle: String,
    /// `balance`, `30d` or `challenge:<id>`.
    pub scope: String,
    pub cached: i64,
    pub ledger: i64,
}

/// Every cached sum (balance, window and challenge totals) compared with the
/// sum of the entries it caches.
pub fn differences(conn: &mut DbConn) -> QueryResult<Vec<Difference>> {
    use std::collections::HashMap;
    let handles: HashMap<String, String> = users::table.select((users::id, users::handle)).load(conn)?.into_iter().collect();
    let name = |id: &str| handles.get(id).cloned().unwrap_or_else(|| id.to_string());
    let mut found = Vec::new();
    let compare = |found: &mut Vec<Difference>, scope: &str, cached: HashMap<String, i64>, ledger: HashMap<String, i64>| {
        let mut ids: Vec<&String> = cached.keys().chain(ledger.keys()).collect();
        ids.sort();
        ids.dedup();
        for id in ids {
            let (c, l) = (cached.get(id).copied().unwrap_or(0), ledger.get(id).copied().unwrap_or(0));
            if c != l {
                found.push(Difference { handle: name(id), scope: scope.to_string(), cached: c, ledger: l });
            }
        }
    };
    let sums = |rows: Vec<(String, Option<i64>)>| rows.into_iter().map(|(u, s)| (u, s.unwrap_or(0))).collect::<HashMap<_, _>>();

    let ledger = sums(point_entries::table.group_by(point_entries::user_id).select((point_entries::user_id, sum(point_entries::amount))).load(conn)?);
    let cached: HashMap<String, i64> = users::table.select((users::id, users::points)).load(conn)?.into_iter().collect();
    compare(&mut found, "balance", cached, ledger);

    if let Some(from) = window_from(conn, WINDOW_30D)? {
        let ledger = sums(
            point_entries::table
                .filter(point_entries::created_at.ge(from))
                .group_by(point_entries::user_id)
                .select((point_entries::user_id, sum(point_entries::amount)))
                .load(conn)?,
        );
        let cached = totals_of(conn, WINDOW_30D)?;
        compare(&mut found, WINDOW_30D, cached, ledger);
    }

    let per_challenge: Vec<(Option<String>, String, Option<i64>)> = point_entries::table
        .filter(point_entries::challenge_id.is_not_null())
        .group_by((point_entries::challenge_id, point_entries::user_id))
        .select((point_entries::challenge_id, point_entries::user_id, sum(point_entries::amount)))
        .load(conn)?;
    let mut ledger: HashMap<String, HashMap<String, i64>> = HashMap::new();
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
        compare(&mut found, &scope, cached, ledger.remove(&scope).unwrap_or_default());
    }
    Ok(found)
}

fn totals_of(conn: &mut DbConn, scope: &str) -> QueryResult<std::collections::HashMap<String, i64>> {
    Ok(point_totals::table
        .filter(point_totals::scope.eq(scope))
        .select((point_totals::user_id, point_totals::points))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect())
}

/// Sets each differing cache to the ledger's sum (in one transaction).
pub fn repair(conn: &mut DbConn, diffs: &[Difference]) -> QueryResult<()> {
    crate::db::write_tx(conn, |conn| {
        for d in diffs {
            let Some(user_id) = users::table.filter(users::handle.eq(&d.handle)).select(users::id).first::<String>(conn).optional()? else {
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

//! Verification (`ledger verify`): every cache compared with the ledger it
//! caches, and repaired from it.

use diesel::dsl::sum;
use diesel::prelude::*;

use super::ledger::{challenge_scope, count_moves, ALL_TIME, WINDOW_30D};
use super::window::window_from;
use crate::db::schema::{point_counts, point_entries, point_totals, users};
use crate::db::DbConn;

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

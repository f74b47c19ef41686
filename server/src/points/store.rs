//! Ledger rows. Entries are only ever inserted; balances move in the same
//! transaction by exactly the amount of an entry that was inserted.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{point_entries, users};
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
}

/// Inserts an entry unless its key (or, for a reversal, the entry it
/// reverses) is already there; 1 when inserted.
pub fn insert(conn: &mut DbConn, row: &EntryRow) -> QueryResult<usize> {
    per_backend!(conn, c => diesel::insert_into(point_entries::table).values(row).on_conflict_do_nothing().execute(c))
}

/// Takes the members' row locks in id order (so two transactions never wait
/// on each other's members), before their caps are counted.
pub fn lock_users(conn: &mut DbConn, ids: &mut Vec<String>) -> QueryResult<()> {
    ids.sort();
    ids.dedup();
    for id in ids.iter() {
        diesel::update(users::table.find(id)).set(users::points.eq(users::points)).execute(conn)?;
    }
    Ok(())
}

pub fn add_to_balance(conn: &mut DbConn, user_id: &str, amount: i32) -> QueryResult<usize> {
    diesel::update(users::table.find(user_id)).set(users::points.eq(users::points + i64::from(amount))).execute(conn)
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

/// The paying entry of an event, if any.
pub fn award_of(conn: &mut DbConn, user_id: &str, rule: &str, cause_type: &str, cause_id: &str) -> QueryResult<Option<EntryRow>> {
    point_entries::table
        .filter(point_entries::user_id.eq(user_id))
        .filter(point_entries::rule.eq(rule))
        .filter(point_entries::cause_type.eq(cause_type))
        .filter(point_entries::cause_id.eq(cause_id))
        .filter(point_entries::reverses.is_null())
        .select(EntryRow::as_select())
        .first(conn)
        .optional()
}

pub fn balance(conn: &mut DbConn, user_id: &str) -> QueryResult<i64> {
    users::table.find(user_id).select(users::points).first(conn)
}

/// Members whose cached balance differs from the sum of their entries:
/// (handle, cached, sum).
pub fn differences(conn: &mut DbConn) -> QueryResult<Vec<(String, i64, i64)>> {
    let sums: Vec<(String, Option<i64>)> = point_entries::table
        .group_by(point_entries::user_id)
        .select((point_entries::user_id, diesel::dsl::sum(point_entries::amount)))
        .load(conn)?;
    let sums: std::collections::HashMap<String, i64> = sums.into_iter().map(|(u, s)| (u, s.unwrap_or(0))).collect();
    let cached: Vec<(String, String, i64)> = users::table.select((users::id, users::handle, users::points)).load(conn)?;
    Ok(cached
        .into_iter()
        .filter_map(|(id, handle, points)| {
            let sum = sums.get(&id).copied().unwrap_or(0);
            (sum != points).then_some((handle, points, sum))
        })
        .collect())
}

//! Writing the ledger, in the transaction of the action that earns or loses
//! the points.

use chrono::NaiveDateTime;
use uuid::Uuid;

use super::rules::{self, Rule};
use super::store::{self, EntryRow};
use crate::db::DbConn;
use crate::error::AppResult;

/// One event that pays a member.
pub struct Award<'a> {
    pub user_id: &'a str,
    pub rule: Rule,
    pub cause_type: &'a str,
    pub cause_id: &'a str,
    pub tier: Option<i32>,
}

fn day_start(now: NaiveDateTime) -> NaiveDateTime {
    now.date().and_hms_opt(0, 0, 0).unwrap_or(now)
}

/// Pays each event once (a repeat of the same key pays nothing); daily caps
/// are counted under the members' row locks. Returns the amounts paid.
pub fn award(conn: &mut DbConn, awards: &[Award], now: NaiveDateTime) -> AppResult<Vec<i32>> {
    let mut users: Vec<String> = awards.iter().map(|a| a.user_id.to_string()).collect();
    store::lock_users(conn, &mut users)?;
    let mut paid = Vec::with_capacity(awards.len());
    for a in awards {
        let today = match a.rule.spec().daily_cap {
            Some(_) => i32::try_from(store::paid_since(conn, a.user_id, a.rule.as_str(), day_start(now))?).unwrap_or(i32::MAX),
            None => 0,
        };
        let amount = rules::award(a.rule, a.tier, today);
        if amount == 0 {
            paid.push(0);
            continue;
        }
        let row = EntryRow {
            id: Uuid::now_v7().to_string(),
            user_id: a.user_id.to_string(),
            amount,
            rule: a.rule.as_str().to_string(),
            cause_type: a.cause_type.to_string(),
            cause_id: a.cause_id.to_string(),
            reverses: None,
            created_at: now,
        };
        if store::insert(conn, &row)? == 1 {
            store::add_to_balance(conn, a.user_id, amount)?;
            paid.push(amount);
        } else {
            paid.push(0);
        }
    }
    Ok(paid)
}

/// Reverses what these events paid, once each, by new entries that name the
/// entries they reverse. Events that paid nothing are left alone.
pub fn reverse(conn: &mut DbConn, awards: &[Award], now: NaiveDateTime) -> AppResult<i32> {
    let mut users: Vec<String> = awards.iter().map(|a| a.user_id.to_string()).collect();
    store::lock_users(conn, &mut users)?;
    let mut total = 0;
    for a in awards {
        let Some(original) = store::award_of(conn, a.user_id, a.rule.as_str(), a.cause_type, a.cause_id)? else { continue };
        let row = EntryRow {
            id: Uuid::now_v7().to_string(),
            user_id: original.user_id.clone(),
            amount: -original.amount,
            rule: original.rule.clone(),
            cause_type: original.cause_type.clone(),
            cause_id: original.cause_id.clone(),
            reverses: Some(original.id.clone()),
            created_at: now,
        };
        if store::insert(conn, &row)? == 1 {
            store::add_to_balance(conn, &original.user_id, row.amount)?;
            total += row.amount;
        }
    }
    Ok(total)
}

/// The cause id of a support: the support itself (a later support of the
/// same idea by the same member is a new event).
pub fn support_cause(idea_id: &str, supporter: &str, at: NaiveDateTime) -> String {
    format!("{idea_id}:{supporter}:{}", at.and_utc().timestamp_micros())
}

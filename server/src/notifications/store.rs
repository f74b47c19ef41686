//! Notification rows. Fan-out to an idea's supporters is one INSERT … SELECT,
//! in the caller's transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text, Timestamp};

use crate::db::schema::{notifications, product_follows, supports};
use crate::db::DbConn;
use crate::per_backend;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = notifications)]
pub struct NotificationRow {
    pub id: i64,
    pub user_id: String,
    pub kind: String,
    pub idea_id: Option<String>,
    pub data: String,
    pub read_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

pub fn notify(
    conn: &mut DbConn,
    user_id: &str,
    kind: &str,
    idea_id: Option<&str>,
    data: &serde_json::Value,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(notifications::table)
        .values((
            notifications::user_id.eq(user_id),
            notifications::kind.eq(kind),
            notifications::idea_id.eq(idea_id),
            notifications::data.eq(data.to_string()),
            notifications::created_at.eq(now),
        ))
        .execute(conn)
}

/// Notifies every supporter of the idea (but `except`, the member who acted).
pub fn notify_supporters(
    conn: &mut DbConn,
    idea_id: &str,
    kind: &str,
    data: &serde_json::Value,
    now: NaiveDateTime,
    except: Option<&str>,
) -> QueryResult<usize> {
    let data = data.to_string();
    let except = except.unwrap_or("").to_string();
    per_backend!(conn, c => {
        let recipients = supports::table
            .filter(supports::idea_id.eq(idea_id))
            .filter(supports::user_id.ne(except.clone()))
            .select((
                supports::user_id,
                kind.into_sql::<Text>(),
                Some(idea_id).into_sql::<Nullable<Text>>(),
                data.clone().into_sql::<Text>(),
                now.into_sql::<Timestamp>(),
            ));
        diesel::insert_into(notifications::table)
            .values(recipients)
            .into_columns((
                notifications::user_id,
                notifications::kind,
                notifications::idea_id,
                notifications::data,
                notifications::created_at,
            ))
            .execute(c)
    })
}

/// Notifies every follower of the product (but `except`, the member who acted), in one INSERT … SELECT.
pub fn notify_followers(
    conn: &mut DbConn,
    product_id: &str,
    kind: &str,
    data: &serde_json::Value,
    now: NaiveDateTime,
    except: Option<&str>,
) -> QueryResult<usize> {
    let data = data.to_string();
    let except = except.unwrap_or("").to_string();
    per_backend!(conn, c => {
        let recipients = product_follows::table
            .filter(product_follows::product_id.eq(product_id))
            .filter(product_follows::user_id.ne(except.clone()))
            .select((
                product_follows::user_id,
                kind.into_sql::<Text>(),
                None::<String>.into_sql::<Nullable<Text>>(),
                data.clone().into_sql::<Text>(),
                now.into_sql::<Timestamp>(),
            ));
        diesel::insert_into(notifications::table)
            .values(recipients)
            .into_columns((
                notifications::user_id,
                notifications::kind,
                notifications::idea_id,
                notifications::data,
                notifications::created_at,
            ))
            .execute(c)
    })
}

pub fn list(
    conn: &mut DbConn,
    user_id: &str,
    before: Option<i64>,
    unread_only: bool,
    limit: i64,
) -> QueryResult<Vec<NotificationRow>> {
    // Kinds the member turned off are not shown.
    let off = super::mail::kinds_off(conn, user_id)?;
    let mut q = notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::kind.ne_all(off))
        .select(NotificationRow::as_select())
        .into_boxed();
    if let Some(b) = before {
        q = q.filter(notifications::id.lt(b));
    }
    if unread_only {
        q = q.filter(notifications::read_at.is_null());
    }
    q.order(notifications::id.desc()).limit(limit + 1).load(conn)
}

pub fn unread_count(conn: &mut DbConn, user_id: &str) -> QueryResult<i64> {
    let off = super::mail::kinds_off(conn, user_id)?;
    notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::kind.ne_all(off))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)
}

/// Marks the member's notifications read: the given ids, or all of them.
pub fn mark_read(conn: &mut DbConn, user_id: &str, ids: Option<&[i64]>, now: NaiveDateTime) -> QueryResult<usize> {
    let mine = notifications::table.filter(notifications::user_id.eq(user_id)).filter(notifications::read_at.is_null());
    match ids {
        Some(ids) => {
            diesel::update(mine.filter(notifications::id.eq_any(ids))).set(notifications::read_at.eq(now)).execute(conn)
        }
        None => diesel::update(mine).set(notifications::read_at.eq(now)).execute(conn),
    }
}

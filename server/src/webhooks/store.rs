//! Webhook rows: endpoints, their subscriptions, the outbox of messages (one row per event and endpoint) and
//! the delivery log (one row per attempt). Never opens a transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Integer, Nullable, Text, Timestamp};

use crate::db::schema::{
    notifications, users, webhook_attempts, webhook_endpoints, webhook_messages, webhook_subscriptions,
};
use crate::db::DbConn;
use crate::per_backend;

pub const PENDING: &str = "pending";
pub const DELIVERED: &str = "delivered";
pub const FAILED: &str = "failed";

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = webhook_endpoints)]
pub struct EndpointRow {
    pub id: String,
    pub url: String,
    pub description: String,
    pub secret: String,
    pub previous_secret: Option<String>,
    pub previous_until: Option<NaiveDateTime>,
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(AsChangeset, Default, Debug)]
#[diesel(table_name = webhook_endpoints)]
pub struct EndpointChanges {
    pub url: Option<String>,
    pub description: Option<String>,
    pub enabled: Option<bool>,
    pub disabled_reason: Option<Option<String>>,
    pub updated_at: Option<NaiveDateTime>,
}

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = webhook_messages)]
pub struct MessageRow {
    pub id: i64,
    pub msg_id: String,
    pub endpoint_id: String,
    pub event: String,
    pub payload: String,
    pub status: String,
    pub attempts: i32,
    pub created_at: NaiveDateTime,
    pub next_attempt_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
}

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = webhook_attempts)]
pub struct AttemptRow {
    pub id: i64,
    pub message_id: i64,
    pub attempted_at: NaiveDateTime,
    pub response_status: Option<i32>,
    pub duration_ms: i32,
    pub succeeded: bool,
    pub error: Option<String>,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = webhook_attempts)]
pub struct NewAttempt<'a> {
    pub message_id: i64,
    pub endpoint_id: &'a str,
    pub attempted_at: NaiveDateTime,
    pub response_status: Option<i32>,
    pub duration_ms: i32,
    pub succeeded: bool,
    pub error: Option<&'a str>,
}

pub fn insert_endpoint(conn: &mut DbConn, row: &EndpointRow) -> QueryResult<usize> {
    diesel::insert_into(webhook_endpoints::table).values(row).execute(conn)
}

/// Replaces an endpoint's subscriptions.
pub fn set_events(conn: &mut DbConn, endpoint_id: &str, events: &[&str]) -> QueryResult<()> {
    diesel::delete(webhook_subscriptions::table.filter(webhook_subscriptions::endpoint_id.eq(endpoint_id)))
        .execute(conn)?;
    for e in events {
        diesel::insert_into(webhook_subscriptions::table)
            .values((webhook_subscriptions::endpoint_id.eq(endpoint_id), webhook_subscriptions::event.eq(*e)))
            .execute(conn)?;
    }
    Ok(())
}

pub fn events_of(conn: &mut DbConn, endpoint_ids: &[String]) -> QueryResult<Vec<(String, String)>> {
    webhook_subscriptions::table
        .filter(webhook_subscriptions::endpoint_id.eq_any(endpoint_ids))
        .order((webhook_subscriptions::endpoint_id, webhook_subscriptions::event))
        .select((webhook_subscriptions::endpoint_id, webhook_subscriptions::event))
        .load(conn)
}

pub fn list(conn: &mut DbConn) -> QueryResult<Vec<EndpointRow>> {
    webhook_endpoints::table.order(webhook_endpoints::id.asc()).select(EndpointRow::as_select()).load(conn)
}

pub fn get(conn: &mut DbConn, id: &str) -> QueryResult<Option<EndpointRow>> {
    webhook_endpoints::table.find(id).select(EndpointRow::as_select()).first(conn).optional()
}

pub fn update(conn: &mut DbConn, id: &str, changes: &EndpointChanges) -> QueryResult<usize> {
    diesel::update(webhook_endpoints::table.find(id)).set(changes).execute(conn)
}

pub fn rotate(
    conn: &mut DbConn,
    id: &str,
    secret: &str,
    previous: &str,
    previous_until: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(webhook_endpoints::table.find(id))
        .set((
            webhook_endpoints::secret.eq(secret),
            webhook_endpoints::previous_secret.eq(Some(previous)),
            webhook_endpoints::previous_until.eq(Some(previous_until)),
            webhook_endpoints::updated_at.eq(now),
        ))
        .execute(conn)
}

pub fn delete(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    // Children first: SQLite enforces the foreign keys, and not every backend cascades the same way.
    diesel::delete(webhook_attempts::table.filter(webhook_attempts::endpoint_id.eq(id))).execute(conn)?;
    diesel::delete(webhook_messages::table.filter(webhook_messages::endpoint_id.eq(id))).execute(conn)?;
    diesel::delete(webhook_subscriptions::table.filter(webhook_subscriptions::endpoint_id.eq(id))).execute(conn)?;
    diesel::delete(webhook_endpoints::table.find(id)).execute(conn)
}

/// Writes one outbox row per enabled endpoint subscribed to `event`, in one INSERT … SELECT, in the
/// caller's transaction.
pub fn fan_out(conn: &mut DbConn, event: &str, msg_id: &str, payload: &str, now: NaiveDateTime) -> QueryResult<usize> {
    let (event, msg_id, payload) = (event.to_string(), msg_id.to_string(), payload.to_string());
    per_backend!(conn, c => {
        let rows = webhook_subscriptions::table
            .inner_join(webhook_endpoints::table)
            .filter(webhook_subscriptions::event.eq(event.clone()))
            .filter(webhook_endpoints::enabled.eq(true))
            .select((
                msg_id.clone().into_sql::<Text>(),
                webhook_endpoints::id,
                event.clone().into_sql::<Text>(),
                payload.clone().into_sql::<Text>(),
                PENDING.into_sql::<Text>(),
                0.into_sql::<Integer>(),
                now.into_sql::<Timestamp>(),
                now.into_sql::<Timestamp>(),
            ));
        diesel::insert_into(webhook_messages::table)
            .values(rows)
            .into_columns((
                webhook_messages::msg_id,
                webhook_messages::endpoint_id,
                webhook_messages::event,
                webhook_messages::payload,
                webhook_messages::status,
                webhook_messages::attempts,
                webhook_messages::created_at,
                webhook_messages::next_attempt_at,
            ))
            .execute(c)
    })
}

/// The messages a worker may send now: per enabled endpoint its oldest pending message, if that one is due
/// and nobody holds it. A later message never overtakes an earlier one waiting for its retry.
pub fn due_heads(conn: &mut DbConn, now: NaiveDateTime, limit: i64) -> QueryResult<Vec<i64>> {
    let heads: Vec<i64> = webhook_messages::table
        .filter(webhook_messages::status.eq(PENDING))
        .group_by(webhook_messages::endpoint_id)
        .select(diesel::dsl::min(webhook_messages::id))
        .load::<Option<i64>>(conn)?
        .into_iter()
        .flatten()
        .collect();
    if heads.is_empty() {
        return Ok(Vec::new());
    }
    webhook_messages::table
        .inner_join(webhook_endpoints::table)
        .filter(webhook_endpoints::enabled.eq(true))
        .filter(webhook_messages::id.eq_any(heads))
        .filter(webhook_messages::next_attempt_at.le(now))
        .filter(webhook_messages::locked_until.is_null().or(webhook_messages::locked_until.lt(now)))
        .order(webhook_messages::id.asc())
        .limit(limit)
        .select(webhook_messages::id)
        .load(conn)
}

/// Takes a message for `holder` until `until`; true when this caller got it. One conditional UPDATE: of
/// several instances asking at once, one wins.
pub fn claim(conn: &mut DbConn, id: i64, holder: &str, now: NaiveDateTime, until: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        webhook_messages::table
            .filter(webhook_messages::id.eq(id))
            .filter(webhook_messages::status.eq(PENDING))
            .filter(webhook_messages::locked_until.is_null().or(webhook_messages::locked_until.lt(now))),
    )
    .set((webhook_messages::locked_until.eq(Some(until)), webhook_messages::locked_by.eq(Some(holder))))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn message(conn: &mut DbConn, id: i64) -> QueryResult<Option<MessageRow>> {
    webhook_messages::table.find(id).select(MessageRow::as_select()).first(conn).optional()
}

pub fn insert_attempt(conn: &mut DbConn, attempt: &NewAttempt<'_>) -> QueryResult<usize> {
    diesel::insert_into(webhook_attempts::table).values(attempt).execute(conn)
}

/// Ends a message held by `holder` (delivered or failed).
pub fn finish(conn: &mut DbConn, id: i64, holder: &str, status: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        webhook_messages::table.filter(webhook_messages::id.eq(id)).filter(webhook_messages::locked_by.eq(holder)),
    )
    .set((
        webhook_messages::status.eq(status),
        webhook_messages::attempts.eq(webhook_messages::attempts + 1),
        webhook_messages::finished_at.eq(Some(now)),
        webhook_messages::locked_until.eq(None::<NaiveDateTime>),
        webhook_messages::locked_by.eq(None::<String>),
    ))
    .execute(conn)
}

/// A failed attempt of a message held by `holder`: it waits until `next`.
pub fn retry_at(conn: &mut DbConn, id: i64, holder: &str, next: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        webhook_messages::table.filter(webhook_messages::id.eq(id)).filter(webhook_messages::locked_by.eq(holder)),
    )
    .set((
        webhook_messages::attempts.eq(webhook_messages::attempts + 1),
        webhook_messages::next_attempt_at.eq(next),
        webhook_messages::locked_until.eq(None::<NaiveDateTime>),
        webhook_messages::locked_by.eq(None::<String>),
    ))
    .execute(conn)
}

/// Disables an endpoint that is still enabled; true when this call did it.
pub fn disable(conn: &mut DbConn, id: &str, reason: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        webhook_endpoints::table.filter(webhook_endpoints::id.eq(id)).filter(webhook_endpoints::enabled.eq(true)),
    )
    .set((
        webhook_endpoints::enabled.eq(false),
        webhook_endpoints::disabled_reason.eq(Some(reason)),
        webhook_endpoints::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Notifies every active admin, in one INSERT … SELECT.
pub fn notify_admins(
    conn: &mut DbConn,
    kind: &str,
    data: &serde_json::Value,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let data = data.to_string();
    per_backend!(conn, c => {
        let recipients = users::table
            .filter(users::role.eq("admin"))
            .filter(users::suspended_at.is_null())
            .select((
                users::id,
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

/// An endpoint's latest messages, newest first.
pub fn messages_of(conn: &mut DbConn, endpoint_id: &str, limit: i64) -> QueryResult<Vec<MessageRow>> {
    webhook_messages::table
        .filter(webhook_messages::endpoint_id.eq(endpoint_id))
        .order(webhook_messages::id.desc())
        .limit(limit)
        .select(MessageRow::as_select())
        .load(conn)
}

pub fn attempts_of(conn: &mut DbConn, message_ids: &[i64]) -> QueryResult<Vec<AttemptRow>> {
    webhook_attempts::table
        .filter(webhook_attempts::message_id.eq_any(message_ids))
        .order(webhook_attempts::id.asc())
        .select(AttemptRow::as_select())
        .load(conn)
}

/// Queues a message again (manual redelivery): a new pending row with the same `webhook-id` and payload,
/// behind the endpoint's other messages.
pub fn requeue(conn: &mut DbConn, m: &MessageRow, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::insert_into(webhook_messages::table)
        .values((
            webhook_messages::msg_id.eq(&m.msg_id),
            webhook_messages::endpoint_id.eq(&m.endpoint_id),
            webhook_messages::event.eq(&m.event),
            webhook_messages::payload.eq(&m.payload),
            webhook_messages::status.eq(PENDING),
            webhook_messages::attempts.eq(0),
            webhook_messages::created_at.eq(now),
            webhook_messages::next_attempt_at.eq(now),
        ))
        .execute(conn)
}

/// The outbox's backlog: pending messages and the oldest one's creation (for /metrics and status).
pub fn backlog(conn: &mut DbConn) -> QueryResult<(i64, Option<NaiveDateTime>)> {
    let count = webhook_messages::table.filter(webhook_messages::status.eq(PENDING)).count().get_result(conn)?;
    let oldest = webhook_messages::table
        .filter(webhook_messages::status.eq(PENDING))
        .order(webhook_messages::id.asc())
        .select(webhook_messages::created_at)
        .first(conn)
        .optional()?;
    Ok((count, oldest))
}

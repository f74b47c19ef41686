//! Signed webhooks (docs/WEBHOOKS.md): admins register endpoints for events; every event that happens writes
//! one outbox row per subscribed endpoint in its own transaction (`emit`), and the delivery worker sends
//! them signed after the Standard Webhooks specification, in order per endpoint, retrying for a day.

pub mod api;
pub mod rules;
pub mod service;
pub mod store;
pub mod target;
pub mod worker;

use diesel::QueryResult;
use serde_json::json;

pub use rules::Event;

use crate::clock;
use crate::db::DbConn;

/// The notification admins get when an endpoint is disabled after a day of failures.
pub const DISABLED_KIND: &str = "webhook_disabled";

/// Queues `event` with `data` for every enabled endpoint subscribed to it, in the caller's transaction (one
/// INSERT … SELECT). The payload is `{"type", "timestamp", "data"}`; `data` holds ids and public handles only.
pub fn emit(conn: &mut DbConn, event: Event, data: &serde_json::Value) -> QueryResult<usize> {
    let now = clock::now();
    let payload = json!({
        "type": event.as_str(),
        "timestamp": clock::to_utc(now).to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        "data": data,
    });
    let msg_id = format!("msg_{}", uuid::Uuid::now_v7().simple());
    store::fan_out(conn, event.as_str(), &msg_id, &payload.to_string(), now)
}

/// `emit` with `data` (an object, such as a notification's) and the idea's id added to it.
pub fn emit_for_idea(conn: &mut DbConn, event: Event, idea_id: &str, data: &serde_json::Value) -> QueryResult<usize> {
    let mut data = data.clone();
    if let Some(obj) = data.as_object_mut() {
        obj.insert("idea_id".into(), json!(idea_id));
    }
    emit(conn, event, &data)
}

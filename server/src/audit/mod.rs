//! The audit log: every moderator and product-team action, who, what, when, why.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::accounts::Actor;
use crate::clock;
use crate::db::schema::audit_log;
use crate::db::DbConn;

pub mod api;
pub mod rules;
pub mod service;
pub mod store;

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub id: String,
    pub actor_id: Option<String>,
    pub actor_handle: String,
    pub actor_role: String,
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    pub reason: Option<String>,
    pub details: String,
    pub created_at: chrono::NaiveDateTime,
}

/// Writes one entry, in the caller's transaction.
pub fn record(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    target_type: &str,
    target_id: &str,
    reason: Option<&str>,
    details: serde_json::Value,
) -> QueryResult<usize> {
    let row = AuditRow {
        id: uuid::Uuid::now_v7().to_string(),
        actor_id: Some(actor.id.clone()),
        actor_handle: actor.handle.clone(),
        actor_role: actor.role.as_str().to_string(),
        action: action.to_string(),
        target_type: target_type.to_string(),
        target_id: target_id.to_string(),
        reason: reason.map(str::to_string),
        details: details.to_string(),
        created_at: clock::now(),
    };
    diesel::insert_into(audit_log::table).values(&row).execute(conn)
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditView {
    pub id: String,
    pub actor: String,
    pub actor_role: String,
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    pub reason: Option<String>,
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
    pub created_at: DateTime<Utc>,
    /// The page that shows the subject (an idea, the idea a comment is on, a member, …), where there is one.
    pub url: Option<String>,
}

impl AuditView {
    pub fn from_row(r: &AuditRow) -> AuditView {
        AuditView {
            id: r.id.clone(),
            actor: r.actor_handle.clone(),
            actor_role: r.actor_role.clone(),
            action: r.action.clone(),
            target_type: r.target_type.clone(),
            target_id: r.target_id.clone(),
            reason: r.reason.clone(),
            details: serde_json::from_str(&r.details).unwrap_or(serde_json::Value::Null),
            created_at: clock::to_utc(r.created_at),
            url: None,
        }
    }
}

//! Reading and clearing notifications.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::store;
use crate::accounts::Actor;
use crate::clock;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::pagination::{decode_cursor, finish_page, parse_limit};

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationView {
    pub id: i64,
    /// status_changed, comment, reply, creator_update, tier_reached, moderation, merged.
    pub kind: String,
    pub idea_id: Option<String>,
    /// What happened (idea title, states, who, note…), for the client to phrase.
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
    pub read: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationPage {
    pub items: Vec<NotificationView>,
    pub next_cursor: Option<String>,
    pub unread: i64,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct NotificationQuery {
    /// `true` for unread ones only.
    pub unread: Option<bool>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MarkRead {
    /// The notifications to mark read…
    pub ids: Option<Vec<i64>>,
    /// …or all of them.
    #[serde(default)]
    pub all: bool,
}

pub fn view(row: &store::NotificationRow) -> NotificationView {
    NotificationView {
        id: row.id,
        kind: row.kind.clone(),
        idea_id: row.idea_id.clone(),
        data: serde_json::from_str(&row.data).unwrap_or(serde_json::Value::Null),
        read: row.read_at.is_some(),
        created_at: clock::to_utc(row.created_at),
    }
}

pub async fn list(db: &Db, actor: &Actor, query: NotificationQuery) -> AppResult<NotificationPage> {
    let limit = parse_limit(query.limit.as_deref())?;
    let before = decode_cursor::<i64>(query.cursor.as_deref())?;
    let user = actor.id.clone();
    db.run(move |conn| {
        let rows = store::list(conn, &user, before, query.unread.unwrap_or(false), limit)?;
        let (rows, next_cursor) = finish_page(rows, limit, |r| r.id);
        Ok(NotificationPage {
            items: rows.iter().map(view).collect(),
            next_cursor,
            unread: store::unread_count(conn, &user)?,
        })
    })
    .await
}

pub async fn unread_count(db: &Db, actor: &Actor) -> AppResult<i64> {
    let user = actor.id.clone();
    db.run(move |conn| Ok(store::unread_count(conn, &user)?)).await
}

/// Marks read; answers the number still unread.
pub async fn mark_read(db: &Db, actor: &Actor, input: MarkRead) -> AppResult<i64> {
    if !input.all && input.ids.is_none() {
        return Err(AppError::field("ids", "required", "Send the ids to mark read, or all: true."));
    }
    let user = actor.id.clone();
    db.run(move |conn| {
        let ids = if input.all { None } else { input.ids };
        store::mark_read(conn, &user, ids.as_deref(), clock::now())?;
        Ok(store::unread_count(conn, &user)?)
    })
    .await
}

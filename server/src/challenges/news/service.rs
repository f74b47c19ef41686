//! Challenge news operations shared by the API, the pages and the feeds.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::rules;
use super::store::{self, NewsChanges, NewsRow};
use crate::accounts::{self, Actor};
use crate::challenges::store::{self as challenge_store, ChallengeRow};
use crate::clock;
use crate::db::{write_tx, Db, DbConn};
use crate::error::{AppError, AppResult, ErrorCode, Violations};
use crate::ids::{ChallengeId, NewsId};
use crate::markdown;
use crate::pagination::{decode_cursor, finish_page, parse_limit, Page};

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateNews {
    /// 3 to 120 characters.
    pub title: String,
    /// Markdown, at most 10000 characters.
    pub body: String,
    /// When the news shows to everyone (default: now). A later time schedules it; until then only the
    /// staff see it.
    pub published_at: Option<DateTime<Utc>>,
}

/// Fields to change; absent fields stay.
#[derive(Debug, Deserialize, Default, ToSchema)]
pub struct UpdateNews {
    pub title: Option<String>,
    pub body: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
}

/// Who wrote a post: handle and display name only.
#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct NewsAuthor {
    pub handle: String,
    pub display_name: String,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct NewsView {
    pub id: NewsId,
    pub challenge_id: ChallengeId,
    pub title: String,
    /// Markdown source.
    pub body: String,
    /// Sanitized HTML of the body.
    pub body_html: String,
    /// Null once the author's account is erased.
    pub author: Option<NewsAuthor>,
    pub published_at: DateTime<Utc>,
    /// Not yet published (seen only by the staff).
    pub scheduled: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct NewsQuery {
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

fn authors(conn: &mut DbConn, rows: &[NewsRow]) -> AppResult<HashMap<String, NewsAuthor>> {
    let ids: Vec<String> = rows.iter().filter_map(|r| r.author_id.clone()).collect();
    Ok(accounts::store::authors(conn, &ids)?
        .into_iter()
        .map(|(id, handle, display_name)| (id, NewsAuthor { handle, display_name }))
        .collect())
}

/// The views of these rows (one query for their authors).
pub fn views(conn: &mut DbConn, rows: &[NewsRow]) -> AppResult<Vec<NewsView>> {
    let authors = authors(conn, rows)?;
    let now = clock::now();
    Ok(rows
        .iter()
        .map(|r| NewsView {
            id: r.id.clone(),
            challenge_id: r.challenge_id.clone(),
            title: r.title.clone(),
            body: r.body.clone(),
            body_html: r.body_html.clone(),
            author: r.author_id.as_ref().and_then(|a| authors.get(a).cloned()),
            published_at: clock::to_utc(r.published_at),
            scheduled: !rules::is_published(r.published_at, now),
            created_at: clock::to_utc(r.created_at),
            updated_at: clock::to_utc(r.updated_at),
        })
        .collect())
}

fn ensure_staff(actor: &Actor) -> AppResult<()> {
    if rules::may_post(actor.role) {
        Ok(())
    } else {
        Err(AppError::forbidden(
            ErrorCode::ProductTeamOnly,
            "Only the challenge's staff (the product team, admins) post news.",
        ))
    }
}

fn challenge(conn: &mut DbConn, key: &str) -> AppResult<ChallengeRow> {
    challenge_store::by_id_or_slug(conn, key.trim())?.ok_or_else(|| AppError::not_found("Challenge"))
}

/// A post the viewer may see (scheduled ones only the staff), else 404.
fn load_visible(conn: &mut DbConn, id: &NewsId, viewer: Option<&Actor>) -> AppResult<NewsRow> {
    match store::by_id(conn, id)? {
        Some(row) if rules::visible(row.published_at, clock::now(), viewer.map(|v| v.role)) => Ok(row),
        _ => Err(AppError::not_found("News")),
    }
}

fn one(conn: &mut DbConn, row: &NewsRow) -> AppResult<NewsView> {
    views(conn, std::slice::from_ref(row))?.pop().ok_or_else(|| AppError::internal("news view"))
}

pub async fn create(db: &Db, actor: &Actor, key: String, input: CreateNews) -> AppResult<NewsView> {
    ensure_staff(actor)?;
    let mut v = Violations::new();
    rules::check_title(&mut v, &input.title);
    rules::check_body(&mut v, &input.body);
    v.finish()?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let challenge = challenge(conn, &key)?;
            let now = clock::now();
            let row = NewsRow {
                id: NewsId::new(),
                challenge_id: challenge.id.clone(),
                author_id: Some(actor.id.clone()),
                title: input.title.trim().to_string(),
                body_html: markdown::render(&input.body),
                body: input.body.trim().to_string(),
                published_at: input.published_at.map(clock::from_utc).unwrap_or(now),
                created_at: now,
                updated_at: now,
            };
            store::insert(conn, &row)?;
            one(conn, &row)
        })
    })
    .await
}

pub async fn update(db: &Db, actor: &Actor, id: NewsId, input: UpdateNews) -> AppResult<NewsView> {
    ensure_staff(actor)?;
    let mut v = Violations::new();
    if let Some(title) = &input.title {
        rules::check_title(&mut v, title);
    }
    if let Some(body) = &input.body {
        rules::check_body(&mut v, body);
    }
    v.finish()?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let current = load_visible(conn, &id, Some(&actor))?;
            let changes = NewsChanges {
                title: input.title.map(|t| t.trim().to_string()),
                body_html: input.body.as_deref().map(markdown::render),
                body: input.body.map(|b| b.trim().to_string()),
                published_at: input.published_at.map(clock::from_utc),
                updated_at: Some(clock::now()),
            };
            store::update(conn, &current.id, &changes)?;
            let saved = store::by_id(conn, &current.id)?.ok_or_else(|| AppError::not_found("News"))?;
            one(conn, &saved)
        })
    })
    .await
}

pub async fn delete(db: &Db, actor: &Actor, id: NewsId) -> AppResult<()> {
    ensure_staff(actor)?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let current = load_visible(conn, &id, Some(&actor))?;
            store::delete(conn, &current.id)?;
            Ok(())
        })
    })
    .await
}

pub async fn get(db: &Db, viewer: Option<&Actor>, id: NewsId) -> AppResult<NewsView> {
    let viewer = viewer.cloned();
    db.run(move |conn| {
        let row = load_visible(conn, &id, viewer.as_ref())?;
        one(conn, &row)
    })
    .await
}

/// A challenge's news, newest first; scheduled posts only for the staff.
pub async fn list(db: &Db, viewer: Option<&Actor>, key: String, query: NewsQuery) -> AppResult<Page<NewsView>> {
    let limit = parse_limit(query.limit.as_deref())?;
    let after = decode_cursor::<(NaiveDateTime, String)>(query.cursor.as_deref())?;
    let staff = viewer.is_some_and(|v| rules::may_post(v.role));
    db.run(move |conn| {
        let challenge = challenge(conn, &key)?;
        let published_by = (!staff).then(clock::now);
        let rows = store::list(conn, &challenge.id, published_by, after.as_ref(), limit + 1)?;
        let (rows, next_cursor) = finish_page(rows, limit, |r| (r.published_at, r.id.to_string()));
        Ok(Page { items: views(conn, &rows)?, next_cursor })
    })
    .await
}

/// The published news of a challenge for its feed: the challenge and at most `limit` posts, newest first.
pub fn published_in(conn: &mut DbConn, key: &str, limit: i64) -> AppResult<(ChallengeRow, Vec<NewsView>)> {
    let challenge = challenge(conn, key)?;
    let rows = store::list(conn, &challenge.id, Some(clock::now()), None, limit)?;
    let views = views(conn, &rows)?;
    Ok((challenge, views))
}

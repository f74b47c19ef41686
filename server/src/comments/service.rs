//! Comment operations shared by the API and the pages.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::rules;
use super::store::{self, CommentRow};
use crate::accounts::Actor;
use crate::clock;
use crate::db::{write_tx, Db, DbConn};
use crate::error::ErrorCode;
use crate::error::{AppError, AppResult, Violations};
use crate::ideas::service::AuthorView;
use crate::ids::{CommentId, IdeaId, UserId};
use crate::markdown;
use crate::pagination::{decode_cursor, finish_page, parse_limit, Page};

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateComment {
    /// Markdown.
    pub body: String,
    /// Reply to this top-level comment.
    pub parent_id: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateComment {
    pub body: String,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct CommentView {
    pub id: CommentId,
    pub idea_id: IdeaId,
    pub parent_id: Option<CommentId>,
    pub author: AuthorView,
    /// Markdown source (empty when hidden by moderation).
    pub body: String,
    pub body_html: String,
    pub hidden: bool,
    /// Its author deleted it; it stays (no text, no author) only because replies hang on it.
    pub deleted: bool,
    pub edited_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// Until when the author may edit it.
    pub editable_until: DateTime<Utc>,
    /// Replies (top-level comments only), oldest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(no_recursion)]
    pub replies: Option<Vec<CommentView>>,
}

fn to_view(row: &CommentRow, authors: &HashMap<String, AuthorView>) -> CommentView {
    let hidden = row.hidden_at.is_some();
    let deleted = row.deleted_at.is_some();
    let blank = hidden || deleted;
    CommentView {
        id: row.id.clone(),
        idea_id: row.idea_id.clone(),
        parent_id: row.parent_id.clone(),
        author: if deleted {
            AuthorView::unknown()
        } else {
            authors.get(row.author_id.as_str()).cloned().unwrap_or_else(AuthorView::unknown)
        },
        body: if blank { String::new() } else { row.body.clone() },
        body_html: if blank { String::new() } else { row.body_html.clone() },
        hidden,
        deleted,
        edited_at: row.edited_at.map(clock::to_utc),
        created_at: clock::to_utc(row.created_at),
        editable_until: clock::to_utc(row.created_at + chrono::Duration::minutes(rules::EDIT_WINDOW_MINUTES)),
        replies: None,
    }
}

fn authors_of(conn: &mut DbConn, rows: &[&CommentRow]) -> AppResult<HashMap<String, AuthorView>> {
    let ids: Vec<String> = rows.iter().map(|r| r.author_id.to_string()).collect();
    crate::ideas::service::author_views(conn, &ids)
}

/// The idea a comment goes on, if the viewer can see it.
fn commentable_idea(conn: &mut DbConn, idea_id: &IdeaId, viewer: Option<&Actor>) -> AppResult<IdeaId> {
    let id = crate::ideas::service::load_visible(conn, idea_id, viewer)?.id;
    IdeaId::parse(&id).ok_or_else(|| AppError::not_found("Idea"))
}

pub async fn create(db: &Db, actor: &Actor, idea_id: IdeaId, input: CreateComment) -> AppResult<CommentView> {
    actor.ensure_contributor()?;
    let mut v = Violations::new();
    rules::check_body(&mut v, &input.body);
    v.finish()?;
    let actor = actor.clone();
    let html = markdown::render(&input.body);
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let idea_id = commentable_idea(conn, &idea_id, Some(&actor))?;
            let parent_id = match input.parent_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => None,
                Some(p) => {
                    let invalid = || {
                        AppError::field("parent_id", "invalid", "Replies go to a top-level comment of the same idea.")
                    };
                    let pid = CommentId::parse(p).ok_or_else(invalid)?;
                    let parent = store::by_id(conn, &pid)?.ok_or_else(invalid)?;
                    if !rules::valid_parent(&parent.idea_id, parent.parent_id.as_deref(), &idea_id) {
                        return Err(invalid());
                    }
                    Some(parent.id)
                }
            };
            let row = CommentRow {
                id: CommentId::new(),
                idea_id,
                parent_id,
                author_id: UserId::parse(&actor.id).ok_or_else(|| AppError::internal("actor id"))?,
                body: input.body.trim().to_string(),
                body_html: html,
                hidden_at: None,
                edited_at: None,
                created_at: clock::now(),
                open_reports: 0,
                moved_from: None,
                deleted_at: None,
            };
            store::insert(conn, &row)?;
            notify_comment(conn, &row, &actor)?;
            crate::webhooks::emit(conn, crate::webhooks::Event::CommentCreated, &serde_json::json!({"comment_id": row.id, "idea_id": row.idea_id, "parent_id": row.parent_id, "author": actor.handle, "body": row.body}))?;
            let challenge = crate::ideas::store::by_id(conn, &row.idea_id)?.and_then(|i| i.challenge_id);
            let award =
                crate::points::service::Award::new(&actor.id, crate::points::rules::Rule::Comment, "comment", &row.id)
                    .about(&row.id, challenge.as_deref());
            crate::points::service::award(conn, &[award], row.created_at)?;
            let authors = authors_of(conn, &[&row])?;
            Ok(to_view(&row, &authors))
        })
    })
    .await
}

/// Tells the idea's author about a comment, and a comment's author about a reply.
fn notify_comment(conn: &mut DbConn, row: &CommentRow, actor: &Actor) -> AppResult<()> {
    use crate::notifications::{kind, store as notify};
    let Some(idea) = crate::ideas::store::by_id(conn, &row.idea_id)? else { return Ok(()) };
    let data = serde_json::json!({"idea_title": idea.title, "actor": actor.handle, "comment_id": row.id});
    let mut told = vec![actor.id.clone()];
    if let Some(parent) = row.parent_id.as_deref() {
        if let Some(p) = store::by_id(conn, parent)? {
            if !told.iter().any(|t| p.author_id == *t) {
                notify::notify(conn, &p.author_id, kind::REPLY, Some(&idea.id), &data, row.created_at)?;
                told.push(p.author_id.to_string());
            }
        }
    }
    if !told.iter().any(|t| idea.author_id == *t) {
        notify::notify(conn, &idea.author_id, kind::COMMENT, Some(&idea.id), &data, row.created_at)?;
    }
    Ok(())
}

pub async fn update(db: &Db, actor: &Actor, id: CommentId, input: UpdateComment) -> AppResult<CommentView> {
    actor.ensure_active()?;
    let mut v = Violations::new();
    rules::check_body(&mut v, &input.body);
    v.finish()?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let row = store::by_id(conn, &id)?.ok_or_else(|| AppError::not_found("Comment"))?;
            if row.author_id != actor.id {
                return Err(AppError::forbidden(ErrorCode::NotAuthor, "Only the author edits a comment."));
            }
            let now = clock::now();
            if !rules::edit_window_open(row.created_at, now) {
                return Err(AppError::conflict(
                    ErrorCode::EditWindowClosed,
                    format!("Comments can be edited for {} minutes after posting.", rules::EDIT_WINDOW_MINUTES),
                ));
            }
            if row.deleted_at.is_some() {
                return Err(AppError::not_found("Comment"));
            }
            if row.hidden_at.is_some() {
                return Err(AppError::conflict(
                    ErrorCode::HiddenByModerator,
                    "This comment was hidden by a moderator.",
                ));
            }
            let body = input.body.trim().to_string();
            store::update_body(conn, &row.id, &body, &markdown::render(&body), now)?;
            let saved = store::by_id(conn, &row.id)?.ok_or_else(|| AppError::not_found("Comment"))?;
            let authors = authors_of(conn, &[&saved])?;
            Ok(to_view(&saved, &authors))
        })
    })
    .await
}

/// The author deletes their comment: with replies it stays as a "deleted" placeholder that keeps the thread,
/// without it goes; either way it leaves its idea's count, its open reports close and its points go back. A reply
/// deleted from a placeholder that then has none left takes the placeholder with it. One transaction.
pub async fn delete(db: &Db, actor: &Actor, id: CommentId) -> AppResult<()> {
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let row = store::by_id(conn, &id)?
                .filter(|r| r.deleted_at.is_none())
                .ok_or_else(|| AppError::not_found("Comment"))?;
            commentable_idea(conn, &row.idea_id, Some(&actor))?;
            if row.author_id != actor.id {
                return Err(AppError::forbidden(ErrorCode::NotAuthor, "Only the author deletes a comment."));
            }
            let now = clock::now();
            store::uncount(conn, &row, now)?;
            match rules::deletion(store::reply_count(conn, &row.id)?) {
                rules::Deletion::Placeholder => {
                    store::mark_deleted(conn, &row.id, now)?;
                }
                rules::Deletion::Remove => {
                    store::delete(conn, &row.id)?;
                    if let Some(parent) = row.parent_id.as_deref() {
                        let gone = store::by_id(conn, parent)?.is_some_and(|p| p.deleted_at.is_some());
                        if gone && store::reply_count(conn, parent)? == 0 {
                            store::delete(conn, parent)?;
                        }
                    }
                }
            }
            crate::points::service::reverse_subject(
                conn,
                &row.author_id,
                &row.id,
                crate::points::rules::Reason::Deleted,
                now,
            )?;
            Ok(())
        })
    })
    .await
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct CommentQuery {
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

/// Top-level comments, oldest first, each with its replies.
pub async fn list(
    db: &Db,
    viewer: Option<&Actor>,
    idea_id: IdeaId,
    query: CommentQuery,
) -> AppResult<Page<CommentView>> {
    let limit = parse_limit(query.limit.as_deref())?;
    let after = decode_cursor::<String>(query.cursor.as_deref())?;
    let viewer = viewer.cloned();
    db.run(move |conn| {
        let idea_id = commentable_idea(conn, &idea_id, viewer.as_ref())?;
        let rows = store::top_level(conn, &idea_id, after.as_deref(), limit)?;
        let (rows, next_cursor) = finish_page(rows, limit, |r| r.id.clone());
        let parent_ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
        let replies = store::replies(conn, &parent_ids)?;
        let all: Vec<&CommentRow> = rows.iter().chain(replies.iter()).collect();
        let authors = authors_of(conn, &all)?;
        let items = rows
            .iter()
            .map(|r| {
                let mut view = to_view(r, &authors);
                view.replies = Some(
                    replies
                        .iter()
                        .filter(|c| c.parent_id.as_deref() == Some(r.id.as_str()))
                        .map(|c| to_view(c, &authors))
                        .collect(),
                );
                view
            })
            .collect();
        Ok(Page { items, next_cursor })
    })
    .await
}

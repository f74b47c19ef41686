//! Comment rows and queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{comments, ideas, reports};
use crate::db::DbConn;
use crate::ids::{CommentId, IdeaId, UserId};

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = comments)]
pub struct CommentRow {
    pub id: CommentId,
    pub idea_id: IdeaId,
    pub parent_id: Option<CommentId>,
    pub author_id: UserId,
    pub body: String,
    pub body_html: String,
    pub hidden_at: Option<NaiveDateTime>,
    pub edited_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub open_reports: i32,
    pub moved_from: Option<IdeaId>,
    /// Its author deleted it while it had replies: a placeholder, body emptied, not counted.
    pub deleted_at: Option<NaiveDateTime>,
}

pub fn by_id(conn: &mut DbConn, id: &str) -> QueryResult<Option<CommentRow>> {
    comments::table.find(id).select(CommentRow::as_select()).first(conn).optional()
}

/// Inserts the comment and counts it on its idea, in the caller's transaction.
pub fn insert(conn: &mut DbConn, row: &CommentRow) -> QueryResult<()> {
    diesel::insert_into(comments::table).values(row).execute(conn)?;
    diesel::update(ideas::table.find(&row.idea_id))
        .set(ideas::comments_count.eq(ideas::comments_count + 1))
        .execute(conn)?;
    Ok(())
}

pub fn update_body(conn: &mut DbConn, id: &str, body: &str, html: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(comments::table.find(id))
        .set((comments::body.eq(body), comments::body_html.eq(html), comments::edited_at.eq(now)))
        .execute(conn)
}

/// Top-level comments of an idea, oldest first, after the given id.
pub fn top_level(conn: &mut DbConn, idea_id: &str, after: Option<&str>, limit: i64) -> QueryResult<Vec<CommentRow>> {
    let mut q = comments::table
        .filter(comments::idea_id.eq(idea_id))
        .filter(comments::parent_id.is_null())
        .select(CommentRow::as_select())
        .into_boxed();
    if let Some(a) = after {
        q = q.filter(comments::id.gt(a.to_string()));
    }
    q.order(comments::id.asc()).limit(limit + 1).load(conn)
}

/// Replies to the given comments, oldest first.
pub fn replies(conn: &mut DbConn, parent_ids: &[String]) -> QueryResult<Vec<CommentRow>> {
    if parent_ids.is_empty() {
        return Ok(Vec::new());
    }
    comments::table
        .filter(comments::parent_id.eq_any(parent_ids))
        .select(CommentRow::as_select())
        .order(comments::id.asc())
        .load(conn)
}

/// How many replies a comment has (placeholders of deleted replies do not stay, so every row counts).
pub fn reply_count(conn: &mut DbConn, id: &str) -> QueryResult<i64> {
    comments::table.filter(comments::parent_id.eq(id)).count().get_result(conn)
}

/// Takes a comment out of its idea's count and closes its open reports; the caller then deletes the row or
/// keeps it as a placeholder. In the caller's transaction.
pub fn uncount(conn: &mut DbConn, row: &CommentRow, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(ideas::table.find(&row.idea_id))
        .set(ideas::comments_count.eq(ideas::comments_count - 1))
        .execute(conn)?;
    diesel::update(
        reports::table
            .filter(reports::target_type.eq("comment"))
            .filter(reports::target_id.eq(&row.id))
            .filter(reports::status.eq("open")),
    )
    .set((reports::status.eq("dismissed"), reports::resolved_at.eq(now)))
    .execute(conn)?;
    Ok(())
}

/// Deletes the row for good.
pub fn delete(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(comments::table.find(id)).execute(conn)
}

/// Keeps the row as a deleted placeholder: no text, no reports.
pub fn mark_deleted(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(comments::table.find(id))
        .set((
            comments::deleted_at.eq(now),
            comments::body.eq(""),
            comments::body_html.eq(""),
            comments::open_reports.eq(0),
        ))
        .execute(conn)
}

//! Reports, hiding, suspensions and merges at the row level.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{comments, ideas, ratings, reports, supports, tips, users};
use crate::db::DbConn;
use crate::ideas::rules::IdeaStatus;
use crate::per_backend;

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = reports)]
pub struct ReportRow {
    pub id: String,
    pub target_type: String,
    pub target_id: String,
    pub reporter_id: String,
    pub reason: String,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub resolved_at: Option<NaiveDateTime>,
    pub resolved_by: Option<String>,
}

/// 1 when the report was filed, 0 when this member had already reported it.
pub fn insert_report(conn: &mut DbConn, row: &ReportRow) -> QueryResult<usize> {
    per_backend!(conn, c => diesel::insert_into(reports::table).values(row).on_conflict_do_nothing().execute(c))
}

/// Runs `$body` with `$t` bound to the table of a reportable target type.
macro_rules! with_target_table {
    ($target_type:expr, $t:ident => $body:expr) => {
        match $target_type {
            "idea" => {
                use crate::db::schema::ideas as $t;
                $body
            }
            "review" => {
                use crate::db::schema::ratings as $t;
                $body
            }
            "tip" => {
                use crate::db::schema::tips as $t;
                $body
            }
            "image" => {
                use crate::db::schema::images as $t;
                $body
            }
            "question" => {
                use crate::db::schema::questions as $t;
                $body
            }
            "answer" => {
                use crate::db::schema::answers as $t;
                $body
            }
            _ => {
                use crate::db::schema::comments as $t;
                $body
            }
        }
    };
}

/// Counts one more open report on the target; returns the new count.
pub fn count_report(conn: &mut DbConn, target_type: &str, target_id: &str) -> QueryResult<i32> {
    with_target_table!(target_type, t => diesel::update(t::table.find(target_id))
        .set(t::open_reports.eq(t::open_reports + 1))
        .returning(t::open_reports)
        .get_result(conn))
}

/// Hides (Some) or shows (None) the target; `clear_reports` also zeroes its
/// open reports. Ideas, tips and questions leave (or rejoin) the search index with it.
pub fn set_hidden(
    conn: &mut DbConn,
    target_type: &str,
    target_id: &str,
    hidden: Option<NaiveDateTime>,
    clear_reports: bool,
) -> QueryResult<usize> {
    let n = with_target_table!(target_type, t => if clear_reports {
        diesel::update(t::table.find(target_id)).set((t::hidden_at.eq(hidden), t::open_reports.eq(0))).execute(conn)
    } else {
        diesel::update(t::table.find(target_id)).set(t::hidden_at.eq(hidden)).execute(conn)
    })?;
    let now = crate::clock::now();
    match target_type {
        "idea" => crate::search::outbox::enqueue(conn, crate::search::DocKind::Idea, target_id, now)?,
        "tip" => crate::search::outbox::enqueue(conn, crate::search::DocKind::Tip, target_id, now)?,
        "question" => crate::search::outbox::enqueue(conn, crate::search::DocKind::Question, target_id, now)?,
        _ => 0,
    };
    Ok(n)
}

/// Closes the target's open reports with a verdict.
pub fn resolve_reports(
    conn: &mut DbConn,
    target_type: &str,
    target_id: &str,
    status: &str,
    by: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        reports::table
            .filter(reports::target_type.eq(target_type))
            .filter(reports::target_id.eq(target_id))
            .filter(reports::status.eq("open")),
    )
    .set((reports::status.eq(status), reports::resolved_at.eq(now), reports::resolved_by.eq(by)))
    .execute(conn)
}

pub fn open_reports_for(conn: &mut DbConn, target_type: &str, target_ids: &[String]) -> QueryResult<Vec<ReportRow>> {
    if target_ids.is_empty() {
        return Ok(Vec::new());
    }
    reports::table
        .filter(reports::target_type.eq(target_type))
        .filter(reports::target_id.eq_any(target_ids))
        .filter(reports::status.eq("open"))
        .select(ReportRow::as_select())
        .order(reports::id.asc())
        .load(conn)
}

pub fn set_suspended(conn: &mut DbConn, user_id: &str, at: Option<NaiveDateTime>) -> QueryResult<usize> {
    diesel::update(users::table.find(user_id)).set(users::suspended_at.eq(at)).execute(conn)
}

/// A member's supports: (idea, when, challenge).
pub fn supports_of(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<(String, NaiveDateTime, Option<String>)>> {
    supports::table
        .filter(supports::user_id.eq(user_id))
        .select((supports::idea_id, supports::created_at, supports::challenge_id))
        .load(conn)
}

pub fn delete_supports_of(conn: &mut DbConn, user_id: &str) -> QueryResult<usize> {
    diesel::delete(supports::table.filter(supports::user_id.eq(user_id))).execute(conn)
}

/// Gives the target a support from every supporter of the source who does not
/// support it yet (and is not its author), marked as coming from the merge.
pub fn copy_supports(
    conn: &mut DbConn,
    source: &str,
    target: &str,
    target_author: &str,
    target_challenge: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let supporters: Vec<String> = supports::table
        .filter(supports::idea_id.eq(source))
        .filter(supports::user_id.ne(target_author))
        .select(supports::user_id)
        .load(conn)?;
    let already: Vec<String> =
        supports::table.filter(supports::idea_id.eq(target)).select(supports::user_id).load(conn)?;
    let rows: Vec<_> = supporters
        .iter()
        .filter(|u| !already.contains(u))
        .map(|u| {
            (
                supports::idea_id.eq(target),
                supports::user_id.eq(u.as_str()),
                supports::challenge_id.eq(target_challenge),
                supports::created_at.eq(now),
                supports::merged_from.eq(Some(source)),
            )
        })
        .collect();
    if rows.is_empty() {
        return Ok(0);
    }
    per_backend!(conn, c => diesel::insert_into(supports::table).values(&rows).execute(c))
}

/// Removes exactly the supports a merge added to the target.
pub fn remove_merged_supports(conn: &mut DbConn, source: &str, target: &str) -> QueryResult<usize> {
    diesel::delete(supports::table.filter(supports::idea_id.eq(target)).filter(supports::merged_from.eq(source)))
        .execute(conn)
}

/// Moves the source's comments to the target (remembering where they came
/// from); returns how many of them count (deleted placeholders move along uncounted).
pub fn move_comments(conn: &mut DbConn, source: &str, target: &str) -> QueryResult<usize> {
    let counted: i64 = comments::table
        .filter(comments::idea_id.eq(source))
        .filter(comments::deleted_at.is_null())
        .count()
        .get_result(conn)?;
    diesel::update(comments::table.filter(comments::idea_id.eq(source)))
        .set((comments::idea_id.eq(target), comments::moved_from.eq(Some(source))))
        .execute(conn)?;
    Ok(usize::try_from(counted).unwrap_or(0))
}

/// Moves the comments a merge moved back; returns how many of them count.
pub fn return_comments(conn: &mut DbConn, source: &str) -> QueryResult<usize> {
    let counted: i64 = comments::table
        .filter(comments::moved_from.eq(source))
        .filter(comments::deleted_at.is_null())
        .count()
        .get_result(conn)?;
    diesel::update(comments::table.filter(comments::moved_from.eq(source)))
        .set((comments::idea_id.eq(source), comments::moved_from.eq(None::<String>)))
        .execute(conn)?;
    Ok(usize::try_from(counted).unwrap_or(0))
}

pub fn add_comment_count(conn: &mut DbConn, idea_id: &str, delta: i32) -> QueryResult<usize> {
    diesel::update(ideas::table.find(idea_id))
        .set(ideas::comments_count.eq(ideas::comments_count + delta))
        .execute(conn)
}

pub fn set_merged_into(conn: &mut DbConn, idea_id: &str, into: Option<&str>) -> QueryResult<usize> {
    diesel::update(ideas::table.find(idea_id)).set(ideas::merged_into.eq(into)).execute(conn)
}

/// Ideas waiting for moderation, oldest first.
pub fn pending_ideas(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<crate::ideas::store::IdeaRow>> {
    ideas::table
        .filter(ideas::status.eq(IdeaStatus::Pending))
        .select(crate::ideas::store::IdeaRow::as_select())
        .order(ideas::created_at.asc())
        .limit(limit)
        .load(conn)
}

pub fn reported_ideas(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<crate::ideas::store::IdeaRow>> {
    ideas::table
        .filter(ideas::open_reports.gt(0))
        .select(crate::ideas::store::IdeaRow::as_select())
        .limit(limit)
        .load(conn)
}

pub fn reported_comments(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<crate::comments::store::CommentRow>> {
    comments::table
        .filter(comments::open_reports.gt(0))
        .select(crate::comments::store::CommentRow::as_select())
        .limit(limit)
        .load(conn)
}

pub fn reported_reviews(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<crate::products::store::RatingRow>> {
    ratings::table
        .filter(ratings::open_reports.gt(0))
        .select(crate::products::store::RatingRow::as_select())
        .order(ratings::id.asc())
        .limit(limit)
        .load(conn)
}

pub fn reported_tips(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<crate::tips::store::TipRow>> {
    tips::table
        .filter(tips::open_reports.gt(0))
        .select(crate::tips::store::TipRow::as_select())
        .order(tips::id.asc())
        .limit(limit)
        .load(conn)
}

//! Rows of private feedback, review criteria, evaluator assignments and decision memos.

use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;

use crate::db::schema::{
    idea_events, idea_feedback, ideas, notifications, review_assignments, review_criteria, review_memos, users,
};
use crate::db::DbConn;

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = idea_feedback)]
pub struct FeedbackRow {
    pub id: String,
    pub idea_id: String,
    pub user_id: String,
    pub originality: i32,
    pub execution: i32,
    pub detail: i32,
    pub presentation: i32,
    pub note: String,
    pub note_html: String,
    pub note_hidden_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl FeedbackRow {
    pub fn scores(&self) -> [i32; 4] {
        [self.originality, self.execution, self.detail, self.presentation]
    }
}

pub fn feedback_by(conn: &mut DbConn, idea_id: &str, user_id: &str) -> QueryResult<Option<FeedbackRow>> {
    idea_feedback::table
        .filter(idea_feedback::idea_id.eq(idea_id))
        .filter(idea_feedback::user_id.eq(user_id))
        .select(FeedbackRow::as_select())
        .first(conn)
        .optional()
}

pub fn feedback_by_id(conn: &mut DbConn, id: &str) -> QueryResult<Option<FeedbackRow>> {
    idea_feedback::table.find(id).select(FeedbackRow::as_select()).first(conn).optional()
}

pub fn feedback_for(conn: &mut DbConn, idea_id: &str) -> QueryResult<Vec<FeedbackRow>> {
    idea_feedback::table
        .filter(idea_feedback::idea_id.eq(idea_id))
        .select(FeedbackRow::as_select())
        .order(idea_feedback::id.asc())
        .load(conn)
}

pub fn insert_feedback(conn: &mut DbConn, row: &FeedbackRow) -> QueryResult<usize> {
    diesel::insert_into(idea_feedback::table).values(row).execute(conn)
}

pub fn update_feedback(conn: &mut DbConn, row: &FeedbackRow) -> QueryResult<usize> {
    diesel::update(idea_feedback::table.find(&row.id))
        .set((
            idea_feedback::originality.eq(row.originality),
            idea_feedback::execution.eq(row.execution),
            idea_feedback::detail.eq(row.detail),
            idea_feedback::presentation.eq(row.presentation),
            idea_feedback::note.eq(&row.note),
            idea_feedback::note_html.eq(&row.note_html),
            idea_feedback::updated_at.eq(row.updated_at),
        ))
        .execute(conn)
}

pub fn hide_note(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(idea_feedback::table.find(id).filter(idea_feedback::note_hidden_at.is_null()))
        .set(idea_feedback::note_hidden_at.eq(now))
        .execute(conn)
}

/// The newest notification of `kind` about this idea to this member: (id, created_at, data).
pub fn last_notification(
    conn: &mut DbConn,
    user_id: &str,
    idea_id: &str,
    kind: &str,
) -> QueryResult<Option<(i64, NaiveDateTime, String)>> {
    notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::idea_id.eq(idea_id))
        .filter(notifications::kind.eq(kind))
        .order(notifications::id.desc())
        .select((notifications::id, notifications::created_at, notifications::data))
        .first(conn)
        .optional()
}

/// The digest's notification collects one more feedback: new data, unread again.
pub fn refresh_notification(conn: &mut DbConn, id: i64, data: &serde_json::Value) -> QueryResult<usize> {
    diesel::update(notifications::table.find(id))
        .set((notifications::data.eq(data.to_string()), notifications::read_at.eq(None::<NaiveDateTime>)))
        .execute(conn)
}

/// The stored criteria (JSON) of a scope.
pub fn criteria(conn: &mut DbConn, scope: &str) -> QueryResult<Option<String>> {
    review_criteria::table.find(scope).select(review_criteria::criteria).first(conn).optional()
}

pub fn set_criteria(conn: &mut DbConn, scope: &str, json: &str, now: NaiveDateTime) -> QueryResult<usize> {
    let n = diesel::update(review_criteria::table.find(scope))
        .set((review_criteria::criteria.eq(json), review_criteria::updated_at.eq(now)))
        .execute(conn)?;
    if n > 0 {
        return Ok(n);
    }
    diesel::insert_into(review_criteria::table)
        .values((
            review_criteria::scope.eq(scope),
            review_criteria::criteria.eq(json),
            review_criteria::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Whether an idea of the scope (a challenge's id, or none: the open board) has ever reached review.
pub fn scope_reached_review(conn: &mut DbConn, challenge_id: Option<&str>) -> QueryResult<bool> {
    let reached = idea_events::table.filter(idea_events::to_status.eq("in_review")).select(idea_events::idea_id);
    let n: i64 = match challenge_id {
        Some(c) => ideas::table
            .filter(ideas::challenge_id.eq(c))
            .filter(ideas::id.eq_any(reached))
            .select(count_star())
            .first(conn)?,
        None => ideas::table
            .filter(ideas::challenge_id.is_null())
            .filter(ideas::id.eq_any(reached))
            .select(count_star())
            .first(conn)?,
    };
    Ok(n > 0)
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = review_assignments)]
pub struct AssignmentRow {
    pub idea_id: String,
    pub evaluator_id: String,
    pub status: String,
    pub scores: String,
    pub note: String,
    pub assigned_at: NaiveDateTime,
    pub submitted_at: Option<NaiveDateTime>,
}

pub fn assignments(conn: &mut DbConn, idea_id: &str) -> QueryResult<Vec<AssignmentRow>> {
    review_assignments::table
        .filter(review_assignments::idea_id.eq(idea_id))
        .select(AssignmentRow::as_select())
        .order((review_assignments::assigned_at.asc(), review_assignments::evaluator_id.asc()))
        .load(conn)
}

pub fn assignments_for_ideas(conn: &mut DbConn, idea_ids: &[String]) -> QueryResult<Vec<AssignmentRow>> {
    if idea_ids.is_empty() {
        return Ok(Vec::new());
    }
    review_assignments::table
        .filter(review_assignments::idea_id.eq_any(idea_ids))
        .select(AssignmentRow::as_select())
        .order((review_assignments::assigned_at.asc(), review_assignments::evaluator_id.asc()))
        .load(conn)
}

pub fn insert_assignment(conn: &mut DbConn, row: &AssignmentRow) -> QueryResult<usize> {
    diesel::insert_into(review_assignments::table).values(row).execute(conn)
}

pub fn delete_assignment(conn: &mut DbConn, idea_id: &str, evaluator_id: &str) -> QueryResult<usize> {
    diesel::delete(
        review_assignments::table
            .filter(review_assignments::idea_id.eq(idea_id))
            .filter(review_assignments::evaluator_id.eq(evaluator_id)),
    )
    .execute(conn)
}

pub fn save_assignment(conn: &mut DbConn, row: &AssignmentRow) -> QueryResult<usize> {
    diesel::update(
        review_assignments::table
            .filter(review_assignments::idea_id.eq(&row.idea_id))
            .filter(review_assignments::evaluator_id.eq(&row.evaluator_id)),
    )
    .set((
        review_assignments::status.eq(&row.status),
        review_assignments::scores.eq(&row.scores),
        review_assignments::note.eq(&row.note),
        review_assignments::submitted_at.eq(row.submitted_at),
    ))
    .execute(conn)
}

/// The active product-team members (not suspended, not erased) with their open assignments: the round
/// robin's candidates.
pub fn evaluator_candidates(conn: &mut DbConn) -> QueryResult<Vec<(String, i64)>> {
    let ids: Vec<String> = users::table
        .filter(users::role.eq("product_team"))
        .filter(users::suspended_at.is_null())
        .filter(users::erased_at.is_null())
        .select(users::id)
        .load(conn)?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let open: Vec<(String, i64)> = review_assignments::table
        .filter(review_assignments::status.eq("assigned"))
        .filter(review_assignments::evaluator_id.eq_any(&ids))
        .group_by(review_assignments::evaluator_id)
        .select((review_assignments::evaluator_id, count_star()))
        .load(conn)?;
    let open: std::collections::HashMap<String, i64> = open.into_iter().collect();
    Ok(ids.into_iter().map(|id| (open.get(&id).copied().unwrap_or(0), id)).map(|(n, id)| (id, n)).collect())
}

/// The accounts named by handle (case-insensitive) with their role and suspension: (id, handle, role,
/// suspended).
pub fn accounts_by_handles(conn: &mut DbConn, handles: &[String]) -> QueryResult<Vec<(String, String, String, bool)>> {
    let keys: Vec<String> = handles.iter().map(|h| h.to_lowercase()).collect();
    let rows: Vec<(String, String, String, Option<NaiveDateTime>)> = users::table
        .filter(users::handle_key.eq_any(&keys))
        .filter(users::erased_at.is_null())
        .select((users::id, users::handle, users::role, users::suspended_at))
        .load(conn)?;
    Ok(rows.into_iter().map(|(id, h, r, s)| (id, h, r, s.is_some())).collect())
}

pub fn insert_memo(
    conn: &mut DbConn,
    event_id: &str,
    idea_id: &str,
    outcomes: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(review_memos::table)
        .values((
            review_memos::event_id.eq(event_id),
            review_memos::idea_id.eq(idea_id),
            review_memos::outcomes.eq(outcomes),
            review_memos::created_at.eq(now),
        ))
        .execute(conn)
}

/// The memos of an idea's timeline: (event id, outcomes JSON).
pub fn memos(conn: &mut DbConn, idea_id: &str) -> QueryResult<Vec<(String, String)>> {
    review_memos::table
        .filter(review_memos::idea_id.eq(idea_id))
        .select((review_memos::event_id, review_memos::outcomes))
        .load(conn)
}

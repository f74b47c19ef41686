//! Question, answer and helpful-mark rows and queries. Every change to a question or one of its answers
//! queues the question's search document in the same transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::rules::{QuestionFilter, QuestionSort};
use crate::db::schema::{answer_helpful, answers, questions};
use crate::db::DbConn;
use crate::ids::{AnswerId, ProductId, QuestionId, UserId};
use crate::per_backend;
use crate::search::{outbox, DocKind};

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = questions)]
pub struct QuestionRow {
    pub id: QuestionId,
    pub product_id: ProductId,
    pub author_id: UserId,
    pub title: String,
    pub body: String,
    pub body_html: String,
    pub answers_count: i32,
    pub helpful_count: i32,
    pub official_answered_at: Option<NaiveDateTime>,
    pub accepted_answer_id: Option<AnswerId>,
    pub open_reports: i32,
    pub hidden_at: Option<NaiveDateTime>,
    pub edited_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = answers)]
pub struct AnswerRow {
    pub id: AnswerId,
    pub question_id: QuestionId,
    pub author_id: UserId,
    pub body: String,
    pub body_html: String,
    pub official: bool,
    pub helpful_count: i32,
    pub open_reports: i32,
    pub hidden_at: Option<NaiveDateTime>,
    pub edited_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

fn queue(conn: &mut DbConn, question_id: &str) -> QueryResult<usize> {
    outbox::enqueue(conn, DocKind::Question, question_id, crate::clock::now())
}

pub fn question(conn: &mut DbConn, id: &str) -> QueryResult<Option<QuestionRow>> {
    questions::table.find(id).select(QuestionRow::as_select()).first(conn).optional()
}

pub fn questions_by_ids(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<QuestionRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    questions::table.filter(questions::id.eq_any(ids)).select(QuestionRow::as_select()).load(conn)
}

pub fn answer(conn: &mut DbConn, id: &str) -> QueryResult<Option<AnswerRow>> {
    answers::table.find(id).select(AnswerRow::as_select()).first(conn).optional()
}

/// Every answer of a question, hidden ones included (the service decides who sees them).
pub fn answers_of(conn: &mut DbConn, question_id: &str) -> QueryResult<Vec<AnswerRow>> {
    answers::table
        .filter(answers::question_id.eq(question_id))
        .order(answers::id.asc())
        .select(AnswerRow::as_select())
        .load(conn)
}

/// Takes the question's row lock (a no-op UPDATE; SQLite's write transaction already serializes), so the
/// counts recomputed under it are exact when answers arrive at once.
pub fn lock(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::update(questions::table.find(id)).set(questions::answers_count.eq(questions::answers_count)).execute(conn)
}

/// Recounts the question's visible answers and the time of its first visible official answer (call under
/// `lock`), and queues its search document.
pub fn refresh(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    let visible = answers::table.filter(answers::question_id.eq(id)).filter(answers::hidden_at.is_null());
    let count: i64 = visible.count().get_result(conn)?;
    let first_official: Option<NaiveDateTime> =
        visible.filter(answers::official.eq(true)).select(diesel::dsl::min(answers::created_at)).first(conn)?;
    let n = diesel::update(questions::table.find(id))
        .set((
            questions::answers_count.eq(i32::try_from(count).unwrap_or(i32::MAX)),
            questions::official_answered_at.eq(first_official),
        ))
        .execute(conn)?;
    queue(conn, id)?;
    Ok(n)
}

pub fn insert_question(conn: &mut DbConn, row: &QuestionRow) -> QueryResult<()> {
    diesel::insert_into(questions::table).values(row).execute(conn)?;
    queue(conn, &row.id)?;
    Ok(())
}

/// Many questions and answers in one statement per backend (seeding).
pub fn insert_many(conn: &mut DbConn, questions_: &[QuestionRow], answers_: &[AnswerRow]) -> QueryResult<()> {
    if !questions_.is_empty() {
        per_backend!(conn, c => diesel::insert_into(questions::table).values(questions_).execute(c))?;
    }
    if !answers_.is_empty() {
        per_backend!(conn, c => diesel::insert_into(answers::table).values(answers_).execute(c))?;
    }
    for q in questions_ {
        refresh(conn, &q.id)?;
    }
    Ok(())
}

pub fn update_question(
    conn: &mut DbConn,
    id: &str,
    title: &str,
    body: &str,
    body_html: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let n = diesel::update(questions::table.find(id))
        .set((
            questions::title.eq(title),
            questions::body.eq(body),
            questions::body_html.eq(body_html),
            questions::edited_at.eq(Some(now)),
        ))
        .execute(conn)?;
    queue(conn, id)?;
    Ok(n)
}

/// Deletes the question with its answers and their helpful marks.
pub fn delete_question(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    let answer_ids = answers::table.filter(answers::question_id.eq(id)).select(answers::id);
    diesel::delete(answer_helpful::table.filter(answer_helpful::answer_id.eq_any(answer_ids))).execute(conn)?;
    diesel::delete(answers::table.filter(answers::question_id.eq(id))).execute(conn)?;
    let n = diesel::delete(questions::table.find(id)).execute(conn)?;
    queue(conn, id)?;
    Ok(n)
}

pub fn set_accepted(conn: &mut DbConn, question_id: &str, answer_id: Option<&str>) -> QueryResult<usize> {
    diesel::update(questions::table.find(question_id)).set(questions::accepted_answer_id.eq(answer_id)).execute(conn)
}

/// Inserts the answer and recounts its question (call under `lock`).
pub fn insert_answer(conn: &mut DbConn, row: &AnswerRow) -> QueryResult<()> {
    diesel::insert_into(answers::table).values(row).execute(conn)?;
    refresh(conn, &row.question_id)?;
    Ok(())
}

pub fn update_answer(
    conn: &mut DbConn,
    row: &AnswerRow,
    body: &str,
    body_html: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let n = diesel::update(answers::table.find(&row.id))
        .set((answers::body.eq(body), answers::body_html.eq(body_html), answers::edited_at.eq(Some(now))))
        .execute(conn)?;
    queue(conn, &row.question_id)?;
    Ok(n)
}

/// Deletes the answer and its helpful marks (their count leaves the question), unaccepts it, and recounts
/// the question (call under `lock`).
pub fn delete_answer(conn: &mut DbConn, row: &AnswerRow) -> QueryResult<usize> {
    diesel::delete(answer_helpful::table.filter(answer_helpful::answer_id.eq(&row.id))).execute(conn)?;
    let n = diesel::delete(answers::table.find(&row.id)).execute(conn)?;
    diesel::update(questions::table.find(&row.question_id))
        .set(questions::helpful_count.eq(questions::helpful_count - row.helpful_count))
        .execute(conn)?;
    diesel::update(questions::table.find(&row.question_id).filter(questions::accepted_answer_id.eq(&row.id)))
        .set(questions::accepted_answer_id.eq(None::<String>))
        .execute(conn)?;
    refresh(conn, &row.question_id)?;
    Ok(n)
}

pub fn helpful_among(conn: &mut DbConn, user_id: &str, answer_ids: &[String]) -> QueryResult<Vec<String>> {
    if answer_ids.is_empty() {
        return Ok(Vec::new());
    }
    answer_helpful::table
        .filter(answer_helpful::user_id.eq(user_id))
        .filter(answer_helpful::answer_id.eq_any(answer_ids))
        .select(answer_helpful::answer_id)
        .load(conn)
}

/// Records a helpful mark; 1 when new, 0 when the member had marked it before. The answer's and the
/// question's counts move by a single UPDATE each (exact under concurrency: the row lock of the UPDATE).
pub fn add_helpful(conn: &mut DbConn, row: &AnswerRow, user_id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    let mark = (
        answer_helpful::answer_id.eq(row.id.as_str()),
        answer_helpful::user_id.eq(user_id),
        answer_helpful::created_at.eq(now),
    );
    let n = per_backend!(conn, c => diesel::insert_into(answer_helpful::table).values(mark).on_conflict_do_nothing().execute(c))?;
    if n == 1 {
        diesel::update(answers::table.find(&row.id))
            .set(answers::helpful_count.eq(answers::helpful_count + 1))
            .execute(conn)?;
        diesel::update(questions::table.find(&row.question_id))
            .set(questions::helpful_count.eq(questions::helpful_count + 1))
            .execute(conn)?;
        // The document's rank counts the marks.
        queue(conn, &row.question_id)?;
    }
    Ok(n)
}

pub fn remove_helpful(conn: &mut DbConn, row: &AnswerRow, user_id: &str) -> QueryResult<usize> {
    let n = diesel::delete(
        answer_helpful::table.filter(answer_helpful::answer_id.eq(&row.id)).filter(answer_helpful::user_id.eq(user_id)),
    )
    .execute(conn)?;
    if n == 1 {
        diesel::update(answers::table.find(&row.id))
            .set(answers::helpful_count.eq(answers::helpful_count - 1))
            .execute(conn)?;
        diesel::update(questions::table.find(&row.question_id))
            .set(questions::helpful_count.eq(questions::helpful_count - 1))
            .execute(conn)?;
        queue(conn, &row.question_id)?;
    }
    Ok(n)
}

pub fn answer_helpful_count(conn: &mut DbConn, id: &str) -> QueryResult<i32> {
    answers::table.find(id).select(answers::helpful_count).first(conn)
}

/// The position after which a page of questions starts.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct QuestionAfter {
    pub helpful: i32,
    pub id: String,
}

/// A product's visible questions, filtered, newest or most helpful first.
pub fn list(
    conn: &mut DbConn,
    product_id: &str,
    filter: QuestionFilter,
    sort: QuestionSort,
    after: Option<&QuestionAfter>,
    limit: i64,
) -> QueryResult<Vec<QuestionRow>> {
    let mut q = questions::table
        .filter(questions::product_id.eq(product_id))
        .filter(questions::hidden_at.is_null())
        .select(QuestionRow::as_select())
        .into_boxed();
    q = match filter {
        QuestionFilter::All => q,
        QuestionFilter::Unanswered => q.filter(questions::answers_count.eq(0)),
        QuestionFilter::Answered => q.filter(questions::answers_count.gt(0)),
        QuestionFilter::Official => q.filter(questions::official_answered_at.is_not_null()),
    };
    match sort {
        QuestionSort::New => {
            if let Some(a) = after {
                q = q.filter(questions::id.lt(a.id.clone()));
            }
            q = q.order(questions::id.desc());
        }
        QuestionSort::Helpful => {
            if let Some(a) = after {
                q = q.filter(
                    questions::helpful_count
                        .lt(a.helpful)
                        .or(questions::helpful_count.eq(a.helpful).and(questions::id.lt(a.id.clone()))),
                );
            }
            q = q.order((questions::helpful_count.desc(), questions::id.desc()));
        }
    }
    q.limit(limit).load(conn)
}

/// (asked, first official answer) of a product's visible questions that have one.
pub fn official_waits(conn: &mut DbConn, product_id: &str) -> QueryResult<Vec<(NaiveDateTime, NaiveDateTime)>> {
    let rows: Vec<(NaiveDateTime, Option<NaiveDateTime>)> = questions::table
        .filter(questions::product_id.eq(product_id))
        .filter(questions::hidden_at.is_null())
        .filter(questions::official_answered_at.is_not_null())
        .select((questions::created_at, questions::official_answered_at))
        .load(conn)?;
    Ok(rows.into_iter().filter_map(|(a, b)| b.map(|b| (a, b))).collect())
}

/// Visible questions without an official answer, oldest first (the product team's dashboard).
pub fn waiting(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<QuestionRow>> {
    questions::table
        .filter(questions::hidden_at.is_null())
        .filter(questions::official_answered_at.is_null())
        .order((questions::created_at.asc(), questions::id.asc()))
        .limit(limit)
        .select(QuestionRow::as_select())
        .load(conn)
}

/// Reported questions and answers for the moderation queue.
pub fn reported_questions(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<QuestionRow>> {
    questions::table
        .filter(questions::open_reports.gt(0))
        .order(questions::id.asc())
        .limit(limit)
        .select(QuestionRow::as_select())
        .load(conn)
}

pub fn reported_answers(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<AnswerRow>> {
    answers::table
        .filter(answers::open_reports.gt(0))
        .order(answers::id.asc())
        .limit(limit)
        .select(AnswerRow::as_select())
        .load(conn)
}

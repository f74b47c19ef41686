//! Question-and-answer operations: the one place the API and the pages go to. Each write is one
//! transaction with its counts, points, notifications and search document.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::rules::{self, QuestionFilter, QuestionSort};
use super::store::{self, AnswerRow, QuestionAfter, QuestionRow};
use crate::accounts::Actor;
use crate::clock;
use crate::db::{write_tx, Db, DbConn};
use crate::error::{AppError, AppResult, ErrorCode, Violations};
use crate::ideas::service::AuthorView;
use crate::ids::{AnswerId, ProductId, QuestionId, UserId};
use crate::markdown;
use crate::notifications::{kind, store as notify};
use crate::pagination::{decode_cursor, finish_page, parse_limit};
use crate::points::rules::{Reason, Rule};
use crate::points::service::{self as points, Award};
use crate::products::store as product_store;

#[derive(Debug, Deserialize, ToSchema)]
pub struct AskQuestion {
    /// The question itself (10–150 characters).
    pub title: String,
    /// Details, markdown (may be empty).
    #[serde(default)]
    pub body: String,
}

/// Fields to change; absent ones stay.
#[derive(Debug, Deserialize, Default, ToSchema)]
pub struct UpdateQuestion {
    pub title: Option<String>,
    pub body: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AnswerInput {
    /// Markdown.
    pub body: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AcceptInput {
    /// An answer of this question.
    pub answer_id: String,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct QuestionProduct {
    pub id: ProductId,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct AnswerView {
    pub id: AnswerId,
    pub question_id: QuestionId,
    pub author: AuthorView,
    pub body: String,
    pub body_html: String,
    /// Written by the product team: shown first, with a badge.
    pub official: bool,
    /// The asker (or the product team) accepted it.
    pub accepted: bool,
    pub helpful_count: i32,
    /// Whether the signed-in member marked it helpful (absent when signed out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found_helpful: Option<bool>,
    /// Whether the signed-in member may edit and delete it now (their own, within the edit window).
    pub editable: bool,
    pub editable_until: DateTime<Utc>,
    pub hidden: bool,
    pub edited_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct QuestionView {
    pub id: QuestionId,
    pub product: QuestionProduct,
    pub author: AuthorView,
    pub title: String,
    pub body: String,
    pub body_html: String,
    /// Visible answers.
    pub answers_count: i32,
    /// Helpful marks on its answers.
    pub helpful_count: i32,
    /// It has a visible official answer.
    pub officially_answered: bool,
    pub accepted_answer_id: Option<AnswerId>,
    /// Whether the signed-in member may accept an answer (the asker, the product team).
    pub may_accept: bool,
    pub editable: bool,
    pub editable_until: DateTime<Utc>,
    pub hidden: bool,
    pub edited_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// The answers (one question only): official first, then the accepted one, then most helpful, then oldest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answers: Option<Vec<AnswerView>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionList {
    pub items: Vec<QuestionView>,
    pub next_cursor: Option<String>,
    /// Average days from a question to its first official answer (absent without data).
    pub team_average_days: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerHelpful {
    pub helpful: bool,
    pub helpful_count: i32,
}

fn until(created: chrono::NaiveDateTime) -> DateTime<Utc> {
    clock::to_utc(created + Duration::minutes(rules::EDIT_WINDOW_MINUTES))
}

fn own_and_open(author: &str, created: chrono::NaiveDateTime, viewer: Option<&Actor>) -> bool {
    viewer.is_some_and(|v| v.id == author) && rules::edit_window_open(created, clock::now())
}

/// Hidden content is seen by its author and moderators only.
fn sees(author: &str, hidden: bool, viewer: Option<&Actor>) -> bool {
    !hidden || viewer.is_some_and(|v| v.id == author || v.role.can_moderate())
}

fn products_of(conn: &mut DbConn, rows: &[QuestionRow]) -> AppResult<HashMap<String, QuestionProduct>> {
    let ids: Vec<String> = rows.iter().map(|r| r.product_id.to_string()).collect();
    Ok(product_store::by_ids(conn, &ids)?
        .into_iter()
        .map(|p| (p.id.to_string(), QuestionProduct { id: p.id, slug: p.slug, name: p.name }))
        .collect())
}

fn answer_views(
    conn: &mut DbConn,
    question: &QuestionRow,
    rows: &[AnswerRow],
    viewer: Option<&Actor>,
) -> AppResult<Vec<AnswerView>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
    let author_ids: Vec<String> = rows.iter().map(|r| r.author_id.to_string()).collect();
    let authors = crate::ideas::service::author_views(conn, &author_ids)?;
    let helpful = match viewer {
        Some(v) => Some(store::helpful_among(conn, &v.id, &ids)?),
        None => None,
    };
    let mut visible: Vec<&AnswerRow> =
        rows.iter().filter(|r| sees(&r.author_id, r.hidden_at.is_some(), viewer)).collect();
    let accepted = question.accepted_answer_id.as_deref();
    let key = |r: &AnswerRow| (r.official, accepted == Some(r.id.as_str()), r.helpful_count);
    visible.sort_by(|a, b| {
        let (ka, kb) = (key(a), key(b));
        rules::answer_order((ka.0, ka.1, ka.2, a.id.as_str()), (kb.0, kb.1, kb.2, b.id.as_str()))
    });
    Ok(visible
        .into_iter()
        .map(|r| AnswerView {
            id: r.id.clone(),
            question_id: r.question_id.clone(),
            author: authors.get(r.author_id.as_str()).cloned().unwrap_or_else(AuthorView::unknown),
            body: r.body.clone(),
            body_html: r.body_html.clone(),
            official: r.official,
            accepted: accepted == Some(r.id.as_str()),
            helpful_count: r.helpful_count,
            found_helpful: helpful.as_ref().map(|h| h.iter().any(|x| r.id == *x)),
            editable: own_and_open(&r.author_id, r.created_at, viewer),
            editable_until: until(r.created_at),
            hidden: r.hidden_at.is_some(),
            edited_at: r.edited_at.map(clock::to_utc),
            created_at: clock::to_utc(r.created_at),
        })
        .collect())
}

fn views(conn: &mut DbConn, rows: &[QuestionRow], viewer: Option<&Actor>) -> AppResult<Vec<QuestionView>> {
    let author_ids: Vec<String> = rows.iter().map(|r| r.author_id.to_string()).collect();
    let authors = crate::ideas::service::author_views(conn, &author_ids)?;
    let products = products_of(conn, rows)?;
    rows.iter()
        .map(|r| {
            let product = products.get(r.product_id.as_str()).cloned().ok_or_else(|| AppError::not_found("Product"))?;
            Ok(QuestionView {
                id: r.id.clone(),
                product,
                author: authors.get(r.author_id.as_str()).cloned().unwrap_or_else(AuthorView::unknown),
                title: r.title.clone(),
                body: r.body.clone(),
                body_html: r.body_html.clone(),
                answers_count: r.answers_count,
                helpful_count: r.helpful_count,
                officially_answered: r.official_answered_at.is_some(),
                accepted_answer_id: r.accepted_answer_id.clone(),
                may_accept: viewer.is_some_and(|v| rules::may_accept(v.id == r.author_id, v.role)),
                editable: own_and_open(&r.author_id, r.created_at, viewer),
                editable_until: until(r.created_at),
                hidden: r.hidden_at.is_some(),
                edited_at: r.edited_at.map(clock::to_utc),
                created_at: clock::to_utc(r.created_at),
                answers: None,
            })
        })
        .collect()
}

fn full_view(conn: &mut DbConn, row: &QuestionRow, viewer: Option<&Actor>) -> AppResult<QuestionView> {
    let mut view =
        views(conn, std::slice::from_ref(row), viewer)?.pop().ok_or_else(|| AppError::internal("empty view"))?;
    let answers = store::answers_of(conn, &row.id)?;
    view.answers = Some(answer_views(conn, row, &answers, viewer)?);
    Ok(view)
}

pub fn load_visible(conn: &mut DbConn, id: &QuestionId, viewer: Option<&Actor>) -> AppResult<QuestionRow> {
    match store::question(conn, id)? {
        Some(row) if sees(&row.author_id, row.hidden_at.is_some(), viewer) => Ok(row),
        _ => Err(AppError::not_found("Question")),
    }
}

/// An answer the viewer can see, with its question.
fn load_answer(conn: &mut DbConn, id: &AnswerId, viewer: Option<&Actor>) -> AppResult<(AnswerRow, QuestionRow)> {
    let answer = store::answer(conn, id)?
        .filter(|a| sees(&a.author_id, a.hidden_at.is_some(), viewer))
        .ok_or_else(|| AppError::not_found("Answer"))?;
    let question = load_visible(conn, &answer.question_id, viewer).map_err(|_| AppError::not_found("Answer"))?;
    Ok((answer, question))
}

fn user_id(actor: &Actor) -> AppResult<UserId> {
    UserId::parse(&actor.id).ok_or_else(|| AppError::internal("actor id"))
}

fn question_url(id: &str) -> String {
    format!("/questions/{id}")
}

/// A member asks about a product; the product's followers hear of it.
pub async fn ask(db: &Db, actor: &Actor, product: String, input: AskQuestion) -> AppResult<QuestionView> {
    actor.ensure_contributor()?;
    let mut v = Violations::new();
    rules::check_title(&mut v, &input.title);
    rules::check_body(&mut v, &input.body, false);
    v.finish()?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let product = crate::products::service::load(conn, &product)?;
            let now = clock::now();
            let body = input.body.trim().to_string();
            let row = QuestionRow {
                id: QuestionId::new(),
                product_id: product.id.clone(),
                author_id: user_id(&actor)?,
                title: input.title.trim().to_string(),
                body_html: markdown::render(&body),
                body,
                answers_count: 0,
                helpful_count: 0,
                official_answered_at: None,
                accepted_answer_id: None,
                open_reports: 0,
                hidden_at: None,
                edited_at: None,
                created_at: now,
            };
            store::insert_question(conn, &row)?;
            crate::webhooks::emit(conn, crate::webhooks::Event::QuestionCreated, &serde_json::json!({"question_id": row.id, "product_id": product.id, "product_slug": product.slug, "title": row.title, "author": actor.handle}))?;
            let data = serde_json::json!({"product_name": product.name, "question_title": row.title,
                "actor": actor.handle, "url": question_url(&row.id)});
            notify::notify_followers(conn, &product.id, kind::PRODUCT_QUESTION, &data, now, Some(&actor.id))?;
            points::award(
                conn,
                &[Award::new(&actor.id, Rule::Question, "question", &row.id).about(&row.id, None)],
                now,
            )?;
            full_view(conn, &row, Some(&actor))
        })
    })
    .await
}

#[derive(Debug, Deserialize, Default, IntoParams)]
pub struct QuestionQuery {
    /// `all` (default), `unanswered`, `answered` or `official` (officially answered).
    pub filter: Option<String>,
    /// `new` (default) or `helpful` (most helpful marks on the answers).
    pub sort: Option<String>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

pub async fn list(db: &Db, viewer: Option<&Actor>, product: String, query: QuestionQuery) -> AppResult<QuestionList> {
    let filter = QuestionFilter::parse(query.filter.as_deref())
        .ok_or_else(|| AppError::field("filter", "invalid", "filter is all, unanswered, answered or official."))?;
    let sort = QuestionSort::parse(query.sort.as_deref())
        .ok_or_else(|| AppError::field("sort", "invalid", "sort is new or helpful."))?;
    let limit = parse_limit(query.limit.as_deref())?;
    let after: Option<QuestionAfter> = decode_cursor(query.cursor.as_deref())?;
    let viewer = viewer.cloned();
    db.run(move |conn| {
        let product = crate::products::service::load(conn, &product)?;
        let rows = store::list(conn, &product.id, filter, sort, after.as_ref(), limit + 1)?;
        let (rows, next_cursor) =
            finish_page(rows, limit, |r| QuestionAfter { helpful: r.helpful_count, id: r.id.to_string() });
        let items = views(conn, &rows, viewer.as_ref())?;
        let team_average_days = rules::average_days(&store::official_waits(conn, &product.id)?);
        Ok(QuestionList { items, next_cursor, team_average_days })
    })
    .await
}

/// The product's average time to a first official answer, in days (none without data).
pub async fn team_average_days(db: &Db, product_id: ProductId) -> AppResult<Option<f64>> {
    db.run(move |conn| Ok(rules::average_days(&store::official_waits(conn, &product_id)?))).await
}

pub async fn get(db: &Db, viewer: Option<&Actor>, id: QuestionId) -> AppResult<QuestionView> {
    let viewer = viewer.cloned();
    db.run(move |conn| {
        let row = load_visible(conn, &id, viewer.as_ref())?;
        full_view(conn, &row, viewer.as_ref())
    })
    .await
}

/// The author's own, within the edit window, not hidden by a moderator.
fn ensure_editable(
    actor: &Actor,
    author: &str,
    created: chrono::NaiveDateTime,
    hidden: bool,
    what: &str,
) -> AppResult<()> {
    if actor.id != author {
        return Err(AppError::forbidden(ErrorCode::NotAuthor, format!("Only the author edits or deletes {what}.")));
    }
    if !rules::edit_window_open(created, clock::now()) {
        return Err(AppError::conflict(
            ErrorCode::EditWindowClosed,
            format!("{what} can be edited or deleted for {} minutes after posting.", rules::EDIT_WINDOW_MINUTES),
        ));
    }
    if hidden {
        return Err(AppError::conflict(ErrorCode::HiddenByModerator, "A moderator hid this."));
    }
    Ok(())
}

pub async fn update_question(db: &Db, actor: &Actor, id: QuestionId, input: UpdateQuestion) -> AppResult<QuestionView> {
    actor.ensure_active()?;
    let mut v = Violations::new();
    if let Some(t) = &input.title {
        rules::check_title(&mut v, t);
    }
    if let Some(b) = &input.body {
        rules::check_body(&mut v, b, false);
    }
    v.finish()?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let row = load_visible(conn, &id, Some(&actor))?;
            ensure_editable(&actor, &row.author_id, row.created_at, row.hidden_at.is_some(), "a question")?;
            let title = input.title.map(|t| t.trim().to_string()).unwrap_or_else(|| row.title.clone());
            let body = input.body.map(|b| b.trim().to_string()).unwrap_or_else(|| row.body.clone());
            store::update_question(conn, &row.id, &title, &body, &markdown::render(&body), clock::now())?;
            let saved = store::question(conn, &row.id)?.ok_or_else(|| AppError::not_found("Question"))?;
            full_view(conn, &saved, Some(&actor))
        })
    })
    .await
}

/// The asker deletes their question within the edit window, unless others answered it already (409
/// `question_has_answers`: their answers would go with it). A suspended member may: it takes back their own.
pub async fn delete_question(db: &Db, actor: &Actor, id: QuestionId) -> AppResult<()> {
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let row = load_visible(conn, &id, Some(&actor))?;
            ensure_editable(&actor, &row.author_id, row.created_at, row.hidden_at.is_some(), "a question")?;
            store::lock(conn, &row.id)?;
            let answers = store::answers_of(conn, &row.id)?;
            if answers.iter().any(|a| a.author_id != row.author_id) {
                return Err(AppError::conflict(
                    ErrorCode::QuestionHasAnswers,
                    "Others answered this question already; it stays.",
                ));
            }
            let now = clock::now();
            store::delete_question(conn, &row.id)?;
            for a in &answers {
                points::reverse_subject(conn, &a.author_id, &a.id, Reason::Deleted, now)?;
            }
            points::reverse_subject(conn, &row.author_id, &row.id, Reason::Deleted, now)?;
            Ok(())
        })
    })
    .await
}

/// A member (or the product team: official) answers; the asker hears of it (in the app, and by mail by
/// default).
pub async fn answer(db: &Db, actor: &Actor, question_id: QuestionId, input: AnswerInput) -> AppResult<AnswerView> {
    actor.ensure_contributor()?;
    let mut v = Violations::new();
    rules::check_body(&mut v, &input.body, true);
    v.finish()?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let question = load_visible(conn, &question_id, None)?;
            store::lock(conn, &question.id)?;
            let now = clock::now();
            let body = input.body.trim().to_string();
            let row = AnswerRow {
                id: AnswerId::new(),
                question_id: question.id.clone(),
                author_id: user_id(&actor)?,
                body_html: markdown::render(&body),
                body,
                official: rules::is_official(actor.role),
                helpful_count: 0,
                open_reports: 0,
                hidden_at: None,
                edited_at: None,
                created_at: now,
            };
            store::insert_answer(conn, &row)?;
            if question.author_id != actor.id {
                let product = product_store::by_id(conn, &question.product_id)?;
                let data = serde_json::json!({"question_title": question.title, "actor": actor.handle,
                    "official": row.official, "product_name": product.map(|p| p.name),
                    "url": format!("{}#answer-{}", question_url(&question.id), row.id)});
                notify::notify(conn, &question.author_id, kind::ANSWER, None, &data, now)?;
            }
            points::award(conn, &[Award::new(&actor.id, Rule::Answer, "answer", &row.id).about(&row.id, None)], now)?;
            let saved = store::question(conn, &question.id)?.ok_or_else(|| AppError::not_found("Question"))?;
            answer_views(conn, &saved, std::slice::from_ref(&row), Some(&actor))?
                .pop()
                .ok_or_else(|| AppError::internal("empty view"))
        })
    })
    .await
}

pub async fn update_answer(db: &Db, actor: &Actor, id: AnswerId, input: AnswerInput) -> AppResult<AnswerView> {
    actor.ensure_active()?;
    let mut v = Violations::new();
    rules::check_body(&mut v, &input.body, true);
    v.finish()?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let (row, question) = load_answer(conn, &id, Some(&actor))?;
            ensure_editable(&actor, &row.author_id, row.created_at, row.hidden_at.is_some(), "an answer")?;
            let body = input.body.trim().to_string();
            store::update_answer(conn, &row, &body, &markdown::render(&body), clock::now())?;
            let saved = store::answer(conn, &row.id)?.ok_or_else(|| AppError::not_found("Answer"))?;
            answer_views(conn, &question, std::slice::from_ref(&saved), Some(&actor))?
                .pop()
                .ok_or_else(|| AppError::internal("empty view"))
        })
    })
    .await
}

pub async fn delete_answer(db: &Db, actor: &Actor, id: AnswerId) -> AppResult<()> {
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let (row, question) = load_answer(conn, &id, Some(&actor))?;
            ensure_editable(&actor, &row.author_id, row.created_at, row.hidden_at.is_some(), "an answer")?;
            store::lock(conn, &question.id)?;
            store::delete_answer(conn, &row)?;
            // The answer's points, its helpful marks' and its acceptance's go with it.
            points::reverse_subject(conn, &row.author_id, &row.id, Reason::Deleted, clock::now())?;
            Ok(())
        })
    })
    .await
}

fn accept_award<'a>(answer: &'a AnswerRow, question: &'a QuestionRow) -> Option<Award<'a>> {
    // Accepting one's own answer to one's own question pays nothing.
    (answer.author_id != question.author_id).then(|| {
        Award::new(&answer.author_id, Rule::AnswerAccepted, "answer_accepted", &answer.id).about(&answer.id, None)
    })
}

/// The asker or the product team accepts an answer (replacing the one accepted before), or with `None`
/// unmarks it.
pub async fn accept(
    db: &Db,
    actor: &Actor,
    question_id: QuestionId,
    answer_id: Option<String>,
) -> AppResult<QuestionView> {
    actor.ensure_active()?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let question = load_visible(conn, &question_id, Some(&actor))?;
            if !rules::may_accept(question.author_id == actor.id, actor.role) {
                return Err(AppError::forbidden(
                    ErrorCode::NotAsker,
                    "Only the asker or the product team accepts an answer.",
                ));
            }
            store::lock(conn, &question.id)?;
            let chosen = match answer_id.as_deref() {
                None => None,
                Some(raw) => {
                    let invalid =
                        || AppError::field("answer_id", "invalid", "Choose a visible answer of this question.");
                    let id = AnswerId::parse(raw).ok_or_else(invalid)?;
                    let answer = store::answer(conn, &id)?
                        .filter(|a| a.question_id == question.id && a.hidden_at.is_none())
                        .ok_or_else(invalid)?;
                    Some(answer)
                }
            };
            let now = clock::now();
            let before = match question.accepted_answer_id.as_deref() {
                Some(id) => store::answer(conn, id)?,
                None => None,
            };
            if before.as_ref().map(|a| &a.id) != chosen.as_ref().map(|a| &a.id) {
                if let Some(award) = before.as_ref().and_then(|a| accept_award(a, &question)) {
                    points::reverse(conn, &[award], Reason::Unmarked, now)?;
                }
                if let Some(award) = chosen.as_ref().and_then(|a| accept_award(a, &question)) {
                    points::award_or_reinstate(conn, &[award], Reason::Unmarked, now)?;
                }
                store::set_accepted(conn, &question.id, chosen.as_ref().map(|a| a.id.as_str()))?;
            }
            let saved = store::question(conn, &question.id)?.ok_or_else(|| AppError::not_found("Question"))?;
            full_view(conn, &saved, Some(&actor))
        })
    })
    .await
}

/// Marks (or unmarks) another member's answer as helpful, once per member.
pub async fn helpful(db: &Db, actor: &Actor, id: AnswerId, on: bool) -> AppResult<AnswerHelpful> {
    // Unmarking only takes back the member's own mark: a suspended member may.
    if on {
        actor.ensure_active()?;
    }
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let (row, _) = load_answer(conn, &id, None)?;
            if row.author_id == actor.id {
                if !on {
                    return Ok(AnswerHelpful { helpful: false, helpful_count: row.helpful_count });
                }
                return Err(AppError::forbidden(ErrorCode::OwnContent, "You cannot mark your own answer as helpful."));
            }
            let now = clock::now();
            let cause = format!("{}:{}", row.id, actor.id);
            let award =
                [Award::new(&row.author_id, Rule::AnswerHelpful, "answer_helpful", &cause).about(&row.id, None)];
            if on {
                if store::add_helpful(conn, &row, &actor.id, now)? == 1 {
                    points::award_or_reinstate(conn, &award, Reason::Unmarked, now)?;
                }
            } else if store::remove_helpful(conn, &row, &actor.id)? == 1 {
                points::reverse(conn, &award, Reason::Unmarked, now)?;
            }
            Ok(AnswerHelpful { helpful: on, helpful_count: store::answer_helpful_count(conn, &row.id)? })
        })
    })
    .await
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct WaitingQuestion {
    pub id: QuestionId,
    pub title: String,
    pub product: QuestionProduct,
    pub answers_count: i32,
    pub asked_at: DateTime<Utc>,
    /// Whole hours since it was asked.
    pub waited_hours: i64,
    /// Whole days since it was asked.
    pub waited_days: i64,
}

/// Questions without an official answer, oldest first (the product team's dashboard; product team and
/// admins).
pub async fn waiting(db: &Db, actor: &Actor, limit: i64) -> AppResult<Vec<WaitingQuestion>> {
    crate::products::service::ensure_product_team(actor)?;
    db.run(move |conn| {
        let rows = store::waiting(conn, limit)?;
        let products = products_of(conn, &rows)?;
        let now = clock::now();
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let product = products.get(r.product_id.as_str()).cloned()?;
                let hours = rules::waited_hours(r.created_at, now);
                Some(WaitingQuestion {
                    id: r.id,
                    title: r.title,
                    product,
                    answers_count: r.answers_count,
                    asked_at: clock::to_utc(r.created_at),
                    waited_hours: hours,
                    waited_days: hours / 24,
                })
            })
            .collect())
    })
    .await
}

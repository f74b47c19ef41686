//! Idea, tag and support rows and queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{idea_tags, ideas, supports, vote_budgets};
use crate::db::DbConn;
use crate::per_backend;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = ideas)]
pub struct IdeaRow {
    pub id: String,
    pub challenge_id: Option<String>,
    pub author_id: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub body_html: String,
    pub status: String,
    pub supports_count: i32,
    pub comments_count: i32,
    pub trend_score: f64,
    pub last_supported_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = ideas)]
pub struct NewIdea {
    pub id: String,
    pub challenge_id: Option<String>,
    pub author_id: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub body_html: String,
    pub status: String,
    pub supports_count: i32,
    pub comments_count: i32,
    pub trend_score: f64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(AsChangeset, Debug, Default)]
#[diesel(table_name = ideas)]
pub struct IdeaChanges {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub body: Option<String>,
    pub body_html: Option<String>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn by_id(conn: &mut DbConn, id: &str) -> QueryResult<Option<IdeaRow>> {
    ideas::table.find(id).select(IdeaRow::as_select()).first(conn).optional()
}

pub fn insert(conn: &mut DbConn, idea: &NewIdea, tags: &[String]) -> QueryResult<()> {
    diesel::insert_into(ideas::table).values(idea).execute(conn)?;
    replace_tags(conn, &idea.id, tags)
}

pub fn update(conn: &mut DbConn, id: &str, changes: &IdeaChanges) -> QueryResult<usize> {
    diesel::update(ideas::table.find(id)).set(changes).execute(conn)
}

pub fn replace_tags(conn: &mut DbConn, idea_id: &str, tags: &[String]) -> QueryResult<()> {
    diesel::delete(idea_tags::table.filter(idea_tags::idea_id.eq(idea_id))).execute(conn)?;
    if !tags.is_empty() {
        let rows: Vec<_> =
            tags.iter().map(|t| (idea_tags::idea_id.eq(idea_id), idea_tags::tag.eq(t.as_str()))).collect();
        // Batch inserts do not compile on MultiConnection: run it per backend.
        per_backend!(conn, c => diesel::insert_into(idea_tags::table).values(&rows).execute(c))?;
    }
    Ok(())
}

/// (idea_id, tag) pairs for the given ideas, tags in name order.
pub fn tags_for(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<(String, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    idea_tags::table
        .filter(idea_tags::idea_id.eq_any(ids))
        .order((idea_tags::idea_id, idea_tags::tag))
        .select((idea_tags::idea_id, idea_tags::tag))
        .load(conn)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    Top,
    New,
    Trending,
}

/// The position after which a page starts: the sort key of the last idea seen.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct After {
    pub supports: Option<i32>,
    pub trend: Option<f64>,
    pub id: String,
}

impl After {
    pub fn of(row: &IdeaRow, sort: Sort) -> After {
        After {
            supports: (sort == Sort::Top).then_some(row.supports_count),
            trend: (sort == Sort::Trending).then_some(row.trend_score),
            id: row.id.clone(),
        }
    }
}

#[derive(Debug, Default, Clone)]
pub struct Filter {
    /// `Some(None)`: the open board only; `Some(Some(id))`: one challenge.
    pub challenge: Option<Option<String>>,
    pub tag: Option<String>,
    pub author_id: Option<String>,
    pub statuses: Vec<String>,
}

pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    sort: Sort,
    after: Option<&After>,
    limit: i64,
) -> QueryResult<Vec<IdeaRow>> {
    let mut q = ideas::table.select(IdeaRow::as_select()).into_boxed();
    match &filter.challenge {
        Some(Some(id)) => q = q.filter(ideas::challenge_id.eq(id.clone())),
        Some(None) => q = q.filter(ideas::challenge_id.is_null()),
        None => {}
    }
    if let Some(tag) = &filter.tag {
        q = q.filter(
            ideas::id.eq_any(idea_tags::table.filter(idea_tags::tag.eq(tag.clone())).select(idea_tags::idea_id)),
        );
    }
    if let Some(author) = &filter.author_id {
        q = q.filter(ideas::author_id.eq(author.clone()));
    }
    q = q.filter(ideas::status.eq_any(filter.statuses.clone()));
    match sort {
        Sort::New => {
            if let Some(a) = after {
                q = q.filter(ideas::id.lt(a.id.clone()));
            }
            q = q.order(ideas::id.desc());
        }
        Sort::Top => {
            if let Some(a) = after {
                let n = a.supports.unwrap_or(0);
                q = q.filter(
                    ideas::supports_count.lt(n).or(ideas::supports_count.eq(n).and(ideas::id.lt(a.id.clone()))),
                );
            }
            q = q.order((ideas::supports_count.desc(), ideas::id.desc()));
        }
        Sort::Trending => {
            if let Some(a) = after {
                let s = a.trend.unwrap_or(0.0);
                q = q.filter(ideas::trend_score.lt(s).or(ideas::trend_score.eq(s).and(ideas::id.lt(a.id.clone()))));
            }
            q = q.order((ideas::trend_score.desc(), ideas::id.desc()));
        }
    }
    q.limit(limit + 1).load(conn)
}

// ---- supports -------------------------------------------------------------

#[derive(Insertable, Debug)]
#[diesel(table_name = supports)]
pub struct NewSupport<'a> {
    pub idea_id: &'a str,
    pub user_id: &'a str,
    pub challenge_id: Option<&'a str>,
    pub created_at: NaiveDateTime,
}

/// Inserts the support unless the member already gave it; the number of rows
/// inserted (0 or 1) says which.
pub fn insert_support(conn: &mut DbConn, row: &NewSupport<'_>) -> QueryResult<usize> {
    per_backend!(conn, c => diesel::insert_into(supports::table).values(row).on_conflict_do_nothing().execute(c))
}

/// The time of the support removed, if there was one.
pub fn delete_support(conn: &mut DbConn, idea_id: &str, user_id: &str) -> QueryResult<Option<NaiveDateTime>> {
    let target = supports::table.filter(supports::idea_id.eq(idea_id)).filter(supports::user_id.eq(user_id));
    let at: Option<NaiveDateTime> = target.select(supports::created_at).first(conn).optional()?;
    if at.is_some() {
        let deleted = diesel::delete(target).execute(conn)?;
        if deleted == 0 {
            return Ok(None);
        }
    }
    Ok(at)
}

pub fn has_support(conn: &mut DbConn, idea_id: &str, user_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        supports::table.filter(supports::idea_id.eq(idea_id)).filter(supports::user_id.eq(user_id)),
    ))
    .get_result(conn)
}

/// Which of the given ideas the member supports.
pub fn supported_among(conn: &mut DbConn, user_id: &str, idea_ids: &[String]) -> QueryResult<Vec<String>> {
    if idea_ids.is_empty() {
        return Ok(Vec::new());
    }
    supports::table
        .filter(supports::user_id.eq(user_id))
        .filter(supports::idea_id.eq_any(idea_ids))
        .select(supports::idea_id)
        .load(conn)
}

/// Moves the idea's support count by `delta` and returns (new count, trend
/// score, created_at). The UPDATE takes the row lock, so the trend written
/// after it in the same transaction cannot be lost to a concurrent support.
pub fn bump_supports(
    conn: &mut DbConn,
    idea_id: &str,
    delta: i32,
    now: NaiveDateTime,
) -> QueryResult<(i32, f64, NaiveDateTime)> {
    let target = ideas::table.find(idea_id);
    if delta > 0 {
        diesel::update(target)
            .set((ideas::supports_count.eq(ideas::supports_count + delta), ideas::last_supported_at.eq(now)))
            .returning((ideas::supports_count, ideas::trend_score, ideas::created_at))
            .get_result(conn)
    } else {
        diesel::update(target)
            .set(ideas::supports_count.eq(ideas::supports_count + delta))
            .returning((ideas::supports_count, ideas::trend_score, ideas::created_at))
            .get_result(conn)
    }
}

pub fn set_trend(conn: &mut DbConn, idea_id: &str, score: f64) -> QueryResult<usize> {
    diesel::update(ideas::table.find(idea_id)).set(ideas::trend_score.eq(score)).execute(conn)
}

pub fn supports_count(conn: &mut DbConn, idea_id: &str) -> QueryResult<i32> {
    ideas::table.find(idea_id).select(ideas::supports_count).first(conn)
}

/// Takes one vote from the member's budget in the challenge; false when it
/// is used up. The conditional UPDATE is exact under concurrency: PostgreSQL
/// re-checks `used < budget` after waiting for the row lock, SQLite writers
/// are serialized.
pub fn take_budget(conn: &mut DbConn, user_id: &str, challenge_id: &str, budget: i32) -> QueryResult<bool> {
    per_backend!(conn, c => diesel::insert_into(vote_budgets::table)
        .values((
            vote_budgets::user_id.eq(user_id),
            vote_budgets::challenge_id.eq(challenge_id),
            vote_budgets::used.eq(0),
        ))
        .on_conflict_do_nothing()
        .execute(c))?;
    let taken = diesel::update(
        vote_budgets::table
            .filter(vote_budgets::user_id.eq(user_id))
            .filter(vote_budgets::challenge_id.eq(challenge_id))
            .filter(vote_budgets::used.lt(budget)),
    )
    .set(vote_budgets::used.eq(vote_budgets::used + 1))
    .execute(conn)?;
    Ok(taken == 1)
}

pub fn release_budget(conn: &mut DbConn, user_id: &str, challenge_id: &str) -> QueryResult<usize> {
    diesel::update(
        vote_budgets::table
            .filter(vote_budgets::user_id.eq(user_id))
            .filter(vote_budgets::challenge_id.eq(challenge_id))
            .filter(vote_budgets::used.gt(0)),
    )
    .set(vote_budgets::used.eq(vote_budgets::used - 1))
    .execute(conn)
}

pub fn budget_used(conn: &mut DbConn, user_id: &str, challenge_id: &str) -> QueryResult<i32> {
    vote_budgets::table
        .filter(vote_budgets::user_id.eq(user_id))
        .filter(vote_budgets::challenge_id.eq(challenge_id))
        .select(vote_budgets::used)
        .first(conn)
        .optional()
        .map(|u| u.unwrap_or(0))
}

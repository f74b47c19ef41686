//! The dashboard's queries: counts and small lists, read-only, written once
//! for both backends. A scope is a challenge's id, or `None` for everything.
//! Days are bucketed in Rust (`rules::per_day`) from the timestamps.

use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;

use crate::db::schema::{challenges, idea_events, ideas, product_alerts, products, supports};
use crate::db::DbConn;
use crate::ideas::rules::IdeaStatus;
use crate::ids::{ChallengeId, IdeaId, ProductId};

/// A challenge for the scope picker: id, slug, title.
pub type ChallengeRef = (ChallengeId, String, String);

/// Every challenge, the newest opening first.
pub fn challenges(conn: &mut DbConn) -> QueryResult<Vec<ChallengeRef>> {
    challenges::table
        .order((challenges::opens_at.desc(), challenges::id.desc()))
        .select((challenges::id, challenges::slug, challenges::title))
        .load(conn)
}

/// The challenge with this id or slug.
pub fn challenge(conn: &mut DbConn, key: &str) -> QueryResult<Option<ChallengeRef>> {
    let query = challenges::table.select((challenges::id, challenges::slug, challenges::title));
    match crate::ids::ChallengeId::parse(key) {
        Some(id) => query.filter(challenges::id.eq(id)).first(conn).optional(),
        None => query.filter(challenges::slug.eq(key)).first(conn).optional(),
    }
}

/// Ideas submitted in the scope (every idea is).
pub fn submitted(conn: &mut DbConn, scope: Option<&str>) -> QueryResult<i64> {
    let mut q = ideas::table.select(count_star()).into_boxed();
    if let Some(c) = scope {
        q = q.filter(ideas::challenge_id.eq(c.to_string()));
    }
    q.get_result(conn)
}

/// Ideas per status now.
pub fn status_counts(conn: &mut DbConn, scope: Option<&str>) -> QueryResult<Vec<(IdeaStatus, i64)>> {
    let mut q = ideas::table.group_by(ideas::status).select((ideas::status, count_star())).into_boxed();
    if let Some(c) = scope {
        q = q.filter(ideas::challenge_id.eq(c.to_string()));
    }
    q.load(conn)
}

/// Ideas that were ever in one of `statuses` (an event in their timeline
/// moved them there) or are in one now.
pub fn reached(conn: &mut DbConn, scope: Option<&str>, statuses: &[IdeaStatus]) -> QueryResult<i64> {
    let statuses = statuses.to_vec();
    let passed =
        idea_events::table.filter(idea_events::to_status.eq_any(statuses.clone())).select(idea_events::idea_id);
    let mut q = ideas::table
        .filter(ideas::status.eq_any(statuses).or(ideas::id.eq_any(passed)))
        .select(count_star())
        .into_boxed();
    if let Some(c) = scope {
        q = q.filter(ideas::challenge_id.eq(c.to_string()));
    }
    q.get_result(conn)
}

/// When each support since `from` was given. Supports copied by a merge are
/// left out: they are no new support; a withdrawn support has no row.
pub fn support_times(conn: &mut DbConn, scope: Option<&str>, from: NaiveDateTime) -> QueryResult<Vec<NaiveDateTime>> {
    let mut q = supports::table
        .filter(supports::created_at.ge(from))
        .filter(supports::merged_from.is_null())
        .select(supports::created_at)
        .into_boxed();
    if let Some(c) = scope {
        q = q.filter(supports::challenge_id.eq(c.to_string()));
    }
    q.load(conn)
}

/// Supports per idea given in `[from, until)` (merge copies left out).
pub fn supports_by_idea(
    conn: &mut DbConn,
    scope: Option<&str>,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<Vec<(String, i64)>> {
    let mut q = supports::table
        .filter(supports::created_at.ge(from))
        .filter(supports::created_at.lt(until))
        .filter(supports::merged_from.is_null())
        .group_by(supports::idea_id)
        .select((supports::idea_id, count_star()))
        .into_boxed();
    if let Some(c) = scope {
        q = q.filter(supports::challenge_id.eq(c.to_string()));
    }
    q.load(conn)
}

/// What the dashboard shows of an idea.
#[derive(Queryable, Debug, Clone)]
pub struct IdeaBrief {
    pub id: IdeaId,
    pub challenge_id: Option<ChallengeId>,
    pub title: String,
    pub status: IdeaStatus,
    pub supports_count: i32,
    pub created_at: NaiveDateTime,
    pub status_changed_at: Option<NaiveDateTime>,
}

type BriefColumns = (
    ideas::id,
    ideas::challenge_id,
    ideas::title,
    ideas::status,
    ideas::supports_count,
    ideas::created_at,
    ideas::status_changed_at,
);

const BRIEF: BriefColumns = (
    ideas::id,
    ideas::challenge_id,
    ideas::title,
    ideas::status,
    ideas::supports_count,
    ideas::created_at,
    ideas::status_changed_at,
);

pub fn ideas_by_ids(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<IdeaBrief>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    ideas::table.filter(ideas::id.eq_any(ids)).select(BRIEF).load(conn)
}

/// Ideas in `status`, the longest there first, at most `limit`.
pub fn in_status(
    conn: &mut DbConn,
    scope: Option<&str>,
    status: IdeaStatus,
    limit: i64,
) -> QueryResult<Vec<IdeaBrief>> {
    let mut q = ideas::table
        .filter(ideas::status.eq(status))
        .order((ideas::status_changed_at.asc(), ideas::id.asc()))
        .limit(limit)
        .select(BRIEF)
        .into_boxed();
    if let Some(c) = scope {
        q = q.filter(ideas::challenge_id.eq(c.to_string()));
    }
    q.load(conn)
}

/// An open review-spike alert with its product's slug and name.
#[derive(Queryable, Debug, Clone)]
pub struct AlertWithProduct {
    pub product_id: ProductId,
    pub low_ratings: i32,
    pub window_hours: i32,
    pub usual_rate: f64,
    pub created_at: NaiveDateTime,
    pub slug: String,
    pub name: String,
}

/// Open alerts (not resolved), with their products; in a challenge's scope
/// only those of products that came from the challenge's ideas.
pub fn open_alerts(conn: &mut DbConn, scope: Option<&str>) -> QueryResult<Vec<AlertWithProduct>> {
    let mut q = product_alerts::table
        .inner_join(products::table.on(products::id.eq(product_alerts::product_id)))
        .filter(product_alerts::resolved_at.is_null())
        .order((product_alerts::created_at.desc(), product_alerts::id.desc()))
        .limit(500)
        .select((
            product_alerts::product_id,
            product_alerts::low_ratings,
            product_alerts::window_hours,
            product_alerts::usual_rate,
            product_alerts::created_at,
            products::slug,
            products::name,
        ))
        .into_boxed();
    if let Some(c) = scope {
        let from_challenge = ideas::table.filter(ideas::challenge_id.eq(c.to_string())).select(ideas::id.nullable());
        q = q.filter(products::idea_id.eq_any(from_challenge));
    }
    q.load(conn)
}

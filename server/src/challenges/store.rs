//! Challenge rows and queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{challenges, ideas};
use crate::db::DbConn;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = challenges)]
pub struct ChallengeRow {
    pub id: crate::ids::ChallengeId,
    pub slug: String,
    pub title: String,
    pub brief: String,
    pub brief_html: String,
    pub opens_at: NaiveDateTime,
    pub closes_at: NaiveDateTime,
    pub support_threshold: i32,
    pub vote_mode: crate::challenges::rules::VoteMode,
    pub vote_budget: Option<i32>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub support_tiers: String,
    pub premoderation: bool,
    pub price_bands: String,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = challenges)]
pub struct NewChallenge {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub brief: String,
    pub brief_html: String,
    pub opens_at: NaiveDateTime,
    pub closes_at: NaiveDateTime,
    pub support_threshold: i32,
    pub vote_mode: crate::challenges::rules::VoteMode,
    pub vote_budget: Option<i32>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub support_tiers: String,
    pub premoderation: bool,
    pub price_bands: String,
}

/// A partial update; `vote_budget: Some(None)` clears it.
#[derive(AsChangeset, Debug, Default)]
#[diesel(table_name = challenges)]
pub struct ChallengeChanges {
    pub title: Option<String>,
    pub brief: Option<String>,
    pub brief_html: Option<String>,
    pub opens_at: Option<NaiveDateTime>,
    pub closes_at: Option<NaiveDateTime>,
    pub support_threshold: Option<i32>,
    pub vote_mode: Option<String>,
    pub vote_budget: Option<Option<i32>>,
    pub updated_at: Option<NaiveDateTime>,
    pub support_tiers: Option<String>,
    pub premoderation: Option<bool>,
    pub price_bands: Option<String>,
}

impl ChallengeRow {
    /// The price bands supporters may pick from (none: the question is yes/maybe/no only).
    pub fn price_bands(&self) -> Vec<String> {
        serde_json::from_str(&self.price_bands).unwrap_or_default()
    }

    /// The challenge's support tiers (a single tier at the threshold if none were set).
    pub fn tiers(&self) -> Vec<crate::tracker::rules::Tier> {
        serde_json::from_str(&self.support_tiers).unwrap_or_else(|_| {
            vec![crate::tracker::rules::Tier {
                supports: self.support_threshold,
                days: super::rules::default_tier_days(self.opens_at, self.closes_at),
            }]
        })
    }
}

pub fn by_id_or_slug(conn: &mut DbConn, key: &str) -> QueryResult<Option<ChallengeRow>> {
    let query = challenges::table.select(ChallengeRow::as_select());
    match crate::ids::ChallengeId::parse(key) {
        Some(id) => query.filter(challenges::id.eq(id)).first(conn).optional(),
        None => query.filter(challenges::slug.eq(key)).first(conn).optional(),
    }
}

pub fn by_ids(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<ChallengeRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    challenges::table.filter(challenges::id.eq_any(ids)).select(ChallengeRow::as_select()).load(conn)
}

pub fn slug_taken(conn: &mut DbConn, slug: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(challenges::table.filter(challenges::slug.eq(slug)))).get_result(conn)
}

pub fn insert(conn: &mut DbConn, row: &NewChallenge) -> QueryResult<usize> {
    diesel::insert_into(challenges::table).values(row).execute(conn)
}

pub fn update(conn: &mut DbConn, id: &str, changes: &ChallengeChanges) -> QueryResult<usize> {
    diesel::update(challenges::table.find(id)).set(changes).execute(conn)
}

/// Challenges newest-opening first, optionally by phase, keyset-paged on (opens_at, id).
pub fn list(
    conn: &mut DbConn,
    phase: Option<super::rules::Phase>,
    now: NaiveDateTime,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<ChallengeRow>> {
    use super::rules::Phase;
    let mut query = challenges::table.select(ChallengeRow::as_select()).into_boxed();
    query = match phase {
        Some(Phase::Upcoming) => query.filter(challenges::opens_at.gt(now)),
        Some(Phase::Open) => query.filter(challenges::opens_at.le(now).and(challenges::closes_at.gt(now))),
        Some(Phase::Closed) => query.filter(challenges::closes_at.le(now)),
        None => query,
    };
    if let Some((opens_at, id)) = after {
        query = query
            .filter(challenges::opens_at.lt(opens_at).or(challenges::opens_at.eq(opens_at).and(challenges::id.lt(id))));
    }
    query.order((challenges::opens_at.desc(), challenges::id.desc())).limit(limit + 1).load(conn)
}

/// Number of ideas in each of the given challenges.
pub fn idea_counts(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<(Option<String>, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    ideas::table
        .filter(ideas::challenge_id.eq_any(ids))
        .filter(ideas::status.eq_any(crate::ideas::rules::IdeaStatus::public_strs()))
        .group_by(ideas::challenge_id)
        .select((ideas::challenge_id, diesel::dsl::count_star()))
        .load(conn)
}

pub fn has_supports(conn: &mut DbConn, challenge_id: &str) -> QueryResult<bool> {
    use crate::db::schema::supports;
    diesel::select(diesel::dsl::exists(supports::table.filter(supports::challenge_id.eq(challenge_id))))
        .get_result(conn)
}

/// Which of each challenge's ideas ever reached one of the given statuses
/// (from the ideas' timelines): distinct `(challenge_id, status, idea_id)`.
pub fn ideas_reaching(
    conn: &mut DbConn,
    challenge_ids: &[String],
    statuses: &[&str],
) -> QueryResult<Vec<(Option<String>, String, String)>> {
    use crate::db::schema::idea_events;
    if challenge_ids.is_empty() {
        return Ok(Vec::new());
    }
    idea_events::table
        .inner_join(ideas::table)
        .filter(ideas::challenge_id.eq_any(challenge_ids))
        .filter(idea_events::to_status.eq_any(statuses))
        .select((ideas::challenge_id, idea_events::to_status, idea_events::idea_id))
        .distinct()
        .load(conn)
}

//! Idea, tag and support rows and queries; status moves and their events.

use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Double, Integer, Text};

use crate::db::schema::{idea_events, idea_tags, ideas, staff_picks, supports, vote_budgets};
use crate::db::DbConn;
use crate::ideas::rules::IdeaStatus;
use crate::ids::{ChallengeId, IdeaId, UserId};
use crate::per_backend;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = ideas)]
pub struct IdeaRow {
    pub id: IdeaId,
    pub challenge_id: Option<ChallengeId>,
    pub author_id: UserId,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub body_html: String,
    pub status: crate::ideas::rules::IdeaStatus,
    pub supports_count: i32,
    pub comments_count: i32,
    pub trend_score: f64,
    pub last_supported_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub tier: i32,
    pub tier_deadline: Option<NaiveDateTime>,
    pub status_changed_at: Option<NaiveDateTime>,
    pub merged_into: Option<IdeaId>,
    pub product_ref: Option<String>,
    pub hidden_at: Option<NaiveDateTime>,
    pub open_reports: i32,
    pub status_reason: Option<String>,
    pub status_note: Option<String>,
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
    pub status: crate::ideas::rules::IdeaStatus,
    pub supports_count: i32,
    pub comments_count: i32,
    pub trend_score: f64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub tier: i32,
    pub tier_deadline: Option<NaiveDateTime>,
    pub status_changed_at: Option<NaiveDateTime>,
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

/// An idea with its challenge, in one query (a support needs both).
pub fn by_id_with_challenge(
    conn: &mut DbConn,
    id: &str,
) -> QueryResult<Option<(IdeaRow, Option<crate::challenges::store::ChallengeRow>)>> {
    use crate::challenges::store::ChallengeRow;
    use crate::db::schema::challenges;
    ideas::table
        .left_join(challenges::table)
        .filter(ideas::id.eq(id))
        .select((IdeaRow::as_select(), Option::<ChallengeRow>::as_select()))
        .first(conn)
        .optional()
}

pub fn by_ids(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<IdeaRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    ideas::table.filter(ideas::id.eq_any(ids)).select(IdeaRow::as_select()).load(conn)
}

pub fn insert(conn: &mut DbConn, idea: &NewIdea, tags: &[String]) -> QueryResult<()> {
    diesel::insert_into(ideas::table).values(idea).execute(conn)?;
    replace_tags(conn, &idea.id, tags)?;
    reindex(conn, &idea.id)
}

pub fn update(conn: &mut DbConn, id: &str, changes: &IdeaChanges) -> QueryResult<usize> {
    let n = diesel::update(ideas::table.find(id)).set(changes).execute(conn)?;
    reindex(conn, id)?;
    Ok(n)
}

/// Queues the idea's search document for the engine, in the caller's
/// transaction. Every write to a searchable field (text, tags, status,
/// visibility, supports) calls it.
pub fn reindex(conn: &mut DbConn, id: &str) -> QueryResult<()> {
    crate::search::outbox::enqueue(conn, crate::search::DocKind::Idea, id, crate::clock::now()).map(|_| ())
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
    /// Most comments first.
    Discussed,
}

/// The position after which a page starts: the sort key of the last idea seen.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct After {
    pub supports: Option<i32>,
    pub trend: Option<f64>,
    /// The comment count (the `discussed` order); absent in older cursors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<i32>,
    pub id: String,
}

impl After {
    pub fn of(row: &IdeaRow, sort: Sort) -> After {
        After {
            supports: (sort == Sort::Top).then_some(row.supports_count),
            trend: (sort == Sort::Trending).then_some(row.trend_score),
            comments: (sort == Sort::Discussed).then_some(row.comments_count),
            id: row.id.to_string(),
        }
    }
}

#[derive(Debug, Default, Clone)]
pub struct Filter {
    /// `Some(None)`: the open board only; `Some(Some(id))`: one challenge.
    pub challenge: Option<Option<String>>,
    pub tag: Option<String>,
    pub author_id: Option<String>,
    pub statuses: Vec<IdeaStatus>,
    /// `statuses` lists the states to leave out rather than the ones to show.
    /// (SQLite plans `status IN (most states)` through the status index and
    /// sorts every row; `NOT IN (the few others)` keeps the sort's index.)
    pub exclude_statuses: bool,
    /// At least this many supports.
    pub min_supports: Option<i32>,
    /// Submitted at or after this time.
    pub since: Option<NaiveDateTime>,
    /// Became this product (the product's slug, as `product_ref` holds it).
    pub product: Option<String>,
    /// Supported by this member.
    pub supported_by: Option<String>,
    /// Staff picks only.
    pub staff_pick: bool,
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
    q = if filter.exclude_statuses {
        q.filter(ideas::status.ne_all(filter.statuses.clone()))
    } else {
        q.filter(ideas::status.eq_any(filter.statuses.clone()))
    };
    q = q.filter(ideas::hidden_at.is_null());
    if let Some(n) = filter.min_supports {
        q = q.filter(ideas::supports_count.ge(n));
    }
    if let Some(t) = filter.since {
        q = q.filter(ideas::created_at.ge(t));
    }
    if let Some(p) = &filter.product {
        q = q.filter(ideas::product_ref.eq(p.clone()));
    }
    if filter.staff_pick {
        q = q.filter(ideas::id.eq_any(staff_picks::table.select(staff_picks::idea_id)));
    }
    if let Some(member) = &filter.supported_by {
        q = q.filter(
            ideas::id.eq_any(supports::table.filter(supports::user_id.eq(member.clone())).select(supports::idea_id)),
        );
    }
    match sort {
        Sort::New => {
            if let Some(a) = after {
                q = q.filter(ideas::id.lt(a.id.clone()));
            }
            q = q.order(ideas::id.desc());
        }
        Sort::Top => {
            if let Some(a) = after {
                // A row-value comparison is an index bound on both backends;
                // the equivalent OR of two conditions is scanned and filtered.
                q = q.filter(
                    sql::<Bool>("(supports_count, id) < (")
                        .bind::<Integer, _>(a.supports.unwrap_or(0))
                        .sql(", ")
                        .bind::<Text, _>(a.id.clone())
                        .sql(")"),
                );
            }
            q = q.order((ideas::supports_count.desc(), ideas::id.desc()));
        }
        Sort::Trending => {
            if let Some(a) = after {
                q = q.filter(
                    sql::<Bool>("(trend_score, id) < (")
                        .bind::<Double, _>(a.trend.unwrap_or(0.0))
                        .sql(", ")
                        .bind::<Text, _>(a.id.clone())
                        .sql(")"),
                );
            }
            q = q.order((ideas::trend_score.desc(), ideas::id.desc()));
        }
        Sort::Discussed => {
            if let Some(a) = after {
                q = q.filter(
                    sql::<Bool>("(comments_count, id) < (")
                        .bind::<Integer, _>(a.comments.unwrap_or(0))
                        .sql(", ")
                        .bind::<Text, _>(a.id.clone())
                        .sql(")"),
                );
            }
            q = q.order((ideas::comments_count.desc(), ideas::id.desc()));
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
    pub would_buy: Option<&'a str>,
    pub price_band: Option<&'a str>,
}

/// Records a supporter's demand answers (when they answer on a later visit).
pub fn set_demand(
    conn: &mut DbConn,
    idea_id: &str,
    user_id: &str,
    would_buy: Option<&str>,
    price_band: Option<&str>,
) -> QueryResult<usize> {
    diesel::update(supports::table.find((idea_id, user_id)))
        .set((supports::would_buy.eq(would_buy), supports::price_band.eq(price_band)))
        .execute(conn)
}

/// The member's demand answers on an idea they support.
pub fn demand_of(
    conn: &mut DbConn,
    idea_id: &str,
    user_id: &str,
) -> QueryResult<Option<(Option<String>, Option<String>)>> {
    supports::table.find((idea_id, user_id)).select((supports::would_buy, supports::price_band)).first(conn).optional()
}

/// Supporters of an idea who gave an answer and a band: (idea, answer, band, supporters).
pub type DemandRow = (String, Option<String>, Option<String>, i64);

/// Supporters per (idea, answer, band), for the demand distribution.
pub fn demand_rows(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<DemandRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    supports::table
        .filter(supports::idea_id.eq_any(ids))
        .group_by((supports::idea_id, supports::would_buy, supports::price_band))
        .select((supports::idea_id, supports::would_buy, supports::price_band, diesel::dsl::count_star()))
        .load(conn)
}

/// Supports each idea got since `since`.
pub fn supports_since(conn: &mut DbConn, ids: &[String], since: NaiveDateTime) -> QueryResult<Vec<(String, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    supports::table
        .filter(supports::idea_id.eq_any(ids))
        .filter(supports::created_at.ge(since))
        .group_by(supports::idea_id)
        .select((supports::idea_id, diesel::dsl::count_star()))
        .load(conn)
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

/// What a support or withdrawal changed on the idea row.
#[derive(Debug, Clone, Copy)]
pub struct Bumped {
    pub supports: i32,
    pub trend: f64,
    pub created_at: NaiveDateTime,
    pub tier: i32,
    pub tier_deadline: Option<NaiveDateTime>,
}

/// Moves the idea's support count by `delta`, only while it gathers support;
/// `None` when it no longer does. The UPDATE takes the row lock, so what is
/// written after it in the same transaction (trend, tiers, the move to review)
/// cannot be lost to a concurrent support, and PostgreSQL re-checks the status
/// after waiting for that lock: the support that reaches the final tier is the
/// last one accepted.
pub fn bump_supports(conn: &mut DbConn, idea_id: &str, delta: i32, now: NaiveDateTime) -> QueryResult<Option<Bumped>> {
    let target = ideas::table.find(idea_id).filter(ideas::status.eq(IdeaStatus::GatheringSupport));
    let returning = (ideas::supports_count, ideas::trend_score, ideas::created_at, ideas::tier, ideas::tier_deadline);
    let row: Option<(i32, f64, NaiveDateTime, i32, Option<NaiveDateTime>)> = if delta > 0 {
        diesel::update(target)
            .set((ideas::supports_count.eq(ideas::supports_count + delta), ideas::last_supported_at.eq(now)))
            .returning(returning)
            .get_result(conn)
            .optional()?
    } else {
        diesel::update(target)
            .set(ideas::supports_count.eq(ideas::supports_count + delta))
            .returning(returning)
            .get_result(conn)
            .optional()?
    };
    if row.is_some() {
        reindex(conn, idea_id)?;
    }
    Ok(row.map(|(supports, trend, created_at, tier, tier_deadline)| Bumped {
        supports,
        trend,
        created_at,
        tier,
        tier_deadline,
    }))
}

/// A support's one write to the idea: one more support, the time, and the trend with the support's term added
/// (`ln(e^trend + e^term)`), only while the idea gathers support; `None` when it no longer does. One UPDATE
/// of the row (each one rewrites every index of `ideas`, whose counters are indexed for the listings). The
/// trend is added in the statement on PostgreSQL, so a concurrent support's term is never lost; SQLite has no
/// `ln` and needs none: its writers are serialized (`BEGIN IMMEDIATE`), so the row the caller read in this
/// transaction, `trend_read`, is the current one. No search document is queued: a support changes no text, and
/// the ranks follow in batches (`search::ranks`).
pub fn add_support(
    conn: &mut DbConn,
    idea_id: &str,
    trend_read: f64,
    term: f64,
    now: NaiveDateTime,
) -> QueryResult<Option<Bumped>> {
    use diesel::dsl::sql;
    use diesel::sql_types::Double;
    let target = ideas::table.find(idea_id).filter(ideas::status.eq(IdeaStatus::GatheringSupport));
    let returning = (ideas::supports_count, ideas::trend_score, ideas::created_at, ideas::tier, ideas::tier_deadline);
    let count = ideas::supports_count.eq(ideas::supports_count + 1);
    let at = ideas::last_supported_at.eq(now);
    let row: Option<(i32, f64, NaiveDateTime, i32, Option<NaiveDateTime>)> = match conn {
        DbConn::Pg(_) => {
            let trend = sql::<Double>("GREATEST(trend_score, ")
                .bind::<Double, _>(term)
                .sql(") + LN(1 + EXP(LEAST(trend_score, ")
                .bind::<Double, _>(term)
                .sql(") - GREATEST(trend_score, ")
                .bind::<Double, _>(term)
                .sql(")))");
            diesel::update(target).set((count, at, ideas::trend_score.eq(trend))).returning(returning).get_result(conn)
        }
        DbConn::Sqlite(_) => {
            let trend = crate::ideas::rules::log_add_exp(trend_read, term);
            diesel::update(target).set((count, at, ideas::trend_score.eq(trend))).returning(returning).get_result(conn)
        }
    }
    .optional()?;
    Ok(row.map(|(supports, trend, created_at, tier, tier_deadline)| Bumped {
        supports,
        trend,
        created_at,
        tier,
        tier_deadline,
    }))
}

/// Adjusts a count without the status guard (merges move supports between ideas in any state).
pub fn add_supports(conn: &mut DbConn, idea_id: &str, delta: i32) -> QueryResult<i32> {
    let count = diesel::update(ideas::table.find(idea_id))
        .set(ideas::supports_count.eq(ideas::supports_count + delta))
        .returning(ideas::supports_count)
        .get_result(conn)?;
    reindex(conn, idea_id)?;
    Ok(count)
}

/// The ideas most recently moved into a status (the roadmap's columns).
pub fn by_status_recent(conn: &mut DbConn, status: &str, limit: i64) -> QueryResult<Vec<IdeaRow>> {
    ideas::table
        .filter(ideas::status.eq(status))
        .filter(ideas::hidden_at.is_null())
        .select(IdeaRow::as_select())
        .order((ideas::status_changed_at.desc(), ideas::id.desc()))
        .limit(limit)
        .load(conn)
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

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

/// Visible ideas whose lowercased title contains any of the words:
/// (id, title, status, supports).
pub fn titles_like(conn: &mut DbConn, words: &[String], limit: i64) -> QueryResult<Vec<(IdeaId, String, String, i32)>> {
    let mut q = ideas::table
        .filter(ideas::hidden_at.is_null())
        .select((ideas::id, ideas::title, ideas::status, ideas::supports_count))
        .into_boxed();
    let mut any: Option<
        Box<dyn BoxableExpression<ideas::table, crate::db::MultiBackend, SqlType = diesel::sql_types::Bool>>,
    > = None;
    for w in words {
        let pattern = format!("%{}%", w.replace(['%', '_'], ""));
        let cond = lower(ideas::title).like(pattern);
        any = Some(match any {
            None => Box::new(cond),
            Some(prev) => Box::new(prev.or(cond)),
        });
    }
    if let Some(cond) = any {
        q = q.filter(cond);
    }
    q.order(ideas::supports_count.desc()).limit(limit).load(conn)
}

// ---- status moves ---------------------------------------------------------

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = idea_events)]
pub struct EventRow {
    pub id: String,
    pub idea_id: String,
    pub from_status: Option<crate::ideas::rules::IdeaStatus>,
    pub to_status: crate::ideas::rules::IdeaStatus,
    pub actor_id: Option<String>,
    pub actor_role: String,
    pub note: String,
    pub reason: Option<String>,
    pub created_at: NaiveDateTime,
}

pub fn insert_event(conn: &mut DbConn, row: &EventRow) -> QueryResult<usize> {
    diesel::insert_into(idea_events::table).values(row).execute(conn)
}

/// Moves the idea from `from` to `to` only if it is still in `from`: of two
/// concurrent moves exactly one wins (the other sees 0 rows).
pub fn set_status(
    conn: &mut DbConn,
    id: &str,
    from: IdeaStatus,
    to: IdeaStatus,
    now: NaiveDateTime,
    reason: Option<&str>,
    note: Option<&str>,
) -> QueryResult<usize> {
    let n = diesel::update(ideas::table.find(id).filter(ideas::status.eq(from)))
        .set((
            ideas::status.eq(to),
            ideas::status_changed_at.eq(now),
            ideas::status_reason.eq(reason),
            ideas::status_note.eq(note),
            ideas::updated_at.eq(now),
        ))
        .execute(conn)?;
    if n == 1 {
        reindex(conn, id)?;
    }
    Ok(n)
}

pub fn set_tier(conn: &mut DbConn, id: &str, tier: i32, deadline: Option<NaiveDateTime>) -> QueryResult<usize> {
    diesel::update(ideas::table.find(id)).set((ideas::tier.eq(tier), ideas::tier_deadline.eq(deadline))).execute(conn)
}

// ---- staff picks ----------------------------------------------------------

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = staff_picks)]
pub struct PickRow {
    pub idea_id: String,
    pub note: String,
    pub picked_by: Option<String>,
    pub picked_at: NaiveDateTime,
}

/// Marks an idea as a staff pick, or changes the note of its pick (the time of the first pick stays).
/// Returns whether the idea was not a pick before.
pub fn upsert_pick(conn: &mut DbConn, row: &PickRow) -> QueryResult<bool> {
    let inserted = per_backend!(conn, c => diesel::insert_into(staff_picks::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(c))?;
    if inserted == 0 {
        diesel::update(staff_picks::table.find(&row.idea_id))
            .set((staff_picks::note.eq(&row.note), staff_picks::picked_by.eq(&row.picked_by)))
            .execute(conn)?;
    }
    Ok(inserted == 1)
}

pub fn delete_pick(conn: &mut DbConn, idea_id: &str) -> QueryResult<usize> {
    diesel::delete(staff_picks::table.find(idea_id)).execute(conn)
}

/// The picks among these ideas.
pub fn picks_among(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<PickRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    staff_picks::table.filter(staff_picks::idea_id.eq_any(ids)).select(PickRow::as_select()).load(conn)
}

//! The product team's dashboard, overall or for one challenge: the funnel,
//! supports per day, this week's risers, ideas waiting for review and
//! products with open review-spike alerts. One read, for the API and the page.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::rules::{self, DayCount, Funnel, OpenAlert};
use super::store::{self, IdeaBrief};
use crate::accounts::Actor;
use crate::clock;
use crate::db::{Db, DbConn};
use crate::error::ErrorCode;
use crate::error::{AppError, AppResult};
use crate::ideas::rules::IdeaStatus;
use crate::ids::{ChallengeId, IdeaId, ProductId};

/// 403 for everyone but the product team and admins.
pub fn ensure_may_view(actor: &Actor) -> AppResult<()> {
    if rules::may_view(actor.role) {
        Ok(())
    } else {
        Err(AppError::forbidden(ErrorCode::ProductTeamOnly, "Only the product team and admins see the dashboard."))
    }
}

#[derive(Debug, Deserialize, Default, IntoParams)]
pub struct DashboardQuery {
    /// A challenge's id or slug; absent or empty: all ideas.
    pub challenge: Option<String>,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct ChallengeRef {
    pub id: ChallengeId,
    pub slug: String,
    pub title: String,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct SupportsPerDay {
    /// The first day shown (UTC), 29 days before the last.
    pub from: NaiveDate,
    /// Today (UTC).
    pub to: NaiveDate,
    /// All supports in these days.
    pub total: i64,
    /// The busiest day's supports.
    pub max: i64,
    /// One entry per day, oldest first; days without supports have 0.
    pub days: Vec<DayCount>,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct Riser {
    pub id: IdeaId,
    pub title: String,
    pub status: IdeaStatus,
    /// All its supports.
    pub supports: i32,
    /// Supports in the last 7 days.
    pub this_week: i64,
    /// Supports in the 7 days before.
    pub last_week: i64,
    /// `this_week - last_week`.
    pub change: i64,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct WaitingIdea {
    pub id: IdeaId,
    pub title: String,
    pub supports: i32,
    /// When it entered review.
    pub since: DateTime<Utc>,
    /// Whole hours it has waited.
    pub waited_hours: i64,
    /// Whole days it has waited.
    pub waited_days: i64,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct Waiting {
    /// All ideas in review in the scope.
    pub count: i64,
    /// The longest waiting first (at most 50).
    pub items: Vec<WaitingIdea>,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct ProductAlertSummary {
    pub product_id: ProductId,
    pub slug: String,
    pub name: String,
    /// Its open (unresolved) review-spike alerts.
    pub open_alerts: i64,
    /// When the latest was raised.
    pub latest_at: DateTime<Utc>,
    /// The latest alert's low ratings (1–2 stars) inside its window.
    pub low_ratings: i32,
    pub window_hours: i32,
    /// Low ratings the product usually gets in such a window.
    pub usual_rate: f64,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct Dashboard {
    /// The challenge shown; `null`: all ideas.
    pub challenge: Option<ChallengeRef>,
    /// Every challenge, newest opening first (to pick one).
    pub challenges: Vec<ChallengeRef>,
    /// When these numbers were taken.
    pub as_of: DateTime<Utc>,
    pub funnel: Funnel,
    pub supports_per_day: SupportsPerDay,
    /// The ideas with the most supports in the last 7 days.
    pub risers: Vec<Riser>,
    /// Ideas in review, the longest waiting first.
    pub waiting: Waiting,
    /// Products with open review-spike alerts, the latest alert first. In a
    /// challenge: products that came from its ideas.
    pub alerts: Vec<ProductAlertSummary>,
}

fn challenge_ref((id, slug, title): store::ChallengeRef) -> ChallengeRef {
    ChallengeRef { id, slug, title }
}

/// The dashboard now.
pub async fn overview(db: &Db, actor: &Actor, query: DashboardQuery) -> AppResult<Dashboard> {
    overview_at(db, actor, query, clock::now()).await
}

/// The dashboard as of `now`.
pub async fn overview_at(db: &Db, actor: &Actor, query: DashboardQuery, now: NaiveDateTime) -> AppResult<Dashboard> {
    ensure_may_view(actor)?;
    let key = query.challenge.map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
    db.run(move |conn| {
        let challenge = match key {
            None => None,
            Some(k) => Some(
                store::challenge(conn, &k)?
                    .ok_or_else(|| AppError::field("challenge", "unknown", "No challenge has this id or slug."))?,
            ),
        };
        let scope = challenge.as_ref().map(|c| c.0.clone());
        let scope = scope.as_deref();
        Ok(Dashboard {
            funnel: funnel(conn, scope)?,
            supports_per_day: supports_per_day(conn, scope, now)?,
            risers: risers(conn, scope, now)?,
            waiting: waiting(conn, scope, now)?,
            alerts: alerts(conn, scope)?,
            challenges: store::challenges(conn)?.into_iter().map(challenge_ref).collect(),
            challenge: challenge.map(challenge_ref),
            as_of: clock::to_utc(now),
        })
    })
    .await
}

fn funnel(conn: &mut DbConn, scope: Option<&str>) -> AppResult<Funnel> {
    let submitted = store::submitted(conn, scope)?;
    let now: HashMap<IdeaStatus, i64> = store::status_counts(conn, scope)?.into_iter().collect();
    let mut reached = HashMap::new();
    for s in rules::STAGES.iter().chain(rules::EXITS.iter()) {
        let statuses = rules::reaching(*s);
        reached.insert(*s, store::reached(conn, scope, &statuses)?);
    }
    Ok(rules::funnel(submitted, &reached, &now))
}

fn supports_per_day(conn: &mut DbConn, scope: Option<&str>, now: NaiveDateTime) -> AppResult<SupportsPerDay> {
    let times = store::support_times(conn, scope, rules::days_start(now, rules::DAYS))?;
    let days = rules::per_day(&times, now.date(), rules::DAYS);
    let from = days.first().map_or(now.date(), |d| d.day);
    Ok(SupportsPerDay {
        from,
        to: now.date(),
        total: days.iter().map(|d| d.supports).sum(),
        max: days.iter().map(|d| d.supports).max().unwrap_or(0),
        days,
    })
}

fn risers(conn: &mut DbConn, scope: Option<&str>, now: NaiveDateTime) -> AppResult<Vec<Riser>> {
    let (last_from, this_from) = rules::week_windows(now);
    // Up to and including `now` (timestamps keep microseconds).
    let until = now + chrono::Duration::microseconds(1);
    let this_week = store::supports_by_idea(conn, scope, this_from, until)?;
    let last_week = store::supports_by_idea(conn, scope, last_from, this_from)?;
    let ranked = rules::rank_risers(&this_week, &last_week, rules::RISERS);
    let ids: Vec<String> = ranked.iter().map(|r| r.idea_id.clone()).collect();
    let ideas: HashMap<String, IdeaBrief> =
        store::ideas_by_ids(conn, &ids)?.into_iter().map(|i| (i.id.to_string(), i)).collect();
    Ok(ranked
        .into_iter()
        .filter_map(|r| {
            let idea = ideas.get(&r.idea_id)?;
            Some(Riser {
                id: idea.id.clone(),
                title: idea.title.clone(),
                status: idea.status,
                supports: idea.supports_count,
                this_week: r.this_week,
                last_week: r.last_week,
                change: r.change,
            })
        })
        .collect())
}

fn waiting(conn: &mut DbConn, scope: Option<&str>, now: NaiveDateTime) -> AppResult<Waiting> {
    let status = IdeaStatus::InReview;
    let count = store::status_counts(conn, scope)?.into_iter().find(|(s, _)| *s == status).map_or(0, |(_, n)| n);
    let limit = i64::try_from(rules::WAITING).unwrap_or(50);
    let mut rows: Vec<(NaiveDateTime, IdeaBrief)> = store::in_status(conn, scope, status, limit)?
        .into_iter()
        .map(|i| (i.status_changed_at.unwrap_or(i.created_at), i))
        .collect();
    rows.sort_by(|a, b| rules::oldest_first((a.0, a.1.id.as_str()), (b.0, b.1.id.as_str())));
    let items = rows
        .into_iter()
        .map(|(since, i)| {
            let w = rules::waited(since, now);
            WaitingIdea {
                id: i.id,
                title: i.title,
                supports: i.supports_count,
                since: clock::to_utc(since),
                waited_hours: w.hours,
                waited_days: w.days,
            }
        })
        .collect();
    Ok(Waiting { count, items })
}

fn alerts(conn: &mut DbConn, scope: Option<&str>) -> AppResult<Vec<ProductAlertSummary>> {
    let rows = store::open_alerts(conn, scope)?;
    let products: HashMap<String, (ProductId, String, String)> = rows
        .iter()
        .map(|r| (r.product_id.to_string(), (r.product_id.clone(), r.slug.clone(), r.name.clone())))
        .collect();
    let open: Vec<OpenAlert> = rows
        .into_iter()
        .map(|r| OpenAlert {
            product_id: r.product_id.to_string(),
            low_ratings: r.low_ratings,
            window_hours: r.window_hours,
            usual_rate: r.usual_rate,
            created_at: r.created_at,
        })
        .collect();
    Ok(rules::group_alerts(&open)
        .into_iter()
        .filter_map(|g| {
            let (product_id, slug, name) = products.get(&g.product_id).cloned()?;
            Some(ProductAlertSummary {
                product_id,
                slug,
                name,
                open_alerts: g.open,
                latest_at: clock::to_utc(g.latest.created_at),
                low_ratings: g.latest.low_ratings,
                window_hours: g.latest.window_hours,
                usual_rate: (g.latest.usual_rate * 100.0).round() / 100.0,
            })
        })
        .collect())
}

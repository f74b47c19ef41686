//! Challenge operations shared by the API and the pages.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::rules::{self, Phase, VoteMode};
use super::store::{self, ChallengeChanges, ChallengeRow, NewChallenge};
use crate::accounts::Actor;
use crate::clock;
use crate::db::{write_tx, Db};
use crate::error::ErrorCode;
use crate::error::{AppError, AppResult, Violations};
use crate::markdown;
use crate::pagination::{decode_cursor, finish_page, Page};
use crate::tracker::rules::Tier;

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateChallenge {
    pub slug: String,
    pub title: String,
    /// Markdown.
    #[serde(default)]
    pub brief: String,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    /// Supports an idea needs to go to review; the last tier's supports when tiers are given.
    pub support_threshold: Option<i32>,
    /// Tiers like LEGO Ideas': reach `supports` within `days` to earn the next tier's time.
    pub support_tiers: Option<Vec<Tier>>,
    #[serde(default = "default_vote_mode")]
    pub vote_mode: String,
    pub vote_budget: Option<i32>,
    /// New ideas wait for a moderator before they go live.
    #[serde(default)]
    pub premoderation: bool,
    /// Price bands supporters may pick when they say whether they would buy
    /// an idea (e.g. "under CHF 5", "CHF 5–10"); up to 8.
    #[serde(default)]
    pub price_bands: Vec<String>,
}

fn default_vote_mode() -> String {
    "support".into()
}

/// Fields to change; absent fields stay. `vote_budget: null` clears the budget.
#[derive(Debug, Deserialize, Default, ToSchema)]
pub struct UpdateChallenge {
    pub title: Option<String>,
    pub brief: Option<String>,
    pub opens_at: Option<DateTime<Utc>>,
    pub closes_at: Option<DateTime<Utc>>,
    pub support_threshold: Option<i32>,
    pub support_tiers: Option<Vec<Tier>>,
    pub premoderation: Option<bool>,
    pub price_bands: Option<Vec<String>>,
    pub vote_mode: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i32>)]
    pub vote_budget: Option<Option<i32>>,
}

/// Tells an absent field (`None`) from an explicit null (`Some(None)`).
pub fn double_option<'de, D, T>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(de).map(Some)
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct ChallengeView {
    pub id: crate::ids::ChallengeId,
    pub slug: String,
    pub title: String,
    /// Markdown source.
    pub brief: String,
    /// Sanitized HTML of the brief.
    pub brief_html: String,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub state: Phase,
    pub support_threshold: i32,
    pub support_tiers: Vec<Tier>,
    pub premoderation: bool,
    /// Price bands for the demand question asked when supporting.
    pub price_bands: Vec<String>,
    pub vote_mode: VoteMode,
    pub vote_budget: Option<i32>,
    /// Published ideas in this challenge.
    pub ideas: i64,
    pub created_at: DateTime<Utc>,
}

impl ChallengeView {
    pub fn from_row(row: &ChallengeRow, ideas: i64) -> ChallengeView {
        ChallengeView {
            id: row.id.clone(),
            slug: row.slug.clone(),
            title: row.title.clone(),
            brief: row.brief.clone(),
            brief_html: row.brief_html.clone(),
            opens_at: clock::to_utc(row.opens_at),
            closes_at: clock::to_utc(row.closes_at),
            state: rules::phase(row.opens_at, row.closes_at, clock::now()),
            support_threshold: row.support_threshold,
            support_tiers: row.tiers(),
            premoderation: row.premoderation,
            price_bands: row.price_bands(),
            vote_mode: row.vote_mode,
            vote_budget: row.vote_budget,
            ideas,
            created_at: clock::to_utc(row.created_at),
        }
    }
}

fn ensure_manager(actor: &Actor) -> AppResult<()> {
    if actor.role.can_manage_challenges() {
        Ok(())
    } else {
        Err(AppError::forbidden(ErrorCode::ProductTeamOnly, "Only the product team and admins manage challenges."))
    }
}

pub async fn create(db: &Db, actor: &Actor, input: CreateChallenge) -> AppResult<ChallengeView> {
    ensure_manager(actor)?;
    let slug = input.slug.trim().to_string();
    let (opens_at, closes_at) = (clock::from_utc(input.opens_at), clock::from_utc(input.closes_at));
    let mut v = Violations::new();
    rules::check_slug(&mut v, &slug);
    rules::check_title(&mut v, &input.title);
    rules::check_brief(&mut v, &input.brief);
    rules::check_dates(&mut v, opens_at, closes_at);
    let tiers = rules::resolve_tiers(&mut v, input.support_threshold, input.support_tiers, opens_at, closes_at);
    let mode = rules::check_vote_mode(&mut v, &input.vote_mode, input.vote_budget);
    let price_bands = rules::check_price_bands(&mut v, &input.price_bands);
    v.finish()?;
    let mode = mode.unwrap_or(VoteMode::Support);
    let (support_threshold, tiers) =
        tiers.ok_or_else(|| AppError::field("support_threshold", "required", "Give a threshold."))?;
    let now = clock::now();
    let row = NewChallenge {
        id: Uuid::now_v7().to_string(),
        slug,
        title: input.title.trim().to_string(),
        brief_html: markdown::render(&input.brief),
        brief: input.brief,
        opens_at,
        closes_at,
        support_threshold,
        vote_mode: mode,
        vote_budget: if mode == VoteMode::Budget { input.vote_budget } else { None },
        created_by: actor.id.clone(),
        created_at: now,
        updated_at: now,
        support_tiers: serde_json::to_string(&tiers).unwrap_or_default(),
        premoderation: input.premoderation,
        price_bands: serde_json::to_string(&price_bands).unwrap_or_else(|_| "[]".into()),
    };
    db.run(move |conn| {
        write_tx(conn, |conn| {
            if store::slug_taken(conn, &row.slug)? {
                return Err(AppError::field("slug", "taken", "Another challenge has this slug."));
            }
            store::insert(conn, &row)?;
            let saved = store::by_id_or_slug(conn, &row.id)?.ok_or_else(|| AppError::internal("challenge vanished"))?;
            Ok(ChallengeView::from_row(&saved, 0))
        })
    })
    .await
}

pub async fn update(db: &Db, actor: &Actor, key: String, input: UpdateChallenge) -> AppResult<ChallengeView> {
    ensure_manager(actor)?;
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let current = store::by_id_or_slug(conn, &key)?.ok_or_else(|| AppError::not_found("Challenge"))?;
            let opens_at = input.opens_at.map(clock::from_utc).unwrap_or(current.opens_at);
            let closes_at = input.closes_at.map(clock::from_utc).unwrap_or(current.closes_at);
            let mode_str = input.vote_mode.clone().unwrap_or_else(|| current.vote_mode.as_str().to_string());
            let budget = match input.vote_budget {
                Some(b) => b,
                None => current.vote_budget,
            };
            let mut v = Violations::new();
            if let Some(title) = &input.title {
                rules::check_title(&mut v, title);
            }
            if let Some(brief) = &input.brief {
                rules::check_brief(&mut v, brief);
            }
            rules::check_dates(&mut v, opens_at, closes_at);
            let tiers = match (input.support_threshold, input.support_tiers) {
                (None, None) => None,
                (threshold, Some(tiers)) => rules::resolve_tiers(&mut v, threshold, Some(tiers), opens_at, closes_at),
                (Some(threshold), None) => {
                    // A new threshold moves the last tier.
                    let mut tiers = current.tiers();
                    if let Some(last) = tiers.last_mut() {
                        last.supports = threshold;
                    }
                    rules::check_threshold(&mut v, threshold);
                    match crate::tracker::rules::check_tiers(&tiers) {
                        Ok(()) => Some((threshold, tiers)),
                        Err(message) => {
                            v.add("support_threshold", "invalid", message);
                            None
                        }
                    }
                }
            };
            let mode = rules::check_vote_mode(&mut v, &mode_str, budget);
            let price_bands = input.price_bands.as_ref().map(|b| rules::check_price_bands(&mut v, b));
            v.finish()?;
            let voting_changes = mode.map(VoteMode::as_str) != Some(current.vote_mode.as_str())
                || (mode == Some(VoteMode::Budget) && budget != current.vote_budget);
            if voting_changes && store::has_supports(conn, &current.id)? {
                return Err(AppError::conflict(
                    ErrorCode::VoteModeLocked,
                    "The vote mode and budget cannot change once members have supported ideas in this challenge.",
                ));
            }
            let changes = ChallengeChanges {
                title: input.title.map(|t| t.trim().to_string()),
                brief_html: input.brief.as_deref().map(markdown::render),
                brief: input.brief,
                opens_at: input.opens_at.map(|_| opens_at),
                closes_at: input.closes_at.map(|_| closes_at),
                support_threshold: tiers.as_ref().map(|(t, _)| *t),
                support_tiers: tiers.as_ref().map(|(_, t)| serde_json::to_string(t).unwrap_or_default()),
                premoderation: input.premoderation,
                price_bands: price_bands.map(|b| serde_json::to_string(&b).unwrap_or_else(|_| "[]".into())),
                vote_mode: input.vote_mode.map(|_| mode_str.clone()),
                vote_budget: Some(if mode == Some(VoteMode::Budget) { budget } else { None }),
                updated_at: Some(clock::now()),
            };
            store::update(conn, &current.id, &changes)?;
            let saved = store::by_id_or_slug(conn, &current.id)?.ok_or_else(|| AppError::not_found("Challenge"))?;
            let count = count_for(conn, &saved.id)?;
            Ok(ChallengeView::from_row(&saved, count))
        })
    })
    .await
}

fn count_for(conn: &mut crate::db::DbConn, id: &str) -> AppResult<i64> {
    let counts = store::idea_counts(conn, &[id.to_string()])?;
    Ok(counts.first().map(|c| c.1).unwrap_or(0))
}

pub async fn get(db: &Db, key: String) -> AppResult<ChallengeView> {
    db.run(move |conn| {
        let row = store::by_id_or_slug(conn, &key)?.ok_or_else(|| AppError::not_found("Challenge"))?;
        let count = count_for(conn, &row.id)?;
        Ok(ChallengeView::from_row(&row, count))
    })
    .await
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct ChallengeQuery {
    /// `upcoming`, `open` or `closed`.
    pub state: Option<String>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

pub async fn list(db: &Db, query: ChallengeQuery) -> AppResult<Page<ChallengeView>> {
    let phase = match query.state.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            Phase::parse(s).ok_or_else(|| AppError::field("state", "invalid", "state is upcoming, open or closed."))?,
        ),
    };
    let limit = crate::pagination::parse_limit(query.limit.as_deref())?;
    let after = decode_cursor::<(chrono::NaiveDateTime, String)>(query.cursor.as_deref())?;
    db.run(move |conn| {
        let rows = store::list(conn, phase, clock::now(), after, limit)?;
        let (rows, next_cursor) = finish_page(rows, limit, |r| (r.opens_at, r.id.clone()));
        let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
        let counts = store::idea_counts(conn, &ids)?;
        let items = rows
            .iter()
            .map(|r| {
                let n = counts.iter().find(|c| c.0.as_deref() == Some(r.id.as_str())).map(|c| c.1).unwrap_or(0);
                ChallengeView::from_row(r, n)
            })
            .collect();
        Ok(Page { items, next_cursor })
    })
    .await
}

/// What came of a challenge: how many of its ideas reached review, were
/// approved and made it to the shelf (each counted once, from the timelines,
/// so an idea that went on from approved still counts as approved).
#[derive(Debug, Serialize, Clone, Default, ToSchema)]
pub struct ChallengeOutcome {
    pub reached_review: i64,
    pub approved: i64,
    pub on_shelf: i64,
}

/// The outcomes of these challenges (ids), in one query.
pub async fn outcomes(db: &Db, ids: Vec<String>) -> AppResult<std::collections::HashMap<String, ChallengeOutcome>> {
    use crate::ideas::rules::IdeaStatus;
    db.run(move |conn| {
        let statuses = [IdeaStatus::InReview.as_str(), IdeaStatus::Approved.as_str(), IdeaStatus::OnShelf.as_str()];
        let mut map: std::collections::HashMap<String, ChallengeOutcome> =
            ids.iter().map(|id| (id.clone(), ChallengeOutcome::default())).collect();
        // Distinct rows: an idea that went back to review and on again counts once.
        for (challenge, status, _idea) in store::ideas_reaching(conn, &ids, &statuses)? {
            let Some(o) = challenge.and_then(|c| map.get_mut(&c)) else { continue };
            match IdeaStatus::parse(&status) {
                Some(IdeaStatus::InReview) => o.reached_review += 1,
                Some(IdeaStatus::Approved) => o.approved += 1,
                Some(IdeaStatus::OnShelf) => o.on_shelf += 1,
                _ => {}
            }
        }
        Ok(map)
    })
    .await
}

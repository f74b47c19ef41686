//! Trust and safety: the scan that opens a case per suspected vote ring, the
//! cases as moderators see them, voiding (one transaction), clearing,
//! restoring, and the ideas held for too many flagged supports.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use super::rules::{self, Params};
use super::store;
use crate::accounts::Actor;
use crate::audit;
use crate::clock;
use crate::db::{write_tx, Db, DbConn};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::ideas::store as idea_store;
use crate::notifications::{kind, store as notify};
use crate::points::rules::{Reason, Rule};
use crate::points::service::{self as points, Award};

fn ensure_moderator(actor: &Actor) -> AppResult<()> {
    if actor.role.can_moderate() {
        Ok(())
    } else {
        Err(AppError::forbidden(ErrorCode::ModeratorsOnly, "Only moderators and admins handle trust cases."))
    }
}

/// Deletes the client marks older than 90 days (a job; idempotent).
pub async fn expire_marks(db: &Db, now: NaiveDateTime) -> AppResult<usize> {
    let before = now - chrono::Duration::days(rules::MARK_DAYS);
    db.run(move |conn| Ok(store::delete_marks_before(conn, before)?)).await
}

#[derive(Debug, Default, Serialize)]
pub struct ScanReport {
    /// Suspected rings found.
    pub rings: usize,
    /// Of those, new cases opened (the others were known: open, voided or cleared).
    pub opened: usize,
    /// Accounts and supports in the new cases.
    pub accounts: usize,
    pub supports: usize,
    /// Members, ideas and supports read.
    pub members: usize,
    pub ideas: usize,
    pub supports_read: usize,
    pub load_ms: u128,
    pub detect_ms: u128,
    pub store_ms: u128,
}

/// The lease that lets one instance's jobs scan at a time, at most once per `every`.
const LEASE: &str = "trust_scan";

/// The jobs' scan: only when this instance wins the lease (held for `every`, so the community is scanned
/// once per period whatever the number of instances).
pub async fn scheduled_scan(db: &Db, now: NaiveDateTime, every: chrono::Duration) -> AppResult<Option<ScanReport>> {
    let holder = format!("jobs-{}-{}", std::process::id(), uuid::Uuid::now_v7());
    let won = db.run(move |conn| Ok(crate::search::outbox::take_lease(conn, LEASE, &holder, now, every)?)).await?;
    if !won {
        return Ok(None);
    }
    Ok(Some(scan(db, &Params::default()).await?))
}

/// Loads the community, runs the detector and opens a case per ring not known yet (one transaction).
/// Safe to run on several instances: a case's fingerprint is unique, so a ring is opened once.
pub async fn scan(db: &Db, params: &Params) -> AppResult<ScanReport> {
    let params = params.clone();
    db.run(move |conn| {
        let started = Instant::now();
        let loaded = store::load_community(conn)?;
        let load_ms = started.elapsed().as_millis();
        let started = Instant::now();
        let rings = rules::detect(&loaded.community, &params);
        let detect_ms = started.elapsed().as_millis();
        let started = Instant::now();
        let mut report = ScanReport {
            rings: rings.len(),
            members: loaded.community.accounts.len(),
            ideas: loaded.community.ideas.len(),
            supports_read: loaded.community.supports.len(),
            load_ms,
            detect_ms,
            ..ScanReport::default()
        };
        let now = clock::now();
        write_tx(conn, |conn| {
            for ring in &rings {
                let accounts: Vec<String> =
                    ring.accounts.iter().map(|&a| loaded.user_ids[a as usize].clone()).collect();
                let fingerprint = rules::fingerprint(&accounts);
                let id = uuid::Uuid::now_v7().to_string();
                let signals = serde_json::to_string(&ring.signals).unwrap_or_else(|_| "[]".into());
                let new = store::NewCase {
                    id: &id,
                    fingerprint: &fingerprint,
                    status: "open",
                    score: ring.score,
                    signals: &signals,
                    created_at: now,
                };
                if store::insert_case(conn, &new)? == 0 {
                    continue;
                }
                let supports: Vec<(String, String, NaiveDateTime)> = ring
                    .supports
                    .iter()
                    .map(|&s| {
                        let s = loaded.community.supports[s];
                        (
                            loaded.idea_ids[s.idea as usize].clone(),
                            loaded.user_ids[s.user as usize].clone(),
                            chrono::DateTime::from_timestamp(s.at, 0).map(|t| t.naive_utc()).unwrap_or_default(),
                        )
                    })
                    .collect();
                store::insert_members(conn, &id, &accounts)?;
                store::insert_supports(conn, &id, &supports)?;
                report.opened += 1;
                report.accounts += accounts.len();
                report.supports += supports.len();
            }
            Ok::<_, AppError>(())
        })?;
        report.store_ms = started.elapsed().as_millis();
        Ok(report)
    })
    .await
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CaseSummary {
    pub id: String,
    /// open, voided or cleared.
    pub status: String,
    pub score: f64,
    pub signals: Vec<SignalView>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub decided_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SignalView {
    /// accounts, pushed_ideas, target_share, coverage, lift, co_support_density, signup_burst, shared_device,
    /// young_accounts, synchronized, support_only, near_threshold.
    pub name: String,
    pub value: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CaseAccount {
    pub handle: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub suspended: bool,
    /// Flagged supports still standing.
    pub supports: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CaseIdea {
    pub id: String,
    pub title: String,
    pub author: String,
    pub status: String,
    /// Supports now.
    pub supports: i32,
    /// Of those, flagged by this case.
    pub flagged: usize,
    /// Supports once voided.
    pub supports_after: i32,
    /// Points the author would lose (+2 per flagged support).
    pub author_points: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CaseView {
    #[serde(flatten)]
    pub summary: CaseSummary,
    pub accounts: Vec<CaseAccount>,
    /// The ideas the ring pushed, with what voiding changes.
    pub ideas: Vec<CaseIdea>,
    /// Flagged supports still standing (what voiding removes; each supporter loses up to +1 for each).
    pub supports: usize,
    /// The graph, accounts to ideas, drawn on the server (SVG).
    pub graph_svg: String,
}

fn summary(row: &store::CaseRow) -> CaseSummary {
    let signals: Vec<SignalView> = serde_json::from_str(&row.signals).unwrap_or_default();
    CaseSummary {
        id: row.id.clone(),
        status: row.status.clone(),
        score: row.score,
        signals,
        created_at: row.created_at.and_utc(),
        decided_at: row.decided_at.map(|t| t.and_utc()),
    }
}

/// The cases, newest first (moderators); `status` filters.
pub async fn list(db: &Db, actor: &Actor, status: Option<String>) -> AppResult<Vec<CaseSummary>> {
    ensure_moderator(actor)?;
    if let Some(s) = status.as_deref() {
        if !["open", "voided", "cleared"].contains(&s) {
            return Err(AppError::field("status", "invalid", "status is open, voided or cleared."));
        }
    }
    db.run(move |conn| Ok(store::cases(conn, status.as_deref())?.iter().map(summary).collect())).await
}

/// The flagged supports that still stand as given (a support withdrawn and given again is a new one).
fn standing(conn: &mut DbConn, case_id: &str) -> AppResult<Vec<(String, String, NaiveDateTime)>> {
    let mut out = Vec::new();
    for (idea, user, at) in store::case_supports(conn, case_id)? {
        if let Some(now_at) = store::support_at(conn, &idea, &user)? {
            // The case stores seconds; the support, microseconds.
            if now_at.and_utc().timestamp() == at.and_utc().timestamp() {
                out.push((idea, user, now_at));
            }
        }
    }
    Ok(out)
}

/// A case with its accounts, ideas, signals, graph and what voiding changes (moderators).
pub async fn get(db: &Db, actor: &Actor, id: String) -> AppResult<CaseView> {
    ensure_moderator(actor)?;
    db.run(move |conn| view(conn, &id)).await
}

fn view(conn: &mut DbConn, id: &str) -> AppResult<CaseView> {
    let row = store::case(conn, id)?.ok_or_else(|| AppError::not_found("Trust case"))?;
    let members = store::members(conn, &row.id)?;
    let flagged = store::case_supports(conn, &row.id)?;
    let standing = standing(conn, &row.id)?;
    let mut idea_ids: Vec<String> = flagged.iter().map(|(i, _, _)| i.clone()).collect();
    idea_ids.sort();
    idea_ids.dedup();
    let ideas = store::ideas_by_ids(conn, &idea_ids)?;
    let handles: HashMap<String, String> =
        store::handles(conn, &ideas.iter().map(|i| i.2.clone()).collect::<Vec<_>>())?;
    let mut per_idea: BTreeMap<&str, usize> = BTreeMap::new();
    let mut per_user: HashMap<&str, usize> = HashMap::new();
    for (idea, user, _) in &standing {
        *per_idea.entry(idea.as_str()).or_default() += 1;
        *per_user.entry(user.as_str()).or_default() += 1;
    }
    let case_ideas: Vec<CaseIdea> = ideas
        .iter()
        .map(|(iid, title, author, count, status)| {
            let n = per_idea.get(iid.as_str()).copied().unwrap_or(0);
            CaseIdea {
                id: iid.clone(),
                title: title.clone(),
                author: handles.get(author).cloned().unwrap_or_default(),
                status: status.clone(),
                supports: *count,
                flagged: n,
                supports_after: count - i32::try_from(n).unwrap_or(0),
                author_points: 2 * i64::try_from(n).unwrap_or(0),
            }
        })
        .collect();
    let account_index: HashMap<&str, usize> = members.iter().enumerate().map(|(i, m)| (m.0.as_str(), i)).collect();
    let idea_index: HashMap<&str, usize> = ideas.iter().enumerate().map(|(i, x)| (x.0.as_str(), i)).collect();
    let edges: Vec<(usize, usize)> = flagged
        .iter()
        .filter_map(|(i, u, _)| Some((*account_index.get(u.as_str())?, *idea_index.get(i.as_str())?)))
        .collect();
    let graph_svg = rules::graph_svg(
        &members.iter().map(|m| m.1.clone()).collect::<Vec<_>>(),
        &ideas.iter().map(|i| i.1.clone()).collect::<Vec<_>>(),
        &edges,
    );
    Ok(CaseView {
        summary: summary(&row),
        accounts: members
            .iter()
            .map(|(uid, handle, created, suspended)| CaseAccount {
                handle: handle.clone(),
                created_at: created.and_utc(),
                suspended: *suspended,
                supports: per_user.get(uid.as_str()).copied().unwrap_or(0),
            })
            .collect(),
        ideas: case_ideas,
        supports: standing.len(),
        graph_svg,
    })
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DecisionInput {
    /// Why (kept in the audit log).
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionResult {
    pub id: String,
    pub status: String,
    /// void: supports removed, accounts suspended, ideas affected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supports_removed: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accounts_suspended: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ideas: Option<usize>,
}

fn check_reason(input: &DecisionInput) -> AppResult<String> {
    let mut v = crate::error::Violations::new();
    crate::moderation::rules::check_reason(&mut v, &input.reason);
    v.finish()?;
    Ok(input.reason.trim().to_string())
}

fn decided(status: &str) -> AppError {
    AppError::conflict_with(ErrorCode::CaseDecided, format!("This case is {status}."), json!({"case_status": status}))
}

/// Voids a ring in one transaction: its standing supports removed (counts, budgets, trend, points reversed
/// through the ledger), tiers recomputed from the counts (tier points above taken back), the accounts suspended,
/// the authors told, the audit entry written.
pub async fn void(db: &Db, actor: &Actor, id: String, input: DecisionInput) -> AppResult<DecisionResult> {
    ensure_moderator(actor)?;
    let reason = check_reason(&input)?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let now = clock::now();
            let row = store::case(conn, &id)?.ok_or_else(|| AppError::not_found("Trust case"))?;
            if store::set_status(conn, &row.id, "open", "voided", Some(&actor.id), now)? == 0 {
                return Err(decided(&row.status));
            }
            let supports = standing(conn, &row.id)?;
            let mut per_idea: BTreeMap<String, usize> = BTreeMap::new();
            for (idea_id, user_id, at) in &supports {
                if crate::ideas::store::delete_support(conn, idea_id, user_id)?.is_none() {
                    continue;
                }
                let challenge = idea_store::by_id(conn, idea_id)?.and_then(|i| i.challenge_id);
                crate::moderation::service::undo_support(conn, user_id, idea_id, *at, challenge.as_deref(), now)?;
                *per_idea.entry(idea_id.clone()).or_default() += 1;
            }
            for (idea_id, removed) in &per_idea {
                retier(conn, idea_id, now)?;
                // Its count is honest again: a hold for these supports ends.
                store::release(conn, idea_id, &actor.id, now)?;
                if let Some(idea) = idea_store::by_id(conn, idea_id)? {
                    let data = json!({"action": "ring_voided", "idea_title": idea.title, "removed": removed,
                                      "supports": idea.supports_count, "reason": reason});
                    notify::notify(conn, &idea.author_id, kind::MODERATION, Some(&idea.id), &data, now)?;
                }
            }
            let mut suspended = 0;
            for (uid, _, _, was) in store::members(conn, &row.id)? {
                if !was && uid != actor.id {
                    crate::moderation::store::set_suspended(conn, &uid, Some(now))?;
                    suspended += 1;
                }
            }
            audit::record(
                conn,
                &actor,
                "trust.void",
                "trust_case",
                &row.id,
                Some(&reason),
                json!({"supports_removed": supports.len(), "accounts_suspended": suspended,
                       "ideas": per_idea}),
            )?;
            Ok(DecisionResult {
                id: row.id,
                status: "voided".into(),
                supports_removed: Some(supports.len()),
                accounts_suspended: Some(suspended),
                ideas: Some(per_idea.len()),
            })
        })
    })
    .await
}

/// After supports left an idea still gathering support: the tier follows the count (the tiers no longer
/// reached are left, and their points taken back).
fn retier(conn: &mut DbConn, idea_id: &str, now: NaiveDateTime) -> AppResult<()> {
    let Some(idea) = idea_store::by_id(conn, idea_id)? else { return Ok(()) };
    if idea.status != crate::ideas::rules::IdeaStatus::GatheringSupport {
        return Ok(());
    }
    let challenge = crate::ideas::service::challenge_of(conn, &idea)?;
    let tiers = crate::ideas::service::tiers_for(challenge.as_ref());
    let reached = tiers.iter().take_while(|t| idea.supports_count >= t.supports).count();
    let current = usize::try_from(idea.tier).unwrap_or(0);
    if reached >= current {
        return Ok(());
    }
    idea_store::set_tier(conn, &idea.id, i32::try_from(reached).unwrap_or(0), idea.tier_deadline)?;
    for lost in reached..current {
        let tier = i32::try_from(lost + 1).unwrap_or(i32::MAX);
        let cause = format!("{}:{tier}", idea.id);
        let award = Award::new(&idea.author_id, Rule::TierReached, "idea_tier", &cause)
            .about(&idea.id, idea.challenge_id.as_deref())
            .tier(tier);
        points::reverse(conn, &[award], Reason::Moderation, now)?;
    }
    Ok(())
}

/// Clears a case: not a ring; the same accounts are not flagged again.
pub async fn clear(db: &Db, actor: &Actor, id: String, input: DecisionInput) -> AppResult<DecisionResult> {
    decide(db, actor, id, input, "open", "cleared", "trust.clear").await
}

/// Restores the accounts of a voided case (unsuspended; the case counts as cleared). The removed supports
/// are not given back: their members may support again.
pub async fn restore(db: &Db, actor: &Actor, id: String, input: DecisionInput) -> AppResult<DecisionResult> {
    decide(db, actor, id, input, "voided", "cleared", "trust.restore").await
}

async fn decide(
    db: &Db,
    actor: &Actor,
    id: String,
    input: DecisionInput,
    from: &'static str,
    to: &'static str,
    action: &'static str,
) -> AppResult<DecisionResult> {
    ensure_moderator(actor)?;
    let reason = check_reason(&input)?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let now = clock::now();
            let row = store::case(conn, &id)?.ok_or_else(|| AppError::not_found("Trust case"))?;
            if store::set_status(conn, &row.id, from, to, Some(&actor.id), now)? == 0 {
                return Err(decided(&row.status));
            }
            let mut restored = 0;
            if from == "voided" {
                for (uid, _, _, was) in store::members(conn, &row.id)? {
                    if was {
                        crate::moderation::store::set_suspended(conn, &uid, None)?;
                        restored += 1;
                    }
                }
            }
            audit::record(
                conn,
                &actor,
                action,
                "trust_case",
                &row.id,
                Some(&reason),
                json!({"unsuspended": restored}),
            )?;
            Ok(DecisionResult {
                id: row.id,
                status: to.into(),
                supports_removed: None,
                accounts_suspended: None,
                ideas: None,
            })
        })
    })
    .await
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HoldView {
    pub idea_id: String,
    pub title: String,
    /// Supports flagged by open cases, and all supports, when it was held.
    pub flagged: i32,
    pub supports: i32,
    pub since: chrono::DateTime<chrono::Utc>,
}

/// Ideas held before a tier for too many flagged supports, oldest first (moderators).
pub async fn holds(db: &Db, actor: &Actor) -> AppResult<Vec<HoldView>> {
    ensure_moderator(actor)?;
    db.run(move |conn| {
        let rows = store::holds(conn)?;
        let ids: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
        let titles: HashMap<String, String> =
            store::ideas_by_ids(conn, &ids)?.into_iter().map(|(id, title, ..)| (id, title)).collect();
        Ok(rows
            .into_iter()
            .map(|(idea_id, flagged, supports, since)| HoldView {
                title: titles.get(&idea_id).cloned().unwrap_or_default(),
                idea_id,
                flagged,
                supports,
                since: since.and_utc(),
            })
            .collect())
    })
    .await
}

/// Releases a held idea: it climbs with its next support and is not held again (moderators, audit-logged).
pub async fn release(db: &Db, actor: &Actor, idea_id: String, input: DecisionInput) -> AppResult<HoldView> {
    ensure_moderator(actor)?;
    let reason = check_reason(&input)?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let now = clock::now();
            let held = store::holds(conn)?.into_iter().find(|h| h.0 == idea_id);
            let Some((idea, flagged, supports, since)) = held else {
                return Err(AppError::not_found("Held idea"));
            };
            store::release(conn, &idea, &actor.id, now)?;
            audit::record(conn, &actor, "trust.release", "idea", &idea, Some(&reason), json!({"flagged": flagged}))?;
            let title = store::ideas_by_ids(conn, std::slice::from_ref(&idea))?.pop().map(|i| i.1).unwrap_or_default();
            Ok(HoldView { idea_id: idea, title, flagged, supports, since: since.and_utc() })
        })
    })
    .await
}

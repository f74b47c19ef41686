//! Supports: giving and withdrawing one (the budget, the count, the trend,
//! the tiers and the points move in the support's transaction), and the
//! demand answers given with it.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::moves::{send_to_review, tiers_for};
use super::views::load_visible_with_challenge;
use crate::accounts::Actor;
use crate::challenges::rules::{Phase, VoteMode};
use crate::challenges::store::{self as challenge_store, ChallengeRow};
use crate::clock;
use crate::db::{write_tx, Db, DbConn};
use crate::error::ErrorCode;
use crate::error::{AppError, AppResult};
use crate::ideas::rules;
use crate::ideas::store::{self, IdeaRow, NewSupport};
use crate::ids::IdeaId;
use crate::points::rules::{Reason, Rule};
use crate::points::service::Award;
use crate::tracker::rules::progress;

#[derive(Debug, Serialize, ToSchema)]
pub struct SupportResult {
    /// Whether the member now supports the idea.
    pub supported: bool,
    /// The idea's support count after this request.
    pub supports: i32,
    /// Budget mode: supports the member has left in this challenge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget_left: Option<i32>,
    /// The member's answer to "would you buy it?" (yes, maybe, no), if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub would_buy: Option<String>,
    /// The price band the member picked, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_band: Option<String>,
}

/// Optional answers given with a support: would you buy it, and at what price.
#[derive(Debug, Default, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandInput {
    /// yes, maybe or no.
    pub would_buy: Option<String>,
    /// One of the challenge's `price_bands` (with yes or maybe).
    pub price_band: Option<String>,
}

/// Budget mode: the supports the member has left in the challenge.
fn budget_left(
    conn: &mut DbConn,
    budget: Option<i32>,
    challenge_id: Option<&str>,
    user_id: &str,
) -> AppResult<Option<i32>> {
    match (budget, challenge_id) {
        (Some(b), Some(cid)) => Ok(Some(b - store::budget_used(conn, user_id, cid)?)),
        _ => Ok(None),
    }
}

/// The budget votes the member has left in a challenge, with the budget
/// (`None` when the challenge counts plain supports).
pub async fn my_budget(db: &Db, actor: &Actor, challenge: crate::ids::ChallengeId) -> AppResult<Option<(i32, i32)>> {
    let user = actor.id.clone();
    db.run(move |conn| {
        let c = challenge_store::by_id_or_slug(conn, challenge.as_str())?
            .ok_or_else(|| AppError::not_found("Challenge"))?;
        let budget = c.vote_budget.filter(|_| c.vote_mode == VoteMode::Budget);
        Ok(budget_left(conn, budget, Some(c.id.as_str()), &user)?.zip(budget).map(|(left, b)| (left.max(0), b)))
    })
    .await
}

fn refusal_error(refusal: rules::SupportRefusal) -> AppError {
    use rules::SupportRefusal as R;
    let detail = refusal.message();
    match refusal {
        R::OwnIdea => AppError::forbidden(ErrorCode::OwnIdea, detail),
        R::Suspended => AppError::forbidden(ErrorCode::Suspended, detail),
        R::ChallengeNotOpen(Phase::Closed) => AppError::conflict(ErrorCode::ChallengeClosed, detail),
        R::ChallengeNotOpen(_) => AppError::conflict(ErrorCode::ChallengeNotOpen, detail),
        R::NotGathering(_) => AppError::conflict(ErrorCode::IdeaNotGathering, detail),
    }
}

/// The demand distribution of an idea's supporters.
pub fn demand(conn: &mut DbConn, row: &IdeaRow) -> AppResult<rules::Demand> {
    let bands = match &row.challenge_id {
        Some(c) => challenge_store::by_ids(conn, &[c.to_string()])?.pop().map(|c| c.price_bands()).unwrap_or_default(),
        None => Vec::new(),
    };
    let rows: Vec<(Option<String>, Option<String>, i64)> =
        store::demand_rows(conn, &[row.id.to_string()])?.into_iter().map(|(_, a, b, n)| (a, b, n)).collect();
    Ok(rules::tally(&rows, &bands))
}

/// The member's own demand answers on an idea they support: (would_buy, price_band).
pub async fn my_demand(db: &Db, actor: &Actor, id: IdeaId) -> AppResult<(Option<String>, Option<String>)> {
    let user = actor.id.clone();
    db.run(move |conn| Ok(store::demand_of(conn, &id, &user)?.unwrap_or((None, None)))).await
}

/// Supports an idea, with the optional demand answers; on an idea already
/// supported, records (or changes) the answers. Idempotent otherwise:
/// supporting again changes nothing. The support row, the count, the trend
/// and the budget move in one transaction, with the request's client mark (trust and safety) if given.
pub async fn support(
    db: &Db,
    actor: &Actor,
    id: IdeaId,
    demand: DemandInput,
    mark: Option<crate::trust::rules::ClientMark>,
) -> AppResult<SupportResult> {
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let result = support_in_tx(conn, &actor, &id, &demand)?;
            crate::trust::store::record_mark_opt(
                conn,
                &actor.id,
                "support",
                Some(id.as_str()),
                mark.as_ref(),
                clock::now(),
            )?;
            Ok(result)
        })
    })
    .await
}

/// The support's work inside the caller's transaction.
pub fn support_in_tx(conn: &mut DbConn, actor: &Actor, id: &IdeaId, demand: &DemandInput) -> AppResult<SupportResult> {
    let (row, challenge) = load_visible_with_challenge(conn, id, Some(actor))?;
    if !actor.suspended {
        actor.ensure_verified()?;
    }
    let answered = demand.would_buy.is_some() || demand.price_band.is_some();
    let bands = challenge.as_ref().map(ChallengeRow::price_bands).unwrap_or_default();
    let mut v = crate::error::Violations::new();
    let (would_buy, price_band) =
        rules::check_demand(&mut v, demand.would_buy.as_deref(), demand.price_band.as_deref(), &bands);
    v.finish()?;
    let would_buy = would_buy.map(rules::WouldBuy::as_str);
    let result =
        |conn: &mut DbConn, supported: bool, supports: i32, budget_left: Option<i32>| -> AppResult<SupportResult> {
            let (would_buy, price_band) = store::demand_of(conn, &row.id, &actor.id)?.unwrap_or((None, None));
            Ok(SupportResult { supported, supports, budget_left, would_buy, price_band })
        };
    let now = clock::now();
    let status = row.status;
    let phase = challenge.as_ref().map(|c| crate::challenges::rules::phase(c.opens_at, c.closes_at, now));
    let budget = challenge.as_ref().filter(|c| c.vote_mode == VoteMode::Budget).and_then(|c| c.vote_budget);
    if let Some(refusal) = rules::support_refusal(status, phase, row.author_id == actor.id, actor.suspended) {
        if store::has_support(conn, &row.id, &actor.id)? && refusal == rules::SupportRefusal::NotGathering(status) {
            // Already supported before the idea moved on: nothing to change (answers may still be given).
            if answered {
                store::set_demand(conn, &row.id, &actor.id, would_buy, price_band.as_deref())?;
            }
            let supports = store::supports_count(conn, &row.id)?;
            return result(conn, true, supports, None);
        }
        return Err(refusal_error(refusal));
    }
    let inserted = store::insert_support(
        conn,
        &NewSupport {
            idea_id: &row.id,
            user_id: &actor.id,
            challenge_id: row.challenge_id.as_deref(),
            created_at: now,
            would_buy,
            price_band: price_band.as_deref(),
        },
    )?;
    let budget_left = |conn: &mut DbConn| budget_left(conn, budget, row.challenge_id.as_deref(), &actor.id);
    if inserted == 0 {
        // Supported before: a repeat changes nothing but the answers, when given.
        if answered {
            store::set_demand(conn, &row.id, &actor.id, would_buy, price_band.as_deref())?;
        }
        let supports = store::supports_count(conn, &row.id)?;
        let left = budget_left(conn)?;
        return result(conn, true, supports, left);
    }
    if let (Some(b), Some(cid)) = (budget, &row.challenge_id) {
        if !store::take_budget(conn, &actor.id, cid, b)? {
            return Err(AppError::Conflict {
                code: ErrorCode::BudgetUsedUp,
                detail: format!("You have used all {b} supports of this challenge; withdraw one to support another."),
                extra: Some(serde_json::json!({"vote_budget": b, "budget_left": 0})),
            });
        }
    }
    let term = rules::trend_term(now.and_utc().timestamp());
    let Some(bumped) = store::add_support(conn, &row.id, row.trend_score, term, now)? else {
        // It left the support phase while this request waited (another support sent it to review).
        return Err(AppError::conflict(ErrorCode::IdeaNotGathering, "This idea no longer gathers support."));
    };
    climb_tiers(conn, &row, challenge.as_ref(), &bumped, now)?;
    let cause = crate::points::service::support_cause(&row.id, &actor.id, now);
    crate::points::service::award_deferred(conn, &support_awards(&row, &actor.id, &cause), now)?;
    let left = budget_left(conn)?;
    // A new support carries exactly the answers just inserted: no need to read them back.
    Ok(SupportResult {
        supported: true,
        supports: bumped.supports,
        budget_left: left,
        would_buy: would_buy.map(str::to_string),
        price_band,
    })
}

/// After a support: tiers newly reached pay out more time and tell the author;
/// the final tier sends the idea to review, in the same transaction.
fn climb_tiers(
    conn: &mut DbConn,
    row: &IdeaRow,
    challenge: Option<&ChallengeRow>,
    bumped: &store::Bumped,
    now: chrono::NaiveDateTime,
) -> AppResult<()> {
    let tiers = tiers_for(challenge);
    let current = usize::try_from(bumped.tier).unwrap_or(0);
    let progress = progress(&tiers, current, bumped.supports, now, bumped.tier_deadline);
    if progress.reached.is_empty() {
        return Ok(());
    }
    if held(conn, row, bumped.supports, now)? {
        return Ok(());
    }
    store::set_tier(conn, &row.id, i32::try_from(progress.tier).unwrap_or(0), progress.deadline)?;
    for reached in &progress.reached {
        // Each tier pays the author once (+25, +50, then +100).
        let tier = i32::try_from(*reached + 1).unwrap_or(i32::MAX);
        let cause = format!("{}:{tier}", row.id);
        let award = Award::new(&row.author_id, Rule::TierReached, "idea_tier", &cause)
            .about(&row.id, row.challenge_id.as_deref());
        crate::points::service::award(conn, &[award.tier(tier)], now)?;
        let goal = tiers.get(*reached).map(|t| t.supports).unwrap_or(0);
        let data = serde_json::json!({"idea_title": row.title, "tier": reached + 1, "supports": goal,
                                      "final": *reached + 1 == tiers.len()});
        crate::notifications::store::notify(
            conn,
            &row.author_id,
            crate::notifications::kind::TIER_REACHED,
            Some(&row.id),
            &data,
            now,
        )?;
        crate::webhooks::emit_for_idea(conn, crate::webhooks::Event::IdeaTierReached, &row.id, &data)?;
    }
    if progress.complete {
        send_to_review(conn, &row.id, now)?;
    }
    Ok(())
}

/// Trust and safety: an idea about to cross a tier (or go to review) with more than the configured share of
/// supports flagged by an open vote-ring case waits for a moderator instead (docs/TRUST.md, "Holds"). Held, it
/// stays held until released; released, it climbs with its next support and is not held again.
fn held(conn: &mut DbConn, row: &IdeaRow, supports: i32, now: chrono::NaiveDateTime) -> AppResult<bool> {
    use crate::trust::store as trust;
    if trust::is_held(conn, &row.id)? {
        return Ok(true);
    }
    if trust::was_released(conn, &row.id)? {
        return Ok(false);
    }
    let flagged = trust::flagged_supports_of(conn, &row.id)?;
    if !crate::trust::rules::should_hold(flagged, supports, crate::trust::rules::hold_share()) {
        return Ok(false);
    }
    trust::hold(conn, &row.id, i32::try_from(flagged).unwrap_or(i32::MAX), supports, now)?;
    Ok(true)
}

/// Withdraws a support. Idempotent: withdrawing what was not given changes nothing.
pub async fn withdraw(db: &Db, actor: &Actor, id: IdeaId) -> AppResult<SupportResult> {
    let actor = actor.clone();
    db.run(move |conn| write_tx(conn, |conn| withdraw_in_tx(conn, &actor, &id))).await
}

pub fn withdraw_in_tx(conn: &mut DbConn, actor: &Actor, id: &IdeaId) -> AppResult<SupportResult> {
    let (row, challenge) = load_visible_with_challenge(conn, id, Some(actor))?;
    let budget = challenge.as_ref().filter(|c| c.vote_mode == VoteMode::Budget).and_then(|c| c.vote_budget);
    let budget_left = |conn: &mut DbConn| budget_left(conn, budget, row.challenge_id.as_deref(), &actor.id);
    if !store::has_support(conn, &row.id, &actor.id)? {
        // Read the count afresh: a concurrent withdrawal may have committed since `row` was read.
        let supports = store::supports_count(conn, &row.id)?;
        return Ok(SupportResult {
            supported: false,
            supports,
            budget_left: budget_left(conn)?,
            would_buy: None,
            price_band: None,
        });
    }
    let now = clock::now();
    let status = row.status;
    let phase = challenge.as_ref().map(|c| crate::challenges::rules::phase(c.opens_at, c.closes_at, now));
    if let Some(refusal) = rules::withdraw_refusal(status, phase) {
        return Err(refusal_error(refusal));
    }
    let Some(supported_at) = store::delete_support(conn, &row.id, &actor.id)? else {
        let supports = store::supports_count(conn, &row.id)?;
        return Ok(SupportResult {
            supported: false,
            supports,
            budget_left: budget_left(conn)?,
            would_buy: None,
            price_band: None,
        });
    };
    if let (Some(_), Some(cid)) = (budget, &row.challenge_id) {
        store::release_budget(conn, &actor.id, cid)?;
    }
    let Some(bumped) = store::bump_supports(conn, &row.id, -1, now)? else {
        return Err(AppError::conflict(ErrorCode::IdeaNotGathering, "This idea no longer gathers support."));
    };
    let floor = rules::trend_term(bumped.created_at.and_utc().timestamp());
    let term = rules::trend_term(supported_at.and_utc().timestamp());
    store::set_trend(conn, &row.id, rules::log_sub_exp(bumped.trend, term, floor))?;
    let cause = crate::points::service::support_cause(&row.id, &actor.id, supported_at);
    crate::points::service::reverse(conn, &support_awards(&row, &actor.id, &cause), Reason::Withdrawn, now)?;
    Ok(SupportResult {
        supported: false,
        supports: bumped.supports,
        budget_left: budget_left(conn)?,
        would_buy: None,
        price_band: None,
    })
}

/// A support pays its giver (+1, capped per day) and the idea's author (+2);
/// both count for the idea's challenge.
fn support_awards<'a>(idea: &'a IdeaRow, supporter: &'a str, cause: &'a str) -> [Award<'a>; 2] {
    let challenge = idea.challenge_id.as_deref();
    [
        Award::new(supporter, Rule::SupportGiven, "support", cause).about(&idea.id, challenge),
        Award::new(&idea.author_id, Rule::SupportReceived, "support", cause).about(&idea.id, challenge),
    ]
}

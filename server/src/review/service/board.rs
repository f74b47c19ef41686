//! The review board: criteria per challenge (and the open board), evaluators per idea in review (chosen
//! by the product team or by round robin at the move to review), blind evaluations, the calibration view
//! and the ranking, and the decision memo the tracker publishes (docs/REVIEW.md).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::accounts::{Actor, Role};
use crate::audit;
use crate::challenges::store as challenge_store;
use crate::clock;
use crate::db::{write_tx, Db, DbConn};
use crate::error::{AppError, AppResult, ErrorCode, FieldError};
use crate::ideas::rules::IdeaStatus;
use crate::ideas::service as idea_service;
use crate::ideas::store::{self as idea_store, IdeaRow};
use crate::ids::IdeaId;
use crate::review::rules::{self, Assignment, Criterion, MemoLine, Scores, Spread};
use crate::review::store::{self, AssignmentRow};

fn ensure_team(actor: &Actor) -> AppResult<()> {
    if actor.role.can_manage_challenges() {
        Ok(())
    } else {
        Err(AppError::forbidden(ErrorCode::ProductTeamOnly, "The review board is the product team's."))
    }
}

fn violations(list: Vec<(String, &'static str, String)>) -> AppResult<()> {
    if list.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(list.into_iter().map(|(f, c, m)| FieldError::new(f, c, m)).collect()))
    }
}

/// The criteria of a scope: the stored ones, else the defaults.
pub fn criteria_in(conn: &mut DbConn, challenge_id: Option<&str>) -> AppResult<(Vec<Criterion>, bool)> {
    let scope = challenge_id.unwrap_or(rules::OPEN_BOARD);
    match store::criteria(conn, scope)? {
        Some(json) => match serde_json::from_str::<Vec<Criterion>>(&json) {
            Ok(c) if !c.is_empty() => Ok((c, false)),
            _ => Ok((rules::default_criteria(), true)),
        },
        None => Ok((rules::default_criteria(), true)),
    }
}

/// A scope's criteria and whether they can still change.
#[derive(Debug, Serialize, ToSchema)]
pub struct CriteriaView {
    /// The challenge's slug, or `open` for the open board.
    pub scope: String,
    pub criteria: Vec<Criterion>,
    /// No criteria were set: these are the defaults.
    pub defaults: bool,
    /// An idea of this scope reached review: the criteria no longer change.
    pub locked: bool,
    /// The mean a criterion needs to be "above our bar" in a decision memo.
    pub bar: f64,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CriteriaInput {
    /// 1 to 8 criteria; the weights sum to 100.
    pub criteria: Vec<Criterion>,
}

/// `None`: the open board; else a challenge's id or slug (404 when unknown).
fn scope_of(conn: &mut DbConn, challenge: Option<&str>) -> AppResult<(Option<String>, String)> {
    match challenge {
        None => Ok((None, rules::OPEN_BOARD.to_string())),
        Some(key) => {
            let c = challenge_store::by_id_or_slug(conn, key)?.ok_or_else(|| AppError::not_found("Challenge"))?;
            Ok((Some(c.id.to_string()), c.slug))
        }
    }
}

fn criteria_view(conn: &mut DbConn, id: Option<&str>, label: String) -> AppResult<CriteriaView> {
    let (criteria, defaults) = criteria_in(conn, id)?;
    let locked = store::scope_reached_review(conn, id)?;
    Ok(CriteriaView { scope: label, criteria, defaults, locked, bar: rules::BAR })
}

/// The criteria are public: the memo names them.
pub async fn criteria(db: &Db, challenge: Option<String>) -> AppResult<CriteriaView> {
    db.run(move |conn| {
        let (id, label) = scope_of(conn, challenge.as_deref())?;
        criteria_view(conn, id.as_deref(), label)
    })
    .await
}

/// The product team sets a scope's criteria until its first idea reaches review (then 409
/// `criteria_locked`).
pub async fn set_criteria(
    db: &Db,
    actor: &Actor,
    challenge: Option<String>,
    input: CriteriaInput,
) -> AppResult<CriteriaView> {
    ensure_team(actor)?;
    let criteria: Vec<Criterion> = input
        .criteria
        .into_iter()
        .map(|c| Criterion { key: c.key.trim().to_string(), label: c.label.trim().to_string(), weight: c.weight })
        .collect();
    violations(rules::check_criteria(&criteria))?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let (id, label) = scope_of(conn, challenge.as_deref())?;
            if store::scope_reached_review(conn, id.as_deref())? {
                return Err(AppError::conflict(
                    ErrorCode::CriteriaLocked,
                    "An idea of this board reached review: its criteria no longer change.",
                ));
            }
            let json = serde_json::to_string(&criteria).map_err(|e| AppError::internal(e.to_string()))?;
            let scope = id.clone().unwrap_or_else(|| rules::OPEN_BOARD.to_string());
            store::set_criteria(conn, &scope, &json, clock::now())?;
            audit::record(
                conn,
                &actor,
                "review.criteria",
                "review_criteria",
                &scope,
                None,
                json!({"criteria": criteria}),
            )?;
            criteria_view(conn, id.as_deref(), label)
        })
    })
    .await
}

fn status_of(row: &AssignmentRow) -> Assignment {
    Assignment::parse(&row.status).unwrap_or(Assignment::Assigned)
}

fn scores_of(row: &AssignmentRow) -> Scores {
    serde_json::from_str(&row.scores).unwrap_or_default()
}

/// The round robin at the move to review, in the move's transaction: when the idea has no active
/// assignment, the `rules::EVALUATORS` product-team members with the fewest open assignments (never the
/// author). With fewer product-team members than that, nobody is assigned: the team decides without the
/// board (and without a memo).
pub fn assign_round_robin(conn: &mut DbConn, idea: &IdeaRow, now: NaiveDateTime) -> AppResult<usize> {
    let existing = store::assignments(conn, &idea.id)?;
    if existing.iter().any(|a| status_of(a) != Assignment::Recused) {
        return Ok(0);
    }
    let candidates = store::evaluator_candidates(conn)?;
    let mut exclude: Vec<String> = existing.iter().map(|a| a.evaluator_id.clone()).collect();
    exclude.push(idea.author_id.to_string());
    let picked = rules::pick_evaluators(&candidates, &exclude, rules::EVALUATORS);
    if picked.len() < rules::EVALUATORS {
        return Ok(0);
    }
    for id in &picked {
        store::insert_assignment(conn, &new_assignment(&idea.id, id, now))?;
    }
    Ok(picked.len())
}

fn new_assignment(idea_id: &str, evaluator_id: &str, now: NaiveDateTime) -> AssignmentRow {
    AssignmentRow {
        idea_id: idea_id.to_string(),
        evaluator_id: evaluator_id.to_string(),
        status: Assignment::Assigned.as_str().to_string(),
        scores: "{}".into(),
        note: String::new(),
        assigned_at: now,
        submitted_at: None,
    }
}

/// An evaluator on the board. Scores and notes only for a viewer who is not blind.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvaluatorView {
    pub handle: String,
    pub display_name: String,
    pub status: Assignment,
    pub scores: Option<Scores>,
    pub note: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutlierView {
    pub handle: String,
    pub key: String,
    pub score: i32,
    pub others_mean: f64,
}

/// The calibration of one idea: over the submitted evaluations.
#[derive(Debug, Serialize, ToSchema)]
pub struct Calibration {
    /// 0 to 100; none before the first evaluation.
    pub weighted_score: Option<f64>,
    pub spreads: Vec<Spread>,
    /// Evaluators at least 2 points from the mean of the others on a criterion.
    pub outliers: Vec<OutlierView>,
}

/// An idea's evaluations as the viewer (product team) may see them.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvaluationBoard {
    pub idea_id: String,
    pub idea_title: String,
    pub status: IdeaStatus,
    pub criteria: Vec<Criterion>,
    /// The viewer is assigned and has not submitted: no other score, no calibration.
    pub blind: bool,
    /// The viewer's own assignment, with their scores.
    pub mine: Option<EvaluatorView>,
    pub evaluators: Vec<EvaluatorView>,
    pub submitted: usize,
    pub pending: usize,
    pub calibration: Option<Calibration>,
}

fn board_of(conn: &mut DbConn, idea: &IdeaRow, viewer: &Actor) -> AppResult<EvaluationBoard> {
    let (criteria, _) = criteria_in(conn, idea.challenge_id.as_deref())?;
    let rows = store::assignments(conn, &idea.id)?;
    let ids: Vec<String> = rows.iter().map(|r| r.evaluator_id.clone()).collect();
    let names: HashMap<String, (String, String)> = crate::accounts::store::authors(conn, &ids)?
        .into_iter()
        .map(|(id, handle, name)| (id, (handle, name)))
        .collect();
    let own = rows.iter().find(|r| r.evaluator_id == viewer.id).map(status_of);
    let blind = !rules::sees_others(own);
    let view = |r: &AssignmentRow, show: bool| {
        let (handle, display_name) = names.get(&r.evaluator_id).cloned().unwrap_or_default();
        let submitted = status_of(r) == Assignment::Submitted;
        EvaluatorView {
            handle,
            display_name,
            status: status_of(r),
            scores: (show && submitted).then(|| scores_of(r)),
            note: (show && submitted).then(|| r.note.clone()),
            submitted_at: r.submitted_at.map(clock::to_utc),
        }
    };
    let mine = rows.iter().find(|r| r.evaluator_id == viewer.id).map(|r| view(r, true));
    let evaluators: Vec<EvaluatorView> =
        rows.iter().filter(|r| r.evaluator_id != viewer.id).map(|r| view(r, !blind)).collect();
    let submitted_rows: Vec<&AssignmentRow> = rows.iter().filter(|r| status_of(r) == Assignment::Submitted).collect();
    let calibration = (!blind).then(|| calibrate(&criteria, &submitted_rows, &names));
    Ok(EvaluationBoard {
        idea_id: idea.id.to_string(),
        idea_title: idea.title.clone(),
        status: idea.status,
        criteria,
        blind,
        mine,
        evaluators,
        submitted: submitted_rows.len(),
        pending: rows.iter().filter(|r| status_of(r) == Assignment::Assigned).count(),
        calibration,
    })
}

fn calibrate(
    criteria: &[Criterion],
    submitted: &[&AssignmentRow],
    names: &HashMap<String, (String, String)>,
) -> Calibration {
    let scores: Vec<Scores> = submitted.iter().map(|r| scores_of(r)).collect();
    Calibration {
        weighted_score: rules::weighted_score(criteria, &scores),
        spreads: rules::spreads(criteria, &scores),
        outliers: rules::outliers(criteria, &scores)
            .into_iter()
            .map(|o| OutlierView {
                handle: submitted
                    .get(o.index)
                    .and_then(|r| names.get(&r.evaluator_id))
                    .map(|(h, _)| h.clone())
                    .unwrap_or_default(),
                key: o.key,
                score: o.score,
                others_mean: o.others_mean,
            })
            .collect(),
    }
}

fn load_idea(conn: &mut DbConn, id: &IdeaId, actor: &Actor) -> AppResult<IdeaRow> {
    idea_service::load_visible(conn, id, Some(actor))
}

/// The product team's view of an idea's evaluations (403 `product_team_only` for everyone else).
pub async fn evaluations(db: &Db, actor: &Actor, id: IdeaId) -> AppResult<EvaluationBoard> {
    ensure_team(actor)?;
    let actor = actor.clone();
    db.run(move |conn| {
        let idea = load_idea(conn, &id, &actor)?;
        board_of(conn, &idea, &actor)
    })
    .await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EvaluationInput {
    /// Recuse yourself (a conflict of interest): another product-team member is assigned if one is free.
    #[serde(default)]
    pub recuse: bool,
    /// You declare no conflict of interest with this idea or its author (required to score).
    #[serde(default)]
    pub no_conflict: bool,
    /// Every criterion's key with a score 1 to 5.
    #[serde(default)]
    pub scores: Scores,
    /// Private to the product team, at most 2000 characters.
    #[serde(default)]
    pub note: String,
}

fn ensure_in_review(idea: &IdeaRow) -> AppResult<()> {
    if idea.status == IdeaStatus::InReview {
        Ok(())
    } else {
        Err(AppError::conflict(ErrorCode::NotInReview, "The idea is not in review (any more)."))
    }
}

/// An assigned evaluator scores (or changes their scores until the decision) or recuses.
pub async fn evaluate(db: &Db, actor: &Actor, id: IdeaId, input: EvaluationInput) -> AppResult<EvaluationBoard> {
    ensure_team(actor)?;
    actor.ensure_active()?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let idea = load_idea(conn, &id, &actor)?;
            ensure_in_review(&idea)?;
            let rows = store::assignments(conn, &idea.id)?;
            let Some(mut row) = rows.iter().find(|r| r.evaluator_id == actor.id).cloned() else {
                return Err(AppError::forbidden(
                    ErrorCode::NotEvaluator,
                    "You are not assigned to evaluate this idea.",
                ));
            };
            let now = clock::now();
            if input.recuse {
                row.status = Assignment::Recused.as_str().to_string();
                row.scores = "{}".into();
                row.note = String::new();
                row.submitted_at = None;
                store::save_assignment(conn, &row)?;
                let exclude: Vec<String> =
                    rows.iter().map(|r| r.evaluator_id.clone()).chain([idea.author_id.to_string()]).collect();
                let candidates = store::evaluator_candidates(conn)?;
                let replacement = rules::pick_evaluators(&candidates, &exclude, 1);
                for r in &replacement {
                    store::insert_assignment(conn, &new_assignment(&idea.id, r, now))?;
                }
                audit::record(
                    conn,
                    &actor,
                    "review.recuse",
                    "idea",
                    &idea.id,
                    None,
                    json!({"replacement": replacement}),
                )?;
                return board_of(conn, &idea, &actor);
            }
            let (criteria, _) = criteria_in(conn, idea.challenge_id.as_deref())?;
            let mut problems = rules::check_scores(&criteria, &input.scores);
            if !input.no_conflict {
                problems.push((
                    "no_conflict".into(),
                    "required",
                    "Declare that you have no conflict of interest, or recuse yourself.".into(),
                ));
            }
            if input.note.trim().chars().count() > rules::NOTE_MAX {
                problems.push(("note".into(), "too_long", "A note has at most 2000 characters.".into()));
            }
            violations(problems)?;
            row.status = Assignment::Submitted.as_str().to_string();
            row.scores = serde_json::to_string(&input.scores).map_err(|e| AppError::internal(e.to_string()))?;
            row.note = input.note.trim().to_string();
            row.submitted_at = Some(now);
            store::save_assignment(conn, &row)?;
            board_of(conn, &idea, &actor)
        })
    })
    .await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EvaluatorsInput {
    /// At least 2 handles of active product-team members (or admins), not the author.
    pub evaluators: Vec<String>,
}

/// The product team chooses an idea's evaluators: those not named lose their assignment (and scores),
/// those newly named are assigned.
pub async fn set_evaluators(db: &Db, actor: &Actor, id: IdeaId, input: EvaluatorsInput) -> AppResult<EvaluationBoard> {
    ensure_team(actor)?;
    let mut handles: Vec<String> =
        input.evaluators.iter().map(|h| h.trim().trim_start_matches('@').to_string()).collect();
    handles.sort_by_key(|h| h.to_lowercase());
    handles.dedup_by_key(|h| h.to_lowercase());
    if handles.len() < rules::EVALUATORS || handles.len() > 10 {
        return Err(AppError::field("evaluators", "count", "Name 2 to 10 evaluators."));
    }
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let idea = load_idea(conn, &id, &actor)?;
            ensure_in_review(&idea)?;
            let found = store::accounts_by_handles(conn, &handles)?;
            let mut ids = Vec::new();
            for h in &handles {
                match found.iter().find(|(_, handle, _, _)| handle.to_lowercase() == h.to_lowercase()) {
                    None => return Err(AppError::field("evaluators", "unknown", format!("No member @{h}."))),
                    Some((uid, _, role, suspended)) => {
                        let team = matches!(Role::parse(role), Some(Role::ProductTeam | Role::Admin));
                        if !team || *suspended || idea.author_id == *uid {
                            return Err(AppError::field(
                                "evaluators",
                                "not_eligible",
                                format!("@{h} cannot evaluate this idea (product team only, never the author)."),
                            ));
                        }
                        ids.push(uid.clone());
                    }
                }
            }
            let now = clock::now();
            let rows = store::assignments(conn, &idea.id)?;
            for r in &rows {
                if !ids.contains(&r.evaluator_id) {
                    store::delete_assignment(conn, &idea.id, &r.evaluator_id)?;
                }
            }
            for uid in &ids {
                if !rows.iter().any(|r| &r.evaluator_id == uid) {
                    store::insert_assignment(conn, &new_assignment(&idea.id, uid, now))?;
                }
            }
            audit::record(conn, &actor, "review.evaluators", "idea", &idea.id, None, json!({"evaluators": handles}))?;
            board_of(conn, &idea, &actor)
        })
    })
    .await
}

/// One idea on the review board's ranking.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ReviewBoardEntry)]
pub struct BoardEntry {
    pub idea_id: String,
    pub title: String,
    /// The challenge's slug; none on the open board.
    pub challenge: Option<String>,
    pub weighted_score: Option<f64>,
    pub submitted: usize,
    pub pending: usize,
    /// The viewer is an evaluator of this idea who has not submitted: no score, no calibration.
    pub blind: bool,
    pub calibration: Option<Calibration>,
    pub status_changed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewBoard {
    /// The ideas in review, highest weighted score first (unscored and blind ones last).
    pub items: Vec<BoardEntry>,
}

/// The ranking and calibration of the ideas in review, for the product team; `challenge`: an id or slug,
/// `none` for the open board, absent for all.
pub async fn board(db: &Db, actor: &Actor, challenge: Option<String>) -> AppResult<ReviewBoard> {
    ensure_team(actor)?;
    let actor = actor.clone();
    db.run(move |conn| {
        let filter: Option<Option<String>> = match challenge.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            None => None,
            Some("none") => Some(None),
            Some(key) => Some(Some(
                challenge_store::by_id_or_slug(conn, key)?
                    .ok_or_else(|| AppError::field("challenge", "unknown", "No such challenge."))?
                    .id
                    .to_string(),
            )),
        };
        let ideas: Vec<IdeaRow> = idea_store::by_status_recent(conn, IdeaStatus::InReview.as_str(), 500)?
            .into_iter()
            .filter(|i| match &filter {
                None => true,
                Some(c) => i.challenge_id.as_deref() == c.as_deref(),
            })
            .collect();
        let slugs: HashMap<String, String> = {
            let ids: Vec<String> =
                ideas.iter().filter_map(|i| i.challenge_id.as_ref().map(|c| c.to_string())).collect();
            challenge_store::by_ids(conn, &ids)?.into_iter().map(|c| (c.id.to_string(), c.slug)).collect()
        };
        let mut items = Vec::new();
        for idea in &ideas {
            let b = board_of(conn, idea, &actor)?;
            items.push(BoardEntry {
                idea_id: b.idea_id,
                title: b.idea_title,
                challenge: idea.challenge_id.as_ref().and_then(|c| slugs.get(c.as_str()).cloned()),
                weighted_score: b.calibration.as_ref().and_then(|c| c.weighted_score),
                submitted: b.submitted,
                pending: b.pending,
                blind: b.blind,
                calibration: b.calibration,
                status_changed_at: idea.status_changed_at.map(clock::to_utc),
            });
        }
        items.sort_by(|a, b| {
            b.weighted_score
                .unwrap_or(-1.0)
                .total_cmp(&a.weighted_score.unwrap_or(-1.0))
                .then(a.idea_id.cmp(&b.idea_id))
        });
        Ok(ReviewBoard { items })
    })
    .await
}

/// Before a decision (in_review → approved or declined), in the tracker's transaction: refuses while an
/// assigned evaluator has not submitted (409 `evaluations_incomplete`) unless an admin overrides, and
/// returns the memo's lines (empty when nobody evaluated).
pub fn memo_for_decision(
    conn: &mut DbConn,
    idea: &IdeaRow,
    actor: &Actor,
    admin_override: bool,
) -> AppResult<Vec<MemoLine>> {
    let rows = store::assignments(conn, &idea.id)?;
    let pending = rows.iter().filter(|r| status_of(r) == Assignment::Assigned).count();
    if rules::decision_blocked(pending, admin_override && actor.role == Role::Admin) {
        return Err(AppError::conflict_with(
            ErrorCode::EvaluationsIncomplete,
            format!(
                "{pending} evaluator(s) have not submitted yet; an admin may decide anyway (override_evaluations)."
            ),
            json!({"pending": pending}),
        ));
    }
    let (criteria, _) = criteria_in(conn, idea.challenge_id.as_deref())?;
    let scores: Vec<Scores> = rows.iter().filter(|r| status_of(r) == Assignment::Submitted).map(scores_of).collect();
    Ok(rules::memo_outcomes(&criteria, &scores))
}

/// Stores the memo of the decision's timeline event.
pub fn publish_memo(
    conn: &mut DbConn,
    event_id: &str,
    idea_id: &str,
    lines: &[MemoLine],
    now: NaiveDateTime,
) -> AppResult<()> {
    if lines.is_empty() {
        return Ok(());
    }
    let json = serde_json::to_string(lines).map_err(|e| AppError::internal(e.to_string()))?;
    store::insert_memo(conn, event_id, idea_id, &json, now)?;
    Ok(())
}

/// The memos of an idea's timeline by event id.
pub fn memos(conn: &mut DbConn, idea_id: &str) -> AppResult<HashMap<String, Vec<MemoLine>>> {
    Ok(store::memos(conn, idea_id)?
        .into_iter()
        .filter_map(|(event, json)| serde_json::from_str(&json).ok().map(|lines| (event, lines)))
        .collect())
}

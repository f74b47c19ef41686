//! Fan votes: create, edit and cancel (product team), list and read (anyone), cast, change and withdraw a
//! ballot (verified members), and settle the close exactly once (the winners' timelines).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use super::rules::{self, ShowResults, State};
use super::store::{self, BallotRow, FanVoteRow};
use crate::accounts::Actor;
use crate::clock;
use crate::db::{write_tx, Db, DbConn};
use crate::error::{AppError, AppResult, ErrorCode, Violations};
use crate::ideas::rules::IdeaStatus;
use crate::ideas::service::{self as idea_service, IdeaView};
use crate::ideas::store::{self as idea_store, EventRow, IdeaRow};
use crate::ids::IdeaId;

/// The reason a winner's timeline event carries.
pub const WON_REASON: &str = "fan_vote_won";
/// At most this many votes are listed.
pub const LIST_MAX: i64 = 100;

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateFanVote {
    /// 3 to 120 characters.
    pub title: String,
    /// 2 to 6 distinct ideas, visible and published (not pending, rejected, hidden or merged), none in another
    /// scheduled or open vote. Shown in this order.
    pub idea_ids: Vec<String>,
    pub opens_at: DateTime<Utc>,
    /// After `opens_at` and in the future, at most 90 days after `opens_at`.
    pub closes_at: DateTime<Utc>,
    /// `live` or `after_close`.
    pub show_results: String,
}

/// Changes to a vote that has not opened yet; absent fields stay.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct UpdateFanVote {
    pub title: Option<String>,
    pub idea_ids: Option<Vec<String>>,
    pub opens_at: Option<DateTime<Utc>>,
    pub closes_at: Option<DateTime<Utc>>,
    pub show_results: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct BallotInput {
    /// One of the vote's finalists.
    pub idea_id: String,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct FinalistCount {
    pub idea_id: String,
    pub votes: i64,
}

/// The counts, when they may be shown.
#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct FanVoteResults {
    /// Every ballot (one per voter).
    pub total_votes: i64,
    /// Per finalist, in the finalists' order (zero included).
    pub counts: Vec<FinalistCount>,
    /// The vote has closed: these are the final results.
    #[serde(rename = "final")]
    pub is_final: bool,
    /// After the close: the finalists with the most votes (several on a tie, none without votes).
    pub winners: Vec<String>,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct FanVoteView {
    pub id: String,
    pub title: String,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub show_results: ShowResults,
    pub state: State,
    /// The finalists as idea cards (cover, title, summary, staff pick), in the vote's order.
    pub finalists: Vec<IdeaView>,
    /// Null while the counts are hidden (`after_close` before the close; before the opening).
    pub results: Option<FanVoteResults>,
    /// The finalist the signed-in member voted for (null when none or signed out).
    pub my_ballot: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// The product team and admins (a suspended one acts as a member, so is refused too).
fn ensure_team(actor: &Actor) -> AppResult<()> {
    if actor.role.can_manage_challenges() {
        Ok(())
    } else {
        Err(AppError::forbidden(ErrorCode::ProductTeamOnly, "Only the product team and admins run fan votes."))
    }
}

fn state_of(row: &FanVoteRow, now: NaiveDateTime) -> State {
    rules::state(row.opens_at, row.closes_at, row.cancelled_at.is_some(), now)
}

fn show_of(row: &FanVoteRow) -> ShowResults {
    ShowResults::parse(&row.show_results).unwrap_or(ShowResults::AfterClose)
}

fn load(conn: &mut DbConn, id: &str) -> AppResult<FanVoteRow> {
    store::by_id(conn, id)?.ok_or_else(|| AppError::not_found("Fan vote"))
}

/// The views of votes: one query for the finalists, one for their ideas (cards), one for the member's ballots
/// and one count per vote whose results show.
fn views(
    conn: &mut DbConn,
    rows: &[FanVoteRow],
    viewer: Option<&Actor>,
    now: NaiveDateTime,
) -> AppResult<Vec<FanVoteView>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let finalists = store::finalists(conn, &ids)?;
    let mut idea_ids: Vec<String> = finalists.iter().map(|f| f.idea_id.clone()).collect();
    idea_ids.sort();
    idea_ids.dedup();
    // A finalist hidden later by a moderator is left out for those who may not see it.
    let idea_rows: Vec<IdeaRow> =
        idea_store::by_ids(conn, &idea_ids)?.into_iter().filter(|r| idea_service::visible_to(r, viewer)).collect();
    let cards: HashMap<String, IdeaView> =
        idea_service::views(conn, &idea_rows, viewer)?.into_iter().map(|v| (v.id.to_string(), v)).collect();
    let ballots: HashMap<String, String> = match viewer {
        Some(v) => store::ballots_of(conn, &v.id, &ids)?.into_iter().collect(),
        None => HashMap::new(),
    };
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let state = state_of(row, now);
        let order: Vec<String> =
            finalists.iter().filter(|f| f.fan_vote_id == row.id).map(|f| f.idea_id.clone()).collect();
        let results = if rules::results_visible(show_of(row), state) {
            let counted: HashMap<String, i64> = store::counts(conn, &row.id)?.into_iter().collect();
            let counts: Vec<(String, i64)> =
                order.iter().map(|i| (i.clone(), counted.get(i).copied().unwrap_or(0))).collect();
            let is_final = state == State::Closed;
            Some(FanVoteResults {
                total_votes: counted.values().sum(),
                winners: if is_final { rules::winners(&counts) } else { Vec::new() },
                counts: counts.into_iter().map(|(idea_id, votes)| FinalistCount { idea_id, votes }).collect(),
                is_final,
            })
        } else {
            None
        };
        out.push(FanVoteView {
            id: row.id.clone(),
            title: row.title.clone(),
            opens_at: clock::to_utc(row.opens_at),
            closes_at: clock::to_utc(row.closes_at),
            show_results: show_of(row),
            state,
            finalists: order.iter().filter_map(|i| cards.get(i).cloned()).collect(),
            results,
            my_ballot: ballots.get(&row.id).cloned(),
            created_at: clock::to_utc(row.created_at),
        });
    }
    Ok(out)
}

fn view(conn: &mut DbConn, row: &FanVoteRow, viewer: Option<&Actor>, now: NaiveDateTime) -> AppResult<FanVoteView> {
    views(conn, std::slice::from_ref(row), viewer, now)?.pop().ok_or_else(|| AppError::internal("empty fan vote view"))
}

/// Settles a closed vote if nobody has: the conditional UPDATE lets exactly one caller (request or job, on
/// any instance) count the ballots and write the winners' timeline events, all in its transaction.
pub fn settle_in_tx(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> AppResult<bool> {
    if store::claim_settle(conn, id, now)? == 0 {
        return Ok(false);
    }
    let row = load(conn, id)?;
    let order: Vec<String> = store::finalists(conn, &[id.to_string()])?.into_iter().map(|f| f.idea_id).collect();
    let counted: HashMap<String, i64> = store::counts(conn, id)?.into_iter().collect();
    let counts: Vec<(String, i64)> = order.iter().map(|i| (i.clone(), counted.get(i).copied().unwrap_or(0))).collect();
    let total: i64 = counted.values().sum();
    let winners = rules::winners(&counts);
    let winners_json = serde_json::to_string(&winners).map_err(|e| AppError::internal(e.to_string()))?;
    store::save_result(conn, id, &winners_json, i32::try_from(total).unwrap_or(i32::MAX))?;
    for idea_id in &winners {
        let Some(idea) = idea_store::by_id(conn, idea_id)? else { continue };
        let votes = counted.get(idea_id).copied().unwrap_or(0);
        idea_store::insert_event(
            conn,
            &EventRow {
                id: Uuid::now_v7().to_string(),
                idea_id: idea_id.clone(),
                from_status: Some(idea.status),
                to_status: idea.status,
                actor_id: None,
                actor_role: "system".into(),
                note: rules::won_note(&row.title, votes, total),
                reason: Some(WON_REASON.into()),
                created_at: now,
            },
        )?;
    }
    Ok(true)
}

/// Settles every vote that has closed and was not settled yet (the jobs call it; so do reads that find a
/// closed vote). Safe on several instances.
pub async fn settle_due(db: &Db, now: NaiveDateTime) -> AppResult<usize> {
    let due = db.run(move |conn| Ok(store::due(conn, now, 100)?)).await?;
    let mut settled = 0;
    for id in due {
        if db.run(move |conn| write_tx(conn, |conn| settle_in_tx(conn, &id, now))).await? {
            settled += 1;
        }
    }
    Ok(settled)
}

pub async fn list(db: &Db, viewer: Option<&Actor>) -> AppResult<Vec<FanVoteView>> {
    let now = clock::now();
    settle_due(db, now).await?;
    let viewer = viewer.cloned();
    db.run(move |conn| {
        let rows = store::list(conn, LIST_MAX)?;
        views(conn, &rows, viewer.as_ref(), now)
    })
    .await
}

pub async fn get(db: &Db, viewer: Option<&Actor>, id: String) -> AppResult<FanVoteView> {
    let now = clock::now();
    let viewer = viewer.cloned();
    db.run(move |conn| {
        let row = load(conn, &id)?;
        let row = if row.settled_at.is_none() && state_of(&row, now) == State::Closed {
            write_tx(conn, |conn| settle_in_tx(conn, &id, now))?;
            load(conn, &id)?
        } else {
            row
        };
        view(conn, &row, viewer.as_ref(), now)
    })
    .await
}

/// Whether an idea may be a finalist: members can see it and it is published (not merged away).
fn eligible(idea: &IdeaRow) -> bool {
    idea_service::visible_to(idea, None) && idea.status != IdeaStatus::Merged
}

/// Checks the finalists in the caller's transaction, under their row locks (taken in id order): each exists
/// and is eligible, none is in another scheduled or open vote.
fn check_finalists_in_tx(conn: &mut DbConn, ids: &[String], except: Option<&str>, now: NaiveDateTime) -> AppResult<()> {
    let mut sorted = ids.to_vec();
    sorted.sort();
    for id in &sorted {
        store::lock_idea(conn, id)?;
        let ok = idea_store::by_id(conn, id)?.is_some_and(|i| eligible(&i));
        if !ok {
            return Err(AppError::conflict_with(
                ErrorCode::FinalistNotEligible,
                "A finalist must be a published idea that members can see.",
                json!({"idea_id": id}),
            ));
        }
    }
    if let Some((idea_id, vote_id, title)) = store::busy_finalists(conn, ids, except, now)?.into_iter().next() {
        return Err(AppError::conflict_with(
            ErrorCode::FinalistInOtherVote,
            format!("This idea is a finalist of the fan vote “{title}”, which has not closed yet."),
            json!({"idea_id": idea_id, "fan_vote_id": vote_id}),
        ));
    }
    Ok(())
}

fn parse_ids(v: &mut Violations, raw: &[String]) -> Vec<String> {
    let ids = rules::check_finalists(v, raw);
    if ids.iter().any(|i| IdeaId::parse(i).is_none()) {
        v.add("idea_ids", "invalid", "Each finalist is an idea id.");
    }
    ids
}

fn parse_show(v: &mut Violations, raw: &str) -> ShowResults {
    ShowResults::parse(raw.trim()).unwrap_or_else(|| {
        v.add("show_results", "invalid", "show_results is live or after_close.");
        ShowResults::AfterClose
    })
}

pub async fn create(db: &Db, actor: &Actor, input: CreateFanVote) -> AppResult<FanVoteView> {
    ensure_team(actor)?;
    let now = clock::now();
    let mut v = Violations::new();
    let title = rules::check_title(&mut v, &input.title);
    let ids = parse_ids(&mut v, &input.idea_ids);
    let (opens_at, closes_at) = (clock::from_utc(input.opens_at), clock::from_utc(input.closes_at));
    rules::check_window(&mut v, opens_at, closes_at, now);
    let show = parse_show(&mut v, &input.show_results);
    v.finish()?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            check_finalists_in_tx(conn, &ids, None, now)?;
            let row = FanVoteRow {
                id: Uuid::now_v7().to_string(),
                title,
                opens_at,
                closes_at,
                show_results: show.as_str().into(),
                created_by: Some(actor.id.clone()),
                created_at: now,
                updated_at: now,
                cancelled_at: None,
                settled_at: None,
                winners: None,
                total_votes: None,
            };
            store::insert(conn, &row)?;
            store::replace_finalists(conn, &row.id, &ids)?;
            crate::audit::record(
                conn,
                &actor,
                "fan_vote.create",
                "fan_vote",
                &row.id,
                None,
                json!({"title": row.title, "idea_ids": ids, "opens_at": input.opens_at, "closes_at": input.closes_at,
                    "show_results": row.show_results}),
            )?;
            view(conn, &row, Some(&actor), now)
        })
    })
    .await
}

fn started() -> AppError {
    AppError::conflict(
        ErrorCode::FanVoteStarted,
        "This fan vote has opened (or was cancelled): it can no longer change.",
    )
}

pub async fn update(db: &Db, actor: &Actor, id: String, input: UpdateFanVote) -> AppResult<FanVoteView> {
    ensure_team(actor)?;
    let now = clock::now();
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let row = load(conn, &id)?;
            rules::editable(state_of(&row, now)).map_err(|_| started())?;
            let mut v = Violations::new();
            let title = input.title.as_deref().map_or_else(|| row.title.clone(), |t| rules::check_title(&mut v, t));
            let ids = input.idea_ids.as_deref().map(|raw| parse_ids(&mut v, raw));
            let opens_at = input.opens_at.map_or(row.opens_at, clock::from_utc);
            let closes_at = input.closes_at.map_or(row.closes_at, clock::from_utc);
            rules::check_window(&mut v, opens_at, closes_at, now);
            let show = input.show_results.as_deref().map_or_else(|| show_of(&row), |s| parse_show(&mut v, s));
            v.finish()?;
            if let Some(ids) = &ids {
                check_finalists_in_tx(conn, ids, Some(&id), now)?;
            }
            if store::update_plan(conn, &id, &title, opens_at, closes_at, show.as_str(), now)? == 0 {
                return Err(started());
            }
            if let Some(ids) = &ids {
                store::replace_finalists(conn, &id, ids)?;
            }
            crate::audit::record(
                conn,
                &actor,
                "fan_vote.update",
                "fan_vote",
                &id,
                None,
                json!({"title": title, "idea_ids": ids, "opens_at": clock::to_utc(opens_at),
                    "closes_at": clock::to_utc(closes_at), "show_results": show.as_str()}),
            )?;
            let saved = load(conn, &id)?;
            view(conn, &saved, Some(&actor), now)
        })
    })
    .await
}

pub async fn cancel(db: &Db, actor: &Actor, id: String) -> AppResult<FanVoteView> {
    ensure_team(actor)?;
    let now = clock::now();
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            load(conn, &id)?;
            if store::cancel(conn, &id, now)? == 0 {
                return Err(started());
            }
            crate::audit::record(conn, &actor, "fan_vote.cancel", "fan_vote", &id, None, json!({}))?;
            let saved = load(conn, &id)?;
            view(conn, &saved, Some(&actor), now)
        })
    })
    .await
}

fn refuse(code: ErrorCode) -> AppError {
    match code {
        ErrorCode::StaffCannotVote => AppError::forbidden(
            code,
            "Staff do not vote in fan votes: the product team runs them and moderators watch over them.",
        ),
        ErrorCode::FanVoteNotOpen => AppError::conflict(code, "This fan vote has not opened yet."),
        _ => AppError::conflict(ErrorCode::FanVoteClosed, "This fan vote has closed."),
    }
}

/// Casts or changes the member's one ballot (verified, active members only; not staff), while the vote is open.
pub async fn vote(db: &Db, actor: &Actor, id: String, input: BallotInput) -> AppResult<FanVoteView> {
    actor.ensure_contributor()?;
    ballot(db, actor, id, Some(input.idea_id.trim().to_string())).await
}

/// Withdraws the member's ballot while the vote is open (idempotent). Like a support, a ballot may be taken
/// back while suspended.
pub async fn unvote(db: &Db, actor: &Actor, id: String) -> AppResult<FanVoteView> {
    ballot(db, actor, id, None).await
}

async fn ballot(db: &Db, actor: &Actor, id: String, choice: Option<String>) -> AppResult<FanVoteView> {
    let now = clock::now();
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let row = load(conn, &id)?;
            if let Some(code) = rules::ballot_refusal(actor.role, state_of(&row, now)) {
                return Err(refuse(code));
            }
            if let Some(idea) = &choice {
                let finalists = store::finalists(conn, std::slice::from_ref(&id))?;
                if !finalists.iter().any(|f| &f.idea_id == idea) {
                    return Err(AppError::field(
                        "idea_id",
                        "not_finalist",
                        "Vote for one of this fan vote's finalists.",
                    ));
                }
            }
            // Under the vote's row lock, and only while it is open and unsettled.
            if store::lock_open(conn, &id, now)? == 0 {
                return Err(refuse(ErrorCode::FanVoteClosed));
            }
            match &choice {
                Some(idea) => {
                    store::upsert_ballot(
                        conn,
                        &BallotRow {
                            fan_vote_id: id.clone(),
                            user_id: actor.id.clone(),
                            idea_id: idea.clone(),
                            created_at: now,
                            updated_at: now,
                        },
                    )?;
                }
                None => {
                    store::delete_ballot(conn, &id, &actor.id)?;
                }
            }
            view(conn, &row, Some(&actor), now)
        })
    })
    .await
}

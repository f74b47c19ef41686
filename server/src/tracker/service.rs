//! Moving ideas along the tracker: transitions by people (judged here by
//! `rules::judge`, applied by `ideas::service::apply_move`), expiry by the
//! system, the public timeline, creator updates and the roadmap.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use super::rules::{self, DeclineReason, Mover, Verdict};
use super::store::{self, UpdateRow};
use crate::accounts::{self, Actor};
use crate::clock;
use crate::db::{write_tx, Db};
use crate::error::ErrorCode;
use crate::error::{AppError, AppResult, Violations};
use crate::ideas::rules::IdeaStatus;
use crate::ideas::service::{self as idea_service, apply_move_with, AuthorView, IdeaView};
use crate::ideas::store::{self as idea_store, EventRow};
use crate::ids::{IdeaId, UpdateId, UserId};
use crate::markdown;
use crate::notifications::{kind, store as notify};
use crate::review::rules::MemoLine;
use crate::review::service as review;

#[derive(Debug, Deserialize, ToSchema)]
pub struct TransitionInput {
    /// The target state.
    pub to: String,
    /// A public note shown on the timeline.
    #[serde(default)]
    pub note: String,
    /// Declines: not_feasible, brand_fit, licensing, duplicate or other. Rejections: the reason the author sees.
    pub reason: Option<String>,
    /// `on_shelf`: the product this idea became (a catalogue id or slug).
    pub product: Option<String>,
    /// A decision (approved, declined) waits for every assigned evaluator (409 `evaluations_incomplete`);
    /// an admin may decide anyway with `true`. Ignored for everyone else.
    #[serde(default)]
    pub override_evaluations: bool,
}

pub async fn transition(db: &Db, actor: &Actor, id: IdeaId, input: TransitionInput) -> AppResult<IdeaView> {
    let to = IdeaStatus::parse(input.to.trim())
        .ok_or_else(|| AppError::field("to", "invalid", "Not a known idea state."))?;
    let mut v = Violations::new();
    if input.note.chars().count() > 2_000 {
        v.add("note", "too_long", "A note has at most 2000 characters.");
    }
    let reason = input.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_string);
    match to {
        IdeaStatus::Declined => match reason.as_deref().map(DeclineReason::parse) {
            Some(Some(_)) => {}
            _ => v.add(
                "reason",
                "invalid",
                "A decline names its reason: not_feasible, brand_fit, licensing, duplicate or other.",
            ),
        },
        IdeaStatus::Rejected if reason.is_none() => {
            v.add("reason", "required", "Tell the author why, so they can fix it and resubmit.")
        }
        IdeaStatus::Merged => v.add("to", "invalid", "Merging has its own endpoint: POST /api/v1/ideas/{id}/merge."),
        _ => {}
    }
    v.finish()?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let idea = idea_service::load_visible(conn, &id, Some(&actor))?;
            let from = idea.status;
            let mover = Mover::of(actor.role, idea.author_id == actor.id).ok_or_else(|| {
                AppError::forbidden(ErrorCode::MoveNotPermitted, "Only the author and the staff move ideas.")
            })?;
            if mover == Mover::Author || actor.role == accounts::Role::Member {
                actor.ensure_active()?;
            }
            match rules::judge(from, to, mover) {
                Verdict::Allowed => {}
                Verdict::Illegal { allowed } => {
                    let names: Vec<&str> = allowed.iter().map(|s| s.as_str()).collect();
                    return Err(AppError::Conflict {
                        code: ErrorCode::IllegalMove,
                        detail: format!(
                            "An idea that is {} cannot move to {}. Allowed: {}.",
                            from.as_str(),
                            to.as_str(),
                            if names.is_empty() { "none".to_string() } else { names.join(", ") }
                        ),
                        extra: Some(json!({ "allowed": names })),
                    });
                }
                Verdict::NotPermitted { allowed_movers } => {
                    let who: Vec<&str> = allowed_movers.iter().map(|m| m.as_str()).collect();
                    return Err(AppError::forbidden(
                        ErrorCode::MoveNotPermitted,
                        format!("Moving an idea from {} to {} is for: {}.", from.as_str(), to.as_str(), who.join(", ")),
                    ));
                }
            }
            let now = clock::now();
            let decision = from == IdeaStatus::InReview && matches!(to, IdeaStatus::Approved | IdeaStatus::Declined);
            let memo = if decision {
                review::memo_for_decision(conn, &idea, &actor, input.override_evaluations)?
            } else {
                Vec::new()
            };
            // A decision with a memo is the board's: the decider is named by role only, like the evaluators.
            let extra = (!memo.is_empty()).then(|| json!({ "memo": memo, "actor": null }));
            let note = input.note.trim();
            let event =
                apply_move_with(conn, &idea, to, mover, Some(&actor), note, reason.as_deref(), now, extra.as_ref())?;
            review::publish_memo(conn, &event, &idea.id, &memo, now)?;
            if to == IdeaStatus::OnShelf {
                let product = input.product.as_deref().map(str::trim).filter(|p| !p.is_empty());
                store::set_product_ref(conn, &idea.id, product)?;
            }
            let saved = idea_store::by_id(conn, &idea.id)?.ok_or_else(|| AppError::not_found("Idea"))?;
            idea_service::view_one(conn, &saved, Some(&actor))
        })
    })
    .await
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineActor {
    /// author, moderator, product_team, admin or system.
    pub role: String,
    /// Absent for the system.
    pub handle: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineEvent {
    pub from: Option<IdeaStatus>,
    pub to: IdeaStatus,
    pub actor: TimelineActor,
    pub note: String,
    pub reason: Option<String>,
    /// A decision's memo (docs/REVIEW.md): the outcome per review criterion against the bar; never an
    /// evaluator or a single score. Absent when the idea was decided without the review board.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memo: Option<Vec<MemoLine>>,
    pub at: DateTime<Utc>,
}

pub async fn timeline(db: &Db, viewer: Option<&Actor>, id: IdeaId) -> AppResult<Vec<TimelineEvent>> {
    let viewer = viewer.cloned();
    db.run(move |conn| {
        let idea = idea_service::load_visible(conn, &id, viewer.as_ref())?;
        let events = store::events(conn, &idea.id)?;
        let mut memos = review::memos(conn, &idea.id)?;
        let ids: Vec<String> = events.iter().filter_map(|e| e.actor_id.clone()).collect();
        let handles: std::collections::HashMap<String, String> =
            accounts::store::authors(conn, &ids)?.into_iter().map(|(id, handle, _)| (id, handle)).collect();
        Ok(events
            .iter()
            .map(|e| {
                let memo = memos.remove(&e.id);
                TimelineEvent {
                    from: e.from_status,
                    to: e.to_status,
                    actor: TimelineActor {
                        role: e.actor_role.clone(),
                        // The board decided: no name (docs/REVIEW.md).
                        handle: if memo.is_some() {
                            None
                        } else {
                            e.actor_id.as_ref().and_then(|a| handles.get(a).cloned())
                        },
                    },
                    note: e.note.clone(),
                    reason: e.reason.clone(),
                    memo,
                    at: clock::to_utc(e.created_at),
                }
            })
            .collect())
    })
    .await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateUpdate {
    pub title: String,
    /// Markdown.
    pub body: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UpdateView {
    pub id: UpdateId,
    pub idea_id: IdeaId,
    pub author: AuthorView,
    pub title: String,
    pub body: String,
    pub body_html: String,
    pub created_at: DateTime<Utc>,
}

fn update_view(row: &UpdateRow, author: AuthorView) -> UpdateView {
    UpdateView {
        id: row.id.clone(),
        idea_id: row.idea_id.clone(),
        author,
        title: row.title.clone(),
        body: row.body.clone(),
        body_html: row.body_html.clone(),
        created_at: clock::to_utc(row.created_at),
    }
}

/// The author tells supporters what happened; every supporter is notified in
/// the same transaction.
pub async fn post_update(db: &Db, actor: &Actor, id: IdeaId, input: CreateUpdate) -> AppResult<UpdateView> {
    actor.ensure_active()?;
    let mut v = Violations::new();
    let title_len = input.title.trim().chars().count();
    if !(3..=120).contains(&title_len) {
        v.add("title", "length", "A title has 3 to 120 characters.");
    }
    let body_len = input.body.trim().chars().count();
    if body_len == 0 {
        v.add("body", "required", "Write what is new.");
    } else if body_len > 10_000 {
        v.add("body", "too_long", "An update has at most 10000 characters.");
    }
    v.finish()?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let idea = idea_service::load_visible(conn, &id, Some(&actor))?;
            if idea.author_id != actor.id {
                return Err(AppError::forbidden(ErrorCode::NotAuthor, "Only the author posts updates on an idea."));
            }
            let now = clock::now();
            let row = UpdateRow {
                id: UpdateId::new(),
                idea_id: idea.id.clone(),
                author_id: UserId::parse(&actor.id).ok_or_else(|| AppError::internal("actor id"))?,
                title: input.title.trim().to_string(),
                body_html: markdown::render(&input.body),
                body: input.body.trim().to_string(),
                created_at: now,
            };
            store::insert_update(conn, &row)?;
            let data = json!({"idea_title": idea.title, "update_title": row.title, "actor": actor.handle});
            notify::notify_supporters(conn, &idea.id, kind::CREATOR_UPDATE, &data, now, Some(&actor.id))?;
            let author = idea_service::author_views(conn, std::slice::from_ref(&actor.id))?
                .remove(&actor.id)
                .unwrap_or_else(AuthorView::unknown);
            Ok(update_view(&row, author))
        })
    })
    .await
}

pub async fn updates(db: &Db, viewer: Option<&Actor>, id: IdeaId) -> AppResult<Vec<UpdateView>> {
    let viewer = viewer.cloned();
    db.run(move |conn| {
        let idea = idea_service::load_visible(conn, &id, viewer.as_ref())?;
        let author = idea_service::author_views(conn, &[idea.author_id.to_string()])?
            .remove(idea.author_id.as_str())
            .unwrap_or_else(AuthorView::unknown);
        Ok(store::updates(conn, &idea.id)?.iter().map(|u| update_view(u, author.clone())).collect())
    })
    .await
}

/// The roadmap's columns, in order.
pub const ROADMAP: [IdeaStatus; 5] = [
    IdeaStatus::InReview,
    IdeaStatus::Approved,
    IdeaStatus::InDevelopment,
    IdeaStatus::InProduction,
    IdeaStatus::OnShelf,
];

#[derive(Debug, Serialize, ToSchema)]
pub struct RoadmapColumn {
    pub status: IdeaStatus,
    pub ideas: Vec<IdeaView>,
}

/// Ideas by state from review to the shelf, most recently moved first.
pub async fn roadmap(db: &Db, viewer: Option<&Actor>) -> AppResult<Vec<RoadmapColumn>> {
    let viewer = viewer.cloned();
    db.run(move |conn| {
        let mut columns = Vec::new();
        for status in ROADMAP {
            let rows = idea_store::by_status_recent(conn, status.as_str(), 50)?;
            columns.push(RoadmapColumn { status, ideas: idea_service::views(conn, &rows, viewer.as_ref())? });
        }
        Ok(columns)
    })
    .await
}

/// Expires every idea whose tier deadline passed before `as_of`. Safe to run on
/// several instances at once: each idea is moved by one conditional UPDATE,
/// and only the call that moved it writes the event and the notifications.
pub async fn expire_due(db: &Db, as_of: NaiveDateTime) -> AppResult<usize> {
    let mut expired = 0;
    loop {
        let due = db.run(move |conn| Ok(store::due_for_expiry(conn, as_of, 200)?)).await?;
        if due.is_empty() {
            break;
        }
        let batch = due.len();
        let mut moved_in_batch = 0;
        for id in due {
            let moved = db
                .run(move |conn| {
                    write_tx(conn, |conn| {
                        let Some(idea) = idea_store::by_id(conn, &id)? else { return Ok(false) };
                        if store::expire(conn, &id, as_of)? == 0 {
                            return Ok(false);
                        }
                        idea_store::insert_event(
                            conn,
                            &EventRow {
                                id: Uuid::now_v7().to_string(),
                                idea_id: id.clone(),
                                from_status: Some(IdeaStatus::GatheringSupport),
                                to_status: IdeaStatus::Expired,
                                actor_id: None,
                                actor_role: Mover::System.as_str().to_string(),
                                note: String::new(),
                                reason: Some("deadline_passed".into()),
                                created_at: as_of,
                            },
                        )?;
                        let data = json!({"idea_title": idea.title, "from": "gathering_support", "to": "expired",
                                          "actor_role": "system", "reason": "deadline_passed"});
                        notify::notify(conn, &idea.author_id, kind::STATUS_CHANGED, Some(&id), &data, as_of)?;
                        notify::notify_supporters(conn, &id, kind::STATUS_CHANGED, &data, as_of, None)?;
                        Ok::<bool, AppError>(true)
                    })
                })
                .await?;
            if moved {
                expired += 1;
                moved_in_batch += 1;
            }
        }
        if batch < 200 || moved_in_batch == 0 {
            break;
        }
    }
    Ok(expired)
}

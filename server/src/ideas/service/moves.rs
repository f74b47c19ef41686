//! An idea's moves through its states, applied in the caller's transaction:
//! the status (only if it is still where the caller saw it), the timeline
//! event, the tier clock, the notifications, the audit entry for staff and
//! the points. Who may make which move is the tracker's table
//! (`tracker::rules::judge`), asked by the callers before they move an idea
//! (`tracker::service::transition`, moderation); the system's moves (the
//! submission, the final tier's move to review) are made here.

use chrono::NaiveDateTime;
use serde_json::json;
use uuid::Uuid;

use crate::accounts::{self, Actor};
use crate::audit;
use crate::challenges::store::{self as challenge_store, ChallengeRow};
use crate::db::DbConn;
use crate::error::ErrorCode;
use crate::error::{AppError, AppResult};
use crate::ideas::rules::IdeaStatus;
use crate::ideas::store::{self, EventRow, IdeaRow};
use crate::notifications::{kind, store as notify};
use crate::tracker::rules::{default_tiers, Mover, Tier};

/// The tiers an idea climbs: its challenge's, or the open board's default.
pub fn tiers_for(challenge: Option<&ChallengeRow>) -> Vec<Tier> {
    match challenge {
        Some(c) => c.tiers(),
        None => default_tiers(),
    }
}

pub fn challenge_of(conn: &mut DbConn, idea: &IdeaRow) -> AppResult<Option<ChallengeRow>> {
    match &idea.challenge_id {
        Some(id) => Ok(challenge_store::by_id_or_slug(conn, id)?),
        None => Ok(None),
    }
}

/// The first event of every idea: its submission.
pub(super) fn record_submission(
    conn: &mut DbConn,
    idea_id: &str,
    status: IdeaStatus,
    author_id: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    store::insert_event(
        conn,
        &EventRow {
            id: Uuid::now_v7().to_string(),
            idea_id: idea_id.to_string(),
            from_status: None,
            to_status: status,
            actor_id: Some(author_id.to_string()),
            actor_role: Mover::Author.as_str().to_string(),
            note: String::new(),
            reason: None,
            created_at: now,
        },
    )?;
    Ok(())
}

/// An idea's webhook data (docs/WEBHOOKS.md): ids, title, status and the author's public handle.
pub(super) fn hook_data(id: &str, title: &str, status: IdeaStatus, author: &str) -> serde_json::Value {
    json!({"idea_id": id, "title": title, "status": status.as_str(), "author": author})
}

/// A published idea pays its author +10, once.
pub(super) fn pay_publication(
    conn: &mut DbConn,
    idea_id: &str,
    author_id: &str,
    challenge_id: Option<&str>,
    now: NaiveDateTime,
) -> AppResult<()> {
    use crate::points::rules::Rule;
    use crate::points::service::Award;
    let award = Award::new(author_id, Rule::IdeaPublished, "idea", idea_id).about(idea_id, challenge_id);
    crate::points::service::award(conn, &[award], now)?;
    Ok(())
}

/// A move the caller has already judged legal, applied in the caller's
/// transaction: the status (only if still `from`), the event, the side
/// effects, the notifications and, for staff, the audit entry.
#[allow(clippy::too_many_arguments)]
pub fn apply_move(
    conn: &mut DbConn,
    idea: &IdeaRow,
    to: IdeaStatus,
    mover: Mover,
    actor: Option<&Actor>,
    note: &str,
    reason: Option<&str>,
    now: NaiveDateTime,
) -> AppResult<()> {
    apply_move_with(conn, idea, to, mover, actor, note, reason, now, None).map(|_| ())
}

/// `apply_move` with more for the notifications' data (`extra`'s keys are added: a decision's memo), and
/// the timeline event's id returned (a decision memo is stored under it).
#[allow(clippy::too_many_arguments)]
pub fn apply_move_with(
    conn: &mut DbConn,
    idea: &IdeaRow,
    to: IdeaStatus,
    mover: Mover,
    actor: Option<&Actor>,
    note: &str,
    reason: Option<&str>,
    now: NaiveDateTime,
    extra: Option<&serde_json::Value>,
) -> AppResult<String> {
    let from = idea.status;
    let note_opt = Some(note).filter(|n| !n.is_empty());
    if store::set_status(conn, &idea.id, from, to, now, reason, note_opt)? == 0 {
        return Err(AppError::conflict(
            ErrorCode::StateChanged,
            "The idea changed state meanwhile; reload and try again.",
        ));
    }
    let event_id = Uuid::now_v7().to_string();
    store::insert_event(
        conn,
        &EventRow {
            id: event_id.clone(),
            idea_id: idea.id.to_string(),
            from_status: Some(from),
            to_status: to,
            actor_id: actor.map(|a| a.id.clone()),
            actor_role: mover.as_str().to_string(),
            note: note.to_string(),
            reason: reason.map(str::to_string),
            created_at: now,
        },
    )?;
    crate::webhooks::emit(
        conn,
        crate::webhooks::Event::IdeaStatusChanged,
        &json!({"idea_id": idea.id, "title": idea.title, "from": from.as_str(), "to": to.as_str(), "actor_role": mover.as_str()}),
    )?;
    if (from, to) == (IdeaStatus::Pending, IdeaStatus::GatheringSupport) {
        crate::webhooks::emit(
            conn,
            crate::webhooks::Event::IdeaPublished,
            &json!({"idea_id": idea.id, "title": idea.title, "status": to.as_str()}),
        )?;
    }
    if to == IdeaStatus::GatheringSupport {
        // Published, restored or given another chance: the first tier's clock starts now.
        let challenge = challenge_of(conn, idea)?;
        let tiers = tiers_for(challenge.as_ref());
        let tier = usize::try_from(idea.tier).unwrap_or(0).min(tiers.len().saturating_sub(1));
        let deadline = tiers.get(tier).map(|t| now + chrono::Duration::days(i64::from(t.days)));
        store::set_tier(conn, &idea.id, i32::try_from(tier).unwrap_or(0), deadline)?;
    }
    if to == IdeaStatus::InReview {
        // The review board: evaluators by round robin (docs/REVIEW.md), in the move's transaction.
        crate::review::service::assign_round_robin(conn, idea, now)?;
    }
    let mut data = json!({
        "idea_title": idea.title,
        "from": from.as_str(),
        "to": to.as_str(),
        "actor": actor.map(|a| a.handle.clone()),
        "actor_role": mover.as_str(),
        "note": note,
        "reason": reason,
    });
    if let (Some(obj), Some(serde_json::Value::Object(more))) = (data.as_object_mut(), extra) {
        obj.extend(more.clone());
    }
    let moderation = matches!((from, to), (IdeaStatus::Pending, _) | (_, IdeaStatus::Rejected));
    let author_kind = if moderation { kind::MODERATION } else { kind::STATUS_CHANGED };
    if actor.map(|a| a.id.as_str()) != Some(idea.author_id.as_str()) {
        notify::notify(conn, &idea.author_id, author_kind, Some(&idea.id), &data, now)?;
    }
    if !moderation {
        notify::notify_supporters(conn, &idea.id, kind::STATUS_CHANGED, &data, now, actor.map(|a| a.id.as_str()))?;
    }
    if let Some(a) = actor.filter(|a| a.role != accounts::Role::Member) {
        audit::record(
            conn,
            a,
            "idea.transition",
            "idea",
            &idea.id,
            reason,
            json!({"from": from.as_str(), "to": to.as_str(), "note": note}),
        )?;
    }
    pay_for_move(conn, idea, from, to, now)?;
    Ok(event_id)
}

/// The points and badges a move earns the author, in the move's transaction:
/// publication out of pre-moderation (+10), approval (+200), the shelf
/// (+1000), each once per idea; and the badges for ideas in review or on the shelf.
fn pay_for_move(
    conn: &mut DbConn,
    idea: &IdeaRow,
    from: IdeaStatus,
    to: IdeaStatus,
    now: NaiveDateTime,
) -> AppResult<()> {
    use crate::points::rules::{Event, Reason, Rule};
    use crate::points::service::Award;
    let challenge = idea.challenge_id.as_deref();
    let rule = match to {
        IdeaStatus::GatheringSupport if from == IdeaStatus::Pending => Some(Rule::IdeaPublished),
        IdeaStatus::Approved => Some(Rule::IdeaApproved),
        IdeaStatus::OnShelf => Some(Rule::IdeaOnShelf),
        _ => None,
    };
    if let Some(rule) = rule {
        crate::points::service::award(
            conn,
            &[Award::new(&idea.author_id, rule, "idea", &idea.id).about(&idea.id, challenge)],
            now,
        )?;
    }
    // A moderator rejecting a published idea takes back what it earned; publishing it again pays it back.
    if to == IdeaStatus::Rejected && from != IdeaStatus::Pending {
        crate::points::service::reverse_subject(conn, &idea.author_id, &idea.id, Reason::Moderation, now)?;
    } else if to == IdeaStatus::GatheringSupport && from == IdeaStatus::Pending {
        crate::points::service::reinstate_subject(conn, &idea.author_id, &idea.id, Reason::Moderation, now)?;
    }
    crate::points::badges::on_event(conn, &idea.author_id, Event::IdeaMoved, None, now)?;
    Ok(())
}

/// The system's move after the support that reached the final tier, in that
/// support's transaction.
pub(super) fn send_to_review(conn: &mut DbConn, idea_id: &str, now: NaiveDateTime) -> AppResult<()> {
    let idea = store::by_id(conn, idea_id)?.ok_or_else(|| AppError::not_found("Idea"))?;
    apply_move(conn, &idea, IdeaStatus::InReview, Mover::System, None, "", Some("threshold_reached"), now)
}

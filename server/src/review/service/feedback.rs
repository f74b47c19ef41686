//! Private feedback for creators: any verified member but the author gives an idea four scores and a note,
//! once (changeable); only the author reads it, as aggregates and notes without names; a moderator hides
//! an abusive note (audited). The author hears of new feedback in a digest: at most one notification per
//! idea a day, whose count later feedback raises (a rule at write time, `rules::same_digest`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::accounts::Actor;
use crate::audit;
use crate::clock;
use crate::db::{write_tx, Db};
use crate::error::{AppError, AppResult, ErrorCode, Violations};
use crate::ideas::service as idea_service;
use crate::ids::IdeaId;
use crate::markdown;
use crate::notifications::{kind, store as notify};
use crate::review::rules::{self, FeedbackStat};
use crate::review::store::{self, FeedbackRow};

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct FeedbackInput {
    /// 1 to 5.
    pub originality: i32,
    /// Execution (technique), 1 to 5.
    pub execution: i32,
    /// Detail, 1 to 5.
    pub detail: i32,
    /// Presentation, 1 to 5.
    pub presentation: i32,
    /// Markdown, at most 2000 characters; only the author reads it, without your name.
    #[serde(default)]
    pub note: String,
}

/// The feedback a member gave (to that member only).
#[derive(Debug, Serialize, ToSchema)]
pub struct MyFeedback {
    pub id: String,
    pub originality: i32,
    pub execution: i32,
    pub detail: i32,
    pub presentation: i32,
    pub note: String,
    /// A moderator hid the note.
    pub note_hidden: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn mine(row: &FeedbackRow) -> MyFeedback {
    MyFeedback {
        id: row.id.clone(),
        originality: row.originality,
        execution: row.execution,
        detail: row.detail,
        presentation: row.presentation,
        note: row.note.clone(),
        note_hidden: row.note_hidden_at.is_some(),
        created_at: clock::to_utc(row.created_at),
        updated_at: clock::to_utc(row.updated_at),
    }
}

/// A note in the author's summary: no name, no scores beside it.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackNote {
    /// What a moderator needs to hide it (POST /api/v1/feedback/{id}/hide).
    pub id: String,
    pub note: String,
    pub note_html: String,
    pub at: DateTime<Utc>,
}

/// What the author reads: per criterion the count and the mean, and the notes (newest first), never who.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackSummary {
    pub count: i64,
    pub criteria: Vec<FeedbackStat>,
    pub notes: Vec<FeedbackNote>,
}

fn check(input: &FeedbackInput) -> AppResult<()> {
    let mut v = Violations::new();
    for (name, score) in
        rules::FEEDBACK_CRITERIA.iter().zip([input.originality, input.execution, input.detail, input.presentation])
    {
        if !rules::score_ok(score) {
            v.add(name, "range", "A score is 1 to 5.");
        }
    }
    if input.note.trim().chars().count() > rules::NOTE_MAX {
        v.add("note", "too_long", "A note has at most 2000 characters.");
    }
    v.finish()
}

/// Gives or changes the member's feedback; true when it is new.
pub async fn give(db: &Db, actor: &Actor, id: IdeaId, input: FeedbackInput) -> AppResult<(bool, MyFeedback)> {
    actor.ensure_contributor()?;
    check(&input)?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let idea = idea_service::load_visible(conn, &id, Some(&actor))?;
            if idea.author_id == actor.id {
                return Err(AppError::forbidden(ErrorCode::OwnIdea, "Feedback is for other members' ideas."));
            }
            let now = clock::now();
            let note = input.note.trim().to_string();
            let previous = store::feedback_by(conn, &idea.id, &actor.id)?;
            let created = previous.is_none();
            let row = FeedbackRow {
                id: previous.as_ref().map(|p| p.id.clone()).unwrap_or_else(|| Uuid::now_v7().to_string()),
                idea_id: idea.id.to_string(),
                user_id: actor.id.clone(),
                originality: input.originality,
                execution: input.execution,
                detail: input.detail,
                presentation: input.presentation,
                note_html: if note.is_empty() { String::new() } else { markdown::render(&note) },
                note,
                note_hidden_at: previous.as_ref().and_then(|p| p.note_hidden_at),
                created_at: previous.as_ref().map(|p| p.created_at).unwrap_or(now),
                updated_at: now,
            };
            if created {
                store::insert_feedback(conn, &row)?;
                // The digest: one notification per idea a day; later feedback raises its count.
                let last = store::last_notification(conn, &idea.author_id, &idea.id, kind::FEEDBACK)?;
                match last.filter(|(_, at, _)| rules::same_digest(*at, now)) {
                    Some((nid, _, data)) => {
                        let old: serde_json::Value = serde_json::from_str(&data).unwrap_or_default();
                        let count = old["count"].as_i64().unwrap_or(1) + 1;
                        store::refresh_notification(conn, nid, &json!({"idea_title": idea.title, "count": count}))?;
                    }
                    None => {
                        let data = json!({"idea_title": idea.title, "count": 1});
                        notify::notify(conn, &idea.author_id, kind::FEEDBACK, Some(&idea.id), &data, now)?;
                    }
                }
            } else {
                store::update_feedback(conn, &row)?;
            }
            Ok((created, mine(&row)))
        })
    })
    .await
}

/// The member's own feedback on an idea, if any (the pages' form).
pub async fn own(db: &Db, actor: &Actor, id: IdeaId) -> AppResult<Option<MyFeedback>> {
    let actor = actor.clone();
    db.run(move |conn| {
        let idea = idea_service::load_visible(conn, &id, Some(&actor))?;
        Ok(store::feedback_by(conn, &idea.id, &actor.id)?.as_ref().map(mine))
    })
    .await
}

/// The author's summary. Everyone else, staff included, is refused (403 `not_author`): feedback is the
/// creator's private mirror, not a staff tool.
pub async fn summary(db: &Db, actor: &Actor, id: IdeaId) -> AppResult<FeedbackSummary> {
    let actor = actor.clone();
    db.run(move |conn| {
        let idea = idea_service::load_visible(conn, &id, Some(&actor))?;
        if idea.author_id != actor.id {
            return Err(AppError::forbidden(ErrorCode::NotAuthor, "Only the author reads the feedback on an idea."));
        }
        let rows = store::feedback_for(conn, &idea.id)?;
        let scores: Vec<[i32; 4]> = rows.iter().map(FeedbackRow::scores).collect();
        let mut notes: Vec<FeedbackNote> = rows
            .iter()
            .filter(|r| r.note_hidden_at.is_none() && !r.note.is_empty())
            .map(|r| FeedbackNote {
                id: r.id.clone(),
                note: r.note.clone(),
                note_html: r.note_html.clone(),
                at: clock::to_utc(r.updated_at),
            })
            .collect();
        notes.reverse();
        Ok(FeedbackSummary { count: rows.len() as i64, criteria: rules::feedback_stats(&scores), notes })
    })
    .await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct HideInput {
    /// Why the note is hidden (in the audit log).
    pub reason: String,
}

/// A moderator hides an abusive note (the scores stay in the aggregates); audited.
pub async fn hide(db: &Db, actor: &Actor, feedback_id: String, input: HideInput) -> AppResult<()> {
    if !actor.role.can_moderate() {
        return Err(AppError::forbidden(ErrorCode::ModeratorsOnly, "Only moderators hide feedback notes."));
    }
    let reason = input.reason.trim().to_string();
    let mut v = Violations::new();
    if reason.is_empty() {
        v.add("reason", "required", "Say why the note is hidden.");
    } else if reason.chars().count() > 500 {
        v.add("reason", "too_long", "A reason has at most 500 characters.");
    }
    v.finish()?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let row = store::feedback_by_id(conn, &feedback_id)?.ok_or_else(|| AppError::not_found("Feedback"))?;
            if store::hide_note(conn, &row.id, clock::now())? > 0 {
                audit::record(
                    conn,
                    &actor,
                    "feedback.hide",
                    "feedback",
                    &row.id,
                    Some(&reason),
                    json!({"idea": row.idea_id}),
                )?;
            }
            Ok(())
        })
    })
    .await
}

//! Submitting an idea and editing it (text and tags).

use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::moves::{pay_publication, record_submission, tiers_for};
use super::views::{load_visible, view_one, IdeaView};
use crate::accounts::Actor;
use crate::challenges::rules::Phase;
use crate::challenges::store as challenge_store;
use crate::clock;
use crate::db::{write_tx, Db};
use crate::error::ErrorCode;
use crate::error::{AppError, AppResult, Violations};
use crate::ideas::rules::{self, IdeaStatus};
use crate::ideas::store::{self, IdeaChanges, NewIdea};
use crate::ids::IdeaId;
use crate::images::{self, rules::Subject};
use crate::markdown;
use crate::tracker::rules::first_deadline;

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateIdea {
    /// Challenge id or slug; absent for the open board.
    pub challenge_id: Option<String>,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// Markdown.
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Uploaded pictures (`POST /images`) by id, at most 8; the first is the cover. Each needs alt text.
    #[serde(default)]
    pub images: Vec<String>,
}

#[derive(Debug, Deserialize, Default, ToSchema)]
pub struct UpdateIdea {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub body: Option<String>,
    pub tags: Option<Vec<String>>,
    /// The pictures, replacing the list (ids of your uploads, the first is the cover; `[]` removes them all).
    pub images: Option<Vec<String>>,
}

pub async fn create(db: &Db, actor: &Actor, input: CreateIdea) -> AppResult<IdeaView> {
    actor.ensure_contributor()?;
    let mut v = Violations::new();
    rules::check_title(&mut v, &input.title);
    rules::check_summary(&mut v, &input.summary);
    rules::check_body(&mut v, &input.body);
    let tags = rules::normalize_tags(&mut v, &input.tags);
    v.finish()?;
    let actor = actor.clone();
    let body_html = markdown::render(&input.body);
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let challenge = match input.challenge_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => None,
                Some(key) => Some(
                    challenge_store::by_id_or_slug(conn, key)?
                        .ok_or_else(|| AppError::field("challenge_id", "unknown", "There is no such challenge."))?,
                ),
            };
            let now = clock::now();
            if let Some(c) = &challenge {
                match crate::challenges::rules::phase(c.opens_at, c.closes_at, now) {
                    Phase::Open => {}
                    Phase::Upcoming => {
                        return Err(AppError::conflict(
                            ErrorCode::ChallengeNotOpen,
                            "This challenge has not opened yet.",
                        ))
                    }
                    Phase::Closed => {
                        return Err(AppError::conflict(
                            ErrorCode::ChallengeClosed,
                            "This challenge is closed and takes no new ideas.",
                        ))
                    }
                }
            }
            let premoderated = challenge.as_ref().is_some_and(|c| c.premoderation);
            let status = if premoderated { IdeaStatus::Pending } else { IdeaStatus::GatheringSupport };
            let deadline = if premoderated { None } else { first_deadline(&tiers_for(challenge.as_ref()), now) };
            let row = NewIdea {
                id: Uuid::now_v7().to_string(),
                challenge_id: challenge.map(|c| c.id.to_string()),
                author_id: actor.id.clone(),
                title: input.title.trim().to_string(),
                summary: input.summary.trim().to_string(),
                body: input.body,
                body_html,
                status,
                supports_count: 0,
                comments_count: 0,
                trend_score: rules::trend_term(now.and_utc().timestamp()),
                created_at: now,
                updated_at: now,
                tier: 0,
                tier_deadline: deadline,
                status_changed_at: Some(now),
            };
            store::insert(conn, &row, &tags)?;
            if !input.images.is_empty() {
                images::service::attach(conn, &actor.id, Subject::Idea, &row.id, "images", &input.images)?;
            }
            record_submission(conn, &row.id, status, &actor.id, now)?;
            crate::webhooks::emit(
                conn,
                crate::webhooks::Event::IdeaCreated,
                &super::moves::hook_data(&row.id, &row.title, status, &actor.handle),
            )?;
            if status == IdeaStatus::GatheringSupport {
                pay_publication(conn, &row.id, &row.author_id, row.challenge_id.as_deref(), now)?;
                crate::webhooks::emit(
                    conn,
                    crate::webhooks::Event::IdeaPublished,
                    &super::moves::hook_data(&row.id, &row.title, status, &actor.handle),
                )?;
            }
            let saved = store::by_id(conn, &row.id)?.ok_or_else(|| AppError::internal("idea vanished"))?;
            view_one(conn, &saved, Some(&actor))
        })
    })
    .await
}

pub async fn update(db: &Db, actor: &Actor, id: IdeaId, input: UpdateIdea) -> AppResult<IdeaView> {
    actor.ensure_active()?;
    let mut v = Violations::new();
    if let Some(t) = &input.title {
        rules::check_title(&mut v, t);
    }
    if let Some(s) = &input.summary {
        rules::check_summary(&mut v, s);
    }
    if let Some(b) = &input.body {
        rules::check_body(&mut v, b);
    }
    let tags = input.tags.as_ref().map(|t| rules::normalize_tags(&mut v, t));
    v.finish()?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let row = load_visible(conn, &id, Some(&actor))?;
            let is_author = row.author_id == actor.id;
            if !is_author && !actor.role.can_moderate() {
                return Err(AppError::forbidden(ErrorCode::NotAuthor, "Only the author edits an idea."));
            }
            let status = row.status;
            if is_author && !rules::editable(status, row.supports_count) {
                return Err(AppError::conflict(
                    ErrorCode::EditLocked,
                    format!(
                        "This idea is locked for edits: it has {} supports or has left the support phase.",
                        row.supports_count
                    ),
                ));
            }
            let changes = IdeaChanges {
                title: input.title.map(|t| t.trim().to_string()),
                summary: input.summary.map(|s| s.trim().to_string()),
                body_html: input.body.as_deref().map(markdown::render),
                body: input.body,
                updated_at: Some(clock::now()),
            };
            store::update(conn, &row.id, &changes)?;
            if let Some(tags) = &tags {
                store::replace_tags(conn, &row.id, tags)?;
            }
            if let Some(list) = &input.images {
                // The author's own pictures: a moderator editing the idea may reorder or remove them, not add theirs.
                images::service::attach(conn, &row.author_id, Subject::Idea, &row.id, "images", list)?;
            }
            let saved = store::by_id(conn, &row.id)?.ok_or_else(|| AppError::not_found("Idea"))?;
            view_one(conn, &saved, Some(&actor))
        })
    })
    .await
}

//! Helpful votes on reviews.

use crate::ids::ReviewId;
use serde::Serialize;
use utoipa::ToSchema;

use crate::accounts::Actor;
use crate::clock;
use crate::db::{write_tx, Db};
use crate::error::ErrorCode;
use crate::error::{AppError, AppResult};
use crate::products::store;

#[derive(Debug, Serialize, ToSchema)]
pub struct HelpfulResult {
    pub helpful: bool,
    pub helpful_count: i32,
}

/// Marks (or unmarks) a review as helpful: once per member, never one's own.
pub async fn review_helpful(db: &Db, actor: &Actor, id: ReviewId, on: bool) -> AppResult<HelpfulResult> {
    // Unmarking only takes back one's own vote: a suspended member may (docs/ACCOUNTS.md).
    if on {
        actor.ensure_active()?;
    }
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let r = store::rating_by_id(conn, &id)?
                .filter(|r| r.hidden_at.is_none() && !r.body.is_empty())
                .ok_or_else(|| AppError::not_found("Review"))?;
            if r.user_id == actor.id {
                return Err(AppError::forbidden(ErrorCode::OwnContent, "You cannot mark your own review as helpful."));
            }
            if on {
                store::add_helpful(conn, &id, &actor.id, clock::now())?;
            } else {
                store::remove_helpful(conn, &id, &actor.id)?;
            }
            Ok(HelpfulResult { helpful: on, helpful_count: store::helpful_count(conn, &id)? })
        })
    })
    .await
}

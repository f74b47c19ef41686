//! Staff picks: the product team marks an idea with a short public note (a badge on its cards, the note on
//! its page, a filter in the lists); the author is notified; both marking and unmarking are audited.

use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use super::views::{load_visible, view_one, IdeaView};
use crate::accounts::Actor;
use crate::clock;
use crate::db::{write_tx, Db};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::ideas::rules;
use crate::ideas::store::{self, PickRow};
use crate::ids::IdeaId;
use crate::notifications::{kind, store as notify};

#[derive(Debug, Deserialize, ToSchema)]
pub struct PickInput {
    /// The public note shown on the idea's page (1 to 280 characters).
    pub note: String,
}

/// The product team and admins (a suspended one acts as a member, so is refused too).
fn ensure_team(actor: &Actor) -> AppResult<()> {
    if actor.role.can_manage_challenges() {
        Ok(())
    } else {
        Err(AppError::forbidden(ErrorCode::ProductTeamOnly, "Only the product team and admins pick ideas."))
    }
}

/// Marks a public idea as a staff pick (or changes its note). The author hears of a new pick.
pub async fn pick(db: &Db, actor: &Actor, id: IdeaId, input: PickInput) -> AppResult<IdeaView> {
    ensure_team(actor)?;
    let mut v = crate::error::Violations::new();
    let note = rules::check_pick_note(&mut v, &input.note);
    v.finish()?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let idea = load_visible(conn, &id, Some(&actor))?;
            if !idea.status.is_public() || idea.hidden_at.is_some() {
                return Err(AppError::conflict(
                    ErrorCode::PickNotPublic,
                    "Only a published idea that members can see may be a staff pick.",
                ));
            }
            let now = clock::now();
            let row = PickRow {
                idea_id: idea.id.to_string(),
                note: note.clone(),
                picked_by: Some(actor.id.clone()),
                picked_at: now,
            };
            let new = store::upsert_pick(conn, &row)?;
            if new && idea.author_id.as_str() != actor.id {
                let data = json!({"idea_title": idea.title, "note": note});
                notify::notify(conn, idea.author_id.as_str(), kind::STAFF_PICK, Some(idea.id.as_str()), &data, now)?;
            }
            crate::audit::record(
                conn,
                &actor,
                if new { "idea.staff_pick" } else { "idea.staff_pick_note" },
                "idea",
                idea.id.as_str(),
                None,
                json!({"note": note}),
            )?;
            view_one(conn, &idea, Some(&actor))
        })
    })
    .await
}

/// Takes the pick back (idempotent: an idea that is no pick stays none, and nothing is audited).
pub async fn unpick(db: &Db, actor: &Actor, id: IdeaId) -> AppResult<IdeaView> {
    ensure_team(actor)?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let idea = load_visible(conn, &id, Some(&actor))?;
            if store::delete_pick(conn, idea.id.as_str())? > 0 {
                crate::audit::record(conn, &actor, "idea.staff_unpick", "idea", idea.id.as_str(), None, json!({}))?;
            }
            view_one(conn, &idea, Some(&actor))
        })
    })
    .await
}

//! The staff's forms on the idea page: a move on the tracker, merging into
//! another idea and undoing a merge (these two carry supports and comments
//! over, which a plain move would not).

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use serde_json::json;

use super::{first_message, render_idea, IdeaPage};
use crate::error::{AppError, AppResult};
use crate::moderation::service::{self as moderation, MergeInput};
use crate::pages::extract::SignedForm;
use crate::pages::forms::{self, FormKind};
use crate::pages::session::opt;
use crate::tracker::service::{self as tracker, TransitionInput};

/// POST /ideas/{id}/transition: `to`, `note`, `reason`, `product`.
pub async fn transition(SignedForm { ctx, actor, form, page, .. }: &SignedForm<IdeaPage>) -> AppResult<HttpResponse> {
    let id = page.id.clone();
    let here = format!("/ideas/{id}");
    let input = TransitionInput {
        to: form.text("to"),
        note: form.text("note"),
        reason: opt(form, "reason"),
        product: opt(form, "product"),
        override_evaluations: form.text("override_evaluations") == "on",
    };
    let mut sent = json!({"to": input.to, "note": input.note, "reason": input.reason, "product": input.product});
    match tracker::transition(&ctx.state.db, actor, id.clone(), input).await {
        Ok(_) => {
            ctx.flash("flash-moved");
            Ok(ctx.redirect(&format!("{here}#timeline")))
        }
        // A field of the form: back to it, with the message at the field.
        Err(AppError::Validation(errors)) if errors.iter().any(|e| e.field != "to") => {
            sent["errors"] = forms::errors_json(ctx.lang, FormKind::Move, &errors);
            render_idea(ctx, id, None, json!({"move": sent}), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        // No such move (any more): someone else moved it, or a hand-made post.
        Err(AppError::Validation(_)) => {
            ctx.flash("flash-err-move");
            Ok(ctx.redirect(&format!("{here}#staff")))
        }
        Err(e @ AppError::Conflict { .. }) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&format!("{here}#staff")))
        }
        Err(e @ AppError::Forbidden { .. }) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&here))
        }
        Err(e) => Err(e),
    }
}

/// A pasted link to an idea, or its id: the id.
pub fn idea_ref(input: &str) -> String {
    let input = input.trim();
    let path = input.split(['?', '#']).next().unwrap_or(input).trim_end_matches('/');
    path.rsplit('/').next().unwrap_or(path).to_string()
}

/// POST /ideas/{id}/merge: `into` (an id or a link), `note` (moderators).
pub async fn merge(SignedForm { ctx, actor, form, page, .. }: &SignedForm<IdeaPage>) -> AppResult<HttpResponse> {
    let id = page.id.clone();
    let here = format!("/ideas/{id}");
    let into = form.text("into");
    let note = form.text("note");
    let input = MergeInput { into: idea_ref(&into), note: note.clone() };
    match moderation::merge(&ctx.state.db, actor, id.clone(), input).await {
        Ok(_) => {
            ctx.flash("flash-merged");
            Ok(ctx.redirect(&here))
        }
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Move, &errors);
            let sent = json!({"into": into, "note": note, "error": first_message(&errors, "into")});
            render_idea(ctx, id, None, json!({"merge": sent}), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e @ AppError::Conflict { .. }) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&format!("{here}#staff")))
        }
        Err(e @ AppError::Forbidden { .. }) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&here))
        }
        Err(e) => Err(e),
    }
}

/// POST /ideas/{id}/unmerge (moderators).
pub async fn unmerge(SignedForm { ctx, actor, page, .. }: &SignedForm<IdeaPage>) -> AppResult<HttpResponse> {
    let id = page.id.clone();
    let here = format!("/ideas/{id}");
    match moderation::unmerge(&ctx.state.db, actor, id).await {
        Ok(_) => ctx.flash("flash-unmerged"),
        Err(e @ AppError::Conflict { .. }) => ctx.flash_refusal(&e),
        Err(e @ AppError::Forbidden { .. }) => ctx.flash_refusal(&e),
        Err(e) => return Err(e),
    }
    Ok(ctx.redirect(&here))
}

/// POST /ideas/{id}/staff-pick: `note` (product team, admins): marks the idea or changes its note.
pub async fn staff_pick(SignedForm { ctx, actor, form, page, .. }: &SignedForm<IdeaPage>) -> AppResult<HttpResponse> {
    let id = page.id.clone();
    let here = format!("/ideas/{id}");
    let note = form.text("note");
    match crate::ideas::service::pick(
        &ctx.state.db,
        actor,
        id.clone(),
        crate::ideas::service::PickInput { note: note.clone() },
    )
    .await
    {
        Ok(_) => {
            ctx.flash("flash-picked");
            Ok(ctx.redirect(&here))
        }
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Pick, &errors);
            let sent = json!({"note": note, "error": first_message(&errors, "note")});
            render_idea(ctx, id, None, json!({"pick": sent}), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e @ (AppError::Conflict { .. } | AppError::Forbidden { .. })) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&here))
        }
        Err(e) => Err(e),
    }
}

/// POST /ideas/{id}/staff-pick/delete (product team, admins).
pub async fn staff_unpick(SignedForm { ctx, actor, page, .. }: &SignedForm<IdeaPage>) -> AppResult<HttpResponse> {
    let here = format!("/ideas/{}", page.id);
    match crate::ideas::service::unpick(&ctx.state.db, actor, page.id.clone()).await {
        Ok(_) => {
            ctx.flash("flash-unpicked");
            Ok(ctx.redirect(&here))
        }
        Err(e @ AppError::Forbidden { .. }) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&here))
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idea_links_become_ids() {
        let id = "0190f000-0000-7000-8000-000000000000";
        assert_eq!(idea_ref(id), id);
        assert_eq!(idea_ref(&format!(" https://ideas.example/ideas/{id}?comments=x#support ")), id);
        assert_eq!(idea_ref(&format!("/ideas/{id}/")), id);
    }
}

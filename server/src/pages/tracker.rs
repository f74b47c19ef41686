//! The status tracker on the pages: what the idea page shows of it (timeline,
//! tier progress, creator updates, report forms, the moves the viewer may
//! make), the posts behind those forms, and the public roadmap.
//!
//! What a viewer may do is the domain's rule, asked ahead:
//! `tracker::rules::moves_for(status, Mover::of(role, is_author))`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use fluent_templates::fluent_bundle::FluentValue;
use serde_json::{json, Map, Value};
use uuid::Uuid;

use super::forms::{self, FormKind};
use super::i18n::Lang;
use super::idea::{canonical, percent, render_idea};
use super::session::{FormData, PageCtx};
use crate::challenges::service::ChallengeView;
use crate::error::{AppError, AppResult};
use crate::ideas::rules::IdeaStatus;
use crate::ideas::service::{self as ideas, IdeaView};
use crate::moderation::service::{self as moderation, MergeInput, ReportInput};
use crate::tracker::rules::{default_tiers, moves_for, DeclineReason, Mover};
use crate::tracker::service::{self as tracker, CreateUpdate, TransitionInput};

/// A field's trimmed value, if it has one.
pub(super) fn opt(form: &FormData, name: &str) -> Option<String> {
    form.get(name).map(str::trim).filter(|v| !v.is_empty()).map(String::from)
}

/// A status change's reason as the pages show it: a decline's structured
/// reason and the system's reasons translated, anything else (a rejection's
/// or a moderator's explanation) as written. A merge's reason is the target's
/// id, shown as a link instead.
pub fn reason_text(lang: Lang, to: &str, reason: Option<&str>) -> Option<String> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty())?;
    match (to, reason) {
        ("merged", _) => None,
        ("declined", r) => Some(lang.t_with("decline-reason", &[("reason", FluentValue::from(r.to_string()))])),
        (_, "threshold_reached" | "deadline_passed") => Some(lang.t(&format!("reason-{reason}"))),
        (_, r) => Some(r.to_string()),
    }
}

/// The support tier an idea is working on, while it gathers support.
fn tier_info(idea: &IdeaView, challenge: Option<&ChallengeView>) -> Value {
    let goal = match (idea.status, idea.next_goal) {
        (IdeaStatus::GatheringSupport, Some(goal)) => goal,
        _ => return Value::Null,
    };
    let stages = challenge.map(|c| c.support_tiers.len()).unwrap_or_else(|| default_tiers().len());
    json!({
        "goal": goal,
        "percent": percent(idea.supports, goal),
        "deadline": idea.deadline,
        "stage": idea.tier.saturating_add(1),
        "stages": stages,
        "several": stages > 1,
        "threshold": idea.support_threshold,
    })
}

/// The moves the viewer may make from the idea's state, each a small form.
/// Merging has its own form and undoing a merge its own button: both move
/// supports and comments, which a plain move would not.
fn moves(ctx: &PageCtx, idea: &IdeaView, forms: &Value) -> Vec<Value> {
    let Some(actor) = ctx.actor.as_ref() else { return Vec::new() };
    let Some(mover) = Mover::of(actor.role, actor.handle == idea.author.handle) else { return Vec::new() };
    if idea.status == IdeaStatus::Merged {
        return Vec::new();
    }
    let sent = &forms["move"];
    moves_for(idea.status, mover)
        .into_iter()
        .filter(|to| *to != IdeaStatus::Merged)
        .map(|to| {
            let form = if sent["to"].as_str() == Some(to.as_str()) { sent.clone() } else { Value::Null };
            let chosen = form["reason"].as_str().unwrap_or("");
            let reasons: Vec<Value> = if to == IdeaStatus::Declined {
                DeclineReason::ALL
                    .iter()
                    .map(|r| json!({"code": r.as_str(), "selected": r.as_str() == chosen}))
                    .collect()
            } else {
                Vec::new()
            };
            json!({
                "to": to.as_str(),
                "decline": to == IdeaStatus::Declined,
                "reject": to == IdeaStatus::Rejected,
                "shelf": to == IdeaStatus::OnShelf,
                "reasons": reasons,
                "form": form,
            })
        })
        .collect()
}

/// What the idea page shows of the tracker, merged into the page's data.
pub(super) async fn idea_extras(
    ctx: &PageCtx,
    idea: &IdeaView,
    challenge: Option<&ChallengeView>,
    forms: &Value,
) -> AppResult<Map<String, Value>> {
    let db = &ctx.state.db;
    let viewer = ctx.actor.as_ref();
    let id = idea.id.to_string();
    let events = tracker::timeline(db, viewer, id.clone()).await?;
    let timeline: Vec<Value> = events
        .iter()
        .rev()
        .map(|e| {
            let to = e.to.as_str();
            let merged_into = e
                .reason
                .as_deref()
                .filter(|_| e.to == IdeaStatus::Merged)
                .and_then(|r| Uuid::parse_str(r).ok())
                .map(|u| u.to_string());
            json!({
                "from": e.from.map(IdeaStatus::as_str),
                "to": to,
                "role": e.actor.role,
                "handle": e.actor.handle,
                "note": e.note,
                "reason_text": reason_text(ctx.lang, to, e.reason.as_deref()),
                "merged_into": merged_into,
                "at": e.at,
            })
        })
        .collect();
    let updates = tracker::updates(db, viewer, id.clone()).await?;
    let merged_into = match idea.merged_into.filter(|_| idea.status == IdeaStatus::Merged) {
        Some(target) => match ideas::get(db, viewer, target.to_string()).await {
            Ok(t) => json!({"id": t.id, "title": t.title}),
            // The target is not visible to this viewer (hidden meanwhile).
            Err(AppError::NotFound(_)) => json!({"id": target, "title": null}),
            Err(e) => return Err(e),
        },
        None => Value::Null,
    };
    let is_author = viewer.is_some_and(|a| a.handle == idea.author.handle);
    let moderator = viewer.is_some_and(|a| a.role.can_moderate());
    let mover = viewer.and_then(|a| Mover::of(a.role, is_author));
    let can_merge = moderator && mover.is_some_and(|m| moves_for(idea.status, m).contains(&IdeaStatus::Merged));
    let can_unmerge = moderator && idea.status == IdeaStatus::Merged;
    let moves = moves(ctx, idea, forms);
    let staff = !moves.is_empty() || can_merge || can_unmerge;
    let status = idea.status.as_str();
    let mut out = Map::new();
    out.insert("timeline".into(), Value::Array(timeline));
    out.insert("updates".into(), json!(updates));
    out.insert("is_author".into(), json!(is_author));
    out.insert("can_report".into(), json!(viewer.is_some_and(|a| !a.suspended)));
    out.insert("can_report_idea".into(), json!(viewer.is_some_and(|a| !a.suspended) && !is_author));
    out.insert("tier".into(), tier_info(idea, challenge));
    out.insert("merged_into".into(), merged_into);
    out.insert("status_reason".into(), json!(reason_text(ctx.lang, status, idea.status_reason.as_deref())));
    out.insert("staff".into(), json!(staff));
    out.insert("moves".into(), Value::Array(moves));
    out.insert("can_merge".into(), json!(can_merge));
    out.insert("can_unmerge".into(), json!(can_unmerge));
    out.insert(
        "limits".into(),
        json!({"note_max": forms::NOTE_MAX, "reason_min": forms::REASON_MIN, "reason_max": forms::REASON_MAX,
               "update_title_max": forms::UPDATE_TITLE_MAX, "update_body_max": forms::UPDATE_BODY_MAX}),
    );
    Ok(out)
}

/// What went wrong with one field, for a form with one message.
fn first_message(errors: &Value, preferred: &str) -> Value {
    errors
        .get(preferred)
        .cloned()
        .or_else(|| errors.as_object().and_then(|m| m.values().next().cloned()))
        .unwrap_or(Value::Null)
}

/// POST /ideas/{id}/transition: `to`, `note`, `reason`, `product`.
pub async fn transition(ctx: PageCtx, id: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let result = move_idea(&ctx, id.into_inner(), &body).await;
    ctx.finish(result)
}

async fn move_idea(ctx: &PageCtx, id: String, body: &[u8]) -> AppResult<HttpResponse> {
    let form = ctx.verify_form(body)?;
    let id = canonical(&id)?;
    let here = format!("/ideas/{id}");
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&here)) };
    let input = TransitionInput {
        to: form.text("to"),
        note: form.text("note"),
        reason: opt(&form, "reason"),
        product: opt(&form, "product"),
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
pub async fn merge(ctx: PageCtx, id: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let result = merge_idea(&ctx, id.into_inner(), &body).await;
    ctx.finish(result)
}

async fn merge_idea(ctx: &PageCtx, id: String, body: &[u8]) -> AppResult<HttpResponse> {
    let form = ctx.verify_form(body)?;
    let id = canonical(&id)?;
    let here = format!("/ideas/{id}");
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&here)) };
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
pub async fn unmerge(ctx: PageCtx, id: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let result = unmerge_idea(&ctx, id.into_inner(), &body).await;
    ctx.finish(result)
}

async fn unmerge_idea(ctx: &PageCtx, id: String, body: &[u8]) -> AppResult<HttpResponse> {
    ctx.verify_form(body)?;
    let id = canonical(&id)?;
    let here = format!("/ideas/{id}");
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&here)) };
    match moderation::unmerge(&ctx.state.db, actor, id).await {
        Ok(_) => ctx.flash("flash-unmerged"),
        Err(e @ AppError::Conflict { .. }) => ctx.flash_refusal(&e),
        Err(e @ AppError::Forbidden { .. }) => ctx.flash_refusal(&e),
        Err(e) => return Err(e),
    }
    Ok(ctx.redirect(&here))
}

/// POST /ideas/{id}/updates: `title`, `body` (the author).
pub async fn post_update(ctx: PageCtx, id: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let result = create_update(&ctx, id.into_inner(), &body).await;
    ctx.finish(result)
}

async fn create_update(ctx: &PageCtx, id: String, body: &[u8]) -> AppResult<HttpResponse> {
    let form = ctx.verify_form(body)?;
    let id = canonical(&id)?;
    let here = format!("/ideas/{id}");
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&here)) };
    let input = CreateUpdate { title: form.text("title"), body: form.text("body") };
    let mut sent = json!({"title": input.title, "body": input.body});
    match tracker::post_update(&ctx.state.db, actor, id.clone(), input).await {
        Ok(u) => {
            ctx.flash("flash-update-posted");
            Ok(ctx.redirect(&format!("{here}#update-{}", u.id)))
        }
        Err(AppError::Validation(errors)) => {
            sent["errors"] = forms::errors_json(ctx.lang, FormKind::Update, &errors);
            render_idea(ctx, id, None, json!({"update": sent}), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e @ AppError::Forbidden { .. }) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&format!("{here}#updates")))
        }
        Err(e) => Err(e),
    }
}

/// POST /ideas/{id}/report: `target_type` (idea or comment), `target_id`, `reason`.
pub async fn report(ctx: PageCtx, id: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let result = report_content(&ctx, id.into_inner(), &body).await;
    ctx.finish(result)
}

async fn report_content(ctx: &PageCtx, id: String, body: &[u8]) -> AppResult<HttpResponse> {
    let form = ctx.verify_form(body)?;
    let id = canonical(&id)?;
    let here = format!("/ideas/{id}");
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&here)) };
    let target_type = form.text("target_type");
    let target_id = form.text("target_id");
    let reason = form.text("reason");
    let comment = Uuid::parse_str(target_id.trim()).ok().filter(|_| target_type == "comment");
    let back = match comment {
        Some(c) => format!("{here}#comment-{c}"),
        None => format!("{here}#report"),
    };
    let input = ReportInput { target_type: target_type.clone(), target_id: target_id.clone(), reason: reason.clone() };
    match moderation::report(&ctx.state.db, actor, ctx.state.config.report_threshold, input).await {
        // Hidden by this report: the reporter no longer sees the idea.
        Ok(r) if r.hidden && r.target_type == "idea" && !actor.role.can_moderate() => {
            ctx.flash("flash-reported-hidden");
            Ok(ctx.redirect("/"))
        }
        Ok(r) => {
            ctx.flash(if r.new { "flash-reported" } else { "flash-reported-again" });
            Ok(ctx.redirect(&back))
        }
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Reason, &errors);
            let sent = json!({"target_type": target_type, "target_id": target_id, "reason": reason,
                              "error": first_message(&errors, "reason")});
            render_idea(ctx, id, None, json!({"report": sent}), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e @ AppError::Forbidden { .. }) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&back))
        }
        Err(e) => Err(e),
    }
}

/// GET /roadmap: ideas from review to the shelf, by state.
pub async fn roadmap(ctx: PageCtx) -> HttpResponse {
    let result = render_roadmap(&ctx).await;
    ctx.finish(result)
}

async fn render_roadmap(ctx: &PageCtx) -> AppResult<HttpResponse> {
    let columns = tracker::roadmap(&ctx.state.db, ctx.actor.as_ref()).await?;
    let columns: Vec<Value> = columns
        .iter()
        .map(|c| json!({"status": c.status.as_str(), "ideas": c.ideas, "count": c.ideas.len()}))
        .collect();
    ctx.page(StatusCode::OK, "pages/roadmap", &ctx.lang.t("roadmap-title"), json!({"columns": columns}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_translated_where_they_are_codes() {
        assert_eq!(reason_text(Lang::En, "declined", Some("brand_fit")).as_deref(), Some("Does not fit the brand"));
        assert_eq!(reason_text(Lang::De, "declined", Some("brand_fit")).as_deref(), Some("Passt nicht zur Marke"));
        assert_eq!(
            reason_text(Lang::En, "rejected", Some("Please add a picture")).as_deref(),
            Some("Please add a picture")
        );
        assert_eq!(
            reason_text(Lang::En, "in_review", Some("threshold_reached")).as_deref(),
            Some(Lang::En.t("reason-threshold_reached").as_str())
        );
        assert_eq!(reason_text(Lang::En, "merged", Some("0190f000-0000-7000-8000-000000000000")), None);
        assert_eq!(reason_text(Lang::En, "declined", Some("  ")), None);
        assert_eq!(reason_text(Lang::En, "approved", None), None);
    }

    #[test]
    fn every_decline_reason_and_status_has_a_label() {
        for lang in Lang::ALL {
            for r in DeclineReason::ALL {
                let text = reason_text(lang, "declined", Some(r.as_str())).unwrap_or_default();
                assert!(!text.is_empty() && text != r.as_str(), "{} {}", lang.code(), r.as_str());
            }
            for s in IdeaStatus::ALL {
                assert_ne!(lang.status(s.as_str()), s.as_str(), "{} {}", lang.code(), s.as_str());
            }
            for m in Mover::ALL {
                let label = lang.t_with("actor-role", &[("role", FluentValue::from(m.as_str()))]);
                assert!(!label.is_empty() && label != m.as_str(), "{} {}", lang.code(), m.as_str());
            }
        }
    }

    #[test]
    fn idea_links_become_ids() {
        let id = "0190f000-0000-7000-8000-000000000000";
        assert_eq!(idea_ref(id), id);
        assert_eq!(idea_ref(&format!(" https://ideas.example/ideas/{id}?comments=x#support ")), id);
        assert_eq!(idea_ref(&format!("/ideas/{id}/")), id);
    }
}

//! What the idea page shows of the status tracker: the timeline, the tier
//! an idea works on, the creator updates, the report forms and the moves the
//! viewer may make.
//!
//! What a viewer may do is the domain's rule, asked ahead:
//! `tracker::rules::moves_for(status, Mover::of(role, is_author))`.

use fluent_templates::fluent_bundle::FluentValue;
use serde_json::{json, Map, Value};

use super::percent;
use crate::challenges::service::ChallengeView;
use crate::error::{AppError, AppResult};
use crate::ideas::rules::IdeaStatus;
use crate::ideas::service::{self as ideas, IdeaView};
use crate::ids::IdeaId;
use crate::pages::forms;
use crate::pages::i18n::Lang;
use crate::pages::session::PageCtx;
use crate::tracker::rules::{default_tiers, moves_for, DeclineReason, Mover};
use crate::tracker::service as tracker;

/// A status change's reason as the pages show it: a decline's structured
/// reason and the system's reasons translated, anything else (a rejection's
/// or a moderator's explanation) as written. A merge's reason is the target's
/// id, shown as a link instead.
pub fn reason_text(lang: Lang, to: Option<IdeaStatus>, reason: Option<&str>) -> Option<String> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty())?;
    match (to, reason) {
        (Some(IdeaStatus::Merged), _) => None,
        (Some(IdeaStatus::Declined), r) => {
            Some(lang.t_with("decline-reason", &[("reason", FluentValue::from(r.to_string()))]))
        }
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
                // An admin may decide before every evaluator submitted (docs/REVIEW.md).
                "override": actor.role == crate::accounts::Role::Admin
                    && idea.status == IdeaStatus::InReview
                    && matches!(to, IdeaStatus::Approved | IdeaStatus::Declined),
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
    let id = idea.id.clone();
    let events = tracker::timeline(db, viewer, id.clone()).await?;
    let timeline: Vec<Value> = events
        .iter()
        .rev()
        .map(|e| {
            let to = e.to.as_str();
            let merged_into = e.reason.as_deref().filter(|_| e.to == IdeaStatus::Merged).and_then(IdeaId::parse);
            // A fan vote's win is no move: it reads as one sentence in the page's language.
            if e.reason.as_deref() == Some(crate::fan_votes::service::WON_REASON) {
                if let Some((title, votes, total)) = crate::fan_votes::rules::parse_won_note(&e.note) {
                    let won = ctx.lang.t_with(
                        "timeline-fan-vote-won",
                        &[
                            ("title", FluentValue::from(title)),
                            ("votes", FluentValue::from(votes)),
                            ("total", FluentValue::from(total)),
                        ],
                    );
                    return json!({"won": won, "role": e.actor.role, "at": e.at, "to": to});
                }
            }
            json!({
                "from": e.from.map(IdeaStatus::as_str),
                "to": to,
                "role": e.actor.role,
                "handle": e.actor.handle,
                "note": e.note,
                "reason_text": reason_text(ctx.lang, Some(e.to), e.reason.as_deref()),
                "merged_into": merged_into,
                "memo": e.memo.as_deref().map(|m| crate::pages::review::memo_lines(ctx.lang, m)),
                "at": e.at,
            })
        })
        .collect();
    let updates = tracker::updates(db, viewer, id.clone()).await?;
    let merged_into = match idea.merged_into.clone().filter(|_| idea.status == IdeaStatus::Merged) {
        Some(target) => match ideas::get(db, viewer, target.clone()).await {
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
    let can_pick = viewer.is_some_and(|a| a.role.can_manage_challenges() && !a.suspended)
        && idea.status.is_public()
        && !idea.hidden;
    let staff = !moves.is_empty() || can_merge || can_unmerge || can_pick;
    let mut out = Map::new();
    out.insert("timeline".into(), Value::Array(timeline));
    out.insert("updates".into(), json!(updates));
    out.insert("is_author".into(), json!(is_author));
    out.insert("can_report".into(), json!(viewer.is_some_and(|a| !a.suspended)));
    out.insert("can_report_idea".into(), json!(viewer.is_some_and(|a| !a.suspended) && !is_author));
    out.insert("tier".into(), tier_info(idea, challenge));
    out.insert("merged_into".into(), merged_into);
    out.insert("status_reason".into(), json!(reason_text(ctx.lang, Some(idea.status), idea.status_reason.as_deref())));
    out.insert("staff".into(), json!(staff));
    out.insert("moves".into(), Value::Array(moves));
    out.insert("can_merge".into(), json!(can_merge));
    out.insert("can_unmerge".into(), json!(can_unmerge));
    out.insert("can_pick".into(), json!(can_pick));
    out.insert("pick_note_max".into(), json!(crate::ideas::rules::PICK_NOTE_MAX));
    out.insert(
        "limits".into(),
        json!({"note_max": forms::NOTE_MAX, "reason_min": forms::REASON_MIN, "reason_max": forms::REASON_MAX,
               "update_title_max": forms::UPDATE_TITLE_MAX, "update_body_max": forms::UPDATE_BODY_MAX}),
    );
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_translated_where_they_are_codes() {
        assert_eq!(
            reason_text(Lang::En, Some(IdeaStatus::Declined), Some("brand_fit")).as_deref(),
            Some("Does not fit the brand")
        );
        assert_eq!(
            reason_text(Lang::De, Some(IdeaStatus::Declined), Some("brand_fit")).as_deref(),
            Some("Passt nicht zur Marke")
        );
        assert_eq!(
            reason_text(Lang::En, Some(IdeaStatus::Rejected), Some("Please add a picture")).as_deref(),
            Some("Please add a picture")
        );
        assert_eq!(
            reason_text(Lang::En, Some(IdeaStatus::InReview), Some("threshold_reached")).as_deref(),
            Some(Lang::En.t("reason-threshold_reached").as_str())
        );
        assert_eq!(reason_text(Lang::En, Some(IdeaStatus::Merged), Some("0190f000-0000-7000-8000-000000000000")), None);
        assert_eq!(reason_text(Lang::En, Some(IdeaStatus::Declined), Some("  ")), None);
        assert_eq!(reason_text(Lang::En, Some(IdeaStatus::Approved), None), None);
    }

    #[test]
    fn every_decline_reason_and_status_has_a_label() {
        for lang in Lang::ALL {
            for r in DeclineReason::ALL {
                let text = reason_text(lang, Some(IdeaStatus::Declined), Some(r.as_str())).unwrap_or_default();
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
}

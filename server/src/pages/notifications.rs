//! Notifications: the list, phrased per kind in the page's language from the
//! facts each notification carries (`data`), and marking them read.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use fluent_templates::fluent_bundle::FluentValue;
use serde::Deserialize;
use serde_json::{json, Value};

use super::extract::{NotificationList, SignedForm};
use super::i18n::Lang;
use super::idea::reason_text;
use super::points::{badge_name, member_url};
use super::session::{encode, PageCtx};
use crate::error::{AppError, AppResult};
use crate::ideas::rules::IdeaStatus;
use crate::ids::{CommentId, IdeaId};
use crate::notifications::kind;
use crate::notifications::service::{self as notifications, MarkRead, NotificationQuery, NotificationView};

const PAGE_SIZE: &str = "30";

fn s(data: &Value, key: &str) -> String {
    match &data[key] {
        Value::String(v) => v.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

fn arg(value: String) -> FluentValue<'static> {
    FluentValue::from(value)
}

/// Who moved an idea: `@handle`, or the system.
fn who(lang: Lang, data: &Value) -> String {
    match data["actor"].as_str() {
        Some(h) if !h.is_empty() => format!("@{h}"),
        // A board's decision names the role only (docs/REVIEW.md).
        _ => match data["actor_role"].as_str().filter(|r| *r != "system" && data.get("memo").is_some()) {
            Some(role) => lang.t_with("actor-role", &[("role", arg(role.to_string()))]),
            None => lang.t("actor-system"),
        },
    }
}

/// The moderation action a notification tells of: `data.action` for
/// moderators' actions, the move for publishing and rejecting.
fn moderation_action(data: &Value) -> String {
    let to = data["to"].as_str();
    match (data["action"].as_str(), to.and_then(IdeaStatus::parse)) {
        (Some(a), _) => a.to_string(),
        (None, Some(IdeaStatus::Rejected)) => "rejected".into(),
        (None, Some(IdeaStatus::GatheringSupport)) => "published".into(),
        (None, _) => to.map(|t| format!("moved-{t}")).unwrap_or_default(),
    }
}

/// A notification in words: the headline, and the details (who, reason, note).
pub fn describe(lang: Lang, kind_: &str, data: &Value) -> (String, Vec<String>) {
    let title = arg(s(data, "idea_title"));
    let mut details = Vec::new();
    let text = match kind_ {
        kind::STATUS_CHANGED => {
            let (from, to) = (s(data, "from"), s(data, "to"));
            details.push(lang.t_with("notif-by", &[("who", arg(who(lang, data)))]));
            if let Some(r) = reason_text(lang, IdeaStatus::parse(&to), data["reason"].as_str()) {
                details.push(lang.t_with("notif-reason", &[("reason", arg(r))]));
            }
            lang.t_with(
                "notif-status_changed",
                &[("title", title), ("from", arg(lang.status(&from))), ("to", arg(lang.status(&to)))],
            )
        }
        kind::FEEDBACK => lang.t_with(
            "notif-feedback_received",
            &[("title", title), ("count", FluentValue::from(data["count"].as_i64().unwrap_or(1)))],
        ),
        kind::COMMENT => lang.t_with("notif-comment", &[("title", title), ("actor", arg(s(data, "actor")))]),
        kind::REPLY => lang.t_with("notif-reply", &[("title", title), ("actor", arg(s(data, "actor")))]),
        kind::CREATOR_UPDATE => lang.t_with(
            "notif-creator_update",
            &[("title", title), ("actor", arg(s(data, "actor"))), ("update", arg(s(data, "update_title")))],
        ),
        kind::TIER_REACHED => {
            let supports = data["supports"].as_i64().unwrap_or(0);
            let key = if data["final"].as_bool() == Some(true) { "notif-tier_final" } else { "notif-tier_reached" };
            lang.t_with(
                key,
                &[
                    ("title", title),
                    ("tier", arg(s(data, "tier"))),
                    ("count", FluentValue::from(supports)),
                    ("shown", arg(lang.number(supports))),
                ],
            )
        }
        kind::MODERATION => {
            let action = moderation_action(data);
            let to = s(data, "to");
            if let Some(r) = reason_text(lang, IdeaStatus::parse(&to), data["reason"].as_str()) {
                details.push(lang.t_with("notif-reason", &[("reason", arg(r))]));
            }
            // idea, comment, review or tip (the message's default is idea).
            let target = data["target_type"].as_str().unwrap_or("idea");
            lang.t_with(
                "notif-moderation",
                &[
                    ("action", arg(action)),
                    ("title", title),
                    ("target", arg(target.into())),
                    ("reports", FluentValue::from(data["reports"].as_i64().unwrap_or(0))),
                ],
            )
        }
        kind::MERGED => lang.t_with("notif-merged", &[("title", title)]),
        kind::REVIEW_SPIKE => {
            let low = data["low_ratings"].as_i64().unwrap_or(0);
            let hours = data["window_hours"].as_i64().unwrap_or(0);
            lang.t_with(
                "notif-review_spike",
                &[
                    ("product", arg(s(data, "product_name"))),
                    ("count", FluentValue::from(low)),
                    ("shown", arg(lang.number(low))),
                    ("hours", FluentValue::from(hours)),
                ],
            )
        }
        kind::BADGE_AWARDED => {
            let name = badge_name(lang, &s(data, "badge"), &s(data, "name"));
            lang.t_with("notif-badge_awarded", &[("badge", arg(name))])
        }
        kind::RAFFLE_WON => lang.t_with(
            "notif-raffle_won",
            &[
                ("challenge", arg(s(data, "challenge_title"))),
                ("place", FluentValue::from(data["place"].as_i64().unwrap_or(1))),
            ],
        ),
        kind::ANSWER => {
            let key = if data["official"].as_bool() == Some(true) { "notif-answer_official" } else { "notif-answer" };
            lang.t_with(key, &[("question", arg(s(data, "question_title"))), ("actor", arg(s(data, "actor")))])
        }
        kind::PRODUCT_QUESTION => lang.t_with(
            "notif-product_question",
            &[
                ("product", arg(s(data, "product_name"))),
                ("question", arg(s(data, "question_title"))),
                ("actor", arg(s(data, "actor"))),
            ],
        ),
        kind::TEST_SELECTED => lang.t_with(
            "notif-test_selected",
            &[("test", arg(s(data, "test_title"))), ("product", arg(s(data, "product_name")))],
        ),
        kind::TEST_REPORT_DUE => lang.t_with(
            "notif-test_report_due",
            &[("test", arg(s(data, "test_title"))), ("product", arg(s(data, "product_name")))],
        ),
        kind::STAFF_PICK => lang.t_with("notif-staff_pick", &[("title", title)]),
        crate::webhooks::DISABLED_KIND => lang.t_with("notif-webhook_disabled", &[("url", arg(s(data, "url")))]),
        _ => lang.t("notif-other"),
    };
    if let Some(note) = data["note"].as_str().map(str::trim).filter(|n| !n.is_empty()) {
        details.push(lang.t_with("notif-note", &[("note", arg(note.to_string()))]));
    }
    (text, details)
}

/// A product's page from a notification's `product_slug`, if it is one.
fn product_link(data: &Value) -> Option<String> {
    let slug = data["product_slug"].as_str().filter(|s| !s.is_empty())?;
    slug.chars().all(|c| c.is_ascii_alphanumeric() || c == '-').then(|| format!("/products/{slug}#alerts"))
}

/// Where a notification leads: its idea, at the part it is about; a review
/// spike to its product's alerts; a badge to the badges on the member's
/// (`me`) profile.
pub(crate) fn link(n: &NotificationView, me: &str) -> Option<String> {
    if n.kind == kind::REVIEW_SPIKE {
        return product_link(&n.data);
    }
    if n.kind == crate::webhooks::DISABLED_KIND {
        return Some("/admin/webhooks".into());
    }
    if n.kind == kind::BADGE_AWARDED {
        return Some(format!("{}#badges", member_url(me)));
    }
    if n.kind == kind::TEST_SELECTED {
        let id = n.data["test_id"].as_str().and_then(|t| uuid::Uuid::parse_str(t).ok())?;
        return Some(format!("/product-tests/{id}"));
    }
    if n.kind == kind::TEST_REPORT_DUE {
        let id = n.data["test_id"].as_str().and_then(|t| uuid::Uuid::parse_str(t).ok())?;
        return Some(format!("/product-tests/{id}/report"));
    }
    if n.kind == kind::RAFFLE_WON {
        let slug =
            n.data["challenge_slug"].as_str().filter(|s| s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))?;
        return Some(format!("/challenges/{slug}#raffle"));
    }
    // Reviews, tips, questions and answers carry the page they are on.
    let own_page = |u: &&str| ["/products/", "/tips/", "/questions/"].iter().any(|p| u.starts_with(p));
    if let Some(url) = n.data["url"].as_str().filter(own_page) {
        return Some(url.to_string());
    }
    let idea = IdeaId::parse(n.idea_id.as_deref()?)?;
    let anchor = match n.kind.as_str() {
        kind::COMMENT | kind::REPLY => n.data["comment_id"]
            .as_str()
            .and_then(CommentId::parse)
            .map(|c| format!("#comment-{c}"))
            .unwrap_or_else(|| "#comments".into()),
        kind::CREATOR_UPDATE => "#updates".into(),
        kind::FEEDBACK => "#feedback".into(),
        kind::STATUS_CHANGED | kind::MODERATION | kind::MERGED => "#timeline".into(),
        _ => String::new(),
    };
    Some(format!("/ideas/{idea}{anchor}"))
}

#[derive(Deserialize)]
pub struct ListQuery {
    cursor: Option<String>,
}

/// GET /notifications (signed-in members).
pub async fn list(ctx: &PageCtx, query: web::Query<ListQuery>) -> AppResult<HttpResponse> {
    let cursor = query.into_inner().cursor;
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&ctx.here)) };
    let query = NotificationQuery { unread: None, limit: Some(PAGE_SIZE.into()), cursor: cursor.clone() };
    let page = notifications::list(&ctx.state.db, actor, query).await?;
    let items: Vec<Value> = page
        .items
        .iter()
        .map(|n| {
            let (text, details) = describe(ctx.lang, &n.kind, &n.data);
            json!({"id": n.id, "kind": n.kind, "text": text, "details": details, "read": n.read,
                   "link": link(n, &actor.handle), "created_at": n.created_at})
        })
        .collect();
    let next_url = page.next_cursor.as_deref().map(|c| format!("/notifications?cursor={}", encode(c)));
    let first_url = cursor.map(|_| "/notifications".to_string());
    ctx.page(
        StatusCode::OK,
        "pages/notifications",
        &ctx.lang.t("notifications-title"),
        json!({"items": items, "unread": page.unread, "next_url": next_url, "first_url": first_url}),
    )
}

/// POST /notifications/read: `all=1`, or `id=<n>` for one.
pub async fn mark_read(SignedForm { ctx, actor, form, .. }: &SignedForm<NotificationList>) -> AppResult<HttpResponse> {
    let all = form.get("all").is_some();
    let ids = match form.get("id").map(str::parse::<i64>) {
        Some(Ok(id)) => Some(vec![id]),
        Some(Err(_)) => return Err(AppError::field("id", "invalid", "Not a notification.")),
        None => None,
    };
    notifications::mark_read(&ctx.state.db, actor, MarkRead { ids, all }).await?;
    if all {
        ctx.flash("flash-all-read");
    }
    let back = match form.get("id") {
        Some(id) if !all => format!("/notifications#notification-{id}"),
        _ => "/notifications".to_string(),
    };
    Ok(ctx.redirect(&back))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_as_a_sentence() {
        let status = json!({"idea_title": "Sea salt", "from": "in_review", "to": "declined", "actor": "team",
                            "actor_role": "product_team", "note": "Thanks!", "reason": "brand_fit"});
        let (text, details) = describe(Lang::En, kind::STATUS_CHANGED, &status);
        assert_eq!(text, "New status for “Sea salt”: Declined (was: In review).");
        assert_eq!(details, vec!["by @team", "Reason: Does not fit the brand", "Note: Thanks!"]);
        let (text, _) = describe(Lang::De, kind::STATUS_CHANGED, &status);
        assert!(text.contains("In Prüfung") && text.contains("Abgelehnt"), "{text}");
        let system = json!({"idea_title": "X", "from": "gathering_support", "to": "expired", "actor_role": "system",
                            "reason": "deadline_passed"});
        assert!(describe(Lang::En, kind::STATUS_CHANGED, &system).1[0].contains("system"));
        let cases = [
            (kind::COMMENT, json!({"idea_title": "X", "actor": "ben"})),
            (kind::REPLY, json!({"idea_title": "X", "actor": "ben"})),
            (kind::CREATOR_UPDATE, json!({"idea_title": "X", "actor": "anna", "update_title": "News"})),
            (kind::TIER_REACHED, json!({"idea_title": "X", "tier": 1, "supports": 1000, "final": false})),
            (kind::TIER_REACHED, json!({"idea_title": "X", "tier": 4, "supports": 10000, "final": true})),
            (kind::MODERATION, json!({"idea_title": "X", "from": "pending", "to": "gathering_support"})),
            (
                kind::MODERATION,
                json!({"idea_title": "X", "from": "pending", "to": "rejected", "reason": "Add a picture"}),
            ),
            (kind::MODERATION, json!({"action": "auto_hidden", "target_type": "comment", "reports": 3})),
            (kind::MODERATION, json!({"action": "hide", "target_type": "idea", "reason": "Spam"})),
            (kind::MODERATION, json!({"action": "restore", "target_type": "idea", "reason": "Fine"})),
            (kind::MODERATION, json!({"action": "dismiss_reports", "target_type": "comment", "reason": "Fine"})),
            (kind::MODERATION, json!({"action": "suspend", "reason": "Spam"})),
            (kind::MODERATION, json!({"action": "unsuspend", "reason": "Sorry"})),
            (kind::MODERATION, json!({"action": "remove_supports", "reason": "Fake accounts"})),
            (kind::MERGED, json!({"idea_title": "X"})),
            (kind::MODERATION, json!({"action": "auto_hidden", "target_type": "review", "reports": 3})),
            (kind::MODERATION, json!({"action": "hide", "target_type": "tip", "reason": "Spam"})),
            (kind::MODERATION, json!({"action": "restore", "target_type": "review", "reason": "Fine"})),
            (kind::MODERATION, json!({"action": "dismiss_reports", "target_type": "tip", "reason": "Fine"})),
            (
                kind::REVIEW_SPIKE,
                json!({"product_slug": "pesto", "product_name": "Pesto", "low_ratings": 1200,
                                        "window_hours": 48}),
            ),
            (
                kind::BADGE_AWARDED,
                json!({"badge": "first_idea", "name": "First idea", "description": "Published a first idea."}),
            ),
            (kind::BADGE_AWARDED, json!({"badge": "brand_new", "name": "Brand new", "description": "Later."})),
            ("brand_new_kind", json!({})),
        ];
        for lang in Lang::ALL {
            for (k, data) in &cases {
                let (text, _) = describe(lang, k, data);
                assert!(!text.is_empty() && !text.starts_with("notif-"), "{} {k}: {text}", lang.code());
                assert!(!text.contains("{"), "{} {k}: {text}", lang.code());
            }
        }
        let (text, _) = describe(Lang::En, kind::TIER_REACHED, &cases[3].1);
        assert!(text.contains("1,000"), "{text}");
        let (text, details) = describe(Lang::En, kind::MODERATION, &cases[6].1);
        assert!(text.contains("rejected"), "{text}");
        assert_eq!(details, vec!["Reason: Add a picture"]);
        let spike = json!({"product_slug": "pesto", "product_name": "Pesto", "low_ratings": 1200, "window_hours": 48});
        let (text, _) = describe(Lang::En, kind::REVIEW_SPIKE, &spike);
        assert!(text.contains("Pesto") && text.contains("1,200") && text.contains("48"), "{text}");
        let (text, _) = describe(Lang::En, kind::MODERATION, &json!({"action": "hide", "target_type": "review"}));
        assert!(text.contains("review"), "{text}");
        assert_eq!(product_link(&spike).as_deref(), Some("/products/pesto#alerts"));
        let badge = json!({"badge": "first_idea", "name": "First idea", "description": "Published a first idea."});
        assert_eq!(describe(Lang::En, kind::BADGE_AWARDED, &badge).0, "You earned the badge “First idea”.");
        assert_eq!(describe(Lang::De, kind::BADGE_AWARDED, &badge).0, "Du hast das Abzeichen „Erste Idee“ erhalten.");
        assert_eq!(product_link(&json!({"product_slug": "a/../b"})), None);
    }
}

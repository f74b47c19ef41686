//! Points on the pages: a member's profile (balance, level and the way to the
//! next one, badges held and still to earn, the point history) and the
//! leaderboard (all time, the last 30 days, or one challenge's). Everything
//! comes from `points::service`, as the API has it; the pages only phrase it.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use fluent_templates::fluent_bundle::FluentValue;
use serde::Deserialize;
use serde_json::{json, Value};

use super::forms::{self, FormKind};
use super::i18n::Lang;
use super::idea::idea_cards;
use super::session::{encode, query_string, PageCtx};
use super::tips::tip_cards;
use crate::challenges::service::{self as challenges, ChallengeQuery};
use crate::error::{AppError, AppResult};
use crate::ideas::service::{self as ideas, IdeaQuery};
use crate::points::rules::BADGES;
use crate::points::service::{self as points, Board, BoardQuery, EntriesQuery, EntryView};
use crate::tips::service::{self as tips, TipQuery};

/// History entries per page of a profile.
const HISTORY_PAGE: &str = "25";
/// Ideas and tips a profile lists (the newest).
const MEMBER_LIST: i64 = 12;
/// Members per page of a leaderboard.
const BOARD_PAGE: &str = "50";
/// Challenges the leaderboard's select offers (the newest first).
const CHALLENGE_CHOICES: &str = "100";

/// A member's profile page.
pub(super) fn member_url(handle: &str) -> String {
    format!("/members/{}", encode(handle))
}

/// A badge's name in the page's language; a badge the messages do not know
/// yet keeps the domain's name.
pub(super) fn badge_name(lang: Lang, key: &str, name: &str) -> String {
    lang.t_with(
        "badge-name",
        &[("key", FluentValue::from(key.to_string())), ("name", FluentValue::from(name.to_string()))],
    )
}

fn badge_description(lang: Lang, key: &str, description: &str) -> String {
    lang.t_with(
        "badge-description",
        &[("key", FluentValue::from(key.to_string())), ("name", FluentValue::from(description.to_string()))],
    )
}

// ---------------------------------------------------------------------------
// A member's profile

#[derive(Deserialize)]
pub struct ProfileQuery {
    cursor: Option<String>,
}

/// GET /members/{handle}
pub async fn profile(
    ctx: &PageCtx,
    handle: web::Path<String>,
    query: web::Query<ProfileQuery>,
) -> AppResult<HttpResponse> {
    render_profile(ctx, handle.into_inner(), query.into_inner().cursor).await
}

/// One history row: the amount with its sign, the rule and the reason as
/// message arguments, the content it came from.
fn entry_json(lang: Lang, e: &EntryView) -> Value {
    let sign = if e.amount < 0 { "\u{2212}" } else { "+" };
    json!({
        "id": e.id,
        "amount": format!("{sign}{}", lang.number(i64::from(e.amount).abs())),
        "gain": e.amount >= 0,
        "rule": e.rule,
        "reason": e.reason,
        "subject": e.subject,
        "created_at": e.created_at,
    })
}

async fn render_profile(ctx: &PageCtx, handle: String, cursor: Option<String>) -> AppResult<HttpResponse> {
    let db = &ctx.state.db;
    let lang = ctx.lang;
    let query = EntriesQuery { limit: Some(HISTORY_PAGE.into()), cursor: cursor.clone() };
    let view = points::points(db, handle.clone(), query).await?;
    let held = points::badges_of(db, handle).await?;
    let own = ctx.actor.as_ref().is_some_and(|a| a.handle == view.handle);
    // The member's published ideas and tips, as anyone sees them; their own
    // waiting and rejected ideas and the ideas they support only for them.
    let listed = |handle: &str| IdeaQuery {
        sort: Some("new".into()),
        author: Some(handle.to_string()),
        limit: Some(MEMBER_LIST.to_string()),
        ..IdeaQuery::default()
    };
    let ideas = ideas::list(db, ctx.actor.as_ref(), listed(&view.handle)).await?;
    let tips = tips::list(
        db,
        ctx.actor.as_ref(),
        TipQuery { author: Some(view.handle.clone()), limit: Some(MEMBER_LIST.to_string()), ..TipQuery::default() },
    )
    .await?;
    let handle = view.handle.clone();
    let avatar = db
        .run(move |conn| {
            let Some(user) = crate::accounts::store::by_handle(conn, &handle)? else { return Ok(None) };
            let id = user.id.to_string();
            Ok(crate::images::service::avatars(conn, std::slice::from_ref(&id))?
                .remove(&id)
                .map(|a| a.variants.thumb.url))
        })
        .await?;
    let mine = match ctx.actor.as_ref().filter(|_| own) {
        Some(actor) => {
            let mine = ideas::mine(db, actor).await?;
            Some(json!({"waiting": idea_cards(&mine.waiting, None), "supported": idea_cards(&mine.supported, None)}))
        }
        None => None,
    };

    // The badges held, in the order earned; then the rest of the table, greyed out.
    let mut badges: Vec<Value> = held
        .iter()
        .map(|b| {
            json!({"key": b.key, "held": true, "name": badge_name(lang, &b.key, &b.name),
                   "description": badge_description(lang, &b.key, &b.description),
                   "awarded_at": b.awarded_at})
        })
        .collect();
    badges.extend(BADGES.iter().filter(|b| !held.iter().any(|h| h.key == b.key)).map(|b| {
        json!({"key": b.key, "held": false, "name": badge_name(lang, b.key, b.name),
               "description": badge_description(lang, b.key, b.description)})
    }));

    // The way to the next level: the points earned since this level began, of those it takes.
    let level = view.level;
    let progress = level.next.map(|next| {
        let span = (next - level.floor).max(1);
        let into = (view.balance - level.floor).clamp(0, span);
        json!({"into": into, "span": span, "next_level": level.level + 1})
    });

    let base = member_url(&view.handle);
    let next_url = view.entries.next_cursor.as_deref().map(|c| format!("{base}?cursor={}#history", encode(c)));
    let first_url = cursor.map(|_| format!("{base}#history"));
    let entries: Vec<Value> = view.entries.items.iter().map(|e| entry_json(lang, e)).collect();
    ctx.page(
        StatusCode::OK,
        "pages/member",
        &view.display_name,
        json!({
            "member": {"handle": view.handle, "display_name": view.display_name, "avatar": avatar},
            "own": own,
            "balance": view.balance,
            "level": level.level,
            "progress": progress,
            "badges": badges,
            "held_count": held.len(),
            "badge_count": badges.len(),
            "entries": entries,
            "next_url": next_url,
            "first_url": first_url,
            "here": base,
            "ideas": idea_cards(&ideas.items, None),
            "more_ideas": ideas.next_cursor.is_some(),
            "tips": tip_cards(&tips.items),
            "more_tips": tips.next_cursor.is_some(),
            "shown_max": MEMBER_LIST,
            "mine": mine,
        }),
    )
}

// ---------------------------------------------------------------------------
// The leaderboard

#[derive(Deserialize, Default)]
pub struct BoardParams {
    period: Option<String>,
    challenge: Option<String>,
    cursor: Option<String>,
}

/// GET /leaderboard
pub async fn leaderboard(ctx: &PageCtx, query: web::Query<BoardParams>) -> AppResult<HttpResponse> {
    render_board(ctx, query.into_inner()).await
}

/// `/leaderboard` with these parameters (empty ones left out).
fn board_url(pairs: &[(&str, Option<&str>)]) -> String {
    let pairs: Vec<(&str, String)> = pairs
        .iter()
        .filter_map(|(k, v)| v.map(str::trim).filter(|v| !v.is_empty()).map(|v| (*k, v.to_string())))
        .collect();
    if pairs.is_empty() {
        "/leaderboard".to_string()
    } else {
        format!("/leaderboard?{}", query_string(&pairs))
    }
}

async fn render_board(ctx: &PageCtx, q: BoardParams) -> AppResult<HttpResponse> {
    let db = &ctx.state.db;
    let query = BoardQuery {
        period: q.period.clone(),
        challenge: q.challenge.clone(),
        limit: Some(BOARD_PAGE.into()),
        cursor: q.cursor.clone(),
    };
    // A link with a period, challenge or page the domain does not know gets
    // this page with the boards to choose from and a note, never a 500.
    let (board, problem, status) = match points::leaderboard(db, ctx.actor.as_ref(), query).await {
        Ok(board) => (Some(board), None, StatusCode::OK),
        Err(AppError::Validation(errors)) => {
            let unknown_challenge = errors.iter().any(|e| e.field == "challenge" && e.code == "unknown");
            let message = errors.first().map(|e| forms::message(ctx.lang, FormKind::Board, e));
            let status = if unknown_challenge { StatusCode::NOT_FOUND } else { StatusCode::BAD_REQUEST };
            (None, message, status)
        }
        Err(e) => return Err(e),
    };
    let list =
        challenges::list(db, ChallengeQuery { limit: Some(CHALLENGE_CHOICES.into()), ..ChallengeQuery::default() })
            .await?;
    let chosen = board.as_ref().and_then(|b| b.challenge.as_ref());
    let mut options: Vec<Value> = list
        .items
        .iter()
        .map(|c| json!({"slug": c.slug, "title": c.title, "selected": chosen.is_some_and(|b| b.slug == c.slug)}))
        .collect();
    // A chosen challenge beyond the newest hundred is offered too.
    if let Some(c) = chosen {
        if !options.iter().any(|o| o["selected"] == json!(true)) {
            options.insert(0, json!({"slug": c.slug, "title": c.title, "selected": true}));
        }
    }
    let (period, slug) = match &board {
        Some(b) => (Some(b.period.as_str()), b.challenge.as_ref().map(|c| c.slug.as_str())),
        None => (None, None),
    };
    // Tab keys are message variants (`30d` cannot be one); the links carry the domain's periods.
    let tabs: Vec<Value> = [("all", "all"), ("last30", "30d")]
        .into_iter()
        .map(|(key, param)| {
            let url = board_url(&[("period", (param != "all").then_some(param))]);
            json!({"key": key, "url": url, "current": slug.is_none() && period == Some(param)})
        })
        .collect();
    let me_handle = ctx.actor.as_ref().map(|a| a.handle.as_str());
    let data = match &board {
        Some(b) => board_json(b, me_handle, q.cursor.is_some()),
        None => json!({}),
    };
    let title = match chosen {
        Some(c) => ctx.lang.t_with("board-title-challenge", &[("challenge", FluentValue::from(c.title.clone()))]),
        None => ctx.lang.t("board-title"),
    };
    let mut data = data;
    if let Some(obj) = data.as_object_mut() {
        obj.insert("tabs".into(), Value::Array(tabs));
        obj.insert("challenges".into(), Value::Array(options));
        obj.insert("heading".into(), json!(title));
        obj.insert("problem".into(), json!(problem));
        obj.insert("signed_in".into(), json!(ctx.actor.is_some()));
    }
    ctx.page(status, "pages/leaderboard", &title, data)
}

/// The rows of a board, the viewer's own marked; its paging links.
fn board_json(b: &Board, me: Option<&str>, paged: bool) -> Value {
    let slug = b.challenge.as_ref().map(|c| c.slug.as_str());
    let period = (b.period != "all").then_some(b.period.as_str());
    let base = [("period", period), ("challenge", slug)];
    let rows: Vec<Value> = b
        .items
        .iter()
        .map(|e| {
            json!({"place": e.place, "handle": e.handle, "display_name": e.display_name, "points": e.points,
                   "level": e.level, "me": me == Some(e.handle.as_str())})
        })
        .collect();
    let next_url = b.next_cursor.as_deref().map(|c| {
        let mut pairs = base.to_vec();
        pairs.push(("cursor", Some(c)));
        board_url(&pairs)
    });
    let first_url = paged.then(|| board_url(&base));
    json!({
        "board": {"period": b.period, "challenge": b.challenge},
        "rows": rows,
        "me": b.me,
        "next_url": next_url,
        "first_url": first_url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_badge_has_a_name_and_description_in_every_language() {
        for lang in Lang::ALL {
            for b in BADGES {
                let name = badge_name(lang, b.key, b.name);
                assert!(!name.is_empty() && !name.contains('{'), "{} {}: {name}", lang.code(), b.key);
                let description = badge_description(lang, b.key, b.description);
                assert!(!description.is_empty() && !description.contains('{'), "{} {}", lang.code(), b.key);
                // Its own message, not the fallback to the domain's English text.
                assert_eq!(badge_name(lang, b.key, "?"), name, "{} {}", lang.code(), b.key);
                assert_eq!(badge_description(lang, b.key, "?"), description, "{} {}", lang.code(), b.key);
            }
        }
        assert_eq!(badge_name(Lang::De, "brand_new", "Brand new"), "Brand new", "an unknown badge keeps its name");
    }

    #[test]
    fn every_rule_and_reason_is_phrased() {
        use crate::points::rules::RULES;
        for lang in Lang::ALL {
            let fallback = lang.t_with("points-rule", &[("rule", FluentValue::from("?"))]);
            for r in RULES {
                let text = lang.t_with("points-rule", &[("rule", FluentValue::from(r.key))]);
                assert_ne!(text, fallback, "{} {}", lang.code(), r.key);
            }
            let fallback = lang.t_with("points-reason", &[("reason", FluentValue::from("?"))]);
            for reason in ["withdrawn", "unmarked", "review_removed", "deleted", "moderation", "reinstated"] {
                let text = lang.t_with("points-reason", &[("reason", FluentValue::from(reason))]);
                assert_ne!(text, fallback, "{} {reason}", lang.code());
            }
            for (field, code) in
                [("period", "invalid"), ("challenge", "unknown"), ("cursor", "invalid"), ("limit", "range")]
            {
                let e = crate::error::FieldError::new(field, code, "ignored");
                assert_ne!(forms::message(lang, FormKind::Board, &e), lang.t("err-invalid"), "{field} {code}");
            }
        }
        let text = Lang::En.t_with("points-reason", &[("reason", FluentValue::from("moderation"))]);
        assert_eq!(text, "taken back: hidden by a moderator");
    }

    #[test]
    fn board_links_leave_out_empty_parameters() {
        assert_eq!(board_url(&[("period", None), ("challenge", Some(" "))]), "/leaderboard");
        assert_eq!(board_url(&[("period", Some("30d"))]), "/leaderboard?period=30d");
        assert_eq!(
            board_url(&[("challenge", Some("a b")), ("cursor", Some("x="))]),
            "/leaderboard?challenge=a+b&cursor=x%3D"
        );
        assert_eq!(member_url("anna"), "/members/anna");
    }
}

//! Idea pages: the idea with its support box and comments, the submit form,
//! and the posts for supporting, withdrawing and commenting.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse, ResponseError};
use serde::Deserialize;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::challenges::rules::Phase;
use crate::challenges::service::{self as challenges, ChallengeQuery, ChallengeView};
use crate::comments::service::{self as comments, CommentQuery, CreateComment};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::ideas::rules::{support_refusal, IdeaStatus, SupportRefusal};
use crate::ideas::service::{self as ideas, CreateIdea, IdeaView};
use crate::pages::forms::{self, FormKind};
use crate::pages::session::{encode, FormData, PageCtx};
use crate::pages::tracker;

/// Top-level comments per page of an idea.
const COMMENTS_PER_PAGE: &str = "50";

/// How far an idea is toward a threshold, in whole percent (0..=100).
pub(super) fn percent(supports: i32, threshold: i32) -> i64 {
    if threshold <= 0 {
        return 100;
    }
    (i64::from(supports.max(0)) * 100 / i64::from(threshold)).min(100)
}

/// Idea cards for lists; with a threshold, each shows its progress.
pub fn idea_cards(items: &[IdeaView], threshold: Option<i32>) -> Vec<Value> {
    items
        .iter()
        .map(|idea| {
            let mut v = json!(idea);
            if let (Some(t), Some(obj)) = (threshold, v.as_object_mut()) {
                obj.insert("percent".into(), json!(percent(idea.supports, t)));
                obj.insert("threshold".into(), json!(t));
            }
            v
        })
        .collect()
}

/// The canonical form of an idea id from a path, for redirects.
pub(super) fn canonical(id: &str) -> AppResult<String> {
    Uuid::parse_str(id).map(|u| u.to_string()).map_err(|_| AppError::not_found("Idea"))
}

#[derive(Deserialize)]
pub struct ShowQuery {
    comments: Option<String>,
}

pub async fn show(ctx: PageCtx, id: web::Path<String>, query: web::Query<ShowQuery>) -> HttpResponse {
    let result = render_idea(&ctx, id.into_inner(), query.into_inner().comments, Value::Null, StatusCode::OK).await;
    ctx.finish(result)
}

/// The key explaining why the member cannot support (or withdraw) now.
fn refusal_key(r: &SupportRefusal) -> &'static str {
    match r {
        SupportRefusal::OwnIdea => "support-own-idea",
        SupportRefusal::Suspended => "support-suspended",
        SupportRefusal::ChallengeNotOpen(Phase::Closed) => "support-closed",
        SupportRefusal::ChallengeNotOpen(_) => "support-not-open",
        SupportRefusal::NotGathering(IdeaStatus::Pending) => "support-pending",
        SupportRefusal::NotGathering(_) => "support-not-gathering",
    }
}

/// The idea page. `forms` carries a form that failed validation back to the
/// page (`{"comment": …}`, `{"report": …}`, `{"update": …}`, `{"move": …}`,
/// `{"merge": …}`: what was sent and the messages), answered with `status`.
pub(super) async fn render_idea(
    ctx: &PageCtx,
    id: String,
    comments_cursor: Option<String>,
    forms: Value,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let db = &ctx.state.db;
    let viewer = ctx.actor.as_ref();
    let idea = ideas::get(db, viewer, id).await?;
    let id = idea.id.to_string();
    let challenge: Option<ChallengeView> = match idea.challenge_id {
        Some(cid) => Some(challenges::get(db, cid.to_string()).await?),
        None => None,
    };
    let thread = comments::list(
        db,
        viewer,
        id.clone(),
        CommentQuery { limit: Some(COMMENTS_PER_PAGE.into()), cursor: comments_cursor.clone() },
    )
    .await?;

    // What the support box offers is the domain's support rule, asked ahead.
    let refusal = viewer.and_then(|a| {
        support_refusal(idea.status, challenge.as_ref().map(|c| c.state), a.handle == idea.author.handle, a.suspended)
    });
    // The demand question (would you buy it, at what price?), and the member's own answers.
    let (would_buy, price_band) = match viewer.filter(|_| idea.supported == Some(true)) {
        Some(a) => ideas::my_demand(db, a, id.clone()).await?,
        None => (None, None),
    };
    let bands: Vec<Value> = challenge
        .as_ref()
        .map(|c| {
            c.price_bands
                .iter()
                .map(|b| json!({"band": b, "selected": price_band.as_deref() == Some(b.as_str())}))
                .collect()
        })
        .unwrap_or_default();
    let answers: Vec<Value> = ["yes", "maybe", "no"]
        .iter()
        .map(|a| json!({"value": a, "label": format!("demand-{a}"), "checked": would_buy.as_deref() == Some(*a)}))
        .collect();
    let demand = idea.demand.as_ref().map(|d| {
        let total = (d.yes + d.maybe + d.no + d.unanswered).max(1);
        let bar = |n: i64| n * 100 / total;
        let band_total = d.price_bands.iter().map(|b| b.count).sum::<i64>().max(1);
        json!({
            "rows": [
                {"label": "demand-yes", "count": d.yes, "percent": bar(d.yes)},
                {"label": "demand-maybe", "count": d.maybe, "percent": bar(d.maybe)},
                {"label": "demand-no", "count": d.no, "percent": bar(d.no)},
                {"label": "demand-unanswered", "count": d.unanswered, "percent": bar(d.unanswered)},
            ],
            "bands": d.price_bands.iter().map(|b| json!({"band": b.band, "count": b.count, "percent": b.count * 100 / band_total})).collect::<Vec<_>>(),
        })
    });
    let support = json!({
        "signed_in": viewer.is_some(),
        "supported": idea.supported == Some(true),
        "answers": answers,
        "bands": bands,
        "answered": would_buy.is_some(),
        "would_buy": would_buy.map(|a| format!("demand-{a}")),
        "price_band": price_band,
        "demand": demand,
        // An author whose idea no longer gathers support hears why, not that it is theirs.
        "refusal": refusal.as_ref().map(|r| match r {
            SupportRefusal::OwnIdea if idea.status != IdeaStatus::GatheringSupport => {
                refusal_key(&SupportRefusal::NotGathering(idea.status))
            }
            r => refusal_key(r),
        }),
        "login_url": format!("/login?next={}", encode(&format!("/ideas/{id}"))),
    });
    let extras = tracker::idea_extras(ctx, &idea, challenge.as_ref(), &forms).await?;
    // The products this idea became (the catalogue links back with "from the community").
    let idea_key = id.clone();
    let became: Vec<Value> = db
        .run(move |conn| Ok(crate::products::store::by_idea(conn, &idea_key)?))
        .await?
        .into_iter()
        .map(|p| json!({"name": p.name, "slug": p.slug, "brand": p.brand}))
        .collect();
    let next_comments = thread.next_cursor.as_deref().map(|c| format!("/ideas/{id}?comments={}#comments", encode(c)));
    let first_comments = comments_cursor.map(|_| format!("/ideas/{id}#comments"));
    let title = idea.title.clone();
    ctx.page(status, "pages/idea", &title, {
        let mut data = json!({
            "idea": idea,
            "challenge": challenge,
            "support": support,
            "comments": thread.items,
            "next_comments": next_comments,
            "first_comments": first_comments,
            "comment_form": forms["comment"],
            "report_form": forms["report"],
            "update_form": forms["update"],
            "merge_form": forms["merge"],
            "here": format!("/ideas/{id}"),
            "became": became,
        });
        if let Some(obj) = data.as_object_mut() {
            obj.extend(extras);
        }
        data
    })
}

pub async fn support(ctx: PageCtx, id: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let result = support_or_withdraw(&ctx, id.into_inner(), &body, true).await;
    ctx.finish(result)
}

pub async fn withdraw(ctx: PageCtx, id: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let result = support_or_withdraw(&ctx, id.into_inner(), &body, false).await;
    ctx.finish(result)
}

async fn support_or_withdraw(ctx: &PageCtx, id: String, body: &[u8], support: bool) -> AppResult<HttpResponse> {
    ctx.verify_form(body)?;
    let id = canonical(&id)?;
    let back = format!("/ideas/{id}#support");
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&format!("/ideas/{id}"))) };
    let form = FormData::parse(body);
    let demand = ideas::DemandInput {
        would_buy: form.get("would_buy").map(str::to_string).filter(|s| !s.trim().is_empty()),
        price_band: form.get("price_band").map(str::to_string).filter(|s| !s.trim().is_empty()),
    };
    let answering = form.get("answer_only").is_some();
    let result = if support {
        ideas::support_with(&ctx.state.db, actor, id.clone(), demand).await.map(|_| {
            if answering {
                "flash-demand-saved"
            } else {
                "flash-supported"
            }
        })
    } else {
        ideas::withdraw(&ctx.state.db, actor, id.clone()).await.map(|_| "flash-withdrawn")
    };
    match result {
        Ok(key) => {
            ctx.flash(key);
            Ok(ctx.redirect(&back))
        }
        Err(e @ (AppError::Conflict { .. } | AppError::Forbidden { .. })) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&back))
        }
        Err(AppError::Validation(_)) => {
            // Only a tampered form sends an answer the page does not offer.
            ctx.flash("flash-err-demand");
            Ok(ctx.redirect(&back))
        }
        Err(e) => Err(e),
    }
}

pub async fn comment(ctx: PageCtx, id: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let result = post_comment(&ctx, id.into_inner(), &body).await;
    ctx.finish(result)
}

async fn post_comment(ctx: &PageCtx, id: String, body: &[u8]) -> AppResult<HttpResponse> {
    let form = ctx.verify_form(body)?;
    let id = canonical(&id)?;
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&format!("/ideas/{id}"))) };
    let parent_id = form.get("parent_id").map(str::trim).filter(|p| !p.is_empty()).map(String::from);
    let text = form.text("body");
    let input = CreateComment { body: text.clone(), parent_id: parent_id.clone() };
    match comments::create(&ctx.state.db, actor, id.clone(), input).await {
        Ok(c) => Ok(ctx.redirect(&format!("/ideas/{id}#comment-{}", c.id))),
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Comment, &errors);
            let message = errors.get("body").or_else(|| errors.get("parent_id")).cloned();
            let form = json!({"parent_id": parent_id, "body": text, "error": message});
            render_idea(ctx, id, None, json!({"comment": form}), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e @ (AppError::Conflict { .. } | AppError::Forbidden { .. })) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&format!("/ideas/{id}#comments")))
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct NewQuery {
    challenge: Option<String>,
}

pub async fn new_form(ctx: PageCtx, query: web::Query<NewQuery>) -> HttpResponse {
    let result = match ctx.actor {
        None => Ok(ctx.to_login(&ctx.here)),
        Some(_) => {
            let values = json!({"challenge": query.into_inner().challenge.unwrap_or_default()});
            render_form(&ctx, values, Value::Object(Default::default()), StatusCode::OK).await
        }
    };
    ctx.finish(result)
}

/// The submit form, with the values sent so far and the errors at their fields.
async fn render_form(ctx: &PageCtx, values: Value, errors: Value, status: StatusCode) -> AppResult<HttpResponse> {
    let open = challenges::list(
        &ctx.state.db,
        ChallengeQuery { state: Some("open".into()), limit: Some("100".into()), cursor: None },
    )
    .await?;
    let chosen = values["challenge"].as_str().unwrap_or("").to_string();
    let options: Vec<Value> =
        open.items.iter().map(|c| json!({"slug": c.slug, "title": c.title, "selected": c.slug == chosen})).collect();
    let error_list: Vec<Value> = errors
        .as_object()
        .map(|m| m.iter().map(|(field, message)| json!({"field": field, "message": message})).collect())
        .unwrap_or_default();
    use crate::ideas::rules::{SUMMARY_MAX, TAGS_MAX, TITLE_MAX, TITLE_MIN};
    let limits =
        json!({"title_min": TITLE_MIN, "title_max": TITLE_MAX, "summary_max": SUMMARY_MAX, "tags_max": TAGS_MAX});
    ctx.page(
        status,
        "pages/idea_new",
        &ctx.lang.t("new-idea-title"),
        json!({"values": values, "errors": errors, "error_list": error_list, "challenges": options,
               "limits": limits, "here": "/ideas/new",
               "statuses": IdeaStatus::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>()}),
    )
}

pub async fn create(ctx: PageCtx, body: web::Bytes) -> HttpResponse {
    let result = submit(&ctx, &body).await;
    ctx.finish(result)
}

fn idea_input(form: &FormData) -> CreateIdea {
    CreateIdea {
        challenge_id: form.get("challenge").map(str::trim).filter(|c| !c.is_empty()).map(String::from),
        title: form.text("title"),
        summary: form.text("summary"),
        body: form.text("body"),
        tags: form.text("tags").split(',').map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect(),
    }
}

async fn submit(ctx: &PageCtx, body: &[u8]) -> AppResult<HttpResponse> {
    let form = ctx.verify_form(body)?;
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login("/ideas/new")) };
    let values = json!({
        "challenge": form.text("challenge"),
        "title": form.text("title"),
        "summary": form.text("summary"),
        "body": form.text("body"),
        "tags": form.text("tags"),
    });
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    match ideas::create(&ctx.state.db, actor, idea_input(&form)).await {
        Ok(idea) => {
            // A pre-moderated challenge holds the idea until a moderator publishes it.
            ctx.flash(if idea.status == IdeaStatus::Pending { "flash-idea-pending" } else { "flash-idea-submitted" });
            Ok(ctx.redirect(&format!("/ideas/{}", idea.id)))
        }
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Idea, &errors);
            render_form(ctx, values, errors, unprocessable).await
        }
        // Refused: the chosen challenge has closed (or not opened) meanwhile, or the member may not submit.
        Err(e @ (AppError::Conflict { .. } | AppError::Forbidden { .. })) => {
            let field = match e.code() {
                ErrorCode::ChallengeClosed | ErrorCode::ChallengeNotOpen => "challenge",
                _ => "title",
            };
            let errors = json!({ field: ctx.lang.t(&e.code().locale_key()) });
            render_form(ctx, values, errors, e.status_code()).await
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_capped() {
        assert_eq!(percent(0, 100), 0);
        assert_eq!(percent(50, 200), 25);
        assert_eq!(percent(300, 100), 100);
        assert_eq!(percent(1, 0), 100);
    }
}

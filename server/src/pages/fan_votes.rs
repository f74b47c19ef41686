//! Fan votes on the pages: the list (`/fan-votes`), one vote with its finalists' covers, the vote form (a plain
//! form of radio buttons, no JavaScript) and the results as a bar chart when they show; the product team's
//! form for a new vote (`/fan-votes/new`) and its cancel button. The same `fan_votes::service` as the API.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{NaiveDateTime, TimeZone};
use serde_json::{json, Value};

use super::extract::{path_params, FormPage, IdParam, SignedForm};
use super::forms::{self, FormKind};
use super::session::{FormData, PageCtx};
use crate::error::{AppError, AppResult};
use crate::fan_votes::rules::{self, State};
use crate::fan_votes::service::{self as fan_votes, BallotInput, CreateFanVote, FanVoteView};
use crate::ideas::service::{self as ideas, IdeaQuery};

/// The ideas the new-vote form offers as finalists (the most supported first).
const CANDIDATES: &str = "60";

/// A fan vote's page, from the path.
pub struct FanVotePage {
    pub id: String,
}

impl FormPage for FanVotePage {
    fn locate(req: &HttpRequest, _: &FormData) -> AppResult<Self> {
        let IdParam { id } = path_params(req, "Fan vote")?;
        Ok(FanVotePage { id })
    }

    fn back(&self) -> String {
        format!("/fan-votes/{}", self.id)
    }
}

/// The new-vote form's page.
pub struct NewFanVote;

impl FormPage for NewFanVote {
    fn locate(_: &HttpRequest, _: &FormData) -> AppResult<Self> {
        Ok(NewFanVote)
    }

    fn back(&self) -> String {
        "/fan-votes/new".into()
    }
}

/// Each finalist's share of the votes in whole percent (0 without votes): the bar chart's widths.
pub fn shares(counts: &[i64]) -> Vec<i64> {
    let total: i64 = counts.iter().sum();
    counts.iter().map(|c| if total > 0 { c * 100 / total } else { 0 }).collect()
}

/// A vote as the templates show it: its finalists with their counts and shares when the results show.
fn vote_json(v: &FanVoteView) -> Value {
    let counts: Vec<i64> = v
        .finalists
        .iter()
        .map(|f| {
            v.results.as_ref().and_then(|r| r.counts.iter().find(|c| c.idea_id == f.id.as_str())).map_or(0, |c| c.votes)
        })
        .collect();
    let shares = shares(&counts);
    let winners: Vec<String> = v.results.as_ref().map(|r| r.winners.clone()).unwrap_or_default();
    let finalists: Vec<Value> = v
        .finalists
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut card = json!(f);
            if let Some(obj) = card.as_object_mut() {
                obj.insert("votes".into(), json!(counts.get(i).copied().unwrap_or(0)));
                obj.insert("share".into(), json!(shares.get(i).copied().unwrap_or(0)));
                obj.insert("chosen".into(), json!(v.my_ballot.as_deref() == Some(f.id.as_str())));
                obj.insert("won".into(), json!(winners.iter().any(|w| w == f.id.as_str())));
            }
            card
        })
        .collect();
    json!({
        "id": v.id,
        "title": v.title,
        "state": v.state.as_str(),
        "open": v.state == State::Open,
        "opens_at": v.opens_at,
        "closes_at": v.closes_at,
        "show_results": v.show_results.as_str(),
        "finalists": finalists,
        "results": v.results,
        "has_results": v.results.is_some(),
        "my_ballot": v.my_ballot,
        "winners": winners,
    })
}

/// GET /fan-votes: open votes first, then the scheduled ones, then the closed ones.
pub async fn list(ctx: &PageCtx) -> AppResult<HttpResponse> {
    let votes = fan_votes::list(&ctx.state.db, ctx.actor.as_ref()).await?;
    let of = |states: &[State]| -> Vec<Value> {
        votes.iter().filter(|v| states.contains(&v.state)).map(vote_json).collect()
    };
    let can_create = ctx.actor.as_ref().is_some_and(|a| a.role.can_manage_challenges());
    ctx.page(
        StatusCode::OK,
        "pages/fan_votes",
        &ctx.lang.t("fan-votes-title"),
        json!({
            "open": of(&[State::Open]),
            "scheduled": of(&[State::Scheduled]),
            "closed": of(&[State::Closed]),
            "any": !votes.is_empty(),
            "can_create": can_create,
        }),
    )
}

/// GET /fan-votes/{id}.
pub async fn show(ctx: &PageCtx, id: web::Path<String>) -> AppResult<HttpResponse> {
    render_vote(ctx, id.into_inner(), StatusCode::OK, Value::Null).await
}

async fn render_vote(ctx: &PageCtx, id: String, status: StatusCode, error: Value) -> AppResult<HttpResponse> {
    let vote = fan_votes::get(&ctx.state.db, ctx.actor.as_ref(), id).await?;
    let actor = ctx.actor.as_ref();
    let refusal = actor.and_then(|a| rules::ballot_refusal(a.role, vote.state)).map(|c| ctx.lang.t(&c.locale_key()));
    let can_vote = vote.state == State::Open && actor.is_some_and(|a| !a.suspended) && refusal.is_none();
    let team = actor.is_some_and(|a| a.role.can_manage_challenges());
    let title = vote.title.clone();
    ctx.page(
        status,
        "pages/fan_vote",
        &title,
        json!({
            "vote": vote_json(&vote),
            "can_vote": can_vote,
            "signed_in": actor.is_some(),
            "refusal": if vote.state == State::Open { refusal } else { None },
            "can_cancel": team && vote.state == State::Scheduled,
            "error": error,
        }),
    )
}

/// POST /fan-votes/{id}/ballot: `idea_id`.
pub async fn vote(SignedForm { ctx, actor, form, page, .. }: &SignedForm<FanVotePage>) -> AppResult<HttpResponse> {
    let here = format!("/fan-votes/{}", page.id);
    let input = BallotInput { idea_id: form.text("idea_id") };
    match fan_votes::vote(&ctx.state.db, actor, page.id.clone(), input).await {
        Ok(_) => {
            ctx.flash("flash-fan-vote-cast");
            Ok(ctx.redirect(&format!("{here}#vote")))
        }
        Err(AppError::Validation(errors)) => {
            let message = errors.first().map(|e| forms::message(ctx.lang, FormKind::FanVote, e));
            render_vote(ctx, page.id.clone(), StatusCode::UNPROCESSABLE_ENTITY, json!(message)).await
        }
        Err(e @ (AppError::Conflict { .. } | AppError::Forbidden { .. })) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&here))
        }
        Err(e) => Err(e),
    }
}

/// POST /fan-votes/{id}/ballot/delete.
pub async fn unvote(SignedForm { ctx, actor, page, .. }: &SignedForm<FanVotePage>) -> AppResult<HttpResponse> {
    let here = format!("/fan-votes/{}", page.id);
    match fan_votes::unvote(&ctx.state.db, actor, page.id.clone()).await {
        Ok(_) => ctx.flash("flash-fan-vote-withdrawn"),
        Err(e @ (AppError::Conflict { .. } | AppError::Forbidden { .. })) => ctx.flash_refusal(&e),
        Err(e) => return Err(e),
    }
    Ok(ctx.redirect(&here))
}

/// POST /fan-votes/{id}/cancel (product team, before the opening).
pub async fn cancel(SignedForm { ctx, actor, page, .. }: &SignedForm<FanVotePage>) -> AppResult<HttpResponse> {
    let here = format!("/fan-votes/{}", page.id);
    match fan_votes::cancel(&ctx.state.db, actor, page.id.clone()).await {
        Ok(_) => ctx.flash("flash-fan-vote-cancelled"),
        Err(e @ (AppError::Conflict { .. } | AppError::Forbidden { .. })) => ctx.flash_refusal(&e),
        Err(e) => return Err(e),
    }
    Ok(ctx.redirect(&here))
}

/// The zone the form's local times are in: the member's, else the site's.
fn zone(ctx: &PageCtx) -> chrono_tz::Tz {
    ctx.actor
        .as_ref()
        .and_then(|a| a.time_zone.clone())
        .unwrap_or_else(|| ctx.state.config.time_zone.clone())
        .parse()
        .unwrap_or(chrono_tz::UTC)
}

/// A `datetime-local` value (`2026-12-24T18:00`) in `zone`, as UTC.
pub fn parse_local(raw: &str, zone: chrono_tz::Tz) -> Option<chrono::DateTime<chrono::Utc>> {
    let raw = raw.trim();
    let naive = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    zone.from_local_datetime(&naive).earliest().map(|t| t.with_timezone(&chrono::Utc))
}

fn local_value(t: chrono::DateTime<chrono::Utc>, zone: chrono_tz::Tz) -> String {
    t.with_timezone(&zone).format("%Y-%m-%dT%H:%M").to_string()
}

/// GET /fan-votes/new (product team, admins).
pub async fn new_form(ctx: &PageCtx) -> AppResult<HttpResponse> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login("/fan-votes/new")) };
    if !actor.role.can_manage_challenges() {
        return Err(AppError::forbidden(
            crate::error::ErrorCode::ProductTeamOnly,
            "Only the product team runs fan votes.",
        ));
    }
    let now = chrono::Utc::now();
    let z = zone(ctx);
    let sent = json!({
        "title": "",
        "opens_at": local_value(now + chrono::Duration::hours(1), z),
        "closes_at": local_value(now + chrono::Duration::days(7), z),
        "show_results": "after_close",
        "idea_ids": [],
    });
    render_form(ctx, sent, json!({}), StatusCode::OK).await
}

async fn render_form(ctx: &PageCtx, sent: Value, errors: Value, status: StatusCode) -> AppResult<HttpResponse> {
    let candidates = ideas::list(
        &ctx.state.db,
        ctx.actor.as_ref(),
        IdeaQuery { limit: Some(CANDIDATES.into()), ..IdeaQuery::default() },
    )
    .await?;
    let chosen: Vec<String> = sent["idea_ids"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect())
        .unwrap_or_default();
    let candidates: Vec<Value> = candidates
        .items
        .iter()
        .map(|i| {
            json!({"id": i.id, "title": i.title, "supports": i.supports, "staff_pick": i.staff_pick.is_some(),
                "checked": chosen.iter().any(|c| c == i.id.as_str())})
        })
        .collect();
    ctx.page(
        status,
        "pages/fan_vote_form",
        &ctx.lang.t("fan-vote-new-title"),
        json!({
            "form": sent,
            "errors": errors,
            "candidates": candidates,
            "live": sent["show_results"] == "live",
            "limits": {"title_max": rules::TITLE_MAX, "min": rules::FINALISTS_MIN, "max": rules::FINALISTS_MAX},
        }),
    )
}

/// POST /fan-votes/new: `title`, `idea_ids` (checkboxes), `opens_at`, `closes_at` (local times), `show_results`.
pub async fn create(SignedForm { ctx, actor, form, .. }: &SignedForm<NewFanVote>) -> AppResult<HttpResponse> {
    let z = zone(ctx);
    let idea_ids: Vec<String> = form.all("idea_ids").into_iter().map(String::from).collect();
    let sent = json!({
        "title": form.text("title"),
        "opens_at": form.text("opens_at"),
        "closes_at": form.text("closes_at"),
        "show_results": form.text("show_results"),
        "idea_ids": idea_ids,
    });
    let mut bad_times = Vec::new();
    let opens_at = parse_local(&form.text("opens_at"), z);
    let closes_at = parse_local(&form.text("closes_at"), z);
    if opens_at.is_none() {
        bad_times.push(crate::error::FieldError::new("opens_at", "invalid", "A date and time."));
    }
    if closes_at.is_none() {
        bad_times.push(crate::error::FieldError::new("closes_at", "invalid", "A date and time."));
    }
    let result = match (opens_at, closes_at) {
        (Some(opens_at), Some(closes_at)) => {
            let input = CreateFanVote {
                title: form.text("title"),
                idea_ids: idea_ids.clone(),
                opens_at,
                closes_at,
                show_results: form.text("show_results"),
            };
            fan_votes::create(&ctx.state.db, actor, input).await
        }
        _ => Err(AppError::Validation(bad_times)),
    };
    match result {
        Ok(v) => {
            ctx.flash("flash-fan-vote-created");
            Ok(ctx.redirect(&format!("/fan-votes/{}", v.id)))
        }
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::FanVote, &errors);
            render_form(ctx, sent, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e @ AppError::Conflict { .. }) => {
            let errors = json!({"idea_ids": ctx.lang.t(&e.code().locale_key())});
            render_form(ctx, sent, errors, StatusCode::CONFLICT).await
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_whole_percent() {
        assert_eq!(shares(&[3, 1]), vec![75, 25]);
        assert_eq!(shares(&[0, 0]), vec![0, 0]);
        assert_eq!(shares(&[1, 1, 1]), vec![33, 33, 33]);
    }

    #[test]
    fn local_times_are_read_in_the_zone() {
        let zurich: chrono_tz::Tz = "Europe/Zurich".parse().unwrap();
        let t = parse_local("2026-12-24T18:00", zurich).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-12-24T17:00:00+00:00");
        assert_eq!(local_value(t, zurich), "2026-12-24T18:00");
        assert!(parse_local("tomorrow", zurich).is_none());
    }
}

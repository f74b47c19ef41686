//! The challenge page: brief, dates, phase, threshold, and its ideas with
//! sort and paging.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

use super::extract::{path_params, FormPage, Part, SignedForm, SlugParam};
use super::idea::idea_cards;
use super::session::{encode, FormData, PageCtx};
use crate::challenges::rules::Phase;
use crate::challenges::service::{self as challenges, ChallengeView};
use crate::error::{AppError, AppResult};
use crate::ideas::service::{self as ideas, IdeaQuery};
use crate::raffles::service::{self as raffles, CreateRaffle};

/// Ideas per page of a challenge.
const PAGE_SIZE: &str = "12";
const SORTS: [&str; 3] = ["top", "new", "trending"];

#[derive(Deserialize)]
pub struct ListQuery {
    sort: Option<String>,
    cursor: Option<String>,
}

/// Challenge cards for lists.
pub fn challenge_cards(items: &[ChallengeView]) -> Vec<Value> {
    items.iter().map(|c| json!(c)).collect()
}

/// GET /challenges/{slug}: `?sort=top|new|trending&cursor=`.
pub async fn show(ctx: &PageCtx, slug: web::Path<String>, query: web::Query<ListQuery>) -> AppResult<HttpResponse> {
    let (slug, query) = (slug.into_inner(), query.into_inner());
    let db = &ctx.state.db;
    let challenge = challenges::get(db, slug).await?;
    // An unknown sort in a hand-edited link falls back to the default order.
    let sort = query.sort.as_deref().filter(|s| SORTS.contains(s)).unwrap_or("top").to_string();
    let page = ideas::list(
        db,
        ctx.actor.as_ref(),
        IdeaQuery {
            sort: Some(sort.clone()),
            challenge: Some(challenge.id.to_string()),
            limit: Some(PAGE_SIZE.into()),
            cursor: query.cursor.clone(),
            ..IdeaQuery::default()
        },
    )
    .await?;
    let base = format!("/challenges/{}", challenge.slug);
    let sorts: Vec<Value> =
        SORTS.iter().map(|s| json!({"key": s, "url": format!("{base}?sort={s}"), "current": *s == sort})).collect();
    let next_url = page.next_cursor.as_deref().map(|c| format!("{base}?sort={sort}&cursor={}", encode(c)));
    let first_url = query.cursor.as_ref().map(|_| format!("{base}?sort={sort}"));
    let open = challenge.state == crate::challenges::rules::Phase::Open;
    // The prize draw: its commitment before, its published result after; the staff's buttons.
    let raffle = match raffles::get(db, challenge.slug.clone()).await {
        Ok(r) => Some(r),
        Err(AppError::NotFound(_)) => None,
        Err(e) => return Err(e),
    };
    let staff = ctx.actor.as_ref().is_some_and(|a| a.role.can_manage_challenges());
    let raffle_box = json!({
        "raffle": raffle,
        "drawn": raffle.as_ref().is_some_and(|r| r.state == "drawn"),
        "json_url": format!("/api/v1/challenges/{}/raffle", challenge.slug),
        "can_announce": staff && raffle.is_none() && challenge.state != Phase::Closed,
        "can_draw": staff && raffle.as_ref().is_some_and(|r| r.state == "committed") && challenge.state == Phase::Closed,
        "post_url": format!("/challenges/{}/raffle", challenge.slug),
    });
    ctx.page(
        StatusCode::OK,
        "pages/challenge",
        &challenge.title,
        json!({
            "challenge": challenge,
            "open": open,
            "submit_url": format!("/ideas/new?challenge={}", encode(&challenge.slug)),
            "ideas": idea_cards(&page.items, Some(challenge.support_threshold)),
            "sorts": sorts,
            "next_url": next_url,
            "first_url": first_url,
            "raffle_box": raffle_box,
        }),
    )
}

/// The challenge page a form is on: the slug from the path, as sent.
pub struct ChallengePage {
    pub slug: String,
}

impl FormPage for ChallengePage {
    fn locate(req: &HttpRequest, _: &FormData) -> AppResult<Self> {
        let SlugParam { slug } = path_params(req, "Challenge")?;
        Ok(ChallengePage { slug })
    }

    fn back(&self) -> String {
        format!("/challenges/{}", encode(&self.slug))
    }
}

/// The prize draw's box on the challenge page.
pub struct Raffle;

impl Part for Raffle {
    const SUFFIX: &'static str = "#raffle";
}

/// POST /challenges/{slug}/raffle: the product team announces a draw (`prizes`).
pub async fn announce_raffle(signed: &SignedForm<ChallengePage, Raffle>) -> AppResult<HttpResponse> {
    raffle_post(signed, false).await
}

/// POST /challenges/{slug}/raffle/draw: the product team draws the winners.
pub async fn draw_raffle(signed: &SignedForm<ChallengePage, Raffle>) -> AppResult<HttpResponse> {
    raffle_post(signed, true).await
}

async fn raffle_post(
    SignedForm { ctx, actor, form, page, .. }: &SignedForm<ChallengePage, Raffle>,
    draw: bool,
) -> AppResult<HttpResponse> {
    let slug = page.slug.clone();
    let back = format!("/challenges/{}#raffle", encode(&slug));
    let result = if draw {
        raffles::draw(&ctx.state.db, actor, slug).await.map(|_| "flash-raffle-drawn")
    } else {
        let prizes = form.text("prizes").trim().parse::<i32>().unwrap_or(0);
        raffles::create(&ctx.state.db, actor, slug, CreateRaffle { prizes }).await.map(|_| "flash-raffle-announced")
    };
    match result {
        Ok(key) => ctx.flash(key),
        Err(AppError::Validation(_)) => ctx.flash("flash-err-raffle-prizes"),
        Err(e @ AppError::Conflict { .. }) => ctx.flash_refusal(&e),
        Err(e) => return Err(e),
    }
    Ok(ctx.redirect(&back))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::extract::sign_in_return;

    #[test]
    fn raffle_forms_come_back_to_the_draw() {
        let back = sign_in_return::<ChallengePage, Raffle>(&[("slug", "snacks 2026")], "prizes=3");
        assert_eq!(back.ok().as_deref(), Some("/challenges/snacks+2026#raffle"));
    }
}

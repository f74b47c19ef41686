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
use crate::challenges::service::{self as challenges, ChallengeQuery, ChallengeView};
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

/// A challenge in a select: its title and phase ("Snacks (closed)").
pub fn challenge_label(lang: crate::pages::Lang, c: &ChallengeView) -> String {
    use fluent_templates::fluent_bundle::FluentValue;
    let phase = lang.t_with("challenge-phase", &[("phase", FluentValue::from(c.state.as_str()))]);
    format!("{} ({phase})", c.title)
}

/// Open and upcoming challenges shown on `/challenges` (there are few at a time).
const CURRENT_MAX: &str = "50";
/// Past challenges per page of `/challenges`.
const PAST_PAGE: &str = "12";

#[derive(Deserialize)]
pub struct OverviewQuery {
    /// The cursor of the past challenges.
    past: Option<String>,
}

/// GET /challenges: open, upcoming and past challenges (`?past=<cursor>` pages
/// the past ones); each past one with what came of it: ideas that reached
/// review, were approved, made the shelf, and the raffle's winners.
pub async fn list(ctx: &PageCtx, query: web::Query<OverviewQuery>) -> AppResult<HttpResponse> {
    let db = &ctx.state.db;
    let cursor = query.into_inner().past;
    let of = |state: &str, limit: &str, cursor: Option<String>| ChallengeQuery {
        state: Some(state.into()),
        limit: Some(limit.into()),
        cursor,
    };
    let open = challenges::list(db, of("open", CURRENT_MAX, None)).await?;
    let upcoming = challenges::list(db, of("upcoming", CURRENT_MAX, None)).await?;
    // A hand-edited page link gets the first page of the past ones.
    let past = match challenges::list(db, of("closed", PAST_PAGE, cursor.clone())).await {
        Ok(p) => p,
        Err(AppError::Validation(_)) => challenges::list(db, of("closed", PAST_PAGE, None)).await?,
        Err(e) => return Err(e),
    };
    let ids: Vec<String> = past.items.iter().map(|c| c.id.to_string()).collect();
    let outcomes = challenges::outcomes(db, ids.clone()).await?;
    let draws = raffles::summaries(db, ids).await?;
    let past_cards: Vec<Value> = past
        .items
        .iter()
        .map(|c| {
            let mut card = json!(c);
            if let Some(obj) = card.as_object_mut() {
                obj.insert("outcome".into(), json!(outcomes.get(c.id.as_str()).cloned().unwrap_or_default()));
                obj.insert("raffle".into(), json!(draws.get(c.id.as_str())));
            }
            card
        })
        .collect();
    let next_url = past.next_cursor.as_deref().map(|c| format!("/challenges?past={}#past", encode(c)));
    let first_url = cursor.map(|_| "/challenges#past".to_string());
    ctx.page(
        StatusCode::OK,
        "pages/challenges",
        &ctx.lang.t("challenges-title"),
        json!({
            "open": challenge_cards(&open.items),
            "upcoming": challenge_cards(&upcoming.items),
            "past": past_cards,
            "next_url": next_url,
            "first_url": first_url,
        }),
    )
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
    // The places in plain words: each winner (once drawn) with the prize's name, if it has one.
    let places: Vec<Value> = raffle
        .as_ref()
        .map(|r| {
            let winners = r.winners.clone().unwrap_or_default();
            let n = if r.winners.is_some() { winners.len() } else { r.prize_names.len() };
            (0..n).map(|i| json!({"winner": winners.get(i), "name": r.prize_names.get(i)})).collect()
        })
        .unwrap_or_default();
    let raffle_box = json!({
        "places": places,
        "named": raffle.as_ref().is_some_and(|r| !r.prize_names.is_empty()),
        "raffle": raffle,
        "drawn": raffle.as_ref().is_some_and(|r| r.state == "drawn"),
        "json_url": format!("/api/v1/challenges/{}/raffle", challenge.slug),
        "can_announce": staff && raffle.is_none() && challenge.state != Phase::Closed,
        "can_draw": staff && raffle.as_ref().is_some_and(|r| r.state == "committed") && challenge.state == Phase::Closed,
        "post_url": format!("/challenges/{}/raffle", challenge.slug),
    });
    let news = super::challenge_news::news_box(ctx, &challenge.slug).await?;
    let feeds = super::challenge_news::feed_links(
        ctx,
        &[
            (
                ctx.lang.t_with("feed-challenge-ideas-link", &[("challenge", challenge.title.clone().into())]),
                format!("/api/v1/feeds/challenges/{}/ideas", challenge.slug),
            ),
            (
                ctx.lang.t_with("feed-news-link", &[("challenge", challenge.title.clone().into())]),
                format!("/api/v1/feeds/challenges/{}/news", challenge.slug),
            ),
        ],
    );
    ctx.page(
        StatusCode::OK,
        "pages/challenge",
        &challenge.title,
        json!({
            "news": news,
            "feeds": feeds,
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
        // One prize a line; blank lines are left out.
        let prize_names: Vec<String> =
            form.text("prize_names").lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect();
        raffles::create(&ctx.state.db, actor, slug, CreateRaffle { prizes, prize_names })
            .await
            .map(|_| "flash-raffle-announced")
    };
    match result {
        Ok(key) => ctx.flash(key),
        Err(AppError::Validation(errors)) if errors.iter().any(|e| e.field.starts_with("prize_names")) => {
            ctx.flash("flash-err-raffle-prize-names")
        }
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

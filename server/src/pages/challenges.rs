//! The challenge page: brief, dates, phase, threshold, and its ideas with
//! sort and paging.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

use super::ideas::idea_cards;
use super::session::{encode, PageCtx};
use crate::challenges::service::{self as challenges, ChallengeView};
use crate::error::AppResult;
use crate::ideas::service::{self as ideas, IdeaQuery};

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

pub async fn show(ctx: PageCtx, slug: web::Path<String>, query: web::Query<ListQuery>) -> HttpResponse {
    let result = render(&ctx, slug.into_inner(), query.into_inner()).await;
    ctx.finish(result)
}

async fn render(ctx: &PageCtx, slug: String, query: ListQuery) -> AppResult<HttpResponse> {
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
    let sorts: Vec<Value> = SORTS
        .iter()
        .map(|s| json!({"key": s, "url": format!("{base}?sort={s}"), "current": *s == sort}))
        .collect();
    let next_url = page.next_cursor.as_deref().map(|c| format!("{base}?sort={sort}&cursor={}", encode(c)));
    let first_url = query.cursor.as_ref().map(|_| format!("{base}?sort={sort}"));
    let open = challenge.state == crate::challenges::rules::Phase::Open;
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
        }),
    )
}

//! The home page: open challenges, top ideas and new ideas.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use serde_json::json;

use super::challenges::challenge_cards;
use super::idea::idea_cards;
use super::session::PageCtx;
use crate::challenges::service::{self as challenges, ChallengeQuery};
use crate::error::AppResult;
use crate::ideas::service::{self as ideas, IdeaQuery};

/// How many ideas each list on the home page shows.
const HOME_IDEAS: &str = "6";

/// GET /: open challenges, top ideas, new ideas.
pub async fn home(ctx: &PageCtx) -> AppResult<HttpResponse> {
    let db = &ctx.state.db;
    let viewer = ctx.actor.as_ref();
    let open =
        challenges::list(db, ChallengeQuery { state: Some("open".into()), limit: Some("12".into()), cursor: None })
            .await?;
    let query =
        |sort: &str| IdeaQuery { sort: Some(sort.into()), limit: Some(HOME_IDEAS.into()), ..IdeaQuery::default() };
    let top = ideas::list(db, viewer, query("top")).await?;
    let newest = ideas::list(db, viewer, query("new")).await?;
    ctx.page(
        StatusCode::OK,
        "pages/home",
        &ctx.lang.t("home-title"),
        json!({
            "feeds": super::challenge_news::feed_links(ctx, &[(ctx.lang.t("feed-ideas-link"), "/api/v1/feeds/ideas".into())]),
            "challenges": challenge_cards(&open.items),
            "top": idea_cards(&top.items, None),
            "newest": idea_cards(&newest.items, None),
        }),
    )
}

//! JSON door onto points, badges and leaderboards.

use actix_web::{get, web, HttpResponse};

use super::service::{self, BadgeInfo, BadgeView, Board, BoardQuery, EntriesQuery, PointsView};
use crate::error::AppResult;
use crate::http::auth::MaybeUser;
use crate::http::State;

/// A member's balance, level, progress to the next level and point history.
#[utoipa::path(tag = "points", operation_id = "of_member", params(EntriesQuery),
    responses((status = 200, body = PointsView)))]
#[get("/users/{handle}/points")]
pub async fn points(
    state: State,
    handle: web::Path<String>,
    query: web::Query<EntriesQuery>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::points(&state.db, handle.into_inner(), query.into_inner()).await?))
}

/// The badges a member holds, with the date each was awarded.
#[utoipa::path(tag = "points", responses((status = 200, body = [BadgeView])))]
#[get("/users/{handle}/badges")]
pub async fn member_badges(state: State, handle: web::Path<String>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::badges_of(&state.db, handle.into_inner()).await?))
}

/// Every badge, and how many members hold it.
#[utoipa::path(tag = "points", responses((status = 200, body = [BadgeInfo])))]
#[get("/badges")]
pub async fn badges(state: State) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::badges(&state.db).await?))
}

/// A leaderboard: all time, the last 30 days, or a challenge's.
#[utoipa::path(tag = "points", params(BoardQuery), security((), ("bearer" = [])),
    responses((status = 200, body = Board)))]
#[get("/leaderboard")]
pub async fn leaderboard(state: State, user: MaybeUser, query: web::Query<BoardQuery>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::leaderboard(&state.db, user.0.as_ref(), query.into_inner()).await?))
}

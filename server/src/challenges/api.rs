//! JSON door onto challenges.

use actix_web::{get, patch, post, web, HttpResponse};

use super::service::{self, ChallengeQuery, ChallengeView, CreateChallenge, UpdateChallenge};
use crate::error::{AppResult, Problem};
use crate::http::auth::CurrentUser;
use crate::http::json::ApiJson;
use crate::http::State;
use crate::pagination::Page;

/// List challenges, newest first.
#[utoipa::path(tag = "challenges", params(ChallengeQuery),
    responses((status = 200, body = Page<ChallengeView>)))]
#[get("/challenges")]
pub async fn list(state: State, query: web::Query<ChallengeQuery>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::list(&state.db, query.into_inner()).await?))
}

/// Create a challenge (product team, admin).
#[utoipa::path(tag = "challenges", request_body = CreateChallenge,
    security(("bearer" = [])),
    responses((status = 201, body = ChallengeView), (status = 403, description = "`product_team_only`", body = Problem)))]
#[post("/challenges")]
pub async fn create(state: State, user: CurrentUser, body: ApiJson<CreateChallenge>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service::create(&state.db, &user.0, body.0).await?))
}

/// A challenge by id or slug.
#[utoipa::path(tag = "challenges", responses((status = 200, body = ChallengeView)))]
#[get("/challenges/{id_or_slug}")]
pub async fn get(state: State, key: web::Path<String>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::get(&state.db, key.into_inner()).await?))
}

/// Edit a challenge (product team, admin).
#[utoipa::path(tag = "challenges", request_body = UpdateChallenge,
    security(("bearer" = [])),
    responses((status = 200, body = ChallengeView), (status = 403, description = "`product_team_only`", body = Problem),
        (status = 409, description = "`vote_mode_locked`: the vote mode or budget after the first support", body = Problem)))]
#[patch("/challenges/{id_or_slug}")]
pub async fn update(
    state: State,
    user: CurrentUser,
    key: web::Path<String>,
    body: ApiJson<UpdateChallenge>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::update(&state.db, &user.0, key.into_inner(), body.0).await?))
}

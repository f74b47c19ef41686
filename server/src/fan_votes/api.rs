//! JSON door onto fan votes.

use actix_web::{delete, get, patch, post, put, web, HttpResponse};

use super::service::{self, BallotInput, CreateFanVote, FanVoteView, UpdateFanVote};
use crate::error::{AppResult, Problem};
use crate::http::auth::{CurrentUser, MaybeUser};
use crate::http::json::ApiJson;
use crate::http::State;

/// Every fan vote (the latest to close first, at most 100), with results where they show.
#[utoipa::path(tag = "fan_votes", security((), ("bearer" = [])), responses((status = 200, body = Vec<FanVoteView>)))]
#[get("/fan-votes")]
pub async fn list(state: State, user: MaybeUser) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::list(&state.db, user.0.as_ref()).await?))
}

/// Put 2 to 6 finalist ideas to a vote (product team, admins); audited.
#[utoipa::path(tag = "fan_votes", request_body = CreateFanVote, security(("bearer" = [])),
    responses((status = 201, body = FanVoteView), (status = 403, description = "`product_team_only`", body = Problem),
        (status = 409, description = "`finalist_not_eligible`, `finalist_in_other_vote` (with `idea_id`, `fan_vote_id`)",
            body = Problem),
        (status = 422, description = "`validation`: `title`, `idea_ids`, `closes_at`, `show_results`", body = Problem)))]
#[post("/fan-votes")]
pub async fn create(state: State, user: CurrentUser, body: ApiJson<CreateFanVote>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service::create(&state.db, &user.0, body.0).await?))
}

/// One fan vote: finalists, state, the member's ballot, and the results when they show (`results: null` while
/// hidden).
#[utoipa::path(tag = "fan_votes", security((), ("bearer" = [])), responses((status = 200, body = FanVoteView)))]
#[get("/fan-votes/{id}")]
pub async fn get(state: State, user: MaybeUser, id: web::Path<String>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::get(&state.db, user.0.as_ref(), id.into_inner()).await?))
}

/// Change a vote before it opens (product team, admins); audited.
#[utoipa::path(tag = "fan_votes", request_body = UpdateFanVote, security(("bearer" = [])),
    responses((status = 200, body = FanVoteView), (status = 403, description = "`product_team_only`", body = Problem),
        (status = 409, description = "`fan_vote_started`, `finalist_not_eligible`, `finalist_in_other_vote`",
            body = Problem)))]
#[patch("/fan-votes/{id}")]
pub async fn update(
    state: State,
    user: CurrentUser,
    id: web::Path<String>,
    body: ApiJson<UpdateFanVote>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::update(&state.db, &user.0, id.into_inner(), body.0).await?))
}

/// Cancel a vote before it opens (product team, admins); audited.
#[utoipa::path(tag = "fan_votes", security(("bearer" = [])),
    responses((status = 200, body = FanVoteView), (status = 403, description = "`product_team_only`", body = Problem),
        (status = 409, description = "`fan_vote_started`", body = Problem)))]
#[delete("/fan-votes/{id}")]
pub async fn cancel(state: State, user: CurrentUser, id: web::Path<String>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::cancel(&state.db, &user.0, id.into_inner()).await?))
}

/// Cast or change one's ballot while the vote is open (verified members; staff do not vote).
#[utoipa::path(tag = "fan_votes", request_body = BallotInput, security(("bearer" = [])),
    responses((status = 200, body = FanVoteView),
        (status = 403, description = "`staff_cannot_vote`, `suspended`, `email_not_verified`", body = Problem),
        (status = 409, description = "`fan_vote_not_open`, `fan_vote_closed`", body = Problem),
        (status = 422, description = "`validation`: `idea_id` (`not_finalist`)", body = Problem)))]
#[put("/fan-votes/{id}/ballot")]
pub async fn vote(
    state: State,
    user: CurrentUser,
    id: web::Path<String>,
    body: ApiJson<BallotInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::vote(&state.db, &user.0, id.into_inner(), body.0).await?))
}

/// Withdraw one's ballot while the vote is open (idempotent).
#[utoipa::path(tag = "fan_votes", security(("bearer" = [])),
    responses((status = 200, body = FanVoteView), (status = 403, description = "`staff_cannot_vote`, `suspended`",
        body = Problem), (status = 409, description = "`fan_vote_not_open`, `fan_vote_closed`", body = Problem)))]
#[delete("/fan-votes/{id}/ballot")]
pub async fn unvote(state: State, user: CurrentUser, id: web::Path<String>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::unvote(&state.db, &user.0, id.into_inner()).await?))
}

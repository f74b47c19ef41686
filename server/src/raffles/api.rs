//! JSON door onto raffles.

use actix_web::{get, post, web, HttpResponse};

use super::service::{self, CreateRaffle, RaffleView};
use crate::error::{AppResult, Problem};
use crate::http::auth::CurrentUser;
use crate::http::json::ApiJson;
use crate::http::State;

/// Announce a challenge's raffle (product team, admins): the seed's commitment is published at once.
#[utoipa::path(tag = "raffles", request_body = CreateRaffle,
    security(("bearer" = [])),
    responses((status = 201, body = RaffleView), (status = 403, description = "`product_team_only`", body = Problem),
        (status = 409, description = "`raffle_too_late`, `raffle_exists`", body = Problem)))]
#[post("/challenges/{id_or_slug}/raffle")]
pub async fn create(
    state: State,
    user: CurrentUser,
    key: web::Path<String>,
    body: ApiJson<CreateRaffle>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service::create(&state.db, &user.0, key.into_inner(), body.0).await?))
}

/// A challenge's raffle: the commitment; after the draw, the seed, the frozen list, its hash and the winners.
#[utoipa::path(tag = "raffles", responses((status = 200, body = RaffleView)))]
#[get("/challenges/{id_or_slug}/raffle")]
pub async fn get(state: State, key: web::Path<String>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::get(&state.db, key.into_inner()).await?))
}

/// Draw the winners after the challenge closed (product team, admins); once.
#[utoipa::path(tag = "raffles", security(("bearer" = [])),
    responses((status = 200, body = RaffleView), (status = 403, description = "`product_team_only`", body = Problem),
        (status = 409, description = "`draw_too_early`, `already_drawn`", body = Problem)))]
#[post("/challenges/{id_or_slug}/raffle/draw")]
pub async fn draw(state: State, user: CurrentUser, key: web::Path<String>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::draw(&state.db, &user.0, key.into_inner()).await?))
}

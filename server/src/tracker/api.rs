//! JSON door onto the status tracker.

use actix_web::{get, post, web, HttpResponse};

use super::service::{self, CreateUpdate, RoadmapColumn, TimelineEvent, TransitionInput, UpdateView};
use crate::error::{AppResult, Problem};
use crate::http::auth::{CurrentUser, MaybeUser};
use crate::http::json::ApiJson;
use crate::http::State;
use crate::ideas::service::IdeaView;
use crate::ids::IdeaId;

/// Move an idea to another state. An illegal move is 409 naming the allowed
/// moves; a move your role may not make is 403.
#[utoipa::path(tag = "tracker", request_body = TransitionInput,
    security(("bearer" = [])),
    responses((status = 200, body = IdeaView), (status = 403, body = Problem),
        (status = 409, description = "Illegal move; `allowed` lists the legal ones", body = Problem),
        (status = 422, body = Problem)))]
#[post("/ideas/{id}/transitions")]
pub async fn transition(
    state: State,
    user: CurrentUser,
    id: web::Path<IdeaId>,
    body: ApiJson<TransitionInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::transition(&state.db, &user.0, id.into_inner(), body.0).await?))
}

/// Every status event of an idea, oldest first.
#[utoipa::path(tag = "tracker",
    responses((status = 200, body = Vec<TimelineEvent>), (status = 404, body = Problem)))]
#[get("/ideas/{id}/timeline")]
pub async fn timeline(state: State, user: MaybeUser, id: web::Path<IdeaId>) -> AppResult<HttpResponse> {
    let items = service::timeline(&state.db, user.0.as_ref(), id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
}

/// The author's updates on an idea, newest first.
#[utoipa::path(tag = "tracker",
    responses((status = 200, body = Vec<UpdateView>), (status = 404, body = Problem)))]
#[get("/ideas/{id}/updates")]
pub async fn updates(state: State, user: MaybeUser, id: web::Path<IdeaId>) -> AppResult<HttpResponse> {
    let items = service::updates(&state.db, user.0.as_ref(), id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
}

/// Post a creator update; every supporter is notified.
#[utoipa::path(tag = "tracker", request_body = CreateUpdate,
    security(("bearer" = [])),
    responses((status = 201, body = UpdateView), (status = 403, body = Problem), (status = 422, body = Problem)))]
#[post("/ideas/{id}/updates")]
pub async fn post_update(
    state: State,
    user: CurrentUser,
    id: web::Path<IdeaId>,
    body: ApiJson<CreateUpdate>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service::post_update(&state.db, &user.0, id.into_inner(), body.0).await?))
}

/// The public roadmap: ideas from review to the shelf.
#[utoipa::path(tag = "tracker", responses((status = 200, body = Vec<RoadmapColumn>)))]
#[get("/roadmap")]
pub async fn roadmap(state: State, user: MaybeUser) -> AppResult<HttpResponse> {
    let columns = service::roadmap(&state.db, user.0.as_ref()).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "columns": columns })))
}

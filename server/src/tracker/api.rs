//! JSON door onto the status tracker.

use actix_web::{get, post, web, HttpResponse};

use super::service::{self, CreateUpdate, RoadmapColumn, TimelineEvent, TransitionInput, UpdateView};
use crate::error::{AppResult, Problem};
use crate::http::auth::{CurrentUser, MaybeUser};
use crate::http::json::ApiJson;
use crate::http::State;
use crate::ideas::service::IdeaView;
use crate::ids::IdeaId;
use crate::pagination::Items;

/// Move an idea to another state. An illegal move is 409 naming the allowed
/// moves; a move your role may not make is 403.
#[utoipa::path(tag = "tracker", request_body = TransitionInput,
    security(("bearer" = [])),
    responses((status = 200, body = IdeaView),
        (status = 403, description = "`suspended`, `move_not_permitted`", body = Problem),
        (status = 409, description = "`illegal_move` (`allowed` lists the legal moves), `state_changed`", body = Problem)))]
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
#[utoipa::path(tag = "tracker", security((), ("bearer" = [])), responses((status = 200, body = Items<TimelineEvent>)))]
#[get("/ideas/{id}/timeline")]
pub async fn timeline(state: State, user: MaybeUser, id: web::Path<IdeaId>) -> AppResult<HttpResponse> {
    let items = service::timeline(&state.db, user.0.as_ref(), id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(Items { items }))
}

/// The author's updates on an idea, newest first.
#[utoipa::path(tag = "tracker", security((), ("bearer" = [])), responses((status = 200, body = Items<UpdateView>)))]
#[get("/ideas/{id}/updates")]
pub async fn updates(state: State, user: MaybeUser, id: web::Path<IdeaId>) -> AppResult<HttpResponse> {
    let items = service::updates(&state.db, user.0.as_ref(), id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(Items { items }))
}

/// Post a creator update; every supporter is notified.
#[utoipa::path(tag = "tracker", request_body = CreateUpdate,
    security(("bearer" = [])),
    responses((status = 201, body = UpdateView), (status = 403, description = "`suspended`, `not_author`", body = Problem)))]
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
#[utoipa::path(tag = "tracker", security((), ("bearer" = [])), responses((status = 200, body = Roadmap)))]
#[get("/roadmap")]
pub async fn roadmap(state: State, user: MaybeUser) -> AppResult<HttpResponse> {
    let columns = service::roadmap(&state.db, user.0.as_ref()).await?;
    Ok(HttpResponse::Ok().json(Roadmap { columns }))
}

/// The public roadmap's columns, from review to the shelf.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Roadmap {
    pub columns: Vec<RoadmapColumn>,
}

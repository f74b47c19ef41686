//! JSON door onto community tips.

use actix_web::{delete, get, patch, post, put, web, HttpResponse};

use super::service::{self, CreateTip, TipHelpful, TipQuery, TipView, UpdateTip};
use crate::error::{AppResult, Problem};
use crate::http::auth::{CurrentUser, MaybeUser};
use crate::http::json::ApiJson;
use crate::http::State;
use crate::ids::TipId;
use crate::pagination::Page;

/// List tips (newest or most helpful first), by product, tag or author.
#[utoipa::path(tag = "tips", params(TipQuery), security((), ("bearer" = [])),
    responses((status = 200, body = Page<TipView>)))]
#[get("/tips")]
pub async fn list(state: State, user: MaybeUser, query: web::Query<TipQuery>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::list(&state.db, user.0.as_ref(), query.into_inner()).await?))
}

/// Share a tip.
#[utoipa::path(tag = "tips", request_body = CreateTip, security(("bearer" = [])),
    responses((status = 201, body = TipView), (status = 403, description = "`suspended`", body = Problem)))]
#[post("/tips")]
pub async fn create(state: State, user: CurrentUser, body: ApiJson<CreateTip>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service::create(&state.db, &user.0, body.0).await?))
}

/// One tip.
#[utoipa::path(tag = "tips", security((), ("bearer" = [])), responses((status = 200, body = TipView)))]
#[get("/tips/{id}")]
pub async fn get(state: State, user: MaybeUser, id: web::Path<TipId>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::get(&state.db, user.0.as_ref(), id.into_inner()).await?))
}

/// Edit your tip.
#[utoipa::path(tag = "tips", request_body = UpdateTip, security(("bearer" = [])),
    responses((status = 200, body = TipView), (status = 403, description = "`suspended`, `not_author`", body = Problem)))]
#[patch("/tips/{id}")]
pub async fn update(
    state: State,
    user: CurrentUser,
    id: web::Path<TipId>,
    body: ApiJson<UpdateTip>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::update(&state.db, &user.0, id.into_inner(), body.0).await?))
}

/// Delete your tip (moderators may delete any).
#[utoipa::path(tag = "tips", security(("bearer" = [])),
    responses((status = 204, description = "Deleted"), (status = 403, description = "`not_author`", body = Problem)))]
#[delete("/tips/{id}")]
pub async fn delete(state: State, user: CurrentUser, id: web::Path<TipId>) -> AppResult<HttpResponse> {
    service::delete(&state.db, &user.0, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Mark another member's tip as helpful (once).
#[utoipa::path(tag = "tips", security(("bearer" = [])),
    responses((status = 200, body = TipHelpful), (status = 403, description = "`suspended`, `own_content`", body = Problem)))]
#[put("/tips/{id}/helpful")]
pub async fn helpful(state: State, user: CurrentUser, id: web::Path<TipId>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::helpful(&state.db, &user.0, id.into_inner(), true).await?))
}

/// Take back a helpful mark.
#[utoipa::path(tag = "tips", security(("bearer" = [])),
    responses((status = 200, body = TipHelpful)))]
#[delete("/tips/{id}/helpful")]
pub async fn unhelpful(state: State, user: CurrentUser, id: web::Path<TipId>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::helpful(&state.db, &user.0, id.into_inner(), false).await?))
}

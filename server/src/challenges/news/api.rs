//! JSON door onto challenge news.

use actix_web::{delete, get, patch, post, web, HttpResponse};

use super::service::{self, CreateNews, NewsQuery, NewsView, UpdateNews};
use crate::error::{AppResult, Problem};
use crate::http::auth::{CurrentUser, MaybeUser};
use crate::http::json::ApiJson;
use crate::http::State;
use crate::ids::NewsId;
use crate::pagination::Page;

/// A challenge's news, newest first (scheduled posts only for the staff).
#[utoipa::path(tag = "challenges", params(NewsQuery), security((), ("bearer" = [])),
    responses((status = 200, body = Page<NewsView>), (status = 404, description = "`not_found`", body = Problem)))]
#[get("/challenges/{id_or_slug}/news")]
pub async fn list_news(
    state: State,
    user: MaybeUser,
    key: web::Path<String>,
    query: web::Query<NewsQuery>,
) -> AppResult<HttpResponse> {
    let page = service::list(&state.db, user.0.as_ref(), key.into_inner(), query.into_inner()).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Post news on a challenge (the product team, admins).
#[utoipa::path(tag = "challenges", request_body = CreateNews, security(("bearer" = [])),
    responses((status = 201, body = NewsView), (status = 403, description = "`product_team_only`", body = Problem),
        (status = 404, description = "`not_found`", body = Problem)))]
#[post("/challenges/{id_or_slug}/news")]
pub async fn create_news(
    state: State,
    user: CurrentUser,
    key: web::Path<String>,
    body: ApiJson<CreateNews>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service::create(&state.db, &user.0, key.into_inner(), body.0).await?))
}

/// One news post.
#[utoipa::path(tag = "challenges", security((), ("bearer" = [])),
    responses((status = 200, body = NewsView), (status = 404, description = "`not_found`", body = Problem)))]
#[get("/news/{id}")]
pub async fn get_news(state: State, user: MaybeUser, id: web::Path<NewsId>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::get(&state.db, user.0.as_ref(), id.into_inner()).await?))
}

/// Edit a news post (the product team, admins).
#[utoipa::path(tag = "challenges", request_body = UpdateNews, security(("bearer" = [])),
    responses((status = 200, body = NewsView), (status = 403, description = "`product_team_only`", body = Problem),
        (status = 404, description = "`not_found`", body = Problem)))]
#[patch("/news/{id}")]
pub async fn update_news(
    state: State,
    user: CurrentUser,
    id: web::Path<NewsId>,
    body: ApiJson<UpdateNews>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::update(&state.db, &user.0, id.into_inner(), body.0).await?))
}

/// Delete a news post (the product team, admins).
#[utoipa::path(tag = "challenges", security(("bearer" = [])),
    responses((status = 204, description = "Deleted"), (status = 403, description = "`product_team_only`", body = Problem),
        (status = 404, description = "`not_found`", body = Problem)))]
#[delete("/news/{id}")]
pub async fn delete_news(state: State, user: CurrentUser, id: web::Path<NewsId>) -> AppResult<HttpResponse> {
    service::delete(&state.db, &user.0, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

//! JSON door onto products, ratings, reviews and review-spike alerts.

use actix_web::{delete, get, patch, post, put, web, HttpResponse};

use super::service::{
    self, AlertView, CreateProduct, FollowState, HelpfulResult, ProductList, ProductQuery, ProductView, RateInput,
    RateResult, RatingSummary, ReviewPage, ReviewQuery, UpdateProduct,
};
use crate::error::{AppResult, Problem};
use crate::http::auth::{CurrentUser, MaybeUser};
use crate::http::json::ApiJson;
use crate::http::State;
use crate::ids::{AlertId, ReviewId};

/// List products with filters (category, brand, minimum rating) and cursor pagination.
#[utoipa::path(tag = "products", params(ProductQuery),
    responses((status = 200, body = ProductList)))]
#[get("/products")]
pub async fn list(state: State, query: web::Query<ProductQuery>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::list(&state.db, query.into_inner()).await?))
}

/// Add a product to the catalogue (product team, admins).
#[utoipa::path(tag = "products", request_body = CreateProduct, security(("bearer" = [])),
    responses((status = 201, body = ProductView), (status = 403, description = "`product_team_only`", body = Problem)))]
#[post("/products")]
pub async fn create(state: State, user: CurrentUser, body: ApiJson<CreateProduct>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service::create(&state.db, &user.0, body.0).await?))
}

/// One product, by id or slug, with its rating summary (and, for the product team, open alerts).
#[utoipa::path(tag = "products", security((), ("bearer" = [])), responses((status = 200, body = ProductView)))]
#[get("/products/{id_or_slug}")]
pub async fn get(state: State, user: MaybeUser, key: web::Path<String>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::get(&state.db, user.0.as_ref(), key.into_inner()).await?))
}

/// Change a product (product team, admins).
#[utoipa::path(tag = "products", request_body = UpdateProduct,
    security(("bearer" = [])),
    responses((status = 200, body = ProductView), (status = 403, description = "`product_team_only`", body = Problem)))]
#[patch("/products/{id_or_slug}")]
pub async fn update(
    state: State,
    user: CurrentUser,
    key: web::Path<String>,
    body: ApiJson<UpdateProduct>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::update(&state.db, &user.0, key.into_inner(), body.0).await?))
}

/// Rate a product 1–5 stars with an optional review; again to change it.
#[utoipa::path(tag = "products", request_body = RateInput,
    security(("bearer" = [])),
    responses((status = 200, description = "Your rating changed", body = RateResult),
        (status = 201, description = "Your first rating of this product", body = RateResult),
        (status = 403, description = "`suspended`", body = Problem)))]
#[put("/products/{id_or_slug}/rating")]
pub async fn rate(
    state: State,
    user: CurrentUser,
    key: web::Path<String>,
    body: ApiJson<RateInput>,
) -> AppResult<HttpResponse> {
    let result = service::rate(&state.db, &user.0, state.config.spike_rule(), key.into_inner(), body.0).await?;
    Ok(if result.created { HttpResponse::Created() } else { HttpResponse::Ok() }.json(result))
}

/// Remove your rating of a product.
#[utoipa::path(tag = "products", security(("bearer" = [])),
    responses((status = 200, body = RatingSummary)))]
#[delete("/products/{id_or_slug}/rating")]
pub async fn unrate(state: State, user: CurrentUser, key: web::Path<String>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::unrate(&state.db, &user.0, key.into_inner()).await?))
}

/// A product's reviews (newest, most helpful, highest or lowest first) and its rating summary.
#[utoipa::path(tag = "products", params(ReviewQuery), security((), ("bearer" = [])),
    responses((status = 200, body = ReviewPage)))]
#[get("/products/{id_or_slug}/ratings")]
pub async fn reviews(
    state: State,
    user: MaybeUser,
    key: web::Path<String>,
    query: web::Query<ReviewQuery>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok()
        .json(service::reviews(&state.db, user.0.as_ref(), key.into_inner(), query.into_inner()).await?))
}

/// Mark a review as helpful (once; not your own).
#[utoipa::path(tag = "products", security(("bearer" = [])),
    responses((status = 200, body = HelpfulResult), (status = 403, description = "`suspended`, `own_content`", body = Problem)))]
#[put("/reviews/{id}/helpful")]
pub async fn helpful(state: State, user: CurrentUser, id: web::Path<ReviewId>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::review_helpful(&state.db, &user.0, id.into_inner(), true).await?))
}

/// Take back a helpful mark.
#[utoipa::path(tag = "products", security(("bearer" = [])),
    responses((status = 200, body = HelpfulResult)))]
#[delete("/reviews/{id}/helpful")]
pub async fn unhelpful(state: State, user: CurrentUser, id: web::Path<ReviewId>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::review_helpful(&state.db, &user.0, id.into_inner(), false).await?))
}

/// Open review-spike alerts (product team, admins).
#[utoipa::path(tag = "products", security(("bearer" = [])),
    responses((status = 200, body = Vec<AlertView>), (status = 403, description = "`product_team_only`", body = Problem)))]
#[get("/product-alerts")]
pub async fn alerts(state: State, user: CurrentUser) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::alerts(&state.db, &user.0).await?))
}

/// Mark an alert as dealt with.
#[utoipa::path(tag = "products", security(("bearer" = [])),
    responses((status = 200, body = AlertView), (status = 403, description = "`product_team_only`", body = Problem)))]
#[post("/product-alerts/{id}/resolve")]
pub async fn resolve_alert(state: State, user: CurrentUser, id: web::Path<AlertId>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::resolve_alert(&state.db, &user.0, id.into_inner()).await?))
}

/// Follow a product: hear of each new question about it.
#[utoipa::path(tag = "products", security(("bearer" = [])),
    responses((status = 200, body = FollowState), (status = 403, description = "`suspended`", body = Problem)))]
#[put("/products/{id_or_slug}/follow")]
pub async fn follow(state: State, user: CurrentUser, key: web::Path<String>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::follow(&state.db, &user.0, key.into_inner(), true).await?))
}

/// Stop following a product.
#[utoipa::path(tag = "products", security(("bearer" = [])), responses((status = 200, body = FollowState)))]
#[delete("/products/{id_or_slug}/follow")]
pub async fn unfollow(state: State, user: CurrentUser, key: web::Path<String>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::follow(&state.db, &user.0, key.into_inner(), false).await?))
}

//! JSON door onto trust and safety: the suspected vote rings (moderators).

use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;

use super::service::{self, CaseSummary, CaseView, DecisionInput, DecisionResult, HoldView};
use crate::error::{AppResult, Problem};
use crate::http::auth::CurrentUser;
use crate::http::json::ApiJson;
use crate::http::State;
use crate::pagination::Items;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct CasesQuery {
    /// open, voided or cleared; default all.
    pub status: Option<String>,
}

/// Suspected vote rings found by the scan, newest first (moderators).
#[utoipa::path(tag = "moderation", params(CasesQuery), security(("bearer" = [])),
    responses((status = 200, body = Items<CaseSummary>), (status = 403, description = "`moderators_only`", body = Problem),
        (status = 422, description = "`validation`: `status` is `invalid`", body = Problem)))]
#[get("/trust/cases")]
pub async fn list(state: State, user: CurrentUser, query: web::Query<CasesQuery>) -> AppResult<HttpResponse> {
    let items = service::list(&state.db, &user.0, query.into_inner().status).await?;
    Ok(HttpResponse::Ok().json(Items { items }))
}

/// A case: its accounts, the ideas they pushed, the signals, the graph (SVG) and what voiding changes.
#[utoipa::path(tag = "moderation", security(("bearer" = [])),
    responses((status = 200, body = CaseView), (status = 403, description = "`moderators_only`", body = Problem),
        (status = 404, description = "`not_found`", body = Problem)))]
#[get("/trust/cases/{id}")]
pub async fn get(state: State, user: CurrentUser, id: web::Path<String>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::get(&state.db, &user.0, id.into_inner()).await?))
}

/// Void the ring: its supports removed and their points reversed, tiers recomputed, the accounts suspended,
/// the authors told (one transaction; moderators).
#[utoipa::path(tag = "moderation", request_body = DecisionInput, security(("bearer" = [])),
    responses((status = 200, body = DecisionResult), (status = 403, description = "`moderators_only`", body = Problem),
        (status = 404, description = "`not_found`", body = Problem),
        (status = 409, description = "`case_decided` (`case_status` names the case's state)", body = Problem)))]
#[post("/trust/cases/{id}/void")]
pub async fn void(
    state: State,
    user: CurrentUser,
    id: web::Path<String>,
    body: ApiJson<DecisionInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::void(&state.db, &user.0, id.into_inner(), body.0).await?))
}

/// Clear the case: not a ring; the same accounts are not flagged again (moderators).
#[utoipa::path(tag = "moderation", request_body = DecisionInput, security(("bearer" = [])),
    responses((status = 200, body = DecisionResult), (status = 403, description = "`moderators_only`", body = Problem),
        (status = 404, description = "`not_found`", body = Problem),
        (status = 409, description = "`case_decided`", body = Problem)))]
#[post("/trust/cases/{id}/clear")]
pub async fn clear(
    state: State,
    user: CurrentUser,
    id: web::Path<String>,
    body: ApiJson<DecisionInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::clear(&state.db, &user.0, id.into_inner(), body.0).await?))
}

/// Undo a void: the accounts are unsuspended and the case counts as cleared (the removed supports are not
/// given back; moderators).
#[utoipa::path(tag = "moderation", request_body = DecisionInput, security(("bearer" = [])),
    responses((status = 200, body = DecisionResult), (status = 403, description = "`moderators_only`", body = Problem),
        (status = 404, description = "`not_found`", body = Problem),
        (status = 409, description = "`case_decided`", body = Problem)))]
#[post("/trust/cases/{id}/restore")]
pub async fn restore(
    state: State,
    user: CurrentUser,
    id: web::Path<String>,
    body: ApiJson<DecisionInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::restore(&state.db, &user.0, id.into_inner(), body.0).await?))
}

/// Ideas held before a tier or review for too many flagged supports, oldest first (moderators).
#[utoipa::path(tag = "moderation", security(("bearer" = [])),
    responses((status = 200, body = Items<HoldView>), (status = 403, description = "`moderators_only`", body = Problem)))]
#[get("/trust/holds")]
pub async fn holds(state: State, user: CurrentUser) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(Items { items: service::holds(&state.db, &user.0).await? }))
}

/// Release a held idea: it moves on with its next support and is not held again (moderators).
#[utoipa::path(tag = "moderation", request_body = DecisionInput, security(("bearer" = [])),
    responses((status = 200, body = HoldView), (status = 403, description = "`moderators_only`", body = Problem),
        (status = 404, description = "`not_found`: the idea is not held", body = Problem)))]
#[post("/trust/holds/{idea_id}/release")]
pub async fn release(
    state: State,
    user: CurrentUser,
    idea_id: web::Path<String>,
    body: ApiJson<DecisionInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::release(&state.db, &user.0, idea_id.into_inner(), body.0).await?))
}

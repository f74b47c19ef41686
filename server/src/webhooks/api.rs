//! JSON door onto webhooks (admins only).

use actix_web::{delete, get, patch, post, web, HttpResponse};

use super::service::{
    self, CreateWebhook, Targets, UpdateWebhook, WebhookDeliveryView, WebhookView, WebhookWithSecret,
};
use crate::error::{AppResult, Problem};
use crate::http::auth::CurrentUser;
use crate::http::json::ApiJson;
use crate::http::State;

fn targets(state: &State) -> Targets {
    Targets { allow_private: state.config.webhook_allow_private }
}

/// Register a webhook endpoint (admins). The answer carries the signing secret, this once.
#[utoipa::path(tag = "webhooks", request_body = CreateWebhook, security(("bearer" = [])),
    responses((status = 201, body = WebhookWithSecret), (status = 403, description = "`admins_only`", body = Problem),
        (status = 422, description = "`validation`, `webhook_target_refused`, `webhook_target_unresolvable`",
            body = Problem)))]
#[post("/webhooks")]
pub async fn create(state: State, user: CurrentUser, body: ApiJson<CreateWebhook>) -> AppResult<HttpResponse> {
    let t = targets(&state);
    Ok(HttpResponse::Created().json(service::create(&state.db, &user.0, body.0, t).await?))
}

/// The webhook endpoints, without their secrets (admins).
#[utoipa::path(tag = "webhooks", security(("bearer" = [])),
    responses((status = 200, body = Vec<WebhookView>), (status = 403, description = "`admins_only`", body = Problem)))]
#[get("/webhooks")]
pub async fn list(state: State, user: CurrentUser) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::list(&state.db, &user.0).await?))
}

/// One webhook endpoint, without its secret (admins).
#[utoipa::path(tag = "webhooks", security(("bearer" = [])),
    responses((status = 200, body = WebhookView), (status = 403, description = "`admins_only`", body = Problem),
        (status = 404, body = Problem)))]
#[get("/webhooks/{id}")]
pub async fn get(state: State, user: CurrentUser, id: web::Path<uuid::Uuid>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::get(&state.db, &user.0, id.into_inner().to_string()).await?))
}

/// Change an endpoint's URL, events, description, or turn it on or off (admins).
#[utoipa::path(tag = "webhooks", request_body = UpdateWebhook, security(("bearer" = [])),
    responses((status = 200, body = WebhookView), (status = 403, description = "`admins_only`", body = Problem),
        (status = 404, body = Problem),
        (status = 422, description = "`validation`, `webhook_target_refused`, `webhook_target_unresolvable`",
            body = Problem)))]
#[patch("/webhooks/{id}")]
pub async fn update(
    state: State,
    user: CurrentUser,
    id: web::Path<uuid::Uuid>,
    body: ApiJson<UpdateWebhook>,
) -> AppResult<HttpResponse> {
    let t = targets(&state);
    Ok(HttpResponse::Ok().json(service::update(&state.db, &user.0, id.into_inner().to_string(), body.0, t).await?))
}

/// Delete an endpoint and its delivery log (admins).
#[utoipa::path(tag = "webhooks", security(("bearer" = [])),
    responses((status = 204), (status = 403, description = "`admins_only`", body = Problem), (status = 404, body = Problem)))]
#[delete("/webhooks/{id}")]
pub async fn remove(state: State, user: CurrentUser, id: web::Path<uuid::Uuid>) -> AppResult<HttpResponse> {
    service::delete(&state.db, &user.0, id.into_inner().to_string()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A new signing secret, shown this once; the previous one keeps signing for 24 hours (admins).
#[utoipa::path(tag = "webhooks", security(("bearer" = [])),
    responses((status = 200, body = WebhookWithSecret), (status = 403, description = "`admins_only`", body = Problem),
        (status = 404, body = Problem)))]
#[post("/webhooks/{id}/rotate")]
pub async fn rotate(state: State, user: CurrentUser, id: web::Path<uuid::Uuid>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::rotate(&state.db, &user.0, id.into_inner().to_string()).await?))
}

/// The endpoint's delivery log: its latest 50 messages with every attempt (admins).
#[utoipa::path(tag = "webhooks", security(("bearer" = [])),
    responses((status = 200, body = Vec<WebhookDeliveryView>), (status = 403, description = "`admins_only`", body = Problem),
        (status = 404, body = Problem)))]
#[get("/webhooks/{id}/deliveries")]
pub async fn deliveries(state: State, user: CurrentUser, id: web::Path<uuid::Uuid>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::deliveries(&state.db, &user.0, id.into_inner().to_string()).await?))
}

/// Send a message again, with the same `webhook-id` (admins).
#[utoipa::path(tag = "webhooks", security(("bearer" = [])),
    responses((status = 202), (status = 403, description = "`admins_only`", body = Problem), (status = 404, body = Problem)))]
#[post("/webhooks/{id}/deliveries/{delivery}/redeliver")]
pub async fn redeliver(state: State, user: CurrentUser, path: web::Path<(uuid::Uuid, i64)>) -> AppResult<HttpResponse> {
    let (id, delivery) = path.into_inner();
    service::redeliver(&state.db, &user.0, id.to_string(), delivery).await?;
    Ok(HttpResponse::Accepted().finish())
}

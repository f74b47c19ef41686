//! The admins' webhooks page (`/admin/webhooks`): the endpoints with forms to create one (the secret is shown
//! once, on the answer), change its events, turn it on or off, rotate its secret and delete it; each
//! endpoint's delivery log (`/admin/webhooks/{id}`) with redelivery. Forms without JavaScript; the same
//! `webhooks::service` as the API.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde_json::{json, Value};

use super::extract::PostForm;
use super::session::PageCtx;
use crate::error::{AppError, AppResult};
use crate::webhooks::service::{self, CreateWebhook, Targets, UpdateWebhook, WebhookWithSecret};

fn targets(ctx: &PageCtx) -> Targets {
    Targets { allow_private: ctx.state.config.webhook_allow_private }
}

/// The list page, with a secret just made (shown once) or a refusal to show.
async fn list_page(
    ctx: &PageCtx,
    status: StatusCode,
    made: Option<&WebhookWithSecret>,
    problem: Option<String>,
    form: Value,
) -> AppResult<HttpResponse> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login("/admin/webhooks")) };
    let endpoints = service::list(&ctx.state.db, actor).await?;
    let rows: Vec<Value> = endpoints
        .iter()
        .map(|w| {
            let events: Vec<Value> = service::all_events()
                .into_iter()
                .map(|e| json!({"name": e, "checked": w.events.iter().any(|x| x == e)}))
                .collect();
            json!({"w": w, "events": events})
        })
        .collect();
    let chosen: Vec<String> = form["events"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect())
        .unwrap_or_default();
    let events: Vec<Value> = service::all_events()
        .into_iter()
        .map(|e| json!({"name": e, "checked": chosen.iter().any(|c| c == e)}))
        .collect();
    ctx.page(
        status,
        "pages/admin_webhooks",
        &ctx.lang.t("webhooks-title"),
        json!({
            "rows": rows, "events": events, "form": form, "problem": problem,
            "made": made.map(|m| json!({"id": m.webhook.id, "url": m.webhook.url, "secret": m.secret})),
        }),
    )
}

/// GET /admin/webhooks (admins; others 403, signed out → sign-in).
pub async fn list(ctx: &PageCtx) -> AppResult<HttpResponse> {
    list_page(ctx, StatusCode::OK, None, None, json!({})).await
}

/// A refusal the form shows (its code's sentence); anything else goes to the error page.
fn shown(ctx: &PageCtx, e: AppError) -> AppResult<String> {
    match e {
        AppError::Validation(_) | AppError::Unprocessable { .. } => Ok(ctx.lang.t(&e.code().locale_key())),
        e => Err(e),
    }
}

/// POST /admin/webhooks: `url`, `description`, `events` (repeated). Answers with the page and the secret.
pub async fn create(PostForm { ctx, form }: &PostForm) -> AppResult<HttpResponse> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login("/admin/webhooks")) };
    let input = CreateWebhook {
        url: form.text("url"),
        events: form.all("events").into_iter().map(String::from).collect(),
        description: form.text("description"),
    };
    let echo = json!({"url": input.url, "description": input.description, "events": input.events});
    match service::create(&ctx.state.db, actor, input, targets(ctx)).await {
        Ok(made) => list_page(ctx, StatusCode::CREATED, Some(&made), None, json!({})).await,
        Err(e) => {
            let problem = shown(ctx, e)?;
            list_page(ctx, StatusCode::UNPROCESSABLE_ENTITY, None, Some(problem), echo).await
        }
    }
}

/// POST /admin/webhooks/{id}: `action` = `events` (with `events` repeated), `enable`, `disable`, `rotate`
/// (answers with the page and the new secret) or `delete`.
pub async fn act(PostForm { ctx, form }: &PostForm, id: web::Path<uuid::Uuid>) -> AppResult<HttpResponse> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login("/admin/webhooks")) };
    let (db, id) = (&ctx.state.db, id.into_inner().to_string());
    let update = |input: UpdateWebhook| service::update(db, actor, id.clone(), input, targets(ctx));
    let result = match form.text("action").as_str() {
        "events" => update(UpdateWebhook {
            events: Some(form.all("events").into_iter().map(String::from).collect()),
            ..Default::default()
        })
        .await
        .map(|_| "flash-webhook-saved"),
        "enable" => {
            update(UpdateWebhook { enabled: Some(true), ..Default::default() }).await.map(|_| "flash-webhook-saved")
        }
        "disable" => {
            update(UpdateWebhook { enabled: Some(false), ..Default::default() }).await.map(|_| "flash-webhook-saved")
        }
        "delete" => service::delete(db, actor, id.clone()).await.map(|_| "flash-webhook-deleted"),
        "rotate" => {
            let made = service::rotate(db, actor, id.clone()).await?;
            return list_page(ctx, StatusCode::OK, Some(&made), None, json!({})).await;
        }
        _ => Err(AppError::bad_request("Unknown action.")),
    };
    match result {
        Ok(key) => {
            ctx.flash(key);
            Ok(ctx.redirect("/admin/webhooks"))
        }
        Err(e) => {
            let problem = shown(ctx, e)?;
            list_page(ctx, StatusCode::UNPROCESSABLE_ENTITY, None, Some(problem), json!({})).await
        }
    }
}

/// GET /admin/webhooks/{id}: the endpoint's delivery log.
pub async fn deliveries(ctx: &PageCtx, id: web::Path<uuid::Uuid>) -> AppResult<HttpResponse> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&ctx.here)) };
    let id = id.into_inner().to_string();
    let endpoint = service::get(&ctx.state.db, actor, id.clone()).await?;
    let log = service::deliveries(&ctx.state.db, actor, id).await?;
    ctx.page(
        StatusCode::OK,
        "pages/admin_webhook_deliveries",
        &ctx.lang.t("webhooks-deliveries-title"),
        json!({"w": endpoint, "log": log}),
    )
}

/// POST /admin/webhooks/{id}/redeliver: `delivery`.
pub async fn redeliver(PostForm { ctx, form }: &PostForm, id: web::Path<uuid::Uuid>) -> AppResult<HttpResponse> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login("/admin/webhooks")) };
    let id = id.into_inner().to_string();
    let delivery: i64 = form.text("delivery").parse().map_err(|_| AppError::not_found("Delivery"))?;
    service::redeliver(&ctx.state.db, actor, id.clone(), delivery).await?;
    ctx.flash("flash-webhook-redelivered");
    Ok(ctx.redirect(&format!("/admin/webhooks/{id}")))
}

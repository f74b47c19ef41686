//! The member's rating and review: the rating form's posts.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde_json::json;

use super::page::render_product;
use super::product_key;
use crate::error::{AppError, AppResult};
use crate::pages::forms::{self, FormKind};
use crate::pages::session::PageCtx;
use crate::products::service::{self as products, RateInput};

/// POST /products/{slug}/rating: `stars` (1–5), `title`, `body`.
pub async fn rate(ctx: PageCtx, key: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let result = rate_product(&ctx, &key, &body).await;
    ctx.finish(result)
}

async fn rate_product(ctx: &PageCtx, key: &str, body: &[u8]) -> AppResult<HttpResponse> {
    let form = ctx.verify_form(body)?;
    let key = product_key(key)?;
    let here = format!("/products/{key}");
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&format!("{here}#rating"))) };
    // No choice (or a hand-made value) is 0 stars, which the domain refuses at the field.
    let stars = form.get("stars").and_then(|s| s.trim().parse::<i32>().ok()).unwrap_or(0);
    let input = RateInput { stars, title: form.text("title"), body: form.text("body") };
    let sent = json!({"stars": stars, "title": input.title, "body": input.body});
    let spike = ctx.state.config.spike_rule();
    match products::rate(&ctx.state.db, actor, spike, key.clone(), input).await {
        Ok(r) => {
            ctx.flash(if r.created { "flash-rated" } else { "flash-rating-changed" });
            Ok(ctx.redirect(&format!("{here}#rating")))
        }
        Err(AppError::Validation(errors)) => {
            let mut sent = sent;
            sent["errors"] = forms::errors_json(ctx.lang, FormKind::Review, &errors);
            render_product(ctx, key, None, None, json!({"rate": sent}), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e @ AppError::Forbidden { .. }) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&format!("{here}#rating")))
        }
        Err(e) => Err(e),
    }
}

/// POST /products/{slug}/rating/delete: removes the member's rating.
pub async fn unrate(ctx: PageCtx, key: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let result = unrate_product(&ctx, &key, &body).await;
    ctx.finish(result)
}

async fn unrate_product(ctx: &PageCtx, key: &str, body: &[u8]) -> AppResult<HttpResponse> {
    ctx.verify_form(body)?;
    let key = product_key(key)?;
    let here = format!("/products/{key}");
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&here)) };
    products::unrate(&ctx.state.db, actor, key.clone()).await?;
    ctx.flash("flash-rating-removed");
    Ok(ctx.redirect(&format!("{here}#rating")))
}

//! The product team resolves a review-spike alert on the product page.

use actix_web::{web, HttpResponse};

use super::product_key;
use crate::error::AppResult;
use crate::pages::session::PageCtx;
use crate::products::service as products;

/// POST /products/{slug}/alerts/{id}/resolve (product team, admins).
pub async fn resolve_alert(ctx: PageCtx, path: web::Path<(String, String)>, body: web::Bytes) -> HttpResponse {
    let (key, id) = path.into_inner();
    let result = resolve(&ctx, &key, id, &body).await;
    ctx.finish(result)
}

async fn resolve(ctx: &PageCtx, key: &str, id: String, body: &[u8]) -> AppResult<HttpResponse> {
    ctx.verify_form(body)?;
    let key = product_key(key)?;
    let here = format!("/products/{key}");
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&here)) };
    products::resolve_alert(&ctx.state.db, actor, id).await?;
    ctx.flash("flash-alert-resolved");
    Ok(ctx.redirect(&here))
}

//! The product team resolves a review-spike alert on the product page.

use actix_web::{web, HttpResponse};

use super::ProductPage;
use crate::error::AppResult;
use crate::pages::extract::SignedForm;
use crate::products::service as products;

/// POST /products/{slug}/alerts/{id}/resolve (product team, admins).
pub async fn resolve_alert(
    SignedForm { ctx, actor, page, .. }: &SignedForm<ProductPage>,
    path: web::Path<(String, String)>,
) -> AppResult<HttpResponse> {
    let (_, id) = path.into_inner();
    let here = format!("/products/{}", page.key);
    let id = crate::ids::AlertId::parse(&id).ok_or_else(|| crate::error::AppError::not_found("Alert"))?;
    products::resolve_alert(&ctx.state.db, actor, id).await?;
    ctx.flash("flash-alert-resolved");
    Ok(ctx.redirect(&here))
}

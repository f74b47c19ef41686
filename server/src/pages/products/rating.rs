//! The member's rating and review: the rating form's posts.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use serde_json::json;

use super::page::render_product;
use super::ProductPage;
use crate::error::{AppError, AppResult};
use crate::pages::extract::{Part, SignedForm};
use crate::pages::forms::{self, FormKind};
use crate::products::service::{self as products, RateInput};

/// The rating form on the product page.
pub struct Rating;

impl Part for Rating {
    const SUFFIX: &'static str = "#rating";
}

/// POST /products/{slug}/rating: `stars` (1–5), `title`, `body`.
pub async fn rate(
    SignedForm { ctx, actor, form, page, .. }: &SignedForm<ProductPage, Rating>,
) -> AppResult<HttpResponse> {
    let key = page.key.clone();
    let here = format!("/products/{key}");
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
            render_product(
                ctx,
                key,
                None,
                None,
                Default::default(),
                json!({"rate": sent}),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e @ AppError::Forbidden { .. }) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&format!("{here}#rating")))
        }
        Err(e) => Err(e),
    }
}

/// POST /products/{slug}/rating/delete: removes the member's rating.
pub async fn unrate(SignedForm { ctx, actor, page, .. }: &SignedForm<ProductPage>) -> AppResult<HttpResponse> {
    let key = page.key.clone();
    let here = format!("/products/{key}");
    products::unrate(&ctx.state.db, actor, key.clone()).await?;
    ctx.flash("flash-rating-removed");
    Ok(ctx.redirect(&format!("{here}#rating")))
}

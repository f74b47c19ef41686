//! Marking a review helpful and reporting one, from the product page.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use serde_json::json;

use super::page::render_product;
use super::{product_key, ProductPage, REVIEW_SORTS};
use crate::error::{AppError, AppResult};
use crate::ids::ReviewId;
use crate::moderation::service::{self as moderation, ReportInput};
use crate::pages::extract::{path_params, FormPage, IdParam, SignedForm, SlugParam};
use crate::pages::forms::{self, FormKind};
use crate::pages::session::FormData;
use crate::products::service as products;

/// A review on the product page, in the order the form came from (`sort`).
pub struct ReviewOnPage {
    id: ReviewId,
    back: String,
}

impl FormPage for ReviewOnPage {
    fn locate(req: &HttpRequest, form: &FormData) -> AppResult<Self> {
        let SlugParam { slug } = path_params(req, "Product")?;
        let key = product_key(&slug)?;
        let IdParam { id } = path_params(req, "Review")?;
        let id = ReviewId::parse(&id).ok_or_else(|| AppError::not_found("Review"))?;
        let sort = form.get("sort").filter(|s| REVIEW_SORTS.contains(s)).unwrap_or("newest");
        let back = if sort == "newest" {
            format!("/products/{key}#review-{id}")
        } else {
            format!("/products/{key}?reviews={sort}#review-{id}")
        };
        Ok(ReviewOnPage { id, back })
    }

    fn back(&self) -> String {
        self.back.clone()
    }
}

/// POST /products/{slug}/reviews/{id}/helpful: `on` (1 marks, 0 takes the
/// mark back), `sort` (the order of the reviews to come back to).
pub async fn review_helpful(
    SignedForm { ctx, actor, form, page, .. }: &SignedForm<ReviewOnPage>,
) -> AppResult<HttpResponse> {
    let id = page.id.clone();
    let back = &page.back;
    let on = form.get("on") != Some("0");
    match products::review_helpful(&ctx.state.db, actor, id, on).await {
        Ok(_) => {}
        Err(e @ (AppError::Forbidden { .. } | AppError::Conflict { .. })) => ctx.flash_refusal(&e),
        Err(e) => return Err(e),
    }
    Ok(ctx.redirect(back))
}

/// POST /products/{slug}/report: `target_type` (`review`), `target_id`, `reason`.
pub async fn report(SignedForm { ctx, actor, form, page, .. }: &SignedForm<ProductPage>) -> AppResult<HttpResponse> {
    let key = page.key.clone();
    let here = format!("/products/{key}");
    let target_id = form.text("target_id");
    let reason = form.text("reason");
    let review = ReviewId::parse(&target_id).ok_or_else(|| AppError::not_found("Review"))?;
    let input = ReportInput { target_type: "review".into(), target_id: target_id.clone(), reason: reason.clone() };
    match moderation::report(&ctx.state.db, actor, ctx.state.config.report_threshold, input).await {
        Ok(r) if r.hidden && !actor.role.can_moderate() => {
            ctx.flash("flash-reported-review-hidden");
            Ok(ctx.redirect(&format!("{here}#reviews")))
        }
        Ok(r) => {
            ctx.flash(if r.new { "flash-reported" } else { "flash-reported-again" });
            Ok(ctx.redirect(&format!("{here}#review-{review}")))
        }
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Reason, &errors);
            let message = errors.get("reason").cloned().unwrap_or_else(|| json!(ctx.lang.t("err-invalid")));
            let sent = json!({"target_id": review.to_string(), "reason": reason, "error": message});
            render_product(
                ctx,
                key,
                None,
                None,
                Default::default(),
                json!({"report": sent}),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e @ AppError::Forbidden { .. }) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&format!("{here}#review-{review}")))
        }
        Err(e) => Err(e),
    }
}

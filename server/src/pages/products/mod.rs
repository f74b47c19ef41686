//! Product pages, one file a part: the catalogue with filters
//! (`catalogue.rs`), the product page (`page.rs`: rating summary, reviews,
//! the member's own rating, tips about the product, the idea it came from
//! and, for the product team, open review-spike alerts), the rating form's
//! posts (`rating.rs`), marking and reporting reviews (`reviews.rs`),
//! resolving alerts (`alerts.rs`) and the product team's forms (`team.rs`).
//!
//! Everything goes through `products::service` (and `tips::service`,
//! `moderation::service` for reports) exactly as the API does; who may manage
//! products is the domain's rule, asked ahead (`products::service::ensure_product_team`).

mod alerts;
mod catalogue;
mod page;
mod rating;
mod reviews;
mod team;

use actix_web::HttpRequest;
use serde_json::{json, Value};

use crate::accounts::Actor;
use crate::error::{AppError, AppResult};
use crate::pages::extract::{path_params, FormPage, SlugParam};
use crate::pages::session::{FormData, PageCtx};
use crate::products::service::{self as products, ProductView, RatingSummary};

pub use alerts::resolve_alert;
pub use catalogue::list;
pub use page::show;
pub use rating::{rate, unrate};
pub use reviews::{report, review_helpful};
pub use team::{create, edit_form, new_form, update};

/// The product page with a form that failed validation (`{"ask": …}`), answered 422.
pub(super) async fn render_with_forms(ctx: &PageCtx, key: String, forms: Value) -> AppResult<actix_web::HttpResponse> {
    let status = actix_web::http::StatusCode::UNPROCESSABLE_ENTITY;
    page::render_product(ctx, key, None, None, Default::default(), forms, status).await
}

/// The reviews' orders on the product page.
const REVIEW_SORTS: [&str; 4] = ["newest", "helpful", "highest", "lowest"];

/// Whether the viewer manages the catalogue (the domain's rule).
pub(super) fn manages_products(actor: Option<&Actor>) -> bool {
    actor.is_some_and(|a| products::ensure_product_team(a).is_ok())
}

fn clean(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(String::from)
}

/// A product key from a path: a slug or an id. Anything else cannot name a
/// product, and would not be safe to put back into a redirect.
fn product_key(raw: &str) -> AppResult<String> {
    let key = raw.trim();
    if !key.is_empty() && key.len() <= 100 && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        Ok(key.to_string())
    } else {
        Err(AppError::not_found("Product"))
    }
}

/// The product page a form is on: the product's key, from the path.
pub struct ProductPage {
    pub key: String,
}

impl FormPage for ProductPage {
    fn locate(req: &HttpRequest, _: &FormData) -> AppResult<Self> {
        let SlugParam { slug } = path_params(req, "Product")?;
        Ok(ProductPage { key: product_key(&slug)? })
    }

    fn back(&self) -> String {
        format!("/products/{}", self.key)
    }
}

/// How much of five stars an average fills, in whole percent.
fn fill_percent(stars: f64) -> i64 {
    let p = (stars.clamp(0.0, 5.0) * 20.0).round();
    // In 0..=100 after the clamp, so the cast is exact.
    p as i64
}

/// A rating summary as the pages show it: the average in the page's
/// language, how much of the five stars it fills, and the histogram from five
/// stars down, each row with its share of all ratings.
pub(super) fn rating_json(ctx: &PageCtx, r: &RatingSummary) -> Value {
    let total = i64::from(r.count.max(0));
    let rows: Vec<Value> = (1..=5usize)
        .rev()
        .map(|stars| {
            let n = i64::from(r.histogram.get(stars - 1).copied().unwrap_or(0).max(0));
            let percent = if total > 0 { (n * 100 + total / 2) / total } else { 0 };
            json!({"stars": stars, "count": n, "percent": percent})
        })
        .collect();
    json!({
        "count": r.count,
        "rated": r.count > 0,
        "average": ctx.lang.decimal(r.average),
        "fill": fill_percent(r.average),
        "rows": rows,
    })
}

/// Product cards for lists.
pub(super) fn product_cards(ctx: &PageCtx, items: &[ProductView]) -> Vec<Value> {
    items
        .iter()
        .map(|p| {
            let mut v = json!(p);
            if let Some(obj) = v.as_object_mut() {
                obj.insert("stars".into(), rating_json(ctx, &p.rating));
            }
            v
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::extract::{sign_in_return, Edit, Whole};

    #[test]
    fn forms_come_back_to_the_product() {
        let slug = [("slug", " roesti-classic ")];
        let back = |r: AppResult<String>| r.ok();
        assert_eq!(back(sign_in_return::<ProductPage, Whole>(&slug, "")).as_deref(), Some("/products/roesti-classic"));
        assert_eq!(
            back(sign_in_return::<ProductPage, rating::Rating>(&slug, "")).as_deref(),
            Some("/products/roesti-classic#rating")
        );
        assert_eq!(
            back(sign_in_return::<ProductPage, Edit>(&slug, "")).as_deref(),
            Some("/products/roesti-classic/edit")
        );
        assert!(matches!(sign_in_return::<ProductPage, Whole>(&[("slug", "a/b")], ""), Err(AppError::NotFound(_))));
        let review = [("slug", "roesti-classic"), ("id", "0190F000-0000-7000-8000-000000000001")];
        assert_eq!(
            back(sign_in_return::<reviews::ReviewOnPage, Whole>(&review, "on=1&sort=helpful")).as_deref(),
            Some("/products/roesti-classic?reviews=helpful#review-0190f000-0000-7000-8000-000000000001")
        );
        assert_eq!(
            back(sign_in_return::<reviews::ReviewOnPage, Whole>(&review, "sort=elsewhere")).as_deref(),
            Some("/products/roesti-classic#review-0190f000-0000-7000-8000-000000000001")
        );
        let no_review = [("slug", "roesti-classic"), ("id", "x")];
        assert!(matches!(sign_in_return::<reviews::ReviewOnPage, Whole>(&no_review, ""), Err(AppError::NotFound(_))));
    }

    #[test]
    fn stars_fill_and_keys() {
        assert_eq!(fill_percent(0.0), 0);
        assert_eq!(fill_percent(4.25), 85);
        assert_eq!(fill_percent(5.0), 100);
        assert_eq!(fill_percent(7.0), 100);
        assert_eq!(product_key(" baerlauch-pesto ").ok().as_deref(), Some("baerlauch-pesto"));
        assert!(product_key("a/b").is_err());
        assert!(product_key("x\r\nLocation: y").is_err());
        assert!(product_key("").is_err());
    }
}

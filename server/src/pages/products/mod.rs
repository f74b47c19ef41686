//! Product pages: the catalogue with filters, the product page (rating
//! summary, reviews, the member's own rating, tips about the product, the
//! idea it came from and, for the product team, open review-spike alerts),
//! the product team's forms, and the posts behind them.
//!
//! Everything goes through `products::service` (and `tips::service`,
//! `moderation::service` for reports) exactly as the API does; who may manage
//! products is the domain's rule, asked ahead (`products::service::ensure_product_team`).

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::accounts::Actor;
use crate::error::{AppError, AppResult};
use crate::moderation::service::{self as moderation, ReportInput};
use crate::pages::forms::{self, FormKind};
use crate::pages::idea::idea_ref;
use crate::pages::session::{encode, opt, query_string, FormData, PageCtx};
use crate::pages::tips::tip_cards;
use crate::products::rules as product_rules;
use crate::products::service::{
    self as products, CreateProduct, ProductQuery, ProductView, RateInput, RatingSummary, ReviewQuery, ReviewView,
    UpdateProduct,
};
use crate::tips::service::{self as tips, TipQuery};

/// Products per page of the catalogue.
const PAGE_SIZE: &str = "24";
/// Reviews per page of a product.
const REVIEWS_PER_PAGE: &str = "10";
/// Tips the product page shows (the rest are one link away).
const PRODUCT_TIPS: &str = "4";
const SORTS: [&str; 3] = ["name", "rating", "newest"];
const REVIEW_SORTS: [&str; 4] = ["newest", "helpful", "highest", "lowest"];
/// The "at least n stars" choices of the catalogue filter.
const MIN_RATINGS: [&str; 4] = ["4", "3", "2", "1"];

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

// ---------------------------------------------------------------------------
// The catalogue

#[derive(Deserialize)]
pub struct ListQuery {
    category: Option<String>,
    brand: Option<String>,
    min_rating: Option<String>,
    from_ideas: Option<String>,
    sort: Option<String>,
    cursor: Option<String>,
}

/// GET /products
pub async fn list(ctx: PageCtx, query: web::Query<ListQuery>) -> HttpResponse {
    let result = render_list(&ctx, query.into_inner()).await;
    ctx.finish(result)
}

async fn render_list(ctx: &PageCtx, q: ListQuery) -> AppResult<HttpResponse> {
    let category = clean(&q.category);
    let brand = clean(&q.brand);
    // Hand-edited links with an unknown choice fall back to no filter / the default order.
    let min_rating = clean(&q.min_rating).filter(|m| MIN_RATINGS.contains(&m.as_str()));
    let from_ideas = matches!(q.from_ideas.as_deref(), Some("1" | "true" | "on" | "yes"));
    let sort = clean(&q.sort).filter(|s| SORTS.contains(&s.as_str())).unwrap_or_else(|| "name".into());
    let list = products::list(
        &ctx.state.db,
        ProductQuery {
            category: category.clone(),
            brand: brand.clone(),
            min_rating: min_rating.clone(),
            from_ideas: from_ideas.then(|| "true".into()),
            sort: Some(sort.clone()),
            limit: Some(PAGE_SIZE.into()),
            cursor: q.cursor.clone(),
        },
    )
    .await?;
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if let Some(c) = &category {
        pairs.push(("category", c.clone()));
    }
    if let Some(b) = &brand {
        pairs.push(("brand", b.clone()));
    }
    if let Some(m) = &min_rating {
        pairs.push(("min_rating", m.clone()));
    }
    if from_ideas {
        pairs.push(("from_ideas", "1".into()));
    }
    let filtered = !pairs.is_empty();
    pairs.push(("sort", sort.clone()));
    let base = format!("/products?{}", query_string(&pairs));
    let next_url = list.next_cursor.as_deref().map(|c| format!("{base}&cursor={}", encode(c)));
    let first_url = q.cursor.as_ref().map(|_| base.clone());
    let options = |facets: &[products::FacetCount], chosen: &Option<String>| -> Vec<Value> {
        facets
            .iter()
            .map(|f| json!({"value": f.value, "count": f.count, "selected": chosen.as_deref() == Some(f.value.as_str())}))
            .collect()
    };
    let ratings: Vec<Value> =
        MIN_RATINGS.iter().map(|m| json!({"value": m, "selected": min_rating.as_deref() == Some(*m)})).collect();
    let sorts: Vec<Value> = SORTS.iter().map(|s| json!({"key": s, "selected": *s == sort})).collect();
    ctx.page(
        StatusCode::OK,
        "pages/products",
        &ctx.lang.t("products-title"),
        json!({
            "products": product_cards(ctx, &list.items),
            "categories": options(&list.categories, &category),
            "brands": options(&list.brands, &brand),
            "ratings": ratings,
            "sorts": sorts,
            "from_ideas": from_ideas,
            "filtered": filtered,
            "next_url": next_url,
            "first_url": first_url,
            "can_manage": manages_products(ctx.actor.as_ref()),
        }),
    )
}

// ---------------------------------------------------------------------------
// The product page

#[derive(Deserialize)]
pub struct ShowQuery {
    /// The reviews' order: newest, helpful, highest, lowest.
    reviews: Option<String>,
    cursor: Option<String>,
}

/// GET /products/{slug}
pub async fn show(ctx: PageCtx, key: web::Path<String>, query: web::Query<ShowQuery>) -> HttpResponse {
    let q = query.into_inner();
    let result = match product_key(&key) {
        Ok(key) => render_product(&ctx, key, q.reviews, q.cursor, Value::Null, StatusCode::OK).await,
        Err(e) => Err(e),
    };
    ctx.finish(result)
}

fn review_json(ctx: &PageCtx, r: &ReviewView) -> Value {
    let viewer = ctx.actor.as_ref();
    let own = viewer.is_some_and(|a| a.handle == r.author.handle);
    let mut v = json!(r);
    if let Some(obj) = v.as_object_mut() {
        obj.insert("own".into(), json!(own));
        obj.insert("can_mark".into(), json!(viewer.is_some_and(|a| !a.suspended) && !own));
        obj.insert("can_report".into(), json!(viewer.is_some_and(|a| !a.suspended) && !own));
        obj.insert("marked".into(), json!(r.found_helpful == Some(true)));
        obj.insert("fill".into(), json!(fill_percent(f64::from(r.stars))));
    }
    v
}

/// The product page. `forms` carries a form that failed validation back to
/// the page (`{"rate": …}` or `{"report": …}`: what was sent and the
/// messages), answered with `status`.
pub(super) async fn render_product(
    ctx: &PageCtx,
    key: String,
    sort: Option<String>,
    cursor: Option<String>,
    forms: Value,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let db = &ctx.state.db;
    let viewer = ctx.actor.as_ref();
    let product = products::get(db, viewer, key).await?;
    let slug = product.slug.clone();
    let sort = sort.filter(|s| REVIEW_SORTS.contains(&s.as_str())).unwrap_or_else(|| "newest".into());
    let page = products::reviews(
        db,
        viewer,
        product.id.to_string(),
        ReviewQuery { sort: Some(sort.clone()), limit: Some(REVIEWS_PER_PAGE.into()), cursor: cursor.clone() },
    )
    .await?;
    let tip_page = tips::list(
        db,
        viewer,
        TipQuery {
            sort: Some("helpful".into()),
            product: Some(product.id.to_string()),
            limit: Some(PRODUCT_TIPS.into()),
            ..TipQuery::default()
        },
    )
    .await?;
    let base = format!("/products/{slug}");
    let sorts: Vec<Value> = REVIEW_SORTS
        .iter()
        .map(|s| json!({"key": s, "url": format!("{base}?reviews={s}#reviews"), "current": *s == sort}))
        .collect();
    let next_reviews =
        page.next_cursor.as_deref().map(|c| format!("{base}?reviews={sort}&cursor={}#reviews", encode(c)));
    let first_reviews = cursor.map(|_| format!("{base}?reviews={sort}#reviews"));
    let reviews: Vec<Value> = page.items.iter().map(|r| review_json(ctx, r)).collect();

    // The member's rating form: what failed validation, else the rating they have.
    let sent = &forms["rate"];
    let mine = product.my_rating.as_ref();
    let chosen = if sent.is_object() {
        sent["stars"].as_i64().unwrap_or(0)
    } else {
        mine.map(|m| i64::from(m.stars)).unwrap_or(0)
    };
    let rate = json!({
        "stars": chosen,
        "title": if sent.is_object() { sent["title"].clone() } else { json!(mine.map(|m| m.title.clone())) },
        "body": if sent.is_object() { sent["body"].clone() } else { json!(mine.map(|m| m.body.clone())) },
        "errors": sent["errors"].clone(),
        "options": (1..=5).map(|n| json!({"n": n, "checked": n == chosen})).collect::<Vec<_>>(),
    });
    let alerts: Vec<Value> = product
        .alerts
        .iter()
        .flatten()
        .map(|a| {
            json!({"id": a.id, "low_ratings": a.low_ratings, "window_hours": a.window_hours,
                   "usual": ctx.lang.decimal(a.usual_rate), "usual_none": a.usual_rate < 0.05,
                   "created_at": a.created_at})
        })
        .collect();
    let my_rating = mine.map(|m| json!({"hidden": m.hidden, "stars": m.stars, "has_review": !m.body.is_empty()}));
    let here = if sort == "newest" { base.clone() } else { format!("{base}?reviews={sort}") };
    // Pictures on this site or over https (what the rules accept and the pages' policy allows).
    let image_local = product
        .image_ref
        .as_deref()
        .is_some_and(|i| (i.starts_with('/') && !i.starts_with("//")) || i.starts_with("https://"));
    let title = product.name.clone();
    let mut data = Map::new();
    data.insert("image_local".into(), json!(image_local));
    data.insert("rating".into(), rating_json(ctx, &product.rating));
    data.insert("product".into(), json!(product));
    data.insert("reviews".into(), Value::Array(reviews));
    data.insert("review_sort".into(), json!(sort));
    data.insert("review_sorts".into(), Value::Array(sorts));
    data.insert("next_reviews".into(), json!(next_reviews));
    data.insert("first_reviews".into(), json!(first_reviews));
    data.insert("rate".into(), rate);
    data.insert("my_rating".into(), my_rating.unwrap_or(Value::Null));
    data.insert("can_rate".into(), json!(viewer.is_some_and(|a| !a.suspended)));
    data.insert("login_url".into(), json!(format!("/login?next={}", encode(&format!("{base}#rating")))));
    data.insert("tips".into(), Value::Array(tip_cards(&tip_page.items)));
    data.insert("more_tips".into(), json!(tip_page.next_cursor.is_some()));
    data.insert("tips_url".into(), json!(format!("/tips?product={}", encode(&slug))));
    data.insert("new_tip_url".into(), json!(format!("/tips/new?product={}", encode(&slug))));
    data.insert("alerts".into(), Value::Array(alerts));
    data.insert("can_manage".into(), json!(manages_products(viewer)));
    data.insert("report_form".into(), forms["report"].clone());
    data.insert(
        "limits".into(),
        json!({"title_max": product_rules::REVIEW_TITLE_MAX, "body_max": product_rules::REVIEW_BODY_MAX,
               "reason_min": forms::REASON_MIN, "reason_max": forms::REASON_MAX}),
    );
    data.insert("here".into(), json!(here));
    ctx.page(status, "pages/product", &title, Value::Object(data))
}

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

/// POST /products/{slug}/reviews/{id}/helpful: `on` (1 marks, 0 takes the
/// mark back), `sort` (the order of the reviews to come back to).
pub async fn review_helpful(ctx: PageCtx, path: web::Path<(String, String)>, body: web::Bytes) -> HttpResponse {
    let (key, id) = path.into_inner();
    let result = mark_review(&ctx, &key, &id, &body).await;
    ctx.finish(result)
}

async fn mark_review(ctx: &PageCtx, key: &str, id: &str, body: &[u8]) -> AppResult<HttpResponse> {
    let form = ctx.verify_form(body)?;
    let key = product_key(key)?;
    let id = Uuid::parse_str(id.trim()).map_err(|_| AppError::not_found("Review"))?.to_string();
    let sort = form.get("sort").filter(|s| REVIEW_SORTS.contains(s)).unwrap_or("newest");
    let back = if sort == "newest" {
        format!("/products/{key}#review-{id}")
    } else {
        format!("/products/{key}?reviews={sort}#review-{id}")
    };
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&back)) };
    let on = form.get("on") != Some("0");
    match products::review_helpful(&ctx.state.db, actor, id, on).await {
        Ok(_) => {}
        Err(e @ (AppError::Forbidden { .. } | AppError::Conflict { .. })) => ctx.flash_refusal(&e),
        Err(e) => return Err(e),
    }
    Ok(ctx.redirect(&back))
}

/// POST /products/{slug}/report: `target_type` (`review`), `target_id`, `reason`.
pub async fn report(ctx: PageCtx, key: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let result = report_review(&ctx, &key, &body).await;
    ctx.finish(result)
}

async fn report_review(ctx: &PageCtx, key: &str, body: &[u8]) -> AppResult<HttpResponse> {
    let form = ctx.verify_form(body)?;
    let key = product_key(key)?;
    let here = format!("/products/{key}");
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&here)) };
    let target_id = form.text("target_id");
    let reason = form.text("reason");
    let review = Uuid::parse_str(target_id.trim()).map_err(|_| AppError::not_found("Review"))?;
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
            render_product(ctx, key, None, None, json!({"report": sent}), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e @ AppError::Forbidden { .. }) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&format!("{here}#review-{review}")))
        }
        Err(e) => Err(e),
    }
}

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

// ---------------------------------------------------------------------------
// The product team's forms

/// The product form's fields, as sent (or as the product has them).
fn form_values(form: &FormData) -> Value {
    json!({
        "name": form.text("name"),
        "slug": form.text("slug"),
        "brand": form.text("brand"),
        "category": form.text("category"),
        "description": form.text("description"),
        "image_ref": form.text("image_ref"),
        "gtin": form.text("gtin"),
        "available": form.get("available").is_some(),
        "idea_id": form.text("idea_id"),
        "idea_id_was": form.text("idea_id_was"),
    })
}

fn product_values(p: &ProductView) -> Value {
    let idea = p.idea.as_ref().map(|i| i.id.to_string()).unwrap_or_default();
    json!({
        "name": p.name, "slug": p.slug, "brand": p.brand, "category": p.category, "description": p.description,
        "image_ref": p.image_ref, "gtin": p.gtin, "available": p.available, "idea_id": idea, "idea_id_was": idea,
    })
}

/// The product form, new (`editing` None) or for a product, with the values
/// sent so far and the errors at their fields.
async fn render_form(
    ctx: &PageCtx,
    editing: Option<&ProductView>,
    values: Value,
    errors: Value,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    // Brands and categories in use, offered as suggestions.
    let facets =
        products::list(&ctx.state.db, ProductQuery { limit: Some("1".into()), ..ProductQuery::default() }).await?;
    let error_list: Vec<Value> = errors
        .as_object()
        .map(|m| m.iter().map(|(field, message)| json!({"field": field, "message": message})).collect())
        .unwrap_or_default();
    let (title, action) = match editing {
        Some(p) => (
            ctx.lang.t_with("product-edit-title", &[("name", p.name.clone().into())]),
            format!("/products/{}/edit", p.slug),
        ),
        None => (ctx.lang.t("product-new-title"), "/products/new".to_string()),
    };
    let cancel = editing.map(|p| format!("/products/{}", p.slug)).unwrap_or_else(|| "/products".into());
    use product_rules::{DESCRIPTION_MAX, LABEL_MAX, NAME_MAX};
    ctx.page(
        status,
        "pages/product_form",
        &title,
        json!({
            "heading": title, "action": action, "cancel": cancel, "editing": editing.is_some(),
            "product": editing, "values": values, "errors": errors, "error_list": error_list,
            "brands": facets.brands.iter().map(|f| &f.value).collect::<Vec<_>>(),
            "categories": facets.categories.iter().map(|f| &f.value).collect::<Vec<_>>(),
            "limits": {"name_max": NAME_MAX, "label_max": LABEL_MAX, "description_max": DESCRIPTION_MAX},
            "here": action,
        }),
    )
}

/// GET /products/new (product team, admins).
pub async fn new_form(ctx: PageCtx) -> HttpResponse {
    let result = match ctx.actor.as_ref() {
        None => Ok(ctx.to_login("/products/new")),
        Some(actor) => match products::ensure_product_team(actor) {
            Ok(()) => render_form(&ctx, None, json!({"available": true}), json!({}), StatusCode::OK).await,
            Err(e) => Err(e),
        },
    };
    ctx.finish(result)
}

/// POST /products/new
pub async fn create(ctx: PageCtx, body: web::Bytes) -> HttpResponse {
    let result = create_product(&ctx, &body).await;
    ctx.finish(result)
}

async fn create_product(ctx: &PageCtx, body: &[u8]) -> AppResult<HttpResponse> {
    let form = ctx.verify_form(body)?;
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login("/products/new")) };
    let input = CreateProduct {
        name: form.text("name"),
        slug: opt(&form, "slug"),
        brand: form.text("brand"),
        category: form.text("category"),
        description: form.text("description"),
        image_ref: opt(&form, "image_ref"),
        gtin: opt(&form, "gtin"),
        available: form.get("available").is_some(),
        idea_id: opt(&form, "idea_id").map(|i| idea_ref(&i)),
    };
    match products::create(&ctx.state.db, actor, input).await {
        Ok(p) => {
            ctx.flash("flash-product-created");
            Ok(ctx.redirect(&format!("/products/{}", p.slug)))
        }
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Product, &errors);
            render_form(ctx, None, form_values(&form), errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e),
    }
}

/// GET /products/{slug}/edit (product team, admins).
pub async fn edit_form(ctx: PageCtx, key: web::Path<String>) -> HttpResponse {
    let result = edit_page(&ctx, &key).await;
    ctx.finish(result)
}

async fn edit_page(ctx: &PageCtx, key: &str) -> AppResult<HttpResponse> {
    let key = product_key(key)?;
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&ctx.here)) };
    products::ensure_product_team(actor)?;
    let product = products::get(&ctx.state.db, Some(actor), key).await?;
    render_form(ctx, Some(&product), product_values(&product), json!({}), StatusCode::OK).await
}

/// POST /products/{slug}/edit
pub async fn update(ctx: PageCtx, key: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let result = update_product(&ctx, &key, &body).await;
    ctx.finish(result)
}

async fn update_product(ctx: &PageCtx, key: &str, body: &[u8]) -> AppResult<HttpResponse> {
    let form = ctx.verify_form(body)?;
    let key = product_key(key)?;
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&format!("/products/{key}/edit"))) };
    // The idea link changes only when the field did: an idea this form could
    // not show (hidden meanwhile) is not cleared by saving other fields.
    let idea = form.text("idea_id");
    let idea_id = (idea.trim() != form.text("idea_id_was").trim()).then(|| idea_ref(&idea));
    let input = UpdateProduct {
        name: Some(form.text("name")),
        slug: opt(&form, "slug"),
        brand: Some(form.text("brand")),
        category: Some(form.text("category")),
        description: Some(form.text("description")),
        image_ref: Some(form.text("image_ref")),
        gtin: Some(form.text("gtin")),
        available: Some(form.get("available").is_some()),
        idea_id,
    };
    match products::update(&ctx.state.db, actor, key.clone(), input).await {
        Ok(p) => {
            ctx.flash("flash-product-saved");
            Ok(ctx.redirect(&format!("/products/{}", p.slug)))
        }
        Err(AppError::Validation(errors)) => {
            let product = products::get(&ctx.state.db, Some(actor), key).await?;
            let errors = forms::errors_json(ctx.lang, FormKind::Product, &errors);
            render_form(ctx, Some(&product), form_values(&form), errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

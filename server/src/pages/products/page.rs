//! The product page: the rating summary, the reviews (sorted, paged), the
//! member's rating form, tips about the product, the idea it came from and,
//! for the product team, open review-spike alerts.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::{fill_percent, manages_products, product_key, rating_json, REVIEW_SORTS};
use crate::error::AppResult;
use crate::pages::forms;
use crate::pages::session::{encode, PageCtx};
use crate::pages::tips::tip_cards;
use crate::products::rules as product_rules;
use crate::products::service::{self as products, ReviewQuery, ReviewView};
use crate::tips::service::{self as tips, TipQuery};

/// Reviews per page of a product.
const REVIEWS_PER_PAGE: &str = "10";
/// Tips the product page shows (the rest are one link away).
const PRODUCT_TIPS: &str = "4";

#[derive(Deserialize)]
pub struct ShowQuery {
    /// The reviews' order: newest, helpful, highest, lowest.
    reviews: Option<String>,
    cursor: Option<String>,
    /// The questions' filter (all, unanswered, answered, official), order (new, helpful) and page.
    questions: Option<String>,
    qsort: Option<String>,
    qcursor: Option<String>,
}

/// The Questions section's filter, order and page.
#[derive(Default)]
pub struct QuestionParams {
    pub filter: Option<String>,
    pub sort: Option<String>,
    pub cursor: Option<String>,
}

/// GET /products/{slug}
pub async fn show(ctx: &PageCtx, key: web::Path<String>, query: web::Query<ShowQuery>) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let key = product_key(&key)?;
    let questions = QuestionParams { filter: q.questions, sort: q.qsort, cursor: q.qcursor };
    render_product(ctx, key, q.reviews, q.cursor, questions, Value::Null, StatusCode::OK).await
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
    questions: QuestionParams,
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
    let question_section = crate::pages::questions::section(
        ctx,
        product.id.to_string(),
        &slug,
        questions.filter,
        questions.sort,
        questions.cursor,
        forms["ask"].clone(),
    )
    .await?;
    let follow = products::follow_state(db, viewer, product.id.to_string()).await?;
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
    // A typed picture address (from before uploads) is shown only when it is on this site: a picture from
    // elsewhere would be fetched by every reader's browser (a tracking pixel).
    let image_local = product.image_ref.as_deref().is_some_and(|i| i.starts_with('/') && !i.starts_with("//"));
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
    data.insert("questions".into(), question_section);
    data.insert("follow".into(), json!(follow));
    data.insert("here".into(), json!(here));
    let tests = crate::product_tests::service::of_product(db, product.id.to_string()).await?;
    data.insert("product_tests".into(), json!(tests));
    let feed = (ctx.lang.t("feed-product-reviews-link"), format!("/api/v1/feeds/products/{}/reviews", product.slug));
    data.insert("feeds".into(), super::super::challenge_news::feed_links(ctx, &[feed]));
    ctx.page(status, "pages/product", &title, Value::Object(data))
}

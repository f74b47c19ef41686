//! Product, rating, review and alert operations: the one place the API and
//! the pages go to.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::rules::{self, ProductSort, ReviewSort, SpikeRule, Summary};
use super::store::{
    self, AlertRow, NewProduct, NewRating, ProductAfter, ProductChanges, ProductFilter, ProductRow, RatingRow,
    ReviewAfter,
};
use crate::accounts::{self, Actor, Role};
use crate::clock;
use crate::db::{write_tx, Db, DbConn};
use crate::error::ErrorCode;
use crate::error::{AppError, AppResult, Violations};
use crate::ideas::service::AuthorView;
use crate::markdown;
use crate::notifications::{kind, store as notify};
use crate::pagination::{decode_cursor, finish_page, parse_limit};
use crate::points::rules::{Reason, Rule};
use crate::points::service::{self as points, Award};

pub fn ensure_product_team(actor: &Actor) -> AppResult<()> {
    if matches!(actor.role, Role::ProductTeam | Role::Admin) {
        Ok(())
    } else {
        Err(AppError::forbidden(ErrorCode::ProductTeamOnly, "Only the product team and admins manage products."))
    }
}

fn is_product_team(viewer: Option<&Actor>) -> bool {
    viewer.is_some_and(|a| matches!(a.role, Role::ProductTeam | Role::Admin))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateProduct {
    pub name: String,
    /// Default: made from the name.
    pub slug: Option<String>,
    pub brand: String,
    pub category: String,
    /// Markdown.
    #[serde(default)]
    pub description: String,
    /// An http(s) URL or a path on this site.
    pub image_ref: Option<String>,
    /// EAN-8, UPC-A, EAN-13 or GTIN-14, with its check digit.
    pub gtin: Option<String>,
    #[serde(default = "yes")]
    pub available: bool,
    /// The idea this product came from.
    pub idea_id: Option<String>,
}

fn yes() -> bool {
    true
}

/// Fields to change; an empty string clears `image_ref`, `gtin` and `idea_id`.
#[derive(Debug, Deserialize, Default, ToSchema)]
pub struct UpdateProduct {
    pub name: Option<String>,
    pub slug: Option<String>,
    pub brand: Option<String>,
    pub category: Option<String>,
    pub description: Option<String>,
    pub image_ref: Option<String>,
    pub gtin: Option<String>,
    pub available: Option<bool>,
    pub idea_id: Option<String>,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct RatingSummary {
    pub count: i32,
    /// Mean stars, two decimals; 0 without ratings.
    pub average: f64,
    /// Ratings with 1, 2, 3, 4 and 5 stars.
    pub histogram: [i32; 5],
}

impl RatingSummary {
    pub fn of(row: &ProductRow) -> RatingSummary {
        let s = Summary {
            count: row.ratings_count,
            sum: row.ratings_sum,
            histogram: [row.stars_1, row.stars_2, row.stars_3, row.stars_4, row.stars_5],
        };
        RatingSummary { count: s.count, average: (s.average() * 100.0).round() / 100.0, histogram: s.histogram }
    }
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct OriginIdea {
    pub id: Uuid,
    pub title: String,
    pub author: String,
    pub supports: i32,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct AlertView {
    pub id: Uuid,
    pub product_id: Uuid,
    pub product_slug: String,
    pub product_name: String,
    /// `review_spike`.
    pub kind: String,
    /// Low ratings (1–2 stars) inside the window when the alert was raised.
    pub low_ratings: i32,
    pub window_hours: i32,
    /// Low ratings the product usually gets in such a window.
    pub usual_rate: f64,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct ProductView {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub brand: String,
    pub category: String,
    pub description: String,
    pub description_html: String,
    pub image_ref: Option<String>,
    pub gtin: Option<String>,
    pub available: bool,
    /// It came from a community idea.
    pub from_community: bool,
    /// The idea it came from, when visible.
    pub idea: Option<OriginIdea>,
    pub rating: RatingSummary,
    /// The signed-in member's own rating (single products only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub my_rating: Option<ReviewView>,
    /// Open review-spike alerts (the product team only, single products only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alerts: Option<Vec<AlertView>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct ReviewView {
    pub id: Uuid,
    pub product_id: Uuid,
    pub author: AuthorView,
    pub stars: i32,
    pub title: String,
    pub body: String,
    pub body_html: String,
    pub helpful_count: i32,
    /// Whether the signed-in member found it helpful (absent when signed out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found_helpful: Option<bool>,
    pub hidden: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn uuid_of(s: &str) -> Uuid {
    Uuid::parse_str(s).unwrap_or_default()
}

fn alert_view(a: &AlertRow, p: Option<&ProductRow>) -> AlertView {
    AlertView {
        id: uuid_of(&a.id),
        product_id: uuid_of(&a.product_id),
        product_slug: p.map(|p| p.slug.clone()).unwrap_or_default(),
        product_name: p.map(|p| p.name.clone()).unwrap_or_default(),
        kind: a.kind.clone(),
        low_ratings: a.low_ratings,
        window_hours: a.window_hours,
        usual_rate: (a.usual_rate * 100.0).round() / 100.0,
        created_at: clock::to_utc(a.created_at),
        resolved_at: a.resolved_at.map(clock::to_utc),
    }
}

pub fn product_views(conn: &mut DbConn, rows: &[ProductRow]) -> AppResult<Vec<ProductView>> {
    let idea_ids: Vec<String> = rows.iter().filter_map(|r| r.idea_id.clone()).collect();
    let mut ideas: HashMap<String, OriginIdea> = HashMap::new();
    if !idea_ids.is_empty() {
        let idea_rows = crate::ideas::store::by_ids(conn, &idea_ids)?;
        let authors: Vec<String> = idea_rows.iter().map(|i| i.author_id.clone()).collect();
        let handles: HashMap<String, String> =
            accounts::store::authors(conn, &authors)?.into_iter().map(|(id, h, _)| (id, h)).collect();
        for i in idea_rows.iter().filter(|i| crate::ideas::service::visible_to(i, None)) {
            ideas.insert(
                i.id.clone(),
                OriginIdea {
                    id: uuid_of(&i.id),
                    title: i.title.clone(),
                    author: handles.get(&i.author_id).cloned().unwrap_or_default(),
                    supports: i.supports_count,
                },
            );
        }
    }
    Ok(rows
        .iter()
        .map(|r| ProductView {
            id: uuid_of(&r.id),
            slug: r.slug.clone(),
            name: r.name.clone(),
            brand: r.brand.clone(),
            category: r.category.clone(),
            description: r.description.clone(),
            description_html: r.description_html.clone(),
            image_ref: r.image_ref.clone(),
            gtin: r.gtin.clone(),
            available: r.available,
            from_community: r.idea_id.is_some(),
            idea: r.idea_id.as_ref().and_then(|i| ideas.get(i).cloned()),
            rating: RatingSummary::of(r),
            my_rating: None,
            alerts: None,
            created_at: clock::to_utc(r.created_at),
            updated_at: clock::to_utc(r.updated_at),
        })
        .collect())
}

fn product_view(conn: &mut DbConn, row: &ProductRow, viewer: Option<&Actor>) -> AppResult<ProductView> {
    let mut view = product_views(conn, std::slice::from_ref(row))?
        .pop()
        .ok_or_else(|| AppError::internal("view of one product was empty"))?;
    if let Some(v) = viewer {
        if let Some(mine) = store::rating_of(conn, &row.id, &v.id)? {
            view.my_rating = review_views(conn, &[mine], Some(v))?.pop();
        }
    }
    if is_product_team(viewer) {
        let alerts = store::open_alerts(conn, Some(&row.id))?;
        view.alerts = Some(alerts.iter().map(|a| alert_view(a, Some(row))).collect());
    }
    Ok(view)
}

pub fn review_views(conn: &mut DbConn, rows: &[RatingRow], viewer: Option<&Actor>) -> AppResult<Vec<ReviewView>> {
    let user_ids: Vec<String> = rows.iter().map(|r| r.user_id.clone()).collect();
    let authors: HashMap<String, AuthorView> = crate::ideas::service::author_views(conn, &user_ids)?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let helpful = match viewer {
        Some(v) => Some(store::helpful_among(conn, &v.id, &ids)?),
        None => None,
    };
    Ok(rows
        .iter()
        .map(|r| ReviewView {
            id: uuid_of(&r.id),
            product_id: uuid_of(&r.product_id),
            author: authors.get(&r.user_id).cloned().unwrap_or_else(AuthorView::unknown),
            stars: r.stars,
            title: r.title.clone(),
            body: r.body.clone(),
            body_html: r.body_html.clone(),
            helpful_count: r.helpful_count,
            found_helpful: helpful.as_ref().map(|h| h.contains(&r.id)),
            hidden: r.hidden_at.is_some(),
            created_at: clock::to_utc(r.created_at),
            updated_at: clock::to_utc(r.updated_at),
        })
        .collect())
}

pub fn load(conn: &mut DbConn, key: &str) -> AppResult<ProductRow> {
    store::by_id_or_slug(conn, key.trim())?.ok_or_else(|| AppError::not_found("Product"))
}

/// The idea a product names, which must exist and be public.
fn origin_idea(conn: &mut DbConn, raw: &str) -> AppResult<String> {
    let invalid = || AppError::field("idea_id", "unknown", "There is no such public idea.");
    let id = Uuid::parse_str(raw.trim()).map_err(|_| invalid())?.to_string();
    match crate::ideas::store::by_id(conn, &id)? {
        Some(idea) if crate::ideas::service::visible_to(&idea, None) => Ok(idea.id),
        _ => Err(invalid()),
    }
}

fn clean_opt(raw: Option<String>) -> Option<String> {
    raw.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

pub async fn create(db: &Db, actor: &Actor, input: CreateProduct) -> AppResult<ProductView> {
    ensure_product_team(actor)?;
    let mut v = Violations::new();
    rules::check_name(&mut v, &input.name);
    rules::check_label(&mut v, "brand", &input.brand);
    rules::check_label(&mut v, "category", &input.category);
    rules::check_description(&mut v, &input.description);
    let chosen = clean_opt(input.slug.clone()).map(|s| s.to_lowercase());
    let slug = chosen.clone().unwrap_or_else(|| {
        let s = rules::slugify(&input.name);
        if rules::RESERVED_SLUGS.contains(&s.as_str()) {
            format!("{s}-product")
        } else {
            s
        }
    });
    rules::check_slug(&mut v, &slug);
    let image_ref = clean_opt(input.image_ref.clone());
    if let Some(i) = &image_ref {
        rules::check_image_ref(&mut v, i);
    }
    let gtin = clean_opt(input.gtin.clone());
    if let Some(g) = &gtin {
        rules::check_gtin(&mut v, g);
    }
    v.finish()?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            // A slug made from the name gets a number when taken; a chosen one must be free.
            let mut slug = slug.clone();
            let mut n = 1;
            while store::slug_taken(conn, &slug, None)? {
                n += 1;
                if chosen.is_some() || n > 50 {
                    return Err(AppError::field("slug", "taken", "Another product has this slug."));
                }
                slug = format!("{}-{n}", rules::slugify(&input.name));
            }
            if let Some(g) = &gtin {
                if store::gtin_taken(conn, g, None)? {
                    return Err(AppError::field("gtin", "taken", "Another product has this GTIN."));
                }
            }
            let idea_id = match clean_opt(input.idea_id) {
                Some(raw) => Some(origin_idea(conn, &raw)?),
                None => None,
            };
            let now = clock::now();
            let row = NewProduct {
                id: Uuid::now_v7().to_string(),
                slug: slug.clone(),
                name: input.name.trim().to_string(),
                name_key: rules::name_key(&input.name),
                brand: input.brand.trim().to_string(),
                category: input.category.trim().to_string(),
                description_html: markdown::render(&input.description),
                description: input.description,
                image_ref,
                gtin,
                available: input.available,
                idea_id: idea_id.clone(),
                created_by: actor.id.clone(),
                created_at: now,
                updated_at: now,
            };
            store::insert(conn, &row)?;
            if let Some(idea) = &idea_id {
                crate::tracker::store::set_product_ref(conn, idea, Some(&slug))?;
            }
            crate::audit::record(conn, &actor, "product.create", "product", &row.id, None, json!({"slug": slug}))?;
            let saved = store::by_id(conn, &row.id)?.ok_or_else(|| AppError::internal("product vanished"))?;
            product_view(conn, &saved, Some(&actor))
        })
    })
    .await
}

pub async fn update(db: &Db, actor: &Actor, key: String, input: UpdateProduct) -> AppResult<ProductView> {
    ensure_product_team(actor)?;
    let mut v = Violations::new();
    if let Some(n) = &input.name {
        rules::check_name(&mut v, n);
    }
    if let Some(b) = &input.brand {
        rules::check_label(&mut v, "brand", b);
    }
    if let Some(c) = &input.category {
        rules::check_label(&mut v, "category", c);
    }
    if let Some(d) = &input.description {
        rules::check_description(&mut v, d);
    }
    let slug = input.slug.as_ref().map(|s| s.trim().to_lowercase());
    if let Some(s) = &slug {
        rules::check_slug(&mut v, s);
    }
    if let Some(i) = input.image_ref.as_ref().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        rules::check_image_ref(&mut v, i);
    }
    if let Some(g) = input.gtin.as_ref().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        rules::check_gtin(&mut v, g);
    }
    v.finish()?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let row = load(conn, &key)?;
            if let Some(s) = &slug {
                if store::slug_taken(conn, s, Some(&row.id))? {
                    return Err(AppError::field("slug", "taken", "Another product has this slug."));
                }
            }
            let gtin = input.gtin.map(|g| Some(g.trim().to_string()).filter(|g| !g.is_empty()));
            if let Some(Some(g)) = &gtin {
                if store::gtin_taken(conn, g, Some(&row.id))? {
                    return Err(AppError::field("gtin", "taken", "Another product has this GTIN."));
                }
            }
            let idea_id = match input.idea_id.map(|i| i.trim().to_string()) {
                None => None,
                Some(i) if i.is_empty() => Some(None),
                Some(i) => Some(Some(origin_idea(conn, &i)?)),
            };
            let changes = ProductChanges {
                slug: slug.clone(),
                name_key: input.name.as_deref().map(rules::name_key),
                name: input.name.map(|n| n.trim().to_string()),
                brand: input.brand.map(|b| b.trim().to_string()),
                category: input.category.map(|c| c.trim().to_string()),
                description_html: input.description.as_deref().map(markdown::render),
                description: input.description,
                image_ref: input.image_ref.map(|i| Some(i.trim().to_string()).filter(|i| !i.is_empty())),
                gtin,
                available: input.available,
                idea_id: idea_id.clone(),
                updated_at: Some(clock::now()),
            };
            store::update(conn, &row.id, &changes)?;
            let saved = store::by_id(conn, &row.id)?.ok_or_else(|| AppError::not_found("Product"))?;
            if let Some(new_idea) = idea_id {
                if let Some(old) = &row.idea_id {
                    crate::tracker::store::set_product_ref(conn, old, None)?;
                }
                if let Some(idea) = &new_idea {
                    crate::tracker::store::set_product_ref(conn, idea, Some(&saved.slug))?;
                }
            } else if slug.is_some() {
                if let Some(idea) = &saved.idea_id {
                    crate::tracker::store::set_product_ref(conn, idea, Some(&saved.slug))?;
                }
            }
            crate::audit::record(
                conn,
                &actor,
                "product.update",
                "product",
                &row.id,
                None,
                json!({"slug": saved.slug}),
            )?;
            product_view(conn, &saved, Some(&actor))
        })
    })
    .await
}

pub async fn get(db: &Db, viewer: Option<&Actor>, key: String) -> AppResult<ProductView> {
    let viewer = viewer.cloned();
    db.run(move |conn| {
        let row = load(conn, &key)?;
        product_view(conn, &row, viewer.as_ref())
    })
    .await
}

#[derive(Debug, Deserialize, Default, IntoParams)]
pub struct ProductQuery {
    pub category: Option<String>,
    pub brand: Option<String>,
    /// Only products rated at least this many stars on average (1–5).
    pub min_rating: Option<String>,
    /// `true` for products from community ideas only.
    pub from_ideas: Option<String>,
    /// `name` (default), `rating` or `newest`.
    pub sort: Option<String>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FacetCount {
    pub value: String,
    pub count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProductList {
    pub items: Vec<ProductView>,
    pub next_cursor: Option<String>,
    /// Every category and brand with its number of products, for filters.
    pub categories: Vec<FacetCount>,
    pub brands: Vec<FacetCount>,
}

pub async fn list(db: &Db, query: ProductQuery) -> AppResult<ProductList> {
    let sort = ProductSort::parse(query.sort.as_deref())
        .ok_or_else(|| AppError::field("sort", "invalid", "sort is name, rating or newest."))?;
    let limit = parse_limit(query.limit.as_deref())?;
    let after: Option<ProductAfter> = decode_cursor(query.cursor.as_deref())?;
    let min_rating = match query.min_rating.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(raw) => match raw.parse::<f64>() {
            Ok(r) if (1.0..=5.0).contains(&r) => Some(r),
            _ => return Err(AppError::field("min_rating", "range", "min_rating is a number from 1 to 5.")),
        },
    };
    let filter = ProductFilter {
        category: clean_opt(query.category),
        brand: clean_opt(query.brand),
        min_rating,
        available: None,
        from_ideas: matches!(query.from_ideas.as_deref(), Some("true" | "1" | "yes")),
    };
    db.run(move |conn| {
        let rows = store::list(conn, &filter, sort, after.as_ref(), limit + 1)?;
        let (rows, next_cursor) =
            finish_page(rows, limit, |r| ProductAfter { key: r.name_key.clone(), avg: r.rating_avg, id: r.id.clone() });
        let items = product_views(conn, &rows)?;
        let (categories, brands) = store::facets(conn)?;
        let counts = |v: Vec<(String, i64)>| v.into_iter().map(|(value, count)| FacetCount { value, count }).collect();
        Ok(ProductList { items, next_cursor, categories: counts(categories), brands: counts(brands) })
    })
    .await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RateInput {
    /// 1 to 5.
    pub stars: i32,
    /// Optional review title (needs a text).
    #[serde(default)]
    pub title: String,
    /// Optional review text (markdown).
    #[serde(default)]
    pub body: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RateResult {
    pub rating: ReviewView,
    /// Whether this request created the rating (false: it changed it).
    pub created: bool,
    pub summary: RatingSummary,
}

/// Rates a product, or changes the member's rating. The summary moves by the
/// difference, under the product's lock, in the rating's transaction.
pub async fn rate(db: &Db, actor: &Actor, spike: SpikeRule, key: String, input: RateInput) -> AppResult<RateResult> {
    actor.ensure_active()?;
    let mut v = Violations::new();
    rules::check_stars(&mut v, input.stars);
    rules::check_review(&mut v, &input.title, &input.body);
    v.finish()?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let product = load(conn, &key)?;
            store::lock(conn, &product.id)?;
            let product = store::by_id(conn, &product.id)?.ok_or_else(|| AppError::not_found("Product"))?;
            let now = clock::now();
            let title = input.title.trim().to_string();
            let body = input.body.trim().to_string();
            let body_html = markdown::render(&body);
            let existing = store::rating_of(conn, &product.id, &actor.id)?;
            let (id, old, created) = match &existing {
                Some(r) => {
                    store::update_rating(conn, &r.id, input.stars, &title, &body, &body_html, now)?;
                    // A hidden rating does not count until a moderator restores it.
                    (r.id.clone(), r.hidden_at.is_none().then_some(r.stars), false)
                }
                None => {
                    let row = NewRating {
                        id: Uuid::now_v7().to_string(),
                        product_id: product.id.clone(),
                        user_id: actor.id.clone(),
                        stars: input.stars,
                        title,
                        body,
                        body_html,
                        created_at: now,
                        updated_at: now,
                    };
                    store::insert_rating(conn, &row)?;
                    (row.id, None, true)
                }
            };
            let hidden = existing.as_ref().is_some_and(|r| r.hidden_at.is_some());
            // A rating with a review pays +3 once; removing the text takes it back, adding it again pays again.
            let award = [Award::new(&actor.id, Rule::RatingWithReview, "rating", &id).about(&id, None)];
            if input.body.trim().is_empty() {
                points::reverse(conn, &award, Reason::ReviewRemoved, now)?;
            } else if !hidden {
                points::award_or_reinstate(conn, &award, Reason::ReviewRemoved, now)?;
            }
            let new = (!hidden).then_some(input.stars);
            store::apply_delta(conn, &product, rules::delta(old, new))?;
            if rules::is_low(input.stars) && !old.is_some_and(rules::is_low) && !hidden {
                check_spike(conn, &product, &spike, now)?;
            }
            let saved = store::rating_by_id(conn, &id)?.ok_or_else(|| AppError::internal("rating vanished"))?;
            let rating = review_views(conn, &[saved], Some(&actor))?
                .pop()
                .ok_or_else(|| AppError::internal("view of one rating was empty"))?;
            let product = store::by_id(conn, &product.id)?.ok_or_else(|| AppError::not_found("Product"))?;
            Ok(RateResult { rating, created, summary: RatingSummary::of(&product) })
        })
    })
    .await
}

/// Raises a review-spike alert (once per window) and tells the product team.
/// Runs under the product's lock, so two concurrent low ratings cannot both raise one.
fn check_spike(conn: &mut DbConn, product: &ProductRow, rule: &SpikeRule, now: chrono::NaiveDateTime) -> AppResult<()> {
    let window_start = now - Duration::hours(rule.window_hours);
    let baseline_start = window_start - Duration::days(rule.baseline_days);
    let in_window = store::low_ratings_between(conn, &product.id, window_start, now + Duration::seconds(1))?;
    if in_window < i64::from(rule.min_low) {
        return Ok(());
    }
    let in_baseline = store::low_ratings_between(conn, &product.id, baseline_start, window_start)?;
    if !rule.is_spike(in_window, in_baseline) || store::recent_alert(conn, &product.id, window_start)?.is_some() {
        return Ok(());
    }
    let alert = AlertRow {
        id: Uuid::now_v7().to_string(),
        product_id: product.id.clone(),
        kind: "review_spike".into(),
        low_ratings: i32::try_from(in_window).unwrap_or(i32::MAX),
        window_hours: i32::try_from(rule.window_hours).unwrap_or(i32::MAX),
        usual_rate: rule.usual_rate(in_baseline),
        created_at: now,
        resolved_at: None,
        resolved_by: None,
    };
    store::insert_alert(conn, &alert)?;
    let data = json!({
        "product_id": product.id, "product_slug": product.slug, "product_name": product.name,
        "low_ratings": in_window, "window_hours": rule.window_hours, "alert_id": alert.id,
    });
    for user in accounts::store::ids_with_roles(conn, &[Role::ProductTeam.as_str(), Role::Admin.as_str()])? {
        notify::notify(conn, &user, kind::REVIEW_SPIKE, None, &data, now)?;
    }
    Ok(())
}

/// Removes the member's rating of a product.
pub async fn unrate(db: &Db, actor: &Actor, key: String) -> AppResult<RatingSummary> {
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let product = load(conn, &key)?;
            store::lock(conn, &product.id)?;
            let product = store::by_id(conn, &product.id)?.ok_or_else(|| AppError::not_found("Product"))?;
            if let Some(r) = store::rating_of(conn, &product.id, &actor.id)? {
                store::delete_rating(conn, &r.id)?;
                points::reverse_subject(conn, &actor.id, &r.id, Reason::Deleted, clock::now())?;
                if r.hidden_at.is_none() {
                    store::apply_delta(conn, &product, rules::delta(Some(r.stars), None))?;
                }
            }
            let product = store::by_id(conn, &product.id)?.ok_or_else(|| AppError::not_found("Product"))?;
            Ok(RatingSummary::of(&product))
        })
    })
    .await
}

/// Moderation hid (`hidden`) or restored a review: its stars leave or rejoin
/// the summary, in the moderator's transaction.
pub fn on_review_visibility(conn: &mut DbConn, rating_id: &str, hidden: bool) -> AppResult<()> {
    let Some(r) = store::rating_by_id(conn, rating_id)? else { return Ok(()) };
    store::lock(conn, &r.product_id)?;
    let product = store::by_id(conn, &r.product_id)?.ok_or_else(|| AppError::not_found("Product"))?;
    let d = if hidden { rules::delta(Some(r.stars), None) } else { rules::delta(None, Some(r.stars)) };
    store::apply_delta(conn, &product, d)?;
    Ok(())
}

#[derive(Debug, Deserialize, Default, IntoParams)]
pub struct ReviewQuery {
    /// `newest` (default), `helpful`, `highest` or `lowest`.
    pub sort: Option<String>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewPage {
    pub summary: RatingSummary,
    pub items: Vec<ReviewView>,
    pub next_cursor: Option<String>,
}

pub async fn reviews(db: &Db, viewer: Option<&Actor>, key: String, query: ReviewQuery) -> AppResult<ReviewPage> {
    let sort = ReviewSort::parse(query.sort.as_deref())
        .ok_or_else(|| AppError::field("sort", "invalid", "sort is newest, helpful, highest or lowest."))?;
    let limit = parse_limit(query.limit.as_deref())?;
    let after: Option<ReviewAfter> = decode_cursor(query.cursor.as_deref())?;
    let viewer = viewer.cloned();
    db.run(move |conn| {
        let product = load(conn, &key)?;
        let rows = store::reviews(conn, &product.id, sort, after.as_ref(), limit + 1)?;
        let (rows, next_cursor) = finish_page(rows, limit, |r| ReviewAfter {
            n: match sort {
                ReviewSort::Helpful => r.helpful_count,
                ReviewSort::Highest | ReviewSort::Lowest => r.stars,
                ReviewSort::Newest => 0,
            },
            id: r.id.clone(),
        });
        let items = review_views(conn, &rows, viewer.as_ref())?;
        Ok(ReviewPage { summary: RatingSummary::of(&product), items, next_cursor })
    })
    .await
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HelpfulResult {
    pub helpful: bool,
    pub helpful_count: i32,
}

/// Marks (or unmarks) a review as helpful: once per member, never one's own.
pub async fn review_helpful(db: &Db, actor: &Actor, id: String, on: bool) -> AppResult<HelpfulResult> {
    actor.ensure_active()?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let id = Uuid::parse_str(id.trim()).map_err(|_| AppError::not_found("Review"))?.to_string();
            let r = store::rating_by_id(conn, &id)?
                .filter(|r| r.hidden_at.is_none() && !r.body.is_empty())
                .ok_or_else(|| AppError::not_found("Review"))?;
            if r.user_id == actor.id {
                return Err(AppError::forbidden(ErrorCode::OwnContent, "You cannot mark your own review as helpful."));
            }
            if on {
                store::add_helpful(conn, &id, &actor.id, clock::now())?;
            } else {
                store::remove_helpful(conn, &id, &actor.id)?;
            }
            Ok(HelpfulResult { helpful: on, helpful_count: store::helpful_count(conn, &id)? })
        })
    })
    .await
}

/// Open review-spike alerts, newest first (the product team's list).
pub async fn alerts(db: &Db, actor: &Actor) -> AppResult<Vec<AlertView>> {
    ensure_product_team(actor)?;
    db.run(|conn| {
        let alerts = store::open_alerts(conn, None)?;
        let ids: Vec<String> = alerts.iter().map(|a| a.product_id.clone()).collect();
        let products: HashMap<String, ProductRow> =
            store::by_ids(conn, &ids)?.into_iter().map(|p| (p.id.clone(), p)).collect();
        Ok(alerts.iter().map(|a| alert_view(a, products.get(&a.product_id))).collect())
    })
    .await
}

pub async fn resolve_alert(db: &Db, actor: &Actor, id: String) -> AppResult<AlertView> {
    ensure_product_team(actor)?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let id = Uuid::parse_str(id.trim()).map_err(|_| AppError::not_found("Alert"))?.to_string();
            let alert = store::alert_by_id(conn, &id)?.ok_or_else(|| AppError::not_found("Alert"))?;
            store::resolve_alert(conn, &id, &actor.id, clock::now())?;
            crate::audit::record(
                conn,
                &actor,
                "product.alert_resolved",
                "product",
                &alert.product_id,
                None,
                json!({"alert": id}),
            )?;
            let alert = store::alert_by_id(conn, &id)?.ok_or_else(|| AppError::not_found("Alert"))?;
            let product = store::by_id(conn, &alert.product_id)?;
            Ok(alert_view(&alert, product.as_ref()))
        })
    })
    .await
}

//! The catalogue: products created and edited by the product team, one
//! product and the filtered list, and the views of products.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::alerts::{alert_view, AlertView};
use super::ratings::{review_views, RatingSummary, ReviewView};
use crate::accounts::{self, Actor, Role};
use crate::clock;
use crate::db::{write_tx, Db, DbConn};
use crate::error::ErrorCode;
use crate::error::{AppError, AppResult, Violations};
use crate::ids::{IdeaId, ProductId};
use crate::markdown;
use crate::pagination::{decode_cursor, finish_page, parse_limit};
use crate::products::rules::{self, ProductSort};
use crate::products::store::{self, NewProduct, ProductAfter, ProductChanges, ProductFilter, ProductRow};

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
    /// Pictures you uploaded (`POST /images`), by id, at most 8; the first is the cover. Each needs alt text.
    #[serde(default)]
    pub images: Vec<String>,
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
    /// The pictures, replacing the list (`[]` removes them all); new ones must be your uploads.
    pub images: Option<Vec<String>>,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct OriginIdea {
    pub id: IdeaId,
    pub title: String,
    pub author: String,
    pub supports: i32,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct ProductView {
    pub id: ProductId,
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
    /// The cover picture (lists and cards).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cover: Option<crate::images::service::ImageView>,
    /// Every picture, the cover first (single products only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub images: Option<Vec<crate::images::service::ImageView>>,
}

pub fn product_views(conn: &mut DbConn, rows: &[ProductRow]) -> AppResult<Vec<ProductView>> {
    let idea_ids: Vec<String> = rows.iter().filter_map(|r| r.idea_id.as_ref().map(|i| i.to_string())).collect();
    let mut ideas: HashMap<String, OriginIdea> = HashMap::new();
    if !idea_ids.is_empty() {
        let idea_rows = crate::ideas::store::by_ids(conn, &idea_ids)?;
        let authors: Vec<String> = idea_rows.iter().map(|i| i.author_id.to_string()).collect();
        let handles: HashMap<String, String> =
            accounts::store::authors(conn, &authors)?.into_iter().map(|(id, h, _)| (id, h)).collect();
        for i in idea_rows.iter().filter(|i| crate::ideas::service::visible_to(i, None)) {
            ideas.insert(
                i.id.to_string(),
                OriginIdea {
                    id: i.id.clone(),
                    title: i.title.clone(),
                    author: handles.get(i.author_id.as_str()).cloned().unwrap_or_default(),
                    supports: i.supports_count,
                },
            );
        }
    }
    let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
    let mut covers = crate::images::service::covers(conn, crate::images::rules::Subject::Product, &ids)?;
    Ok(rows
        .iter()
        .map(|r| ProductView {
            id: r.id.clone(),
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
            idea: r.idea_id.as_ref().and_then(|i| ideas.get(i.as_str()).cloned()),
            rating: RatingSummary::of(r),
            my_rating: None,
            alerts: None,
            created_at: clock::to_utc(r.created_at),
            updated_at: clock::to_utc(r.updated_at),
            cover: covers.remove(r.id.as_str()),
            images: None,
        })
        .collect())
}

fn product_view(conn: &mut DbConn, row: &ProductRow, viewer: Option<&Actor>) -> AppResult<ProductView> {
    let mut view = product_views(conn, std::slice::from_ref(row))?
        .pop()
        .ok_or_else(|| AppError::internal("view of one product was empty"))?;
    let ids = [row.id.to_string()];
    let mut gallery = crate::images::service::for_subjects(conn, crate::images::rules::Subject::Product, &ids, viewer)?;
    view.images = Some(gallery.remove(row.id.as_str()).unwrap_or_default());
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

pub fn load(conn: &mut DbConn, key: &str) -> AppResult<ProductRow> {
    store::by_id_or_slug(conn, key.trim())?.ok_or_else(|| AppError::not_found("Product"))
}

/// The idea a product names, which must exist and be public.
fn origin_idea(conn: &mut DbConn, raw: &str) -> AppResult<String> {
    let invalid = || AppError::field("idea_id", "unknown", "There is no such public idea.");
    let id = IdeaId::parse(raw).ok_or_else(invalid)?;
    match crate::ideas::store::by_id(conn, &id)? {
        Some(idea) if crate::ideas::service::visible_to(&idea, None) => Ok(idea.id.to_string()),
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
            if !input.images.is_empty() {
                crate::images::service::attach(
                    conn,
                    &actor.id,
                    crate::images::rules::Subject::Product,
                    &row.id,
                    "images",
                    &input.images,
                )?;
            }
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
            if let Some(list) = &input.images {
                crate::images::service::attach(
                    conn,
                    &actor.id,
                    crate::images::rules::Subject::Product,
                    &row.id,
                    "images",
                    list,
                )?;
            }
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

/// A product named from elsewhere, with enough to link to it (the idea page's
/// "from the community" list).
#[derive(Debug, Serialize, Clone)]
pub struct ProductLink {
    pub slug: String,
    pub name: String,
    pub brand: String,
}

/// The products an idea became, in the order they were made.
pub async fn for_idea(db: &Db, idea_id: String) -> AppResult<Vec<ProductLink>> {
    db.run(move |conn| {
        Ok(store::by_idea(conn, &idea_id)?
            .into_iter()
            .map(|p| ProductLink { slug: p.slug, name: p.name, brand: p.brand })
            .collect())
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
        let (rows, next_cursor) = finish_page(rows, limit, |r| ProductAfter {
            key: r.name_key.clone(),
            avg: r.rating_avg,
            id: r.id.to_string(),
        });
        let items = product_views(conn, &rows)?;
        let (categories, brands) = store::facets(conn)?;
        let counts = |v: Vec<(String, i64)>| v.into_iter().map(|(value, count)| FacetCount { value, count }).collect();
        Ok(ProductList { items, next_cursor, categories: counts(categories), brands: counts(brands) })
    })
    .await
}

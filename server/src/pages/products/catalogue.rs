//! The catalogue: products with filters (category, brand, rating, from the
//! community's ideas), an order and paging.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{clean, manages_products, product_cards};
use crate::error::AppResult;
use crate::pages::session::{encode, query_string, PageCtx};
use crate::products::service::{self as products, ProductQuery};

/// Products per page of the catalogue.
const PAGE_SIZE: &str = "24";
const SORTS: [&str; 3] = ["name", "rating", "newest"];
/// The "at least n stars" choices of the catalogue filter.
const MIN_RATINGS: [&str; 4] = ["4", "3", "2", "1"];

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
pub async fn list(ctx: &PageCtx, query: web::Query<ListQuery>) -> AppResult<HttpResponse> {
    let q = query.into_inner();
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
            "feeds": super::super::challenge_news::feed_links(ctx, &[(ctx.lang.t("feed-reviews-link"), "/api/v1/feeds/reviews".into())]),
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

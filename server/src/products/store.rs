//! Product, rating, helpful-vote and alert rows and queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::rules::{Delta, ProductSort, ReviewSort};
use crate::db::schema::{product_alerts, products, ratings, review_helpful};
use crate::db::DbConn;
use crate::ids::{AlertId, IdeaId, ProductId, ReviewId, UserId};
use crate::per_backend;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = products)]
pub struct ProductRow {
    pub id: ProductId,
    pub slug: String,
    pub name: String,
    pub name_key: String,
    pub brand: String,
    pub category: String,
    pub description: String,
    pub description_html: String,
    pub image_ref: Option<String>,
    pub gtin: Option<String>,
    pub available: bool,
    pub idea_id: Option<IdeaId>,
    pub ratings_count: i32,
    pub ratings_sum: i32,
    pub rating_avg: f64,
    pub stars_1: i32,
    pub stars_2: i32,
    pub stars_3: i32,
    pub stars_4: i32,
    pub stars_5: i32,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = products)]
pub struct NewProduct {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub name_key: String,
    pub brand: String,
    pub category: String,
    pub description: String,
    pub description_html: String,
    pub image_ref: Option<String>,
    pub gtin: Option<String>,
    pub available: bool,
    pub idea_id: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(AsChangeset, Debug, Default)]
#[diesel(table_name = products)]
pub struct ProductChanges {
    pub slug: Option<String>,
    pub name: Option<String>,
    pub name_key: Option<String>,
    pub brand: Option<String>,
    pub category: Option<String>,
    pub description: Option<String>,
    pub description_html: Option<String>,
    pub image_ref: Option<Option<String>>,
    pub gtin: Option<Option<String>>,
    pub available: Option<bool>,
    pub idea_id: Option<Option<String>>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn by_id(conn: &mut DbConn, id: &str) -> QueryResult<Option<ProductRow>> {
    products::table.find(id).select(ProductRow::as_select()).first(conn).optional()
}

pub fn by_id_or_slug(conn: &mut DbConn, key: &str) -> QueryResult<Option<ProductRow>> {
    match crate::ids::ProductId::parse(key) {
        Some(id) => by_id(conn, &id),
        None => products::table
            .filter(products::slug.eq(key.to_lowercase()))
            .select(ProductRow::as_select())
            .first(conn)
            .optional(),
    }
}

pub fn by_ids(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<ProductRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    products::table.filter(products::id.eq_any(ids)).select(ProductRow::as_select()).load(conn)
}

/// Products that came from an idea.
pub fn by_idea(conn: &mut DbConn, idea_id: &str) -> QueryResult<Vec<ProductRow>> {
    products::table.filter(products::idea_id.eq(idea_id)).order(products::id).select(ProductRow::as_select()).load(conn)
}

pub fn slug_taken(conn: &mut DbConn, slug: &str, except: Option<&str>) -> QueryResult<bool> {
    let mut q = products::table.filter(products::slug.eq(slug)).select(products::id).into_boxed();
    if let Some(id) = except {
        q = q.filter(products::id.ne(id.to_string()));
    }
    Ok(q.first::<String>(conn).optional()?.is_some())
}

pub fn gtin_taken(conn: &mut DbConn, gtin: &str, except: Option<&str>) -> QueryResult<bool> {
    let mut q = products::table.filter(products::gtin.eq(gtin)).select(products::id).into_boxed();
    if let Some(id) = except {
        q = q.filter(products::id.ne(id.to_string()));
    }
    Ok(q.first::<String>(conn).optional()?.is_some())
}

pub fn insert(conn: &mut DbConn, row: &NewProduct) -> QueryResult<usize> {
    diesel::insert_into(products::table).values(row).execute(conn)?;
    crate::search::outbox::enqueue(conn, crate::search::DocKind::Product, &row.id, row.created_at)
}

pub fn update(conn: &mut DbConn, id: &str, changes: &ProductChanges) -> QueryResult<usize> {
    let n = diesel::update(products::table.find(id)).set(changes).execute(conn)?;
    crate::search::outbox::enqueue(conn, crate::search::DocKind::Product, id, crate::clock::now())?;
    Ok(n)
}

/// The position after which a product page starts.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ProductAfter {
    pub key: String,
    pub avg: f64,
    pub id: String,
}

#[derive(Debug, Default, Clone)]
pub struct ProductFilter {
    pub category: Option<String>,
    pub brand: Option<String>,
    pub min_rating: Option<f64>,
    pub available: Option<bool>,
    pub from_ideas: bool,
}

pub fn list(
    conn: &mut DbConn,
    filter: &ProductFilter,
    sort: ProductSort,
    after: Option<&ProductAfter>,
    limit: i64,
) -> QueryResult<Vec<ProductRow>> {
    let mut q = products::table.select(ProductRow::as_select()).into_boxed();
    if let Some(c) = &filter.category {
        q = q.filter(products::category.eq(c.clone()));
    }
    if let Some(b) = &filter.brand {
        q = q.filter(products::brand.eq(b.clone()));
    }
    if let Some(r) = filter.min_rating {
        q = q.filter(products::rating_avg.ge(r)).filter(products::ratings_count.gt(0));
    }
    if let Some(a) = filter.available {
        q = q.filter(products::available.eq(a));
    }
    if filter.from_ideas {
        q = q.filter(products::idea_id.is_not_null());
    }
    match sort {
        ProductSort::Name => {
            if let Some(a) = after {
                q = q.filter(
                    products::name_key
                        .gt(a.key.clone())
                        .or(products::name_key.eq(a.key.clone()).and(products::id.gt(a.id.clone()))),
                );
            }
            q = q.order((products::name_key.asc(), products::id.asc()));
        }
        ProductSort::Rating => {
            if let Some(a) = after {
                q = q.filter(
                    products::rating_avg
                        .lt(a.avg)
                        .or(products::rating_avg.eq(a.avg).and(products::id.lt(a.id.clone()))),
                );
            }
            q = q.order((products::rating_avg.desc(), products::id.desc()));
        }
        ProductSort::Newest => {
            if let Some(a) = after {
                q = q.filter(products::id.lt(a.id.clone()));
            }
            q = q.order(products::id.desc());
        }
    }
    q.limit(limit).load(conn)
}

/// Values with their product counts.
pub type Counts = Vec<(String, i64)>;

/// Distinct categories and brands with their product counts, for the filters.
pub fn facets(conn: &mut DbConn) -> QueryResult<(Counts, Counts)> {
    use diesel::dsl::count_star;
    let categories = products::table
        .group_by(products::category)
        .select((products::category, count_star()))
        .order(products::category)
        .load(conn)?;
    let brands = products::table
        .group_by(products::brand)
        .select((products::brand, count_star()))
        .order(products::brand)
        .load(conn)?;
    Ok((categories, brands))
}

/// Takes the product's row lock (PostgreSQL; SQLite's write transaction
/// already holds the database's): rating changes on one product queue here,
/// so each reads the summary the previous one wrote.
pub fn lock(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::update(products::table.find(id)).set(products::ratings_count.eq(products::ratings_count)).execute(conn)
}

/// Applies a rating change to the summary. Call under `lock`.
pub fn apply_delta(conn: &mut DbConn, row: &ProductRow, d: Delta) -> QueryResult<usize> {
    let count = row.ratings_count + d.count;
    let sum = row.ratings_sum + d.sum;
    let avg = if count > 0 { f64::from(sum) / f64::from(count) } else { 0.0 };
    diesel::update(products::table.find(&row.id))
        .set((
            products::ratings_count.eq(count),
            products::ratings_sum.eq(sum),
            products::rating_avg.eq(avg),
            products::stars_1.eq(row.stars_1 + d.histogram[0]),
            products::stars_2.eq(row.stars_2 + d.histogram[1]),
            products::stars_3.eq(row.stars_3 + d.histogram[2]),
            products::stars_4.eq(row.stars_4 + d.histogram[3]),
            products::stars_5.eq(row.stars_5 + d.histogram[4]),
        ))
        .execute(conn)?;
    crate::search::outbox::enqueue(conn, crate::search::DocKind::Product, &row.id, crate::clock::now())
}

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = ratings)]
pub struct RatingRow {
    pub id: ReviewId,
    pub product_id: ProductId,
    pub user_id: UserId,
    pub stars: i32,
    pub title: String,
    pub body: String,
    pub body_html: String,
    pub helpful_count: i32,
    pub open_reports: i32,
    pub hidden_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The product test this review reports on (a test report), if any.
    pub product_test_id: Option<String>,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = ratings)]
pub struct NewRating {
    pub id: ReviewId,
    pub product_id: String,
    pub user_id: String,
    pub stars: i32,
    pub title: String,
    pub body: String,
    pub body_html: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn rating_by_id(conn: &mut DbConn, id: &str) -> QueryResult<Option<RatingRow>> {
    ratings::table.find(id).select(RatingRow::as_select()).first(conn).optional()
}

pub fn rating_of(conn: &mut DbConn, product_id: &str, user_id: &str) -> QueryResult<Option<RatingRow>> {
    ratings::table
        .filter(ratings::product_id.eq(product_id))
        .filter(ratings::user_id.eq(user_id))
        .select(RatingRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert_rating(conn: &mut DbConn, row: &NewRating) -> QueryResult<usize> {
    diesel::insert_into(ratings::table).values(row).execute(conn)
}

pub fn update_rating(
    conn: &mut DbConn,
    id: &str,
    stars: i32,
    title: &str,
    body: &str,
    body_html: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(ratings::table.find(id))
        .set((
            ratings::stars.eq(stars),
            ratings::title.eq(title),
            ratings::body.eq(body),
            ratings::body_html.eq(body_html),
            ratings::updated_at.eq(now),
        ))
        .execute(conn)
}

pub fn delete_rating(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(review_helpful::table.filter(review_helpful::rating_id.eq(id))).execute(conn)?;
    diesel::delete(ratings::table.find(id)).execute(conn)
}

/// The position after which a review page starts.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ReviewAfter {
    pub n: i32,
    pub id: String,
}

/// Visible reviews (ratings with text) of a product.
pub fn reviews(
    conn: &mut DbConn,
    product_id: &str,
    sort: ReviewSort,
    after: Option<&ReviewAfter>,
    limit: i64,
) -> QueryResult<Vec<RatingRow>> {
    let mut q = ratings::table
        .filter(ratings::product_id.eq(product_id))
        .filter(ratings::hidden_at.is_null())
        .filter(ratings::body.ne(""))
        .select(RatingRow::as_select())
        .into_boxed();
    match sort {
        ReviewSort::Newest => {
            if let Some(a) = after {
                q = q.filter(ratings::id.lt(a.id.clone()));
            }
            q = q.order(ratings::id.desc());
        }
        ReviewSort::Helpful => {
            if let Some(a) = after {
                q = q.filter(
                    ratings::helpful_count.lt(a.n).or(ratings::helpful_count.eq(a.n).and(ratings::id.lt(a.id.clone()))),
                );
            }
            q = q.order((ratings::helpful_count.desc(), ratings::id.desc()));
        }
        ReviewSort::Highest => {
            if let Some(a) = after {
                q = q.filter(ratings::stars.lt(a.n).or(ratings::stars.eq(a.n).and(ratings::id.lt(a.id.clone()))));
            }
            q = q.order((ratings::stars.desc(), ratings::id.desc()));
        }
        ReviewSort::Lowest => {
            if let Some(a) = after {
                q = q.filter(ratings::stars.gt(a.n).or(ratings::stars.eq(a.n).and(ratings::id.lt(a.id.clone()))));
            }
            q = q.order((ratings::stars.asc(), ratings::id.desc()));
        }
    }
    q.limit(limit).load(conn)
}

/// Low ratings (1–2 stars, not hidden) of a product created in [from, to).
pub fn low_ratings_between(
    conn: &mut DbConn,
    product_id: &str,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<i64> {
    ratings::table
        .filter(ratings::product_id.eq(product_id))
        .filter(ratings::stars.le(2))
        .filter(ratings::hidden_at.is_null())
        .filter(ratings::created_at.ge(from))
        .filter(ratings::created_at.lt(to))
        .count()
        .get_result(conn)
}

/// Which of these reviews the member found helpful.
pub fn helpful_among(conn: &mut DbConn, user_id: &str, rating_ids: &[String]) -> QueryResult<Vec<String>> {
    if rating_ids.is_empty() {
        return Ok(Vec::new());
    }
    review_helpful::table
        .filter(review_helpful::user_id.eq(user_id))
        .filter(review_helpful::rating_id.eq_any(rating_ids))
        .select(review_helpful::rating_id)
        .load(conn)
}

/// Records a helpful vote; 1 when new, 0 when the member had already voted.
pub fn add_helpful(conn: &mut DbConn, rating_id: &str, user_id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    let row = (
        review_helpful::rating_id.eq(rating_id),
        review_helpful::user_id.eq(user_id),
        review_helpful::created_at.eq(now),
    );
    let n = per_backend!(conn, c => diesel::insert_into(review_helpful::table).values(row).on_conflict_do_nothing().execute(c))?;
    if n == 1 {
        diesel::update(ratings::table.find(rating_id))
            .set(ratings::helpful_count.eq(ratings::helpful_count + 1))
            .execute(conn)?;
    }
    Ok(n)
}

pub fn remove_helpful(conn: &mut DbConn, rating_id: &str, user_id: &str) -> QueryResult<usize> {
    let n = diesel::delete(
        review_helpful::table
            .filter(review_helpful::rating_id.eq(rating_id))
            .filter(review_helpful::user_id.eq(user_id)),
    )
    .execute(conn)?;
    if n == 1 {
        diesel::update(ratings::table.find(rating_id))
            .set(ratings::helpful_count.eq(ratings::helpful_count - 1))
            .execute(conn)?;
    }
    Ok(n)
}

pub fn helpful_count(conn: &mut DbConn, rating_id: &str) -> QueryResult<i32> {
    ratings::table.find(rating_id).select(ratings::helpful_count).first(conn)
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = product_alerts)]
pub struct AlertRow {
    pub id: AlertId,
    pub product_id: ProductId,
    pub kind: String,
    pub low_ratings: i32,
    pub window_hours: i32,
    pub usual_rate: f64,
    pub created_at: NaiveDateTime,
    pub resolved_at: Option<NaiveDateTime>,
    pub resolved_by: Option<UserId>,
}

pub fn insert_alert(conn: &mut DbConn, row: &AlertRow) -> QueryResult<usize> {
    diesel::insert_into(product_alerts::table).values(row).execute(conn)
}

/// The product's alert that is still open or was raised after `since`.
pub fn recent_alert(conn: &mut DbConn, product_id: &str, since: NaiveDateTime) -> QueryResult<Option<AlertRow>> {
    product_alerts::table
        .filter(product_alerts::product_id.eq(product_id))
        .filter(product_alerts::resolved_at.is_null().or(product_alerts::created_at.ge(since)))
        .order(product_alerts::created_at.desc())
        .select(AlertRow::as_select())
        .first(conn)
        .optional()
}

pub fn open_alerts(conn: &mut DbConn, product_id: Option<&str>) -> QueryResult<Vec<AlertRow>> {
    let mut q =
        product_alerts::table.filter(product_alerts::resolved_at.is_null()).select(AlertRow::as_select()).into_boxed();
    if let Some(p) = product_id {
        q = q.filter(product_alerts::product_id.eq(p.to_string()));
    }
    q.order(product_alerts::created_at.desc()).limit(200).load(conn)
}

pub fn alert_by_id(conn: &mut DbConn, id: &str) -> QueryResult<Option<AlertRow>> {
    product_alerts::table.find(id).select(AlertRow::as_select()).first(conn).optional()
}

pub fn resolve_alert(conn: &mut DbConn, id: &str, by: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(product_alerts::table.find(id).filter(product_alerts::resolved_at.is_null()))
        .set((product_alerts::resolved_at.eq(now), product_alerts::resolved_by.eq(by)))
        .execute(conn)
}

/// Follows a product; 1 when new, 0 when the member followed it already.
pub fn add_follow(conn: &mut DbConn, product_id: &str, user_id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    use crate::db::schema::product_follows as f;
    let row = (f::product_id.eq(product_id), f::user_id.eq(user_id), f::created_at.eq(now));
    crate::per_backend!(conn, c => diesel::insert_into(f::table).values(row).on_conflict_do_nothing().execute(c))
}

pub fn remove_follow(conn: &mut DbConn, product_id: &str, user_id: &str) -> QueryResult<usize> {
    use crate::db::schema::product_follows as f;
    diesel::delete(f::table.filter(f::product_id.eq(product_id)).filter(f::user_id.eq(user_id))).execute(conn)
}

pub fn follows(conn: &mut DbConn, product_id: &str, user_id: &str) -> QueryResult<bool> {
    use crate::db::schema::product_follows as f;
    diesel::select(diesel::dsl::exists(f::table.filter(f::product_id.eq(product_id)).filter(f::user_id.eq(user_id))))
        .get_result(conn)
}

pub fn followers(conn: &mut DbConn, product_id: &str) -> QueryResult<i64> {
    use crate::db::schema::product_follows as f;
    f::table.filter(f::product_id.eq(product_id)).count().get_result(conn)
}

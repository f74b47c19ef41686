//! Ratings and reviews: rating a product (the summary moves by the
//! difference under the product's lock), the review-spike check, removing a
//! rating, moderation hiding or restoring one, and the list of reviews.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

use super::catalogue::load;
use crate::accounts::{self, Actor, Role};
use crate::clock;
use crate::db::{write_tx, Db, DbConn};
use crate::error::{AppError, AppResult, Violations};
use crate::ideas::service::AuthorView;
use crate::ids::{AlertId, ProductId, ReviewId};
use crate::markdown;
use crate::notifications::{kind, store as notify};
use crate::pagination::{decode_cursor, finish_page, parse_limit};
use crate::points::rules::{Reason, Rule};
use crate::points::service::{self as points, Award};
use crate::products::rules::{self, ReviewSort, SpikeRule, Summary};
use crate::products::store::{self, AlertRow, NewRating, ProductRow, RatingRow, ReviewAfter};

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
pub struct ReviewView {
    pub id: ReviewId,
    pub product_id: ProductId,
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
    /// The product test this review reports on ("tested in …"), if it is a test report.
    pub tested_in: Option<TestedIn>,
    /// A test report's pictures (up to 4).
    pub images: Vec<crate::images::service::ImageView>,
}

/// The product test a review reports on.
#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct TestedIn {
    /// The product test's id.
    pub id: String,
    /// The product test's title.
    pub title: String,
    pub pros: String,
    pub cons: String,
}

pub fn review_views(conn: &mut DbConn, rows: &[RatingRow], viewer: Option<&Actor>) -> AppResult<Vec<ReviewView>> {
    let user_ids: Vec<String> = rows.iter().map(|r| r.user_id.to_string()).collect();
    let authors: HashMap<String, AuthorView> = crate::ideas::service::author_views(conn, &user_ids)?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
    let helpful = match viewer {
        Some(v) => Some(store::helpful_among(conn, &v.id, &ids)?),
        None => None,
    };
    let reports: HashMap<String, TestedIn> = crate::product_tests::store::reports_for_ratings(conn, &ids)?
        .into_iter()
        .filter_map(|(rating, id, title, pros, cons)| rating.map(|r| (r, TestedIn { id, title, pros, cons })))
        .collect();
    let tested: Vec<String> = rows.iter().filter(|r| r.product_test_id.is_some()).map(|r| r.id.to_string()).collect();
    let mut images =
        crate::images::service::for_subjects(conn, crate::images::rules::Subject::Review, &tested, viewer)?;
    Ok(rows
        .iter()
        .map(|r| ReviewView {
            id: r.id.clone(),
            product_id: r.product_id.clone(),
            author: authors.get(r.user_id.as_str()).cloned().unwrap_or_else(AuthorView::unknown),
            stars: r.stars,
            title: r.title.clone(),
            body: r.body.clone(),
            body_html: r.body_html.clone(),
            helpful_count: r.helpful_count,
            found_helpful: helpful.as_ref().map(|h| h.iter().any(|x| r.id == *x)),
            hidden: r.hidden_at.is_some(),
            created_at: clock::to_utc(r.created_at),
            updated_at: clock::to_utc(r.updated_at),
            tested_in: r.product_test_id.as_ref().and_then(|_| reports.get(r.id.as_str()).cloned()),
            images: images.remove(r.id.as_str()).unwrap_or_default(),
        })
        .collect())
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
    actor.ensure_contributor()?;
    let mut v = Violations::new();
    rules::check_stars(&mut v, input.stars);
    rules::check_review(&mut v, &input.title, &input.body);
    v.finish()?;
    let actor = actor.clone();
    db.run(move |conn| write_tx(conn, |conn| rate_in_tx(conn, &actor, &spike, &key, &input))).await
}

/// Rates a product in the caller's transaction (the rating, the summary under the product's lock, the
/// points, the review-spike check). Checked input only (`check_stars`, `check_review`).
pub fn rate_in_tx(
    conn: &mut DbConn,
    actor: &Actor,
    spike: &SpikeRule,
    key: &str,
    input: &RateInput,
) -> AppResult<RateResult> {
    {
        {
            let product = load(conn, key)?;
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
                        id: ReviewId::new(),
                        product_id: product.id.to_string(),
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
            if created {
                crate::webhooks::emit(
                    conn,
                    crate::webhooks::Event::ReviewCreated,
                    &json!({"review_id": id, "product_id": product.id, "product_slug": product.slug, "stars": input.stars, "title": input.title.trim(), "author": actor.handle}),
                )?;
            }
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
                check_spike(conn, &product, spike, now)?;
            }
            let saved = store::rating_by_id(conn, &id)?.ok_or_else(|| AppError::internal("rating vanished"))?;
            let rating = review_views(conn, &[saved], Some(actor))?
                .pop()
                .ok_or_else(|| AppError::internal("view of one rating was empty"))?;
            let product = store::by_id(conn, &product.id)?.ok_or_else(|| AppError::not_found("Product"))?;
            Ok(RateResult { rating, created, summary: RatingSummary::of(&product) })
        }
    }
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
        id: AlertId::new(),
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
    crate::webhooks::emit(
        conn,
        crate::webhooks::Event::ProductAlertRaised,
        &json!({"alert_id": alert.id, "kind": alert.kind, "product_id": product.id, "product_slug": product.slug, "low_ratings": in_window, "window_hours": rule.window_hours}),
    )?;
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
            id: r.id.to_string(),
        });
        let items = review_views(conn, &rows, viewer.as_ref())?;
        Ok(ReviewPage { summary: RatingSummary::of(&product), items, next_cursor })
    })
    .await
}

//! The one query the feeds need that no domain has: the newest visible reviews of every product, with
//! the product's slug and name.

use diesel::prelude::*;

use crate::db::schema::{products, ratings};
use crate::db::DbConn;
use crate::products::store::RatingRow;

/// Visible reviews (ratings with text, not hidden), newest first, with their product's slug and name;
/// of one product when given.
pub fn recent_reviews(
    conn: &mut DbConn,
    product_id: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<(RatingRow, String, String)>> {
    let mut q = ratings::table
        .inner_join(products::table)
        .filter(ratings::hidden_at.is_null())
        .filter(ratings::body.ne(""))
        .select((RatingRow::as_select(), products::slug, products::name))
        .into_boxed();
    if let Some(id) = product_id {
        q = q.filter(ratings::product_id.eq(id.to_string()));
    }
    q.order(ratings::id.desc()).limit(limit).load(conn)
}

//! Tip, tag and helpful-vote rows and queries. Every change to a tip queues
//! its search document in the same transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::rules::TipSort;
use crate::db::schema::{tip_helpful, tip_tags, tips};
use crate::db::DbConn;
use crate::ids::{ProductId, TipId, UserId};
use crate::per_backend;
use crate::search::{outbox, DocKind};

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = tips)]
pub struct TipRow {
    pub id: TipId,
    pub author_id: UserId,
    pub product_id: Option<ProductId>,
    pub title: String,
    pub body: String,
    pub body_html: String,
    pub helpful_count: i32,
    pub open_reports: i32,
    pub hidden_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(AsChangeset, Debug, Default)]
#[diesel(table_name = tips)]
pub struct TipChanges {
    pub title: Option<String>,
    pub body: Option<String>,
    pub body_html: Option<String>,
    pub product_id: Option<Option<String>>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn by_id(conn: &mut DbConn, id: &str) -> QueryResult<Option<TipRow>> {
    tips::table.find(id).select(TipRow::as_select()).first(conn).optional()
}

pub fn by_ids(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<TipRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    tips::table.filter(tips::id.eq_any(ids)).select(TipRow::as_select()).load(conn)
}

/// What a search hit shows of a tip, in one query: (id, title, body,
/// helpful_count, product name, product category), visible tips only.
pub type HitRow = (String, String, String, i32, Option<String>, Option<String>);

pub fn hit_rows(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<HitRow>> {
    use crate::db::schema::products;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    tips::table
        .left_join(products::table)
        .filter(tips::id.eq_any(ids))
        .filter(tips::hidden_at.is_null())
        .select((
            tips::id,
            tips::title,
            tips::body,
            tips::helpful_count,
            products::name.nullable(),
            products::category.nullable(),
        ))
        .load(conn)
}

pub fn insert(conn: &mut DbConn, row: &TipRow, tags: &[String]) -> QueryResult<()> {
    diesel::insert_into(tips::table).values(row).execute(conn)?;
    replace_tags(conn, &row.id, tags)?;
    outbox::enqueue(conn, DocKind::Tip, &row.id, row.created_at)?;
    Ok(())
}

/// Many tips in one statement per backend (seeding, benchmarks).
pub fn insert_many(conn: &mut DbConn, rows: &[TipRow], tags: &[(String, String)]) -> QueryResult<()> {
    per_backend!(conn, c => diesel::insert_into(tips::table).values(rows).execute(c))?;
    if !tags.is_empty() {
        let tag_rows: Vec<_> =
            tags.iter().map(|(t, tag)| (tip_tags::tip_id.eq(t.as_str()), tip_tags::tag.eq(tag.as_str()))).collect();
        per_backend!(conn, c => diesel::insert_into(tip_tags::table).values(&tag_rows).execute(c))?;
    }
    Ok(())
}

pub fn update(conn: &mut DbConn, id: &str, changes: &TipChanges) -> QueryResult<usize> {
    let n = diesel::update(tips::table.find(id)).set(changes).execute(conn)?;
    outbox::enqueue(conn, DocKind::Tip, id, crate::clock::now())?;
    Ok(n)
}

pub fn delete(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(tip_tags::table.filter(tip_tags::tip_id.eq(id))).execute(conn)?;
    diesel::delete(tip_helpful::table.filter(tip_helpful::tip_id.eq(id))).execute(conn)?;
    let n = diesel::delete(tips::table.find(id)).execute(conn)?;
    outbox::enqueue(conn, DocKind::Tip, id, crate::clock::now())?;
    Ok(n)
}

pub fn replace_tags(conn: &mut DbConn, tip_id: &str, tags: &[String]) -> QueryResult<()> {
    diesel::delete(tip_tags::table.filter(tip_tags::tip_id.eq(tip_id))).execute(conn)?;
    if !tags.is_empty() {
        let rows: Vec<_> = tags.iter().map(|t| (tip_tags::tip_id.eq(tip_id), tip_tags::tag.eq(t.as_str()))).collect();
        per_backend!(conn, c => diesel::insert_into(tip_tags::table).values(&rows).execute(c))?;
    }
    Ok(())
}

/// (tip_id, tag) pairs for the given tips, tags in name order.
pub fn tags_for(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<(String, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    tip_tags::table
        .filter(tip_tags::tip_id.eq_any(ids))
        .order((tip_tags::tip_id, tip_tags::tag))
        .select((tip_tags::tip_id, tip_tags::tag))
        .load(conn)
}

/// The position after which a tip page starts.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct TipAfter {
    pub helpful: i32,
    pub id: String,
}

#[derive(Debug, Default, Clone)]
pub struct TipFilter {
    pub product_id: Option<String>,
    pub tag: Option<String>,
    pub author_id: Option<String>,
}

/// Visible tips, newest or most helpful first.
pub fn list(
    conn: &mut DbConn,
    filter: &TipFilter,
    sort: TipSort,
    after: Option<&TipAfter>,
    limit: i64,
) -> QueryResult<Vec<TipRow>> {
    let mut q = tips::table.filter(tips::hidden_at.is_null()).select(TipRow::as_select()).into_boxed();
    if let Some(p) = &filter.product_id {
        q = q.filter(tips::product_id.eq(p.clone()));
    }
    if let Some(a) = &filter.author_id {
        q = q.filter(tips::author_id.eq(a.clone()));
    }
    if let Some(tag) = &filter.tag {
        q = q.filter(tips::id.eq_any(tip_tags::table.filter(tip_tags::tag.eq(tag.clone())).select(tip_tags::tip_id)));
    }
    match sort {
        TipSort::New => {
            if let Some(a) = after {
                q = q.filter(tips::id.lt(a.id.clone()));
            }
            q = q.order(tips::id.desc());
        }
        TipSort::Helpful => {
            if let Some(a) = after {
                q = q.filter(
                    tips::helpful_count
                        .lt(a.helpful)
                        .or(tips::helpful_count.eq(a.helpful).and(tips::id.lt(a.id.clone()))),
                );
            }
            q = q.order((tips::helpful_count.desc(), tips::id.desc()));
        }
    }
    q.limit(limit).load(conn)
}

pub fn helpful_among(conn: &mut DbConn, user_id: &str, tip_ids: &[String]) -> QueryResult<Vec<String>> {
    if tip_ids.is_empty() {
        return Ok(Vec::new());
    }
    tip_helpful::table
        .filter(tip_helpful::user_id.eq(user_id))
        .filter(tip_helpful::tip_id.eq_any(tip_ids))
        .select(tip_helpful::tip_id)
        .load(conn)
}

/// Records a helpful mark; 1 when new, 0 when the member had already marked it.
pub fn add_helpful(conn: &mut DbConn, tip_id: &str, user_id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    let row = (tip_helpful::tip_id.eq(tip_id), tip_helpful::user_id.eq(user_id), tip_helpful::created_at.eq(now));
    let n = per_backend!(conn, c => diesel::insert_into(tip_helpful::table).values(row).on_conflict_do_nothing().execute(c))?;
    if n == 1 {
        diesel::update(tips::table.find(tip_id)).set(tips::helpful_count.eq(tips::helpful_count + 1)).execute(conn)?;
        outbox::enqueue(conn, DocKind::Tip, tip_id, now)?;
    }
    Ok(n)
}

pub fn remove_helpful(conn: &mut DbConn, tip_id: &str, user_id: &str) -> QueryResult<usize> {
    let n = diesel::delete(
        tip_helpful::table.filter(tip_helpful::tip_id.eq(tip_id)).filter(tip_helpful::user_id.eq(user_id)),
    )
    .execute(conn)?;
    if n == 1 {
        diesel::update(tips::table.find(tip_id)).set(tips::helpful_count.eq(tips::helpful_count - 1)).execute(conn)?;
        outbox::enqueue(conn, DocKind::Tip, tip_id, crate::clock::now())?;
    }
    Ok(n)
}

pub fn helpful_count(conn: &mut DbConn, tip_id: &str) -> QueryResult<i32> {
    tips::table.find(tip_id).select(tips::helpful_count).first(conn)
}

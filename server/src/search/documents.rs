//! Search documents built from the database: the current state of each
//! document the outbox names (or a deletion, when it is gone or hidden), and
//! every document of a kind for a rebuild.

use std::collections::HashMap;

use diesel::prelude::*;

use super::{DocKind, SearchDoc};
use crate::db::schema::{idea_tags, ideas, products, tip_tags, tips};
use crate::db::DbConn;
use crate::ideas::rules::IdeaStatus;
use crate::markdown::plain_text;

/// What the engine should hold for each id: `Some(doc)` to write, `None` to remove.
pub fn load(conn: &mut DbConn, kind: DocKind, ids: &[String]) -> QueryResult<Vec<(String, Option<SearchDoc>)>> {
    let mut found: HashMap<String, SearchDoc> = HashMap::new();
    for chunk in ids.chunks(500) {
        let docs = match kind {
            DocKind::Tip => tip_docs(conn, Some(chunk), None, 0)?,
            DocKind::Idea => idea_docs(conn, Some(chunk), None, 0)?,
            DocKind::Product => product_docs(conn, Some(chunk), None, 0)?,
            DocKind::Question => question_docs(conn, Some(chunk), None, 0)?,
        };
        found.extend(docs.into_iter().map(|d| (d.id.clone(), d)));
    }
    Ok(ids.iter().map(|id| (id.clone(), found.remove(id))).collect())
}

/// A page of every searchable document of a kind, in id order after `after`.
pub fn page(conn: &mut DbConn, kind: DocKind, after: Option<&str>, limit: i64) -> QueryResult<Vec<SearchDoc>> {
    match kind {
        DocKind::Tip => tip_docs(conn, None, after, limit),
        DocKind::Idea => idea_docs(conn, None, after, limit),
        DocKind::Product => product_docs(conn, None, after, limit),
        DocKind::Question => question_docs(conn, None, after, limit),
    }
}

fn secs(t: chrono::NaiveDateTime) -> i64 {
    t.and_utc().timestamp()
}

type TipCols = (String, Option<String>, String, String, i32, chrono::NaiveDateTime);

fn tip_docs(conn: &mut DbConn, ids: Option<&[String]>, after: Option<&str>, limit: i64) -> QueryResult<Vec<SearchDoc>> {
    let mut q = tips::table
        .filter(tips::hidden_at.is_null())
        .select((tips::id, tips::product_id, tips::title, tips::body, tips::helpful_count, tips::created_at))
        .order(tips::id.asc())
        .into_boxed();
    if let Some(ids) = ids {
        q = q.filter(tips::id.eq_any(ids));
    } else {
        if let Some(a) = after {
            q = q.filter(tips::id.gt(a.to_string()));
        }
        q = q.limit(limit);
    }
    let rows: Vec<TipCols> = q.load(conn)?;
    let tip_ids: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let mut tags: HashMap<String, Vec<String>> = HashMap::new();
    for (id, tag) in tip_tags::table
        .filter(tip_tags::tip_id.eq_any(&tip_ids))
        .select((tip_tags::tip_id, tip_tags::tag))
        .load::<(String, String)>(conn)?
    {
        tags.entry(id).or_default().push(tag);
    }
    let product_ids: Vec<String> = rows.iter().filter_map(|r| r.1.clone()).collect();
    let categories: HashMap<String, String> = products::table
        .filter(products::id.eq_any(&product_ids))
        .select((products::id, products::category))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|(id, product, title, body, helpful, created)| SearchDoc {
            kind: DocKind::Tip,
            tags: tags.remove(&id).unwrap_or_default(),
            category: product.as_ref().and_then(|p| categories.get(p).cloned()),
            brand: None,
            product,
            challenge: None,
            status: None,
            title,
            text: plain_text(&body),
            rank: i64::from(helpful),
            created: secs(created),
            id,
        })
        .collect())
}

type IdeaCols = (String, Option<String>, String, String, String, String, i32, chrono::NaiveDateTime);

fn idea_docs(
    conn: &mut DbConn,
    ids: Option<&[String]>,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<SearchDoc>> {
    // Only what everyone may see: public states, not hidden.
    let hidden_states: Vec<&str> = IdeaStatus::ALL.iter().filter(|s| !s.is_public()).map(|s| s.as_str()).collect();
    let mut q = ideas::table
        .filter(ideas::hidden_at.is_null())
        .filter(ideas::status.ne_all(hidden_states))
        .select((
            ideas::id,
            ideas::challenge_id,
            ideas::title,
            ideas::summary,
            ideas::body,
            ideas::status,
            ideas::supports_count,
            ideas::created_at,
        ))
        .order(ideas::id.asc())
        .into_boxed();
    if let Some(ids) = ids {
        q = q.filter(ideas::id.eq_any(ids));
    } else {
        if let Some(a) = after {
            q = q.filter(ideas::id.gt(a.to_string()));
        }
        q = q.limit(limit);
    }
    let rows: Vec<IdeaCols> = q.load(conn)?;
    let idea_ids: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let mut tags: HashMap<String, Vec<String>> = HashMap::new();
    for (id, tag) in idea_tags::table
        .filter(idea_tags::idea_id.eq_any(&idea_ids))
        .select((idea_tags::idea_id, idea_tags::tag))
        .load::<(String, String)>(conn)?
    {
        tags.entry(id).or_default().push(tag);
    }
    Ok(rows
        .into_iter()
        .map(|(id, challenge, title, summary, body, status, supports, created)| SearchDoc {
            kind: DocKind::Idea,
            tags: tags.remove(&id).unwrap_or_default(),
            category: None,
            brand: None,
            product: None,
            challenge,
            status: Some(status),
            title,
            text: format!("{summary} {}", plain_text(&body)).trim().to_string(),
            rank: i64::from(supports),
            created: secs(created),
            id,
        })
        .collect())
}

type ProductCols = (String, String, String, String, String, i32, chrono::NaiveDateTime);

fn product_docs(
    conn: &mut DbConn,
    ids: Option<&[String]>,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<SearchDoc>> {
    let mut q = products::table
        .select((
            products::id,
            products::name,
            products::brand,
            products::category,
            products::description,
            products::ratings_count,
            products::created_at,
        ))
        .order(products::id.asc())
        .into_boxed();
    if let Some(ids) = ids {
        q = q.filter(products::id.eq_any(ids));
    } else {
        if let Some(a) = after {
            q = q.filter(products::id.gt(a.to_string()));
        }
        q = q.limit(limit);
    }
    let rows: Vec<ProductCols> = q.load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, name, brand, category, description, ratings, created)| SearchDoc {
            kind: DocKind::Product,
            tags: Vec::new(),
            text: format!("{brand} {category} {}", plain_text(&description)),
            category: Some(category),
            brand: Some(brand),
            product: None,
            challenge: None,
            status: None,
            title: name,
            rank: i64::from(ratings),
            created: secs(created),
            id,
        })
        .collect())
}

type QuestionCols = (String, String, String, String, i32, i32, chrono::NaiveDateTime);

/// A question's document: its title, its details and the text of its visible answers; hidden questions
/// are not searchable.
fn question_docs(
    conn: &mut DbConn,
    ids: Option<&[String]>,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<SearchDoc>> {
    use crate::db::schema::{answers, questions};
    let mut q = questions::table
        .filter(questions::hidden_at.is_null())
        .select((
            questions::id,
            questions::product_id,
            questions::title,
            questions::body,
            questions::answers_count,
            questions::helpful_count,
            questions::created_at,
        ))
        .order(questions::id.asc())
        .into_boxed();
    if let Some(ids) = ids {
        q = q.filter(questions::id.eq_any(ids));
    } else {
        if let Some(a) = after {
            q = q.filter(questions::id.gt(a.to_string()));
        }
        q = q.limit(limit);
    }
    let rows: Vec<QuestionCols> = q.load(conn)?;
    let question_ids: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let mut answer_text: HashMap<String, Vec<String>> = HashMap::new();
    for (id, body) in answers::table
        .filter(answers::question_id.eq_any(&question_ids))
        .filter(answers::hidden_at.is_null())
        .order(answers::id.asc())
        .select((answers::question_id, answers::body))
        .load::<(String, String)>(conn)?
    {
        answer_text.entry(id).or_default().push(plain_text(&body));
    }
    let product_ids: Vec<String> = rows.iter().map(|r| r.1.clone()).collect();
    let categories: HashMap<String, String> = products::table
        .filter(products::id.eq_any(&product_ids))
        .select((products::id, products::category))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|(id, product, title, body, answers_count, helpful, created)| {
            let answers = answer_text.remove(&id).unwrap_or_default();
            SearchDoc {
                kind: DocKind::Question,
                tags: Vec::new(),
                category: categories.get(&product).cloned(),
                brand: None,
                product: Some(product),
                challenge: None,
                status: None,
                title,
                text: format!("{} {}", plain_text(&body), answers.join(" ")).trim().to_string(),
                rank: i64::from(answers_count) + i64::from(helpful),
                created: secs(created),
                id,
            }
        })
        .collect())
}

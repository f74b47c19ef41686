//! Search operations for the API and the pages: parse the request, ask the
//! engine, then read the hits' current state from the database (so a result
//! never shows text or counts older than the database, and content hidden or
//! deleted since it was indexed never appears) and highlight the matches.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::text::{self, QueryWord};
use super::{worker, DocKind, Engine, EngineError, EngineHits, EngineQuery, Field, Search};
use crate::accounts::Actor;
use crate::db::Db;
use crate::error::ErrorCode;
use crate::error::{AppError, AppResult};
use crate::markdown::plain_text;
use crate::pagination::{decode_cursor, encode_cursor};

pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 50;
/// Relevance ranking is paged by offset; deeper than this, refine the query.
pub const MAX_OFFSET: usize = 1_000;
const SNIPPET_CHARS: usize = 180;
pub const QUERY_MAX: usize = 200;

#[derive(Debug, Deserialize, Default, Clone, IntoParams)]
pub struct SearchParams {
    /// The words to look for (empty: everything, most helpful first).
    pub q: Option<String>,
    /// Tips: a product id or slug.
    pub product: Option<String>,
    /// Tips and ideas: a tag.
    pub tag: Option<String>,
    /// Tips and products: a product category.
    pub category: Option<String>,
    /// Products: a brand.
    pub brand: Option<String>,
    /// Ideas: a challenge id or slug.
    pub challenge: Option<String>,
    /// Ideas: a status.
    pub status: Option<String>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct SearchHit {
    /// tip, idea or product.
    pub kind: String,
    pub id: String,
    pub title: String,
    /// The title with matches in `<mark>` (HTML-escaped otherwise).
    pub title_html: String,
    /// A piece of the text around the first match, matches in `<mark>`.
    pub snippet_html: String,
    /// The page that shows it.
    pub url: String,
    /// Helpful marks (tips), supports (ideas) or ratings (products).
    pub rank: i64,
    pub tags: Vec<String>,
    /// Tips: the product's name; products: the brand.
    pub context: Option<String>,
    /// Tips: the product's category; products: the category; ideas: the status.
    pub category: Option<String>,
    /// The cover picture's thumbnail, if it has pictures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thumb: Option<crate::images::service::VariantView>,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct FacetValue {
    pub value: String,
    pub count: u64,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct SearchPage {
    pub query: String,
    pub items: Vec<SearchHit>,
    pub next_cursor: Option<String>,
    /// Matching documents (the engine's estimate).
    pub total: u64,
    /// Counts per value: `tags` and `category` for tips, `tags` and `status`
    /// for ideas, `category` and `brand` for products.
    pub facets: HashMap<String, Vec<FacetValue>>,
    /// The engine's own time for the query, in milliseconds.
    pub engine_ms: f64,
    /// embedded or meilisearch.
    pub engine: String,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct SiteSearch {
    pub query: String,
    pub tips: SearchPage,
    pub ideas: SearchPage,
    pub products: SearchPage,
    pub questions: SearchPage,
}

#[derive(Serialize, Deserialize)]
struct Offset {
    o: usize,
}

fn unavailable(e: EngineError) -> AppError {
    tracing::warn!(error = %e, "search failed");
    AppError::unavailable(
        ErrorCode::SearchUnavailable,
        "Search is unavailable right now; everything else works and new content will be findable once it is back. Try again shortly."
    )
}

fn clean(raw: &Option<String>) -> Option<String> {
    raw.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

fn parse_limit(raw: Option<&str>) -> AppResult<usize> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(DEFAULT_LIMIT),
        Some(s) => match s.parse::<usize>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            _ => Err(AppError::field("limit", "range", format!("limit is a whole number from 1 to {MAX_LIMIT}."))),
        },
    }
}

/// Turns request parameters into an engine query (filters resolved to ids).
async fn engine_query(db: &Db, search: &Search, kind: DocKind, p: &SearchParams) -> AppResult<(EngineQuery, String)> {
    let q = p.q.clone().unwrap_or_default();
    if q.chars().count() > QUERY_MAX {
        return Err(AppError::field("q", "too_long", format!("A search has at most {QUERY_MAX} characters.")));
    }
    let limit = parse_limit(p.limit.as_deref())?;
    let offset = decode_cursor::<Offset>(p.cursor.as_deref())?.map(|o| o.o).unwrap_or(0);
    if offset > MAX_OFFSET {
        return Err(AppError::field("cursor", "too_deep", "Results this deep are not paged; refine the search."));
    }
    let mut filters: Vec<(Field, String)> = Vec::new();
    let allowed = kind.fields();
    let given = [
        ("tag", Field::Tag, clean(&p.tag).map(|t| t.trim_start_matches('#').to_lowercase())),
        ("category", Field::Category, clean(&p.category)),
        ("brand", Field::Brand, clean(&p.brand)),
        ("status", Field::Status, clean(&p.status)),
    ];
    for (name, field, value) in given {
        if let Some(v) = value {
            if !allowed.contains(&field) {
                return Err(AppError::field(
                    name,
                    "unsupported",
                    format!("{} search does not filter by {name}.", kind.as_str()),
                ));
            }
            filters.push((field, v));
        }
    }
    if let Some(key) = clean(&p.product) {
        if !allowed.contains(&Field::Product) {
            return Err(AppError::field("product", "unsupported", "Only tips and questions are filtered by product."));
        }
        let id = db
            .run(move |conn| Ok(crate::products::store::by_id_or_slug(conn, &key)?.map(|p| p.id)))
            .await?
            .ok_or_else(|| AppError::field("product", "unknown", "There is no such product."))?;
        filters.push((Field::Product, id.to_string()));
    }
    if let Some(key) = clean(&p.challenge) {
        if !allowed.contains(&Field::Challenge) {
            return Err(AppError::field("challenge", "unsupported", "Only ideas are filtered by challenge."));
        }
        let id = db
            .run(move |conn| Ok(crate::challenges::store::by_id_or_slug(conn, &key)?.map(|c| c.id)))
            .await?
            .ok_or_else(|| AppError::field("challenge", "unknown", "There is no such challenge."))?;
        filters.push((Field::Challenge, id.to_string()));
    }
    let words = text::query_words(&search.keyer, &q);
    Ok((EngineQuery { kind, words, filters, limit, offset }, q.trim().to_string()))
}

/// Searches one kind. Results are public content only, the same for every viewer.
pub async fn search(db: &Db, search: &Arc<Search>, kind: DocKind, p: SearchParams) -> AppResult<SearchPage> {
    let (query, q) = engine_query(db, search, kind, &p).await?;
    let (hits, items) = match &search.engine {
        // Embedded: the search and the database read in one blocking task.
        Engine::Embedded(e) => {
            let (e, s, eq) = (e.clone(), search.clone(), query.clone());
            db.run(move |conn| {
                let hits = e.search_blocking(&eq).map_err(unavailable)?;
                let items = hydrate(conn, &s.keyer, eq.kind, &hits.ids, &eq.words)?;
                Ok((hits, items))
            })
            .await?
        }
        Engine::Meili(m) => {
            let hits = m.search(&query).await.map_err(unavailable)?;
            let (s, eq, ids) = (search.clone(), query.clone(), hits.ids.clone());
            let items = db.run(move |conn| hydrate(conn, &s.keyer, eq.kind, &ids, &eq.words)).await?;
            (hits, items)
        }
    };
    page(search, &query, q, hits, items)
}

fn page(
    search: &Arc<Search>,
    query: &EngineQuery,
    q: String,
    hits: EngineHits,
    items: Vec<SearchHit>,
) -> AppResult<SearchPage> {
    let next_offset = query.offset + query.limit;
    let next_cursor = ((next_offset as u64) < hits.total && next_offset <= MAX_OFFSET && hits.ids.len() == query.limit)
        .then(|| encode_cursor(&Offset { o: next_offset }));
    let facets = hits
        .facets
        .into_iter()
        .map(|(f, values)| {
            (f.name().to_string(), values.into_iter().map(|(value, count)| FacetValue { value, count }).collect())
        })
        .collect();
    Ok(SearchPage {
        query: q,
        items,
        next_cursor,
        total: hits.total,
        facets,
        engine_ms: hits.engine_micros as f64 / 1000.0,
        engine: search.engine.name().to_string(),
    })
}

/// The hits as they are in the database now, in the engine's order; what is
/// gone or hidden since it was indexed is left out.
fn hydrate(
    conn: &mut crate::db::DbConn,
    keyer: &text::Keyer,
    kind: DocKind,
    ids: &[String],
    words: &[QueryWord],
) -> AppResult<Vec<SearchHit>> {
    let highlighter = std::cell::RefCell::new(text::Highlighter::new(keyer, words));
    let mark = |s: &str| highlighter.borrow_mut().highlight(s, usize::MAX);
    let snip = |s: &str| highlighter.borrow_mut().highlight(s, SNIPPET_CHARS);
    let mut out: HashMap<String, SearchHit> = HashMap::new();
    match kind {
        DocKind::Tip => {
            let mut tags: HashMap<String, Vec<String>> = HashMap::new();
            for (tip, tag) in crate::tips::store::tags_for(conn, ids)? {
                tags.entry(tip).or_default().push(tag);
            }
            for (id, title, body, helpful, product, category) in crate::tips::store::hit_rows(conn, ids)? {
                out.insert(
                    id.clone(),
                    SearchHit {
                        kind: "tip".into(),
                        title_html: mark(&title),
                        snippet_html: snip(&plain_text(&body)),
                        url: format!("/tips/{id}"),
                        rank: i64::from(helpful),
                        context: product,
                        category,
                        tags: tags.remove(&id).unwrap_or_default(),
                        title,
                        id,
                        thumb: None,
                    },
                );
            }
        }
        DocKind::Idea => {
            let rows = crate::ideas::store::by_ids(conn, ids)?;
            let mut tags: HashMap<String, Vec<String>> = HashMap::new();
            for (idea, tag) in crate::ideas::store::tags_for(conn, ids)? {
                tags.entry(idea).or_default().push(tag);
            }
            for r in rows.into_iter().filter(|r| crate::ideas::service::visible_to(r, None)) {
                let text = format!("{} {}", r.summary, plain_text(&r.body));
                out.insert(
                    r.id.to_string(),
                    SearchHit {
                        kind: "idea".into(),
                        title_html: mark(&r.title),
                        snippet_html: snip(text.trim()),
                        url: format!("/ideas/{}", r.id),
                        rank: i64::from(r.supports_count),
                        context: None,
                        category: Some(r.status.as_str().to_string()),
                        tags: tags.remove(r.id.as_str()).unwrap_or_default(),
                        title: r.title,
                        id: r.id.to_string(),
                        thumb: None,
                    },
                );
            }
        }
        DocKind::Product => {
            for r in crate::products::store::by_ids(conn, ids)? {
                out.insert(
                    r.id.to_string(),
                    SearchHit {
                        kind: "product".into(),
                        title_html: mark(&r.name),
                        snippet_html: snip(&plain_text(&r.description)),
                        url: format!("/products/{}", r.slug),
                        rank: i64::from(r.ratings_count),
                        context: Some(r.brand),
                        category: Some(r.category),
                        tags: Vec::new(),
                        title: r.name,
                        id: r.id.to_string(),
                        thumb: None,
                    },
                );
            }
        }
        DocKind::Question => {
            let rows = crate::questions::store::questions_by_ids(conn, ids)?;
            let product_ids: Vec<String> = rows.iter().map(|r| r.product_id.to_string()).collect();
            let names: HashMap<String, (String, String)> = crate::products::store::by_ids(conn, &product_ids)?
                .into_iter()
                .map(|p| (p.id.to_string(), (p.name, p.category)))
                .collect();
            for r in rows.into_iter().filter(|r| r.hidden_at.is_none()) {
                let (name, category) = names.get(r.product_id.as_str()).cloned().unzip();
                out.insert(
                    r.id.to_string(),
                    SearchHit {
                        kind: "question".into(),
                        title_html: mark(&r.title),
                        snippet_html: snip(&plain_text(&r.body)),
                        url: format!("/questions/{}", r.id),
                        rank: i64::from(r.answers_count),
                        context: name,
                        category,
                        tags: Vec::new(),
                        title: r.title,
                        id: r.id.to_string(),
                        thumb: None,
                    },
                );
            }
        }
    }
    let subject = match kind {
        DocKind::Tip => crate::images::rules::Subject::Tip,
        DocKind::Idea => crate::images::rules::Subject::Idea,
        DocKind::Product => crate::images::rules::Subject::Product,
        DocKind::Question => return Ok(ids.iter().filter_map(|id| out.remove(id)).collect()),
    };
    for (id, cover) in crate::images::service::covers(conn, subject, ids)? {
        if let Some(hit) = out.get_mut(&id) {
            hit.thumb = Some(cover.variants.thumb);
        }
    }
    Ok(ids.iter().filter_map(|id| out.remove(id)).collect())
}

/// The site search box: the best few of each kind.
pub async fn site(db: &Db, search: &Arc<Search>, q: String, limit: usize) -> AppResult<SiteSearch> {
    let p = SearchParams { q: Some(q.clone()), limit: Some(limit.to_string()), ..Default::default() };
    let tips = self::search(db, search, DocKind::Tip, p.clone()).await?;
    let ideas = self::search(db, search, DocKind::Idea, p.clone()).await?;
    let products = self::search(db, search, DocKind::Product, p.clone()).await?;
    let questions = self::search(db, search, DocKind::Question, p).await?;
    Ok(SiteSearch { query: q.trim().to_string(), tips, ideas, products, questions })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReindexReport {
    pub kind: String,
    pub documents: usize,
}

/// Rebuilds indexes from the database (admins).
pub async fn reindex(
    db: &Db,
    search: &Arc<Search>,
    actor: &Actor,
    kinds: Vec<DocKind>,
) -> AppResult<Vec<ReindexReport>> {
    if actor.role != crate::accounts::Role::Admin {
        return Err(AppError::forbidden(ErrorCode::AdminsOnly, "Only admins rebuild the search index."));
    }
    let holder = format!("reindex-{}", uuid::Uuid::new_v4());
    let mut out = Vec::new();
    for kind in kinds {
        let documents = worker::rebuild(db, search, kind, &holder).await.map_err(|e| match e {
            worker::WorkError::Engine(e) => unavailable(e),
            worker::WorkError::App(e) => e,
            worker::WorkError::Busy => AppError::conflict(
                ErrorCode::IndexBusy,
                "Another instance is writing to the search index; try again shortly.",
            ),
        })?;
        out.push(ReindexReport { kind: kind.as_str().into(), documents });
    }
    Ok(out)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchStatus {
    pub engine: String,
    /// Changes not yet applied to the engine (queued documents, and supports whose ideas' ranks the next
    /// batch queues).
    pub pending: i64,
    /// Seconds the oldest pending change has waited.
    pub oldest_pending_seconds: Option<i64>,
}

pub async fn status(db: &Db, search: &Arc<Search>) -> AppResult<SearchStatus> {
    let (pending, oldest, ranks) = db
        .run(|conn| {
            let (pending, oldest) = super::outbox::pending(conn)?;
            Ok((pending, oldest, super::ranks::pending(conn)?))
        })
        .await?;
    let pending = pending + ranks;
    let now = crate::clock::now();
    Ok(SearchStatus {
        engine: search.engine.name().into(),
        pending,
        oldest_pending_seconds: oldest.map(|t| (now - t).num_seconds().max(0)),
    })
}

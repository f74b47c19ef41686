//! Full-text search over tips, ideas, products and product questions, behind one interface with
//! two engines: tantivy embedded in the process (the default; the index lives
//! under the data directory) and Meilisearch (`MEILI_URL`).
//!
//! The index never silently diverges from the database: every write that
//! changes a searchable document records a row in `search_outbox` in the same
//! transaction (`outbox::enqueue`); one worker at a time (a lease) applies the
//! outbox to the engine in batches, loading each document's current state, and
//! deletes the rows only after the engine confirms. See docs/SEARCH.md.

pub mod api;
pub mod documents;
pub mod embedded;
pub mod meili;
pub mod outbox;
pub mod ranks;
pub mod service;
pub mod text;
pub mod worker;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::config::Config;

/// What can be searched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    Tip,
    Idea,
    Product,
    Question,
}

impl DocKind {
    pub const ALL: [DocKind; 4] = [DocKind::Tip, DocKind::Idea, DocKind::Product, DocKind::Question];

    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Tip => "tip",
            DocKind::Idea => "idea",
            DocKind::Product => "product",
            DocKind::Question => "question",
        }
    }

    pub fn parse(s: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The attributes a search of this kind can filter on and count facets of.
    pub fn fields(self) -> &'static [Field] {
        match self {
            DocKind::Tip => &[Field::Tag, Field::Category, Field::Product],
            DocKind::Idea => &[Field::Tag, Field::Status, Field::Challenge],
            DocKind::Product => &[Field::Category, Field::Brand],
            DocKind::Question => &[Field::Category, Field::Product],
        }
    }

    /// The attributes whose value counts a search returns.
    pub fn facets(self) -> &'static [Field] {
        match self {
            DocKind::Tip => &[Field::Tag, Field::Category],
            DocKind::Idea => &[Field::Tag, Field::Status],
            DocKind::Product => &[Field::Category, Field::Brand],
            // Two facets, as every kind has (the embedded engine counts two).
            DocKind::Question => &[Field::Category, Field::Product],
        }
    }
}

/// A filterable attribute of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Tag,
    Category,
    Brand,
    Product,
    Challenge,
    Status,
}

impl Field {
    pub const ALL: [Field; 6] =
        [Field::Tag, Field::Category, Field::Brand, Field::Product, Field::Challenge, Field::Status];

    pub fn name(self) -> &'static str {
        match self {
            Field::Tag => "tags",
            Field::Category => "category",
            Field::Brand => "brand",
            Field::Product => "product",
            Field::Challenge => "challenge",
            Field::Status => "status",
        }
    }
}

/// A document as the engines index it (built from the database by `documents`).
#[derive(Debug, Clone, PartialEq)]
pub struct SearchDoc {
    pub kind: DocKind,
    pub id: String,
    pub title: String,
    /// Plain text of the body (markdown stripped), summary or description.
    pub text: String,
    pub tags: Vec<String>,
    pub category: Option<String>,
    pub brand: Option<String>,
    pub product: Option<String>,
    pub challenge: Option<String>,
    pub status: Option<String>,
    /// The tie-breaker after relevance: helpful marks, supports or ratings.
    pub rank: i64,
    /// Unix seconds.
    pub created: i64,
}

impl SearchDoc {
    pub fn values(&self, field: Field) -> Vec<&str> {
        match field {
            Field::Tag => self.tags.iter().map(String::as_str).collect(),
            Field::Category => self.category.as_deref().into_iter().collect(),
            Field::Brand => self.brand.as_deref().into_iter().collect(),
            Field::Product => self.product.as_deref().into_iter().collect(),
            Field::Challenge => self.challenge.as_deref().into_iter().collect(),
            Field::Status => self.status.as_deref().into_iter().collect(),
        }
    }
}

/// A search as the engines receive it: query words already keyed.
#[derive(Debug, Clone)]
pub struct EngineQuery {
    pub kind: DocKind,
    pub words: Vec<text::QueryWord>,
    pub filters: Vec<(Field, String)>,
    pub limit: usize,
    pub offset: usize,
}

#[derive(Debug, Clone, Default)]
pub struct EngineHits {
    /// Document ids, best first.
    pub ids: Vec<String>,
    pub total: u64,
    pub facets: Vec<(Field, Vec<(String, u64)>)>,
    /// The engine's own time for the query, in microseconds.
    pub engine_micros: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("search engine unavailable: {0}")]
    Unavailable(String),
    #[error("search engine failed: {0}")]
    Failed(String),
}

/// The engine in use.
pub enum Engine {
    Embedded(embedded::Embedded),
    Meili(meili::Meili),
}

impl Engine {
    pub fn name(&self) -> &'static str {
        match self {
            Engine::Embedded(_) => "embedded",
            Engine::Meili(_) => "meilisearch",
        }
    }

    /// Creates indexes and settings (idempotent).
    pub async fn setup(&self) -> Result<(), EngineError> {
        match self {
            Engine::Embedded(_) => Ok(()),
            Engine::Meili(m) => m.setup().await,
        }
    }

    /// Writes and removes documents; returns once the engine confirms.
    pub async fn apply(&self, kind: DocKind, upserts: Vec<SearchDoc>, deletes: Vec<String>) -> Result<(), EngineError> {
        match self {
            Engine::Embedded(e) => e.apply(kind, upserts, deletes).await,
            Engine::Meili(m) => m.apply(kind, upserts, deletes).await,
        }
    }

    /// Removes every document of a kind (before a rebuild).
    pub async fn clear(&self, kind: DocKind) -> Result<(), EngineError> {
        match self {
            Engine::Embedded(e) => e.clear(kind).await,
            Engine::Meili(m) => m.clear(kind).await,
        }
    }

    pub async fn search(&self, query: &EngineQuery) -> Result<EngineHits, EngineError> {
        match self {
            Engine::Embedded(e) => e.search(query).await,
            Engine::Meili(m) => m.search(query).await,
        }
    }
}

/// The application's search handle: the engine and the worker's wake-up call.
pub struct Search {
    pub engine: Engine,
    pub keyer: text::Keyer,
    /// Woken after writes so the worker applies them at once.
    pub wake: tokio::sync::Notify,
    /// Asks this instance's worker to stop (before its database goes away).
    pub stopping: std::sync::atomic::AtomicBool,
    /// Whether this instance's worker loop is running.
    pub running: std::sync::atomic::AtomicBool,
}

impl Search {
    /// Stops this instance's worker and waits (up to `wait`) until it has.
    pub fn stop_worker(&self, wait: std::time::Duration) {
        use std::sync::atomic::Ordering;
        self.stopping.store(true, Ordering::SeqCst);
        self.wake.notify_one();
        let started = std::time::Instant::now();
        while self.running.load(Ordering::SeqCst) && started.elapsed() < wait {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    /// Opens the engine the configuration names. Meilisearch being down is not
    /// an error here: the worker sets it up when it answers.
    pub fn open(config: &Config) -> anyhow::Result<Arc<Search>> {
        let engine = match config.meili_url.as_deref().filter(|u| !u.is_empty()) {
            Some(url) => {
                Engine::Meili(meili::Meili::new(url, config.meili_api_key.as_deref(), &config.meili_index_prefix)?)
            }
            None => Engine::Embedded(embedded::Embedded::open(&config.data_dir.join("search"))?),
        };
        Ok(Arc::new(Search {
            engine,
            keyer: text::Keyer::default(),
            wake: tokio::sync::Notify::new(),
            stopping: std::sync::atomic::AtomicBool::new(false),
            running: std::sync::atomic::AtomicBool::new(false),
        }))
    }
}

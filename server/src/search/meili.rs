//! The Meilisearch engine (`MEILI_URL`, `MEILI_API_KEY`): one index per kind,
//! `<prefix>_tips`, `<prefix>_ideas`, `<prefix>_products`. Documents carry the
//! same search keys the embedded engine indexes (Meilisearch does not stem),
//! and queries are keyed the same way.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use meilisearch_sdk::client::Client;
use meilisearch_sdk::errors::{Error, ErrorCode};
use meilisearch_sdk::search::{MatchingStrategies, Selectors};
use meilisearch_sdk::settings::{MinWordSizeForTypos, Settings, TypoToleranceSettings};
use meilisearch_sdk::task_info::TaskInfo;
use meilisearch_sdk::tasks::Task;
use serde::{Deserialize, Serialize};

use super::text::Keyer;
use super::{DocKind, EngineError, EngineHits, EngineQuery, Field, SearchDoc};

const TASK_TIMEOUT: Duration = Duration::from_secs(60);

pub struct Meili {
    client: Client,
    prefix: String,
    keyer: Keyer,
    ready: AtomicBool,
}

#[derive(Serialize, Deserialize, Debug)]
struct MeiliDoc {
    id: String,
    title: String,
    title_keys: String,
    keys: String,
    /// The words of compounds, searched after whole words (`attributeRank`).
    part_keys: String,
    tags: Vec<String>,
    category: Option<String>,
    brand: Option<String>,
    product: Option<String>,
    challenge: Option<String>,
    status: Option<String>,
    rank: i64,
    created: i64,
}

#[derive(Deserialize)]
struct IdOnly {
    id: String,
}

fn map_err(e: Error) -> EngineError {
    match e {
        Error::Meilisearch(m) => EngineError::Failed(m.error_message),
        other => EngineError::Unavailable(other.to_string()),
    }
}

impl Meili {
    pub fn new(url: &str, api_key: Option<&str>, prefix: &str) -> anyhow::Result<Meili> {
        let client = Client::new(url.trim_end_matches('/'), api_key.filter(|k| !k.is_empty()))?;
        Ok(Meili { client, prefix: prefix.to_string(), keyer: Keyer::default(), ready: AtomicBool::new(false) })
    }

    /// The index of a kind; its name carries the version of the keys
    /// (`text::KEYS_VERSION`), so new keys start a new index, built from the database.
    fn uid(&self, kind: DocKind) -> String {
        format!("{}_{}s_v{}", self.prefix, kind.as_str(), super::text::KEYS_VERSION)
    }

    async fn wait(&self, task: TaskInfo) -> Result<(), EngineError> {
        let task = task
            .wait_for_completion(&self.client, Some(Duration::from_millis(20)), Some(TASK_TIMEOUT))
            .await
            .map_err(map_err)?;
        match task {
            Task::Failed { content } => Err(EngineError::Failed(content.error.error_message)),
            _ => Ok(()),
        }
    }

    /// Creates the indexes and their settings. Returns the kinds whose index
    /// was created now (and so must be built from the database).
    pub async fn setup_indexes(&self) -> Result<Vec<DocKind>, EngineError> {
        let mut fresh = Vec::new();
        for kind in DocKind::ALL {
            let uid = self.uid(kind);
            match self.client.get_index(&uid).await {
                Ok(_) => {}
                Err(Error::Meilisearch(m)) if m.error_code == ErrorCode::IndexNotFound => {
                    self.wait(self.client.create_index(&uid, Some("id")).await.map_err(map_err)?).await?;
                    fresh.push(kind);
                }
                Err(e) => return Err(map_err(e)),
            }
            let filterable: Vec<&str> = kind.fields().iter().map(|f| f.name()).collect();
            let settings = Settings::new()
                .with_searchable_attributes(["title_keys", "keys", "part_keys"])
                .with_filterable_attributes(filterable)
                .with_sortable_attributes(["rank", "created"])
                // Relevance (words, typos, proximity, title before text), then the
                // rank (helpful marks, supports, ratings), then finer relevance.
                .with_ranking_rules([
                    "words",
                    "typo",
                    "proximity",
                    "attributeRank",
                    "sort",
                    "rank:desc",
                    "exactness",
                    "wordPosition",
                ])
                .with_typo_tolerance(TypoToleranceSettings {
                    enabled: Some(true),
                    disable_on_attributes: None,
                    disable_on_words: None,
                    // One typo from 5 letters; never two.
                    min_word_size_for_typos: Some(MinWordSizeForTypos { one_typo: Some(5), two_typos: Some(255) }),
                    disable_on_numbers: None,
                });
            let index = self.client.index(&uid);
            self.wait(index.set_settings(&settings).await.map_err(map_err)?).await?;
        }
        self.ready.store(true, Ordering::SeqCst);
        Ok(fresh)
    }

    pub async fn setup(&self) -> Result<(), EngineError> {
        self.setup_indexes().await.map(|_| ())
    }

    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::SeqCst)
    }

    fn document(&self, d: &SearchDoc) -> MeiliDoc {
        let k = &self.keyer;
        let (title, text, tags) = (k.keys_of(&d.title), k.keys_of(&d.text), k.keys_of(&d.tags.join(" ")));
        MeiliDoc {
            id: d.id.clone(),
            title: d.title.clone(),
            title_keys: title.words.clone(),
            keys: format!("{} {} {}", title.words, text.words, tags.words),
            part_keys: format!("{} {} {}", title.parts, text.parts, tags.parts),
            tags: d.tags.clone(),
            category: d.category.clone(),
            brand: d.brand.clone(),
            product: d.product.clone(),
            challenge: d.challenge.clone(),
            status: d.status.clone(),
            rank: d.rank,
            created: d.created,
        }
    }

    pub async fn apply(&self, kind: DocKind, upserts: Vec<SearchDoc>, deletes: Vec<String>) -> Result<(), EngineError> {
        let index = self.client.index(self.uid(kind));
        if !upserts.is_empty() {
            let docs: Vec<MeiliDoc> = upserts.iter().map(|d| self.document(d)).collect();
            self.wait(index.add_or_replace(&docs, Some("id")).await.map_err(map_err)?).await?;
        }
        if !deletes.is_empty() {
            self.wait(index.delete_documents(&deletes).await.map_err(map_err)?).await?;
        }
        Ok(())
    }

    pub async fn clear(&self, kind: DocKind) -> Result<(), EngineError> {
        let index = self.client.index(self.uid(kind));
        self.wait(index.delete_all_documents().await.map_err(map_err)?).await
    }

    pub async fn search(&self, q: &EngineQuery) -> Result<EngineHits, EngineError> {
        let index = self.client.index(self.uid(q.kind));
        let words: Vec<&str> = q.words.iter().map(|w| w.key.as_str()).collect();
        let text = words.join(" ");
        let filter = q
            .filters
            .iter()
            .map(|(f, v)| format!("{} = \"{}\"", f.name(), v.replace('\\', "\\\\").replace('"', "\\\"")))
            .collect::<Vec<_>>()
            .join(" AND ");
        let facets: Vec<&str> = q.kind.facets().iter().map(|f| f.name()).collect();
        let mut query = index.search();
        query
            .with_query(&text)
            .with_limit(q.limit)
            .with_offset(q.offset)
            .with_matching_strategy(MatchingStrategies::ALL)
            .with_attributes_to_retrieve(Selectors::Some(&["id"]))
            .with_facets(Selectors::Some(&facets));
        if !filter.is_empty() {
            query.with_filter(&filter);
        }
        let results = query.execute::<IdOnly>().await.map_err(map_err)?;
        let distribution: HashMap<String, HashMap<String, usize>> = results.facet_distribution.unwrap_or_default();
        let facet_counts = q
            .kind
            .facets()
            .iter()
            .map(|f| {
                let mut v: Vec<(String, u64)> = distribution
                    .get(f.name())
                    .map(|m| m.iter().map(|(k, n)| (k.clone(), *n as u64)).collect())
                    .unwrap_or_default();
                v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                v.truncate(20);
                (*f, v)
            })
            .collect::<Vec<(Field, Vec<(String, u64)>)>>();
        Ok(EngineHits {
            ids: results.hits.into_iter().map(|h| h.result.id).collect(),
            total: results.estimated_total_hits.or(results.total_hits).unwrap_or(0) as u64,
            facets: facet_counts,
            engine_micros: results.processing_time_ms as u64 * 1000,
        })
    }
}

//! The embedded engine: one tantivy index under `<data_dir>/search/v2`, all
//! three kinds in it (a `kind` field tells them apart). Text is indexed as the
//! search keys `text::Keyer` makes, split on whitespace, so this engine and
//! Meilisearch match the same words.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Facet, FacetOptions, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, STORED, STRING,
};
use tantivy::tokenizer::{TextAnalyzer, WhitespaceTokenizer};
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, SegmentReader, TantivyDocument, Term};

use super::text::Keyer;
use super::{DocKind, EngineError, EngineHits, EngineQuery, Field, SearchDoc};

/// Bump when the schema or the keys change (v2: German folding and compounds).
const SCHEMA_DIR: &str = "v2";
const OLD_DIRS: [&str; 1] = ["v1"];
const KEYS_TOKENIZER: &str = "keys";
/// The index writer's memory budget (one thread). Tantivy's least is 15 MB; 50 MB made no difference to a
/// 100k reindex here but was a quarter of the app's memory (docs/BENCHMARKS.md, "Memory").
const WRITER_MEMORY: usize = 20_000_000;

struct Fields {
    key: tantivy::schema::Field,
    kind: tantivy::schema::Field,
    id: tantivy::schema::Field,
    title_keys: tantivy::schema::Field,
    keys: tantivy::schema::Field,
    /// The words of compounds: a match here ranks below a whole word.
    part_keys: tantivy::schema::Field,
    rank: tantivy::schema::Field,
    filter: HashMap<Field, tantivy::schema::Field>,
    facet: HashMap<Field, tantivy::schema::Field>,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(KEYS_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let key = b.add_text_field("key", STRING);
    let kind = b.add_text_field("kind", STRING);
    let id = b.add_text_field("id", STRING | STORED);
    let title_keys = b.add_text_field("title_keys", text.clone());
    let keys = b.add_text_field("keys", text.clone());
    let part_keys = b.add_text_field("part_keys", text);
    let rank = b.add_i64_field("rank", FAST);
    let mut filter = HashMap::new();
    let mut facet = HashMap::new();
    for f in Field::ALL {
        filter.insert(f, b.add_text_field(&format!("f_{}", f.name()), STRING));
        facet.insert(f, b.add_facet_field(&format!("facet_{}", f.name()), FacetOptions::default()));
    }
    (b.build(), Fields { key, kind, id, title_keys, keys, part_keys, rank, filter, facet })
}

struct Inner {
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    keyer: Keyer,
}

#[derive(Clone)]
pub struct Embedded {
    inner: Arc<Inner>,
    /// The index directory was created now: it must be built from the database.
    pub fresh: bool,
}

fn failed(e: impl std::fmt::Display) -> EngineError {
    EngineError::Failed(e.to_string())
}

impl Embedded {
    pub fn open(dir: &Path) -> anyhow::Result<Embedded> {
        // An index of an older schema or older keys is rebuilt, not read.
        for old in OLD_DIRS {
            let old = dir.join(old);
            if old.exists() {
                std::fs::remove_dir_all(&old)?;
            }
        }
        let dir = dir.join(SCHEMA_DIR);
        let fresh = !dir.join("meta.json").exists();
        std::fs::create_dir_all(&dir)?;
        let (schema, fields) = schema();
        let index = Index::open_or_create(MmapDirectory::open(&dir)?, schema)?;
        index.tokenizers().register(KEYS_TOKENIZER, TextAnalyzer::builder(WhitespaceTokenizer::default()).build());
        let writer = index.writer_with_num_threads(1, WRITER_MEMORY).map_err(|e| {
            anyhow::anyhow!(
                "the search index at {} is in use ({e}); is another ideashelf running on this data directory?",
                dir.display()
            )
        })?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(Embedded {
            inner: Arc::new(Inner { reader, writer: Mutex::new(writer), fields, keyer: Keyer::default() }),
            fresh,
        })
    }

    fn document(&self, doc: &SearchDoc) -> TantivyDocument {
        let f = &self.inner.fields;
        let k = &self.inner.keyer;
        let mut d = TantivyDocument::default();
        d.add_text(f.key, format!("{}:{}", doc.kind.as_str(), doc.id));
        d.add_text(f.kind, doc.kind.as_str());
        d.add_text(f.id, &doc.id);
        let (title, text, tags) = (k.keys_of(&doc.title), k.keys_of(&doc.text), k.keys_of(&doc.tags.join(" ")));
        d.add_text(f.title_keys, &title.words);
        d.add_text(f.keys, format!("{} {} {}", title.words, text.words, tags.words));
        d.add_text(f.part_keys, format!("{} {} {}", title.parts, text.parts, tags.parts));
        d.add_i64(f.rank, doc.rank);
        for field in Field::ALL {
            for v in doc.values(field) {
                d.add_text(f.filter[&field], v);
                d.add_facet(f.facet[&field], Facet::from_path([v]));
            }
        }
        d
    }

    pub async fn apply(&self, kind: DocKind, upserts: Vec<SearchDoc>, deletes: Vec<String>) -> Result<(), EngineError> {
        let this = self.clone();
        tokio::task::spawn_blocking(move || {
            let docs: Vec<TantivyDocument> = upserts.iter().map(|d| this.document(d)).collect();
            let inner = &this.inner;
            let mut writer = inner.writer.lock().map_err(|_| failed("index writer poisoned"))?;
            for id in deletes.iter().chain(upserts.iter().map(|d| &d.id)) {
                writer.delete_term(Term::from_field_text(inner.fields.key, &format!("{}:{id}", kind.as_str())));
            }
            for d in docs {
                writer.add_document(d).map_err(failed)?;
            }
            writer.commit().map_err(failed)?;
            inner.reader.reload().map_err(failed)
        })
        .await
        .map_err(failed)?
    }

    pub async fn clear(&self, kind: DocKind) -> Result<(), EngineError> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let mut writer = inner.writer.lock().map_err(|_| failed("index writer poisoned"))?;
            writer.delete_term(Term::from_field_text(inner.fields.kind, kind.as_str()));
            writer.commit().map_err(failed)?;
            inner.reader.reload().map_err(failed)
        })
        .await
        .map_err(failed)?
    }

    fn build_query(&self, q: &EngineQuery) -> Box<dyn Query> {
        let f = &self.inner.fields;
        let mut must: Vec<(Occur, Box<dyn Query>)> = vec![(
            Occur::Must,
            Box::new(TermQuery::new(Term::from_field_text(f.kind, q.kind.as_str()), IndexRecordOption::Basic)),
        )];
        for (field, value) in &q.filters {
            let term = Term::from_field_text(f.filter[field], value);
            must.push((Occur::Must, Box::new(TermQuery::new(term, IndexRecordOption::Basic))));
        }
        for w in &q.words {
            let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for (field, boost) in [(f.title_keys, 3.0), (f.keys, 1.0), (f.part_keys, 0.5)] {
                let term = Term::from_field_text(field, &w.key);
                should.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(
                        Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
                        boost,
                    )),
                ));
                if w.fuzzy {
                    should.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(FuzzyTermQuery::new(term.clone(), 1, true)), boost * 0.5)),
                    ));
                }
                if w.prefix && w.key.chars().count() >= 2 {
                    should.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(FuzzyTermQuery::new_prefix(term, 0, true)), boost * 0.5)),
                    ));
                }
            }
            must.push((Occur::Must, Box::new(BooleanQuery::new(should))));
        }
        if q.words.is_empty() {
            must.push((Occur::Must, Box::new(AllQuery)));
        }
        Box::new(BooleanQuery::new(must))
    }

    pub async fn search(&self, q: &EngineQuery) -> Result<EngineHits, EngineError> {
        let this = self.clone();
        let q = q.clone();
        tokio::task::spawn_blocking(move || this.search_blocking(&q)).await.map_err(failed)?
    }

    /// The search itself, on the caller's (blocking) thread: the search
    /// service runs it and the database read of the hits in one blocking task.
    pub fn search_blocking(&self, q: &EngineQuery) -> Result<EngineHits, EngineError> {
        let started = Instant::now();
        let inner = &self.inner;
        let f = &inner.fields;
        let query = self.build_query(q);
        let searcher = inner.reader.searcher();
        // Relevance first, in buckets, then the rank (helpful marks, supports, ratings).
        let top =
            TopDocs::with_limit(q.limit.max(1)).and_offset(q.offset).tweak_score(move |segment: &SegmentReader| {
                let rank = segment.fast_fields().i64("rank").ok().map(|c| c.first_or_default_col(0));
                move |doc: tantivy::DocId, score: tantivy::Score| {
                    let bucket = (f64::from(score) * 5.0).round() as i64;
                    (bucket, rank.as_ref().map(|r| r.get_val(doc)).unwrap_or(0))
                }
            });
        let facets = q.kind.facets();
        let collector_for = |i: usize| {
            let mut c = FacetCollector::for_field(format!("facet_{}", facets[i].name()));
            c.add_facet(Facet::root());
            c
        };
        type Ranked = Vec<((i64, i64), DocAddress)>;
        let (hits, total, first, second): (Ranked, usize, _, _) =
            searcher.search(&query, &(top, Count, collector_for(0), collector_for(1))).map_err(failed)?;
        let mut ids = Vec::with_capacity(hits.len());
        for (_, addr) in hits {
            let doc: TantivyDocument = searcher.doc(addr).map_err(failed)?;
            if let Some(id) = doc.get_first(f.id).and_then(|v| v.as_str()) {
                ids.push(id.to_string());
            }
        }
        let counts = |fc: tantivy::collector::FacetCounts| -> Vec<(String, u64)> {
            let mut v: Vec<(String, u64)> = fc
                .get(Facet::root())
                .map(|(facet, n)| (facet.to_path().last().map(|s| s.to_string()).unwrap_or_default(), n))
                .collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v.truncate(20);
            v
        };
        Ok(EngineHits {
            ids,
            total: total as u64,
            facets: vec![(facets[0], counts(first)), (facets[1], counts(second))],
            engine_micros: started.elapsed().as_micros() as u64,
        })
    }
}

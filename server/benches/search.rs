#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Search benchmark: 100k community tips of generated German and English
//! text; the time of a full reindex from the database, and the latency of the
//! same 200 queries over HTTP beside the engine's own time for them.
//!
//!     cargo bench -p ideashelf --bench search
//!     cargo bench -p ideashelf --bench search -- --tips 20000
//!     MEILI_URL=http://127.0.0.1:7700 cargo bench -p ideashelf --bench search   # Meilisearch instead,
//!                                                                                  # then an outage and recovery
//!
//! The text comes from `generate_tip` below: sentences built from German and
//! English kitchen-and-household vocabulary with a fixed random seed, so every
//! run indexes the same 100k documents. Queries are one to three words drawn
//! from the same vocabulary, a quarter of them with one typo.

use std::time::{Duration, Instant};

#[path = "../tests/api/switch.rs"]
mod switch;

use ideashelf::config::Config;
use ideashelf::search::text::query_words;
use ideashelf::search::{DocKind, EngineQuery};
use ideashelf::tips::store::{insert_many, TipRow};
use ideashelf::Application;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use switch::Switch;

const REINDEX_GOAL_SECS: f64 = 60.0;
const HTTP_P95_GOAL_MS: f64 = 50.0;
const HTTP_OVER_ENGINE_GOAL: f64 = 1.5;
const QUERIES: usize = 200;
/// Each query is measured this many times (after one warm-up round).
const ROUNDS: usize = 3;

const DE_NOUNS: &[&str] = &[
    "Brot",
    "Sauerteig",
    "Käse",
    "Milch",
    "Joghurt",
    "Butter",
    "Apfel",
    "Birne",
    "Kartoffel",
    "Zwiebel",
    "Knoblauch",
    "Tomate",
    "Gurke",
    "Salat",
    "Kräuter",
    "Basilikum",
    "Petersilie",
    "Reis",
    "Nudeln",
    "Haferflocken",
    "Müesli",
    "Schokolade",
    "Kaffee",
    "Tee",
    "Honig",
    "Marmelade",
    "Essig",
    "Öl",
    "Salz",
    "Pfeffer",
    "Pfanne",
    "Topf",
    "Ofen",
    "Kühlschrank",
    "Gefrierfach",
    "Vorratsglas",
    "Backpapier",
    "Schneidebrett",
    "Messer",
    "Spülmittel",
    "Waschmittel",
    "Einkaufstasche",
    "Verpackung",
    "Rezept",
    "Frühstück",
    "Suppe",
    "Kuchen",
    "Zopf",
    "Rösti",
    "Fondue",
    "Raclette",
];
const DE_VERBS: &[&str] = &[
    "lagern",
    "einfrieren",
    "aufwärmen",
    "schneiden",
    "rösten",
    "backen",
    "kochen",
    "mischen",
    "würzen",
    "abdecken",
    "einwickeln",
    "aufbewahren",
    "verwerten",
    "sparen",
    "nachfüllen",
    "spülen",
    "trocknen",
    "marinieren",
];
const DE_ADJ: &[&str] = &[
    "frisch",
    "knusprig",
    "saftig",
    "regional",
    "biologisch",
    "günstig",
    "schnell",
    "einfach",
    "haltbar",
    "vegan",
    "würzig",
    "süss",
    "sauer",
    "kalt",
    "warm",
    "übrig",
    "alt",
    "neu",
];
const DE_FRAMES: &[&str] = &[
    "Am besten {n} {a} {v}, dann bleibt es länger gut.",
    "Wer {n} {v} will, nimmt ein {a}es {n2}.",
    "Mein Tipp: {n} nie im {n2} {v}.",
    "{n} und {n2} zusammen {v} – das spart Zeit.",
    "Damit der {n} {a} bleibt, ihn im {n2} {v}.",
    "Reste vom {n} lassen sich gut {v}.",
];
const EN_NOUNS: &[&str] = &[
    "bread",
    "sourdough",
    "cheese",
    "milk",
    "yoghurt",
    "butter",
    "apple",
    "pear",
    "potato",
    "onion",
    "garlic",
    "tomato",
    "cucumber",
    "lettuce",
    "herbs",
    "basil",
    "parsley",
    "rice",
    "pasta",
    "oats",
    "muesli",
    "chocolate",
    "coffee",
    "tea",
    "honey",
    "jam",
    "vinegar",
    "oil",
    "salt",
    "pepper",
    "pan",
    "pot",
    "oven",
    "fridge",
    "freezer",
    "jar",
    "baking paper",
    "chopping board",
    "knife",
    "dish soap",
    "detergent",
    "shopping bag",
    "packaging",
    "recipe",
    "breakfast",
    "soup",
    "cake",
    "leftovers",
    "pancakes",
    "batter",
];
const EN_VERBS: &[&str] = &[
    "store", "freeze", "reheat", "slice", "toast", "bake", "cook", "mix", "season", "cover", "wrap", "keep", "reuse",
    "save", "refill", "rinse", "dry", "marinate",
];
const EN_ADJ: &[&str] = &[
    "fresh", "crispy", "juicy", "local", "organic", "cheap", "quick", "easy", "lasting", "vegan", "spicy", "sweet",
    "sour", "cold", "warm", "leftover", "old", "new",
];
const EN_FRAMES: &[&str] = &[
    "The best way is to {v} the {n} while it is {a}.",
    "If you want to {v} {n}, use a {a} {n2}.",
    "My tip: never {v} the {n} in the {n2}.",
    "{v} the {n} and the {n2} together, it saves time.",
    "To keep the {n} {a}, {v} it in a {n2}.",
    "Leftover {n} is easy to {v}.",
];

fn pick<'a>(rng: &mut StdRng, list: &[&'a str]) -> &'a str {
    list[rng.random_range(0..list.len())]
}

fn sentence(rng: &mut StdRng, german: bool) -> String {
    let (frames, nouns, verbs, adjs) =
        if german { (DE_FRAMES, DE_NOUNS, DE_VERBS, DE_ADJ) } else { (EN_FRAMES, EN_NOUNS, EN_VERBS, EN_ADJ) };
    pick(rng, frames)
        .replace("{n2}", pick(rng, nouns))
        .replace("{n}", pick(rng, nouns))
        .replace("{v}", pick(rng, verbs))
        .replace("{a}", pick(rng, adjs))
}

/// One tip: a title and three to six sentences, German or English.
pub fn generate_tip(rng: &mut StdRng) -> (String, String, Vec<String>) {
    let german = rng.random_bool(0.5);
    let (nouns, verbs) = if german { (DE_NOUNS, DE_VERBS) } else { (EN_NOUNS, EN_VERBS) };
    let title = if german {
        format!("{} richtig {}", pick(rng, nouns), pick(rng, verbs))
    } else {
        format!("How to {} {}", pick(rng, verbs), pick(rng, nouns))
    };
    let n = rng.random_range(3..=6);
    let body = (0..n).map(|_| sentence(rng, german)).collect::<Vec<_>>().join(" ");
    let tags = vec![pick(rng, nouns).to_lowercase().replace(' ', "-"), if german { "de".into() } else { "en".into() }];
    (title, body, tags)
}

fn typo(rng: &mut StdRng, word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 6 {
        return word.to_string();
    }
    let i = rng.random_range(1..chars.len() - 2);
    let mut c = chars.clone();
    c.swap(i, i + 1);
    c.into_iter().collect()
}

fn query(rng: &mut StdRng) -> String {
    let n = rng.random_range(1..=3);
    let mut words = Vec::new();
    for _ in 0..n {
        let list: &[&str] = match rng.random_range(0..4) {
            0 => DE_NOUNS,
            1 => EN_NOUNS,
            2 => DE_VERBS,
            _ => EN_VERBS,
        };
        words.push(pick(rng, list).to_string());
    }
    if rng.random_bool(0.25) {
        words[0] = typo(rng, &words[0]);
    }
    words.join(" ")
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn p50_p95(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(|a, b| a.total_cmp(b));
    (percentile(&v, 0.5), percentile(&v, 0.95))
}

/// Meilisearch only: the engine cut off while members search and write, then back. Searches must fail fast
/// with 503, writes must succeed and wait in the outbox, and once the engine is back the outbox is applied
/// (`search::worker::drain`, what every worker runs) until the new tips are found.
async fn outage(port: u16, db: &ideashelf::db::Db, search: &ideashelf::search::Search, switch: &Switch) {
    const WRITES: usize = 200;
    const MARK: &str = "Zyklopenwalze";
    let client = reqwest::Client::new();
    let api = format!("http://127.0.0.1:{port}/api/v1");
    let reg: serde_json::Value = client
        .post(format!("{api}/auth/register"))
        .json(&serde_json::json!({"handle": "outage", "email": "outage@example.org",
                                  "password": "correct horse battery", "accept_terms": true}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = reg["token"].as_str().expect("token").to_string();
    let pending = || async {
        let s: serde_json::Value =
            client.get(format!("{api}/search/status")).send().await.unwrap().json().await.unwrap();
        s["pending"].as_i64().unwrap_or(-1)
    };
    switch.down();
    let (mut failed, mut fail_ms) = (0, Vec::new());
    for q in ["Sauerteig", "Käse reiben", "bread", "Zwiebel schneiden", "milk"].iter().cycle().take(50) {
        let t = Instant::now();
        let r = client.get(format!("{api}/search/tips")).query(&[("q", q)]).send().await.unwrap();
        let status = r.status();
        let body: serde_json::Value = r.json().await.unwrap_or_default();
        fail_ms.push(ms(t));
        if status == reqwest::StatusCode::SERVICE_UNAVAILABLE && body["code"] == "search_unavailable" {
            failed += 1;
        }
    }
    let (mut written, mut write_ms) = (0, Vec::new());
    for i in 0..WRITES {
        let t = Instant::now();
        let r = client
            .post(format!("{api}/tips"))
            .bearer_auth(&token)
            .json(&serde_json::json!({"title": format!("{MARK} Probe {i}"),
                                      "body": "Written while the search engine was down."}))
            .send()
            .await
            .unwrap();
        write_ms.push(ms(t));
        if r.status() == reqwest::StatusCode::CREATED {
            written += 1;
        }
    }
    let waiting = pending().await;
    let (f50, f95) = p50_p95(fail_ms);
    let (w50, w95) = p50_p95(write_ms);
    println!("outage (Meilisearch cut off at the network):");
    println!("  searches answered 503 search_unavailable: {failed}/50, p50 {f50:.2} ms p95 {f95:.2} ms");
    println!("  tips written meanwhile: {written}/{WRITES} (201), p50 {w50:.2} ms p95 {w95:.2} ms; pending in the outbox: {waiting}");
    switch.up();
    let t = Instant::now();
    let applied = ideashelf::search::worker::drain(db, search, "bench").await.unwrap();
    let drained = ms(t);
    let found = loop {
        let r: serde_json::Value =
            client.get(format!("{api}/search/tips")).query(&[("q", MARK)]).send().await.unwrap().json().await.unwrap();
        let total = r["total"].as_u64().unwrap_or(0);
        if total as usize >= WRITES || t.elapsed() > Duration::from_secs(60) {
            break total;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    println!(
        "  back up: {applied} changes applied in {drained:.0} ms; all {found} tips found {:.0} ms after the engine \
         returned; pending now {}",
        ms(t),
        pending().await
    );
}

#[tokio::main]
async fn main() {
    let tips: usize = arg("--tips").and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::for_data_dir(dir.path(), std::env::var("BENCH_DATABASE_URL").ok());
    config.search_worker = false;
    // Meilisearch is reached through a switch the outage phase cuts.
    let switch = match std::env::var("MEILI_URL").ok().filter(|u| !u.is_empty()) {
        Some(url) => {
            let upstream = url.trim_start_matches("http://").trim_end_matches('/').to_string();
            let switch = Switch::start(upstream).await;
            config.meili_url = Some(format!("http://127.0.0.1:{}", switch.port));
            Some(switch)
        }
        None => None,
    };
    config.meili_index_prefix = format!("bench{}", std::process::id());
    config.workers = Some(2);
    config.jwt_secret = Some("ideashelf-search-benchmark-secret-0123456789abcdef".into());
    let app = Application::build(config).await.unwrap();
    let port = app.port();
    let db = app.db();
    let search = app.search();
    tokio::spawn(app.run_until_stopped());
    search.engine.setup().await.unwrap();

    // Authors, then the tips in batches straight into the database.
    let author = ideashelf::accounts::service::create_account(
        &db,
        ideashelf::accounts::service::RegisterInput {
            handle: "benchauthor".into(),
            email: "bench@example.org".into(),
            password: "correct horse battery".into(),
            display_name: None,
            ..Default::default()
        },
        ideashelf::accounts::Role::Member,
        ideashelf::config::DEFAULT_TERMS_VERSION,
    )
    .await
    .unwrap();
    let author_id =
        db.run(move |conn| Ok(ideashelf::accounts::store::by_handle(conn, &author.handle)?.unwrap().id)).await.unwrap();
    let started = Instant::now();
    let mut rng = StdRng::seed_from_u64(2026);
    let now = ideashelf::clock::now();
    let mut left = tips;
    while left > 0 {
        let n = left.min(1_000);
        left -= n;
        let mut rows = Vec::with_capacity(n);
        let mut tags = Vec::new();
        for _ in 0..n {
            let (title, body, t) = generate_tip(&mut rng);
            let id = ideashelf::ids::TipId::new();
            for tag in t {
                if !tags.contains(&(id.to_string(), tag.clone())) {
                    tags.push((id.to_string(), tag));
                }
            }
            rows.push(TipRow {
                id,
                author_id: author_id.clone(),
                product_id: None,
                title,
                body_html: String::new(),
                body,
                helpful_count: rng.random_range(0..50),
                open_reports: 0,
                hidden_at: None,
                created_at: now,
                updated_at: now,
            });
        }
        db.run(move |conn| Ok(ideashelf::db::write_tx(conn, |c| insert_many(c, &rows, &tags))?)).await.unwrap();
    }
    println!("{tips} tips written to the database in {:.1} s", started.elapsed().as_secs_f64());
    // Planner statistics, as a production database has them.
    db.run(|conn| {
        use diesel::connection::SimpleConnection;
        Ok(conn.batch_execute("ANALYZE")?)
    })
    .await
    .unwrap();

    let started = Instant::now();
    let indexed = ideashelf::search::worker::rebuild(&db, &search, DocKind::Tip, "bench").await.unwrap();
    let reindex = started.elapsed().as_secs_f64();
    println!(
        "full reindex ({}): {indexed} tips in {reindex:.1} s ({:.0} docs/s)  goal < {REINDEX_GOAL_SECS} s: {}",
        search.engine.name(),
        indexed as f64 / reindex,
        if reindex < REINDEX_GOAL_SECS { "met" } else { "NOT met" }
    );

    let mut qrng = StdRng::seed_from_u64(7);
    let queries: Vec<String> = (0..QUERIES).map(|_| query(&mut qrng)).collect();
    let client = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}/api/v1/search/tips");
    // Warm up: every query once over HTTP (engine, database and HTTP paths alike).
    for q in &queries {
        client.get(&base).query(&[("q", q)]).send().await.unwrap().bytes().await.unwrap();
    }
    let mut engine_ms = Vec::new();
    let mut engine_own_ms = Vec::new();
    let mut http_ms = Vec::new();
    let mut service_ms = Vec::new();
    let mut db_ms = Vec::new();
    let mut snippet_ms = Vec::new();
    let mut hits = 0u64;
    for q in queries.iter().cycle().take(QUERIES * ROUNDS) {
        let words = query_words(&search.keyer, q);
        let eq = EngineQuery { kind: DocKind::Tip, words, filters: Vec::new(), limit: 20, offset: 0 };
        let t = Instant::now();
        let h = search.engine.search(&eq).await.unwrap();
        engine_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        let ids = h.ids.clone();
        let t = Instant::now();
        let rows = db
            .run(move |conn| {
                let tags = ideashelf::tips::store::tags_for(conn, &ids)?;
                Ok((ideashelf::tips::store::hit_rows(conn, &ids)?, tags))
            })
            .await
            .unwrap();
        db_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        let mut hl = ideashelf::search::text::Highlighter::new(&search.keyer, &eq.words);
        for r in &rows.0 {
            hl.highlight(&r.1, usize::MAX);
            hl.highlight(&ideashelf::markdown::plain_text(&r.2), 180);
        }
        snippet_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        engine_own_ms.push(h.engine_micros as f64 / 1000.0);
        hits += h.total;
        let t = Instant::now();
        let params = ideashelf::search::service::SearchParams { q: Some(q.clone()), ..Default::default() };
        ideashelf::search::service::search(&db, &search, DocKind::Tip, params).await.unwrap();
        service_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        let r = client.get(&base).query(&[("q", q)]).send().await.unwrap();
        assert!(r.status().is_success(), "{}", r.status());
        r.bytes().await.unwrap();
        http_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    for v in [&mut engine_ms, &mut engine_own_ms, &mut http_ms, &mut service_ms, &mut db_ms, &mut snippet_ms] {
        v.sort_by(|a, b| a.total_cmp(b));
    }
    let (e50, e95) = (percentile(&engine_ms, 0.5), percentile(&engine_ms, 0.95));
    let (o50, o95) = (percentile(&engine_own_ms, 0.5), percentile(&engine_own_ms, 0.95));
    let (h50, h95) = (percentile(&http_ms, 0.5), percentile(&http_ms, 0.95));
    let (s50, s95) = (percentile(&service_ms, 0.5), percentile(&service_ms, 0.95));
    println!(
        "{QUERIES} queries x {ROUNDS} rounds, {:.0} matches per query on average",
        hits as f64 / (QUERIES * ROUNDS) as f64
    );
    println!("  engine (the engine's own reported time):  p50 {o50:7.2} ms  p95 {o95:7.2} ms");
    println!("  engine call from the app (search() only): p50 {e50:7.2} ms  p95 {e95:7.2} ms");
    println!(
        "    of which: database read of the hits p50 {:.2} ms p95 {:.2} ms; snippets p50 {:.2} ms p95 {:.2} ms",
        percentile(&db_ms, 0.5),
        percentile(&db_ms, 0.95),
        percentile(&snippet_ms, 0.5),
        percentile(&snippet_ms, 0.95)
    );
    println!("  service (engine + database + snippets):   p50 {s50:7.2} ms  p95 {s95:7.2} ms");
    println!("  HTTP GET /api/v1/search/tips:             p50 {h50:7.2} ms  p95 {h95:7.2} ms");
    let ratio = h95 / o95.max(0.001);
    println!(
        "  HTTP p95 / engine's own p95 = {ratio:.2}  goal <= {HTTP_OVER_ENGINE_GOAL}: {};  HTTP p95 goal <= {HTTP_P95_GOAL_MS} ms: {}",
        if ratio <= HTTP_OVER_ENGINE_GOAL { "met" } else { "NOT met" },
        if h95 <= HTTP_P95_GOAL_MS { "met" } else { "NOT met" }
    );
    if let Some(switch) = &switch {
        outage(port, &db, &search, switch).await;
    }
}

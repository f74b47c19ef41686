//! The search relevance set: queries as members type them — German written
//! every way (ae/oe/ue, ss, compounds), Swiss words, English — with the titles
//! that should come first, on the demo data and a catalogue of written and
//! generated products (`relevance/`). Prints the hit rate at 1 and at 5.
//! A query pinned as `must_be_first` must keep its first hit, and every query
//! must find an expected title in its first five.

use std::collections::HashMap;

use ideashelf::accounts::Role;
use serde::Deserialize;
use serde_json::json;

use crate::helpers::TestApp;
use crate::search_tests;

search_tests!(relevance_set);

const CATALOGUE: &str = include_str!("relevance/catalogue.json");
const QUERIES: &str = include_str!("relevance/queries.json");

#[derive(Deserialize)]
struct Catalogue {
    products: Vec<(String, String, String, String)>,
    fillers: Fillers,
}

#[derive(Deserialize)]
struct Fillers {
    brands: Vec<String>,
    bases: Vec<(String, String)>,
    variants: Vec<String>,
}

#[derive(Deserialize)]
struct Queries {
    queries: Vec<Query>,
}

#[derive(Deserialize)]
struct Query {
    kind: String,
    q: String,
    expect: Vec<String>,
    #[serde(default)]
    must_be_first: bool,
}

/// The written products and the generated look-alikes (brand × base × variant).
fn products(c: &Catalogue) -> Vec<(String, String, String, String)> {
    let mut all = c.products.clone();
    for brand in &c.fillers.brands {
        for (base, description) in &c.fillers.bases {
            for variant in &c.fillers.variants {
                all.push((format!("{brand} {base} {variant}"), brand.clone(), "Everyday".into(), description.clone()));
            }
        }
    }
    all
}

async fn relevance_set(app: TestApp) {
    let catalogue: Catalogue = serde_json::from_str(CATALOGUE).expect("relevance/catalogue.json");
    let set: Queries = serde_json::from_str(QUERIES).expect("relevance/queries.json");
    let demo = ideashelf::seed::parse(ideashelf::seed::DEMO).expect("demo data");
    ideashelf::seed::load(&app.db, &demo, ideashelf::config::DEFAULT_TERMS_VERSION).await.expect("seed");
    let team = app.staff("catalogue", Role::ProductTeam).await;
    let all = products(&catalogue);
    for (name, brand, category, description) in &all {
        app.product(&team, name, json!({"brand": brand, "category": category, "description": description})).await;
    }
    app.search_settled().await;

    let (mut at1, mut at5) = (0, 0);
    let mut regressions = Vec::new();
    let mut misses = Vec::new();
    let mut by_kind: HashMap<&str, (usize, usize)> = HashMap::new();
    for query in &set.queries {
        let path = format!("/api/v1/search/{}?q={}&limit=5", query.kind, urlencode(&query.q));
        let r = app.get(&path, None).await;
        assert_eq!(r.status, reqwest::StatusCode::OK, "{path}: {:?}", r.body);
        let titles: Vec<String> = r.body["items"]
            .as_array()
            .map(|a| a.iter().map(|i| i["title"].as_str().unwrap_or_default().to_string()).collect())
            .unwrap_or_default();
        let first = titles.first().is_some_and(|t| query.expect.contains(t));
        let top5 = titles.iter().any(|t| query.expect.contains(t));
        let k = by_kind.entry(query.kind.as_str()).or_default();
        k.0 += 1;
        if first {
            at1 += 1;
            k.1 += 1;
        }
        if top5 {
            at5 += 1;
        }
        if !first {
            let line = format!("{:>8} {:<28} expected {:?}, got {:?}", query.kind, query.q, query.expect, titles);
            if query.must_be_first {
                regressions.push(line.clone());
            }
            if !top5 {
                misses.push(line.clone());
            }
            eprintln!("relevance: not first: {line}");
        }
    }
    let n = set.queries.len();
    let pct = |x: usize| 100.0 * x as f64 / n as f64;
    println!(
        "relevance ({:?}, {} products): hit@1 {at1}/{n} ({:.1} %), hit@5 {at5}/{n} ({:.1} %); by kind (first/all): {}",
        app.backend,
        all.len() + demo.products.len(),
        pct(at1),
        pct(at5),
        ["products", "tips", "ideas"]
            .iter()
            .map(|k| {
                let (all, first) = by_kind.get(k).copied().unwrap_or_default();
                format!("{k} {first}/{all}")
            })
            .collect::<Vec<_>>()
            .join(", ")
    );
    assert!(regressions.is_empty(), "pinned queries lost their first hit:\n{}", regressions.join("\n"));
    assert!(misses.is_empty(), "queries without an expected title in the first five:\n{}", misses.join("\n"));
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

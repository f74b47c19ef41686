//! Phone first: every page fits a 360 px screen. The test crawls the site as
//! a visitor, a member and staff (an admin: moderation, dashboard, exports),
//! from `/` and the known page routes, following same-origin links; it
//! visits one page of each route pattern (one idea, one product, one tip…),
//! so pages added later are found as soon as something links to them. A
//! page fails when it scrolls sideways (`scrollWidth` beyond the screen);
//! the failure names the page and the widest element that sticks out.
//! The signed-out pages are checked at 390 px too, and the header's menu
//! must open without JavaScript.

use std::collections::{HashMap, HashSet, VecDeque};
use std::time::Instant;

use ideashelf::accounts::Role;
use reqwest::{StatusCode, Url};
use serde_json::{json, Value};

use crate::driver::{launch, Browser};
use crate::helpers::TestApp;
use crate::journeys::tag;

/// The narrowest phone we care for, and a common one.
const NARROW: u32 = 360;
const COMMON: u32 = 390;
const SCREEN_HEIGHT: u32 = 780;
/// Pages visited per role at most: the crawl stays well under a minute.
const MAX_PAGES: usize = 60;
/// Discovered pages of one shape (first path segment and depth) at most, so
/// a collection the patterns below do not know yet cannot eat the budget.
const MAX_PER_SHAPE: usize = 4;
/// Path segments after which the next one names a thing (`/ideas/{id}`).
const COLLECTIONS: &[&str] = &["ideas", "challenges", "products", "tips", "members", "questions", "fan-votes"];
/// Fixed words in such a place (`/ideas/new`).
const FIXED: &[&str] = &["new"];
/// Query parameters that page or return; they do not change a page's shape.
const IGNORED_QUERY: &[&str] = &["cursor", "next", "comments"];
/// Never followed: files, downloads, the API.
const SKIPPED_PREFIXES: &[&str] = &["/static/", "/api/", "/exports/download"];

/// The known page routes (GET), with their things filled in; the crawl adds
/// whatever they link to.
fn seeds(hostile: &Hostile) -> Vec<String> {
    let mut seeds: Vec<String> = [
        "/",
        "/products",
        "/tips",
        "/roadmap",
        "/leaderboard",
        "/leaderboard?period=30d",
        "/search?q=Glas",
        "/search?q=Glas&kind=products",
        "/ideas/new",
        "/tips/new",
        "/products/new",
        "/notifications",
        "/moderation",
        "/moderation/audit",
        "/admin/members",
        "/admin/webhooks",
        "/product-tests/new",
        "/dashboard",
        "/exports",
        "/fan-votes",
        "/fan-votes/new",
        "/settings",
        "/settings/privacy",
        "/login",
        "/register",
        "/forgot-password",
        "/reset-password",
        "/verify-email",
        "/confirm-email",
        "/unsubscribe",
        "/privacy",
        "/terms",
        "/terms/accept",
        "/challenges/zero-waste-kitchen",
        "/products/bircher-muesli-jar",
        "/members/anna",
        "/a-page-that-does-not-exist",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // The long words first: they are the pages most likely to overflow.
    seeds.insert(1, format!("/ideas/{}", hostile.idea));
    seeds.insert(2, format!("/tips/{}", hostile.tip));
    seeds.insert(3, format!("/products/{}", hostile.product));
    seeds.insert(4, format!("/members/{}", hostile.handle));
    seeds.insert(5, format!("/questions/{}", hostile.question));
    seeds
}

/// Content made to break a narrow layout: words without a break, URLs, hashes.
struct Hostile {
    handle: String,
    idea: String,
    tip: String,
    product: String,
    question: String,
}

const LONG_WORD: &str = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichensammlungsaufbewahrungsbox";
const LONG_URL: &str =
    "https://example.org/a/very/long/path/without/any/breaks/that-goes-on-and-on-and-on?query=value&other=thing";
const HASH: &str = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

fn first(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

async fn ok(r: crate::helpers::Resp, what: &str) -> Value {
    assert!(r.status == StatusCode::OK || r.status == StatusCode::CREATED, "{what}: {:?} {:?}", r.status, r.body);
    r.body
}

/// The demo data (seed/demo.json), and the hostile content beside it.
async fn fill(app: &TestApp) -> Hostile {
    let demo = ideashelf::seed::parse(ideashelf::seed::DEMO).unwrap();
    ideashelf::seed::load(&app.db, &demo, ideashelf::config::DEFAULT_TERMS_VERSION).await.unwrap();
    let login = |who: &str| json!({"login": who, "password": "demo-password"});
    let anna = ok(app.post("/api/v1/auth/login", None, login("anna")).await, "anna").await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let team = ok(app.post("/api/v1/auth/login", None, login("productteam")).await, "team").await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let handle = "Donaudampfschifffahrtskapitaen".to_string();
    let long = app.member(&handle).await;
    let body = format!("See {LONG_URL} and {HASH}.\n\n`{HASH}{HASH}`\n\n    {LONG_URL}{LONG_URL}");
    let idea = ok(
        app.post(
            "/api/v1/ideas",
            Some(&long),
            json!({"challenge_id": "zero-waste-kitchen", "title": LONG_WORD, "summary": format!("{LONG_WORD} {LONG_URL}"),
                   "body": body, "tags": [first(LONG_WORD, 30)]}),
        )
        .await,
        "idea",
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    ok(app.put(&format!("/api/v1/ideas/{idea}/support"), Some(&anna)).await, "support").await;
    ok(
        app.post(&format!("/api/v1/ideas/{idea}/comments"), Some(&anna), json!({"body": format!("{LONG_URL} {HASH}")}))
            .await,
        "comment",
    )
    .await;
    ok(
        app.post(
            "/api/v1/reports",
            Some(&anna),
            json!({"target_type": "idea", "target_id": idea, "reason": format!("{LONG_WORD} {LONG_URL}")}),
        )
        .await,
        "report",
    )
    .await;
    let product = app
        .product(&team, LONG_WORD, json!({"brand": first(LONG_WORD, 60), "description": format!("{LONG_URL} {HASH}")}))
        .await["slug"]
        .as_str()
        .unwrap()
        .to_string();
    let tip = ok(
        app.post(
            "/api/v1/tips",
            Some(&long),
            json!({"title": LONG_WORD, "body": format!("{LONG_URL}\n\n{HASH}"), "product": product}),
        )
        .await,
        "tip",
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    // A product question with long words in its title, details and answers (official and not).
    let question = ok(
        app.post(
            &format!("/api/v1/products/{product}/questions"),
            Some(&long),
            json!({"title": format!("Passt die {LONG_WORD}?"), "body": format!("{LONG_URL}\n\n{HASH}")}),
        )
        .await,
        "question",
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    for (who, text) in [(&team, format!("{LONG_WORD} {HASH}")), (&anna, format!("{LONG_URL} {LONG_WORD}"))] {
        let r = app.post(&format!("/api/v1/questions/{question}/answers"), Some(who), json!({"body": text})).await;
        ok(r, "answer").await;
    }
    app.staff("phone-mod", Role::Moderator).await;
    app.search_settled().await;
    Hostile { handle, idea, tip, product, question }
}

/// The route a URL stands for: things in collections become `{}`, as do
/// segments that look like ids; query parameters count by name.
fn pattern(url: &Url) -> String {
    let segments: Vec<&str> = url.path_segments().map(|s| s.collect()).unwrap_or_default();
    let path: Vec<&str> = segments
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let in_collection = i > 0 && COLLECTIONS.contains(&segments[i - 1]) && !FIXED.contains(s);
            let id_like = s.len() >= 8 && s.chars().filter(|c| c.is_ascii_digit()).count() >= 3;
            if in_collection || id_like {
                "{}"
            } else {
                s
            }
        })
        .collect();
    let mut keys: Vec<String> =
        url.query_pairs().map(|(k, _)| k.into_owned()).filter(|k| !IGNORED_QUERY.contains(&k.as_str())).collect();
    keys.sort();
    keys.dedup();
    let query = if keys.is_empty() { String::new() } else { format!("?{}", keys.join("&")) };
    format!("/{}{query}", path.join("/"))
}

fn shape(url: &Url) -> (String, usize) {
    let segments: Vec<&str> = url.path_segments().map(|s| s.filter(|s| !s.is_empty()).collect()).unwrap_or_default();
    (segments.first().unwrap_or(&"").to_string(), segments.len())
}

/// Measures the page: `null` when nothing is wider than `limit`, else the
/// page's width and the widest element that sticks out (not counting
/// elements inside a box that scrolls or clips them).
const MEASURE: &str = r#"
const limit = arguments[0];
if (document.contentType !== 'text/html') return {skip: document.contentType};
const doc = document.documentElement;
const width = Math.max(doc.scrollWidth, document.body ? document.body.scrollWidth : 0);
if (width <= limit && window.innerWidth <= limit) return null;
const inScroller = (el) => {
  for (let p = el.parentElement; p && p !== doc; p = p.parentElement) {
    if (getComputedStyle(p).overflowX !== 'visible') return true;
  }
  return false;
};
let worst = null;
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || (r.right <= limit + 0.5 && r.left >= -0.5)) continue;
  if (inScroller(el)) continue;
  if (!worst || r.width > worst.width) worst = {el, width: r.width, left: r.left, right: r.right};
}
const describe = (el) => {
  let d = el.tagName.toLowerCase();
  if (el.id) d += '#' + el.id;
  if (el.classList.length) d += '.' + Array.from(el.classList).join('.');
  const t = el.getAttribute('data-testid');
  if (t) d += '[data-testid=' + t + ']';
  const text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60);
  return text ? d + ' "' + text + '"' : d;
};
return {
  width, inner: window.innerWidth,
  offender: worst
    ? describe(worst.el) + ' (' + Math.round(worst.width) + ' px wide, ' + Math.round(worst.left) + ' to ' + Math.round(worst.right) + ')'
    : 'no single element (margins?)',
};
"#;

/// The same-origin links of the page that a crawl may follow.
const LINKS: &str = r#"
return Array.from(document.querySelectorAll('a[href]'))
  .filter(a => !a.hasAttribute('download'))
  .map(a => a.href);
"#;

/// Checks the open page at `width`; a problem is pushed as a line naming it.
async fn check(b: &Browser, who: &str, width: u32, url: &Url, problems: &mut Vec<String>, shots: &str) -> bool {
    let measured = b.client.execute(MEASURE, vec![json!(width)]).await.expect("measure");
    if measured.get("skip").is_some() {
        return false;
    }
    if !measured.is_null() {
        let page = format!("{}{}", url.path(), url.query().map(|q| format!("?{q}")).unwrap_or_default());
        problems.push(format!(
            "{page} ({who}, {width} px) is {} px wide: {}",
            measured["width"],
            measured["offender"].as_str().unwrap_or("?")
        ));
        let name = pattern(url).replace(['/', '?', '&', '{', '}'], "_");
        b.screenshot(&format!("{shots}-phone-overflow-{width}{name}")).await;
    }
    true
}

/// Crawls from `seeds` as whoever is signed in; returns the pages checked.
async fn crawl(
    b: &Browser,
    app: &TestApp,
    who: &str,
    seeds: &[String],
    problems: &mut Vec<String>,
    shots: &str,
) -> Vec<Url> {
    let base = Url::parse(&app.base).unwrap();
    let mut queue: VecDeque<(Url, bool)> = seeds.iter().map(|s| (base.join(s).unwrap(), true)).collect::<VecDeque<_>>();
    let mut seen: HashSet<String> = HashSet::new();
    let mut shapes: HashMap<(String, usize), usize> = HashMap::new();
    let mut visited = Vec::new();
    while let Some((mut url, seeded)) = queue.pop_front() {
        if visited.len() >= MAX_PAGES {
            break;
        }
        url.set_fragment(None);
        if url.origin() != base.origin() || SKIPPED_PREFIXES.iter().any(|p| url.path().starts_with(p)) {
            continue;
        }
        if !seen.insert(pattern(&url)) {
            continue;
        }
        if !seeded {
            let n = shapes.entry(shape(&url)).or_default();
            if *n >= MAX_PER_SHAPE {
                continue;
            }
            *n += 1;
        }
        b.goto(url.as_str()).await;
        if !check(b, who, NARROW, &url, problems, shots).await {
            continue;
        }
        visited.push(url);
        let links = b.client.execute(LINKS, vec![]).await.expect("links");
        for link in links.as_array().into_iter().flatten().filter_map(Value::as_str) {
            if let Ok(next) = Url::parse(link) {
                queue.push_back((next, false));
            }
        }
    }
    // What the cap left out, for the log: raise MAX_PAGES when this grows.
    let left: HashSet<String> = queue
        .iter()
        .filter(|(u, _)| u.origin() == base.origin())
        .map(|(u, _)| pattern(u))
        .filter(|p| !seen.contains(p))
        .collect();
    if !left.is_empty() {
        eprintln!("phone check ({who}): {} route patterns left at the cap: {left:?}", left.len());
    }
    visited
}

async fn sign_in(b: &Browser, app: &TestApp, login: &str) {
    b.goto(&format!("{}/login", app.base)).await;
    b.fill("#field-login", login).await;
    b.fill("#field-password", "demo-password").await;
    b.click("form[action='/login'] button[type=submit]").await;
    // The handle is in the closed menu (not displayed): wait for it to exist.
    b.find(&format!("a.member[href='/members/{login}']")).await;
}

/// The detector itself: a page made too wide on purpose is caught, and the
/// element is named.
async fn detector_names_the_culprit(b: &Browser, app: &TestApp) {
    b.goto(&format!("{}/privacy", app.base)).await;
    b.client
        .execute(
            "const d = document.createElement('div'); d.className = 'too-wide-on-purpose'; d.style.width = '600px'; \
             d.textContent = 'x'; document.querySelector('main').append(d);",
            vec![],
        )
        .await
        .unwrap();
    let mut found = Vec::new();
    let url = Url::parse(&format!("{}/privacy", app.base)).unwrap();
    check(b, "self-test", NARROW, &url, &mut found, "self-test").await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("div.too-wide-on-purpose") && found[0].contains("600 px wide"), "{found:?}");
}

/// The header's menu at 360 px with JavaScript off: closed, the navigation
/// is hidden and the menu button is one tap; open, the links and "Submit an
/// idea" are on the screen, without panning.
async fn menu_opens_without_javascript(app: &TestApp) {
    let b = launch(false).await;
    b.emulate_screen(NARROW, SCREEN_HEIGHT).await;
    b.goto(&format!("{}/", app.base)).await;
    let products = b.find("[data-testid=nav-products]").await;
    assert!(!products.is_displayed().await.unwrap(), "the navigation is folded away on a phone");
    let toggle = b.find("[data-testid=menu-toggle]").await;
    assert!(toggle.is_displayed().await.unwrap());
    assert_eq!(toggle.text().await.unwrap().trim(), "Menü");
    let (_, _, w, h) = toggle.rectangle().await.unwrap();
    assert!(w >= 40.0 && h >= 40.0, "the menu button is a comfortable tap: {w}×{h}");
    toggle.click().await.unwrap();
    for css in ["[data-testid=nav-products]", "[data-testid=nav-tips]", "[data-testid=login-link]", ".nav-cta a"] {
        let link = b.find(css).await;
        assert!(link.is_displayed().await.unwrap(), "{css} shows in the open menu");
        let (x, y, w, h) = link.rectangle().await.unwrap();
        assert!(
            x >= 0.0 && x + w <= NARROW as f64 && y + h <= SCREEN_HEIGHT as f64,
            "{css} is on the screen: {x},{y} {w}×{h}"
        );
        assert!(h >= 40.0, "{css} is a comfortable tap: {h} px high");
    }
    assert_eq!(b.text(".nav-cta a").await, "Idee einreichen");
    b.screenshot(&format!("{}-phone-menu-open", tag(app))).await;
    // The link works: "Submit an idea" asks a visitor to sign in first.
    b.click(".nav-cta a").await;
    b.find("#field-login").await;
    b.close().await;

    // Wide screens keep the navigation in the header, no menu button.
    let b = launch(true).await;
    b.goto(&format!("{}/", app.base)).await;
    assert!(b.find("[data-testid=nav-products]").await.is_displayed().await.unwrap());
    assert!(!b.find("[data-testid=menu-toggle]").await.is_displayed().await.unwrap());
    b.close().await;
}

pub async fn every_page_fits_a_phone(app: TestApp) {
    let shots = tag(&app);
    let started = Instant::now();
    let hostile = fill(&app).await;
    let seeds = seeds(&hostile);
    let b = launch(true).await;
    b.emulate_screen(NARROW, SCREEN_HEIGHT).await;
    detector_names_the_culprit(&b, &app).await;

    let mut problems = Vec::new();
    let mut report = Vec::new();
    let visitor = crawl(&b, &app, "signed out", &seeds, &mut problems, shots).await;
    report.push(format!("signed out: {} pages", visitor.len()));
    b.emulate_screen(COMMON, 844).await;
    for url in &visitor {
        b.goto(url.as_str()).await;
        check(&b, "signed out", COMMON, url, &mut problems, shots).await;
    }
    report.push(format!("signed out at {COMMON} px: {} pages", visitor.len()));
    eprintln!("phone check ({shots}): {} so far", report.join(", "));
    b.emulate_screen(NARROW, SCREEN_HEIGHT).await;
    for (login, role) in [("anna", "member"), ("admin", "admin")] {
        sign_in(&b, &app, login).await;
        let pages = crawl(&b, &app, role, &seeds, &mut problems, shots).await;
        report.push(format!("{role}: {} pages", pages.len()));
        assert!(pages.len() >= 25, "{role} reached only {} pages: {pages:?}", pages.len());
        b.client.delete_all_cookies().await.unwrap();
        eprintln!("phone check ({shots}): {role} done after {:.1?}", started.elapsed());
    }
    eprintln!("{}", problems.join("\n"));
    assert!(visitor.len() >= 20, "a visitor reached only {} pages: {visitor:?}", visitor.len());
    b.close().await;
    menu_opens_without_javascript(&app).await;
    eprintln!("phone check ({shots}): {} in {:.1?}", report.join(", "), started.elapsed());
    assert!(problems.is_empty(), "pages wider than a phone:\n{}", problems.join("\n"));
}

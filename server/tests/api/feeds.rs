//! Atom feeds and challenge news (docs/FEEDS.md): content made through the API, each feed fetched over
//! HTTP and read by feedparser (PyPI, pinned in .ci/requirements.txt; run with `IDEASHELF_TEST_PYTHON`
//! like the mail tests' aiosmtpd): well-formed (`bozo == 0`), the right entries in the right order,
//! nothing hidden, pending or scheduled, German with `?lang=de`; the conditional GET's 304.

use std::process::Command;

use ideashelf::accounts::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{assert_code, assert_problem, TestApp};

backend_tests!(
    new_ideas_feeds_show_public_ideas_newest_first,
    a_matching_conditional_get_is_answered_304,
    an_ideas_timeline_feed_has_its_moves_and_updates,
    staff_post_edit_and_delete_challenge_news,
    review_feeds_leave_hidden_reviews_out,
);

/// A feed: status, content type, the validators, the body.
struct Fetched {
    status: StatusCode,
    content_type: String,
    etag: Option<String>,
    last_modified: Option<String>,
    body: String,
}

async fn fetch(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> Fetched {
    let mut req = app.client.get(format!("{}{path}", app.base));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = req.send().await.expect("request");
    let header = |name: &str| res.headers().get(name).and_then(|v| v.to_str().ok()).map(String::from);
    let (etag, last_modified) = (header("etag"), header("last-modified"));
    let content_type = header("content-type").unwrap_or_default();
    let status = res.status();
    Fetched { status, content_type, etag, last_modified, body: res.text().await.unwrap_or_default() }
}

/// feedparser's reading of an Atom document, as JSON.
fn parse(xml: &str) -> Value {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("feed.atom");
    std::fs::write(&file, xml).expect("write feed");
    let script = r#"
import json, sys, feedparser
d = feedparser.parse(sys.argv[1])
def links(x):
    return [{"rel": l.get("rel"), "href": l.get("href"), "type": l.get("type")} for l in x.get("links", [])]
print(json.dumps({
    "bozo": int(d.bozo), "error": str(d.get("bozo_exception", "")), "version": d.version,
    "feed": {"title": d.feed.get("title"), "id": d.feed.get("id"), "language": d.feed.get("language"),
             "updated": d.feed.get("updated"), "links": links(d.feed)},
    "entries": [{"id": e.get("id"), "title": e.get("title"), "link": e.get("link"), "updated": e.get("updated"),
                 "published": e.get("published"), "author": e.get("author"),
                 "email": (e.get("author_detail") or {}).get("email"),
                 "content": [c.get("value") for c in e.get("content", [])],
                 "content_type": [c.get("type") for c in e.get("content", [])]} for e in d.entries],
}))
"#;
    let out = Command::new(crate::smtp::python()).arg("-c").arg(script).arg(&file).output().expect("run python");
    assert!(
        out.status.success(),
        "feedparser failed (is it installed? .ci/run): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("feedparser's JSON")
}

/// Fetches a feed that must answer 200 and parses it; asserts it is valid Atom.
async fn feed(app: &TestApp, path: &str) -> Value {
    let f = fetch(app, path, &[]).await;
    assert_eq!(f.status, StatusCode::OK, "{path}: {}", f.body);
    assert_eq!(f.content_type, "application/atom+xml; charset=utf-8");
    let parsed = parse(&f.body);
    assert_eq!(parsed["bozo"], 0, "{path} is not well-formed: {} in {}", parsed["error"], f.body);
    assert_eq!(parsed["version"], "atom10", "{path}");
    assert!(!f.body.contains("@example.org"), "no address in a feed: {}", f.body);
    for e in parsed["entries"].as_array().unwrap() {
        assert!(e["id"].as_str().unwrap().starts_with("urn:uuid:"), "{e}");
        assert!(e["link"].as_str().unwrap().starts_with(&app.base), "absolute link: {e}");
        assert!(e["email"].is_null(), "{e}");
        assert!(e["updated"].is_string(), "{e}");
    }
    parsed
}

fn titles(feed: &Value) -> Vec<String> {
    feed["entries"].as_array().unwrap().iter().map(|e| e["title"].as_str().unwrap().to_string()).collect()
}

async fn hide(app: &TestApp, moderator: &str, target_type: &str, id: &str) {
    let body = json!({"action": "hide", "target_type": target_type, "target_id": id, "reason": "Off topic"});
    let r = app.post("/api/v1/moderation/actions", Some(moderator), body).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
}

async fn new_ideas_feeds_show_public_ideas_newest_first(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let moderator = app.staff("mod", Role::Moderator).await;
    app.open_challenge(&team, "snacks", json!({})).await;
    app.open_challenge(&team, "curated", json!({"premoderation": true})).await;
    let ada = app.member("ada").await;
    let first = app.idea(&ada, None, "Crunchy <chickpea> crisps & dips").await;
    let in_snacks = app.idea(&ada, Some("snacks"), "Seaweed snack boxes").await;
    let pending = app.idea(&ada, Some("curated"), "Waiting for a moderator").await;
    let hidden = app.idea(&ada, None, "A hidden idea of the board").await;
    let last = app.idea(&ada, None, "Oat milk ice cream").await;
    hide(&app, &moderator, "idea", &hidden).await;

    let all = feed(&app, "/api/v1/feeds/ideas?lang=en").await;
    assert_eq!(all["feed"]["title"], "ideashelf: new ideas");
    assert_eq!(all["feed"]["language"], "en");
    assert_eq!(titles(&all), ["Oat milk ice cream", "Seaweed snack boxes", "Crunchy <chickpea> crisps & dips"]);
    let entries = all["entries"].as_array().unwrap();
    assert_eq!(entries[0]["id"], format!("urn:uuid:{last}"));
    assert_eq!(entries[0]["link"], format!("{}/ideas/{last}", app.base));
    assert_eq!(entries[0]["author"], "ada");
    assert_eq!(entries[2]["content_type"][0], "text/html");
    assert!(entries[2]["content"][0].as_str().unwrap().contains("<p>A summary</p>"), "{}", entries[2]);
    let ids: Vec<&str> = entries.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert!(!ids.iter().any(|i| i.ends_with(&pending) || i.ends_with(&hidden)), "{ids:?}");
    assert!(ids.contains(&format!("urn:uuid:{first}").as_str()));
    let links = all["feed"]["links"].as_array().unwrap();
    assert!(links
        .iter()
        .any(|l| l["rel"] == "self" && l["href"] == format!("{}/api/v1/feeds/ideas?lang=en", app.base)));

    // German from ?lang=de, and from Accept-Language without it; another language is refused.
    let de = feed(&app, "/api/v1/feeds/ideas?lang=de").await;
    assert_eq!(de["feed"]["title"], "ideashelf: neue Ideen");
    assert_eq!(de["feed"]["language"], "de");
    assert_eq!(de["feed"]["id"], all["feed"]["id"], "one id in both languages");
    let f = fetch(&app, "/api/v1/feeds/ideas", &[("accept-language", "en-GB,en;q=0.9")]).await;
    assert_eq!(parse(&f.body)["feed"]["title"], "ideashelf: new ideas");
    assert_problem(&app.get("/api/v1/feeds/ideas?lang=fr", None).await, 422, Some("lang"));

    // One challenge's feed: its public ideas only; an unknown challenge is a 404 problem.
    let snacks = feed(&app, "/api/v1/feeds/challenges/snacks/ideas?lang=de").await;
    assert_eq!(titles(&snacks), ["Seaweed snack boxes"]);
    assert_eq!(snacks["feed"]["title"], "Neue Ideen in «Challenge snacks»");
    assert_eq!(snacks["entries"][0]["id"], format!("urn:uuid:{in_snacks}"));
    assert!(titles(&feed(&app, "/api/v1/feeds/challenges/curated/ideas").await).is_empty());
    assert_code(&app.get("/api/v1/feeds/challenges/nope/ideas", None).await, 404, "not_found");
}

async fn a_matching_conditional_get_is_answered_304(app: TestApp) {
    let ada = app.member("ada").await;
    app.idea(&ada, None, "Crunchy chickpea crisps").await;
    let path = "/api/v1/feeds/ideas?lang=en";
    let first = fetch(&app, path, &[]).await;
    assert_eq!(first.status, StatusCode::OK);
    let etag = first.etag.clone().expect("ETag");
    let modified = first.last_modified.clone().expect("Last-Modified");
    assert_eq!(fetch(&app, path, &[]).await.etag.as_deref(), Some(etag.as_str()), "the same feed, the same ETag");

    let same = fetch(&app, path, &[("if-none-match", &etag)]).await;
    assert_eq!(same.status, StatusCode::NOT_MODIFIED);
    assert!(same.body.is_empty());
    assert_eq!(same.etag.as_deref(), Some(etag.as_str()));
    assert_eq!(fetch(&app, path, &[("if-modified-since", &modified)]).await.status, StatusCode::NOT_MODIFIED);
    // The other language is another document.
    assert_eq!(fetch(&app, "/api/v1/feeds/ideas?lang=de", &[("if-none-match", &etag)]).await.status, StatusCode::OK);

    // A new idea changes the feed: the old validators no longer match.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    app.idea(&ada, None, "Oat milk ice cream").await;
    let changed = fetch(&app, path, &[("if-none-match", &etag)]).await;
    assert_eq!(changed.status, StatusCode::OK);
    assert_ne!(changed.etag.as_deref(), Some(etag.as_str()));
    assert_eq!(titles(&parse(&changed.body))[0], "Oat milk ice cream");
    assert_eq!(fetch(&app, path, &[("if-modified-since", &modified)]).await.status, StatusCode::OK);
}

async fn an_ideas_timeline_feed_has_its_moves_and_updates(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let moderator = app.staff("mod", Role::Moderator).await;
    app.open_challenge(&team, "curated", json!({"premoderation": true})).await;
    let author = app.member("author").await;
    let id = app.idea(&author, Some("curated"), "Chocolate with sea salt").await;
    let path = format!("/api/v1/feeds/ideas/{id}/timeline?lang=de");
    // Pending: no feed for anyone.
    assert_code(&app.get(&path, None).await, 404, "not_found");
    let r = app
        .post(
            &format!("/api/v1/ideas/{id}/transitions"),
            Some(&moderator),
            json!({"to": "gathering_support", "note": "Welcome <3"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let r = app
        .post(
            &format!("/api/v1/ideas/{id}/updates"),
            Some(&author),
            json!({"title": "Samples are ready", "body": "We tasted **three** recipes."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let update_id = r.body["id"].as_str().unwrap().to_string();

    let de = feed(&app, &path).await;
    assert_eq!(de["feed"]["title"], "Verlauf von «Chocolate with sea salt»");
    assert_eq!(titles(&de)[0], "Update: Samples are ready");
    assert_eq!(de["entries"][0]["id"], format!("urn:uuid:{update_id}"));
    assert!(
        de["entries"][0]["content"][0].as_str().unwrap().contains("<strong>three</strong>"),
        "{}",
        de["entries"][0]
    );
    assert_eq!(titles(&de)[1], "Status: Sammelt Unterstützung");
    assert!(de["entries"][1]["content"][0].as_str().unwrap().contains("Welcome &lt;3"), "{}", de["entries"][1]);
    assert_eq!(de["entries"][1]["author"], "mod");
    assert!(titles(&de).contains(&"Status: Wartet auf Prüfung".to_string()), "{:?}", titles(&de));
    let en = feed(&app, &format!("/api/v1/feeds/ideas/{id}/timeline?lang=en")).await;
    assert_eq!(titles(&en)[1], "Status: Gathering support");

    // Hidden by a moderator: gone; an unknown or malformed idea is a 404 problem.
    hide(&app, &moderator, "idea", &id).await;
    assert_code(&app.get(&path, None).await, 404, "not_found");
    assert_code(
        &app.get(&format!("/api/v1/feeds/ideas/{}/timeline", uuid::Uuid::now_v7()), None).await,
        404,
        "not_found",
    );
    assert_code(&app.get("/api/v1/feeds/ideas/not-a-uuid/timeline", None).await, 404, "not_found");
}

async fn staff_post_edit_and_delete_challenge_news(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let admin = app.staff("boss", Role::Admin).await;
    let moderator = app.staff("mod", Role::Moderator).await;
    let member = app.member("ada").await;
    app.open_challenge(&team, "snacks", json!({})).await;
    let post = |token: String, body: Value| {
        let app = &app;
        async move { app.post("/api/v1/challenges/snacks/news", Some(&token), body).await }
    };
    let news = json!({"title": "The jury is complete", "body": "Meet **our jury**."});
    // Refusals: signed out 401, a member or a moderator 403 with a code, bad fields 422, no challenge 404.
    assert_code(&app.post("/api/v1/challenges/snacks/news", None, news.clone()).await, 401, "unauthenticated");
    assert_code(&post(member.clone(), news.clone()).await, 403, "product_team_only");
    assert_code(&post(moderator.clone(), news.clone()).await, 403, "product_team_only");
    assert_problem(&post(team.clone(), json!({"title": "ab", "body": ""})).await, 422, Some("title"));
    assert_problem(&post(team.clone(), json!({"title": "A fine title", "body": " "})).await, 422, Some("body"));
    assert_code(&app.post("/api/v1/challenges/nope/news", Some(&team), news.clone()).await, 404, "not_found");

    let r = post(team.clone(), news.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let jury = r.body["id"].as_str().unwrap().to_string();
    assert_eq!(r.body["body_html"], "<p>Meet <strong>our jury</strong>.</p>\n");
    assert_eq!(r.body["author"]["handle"], "team");
    assert_eq!(r.body["scheduled"], false);
    let r = post(admin.clone(), json!({"title": "Halfway there", "body": "Keep the ideas coming."})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let halfway = r.body["id"].as_str().unwrap().to_string();
    let later = (chrono::Utc::now() + chrono::Duration::days(3)).to_rfc3339();
    let r = post(team.clone(), json!({"title": "Winners announced", "body": "Soon.", "published_at": later})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["scheduled"], true);
    let scheduled = r.body["id"].as_str().unwrap().to_string();

    // Everyone reads the published news, newest first; the staff see the scheduled post too.
    let public = app.get("/api/v1/challenges/snacks/news", None).await;
    let listed: Vec<&str> =
        public.body["items"].as_array().unwrap().iter().map(|n| n["title"].as_str().unwrap()).collect();
    assert_eq!(listed, ["Halfway there", "The jury is complete"]);
    assert_eq!(app.get("/api/v1/challenges/snacks/news", Some(&team)).await.body["items"][0]["id"], scheduled);
    assert_code(&app.get(&format!("/api/v1/news/{scheduled}"), Some(&member)).await, 404, "not_found");
    assert_eq!(app.get(&format!("/api/v1/news/{jury}"), None).await.body["title"], "The jury is complete");

    let f = feed(&app, "/api/v1/feeds/challenges/snacks/news?lang=en").await;
    assert_eq!(f["feed"]["title"], "News of “Challenge snacks”");
    assert_eq!(titles(&f), ["Halfway there", "The jury is complete"]);
    assert_eq!(f["entries"][1]["id"], format!("urn:uuid:{jury}"));
    assert_eq!(f["entries"][1]["link"], format!("{}/challenges/snacks#news-{jury}", app.base));
    assert!(f["entries"][1]["content"][0].as_str().unwrap().contains("<strong>our jury</strong>"));
    assert_eq!(
        feed(&app, "/api/v1/feeds/challenges/snacks/news?lang=de").await["feed"]["title"],
        "Neuigkeiten von «Challenge snacks»"
    );
    assert_code(&app.get("/api/v1/feeds/challenges/nope/news", None).await, 404, "not_found");

    // Editing: the staff only; the feed follows.
    let path = format!("/api/v1/news/{jury}");
    assert_code(&app.patch(&path, Some(&member), json!({"title": "Mine now"})).await, 403, "product_team_only");
    assert_problem(&app.patch(&path, Some(&team), json!({"title": "x"})).await, 422, Some("title"));
    let r = app.patch(&path, Some(&admin), json!({"title": "The jury is complete (updated)"})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["body"], "Meet **our jury**.", "absent fields stay");
    assert_eq!(titles(&feed(&app, "/api/v1/feeds/challenges/snacks/news").await)[1], "The jury is complete (updated)");

    // Deleting: the staff only; gone from the list, the feed and its own address.
    assert_code(&app.delete(&format!("/api/v1/news/{halfway}"), Some(&member)).await, 403, "product_team_only");
    assert_eq!(app.delete(&format!("/api/v1/news/{halfway}"), Some(&team)).await.status, StatusCode::NO_CONTENT);
    assert_code(&app.get(&format!("/api/v1/news/{halfway}"), None).await, 404, "not_found");
    assert_code(&app.delete(&format!("/api/v1/news/{halfway}"), Some(&team)).await, 404, "not_found");
    assert_eq!(titles(&feed(&app, "/api/v1/feeds/challenges/snacks/news").await), ["The jury is complete (updated)"]);
}

async fn review_feeds_leave_hidden_reviews_out(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let moderator = app.staff("mod", Role::Moderator).await;
    let bread = app.product(&team, "Rye bread", json!({})).await;
    let tea = app.product(&team, "Mint tea", json!({})).await;
    let (bread, tea) = (bread["slug"].as_str().unwrap().to_string(), tea["slug"].as_str().unwrap().to_string());
    let rate = |token: String, slug: String, body: Value| {
        let app = &app;
        async move {
            let r = app
                .call(reqwest::Method::PUT, &format!("/api/v1/products/{slug}/rating"), Some(&token), Some(body))
                .await;
            assert!(r.status.is_success(), "{:?}", r.body);
            r.body["rating"]["id"].as_str().unwrap().to_string()
        }
    };
    let (anna, ben, chiara) = (app.member("anna").await, app.member("ben").await, app.member("chiara").await);
    rate(anna.clone(), bread.clone(), json!({"stars": 5, "title": "Lovely crust", "body": "Dense and *sour*."})).await;
    rate(anna.clone(), tea.clone(), json!({"stars": 4, "title": "", "body": "Fresh."})).await;
    let rude = rate(ben.clone(), bread.clone(), json!({"stars": 1, "title": "Spam", "body": "Buy my stuff."})).await;
    rate(chiara.clone(), bread.clone(), json!({"stars": 3})).await; // stars only: no review
    hide(&app, &moderator, "review", &rude).await;

    let one = feed(&app, &format!("/api/v1/feeds/products/{bread}/reviews?lang=en")).await;
    assert_eq!(one["feed"]["title"], "Reviews of Rye bread");
    assert_eq!(titles(&one), ["★★★★★ Lovely crust"]);
    assert!(one["entries"][0]["content"][0].as_str().unwrap().contains("5 of 5 stars"));
    assert!(one["entries"][0]["content"][0].as_str().unwrap().contains("<em>sour</em>"));
    let all = feed(&app, "/api/v1/feeds/reviews?lang=de").await;
    assert_eq!(all["feed"]["title"], "ideashelf: neue Produktbewertungen");
    assert_eq!(titles(&all), ["Mint tea: ★★★★☆ Bewertung von anna", "Rye bread: ★★★★★ Lovely crust"]);
    assert_code(&app.get("/api/v1/feeds/products/nope/reviews", None).await, 404, "not_found");
}

//! The product team's dashboard: a scenario built through the API (two
//! challenges, ideas on their way to the shelf, supports this week and the
//! week before, a merge, review-spike alerts), then the funnel, supports per
//! day, risers, the review queue and the alerts, overall and per challenge;
//! and who may see it.

use chrono::{Duration, NaiveDate};
use diesel::prelude::*;
use ideashelf::accounts::Role;
use ideashelf::db::schema::{ideas, supports, users};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{assert_problem, spawn_app_with, Backend, TestApp};

async fn move_to(app: &TestApp, token: &str, id: &str, body: Value) {
    let r = app.post(&format!("/api/v1/ideas/{id}/transitions"), Some(token), body.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{body}: {:?}", r.body);
}

async fn support(app: &TestApp, token: &str, id: &str) {
    let r = app.put(&format!("/api/v1/ideas/{id}/support"), Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
}

/// Moves a member's support of an idea `days` back in time.
async fn backdate_support(app: &TestApp, idea: &str, handle: &str, days: i64) {
    let (idea, handle) = (idea.to_string(), handle.to_string());
    let when = ideashelf::clock::now() - Duration::days(days);
    app.db
        .run(move |conn| {
            let user: String = users::table.filter(users::handle.eq(handle)).select(users::id).first(conn)?;
            let n =
                diesel::update(supports::table.find((idea, user))).set(supports::created_at.eq(when)).execute(conn)?;
            assert_eq!(n, 1);
            Ok(())
        })
        .await
        .unwrap();
}

/// Makes an idea look as if it had entered its status `days` ago.
async fn backdate_status(app: &TestApp, idea: &str, days: i64) {
    let idea = idea.to_string();
    let when = ideashelf::clock::now() - Duration::days(days);
    app.db
        .run(move |conn| {
            diesel::update(ideas::table.find(idea)).set(ideas::status_changed_at.eq(Some(when))).execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
}

fn strs(v: &Value, key: &str) -> Vec<String> {
    v.as_array().unwrap().iter().map(|x| x[key].as_str().unwrap().to_string()).collect()
}

/// (stage, reached, now) of every funnel stage.
fn stages(d: &Value) -> Vec<(String, i64, i64)> {
    d["funnel"]["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["stage"].as_str().unwrap().to_string(), s["reached"].as_i64().unwrap(), s["now"].as_i64().unwrap()))
        .collect()
}

fn exits(d: &Value) -> Vec<(String, i64, i64)> {
    d["funnel"]["exits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (s["status"].as_str().unwrap().to_string(), s["reached"].as_i64().unwrap(), s["now"].as_i64().unwrap())
        })
        .collect()
}

fn owned(rows: &[(&str, i64, i64)]) -> Vec<(String, i64, i64)> {
    rows.iter().map(|(s, a, b)| (s.to_string(), *a, *b)).collect()
}

/// The supports the chart shows on the day `back` days before its last.
fn on_day(d: &Value, back: i64) -> i64 {
    let days = d["supports_per_day"]["days"].as_array().unwrap();
    let to = NaiveDate::parse_from_str(d["supports_per_day"]["to"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    let day = (to - Duration::days(back)).to_string();
    days.iter()
        .find(|x| x["day"] == day.as_str())
        .map(|x| x["supports"].as_i64().unwrap())
        .unwrap_or_else(|| panic!("no {day}"))
}

/// (title, this week, last week, change) of the risers.
fn risers(d: &Value) -> Vec<(String, i64, i64, i64)> {
    d["risers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["title"].as_str().unwrap().to_string(),
                r["this_week"].as_i64().unwrap(),
                r["last_week"].as_i64().unwrap(),
                r["change"].as_i64().unwrap(),
            )
        })
        .collect()
}

async fn dashboard_counts_the_way_to_the_shelf(backend: Backend) {
    // Two low ratings make a review spike.
    let app = spawn_app_with(backend, |c| c.spike_min_low = 2).await;
    let team = app.staff("team", Role::ProductTeam).await;
    let moderator = app.staff("mod", Role::Moderator).await;
    let admin = app.staff("boss", Role::Admin).await;
    let snacks = app.open_challenge(&team, "snacks", json!({})).await;
    let drinks = app.open_challenge(&team, "drinks", json!({"premoderation": true})).await;
    let author = app.member("author").await;
    let mut m = Vec::new();
    for i in 1..=5 {
        m.push(app.member(&format!("fan{i}")).await);
    }

    // Snacks: A and E gather support, B goes to the shelf, C waits in review,
    // D is declined, J is merged into A.
    let a = app.idea(&author, Some("snacks"), "Spicy crisps").await;
    let b = app.idea(&author, Some("snacks"), "Sea salt chocolate").await;
    let c = app.idea(&author, Some("snacks"), "Oat bar").await;
    let d = app.idea(&author, Some("snacks"), "Pickle chips").await;
    let e = app.idea(&author, Some("snacks"), "Mango slices").await;
    // Drinks (pre-moderated): F waits for moderation, G is published and goes to review, I is rejected.
    let f = app.idea(&author, Some("drinks"), "Cold brew tonic").await;
    let g = app.idea(&author, Some("drinks"), "Ginger shot").await;
    let i = app.idea(&author, Some("drinks"), "Call me on 079").await;
    // No challenge.
    let h = app.idea(&author, None, "Reusable lids").await;
    let j = app.idea(&author, Some("snacks"), "Spicy crisps, but hotter").await;
    let _ = (&f, &h);

    // Supports: A by four (two of them last week), E by three, B long ago, G and J by one.
    for t in &m[..4] {
        support(&app, t, &a).await;
    }
    backdate_support(&app, &a, "fan3", 9).await;
    backdate_support(&app, &a, "fan4", 9).await;
    for t in &m[..3] {
        support(&app, t, &e).await;
    }
    support(&app, &m[4], &b).await;
    backdate_support(&app, &b, "fan5", 40).await;
    move_to(&app, &moderator, &g, json!({"to": "gathering_support"})).await;
    support(&app, &m[4], &g).await;
    support(&app, &m[4], &j).await;
    move_to(&app, &moderator, &i, json!({"to": "rejected", "reason": "Please remove your phone number."})).await;
    // The merge copies fan5's support onto A: no new support, so it counts nowhere.
    let r = app.post(&format!("/api/v1/ideas/{j}/merge"), Some(&moderator), json!({"into": a})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(app.get(&format!("/api/v1/ideas/{a}"), None).await.body["supports"], 5);

    // The way to the shelf, by the product team.
    for to in ["in_review", "approved", "in_development", "in_production", "on_shelf"] {
        move_to(&app, &team, &b, json!({"to": to})).await;
    }
    move_to(&app, &team, &c, json!({"to": "in_review"})).await;
    backdate_status(&app, &c, 3).await;
    move_to(&app, &team, &d, json!({"to": "in_review"})).await;
    move_to(&app, &team, &d, json!({"to": "declined", "reason": "not_feasible"})).await;
    move_to(&app, &team, &g, json!({"to": "in_review"})).await;

    // Review spikes: on the product from B (snacks), then on one from no idea.
    let from_b = app.product(&team, "Sea Salt Chocolate Bar", json!({"idea_id": b})).await;
    let other = app.product(&team, "Plain Crackers", json!({})).await;
    for p in [&from_b, &other] {
        for t in &m[..2] {
            let path = format!("/api/v1/products/{}/rating", p["slug"].as_str().unwrap());
            let r = app.call(reqwest::Method::PUT, &path, Some(t), Some(json!({"stars": 1}))).await;
            assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        }
    }
    assert_eq!(app.get("/api/v1/product-alerts", Some(&team)).await.body.as_array().unwrap().len(), 2);

    // Overall.
    let all = app.get("/api/v1/dashboard", Some(&team)).await;
    assert_eq!(all.status, StatusCode::OK, "{:?}", all.body);
    let all = all.body;
    assert!(all["challenge"].is_null());
    assert_eq!(strs(&all["challenges"], "slug"), ["drinks", "snacks"], "the newest opening first");
    assert_eq!(all["funnel"]["submitted"], 10);
    assert_eq!(
        stages(&all),
        owned(&[
            ("submitted", 10, 1),
            ("gathering_support", 8, 3),
            ("in_review", 4, 2),
            ("approved", 1, 0),
            ("in_development", 1, 0),
            ("in_production", 1, 0),
            ("on_shelf", 1, 1),
        ])
    );
    assert_eq!(all["funnel"]["stages"][1]["percent_of_submitted"], 80);
    assert_eq!(all["funnel"]["stages"][2]["percent_of_previous"], 50);
    assert_eq!(exits(&all), owned(&[("declined", 1, 1), ("expired", 0, 0), ("rejected", 1, 1), ("merged", 1, 1)]));
    // Supports: today A×2, E×3, G, J; nine days ago A×2; B's (40 days ago) and the merge's copy are not counted.
    let per_day = &all["supports_per_day"];
    assert_eq!(per_day["days"].as_array().unwrap().len(), 30);
    assert_eq!(on_day(&all, 0), 7);
    assert_eq!(on_day(&all, 9), 2);
    assert_eq!(per_day["total"], 9);
    assert_eq!(per_day["max"], 7);
    assert_eq!(on_day(&all, 1), 0, "zero-filled");
    // Risers: E (3, none before), A (2 and 2), then J and G with one each, the newer first.
    assert_eq!(
        risers(&all),
        vec![
            ("Mango slices".to_string(), 3, 0, 3),
            ("Spicy crisps".to_string(), 2, 2, 0),
            ("Spicy crisps, but hotter".to_string(), 1, 0, 1),
            ("Ginger shot".to_string(), 1, 0, 1),
        ]
    );
    assert_eq!(all["risers"][0]["id"], e.as_str());
    assert_eq!(all["risers"][0]["status"], "gathering_support");
    assert_eq!(all["risers"][1]["supports"], 5);
    assert_eq!(all["risers"][2]["status"], "merged");
    // Waiting for review: C (three days) before G (just now).
    assert_eq!(all["waiting"]["count"], 2);
    assert_eq!(strs(&all["waiting"]["items"], "title"), ["Oat bar", "Ginger shot"]);
    let oat = &all["waiting"]["items"][0];
    assert_eq!(oat["id"], c.as_str());
    assert_eq!(oat["waited_days"], 3);
    assert!((71..=72).contains(&oat["waited_hours"].as_i64().unwrap()), "{oat}");
    assert_eq!(all["waiting"]["items"][1]["waited_days"], 0);
    // Alerts: the latest first.
    assert_eq!(strs(&all["alerts"], "name"), ["Plain Crackers", "Sea Salt Chocolate Bar"]);
    let alert = &all["alerts"][1];
    assert_eq!(alert["slug"], from_b["slug"]);
    assert_eq!(alert["product_id"], from_b["id"]);
    assert_eq!(alert["open_alerts"], 1);
    assert_eq!(alert["low_ratings"], 2);
    assert_eq!(alert["window_hours"], 48);
    assert!(alert["latest_at"].is_string());

    // Snacks, by slug.
    let s = app.get("/api/v1/dashboard?challenge=snacks", Some(&team)).await;
    assert_eq!(s.status, StatusCode::OK, "{:?}", s.body);
    let s = s.body;
    assert_eq!(s["challenge"]["slug"], "snacks");
    assert_eq!(s["challenge"]["id"], snacks["id"]);
    assert_eq!(
        stages(&s),
        owned(&[
            ("submitted", 6, 0),
            ("gathering_support", 6, 2),
            ("in_review", 3, 1),
            ("approved", 1, 0),
            ("in_development", 1, 0),
            ("in_production", 1, 0),
            ("on_shelf", 1, 1),
        ])
    );
    assert_eq!(exits(&s), owned(&[("declined", 1, 1), ("expired", 0, 0), ("rejected", 0, 0), ("merged", 1, 1)]));
    assert_eq!(on_day(&s, 0), 6);
    assert_eq!(on_day(&s, 9), 2);
    assert_eq!(s["supports_per_day"]["total"], 8);
    let titles: Vec<String> = risers(&s).into_iter().map(|r| r.0).collect();
    assert_eq!(titles, ["Mango slices", "Spicy crisps", "Spicy crisps, but hotter"]);
    assert_eq!(s["waiting"]["count"], 1);
    assert_eq!(strs(&s["waiting"]["items"], "title"), ["Oat bar"]);
    assert_eq!(strs(&s["alerts"], "name"), ["Sea Salt Chocolate Bar"], "only products from the challenge's ideas");

    // Drinks, by id; an admin may look too.
    let dr = app.get(&format!("/api/v1/dashboard?challenge={}", drinks["id"].as_str().unwrap()), Some(&admin)).await;
    assert_eq!(dr.status, StatusCode::OK, "{:?}", dr.body);
    let dr = dr.body;
    assert_eq!(dr["challenge"]["slug"], "drinks");
    assert_eq!(dr["funnel"]["submitted"], 3);
    assert_eq!(&stages(&dr)[..3], &owned(&[("submitted", 3, 1), ("gathering_support", 1, 0), ("in_review", 1, 1)])[..]);
    assert_eq!(exits(&dr)[2], ("rejected".to_string(), 1, 1));
    assert_eq!(dr["supports_per_day"]["total"], 1);
    assert_eq!(strs(&dr["risers"], "title"), ["Ginger shot"]);
    assert_eq!(strs(&dr["waiting"]["items"], "title"), ["Ginger shot"]);
    assert_eq!(dr["alerts"], json!([]));

    // An empty challenge parameter is the whole site.
    let blank = app.get("/api/v1/dashboard?challenge=", Some(&team)).await;
    assert_eq!(blank.body["funnel"]["submitted"], 10);

    // A resolved alert leaves the dashboard.
    let open = app.get("/api/v1/product-alerts", Some(&team)).await.body;
    let crackers = open.as_array().unwrap().iter().find(|x| x["product_slug"] == other["slug"]).unwrap()["id"].clone();
    let r = app
        .post(&format!("/api/v1/product-alerts/{}/resolve", crackers.as_str().unwrap()), Some(&team), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let after = app.get("/api/v1/dashboard", Some(&team)).await.body;
    assert_eq!(strs(&after["alerts"], "name"), ["Sea Salt Chocolate Bar"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn dashboard_counts_the_way_to_the_shelf_sqlite() {
    dashboard_counts_the_way_to_the_shelf(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn dashboard_counts_the_way_to_the_shelf_postgres() {
    dashboard_counts_the_way_to_the_shelf(Backend::Postgres).await
}

crate::backend_tests!(dashboard_is_for_the_product_team, dashboard_of_an_empty_site);

async fn dashboard_is_for_the_product_team(app: TestApp) {
    let member = app.member("anna").await;
    let moderator = app.staff("mod", Role::Moderator).await;
    let team = app.staff("team", Role::ProductTeam).await;
    assert_problem(&app.get("/api/v1/dashboard", None).await, 401, None);
    assert_problem(&app.get("/api/v1/dashboard", Some(&member)).await, 403, None);
    assert_problem(&app.get("/api/v1/dashboard", Some(&moderator)).await, 403, None);
    // Who may not look learns nothing, not even whether the challenge exists.
    assert_problem(&app.get("/api/v1/dashboard?challenge=nope", Some(&member)).await, 403, None);
    let r = app.get("/api/v1/dashboard?challenge=nope", Some(&team)).await;
    assert_problem(&r, 422, Some("challenge"));
    assert_eq!(r.body["errors"][0]["code"], "unknown");
    let unknown_id = uuid::Uuid::now_v7();
    assert_problem(
        &app.get(&format!("/api/v1/dashboard?challenge={unknown_id}"), Some(&team)).await,
        422,
        Some("challenge"),
    );
    assert_eq!(app.get("/api/v1/dashboard", Some(&team)).await.status, StatusCode::OK);
    let doc = app.get("/api/v1/openapi.json", None).await;
    assert!(doc.body["paths"]["/api/v1/dashboard"]["get"].is_object(), "in the OpenAPI document");
}

async fn dashboard_of_an_empty_site(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let d = app.get("/api/v1/dashboard", Some(&team)).await.body;
    assert_eq!(d["funnel"]["submitted"], 0);
    assert!(d["funnel"]["stages"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["reached"] == 0 && s["percent_of_submitted"] == 0));
    let days = d["supports_per_day"]["days"].as_array().unwrap();
    assert_eq!(days.len(), 30);
    assert!(days.iter().all(|x| x["supports"] == 0));
    assert_eq!(d["supports_per_day"]["total"], 0);
    assert_eq!(d["risers"], json!([]));
    assert_eq!(d["waiting"], json!({"count": 0, "items": []}));
    assert_eq!(d["alerts"], json!([]));
    assert_eq!(d["challenges"], json!([]));
}

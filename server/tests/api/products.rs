use ideashelf::accounts::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{assert_problem, spawn_app_with, Backend, TestApp};

backend_tests!(catalogue_is_managed_by_the_product_team, ratings_and_reviews, review_moderation_moves_the_summary);

async fn catalogue_is_managed_by_the_product_team(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let anna = app.member("anna").await;
    let body = json!({"name": "Bärlauch Pesto", "brand": "Migros Bio", "category": "Sauces", "gtin": "4006381333931",
        "description": "Wild garlic **pesto**."});
    assert_problem(&app.post("/api/v1/products", Some(&anna), body.clone()).await, 403, None);
    assert_problem(&app.post("/api/v1/products", None, body.clone()).await, 401, None);
    let r = app
        .post(
            "/api/v1/products",
            Some(&team),
            json!({"name": "X", "brand": "", "category": "Sauces", "gtin": "4006381333932"}),
        )
        .await;
    assert_problem(&r, 422, Some("gtin"));
    assert_problem(&r, 422, Some("name"));
    assert_problem(&r, 422, Some("brand"));
    let r = app.post("/api/v1/products", Some(&team), body.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["slug"], "baerlauch-pesto");
    assert_eq!(r.body["description_html"], "<p>Wild garlic <strong>pesto</strong>.</p>\n");
    assert_eq!(r.body["rating"], json!({"count": 0, "average": 0.0, "histogram": [0, 0, 0, 0, 0]}));
    assert_eq!(r.body["from_community"], false);
    let id = r.body["id"].as_str().unwrap().to_string();
    // Unique slug and GTIN.
    let taken = json!({"name": "Pesto", "slug": "baerlauch-pesto", "brand": "B", "category": "Sauces"});
    assert_problem(&app.post("/api/v1/products", Some(&team), taken).await, 422, Some("slug"));
    let reserved = json!({"name": "Pesto", "slug": "new", "brand": "B", "category": "Sauces"});
    assert_problem(&app.post("/api/v1/products", Some(&team), reserved).await, 422, Some("slug"));
    let twin = app
        .post("/api/v1/products", Some(&team), json!({"name": "Bärlauch Pesto", "brand": "B", "category": "Sauces"}))
        .await;
    assert_eq!(twin.body["slug"], "baerlauch-pesto-2", "a slug made from the name gets a number");
    let new =
        app.post("/api/v1/products", Some(&team), json!({"name": "New", "brand": "B", "category": "Sauces"})).await;
    assert_eq!(new.body["slug"], "new-product");
    let again = json!({"name": "Pesto 2", "brand": "B", "category": "Sauces", "gtin": "4006381333931"});
    assert_problem(&app.post("/api/v1/products", Some(&team), again).await, 422, Some("gtin"));
    // By id and by slug.
    assert_eq!(app.get(&format!("/api/v1/products/{id}"), None).await.body["name"], "Bärlauch Pesto");
    assert_eq!(app.get("/api/v1/products/baerlauch-pesto", None).await.body["id"], id.as_str());
    assert_problem(&app.get("/api/v1/products/no-such-thing", None).await, 404, None);
    // Edit; a member may not.
    assert_problem(
        &app.patch(&format!("/api/v1/products/{id}"), Some(&anna), json!({"available": false})).await,
        403,
        None,
    );
    let r = app.patch(&format!("/api/v1/products/{id}"), Some(&team), json!({"available": false, "gtin": ""})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["available"], false);
    assert_eq!(r.body["gtin"], Value::Null);
    // A product from a community idea links back to it, and the idea points at it.
    let idea = app.idea(&anna, None, "Wild garlic pesto in a jar").await;
    let p = app.product(&team, "Pesto from the community", json!({"idea_id": idea})).await;
    assert_eq!(p["from_community"], true);
    assert_eq!(p["idea"]["title"], "Wild garlic pesto in a jar");
    assert_eq!(p["idea"]["author"], "anna");
    assert_eq!(app.get(&format!("/api/v1/ideas/{idea}"), None).await.body["product"], "pesto-from-the-community");
    let page = app.client.get(format!("{}/ideas/{idea}", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(r#"href="/products/pesto-from-the-community""#), "the idea page links to its product");
    let bad = app
        .post(
            "/api/v1/products",
            Some(&team),
            json!({"name": "Nope", "brand": "B", "category": "C", "idea_id": "nope"}),
        )
        .await;
    assert_problem(&bad, 422, Some("idea_id"));
    // Lists filter by category, brand and community origin.
    app.product(&team, "Oat drink", json!({"category": "Drinks", "brand": "Alnatura"})).await;
    let all = app.get("/api/v1/products", None).await;
    assert_eq!(all.body["items"].as_array().unwrap().len(), 5);
    let names: Vec<&str> = all.body["items"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        vec!["Bärlauch Pesto", "Bärlauch Pesto", "New", "Oat drink", "Pesto from the community"],
        "name order ignores umlauts"
    );
    let drinks = app.get("/api/v1/products?category=Drinks", None).await;
    assert_eq!(drinks.body["items"].as_array().unwrap().len(), 1);
    assert!(all.body["categories"].as_array().unwrap().iter().any(|c| c["value"] == "Drinks" && c["count"] == 1));
    assert_eq!(app.get("/api/v1/products?brand=Alnatura", None).await.body["items"][0]["name"], "Oat drink");
    assert_eq!(app.get("/api/v1/products?from_ideas=true", None).await.body["items"].as_array().unwrap().len(), 1);
    assert_problem(&app.get("/api/v1/products?min_rating=7", None).await, 422, Some("min_rating"));
    assert_problem(&app.get("/api/v1/products?sort=price", None).await, 422, Some("sort"));
    // Paging by name.
    let page = app.get("/api/v1/products?limit=4", None).await;
    let next = page.body["next_cursor"].as_str().unwrap();
    let rest = app.get(&format!("/api/v1/products?limit=4&cursor={next}"), None).await;
    assert_eq!(rest.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(rest.body["next_cursor"], Value::Null);
}

async fn ratings_and_reviews(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let p = app.product(&team, "Rye bread", json!({})).await;
    let slug = p["slug"].as_str().unwrap();
    let anna = app.member("anna").await;
    let ben = app.member("ben").await;
    let chiara = app.member("chiara").await;
    let rate = |token: String, body: Value| {
        let path = format!("/api/v1/products/{slug}/rating");
        let app = &app;
        async move { app.call(reqwest::Method::PUT, &path, Some(&token), Some(body)).await }
    };
    assert_problem(&rate(anna.clone(), json!({"stars": 6})).await, 422, Some("stars"));
    assert_problem(&rate(anna.clone(), json!({"stars": 3, "title": "Only a title"})).await, 422, Some("body"));
    assert_problem(
        &app.call(reqwest::Method::PUT, &format!("/api/v1/products/{slug}/rating"), None, Some(json!({"stars": 3})))
            .await,
        401,
        None,
    );
    let r = rate(anna.clone(), json!({"stars": 5, "title": "Great", "body": "Best bread."})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["summary"], json!({"count": 1, "average": 5.0, "histogram": [0, 0, 0, 0, 1]}));
    let r = rate(ben.clone(), json!({"stars": 2, "body": "Too dry for me."})).await;
    assert_eq!(r.body["summary"]["histogram"], json!([0, 1, 0, 0, 1]));
    rate(chiara.clone(), json!({"stars": 4})).await;
    // Editing moves the rating, not the count.
    let r = rate(anna.clone(), json!({"stars": 4, "title": "Very good", "body": "Still great."})).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["created"], false);
    assert_eq!(r.body["summary"], json!({"count": 3, "average": 3.33, "histogram": [0, 1, 0, 2, 0]}));
    let product = app.get(&format!("/api/v1/products/{slug}"), Some(&anna)).await;
    assert_eq!(product.body["my_rating"]["stars"], 4);
    assert_eq!(product.body["rating"]["count"], 3);
    // Reviews are ratings with text; sorts and paging.
    let reviews = app.get(&format!("/api/v1/products/{slug}/ratings"), None).await;
    let items = reviews.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "chiara's star-only rating is not a review");
    assert_eq!(items[0]["author"]["handle"], "ben", "newest first");
    let lowest = app.get(&format!("/api/v1/products/{slug}/ratings?sort=lowest"), None).await;
    assert_eq!(lowest.body["items"][0]["stars"], 2);
    let highest = app.get(&format!("/api/v1/products/{slug}/ratings?sort=highest&limit=1"), None).await;
    assert_eq!(highest.body["items"][0]["stars"], 4);
    let cursor = highest.body["next_cursor"].as_str().unwrap();
    let second = app.get(&format!("/api/v1/products/{slug}/ratings?sort=highest&limit=1&cursor={cursor}"), None).await;
    assert_eq!(second.body["items"][0]["stars"], 2);
    assert_eq!(second.body["next_cursor"], Value::Null);
    assert_problem(&app.get(&format!("/api/v1/products/{slug}/ratings?sort=best"), None).await, 422, Some("sort"));
    // Helpful votes: once per member, never one's own.
    let anna_review =
        items.iter().find(|i| i["author"]["handle"] == "anna").unwrap()["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/reviews/{anna_review}/helpful");
    assert_problem(&app.put(&path, Some(&anna)).await, 403, None);
    for _ in 0..2 {
        let r = app.put(&path, Some(&ben)).await;
        assert_eq!(r.body, json!({"helpful": true, "helpful_count": 1}));
    }
    assert_eq!(app.put(&path, Some(&chiara)).await.body["helpful_count"], 2);
    let helpful = app.get(&format!("/api/v1/products/{slug}/ratings?sort=helpful"), Some(&ben)).await;
    assert_eq!(helpful.body["items"][0]["id"], anna_review.as_str());
    assert_eq!(helpful.body["items"][0]["found_helpful"], true);
    assert_eq!(app.delete(&path, Some(&ben)).await.body["helpful_count"], 1);
    // Removing a rating takes it out of the summary.
    let r = app.delete(&format!("/api/v1/products/{slug}/rating"), Some(&ben)).await;
    assert_eq!(r.body, json!({"count": 2, "average": 4.0, "histogram": [0, 0, 0, 2, 0]}));
    let r = app.delete(&format!("/api/v1/products/{slug}/rating"), Some(&ben)).await;
    assert_eq!(r.body["count"], 2, "removing twice changes nothing");
}

async fn review_moderation_moves_the_summary(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let moderator = app.staff("mod", Role::Moderator).await;
    let p = app.product(&team, "Cheese board", json!({})).await;
    let slug = p["slug"].as_str().unwrap();
    let anna = app.member("anna").await;
    let ben = app.member("ben").await;
    let r = app
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/products/{slug}/rating"),
            Some(&anna),
            Some(json!({"stars": 1, "body": "Buy this spam elsewhere!"})),
        )
        .await;
    let review = r.body["rating"]["id"].as_str().unwrap().to_string();
    app.call(reqwest::Method::PUT, &format!("/api/v1/products/{slug}/rating"), Some(&ben), Some(json!({"stars": 5})))
        .await;
    let r = app
        .post(
            "/api/v1/reports",
            Some(&ben),
            json!({"target_type": "review", "target_id": review, "reason": "Spam link"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_problem(
        &app.post(
            "/api/v1/reports",
            Some(&anna),
            json!({"target_type": "review", "target_id": review, "reason": "mine"}),
        )
        .await,
        403,
        None,
    );
    let queue = app.get("/api/v1/moderation/queue", Some(&moderator)).await;
    let item = queue.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["target_id"] == review.as_str())
        .expect("review in the queue")
        .clone();
    assert_eq!(item["kind"], "reported_review");
    assert_eq!(item["url"], format!("/products/{slug}#review-{review}"));
    let act =
        |action: &str| json!({"action": action, "target_type": "review", "target_id": review, "reason": "Spam review"});
    assert_eq!(app.post("/api/v1/moderation/actions", Some(&moderator), act("hide")).await.status, StatusCode::OK);
    let product = app.get(&format!("/api/v1/products/{slug}"), None).await;
    assert_eq!(
        product.body["rating"],
        json!({"count": 1, "average": 5.0, "histogram": [0, 0, 0, 0, 1]}),
        "a hidden review does not count"
    );
    let notes = app.get("/api/v1/notifications", Some(&anna)).await;
    let hidden_note = notes.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "moderation")
        .expect("the author hears of it")
        .clone();
    assert_eq!(hidden_note["data"]["url"], format!("/products/{slug}#review-{review}"));
    assert_eq!(
        app.get(&format!("/api/v1/products/{slug}/ratings"), None).await.body["items"].as_array().unwrap().len(),
        0
    );
    // Hiding twice subtracts once.
    app.post("/api/v1/moderation/actions", Some(&moderator), act("hide")).await;
    assert_eq!(app.get(&format!("/api/v1/products/{slug}"), None).await.body["rating"]["count"], 1);
    app.post("/api/v1/moderation/actions", Some(&moderator), act("restore")).await;
    let product = app.get(&format!("/api/v1/products/{slug}"), None).await;
    assert_eq!(product.body["rating"]["histogram"], json!([1, 0, 0, 0, 1]));
}

/// 32 members rate one product at once, then half of them change their rating
/// and a quarter remove theirs, all concurrently: the summary equals the sum.
async fn exact_summary_under_concurrency(backend: Backend) {
    let app = spawn_app_with(backend, |_| {}).await;
    let team = app.staff("team", Role::ProductTeam).await;
    let p = app.product(&team, "Popular product", json!({})).await;
    let path = format!("/api/v1/products/{}/rating", p["slug"].as_str().unwrap());
    let mut tokens = Vec::new();
    for i in 0..32 {
        tokens.push(app.member(&format!("rater{i}")).await);
    }
    let stars = |i: usize| (i % 5 + 1) as i64;
    let rounds = futures::future::join_all(tokens.iter().enumerate().map(|(i, t)| {
        let body = json!({"stars": stars(i), "body": format!("Review {i}")});
        app.call(reqwest::Method::PUT, &path, Some(t), Some(body))
    }))
    .await;
    assert!(
        rounds.iter().all(|r| r.status == StatusCode::CREATED),
        "{:?}",
        rounds.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    let summary =
        app.get(&format!("/api/v1/products/{}", p["id"].as_str().unwrap()), None).await.body["rating"].clone();
    assert_eq!(summary["count"], 32);
    assert_eq!(summary["histogram"], json!([7, 7, 6, 6, 6]));
    // Concurrently: raters 0..16 change to 5 stars (twice each), raters 24..32 remove theirs.
    let mut calls = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if i < 16 {
            for _ in 0..2 {
                calls.push(app.call(reqwest::Method::PUT, &path, Some(t), Some(json!({"stars": 5}))));
            }
        } else if i >= 24 {
            calls.push(app.call(reqwest::Method::DELETE, &path, Some(t), None));
        }
    }
    let results = futures::future::join_all(calls).await;
    assert!(
        results.iter().all(|r| r.status.is_success()),
        "{:?}",
        results.iter().map(|r| (r.status, r.body.clone())).collect::<Vec<_>>()
    );
    let mut expected = [0i64; 5];
    for i in 0..24 {
        let s = if i < 16 { 5 } else { stars(i) };
        expected[(s - 1) as usize] += 1;
    }
    let sum: i64 = expected.iter().enumerate().map(|(i, n)| (i as i64 + 1) * n).sum();
    let product = app.get(&format!("/api/v1/products/{}", p["id"].as_str().unwrap()), None).await;
    assert_eq!(product.body["rating"]["count"], 24);
    assert_eq!(product.body["rating"]["histogram"], json!(expected));
    let avg = (sum as f64 / 24.0 * 100.0).round() / 100.0;
    assert_eq!(product.body["rating"]["average"].as_f64(), Some(avg));
    // A PUT replaces the whole rating: the 16 edits carried no text, so 8 reviews remain.
    let listed = app.get(&format!("/api/v1/products/{}/ratings?limit=100", p["slug"].as_str().unwrap()), None).await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 8);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn exact_summary_under_concurrency_sqlite() {
    exact_summary_under_concurrency(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn exact_summary_under_concurrency_postgres() {
    exact_summary_under_concurrency(Backend::Postgres).await
}

/// Five low ratings within the window (threshold lowered to 5) raise one
/// alert, notify the product team and show on the product for them only.
async fn review_spike_alerts(backend: Backend) {
    let app = spawn_app_with(backend, |c| c.spike_min_low = 5).await;
    let team = app.staff("team", Role::ProductTeam).await;
    let p = app.product(&team, "Suddenly bad", json!({})).await;
    let path = format!("/api/v1/products/{}/rating", p["slug"].as_str().unwrap());
    let mut members = Vec::new();
    for i in 0..8 {
        members.push(app.member(&format!("unhappy{i}")).await);
    }
    for t in &members[..4] {
        app.call(reqwest::Method::PUT, &path, Some(t), Some(json!({"stars": 1}))).await;
    }
    assert_eq!(app.get("/api/v1/product-alerts", Some(&team)).await.body, json!([]), "four are not a spike");
    // The fifth and more arrive at once: exactly one alert.
    let rest = futures::future::join_all(
        members[4..].iter().map(|t| app.call(reqwest::Method::PUT, &path, Some(t), Some(json!({"stars": 2})))),
    )
    .await;
    assert!(rest.iter().all(|r| r.status == StatusCode::CREATED));
    let alerts = app.get("/api/v1/product-alerts", Some(&team)).await;
    assert_eq!(alerts.body.as_array().unwrap().len(), 1, "{:?}", alerts.body);
    assert_eq!(alerts.body[0]["kind"], "review_spike");
    assert!(alerts.body[0]["low_ratings"].as_i64().unwrap() >= 5);
    assert_eq!(alerts.body[0]["product_slug"], p["slug"]);
    let notes = app.get("/api/v1/notifications", Some(&team)).await;
    let spikes: Vec<&Value> =
        notes.body["items"].as_array().unwrap().iter().filter(|n| n["kind"] == "review_spike").collect();
    assert_eq!(spikes.len(), 1, "{:?}", notes.body);
    let product = app.get(&format!("/api/v1/products/{}", p["slug"].as_str().unwrap()), Some(&team)).await;
    assert_eq!(product.body["alerts"].as_array().unwrap().len(), 1);
    let as_member = app.get(&format!("/api/v1/products/{}", p["slug"].as_str().unwrap()), Some(&members[0])).await;
    assert!(as_member.body.get("alerts").is_none(), "members do not see alerts");
    assert_problem(&app.get("/api/v1/product-alerts", Some(&members[0])).await, 403, None);
    let id = alerts.body[0]["id"].as_str().unwrap();
    let r = app.post(&format!("/api/v1/product-alerts/{id}/resolve"), Some(&team), json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert!(r.body["resolved_at"].is_string());
    assert_eq!(app.get("/api/v1/product-alerts", Some(&team)).await.body, json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn review_spike_alerts_sqlite() {
    review_spike_alerts(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn review_spike_alerts_postgres() {
    review_spike_alerts(Backend::Postgres).await
}

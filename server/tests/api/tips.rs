use ideashelf::accounts::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{assert_code, assert_problem, TestApp};

backend_tests!(
    tips_are_written_edited_and_deleted_by_their_authors,
    helpful_marks_count_once,
    unmarking_takes_back_only_ones_own_mark
);

async fn tips_are_written_edited_and_deleted_by_their_authors(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let moderator = app.staff("mod", Role::Moderator).await;
    let p = app.product(&team, "Rye bread", json!({"category": "Bakery"})).await;
    let anna = app.member("anna").await;
    let ben = app.member("ben").await;
    let r =
        app.post("/api/v1/tips", Some(&anna), json!({"title": "Tip", "body": " ", "tags": ["ok", "not ok!"]})).await;
    assert_problem(&r, 422, Some("title"));
    assert_problem(&r, 422, Some("body"));
    assert_problem(&r, 422, Some("tags[1]"));
    let r = app
        .post(
            "/api/v1/tips",
            Some(&anna),
            json!({"title": "Keep bread fresh", "body": "Cut side down.", "product": "nope"}),
        )
        .await;
    assert_problem(&r, 422, Some("product"));
    assert_problem(&app.post("/api/v1/tips", None, json!({"title": "Keep bread fresh", "body": "x"})).await, 401, None);
    let r = app
        .post(
            "/api/v1/tips",
            Some(&anna),
            json!({"title": "Keep bread fresh", "body": "Cut side **down** <script>alert(1)</script>", "tags": ["#Brot", "vorrat"], "product": p["slug"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["tags"], json!(["brot", "vorrat"]));
    assert_eq!(r.body["product"]["name"], "Rye bread");
    assert!(!r.body["body_html"].as_str().unwrap().contains("<script"), "{}", r.body["body_html"]);
    assert_eq!(r.body["editable"], true);
    let id = r.body["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/tips/{id}");
    assert_eq!(app.get(&path, Some(&ben)).await.body["editable"], false);
    assert_code(&app.patch(&path, Some(&ben), json!({"title": "Mine now"})).await, 403, "not_author");
    let r = app.patch(&path, Some(&anna), json!({"title": "Keep rye bread fresh", "product": ""})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["title"], "Keep rye bread fresh");
    assert_eq!(r.body["product"], Value::Null);
    // Lists: by tag, by author, by product, newest first.
    app.post(
        "/api/v1/tips",
        Some(&ben),
        json!({"title": "Herbs in a glass", "body": "Like flowers.", "tags": ["vorrat"], "product": p["id"]}),
    )
    .await;
    let list = app.get("/api/v1/tips", None).await;
    assert_eq!(list.body["items"][0]["title"], "Herbs in a glass");
    assert_eq!(app.get("/api/v1/tips?tag=brot", None).await.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(app.get("/api/v1/tips?tag=vorrat", None).await.body["items"].as_array().unwrap().len(), 2);
    assert_eq!(app.get("/api/v1/tips?author=ben", None).await.body["items"][0]["title"], "Herbs in a glass");
    let by_product = app.get(&format!("/api/v1/tips?product={}", p["slug"].as_str().unwrap()), None).await;
    assert_eq!(by_product.body["items"].as_array().unwrap().len(), 1);
    assert_problem(&app.get("/api/v1/tips?sort=best", None).await, 422, Some("sort"));
    // Delete: not someone else's (but moderators may, audited).
    assert_problem(&app.delete(&path, Some(&ben)).await, 403, None);
    assert_eq!(app.delete(&path, Some(&anna)).await.status, StatusCode::NO_CONTENT);
    assert_problem(&app.get(&path, None).await, 404, None);
    let herbs = app.get("/api/v1/tips?author=ben", None).await.body["items"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(app.delete(&format!("/api/v1/tips/{herbs}"), Some(&moderator)).await.status, StatusCode::NO_CONTENT);
    let admin = app.staff("admin", Role::Admin).await;
    let audit = app.get("/api/v1/audit", Some(&admin)).await;
    assert!(audit.body["items"].as_array().unwrap().iter().any(|e| e["action"] == "tip.delete"), "{:?}", audit.body);
}

async fn helpful_marks_count_once(app: TestApp) {
    let anna = app.member("anna").await;
    let mut others = Vec::new();
    for i in 0..12 {
        others.push(app.member(&format!("reader{i}")).await);
    }
    let r =
        app.post("/api/v1/tips", Some(&anna), json!({"title": "Foam oat milk", "body": "Shake it in a jar."})).await;
    let id = r.body["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/tips/{id}/helpful");
    assert_code(&app.put(&path, Some(&anna)).await, 403, "own_content");
    // Every reader marks it twice, all at once: each counts once.
    let calls = others.iter().flat_map(|t| [app.put(&path, Some(t)), app.put(&path, Some(t))]);
    let results = futures::future::join_all(calls).await;
    assert!(
        results.iter().all(|r| r.status == StatusCode::OK),
        "{:?}",
        results.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    let tip = app.get(&format!("/api/v1/tips/{id}"), Some(&others[0])).await;
    assert_eq!(tip.body["helpful_count"], 12);
    assert_eq!(tip.body["found_helpful"], true);
    assert_eq!(app.delete(&path, Some(&others[0])).await.body, json!({"helpful": false, "helpful_count": 11}));
    assert_eq!(app.delete(&path, Some(&others[0])).await.body["helpful_count"], 11);
    let best = app.get("/api/v1/tips?sort=helpful", None).await;
    assert_eq!(best.body["items"][0]["helpful_count"], 11);
}

/// Unmarking (DELETE) takes back one's own mark, so it is no refusal: on one's own tip there is none to take
/// back (200, as idempotent), and a suspended member may (docs/ACCOUNTS.md) while marking is refused.
async fn unmarking_takes_back_only_ones_own_mark(app: TestApp) {
    let moderator = app.staff("mod", Role::Moderator).await;
    let anna = app.member("anna").await;
    let ben = app.member("ben").await;
    let r =
        app.post("/api/v1/tips", Some(&anna), json!({"title": "Foam oat milk", "body": "Shake it in a jar."})).await;
    let path = format!("/api/v1/tips/{}/helpful", r.body["id"].as_str().unwrap());
    assert_code(&app.put(&path, Some(&anna)).await, 403, "own_content");
    assert_eq!(app.delete(&path, Some(&anna)).await.body, json!({"helpful": false, "helpful_count": 0}));
    assert_eq!(app.put(&path, Some(&ben)).await.body["helpful_count"], 1);
    let suspend = json!({"action": "suspend", "target_type": "user", "target_id": "ben", "reason": "Vote buying"});
    assert_eq!(app.post("/api/v1/moderation/actions", Some(&moderator), suspend).await.status, StatusCode::OK);
    assert_code(&app.put(&path, Some(&ben)).await, 403, "suspended");
    assert_eq!(app.delete(&path, Some(&ben)).await.body, json!({"helpful": false, "helpful_count": 0}));
}

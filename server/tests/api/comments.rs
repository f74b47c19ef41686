use reqwest::StatusCode;
use serde_json::json;

use crate::backend_tests;
use crate::helpers::{assert_problem, TestApp};

backend_tests!(comments_and_replies, comment_errors);

async fn comments_and_replies(app: TestApp) {
    let anna = app.member("anna").await;
    let ben = app.member("ben").await;
    let id = app.idea(&anna, None, "Discussed idea").await;
    let path = format!("/api/v1/ideas/{id}/comments");
    let c1 = app.post(&path, Some(&ben), json!({"body": "Love it **a lot**"})).await;
    assert_eq!(c1.status, StatusCode::CREATED, "{:?}", c1.body);
    assert_eq!(c1.body["author"]["handle"], "ben");
    assert_eq!(c1.body["idea_id"], id.as_str());
    assert!(c1.body["parent_id"].is_null());
    assert!(c1.body["body_html"].as_str().unwrap().contains("<strong>a lot</strong>"));
    let c1_id = c1.body["id"].as_str().unwrap();
    let reply = app.post(&path, Some(&anna), json!({"body": "Thanks!", "parent_id": c1_id})).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.body["parent_id"], c1_id);
    let c2 = app.post(&path, Some(&anna), json!({"body": "Second thread"})).await;
    // One level only: a reply to a reply is refused.
    let deep = app.post(&path, Some(&ben), json!({"body": "deeper", "parent_id": reply.body["id"]})).await;
    assert_problem(&deep, 422, Some("parent_id"));
    let list = app.get(&path, None).await;
    let items = list.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["id"], c1_id);
    assert_eq!(items[0]["replies"][0]["body"], "Thanks!");
    assert_eq!(items[1]["id"], c2.body["id"]);
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.body["comments"], 3);
    // The author edits within 15 minutes; nobody else does.
    let edit = app.patch(&format!("/api/v1/comments/{c1_id}"), Some(&ben), json!({"body": "Love it even more"})).await;
    assert_eq!(edit.status, StatusCode::OK, "{:?}", edit.body);
    assert_eq!(edit.body["body"], "Love it even more");
    assert!(edit.body["edited_at"].is_string());
    assert_problem(
        &app.patch(&format!("/api/v1/comments/{c1_id}"), Some(&anna), json!({"body": "x"})).await,
        403,
        None,
    );
}

async fn comment_errors(app: TestApp) {
    let anna = app.member("anna").await;
    let id = app.idea(&anna, None, "Quiet idea").await;
    let path = format!("/api/v1/ideas/{id}/comments");
    assert_problem(&app.post(&path, Some(&anna), json!({"body": "   "})).await, 422, Some("body"));
    assert_problem(&app.post(&path, None, json!({"body": "hi"})).await, 401, None);
    assert_problem(
        &app.post(&path, Some(&anna), json!({"body": "hi", "parent_id": "nope"})).await,
        422,
        Some("parent_id"),
    );
    assert_problem(
        &app.post("/api/v1/ideas/0190f3a4-1111-7aaa-8bbb-0123456789ab/comments", Some(&anna), json!({"body": "hi"}))
            .await,
        404,
        None,
    );
}

use reqwest::StatusCode;
use serde_json::json;

use crate::backend_tests;
use crate::helpers::{assert_code, assert_problem, TestApp};

backend_tests!(comments_and_replies, comment_errors, deleting_comments_keeps_threads);

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

/// Members delete their own comments: one with replies stays as a placeholder keeping the thread, one
/// without goes; the idea's count stays exact. Moderators remove others' comments by hiding them with a
/// reason (audited).
async fn deleting_comments_keeps_threads(app: TestApp) {
    let anna = app.member("anna").await;
    let ben = app.member("ben").await;
    let moderator = app.staff("mod", ideashelf::accounts::Role::Moderator).await;
    let id = app.idea(&anna, None, "Threads stay").await;
    let path = format!("/api/v1/ideas/{id}/comments");
    let count = async || app.get(&format!("/api/v1/ideas/{id}"), None).await.body["comments"].clone();
    let lone = app.post(&path, Some(&ben), json!({"body": "Lonely"})).await.body["id"].as_str().unwrap().to_string();
    let top = app.post(&path, Some(&ben), json!({"body": "Top"})).await.body["id"].as_str().unwrap().to_string();
    let reply = app.post(&path, Some(&anna), json!({"body": "Reply", "parent_id": top})).await;
    let reply = reply.body["id"].as_str().unwrap().to_string();
    assert_eq!(count().await, 3);
    // Only the author deletes; nobody else, not even a moderator (they hide with a reason).
    assert_code(&app.delete(&format!("/api/v1/comments/{top}"), Some(&anna)).await, 403, "not_author");
    assert_code(&app.delete(&format!("/api/v1/comments/{top}"), Some(&moderator)).await, 403, "not_author");
    assert_problem(&app.delete(&format!("/api/v1/comments/{top}"), None).await, 401, None);
    // Without replies: gone.
    assert_eq!(app.delete(&format!("/api/v1/comments/{lone}"), Some(&ben)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(count().await, 2);
    assert_problem(&app.delete(&format!("/api/v1/comments/{lone}"), Some(&ben)).await, 404, None);
    // With a reply: a placeholder without text or author, the reply still under it.
    assert_eq!(app.delete(&format!("/api/v1/comments/{top}"), Some(&ben)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(count().await, 1);
    let list = app.get(&path, None).await;
    let items = list.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{:?}", list.body);
    assert_eq!(items[0]["deleted"], true);
    assert_eq!(items[0]["body"], "");
    assert_ne!(items[0]["author"]["handle"], "ben");
    assert_eq!(items[0]["replies"][0]["body"], "Reply");
    // A placeholder is not edited or deleted again.
    assert_problem(
        &app.patch(&format!("/api/v1/comments/{top}"), Some(&ben), json!({"body": "Back"})).await,
        404,
        None,
    );
    // The last reply goes, and the placeholder with it.
    assert_eq!(app.delete(&format!("/api/v1/comments/{reply}"), Some(&anna)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(count().await, 0);
    assert!(app.get(&path, None).await.body["items"].as_array().unwrap().is_empty());
    // A moderator removes a member's comment with a reason, which the audit log keeps.
    let rude = app.post(&path, Some(&ben), json!({"body": "Rude"})).await.body["id"].as_str().unwrap().to_string();
    let hide = json!({"action": "hide", "target_type": "comment", "target_id": rude, "reason": ""});
    assert_problem(&app.post("/api/v1/moderation/actions", Some(&moderator), hide).await, 422, Some("reason"));
    let hide = json!({"action": "hide", "target_type": "comment", "target_id": rude, "reason": "Insults"});
    assert_eq!(app.post("/api/v1/moderation/actions", Some(&moderator), hide).await.status, StatusCode::OK);
    let log = app.get("/api/v1/audit?action=moderation.hide", Some(&moderator)).await;
    assert_eq!(log.status, StatusCode::OK, "{:?}", log.body);
    assert_eq!(log.body["items"][0]["target_id"], rude.as_str());
    assert_eq!(log.body["items"][0]["reason"], "Insults");
}

//! Notifications: written with the event, listed, marked read.

use ideashelf::accounts::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::backend_tests;
use crate::helpers::{assert_problem, TestApp};

backend_tests!(comments_and_replies_notify, status_changes_fan_out_to_every_supporter);

async fn comments_and_replies_notify(app: TestApp) {
    let author = app.member("author").await;
    let ben = app.member("ben").await;
    let cleo = app.member("cleo").await;
    let id = app.idea(&author, None, "Talked about").await;
    let path = format!("/api/v1/ideas/{id}/comments");
    let c = app.post(&path, Some(&ben), json!({"body": "Great"})).await;
    app.post(&path, Some(&cleo), json!({"body": "Agreed", "parent_id": c.body["id"]})).await;
    app.post(&path, Some(&author), json!({"body": "Thanks all"})).await;
    let n = app.get("/api/v1/notifications", Some(&author)).await;
    assert_eq!(n.body["unread"], 3);
    let kinds: Vec<&str> = n.body["items"].as_array().unwrap().iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        vec!["comment", "comment", "badge_awarded"],
        "newest first; the idea earned the first-idea badge"
    );
    let ben_n = app.get("/api/v1/notifications", Some(&ben)).await;
    assert_eq!(ben_n.body["items"][0]["kind"], "reply");
    assert_eq!(ben_n.body["items"][0]["data"]["actor"], "cleo");
    // Mark one read, then all.
    let first = n.body["items"][0]["id"].as_i64().unwrap();
    let r = app.post("/api/v1/notifications/read", Some(&author), json!({"ids": [first]})).await;
    assert_eq!(r.body["unread"], 2);
    let unread = app.get("/api/v1/notifications?unread=true", Some(&author)).await;
    assert_eq!(unread.body["items"].as_array().unwrap().len(), 2);
    assert_eq!(app.post("/api/v1/notifications/read", Some(&author), json!({"all": true})).await.body["unread"], 0);
    assert_problem(&app.post("/api/v1/notifications/read", Some(&author), json!({})).await, 422, Some("ids"));
    assert_problem(&app.get("/api/v1/notifications", None).await, 401, None);
    // Nobody reads another member's notifications: ids of others change nothing.
    let r = app.post("/api/v1/notifications/read", Some(&cleo), json!({"ids": [first]})).await;
    assert_eq!(r.status, StatusCode::OK);
}

async fn status_changes_fan_out_to_every_supporter(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let author = app.member("author").await;
    let id = app.idea(&author, None, "Fan-out idea").await;
    let mut fans = Vec::new();
    for i in 0..20 {
        let t = app.member(&format!("fan{i}")).await;
        app.put(&format!("/api/v1/ideas/{id}/support"), Some(&t)).await;
        fans.push(t);
    }
    let r = app
        .post(
            &format!("/api/v1/ideas/{id}/transitions"),
            Some(&team),
            json!({"to": "in_review", "note": "Looking at it"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    for t in &fans {
        let n = app.get("/api/v1/notifications", Some(t)).await;
        assert_eq!(n.body["unread"], 1);
        assert_eq!(n.body["items"][0]["data"]["note"], "Looking at it");
        assert_eq!(n.body["items"][0]["idea_id"], id.as_str());
    }
}

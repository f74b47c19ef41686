use ideashelf::accounts::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::backend_tests;
use crate::helpers::{assert_code, assert_problem, TestApp};

backend_tests!(
    support_and_withdraw_are_idempotent,
    support_rules,
    budget_mode_limits_supports,
    closed_challenges_refuse_supports
);

async fn support_and_withdraw_are_idempotent(app: TestApp) {
    let anna = app.member("anna").await;
    let ben = app.member("ben").await;
    let id = app.idea(&anna, None, "Supported idea").await;
    let path = format!("/api/v1/ideas/{id}/support");
    for _ in 0..2 {
        let r = app.put(&path, Some(&ben)).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(r.body["supported"], true);
        assert_eq!(r.body["supports"], 1);
    }
    let idea = app.get(&format!("/api/v1/ideas/{id}"), Some(&ben)).await;
    assert_eq!(idea.body["supports"], 1);
    assert_eq!(idea.body["supported"], true);
    for _ in 0..2 {
        let r = app.delete(&path, Some(&ben)).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(r.body["supported"], false);
        assert_eq!(r.body["supports"], 0);
    }
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.body["supports"], 0);
    assert_problem(&app.put(&path, None).await, 401, None);
    assert_problem(&app.put("/api/v1/ideas/0190f3a4-1111-7aaa-8bbb-0123456789ab/support", Some(&ben)).await, 404, None);
}

async fn support_rules(app: TestApp) {
    let anna = app.member("anna").await;
    let id = app.idea(&anna, None, "My own idea").await;
    let r = app.put(&format!("/api/v1/ideas/{id}/support"), Some(&anna)).await;
    assert_code(&r, 403, "own_idea");
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.body["supports"], 0);
}

async fn budget_mode_limits_supports(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    app.open_challenge(&team, "budgeted", json!({"vote_mode": "budget", "vote_budget": 2})).await;
    let author = app.member("author").await;
    let voter = app.member("voter").await;
    let ideas: Vec<String> = {
        let mut v = Vec::new();
        for i in 0..3 {
            v.push(app.idea(&author, Some("budgeted"), &format!("Budget idea {i}")).await);
        }
        v
    };
    let r = app.put(&format!("/api/v1/ideas/{}/support", ideas[0]), Some(&voter)).await;
    assert_eq!(r.body["budget_left"], 1);
    let r = app.put(&format!("/api/v1/ideas/{}/support", ideas[1]), Some(&voter)).await;
    assert_eq!(r.body["budget_left"], 0);
    // Supporting the same idea again costs nothing.
    assert_eq!(app.put(&format!("/api/v1/ideas/{}/support", ideas[1]), Some(&voter)).await.status, StatusCode::OK);
    let r = app.put(&format!("/api/v1/ideas/{}/support", ideas[2]), Some(&voter)).await;
    assert_code(&r, 409, "budget_used_up");
    assert_eq!(
        app.get(&format!("/api/v1/ideas/{}", ideas[2]), None).await.body["supports"],
        0,
        "a refused support leaves no trace"
    );
    // Withdrawing frees one.
    let r = app.delete(&format!("/api/v1/ideas/{}/support", ideas[0]), Some(&voter)).await;
    assert_eq!(r.body["budget_left"], 1);
    let r = app.put(&format!("/api/v1/ideas/{}/support", ideas[2]), Some(&voter)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["supports"], 1);
    // The budget is per challenge: the open board is unaffected.
    let board = app.idea(&author, None, "Board idea").await;
    assert_eq!(app.put(&format!("/api/v1/ideas/{board}/support"), Some(&voter)).await.status, StatusCode::OK);
}

async fn closed_challenges_refuse_supports(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    app.open_challenge(&team, "closing", json!({})).await;
    let author = app.member("author").await;
    let early = app.member("early").await;
    let late = app.member("late").await;
    let id = app.idea(&author, Some("closing"), "Soon closed").await;
    assert_eq!(app.put(&format!("/api/v1/ideas/{id}/support"), Some(&early)).await.status, StatusCode::OK);
    let now = chrono::Utc::now();
    let r = app
        .patch(
            "/api/v1/challenges/closing",
            Some(&team),
            json!({"closes_at": (now - chrono::Duration::seconds(1)).to_rfc3339(),
                "opens_at": (now - chrono::Duration::days(2)).to_rfc3339()}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["state"], "closed");
    assert_code(&app.put(&format!("/api/v1/ideas/{id}/support"), Some(&late)).await, 409, "challenge_closed");
    assert_code(&app.delete(&format!("/api/v1/ideas/{id}/support"), Some(&early)).await, 409, "challenge_closed");
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.body["supports"], 1);
}

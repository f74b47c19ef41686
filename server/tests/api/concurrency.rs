//! Exact under concurrency, on both backends: no lost or doubled supports,
//! budgets that hold.

use diesel::prelude::*;
use futures::future::join_all;
use ideashelf::accounts::Role;
use ideashelf::db::schema::supports;
use reqwest::StatusCode;
use serde_json::json;

use crate::backend_tests;
use crate::helpers::TestApp;

backend_tests!(
    concurrent_supports_from_distinct_members,
    concurrent_budget_attempts_by_one_member,
    concurrent_repeats_count_once
);

async fn support_rows(app: &TestApp, idea: &str) -> i64 {
    let idea = idea.to_string();
    app.db
        .run(move |conn| Ok(supports::table.filter(supports::idea_id.eq(idea)).count().get_result::<i64>(conn)?))
        .await
        .unwrap()
}

async fn concurrent_supports_from_distinct_members(app: TestApp) {
    let author = app.member("author").await;
    let id = app.idea(&author, None, "Popular idea").await;
    let tokens = join_all((0..32).map(|i| {
        let app = &app;
        async move { app.member(&format!("fan{i}")).await }
    }))
    .await;
    let path = format!("/api/v1/ideas/{id}/support");
    let results = join_all(tokens.iter().map(|t| app.put(&path, Some(t)))).await;
    for r in &results {
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    }
    let counts: std::collections::HashSet<i64> = results.iter().map(|r| r.body["supports"].as_i64().unwrap()).collect();
    assert_eq!(counts.len(), 32, "each support saw a distinct count: {counts:?}");
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.body["supports"], 32);
    assert_eq!(support_rows(&app, &id).await, 32);
    // And 32 concurrent withdrawals bring it back to zero.
    let results = join_all(tokens.iter().map(|t| app.delete(&path, Some(t)))).await;
    assert!(results.iter().all(|r| r.status == StatusCode::OK));
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.body["supports"], 0);
    assert_eq!(support_rows(&app, &id).await, 0);
}

async fn concurrent_budget_attempts_by_one_member(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    app.open_challenge(&team, "tight-budget", json!({"vote_mode": "budget", "vote_budget": 10})).await;
    let author = app.member("author").await;
    let voter = app.member("voter").await;
    let ideas = join_all((0..50).map(|i| {
        let (app, author) = (&app, &author);
        async move { app.idea(author, Some("tight-budget"), &format!("Budget idea number {i}")).await }
    }))
    .await;
    let results = join_all(ideas.iter().map(|id| {
        let path = format!("/api/v1/ideas/{id}/support");
        let (app, voter) = (&app, &voter);
        async move { app.put(&path, Some(voter)).await }
    }))
    .await;
    let accepted = results.iter().filter(|r| r.status == StatusCode::OK).count();
    let refused = results.iter().filter(|r| r.status == StatusCode::CONFLICT).count();
    assert_eq!((accepted, refused), (10, 40), "{:?}", results.iter().map(|r| r.status).collect::<Vec<_>>());
    let total: i64 = {
        let mut n = 0;
        for id in &ideas {
            n += support_rows(&app, id).await;
        }
        n
    };
    assert_eq!(total, 10, "exactly the accepted supports were stored");
    let listed: i64 = app.get("/api/v1/ideas?challenge=tight-budget&limit=100", None).await.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["supports"].as_i64().unwrap())
        .sum();
    assert_eq!(listed, 10, "the counts on the ideas agree");
}

async fn concurrent_repeats_count_once(app: TestApp) {
    let author = app.member("author").await;
    let fan = app.member("fan").await;
    let id = app.idea(&author, None, "Clicked many times").await;
    let path = format!("/api/v1/ideas/{id}/support");
    let results = join_all((0..20).map(|_| app.put(&path, Some(&fan)))).await;
    assert!(results.iter().all(|r| r.status == StatusCode::OK && r.body["supports"] == 1), "{results:?}");
    assert_eq!(support_rows(&app, &id).await, 1);
    let results = join_all((0..20).map(|_| app.delete(&path, Some(&fan)))).await;
    assert!(results.iter().all(|r| r.status == StatusCode::OK && r.body["supports"] == 0), "{results:?}");
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.body["supports"], 0);
}

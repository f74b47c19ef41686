use ideashelf::accounts::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::backend_tests;
use crate::helpers::{assert_problem, TestApp};

backend_tests!(product_team_creates_and_edits_challenges, challenge_validation, phases_follow_dates);

async fn product_team_creates_and_edits_challenges(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let member = app.member("mia").await;
    let c = app.open_challenge(&team, "summer-snacks", json!({"vote_mode": "budget", "vote_budget": 3})).await;
    assert_eq!(c["slug"], "summer-snacks");
    assert_eq!(c["state"], "open");
    assert_eq!(c["vote_mode"], "budget");
    assert_eq!(c["vote_budget"], 3);
    assert_eq!(c["support_threshold"], 100);
    assert!(c["brief_html"].as_str().unwrap().contains("<strong>everything</strong>"));
    // By slug and by id.
    let id = c["id"].as_str().unwrap();
    assert_eq!(app.get("/api/v1/challenges/summer-snacks", None).await.body["id"], id);
    assert_eq!(app.get(&format!("/api/v1/challenges/{id}"), None).await.body["slug"], "summer-snacks");
    assert_problem(&app.get("/api/v1/challenges/nothing-here", None).await, 404, None);
    // Members may not create or edit.
    let now = chrono::Utc::now();
    let valid = json!({"slug": "members-own", "title": "Mine", "opens_at": now.to_rfc3339(),
                       "closes_at": (now + chrono::Duration::days(1)).to_rfc3339(), "support_threshold": 10});
    assert_problem(&app.post("/api/v1/challenges", Some(&member), valid).await, 403, None);
    assert_problem(
        &app.patch("/api/v1/challenges/summer-snacks", Some(&member), json!({"title": "Mine now"})).await,
        403,
        None,
    );
    // Edit.
    let r = app
        .patch(
            "/api/v1/challenges/summer-snacks",
            Some(&team),
            json!({"title": "Summer snacks 2026", "support_threshold": 250}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["title"], "Summer snacks 2026");
    assert_eq!(r.body["support_threshold"], 250);
    assert_eq!(r.body["vote_budget"], 3, "untouched fields stay");
    // Slug taken.
    let dup = app
        .post(
            "/api/v1/challenges",
            Some(&team),
            json!({"slug": "summer-snacks", "title": "Again", "opens_at": now.to_rfc3339(),
                   "closes_at": (now + chrono::Duration::days(1)).to_rfc3339(), "support_threshold": 10}),
        )
        .await;
    assert_problem(&dup, 422, Some("slug"));
    // Once supports exist the vote mode is frozen.
    let author = app.member("author1").await;
    let idea = app.idea(&author, Some("summer-snacks"), "Frozen yoghurt bites").await;
    assert_eq!(app.put(&format!("/api/v1/ideas/{idea}/support"), Some(&member)).await.status, StatusCode::OK);
    assert_problem(
        &app.patch("/api/v1/challenges/summer-snacks", Some(&team), json!({"vote_mode": "support"})).await,
        409,
        None,
    );
    // The list shows it with its idea count.
    let list = app.get("/api/v1/challenges?state=open", None).await;
    assert_eq!(list.body["items"][0]["slug"], "summer-snacks");
    assert_eq!(list.body["items"][0]["ideas"], 1);
}

async fn challenge_validation(app: TestApp) {
    let team = app.staff("team", Role::Admin).await;
    let now = chrono::Utc::now();
    let r = app
        .post(
            "/api/v1/challenges",
            Some(&team),
            json!({"slug": "Bad Slug", "title": "", "opens_at": now.to_rfc3339(), "closes_at": now.to_rfc3339(),
                   "support_threshold": 0, "vote_mode": "budget"}),
        )
        .await;
    for f in ["slug", "title", "closes_at", "support_threshold", "vote_budget"] {
        assert_problem(&r, 422, Some(f));
    }
    let r = app
        .post(
            "/api/v1/challenges",
            Some(&team),
            json!({"slug": "ok-slug", "title": "Fine", "opens_at": "yesterday",
               "closes_at": now.to_rfc3339(), "support_threshold": 5}),
        )
        .await;
    assert_problem(&r, 422, Some("opens_at"));
    assert_problem(&app.get("/api/v1/challenges?state=soon", None).await, 422, Some("state"));
    assert_problem(&app.get("/api/v1/challenges?limit=0", None).await, 422, Some("limit"));
    assert_problem(&app.get("/api/v1/challenges?cursor=zzz", None).await, 422, Some("cursor"));
}

async fn phases_follow_dates(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let now = chrono::Utc::now();
    for (slug, open, close) in [("past-one", -20, -10), ("now-one", -1, 10), ("future-one", 5, 10)] {
        let r = app
            .post(
                "/api/v1/challenges",
                Some(&team),
                json!({"slug": slug, "title": slug, "opens_at": (now + chrono::Duration::days(open)).to_rfc3339(),
                       "closes_at": (now + chrono::Duration::days(close)).to_rfc3339(), "support_threshold": 10}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    for (state, slug) in [("closed", "past-one"), ("open", "now-one"), ("upcoming", "future-one")] {
        let r = app.get(&format!("/api/v1/challenges?state={state}"), None).await;
        let items = r.body["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{state}: {items:?}");
        assert_eq!(items[0]["slug"], slug);
        assert_eq!(items[0]["state"], state);
    }
    // Ideas only go to open challenges.
    let m = app.member("member").await;
    for slug in ["past-one", "future-one"] {
        let r = app.post("/api/v1/ideas", Some(&m), json!({"challenge_id": slug, "title": "Too late or early"})).await;
        assert_problem(&r, 409, None);
    }
    // Paging over all three, two at a time.
    let p1 = app.get("/api/v1/challenges?limit=2", None).await;
    assert_eq!(p1.body["items"].as_array().unwrap().len(), 2);
    let cursor = p1.body["next_cursor"].as_str().unwrap();
    let p2 = app.get(&format!("/api/v1/challenges?limit=2&cursor={cursor}"), None).await;
    assert_eq!(p2.body["items"].as_array().unwrap().len(), 1);
    assert!(p2.body["next_cursor"].is_null());
}

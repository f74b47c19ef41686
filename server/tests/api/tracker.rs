//! From idea to shelf: every transition path end to end, system moves included.

use std::process::Command;

use futures::future::join_all;
use ideashelf::accounts::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{assert_code, assert_problem, TestApp};

backend_tests!(
    from_submission_to_shelf,
    declines_carry_a_structured_reason,
    rejected_ideas_are_fixed_and_resubmitted,
    the_deciding_concurrent_support_moves_once,
    tiers_extend_deadlines_and_the_expiry_job,
    creator_updates_notify_supporters,
    the_roadmap_lists_ideas_by_state,
);

async fn move_to(app: &TestApp, token: &str, id: &str, body: Value) -> crate::helpers::Resp {
    app.post(&format!("/api/v1/ideas/{id}/transitions"), Some(token), body).await
}

async fn timeline(app: &TestApp, id: &str) -> Vec<Value> {
    app.get(&format!("/api/v1/ideas/{id}/timeline"), None).await.body["items"].as_array().unwrap().clone()
}

/// A member's notifications about ideas (badges, tested in points.rs, left out).
async fn notifications(app: &TestApp, token: &str) -> Vec<Value> {
    let all = app.get("/api/v1/notifications?limit=100", Some(token)).await.body["items"].as_array().unwrap().clone();
    all.into_iter().filter(|n| n["kind"] != "badge_awarded").collect()
}

async fn from_submission_to_shelf(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let moderator = app.staff("mod", Role::Moderator).await;
    let admin = app.staff("boss", Role::Admin).await;
    app.open_challenge(
        &team,
        "curated",
        json!({"premoderation": true, "support_tiers": [{"supports": 2, "days": 10}], "support_threshold": null}),
    )
    .await;
    let author = app.member("author").await;
    let fans = [app.member("fan_one").await, app.member("fan_two").await, app.member("fan_three").await];
    let id = app.idea(&author, Some("curated"), "Chocolate with sea salt").await;
    // Pre-moderated: pending, seen by the author and moderators only.
    let idea = app.get(&format!("/api/v1/ideas/{id}"), Some(&author)).await;
    assert_eq!(idea.body["status"], "pending");
    assert_eq!(idea.body["support_threshold"], 2);
    assert_problem(&app.get(&format!("/api/v1/ideas/{id}"), Some(&fans[0])).await, 404, None);
    assert!(app.get("/api/v1/ideas", None).await.body["items"].as_array().unwrap().is_empty());
    assert_problem(&app.put(&format!("/api/v1/ideas/{id}/support"), Some(&fans[0])).await, 404, None);
    // A member cannot publish; the product team may not either; a moderator does.
    assert_problem(&move_to(&app, &fans[0], &id, json!({"to": "gathering_support"})).await, 404, None);
    assert_problem(&move_to(&app, &team, &id, json!({"to": "gathering_support"})).await, 403, None);
    let r = move_to(&app, &moderator, &id, json!({"to": "gathering_support", "note": "Welcome!"})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["status"], "gathering_support");
    assert!(r.body["deadline"].is_string(), "the first tier's clock runs");
    // Illegal: 409 naming the allowed moves.
    let r = move_to(&app, &team, &id, json!({"to": "approved"})).await;
    assert_code(&r, 409, "illegal_move");
    let allowed: Vec<&str> = r.body["allowed"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(allowed.contains(&"in_review") && allowed.contains(&"expired"), "{allowed:?}");
    assert_problem(&move_to(&app, &team, &id, json!({"to": "flying"})).await, 422, Some("to"));
    // Two supports reach the final tier: the system sends it to review at once.
    assert_eq!(app.put(&format!("/api/v1/ideas/{id}/support"), Some(&fans[0])).await.body["supports"], 1);
    let r = app.put(&format!("/api/v1/ideas/{id}/support"), Some(&fans[1])).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["supports"], 2);
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.body["status"], "in_review");
    // Supports are only accepted while gathering; the author's edits are locked.
    assert_problem(&app.put(&format!("/api/v1/ideas/{id}/support"), Some(&fans[2])).await, 409, None);
    assert_problem(
        &app.patch(&format!("/api/v1/ideas/{id}"), Some(&author), json!({"title": "Changed my mind"})).await,
        409,
        None,
    );
    // The product team takes it to the shelf; a moderator may not.
    assert_code(&move_to(&app, &moderator, &id, json!({"to": "approved"})).await, 403, "move_not_permitted");
    for to in ["approved", "in_development", "in_production"] {
        let r = move_to(&app, &team, &id, json!({"to": to, "note": format!("Now {to}")})).await;
        assert_eq!(r.status, StatusCode::OK, "{to}: {:?}", r.body);
        assert_eq!(r.body["status"], to);
    }
    let r = move_to(&app, &admin, &id, json!({"to": "on_shelf", "product": "sea-salt-chocolate"})).await;
    assert_eq!(r.body["status"], "on_shelf");
    assert_eq!(r.body["product"], "sea-salt-chocolate");
    assert_problem(&move_to(&app, &admin, &id, json!({"to": "in_review"})).await, 409, None);
    // The timeline: every event in order, with who made it.
    let events = timeline(&app, &id).await;
    let steps: Vec<(Option<&str>, &str, &str)> = events
        .iter()
        .map(|e| (e["from"].as_str(), e["to"].as_str().unwrap(), e["actor"]["role"].as_str().unwrap()))
        .collect();
    assert_eq!(
        steps,
        vec![
            (None, "pending", "author"),
            (Some("pending"), "gathering_support", "moderator"),
            (Some("gathering_support"), "in_review", "system"),
            (Some("in_review"), "approved", "product_team"),
            (Some("approved"), "in_development", "product_team"),
            (Some("in_development"), "in_production", "product_team"),
            (Some("in_production"), "on_shelf", "admin"),
        ]
    );
    assert_eq!(events[1]["actor"]["handle"], "mod");
    assert_eq!(events[1]["note"], "Welcome!");
    assert!(events[2]["actor"]["handle"].is_null());
    // The author heard of every step; the supporters of every change after they supported.
    let author_kinds: Vec<String> =
        notifications(&app, &author).await.iter().map(|n| n["kind"].as_str().unwrap().to_string()).collect();
    assert_eq!(author_kinds.iter().filter(|k| *k == "status_changed").count(), 5, "{author_kinds:?}");
    assert_eq!(author_kinds.iter().filter(|k| *k == "moderation").count(), 1);
    assert_eq!(author_kinds.iter().filter(|k| *k == "tier_reached").count(), 1);
    let fan_notes = notifications(&app, &fans[0]).await;
    assert_eq!(fan_notes.len(), 5, "in_review, approved, in_development, in_production, on_shelf");
    assert!(notifications(&app, &fans[2]).await.is_empty());
    // Staff actions are in the audit log.
    let audit = app.get("/api/v1/audit?limit=100", Some(&admin)).await;
    assert_eq!(audit.body["items"].as_array().unwrap().len(), 5);
    // Moderators read it too; members do not.
    assert_eq!(app.get("/api/v1/audit?limit=100", Some(&moderator)).await.body["items"].as_array().unwrap().len(), 5);
    assert_code(&app.get("/api/v1/audit", Some(&fans[0])).await, 403, "moderators_only");
}

async fn declines_carry_a_structured_reason(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let author = app.member("author").await;
    let id = app.idea(&author, None, "Glow in the dark bricks").await;
    assert_eq!(move_to(&app, &team, &id, json!({"to": "in_review"})).await.status, StatusCode::OK);
    assert_problem(&move_to(&app, &team, &id, json!({"to": "declined"})).await, 422, Some("reason"));
    assert_problem(
        &move_to(&app, &team, &id, json!({"to": "declined", "reason": "boring"})).await,
        422,
        Some("reason"),
    );
    let r = move_to(
        &app,
        &team,
        &id,
        json!({"to": "declined", "reason": "licensing", "note": "We cannot license this theme."}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["status"], "declined");
    assert_eq!(r.body["status_reason"], "licensing");
    assert_eq!(r.body["status_note"], "We cannot license this theme.");
    let last = timeline(&app, &id).await.pop().unwrap();
    assert_eq!(last["reason"], "licensing");
    let notes = notifications(&app, &author).await;
    assert_eq!(notes[0]["data"]["to"], "declined");
    assert_eq!(notes[0]["data"]["reason"], "licensing");
}

async fn rejected_ideas_are_fixed_and_resubmitted(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let moderator = app.staff("mod", Role::Moderator).await;
    app.open_challenge(&team, "curated", json!({"premoderation": true})).await;
    let author = app.member("author").await;
    let id = app.idea(&author, Some("curated"), "Idea with a phone number").await;
    assert_problem(&move_to(&app, &moderator, &id, json!({"to": "rejected"})).await, 422, Some("reason"));
    let r =
        move_to(&app, &moderator, &id, json!({"to": "rejected", "reason": "Please remove your phone number."})).await;
    assert_eq!(r.body["status"], "rejected");
    let seen = app.get(&format!("/api/v1/ideas/{id}"), Some(&author)).await;
    assert_eq!(seen.body["status_reason"], "Please remove your phone number.");
    assert_eq!(notifications(&app, &author).await[0]["kind"], "moderation");
    // The author fixes it and resubmits.
    assert_eq!(
        app.patch(&format!("/api/v1/ideas/{id}"), Some(&author), json!({"body": "Fixed."})).await.status,
        StatusCode::OK
    );
    let r = move_to(&app, &author, &id, json!({"to": "pending"})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["status"], "pending");
    // The author cannot publish it themselves.
    assert_problem(&move_to(&app, &author, &id, json!({"to": "gathering_support"})).await, 403, None);
}

async fn the_deciding_concurrent_support_moves_once(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    app.open_challenge(&team, "race", json!({"support_threshold": 5})).await;
    let author = app.member("author").await;
    let id = app.idea(&author, Some("race"), "Everyone wants this").await;
    let fans = join_all((0..12).map(|i| {
        let app = &app;
        async move { app.member(&format!("racer{i}")).await }
    }))
    .await;
    let path = format!("/api/v1/ideas/{id}/support");
    let results = join_all(fans.iter().map(|t| app.put(&path, Some(t)))).await;
    let ok = results.iter().filter(|r| r.status == StatusCode::OK).count();
    let conflict = results.iter().filter(|r| r.status == StatusCode::CONFLICT).count();
    assert_eq!((ok, conflict), (5, 7), "{results:?}");
    let idea = app.get(&format!("/api/v1/ideas/{id}"), None).await;
    assert_eq!(idea.body["status"], "in_review");
    assert_eq!(idea.body["supports"], 5);
    let reviews = timeline(&app, &id).await.iter().filter(|e| e["to"] == "in_review").count();
    assert_eq!(reviews, 1, "exactly one system move");
    let tiers = notifications(&app, &author).await.iter().filter(|n| n["kind"] == "tier_reached").count();
    assert_eq!(tiers, 1);
}

fn jobs_run(app: &TestApp, as_of: chrono::DateTime<chrono::Utc>) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ideashelf"))
        .env("DATABASE_URL", &app.database_url)
        .env("IDEASHELF_DATA_DIR", dir.path())
        .env("RUST_LOG", "warn")
        .args(["jobs", "run", "--as-of", &as_of.to_rfc3339()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).to_string()
}

async fn tiers_extend_deadlines_and_the_expiry_job(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let author = app.member("author").await;
    let fan = app.member("fan").await;
    let now = chrono::Utc::now();
    // The open board climbs LEGO Ideas' ladder: 100 supports within 60 days first.
    let board = app.idea(&author, None, "Board idea with a deadline").await;
    let idea = app.get(&format!("/api/v1/ideas/{board}"), None).await;
    assert_eq!(idea.body["next_goal"], 100);
    assert_eq!(idea.body["support_threshold"], 10_000);
    let deadline: chrono::DateTime<chrono::Utc> = idea.body["deadline"].as_str().unwrap().parse().unwrap();
    assert!((deadline - now - chrono::Duration::days(60)).num_minutes().abs() < 5);
    app.put(&format!("/api/v1/ideas/{board}/support"), Some(&fan)).await;
    // A challenge with two tiers: reaching the first earns the second's time.
    app.open_challenge(
        &team,
        "ladder",
        json!({"support_threshold": null, "support_tiers": [{"supports": 1, "days": 10}, {"supports": 5, "days": 20}]}),
    )
    .await;
    let laddered = app.idea(&author, Some("ladder"), "Climbing idea").await;
    let r = app.put(&format!("/api/v1/ideas/{laddered}/support"), Some(&fan)).await;
    assert_eq!(r.status, StatusCode::OK);
    let idea = app.get(&format!("/api/v1/ideas/{laddered}"), None).await;
    assert_eq!(idea.body["tier"], 1);
    assert_eq!(idea.body["next_goal"], 5);
    let deadline: chrono::DateTime<chrono::Utc> = idea.body["deadline"].as_str().unwrap().parse().unwrap();
    assert!((deadline - now - chrono::Duration::days(20)).num_minutes().abs() < 5, "{deadline}");
    // The expiry job: nothing before the deadlines, then both, exactly once.
    assert!(jobs_run(&app, now + chrono::Duration::days(19)).contains(": 0 ideas expired"));
    assert!(jobs_run(&app, now + chrono::Duration::days(21)).contains(": 1 ideas expired"));
    assert_eq!(app.get(&format!("/api/v1/ideas/{laddered}"), None).await.body["status"], "expired");
    assert_eq!(app.get(&format!("/api/v1/ideas/{board}"), None).await.body["status"], "gathering_support");
    assert!(jobs_run(&app, now + chrono::Duration::days(61)).contains(": 1 ideas expired"));
    assert!(jobs_run(&app, now + chrono::Duration::days(62)).contains(": 0 ideas expired"));
    let last = timeline(&app, &board).await.pop().unwrap();
    assert_eq!((last["to"].as_str(), last["actor"]["role"].as_str()), (Some("expired"), Some("system")));
    // The supporter heard about both.
    let kinds: Vec<Value> = notifications(&app, &fan).await.iter().map(|n| n["data"]["to"].clone()).collect();
    assert_eq!(kinds, vec![json!("expired"), json!("expired")]);
    assert_problem(&app.put(&format!("/api/v1/ideas/{board}/support"), Some(&team)).await, 409, None);
}

async fn creator_updates_notify_supporters(app: TestApp) {
    let author = app.member("author").await;
    let fans = [app.member("fan_one").await, app.member("fan_two").await];
    let other = app.member("other").await;
    let id = app.idea(&author, None, "Idea with news").await;
    for f in &fans {
        app.put(&format!("/api/v1/ideas/{id}/support"), Some(f)).await;
    }
    let path = format!("/api/v1/ideas/{id}/updates");
    assert_problem(&app.post(&path, Some(&other), json!({"title": "Not mine", "body": "x"})).await, 403, None);
    assert_problem(&app.post(&path, Some(&author), json!({"title": "", "body": ""})).await, 422, Some("title"));
    let r = app.post(&path, Some(&author), json!({"title": "Prototype ready", "body": "Photos **soon**."})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert!(r.body["body_html"].as_str().unwrap().contains("<strong>soon</strong>"));
    let list = app.get(&path, None).await;
    assert_eq!(list.body["items"][0]["title"], "Prototype ready");
    for f in &fans {
        let n = notifications(&app, f).await;
        assert_eq!(n.len(), 1);
        assert_eq!(n[0]["kind"], "creator_update");
        assert_eq!(n[0]["data"]["update_title"], "Prototype ready");
    }
    assert!(notifications(&app, &other).await.is_empty());
}

async fn the_roadmap_lists_ideas_by_state(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let author = app.member("author").await;
    let a = app.idea(&author, None, "Roadmap idea A").await;
    let b = app.idea(&author, None, "Roadmap idea B").await;
    app.idea(&author, None, "Still gathering").await;
    move_to(&app, &team, &a, json!({"to": "in_review"})).await;
    move_to(&app, &team, &b, json!({"to": "in_review"})).await;
    move_to(&app, &team, &b, json!({"to": "approved"})).await;
    let r = app.get("/api/v1/roadmap", None).await;
    let columns = r.body["columns"].as_array().unwrap();
    let names: Vec<&str> = columns.iter().map(|c| c["status"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["in_review", "approved", "in_development", "in_production", "on_shelf"]);
    assert_eq!(columns[0]["ideas"][0]["id"], a.as_str());
    assert_eq!(columns[1]["ideas"][0]["id"], b.as_str());
    assert_eq!(columns[0]["ideas"].as_array().unwrap().len(), 1);
}

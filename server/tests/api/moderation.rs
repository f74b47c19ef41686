//! Moderation end to end: reports, the queue, actions, suspensions, merges.

use ideashelf::accounts::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::backend_tests;
use crate::helpers::{assert_code, assert_problem, TestApp};

backend_tests!(
    reports_hide_content_at_the_threshold,
    comments_are_reported_and_hidden,
    suspended_members_cannot_post_or_support,
    merging_counts_the_union_and_unmerging_restores,
    similar_ideas_while_typing,
);

async fn report(app: &TestApp, token: &str, target_type: &str, id: &str) -> crate::helpers::Resp {
    app.post(
        "/api/v1/reports",
        Some(token),
        json!({"target_type": target_type, "target_id": id, "reason": "Spam and ads"}),
    )
    .await
}

async fn reports_hide_content_at_the_threshold(app: TestApp) {
    let moderator = app.staff("mod", Role::Moderator).await;
    let author = app.member("author").await;
    let reporters = [app.member("rep_one").await, app.member("rep_two").await, app.member("rep_three").await];
    let id = app.idea(&author, None, "Buy cheap watches here").await;
    assert_code(&report(&app, &author, "idea", &id).await, 403, "own_content");
    assert_problem(
        &app.post(
            "/api/v1/reports",
            Some(&reporters[0]),
            json!({"target_type": "user", "target_id": id, "reason": "bad"}),
        )
        .await,
        422,
        Some("target_type"),
    );
    assert_problem(
        &app.post(
            "/api/v1/reports",
            Some(&reporters[0]),
            json!({"target_type": "idea", "target_id": id, "reason": ""}),
        )
        .await,
        422,
        Some("reason"),
    );
    let r = report(&app, &reporters[0], "idea", &id).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["hidden"], false);
    // A second report by the same member counts once.
    assert_eq!(report(&app, &reporters[0], "idea", &id).await.status, StatusCode::OK);
    assert_eq!(report(&app, &reporters[1], "idea", &id).await.body["hidden"], false);
    assert_eq!(report(&app, &reporters[2], "idea", &id).await.body["hidden"], true);
    // Hidden: gone from lists and from the public, still there for its author.
    assert_problem(&app.get(&format!("/api/v1/ideas/{id}"), None).await, 404, None);
    assert!(app.get("/api/v1/ideas", None).await.body["items"].as_array().unwrap().is_empty());
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), Some(&author)).await.body["hidden"], true);
    // The queue shows it with its reasons; members may not see the queue.
    assert_code(&app.get("/api/v1/moderation/queue", Some(&author)).await, 403, "moderators_only");
    let q = app.get("/api/v1/moderation/queue", Some(&moderator)).await;
    let item = &q.body["items"][0];
    assert_eq!(item["kind"], "reported_idea");
    assert_eq!(item["open_reports"], 3);
    assert_eq!(item["reasons"].as_array().unwrap().len(), 3);
    // The moderator decides it is fine: restored, reports closed, author told.
    let r = app
        .post(
            "/api/v1/moderation/actions",
            Some(&moderator),
            json!({"action": "dismiss_reports", "target_type": "idea", "target_id": id, "reason": "Not spam"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.status, StatusCode::OK);
    assert!(app.get("/api/v1/moderation/queue", Some(&moderator)).await.body["items"].as_array().unwrap().is_empty());
    let notes = app.get("/api/v1/notifications", Some(&author)).await;
    let kinds: Vec<&str> = notes.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "moderation")
        .map(|n| n["data"]["action"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(kinds, vec!["dismiss_reports", "auto_hidden"]);
    // Hiding by hand.
    let r = app
        .post(
            "/api/v1/moderation/actions",
            Some(&moderator),
            json!({"action": "hide", "target_type": "idea", "target_id": id, "reason": "Really spam"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_problem(&app.get(&format!("/api/v1/ideas/{id}"), None).await, 404, None);
    assert_problem(
        &app.post(
            "/api/v1/moderation/actions",
            Some(&moderator),
            json!({"action": "explode", "target_type": "idea", "target_id": id, "reason": "x y z"}),
        )
        .await,
        422,
        Some("action"),
    );
    assert_problem(
        &app.post(
            "/api/v1/moderation/actions",
            Some(&moderator),
            json!({"action": "suspend", "target_type": "idea", "target_id": id, "reason": "x y z"}),
        )
        .await,
        422,
        Some("target_type"),
    );
}

async fn comments_are_reported_and_hidden(app: TestApp) {
    let moderator = app.staff("mod", Role::Moderator).await;
    let author = app.member("author").await;
    let troll = app.member("troll").await;
    let id = app.idea(&author, None, "Nice idea").await;
    let c = app.post(&format!("/api/v1/ideas/{id}/comments"), Some(&troll), json!({"body": "rude words"})).await;
    let cid = c.body["id"].as_str().unwrap().to_string();
    assert_eq!(report(&app, &author, "comment", &cid).await.status, StatusCode::CREATED);
    let q = app.get("/api/v1/moderation/queue", Some(&moderator)).await;
    assert_eq!(q.body["items"][0]["kind"], "reported_comment");
    assert_eq!(q.body["items"][0]["idea_id"], id.as_str());
    let r = app
        .post(
            "/api/v1/moderation/actions",
            Some(&moderator),
            json!({"action": "hide", "target_type": "comment", "target_id": cid, "reason": "Insults"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let list = app.get(&format!("/api/v1/ideas/{id}/comments"), None).await;
    assert_eq!(list.body["items"][0]["hidden"], true);
    assert_eq!(list.body["items"][0]["body"], "");
}

async fn suspended_members_cannot_post_or_support(app: TestApp) {
    let moderator = app.staff("mod", Role::Moderator).await;
    let admin = app.staff("boss", Role::Admin).await;
    let author = app.member("author").await;
    let bad = app.member("bad_actor").await;
    let a = app.idea(&author, None, "First idea here").await;
    let b = app.idea(&author, None, "Second idea here").await;
    app.put(&format!("/api/v1/ideas/{a}/support"), Some(&bad)).await;
    app.put(&format!("/api/v1/ideas/{b}/support"), Some(&bad)).await;
    let act = |action: &'static str| {
        let (app, moderator) = (&app, &moderator);
        async move {
            app.post(
                "/api/v1/moderation/actions",
                Some(moderator),
                json!({"action": action, "target_type": "user", "target_id": "bad_actor", "reason": "Vote buying"}),
            )
            .await
        }
    };
    assert_eq!(act("suspend").await.status, StatusCode::OK);
    assert_eq!(app.get("/api/v1/me", Some(&bad)).await.body["suspended"], true);
    assert_problem(&app.post("/api/v1/ideas", Some(&bad), json!({"title": "Suspended idea"})).await, 403, None);
    assert_problem(
        &app.post(&format!("/api/v1/ideas/{a}/comments"), Some(&bad), json!({"body": "hi"})).await,
        403,
        None,
    );
    let c = app.idea(&author, None, "Third idea here").await;
    assert_code(&app.put(&format!("/api/v1/ideas/{c}/support"), Some(&bad)).await, 403, "suspended");
    // Existing supports stay counted until a moderator removes them.
    assert_eq!(app.get(&format!("/api/v1/ideas/{a}"), None).await.body["supports"], 1);
    let r = act("remove_supports").await;
    assert_eq!(r.body["removed"], 2);
    assert_eq!(app.get(&format!("/api/v1/ideas/{a}"), None).await.body["supports"], 0);
    assert_eq!(app.get(&format!("/api/v1/ideas/{b}"), None).await.body["supports"], 0);
    assert_eq!(act("unsuspend").await.status, StatusCode::OK);
    assert_eq!(app.put(&format!("/api/v1/ideas/{c}/support"), Some(&bad)).await.status, StatusCode::OK);
    // All three actions are in the audit log with their reason.
    let audit = app.get("/api/v1/audit", Some(&admin)).await;
    let actions: Vec<&str> =
        audit.body["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["moderation.unsuspend", "moderation.remove_supports", "moderation.suspend"]);
    assert_eq!(audit.body["items"][0]["reason"], "Vote buying");
    assert_eq!(audit.body["items"][0]["actor"], "mod");
}

async fn merging_counts_the_union_and_unmerging_restores(app: TestApp) {
    let moderator = app.staff("mod", Role::Moderator).await;
    let author = app.member("author").await;
    let other_author = app.member("other_author").await;
    let u: Vec<String> = {
        let mut v = Vec::new();
        for i in 1..=4 {
            v.push(app.member(&format!("user{i}")).await);
        }
        v
    };
    let source = app.idea(&author, None, "Duplicate of a good idea").await;
    let target = app.idea(&other_author, None, "The good idea itself").await;
    for t in &u[0..3] {
        app.put(&format!("/api/v1/ideas/{source}/support"), Some(t)).await;
    }
    for t in &u[1..4] {
        app.put(&format!("/api/v1/ideas/{target}/support"), Some(t)).await;
    }
    // The target's author supported the source: they cannot support their own idea.
    app.put(&format!("/api/v1/ideas/{source}/support"), Some(&other_author)).await;
    app.post(&format!("/api/v1/ideas/{source}/comments"), Some(&u[0]), json!({"body": "Moved comment"})).await;
    assert_problem(
        &app.post(&format!("/api/v1/ideas/{source}/merge"), Some(&author), json!({"into": target})).await,
        403,
        None,
    );
    assert_problem(
        &app.post(&format!("/api/v1/ideas/{source}/merge"), Some(&moderator), json!({"into": source})).await,
        422,
        Some("into"),
    );
    let r = app.post(&format!("/api/v1/ideas/{source}/merge"), Some(&moderator), json!({"into": target})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["status"], "merged");
    assert_eq!(r.body["merged_into"], target.as_str());
    let t = app.get(&format!("/api/v1/ideas/{target}"), None).await;
    assert_eq!(t.body["supports"], 4, "the union of {{1,2,3,other_author}} and {{2,3,4}} without the target's author");
    assert_eq!(t.body["comments"], 1);
    assert_eq!(
        app.get(&format!("/api/v1/ideas/{target}/comments"), None).await.body["items"][0]["body"],
        "Moved comment"
    );
    // Merged ideas leave the default lists; their supporters were told.
    let listed: Vec<String> = app.get("/api/v1/ideas", None).await.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(listed, vec![target.clone()]);
    let n = app.get("/api/v1/notifications", Some(&u[0])).await;
    assert_eq!(n.body["items"][0]["data"]["to"], "merged");
    // Un-merge restores both exactly.
    let r = app.delete(&format!("/api/v1/ideas/{source}/merge"), Some(&moderator)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["status"], "gathering_support");
    assert_eq!(r.body["supports"], 4);
    assert_eq!(r.body["comments"], 1);
    let t = app.get(&format!("/api/v1/ideas/{target}"), None).await;
    assert_eq!(t.body["supports"], 3);
    assert_eq!(t.body["comments"], 0);
    assert_code(&app.delete(&format!("/api/v1/ideas/{source}/merge"), Some(&moderator)).await, 409, "not_merged");
}

async fn similar_ideas_while_typing(app: TestApp) {
    let author = app.member("author").await;
    app.idea(&author, None, "Refill station for dish soap").await;
    app.idea(&author, None, "Soap bars without packaging").await;
    app.idea(&author, None, "Quiet shopping hour").await;
    let r = app.get("/api/v1/ideas/similar?title=Dish%20soap%20refills%20in%20stores", None).await;
    let titles: Vec<&str> = r.body["items"].as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap()).collect();
    assert_eq!(titles.first(), Some(&"Refill station for dish soap"), "{titles:?}");
    assert!(titles.contains(&"Soap bars without packaging"));
    assert!(!titles.contains(&"Quiet shopping hour"));
    assert!(app.get("/api/v1/ideas/similar?title=a", None).await.body["items"].as_array().unwrap().is_empty());
}

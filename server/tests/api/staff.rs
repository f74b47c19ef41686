//! Staff protection (issue 17): moderators act on members only; only admins act on staff; the last active admin
//! stays one.

use ideashelf::accounts::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::backend_tests;
use crate::helpers::{assert_code, TestApp};

backend_tests!(
    moderators_cannot_act_on_staff,
    admins_act_on_staff,
    the_last_admin_stays,
    the_audit_log_filters_and_links,
    the_queue_shows_what_it_asks_about,
);

async fn act(app: &TestApp, token: &str, action: &str, target_type: &str, id: &str) -> crate::helpers::Resp {
    app.post(
        "/api/v1/moderation/actions",
        Some(token),
        json!({"action": action, "target_type": target_type, "target_id": id, "reason": "Breaks the rules"}),
    )
    .await
}

async fn moderators_cannot_act_on_staff(app: TestApp) {
    let root = app.staff("root", Role::Admin).await;
    let moderator = app.staff("mod_a", Role::Moderator).await;
    app.staff("mod_b", Role::Moderator).await;
    let team = app.staff("team", Role::ProductTeam).await;
    let member = app.member("mia").await;
    for target in ["root", "mod_b", "team"] {
        for action in ["suspend", "unsuspend", "remove_supports"] {
            assert_code(&act(&app, &moderator, action, "user", target).await, 403, "staff_protected");
        }
    }
    // Still not suspended.
    assert_eq!(app.get("/api/v1/me", Some(&root)).await.body["suspended"], false);
    // The admin's comment cannot be hidden by a moderator; a member's can.
    let idea = app.idea(&member, None, "Refill stations").await;
    let path = format!("/api/v1/ideas/{idea}/comments");
    let admin_comment = app.post(&path, Some(&root), json!({"body": "Official answer"})).await;
    assert_eq!(admin_comment.status, StatusCode::CREATED, "{:?}", admin_comment.body);
    let admin_comment = admin_comment.body["id"].as_str().unwrap().to_string();
    assert_code(&act(&app, &moderator, "hide", "comment", &admin_comment).await, 403, "staff_protected");
    let list = app.get(&path, None).await;
    assert_eq!(list.body["items"][0]["hidden"], false, "{:?}", list.body);
    let member_comment = app.post(&path, Some(&member), json!({"body": "Spam spam"})).await;
    let member_comment = member_comment.body["id"].as_str().unwrap().to_string();
    assert_eq!(act(&app, &moderator, "hide", "comment", &member_comment).await.status, StatusCode::OK);
    // An idea of the product team is not the moderators' to hide either; a member is theirs to suspend.
    let team_idea = app.idea(&team, None, "Team idea").await;
    assert_code(&act(&app, &moderator, "hide", "idea", &team_idea).await, 403, "staff_protected");
    // Nor is the admin's tip the moderators' to delete or hide.
    let tip =
        app.post("/api/v1/tips", Some(&root), json!({"title": "Keep bread fresh", "body": "Cut side down."})).await;
    assert_eq!(tip.status, StatusCode::CREATED, "{:?}", tip.body);
    let tip = tip.body["id"].as_str().unwrap().to_string();
    assert_code(&app.delete(&format!("/api/v1/tips/{tip}"), Some(&moderator)).await, 403, "staff_protected");
    assert_code(&act(&app, &moderator, "hide", "tip", &tip).await, 403, "staff_protected");
    assert_eq!(app.get(&format!("/api/v1/tips/{tip}"), None).await.status, StatusCode::OK);
    assert_eq!(act(&app, &moderator, "suspend", "user", "mia").await.status, StatusCode::OK);
    // Nothing refused went into the audit log.
    let log = app.get("/api/v1/audit", Some(&root)).await;
    let actions: Vec<&str> =
        log.body["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["moderation.suspend", "moderation.hide"]);
}

async fn admins_act_on_staff(app: TestApp) {
    let root = app.staff("root", Role::Admin).await;
    let moderator = app.staff("mod_a", Role::Moderator).await;
    let other = app.staff("mod_b", Role::Moderator).await;
    let r = act(&app, &root, "suspend", "user", "mod_b").await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(app.get("/api/v1/me", Some(&other)).await.body["suspended"], true);
    // A suspended moderator acts as a member, and stays protected from other moderators.
    assert_code(&act(&app, &other, "suspend", "user", "mod_a").await, 403, "moderators_only");
    assert_code(&act(&app, &moderator, "unsuspend", "user", "mod_b").await, 403, "staff_protected");
    assert_eq!(act(&app, &root, "unsuspend", "user", "mod_b").await.status, StatusCode::OK);
    // A moderator's comment is the admins' to hide.
    let member = app.member("mia").await;
    let idea = app.idea(&member, None, "Quiet hours").await;
    let c = app.post(&format!("/api/v1/ideas/{idea}/comments"), Some(&moderator), json!({"body": "Hm"})).await;
    let c = c.body["id"].as_str().unwrap().to_string();
    assert_code(&act(&app, &other, "hide", "comment", &c).await, 403, "staff_protected");
    assert_eq!(act(&app, &root, "hide", "comment", &c).await.status, StatusCode::OK);
}

async fn the_last_admin_stays(app: TestApp) {
    let root = app.staff("root", Role::Admin).await;
    assert_code(&app.patch("/api/v1/users/root/role", Some(&root), json!({"role": "member"})).await, 409, "last_admin");
    assert_code(&act(&app, &root, "suspend", "user", "root").await, 409, "self_moderation");
    let second = app.staff("second", Role::Admin).await;
    // Two admins: one may suspend the other, which leaves one active admin…
    assert_eq!(act(&app, &root, "suspend", "user", "second").await.status, StatusCode::OK);
    // …who can no longer step down (a suspended admin does not run the site).
    assert_code(
        &app.patch("/api/v1/users/root/role", Some(&root), json!({"role": "moderator"})).await,
        409,
        "last_admin",
    );
    // The suspended admin may be demoted, though.
    let r = app.patch("/api/v1/users/second/role", Some(&root), json!({"role": "moderator"})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let r = app.patch("/api/v1/users/second/role", Some(&root), json!({"role": "admin"})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(act(&app, &root, "unsuspend", "user", "second").await.status, StatusCode::OK);
    // With two active admins, one may demote the other, and then the last one stays.
    let r = app.patch("/api/v1/users/root/role", Some(&second), json!({"role": "member"})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_code(
        &app.patch("/api/v1/users/second/role", Some(&second), json!({"role": "member"})).await,
        409,
        "last_admin",
    );
    // Each role change is in the audit log, with who changed what from what to what; refusals are not.
    let log = app.get("/api/v1/audit?action=account.role_change", Some(&second)).await;
    let items = log.body["items"].as_array().expect("items");
    let seen: Vec<_> = items
        .iter()
        .map(|e| {
            (
                e["actor"].as_str().unwrap(),
                e["details"]["handle"].as_str().unwrap(),
                e["details"]["to"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [("second", "root", "member"), ("root", "second", "admin"), ("root", "second", "moderator")],
        "{items:?}"
    );
    assert!(items[0]["url"].as_str().unwrap().starts_with("/members/root"));
}

async fn the_audit_log_filters_and_links(app: TestApp) {
    let root = app.staff("root", Role::Admin).await;
    let moderator = app.staff("mod_a", Role::Moderator).await;
    let mia = app.member("mia").await;
    let mia_id = app.get("/api/v1/me", Some(&mia)).await.body["id"].as_str().unwrap().to_string();
    let idea = app.idea(&mia, None, "Loud music").await;
    let c = app.post(&format!("/api/v1/ideas/{idea}/comments"), Some(&mia), json!({"body": "Buy now"})).await;
    let c = c.body["id"].as_str().unwrap().to_string();
    assert_eq!(act(&app, &moderator, "hide", "comment", &c).await.status, StatusCode::OK);
    assert_eq!(act(&app, &moderator, "suspend", "user", "mia").await.status, StatusCode::OK);
    assert_eq!(act(&app, &root, "hide", "idea", &idea).await.status, StatusCode::OK);
    let get = async |q: &str| {
        let r = app.get(&format!("/api/v1/audit{q}"), Some(&moderator)).await;
        assert_eq!(r.status, StatusCode::OK, "{q}: {:?}", r.body);
        r.body
    };
    let actions = |b: &serde_json::Value| -> Vec<String> {
        b["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(actions(&get("").await), ["moderation.hide", "moderation.suspend", "moderation.hide"]);
    assert_eq!(actions(&get("?actor=MOD_A").await), ["moderation.suspend", "moderation.hide"]);
    assert_eq!(actions(&get("?actor=@root&action=moderation.hide").await), ["moderation.hide"]);
    let user = get(&format!("?subject_type=user&subject_id={mia_id}")).await;
    assert_eq!(user["items"][0]["url"], "/members/mia");
    let comment = get("?subject_type=comment").await;
    assert_eq!(comment["items"][0]["url"], format!("/ideas/{idea}#comment-{c}"));
    assert_eq!(get("?subject_type=idea").await["items"][0]["url"], format!("/ideas/{idea}"));
    let today = chrono::Utc::now().date_naive();
    assert_eq!(actions(&get(&format!("?from={today}&to={today}")).await).len(), 3);
    assert!(actions(&get(&format!("?from={}", today + chrono::Duration::days(1))).await).is_empty());
    assert!(actions(&get(&format!("?to={}", today - chrono::Duration::days(1))).await).is_empty());
    crate::helpers::assert_problem(&app.get("/api/v1/audit?from=soon", Some(&moderator)).await, 422, Some("from"));
    // Paged, newest first.
    let first = get("?limit=2").await;
    assert_eq!(actions(&first).len(), 2);
    let cursor = first["next_cursor"].as_str().unwrap().to_string();
    let rest = get(&format!("?limit=2&cursor={cursor}")).await;
    assert_eq!(actions(&rest), ["moderation.hide"]);
    assert!(rest["next_cursor"].is_null());
    // Members read none of it.
    assert_code(&app.get("/api/v1/audit", Some(&app.member("max").await)).await, 403, "moderators_only");
}

async fn the_queue_shows_what_it_asks_about(app: TestApp) {
    let moderator = app.staff("mod_a", Role::Moderator).await;
    let author = app.member("author").await;
    let rita = app.member("rita").await;
    let idea = app.idea(&author, None, "Refill station").await;
    let tip =
        app.post("/api/v1/tips", Some(&author), json!({"title": "Bread", "body": "Cut side down, always."})).await;
    let tip = tip.body["id"].as_str().unwrap().to_string();
    for (kind, id) in [("idea", &idea), ("tip", &tip)] {
        let r = app
            .post(
                "/api/v1/reports",
                Some(&rita),
                json!({"target_type": kind, "target_id": id, "reason": "Spam and ads"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    }
    let q = app.get("/api/v1/moderation/queue", Some(&moderator)).await;
    let items = q.body["items"].as_array().unwrap();
    let item = |id: &str| items.iter().find(|i| i["target_id"] == id).unwrap().clone();
    assert_eq!(item(&idea)["excerpt"], "A summary");
    assert_eq!(item(&tip)["text"], "Bread");
    assert_eq!(item(&tip)["excerpt"], "Cut side down, always.");
}

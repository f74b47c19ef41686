//! Staff picks (issue 19): the product team's pick with a public note, shown in the idea JSON and as a badge
//! on cards, a filter in the lists, the author notified, audited.

use ideashelf::accounts::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{assert_code, assert_problem, TestApp};

backend_tests!(a_staff_pick_shows_filters_and_notifies, only_the_product_team_picks_published_ideas);

async fn a_staff_pick_shows_filters_and_notifies(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let author = app.member("author").await;
    let picked = app.idea(&author, None, "A picked idea").await;
    let other = app.idea(&author, None, "Another idea").await;
    assert_eq!(app.get(&format!("/api/v1/ideas/{picked}"), None).await.body["staff_pick"], Value::Null);
    let path = format!("/api/v1/ideas/{picked}/staff-pick");
    let r = app.put_json(&path, Some(&team), json!({"note": "  Clever and cheap to make.  "})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["staff_pick"]["note"], "Clever and cheap to make.");
    assert!(r.body["staff_pick"]["picked_at"].is_string());
    // The note changes; the author hears once.
    let r = app.put_json(&path, Some(&team), json!({"note": "Clever, cheap, and loved."})).await;
    assert_eq!(r.body["staff_pick"]["note"], "Clever, cheap, and loved.");
    let idea = app.get(&format!("/api/v1/ideas/{picked}"), None).await.body;
    assert_eq!(idea["staff_pick"]["note"], "Clever, cheap, and loved.");
    // The filter.
    let listed = app.get("/api/v1/ideas?staff_pick=true", None).await.body;
    let ids: Vec<&str> = listed["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec![picked.as_str()]);
    let all = app.get("/api/v1/ideas?staff_pick=false", None).await.body;
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
    assert_problem(&app.get("/api/v1/ideas?staff_pick=maybe", None).await, 422, Some("staff_pick"));
    // The badge on the list page's card, and the note on the idea page.
    let page = app.client.get(format!("{}/ideas", app.base)).send().await.unwrap().text().await.unwrap();
    assert_eq!(page.matches("class=\"badge badge-pick\"").count(), 1, "one card with the badge");
    let page =
        app.client.get(format!("{}/ideas?staff_pick=true", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("A picked idea") && !page.contains("Another idea"));
    let page = app.client.get(format!("{}/ideas/{picked}", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Clever, cheap, and loved."));
    // The author is notified once.
    let n = app.get("/api/v1/notifications", Some(&author)).await.body;
    let picks: Vec<&Value> = n["items"].as_array().unwrap().iter().filter(|i| i["kind"] == "staff_pick").collect();
    assert_eq!(picks.len(), 1, "{n}");
    assert_eq!(picks[0]["idea_id"], picked.as_str());
    // Unmarked (idempotent).
    for _ in 0..2 {
        let r = app.delete(&path, Some(&team)).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(r.body["staff_pick"], Value::Null);
    }
    assert!(app.get("/api/v1/ideas?staff_pick=true", None).await.body["items"].as_array().unwrap().is_empty());
    // Audited.
    let root = app.staff("root", Role::Admin).await;
    let audit = app.get(&format!("/api/v1/audit?subject_id={picked}"), Some(&root)).await.body;
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    for a in ["idea.staff_pick", "idea.staff_pick_note", "idea.staff_unpick"] {
        assert_eq!(actions.iter().filter(|x| **x == a).count(), 1, "{a} in {actions:?}");
    }
    let _ = other;
}

async fn only_the_product_team_picks_published_ideas(app: TestApp) {
    let author = app.member("author").await;
    let id = app.idea(&author, None, "Someone's idea").await;
    let path = format!("/api/v1/ideas/{id}/staff-pick");
    let body = json!({"note": "Nice"});
    assert_problem(&app.put_json(&path, None, body.clone()).await, 401, None);
    assert_code(&app.put_json(&path, Some(&author), body.clone()).await, 403, "product_team_only");
    let mods = app.staff("mod", Role::Moderator).await;
    assert_code(&app.put_json(&path, Some(&mods), body.clone()).await, 403, "product_team_only");
    assert_code(&app.delete(&path, Some(&mods)).await, 403, "product_team_only");
    let team = app.staff("team", Role::ProductTeam).await;
    assert_problem(&app.put_json(&path, Some(&team), json!({"note": " "})).await, 422, Some("note"));
    assert_problem(&app.put_json(&path, Some(&team), json!({"note": "x".repeat(281)})).await, 422, Some("note"));
    let hide = json!({"action": "hide", "target_type": "idea", "target_id": id, "reason": "Off topic"});
    assert_eq!(app.post("/api/v1/moderation/actions", Some(&mods), hide).await.status, StatusCode::OK);
    assert_code(&app.put_json(&path, Some(&team), body).await, 409, "pick_not_public");
}

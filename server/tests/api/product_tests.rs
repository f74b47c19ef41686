//! Product tests (issue 18): applications, the verifiable weighted draw, the shipping list, reports as
//! reviews, the jobs that remind testers and delete addresses, on both backends.

use std::process::Command;

use diesel::connection::SimpleConnection;
use futures::future::join_all;
use ideashelf::accounts::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{assert_code, assert_problem, TestApp};

backend_tests!(
    product_tests_200_applicants_are_drawn_verifiably,
    misses_weigh_more_and_a_missing_report_less,
    applications_are_refused_and_replaced_as_documented,
    a_report_is_a_review_and_moves_the_summary_exactly,
    reminders_go_once_and_addresses_are_deleted_30_days_after_the_due_date,
    the_export_and_erasure_cover_applications,
);

const ADDRESS: &str = "Anna Muster, Bahnhofstrasse 1, 8001 Zürich";

fn ideashelf(app: &TestApp, dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ideashelf"))
        .env("DATABASE_URL", &app.database_url)
        .env("IDEASHELF_DATA_DIR", dir)
        .env("RUST_LOG", "warn")
        .args(args)
        .output()
        .unwrap()
}

/// A product test of a fresh product, applications open since an hour for `hours_open` more hours.
async fn test_of(app: &TestApp, team: &str, units: i64, extra: Value) -> Value {
    let product = app.product(team, &format!("Tested product {}", uuid::Uuid::new_v4().simple()), json!({})).await;
    let now = chrono::Utc::now();
    let mut body = json!({
        "product_id": product["slug"], "title": "Coffee machine test", "description": "Try it for a **month**.",
        "units": units,
        "apply_from": (now - chrono::Duration::hours(1)).to_rfc3339(),
        "apply_until": (now + chrono::Duration::days(7)).to_rfc3339(),
        "report_due": (now + chrono::Duration::days(40)).to_rfc3339(),
        "questions": [
            {"key": "why", "label": "Why you?", "kind": "text"},
            {"key": "cups", "label": "Cups a day", "kind": "number"},
            {"key": "milk", "label": "Milk?", "kind": "choice", "options": ["yes", "no"]}
        ],
        "report_questions": [{"key": "again", "label": "Would you buy it?", "kind": "choice", "options": ["yes", "no"]}],
    });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            b.insert(k.clone(), v.clone());
        }
    }
    let r = app.post("/api/v1/product-tests", Some(team), body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body
}

fn application(consent: bool) -> Value {
    json!({"answers": {"why": "I drink a lot of coffee", "cups": 4, "milk": "yes"},
        "shipping_address": ADDRESS, "consent_shipping": consent})
}

/// Moves a test's dates in the database (they are locked once applications opened): `column` to `at`.
async fn set_time(app: &TestApp, id: &str, column: &str, at: chrono::DateTime<chrono::Utc>) {
    let sql = format!(
        "UPDATE product_tests SET {column} = '{}' WHERE id = '{id}'",
        at.naive_utc().format("%Y-%m-%d %H:%M:%S%.6f")
    );
    app.db.run(move |conn| Ok(conn.batch_execute(&sql)?)).await.unwrap();
}

async fn close(app: &TestApp, id: &str) {
    set_time(app, id, "apply_until", chrono::Utc::now() - chrono::Duration::seconds(1)).await;
}

async fn apply(app: &TestApp, token: &str, id: &str, body: Value) -> crate::helpers::Resp {
    app.post(&format!("/api/v1/product-tests/{id}/applications"), Some(token), body).await
}

async fn draw(app: &TestApp, team: &str, id: &str) -> Value {
    let r = app.post(&format!("/api/v1/product-tests/{id}/draw"), Some(team), json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r.body
}

fn verify_file(app: &TestApp, json: &Value) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("test.json");
    std::fs::write(&file, serde_json::to_vec(json).unwrap()).unwrap();
    let out = ideashelf(app, dir.path(), &["raffle", "verify", file.to_str().unwrap()]);
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

async fn product_tests_200_applicants_are_drawn_verifiably(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let t = test_of(&app, &team, 5, json!({})).await;
    let id = t["id"].as_str().unwrap().to_string();
    assert_eq!(t["phase"], "open");
    assert_eq!(t["seed_commitment"].as_str().unwrap().len(), 64);
    assert!(t["draw"].is_null());
    let mut members = Vec::new();
    for i in 0..200 {
        let handle = format!("m{i:03}");
        let token = app.member(&handle).await;
        members.push((handle, token));
    }
    for chunk in members.chunks(20) {
        let rs = join_all(chunk.iter().enumerate().map(|(i, (_, tok))| apply(&app, tok, &id, application(i % 2 == 0))))
            .await;
        for r in rs {
            assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        }
    }
    let listed = app
        .get(&format!("/api/v1/product-tests?state=open&product={}", t["product"]["slug"].as_str().unwrap()), None)
        .await;
    assert_eq!(listed.body["items"][0]["applicants"], 200, "{:?}", listed.body);
    // Not before applications close.
    assert_code(
        &app.post(&format!("/api/v1/product-tests/{id}/draw"), Some(&team), json!({})).await,
        409,
        "draw_too_early",
    );
    close(&app, &id).await;
    assert_code(
        &app.post(&format!("/api/v1/product-tests/{id}/draw"), Some(&members[0].1), json!({})).await,
        403,
        "product_team_only",
    );
    // Two draws at once: one happens, the other is told.
    let path = format!("/api/v1/product-tests/{id}/draw");
    let draws = join_all((0..2).map(|_| app.post(&path, Some(&team), json!({})))).await;
    assert_eq!(draws.iter().filter(|r| r.status == StatusCode::OK).count(), 1, "{draws:?}");
    assert!(draws.iter().any(|r| r.status == StatusCode::CONFLICT && r.body["code"] == "already_drawn"));
    let public = app.get(&format!("/api/v1/product-tests/{id}"), None).await.body;
    assert_eq!(public["phase"], "drawn");
    assert!(public.get("testers").is_none(), "who was drawn is the product team's to see");
    let d = &public["draw"];
    assert_eq!(d["applicants_count"], 200);
    let applicants = d["applicants"].as_array().unwrap();
    assert_eq!(applicants.len(), 200);
    assert!(applicants.iter().all(|a| a["weight"] == 1), "nobody has missed a test yet");
    let testers: Vec<String> = serde_json::from_value(d["testers"].clone()).unwrap();
    assert_eq!(testers.len(), 5);
    // Pseudonyms: no handle, no member id in the published list.
    let text = d.to_string();
    assert!(!text.contains("m000") && !text.contains("m199"));
    // The CLI recomputes it from the published JSON, and the library's verify agrees.
    let (ok, out) = verify_file(&app, &public);
    assert!(ok, "{out}");
    assert!(out.contains("list of 200 weighted applicants matches its hash"), "{out}");
    let published: ideashelf::product_tests::rules::Published = serde_json::from_value(d.clone()).unwrap();
    assert_eq!(ideashelf::product_tests::rules::verify(&published), Ok(()));
    // One tester swapped for someone not drawn: verification fails.
    let outsider =
        applicants.iter().map(|a| a["id"].as_str().unwrap()).find(|p| !testers.iter().any(|t| t == p)).unwrap();
    let mut forged = public.clone();
    forged["draw"]["testers"][0] = json!(outsider);
    let (ok, out) = verify_file(&app, &forged);
    assert!(!ok && out.contains("FAILED: the draw gives"), "{out}");
    // One weight changed: the list no longer hashes to what was published.
    let mut heavier = public.clone();
    heavier["draw"]["applicants"][3]["weight"] = json!(5);
    let (ok, out) = verify_file(&app, &heavier);
    assert!(!ok && out.contains("FAILED: the applicant list hashes to"), "{out}");
    let mut p2 = published.clone();
    if let Some(a) = p2.applicants.as_mut() {
        a[3].weight = 5;
    }
    assert!(ideashelf::product_tests::rules::verify(&p2).is_err());
    // The testers are told (in the app; mailed by default), the others not; each sees the outcome.
    let mut selected = Vec::new();
    for (handle, token) in &members {
        let mine = app.get(&format!("/api/v1/product-tests/{id}/applications/mine"), Some(token)).await.body;
        let drawn = testers.iter().any(|t| mine["pseudonym"] == json!(t));
        assert_eq!(mine["status"], if drawn { "selected" } else { "not_selected" });
        if drawn {
            selected.push((handle.clone(), token.clone(), mine["consent_shipping"] == true));
            let notes = app.get("/api/v1/notifications?limit=100", Some(token)).await.body["items"].clone();
            assert!(notes.as_array().unwrap().iter().any(|n| n["kind"] == "test_selected"), "{handle}");
        } else {
            assert!(mine["shipping_address"].is_null(), "addresses of those not drawn go at the draw");
        }
    }
    assert_eq!(selected.len(), 5);
    // The product team sees who was drawn, and downloads the shipping list: only testers who consented.
    let team_view = app.get(&format!("/api/v1/product-tests/{id}"), Some(&team)).await.body;
    assert_eq!(team_view["testers"].as_array().unwrap().len(), 5);
    assert_eq!(app.get(&format!("/api/v1/product-tests/{id}/shipping-list"), Some(&members[0].1)).await.status, 403);
    let res = app
        .client
        .get(format!("{}/api/v1/product-tests/{id}/shipping-list", app.base))
        .bearer_auth(&team)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = res.text().await.unwrap();
    for (handle, _, consented) in &selected {
        assert_eq!(csv.contains(&format!("{handle},")), *consented, "{csv}");
    }
    let lines = csv.lines().count();
    assert_eq!(lines, 1 + selected.iter().filter(|s| s.2).count(), "{csv}");
    let audit =
        app.get("/api/v1/audit?action=product_test.shipping_list", Some(&app.staff("admin", Role::Admin).await)).await;
    assert_eq!(audit.body["items"].as_array().map(Vec::len), Some(1), "{:?}", audit.body);
}

/// An address that would be a formula in a spreadsheet is neutralized in the shipping list; fairness over time.
async fn misses_weigh_more_and_a_missing_report_less(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let mut members = Vec::new();
    for i in 0..6 {
        members.push(app.member(&format!("weigher{i}")).await);
    }
    // Test 1: everyone applies, one unit.
    let t1 = test_of(&app, &team, 1, json!({})).await;
    let id1 = t1["id"].as_str().unwrap().to_string();
    for m in &members {
        let mut body = application(true);
        body["shipping_address"] = json!("=HYPERLINK(\"http://evil\")");
        assert_eq!(apply(&app, m, &id1, body).await.status, StatusCode::CREATED);
    }
    close(&app, &id1).await;
    draw(&app, &team, &id1).await;
    let mut winner1 = None;
    for (i, m) in members.iter().enumerate() {
        if app.get(&format!("/api/v1/product-tests/{id1}/applications/mine"), Some(m)).await.body["status"]
            == "selected"
        {
            winner1 = Some(i);
        }
    }
    let winner1 = winner1.unwrap();
    let csv = app
        .client
        .get(format!("{}/api/v1/product-tests/{id1}/shipping-list", app.base))
        .bearer_auth(&team)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("'=HYPERLINK"), "a formula is neutralized: {csv}");
    // The winner never reports; the due date passes.
    set_time(&app, &id1, "report_due", chrono::Utc::now() - chrono::Duration::seconds(1)).await;
    // Test 2: everyone applies again; the others have one miss (weight 2), the silent winner weight 1.
    let t2 = test_of(&app, &team, 2, json!({})).await;
    let id2 = t2["id"].as_str().unwrap().to_string();
    for m in &members {
        assert_eq!(apply(&app, m, &id2, application(true)).await.status, StatusCode::CREATED);
    }
    close(&app, &id2).await;
    let drawn = draw(&app, &team, &id2).await;
    for (i, m) in members.iter().enumerate() {
        let mine = app.get(&format!("/api/v1/product-tests/{id2}/applications/mine"), Some(m)).await.body;
        assert_eq!(mine["weight"], if i == winner1 { 1 } else { 2 }, "member {i}: {mine:?}");
        let published = drawn["draw"]["applicants"].as_array().unwrap();
        assert!(published.iter().any(|a| a["id"] == mine["pseudonym"] && a["weight"] == mine["weight"]));
    }
    assert_eq!(drawn["draw"]["testers"].as_array().unwrap().len(), 2);
    assert!(verify_file(&app, &drawn).0);
    // The pseudonyms differ between tests (not linkable across them).
    let p1 = app.get(&format!("/api/v1/product-tests/{id1}/applications/mine"), Some(&members[0])).await.body
        ["pseudonym"]
        .clone();
    let p2 = app.get(&format!("/api/v1/product-tests/{id2}/applications/mine"), Some(&members[0])).await.body
        ["pseudonym"]
        .clone();
    assert_ne!(p1, p2);
    // `ideashelf product-test verify` is the same check.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.json");
    std::fs::write(&file, serde_json::to_vec(&drawn).unwrap()).unwrap();
    let out = ideashelf(&app, dir.path(), &["product-test", "verify", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}

async fn applications_are_refused_and_replaced_as_documented(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let moderator = app.staff("mod", Role::Moderator).await;
    let anna = app.member("anna").await;
    let ben = app.member("ben").await;
    let t = test_of(&app, &team, 1, json!({})).await;
    let id = t["id"].as_str().unwrap().to_string();
    // Members only: staff do not apply; the test is the team's to change.
    assert_code(&apply(&app, &team, &id, application(true)).await, 403, "staff_not_eligible");
    assert_code(&apply(&app, &moderator, &id, application(true)).await, 403, "staff_not_eligible");
    let now = chrono::Utc::now();
    let body = json!({"product_id": t["product"]["id"], "title": "Mine", "units": 1, "apply_from": now.to_rfc3339(),
        "apply_until": (now + chrono::Duration::days(1)).to_rfc3339(), "report_due": (now + chrono::Duration::days(2)).to_rfc3339()});
    assert_code(&app.post("/api/v1/product-tests", Some(&anna), body).await, 403, "product_team_only");
    // Answers are checked against the questions, naming the field.
    let mut bad = application(true);
    bad["answers"]["milk"] = json!("maybe");
    assert_problem(&apply(&app, &anna, &id, bad).await, 422, Some("answers.milk"));
    let mut missing = application(true);
    missing["answers"].as_object_mut().unwrap().remove("why");
    assert_problem(&apply(&app, &anna, &id, missing).await, 422, Some("answers.why"));
    assert_problem(
        &apply(&app, &anna, &id, json!({"answers": application(true)["answers"], "consent_shipping": true})).await,
        422,
        Some("shipping_address"),
    );
    // Applying twice replaces the application.
    assert_eq!(apply(&app, &anna, &id, application(true)).await.status, StatusCode::CREATED);
    let mut changed = application(true);
    changed["answers"]["cups"] = json!(2);
    let r = apply(&app, &anna, &id, changed).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["answers"]["cups"], 2);
    let r = app
        .call(
            Method::PUT,
            &format!("/api/v1/product-tests/{id}/applications/mine"),
            Some(&anna),
            Some(application(true)),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(app.get(&format!("/api/v1/product-tests/{id}"), None).await.body["applicants"], 1);
    // Without the consent no address is kept.
    let r = apply(&app, &ben, &id, application(false)).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert!(r.body["shipping_address"].is_null() && r.body["consent_shipping"] == false, "{:?}", r.body);
    let mine = app.get(&format!("/api/v1/product-tests/{id}/applications/mine"), Some(&ben)).await.body;
    assert!(mine["shipping_address"].is_null());
    // The consent is recorded in the member's history.
    let export = app.get("/api/v1/me/export", Some(&anna)).await.body;
    assert!(
        export["consents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["kind"] == "product_test_shipping" && c["version"] == json!(id) && c["given"] == true),
        "{:?}",
        export["consents"]
    );
    // Withdrawn, and applied again.
    assert_eq!(
        app.delete(&format!("/api/v1/product-tests/{id}/applications/mine"), Some(&ben)).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get(&format!("/api/v1/product-tests/{id}/applications/mine"), Some(&ben)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(apply(&app, &ben, &id, application(false)).await.status, StatusCode::CREATED);
    // The test cannot change once it opened; an upcoming one can.
    assert_code(
        &app.patch(&format!("/api/v1/product-tests/{id}"), Some(&team), json!({"units": 3})).await,
        409,
        "test_locked",
    );
    let later =
        test_of(&app, &team, 1, json!({"apply_from": (now + chrono::Duration::days(1)).to_rfc3339(), "min_level": 2}))
            .await;
    let later_id = later["id"].as_str().unwrap();
    assert_eq!(later["phase"], "upcoming");
    assert_code(&apply(&app, &anna, later_id, application(true)).await, 409, "test_not_open");
    let r = app
        .patch(
            &format!("/api/v1/product-tests/{later_id}"),
            Some(&team),
            json!({"units": 3, "apply_from": (now - chrono::Duration::minutes(1)).to_rfc3339()}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!((r.body["units"].as_i64(), r.body["phase"].as_str()), (Some(3), Some("open")));
    // min_level: a new member is at level 1.
    assert_code(&apply(&app, &anna, later_id, application(true)).await, 403, "level_too_low");
    assert_problem(
        &app.post(
            "/api/v1/product-tests",
            Some(&team),
            json!({"product_id": "nope", "title": "", "units": 0,
        "apply_from": now.to_rfc3339(), "apply_until": now.to_rfc3339(), "report_due": now.to_rfc3339()}),
        )
        .await,
        422,
        Some("units"),
    );
    // After applications close: no applying, changing or withdrawing.
    close(&app, &id).await;
    let carl = app.member("carl").await;
    assert_code(&apply(&app, &carl, &id, application(true)).await, 409, "applications_closed");
    assert_code(&apply(&app, &anna, &id, application(true)).await, 409, "applications_closed");
    assert_code(
        &app.delete(&format!("/api/v1/product-tests/{id}/applications/mine"), Some(&anna)).await,
        409,
        "applications_closed",
    );
    // Reports: only the testers drawn, once.
    assert_code(
        &app.post(
            &format!("/api/v1/product-tests/{id}/reports"),
            Some(&anna),
            json!({"stars": 4, "text": "Fine", "answers": {"again": "yes"}}),
        )
        .await,
        403,
        "not_a_tester",
    );
    let drawn = draw(&app, &team, &id).await;
    let tester = drawn["draw"]["testers"][0].clone();
    let (winner, loser) = if app.get(&format!("/api/v1/product-tests/{id}/applications/mine"), Some(&anna)).await.body
        ["pseudonym"]
        == tester
    {
        (&anna, &ben)
    } else {
        (&ben, &anna)
    };
    let report =
        json!({"stars": 4, "text": "Good coffee.", "pros": "Quick", "cons": "Loud", "answers": {"again": "yes"}});
    assert_code(
        &app.post(&format!("/api/v1/product-tests/{id}/reports"), Some(loser), report.clone()).await,
        403,
        "not_a_tester",
    );
    assert_code(
        &app.post(&format!("/api/v1/product-tests/{id}/reports"), Some(&team), report.clone()).await,
        403,
        "not_a_tester",
    );
    assert_problem(
        &app.post(
            &format!("/api/v1/product-tests/{id}/reports"),
            Some(winner),
            json!({"stars": 4, "text": "Good", "answers": {"again": "perhaps"}}),
        )
        .await,
        422,
        Some("answers.again"),
    );
    let r = app.post(&format!("/api/v1/product-tests/{id}/reports"), Some(winner), report.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_code(
        &app.post(&format!("/api/v1/product-tests/{id}/reports"), Some(winner), report.clone()).await,
        409,
        "report_exists",
    );
    assert_code(
        &app.post(&format!("/api/v1/product-tests/{id}/draw"), Some(&team), json!({})).await,
        409,
        "already_drawn",
    );
    // Too late: after the due date.
    let t2 = test_of(&app, &team, 1, json!({})).await;
    let id2 = t2["id"].as_str().unwrap();
    apply(&app, &carl, id2, application(true)).await;
    close(&app, id2).await;
    draw(&app, &team, id2).await;
    set_time(&app, id2, "report_due", chrono::Utc::now() - chrono::Duration::seconds(1)).await;
    assert_code(
        &app.post(&format!("/api/v1/product-tests/{id2}/reports"), Some(&carl), report).await,
        409,
        "report_too_late",
    );
    assert_eq!(app.get("/api/v1/product-tests/not-a-uuid", None).await.status, StatusCode::NOT_FOUND);
    assert_problem(&app.get("/api/v1/product-tests?state=sideways", None).await, 422, Some("state"));
}

async fn a_report_is_a_review_and_moves_the_summary_exactly(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let tester = app.member("tess").await;
    let other = app.member("otto").await;
    let t = test_of(&app, &team, 1, json!({})).await;
    let id = t["id"].as_str().unwrap().to_string();
    let slug = t["product"]["slug"].as_str().unwrap().to_string();
    // Someone else rated it before: 2 stars.
    let r = app
        .put_json(&format!("/api/v1/products/{slug}/rating"), Some(&other), json!({"stars": 2, "body": "Meh."}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(apply(&app, &tester, &id, application(true)).await.status, StatusCode::CREATED);
    close(&app, &id).await;
    draw(&app, &team, &id).await;
    let before = app.get(&format!("/api/v1/products/{slug}"), None).await.body;
    let points_before = app.get("/api/v1/users/tess/points", None).await.body["balance"].as_i64().unwrap_or(0);
    // Up to 4 pictures, the tester's own uploads with alt text.
    let p1 = crate::images::picture(&app, &tester, "The machine on the counter").await;
    let p2 = crate::images::picture(&app, &tester, "Milk foam").await;
    let five: Vec<Value> = (0..5).map(|_| p1["id"].clone()).collect();
    assert_problem(
        &app.post(
            &format!("/api/v1/product-tests/{id}/reports"),
            Some(&tester),
            json!({"stars": 5, "text": "x", "images": five, "answers": {"again": "yes"}}),
        )
        .await,
        422,
        Some("images"),
    );
    let r = app
        .post(
            &format!("/api/v1/product-tests/{id}/reports"),
            Some(&tester),
            json!({"stars": 5, "title": "A month of espresso", "text": "It made **good** coffee every day.", "pros": "Fast", "cons": "Loud", "answers": {"again": "yes"}, "images": [p1["id"], p2["id"]]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["review"]["tested_in"]["title"], "Coffee machine test");
    assert_eq!(r.body["review"]["images"].as_array().map(Vec::len), Some(2), "{:?}", r.body["review"]);
    assert_eq!(r.body["review"]["images"][1]["alt"], "Milk foam");
    assert_eq!(r.body["summary"]["count"], 2);
    assert_eq!(r.body["summary"]["average"], 3.5);
    assert_eq!(r.body["summary"]["histogram"], json!([0, 1, 0, 0, 1]));
    let _ = before;
    // On the product's review list, marked as tested, with pros and cons; the summary is exact.
    let reviews = app.get(&format!("/api/v1/products/{slug}/ratings"), None).await.body;
    assert_eq!(reviews["summary"]["count"], 2);
    let mine = reviews["items"].as_array().unwrap().iter().find(|i| i["author"]["handle"] == "tess").cloned().unwrap();
    assert_eq!(mine["tested_in"]["id"], json!(id));
    assert_eq!((mine["tested_in"]["pros"].as_str(), mine["tested_in"]["cons"].as_str()), (Some("Fast"), Some("Loud")));
    assert_eq!(mine["stars"], 5);
    assert_eq!(mine["images"].as_array().map(Vec::len), Some(2), "the pictures show with the review");
    let other_review =
        reviews["items"].as_array().unwrap().iter().find(|i| i["author"]["handle"] == "otto").cloned().unwrap();
    assert!(other_review["tested_in"].is_null());
    let product = app.get(&format!("/api/v1/products/{slug}"), None).await.body;
    assert_eq!(product["rating"]["count"].as_i64().or(product["summary"]["count"].as_i64()), Some(2), "{product:?}");
    // The team sees who reported.
    let team_view = app.get(&format!("/api/v1/product-tests/{id}"), Some(&team)).await.body;
    assert_eq!(team_view["testers"][0]["handle"], "tess");
    assert_eq!(team_view["testers"][0]["reported"], true);
    assert_eq!(team_view["reports"], 1);
    // Points (+20 for the report, +3 for the review) and the badge.
    let points_after = app.get("/api/v1/users/tess/points", None).await.body["balance"].as_i64().unwrap_or(0);
    assert_eq!(points_after - points_before, 23);
    let badges = app.get("/api/v1/users/tess/badges", None).await.body;
    assert!(
        badges.as_array().unwrap().iter().any(|b| b["key"] == "product_tester" && !b["awarded_at"].is_null()),
        "{badges:?}"
    );
    // The ledger stays consistent.
    let dir = tempfile::tempdir().unwrap();
    let out = ideashelf(&app, dir.path(), &["ledger", "verify"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}

async fn reminders_go_once_and_addresses_are_deleted_30_days_after_the_due_date(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let tess = app.member("tess").await;
    let now = chrono::Utc::now();
    let t = test_of(&app, &team, 1, json!({})).await;
    let id = t["id"].as_str().unwrap().to_string();
    assert_eq!(apply(&app, &tess, &id, application(true)).await.status, StatusCode::CREATED);
    close(&app, &id).await;
    draw(&app, &team, &id).await;
    let due = now + chrono::Duration::days(10);
    set_time(&app, &id, "report_due", due).await;
    let links = ideashelf::notifications::mail::MailLinks::new(
        ideashelf::accounts::email::Links { base: app.base.clone(), default_lang: ideashelf::pages::Lang::En },
        "x".repeat(32).as_bytes(),
    );
    let media = ideashelf::images::storage::Media::open(app.data_dir(), None).expect("media");
    let run = |days: i64| {
        let (links, media, db) = (links.clone(), media.clone(), app.db.clone());
        async move {
            ideashelf::jobs::run_all(
                &db,
                &links,
                &media,
                ideashelf::clock::from_utc(due + chrono::Duration::days(days)),
            )
            .await
            .expect("jobs")
        }
    };
    let app = &app;
    let reminders = |tok: String| async move {
        let notes = app.get("/api/v1/notifications?limit=100", Some(&tok)).await.body["items"].clone();
        notes.as_array().unwrap().iter().filter(|n| n["kind"] == "test_report_due").count()
    };
    // Four days before: no reminder yet; three days before: one, once.
    assert_eq!(run(-4).await.test_reminders, 0);
    assert_eq!(run(-3).await.test_reminders, 1);
    assert_eq!(run(-2).await.test_reminders, 0);
    assert_eq!(reminders(tess.clone()).await, 1);
    // The address is kept until 30 days after the due date, then deleted.
    let mine_path = format!("/api/v1/product-tests/{id}/applications/mine");
    let mine = |tok: String| {
        let path = mine_path.clone();
        async move { app.get(&path, Some(&tok)).await.body }
    };
    assert_eq!(run(29).await.test_addresses_deleted, 0);
    assert_eq!(mine(tess.clone()).await["shipping_address"], ADDRESS);
    assert_eq!(run(31).await.test_addresses_deleted, 1);
    assert!(mine(tess.clone()).await["shipping_address"].is_null());
    assert_eq!(run(32).await.test_addresses_deleted, 0, "deleting twice is nothing");
    let csv = app
        .client
        .get(format!("{}/api/v1/product-tests/{}/shipping-list", app.base, t["id"].as_str().unwrap()))
        .bearer_auth(&team)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(csv.lines().count(), 1, "only the header: {csv}");
    // A tester who reported gets no reminder.
    let t2 = test_of(app, &team, 1, json!({})).await;
    let id2 = t2["id"].as_str().unwrap().to_string();
    apply(app, &tess, &id2, application(true)).await;
    close(app, &id2).await;
    draw(app, &team, &id2).await;
    set_time(app, &id2, "report_due", due + chrono::Duration::days(100)).await;
    let r = app
        .post(
            &format!("/api/v1/product-tests/{id2}/reports"),
            Some(&tess),
            json!({"stars": 3, "text": "Okay.", "answers": {"again": "no"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(run(98).await.test_reminders, 0);
}

async fn the_export_and_erasure_cover_applications(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let anna = app.member("anna").await;
    let t = test_of(&app, &team, 1, json!({})).await;
    let id = t["id"].as_str().unwrap().to_string();
    let open = test_of(&app, &team, 1, json!({})).await;
    let open_id = open["id"].as_str().unwrap().to_string();
    apply(&app, &anna, &id, application(true)).await;
    apply(&app, &anna, &open_id, application(true)).await;
    close(&app, &id).await;
    draw(&app, &team, &id).await;
    let export = app.get("/api/v1/me/export", Some(&anna)).await.body;
    let apps = export["product_test_applications"].as_array().unwrap();
    assert_eq!(apps.len(), 2);
    assert!(apps.iter().all(|a| a["shipping_address"] == ADDRESS && a["answers"]["why"] == "I drink a lot of coffee"));
    let r =
        app.call(Method::DELETE, "/api/v1/me", Some(&anna), Some(json!({"password": "correct horse battery"}))).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    // The open application is gone; the drawn one keeps only its place in the published draw.
    assert_eq!(app.get(&format!("/api/v1/product-tests/{open_id}"), None).await.body["applicants"], 0);
    let drawn = app.get(&format!("/api/v1/product-tests/{id}"), None).await.body;
    assert_eq!(drawn["applicants"], 1);
    assert!(verify_file(&app, &drawn).0, "the published draw still verifies");
    let csv = app
        .client
        .get(format!("{}/api/v1/product-tests/{id}/shipping-list", app.base))
        .bearer_auth(&team)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!csv.contains("Bahnhofstrasse"), "{csv}");
    let leftover: Vec<(Option<String>, String)> = app
        .db
        .run(move |conn| {
            use diesel::prelude::*;
            use ideashelf::db::schema::product_test_applications as a;
            Ok(a::table.select((a::shipping_address, a::answers)).load(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(leftover, vec![(None, "{}".to_string())]);
}

//! Product tests in the browser: a member finds the test from the product page, applies through the form (an
//! answer missing first, then complete, with the address and the consent), sees her application, changes it;
//! the product team draws on the test's page and sees her among the testers; the review-to-be is marked.

use ideashelf::accounts::Role;
use serde_json::json;

use crate::driver::launch;
use crate::helpers::TestApp;
use crate::journeys::{register, tag};

pub async fn member_applies_for_a_product_test(app: TestApp) {
    let shots = tag(&app);
    let team = app.staff("team", Role::ProductTeam).await;
    let product = app.product(&team, "Kaffeemaschine Aroma", json!({"brand": "Mio"})).await;
    let slug = product["slug"].as_str().unwrap().to_string();
    let now = chrono::Utc::now();
    let r = app
        .post(
            "/api/v1/product-tests",
            Some(&team),
            json!({"product_id": slug, "title": "Aroma im Alltag", "description": "Einen Monat lang testen.",
                "units": 2, "apply_from": (now - chrono::Duration::hours(1)).to_rfc3339(),
                "apply_until": (now + chrono::Duration::days(7)).to_rfc3339(),
                "report_due": (now + chrono::Duration::days(40)).to_rfc3339(),
                "questions": [{"key": "why", "label": "Warum du?", "kind": "text"},
                              {"key": "milk", "label": "Mit Milch?", "kind": "choice", "options": ["ja", "nein"]}]}),
        )
        .await;
    assert_eq!(r.status, reqwest::StatusCode::CREATED, "{:?}", r.body);
    let id = r.body["id"].as_str().unwrap().to_string();
    let page = format!("/product-tests/{id}");
    let b = launch(true).await;

    // The product page links the test; the list shows it as open.
    b.goto(&format!("{}/products/{slug}", app.base)).await;
    assert!(b.text("[data-testid=product-tests]").await.contains("Aroma im Alltag"));
    b.goto(&format!("{}/product-tests", app.base)).await;
    assert!(b.text("[data-testid=ptests-open]").await.contains("Aroma im Alltag"));

    // Signed out: the page offers to sign in.
    b.goto(&format!("{}{page}", app.base)).await;
    assert!(b.exists("[data-testid=ptest-sign-in]").await);
    register(&b, &app, "anna", &page).await;
    assert_eq!(b.path().await, page);

    // An answer missing: the message sits at the field, what was typed stays.
    b.fill("#field-answer_why", "Ich trinke viel Kaffee").await;
    b.fill("#field-shipping_address", "Anna Muster, Bahnhofstrasse 1, 8001 Zürich").await;
    b.click("[data-testid=ptest-apply]").await;
    let error = b.text("[data-testid=error-answer_milk]").await;
    assert!(error.contains("ausfüllen"), "{error}");
    assert_eq!(b.value("#field-answer_why").await, "Ich trinke viel Kaffee");
    b.screenshot(&format!("{shots}-ptest-error")).await;

    // Complete: saved, the status says so; the address is kept with the consent.
    b.click("input[name=answer_milk][value=nein]").await;
    b.click("[data-testid=ptest-apply]").await;
    b.wait_text("[data-testid=flash]", |t| t.contains("Bewerbung ist gespeichert")).await;
    assert!(b.text("[data-testid=ptest-mine-status]").await.contains("beworben"));
    assert_eq!(b.text("[data-testid=ptest-applicants]").await, "1");
    assert_eq!(b.value("#field-shipping_address").await, "Anna Muster, Bahnhofstrasse 1, 8001 Zürich");
    b.screenshot(&format!("{shots}-ptest-applied")).await;
    let anna = {
        let r =
            app.post("/api/v1/auth/login", None, json!({"login": "anna", "password": "correct horse battery"})).await;
        r.body["token"].as_str().unwrap().to_string()
    };
    let mine = app.get(&format!("/api/v1/product-tests/{id}/applications/mine"), Some(&anna)).await.body;
    assert_eq!(mine["answers"], json!({"why": "Ich trinke viel Kaffee", "milk": "nein"}));
    assert_eq!(mine["consent_shipping"], true);

    // Changed through the same form.
    b.fill("#field-answer_why", "Zwei Tassen am Morgen").await;
    b.click("[data-testid=ptest-apply]").await;
    b.wait_text("[data-testid=flash]", |t| t.contains("Bewerbung ist gespeichert")).await;
    let mine = app.get(&format!("/api/v1/product-tests/{id}/applications/mine"), Some(&anna)).await.body;
    assert_eq!(mine["answers"]["why"], "Zwei Tassen am Morgen");
    assert_eq!(app.get(&format!("/api/v1/product-tests/{id}"), None).await.body["applicants"], 1);

    // Withdrawn and applied again.
    b.click("[data-testid=ptest-withdraw]").await;
    b.wait_text("[data-testid=flash]", |t| t.contains("zurückgezogen")).await;
    assert_eq!(b.text("[data-testid=ptest-applicants]").await, "0");
    b.fill("#field-answer_why", "Zwei Tassen am Morgen").await;
    b.click("input[name=answer_milk][value=ja]").await;
    b.fill("#field-shipping_address", "Anna Muster, Bahnhofstrasse 1, 8001 Zürich").await;
    b.click("[data-testid=ptest-apply]").await;
    b.wait_text("[data-testid=flash]", |t| t.contains("Bewerbung ist gespeichert")).await;

    // Applications close; the product team draws on the page and sees her among the testers.
    let sql = format!("UPDATE product_tests SET apply_until = '2001-01-01 00:00:00' WHERE id = '{id}'");
    app.db.run(move |conn| Ok(diesel::connection::SimpleConnection::batch_execute(conn, &sql)?)).await.unwrap();
    b.click("[data-testid=logout]").await;
    b.find("[data-testid=login-link]").await;
    b.goto(&format!("{}/login?next={page}", app.base)).await;
    b.fill("#field-login", "team").await;
    b.fill("#field-password", "correct horse battery").await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.wait_text("[data-testid=member-handle]", |t| t == "@team").await;
    b.goto(&format!("{}{page}", app.base)).await;
    b.click("[data-testid=ptest-draw]").await;
    b.wait_text("[data-testid=flash]", |t| t.contains("gezogen")).await;
    let team_box = b.text("[data-testid=ptest-team]").await;
    assert!(team_box.contains("@anna"), "{team_box}");
    assert!(b.exists("[data-testid=ptest-shipping]").await);
    assert_eq!(b.text("[data-testid=ptest-phase]").await.to_lowercase(), "testerinnen und tester gezogen");
    b.screenshot(&format!("{shots}-ptest-drawn")).await;

    // An upcoming test: the product team changes it through its form.
    let r = app
        .post(
            "/api/v1/product-tests",
            Some(&team),
            json!({"product_id": slug, "title": "Aroma im Herbst", "units": 1,
                "apply_from": (now + chrono::Duration::days(1)).to_rfc3339(),
                "apply_until": (now + chrono::Duration::days(8)).to_rfc3339(),
                "report_due": (now + chrono::Duration::days(40)).to_rfc3339(),
                "questions": [{"key": "milk", "label": "Mit Milch?", "kind": "choice", "options": ["ja", "nein"]}]}),
        )
        .await;
    let later = r.body["id"].as_str().unwrap().to_string();
    b.goto(&format!("{}/product-tests/{later}", app.base)).await;
    b.click("[data-testid=ptest-edit]").await;
    assert_eq!(b.value("#field-questions").await, "milk | Mit Milch? | choice | ja; nein");
    b.fill("#field-title", "Aroma im Winter").await;
    b.click("[data-testid=ptest-create]").await;
    b.wait_text("[data-testid=flash]", |t| t.contains("geändert")).await;
    assert_eq!(b.text("h1").await, "Aroma im Winter");
    let after = app.get(&format!("/api/v1/product-tests/{later}"), None).await.body;
    assert_eq!(
        (after["title"].as_str(), after["questions"][0]["options"][1].as_str()),
        (Some("Aroma im Winter"), Some("nein"))
    );
    b.close().await;

    // The drawn tester writes her report through the page, without JavaScript (a browser of her
    // own, once the first is closed: two at once could wait on each other's slot): the text missing first (the
    // message at the field, what she wrote and the uploaded picture kept), then complete.
    let dir = tempfile::tempdir().unwrap();
    let photo = crate::pictures::picture_file(dir.path(), "aroma.jpg", 900, 700);
    let t = launch(false).await;
    t.goto(&format!("{}/login?next={page}", app.base)).await;
    t.fill("#field-login", "anna").await;
    t.fill("#field-password", "correct horse battery").await;
    t.click("form[action='/login'] button[type=submit]").await;
    t.find("[data-testid=ptest-write-report]").await;
    t.click("[data-testid=ptest-write-report]").await;
    t.find("[data-testid=ptest-report-form]").await;
    t.click("[data-testid=ptest-report-star-4]").await;
    t.fill("#field-pros", "Schneller Kaffee").await;
    t.fill("#field-cons", "Laut beim Mahlen").await;
    t.find("#field-image-file").await.send_keys(&photo).await.unwrap();
    t.fill("#field-image-new-alt", "Die Aroma auf der Küchenablage").await;
    t.click("[data-testid=ptest-report-submit]").await;
    let error = t.text("[data-testid=error-text]").await;
    assert!(!error.is_empty(), "the missing text is asked for");
    assert_eq!(t.value("#field-pros").await, "Schneller Kaffee");
    assert!(t.exists("[data-testid=picture-list] img").await, "the uploaded picture is shown again");
    t.screenshot(&format!("{shots}-ptest-report-error")).await;
    t.fill("#field-text", "Einen Monat lang jeden Morgen benutzt: zuverlässig und einfach zu reinigen.").await;
    t.click("[data-testid=ptest-report-submit]").await;
    t.wait_text("[data-testid=flash]", |x| x.contains("Testbericht")).await;
    assert!(t.exists("[data-testid=ptest-reported]").await);
    assert!(!t.exists("[data-testid=ptest-write-report]").await, "one report only");
    t.screenshot(&format!("{shots}-ptest-reported")).await;
    t.click("[data-testid=ptest-review-link]").await;
    let tested = t.text("[data-testid=tested-in]").await;
    assert!(tested.to_lowercase().contains("aroma im alltag"), "{tested}");
    let reports = app.get(&format!("/api/v1/product-tests/{id}"), None).await.body;
    assert_eq!(reports["reports"], 1);
    let ratings = app.get(&format!("/api/v1/products/{slug}/ratings"), None).await.body;
    let review = &ratings["items"][0];
    assert_eq!(review["stars"], 4, "{ratings}");
    assert_eq!(review["images"].as_array().map(Vec::len), Some(1), "{review}");
    t.close().await;
}

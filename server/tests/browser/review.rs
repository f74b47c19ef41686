//! The review board in the browser, without JavaScript: an evaluator scores blind through the evaluation
//! page and then sees the calibration; a member gives private feedback and the author reads it, at 1280
//! and at 360 px.

use ideashelf::accounts::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::driver::{launch, Browser};
use crate::helpers::TestApp;
use crate::journeys::{sign_out, tag, PASSWORD};

async fn sign_in(b: &Browser, app: &TestApp, login: &str, next: &str) {
    b.goto(&format!("{}/login?next={next}", app.base)).await;
    b.fill("#field-login", login).await;
    b.fill("#field-password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.wait_text("[data-testid=member-handle]", |t| t == format!("@{login}")).await;
}

pub async fn evaluator_scores_blind_and_the_author_reads_feedback(app: TestApp) {
    let shots = tag(&app);
    let t1 = app.staff("eval_one", Role::ProductTeam).await;
    let t2 = app.staff("eval_two", Role::ProductTeam).await;
    let author = app.member("maker").await;
    let fan = app.member("fan").await;
    app.open_challenge(
        &t1,
        "board",
        json!({"support_tiers": [{"supports": 1, "days": 10}], "support_threshold": null}),
    )
    .await;
    let id = app.idea(&author, Some("board"), "Korkleuchte").await;
    assert_eq!(app.put(&format!("/api/v1/ideas/{id}/support"), Some(&fan)).await.status, StatusCode::OK);
    let body = json!({"no_conflict": true, "note": "Geheim",
        "scores": {"brand_fit": 5, "feasibility": 4, "demand": 4, "originality": 2}});
    let r = app.put_json(&format!("/api/v1/ideas/{id}/evaluations"), Some(&t2), body).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);

    let b = launch(false).await;
    // eval_one finds the idea from its page and scores blind.
    sign_in(&b, &app, "eval_one", &format!("/ideas/{id}")).await;
    b.click("[data-testid=evaluation-link]").await;
    b.find("[data-testid=eval-blind]").await;
    assert!(!b.exists("[data-testid=calibration]").await, "blind: no calibration");
    let others = b.text("[data-testid=eval-others]").await;
    assert!(others.contains("@eval_two") && !others.contains("Geheim"), "{others}");
    b.screenshot(&format!("{shots}-evaluation-blind")).await;
    // Every criterion 1–5 and the conflict declaration; then the others' scores and the calibration show.
    for (key, v) in [("brand_fit", "1"), ("feasibility", "4"), ("demand", "4"), ("originality", "2")] {
        b.click(&format!("#score-{key} option[value='{v}']")).await;
    }
    b.click("#no-conflict").await;
    b.click("[data-testid=eval-submit]").await;
    b.find("[data-testid=eval-submitted]").await;
    assert!(!b.exists("[data-testid=eval-blind]").await);
    assert_eq!(b.text("[data-testid=weighted-score]").await, "57.5");
    assert!(b.text("[data-testid=eval-others]").await.contains("Geheim"));
    assert_eq!(b.client.find_all(fantoccini::Locator::Css("[data-testid=outlier]")).await.unwrap().len(), 2);
    b.screenshot(&format!("{shots}-evaluation-calibration")).await;
    // The ranking.
    b.goto(&format!("{}/review-board", app.base)).await;
    assert!(b.text("[data-testid=review-board]").await.contains("Korkleuchte"));
    b.emulate_screen(360, 740).await;
    b.goto(&format!("{}/ideas/{id}/evaluation", app.base)).await;
    b.find("[data-testid=calibration]").await;
    b.screenshot(&format!("{shots}-evaluation-phone")).await;
    b.emulate_screen(1280, 900).await;
    sign_out(&b).await;

    // A member gives private feedback through the idea page.
    sign_in(&b, &app, "fan", &format!("/ideas/{id}")).await;
    for (name, v) in [("originality", "5"), ("execution", "4"), ("detail", "3"), ("presentation", "4")] {
        b.click(&format!("#feedback-{name} option[value='{v}']")).await;
    }
    b.fill("#feedback-note", "Schöne **Idee**").await;
    b.click("[data-testid=feedback-submit]").await;
    b.find("[data-testid=flash]").await;
    assert_eq!(b.value("#feedback-originality").await, "5", "the form shows what was given");
    assert!(!b.exists("[data-testid=feedback-summary]").await, "only the author sees the summary");
    sign_out(&b).await;

    // The author reads it, without names.
    sign_in(&b, &app, "maker", &format!("/ideas/{id}")).await;
    let summary = b.text("[data-testid=feedback-box]").await;
    assert!(summary.contains("5.0") && summary.contains("Schöne Idee"), "{summary}");
    assert!(!summary.contains("fan"), "{summary}");
    assert!(!b.exists("[data-testid=feedback-form]").await);
    b.screenshot(&format!("{shots}-feedback-author")).await;
    b.close().await;
}

//! A member asks about a product on its page, the product team answers on the question's page (shown first,
//! with the official badge), another member answers and is marked helpful, and the asker accepts an answer:
//! all without JavaScript, in German (the site's language).

use ideashelf::accounts::Role;
use serde_json::json;

use crate::driver::{launch, Browser};
use crate::helpers::TestApp;
use crate::journeys::{sign_out, tag, PASSWORD};

/// Signs in through the form and lands on `next`.
async fn sign_in(b: &Browser, app: &TestApp, login: &str, next: &str) {
    b.goto(&format!("{}/login?next={next}", app.base)).await;
    b.fill("#field-login", login).await;
    b.fill("#field-password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.wait_text("[data-testid=member-handle]", |t| t == format!("@{login}")).await;
}

pub async fn members_ask_and_the_team_answers_on_the_pages(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let product = app.product(&team, "Hafer Barista", json!({})).await;
    let slug = product["slug"].as_str().unwrap().to_string();
    app.member("anna").await;
    let ben = app.member("ben").await;
    let page = format!("/products/{slug}");

    // Anna asks on the product page; a too short question comes back with the message at the field.
    let b = launch(false).await;
    sign_in(&b, &app, "anna", &page).await;
    b.find("#questions [data-testid=questions-filter-unanswered]").await;
    b.fill("#question-title", "Schaum?").await;
    b.click_to_next_page("[data-testid=ask-submit]").await;
    b.find("[data-testid=error-question-title]").await;
    b.fill("#question-title", "Lässt er sich kalt aufschäumen?").await;
    b.fill("#question-body", "Für Cold Brew im Sommer.").await;
    b.click_to_next_page("[data-testid=ask-submit]").await;
    assert!(b.path().await.starts_with("/questions/"), "{}", b.path().await);
    let question_path = b.path().await;
    let qid = question_path.trim_start_matches("/questions/").to_string();
    assert_eq!(b.text("[data-testid=question-title]").await, "Lässt er sich kalt aufschäumen?");
    b.find("[data-testid=no-answers]").await;
    sign_out(&b).await;

    // Ben answers through the API; the team answers on the page: official, and shown first.
    let r = app.post(&format!("/api/v1/questions/{qid}/answers"), Some(&ben), json!({"body": "Bei mir ja."})).await;
    assert_eq!(r.status, reqwest::StatusCode::CREATED, "{:?}", r.body);
    sign_in(&b, &app, "team", &question_path).await;
    b.fill("#answer-body", "Ja, die Barista-Variante schäumt auch **kalt**.").await;
    b.click_to_next_page("[data-testid=answer-submit]").await;
    assert!(b.text("[data-testid=flash]").await.contains("Danke"));
    let first = "[data-testid=answer]:first-child";
    b.find(&format!("{first} [data-testid=official-badge]")).await;
    assert!(b.text(&format!("{first} [data-testid=answer-body]")).await.contains("Barista-Variante"));
    // The team marks Ben's answer helpful.
    b.click_to_next_page("[data-testid=answer]:nth-child(2) [data-testid=answer-helpful]").await;
    assert!(b.text("[data-testid=answer]:nth-child(2) [data-testid=answer-helpful]").await.contains('1'));
    sign_out(&b).await;

    // Anna accepts Ben's answer: it is marked, the official one stays first.
    sign_in(&b, &app, "anna", &question_path).await;
    b.click_to_next_page("[data-testid=answer]:nth-child(2) [data-testid=accept-answer]").await;
    b.find("[data-testid=answer]:nth-child(2) [data-testid=accepted-badge]").await;
    b.find(&format!("{first} [data-testid=official-badge]")).await;
    b.screenshot(&format!("{}-question", tag(&app))).await;
    // The product page lists it as answered by the team, with the team's average.
    b.goto(&format!("{}{page}?questions=official#questions", app.base)).await;
    assert!(b.text("[data-testid=questions]").await.contains("kalt aufschäumen"));
    assert!(b.text("[data-testid=team-average]").await.contains("Tag"));
    assert!(b.find("html").await.attr("data-enhanced").await.unwrap().is_none());
    b.close().await;

    let q = app.get(&format!("/api/v1/questions/{qid}"), None).await;
    assert_eq!(q.body["answers"][0]["official"], true);
    assert_eq!(q.body["answers"][1]["accepted"], true);
    assert_eq!(q.body["answers"][1]["helpful_count"], 1);
}

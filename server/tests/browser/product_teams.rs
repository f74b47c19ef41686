//! For product teams, in the browser and over HTTP: a supporter answers
//! "would you buy it?" in the support box and the product team sees the
//! answers on the idea; the raffle box on the challenge page, from the
//! announcement to the published winners; the export page and its download.

use ideashelf::accounts::Role;
use reqwest::header::{CONTENT_TYPE, COOKIE, LOCATION};
use reqwest::StatusCode;
use serde_json::json;

use crate::driver::launch;
use crate::helpers::TestApp;
use crate::journeys::{register, sign_out, tag, PASSWORD};

fn session(token: &str) -> String {
    format!("ideashelf_session={token}")
}

pub async fn supporters_answer_and_the_team_sees_demand(app: TestApp) {
    let shots = tag(&app);
    let team = app.staff("team", Role::ProductTeam).await;
    app.open_challenge(&team, "snacks", json!({"price_bands": ["unter CHF 3", "CHF 3–5", "über CHF 5"]})).await;
    let author = app.member("author").await;
    let idea = app.idea(&author, Some("snacks"), "Gebrannte Mandeln").await;
    let page = format!("/ideas/{idea}");
    let b = launch(true).await;
    register(&b, &app, "anna", &page).await;
    assert!(!b.exists("[data-testid=demand-panel]").await, "members do not see the answers");
    // Answer while supporting.
    b.click(".demand-ask summary").await;
    b.click("[data-testid=would-buy-yes]").await;
    b.find("[data-testid=price-band] option[value='CHF 3–5']").await.click().await.unwrap();
    b.click("[data-testid=support-button]").await;
    b.wait_text("[data-testid=support-count]", |t| t == "1").await;
    b.wait_text("[data-testid=demand-mine]", |t| t.contains("Ja") && t.contains("CHF 3–5")).await;
    b.screenshot(&format!("{shots}-demand-answered")).await;
    // Change the answer.
    b.click(".demand-change summary").await;
    b.click("[data-testid=demand-form] [data-testid=would-buy-maybe]").await;
    b.click("[data-testid=demand-save]").await;
    b.wait_text("[data-testid=demand-mine]", |t| t.contains("Vielleicht")).await;
    assert_eq!(b.text("[data-testid=support-count]").await, "1", "answering again does not count twice");
    sign_out(&b).await;
    // The product team sees the distribution.
    b.goto(&format!("{}/login?next={page}", app.base)).await;
    b.fill("#field-login", "team").await;
    b.fill("#field-password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.wait_text("[data-testid=member-handle]", |t| t == "@team").await;
    b.goto(&format!("{}{page}", app.base)).await;
    let panel = b.text("[data-testid=demand-panel]").await;
    assert!(panel.contains("CHF 3–5"), "{panel}");
    assert_eq!(b.text("[data-testid=demand-demand-maybe]").await, "1");
    assert_eq!(b.text("[data-testid=demand-demand-yes]").await, "0");
    b.full_screenshot(&format!("{shots}-demand-team")).await;
    b.close().await;
}

pub async fn raffle_and_exports_over_http(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let member = app.member("anna").await;
    let fan = app.member("ben").await;
    app.open_challenge(&team, "prizes", json!({})).await;
    let idea = app.idea(&member, Some("prizes"), "=cmd Prize idea").await;
    app.put(&format!("/api/v1/ideas/{idea}/support"), Some(&fan)).await;
    let csrf = "r".repeat(43);
    let get =
        |path: String, token: &str| app.client.get(format!("{}{path}", app.base)).header(COOKIE, session(token)).send();
    let post = |path: String, token: &str, form: String| {
        app.client
            .post(format!("{}{path}", app.base))
            .header(COOKIE, format!("{}; ideashelf_csrf={csrf}", session(token)))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(format!("{form}&csrf={csrf}"))
            .send()
    };
    // Members see no raffle controls; the team announces one from the challenge page.
    let page = get("/challenges/prizes".into(), &member).await.unwrap().text().await.unwrap();
    assert!(!page.contains("data-testid=\"raffle-announce\""));
    let page = get("/challenges/prizes".into(), &team).await.unwrap().text().await.unwrap();
    assert!(page.contains("data-testid=\"raffle-announce\""));
    let res = post("/challenges/prizes/raffle".into(), &team, "prizes=1".into()).await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers().get(LOCATION).unwrap(), "/challenges/prizes#raffle");
    let commitment =
        app.get("/api/v1/challenges/prizes/raffle", None).await.body["seed_commitment"].as_str().unwrap().to_string();
    let page = get("/challenges/prizes".into(), &member).await.unwrap().text().await.unwrap();
    assert!(page.contains(&commitment), "the commitment is on the page for everyone");
    // Without its CSRF token the draw is refused.
    let res = app
        .client
        .post(format!("{}/challenges/prizes/raffle/draw", app.base))
        .header(COOKIE, session(&team))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let closes = chrono::Utc::now() + chrono::Duration::milliseconds(1200);
    app.patch("/api/v1/challenges/prizes", Some(&team), json!({"closes_at": closes.to_rfc3339()})).await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let res = post("/challenges/prizes/raffle/draw".into(), &team, String::new()).await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = get("/challenges/prizes".into(), &member).await.unwrap().text().await.unwrap();
    assert!(page.contains("data-testid=\"raffle-winners\""), "{page}");
    assert!(page.contains("ideashelf raffle verify"));
    let winner =
        app.get("/api/v1/challenges/prizes/raffle", None).await.body["winners"][0].as_str().unwrap().to_string();
    assert!(page.contains(&format!("@{winner}")));

    // The export page: the team's; a download carries the CSV; bad input comes back to the form.
    assert_eq!(get("/exports".into(), &member).await.unwrap().status(), StatusCode::FORBIDDEN);
    let form = get("/exports".into(), &team).await.unwrap();
    assert_eq!(form.status(), StatusCode::OK);
    assert!(form.text().await.unwrap().contains("data-testid=\"export-form\""));
    let res = get(
        "/exports/download?challenge=prizes&status=gathering_support&status=in_review&sort=top&format=csv".into(),
        &team,
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers().get(CONTENT_TYPE).unwrap(), "text/csv; charset=utf-8");
    assert!(res
        .headers()
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"ideas-"));
    let body = res.bytes().await.unwrap();
    assert!(body.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8_lossy(&body[3..]).to_string();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains("'=cmd Prize idea"), "neutralized: {text}");
    let res = get("/exports/download?limit=0&format=csv".into(), &team).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("id=\"error-limit\"") && page.contains("000&#x27;000"),
        "the limit's message at the field: {page}"
    );
}

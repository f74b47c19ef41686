//! The product team's dashboard in the browser: a team member finds it in
//! the navigation, sees both charts (SVG drawn on the server, with title and
//! description) and the numbers, switches to one challenge with the select;
//! members and moderators get the 403 page, the signed-out the sign-in page.

use chrono::Duration;
use diesel::prelude::*;
use ideashelf::accounts::Role;
use ideashelf::db::schema::{supports, users};
use reqwest::header::{COOKIE, LOCATION};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::driver::{launch, Browser};
use crate::helpers::TestApp;
use crate::journeys::{tag, PASSWORD};

async fn sign_in(b: &Browser, app: &TestApp, login: &str, next: &str) {
    b.goto(&format!("{}/login?next={next}", app.base)).await;
    b.fill("#field-login", login).await;
    b.fill("#field-password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.wait_text("[data-testid=member-handle]", |t| t == format!("@{login}")).await;
}

async fn move_to(app: &TestApp, token: &str, id: &str, body: Value) {
    let r = app.post(&format!("/api/v1/ideas/{id}/transitions"), Some(token), body).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
}

async fn support(app: &TestApp, token: &str, id: &str) {
    let r = app.put(&format!("/api/v1/ideas/{id}/support"), Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
}

/// Moves a member's support `days` back in time.
async fn backdate_support(app: &TestApp, idea: &str, handle: &str, days: i64) {
    let (idea, handle) = (idea.to_string(), handle.to_string());
    let when = ideashelf::clock::now() - Duration::days(days);
    app.db
        .run(move |conn| {
            let user: String = users::table.filter(users::handle.eq(handle)).select(users::id).first(conn)?;
            diesel::update(supports::table.find((idea, user))).set(supports::created_at.eq(when)).execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
}

/// The number a cell of the funnel table shows for a stage.
async fn funnel_cell(b: &Browser, stage: &str, column: &str) -> String {
    b.text(&format!("[data-testid=funnel-table] tr[data-stage={stage}] [data-testid={column}]")).await
}

pub async fn product_team_reads_the_dashboard(app: TestApp) {
    let shots = tag(&app);
    let team = app.staff("team", Role::ProductTeam).await;
    app.staff("mod", Role::Moderator).await;
    app.open_challenge(&team, "snacks", json!({"title": "Snacks für unterwegs"})).await;
    app.open_challenge(&team, "drinks", json!({"title": "Getränke"})).await;
    let author = app.member("author").await;
    let mut fans = Vec::new();
    for i in 1..=4 {
        fans.push(app.member(&format!("fan{i}")).await);
    }
    let crisps = app.idea(&author, Some("snacks"), "Scharfe Chips <mit> Zitrone").await;
    let bar = app.idea(&author, Some("snacks"), "Haferriegel").await;
    let shot = app.idea(&author, Some("drinks"), "Ingwer-Shot").await;
    app.idea(&author, Some("drinks"), "Eistee ohne Zucker").await;
    for f in &fans {
        support(&app, f, &crisps).await;
    }
    for f in &fans[..2] {
        support(&app, f, &shot).await;
    }
    support(&app, &fans[0], &bar).await;
    backdate_support(&app, &crisps, "fan3", 3).await;
    backdate_support(&app, &crisps, "fan4", 10).await;
    backdate_support(&app, &shot, "fan2", 12).await;
    move_to(&app, &team, &bar, json!({"to": "in_review"})).await;
    move_to(&app, &team, &shot, json!({"to": "in_review"})).await;
    move_to(&app, &team, &shot, json!({"to": "approved"})).await;
    // A review spike on a product.
    let product = app.product(&team, "Hafer Drink", json!({"brand": "Alnatura", "category": "Drinks"})).await;
    for f in &fans[..2] {
        let path = format!("/api/v1/products/{}/rating", product["slug"].as_str().unwrap());
        let r = app.call(reqwest::Method::PUT, &path, Some(f), Some(json!({"stars": 1}))).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    }

    let b = launch(true).await;
    sign_in(&b, &app, "team", "/").await;
    b.click("[data-testid=nav-dashboard]").await;
    b.wait_text("[data-testid=dash-heading]", |t| t == "Dashboard").await;
    assert_eq!(b.path().await, "/dashboard");
    let current = b.find("[data-testid=nav-dashboard]").await.attr("aria-current").await.unwrap();
    assert_eq!(current.as_deref(), Some("page"));

    // The figures on top.
    assert_eq!(b.text("[data-testid=kpi-submitted]").await, "4");
    assert_eq!(b.text("[data-testid=kpi-supports]").await, "7");
    assert_eq!(b.text("[data-testid=kpi-waiting]").await, "1");
    assert_eq!(b.text("[data-testid=kpi-alerts]").await, "1");

    // The funnel: an SVG with a title and a description, and the same numbers as a table.
    let funnel = b.find("svg[data-testid=funnel-chart]").await;
    assert_eq!(funnel.attr("role").await.unwrap().as_deref(), Some("img"));
    let funnel_svg = funnel.html(false).await.unwrap().replace("&nbsp;", "\u{a0}");
    assert!(
        funnel_svg.contains("<title id=\"funnel-chart-title\">Trichter: Ideen, die jede Stufe erreicht haben</title>"),
        "{funnel_svg}"
    );
    assert!(funnel_svg.contains("Eingereicht: 4 (100\u{a0}%); Sammelt Unterstützung: 4 (100\u{a0}%); In Prüfung: 2 (50\u{a0}%); Angenommen: 1 (25\u{a0}%)"), "{funnel_svg}");
    assert_eq!(
        b.client.find_all(fantoccini::Locator::Css("svg[data-testid=funnel-chart] .funnel-bar")).await.unwrap().len(),
        7
    );
    assert_eq!(funnel_cell(&b, "submitted", "reached").await, "4");
    assert_eq!(funnel_cell(&b, "in_review", "reached").await, "2");
    assert_eq!(funnel_cell(&b, "in_review", "now").await, "1");
    assert_eq!(funnel_cell(&b, "approved", "reached").await, "1");
    assert_eq!(funnel_cell(&b, "on_shelf", "reached").await, "0");

    // Supports per day: a column for each of 30 days, today's the tallest; the table is there for screen readers.
    let days = b.find("svg[data-testid=days-chart]").await;
    let days_svg = days.html(false).await.unwrap();
    assert!(days_svg.contains("7 Unterstützungen vom"), "{days_svg}");
    let columns =
        b.client.find_all(fantoccini::Locator::Css("svg[data-testid=days-chart] rect.day-bar")).await.unwrap();
    assert_eq!(columns.len(), 30);
    let today = columns[29].attr("data-supports").await.unwrap();
    assert_eq!(today.as_deref(), Some("4"));
    let rows = b.client.find_all(fantoccini::Locator::Css("[data-testid=days-table] tbody tr")).await.unwrap();
    assert_eq!(rows.len(), 30);

    // Risers, the waiting list and the alert.
    let risers = b.text("[data-testid=risers]").await;
    assert!(risers.starts_with("Scharfe Chips <mit> Zitrone"), "escaped and first: {risers}");
    assert!(risers.contains("3 Unterstützungen diese Woche") && risers.contains("1 in der Woche davor"), "{risers}");
    assert!(b.text("[data-testid=risers] li:first-child [data-testid=riser-change]").await.ends_with("+2"));
    let waiting = b.text("[data-testid=waiting]").await;
    assert!(waiting.contains("Haferriegel") && waiting.contains("Wartet seit weniger als einem Tag"), "{waiting}");
    let alerts = b.text("[data-testid=alerts]").await;
    assert!(
        alerts.contains("Hafer Drink")
            && alerts.contains("2 schlechte Bewertungen (1–2 Sterne) innerhalb von 48 Stunden"),
        "{alerts}"
    );
    b.full_screenshot(&format!("{shots}-dashboard")).await;

    // One challenge through the select.
    b.find("#dash-challenge option[value=drinks]").await.click().await.unwrap();
    b.click("[data-testid=dash-scope-submit]").await;
    b.wait_text("[data-testid=dash-heading]", |t| t == "Dashboard: Getränke").await;
    let url = b.client.current_url().await.unwrap();
    assert_eq!(url.query(), Some("challenge=drinks"));
    assert_eq!(b.text("[data-testid=kpi-submitted]").await, "2");
    assert_eq!(b.text("[data-testid=kpi-supports]").await, "2", "one today, one twelve days ago");
    assert_eq!(b.text("[data-testid=kpi-waiting]").await, "0");
    assert_eq!(funnel_cell(&b, "approved", "reached").await, "1");
    assert!(b.text("[data-testid=risers]").await.starts_with("Ingwer-Shot"));
    assert!(b.exists("[data-testid=dash-waiting] .empty").await);
    assert!(b.exists("[data-testid=dash-alerts] .empty").await, "the product is from no idea of this challenge");
    assert_eq!(b.value("#dash-challenge").await, "drinks");
    b.full_screenshot(&format!("{shots}-dashboard-challenge")).await;

    // In English.
    b.click("button[data-lang=en]").await;
    b.wait_lang("en").await;
    assert_eq!(b.text("[data-testid=dash-heading]").await, "Dashboard: Getränke");
    assert!(b.text("[data-testid=dash-funnel] h2").await.contains("From submission to the shelf"));
    let svg = b.find("svg[data-testid=funnel-chart]").await.html(false).await.unwrap();
    assert!(svg.contains("Submitted: 2 (100%)"), "{svg}");
    b.close().await;
}

/// Over plain HTTP: members and moderators get the 403 page, the signed-out
/// the sign-in page; an unknown challenge is a 404 page; the team's page has
/// the charts and no script.
pub async fn dashboard_is_the_product_teams_page(app: TestApp) {
    let member = app.member("anna").await;
    let moderator = app.staff("mod", Role::Moderator).await;
    let team = app.staff("team", Role::ProductTeam).await;
    let admin = app.staff("boss", Role::Admin).await;
    let get = |token: Option<String>, path: &'static str| {
        let mut req = app.client.get(format!("{}{path}", app.base));
        if let Some(t) = token {
            req = req.header(COOKIE, format!("ideashelf_session={t}"));
        }
        req.send()
    };
    let res = get(None, "/dashboard?challenge=snacks").await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers().get(LOCATION).unwrap(), "/login?next=%2Fdashboard%3Fchallenge%3Dsnacks");
    for token in [&member, &moderator] {
        let res = get(Some(token.clone()), "/dashboard").await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let html = res.text().await.unwrap();
        assert!(html.contains("Nicht erlaubt"), "{html}");
        assert!(!html.contains("data-testid=\"nav-dashboard\""), "no link for them");
    }
    let res = get(Some(team.clone()), "/dashboard?challenge=nope").await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    for token in [&team, &admin] {
        let res = get(Some(token.clone()), "/dashboard").await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let html = res.text().await.unwrap();
        assert!(html.contains("data-testid=\"nav-dashboard\""));
        assert!(html.contains("<svg class=\"chart chart-funnel\"") && html.contains("<svg class=\"chart chart-days\""));
        assert!(
            html.contains("<desc id=\"days-chart-desc\">0 Unterstützungen vom"),
            "an empty site still draws its axes"
        );
        assert!(!html.contains("style=") && !html.contains("<script>"), "nothing inline (CSP)");
    }
}

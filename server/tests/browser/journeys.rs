//! Member journeys through the pages in a real browser.

use ideashelf::accounts::Role;
use serde_json::json;

use crate::driver::{launch, Browser};
use crate::helpers::{Backend, TestApp};

pub(crate) const PASSWORD: &str = "correct horse battery";

pub(crate) fn tag(app: &TestApp) -> &'static str {
    match app.backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

/// Registers through the form; the page comes back signed in.
pub(crate) async fn register(b: &Browser, app: &TestApp, handle: &str, next: &str) {
    b.goto(&format!("{}/register?next={next}", app.base)).await;
    b.fill("#field-handle", handle).await;
    b.fill("#field-email", &format!("{handle}@example.org")).await;
    b.fill("#field-password", PASSWORD).await;
    b.click("#field-accept-terms").await;
    b.click("form[action='/register'] button[type=submit]").await;
    let shown = b.text("[data-testid=member-handle]").await;
    assert_eq!(shown, format!("@{handle}"));
}

pub(crate) async fn sign_out(b: &Browser) {
    b.click("[data-testid=logout]").await;
    b.find("[data-testid=login-link]").await;
}

/// Register; submit an idea with an invalid field, see the error, fix it,
/// submit; a second member supports it (1 supporter) and withdraws; comment
/// and reply; switch to English and back. Screenshots of every page.
pub async fn member_journey(app: TestApp) {
    let shots = tag(&app);
    let staff = app.staff("team", Role::ProductTeam).await;
    let challenge = app
        .open_challenge(&staff, "summer-snacks", json!({"support_threshold": 2, "title": "Snack des Sommers"}))
        .await;
    let b = launch(true).await;

    // The pages a visitor sees first.
    b.goto(&format!("{}/", app.base)).await;
    assert_eq!(b.find("html").await.attr("lang").await.unwrap().as_deref(), Some("de"));
    b.screenshot(&format!("{shots}-home-visitor")).await;
    b.goto(&format!("{}/login", app.base)).await;
    b.screenshot(&format!("{shots}-login")).await;
    b.goto(&format!("{}/no/such/page", app.base)).await;
    assert!(b.text("h1").await.contains("nicht gefunden"));
    b.screenshot(&format!("{shots}-404")).await;

    // Register.
    b.goto(&format!("{}/register", app.base)).await;
    b.screenshot(&format!("{shots}-register")).await;
    register(&b, &app, "anna", "/").await;
    assert!(b.text("[data-testid=flash]").await.contains("Willkommen"));

    // Submit with a too-short title: the error sits at the field, the input stays.
    b.goto(&format!("{}/challenges/summer-snacks", app.base)).await;
    b.screenshot(&format!("{shots}-challenge")).await;
    b.click("a[href^='/ideas/new?challenge=']").await;
    b.fill("#field-title", "Eis").await;
    b.fill("#field-summary", "Ein Sorbet am Stiel").await;
    b.fill("#field-body", "Aus **Wassermelone** und Minze.").await;
    b.fill("#field-tags", "glace, sommer").await;
    b.click("[data-testid=idea-form] button[type=submit]").await;
    let error = b.text("[data-testid=error-title]").await;
    assert!(error.contains("mindestens 5 Zeichen"), "{error}");
    assert_eq!(b.find("#field-title").await.attr("aria-invalid").await.unwrap().as_deref(), Some("true"));
    assert_eq!(b.value("#field-summary").await, "Ein Sorbet am Stiel");
    assert_eq!(b.value("#field-tags").await, "glace, sommer");
    assert_eq!(b.value("#field-challenge").await, "summer-snacks");
    b.screenshot(&format!("{shots}-submit-error")).await;
    b.fill("#field-title", "Wassermelonen-Sorbet").await;
    b.click("[data-testid=idea-form] button[type=submit]").await;
    b.wait_text("h1", |t| t == "Wassermelonen-Sorbet").await;
    let idea_path = b.path().await;
    assert!(idea_path.starts_with("/ideas/"), "{idea_path}");
    assert!(b.text("[data-testid=idea-body]").await.contains("Wassermelone"));
    let date = b.text(".idea-header time").await;
    assert!(date.len() == 10 && date.matches('.').count() == 2, "{date}");
    assert!(b.exists("[data-testid=support-refusal]").await, "authors cannot support their own idea");
    assert_eq!(b.text("[data-testid=support-count]").await, "0");
    sign_out(&b).await;

    // A second member supports it, in place (JavaScript on).
    register(&b, &app, "ben", &idea_path).await;
    assert_eq!(b.path().await, idea_path);
    b.click("[data-testid=support-button]").await;
    b.find("[data-testid=withdraw-button]").await;
    b.wait_text("[data-testid=support-count]", |t| t == "1").await;
    let count = b.text("#support .support-count").await.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(count, "1 Unterstützung");
    let enhanced = b.find("html").await.attr("data-enhanced").await.unwrap();
    assert!(enhanced.is_some(), "the support should have happened in place");
    assert!(b.find("progress").await.attr("value").await.unwrap().as_deref() == Some("50"));
    b.screenshot(&format!("{shots}-idea-supported")).await;
    let api = app.get(&format!("/api/v1{idea_path}"), None).await;
    assert_eq!(api.body["supports"], 1);

    // Withdraw.
    b.click("[data-testid=withdraw-button]").await;
    b.find("[data-testid=support-button]").await;
    b.wait_text("[data-testid=support-count]", |t| t == "0").await;

    // Comment, then reply to it.
    b.fill("#field-comment", "Perfekt für den Badesee!").await;
    b.click("[data-testid=comment-submit]").await;
    b.wait_text("#comments .comment-list", |t| t.contains("Perfekt für den Badesee!")).await;
    b.click("#comments .comment-list > li.comment [data-testid=reply-toggle]").await;
    b.fill("#comments .comment-list > li.comment .reply-form textarea", "Und im Büro!").await;
    b.click("#comments .comment-list > li.comment .reply-form button[type=submit]").await;
    b.wait_text("#comments .reply-list", |t| t.contains("Und im Büro!")).await;
    // Everything is stored: a full reload shows the same.
    b.client.refresh().await.unwrap();
    assert!(b.text("#comments .comment-list > li.comment .comment-body").await.contains("Badesee"));
    assert!(b.text("#comments .reply-list").await.contains("Und im Büro!"));
    assert_eq!(b.text("[data-testid=support-count]").await, "0");
    b.screenshot(&format!("{shots}-idea-comments")).await;

    // Switch to English and back.
    b.click("button[data-lang=en]").await;
    b.wait_lang("en").await;
    assert_eq!(b.path().await, idea_path);
    assert_eq!(b.text("[data-testid=support-button]").await, "Support this idea");
    assert!(b.text("#comments h2").await.starts_with("Comments"));
    // Dates follow the language: 3 Nov 2026 here, 03.11.2026 in German.
    let date = b.text(".idea-header time").await;
    let parts: Vec<&str> = date.split(' ').collect();
    assert!(parts.len() == 3 && parts[1].len() == 3 && parts[2].len() == 4, "{date}");
    b.screenshot(&format!("{shots}-idea-english")).await;
    b.goto(&format!("{}/", app.base)).await;
    assert_eq!(b.find("html").await.attr("lang").await.unwrap().as_deref(), Some("en"), "the choice is remembered");
    b.click("button[data-lang=de]").await;
    b.wait_lang("de").await;
    assert!(b.text("h1").await.contains("Teile deine Idee"));
    b.screenshot(&format!("{shots}-home-member")).await;

    // The same idea at phone width.
    b.client.set_window_size(390, 900).await.unwrap();
    b.goto(&format!("{}{idea_path}", app.base)).await;
    b.screenshot(&format!("{shots}-idea-phone")).await;
    b.goto(&format!("{}/ideas/new", app.base)).await;
    b.screenshot(&format!("{shots}-submit-phone")).await;
    let _ = challenge;
    b.close().await;
}

/// Supporting works with JavaScript disabled: the form posts, the server
/// redirects back, and the idea page shows the new count.
pub async fn support_without_javascript(app: TestApp) {
    let author = app.member("author").await;
    let idea = app.idea(&author, None, "Leise Einkaufsstunde").await;
    app.member("carla").await;
    let b = launch(false).await;
    b.goto(&format!("{}/login?next=/ideas/{idea}", app.base)).await;
    b.fill("#field-login", "carla").await;
    b.fill("#field-password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.find("[data-testid=support-button]").await;
    assert_eq!(b.path().await, format!("/ideas/{idea}"));
    b.click("[data-testid=support-button]").await;
    b.find("[data-testid=withdraw-button]").await;
    assert_eq!(b.text("[data-testid=support-count]").await, "1");
    assert!(b.text("[data-testid=flash]").await.contains("Danke"));
    // No script ran: the enhancement never marked the page.
    assert_eq!(b.find("html").await.attr("data-enhanced").await.unwrap(), None);
    b.screenshot(&format!("{}-idea-no-javascript", tag(&app))).await;
    assert_eq!(app.get(&format!("/api/v1/ideas/{idea}"), None).await.body["supports"], 1);
    b.close().await;
}

/// An idea whose text holds `<script>` and `<img onerror>` renders them inert.
pub async fn hostile_markdown_is_inert(app: TestApp) {
    let author = app.member("mallory").await;
    let r = app
        .post(
            "/api/v1/ideas",
            Some(&author),
            json!({
                "title": "<script>document.documentElement.dataset.pwned='title'</script> Harmlos",
                "summary": "<img src=x onerror=\"document.documentElement.dataset.pwned='summary'\">",
                "body": "Hallo <script>document.documentElement.dataset.pwned='body'</script>\n\n<img src=\"x\" onerror=\"document.documentElement.dataset.pwned='img'\">\n\n[klick](javascript:document.documentElement.dataset.pwned='link') <a href=\"#\" onclick=\"document.documentElement.dataset.pwned='click'\">x</a>",
            }),
        )
        .await;
    assert_eq!(r.status.as_u16(), 201, "{:?}", r.body);
    let id = r.body["id"].as_str().unwrap().to_string();
    let b = launch(true).await;
    b.goto(&format!("{}/ideas/{id}", app.base)).await;
    b.find("[data-testid=idea-body]").await;
    // Give any stray handler a moment to fire.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let pwned = b.find("html").await.attr("data-pwned").await.unwrap();
    assert_eq!(pwned, None, "a script ran");
    assert!(b.text("h1").await.contains("<script>"), "the title shows as text");
    let body = b.find("[data-testid=idea-body]").await.html(true).await.unwrap();
    assert!(!body.contains("<script"), "{body}");
    assert!(!body.contains("onerror") && !body.contains("onclick"), "{body}");
    assert!(!body.contains("javascript:"), "{body}");
    // The whole page: no script but the site's own file, no handler attributes.
    let scripts = b.client.find_all(fantoccini::Locator::Css("script")).await.unwrap();
    assert_eq!(scripts.len(), 1);
    assert!(!b.exists("[onerror], [onclick]").await);
    b.click("[data-testid=idea-body] a").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(b.find("html").await.attr("data-pwned").await.unwrap(), None, "the link ran a script");
    b.screenshot(&format!("{}-idea-hostile", tag(&app))).await;
    b.close().await;
}

//! Challenge news through the pages (docs/FEEDS.md): a staff member posts news on the challenge page without
//! JavaScript — a refused form comes back with the error at its field and the text kept — and the challenge
//! page carries its feeds as `<link rel="alternate">` in the head and as visible links.

use ideashelf::accounts::Role;
use serde_json::json;

use crate::driver::launch;
use crate::helpers::TestApp;
use crate::journeys::{tag, PASSWORD};

pub async fn staff_post_news_on_the_challenge_page(app: TestApp) {
    let shots = tag(&app);
    app.staff("team", Role::ProductTeam).await;
    let team = app.staff("team_two", Role::ProductTeam).await;
    app.open_challenge(&team, "snacks", json!({})).await;

    let b = launch(false).await;
    b.goto(&format!("{}/challenges/snacks", app.base)).await;
    let alternate =
        "head link[rel=alternate][type='application/atom+xml'][href='/api/v1/feeds/challenges/snacks/news?lang=de']";
    assert!(b.exists(alternate).await, "the challenge page links its news feed");
    assert!(b.exists("head link[rel=alternate][href='/api/v1/feeds/challenges/snacks/ideas?lang=de']").await);
    assert!(b.text("[data-testid=feed-links]").await.contains("Neuigkeiten dieser Challenge (Atom-Feed)"));
    assert!(b.exists("[data-testid=news-empty]").await);
    assert!(!b.exists("[data-testid=news-form]").await, "no form for visitors");

    // The staff member signs in and posts; a too-short title comes back at its field with the text kept.
    b.goto(&format!("{}/login?next=/challenges/snacks", app.base)).await;
    b.fill("#field-login", "team").await;
    b.fill("#field-password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.find("[data-testid=news-form]").await;
    b.fill("#field-title", "Ju").await;
    b.fill("#field-body", "Die Jury steht fest: **drei** Fachleute.").await;
    b.click("[data-testid=news-submit]").await;
    assert!(b.text("[data-testid=error-title]").await.contains("3"), "the title's error at the title");
    assert_eq!(b.value("#field-body").await, "Die Jury steht fest: **drei** Fachleute.");
    assert_eq!(b.value("#field-title").await, "Ju");
    b.screenshot(&format!("{shots}-news-error")).await;
    b.fill("#field-title", "Die Jury steht fest").await;
    b.click("[data-testid=news-submit]").await;
    b.wait_text("[data-testid=news-title]", |t| t == "Die Jury steht fest").await;
    assert_eq!(b.path().await, "/challenges/snacks");
    assert!(b.text("[data-testid=news-item] .prose").await.contains("drei"));
    assert!(b.exists("[data-testid=news-item] .prose strong").await, "Markdown rendered");
    assert_eq!(b.find("html").await.attr("data-enhanced").await.unwrap(), None, "no script ran");
    b.screenshot(&format!("{shots}-news-posted")).await;

    // Editing from the page.
    b.click("[data-testid=news-edit]").await;
    b.fill("#field-title", "Die Jury ist komplett").await;
    b.click("[data-testid=news-submit]").await;
    b.wait_text("[data-testid=news-title]", |t| t == "Die Jury ist komplett").await;
    b.close().await;

    // The news is in the API and the feed.
    let news = app.get("/api/v1/challenges/snacks/news", None).await;
    assert_eq!(news.body["items"][0]["title"], "Die Jury ist komplett");
    assert_eq!(news.body["items"][0]["author"]["handle"], "team");
    let feed = app.client.get(format!("{}/api/v1/feeds/challenges/snacks/news", app.base)).send().await.unwrap();
    assert!(feed.text().await.unwrap().contains("<title>Die Jury ist komplett</title>"));

    // Deleting from the page.
    let b = launch(false).await;
    b.goto(&format!("{}/login?next=/challenges/snacks", app.base)).await;
    b.fill("#field-login", "team").await;
    b.fill("#field-password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.click("[data-testid=news-delete]").await;
    b.find("[data-testid=news-empty]").await;
    b.close().await;
    assert_eq!(app.get("/api/v1/challenges/snacks/news", None).await.body["items"], json!([]));
}

//! Browsing (issue 16), in a browser without JavaScript: `/ideas` filtered by
//! the GET form and sorted by the tabs, the active filters removed one by one;
//! a tag on an idea page leads to its list; `/challenges` with a past
//! challenge's outcome and draw; the support box of an idea on the shelf (no
//! button, no "sign in", a reason) and of a budget challenge (votes left); the
//! member page as its owner sees it ("My ideas") and as another member does.

use fantoccini::Locator;
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

/// The titles of the idea cards inside `css`, in order.
async fn titles(b: &Browser, css: &str) -> Vec<String> {
    let cards = b.client.find_all(Locator::Css(&format!("{css} .idea-card .card-title"))).await.unwrap();
    let mut out = Vec::new();
    for c in cards {
        out.push(c.text().await.unwrap());
    }
    out
}

pub async fn members_browse_ideas_challenges_and_profiles(app: TestApp) {
    let shots = tag(&app);
    let team = app.staff("team", Role::ProductTeam).await;
    let anna = app.member("anna").await;
    let ben = app.member("ben").await;
    let cleo = app.member("cleo").await;

    // An open challenge with a vote budget, a premoderated one, and one about to close.
    app.open_challenge(&team, "snacks", json!({"title": "Snack-Ideen", "vote_mode": "budget", "vote_budget": 3})).await;
    app.open_challenge(&team, "curated", json!({"premoderation": true})).await;
    app.open_challenge(&team, "winter", json!({"title": "Winter-Challenge"})).await;
    let post_idea = |token: String, challenge: Option<&'static str>, title: &'static str, tags: Vec<&'static str>| {
        let app = &app;
        async move {
            let r = app
                .post(
                    "/api/v1/ideas",
                    Some(&token),
                    json!({"challenge_id": challenge, "title": title, "summary": "Kurz gesagt", "tags": tags}),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
            r.body["id"].as_str().unwrap().to_string()
        }
    };
    let crunchy = post_idea(anna.clone(), Some("snacks"), "Knusprige Linsenchips", vec!["vegan", "knusprig"]).await;
    let sweet = post_idea(ben.clone(), Some("snacks"), "Süsse Dattelriegel", vec!["vegan"]).await;
    let board = post_idea(ben.clone(), None, "Offene Brett-Idee", vec!["knusprig"]).await;
    let waiting = post_idea(anna.clone(), Some("curated"), "Wartende Idee von Anna", vec![]).await;
    let shelved = post_idea(anna.clone(), Some("winter"), "Heisse Schokolade am Stiel", vec!["winter"]).await;
    let reviewed = post_idea(ben.clone(), Some("winter"), "Handwärmer aus Kirschkernen", vec!["winter"]).await;
    // Comments make "most discussed" differ from the other orders: the board idea leads.
    for (idea, n) in [(&board, 3), (&sweet, 1)] {
        for t in [&anna, &cleo, &team].into_iter().take(n) {
            let r = app.post(&format!("/api/v1/ideas/{idea}/comments"), Some(t), json!({"body": "Gute Idee"})).await;
            assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        }
    }
    // Supports: cleo supports two snack ideas (two of her three votes), anna supports ben's.
    for (idea, who) in [(&crunchy, &cleo), (&sweet, &cleo), (&sweet, &anna)] {
        assert_eq!(app.put(&format!("/api/v1/ideas/{idea}/support"), Some(who)).await.status, StatusCode::OK);
    }
    // The winter challenge: one idea to the shelf, one into review; a named prize; it closes; the draw.
    let moves = |id: &str| format!("/api/v1/ideas/{id}/transitions");
    for to in ["in_review", "approved", "in_development", "in_production", "on_shelf"] {
        let r = app.post(&moves(&shelved), Some(&team), json!({"to": to})).await;
        assert_eq!(r.status, StatusCode::OK, "{to}: {:?}", r.body);
    }
    assert_eq!(app.post(&moves(&reviewed), Some(&team), json!({"to": "in_review"})).await.status, StatusCode::OK);
    assert_eq!(app.put(&format!("/api/v1/ideas/{reviewed}/support"), Some(&cleo)).await.status, StatusCode::CONFLICT);
    let r = app
        .post(
            "/api/v1/challenges/winter/raffle",
            Some(&team),
            json!({"prizes": 1, "prize_names": ["Ein Jahr Schokolade"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["prize_names"], json!(["Ein Jahr Schokolade"]));
    let closes = chrono::Utc::now() + chrono::Duration::milliseconds(1200);
    let r = app.patch("/api/v1/challenges/winter", Some(&team), json!({"closes_at": closes.to_rfc3339()})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let drawn = app.post("/api/v1/challenges/winter/raffle/draw", Some(&team), json!({})).await;
    assert_eq!(drawn.status, StatusCode::OK, "{:?}", drawn.body);
    let winner = drawn.body["winners"][0].as_str().unwrap().to_string();

    let b = launch(false).await;

    // /ideas from the navigation: every published idea, none waiting for a moderator.
    b.goto(&format!("{}/", app.base)).await;
    b.click("[data-testid=nav-ideas]").await;
    assert_eq!(b.path().await, "/ideas");
    let all = titles(&b, "[data-testid=ideas]").await;
    assert_eq!(all.len(), 5, "{all:?}");
    assert_eq!(all[..2], ["Süsse Dattelriegel", "Knusprige Linsenchips"], "most supported first");
    assert!(!all.iter().any(|t| t.contains("Wartende")), "{all:?}");
    assert!(!b.exists("[data-testid=active-filters]").await);
    // The filter form (a GET form, no script): the snack challenge and the tag "vegan".
    b.find("#filter-challenge option[value=snacks]").await.click().await.unwrap();
    b.fill("#filter-tag", "#Vegan").await;
    b.click("[data-testid=apply-filters]").await;
    b.find("[data-testid=active-filters]").await;
    let url = b.client.current_url().await.unwrap();
    assert!(url.query().unwrap_or("").contains("challenge=snacks"), "{url}");
    let mut shown = titles(&b, "[data-testid=ideas]").await;
    shown.sort();
    assert_eq!(shown, vec!["Knusprige Linsenchips", "Süsse Dattelriegel"]);
    let chips = b.text("[data-testid=active-filters]").await;
    assert!(chips.contains("Snack-Ideen") && chips.contains("#vegan"), "{chips}");
    b.screenshot(&format!("{shots}-ideas-filtered")).await;
    // Sorted by the tabs, the filters kept: most discussed puts the dates bar first, newest the chips.
    b.click("[data-testid=idea-sorts] [data-sort=discussed]").await;
    b.wait_text("[data-testid=idea-sorts] [aria-current=page]", |t| t.contains("diskutiert")).await;
    assert_eq!(titles(&b, "[data-testid=ideas]").await, vec!["Süsse Dattelriegel", "Knusprige Linsenchips"]);
    b.click("[data-testid=idea-sorts] [data-sort=new]").await;
    b.wait_text("[data-testid=idea-sorts] [aria-current=page]", |t| t.contains("Neueste")).await;
    assert_eq!(titles(&b, "[data-testid=ideas]").await, vec!["Süsse Dattelriegel", "Knusprige Linsenchips"]);
    // Removing the challenge keeps the tag and the order.
    b.click("[data-testid=remove-challenge]").await;
    b.wait_text("[data-testid=active-filters]", |t| !t.contains("Snack-Ideen")).await;
    let url = b.client.current_url().await.unwrap();
    assert_eq!(url.query(), Some("tag=vegan&sort=new"), "{url}");
    assert_eq!(titles(&b, "[data-testid=ideas]").await.len(), 2);
    // Across every challenge, most discussed: the board idea (3 comments) first.
    b.click("[data-testid=remove-tag]").await;
    b.find("[data-testid=ideas]").await;
    b.click("[data-testid=idea-sorts] [data-sort=discussed]").await;
    b.wait_text("[data-testid=idea-sorts] [aria-current=page]", |t| t.contains("diskutiert")).await;
    assert_eq!(titles(&b, "[data-testid=ideas]").await[..2], ["Offene Brett-Idee", "Süsse Dattelriegel"]);
    // Status filter: only the idea on the shelf.
    b.find("#filter-status option[value=on_shelf]").await.click().await.unwrap();
    b.click("[data-testid=apply-filters]").await;
    b.wait_text("[data-testid=active-filters]", |t| t.contains("Regal")).await;
    assert_eq!(titles(&b, "[data-testid=ideas]").await, vec!["Heisse Schokolade am Stiel"]);
    // A bad link gets the page with a note, not an error page.
    b.goto(&format!("{}/ideas?tag=zwei%20Worte", app.base)).await;
    assert!(b.text("[data-testid=ideas-problem]").await.contains("Schlagwort"));
    assert!(b.exists("[data-testid=idea-filters]").await);

    // A tag on an idea page is a link to its list.
    b.goto(&format!("{}/ideas/{board}", app.base)).await;
    b.click("[data-testid=idea-tag]").await;
    let url = b.client.current_url().await.unwrap();
    assert_eq!((url.path(), url.query()), ("/ideas", Some("tag=knusprig")));
    let mut knusprig = titles(&b, "[data-testid=ideas]").await;
    knusprig.sort();
    assert_eq!(knusprig, vec!["Knusprige Linsenchips", "Offene Brett-Idee"]);

    // The support box of an idea on the shelf, signed out: no sign-in, no button, the reason.
    b.goto(&format!("{}/ideas/{shelved}", app.base)).await;
    assert!(!b.exists("[data-testid=support-sign-in]").await);
    assert!(!b.exists("[data-testid=support-button]").await);
    assert!(b.text("[data-testid=support-refusal]").await.contains("ins Regal geschafft"));
    // …and an idea in review says it needs no more supports.
    b.goto(&format!("{}/ideas/{reviewed}", app.base)).await;
    assert!(b.text("[data-testid=support-refusal]").await.contains("geprüft"));
    // A gathering idea still offers signing in.
    b.goto(&format!("{}/ideas/{crunchy}", app.base)).await;
    assert!(b.exists("[data-testid=support-sign-in]").await);

    // /challenges: open, upcoming (none), past with what came of it.
    b.click("[data-testid=nav-challenges]").await;
    assert_eq!(b.path().await, "/challenges");
    let open = b.text("[data-testid=challenges-open]").await;
    assert!(open.contains("Snack-Ideen") && !open.contains("Winter-Challenge"), "{open}");
    let past = "[data-testid=challenges-past] [data-slug=winter]";
    assert_eq!(b.text(&format!("{past} [data-testid=outcome-review]")).await, "2");
    assert_eq!(b.text(&format!("{past} [data-testid=outcome-approved]")).await, "1");
    assert_eq!(b.text(&format!("{past} [data-testid=outcome-shelf]")).await, "1");
    assert_eq!(b.text(&format!("{past} [data-testid=outcome-winners]")).await, format!("@{winner}"));
    b.screenshot(&format!("{shots}-challenges")).await;
    // The card leads to the challenge; its draw in plain words, the proof folded away.
    b.click(&format!("{past} .card-title a")).await;
    assert_eq!(b.path().await, "/challenges/winter");
    let summary = b.text("[data-testid=raffle-summary]").await;
    assert!(summary.contains("verlost"), "{summary}");
    let winners = b.text("[data-testid=raffle-winners]").await;
    assert!(winners.contains(&format!("@{winner}")) && winners.contains("Ein Jahr Schokolade"), "{winners}");
    let check = b.find("[data-testid=raffle-check]").await;
    assert_eq!(check.attr("open").await.unwrap(), None, "the proof is folded away");
    assert!(!b.find("[data-testid=raffle-commitment]").await.is_displayed().await.unwrap());
    b.click("[data-testid=raffle-check] summary").await;
    assert!(b.find("[data-testid=raffle-commitment]").await.is_displayed().await.unwrap());

    // Anna's own page: "My ideas" with the waiting one and the one she supports.
    sign_in(&b, &app, "anna", "/members/anna").await;
    assert_eq!(b.path().await, "/members/anna");
    let waiting_titles = titles(&b, "[data-testid=my-waiting]").await;
    assert_eq!(waiting_titles, vec!["Wartende Idee von Anna"]);
    assert!(b.exists(&format!("[data-testid=my-waiting] a[href='/ideas/{waiting}']")).await);
    assert_eq!(titles(&b, "[data-testid=my-supported]").await, vec!["Süsse Dattelriegel"]);
    let published = titles(&b, "[data-testid=member-ideas]").await;
    assert_eq!(published, vec!["Heisse Schokolade am Stiel", "Knusprige Linsenchips"]);
    b.screenshot(&format!("{shots}-member-own")).await;
    // Her budget in the snack challenge: one of three used.
    b.goto(&format!("{}/ideas/{board}", app.base)).await;
    assert!(!b.exists("[data-testid=budget-left]").await, "the open board has no budget");
    b.goto(&format!("{}/ideas/{sweet}", app.base)).await;
    assert!(b.text("[data-testid=budget-left]").await.contains("noch 2 deiner 3"));
    sign_out(&b).await;

    // Ben sees Anna's published ideas, not what is hers alone.
    sign_in(&b, &app, "ben", "/members/anna").await;
    assert!(!b.exists("[data-testid=my-ideas]").await);
    assert_eq!(titles(&b, "[data-testid=member-ideas]").await, published);
    let page = b.client.source().await.unwrap();
    assert!(!page.contains("Wartende Idee"), "another member never sees a waiting idea");
    // Ben's own page lists what he supports: nothing yet.
    b.goto(&format!("{}/members/ben", app.base)).await;
    assert!(b.exists("[data-testid=my-ideas]").await);
    assert!(titles(&b, "[data-testid=my-supported]").await.is_empty());
    b.close().await;
}

//! Points on the pages: a member earns points by submitting an idea and a tip
//! through the forms and by the supports others give; her profile shows the
//! balance, the level and the way to the next one, the badges and the
//! history; the leaderboard ranks the members (all time, 30 days, one
//! challenge) and marks the viewer's own row; levels stand next to authors'
//! handles; a badge's notification leads to the profile. Over plain HTTP:
//! unknown members, bad leaderboard links, the history's pages and reviews'
//! author links.

use fantoccini::Locator;
use ideashelf::accounts::Role;
use reqwest::header::{CONTENT_TYPE, COOKIE};
use reqwest::StatusCode;
use serde_json::json;

use crate::driver::{launch, Browser};
use crate::helpers::TestApp;
use crate::journeys::{register, sign_out, tag, PASSWORD};

const IDEA_TITLE: &str = "Gurken-Limonade";
const TIP_TITLE: &str = "Gurken richtig lagern";

/// Signs in through the form and lands on `next`.
async fn sign_in(b: &Browser, app: &TestApp, login: &str, next: &str) {
    b.goto(&format!("{}/login?next={next}", app.base)).await;
    b.fill("#field-login", login).await;
    b.fill("#field-password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.wait_text("[data-testid=member-handle]", |t| t == format!("@{login}")).await;
}

/// The handles of a leaderboard's rows, top first.
async fn board_handles(b: &Browser) -> Vec<String> {
    let rows = b.client.find_all(Locator::Css("[data-testid=board] tbody tr")).await.unwrap();
    let mut handles = Vec::new();
    for row in rows {
        handles.push(row.attr("data-handle").await.unwrap().unwrap_or_default());
    }
    handles
}

/// The places a leaderboard shows, top first.
async fn board_places(b: &Browser) -> Vec<String> {
    let cells = b.client.find_all(Locator::Css("[data-testid=board] [data-testid=board-place]")).await.unwrap();
    let mut places = Vec::new();
    for cell in cells {
        places.push(cell.text().await.unwrap());
    }
    places
}

/// The history's rows as "amount what", whitespace collapsed.
async fn history_rows(b: &Browser) -> Vec<String> {
    let rows = b.client.find_all(Locator::Css("[data-testid=history] tbody tr")).await.unwrap();
    let mut out = Vec::new();
    for row in rows {
        let amount = row.find(Locator::Css(".history-amount")).await.unwrap().text().await.unwrap();
        let what = row.find(Locator::Css(".history-what")).await.unwrap().text().await.unwrap();
        out.push(format!("{amount} {what}").split_whitespace().collect::<Vec<_>>().join(" "));
    }
    out
}

/// Waits until the page's main heading reads `heading`.
async fn wait_heading(b: &Browser, heading: &str) {
    b.wait_text("h1", |t| t == heading).await;
}

/// anna submits an idea to a two-step challenge and writes a tip, through
/// the pages; ben supports the idea (the first goal) and comments, which a
/// moderator hides; carl comments and supports (the final goal: review);
/// dora writes a tip. anna: 10 + 5 + 2 + 25 + 2 + 50 = 94 points, level 2.
pub async fn member_earns_points_and_sees_them_on_her_profile(app: TestApp) {
    let shots = tag(&app);
    let team = app.staff("team", Role::ProductTeam).await;
    let moderator = app.staff("mod", Role::Moderator).await;
    let tiers = json!([{"supports": 1, "days": 10}, {"supports": 2, "days": 10}]);
    app.open_challenge(
        &team,
        "snacks",
        json!({"title": "Snack des Sommers", "support_threshold": null, "support_tiers": tiers}),
    )
    .await;
    app.open_challenge(&team, "winter", json!({"title": "Winterküche"})).await;
    let b = launch(true).await;

    // anna: an idea and a tip through the forms.
    register(&b, &app, "anna", "/ideas/new?challenge=snacks").await;
    b.fill("#field-title", IDEA_TITLE).await;
    b.fill("#field-summary", "Gurke, Minze und Limette").await;
    b.fill("#field-body", "Erfrischend und **wenig süß**.").await;
    b.fill("#field-tags", "sommer").await;
    b.click("[data-testid=idea-form] button[type=submit]").await;
    wait_heading(&b, IDEA_TITLE).await;
    let idea_path = b.path().await;
    let idea_id = idea_path.trim_start_matches("/ideas/").to_string();
    b.goto(&format!("{}/tips/new", app.base)).await;
    b.fill("#field-title", TIP_TITLE).await;
    b.fill("#field-body", "Gurken mögen es kühl, aber nicht zu kalt: am besten bei 10 bis 12 Grad.").await;
    b.click("[data-testid=tip-submit]").await;
    wait_heading(&b, TIP_TITLE).await;
    let tip_path = b.path().await;
    sign_out(&b).await;

    // ben supports (the first goal) and comments, in the browser.
    register(&b, &app, "ben", &idea_path).await;
    b.click("[data-testid=support-button]").await;
    b.wait_text("[data-testid=support-count]", |t| t == "1").await;
    b.fill("#field-comment", "Lecker, bitte bald ins Regal!").await;
    b.click("[data-testid=comment-submit]").await;
    b.wait_text("#comments .comment-list", |t| t.contains("bitte bald ins Regal")).await;

    // carl comments and gives the deciding support; dora writes a tip.
    let carl = app.member("carl").await;
    let r = app.post(&format!("/api/v1/ideas/{idea_id}/comments"), Some(&carl), json!({"body": "Mit Eis!"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(app.put(&format!("/api/v1/ideas/{idea_id}/support"), Some(&carl)).await.status, StatusCode::OK);
    assert_eq!(app.get(&format!("/api/v1/ideas/{idea_id}"), None).await.body["status"], "in_review");
    let dora = app.member("dora").await;
    let r = app
        .post(
            "/api/v1/tips",
            Some(&dora),
            json!({"title": "Kräuter einfrieren", "body": "In Öl, im Eiswürfelbehälter."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);

    // A moderator hides ben's comment: its point is taken back.
    let comments = app.get(&format!("/api/v1/ideas/{idea_id}/comments"), None).await;
    let bens = comments.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["author"]["handle"] == "ben")
        .and_then(|c| c["id"].as_str())
        .unwrap()
        .to_string();
    let r = app
        .post(
            "/api/v1/moderation/actions",
            Some(&moderator),
            json!({"action": "hide", "target_type": "comment", "target_id": bens, "reason": "Werbung"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);

    // The idea page: the author's handle links to her profile, her level beside it.
    b.goto(&format!("{}{idea_path}", app.base)).await;
    let byline = ".idea-header .byline";
    let link = b.find(&format!("{byline} [data-testid=member-link]")).await;
    assert_eq!(link.attr("href").await.unwrap().as_deref(), Some("/members/anna"));
    assert_eq!(link.text().await.unwrap(), "@anna");
    let level = b.find(&format!("{byline} [data-testid=member-level]")).await;
    assert_eq!(level.attr("title").await.unwrap().as_deref(), Some("Stufe 2"));
    assert_eq!(b.text(&format!("{byline} [data-testid=member-level] [aria-hidden=true]")).await, "S2");
    // Commenters' handles too (carl: 2 points, level 1).
    let carls = b.find("#comments [data-testid=member-link][href='/members/carl']").await;
    assert_eq!(carls.text().await.unwrap(), "@carl");
    let level = b.find("#comments .comment-meta [data-testid=member-level]").await;
    assert_eq!(level.attr("title").await.unwrap().as_deref(), Some("Stufe 1"));
    b.screenshot(&format!("{shots}-points-idea-levels")).await;

    // ben's profile: the reversed comment, phrased; the hidden comment's title is not shown.
    b.click("[data-testid=nav-profile]").await;
    wait_heading(&b, "ben").await;
    assert_eq!(b.path().await, "/members/ben");
    assert_eq!(b.text("[data-testid=balance]").await, "1");
    // Newest first: the reversal, the comment, the support.
    assert_eq!(
        history_rows(&b).await,
        [
            "\u{2212}1 Kommentiert (der Kommentar ist nicht mehr öffentlich) zurückgenommen: von der Moderation ausgeblendet",
            "+1 Kommentiert (der Kommentar ist nicht mehr öffentlich)",
            &format!("+1 Idee unterstützt: {IDEA_TITLE}"),
        ]
    );
    assert_eq!(b.text("tr.history-loss [data-testid=history-amount]").await, "\u{2212}1");

    // The leaderboard, as ben: all time, then 30 days, then the challenge.
    b.click("[data-testid=nav-leaderboard]").await;
    wait_heading(&b, "Rangliste").await;
    assert_eq!(board_handles(&b).await, ["anna", "dora", "carl", "ben"]);
    assert_eq!(board_places(&b).await, ["1", "2", "3", "4"]);
    let points = b.text("[data-testid=board] tr[data-handle=anna] [data-testid=board-points]").await;
    assert_eq!(points, "94");
    assert_eq!(b.text("[data-testid=my-place]").await, "Dein Platz: 4 (1 Punkt)");
    assert_eq!(b.find("[data-testid=board-row-me]").await.attr("data-handle").await.unwrap().as_deref(), Some("ben"));
    let anna_level = b.find("[data-testid=board] tr[data-handle=anna] [data-testid=member-level]").await;
    assert_eq!(anna_level.attr("title").await.unwrap().as_deref(), Some("Stufe 2"));
    assert_eq!(
        b.find("[data-testid=board-tab-all]").await.attr("aria-current").await.unwrap().as_deref(),
        Some("page")
    );
    b.full_screenshot(&format!("{shots}-points-leaderboard")).await;

    b.click("[data-testid=board-tab-last30]").await;
    b.wait_text("[data-testid=board-tab-last30][aria-current=page]", |t| t == "Letzte 30 Tage").await;
    assert_eq!(b.client.current_url().await.unwrap().query(), Some("period=30d"));
    assert_eq!(board_handles(&b).await, ["anna", "dora", "carl", "ben"], "everything is from today");
    assert_eq!(b.text("[data-testid=my-place]").await, "Dein Platz: 4 (1 Punkt)");

    let select = b.find("#board-challenge").await;
    let options = select.text().await.unwrap();
    assert!(options.contains("Snack des Sommers") && options.contains("Winterküche"), "{options}");
    select.select_by_value("snacks").await.unwrap();
    b.click("[data-testid=board-challenge-submit]").await;
    wait_heading(&b, "Rangliste: Snack des Sommers").await;
    assert_eq!(board_handles(&b).await, ["anna", "carl", "ben"], "dora's tip is not part of the challenge");
    assert_eq!(board_places(&b).await, ["1", "2", "3"]);
    assert_eq!(b.text("[data-testid=my-place]").await, "Dein Platz: 3 (1 Punkt)");
    assert!(!b.exists("[data-testid=board-tabs] [aria-current]").await);
    b.screenshot(&format!("{shots}-points-leaderboard-challenge")).await;
    // An empty challenge's board says so.
    b.find("#board-challenge").await.select_by_value("winter").await.unwrap();
    b.click("[data-testid=board-challenge-submit]").await;
    wait_heading(&b, "Rangliste: Winterküche").await;
    assert!(b.exists("[data-testid=board-empty]").await);
    sign_out(&b).await;

    // anna: the badge notifications lead to her profile.
    sign_in(&b, &app, "anna", "/notifications").await;
    let list = b.text("[data-testid=notifications]").await;
    assert!(list.contains("Du hast das Abzeichen „Erste Idee“ erhalten."), "{list}");
    assert!(list.contains("Du hast das Abzeichen „Erster Tipp“ erhalten."), "{list}");
    let item = "[data-testid=notifications] li[data-kind=badge_awarded]";
    assert_eq!(
        b.find(&format!("{item} .notification-headline a")).await.attr("href").await.unwrap().as_deref(),
        Some("/members/anna#badges")
    );
    b.screenshot(&format!("{shots}-points-notifications")).await;
    b.click(&format!("{item} .notification-headline a")).await;
    wait_heading(&b, "anna").await;
    assert_eq!(b.path().await, "/members/anna");

    // Her profile: balance, level, the way to level 3, badges, history.
    assert_eq!(b.text("[data-testid=profile-handle]").await, "@anna");
    assert_eq!(b.text("[data-testid=profile-level]").await, "Stufe 2");
    assert_eq!(b.text("[data-testid=balance]").await, "94");
    assert_eq!(b.text("[data-testid=level-progress]").await, "44 von 150 Punkten bis Stufe 3");
    let bar = b.find("[data-testid=level-progress-bar]").await;
    assert_eq!(bar.attr("value").await.unwrap().as_deref(), Some("44"));
    assert_eq!(bar.attr("max").await.unwrap().as_deref(), Some("150"));
    assert_eq!(bar.attr("aria-labelledby").await.unwrap().as_deref(), Some("level-progress-text"));
    let first = b.text("[data-badge=first_idea][data-held=true]").await;
    assert!(
        first.contains("Erste Idee")
            && first.contains("Eine erste Idee veröffentlicht.")
            && first.contains("Erhalten am"),
        "{first}"
    );
    for held in ["first_tip", "idea_in_review", "challenge_winner"] {
        assert!(b.exists(&format!("[data-badge={held}][data-held=true]")).await, "{held}");
    }
    let backer = b.text("[data-badge=supports_given_100][data-held=false]").await;
    assert!(backer.contains("Rückenwind") && backer.contains("Noch nicht erreicht"), "{backer}");
    assert!(b.text("[data-testid=badge-count]").await.ends_with("von 10"));
    // Every entry (those written in one transaction in either order).
    let reached = format!("Idee hat ein Unterstützungsziel erreicht: {IDEA_TITLE}");
    let received = format!("Unterstützung erhalten: {IDEA_TITLE}");
    let mut rows = history_rows(&b).await;
    assert_eq!(
        rows.last().map(String::as_str),
        Some(format!("+10 Idee veröffentlicht: {IDEA_TITLE}").as_str()),
        "oldest last"
    );
    rows.sort();
    let mut expected = vec![
        format!("+50 {reached}"),
        format!("+2 {received}"),
        format!("+25 {reached}"),
        format!("+2 {received}"),
        format!("+5 Tipp geteilt: {TIP_TITLE}"),
        format!("+10 Idee veröffentlicht: {IDEA_TITLE}"),
    ];
    expected.sort();
    assert_eq!(rows, expected);
    let tip_link = b.find(&format!("[data-testid=history] a[href='{tip_path}']")).await;
    assert_eq!(tip_link.text().await.unwrap(), TIP_TITLE);
    assert!(b.find("[data-testid=nav-profile]").await.attr("aria-current").await.unwrap().as_deref() == Some("page"));
    b.full_screenshot(&format!("{shots}-points-profile")).await;

    // The tip page: the level beside the author's handle.
    b.goto(&format!("{}{tip_path}", app.base)).await;
    let level = b.find(".idea-header .byline [data-testid=member-level]").await;
    assert_eq!(level.attr("title").await.unwrap().as_deref(), Some("Stufe 2"));

    // In English.
    b.click("button[data-lang=en]").await;
    b.wait_lang("en").await;
    b.goto(&format!("{}/members/anna", app.base)).await;
    assert_eq!(b.text("[data-testid=profile-level]").await, "Level 2");
    assert_eq!(b.text("[data-testid=level-progress]").await, "44 of 150 points to level 3");
    b.goto(&format!("{}{idea_path}", app.base)).await;
    assert_eq!(b.text(".idea-header .byline [data-testid=member-level] [aria-hidden=true]").await, "L2");
    b.close().await;
}

fn session(token: &str) -> String {
    format!("ideashelf_session={token}")
}

/// Unknown members get the 404 page; a leaderboard link the domain does not
/// know gets a page with the boards to choose from (4xx, never a 500); the
/// history pages; reviews link their author with the level.
pub async fn points_pages_over_http(app: TestApp) {
    let get = |path: String, cookie: Option<String>| {
        let mut req = app.client.get(format!("{}{path}", app.base));
        if let Some(c) = cookie {
            req = req.header(COOKIE, c);
        }
        req.send()
    };
    let res = get("/members/nobody".into(), None).await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.headers().get(CONTENT_TYPE).unwrap().to_str().unwrap().starts_with("text/html"));
    assert!(res.text().await.unwrap().contains("Seite nicht gefunden"));

    // An empty board.
    let res = get("/leaderboard".into(), None).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("data-testid=\"board-empty\""));

    // Bad links: a friendly page with the boards, 4xx.
    let team = app.staff("team", Role::ProductTeam).await;
    app.open_challenge(&team, "snacks", json!({})).await;
    for (path, status) in [
        ("/leaderboard?period=bogus", StatusCode::BAD_REQUEST),
        ("/leaderboard?period=30d&challenge=snacks", StatusCode::BAD_REQUEST),
        ("/leaderboard?cursor=not-a-cursor", StatusCode::BAD_REQUEST),
        ("/leaderboard?challenge=nope", StatusCode::NOT_FOUND),
    ] {
        let res = get(path.into(), None).await.unwrap();
        assert_eq!(res.status(), status, "{path}");
        let body = res.text().await.unwrap();
        assert!(body.contains("data-testid=\"board-problem\""), "{path}: {body}");
        assert!(body.contains("Diese Rangliste gibt es nicht."), "{path}");
        assert!(body.contains("data-testid=\"board-tab-last30\""), "{path}: the tabs stay");
        assert!(!body.contains("Etwas ist schiefgelaufen"), "{path}: not the error page");
    }
    let body = get("/leaderboard?period=bogus".into(), None).await.unwrap().text().await.unwrap();
    assert!(body.contains("Eine Rangliste zählt gesamt oder die letzten 30 Tage"), "{body}");
    let res = get("/members/team?cursor=***".into(), None).await.unwrap();
    assert!(res.status().is_client_error(), "{}", res.status());

    // The history pages: 26 ideas pay 26 entries, 25 to a page.
    let anna = app.member("anna").await;
    for i in 0..26 {
        app.idea(&anna, None, &format!("Idee Nummer {i}")).await;
    }
    let first = get("/members/anna".into(), None).await.unwrap().text().await.unwrap();
    assert!(first.contains("Stufe 3"), "260 points: level 3");
    assert!(first.contains("60 von 300 Punkten bis Stufe 4"));
    assert_eq!(first.matches("data-testid=\"history-amount\"").count(), 25);
    let next = first
        .split("href=\"")
        .filter_map(|s| s.split('"').next())
        .map(|h| h.replace("&#x3D;", "=").replace("&amp;", "&"))
        .find(|h| h.starts_with("/members/anna?cursor="))
        .expect("a next-page link");
    assert!(next.ends_with("#history"), "{next}");
    let second = get(next.trim_end_matches("#history").to_string(), None).await.unwrap();
    assert_eq!(second.status(), StatusCode::OK);
    let second = second.text().await.unwrap();
    assert_eq!(second.matches("data-testid=\"history-amount\"").count(), 1);
    assert!(second.contains("Idee Nummer 0"), "the oldest entry is last");
    assert!(second.contains("href=\"/members/anna#history\""), "a link back to the first page");

    // Signed in: the header links to the leaderboard and the member's profile.
    let page = get("/".into(), Some(session(&anna))).await.unwrap().text().await.unwrap();
    assert!(page.contains("href=\"/leaderboard\"") && page.contains("href=\"/members/anna\""));
    assert!(page.contains("Mein Profil") && page.contains("Rangliste"));
    let board = get("/leaderboard".into(), Some(session(&anna))).await.unwrap().text().await.unwrap();
    assert!(board.contains("Dein Platz: 1 (260 Punkte)"), "{board}");
    assert!(board.contains("data-testid=\"board-row-me\""));

    // Reviews link their author, with the level.
    app.product(&team, "Rösti Classic", json!({})).await;
    let otto = app.member("otto").await;
    let r = app
        .call(
            reqwest::Method::PUT,
            "/api/v1/products/roesti-classic/rating",
            Some(&otto),
            Some(json!({"stars": 4, "title": "Knusprig", "body": "Schön knusprig."})),
        )
        .await;
    assert!(r.status.is_success(), "{:?}", r.body);
    let product = get("/products/roesti-classic".into(), None).await.unwrap().text().await.unwrap();
    assert!(product.contains("href=\"/members/otto\""), "{product}");
    assert!(product.contains("title=\"Stufe 1\""));
}

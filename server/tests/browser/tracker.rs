//! From idea to shelf in the browser: moderation, the staff's moves, the
//! timeline and notifications; and over plain HTTP, who may open the queue
//! and that the new forms need their CSRF token.

use ideashelf::accounts::Role;
use reqwest::header::{CONTENT_TYPE, COOKIE, LOCATION};
use reqwest::StatusCode;
use serde_json::json;

use crate::driver::{launch, Browser};
use crate::helpers::TestApp;
use crate::journeys::{register, sign_out, tag, PASSWORD};

/// Signs in through the form and lands on `next`.
async fn sign_in(b: &Browser, app: &TestApp, login: &str, next: &str) {
    b.goto(&format!("{}/login?next={next}", app.base)).await;
    b.fill("#field-login", login).await;
    b.fill("#field-password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.wait_text("[data-testid=member-handle]", |t| t == format!("@{login}")).await;
}

/// Waits until the idea's status badge reads `label` (badges are set in capitals).
async fn wait_status(b: &Browser, label: &str) {
    b.wait_text("[data-testid=status]", |t| t.to_lowercase() == label.to_lowercase()).await;
}

/// A moderator publishes a pending idea; a product-team member moves it to
/// review and declines it with a reason; the author sees the bell, the
/// notifications and the timeline with the decline reason.
pub async fn moderated_idea_is_declined_with_a_reason(app: TestApp) {
    let shots = tag(&app);
    let team_token = app.staff("team", Role::ProductTeam).await;
    app.staff("mod", Role::Moderator).await;
    app.open_challenge(&team_token, "curated", json!({"premoderation": true, "title": "Kuratierte Snacks"})).await;
    // Something the roadmap and the similar-ideas box can show.
    let otto = app.member("otto").await;
    let pretzel = app.idea(&otto, None, "Salzige Brezel mit Kürbiskernen").await;
    let r =
        app.post(&format!("/api/v1/ideas/{pretzel}/transitions"), Some(&team_token), json!({"to": "in_review"})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let b = launch(true).await;

    // The author submits to the pre-moderated challenge; similar ideas show while typing.
    register(&b, &app, "anna", "/").await;
    b.goto(&format!("{}/ideas/new?challenge=curated", app.base)).await;
    assert_eq!(b.value("#field-challenge").await, "curated");
    b.fill("#field-title", "Brezel mit Sesam").await;
    let similar = b.wait_text("[data-testid=similar]", |t| t.contains("Salzige Brezel mit Kürbiskernen")).await;
    assert!(similar.contains("In Prüfung"), "{similar}");
    let link = b.find("[data-testid=similar] a").await.attr("href").await.unwrap();
    assert_eq!(link.as_deref(), Some(format!("/ideas/{pretzel}").as_str()));
    b.screenshot(&format!("{shots}-submit-similar")).await;
    b.fill("#field-summary", "Knusprig, mit viel Sesam").await;
    b.click("[data-testid=idea-form] button[type=submit]").await;
    b.wait_text("h1", |t| t == "Brezel mit Sesam").await;
    let idea_path = b.path().await;
    let id = idea_path.trim_start_matches("/ideas/").to_string();
    wait_status(&b, "Wartet auf Prüfung").await;
    assert!(b.text("[data-testid=flash]").await.contains("Moderation"));
    assert!(b.exists("[data-testid=pending-note]").await);
    assert!(!b.exists("[data-testid=staff-panel]").await, "an author has no move from pending");
    assert!(!b.exists("[data-testid=nav-moderation]").await, "members see no moderation link");
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.status, StatusCode::NOT_FOUND);
    sign_out(&b).await;

    // The moderator opens the queue from the navigation and publishes it with a note.
    sign_in(&b, &app, "mod", "/").await;
    b.click("[data-testid=nav-moderation]").await;
    let item = format!("#item-{id}");
    let text = b.text(&item).await;
    assert!(
        text.contains("Brezel mit Sesam") && text.contains("@anna") && text.to_lowercase().contains("neue idee"),
        "{text}"
    );
    b.screenshot(&format!("{shots}-moderation-queue")).await;
    // Rejecting needs a reason: the form says so at the field.
    b.click(&format!("{item} [data-testid=reject]")).await;
    let error = b.text("[data-testid=error-mod-reason]").await;
    assert!(!error.is_empty());
    assert_eq!(b.path().await, "/moderation");
    b.fill(&format!("#reason-{id}"), "Willkommen im Regal-Rennen!").await;
    b.click(&format!("#item-{id} [data-testid=publish]")).await;
    b.wait_text("[data-testid=flash]", |t| t.contains("Freigegeben")).await;
    b.find("[data-testid=queue-empty]").await;
    b.screenshot(&format!("{shots}-moderation-empty")).await;
    sign_out(&b).await;

    // The product team moves it to review, then declines it.
    sign_in(&b, &app, "team", &idea_path).await;
    assert_eq!(b.path().await, idea_path);
    wait_status(&b, "Sammelt Unterstützung").await;
    b.find("[data-testid=staff-panel]").await;
    assert!(!b.exists("[data-testid=move-declined]").await, "declining is for ideas in review");
    assert!(!b.exists("[data-testid=merge]").await, "merging is for moderators");
    b.click("[data-testid=move-in_review] summary").await;
    b.fill("#move-in_review-note", "Wir schauen sie uns an.").await;
    b.screenshot(&format!("{shots}-idea-staff-controls")).await;
    b.click("[data-testid=move-submit-in_review]").await;
    wait_status(&b, "In Prüfung").await;
    assert!(b.text("[data-testid=flash]").await.contains("Erledigt"));
    // A decline without a reason comes back with the message at the select.
    b.click("[data-testid=move-declined] summary").await;
    b.fill("#move-declined-note", "Danke fürs Einreichen!").await;
    b.click("[data-testid=move-submit-declined]").await;
    let error = b.text("[data-testid=error-move-reason]").await;
    assert!(error.contains("Gründe"), "{error}");
    assert_eq!(b.find("#move-declined-reason").await.attr("aria-invalid").await.unwrap().as_deref(), Some("true"));
    assert_eq!(b.value("#move-declined-note").await, "Danke fürs Einreichen!", "the note is kept");
    b.find("#move-declined-reason").await.select_by_value("brand_fit").await.unwrap();
    b.fill("#move-declined-note", "Passt leider nicht in unser Sortiment.").await;
    b.screenshot(&format!("{shots}-idea-decline-form")).await;
    b.click("[data-testid=move-submit-declined]").await;
    wait_status(&b, "Abgelehnt").await;
    assert_eq!(b.text("[data-testid=status-reason]").await, "Passt nicht zur Marke");
    // The staff panel stays (a staff pick), but without a move.
    assert!(!b.exists("[data-testid^=move-submit]").await, "no further move for the product team");
    sign_out(&b).await;

    // The author: the bell counts seven, three about the idea (published, in
    // review, declined) and four badges (first idea, the challenge's top 10
    // and its lead, under review).
    sign_in(&b, &app, "anna", "/").await;
    assert_eq!(b.text("[data-testid=bell-count]").await, "7");
    let label = b.find("[data-testid=bell]").await.attr("aria-label").await.unwrap().unwrap_or_default();
    assert!(label.contains("7 ungelesen"), "{label}");
    b.click("[data-testid=bell]").await;
    b.wait_text("h1", |t| t == "Benachrichtigungen").await;
    let badges = b
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=notifications] li[data-kind=badge_awarded]"))
        .await
        .unwrap();
    assert_eq!(badges.len(), 4);
    let list = b.text("[data-testid=notifications]").await;
    assert!(list.contains("Neuer Status für „Brezel mit Sesam“: Abgelehnt (vorher: In Prüfung)"), "{list}");
    assert!(list.contains("Grund: Passt nicht zur Marke"), "{list}");
    assert!(list.contains("Notiz: Passt leider nicht in unser Sortiment."), "{list}");
    assert!(list.contains("wurde freigegeben"), "{list}");
    assert!(list.contains("durch @team"), "{list}");
    b.screenshot(&format!("{shots}-notifications")).await;
    b.click("[data-testid=notifications] li:first-child .notification-headline a").await;
    b.wait_text("h1", |t| t == "Brezel mit Sesam").await;
    let timeline = b.text("[data-testid=timeline]").await;
    for expected in [
        "Grund: Passt nicht zur Marke",
        "Notiz: Passt leider nicht in unser Sortiment.",
        "Produktteam @team",
        "Notiz: Wir schauen sie uns an.",
        "Moderation @mod",
        "Notiz: Willkommen im Regal-Rennen!",
        "Autor:in @anna",
    ] {
        assert!(timeline.contains(expected), "{expected:?} not in {timeline}");
    }
    let events = b.client.find_all(fantoccini::Locator::Css("[data-testid=timeline] > li")).await.unwrap();
    assert_eq!(events.len(), 4, "submitted, published, in review, declined");
    let lower = timeline.to_lowercase();
    let (declined, submitted) = (lower.find("abgelehnt"), lower.find("wartet auf prüfung"));
    assert!(declined.is_some() && declined < submitted, "newest first: {timeline}");
    b.screenshot(&format!("{shots}-idea-timeline")).await;
    b.goto(&format!("{}{idea_path}", app.base)).await;
    assert_eq!(b.text("[data-testid=status-reason]").await, "Passt nicht zur Marke");
    assert!(b.text("[data-testid=support-refusal]").await.contains("sammelt keine"), "declined, not 'your own idea'");
    b.screenshot(&format!("{shots}-idea-declined")).await;
    let api = app.get(&format!("/api/v1/ideas/{id}/timeline"), None).await;
    assert_eq!(api.body["items"][3]["reason"], "brand_fit");

    // Mark everything read: the bell goes quiet.
    b.goto(&format!("{}/notifications", app.base)).await;
    b.click("[data-testid=mark-all-read]").await;
    b.wait_text("[data-testid=unread-summary]", |t| t.contains("Alles gelesen")).await;
    assert!(!b.exists("[data-testid=bell-count]").await);

    // The public roadmap, linked from the navigation.
    b.click("[data-testid=nav-roadmap]").await;
    b.wait_text("h1", |t| t == "Von der Idee ins Regal").await;
    let roadmap = b.text("[data-testid=roadmap]").await;
    assert!(roadmap.contains("Salzige Brezel mit Kürbiskernen"), "{roadmap}");
    assert!(!roadmap.contains("Brezel mit Sesam"), "declined ideas are not on the roadmap");
    b.screenshot(&format!("{shots}-roadmap")).await;

    // Phones.
    b.client.set_window_size(390, 900).await.unwrap();
    b.goto(&format!("{}{idea_path}", app.base)).await;
    b.screenshot(&format!("{shots}-idea-timeline-phone")).await;
    b.goto(&format!("{}/notifications", app.base)).await;
    b.screenshot(&format!("{shots}-notifications-phone")).await;
    b.goto(&format!("{}/roadmap", app.base)).await;
    b.screenshot(&format!("{shots}-roadmap-phone")).await;
    b.close().await;
}

/// Without JavaScript the staff forms still work (they are plain posts), and
/// members report ideas and comments.
pub async fn staff_forms_and_reports_work_without_javascript(app: TestApp) {
    let team_token = app.staff("team", Role::ProductTeam).await;
    app.staff("mod", Role::Moderator).await;
    let author = app.member("author").await;
    app.member("carla").await;
    let id = app.idea(&author, None, "Leise Einkaufsstunde").await;
    let other = app.idea(&author, None, "Ruhige Einkaufsstunde").await;
    let c = app.post(&format!("/api/v1/ideas/{id}/comments"), Some(&team_token), json!({"body": "Gute Idee"})).await;
    let comment = c.body["id"].as_str().unwrap().to_string();
    let b = launch(false).await;

    // A member reports the comment: too short first, then with a reason.
    sign_in(&b, &app, "carla", &format!("/ideas/{id}")).await;
    let form = format!("#comment-{comment} .report-form");
    b.click(&format!("{form} summary")).await;
    b.fill(&format!("#report-{comment}"), "x").await;
    b.click(&format!("{form} [data-testid=report-submit]")).await;
    assert!(b.text("[data-testid=error-report]").await.contains("mindestens 3"));
    b.fill(&format!("#report-{comment}"), "Werbung").await;
    b.click(&format!("#comment-{comment} .report-form [data-testid=report-submit]")).await;
    b.wait_text("[data-testid=flash]", |t| t.contains("Danke")).await;
    assert_eq!(b.find("html").await.attr("data-enhanced").await.unwrap(), None, "no script ran");
    sign_out(&b).await;

    // The moderator merges one idea into the other, and undoes it.
    sign_in(&b, &app, "mod", &format!("/ideas/{other}")).await;
    b.click("[data-testid=merge] summary").await;
    b.fill("#merge-into", &format!("{}/ideas/{id}", app.base)).await;
    b.click("[data-testid=merge] button[type=submit]").await;
    wait_status(&b, "Zusammengeführt").await;
    assert!(b.text("[data-testid=merged-into]").await.contains("Leise Einkaufsstunde"));
    b.screenshot(&format!("{}-idea-merged", tag(&app))).await;
    b.click("[data-testid=unmerge]").await;
    wait_status(&b, "Sammelt Unterstützung").await;
    // The queue shows the reported comment.
    b.goto(&format!("{}/moderation", app.base)).await;
    let item = b.text(&format!("#item-{comment}")).await;
    assert!(item.to_lowercase().contains("gemeldeter kommentar") && item.contains("Werbung"), "{item}");
    b.fill(&format!("#reason-{comment}"), "Ist in Ordnung").await;
    b.click(&format!("#item-{comment} [data-testid=dismiss]")).await;
    b.find("[data-testid=queue-empty]").await;
    sign_out(&b).await;

    // The author posts an update; the team's comment author is not a supporter, nobody else is told.
    sign_in(&b, &app, "author", &format!("/ideas/{id}")).await;
    b.click("[data-testid=update-toggle]").await;
    b.fill("#field-title", "Erster Test").await;
    b.fill("#field-body", "Der Laden an der Ecke macht **mit**.").await;
    b.click("[data-testid=update-submit]").await;
    b.wait_text("[data-testid=updates]", |t| t.contains("Erster Test") && t.contains("macht mit")).await;
    b.close().await;
}

fn session(token: &str) -> String {
    format!("ideashelf_session={token}")
}

/// The queue is for moderators and admins; the notification page needs a sign-in.
pub async fn moderation_is_for_moderators(app: TestApp) {
    let member = app.member("anna").await;
    let team = app.staff("team", Role::ProductTeam).await;
    let moderator = app.staff("mod", Role::Moderator).await;
    let get = |path: &'static str, cookie: Option<String>| {
        let mut req = app.client.get(format!("{}{path}", app.base));
        if let Some(c) = cookie {
            req = req.header(COOKIE, c);
        }
        req.send()
    };
    let res = get("/moderation", Some(session(&member))).await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().await.unwrap().contains("Nicht erlaubt"));
    assert_eq!(get("/moderation", Some(session(&team))).await.unwrap().status(), StatusCode::FORBIDDEN);
    let res = get("/moderation", None).await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers().get(LOCATION).unwrap(), "/login?next=%2Fmoderation");
    let res = get("/moderation", Some(session(&moderator))).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    assert!(body.contains("href=\"/moderation\""), "moderators have the link");
    let home = get("/", Some(session(&member))).await.unwrap().text().await.unwrap();
    assert!(!home.contains("href=\"/moderation\""), "members do not");
    assert!(home.contains("href=\"/roadmap\"") && home.contains("href=\"/notifications\""));
    let res = get("/notifications", None).await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(get("/notifications", Some(session(&member))).await.unwrap().status(), StatusCode::OK);
    assert_eq!(get("/roadmap", None).await.unwrap().status(), StatusCode::OK);
}

/// The new forms are posts like every other: without the CSRF token nothing moves.
pub async fn tracker_posts_without_csrf_token_are_refused(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let author = app.member("author").await;
    let id = app.idea(&author, None, "Ein Regal voller Ideen").await;
    let post = |path: String, cookie: String, body: String| {
        app.client
            .post(format!("{}{path}", app.base))
            .header(COOKIE, cookie)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    let move_form = "to=in_review&note=Schauen+wir+an";
    let res = post(format!("/ideas/{id}/transition"), session(&team), move_form.into()).await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().await.unwrap().contains("Formular abgelaufen"));
    let csrf = "c".repeat(43);
    let with_cookie = format!("{}; ideashelf_csrf={csrf}", session(&team));
    let res =
        post(format!("/ideas/{id}/transition"), with_cookie.clone(), format!("{move_form}&csrf={}", "d".repeat(43)))
            .await
            .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    for path in [
        format!("/ideas/{id}/merge"),
        format!("/ideas/{id}/unmerge"),
        format!("/ideas/{id}/updates"),
        format!("/ideas/{id}/report"),
        "/moderation".to_string(),
        "/notifications/read".to_string(),
    ] {
        let res = post(path.clone(), session(&team), "all=1&action=publish&reason=abc".into()).await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(
        app.get(&format!("/api/v1/ideas/{id}"), None).await.body["status"],
        "gathering_support",
        "nothing moved"
    );
    // With the matching token the move goes through.
    let res = post(format!("/ideas/{id}/transition"), with_cookie, format!("{move_form}&csrf={csrf}")).await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers().get(LOCATION).unwrap().to_str().unwrap(), format!("/ideas/{id}#timeline"));
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.body["status"], "in_review");
}

//! Products, reviews, tips and search in the browser: a member rates a
//! product and sees its summary move; writes a tip and finds it again through
//! the header's search box by a misspelled word; the product team sees and
//! resolves a review-spike alert. Over plain HTTP: who may open the product
//! team's forms, that the new forms need their CSRF token, the moderation
//! queue's new items, and the search page when the engine is down.

use std::time::{Duration, Instant};

use ideashelf::accounts::Role;
use ideashelf::config::Config;
use reqwest::header::{CONTENT_TYPE, COOKIE, LOCATION};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

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

/// Rates a product through the API; returns the rating's id.
async fn rate(app: &TestApp, token: &str, slug: &str, body: Value) -> String {
    let r = app.call(Method::PUT, &format!("/api/v1/products/{slug}/rating"), Some(token), Some(body)).await;
    assert!(r.status.is_success(), "{:?}", r.body);
    r.body["rating"]["id"].as_str().unwrap().to_string()
}

/// The count the histogram shows for a number of stars.
async fn histogram(b: &Browser, stars: u8) -> String {
    b.text(&format!("[data-testid=histogram] li[data-stars='{stars}'] [data-testid=histogram-count]")).await
}

/// A member rates a product with a review on its page: a title without a
/// text comes back with the message at the field; then the average, the
/// count and the histogram move. Changing the rating shows the current
/// values; another member's review is marked helpful; removing the rating
/// moves everything back.
pub async fn member_rates_a_product(app: TestApp) {
    let shots = tag(&app);
    let team = app.staff("team", Role::ProductTeam).await;
    let product = app
        .product(
            &team,
            "Bärlauch-Pesto",
            json!({"brand": "Migros Bio", "category": "Saucen", "gtin": "4006381333931",
                   "description": "Frisches **Bärlauch**-Pesto aus dem Frühling, mit Sonnenblumenkernen statt Pinienkernen."}),
        )
        .await;
    let slug = product["slug"].as_str().unwrap().to_string();
    assert_eq!(slug, "baerlauch-pesto");
    let otto = app.member("otto").await;
    let ottos =
        rate(&app, &otto, &slug, json!({"stars": 2, "title": "Zu salzig", "body": "Mir war es **viel** zu salzig."}))
            .await;
    let page = format!("/products/{slug}");
    let b = launch(true).await;

    // The catalogue lists it; the card leads to the product page.
    b.goto(&format!("{}/products", app.base)).await;
    let card = b.text("[data-testid=products]").await;
    assert!(card.contains("Bärlauch-Pesto") && card.contains("Migros Bio") && card.contains("1 Bewertung"), "{card}");
    b.screenshot(&format!("{shots}-products")).await;

    register(&b, &app, "anna", &page).await;
    assert_eq!(b.path().await, page);
    assert_eq!(b.text("[data-testid=rating-average]").await, "2,0");
    assert_eq!(b.text("[data-testid=rating-count]").await, "1 Bewertung");
    assert_eq!(histogram(&b, 2).await, "1");
    assert_eq!(histogram(&b, 5).await, "0");
    assert_eq!(b.text("[data-testid=gtin]").await, "4006381333931");
    assert!(b.text("[data-testid=product-description]").await.contains("Bärlauch"));

    // A title without a text: the message sits at the field, the input stays.
    b.click("label[for=stars-5]").await;
    b.fill("#field-title", "Endlich wieder da").await;
    b.click("[data-testid=rate-submit]").await;
    let error = b.text("[data-testid=error-body]").await;
    assert!(error.contains("braucht auch einen Text"), "{error}");
    assert_eq!(b.find("#field-body").await.attr("aria-invalid").await.unwrap().as_deref(), Some("true"));
    assert_eq!(b.value("#field-title").await, "Endlich wieder da");
    assert!(b.find("#stars-5").await.prop("checked").await.unwrap().as_deref() == Some("true"), "the stars are kept");
    assert_eq!(b.text("[data-testid=rating-count]").await, "1 Bewertung", "nothing was saved");

    // With a text it is saved: average, count and histogram move.
    b.fill("#field-body", "Schmeckt nach **Frühling**. Perfekt zu Pasta.").await;
    b.click("[data-testid=rate-submit]").await;
    b.wait_text("[data-testid=flash]", |t| t.contains("Danke für deine Bewertung")).await;
    assert_eq!(b.text("[data-testid=rating-average]").await, "3,5");
    assert_eq!(b.text("[data-testid=rating-count]").await, "2 Bewertungen");
    assert_eq!(histogram(&b, 5).await, "1");
    assert_eq!(histogram(&b, 2).await, "1");
    let label = b.find("[data-testid=histogram] li[data-stars='5'] .visually-hidden").await.html(true).await.unwrap();
    assert!(label.contains("5 Sterne: 1 Bewertung (50 Prozent)"), "accessible text of the bar: {label}");
    let reviews = b.text("[data-testid=reviews]").await;
    assert!(
        reviews.contains("Endlich wieder da") && reviews.contains("Frühling") && reviews.contains("Zu salzig"),
        "{reviews}"
    );
    let api = app.get(&format!("/api/v1/products/{slug}"), None).await;
    assert_eq!(api.body["rating"]["count"], 2);
    assert_eq!(api.body["rating"]["histogram"], json!([0, 1, 0, 0, 1]));

    // Otto's review: "helpful" (not on her own one), then reported link is there.
    let ottos_item = format!("#review-{ottos}");
    assert!(b.exists(&format!("{ottos_item} [data-testid=report-toggle]")).await);
    b.click(&format!("{ottos_item} [data-testid=review-helpful]")).await;
    b.wait_text(&format!("{ottos_item} [data-testid=review-helpful]"), |t| t.contains('1')).await;
    let pressed =
        b.find(&format!("{ottos_item} [data-testid=review-helpful]")).await.attr("aria-pressed").await.unwrap();
    assert_eq!(pressed.as_deref(), Some("true"));
    let own = app.get(&format!("/api/v1/products/{slug}/ratings?sort=helpful"), None).await;
    assert_eq!(own.body["items"][0]["id"], ottos.as_str(), "the helpful one comes first");
    assert_eq!(own.body["items"][0]["helpful_count"], 1);
    let anna_review = own.body["items"][1]["id"].as_str().unwrap().to_string();
    assert!(!b.exists(&format!("#review-{anna_review} [data-testid=review-helpful]")).await, "not on her own review");
    assert!(!b.exists(&format!("#review-{anna_review} [data-testid=report-toggle]")).await);
    b.full_screenshot(&format!("{shots}-product")).await;

    // Sorting: lowest first puts Otto's two stars on top.
    b.click("#reviews .sort-tabs a[href*='reviews=lowest']").await;
    b.wait_text("#reviews .sort-tabs [aria-current=page]", |t| t.contains("Schlechteste")).await;
    assert!(b.text("[data-testid=reviews] li:first-child").await.contains("Zu salzig"));

    // Editing shows the current values; four stars move the average.
    b.goto(&format!("{}{page}#rating", app.base)).await;
    assert_eq!(b.value("#field-title").await, "Endlich wieder da");
    assert!(b.value("#field-body").await.contains("Frühling"));
    assert_eq!(b.find("#stars-5").await.prop("checked").await.unwrap().as_deref(), Some("true"));
    b.click("label[for=stars-4]").await;
    b.click("[data-testid=rate-submit]").await;
    b.wait_text("[data-testid=flash]", |t| t.contains("aktualisiert")).await;
    assert_eq!(b.text("[data-testid=rating-average]").await, "3,0");
    assert_eq!(histogram(&b, 4).await, "1");
    assert_eq!(histogram(&b, 5).await, "0");

    // The same page on a phone.
    b.client.set_window_size(390, 900).await.unwrap();
    b.goto(&format!("{}{page}", app.base)).await;
    b.screenshot(&format!("{shots}-product-phone")).await;
    b.full_screenshot(&format!("{shots}-product-phone-full")).await;
    b.client.set_window_size(1280, 1000).await.unwrap();

    // Removing the rating takes it out of the summary.
    b.goto(&format!("{}{page}#rating", app.base)).await;
    b.click("[data-testid=rate-remove]").await;
    b.wait_text("[data-testid=flash]", |t| t.contains("entfernt")).await;
    assert_eq!(b.text("[data-testid=rating-count]").await, "1 Bewertung");
    assert_eq!(histogram(&b, 4).await, "0");
    assert_eq!(b.value("#field-title").await, "", "an empty form again");
    b.close().await;
}

/// A member writes a tip through the form (from the product page, so the
/// product is preselected), then finds it from the header's search box by a
/// misspelled word; the tips filter by tag; another member marks it helpful.
pub async fn member_writes_a_tip_and_finds_it_by_a_typo(app: TestApp) {
    let shots = tag(&app);
    let team = app.staff("team", Role::ProductTeam).await;
    app.product(&team, "Roggenbrot vom Holzofen", json!({"brand": "Jowa", "category": "Brot"})).await;
    let slug = "roggenbrot-vom-holzofen";
    let b = launch(true).await;
    register(&b, &app, "ben", &format!("/products/{slug}")).await;
    assert!(b.text("#tips").await.contains("Noch keine Tipps"));
    b.click("[data-testid=write-tip]").await;
    b.wait_text("h1", |t| t == "Tipp schreiben").await;
    assert_eq!(b.value("#field-product").await, slug, "the product is preselected");

    // Too short a title: the message at the field, the rest kept.
    b.fill("#field-title", "Brot").await;
    b.fill("#field-body", "Den **Sauerteig** jeden Abend mit Roggenmehl und lauwarmem Wasser füttern.").await;
    b.fill("#field-tags", "brot, sauerteig").await;
    b.click("[data-testid=tip-submit]").await;
    assert!(b.text("[data-testid=error-title]").await.contains("mindestens 5 Zeichen"));
    assert!(b.exists("[data-testid=error-summary]").await);
    assert_eq!(b.value("#field-tags").await, "brot, sauerteig");
    assert_eq!(b.value("#field-product").await, slug);
    b.fill("#field-title", "Sauerteig richtig füttern").await;
    b.click("[data-testid=tip-submit]").await;
    b.wait_text("h1", |t| t == "Sauerteig richtig füttern").await;
    let tip_path = b.path().await;
    assert!(tip_path.starts_with("/tips/"), "{tip_path}");
    assert!(b.text("[data-testid=flash]").await.contains("veröffentlicht"));
    assert!(b.text("[data-testid=tip-body]").await.contains("Sauerteig"));
    assert_eq!(b.text("[data-testid=tip-product]").await, "Roggenbrot vom Holzofen");
    assert!(b.exists("[data-testid=edit-tip]").await, "the author may edit");
    assert!(!b.exists("[data-testid=tip-helpful]").await, "not helpful to oneself");
    assert!(!b.exists("#report").await, "nor reported by oneself");
    b.full_screenshot(&format!("{shots}-tip")).await;

    // The header's search box, with a typo; indexing is asynchronous, so look again for a while.
    b.goto(&format!("{}/", app.base)).await;
    b.fill("[data-testid=site-search]", "Sauerteik").await;
    b.click("[data-testid=site-search-submit]").await;
    b.wait_text("h1", |t| t.contains("Sauerteik")).await;
    assert_eq!(b.path().await, "/search");
    assert_eq!(b.value("[data-testid=site-search]").await, "Sauerteik", "the box keeps the words");
    let started = Instant::now();
    loop {
        let found = b.client.find(fantoccini::Locator::Css("[data-testid=search-results]")).await;
        if let Ok(el) = found {
            if el.text().await.unwrap_or_default().contains("Sauerteig richtig füttern") {
                break;
            }
        }
        assert!(started.elapsed() < Duration::from_secs(10), "the tip was not found by a typo within 10 s");
        tokio::time::sleep(Duration::from_millis(500)).await;
        b.client.refresh().await.unwrap();
    }
    let marked = b.find("[data-testid=search-results] [data-kind=tip] .hit-title mark").await.text().await.unwrap();
    assert_eq!(marked, "Sauerteig", "the match is highlighted");
    let link = b.find("[data-testid=search-results] [data-kind=tip] .hit-title a").await.attr("href").await.unwrap();
    assert_eq!(link.as_deref(), Some(tip_path.as_str()));
    b.full_screenshot(&format!("{shots}-search")).await;

    // Only tips, with facets: the tag filter shows its count and narrows the list.
    b.click("[data-testid=search-tab-tips]").await;
    b.wait_text("[data-testid=results-count]", |t| t == "1 Treffer").await;
    let facet = b.text("a[data-testid=facet-tag][href*='tag=sauerteig']").await;
    assert!(facet.contains("sauerteig") && facet.contains('1'), "{facet}");
    b.click("a[data-testid=facet-tag][href*='tag=sauerteig']").await;
    b.wait_text(".chips", |t| t.contains("sauerteig")).await;
    assert_eq!(b.text("[data-testid=results-count]").await, "1 Treffer");
    b.full_screenshot(&format!("{shots}-search-tips")).await;

    // The tips list filters by tag; the product page lists the tip.
    b.goto(&format!("{}/tips?tag=sauerteig", app.base)).await;
    assert!(b.text("[data-testid=tips]").await.contains("Sauerteig richtig füttern"));
    b.screenshot(&format!("{shots}-tips")).await;
    b.goto(&format!("{}/products/{slug}", app.base)).await;
    assert!(b.text("[data-testid=product-tips]").await.contains("Sauerteig richtig füttern"));
    sign_out(&b).await;

    // Another member finds it helpful.
    register(&b, &app, "carla", &tip_path).await;
    assert_eq!(b.text("[data-testid=helpful-count]").await, "0");
    b.click("[data-testid=tip-helpful]").await;
    b.wait_text("[data-testid=helpful-count]", |t| t == "1").await;
    assert!(b.exists("[data-testid=tip-unhelpful]").await);
    assert!(b.exists("#report [data-testid=report-toggle]").await, "others may report it");
    assert!(!b.exists("[data-testid=edit-tip]").await, "only its author edits it");

    // On a phone: the header keeps a search link instead of the box.
    b.client.set_window_size(390, 900).await.unwrap();
    b.goto(&format!("{}{tip_path}", app.base)).await;
    assert!(b.find("[data-testid=search-link]").await.is_displayed().await.unwrap());
    assert!(!b.find("[data-testid=site-search]").await.is_displayed().await.unwrap());
    b.screenshot(&format!("{shots}-tip-phone")).await;
    b.goto(&format!("{}/search?q=Sauerteik", app.base)).await;
    b.screenshot(&format!("{shots}-search-phone")).await;
    b.close().await;
}

/// Low thresholds, so two one-star ratings are a spike.
pub fn low_spike_threshold(c: &mut Config) {
    c.spike_min_low = 2;
}

/// Two low ratings in a row raise a review-spike alert: the product team
/// is notified, sees the banner on the product page and marks it resolved.
pub async fn product_team_sees_a_review_spike(app: TestApp) {
    let shots = tag(&app);
    let team = app.staff("team", Role::ProductTeam).await;
    app.product(&team, "Hafer Drink Barista", json!({"brand": "Alnatura", "category": "Drinks"})).await;
    let slug = "hafer-drink-barista";
    for handle in ["mia", "noah"] {
        let token = app.member(handle).await;
        rate(&app, &token, slug, json!({"stars": 1, "title": "Flockt aus", "body": "Im Kaffee flockt er sofort aus."}))
            .await;
    }
    let b = launch(true).await;

    // Members see no banner.
    register(&b, &app, "olga", &format!("/products/{slug}")).await;
    assert!(!b.exists("[data-testid=spike-banner]").await);
    assert!(!b.exists("[data-testid=edit-product]").await);
    sign_out(&b).await;

    // The team member: the bell, the notification, the product page's banner.
    sign_in(&b, &app, "team", "/").await;
    assert_eq!(b.text("[data-testid=bell-count]").await, "1");
    b.click("[data-testid=bell]").await;
    let list = b.text("[data-testid=notifications]").await;
    assert!(list.contains("„Hafer Drink Barista“ hat 2 schlechte Bewertungen innerhalb von 48 Stunden"), "{list}");
    b.click("[data-testid=notifications] li:first-child .notification-headline a").await;
    b.wait_text("h1", |t| t == "Hafer Drink Barista").await;
    assert_eq!(b.path().await, format!("/products/{slug}"));
    let banner = b.text("[data-testid=spike-banner]").await;
    assert!(banner.contains("2 schlechte Bewertungen (1–2 Sterne) innerhalb von 48 Stunden"), "{banner}");
    assert!(b.exists("[data-testid=edit-product]").await);
    b.screenshot(&format!("{shots}-product-spike")).await;

    // Resolved: the banner goes.
    b.click("[data-testid=resolve-alert]").await;
    b.wait_text("[data-testid=flash]", |t| t.contains("erledigt")).await;
    assert!(!b.exists("[data-testid=spike-banner]").await);
    let open = app.get("/api/v1/product-alerts", Some(&team)).await;
    assert_eq!(open.body.as_array().map(Vec::len), Some(0));

    // The edit form shows the product; a wrong GTIN comes back at its field.
    b.click("[data-testid=edit-product]").await;
    assert_eq!(b.value("#field-name").await, "Hafer Drink Barista");
    b.fill("#field-gtin", "4006381333932").await;
    b.click("[data-testid=product-submit]").await;
    assert!(b.text("[data-testid=error-gtin]").await.contains("Prüfziffer"));
    b.fill("#field-gtin", "4006381333931").await;
    b.click("[data-testid=product-submit]").await;
    b.wait_text("[data-testid=gtin]", |t| t == "4006381333931").await;
    b.close().await;
}

fn session(token: &str) -> String {
    format!("ideashelf_session={token}")
}

/// The product team's forms are theirs; the new posts need the CSRF token;
/// reported reviews and tips reach the moderation queue with a link to them.
pub async fn catalogue_pages_over_http(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let moderator = app.staff("mod", Role::Moderator).await;
    let member = app.member("anna").await;
    let otto = app.member("otto").await;
    app.product(&team, "Rösti Classic", json!({})).await;
    let review =
        rate(&app, &otto, "roesti-classic", json!({"stars": 1, "title": "Spam", "body": "Kauft bei mir!"})).await;
    let tip = app.post("/api/v1/tips", Some(&otto), json!({"title": "Rösti ohne Öl", "body": "Geht nicht."})).await;
    let tip = tip.body["id"].as_str().unwrap().to_string();
    let get = |path: String, cookie: Option<String>| {
        let mut req = app.client.get(format!("{}{path}", app.base));
        if let Some(c) = cookie {
            req = req.header(COOKIE, c);
        }
        req.send()
    };

    // Who may open what.
    assert_eq!(get("/products/new".into(), Some(session(&member))).await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(
        get("/products/roesti-classic/edit".into(), Some(session(&member))).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let res = get("/products/new".into(), None).await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers().get(LOCATION).unwrap(), "/login?next=%2Fproducts%2Fnew");
    assert_eq!(get("/products/new".into(), Some(session(&team))).await.unwrap().status(), StatusCode::OK);
    assert_eq!(get("/tips/new".into(), None).await.unwrap().status(), StatusCode::SEE_OTHER);
    assert_eq!(get(format!("/tips/{tip}/edit"), Some(session(&member))).await.unwrap().status(), StatusCode::FORBIDDEN);
    for path in ["/products/nope", "/tips/nope", "/tips/0190f000-0000-7000-8000-000000000000", "/products/a%2Fb"] {
        assert_eq!(get(path.into(), None).await.unwrap().status(), StatusCode::NOT_FOUND, "{path}");
    }
    let list = get("/products".into(), None).await.unwrap().text().await.unwrap();
    assert!(list.contains("Rösti Classic") && list.contains("href=\"/products\"") && list.contains("href=\"/tips\""));
    assert!(!list.contains("href=\"/products/new\""), "visitors get no add button");
    let search = get("/search".into(), None).await.unwrap();
    assert_eq!(search.status(), StatusCode::OK);

    // Posts without the token change nothing.
    let post = |path: String, cookie: String, body: String| {
        app.client
            .post(format!("{}{path}", app.base))
            .header(COOKIE, cookie)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    for path in [
        "/products/new".to_string(),
        "/products/roesti-classic/edit".into(),
        "/products/roesti-classic/rating".into(),
        "/products/roesti-classic/rating/delete".into(),
        format!("/products/roesti-classic/reviews/{review}/helpful"),
        "/products/roesti-classic/report".into(),
        "/products/roesti-classic/alerts/0190f000-0000-7000-8000-000000000000/resolve".into(),
        "/tips/new".into(),
        format!("/tips/{tip}/edit"),
        format!("/tips/{tip}/helpful"),
        format!("/tips/{tip}/report"),
        format!("/tips/{tip}/delete"),
    ] {
        let res =
            post(path.clone(), session(&team), "stars=5&title=x&body=y&name=Neu&brand=B&category=C&reason=Spam".into())
                .await
                .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let api = app.get("/api/v1/products/roesti-classic", None).await;
    assert_eq!(api.body["rating"]["count"], 1, "no rating was added");
    assert_eq!(app.get(&format!("/api/v1/tips/{tip}"), None).await.status, StatusCode::OK, "the tip is still there");
    // With the token a rating goes through, and the page answers with a redirect to the form.
    let csrf = "e".repeat(43);
    let with_cookie = format!("{}; ideashelf_csrf={csrf}", session(&member));
    let res = post("/products/roesti-classic/rating".into(), with_cookie, format!("stars=4&title=&body=&csrf={csrf}"))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers().get(LOCATION).unwrap(), "/products/roesti-classic#rating");
    assert_eq!(app.get("/api/v1/products/roesti-classic", None).await.body["rating"]["count"], 2);

    // Reported reviews and tips reach the queue, each with a link to it in context.
    for (target_type, target_id) in [("review", review.as_str()), ("tip", tip.as_str())] {
        let r = app
            .post(
                "/api/v1/reports",
                Some(&member),
                json!({"target_type": target_type, "target_id": target_id, "reason": "Werbung"}),
            )
            .await;
        assert!(r.status.is_success(), "{:?}", r.body);
    }
    let queue = get("/moderation".into(), Some(session(&moderator))).await.unwrap().text().await.unwrap();
    assert!(queue.contains("data-kind=\"reported_review\"") && queue.contains("data-kind=\"reported_tip\""), "{queue}");
    assert!(queue.contains(&format!("href=\"/products/roesti-classic#review-{review}\"")), "{queue}");
    assert!(queue.contains(&format!("href=\"/tips/{tip}\"")));
    assert!(queue.contains("Gemeldete Bewertung") && queue.contains("Gemeldeter Tipp"));
}

/// An engine that does not answer: the search page says so and keeps the
/// box; the rest of the site works.
pub fn unreachable_search_engine(c: &mut Config) {
    // Nothing listens on the discard port of this machine.
    c.meili_url = Some("http://127.0.0.1:9".into());
}

pub async fn search_page_survives_an_engine_outage(app: TestApp) {
    for path in ["/search?q=Brot", "/search?q=Brot&kind=tips"] {
        let res = app.client.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE, "{path}");
        let body = res.text().await.unwrap();
        assert!(body.contains("data-testid=\"search-unavailable\""), "{path}: {body}");
        assert!(body.contains("Die Suche ist gerade nicht verfügbar"));
        assert!(body.contains("id=\"search-q\"") && body.contains("value=\"Brot\""), "the search box stays");
        assert!(!body.contains("Etwas ist schiefgelaufen"), "not the error page");
    }
    let res = app.client.get(format!("{}/products", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

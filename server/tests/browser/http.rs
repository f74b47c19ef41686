//! The pages over plain HTTP: CSRF, language negotiation, 404s, escaping.

use reqwest::header::{ACCEPT_LANGUAGE, CONTENT_TYPE, COOKIE, LOCATION};
use reqwest::StatusCode;

use crate::helpers::TestApp;

async fn get(
    app: &TestApp,
    path: &str,
    headers: &[(reqwest::header::HeaderName, &str)],
) -> (StatusCode, String, String) {
    let mut req = app.client.get(format!("{}{path}", app.base));
    for (k, v) in headers {
        req = req.header(k, *v);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let ct = res.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    (status, ct, res.text().await.unwrap())
}

fn html_lang(body: &str) -> &str {
    body.split("<html lang=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or("")
}

/// Every form post needs the CSRF token of its session: without it, or with
/// another, the post is refused and nothing happens.
pub async fn posts_without_csrf_token_are_refused(app: TestApp) {
    let token = app.member("anna").await;
    let session = format!("ideashelf_session={token}");
    let form = "title=Ein+guter+Titel&summary=&body=&tags=&challenge=";
    let post = |cookie: String, body: String| {
        app.client
            .post(format!("{}/ideas/new", app.base))
            .header(COOKIE, cookie)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    // No token at all.
    let res = post(session.clone(), form.to_string()).await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().await.unwrap().contains("Formular abgelaufen"));
    // A token in the form that is not the cookie's.
    let csrf = "a".repeat(43);
    let res =
        post(format!("{session}; ideashelf_csrf={csrf}"), format!("{form}&csrf={}", "b".repeat(43))).await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Sign-out, support and the language switch are posts too.
    for path in ["/logout", "/language", "/login", "/register"] {
        let res = app
            .client
            .post(format!("{}{path}", app.base))
            .header(COOKIE, session.clone())
            .body("lang=en")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let listed = app.get("/api/v1/ideas", None).await;
    assert_eq!(listed.body["items"].as_array().map(Vec::len), Some(0), "nothing was created");
    // With the matching token the same post goes through.
    let res = post(format!("{session}; ideashelf_csrf={csrf}"), format!("{form}&csrf={csrf}")).await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers().get(LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    assert!(location.starts_with("/ideas/"), "{location}");
}

/// The language: a remembered choice, else Accept-Language, else German.
pub async fn language_comes_from_choice_then_header_then_german(app: TestApp) {
    let (_, _, body) = get(&app, "/", &[]).await;
    assert_eq!(html_lang(&body), "de");
    let (_, _, body) = get(&app, "/", &[(ACCEPT_LANGUAGE, "fr-CH, en;q=0.8, de;q=0.5")]).await;
    assert_eq!(html_lang(&body), "en");
    assert!(body.contains("Submit an idea"));
    let (_, _, body) = get(&app, "/", &[(ACCEPT_LANGUAGE, "en"), (COOKIE, "ideashelf_lang=de")]).await;
    assert_eq!(html_lang(&body), "de");
    assert!(body.contains("Idee einreichen"));
    // A member's stored choice counts when the browser has none.
    let token = app.member("lena").await;
    let me = app.get("/api/v1/me", Some(&token)).await;
    let actor = ideashelf::accounts::Actor {
        id: me.body["id"].as_str().unwrap().to_string(),
        handle: "lena".into(),
        display_name: "lena".into(),
        role: ideashelf::accounts::Role::Member,
        suspended: false,
        unverified: false,
        locale: None,
        time_zone: None,
        session_id: None,
    };
    ideashelf::accounts::service::set_locale(&app.db, &actor, "en".into()).await.unwrap();
    let (_, _, body) = get(&app, "/", &[(COOKIE, &format!("ideashelf_session={token}"))]).await;
    assert_eq!(html_lang(&body), "en");
}

/// Unknown page paths get the HTML 404 page; unknown API paths keep their JSON problem.
pub async fn unknown_paths_answer_in_their_kind(app: TestApp) {
    let (status, ct, body) = get(&app, "/nothing/here", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(ct.starts_with("text/html"), "{ct}");
    assert!(body.contains("Seite nicht gefunden"));
    let (status, _, _) = get(&app, "/ideas/not-an-id", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = get(&app, "/challenges/nope", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, ct, _) = get(&app, "/api/v1/nothing", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(ct.starts_with("application/problem+json"), "{ct}");
    let (status, ct, _) = get(&app, "/static/css/app.css", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(ct.starts_with("text/css"), "{ct}");
}

/// User content is escaped in the HTML, and rendered markdown is sanitized.
pub async fn user_content_is_escaped(app: TestApp) {
    let token = app.member("mallory").await;
    let r = app
        .post(
            "/api/v1/ideas",
            Some(&token),
            serde_json::json!({"title": "<b>Fett</b> & \"zitiert\"", "body": "<script>alert(1)</script><img src=x onerror=alert(2)>", "tags": ["x"]}),
        )
        .await;
    let id = r.body["id"].as_str().unwrap().to_string();
    let (status, _, body) = get(&app, &format!("/ideas/{id}"), &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("&lt;b&gt;Fett&lt;&#x2F;b&gt; &amp; &quot;zitiert&quot;")
            || body.contains("&lt;b&gt;Fett&lt;/b&gt;"),
        "title not escaped"
    );
    assert!(!body.contains("<b>Fett</b>"));
    assert!(!body.contains("<script>alert"));
    assert!(!body.contains("onerror"));
    let (_, _, home) = get(&app, "/", &[]).await;
    assert!(!home.contains("<b>Fett</b>"));
}

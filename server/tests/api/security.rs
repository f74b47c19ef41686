//! Defects found from the outside (issue 14), each proven on both backends: redirects stay on this site,
//! signing out ends the token everywhere.

use reqwest::header::{COOKIE, LOCATION};
use reqwest::StatusCode;
use serde_json::json;

use crate::backend_tests;
use crate::helpers::{assert_code, TestApp};

/// A CSRF token as the pages set it (cookie and form field agree; at least 32 characters).
const CSRF: &str = "csrf-token-of-forty-characters-0123456789";

backend_tests!(
    next_never_leaves_the_site,
    control_characters_in_next_keep_the_sign_in,
    signing_out_ends_the_token,
    signing_out_everywhere_ends_every_session,
);

/// Where a redirect would take a browser, resolved as a browser resolves it (tabs and newlines dropped).
fn lands_on_this_site(location: &str) -> bool {
    let cleaned: String = location.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let base = url::Url::parse("http://ideashelf.test/").unwrap();
    match base.join(&cleaned) {
        Ok(u) => u.origin() == base.origin(),
        Err(_) => false,
    }
}

async fn location_of(app: &TestApp, path: &str, cookie: &str) -> (StatusCode, String) {
    let r = app.client.get(format!("{}{path}", app.base)).header(COOKIE, cookie).send().await.unwrap();
    let loc = r.headers().get(LOCATION).map(|v| String::from_utf8_lossy(v.as_bytes()).to_string()).unwrap_or_default();
    (r.status(), loc)
}

async fn next_never_leaves_the_site(app: TestApp) {
    let token = app.member("redirected").await;
    let cookie = format!("ideashelf_session={token}");
    for page in ["/login", "/register"] {
        for next in [
            "/%09/evil.example",
            "/%0a/evil.example",
            "/%0d/evil.example",
            "//evil.example",
            "/%5cevil.example",
            "https:%2f%2fevil.example",
            "/%20/evil.example",
            "%2f%09%2fevil.example",
        ] {
            let (status, loc) = location_of(&app, &format!("{page}?next={next}"), &cookie).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{page}?next={next}");
            assert!(lands_on_this_site(&loc), "{page}?next={next} -> Location {loc:?}");
            assert!(!loc.chars().any(char::is_control), "{page}?next={next} -> Location {loc:?}");
        }
        let (_, loc) = location_of(&app, &format!("{page}?next=/ideas%3Fsort%3Dnew"), &cookie).await;
        assert_eq!(loc, "/ideas?sort=new", "a local next is kept");
    }
}

async fn control_characters_in_next_keep_the_sign_in(app: TestApp) {
    app.member("controlled").await;
    for c in ["\u{1}", "\u{b}", "\u{c}", "\u{7f}", "\t", "\n"] {
        let next = format!("/ideas{c}x");
        let r = app
            .client
            .post(format!("{}/login", app.base))
            .header(COOKIE, format!("ideashelf_csrf={CSRF}"))
            .form(&[("csrf", CSRF), ("login", "controlled"), ("password", "correct horse battery"), ("next", &next)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "next {next:?}");
        let loc = r.headers().get(LOCATION).unwrap().to_str().unwrap().to_string();
        assert!(lands_on_this_site(&loc) && !loc.chars().any(char::is_control), "{next:?} -> {loc:?}");
        let signed_in = r
            .headers()
            .get_all("set-cookie")
            .iter()
            .any(|v| v.to_str().unwrap_or("").starts_with("ideashelf_session=e"));
        assert!(signed_in, "the sign-in is kept for next {next:?}");
        let r = app
            .client
            .post(format!("{}/language", app.base))
            .header(COOKIE, format!("ideashelf_csrf={CSRF}"))
            .form(&[("csrf", CSRF), ("lang", "de"), ("next", &next)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "language, next {next:?}");
    }
}

async fn signing_out_ends_the_token(app: TestApp) {
    // The API's sign-out.
    let token = app.member("leaving").await;
    assert_eq!(app.get("/api/v1/me", Some(&token)).await.status, StatusCode::OK);
    assert_eq!(app.post("/api/v1/auth/logout", Some(&token), json!({})).await.status, StatusCode::NO_CONTENT);
    assert_code(&app.get("/api/v1/me", Some(&token)).await, 401, "invalid_token");
    // The pages' sign-out ends the same kind of token, for the API too.
    let r =
        app.post("/api/v1/auth/login", None, json!({"login": "leaving", "password": "correct horse battery"})).await;
    let token = r.body["token"].as_str().unwrap().to_string();
    let other =
        app.post("/api/v1/auth/login", None, json!({"login": "leaving", "password": "correct horse battery"})).await;
    let other = other.body["token"].as_str().unwrap().to_string();
    let r = app
        .client
        .post(format!("{}/logout", app.base))
        .header(COOKIE, format!("ideashelf_session={token}; ideashelf_csrf={CSRF}"))
        .form(&[("csrf", CSRF)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_code(&app.get("/api/v1/me", Some(&token)).await, 401, "invalid_token");
    let (status, _) = location_of(&app, "/notifications", &format!("ideashelf_session={token}")).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "the page treats the old cookie as signed out");
    assert_eq!(app.get("/api/v1/me", Some(&other)).await.status, StatusCode::OK, "another session stays open");
}

async fn signing_out_everywhere_ends_every_session(app: TestApp) {
    let first = app.member("everywhere").await;
    let login = json!({"login": "everywhere", "password": "correct horse battery"});
    let second = app.post("/api/v1/auth/login", None, login.clone()).await.body["token"].as_str().unwrap().to_string();
    let r = app.post("/api/v1/auth/logout-everywhere", Some(&second), json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["sessions"], 2);
    assert_code(&app.get("/api/v1/me", Some(&first)).await, 401, "invalid_token");
    assert_code(&app.get("/api/v1/me", Some(&second)).await, 401, "invalid_token");
    // Signing in again works.
    assert_eq!(app.post("/api/v1/auth/login", None, login).await.status, StatusCode::OK);
}

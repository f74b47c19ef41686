//! Defects found from the outside (issue 14), each proven on both backends: redirects stay on this site,
//! signing out ends the token everywhere.

use reqwest::header::{COOKIE, LOCATION};
use reqwest::StatusCode;
use serde_json::json;

use crate::backend_tests;
use crate::helpers::{assert_code, assert_problem, TestApp};

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

backend_tests!(
    control_characters_are_refused_at_the_edge,
    json_bodies_need_a_json_content_type,
    dates_stay_in_a_sensible_range,
    the_api_docs_have_a_content_security_policy,
);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_slow_body_is_cut_off_sqlite() {
    a_slow_body_is_cut_off(crate::helpers::Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_slow_body_is_cut_off_postgres() {
    a_slow_body_is_cut_off(crate::helpers::Backend::Postgres).await
}

/// NUL (and the other C0 controls but tab and newline, and bidi overrides in lines of text) are refused with
/// a 422 naming the field, the same on SQLite and PostgreSQL (which answered 500 to NUL before).
async fn control_characters_are_refused_at_the_edge(app: TestApp) {
    let r =
        app.post("/api/v1/auth/login", None, json!({"login": "a\u{0}b", "password": "correct horse battery"})).await;
    assert_problem(&r, 422, Some("login"));
    assert_problem(&app.get("/api/v1/users/a%00b", None).await, 422, Some("path"));
    assert_problem(&app.get("/api/v1/challenges/a%00b", None).await, 422, Some("path"));
    assert_problem(&app.get("/api/v1/ideas?tag=a%00b", None).await, 422, Some("tag"));
    assert_problem(&app.get("/api/v1/products/a%01b", None).await, 422, Some("path"));
    let anna = app.member("anna").await;
    let idea = json!({"title": "A fine idea", "summary": "Sum\u{0}mary", "body": "Body", "tags": ["ok", "t\u{1b}x"]});
    let r = app.post("/api/v1/ideas", Some(&anna), idea).await;
    assert_problem(&r, 422, Some("summary"));
    assert_problem(&r, 422, Some("tags[1]"));
    let r = app
        .post("/api/v1/ideas", Some(&anna), json!({"title": "evil\u{202E}txt.exe", "summary": "S", "body": "B"}))
        .await;
    assert_problem(&r, 422, Some("title"));
    // Running text keeps tabs and newlines, and may hold right-to-left marks.
    let id = app.idea(&anna, None, "A tidy idea").await;
    let r = app.post(&format!("/api/v1/ideas/{id}/comments"), Some(&anna), json!({"body": "Line\u{0}"})).await;
    assert_problem(&r, 422, Some("body"));
    let r = app
        .post(&format!("/api/v1/ideas/{id}/comments"), Some(&anna), json!({"body": "Line one\n\tLine \u{202E}two"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let r = app
        .post("/api/v1/reports", Some(&anna), json!({"target_type": "idea", "target_id": id, "reason": "x\u{0}"}))
        .await;
    assert_problem(&r, 422, Some("reason"));
    // The pages answer with their error page, never a 500.
    let page = app.client.get(format!("{}/ideas?tag=a%00b", app.base)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let page = app
        .client
        .post(format!("{}/ideas/{id}/comments", app.base))
        .header(COOKIE, format!("ideashelf_session={anna}; ideashelf_csrf={CSRF}"))
        .form(&[("csrf", CSRF), ("body", "Hi\u{0}")])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let comments = app.get(&format!("/api/v1/ideas/{id}/comments"), None).await;
    assert_eq!(comments.body["items"].as_array().unwrap().len(), 1, "nothing with NUL was stored");
}

async fn json_bodies_need_a_json_content_type(app: TestApp) {
    let anna = app.member("typed").await;
    let body = r#"{"title": "A typed idea", "summary": "S", "body": "B"}"#;
    for ct in [None, Some("text/plain"), Some("application/x-www-form-urlencoded")] {
        let mut req = app.client.post(format!("{}/api/v1/ideas", app.base)).bearer_auth(&anna).body(body);
        if let Some(ct) = ct {
            req = req.header("content-type", ct);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "{ct:?}");
        let problem: serde_json::Value = r.json().await.unwrap();
        assert_eq!(problem["code"], "unsupported_media_type");
    }
    let r = app
        .client
        .post(format!("{}/api/v1/ideas", app.base))
        .bearer_auth(&anna)
        .header("content-type", "application/json; charset=utf-8")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
}

async fn dates_stay_in_a_sensible_range(app: TestApp) {
    let team = app.staff("team", ideashelf::accounts::Role::ProductTeam).await;
    let body = json!({"slug": "far-future", "title": "Far future", "brief": "b", "support_threshold": 10,
                      "opens_at": "2026-01-01T00:00:00Z", "closes_at": "+99999-01-01T00:00:00Z"});
    assert_problem(&app.post("/api/v1/challenges", Some(&team), body).await, 422, Some("closes_at"));
    let body = json!({"slug": "far-past", "title": "Far past", "brief": "b", "support_threshold": 10,
                      "opens_at": "0001-01-01T00:00:00Z", "closes_at": "2026-01-01T00:00:00Z"});
    assert_problem(&app.post("/api/v1/challenges", Some(&team), body).await, 422, Some("opens_at"));
    assert_problem(&app.get("/api/v1/exports/ideas?since=99999-01-01", Some(&team)).await, 422, Some("since"));
}

async fn the_api_docs_have_a_content_security_policy(app: TestApp) {
    let r = app.client.get(format!("{}/api/docs/", app.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let csp = r.headers().get("content-security-policy").expect("a CSP on the docs page").to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("object-src 'none'"), "{csp}");
}

/// A client that trickles its body is cut off after the body timeout (here 2 s), with a 408 problem.
async fn a_slow_body_is_cut_off(backend: crate::helpers::Backend) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = crate::helpers::spawn_app_with(backend, |c| c.body_timeout_secs = 2).await;
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut sock = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n"
    );
    sock.write_all(head.as_bytes()).await.unwrap();
    let started = std::time::Instant::now();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        // One byte a second, until the server answers or closes.
        if sock.write_all(b" ").await.is_err() {
            break;
        }
        match tokio::time::timeout(std::time::Duration::from_secs(1), sock.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => {
                answer.extend_from_slice(&buf[..n]);
                if answer.windows(4).any(|w| w == b"\r\n\r\n") {
                    break;
                }
            }
            Err(_) => {}
        }
        assert!(started.elapsed().as_secs() < 10, "the slow body was not cut off");
    }
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(started.elapsed().as_secs() >= 1, "not before the timeout");
}

backend_tests!(suspended_staff_lose_their_powers);

/// Suspending a staff account takes its powers: staff powers need an unsuspended account. A suspended member
/// may still take back what is their own (documented in docs/ACCOUNTS.md).
async fn suspended_staff_lose_their_powers(app: TestApp) {
    use ideashelf::accounts::Role;
    let root = app.staff("root", Role::Admin).await;
    let admin = app.staff("second_admin", Role::Admin).await;
    let moderator = app.staff("moder", Role::Moderator).await;
    let team = app.staff("team", Role::ProductTeam).await;
    let author = app.member("author").await;
    let fan = app.member("fan").await;
    let idea = app.idea(&author, None, "An idea to move").await;
    assert_eq!(app.put(&format!("/api/v1/ideas/{idea}/support"), Some(&fan)).await.status, StatusCode::OK);
    for who in ["second_admin", "moder", "team", "fan"] {
        let r = app
            .post(
                "/api/v1/moderation/actions",
                Some(&root),
                json!({"action": "suspend", "target_type": "user", "target_id": who, "reason": "Test"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "suspend {who}: {:?}", r.body);
    }
    // The suspended admin changes no role and reads no audit log.
    let r = app.patch("/api/v1/users/author/role", Some(&admin), json!({"role": "moderator"})).await;
    assert_code(&r, 403, "admins_only");
    assert_code(&app.get("/api/v1/audit", Some(&admin)).await, 403, "moderators_only");
    // The suspended product team moves and exports nothing.
    let r = app.post(&format!("/api/v1/ideas/{idea}/transitions"), Some(&team), json!({"to": "in_review"})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
    assert_code(&app.get("/api/v1/exports/ideas", Some(&team)).await, 403, "product_team_only");
    assert_code(&app.get("/api/v1/dashboard", Some(&team)).await, 403, "product_team_only");
    // The suspended moderator hides nothing and unsuspends nobody.
    let hide = json!({"action": "hide", "target_type": "idea", "target_id": idea, "reason": "Test"});
    assert_code(&app.post("/api/v1/moderation/actions", Some(&moderator), hide).await, 403, "moderators_only");
    let unsuspend = json!({"action": "unsuspend", "target_type": "user", "target_id": "fan", "reason": "Test"});
    assert_code(&app.post("/api/v1/moderation/actions", Some(&moderator), unsuspend).await, 403, "moderators_only");
    assert_code(&app.get("/api/v1/moderation/queue", Some(&moderator)).await, 403, "moderators_only");
    // Nothing changed: the idea still gathers support, the fan is still suspended.
    let r = app.get(&format!("/api/v1/ideas/{idea}"), None).await;
    assert_eq!(r.body["status"], "gathering_support");
    assert_eq!(app.get("/api/v1/me", Some(&fan)).await.body["suspended"], true);
    // A suspended member may take back their own support.
    let r = app.delete(&format!("/api/v1/ideas/{idea}/support"), Some(&fan)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["supports"], 0);
    // Unsuspended by an active admin, the powers are back.
    let r = app
        .post(
            "/api/v1/moderation/actions",
            Some(&root),
            json!({"action": "unsuspend", "target_type": "user", "target_id": "second_admin", "reason": "Back"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(app.get("/api/v1/audit", Some(&admin)).await.status, StatusCode::OK);
}

backend_tests!(reports_reveal_nothing_hidden);

/// Reporting a pending idea (which the member cannot see) answers 404 like reading it, not 201: a report must not
/// tell a stranger that the idea exists.
async fn reports_reveal_nothing_hidden(app: TestApp) {
    let team = app.staff("team", ideashelf::accounts::Role::ProductTeam).await;
    app.open_challenge(&team, "curated", json!({"premoderation": true})).await;
    let author = app.member("author").await;
    let other = app.member("other").await;
    let pending = app.idea(&author, Some("curated"), "Awaiting a moderator").await;
    assert_problem(&app.get(&format!("/api/v1/ideas/{pending}"), Some(&other)).await, 404, None);
    let report = json!({"target_type": "idea", "target_id": pending, "reason": "Spam"});
    assert_problem(&app.post("/api/v1/reports", Some(&other), report).await, 404, None);
    let public = app.idea(&author, None, "Out in the open").await;
    let report = json!({"target_type": "idea", "target_id": public, "reason": "Spam"});
    assert_eq!(app.post("/api/v1/reports", Some(&other), report).await.status, StatusCode::CREATED);
}

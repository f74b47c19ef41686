use ideashelf::accounts::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::backend_tests;
use crate::helpers::{assert_code, assert_problem, TestApp};

backend_tests!(
    register_login_and_me,
    registration_errors_name_fields,
    login_does_not_reveal_accounts,
    admins_change_roles
);

async fn register_login_and_me(app: TestApp) {
    let r = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"handle": "Anna_K", "email": "Anna@Example.org", "password": "correct horse battery", "display_name": "Anna K.",
                "accept_terms": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let user = &r.body["user"];
    assert_eq!(user["handle"], "Anna_K");
    assert_eq!(user["display_name"], "Anna K.");
    assert_eq!(user["role"], "member");
    assert!(user["id"].as_str().unwrap().len() == 36);
    assert!(user.get("email").is_none(), "the public user carries no email");
    assert!(user.get("password_hash").is_none());

    // Sign in by handle (any case) and by email (any case).
    for login in ["anna_k", "ANNA@example.ORG"] {
        let r =
            app.post("/api/v1/auth/login", None, json!({"login": login, "password": "correct horse battery"})).await;
        assert_eq!(r.status, StatusCode::OK, "{login}: {:?}", r.body);
        let token = r.body["token"].as_str().unwrap().to_string();
        let me = app.get("/api/v1/me", Some(&token)).await;
        assert_eq!(me.status, StatusCode::OK);
        assert_eq!(me.body["handle"], "Anna_K");
        assert_eq!(me.body["email"], "Anna@Example.org");
    }
    // Public profile.
    let r = app.get("/api/v1/users/anna_k", None).await;
    assert_eq!(r.body["handle"], "Anna_K");
    // No token, a bad token: 401 problem.
    assert_problem(&app.get("/api/v1/me", None).await, 401, None);
    assert_problem(&app.get("/api/v1/me", Some("not.a.token")).await, 401, None);
}

async fn registration_errors_name_fields(app: TestApp) {
    let r = app.post("/api/v1/auth/register", None, json!({"handle": "x", "email": "nope", "password": "short"})).await;
    assert_problem(&r, 422, Some("handle"));
    assert_problem(&r, 422, Some("email"));
    assert_problem(&r, 422, Some("password"));

    app.member("bruno").await;
    // Handles unique regardless of case; emails unique case-insensitively.
    let r = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"handle": "BRUNO", "email": "other@example.org", "password": "correct horse battery",
                "accept_terms": true}),
        )
        .await;
    assert_problem(&r, 422, Some("handle"));
    let r = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"handle": "bruno2", "email": "Bruno@EXAMPLE.org", "password": "correct horse battery",
                "accept_terms": true}),
        )
        .await;
    assert_problem(&r, 422, Some("email"));
    // Missing field and wrong type are 422 naming the field; malformed JSON is 400.
    assert_problem(
        &app.post("/api/v1/auth/register", None, json!({"handle": "carla", "email": "c@example.org"})).await,
        422,
        Some("password"),
    );
    assert_problem(
        &app.post("/api/v1/auth/register", None, json!({"handle": 5, "email": "c@example.org", "password": "x"})).await,
        422,
        Some("handle"),
    );
    let raw = app
        .client
        .post(format!("{}/api/v1/auth/register", app.base))
        .header("content-type", "application/json")
        .body("{\"handle\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), StatusCode::BAD_REQUEST);
    assert!(raw.headers()["content-type"].to_str().unwrap().starts_with("application/problem+json"));
}

async fn login_does_not_reveal_accounts(app: TestApp) {
    app.member("dora").await;
    let wrong_pw = app.post("/api/v1/auth/login", None, json!({"login": "dora", "password": "wrong password!"})).await;
    let unknown = app.post("/api/v1/auth/login", None, json!({"login": "nobody", "password": "wrong password!"})).await;
    assert_problem(&wrong_pw, 401, None);
    assert_problem(&unknown, 401, None);
    assert_eq!(wrong_pw.body["detail"], unknown.body["detail"]);
}

async fn admins_change_roles(app: TestApp) {
    let admin = app.staff("root_admin", Role::Admin).await;
    let member = app.member("emil").await;
    assert_problem(
        &app.patch("/api/v1/users/root_admin/role", Some(&member), json!({"role": "member"})).await,
        403,
        None,
    );
    let r = app.patch("/api/v1/users/emil/role", Some(&admin), json!({"role": "moderator"})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["role"], "moderator");
    // The change applies to the existing token at once.
    assert_eq!(app.get("/api/v1/me", Some(&member)).await.body["role"], "moderator");
    assert_problem(
        &app.patch("/api/v1/users/emil/role", Some(&admin), json!({"role": "king"})).await,
        422,
        Some("role"),
    );
    assert_problem(&app.patch("/api/v1/users/nobody/role", Some(&admin), json!({"role": "member"})).await, 404, None);
    // The last admin cannot remove themselves.
    assert_code(
        &app.patch("/api/v1/users/root_admin/role", Some(&admin), json!({"role": "member"})).await,
        409,
        "last_admin",
    );
}

/// Signing in and registering are limited per client address (here 3 a
/// minute); other requests are not, and the refusal is a problem document.
async fn sign_in_attempts_are_rate_limited(backend: crate::helpers::Backend) {
    let app = crate::helpers::spawn_app_with(backend, |c| c.auth_rate_per_minute = 3).await;
    let wrong = serde_json::json!({"login": "nobody", "password": "wrong password here"});
    for _ in 0..3 {
        assert_eq!(app.post("/api/v1/auth/login", None, wrong.clone()).await.status.as_u16(), 401);
    }
    let r = app.post("/api/v1/auth/login", None, wrong.clone()).await;
    crate::helpers::assert_problem(&r, 429, None);
    assert_eq!(r.body["code"], "rate_limited");
    let r = app
        .post(
            "/api/v1/auth/register",
            None,
            serde_json::json!({"handle": "late", "email": "late@example.org", "password": "correct horse battery",
                "accept_terms": true}),
        )
        .await;
    crate::helpers::assert_problem(&r, 429, None);
    // Reading is not limited; the sign-in page answers with its error page.
    assert_eq!(app.get("/api/v1/ideas", None).await.status.as_u16(), 200);
    let page =
        app.client.post(format!("{}/login", app.base)).form(&[("login", "x"), ("password", "y")]).send().await.unwrap();
    assert_eq!(page.status().as_u16(), 429);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let wait: u64 = page.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "Retry-After {wait}");
    let api = app.client.post(format!("{}/api/v1/auth/login", app.base)).json(&wrong).send().await.unwrap();
    let wait: u64 = api.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "Retry-After {wait}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sign_in_attempts_are_rate_limited_sqlite() {
    sign_in_attempts_are_rate_limited(crate::helpers::Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sign_in_attempts_are_rate_limited_postgres() {
    sign_in_attempts_are_rate_limited(crate::helpers::Backend::Postgres).await
}

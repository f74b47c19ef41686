//! The API's shared conventions: problem documents, health, OpenAPI.

use reqwest::StatusCode;

use crate::backend_tests;
use crate::helpers::{assert_problem, TestApp};

backend_tests!(health_and_readiness, unknown_paths_are_problems, openapi_document_and_docs_page);

async fn health_and_readiness(app: TestApp) {
    assert_eq!(app.get("/healthz", None).await.status, StatusCode::OK);
    let r = app.get("/readyz", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["database"], "ok");
}

async fn unknown_paths_are_problems(app: TestApp) {
    assert_problem(&app.get("/api/v1/nothing", None).await, 404, None);
    let r = app.client.post(format!("{}/api/v1/ideas", app.base)).body("not json").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "authentication is checked first");
}

async fn openapi_document_and_docs_page(app: TestApp) {
    let r = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body["openapi"].as_str().unwrap().starts_with('3'));
    let paths = r.body["paths"].as_object().unwrap();
    for p in ["/api/v1/auth/register", "/api/v1/ideas", "/api/v1/ideas/{id}/support", "/api/v1/challenges/{id_or_slug}"]
    {
        assert!(paths.contains_key(p), "{p} missing from the OpenAPI document");
    }
    assert!(r.body["components"]["schemas"]["Problem"].is_object());
    let page = app.client.get(format!("{}/api/docs/", app.base)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger"), "the docs page is Swagger UI");
    assert!(!html.contains("https://"), "no asset from another host");
}

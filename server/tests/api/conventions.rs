//! The API's shared conventions: problem documents, health, OpenAPI.

use reqwest::{Method, StatusCode};

use crate::backend_tests;
use crate::helpers::{assert_problem, TestApp};

backend_tests!(
    health_and_readiness,
    unknown_paths_are_problems,
    openapi_document_and_docs_page,
    documented_routes_are_the_served_routes,
    unsupported_methods_answer_405,
    bodies_and_queries_as_the_document_describes_them
);

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

/// The detail of the API's own 404 (its default service: no route matched).
const NO_ROUTE: &str = "This API path not found.";

/// The methods a route may have.
const METHODS: [Method; 5] = [Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE];

/// Whether a path template (`/ideas/{id}`) matches a concrete path.
fn template_matches(template: &str, path: &str) -> bool {
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len() && t.iter().zip(&p).all(|(t, p)| t.starts_with('{') || t == p)
}

/// The templates that answer a concrete path: of those matching it, the most concrete ones (OpenAPI
/// matches `/ideas/similar` before `/ideas/{id}`).
fn answering<'a>(templates: impl Iterator<Item = &'a String>, path: &str) -> Vec<&'a String> {
    let matching: Vec<&String> = templates.filter(|t| template_matches(t, path)).collect();
    let fewest = matching.iter().map(|t| t.matches('{').count()).min().unwrap_or(0);
    matching.into_iter().filter(|t| t.matches('{').count() == fewest).collect()
}

/// Every (method, path) in the OpenAPI document reaches a handler, and every
/// other method on those paths answers 405 (or the API's 404). Where templates
/// overlap, the most concrete answers: `PATCH /ideas/similar` is a 405, not
/// `PATCH /ideas/{id}` with the id `similar`. Both come from one list
/// (http/routes.rs); this guards against a handler mounted with a plain
/// `.route(…)` or a path only in the document. (That every handler is in the
/// list is checked from the sources by a unit test in http/routes.rs.)
async fn documented_routes_are_the_served_routes(app: TestApp) {
    assert_eq!(app.get("/api/v1/nothing", None).await.body["detail"], NO_ROUTE);
    let doc = app.get("/api/v1/openapi.json", None).await;
    let paths = doc.body["paths"].as_object().unwrap();
    let mut documented: Vec<(Method, String)> = Vec::new();
    for (template, item) in paths {
        assert!(template.starts_with("/api/v1/"), "{template} is not under /api/v1");
        for (method, _) in item.as_object().unwrap() {
            documented.push((Method::from_bytes(method.to_uppercase().as_bytes()).unwrap(), template.clone()));
        }
    }
    assert!(documented.len() > 60, "{} routes in the document", documented.len());
    let filler = uuid::Uuid::new_v4().to_string();
    let mut wrong = Vec::new();
    for template in paths.keys() {
        let path: String = template
            .split('/')
            .map(|s| if s.starts_with('{') { filler.as_str() } else { s })
            .collect::<Vec<_>>()
            .join("/");
        let answering = answering(paths.keys(), &path);
        for method in METHODS {
            let expected = documented.iter().any(|(m, t)| *m == method && answering.contains(&t));
            let r = app.call(method.clone(), &path, None, None).await;
            // No handler took it: the path is known with other methods (405), or not at all (404).
            let unrouted = (r.status == StatusCode::METHOD_NOT_ALLOWED && r.body["code"] == "method_not_allowed")
                || (r.status == StatusCode::NOT_FOUND && r.body["detail"] == NO_ROUTE);
            if expected == unrouted {
                let what = if expected { "documented, not served" } else { "served, not documented" };
                wrong.push(format!("{method} {path}: {what} ({} {})", r.status, r.body));
            }
        }
    }
    assert!(wrong.is_empty(), "the routes and the OpenAPI document disagree:\n{}", wrong.join("\n"));
}

/// Methods a path does not serve answer 405 with `Allow` (TRACE included), as a problem document.
async fn unsupported_methods_answer_405(app: TestApp) {
    for (method, path, allow) in [
        ("TRACE", "/api/v1/ideas", "GET, POST"),
        ("PUT", "/api/v1/ideas", "GET, POST"),
        ("DELETE", "/api/v1/leaderboard", "GET"),
        ("TRACE", "/api/v1/ideas/0190f3a4-1111-7aaa-8bbb-0123456789ab/support", "PUT, DELETE"),
        // The concrete path answers, not `/ideas/{id}` (which has PATCH).
        ("PATCH", "/api/v1/ideas/similar", "GET"),
        ("OPTIONS", "/api/v1/ideas/similar", "GET"),
    ] {
        let r = app
            .client
            .request(Method::from_bytes(method.as_bytes()).unwrap(), format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert_eq!(r.headers()["allow"], allow, "{method} {path}");
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("application/problem+json"));
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["code"], "method_not_allowed");
    }
    assert_problem(&app.get("/api/v1/nothing/here", None).await, 404, None);
}

/// What the OpenAPI document promises about input holds (schemathesis checks it at large in CI; these are
/// the cases it found): members a body type does not know are ignored, control characters and all; `3.0` is
/// an integer; an empty query value is an absent one; at most five tags are sent, blank ones included.
async fn bodies_and_queries_as_the_document_describes_them(app: TestApp) {
    let anna = app.member("anna").await;
    let idea = serde_json::json!({"title": "A tidy idea", "unknown\u{1}": {"deep": "\u{0}"}, "more": ["\u{7}"]});
    let r = app.post("/api/v1/ideas", Some(&anna), idea).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let r = app.post("/api/v1/notifications/read", Some(&anna), serde_json::json!({"ids": [3.0]})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_problem(
        &app.post("/api/v1/notifications/read", Some(&anna), serde_json::json!({"ids": [3.5]})).await,
        422,
        Some("ids[0]"),
    );
    assert_eq!(app.get("/api/v1/ideas?limit=&sort=&status=", None).await.status, StatusCode::OK);
    assert_problem(&app.get("/api/v1/ideas?limit=0", None).await, 422, Some("limit"));
    let tags = serde_json::json!({"title": "Tagged idea", "tags": ["a", "a", "", " ", "#", "b"]});
    assert_problem(&app.post("/api/v1/ideas", Some(&anna), tags).await, 422, Some("tags"));
}

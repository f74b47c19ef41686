//! Trust and safety: vote rings found by `ideashelf trust scan`, voided (every count and the ledger back),
//! cleared (not flagged again), holds before a tier; moderators only. Behind a trusted proxy, so each test
//! member can come from an address of its own (X-Forwarded-For).

use std::process::Command;

use ideashelf::accounts::Role;
use reqwest::header::COOKIE;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{assert_code, spawn_app_with, Backend, TestApp};

macro_rules! proxied_tests {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn sqlite() {
                    super::$name(super::app(super::Backend::Sqlite).await).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn postgres() {
                    super::$name(super::app(super::Backend::Postgres).await).await
                }
            }
        )*
    };
}

proxied_tests!(
    a_ring_from_one_address_is_flagged_and_voiding_restores_every_count,
    a_cleared_ring_is_not_flagged_again,
    an_idea_with_flagged_supports_is_held_before_its_tier
);

async fn app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |c| c.trust_proxy = true).await
}

/// Registers a member from `ip`; returns the token.
async fn member_from(app: &TestApp, handle: &str, ip: &str) -> String {
    let r = app
        .client
        .post(format!("{}/api/v1/auth/register", app.base))
        .header("x-forwarded-for", ip)
        .json(&json!({"handle": handle, "email": format!("{handle}@example.org"),
                      "password": "correct horse battery", "accept_terms": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED, "register {handle}");
    let body: Value = r.json().await.unwrap();
    body["token"].as_str().unwrap().to_string()
}

async fn support_from(app: &TestApp, token: &str, idea: &str, ip: &str) {
    let r = app
        .client
        .put(format!("{}/api/v1/ideas/{idea}/support", app.base))
        .bearer_auth(token)
        .header("x-forwarded-for", ip)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "support {idea}");
}

fn ideashelf(app: &TestApp, args: &[&str]) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ideashelf"))
        .env("DATABASE_URL", &app.database_url)
        .env("IDEASHELF_DATA_DIR", dir.path())
        .env("RUST_LOG", "warn")
        .args(args)
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

async fn supports(app: &TestApp, idea: &str) -> i64 {
    app.get(&format!("/api/v1/ideas/{idea}"), None).await.body["supports"].as_i64().unwrap()
}

async fn balance(app: &TestApp, handle: &str) -> i64 {
    app.get(&format!("/api/v1/users/{handle}/points"), None).await.body["balance"].as_i64().unwrap()
}

/// Ten members from ten networks: an author with `n` ideas (in `challenge`, if any) and nine who support a few.
async fn community(app: &TestApp, n: usize, challenge: Option<&str>) -> (String, Vec<String>, Vec<String>) {
    let author = member_from(app, "author", "198.51.1.10").await;
    let mut ideas = Vec::new();
    for i in 0..n {
        ideas.push(app.idea(&author, challenge, &format!("Pushed idea number {i}")).await);
    }
    let other = member_from(app, "other", "198.51.2.10").await;
    let elsewhere = app.idea(&other, challenge, "An idea nobody pushes").await;
    let mut organic = Vec::new();
    for k in 0..8 {
        let ip = format!("198.51.{}.20", 10 + k);
        let t = member_from(app, &format!("fan{k}"), &ip).await;
        support_from(app, &t, if k % 2 == 0 { &ideas[0] } else { &elsewhere }, &ip).await;
        organic.push(t);
    }
    (author, ideas, organic)
}

/// The scripted ring: `size` accounts registered from one address within the minute, each supporting `ideas`.
async fn ring(app: &TestApp, prefix: &str, size: usize, ideas: &[String]) -> Vec<String> {
    let mut tokens = Vec::new();
    for k in 0..size {
        let t = member_from(app, &format!("{prefix}{k}"), "203.0.113.7").await;
        for idea in ideas {
            support_from(app, &t, idea, "203.0.113.7").await;
        }
        tokens.push(t);
    }
    tokens
}

fn scan(app: &TestApp) -> String {
    let (ok, out) = ideashelf(app, &["trust", "scan"]);
    assert!(ok, "{out}");
    out
}

async fn a_ring_from_one_address_is_flagged_and_voiding_restores_every_count(app: TestApp) {
    let moderator = app.staff("mod", Role::Moderator).await;
    let (_, ideas, _) = community(&app, 3, None).await;
    let before: Vec<i64> = futures_counts(&app, &ideas).await;
    let author_before = balance(&app, "author").await;
    assert!(ideashelf(&app, &["ledger", "verify"]).0);

    ring(&app, "ring", 30, &ideas).await;
    let pushed = futures_counts(&app, &ideas).await;
    assert_eq!(pushed, before.iter().map(|b| b + 30).collect::<Vec<_>>());
    assert_eq!(balance(&app, "author").await, author_before + 3 * 30 * 2);

    let out = scan(&app);
    assert!(out.contains("1 new cases (30 accounts, 90 supports)"), "{out}");

    // Moderators only.
    let member = app.member("curious").await;
    assert_code(&app.get("/api/v1/trust/cases", Some(&member)).await, 403, "moderators_only");
    let cases = app.get("/api/v1/trust/cases?status=open", Some(&moderator)).await;
    assert_eq!(cases.status, StatusCode::OK, "{:?}", cases.body);
    let items = cases.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{items:?}");
    let id = items[0]["id"].as_str().unwrap().to_string();
    let case = app.get(&format!("/api/v1/trust/cases/{id}"), Some(&moderator)).await;
    assert_eq!(case.body["accounts"].as_array().unwrap().len(), 30, "{:?}", case.body);
    assert_eq!(case.body["supports"], 90);
    assert!(case.body["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["handle"].as_str().unwrap().starts_with("ring")));
    let case_ideas = case.body["ideas"].as_array().unwrap();
    assert_eq!(case_ideas.len(), 3);
    assert!(case_ideas.iter().all(|i| i["flagged"] == 30 && i["author_points"] == 60));
    let burst = case.body["signals"].as_array().unwrap().iter().find(|s| s["name"] == "signup_burst").unwrap();
    assert_eq!(burst["value"], 1.0);
    assert!(case.body["graph_svg"].as_str().unwrap().starts_with("<svg"));
    assert_code(
        &app.post(&format!("/api/v1/trust/cases/{id}/void"), Some(&member), json!({"reason": "ring"})).await,
        403,
        "moderators_only",
    );

    let voided = app
        .post(
            &format!("/api/v1/trust/cases/{id}/void"),
            Some(&moderator),
            json!({"reason": "one address, same minute"}),
        )
        .await;
    assert_eq!(voided.status, StatusCode::OK, "{:?}", voided.body);
    assert_eq!(voided.body["supports_removed"], 90);
    assert_eq!(voided.body["accounts_suspended"], 30);
    // Every count back, the points too, and the ledger agrees with its caches.
    assert_eq!(futures_counts(&app, &ideas).await, before);
    assert_eq!(balance(&app, "author").await, author_before);
    assert_eq!(balance(&app, "ring0").await, 0);
    let (ok, out) = ideashelf(&app, &["ledger", "verify"]);
    assert!(ok, "{out}");
    // Twice is refused; the audit log has it; the author was told.
    assert_code(
        &app.post(&format!("/api/v1/trust/cases/{id}/void"), Some(&moderator), json!({"reason": "again"})).await,
        409,
        "case_decided",
    );
    let admin = app.staff("admin", Role::Admin).await;
    let audit = app.get("/api/v1/audit", Some(&admin)).await;
    assert!(audit.body.to_string().contains("trust.void"), "{:?}", audit.body);
    // The same ring is not opened again.
    assert!(scan(&app).contains(" 0 new cases"));
    // Restoring unsuspends the accounts.
    let restored =
        app.post(&format!("/api/v1/trust/cases/{id}/restore"), Some(&moderator), json!({"reason": "appeal"})).await;
    assert_eq!(restored.status, StatusCode::OK, "{:?}", restored.body);
    let case = app.get(&format!("/api/v1/trust/cases/{id}"), Some(&moderator)).await;
    assert!(case.body["accounts"].as_array().unwrap().iter().all(|a| a["suspended"] == false));
}

async fn futures_counts(app: &TestApp, ideas: &[String]) -> Vec<i64> {
    let mut out = Vec::new();
    for i in ideas {
        out.push(supports(app, i).await);
    }
    out
}

async fn a_cleared_ring_is_not_flagged_again(app: TestApp) {
    let moderator = app.staff("mod", Role::Moderator).await;
    let (_, ideas, _) = community(&app, 3, None).await;
    ring(&app, "club", 8, &ideas).await;
    assert!(scan(&app).contains("1 new cases (8 accounts"));
    let cases = app.get("/api/v1/trust/cases", Some(&moderator)).await;
    let id = cases.body["items"][0]["id"].as_str().unwrap().to_string();
    // The pages: the list, the case with its graph, and the clear button (a form post).
    let page = |path: String, token: String| {
        let (client, base) = (app.client.clone(), app.base.clone());
        async move {
            let r =
                client.get(format!("{base}{path}")).header(COOKIE, format!("ideashelf_session={token}")).send().await;
            let r = r.unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    let (status, list) = page("/moderation/rings".into(), moderator.clone()).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert!(list.contains(&format!("/moderation/rings/{id}")));
    let (status, one) = page(format!("/moderation/rings/{id}"), moderator.clone()).await;
    assert_eq!(status, StatusCode::OK, "{one}");
    assert!(one.contains("<svg") && one.contains("@club0"), "{one}");
    let member = app.member("nosy").await;
    assert_eq!(page("/moderation/rings".into(), member).await.0, StatusCode::FORBIDDEN);
    let csrf = "a-csrf-token-of-at-least-thirty-two-characters";
    let r = app
        .client
        .post(format!("{}/moderation/rings", app.base))
        .header(COOKIE, format!("ideashelf_session={moderator}; ideashelf_csrf={csrf}"))
        .form(&[("csrf", csrf), ("action", "clear"), ("case_id", id.as_str()), ("reason", "a real club")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let cleared = app.get(&format!("/api/v1/trust/cases/{id}"), Some(&moderator)).await;
    assert_eq!(cleared.body["status"], "cleared", "{:?}", cleared.body);
    assert!(scan(&app).contains(" 0 new cases"));
    let all = app.get("/api/v1/trust/cases", Some(&moderator)).await;
    assert_eq!(all.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(all.body["items"][0]["status"], "cleared");
    // Nothing changed: the supports stand.
    assert_eq!(supports(&app, &ideas[1]).await, 8);
    assert_code(
        &app.post(&format!("/api/v1/trust/cases/{id}/void"), Some(&moderator), json!({"reason": "changed my mind"}))
            .await,
        409,
        "case_decided",
    );
    assert_code(&app.get("/api/v1/trust/cases?status=maybe", Some(&moderator)).await, 422, "validation");
}

async fn an_idea_with_flagged_supports_is_held_before_its_tier(app: TestApp) {
    let moderator = app.staff("mod", Role::Moderator).await;
    let staff = app.staff("team", Role::ProductTeam).await;
    let challenge = app.open_challenge(&staff, "held", json!({"support_threshold": 14})).await;
    let cid = challenge["id"].as_str().unwrap().to_string();
    let (_, ideas, organic) = community(&app, 1, Some(&cid)).await;
    // 4 organic supports on ideas[0], then a ring of 8: 12, under the threshold of 14.
    ring(&app, "push", 8, &ideas).await;
    assert_eq!(supports(&app, &ideas[0]).await, 12);
    assert!(scan(&app).contains("1 new cases (8 accounts"));
    // Two more supports reach 14: 8 of 14 flagged is over 30 %, so the idea waits for a moderator.
    for (k, t) in organic.iter().enumerate().filter(|(k, _)| k % 2 == 1).take(2) {
        support_from(&app, t, &ideas[0], &format!("198.51.{}.20", 10 + k)).await;
    }
    let idea = app.get(&format!("/api/v1/ideas/{}", ideas[0]), None).await;
    assert_eq!(idea.body["supports"], 14);
    assert_eq!(idea.body["status"], "gathering_support", "{:?}", idea.body);
    let holds = app.get("/api/v1/trust/holds", Some(&moderator)).await;
    assert_eq!(holds.body["items"].as_array().unwrap().len(), 1, "{:?}", holds.body);
    assert_eq!(holds.body["items"][0]["flagged"], 8);
    assert_code(&app.get("/api/v1/trust/holds", Some(&organic[0])).await, 403, "moderators_only");
    // Released, it moves on with its next support (here to review: the only tier).
    let r = app
        .post(&format!("/api/v1/trust/holds/{}/release", ideas[0]), Some(&moderator), json!({"reason": "checked"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    support_from(&app, &organic[5], &ideas[0], "198.51.15.20").await;
    let idea = app.get(&format!("/api/v1/ideas/{}", ideas[0]), None).await;
    assert_eq!(idea.body["status"], "in_review", "{:?}", idea.body);
    assert!(app.get("/api/v1/trust/holds", Some(&moderator)).await.body["items"].as_array().unwrap().is_empty());
}

//! Privacy: the terms at registration and again after a version change, the consents and their history, the
//! data export, and erasing an account (counts, leaderboards and the ledger unchanged).

use diesel::prelude::*;
use ideashelf::accounts::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{assert_code, assert_problem, spawn_app_with, Backend, TestApp};

backend_tests!(
    registration_needs_the_current_terms,
    consents_keep_their_history,
    a_new_terms_version_is_accepted_again_before_writing,
    the_export_holds_the_members_data_and_nobody_elses,
    erasure_keeps_counts_leaderboards_and_the_ledger,
    the_last_admin_cannot_be_erased,
    erasure_can_remove_the_contributions
);

const PASSWORD: &str = "correct horse battery";

fn registration(handle: &str, extra: Value) -> Value {
    let mut body = json!({"handle": handle, "email": format!("{handle}@example.org"), "password": PASSWORD});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            b.insert(k.clone(), v.clone());
        }
    }
    body
}

fn consent<'a>(view: &'a Value, kind: &str) -> &'a Value {
    view["consents"].as_array().unwrap().iter().find(|c| c["kind"] == kind).unwrap()
}

async fn no_differences(app: &TestApp) {
    let diffs = app.db.run(ideashelf::points::service::verify).await.unwrap();
    assert!(diffs.is_empty(), "caches differ from the ledger: {diffs:?}");
}

async fn registration_needs_the_current_terms(app: TestApp) {
    let terms = app.get("/api/v1/auth/terms", None).await;
    assert_eq!(terms.status, StatusCode::OK);
    let version = terms.body["version"].as_str().unwrap().to_string();
    assert_eq!(version, ideashelf::config::DEFAULT_TERMS_VERSION);
    assert_eq!(terms.body["privacy_url"], "/privacy");
    assert_eq!(terms.body["terms_url"], "/terms");

    let r = app.post("/api/v1/auth/register", None, registration("nora", json!({}))).await;
    assert_problem(&r, 422, Some("accept_terms"));
    let r = app.post("/api/v1/auth/register", None, registration("nora", json!({"accept_terms": false}))).await;
    assert_problem(&r, 422, Some("accept_terms"));
    let old = json!({"accept_terms": true, "terms_version": "2020-01-01"});
    assert_problem(
        &app.post("/api/v1/auth/register", None, registration("nora", old)).await,
        422,
        Some("terms_version"),
    );
    // Account fields and the terms are named together.
    let r = app
        .post("/api/v1/auth/register", None, json!({"handle": "x", "email": "e@example.org", "password": PASSWORD}))
        .await;
    assert_problem(&r, 422, Some("handle"));
    assert_problem(&r, 422, Some("accept_terms"));

    let ok = json!({"accept_terms": true, "terms_version": version});
    let r = app.post("/api/v1/auth/register", None, registration("nora", ok)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let token = r.body["token"].as_str().unwrap().to_string();
    let view = app.get("/api/v1/me/consents", Some(&token)).await;
    assert_eq!(view.status, StatusCode::OK, "{:?}", view.body);
    assert_eq!(view.body["terms_accepted"], true);
    assert_eq!(consent(&view.body, "terms")["given"], true);
    assert_eq!(consent(&view.body, "terms")["version"], version.as_str());
    // The optional consents are off unless ticked.
    for kind in ["product_news", "shipping_address_sharing"] {
        assert_eq!(consent(&view.body, kind)["given"], false);
        assert!(consent(&view.body, kind)["at"].is_null());
    }
    let ticked = json!({"accept_terms": true, "product_news": true});
    let r = app.post("/api/v1/auth/register", None, registration("otto", ticked)).await;
    let token = r.body["token"].as_str().unwrap().to_string();
    let view = app.get("/api/v1/me/consents", Some(&token)).await;
    assert_eq!(consent(&view.body, "product_news")["given"], true);
    assert_eq!(consent(&view.body, "shipping_address_sharing")["given"], false);
}

async fn consents_keep_their_history(app: TestApp) {
    let token = app.member("cora").await;
    assert_code(&app.call(Method::PUT, "/api/v1/me/consents", None, Some(json!({}))).await, 401, "unauthenticated");
    let put = |body: Value| app.call(Method::PUT, "/api/v1/me/consents", Some(&token), Some(body));
    let r = put(json!({"product_news": true, "shipping_address_sharing": true})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let given_at = consent(&r.body, "product_news")["at"].as_str().unwrap().to_string();
    let r = put(json!({"product_news": false})).await;
    assert_eq!(consent(&r.body, "product_news")["given"], false);
    assert_ne!(consent(&r.body, "product_news")["at"].as_str().unwrap(), given_at, "the time it was withdrawn");
    assert_eq!(consent(&r.body, "shipping_address_sharing")["given"], true, "absent fields stay");
    // Sending the same state again appends nothing.
    let r = put(json!({"product_news": false, "terms": true})).await;
    let history: Vec<(String, bool)> = r.body["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["kind"].as_str().unwrap().to_string(), h["given"].as_bool().unwrap()))
        .collect();
    let expected =
        [("terms", true), ("product_news", true), ("shipping_address_sharing", true), ("product_news", false)];
    assert_eq!(history, expected.map(|(k, g)| (k.to_string(), g)));
    assert!(r.body["history"][0]["version"].is_string() && r.body["history"][0]["at"].is_string());
    // The terms are not withdrawn by a consent update.
    assert_problem(&put(json!({"terms": false})).await, 422, Some("terms"));
    assert_problem(&put(json!({"product_news": "yes"})).await, 422, Some("product_news"));
}

/// A member whose accepted terms version is not the current one is refused every write but accepting them,
/// signing out, the consents, the export and erasure; reading goes on. (The member's acceptance is moved to
/// an older version in the database, as a changed configuration would leave it.)
async fn a_new_terms_version_is_accepted_again_before_writing(app: TestApp) {
    let member = app.member("vera").await;
    let staff = app.staff("team", Role::ProductTeam).await;
    app.db
        .run(|conn| {
            use ideashelf::db::schema::{consents, users};
            let id: String = users::table.filter(users::handle.eq("vera")).select(users::id).first(conn)?;
            diesel::update(consents::table.filter(consents::user_id.eq(id)))
                .set(consents::version.eq("2020-01-01"))
                .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
    let idea = json!({"title": "A fresh idea", "summary": "A summary", "body": "A body"});
    assert_code(&app.post("/api/v1/ideas", Some(&member), idea.clone()).await, 403, "terms_not_accepted");
    assert_code(
        &app.post("/api/v1/notifications/read", Some(&member), json!({"all": true})).await,
        403,
        "terms_not_accepted",
    );
    // Accounts made by an operator accepted the current version.
    assert_eq!(app.post("/api/v1/ideas", Some(&staff), idea.clone()).await.status, StatusCode::CREATED);
    // Reading, the consents and the export stay open.
    assert_eq!(app.get("/api/v1/me", Some(&member)).await.status, StatusCode::OK);
    let view = app.get("/api/v1/me/consents", Some(&member)).await;
    assert_eq!(view.body["terms_accepted"], false);
    assert_eq!(app.get("/api/v1/me/export", Some(&member)).await.status, StatusCode::OK);
    let r = app.call(Method::PUT, "/api/v1/me/consents", Some(&member), Some(json!({"terms": true}))).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["terms_accepted"], true);
    assert_eq!(consent(&r.body, "terms")["version"], ideashelf::config::DEFAULT_TERMS_VERSION);
    assert_eq!(r.body["history"].as_array().unwrap().len(), 2, "the old acceptance stays in the history");
    assert_eq!(app.post("/api/v1/ideas", Some(&member), idea).await.status, StatusCode::CREATED);
    assert_eq!(app.post("/api/v1/auth/logout", Some(&member), json!({})).await.status, StatusCode::NO_CONTENT);
}

/// An app whose configured terms version is newer than the one the client read: registration names
/// `terms_version`; GET /auth/terms says the configured one.
async fn configured_terms_version(backend: Backend) {
    let app = spawn_app_with(backend, |c| c.terms_version = "2027-03-01".into()).await;
    assert_eq!(app.get("/api/v1/auth/terms", None).await.body["version"], "2027-03-01");
    let stale = json!({"accept_terms": true, "terms_version": ideashelf::config::DEFAULT_TERMS_VERSION});
    assert_problem(
        &app.post("/api/v1/auth/register", None, registration("ines", stale)).await,
        422,
        Some("terms_version"),
    );
    let r = app.post("/api/v1/auth/register", None, registration("ines", json!({"accept_terms": true}))).await;
    let token = r.body["token"].as_str().unwrap().to_string();
    let view = app.get("/api/v1/me/consents", Some(&token)).await;
    assert_eq!(consent(&view.body, "terms")["version"], "2027-03-01");
    // The helpers' operator accounts were made for the default version: they are asked to accept.
    let staff = app.staff("team", Role::ProductTeam).await;
    let body = json!({"title": "A fresh idea", "summary": "A summary", "body": "A body"});
    assert_code(&app.post("/api/v1/ideas", Some(&staff), body).await, 403, "terms_not_accepted");
}

mod configured_terms {
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn sqlite() {
        super::configured_terms_version(super::Backend::Sqlite).await
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn postgres() {
        super::configured_terms_version(super::Backend::Postgres).await
    }
}

async fn export(app: &TestApp, token: &str) -> (String, Value) {
    let res = app.client.get(format!("{}/api/v1/me/export", app.base)).bearer_auth(token).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let disposition = res.headers()["content-disposition"].to_str().unwrap().to_string();
    let text = res.text().await.unwrap();
    (disposition, serde_json::from_str(&text).unwrap())
}

async fn the_export_holds_the_members_data_and_nobody_elses(app: TestApp) {
    let admin = app.staff("boss", Role::Admin).await;
    let team = app.staff("team", Role::ProductTeam).await;
    app.open_challenge(&team, "snacks", json!({"price_bands": ["unter CHF 5", "CHF 5–10"]})).await;
    let app = &app;
    let register = |handle: &'static str, name: &'static str| {
        let body = registration(handle, json!({"accept_terms": true, "display_name": name}));
        async move {
            let r = app.post("/api/v1/auth/register", None, body).await;
            r.body["token"].as_str().unwrap().to_string()
        }
    };
    let anna = register("anna", "Anna Privat").await;
    let bert = register("bert", "Bert Geheim").await;
    let bert_idea = app.idea(&bert, Some("snacks"), "Berts Rüebli-Chips").await;
    let anna_idea = app.idea(&anna, Some("snacks"), "Annas Mandeln").await;
    let r = app
        .call(
            Method::PUT,
            &format!("/api/v1/ideas/{bert_idea}/support"),
            Some(&anna),
            Some(json!({"would_buy": "yes", "price_band": "CHF 5–10"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    app.put(&format!("/api/v1/ideas/{anna_idea}/support"), Some(&bert)).await;
    let r =
        app.post(&format!("/api/v1/ideas/{bert_idea}/comments"), Some(&anna), json!({"body": "Annas Kommentar"})).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let r =
        app.post(&format!("/api/v1/ideas/{anna_idea}/comments"), Some(&bert), json!({"body": "Berts Kommentar"})).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let bert_tip =
        app.post("/api/v1/tips", Some(&bert), json!({"title": "Berts Tipp", "body": "Trocken lagern."})).await;
    let r = app.post("/api/v1/tips", Some(&anna), json!({"title": "Annas Tipp", "body": "Kühl lagern."})).await;
    assert_eq!(r.status, StatusCode::CREATED);
    app.put(&format!("/api/v1/tips/{}/helpful", bert_tip.body["id"].as_str().unwrap()), Some(&anna)).await;
    let product = app.product(&team, "Knusper", json!({})).await;
    let slug = product["slug"].as_str().unwrap();
    let r = app
        .call(
            Method::PUT,
            &format!("/api/v1/products/{slug}/rating"),
            Some(&anna),
            Some(json!({"stars": 4, "body": "Annas Rezension, sehr knusprig."})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let r = app
        .post(
            "/api/v1/reports",
            Some(&anna),
            json!({"target_type": "idea", "target_id": bert_idea, "reason": "Annas Meldung"}),
        )
        .await;
    assert!(r.status.is_success(), "{:?}", r.body);

    // Questions and answers: Anna asks and follows the product, Bert answers her and Anna marks his answer
    // helpful; Bert asks too and Anna answers him; then Anna follows the product.
    let r = app
        .post(
            &format!("/api/v1/products/{slug}/questions"),
            Some(&anna),
            json!({"title": "Annas Frage: bleibt es knusprig?", "body": "Annas Details."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let anna_question = r.body["id"].as_str().unwrap().to_string();
    let r = app
        .post(&format!("/api/v1/questions/{anna_question}/answers"), Some(&bert), json!({"body": "Berts Antwort: ja."}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let bert_answer = r.body["id"].as_str().unwrap().to_string();
    let r = app.put(&format!("/api/v1/answers/{bert_answer}/helpful"), Some(&anna)).await;
    assert!(r.status.is_success(), "{:?}", r.body);
    let r = app
        .post(
            &format!("/api/v1/products/{slug}/questions"),
            Some(&bert),
            json!({"title": "Berts Frage: wie salzig?", "body": "Berts Details."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let bert_question = r.body["id"].as_str().unwrap().to_string();
    let r = app
        .post(
            &format!("/api/v1/questions/{bert_question}/answers"),
            Some(&anna),
            json!({"body": "Annas Antwort: kaum."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let anna_answer = r.body["id"].as_str().unwrap().to_string();
    // Anna follows last: her follow is exported, and no notification of Bert's question names his title.
    let r = app.put(&format!("/api/v1/products/{slug}/follow"), Some(&anna)).await;
    assert!(r.status.is_success(), "{:?}", r.body);

    let (disposition, doc) = export(app, &anna).await;
    assert!(disposition.starts_with("attachment; filename=\"ideashelf-anna-"), "{disposition}");
    let text = doc.to_string();
    assert_eq!(doc["profile"]["handle"], "anna");
    assert_eq!(doc["profile"]["email"], "anna@example.org");
    assert_eq!(doc["profile"]["display_name"], "Anna Privat");
    assert_eq!(doc["ideas"][0]["title"], "Annas Mandeln");
    assert_eq!(doc["comments"][0]["body"], "Annas Kommentar");
    assert_eq!(doc["supports"][0]["idea_id"], bert_idea.as_str());
    assert_eq!(doc["supports"][0]["would_buy"], "yes");
    assert_eq!(doc["supports"][0]["price_band"], "CHF 5–10");
    assert_eq!(doc["tips"][0]["title"], "Annas Tipp");
    assert_eq!(doc["ratings"][0]["body"], "Annas Rezension, sehr knusprig.");
    assert_eq!(doc["helpful_marks"][0]["target_type"], "tip");
    assert_eq!(doc["reports"][0]["reason"], "Annas Meldung");
    assert_eq!(doc["consents"][0]["kind"], "terms");
    assert!(!doc["points"].as_array().unwrap().is_empty(), "points entries");
    assert!(!doc["badges"].as_array().unwrap().is_empty(), "the first idea's badge");
    assert!(!doc["notifications"].as_array().unwrap().is_empty(), "Bert's comment on her idea");
    assert!(doc["sessions"][0]["created_at"].is_string());
    assert_eq!(doc["questions"].as_array().unwrap().len(), 1, "{}", doc["questions"]);
    assert_eq!(doc["questions"][0]["id"], anna_question.as_str());
    assert_eq!(doc["questions"][0]["title"], "Annas Frage: bleibt es knusprig?");
    assert_eq!(doc["questions"][0]["body"], "Annas Details.");
    assert_eq!(doc["questions"][0]["answers_count"], 1);
    assert_eq!(doc["answers"].as_array().unwrap().len(), 1, "{}", doc["answers"]);
    assert_eq!(doc["answers"][0]["id"], anna_answer.as_str());
    assert_eq!(doc["answers"][0]["question_id"], bert_question.as_str());
    assert_eq!(doc["answers"][0]["body"], "Annas Antwort: kaum.");
    assert_eq!(doc["answers"][0]["official"], false);
    assert_eq!(doc["answer_helpful_votes"].as_array().unwrap().len(), 1);
    assert_eq!(doc["answer_helpful_votes"][0]["answer_id"], bert_answer.as_str());
    assert!(doc["answer_helpful_votes"][0]["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(doc["product_follows"].as_array().unwrap().len(), 1);
    assert_eq!(doc["product_follows"][0]["product_id"], product["id"]);
    assert!(!text.contains(&anna), "no token");
    // Bert appears by his public handle only (his comment's notification): not his name, address or content.
    for secret in [
        "Bert Geheim",
        "bert@example.org",
        "Berts Rüebli-Chips",
        "Berts Kommentar",
        "Berts Tipp",
        "Berts Frage",
        "Berts Antwort",
    ] {
        assert!(!text.contains(secret), "{secret} in Anna's export");
    }
    let (_, other) = export(app, &bert).await;
    let text = other.to_string();
    assert_eq!(other["ideas"][0]["title"], "Berts Rüebli-Chips");
    assert_eq!(other["questions"][0]["title"], "Berts Frage: wie salzig?");
    assert_eq!(other["answers"][0]["body"], "Berts Antwort: ja.");
    assert!(other["answer_helpful_votes"].as_array().unwrap().is_empty());
    assert!(other["product_follows"].as_array().unwrap().is_empty());
    for secret in [
        "Anna Privat",
        "anna@example.org",
        "Annas Mandeln",
        "Annas Kommentar",
        "Annas Tipp",
        "Annas Rezension",
        "Annas Meldung",
        "Annas Frage",
        "Annas Antwort",
    ] {
        assert!(!text.contains(secret), "{secret} in Bert's export");
    }
    // The audit log records each export: who and when, not the data.
    let audit = app.get("/api/v1/audit?limit=100", Some(&admin)).await;
    let exports: Vec<&Value> =
        audit.body["items"].as_array().unwrap().iter().filter(|e| e["action"] == "data_export").collect();
    assert_eq!(exports.len(), 2);
    assert_eq!(exports[1]["actor"], "anna");
    assert!(!audit.body.to_string().contains("Annas Mandeln"));
}

/// What the public sees of the numbers: the ideas' counts and the leaderboards' points (in order).
async fn numbers(app: &TestApp, ideas: &[&str]) -> Value {
    let mut counts = Vec::new();
    for id in ideas {
        let r = app.get(&format!("/api/v1/ideas/{id}"), None).await;
        counts.push(json!([r.body["supports_count"], r.body["comments_count"]]));
    }
    let mut boards = Vec::new();
    for q in ["", "?period=30d", "?challenge=snacks"] {
        let r = app.get(&format!("/api/v1/leaderboard{q}"), None).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        boards.push(r.body["items"].as_array().unwrap().iter().map(|e| e["points"].clone()).collect::<Vec<_>>());
    }
    json!({"counts": counts, "boards": boards})
}

async fn erasure_keeps_counts_leaderboards_and_the_ledger(app: TestApp) {
    let admin = app.staff("boss", Role::Admin).await;
    let team = app.staff("team", Role::ProductTeam).await;
    app.open_challenge(&team, "snacks", json!({})).await;
    let anna = app.member("anna").await;
    let bert = app.member("bert").await;
    let anna_idea = app.idea(&anna, Some("snacks"), "Annas Mandeln").await;
    let bert_idea = app.idea(&bert, Some("snacks"), "Berts Chips").await;
    app.put(&format!("/api/v1/ideas/{bert_idea}/support"), Some(&anna)).await;
    app.put(&format!("/api/v1/ideas/{anna_idea}/support"), Some(&bert)).await;
    app.post(&format!("/api/v1/ideas/{bert_idea}/comments"), Some(&anna), json!({"body": "Annas Kommentar"})).await;
    app.call(Method::PUT, "/api/v1/me/notification-settings", Some(&anna), Some(json!({"comment": "daily"}))).await;
    app.patch("/api/v1/me", Some(&anna), json!({"time_zone": "Europe/Berlin"})).await;
    let before = numbers(&app, &[&anna_idea, &bert_idea]).await;
    let (_, exported) = export(&app, &anna).await;
    assert_eq!(exported["ideas"][0]["title"], "Annas Mandeln");
    assert_eq!(exported["notification_settings"], json!([{"kind": "comment", "channel": "daily"}]));
    assert_eq!(exported["profile"]["time_zone"], "Europe/Berlin");

    let erase = |body: Value| app.call(Method::DELETE, "/api/v1/me", Some(&anna), Some(body));
    assert_code(&erase(json!({"password": "not her password"})).await, 403, "wrong_password");
    assert_problem(&erase(json!({})).await, 422, Some("password"));
    assert_code(
        &app.call(Method::DELETE, "/api/v1/me", None, Some(json!({"password": PASSWORD}))).await,
        401,
        "unauthenticated",
    );
    let r = erase(json!({"password": PASSWORD})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let pseudonym = r.body["pseudonym"].as_str().unwrap().to_string();
    assert!(pseudonym.starts_with("deleted-") && pseudonym.len() == "deleted-".len() + 8, "{pseudonym}");
    assert_eq!(r.body["removed"], 0);

    // The account is gone: the token, the sign-in by handle and by email, the profile.
    assert_code(&app.get("/api/v1/me", Some(&anna)).await, 401, "invalid_token");
    for login in ["anna", "anna@example.org", pseudonym.as_str()] {
        let r = app.post("/api/v1/auth/login", None, json!({"login": login, "password": PASSWORD})).await;
        assert_code(&r, 401, "bad_credentials");
    }
    assert_eq!(app.get("/api/v1/users/anna", None).await.status, StatusCode::NOT_FOUND);
    let profile = app.get(&format!("/api/v1/users/{pseudonym}"), None).await;
    assert_eq!(profile.body["display_name"], pseudonym.as_str());
    // Her contributions stay, under the pseudonym; the numbers do not move.
    let idea = app.get(&format!("/api/v1/ideas/{anna_idea}"), None).await;
    assert_eq!(idea.body["author"]["handle"], pseudonym.as_str());
    assert_eq!(idea.body["title"], "Annas Mandeln");
    let comments = app.get(&format!("/api/v1/ideas/{bert_idea}/comments"), None).await;
    assert_eq!(comments.body["items"][0]["author"]["handle"], pseudonym.as_str());
    assert_eq!(numbers(&app, &[&anna_idea, &bert_idea]).await, before);
    no_differences(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let verify = std::process::Command::new(env!("CARGO_BIN_EXE_ideashelf"))
        .env("DATABASE_URL", &app.database_url)
        .env("IDEASHELF_DATA_DIR", dir.path())
        .env("RUST_LOG", "warn")
        .args(["ledger", "verify"])
        .output()
        .unwrap();
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stdout));
    // Nothing personal is left in her row; her consents and sessions are gone.
    let (email, hash, consents, sessions, settings, zone) = app
        .db
        .run({
            let pseudonym = pseudonym.clone();
            move |conn| {
                use ideashelf::db::schema::{consents, notification_settings, sessions, users};
                let (id, email, hash, zone): (String, String, String, Option<String>) = users::table
                    .filter(users::handle.eq(pseudonym))
                    .select((users::id, users::email, users::password_hash, users::time_zone))
                    .first(conn)?;
                let c: i64 = consents::table.filter(consents::user_id.eq(&id)).count().get_result(conn)?;
                let s: i64 = sessions::table.filter(sessions::user_id.eq(&id)).count().get_result(conn)?;
                let n: i64 = notification_settings::table
                    .filter(notification_settings::user_id.eq(&id))
                    .count()
                    .get_result(conn)?;
                Ok((email, hash, c, s, n, zone))
            }
        })
        .await
        .unwrap();
    assert!(email.ends_with("@erased.invalid") && !email.contains("anna"), "{email}");
    assert!(!hash.starts_with("$argon2"));
    assert_eq!((consents, sessions, settings, zone), (0, 0, 0, None));
    // Her address registers again, as a new member.
    let again = app.post("/api/v1/auth/register", None, registration("anna", json!({"accept_terms": true}))).await;
    assert_eq!(again.status, StatusCode::CREATED, "{:?}", again.body);
    assert_ne!(again.body["user"]["id"], exported["profile"]["id"]);
    let (_, fresh) = export(&app, again.body["token"].as_str().unwrap()).await;
    assert!(fresh["ideas"].as_array().unwrap().is_empty(), "the new member has none of the old one's data");
    // The audit log records the erasure under the pseudonym, not the data.
    let audit = app.get("/api/v1/audit?limit=100", Some(&admin)).await;
    let entry = audit.body["items"].as_array().unwrap().iter().find(|e| e["action"] == "account_erasure").unwrap();
    assert_eq!(entry["actor"], pseudonym.as_str());
    assert_eq!(entry["target_id"], exported["profile"]["id"]);
    assert!(!audit.body.to_string().contains("anna@example.org"));
}

async fn the_last_admin_cannot_be_erased(app: TestApp) {
    let root = app.staff("root", Role::Admin).await;
    let body = json!({"password": PASSWORD});
    assert_code(&app.call(Method::DELETE, "/api/v1/me", Some(&root), Some(body.clone())).await, 409, "last_admin");
    app.staff("second", Role::Admin).await;
    let r = app.call(Method::DELETE, "/api/v1/me", Some(&root), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let second = app.post("/api/v1/auth/login", None, json!({"login": "second", "password": PASSWORD})).await;
    let second = second.body["token"].as_str().unwrap().to_string();
    assert_code(
        &app.call(Method::DELETE, "/api/v1/me", Some(&second), Some(json!({"password": PASSWORD}))).await,
        409,
        "last_admin",
    );
}

async fn erasure_can_remove_the_contributions(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    app.open_challenge(&team, "snacks", json!({})).await;
    let anna = app.member("anna").await;
    let bert = app.member("bert").await;
    let anna_idea = app.idea(&anna, Some("snacks"), "Annas Mandeln").await;
    let bert_idea = app.idea(&bert, Some("snacks"), "Berts Chips").await;
    app.put(&format!("/api/v1/ideas/{anna_idea}/support"), Some(&bert)).await;
    app.put(&format!("/api/v1/ideas/{bert_idea}/support"), Some(&anna)).await;
    let comment =
        app.post(&format!("/api/v1/ideas/{bert_idea}/comments"), Some(&anna), json!({"body": "Annas Kommentar"})).await;
    assert_eq!(comment.status, StatusCode::CREATED);
    let tip = app.post("/api/v1/tips", Some(&anna), json!({"title": "Annas Tipp", "body": "Kühl lagern."})).await;
    let tip = tip.body["id"].as_str().unwrap().to_string();
    let product = app.product(&team, "Knusper", json!({})).await;
    let slug = product["slug"].as_str().unwrap().to_string();
    app.call(
        Method::PUT,
        &format!("/api/v1/products/{slug}/rating"),
        Some(&anna),
        Some(json!({"stars": 2, "body": "Annas Rezension, zu salzig."})),
    )
    .await;
    let bert_support = app.get(&format!("/api/v1/ideas/{bert_idea}"), None).await.body["supports_count"].clone();

    let r = app
        .call(
            Method::DELETE,
            "/api/v1/me",
            Some(&anna),
            Some(json!({"password": PASSWORD, "delete_contributions": true})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["removed"], 4, "idea, comment, tip, review");
    assert_eq!(app.get(&format!("/api/v1/ideas/{anna_idea}"), None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/api/v1/tips/{tip}"), None).await.status, StatusCode::NOT_FOUND);
    let comments = app.get(&format!("/api/v1/ideas/{bert_idea}/comments"), None).await;
    assert!(!comments.body.to_string().contains("Annas Kommentar"), "{:?}", comments.body);
    let product = app.get(&format!("/api/v1/products/{slug}"), None).await;
    assert_eq!(product.body["rating"]["count"], 0, "the review's stars leave the summary");
    // Her support of Bert's idea stays counted; the ledger stays exact.
    assert_eq!(app.get(&format!("/api/v1/ideas/{bert_idea}"), None).await.body["supports_count"], bert_support);
    no_differences(&app).await;
}

/// The pages: the privacy notice and the terms are public and linked from the footer and the registration
/// form; the privacy settings need a member.
async fn privacy_pages(app: TestApp) {
    for (path, title) in [("/privacy", "Datenschutzhinweis"), ("/terms", "Nutzungsbedingungen")] {
        let res = app.client.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert!(res.text().await.unwrap().contains(title), "{path}");
    }
    let en = app.client.get(format!("{}/privacy", app.base)).header("accept-language", "en").send().await.unwrap();
    assert!(en.text().await.unwrap().contains("What we store"));
    let register = app.client.get(format!("{}/register", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(register.contains("name=\"accept_terms\"") && register.contains("href=\"/privacy\""));
    assert!(
        register.contains("name=\"product_news\"") && !register.contains("name=\"product_news\" value=\"1\" checked")
    );
    let home = app.client.get(format!("{}/", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(home.contains("data-testid=\"footer-privacy\""));
    let settings = app.client.get(format!("{}/settings/privacy", app.base)).send().await.unwrap();
    assert_eq!(settings.status(), StatusCode::SEE_OTHER);
    assert!(settings.headers()["location"].to_str().unwrap().starts_with("/login?next="));
}

backend_tests!(privacy_pages);

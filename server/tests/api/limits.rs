//! Limits on writing (docs/TRUST.md): per member and per client address,
//! counted in the database, so two instances on one database enforce one
//! limit; and the registration page's bot checks.

use reqwest::header::{CONTENT_TYPE, COOKIE, LOCATION, RETRY_AFTER};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{assert_code, spawn_app_with, Backend, TestApp};

/// Each test once on SQLite and once on PostgreSQL, with its own configuration.
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn sqlite() {
                    super::$name($crate::helpers::Backend::Sqlite).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn postgres() {
                    super::$name($crate::helpers::Backend::Postgres).await
                }
            }
        )*
    };
}

on_both!(
    the_sixth_idea_within_an_hour_is_refused_by_either_instance,
    comments_per_minute_and_failed_writes_given_back,
    a_client_address_has_a_limit_of_its_own,
    registrations_are_limited_per_address_under_the_sign_in_switch,
    the_limits_can_be_turned_off,
    pages_say_when_to_try_again,
    the_registration_page_keeps_bots_out,
);

async fn limited(backend: Backend, tweak: impl FnOnce(&mut ideashelf::config::Config)) -> TestApp {
    spawn_app_with(backend, |c| {
        c.write_limits = true;
        tweak(c)
    })
    .await
}

fn idea_body(title: &str) -> serde_json::Value {
    json!({"title": title, "summary": "A summary", "body": "A body"})
}

async fn post_idea(client: &reqwest::Client, base: &str, token: &str, title: &str) -> reqwest::Response {
    client.post(format!("{base}/api/v1/ideas")).bearer_auth(token).json(&idea_body(title)).send().await.expect("post")
}

/// Two instances on one database: eight ideas sent at once, four to each, make five ideas and three 429s;
/// afterwards either instance refuses, saying how long until the oldest of the five leaves the hour.
async fn the_sixth_idea_within_an_hour_is_refused_by_either_instance(backend: Backend) {
    let secret = "k".repeat(48);
    let s = secret.clone();
    let a = limited(backend, move |c| c.jwt_secret = Some(s)).await;
    let b_dir = tempfile::tempdir().expect("dir");
    let mut config = ideashelf::config::Config::for_data_dir(b_dir.path(), Some(a.database_url.clone()));
    config.jwt_secret = Some(secret);
    config.write_limits = true;
    config.search_worker = false;
    config.mail_worker = false;
    let b = ideashelf::Application::build(config).await.expect("second instance");
    let b_base = format!("http://127.0.0.1:{}", b.port());
    tokio::spawn(b.run_until_stopped());

    let anna = a.member("anna").await;
    let client = reqwest::Client::new();
    let sends = (0..8).map(|i| {
        let base = if i % 2 == 0 { a.base.clone() } else { b_base.clone() };
        let (client, anna) = (client.clone(), anna.clone());
        async move { post_idea(&client, &base, &anna, &format!("Idea number {i}")).await }
    });
    let answers = futures::future::join_all(sends).await;
    let created = answers.iter().filter(|r| r.status() == StatusCode::CREATED).count();
    let refused: Vec<_> = answers.iter().filter(|r| r.status() == StatusCode::TOO_MANY_REQUESTS).collect();
    assert_eq!((created, refused.len()), (5, 3), "{:?}", answers.iter().map(|r| r.status()).collect::<Vec<_>>());
    let listed = a.get("/api/v1/ideas?limit=50", None).await;
    assert_eq!(listed.body["items"].as_array().map(Vec::len), Some(5));
    for base in [&a.base, &b_base] {
        let r = post_idea(&client, base, &anna, "One more idea").await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = r.headers()[RETRY_AFTER].to_str().unwrap().parse().unwrap();
        assert!((3500..=3600).contains(&wait), "Retry-After {wait}");
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["code"], "rate_limited");
        assert_eq!(body["status"], 429);
    }
    // Another member is not affected (the address allows four times a member's).
    let ben = a.member("ben").await;
    assert_eq!(post_idea(&client, &b_base, &ben, "Ben's own idea").await.status(), StatusCode::CREATED);
}

/// Comments: 5 a minute. A refused comment (422) is given back; the sixth good one is 429 with a wait of
/// at most a minute, and other writes (a support) are counted apart.
async fn comments_per_minute_and_failed_writes_given_back(backend: Backend) {
    let app = limited(backend, |_| {}).await;
    let anna = app.member("anna").await;
    let ben = app.member("ben").await;
    let id = app.idea(&anna, None, "Something to talk about").await;
    let path = format!("/api/v1/ideas/{id}/comments");
    for _ in 0..3 {
        assert_eq!(app.post(&path, Some(&ben), json!({"body": ""})).await.status.as_u16(), 422);
    }
    for i in 0..5 {
        let r = app.post(&path, Some(&ben), json!({"body": format!("Comment {i}")})).await;
        assert_eq!(r.status.as_u16(), 201, "{:?}", r.body);
    }
    let res = app
        .client
        .post(format!("{}{path}", app.base))
        .bearer_auth(&ben)
        .json(&json!({"body": "Too many"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = res.headers()[RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "Retry-After {wait}");
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.body["comments"], 5);
    // Anna has her own allowance, and a support is another kind of write.
    assert_eq!(app.post(&path, Some(&anna), json!({"body": "Thanks!"})).await.status.as_u16(), 201);
    assert_eq!(app.put(&format!("/api/v1/ideas/{id}/support"), Some(&ben)).await.status.as_u16(), 200);
}

/// With a factor of 1 and 2 ideas an hour, two members behind one address share 2 ideas.
async fn a_client_address_has_a_limit_of_its_own(backend: Backend) {
    let app = limited(backend, |c| {
        c.write_limit = vec!["idea=2/h".into()];
        c.write_limit_address_factor = 1;
    })
    .await;
    let anna = app.member("anna").await;
    let ben = app.member("ben").await;
    app.idea(&anna, None, "Anna's first").await;
    app.idea(&ben, None, "Ben's first").await;
    assert_code(&app.post("/api/v1/ideas", Some(&ben), idea_body("Ben's second")).await, 429, "rate_limited");
    assert_code(&app.post("/api/v1/ideas", Some(&anna), idea_body("Anna's second")).await, 429, "rate_limited");
    // The limits are counted in the database, by a keyed hash: no address is stored.
    let buckets = app
        .db
        .run(move |conn| {
            use diesel::prelude::*;
            Ok(ideashelf::db::schema::write_events::table
                .select(ideashelf::db::schema::write_events::bucket)
                .load::<String>(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(buckets.len(), 4, "{buckets:?}");
    assert!(buckets.iter().all(|b| !b.contains("127.0.0.1")), "{buckets:?}");
    assert_eq!(buckets.iter().filter(|b| b.starts_with("a:")).count(), 2);
}

async fn register(app: &TestApp, handle: String) -> crate::helpers::Resp {
    let body = json!({"handle": handle, "email": format!("{handle}@example.org"),
        "password": "correct horse battery", "accept_terms": true});
    app.post("/api/v1/auth/register", None, body).await
}

/// Ten registrations an hour per address, counted in the database — when the sign-in limit is on
/// (`IDEASHELF_AUTH_RATE_PER_MINUTE=0` turns both off).
async fn registrations_are_limited_per_address_under_the_sign_in_switch(backend: Backend) {
    let app = spawn_app_with(backend, |c| c.auth_rate_per_minute = 1000).await;
    // A refused registration is not counted.
    let bad = json!({"handle": "x", "email": "nope", "password": "short", "accept_terms": true});
    assert_eq!(app.post("/api/v1/auth/register", None, bad).await.status.as_u16(), 422);
    for i in 0..10 {
        assert_eq!(register(&app, format!("member{i}")).await.status.as_u16(), 201);
    }
    assert_code(&register(&app, "member10".into()).await, 429, "rate_limited");
    let off = spawn_app_with(backend, |c| c.auth_rate_per_minute = 0).await;
    for i in 0..11 {
        assert_eq!(register(&off, format!("member{i}")).await.status.as_u16(), 201);
    }
}

/// `--write-limits off`: six ideas in a row are fine.
async fn the_limits_can_be_turned_off(backend: Backend) {
    let app = spawn_app_with(backend, |c| c.write_limits = false).await;
    let anna = app.member("anna").await;
    for i in 0..6 {
        app.idea(&anna, None, &format!("Unlimited idea {i}")).await;
    }
}

const CSRF: &str = "csrf-token-of-forty-characters-0123456789";

/// A page's form post over the limit gets the error page, which says when to try again.
async fn pages_say_when_to_try_again(backend: Backend) {
    let app = limited(backend, |_| {}).await;
    let anna = app.member("anna").await;
    let ben = app.member("ben").await;
    let id = app.idea(&anna, None, "Talk to me").await;
    let post = |lang: &'static str, body: String| {
        app.client
            .post(format!("{}/ideas/{id}/comments", app.base))
            .header(COOKIE, format!("ideashelf_session={ben}; ideashelf_csrf={CSRF}; ideashelf_lang={lang}"))
            .form(&[("csrf", CSRF), ("body", body.as_str())])
            .send()
    };
    for i in 0..5 {
        let res = post("en", format!("Page comment {i}")).await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "comment {i}");
    }
    let res = post("en", "One too many".into()).await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers()[CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
    let wait: u64 = res.headers()[RETRY_AFTER].to_str().unwrap().parse().unwrap();
    let html = res.text().await.unwrap().replace(['\u{2068}', '\u{2069}'], "");
    assert!(html.contains("Too many requests"), "{html}");
    let said = match wait {
        1 => "again in one second".to_string(),
        2..=59 => format!("again in {wait} seconds"),
        _ => "again in one minute".to_string(),
    };
    assert!(html.contains(&said), "{said}: {html}");
    let res = post("de", "Noch einer".into()).await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.text().await.unwrap().contains("wieder tun"));
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.body["comments"], 5);
}

/// The registration page: a filled honeypot, a form sent back within the configured seconds (five here), or a forged time stamp
/// get a 422 that says only that the form was not accepted; a person gets in. The API is unaffected.
async fn the_registration_page_keeps_bots_out(backend: Backend) {
    // Five seconds: the "too fast" answer must come back well within it, even on a loaded machine.
    const MIN_SECONDS: u64 = 5;
    let app = spawn_app_with(backend, |c| c.register_min_seconds = MIN_SECONDS).await;
    let form_page = || async {
        let res = app
            .client
            .get(format!("{}/register", app.base))
            .header(COOKIE, format!("ideashelf_csrf={CSRF}; ideashelf_lang=en"))
            .send()
            .await
            .unwrap();
        let html = res.text().await.unwrap();
        assert!(html.contains(r#"name="website""#), "the honeypot is on the form");
        html.split(r#"name="shown" value=""#).nth(1).and_then(|r| r.split('"').next()).unwrap().to_string()
    };
    let send = |stamp: String, website: &'static str, handle: &'static str| {
        let fields = [
            ("csrf", CSRF.to_string()),
            ("shown", stamp),
            ("website", website.to_string()),
            ("handle", handle.to_string()),
            ("email", format!("{handle}@example.org")),
            ("password", "correct horse battery".to_string()),
            ("accept_terms", "1".to_string()),
            ("next", "/".to_string()),
        ];
        app.client
            .post(format!("{}/register", app.base))
            .header(COOKIE, format!("ideashelf_csrf={CSRF}; ideashelf_lang=en"))
            .form(&fields)
            .send()
    };
    let refused = |res: reqwest::Response| async move {
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.unwrap();
        assert!(html.contains("We could not accept this form"), "{html}");
        assert!(!html.contains("honeypot") && !html.contains("too fast") && !html.contains("seconds"));
    };
    // Too fast.
    let shown = std::time::Instant::now();
    let stamp = form_page().await;
    refused(send(stamp.clone(), "", "quickbot").await.unwrap()).await;
    assert!(shown.elapsed().as_secs() < MIN_SECONDS, "the machine was too slow to send the form back too fast");
    // A forged stamp, and none at all.
    let (ms, _) = stamp.split_once('.').unwrap();
    let old = format!("{}.{}", ms.parse::<i64>().unwrap() - 60_000, "0".repeat(32));
    refused(send(old, "", "forger").await.unwrap()).await;
    refused(send(String::new(), "", "nostamp").await.unwrap()).await;
    tokio::time::sleep(
        std::time::Duration::from_secs(MIN_SECONDS).saturating_sub(shown.elapsed()) + std::time::Duration::from_secs(1),
    )
    .await;
    // The honeypot filled, in good time.
    refused(send(stamp.clone(), "https://spam.example", "spambot").await.unwrap()).await;
    for handle in ["quickbot", "forger", "nostamp", "spambot"] {
        assert_eq!(app.get(&format!("/api/v1/users/{handle}"), None).await.status.as_u16(), 404, "{handle}");
    }
    // A person, five seconds after the form appeared.
    let res = send(stamp, "", "person").await.unwrap();
    let status = res.status();
    assert_eq!(status, StatusCode::SEE_OTHER, "{}", res.text().await.unwrap());
    assert_eq!(res.headers()[LOCATION], "/");
    assert_eq!(app.get("/api/v1/users/person", None).await.status.as_u16(), 200);
    // The API has no such checks.
    app.member("apiclient").await;
}

//! Mail and account self-service against a real SMTP server (aiosmtpd on loopback, see smtp.rs): the
//! verification, reset and address-change mails, their tokens, what a stranger learns (nothing), the
//! sessions that end, SMTP down while events happen, and the embedded default (.eml files).

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{assert_code, assert_problem, spawn_app_with, Backend, TestApp};
use crate::smtp::SmtpSink;

const PW: &str = "correct horse battery";

async fn app_with_smtp(backend: Backend, sink: &SmtpSink, require_verified: bool) -> TestApp {
    let url = sink.url();
    spawn_app_with(backend, move |c| {
        c.smtp_url = Some(url);
        c.require_verified_email = require_verified;
    })
    .await
}

macro_rules! mail_tests {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn sqlite() { super::$name(crate::helpers::Backend::Sqlite).await }
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn postgres() { super::$name(crate::helpers::Backend::Postgres).await }
            }
        )*
    };
}

mail_tests!(
    registration_is_verified_by_mail_and_tells_a_stranger_nothing,
    a_forgotten_password_is_reset_by_mail_and_ends_every_session,
    members_change_profile_password_and_address,
    mail_queued_while_smtp_is_down_arrives_once_when_it_is_back,
    a_reply_mails_a_german_member_who_unsubscribes_with_one_click,
    a_daily_digest_is_sent_once_with_two_instances,
);

/// A member registered in German (the site's terms accepted).
async fn german_member(app: &TestApp, handle: &str) -> String {
    let body = json!({"handle": handle, "email": format!("{handle}@example.org"), "password": PW, "locale": "de",
        "accept_terms": true});
    let r = app.post("/api/v1/auth/register", None, body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body["token"].as_str().unwrap().to_string()
}

async fn a_reply_mails_a_german_member_who_unsubscribes_with_one_click(backend: Backend) {
    let sink = SmtpSink::start();
    let app = app_with_smtp(backend, &sink, false).await;
    let lina = german_member(&app, "lina").await;
    let team = app.staff("team", ideashelf::accounts::Role::ProductTeam).await;
    let idea = app.idea(&team, None, "Refill station for detergent").await;
    // Mail goes only to confirmed addresses: Lina confirms hers.
    let token = sink.wait_for("lina@example.org", 1).await.remove(0).token("/verify-email");
    assert_eq!(app.post("/api/v1/auth/verify-email", None, json!({"token": token})).await.status, StatusCode::OK);

    // Defaults: replies by mail, comments in the app.
    let settings = app.get("/api/v1/me/notification-settings", Some(&lina)).await;
    assert_eq!(settings.status, StatusCode::OK, "{:?}", settings.body);
    let channel = |body: &serde_json::Value, kind: &str| {
        body["settings"].as_array().unwrap().iter().find(|s| s["kind"] == kind).unwrap()["channel"].clone()
    };
    assert_eq!(channel(&settings.body, "reply"), json!("email"));
    assert_eq!(channel(&settings.body, "comment"), json!("in_app"));

    let path = format!("/api/v1/ideas/{idea}/comments");
    let c = app.post(&path, Some(&lina), json!({"body": "Would love this in Bern"})).await;
    assert_eq!(c.status, StatusCode::CREATED, "{:?}", c.body);
    let r = app.post(&path, Some(&team), json!({"body": "Bern is on the list!", "parent_id": c.body["id"]})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);

    // The reply arrives in German, with a one-click unsubscribe link (RFC 8058).
    let mail = sink.wait_for("lina@example.org", 2).await.remove(1);
    assert!(mail.subject.contains("Refill station for detergent"), "{}", mail.subject);
    assert!(mail.text.contains("Hallo lina") && mail.text.contains("Auf ideashelf öffnen"), "{}", mail.text);
    assert_eq!(mail.header("List-Unsubscribe-Post"), Some("List-Unsubscribe=One-Click"));
    let unsubscribe = mail.header("List-Unsubscribe").expect("List-Unsubscribe").trim_matches(['<', '>']).to_string();
    assert!(unsubscribe.contains("/unsubscribe?") && unsubscribe.contains("k=reply"), "{unsubscribe}");

    // A tampered link does nothing; the real one turns replies off without signing in.
    let forged = unsubscribe.replace("k=reply", "k=comment");
    let r = app.client.post(&forged).body("List-Unsubscribe=One-Click").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .client
        .post(&unsubscribe)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let settings = app.get("/api/v1/me/notification-settings", Some(&lina)).await;
    assert_eq!(channel(&settings.body, "reply"), json!("off"));
    assert_eq!(channel(&settings.body, "comment"), json!("in_app"), "only that kind");

    // Off: no mail and not in the app either.
    let before = app.get("/api/v1/notifications", Some(&lina)).await.body["items"].as_array().unwrap().len();
    app.post(&path, Some(&team), json!({"body": "And Basel too.", "parent_id": c.body["id"]})).await;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert_eq!(sink.mails().iter().filter(|m| m.to.contains("lina@")).count(), 2, "no mail after unsubscribing");
    let after = app.get("/api/v1/notifications", Some(&lina)).await.body["items"].as_array().unwrap().len();
    assert_eq!(before, after);

    // Settings: a bad kind or channel is a 422 naming it.
    let r = app.put_json("/api/v1/me/notification-settings", Some(&lina), json!({"reply": "sms"})).await;
    assert_problem(&r, 422, Some("reply"));
    let r = app.put_json("/api/v1/me/notification-settings", Some(&lina), json!({"gossip": "email"})).await;
    assert_problem(&r, 422, Some("gossip"));
    let r = app.put_json("/api/v1/me/notification-settings", Some(&lina), json!({"reply": "email"})).await;
    assert_eq!(channel(&r.body, "reply"), json!("email"));
}

async fn a_daily_digest_is_sent_once_with_two_instances(backend: Backend) {
    let sink = SmtpSink::start();
    let app = app_with_smtp(backend, &sink, false).await;
    let ada = german_member(&app, "ada").await;
    let token = sink.wait_for("ada@example.org", 1).await.remove(0).token("/verify-email");
    app.post("/api/v1/auth/verify-email", None, json!({"token": token})).await;
    let r = app.put_json("/api/v1/me/notification-settings", Some(&ada), json!({"comment": "daily"})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let idea = app.idea(&ada, None, "Bulk oats without packaging").await;
    for (i, who) in ["bob", "cyd", "dia"].iter().enumerate() {
        let t = app.member(who).await;
        let r =
            app.post(&format!("/api/v1/ideas/{idea}/comments"), Some(&t), json!({"body": format!("Yes {i}")})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    }
    let links = ideashelf::notifications::mail::MailLinks::new(
        ideashelf::accounts::email::Links { base: app.base.clone(), default_lang: ideashelf::pages::Lang::De },
        b"a test secret a test secret a test secret",
    );
    // Two instances (two connection pools on the one database) run the jobs at once, twice.
    let other = ideashelf::db::Db::connect(&app.database_url, 4).unwrap();
    let as_of = ideashelf::clock::now() + chrono::Duration::minutes(1);
    for _ in 0..2 {
        let (a, b) = tokio::join!(
            ideashelf::notifications::mail::send_digests(&app.db, &links, as_of),
            ideashelf::notifications::mail::send_digests(&other, &links, as_of),
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert!(a + b <= 1, "one digest, not {a} + {b}");
    }
    let digest = sink.wait_subject("ada@example.org", "Dein Tag").await;
    assert!(digest.text.contains("Yes 0") || digest.text.contains("Bulk oats"), "{}", digest.text);
    assert!(digest.text.matches("/ideas/").count() >= 3, "three comments: {}", digest.text);
    // A day later with nothing new: no digest (an empty one is not sent).
    let later = as_of + chrono::Duration::days(1);
    assert_eq!(ideashelf::notifications::mail::send_digests(&app.db, &links, later).await.unwrap(), 0);
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert_eq!(sink.mails().iter().filter(|m| m.subject.contains("Dein Tag")).count(), 1);
    // Comments are in the digest, not mailed one by one.
    assert_eq!(sink.mails().iter().filter(|m| m.to.contains("ada@")).count(), 2, "verification and one digest");
}

async fn registration_is_verified_by_mail_and_tells_a_stranger_nothing(backend: Backend) {
    let sink = SmtpSink::start();
    let app = app_with_smtp(backend, &sink, true).await;
    let team = app.staff("team", ideashelf::accounts::Role::ProductTeam).await;
    let idea = app.idea(&team, None, "Oat milk in glass bottles").await;

    // Registration answers 202 without a token.
    let body =
        json!({"handle": "mia", "email": "mia@example.org", "password": PW, "locale": "de", "accept_terms": true});
    let r = app.post("/api/v1/auth/register", None, body).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{:?}", r.body);
    assert_eq!(r.body, json!({"status": "verification_sent"}));

    // Signed in but unverified: reading and the profile work, contributing does not.
    let login = app.post("/api/v1/auth/login", None, json!({"login": "mia", "password": PW})).await;
    assert_eq!(login.status, StatusCode::OK, "{:?}", login.body);
    let unverified = login.body["token"].as_str().unwrap().to_string();
    let me = app.get("/api/v1/me", Some(&unverified)).await;
    assert_eq!(me.body["email_verified"], false);
    assert_code(&app.put(&format!("/api/v1/ideas/{idea}/support"), Some(&unverified)).await, 403, "email_not_verified");
    let r = app
        .post("/api/v1/ideas", Some(&unverified), json!({"title": "My own idea", "summary": "s", "body": "b"}))
        .await;
    assert_code(&r, 403, "email_not_verified");
    let r = app.post(&format!("/api/v1/ideas/{idea}/comments"), Some(&unverified), json!({"body": "Great"})).await;
    assert_code(&r, 403, "email_not_verified");
    let r = app.patch("/api/v1/me", Some(&unverified), json!({"display_name": "Mia M."})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);

    // The mail arrives, in German (the member's language), with a text and an HTML part.
    let mail = sink.wait_for("mia@example.org", 1).await.remove(0);
    assert!(mail.subject.contains("Bestätige"), "{}", mail.subject);
    assert!(mail.html.contains("<html") && mail.text.contains("/verify-email?token="), "{mail:?}");
    assert!(mail.header("Message-ID").is_some_and(|id| id.contains("@ideashelf.invalid")), "{mail:?}");
    assert!(mail.header("List-Unsubscribe").is_none(), "account mail is not a notification");
    let token = mail.token("/verify-email");

    // Verifying signs the member in; the token works once.
    let r = app.post("/api/v1/auth/verify-email", None, json!({"token": token})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let verified = r.body["token"].as_str().unwrap().to_string();
    assert_eq!(app.get("/api/v1/me", Some(&verified)).await.body["email_verified"], true);
    assert_eq!(app.put(&format!("/api/v1/ideas/{idea}/support"), Some(&verified)).await.status, StatusCode::OK);
    assert_problem(&app.post("/api/v1/auth/verify-email", None, json!({"token": token})).await, 422, Some("token"));
    assert_problem(&app.post("/api/v1/auth/verify-email", None, json!({"token": "made-up"})).await, 422, Some("token"));

    // A stranger registering with the taken address gets the very same answer; the owner gets a mail.
    let body = json!({"handle": "stranger", "email": "MIA@example.org", "password": PW, "accept_terms": true});
    let r = app.post("/api/v1/auth/register", None, body).await;
    assert_eq!((r.status, r.body.clone()), (StatusCode::ACCEPTED, json!({"status": "verification_sent"})));
    let mails = sink.wait_for("mia@example.org", 2).await;
    assert!(mails[1].text.contains("/reset-password?token="), "{:?}", mails[1]);
    assert!(mails[1].text.contains("mia"), "names the existing handle");
    // No account was made for the stranger.
    assert_eq!(app.get("/api/v1/users/stranger", None).await.status, StatusCode::NOT_FOUND);
    // A taken handle may be said (handles are public).
    let r = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"handle": "mia", "email": "x@example.org", "password": PW, "accept_terms": true}),
        )
        .await;
    assert_problem(&r, 422, Some("handle"));

    // Resending: a new mail; the older link stops working.
    let body = json!({"handle": "noah", "email": "noah@example.org", "password": PW, "accept_terms": true});
    assert_eq!(app.post("/api/v1/auth/register", None, body).await.status, StatusCode::ACCEPTED);
    let first = sink.wait_for("noah@example.org", 1).await.remove(0).token("/verify-email");
    let noah = app.post("/api/v1/auth/login", None, json!({"login": "noah", "password": PW})).await.body["token"]
        .as_str()
        .unwrap()
        .to_string();
    let r = app.post("/api/v1/auth/resend-verification", Some(&noah), json!({})).await;
    assert_eq!((r.status, r.body["status"].clone()), (StatusCode::ACCEPTED, json!("verification_sent")));
    let second = sink.wait_for("noah@example.org", 2).await.remove(1).token("/verify-email");
    assert_problem(&app.post("/api/v1/auth/verify-email", None, json!({"token": first})).await, 422, Some("token"));
    assert_eq!(app.post("/api/v1/auth/verify-email", None, json!({"token": second})).await.status, StatusCode::OK);
    let r = app.post("/api/v1/auth/resend-verification", Some(&noah), json!({})).await;
    assert_eq!(r.body["status"], "already_verified");
}

async fn a_forgotten_password_is_reset_by_mail_and_ends_every_session(backend: Backend) {
    let sink = SmtpSink::start();
    let app = app_with_smtp(backend, &sink, false).await;
    let t1 = app.member("lea").await;
    let t2 = app.post("/api/v1/auth/login", None, json!({"login": "lea", "password": PW})).await.body["token"]
        .as_str()
        .unwrap()
        .to_string();

    // The same answer for an address with and without an account.
    let known = app.post("/api/v1/auth/password-reset", None, json!({"email": "lea@example.org"})).await;
    let unknown = app.post("/api/v1/auth/password-reset", None, json!({"email": "nobody@example.org"})).await;
    assert_eq!((known.status, known.body.clone()), (StatusCode::ACCEPTED, json!({"status": "reset_sent"})));
    assert_eq!((unknown.status, unknown.body), (known.status, known.body));
    assert_problem(
        &app.post("/api/v1/auth/password-reset", None, json!({"email": "not an address"})).await,
        422,
        Some("email"),
    );

    // The verification mail came first (registration), then the reset mail; a second request replaces the first.
    let first = sink.wait_for("lea@example.org", 2).await.remove(1).token("/reset-password");
    app.post("/api/v1/auth/password-reset", None, json!({"email": "lea@example.org"})).await;
    let second = sink.wait_for("lea@example.org", 3).await.remove(2);
    assert!(second.subject.contains("Passwort"), "German, the site's language: {}", second.subject);
    let second = second.token("/reset-password");
    let r = app
        .post("/api/v1/auth/password-reset/confirm", None, json!({"token": first, "password": "a brand new secret"}))
        .await;
    assert_problem(&r, 422, Some("token"));

    // Password rules: not common, not the login.
    let r =
        app.post("/api/v1/auth/password-reset/confirm", None, json!({"token": second, "password": "1234567890"})).await;
    assert_problem(&r, 422, Some("password"));
    assert_eq!(r.body["errors"][0]["code"], "common");
    let r = app
        .post("/api/v1/auth/password-reset/confirm", None, json!({"token": second, "password": "lea@example.org"}))
        .await;
    assert_eq!(r.body["errors"][0]["code"], "same_as_login");

    let r = app
        .post("/api/v1/auth/password-reset/confirm", None, json!({"token": second, "password": "a brand new secret"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let fresh = r.body["token"].as_str().unwrap().to_string();
    // Every earlier session has ended; the new one works; the old password does not.
    assert_code(&app.get("/api/v1/me", Some(&t1)).await, 401, "invalid_token");
    assert_code(&app.get("/api/v1/me", Some(&t2)).await, 401, "invalid_token");
    assert_eq!(app.get("/api/v1/me", Some(&fresh)).await.status, StatusCode::OK);
    assert_eq!(
        app.post("/api/v1/auth/login", None, json!({"login": "lea", "password": PW})).await.status,
        StatusCode::UNAUTHORIZED
    );
    let r = app.post("/api/v1/auth/login", None, json!({"login": "lea", "password": "a brand new secret"})).await;
    assert_eq!(r.status, StatusCode::OK);
    // Used once.
    let r = app
        .post("/api/v1/auth/password-reset/confirm", None, json!({"token": second, "password": "another new secret"}))
        .await;
    assert_problem(&r, 422, Some("token"));
    // And the member is told.
    let notice = sink.wait_for("lea@example.org", 4).await.remove(3);
    assert!(notice.subject.contains("geändert"), "{}", notice.subject);
}

async fn members_change_profile_password_and_address(backend: Backend) {
    let sink = SmtpSink::start();
    let app = app_with_smtp(backend, &sink, false).await;
    let token = app.member("omar").await;
    let other = app.post("/api/v1/auth/login", None, json!({"login": "omar", "password": PW})).await.body["token"]
        .as_str()
        .unwrap()
        .to_string();

    // Profile: name, language, time zone (an IANA name).
    let r = app
        .patch(
            "/api/v1/me",
            Some(&token),
            json!({"display_name": "Omar K.", "locale": "en", "time_zone": "America/New_York"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(
        (r.body["display_name"].clone(), r.body["time_zone"].clone()),
        (json!("Omar K."), json!("America/New_York"))
    );
    assert_problem(
        &app.patch("/api/v1/me", Some(&token), json!({"time_zone": "Mars/Olympus"})).await,
        422,
        Some("time_zone"),
    );
    assert_problem(&app.patch("/api/v1/me", Some(&token), json!({"locale": "fr"})).await, 422, Some("locale"));
    let r = app.patch("/api/v1/me", Some(&token), json!({"time_zone": ""})).await;
    assert_eq!(r.body["time_zone"], serde_json::Value::Null, "an empty zone goes back to the site's");

    // Password change: the current one is asked; every session ends; the answer is a new one.
    let r = app
        .post(
            "/api/v1/me/password",
            Some(&token),
            json!({"current_password": "wrong password!", "new_password": "a new long secret"}),
        )
        .await;
    assert_problem(&r, 422, Some("current_password"));
    let r = app
        .post("/api/v1/me/password", Some(&token), json!({"current_password": PW, "new_password": "qwertyuiop"}))
        .await;
    assert_problem(&r, 422, Some("new_password"));
    let r = app
        .post("/api/v1/me/password", Some(&token), json!({"current_password": PW, "new_password": "a new long secret"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let token2 = r.body["token"].as_str().unwrap().to_string();
    assert_code(&app.get("/api/v1/me", Some(&token)).await, 401, "invalid_token");
    assert_code(&app.get("/api/v1/me", Some(&other)).await, 401, "invalid_token");

    // Address change: confirmed from the new address, the old one is told; nothing changes before.
    let r = app
        .post(
            "/api/v1/me/email",
            Some(&token2),
            json!({"email": "omar.new@example.org", "password": "wrong password!"}),
        )
        .await;
    assert_problem(&r, 422, Some("password"));
    let r = app
        .post(
            "/api/v1/me/email",
            Some(&token2),
            json!({"email": "omar.new@example.org", "password": "a new long secret"}),
        )
        .await;
    assert_eq!((r.status, r.body["status"].clone()), (StatusCode::ACCEPTED, json!("confirmation_sent")));
    assert_eq!(app.get("/api/v1/me", Some(&token2)).await.body["email"], "omar@example.org");
    let confirm = sink.wait_for("omar.new@example.org", 1).await.remove(0);
    assert!(confirm.subject.contains("new email"), "English, as chosen: {}", confirm.subject);
    let r = app.post("/api/v1/me/email/confirm", None, json!({"token": confirm.token("/confirm-email")})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let me = app.get("/api/v1/me", Some(&token2)).await;
    assert_eq!(
        (me.body["email"].clone(), me.body["email_verified"].clone()),
        (json!("omar.new@example.org"), json!(true))
    );
    let told = sink.wait_subject("omar@example.org", "address was changed").await;
    assert!(told.text.contains("omar.new@example.org"), "{told:?}");
    // Signing in with the new address works; the old address is free again.
    let r = app
        .post("/api/v1/auth/login", None, json!({"login": "omar.new@example.org", "password": "a new long secret"}))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"handle": "omar2", "email": "omar@example.org", "password": PW, "accept_terms": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
}

async fn mail_queued_while_smtp_is_down_arrives_once_when_it_is_back(backend: Backend) {
    let mut sink = SmtpSink::down();
    let app = app_with_smtp(backend, &sink, false).await;
    // Requests do not wait for SMTP: registration answers while the server is down.
    for i in 0..5 {
        let started = std::time::Instant::now();
        app.member(&format!("down{i}")).await;
        assert!(started.elapsed() < std::time::Duration::from_secs(3), "registration waited for SMTP");
    }
    // Attempts fail and are noted; nothing is lost.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let (pending, attempts): (i64, Option<i32>) = app
        .db
        .run(|conn| {
            use diesel::prelude::*;
            use ideashelf::db::schema::mail_outbox::dsl::*;
            let n = mail_outbox.count().get_result(conn)?;
            let a = mail_outbox.select(diesel::dsl::min(attempts)).first(conn)?;
            Ok((n, a))
        })
        .await
        .unwrap();
    assert_eq!(pending, 5);
    assert!(attempts.unwrap_or(0) >= 1, "the worker tried while SMTP was down");
    sink.up();
    // Each mail is next tried within the longest gap of the first ten minutes (2, 4, 8, 16, then 30 s);
    // on a busy machine the outage can already have lasted into the 30 s gap. All five arrive by then.
    let back = std::time::Instant::now();
    let limit = std::time::Duration::from_secs(ideashelf::mail::rules::EAGER_MAX_GAP_SECS as u64 + 10);
    for i in 0..5 {
        sink.wait_for_within(&format!("down{i}@example.org"), 1, limit.saturating_sub(back.elapsed())).await;
    }
    // Once each, and the outbox is empty.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert_eq!(sink.mails().len(), 5, "{:?}", sink.mails().iter().map(|m| &m.to).collect::<Vec<_>>());
    let left = app.db.run(|conn| Ok(ideashelf::mail::store::pending(conn)?)).await.unwrap();
    assert_eq!(left, 0);
}

/// Without an SMTP URL every mail is written as an .eml file under <data-dir>/mail/.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn without_smtp_mail_is_written_as_eml_files() {
    let app = crate::helpers::spawn_app(Backend::Sqlite).await;
    app.member("ella").await;
    let dir = app.data_dir().join("mail");
    let started = std::time::Instant::now();
    let file = loop {
        let found = std::fs::read_dir(&dir).ok().and_then(|mut d| d.find_map(|e| e.ok().map(|e| e.path())));
        if let Some(f) = found {
            break f;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "no .eml in {}", dir.display());
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(file.extension().and_then(|e| e.to_str()), Some("eml"));
    let raw = std::fs::read(&file).unwrap();
    let mail = mailparse::parse_mail(&raw).unwrap();
    assert!(mail.headers.iter().any(|h| h.get_key() == "To" && h.get_value().contains("ella@example.org")));
    assert_eq!(mail.subparts.len(), 2, "a text and an HTML part");
}

/// Times on pages are in the member's zone, else the site's; never "UTC" unless that is the zone.
async fn pages_show_times_in_the_members_zone(app: TestApp) {
    let kim = app.member("kim").await;
    let idea = app.idea(&kim, None, "Night shopping hours").await;
    app.post(&format!("/api/v1/ideas/{idea}/comments"), Some(&kim), json!({"body": "When exactly?"})).await;
    let page = |token: Option<String>| {
        let (client, url) = (app.client.clone(), format!("{}/ideas/{idea}", app.base));
        async move {
            let mut req = client.get(url);
            if let Some(t) = token {
                req = req.header("cookie", format!("ideashelf_session={t}"));
            }
            req.send().await.unwrap().text().await.unwrap()
        }
    };
    let zone_of = |html: &str| {
        let re = regex::Regex::new(r"\d{2}:\d{2} ([A-Z]{3,4}|[+-]\d{2})").unwrap();
        re.captures(html).map(|c| c[1].to_string()).unwrap_or_default()
    };
    // The site's zone (Europe/Zurich) for visitors and members without one.
    let visitor = zone_of(&page(None).await);
    assert!(visitor == "CET" || visitor == "CEST", "{visitor}");
    let r = app.patch("/api/v1/me", Some(&kim), json!({"time_zone": "America/New_York"})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let member = zone_of(&page(Some(kim.clone())).await);
    assert!(member == "EST" || member == "EDT", "{member}");
    app.patch("/api/v1/me", Some(&kim), json!({"time_zone": "UTC"})).await;
    assert_eq!(zone_of(&page(Some(kim)).await), "UTC");
}

crate::backend_tests!(pages_show_times_in_the_members_zone);

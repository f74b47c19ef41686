//! Single sign-on (docs/ACCOUNTS.md, "Single sign-on") against real providers on loopback (oidc_fixture.rs):
//! a first sign-in makes a verified member and the next signs the same member in; linking by password and
//! never by an unverified or different address; unlinking keeps a way in; allowed domains; SSO-only; and the
//! refusals of a tampered state, a wrong nonce, an expired and a wrongly signed ID token. Each test on SQLite
//! and on PostgreSQL.

use std::sync::Arc;

use ideashelf::accounts::Role;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{assert_code, spawn_app_with, Backend, TestApp};
use crate::oidc_fixture::{providers_file, NodeProvider};

macro_rules! sso_tests {
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

sso_tests!(
    first_sign_in_makes_a_verified_member_and_the_next_signs_them_in,
    a_verified_address_of_a_member_links_only_with_their_password,
    an_unverified_or_different_address_never_reaches_an_existing_member,
    linking_from_settings_and_unlinking_keeps_a_way_in,
    allowed_domains_refuse_other_addresses,
    sso_only_refuses_password_sign_in_and_registration,
    a_tampered_state_and_another_browser_are_refused,
    a_wrong_nonce_an_expired_and_a_wrongly_signed_id_token_are_refused,
    a_provider_that_is_down_is_a_clear_page,
    the_role_claim_sets_the_role_on_each_sign_in,
    the_export_lists_and_erasure_deletes_the_identities,
);

const PASSWORD: &str = "correct horse battery";

/// The fixture, one tenant of it, and the app whose provider `corp` it is.
struct Sso {
    fixture: NodeProvider,
    tenant: String,
    app: TestApp,
}

impl Sso {
    async fn start(
        backend: Backend,
        claims: Value,
        extra: Value,
        tweak: impl FnOnce(&mut ideashelf::config::Config),
    ) -> Sso {
        let fixture = NodeProvider::fixture();
        let tenant = format!("t{}", uuid::Uuid::new_v4().simple());
        let issuer = fixture.tenant(&tenant, "good", claims).await;
        let dir = tempfile::tempdir().expect("dir");
        let file = providers_file(dir.path(), &issuer, extra);
        let app = spawn_app_with(backend, move |c| {
            c.oidc_providers = Some(file);
            tweak(c);
        })
        .await;
        drop(dir);
        Sso { fixture, tenant, app }
    }

    /// The provider's next tokens: mode and claims.
    async fn next(&self, mode: &str, claims: Value) {
        self.fixture.tenant(&self.tenant, mode, claims).await;
    }
}

fn claims(sub: &str, email: &str, verified: bool) -> Value {
    json!({"sub": sub, "email": email, "email_verified": verified, "preferred_username": email.split('@').next(),
           "name": "Anna Meier"})
}

/// An answer of the site to the browser.
#[derive(Debug)]
struct Page {
    status: StatusCode,
    location: String,
    body: String,
}

impl Page {
    /// The code of a refused sign-in's page.
    fn refusal(&self) -> String {
        let at = self.body.find("data-code=\"").map(|i| i + 11);
        at.and_then(|i| self.body[i..].split('"').next()).unwrap_or("").to_string()
    }
}

/// A browser: its own cookies, redirects followed by hand.
struct Browser {
    client: reqwest::Client,
    jar: Arc<Jar>,
    base: String,
}

impl Browser {
    fn new(app: &TestApp) -> Browser {
        let jar = Arc::new(Jar::default());
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::ACCEPT_LANGUAGE, reqwest::header::HeaderValue::from_static("en"));
        let client = reqwest::Client::builder()
            .default_headers(headers)
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Browser { client, jar, base: app.base.clone() }
    }

    fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{path}", self.base)
        }
    }

    async fn answer(res: reqwest::Response) -> Page {
        let status = res.status();
        let location = res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        Page { status, location, body: res.text().await.unwrap_or_default() }
    }

    async fn get(&self, path: &str) -> Page {
        Browser::answer(self.client.get(self.url(path)).send().await.expect("GET")).await
    }

    async fn csrf(&self) -> String {
        // Every page's layout has a form (the language switch) with the token.
        let page = self.get("/terms").await;
        let at = page.body.find("name=\"csrf\" value=\"").expect("a form with a CSRF token") + 19;
        page.body[at..].split('"').next().unwrap_or("").to_string()
    }

    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = self.csrf().await;
        let mut form: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
        form.extend_from_slice(fields);
        Browser::answer(self.client.post(self.url(path)).form(&form).send().await.expect("POST")).await
    }

    /// Follows "Sign in with Corp ID" (with `next`, or `link=1` and the CSRF token as the settings' link has
    /// them).
    async fn start(&self, fields: &[(&str, &str)]) -> Page {
        let mut pairs: Vec<(String, String)> = fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        if fields.iter().any(|(k, _)| *k == "link") {
            pairs.push(("csrf".into(), self.csrf().await));
        }
        let query: String = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
        self.get(&format!("/auth/oidc/corp/start?{query}")).await
    }

    /// Follows "Sign in with Corp ID" and the provider back: the callback's answer.
    async fn sso(&self, fields: &[(&str, &str)]) -> Page {
        let start = self.start(fields).await;
        assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.body);
        let at_provider = self.get(&start.location).await;
        assert_eq!(at_provider.status, StatusCode::FOUND, "the provider answers at once: {}", at_provider.body);
        assert!(at_provider.location.starts_with(&format!("{}/auth/oidc/corp/callback?", self.base)));
        self.get(&at_provider.location).await
    }

    /// The session token in the cookie (the API's bearer token).
    fn token(&self) -> Option<String> {
        let url = reqwest::Url::parse(&self.base).ok()?;
        let header = self.jar.cookies(&url)?;
        let cookies = header.to_str().ok()?.to_string();
        cookies
            .split("; ")
            .find_map(|c| c.strip_prefix("ideashelf_session="))
            .filter(|t| !t.is_empty())
            .map(String::from)
    }

    /// A first sign-in: finishes the registration form with the proposed handle.
    async fn register(&self, expect_handle: &str) -> String {
        let finish = self.get("/auth/oidc/finish").await;
        assert_eq!(finish.status, StatusCode::OK);
        assert!(finish.body.contains("data-testid=\"sso-register-form\""), "{}", finish.body);
        assert!(finish.body.contains(&format!("value=\"{expect_handle}\"")), "the handle is proposed");
        let done = self.post("/auth/oidc/register", &[("handle", expect_handle), ("accept_terms", "1")]).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        self.token().expect("signed in")
    }
}

async fn me(app: &TestApp, token: &str) -> Value {
    let r = app.get("/api/v1/me", Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r.body
}

async fn methods(app: &TestApp, token: &str) -> Value {
    let r = app.get("/api/v1/me/sign-in-methods", Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r.body
}

async fn first_sign_in_makes_a_verified_member_and_the_next_signs_them_in(backend: Backend) {
    let sso = Sso::start(backend, claims("sub-anna", "anna.meier@corp.example", true), json!({}), |_| {}).await;
    let app = &sso.app;
    let methods_list = app.get("/api/v1/auth/methods", None).await;
    assert_eq!(methods_list.body, json!({"password_signin": true, "providers": [{"id": "corp", "name": "Corp ID"}]}));
    let login_page = Browser::new(app).get("/login").await;
    assert!(login_page.body.contains("data-testid=\"sso-corp\"") && login_page.body.contains("Corp ID"));

    let browser = Browser::new(app);
    let back = browser.sso(&[("next", "/ideas")]).await;
    assert_eq!((back.status, back.location.as_str()), (StatusCode::SEE_OTHER, "/auth/oidc/finish"));
    assert!(browser.token().is_none(), "not signed in before the member chose a handle");
    let token = browser.register("anna_meier").await;
    let member = me(app, &token).await;
    assert_eq!(member["handle"], "anna_meier");
    assert_eq!(member["email"], "anna.meier@corp.example");
    assert_eq!(member["email_verified"], true, "the provider said email_verified");
    let m = methods(app, &token).await;
    assert_eq!(m["password"], false);
    assert_eq!(m["identities"][0]["provider"], "corp");
    // The finishing row was used up: the form cannot make a second account.
    let again = browser.post("/auth/oidc/register", &[("handle", "anna_two"), ("accept_terms", "1")]).await;
    assert_eq!(again.refusal(), "oidc_state_invalid");

    // The next sign-in, in another browser, signs the same member in straight away, back to `next`.
    let other = Browser::new(app);
    let back = other.sso(&[("next", "/ideas")]).await;
    assert_eq!((back.status, back.location.as_str()), (StatusCode::SEE_OTHER, "/ideas"));
    let member2 = me(app, &other.token().expect("signed in")).await;
    assert_eq!(member2["id"], member["id"]);
    // The member has no password: password sign-in does not let anyone in.
    let r = app.post("/api/v1/auth/login", None, json!({"login": "anna_meier", "password": ""})).await;
    assert_eq!(r.status.as_u16(), 422);
    let r = app.post("/api/v1/auth/login", None, json!({"login": "anna_meier", "password": "!none"})).await;
    assert_code(&r, 401, "bad_credentials");

    // A taken proposal gets a number; an unverified address makes an unverified member (a mail goes out).
    sso.next(
        "good",
        json!({"sub": "sub-anna-2", "email": "anna_meier@elsewhere.example", "email_verified": false,
                             "preferred_username": "anna_meier"}),
    )
    .await;
    let third = Browser::new(app);
    let back = third.sso(&[]).await;
    assert_eq!(back.location, "/auth/oidc/finish");
    let taken = third.post("/auth/oidc/register", &[("handle", "anna_meier"), ("accept_terms", "1")]).await;
    assert_eq!(taken.status.as_u16(), 422, "a taken handle is refused on the form");
    let token = third.register("anna_meier2").await;
    assert_eq!(me(app, &token).await["email_verified"], false);
}

async fn a_verified_address_of_a_member_links_only_with_their_password(backend: Backend) {
    let sso = Sso::start(backend, claims("sub-bob", "bob@corp.example", true), json!({}), |_| {}).await;
    let app = &sso.app;
    let bob = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"handle": "bob", "email": "Bob@Corp.example", "password": PASSWORD,
                                                     "accept_terms": true}),
        )
        .await;
    assert_eq!(bob.status, StatusCode::CREATED);
    let bob_token = bob.body["token"].as_str().unwrap().to_string();

    let browser = Browser::new(app);
    let back = browser.sso(&[]).await;
    assert_eq!(back.location, "/auth/oidc/finish");
    assert!(browser.token().is_none(), "a claim alone signs nobody in");
    let finish = browser.get("/auth/oidc/finish").await;
    assert!(finish.body.contains("data-testid=\"sso-link-form\""), "{}", finish.body);
    let wrong = browser.post("/auth/oidc/link", &[("password", "not bob's password")]).await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    assert!(browser.token().is_none());
    assert_eq!(methods(app, &bob_token).await["identities"], json!([]));
    let right = browser.post("/auth/oidc/link", &[("password", PASSWORD)]).await;
    assert_eq!(right.status, StatusCode::SEE_OTHER, "{}", right.body);
    let token = browser.token().expect("signed in");
    assert_eq!(me(app, &token).await["handle"], "bob");
    assert_eq!(methods(app, &bob_token).await["identities"][0]["provider"], "corp");
    // From now on the provider signs bob in without his password.
    let next = Browser::new(app);
    let back = next.sso(&[("next", "/tips")]).await;
    assert_eq!(back.location, "/tips");
    assert_eq!(me(app, &next.token().unwrap()).await["handle"], "bob");
}

async fn an_unverified_or_different_address_never_reaches_an_existing_member(backend: Backend) {
    let sso = Sso::start(backend, claims("sub-x", "carol@corp.example", false), json!({}), |_| {}).await;
    let app = &sso.app;
    let carol = app.member("carol").await;
    let dave = app.member("dave").await;
    // carol@example.org is carol's; an unverified claim of it is refused, and nothing is linked.
    sso.next("good", claims("sub-x", "carol@example.org", false)).await;
    let browser = Browser::new(app);
    let back = browser.sso(&[]).await;
    assert_eq!((back.status.as_u16(), back.refusal().as_str()), (409, "oidc_email_unverified"));
    assert!(browser.token().is_none());
    assert_eq!(methods(app, &carol).await["identities"], json!([]));
    // The same claim, verified, asks for carol's password (control: only the verification differs).
    sso.next("good", claims("sub-x", "carol@example.org", true)).await;
    let back = Browser::new(app).sso(&[]).await;
    assert_eq!(back.location, "/auth/oidc/finish");
    // A different address is a new member, never dave's account (whatever the name says).
    sso.next(
        "good",
        json!({"sub": "sub-d", "email": "dave@elsewhere.example", "email_verified": true,
                             "preferred_username": "dave"}),
    )
    .await;
    let browser = Browser::new(app);
    browser.sso(&[]).await;
    let token = browser.register("dave2").await;
    let new = me(app, &token).await;
    assert_eq!(new["handle"], "dave2");
    assert_ne!(new["id"], me(app, &dave).await["id"]);
    assert_eq!(methods(app, &dave).await["identities"], json!([]));
    // No email at all: no account can be made.
    sso.next("good", json!({"sub": "sub-e"})).await;
    let back = Browser::new(app).sso(&[]).await;
    assert_eq!(back.refusal(), "oidc_email_missing");
}

async fn linking_from_settings_and_unlinking_keeps_a_way_in(backend: Backend) {
    let sso = Sso::start(backend, claims("sub-f", "frank@corp.example", true), json!({}), |_| {}).await;
    let app = &sso.app;
    // frank has a password; he signs in on the pages and links the provider from the settings.
    let frank = app.member("frank").await;
    let browser = Browser::new(app);
    let signed = browser.post("/login", &[("login", "frank"), ("password", PASSWORD)]).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER);
    let settings = browser.get("/settings").await;
    assert!(settings.body.contains("data-testid=\"sso-link-corp\""), "{}", settings.body);
    // Linking acts on the account: without this browser's CSRF token it does not start.
    let forged = browser.get("/auth/oidc/corp/start?link=1&csrf=forged").await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let back = browser.sso(&[("link", "1")]).await;
    assert_eq!((back.status, back.location.as_str()), (StatusCode::SEE_OTHER, "/settings"));
    let settings = browser.get("/settings").await;
    assert!(settings.body.contains("data-testid=\"sso-linked-corp\""));
    assert_eq!(methods(app, &frank).await["identities"][0]["provider"], "corp");
    // Another member cannot link the same identity.
    let grace = app.member("grace").await;
    let other = Browser::new(app);
    other.post("/login", &[("login", "grace"), ("password", PASSWORD)]).await;
    let back = other.sso(&[("link", "1")]).await;
    assert_eq!((back.status.as_u16(), back.refusal().as_str()), (409, "oidc_identity_taken"));
    assert_eq!(methods(app, &grace).await["identities"], json!([]));
    // frank keeps his password: unlinking is fine; a second time there is nothing to unlink.
    let r = app.delete("/api/v1/me/sign-in-methods/corp", Some(&frank)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(methods(app, &frank).await["identities"], json!([]));
    assert_code(&app.delete("/api/v1/me/sign-in-methods/corp", Some(&frank)).await, 404, "not_found");

    // A member made by the provider has no password: the last way in is not unlinked.
    sso.next("good", claims("sub-h", "heidi@corp.example", true)).await;
    let heidi = Browser::new(app);
    heidi.sso(&[]).await;
    let token = heidi.register("heidi").await;
    assert_code(&app.delete("/api/v1/me/sign-in-methods/corp", Some(&token)).await, 409, "last_sign_in_method");
    assert_eq!(methods(app, &token).await["identities"][0]["provider"], "corp");
    // The settings page says so too.
    let page = heidi.post("/settings/sign-in/corp/unlink", &[]).await;
    assert_eq!(page.location, "/settings");
    assert!(heidi.get("/settings").await.body.contains("data-testid=\"sso-linked-corp\""));
    // With a password set (by the reset mail's way), she may unlink.
    let me_row = me(app, &token).await;
    let id = me_row["id"].as_str().unwrap().to_string();
    let hash = ideashelf::accounts::password::hash(PASSWORD).unwrap();
    app.db
        .run(move |conn| {
            use diesel::prelude::*;
            use ideashelf::db::schema::users;
            diesel::update(users::table.find(id)).set(users::password_hash.eq(hash)).execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!(app.delete("/api/v1/me/sign-in-methods/corp", Some(&token)).await.status, StatusCode::NO_CONTENT);
}

async fn allowed_domains_refuse_other_addresses(backend: Backend) {
    let extra = json!({"allowed_domains": ["corp.example"]});
    let sso = Sso::start(backend, claims("sub-i", "ivan@gmail.example", true), extra, |_| {}).await;
    let app = &sso.app;
    let browser = Browser::new(app);
    let back = browser.sso(&[]).await;
    assert_eq!((back.status.as_u16(), back.refusal().as_str()), (403, "oidc_domain_not_allowed"));
    assert!(back.body.contains("only addresses of its organisation"), "a clear sentence: {}", back.body);
    // In the domain (case ignored): the first sign-in goes on.
    sso.next("good", claims("sub-i", "ivan@Corp.Example", true)).await;
    let back = Browser::new(app).sso(&[]).await;
    assert_eq!(back.location, "/auth/oidc/finish");
}

async fn sso_only_refuses_password_sign_in_and_registration(backend: Backend) {
    let sso =
        Sso::start(backend, claims("sub-j", "judy@corp.example", true), json!({}), |c| c.password_signin = false).await;
    let app = &sso.app;
    app.staff("boss", Role::Admin).await;
    let input = ideashelf::accounts::service::RegisterInput {
        handle: "kim".into(),
        email: "kim@example.org".into(),
        password: PASSWORD.into(),
        ..Default::default()
    };
    ideashelf::accounts::service::create_account(
        &app.db,
        input,
        Role::Member,
        ideashelf::config::DEFAULT_TERMS_VERSION,
    )
    .await
    .unwrap();
    let r = app.post("/api/v1/auth/login", None, json!({"login": "kim", "password": PASSWORD})).await;
    assert_code(&r, 403, "password_signin_disabled");
    let r = app.post("/api/v1/auth/login", None, json!({"login": "kim", "password": "wrong password!"})).await;
    assert_code(&r, 403, "password_signin_disabled");
    let r = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"handle": "lee", "email": "lee@example.org", "password": PASSWORD,
                                                     "accept_terms": true}),
        )
        .await;
    assert_code(&r, 403, "password_signin_disabled");
    let r = app.post("/api/v1/auth/password-reset", None, json!({"email": "kim@example.org"})).await;
    assert_code(&r, 403, "password_signin_disabled");
    // The break-glass way: an admin's password still signs in.
    let r = app.post("/api/v1/auth/login", None, json!({"login": "boss", "password": PASSWORD})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(app.get("/api/v1/auth/methods", None).await.body["password_signin"], false);
    // The pages: no password form unless asked for, no registration form; the button is there.
    let browser = Browser::new(app);
    let login = browser.get("/login").await;
    assert!(login.body.contains("data-testid=\"sso-corp\"") && login.body.contains("data-testid=\"sso-only\""));
    assert!(!login.body.contains("name=\"password\""));
    assert!(browser.get("/login?password=1").await.body.contains("name=\"password\""));
    let register = browser.get("/register").await;
    assert!(!register.body.contains("action=\"/register\"") && register.body.contains("data-testid=\"sso-corp\""));
    let posted = browser.post("/login", &[("login", "kim"), ("password", PASSWORD)]).await;
    assert_eq!(posted.status, StatusCode::FORBIDDEN);
    assert!(browser.token().is_none());
    let posted =
        browser.post("/register", &[("handle", "lee"), ("email", "lee@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(posted.status, StatusCode::FORBIDDEN);
    // Single sign-on works.
    browser.sso(&[]).await;
    let token = browser.register("judy").await;
    assert_eq!(me(app, &token).await["handle"], "judy");
}

async fn a_tampered_state_and_another_browser_are_refused(backend: Backend) {
    let sso = Sso::start(backend, claims("sub-m", "mia@corp.example", true), json!({}), |_| {}).await;
    let app = &sso.app;
    let browser = Browser::new(app);
    let start = browser.start(&[]).await;
    let callback = browser.get(&start.location).await.location;
    let mut url = reqwest::Url::parse(&callback).unwrap();
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let tampered: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| if k == "state" { (k.clone(), format!("{v}x")) } else { (k.clone(), v.clone()) })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(&tampered);
    let back = browser.get(url.as_str()).await;
    assert_eq!((back.status.as_u16(), back.refusal().as_str()), (422, "oidc_state_invalid"));
    assert!(browser.token().is_none());
    // The sign-in was used up by the attempt: the genuine answer is refused too.
    let back = browser.get(&callback).await;
    assert_eq!(back.refusal(), "oidc_state_invalid");
    assert!(browser.token().is_none());
    // An answer carried to another browser (login CSRF) finds no sign-in of its own there.
    let victim = Browser::new(app);
    let start = browser.start(&[]).await;
    let callback = browser.get(&start.location).await.location;
    let back = victim.get(&callback).await;
    assert_eq!(back.refusal(), "oidc_state_invalid");
    assert!(victim.token().is_none());
    // The provider's own refusal (the member cancelled) is said as such.
    let start = browser.start(&[]).await;
    let state = reqwest::Url::parse(&start.location)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned())
        .unwrap();
    let back = browser.get(&format!("/auth/oidc/corp/callback?error=access_denied&state={state}")).await;
    assert_eq!(back.refusal(), "oidc_sign_in_failed");
}

async fn a_wrong_nonce_an_expired_and_a_wrongly_signed_id_token_are_refused(backend: Backend) {
    let sso = Sso::start(backend, claims("sub-n", "nina@corp.example", true), json!({}), |_| {}).await;
    let app = &sso.app;
    for mode in ["wrong-nonce", "expired", "wrong-key"] {
        sso.next(mode, claims("sub-n", "nina@corp.example", true)).await;
        let browser = Browser::new(app);
        let back = browser.sso(&[]).await;
        assert_eq!((back.status.as_u16(), back.refusal().as_str()), (401, "oidc_id_token_invalid"), "{mode}");
        assert!(browser.token().is_none(), "{mode}");
        assert_eq!(browser.get("/auth/oidc/finish").await.refusal(), "oidc_state_invalid", "{mode}: nothing waits");
    }
    // Control: the same provider's good token goes through.
    sso.next("good", claims("sub-n", "nina@corp.example", true)).await;
    assert_eq!(Browser::new(app).sso(&[]).await.location, "/auth/oidc/finish");
}

async fn a_provider_that_is_down_is_a_clear_page(backend: Backend) {
    let port = crate::oidc_fixture::free_port();
    let dir = tempfile::tempdir().unwrap();
    let file = providers_file(dir.path(), &format!("http://127.0.0.1:{port}/gone"), json!({}));
    let app = spawn_app_with(backend, move |c| c.oidc_providers = Some(file)).await;
    let browser = Browser::new(&app);
    let start = browser.start(&[]).await;
    assert_eq!((start.status.as_u16(), start.refusal().as_str()), (503, "oidc_provider_unavailable"));
    assert!(start.body.contains("does not answer"), "{}", start.body);
    // An unknown provider is a 404 page.
    assert_eq!(browser.get("/auth/oidc/nope/start").await.status, StatusCode::NOT_FOUND);
}

async fn the_role_claim_sets_the_role_on_each_sign_in(backend: Backend) {
    let with_role = |role: Value| {
        json!({"sub": "sub-o", "email": "olga@corp.example", "email_verified": true, "preferred_username": "olga",
               "ideashelf_roles": role})
    };
    let sso =
        Sso::start(backend, with_role(json!(["staff", "moderator"])), json!({"role_claim": "ideashelf_roles"}), |_| {})
            .await;
    let app = &sso.app;
    let browser = Browser::new(app);
    browser.sso(&[]).await;
    let token = browser.register("olga").await;
    assert_eq!(me(app, &token).await["role"], "moderator");
    sso.next("good", with_role(json!("product_team"))).await;
    let again = Browser::new(app);
    again.sso(&[]).await;
    assert_eq!(me(app, &again.token().unwrap()).await["role"], "product_team");
    sso.next("good", with_role(Value::Null)).await;
    let third = Browser::new(app);
    third.sso(&[]).await;
    assert_eq!(me(app, &third.token().unwrap()).await["role"], "member");
}

async fn the_export_lists_and_erasure_deletes_the_identities(backend: Backend) {
    let sso = Sso::start(backend, claims("sub-p", "paul@corp.example", true), json!({}), |_| {}).await;
    let app = &sso.app;
    let browser = Browser::new(app);
    browser.sso(&[]).await;
    let token = browser.register("paul").await;
    let export = app.get("/api/v1/me/export", Some(&token)).await;
    assert_eq!(export.status, StatusCode::OK);
    assert_eq!(export.body["sign_in_identities"][0]["provider"], "corp");
    assert_eq!(export.body["sign_in_identities"][0]["subject"], "sub-p");
    // Without a password, the member confirms erasure with their handle.
    let r = app.call(reqwest::Method::DELETE, "/api/v1/me", Some(&token), Some(json!({"password": "nope"}))).await;
    assert_code(&r, 403, "wrong_password");
    let r = app.call(reqwest::Method::DELETE, "/api/v1/me", Some(&token), Some(json!({"password": "paul"}))).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    // The identity went with the account: the same subject is a stranger now.
    let back = Browser::new(app).sso(&[]).await;
    assert_eq!(back.location, "/auth/oidc/finish");
}

//! Single sign-on in a real browser against the certified OpenID provider (npm `oidc-provider`, started on
//! loopback by `oidc_fixture.rs` with `.ci/oidc/provider.mjs`): click "Sign in with Corp ID", sign in at the
//! provider (its development login and consent pages), choose the handle, land signed in; the next time the
//! provider signs the same member in; a member with a password links the provider from the settings.

use std::time::{Duration, Instant};

use crate::driver::{launch, Browser};
use crate::helpers::{spawn_app_with, Backend, TestApp};
use crate::journeys::{sign_out, tag, PASSWORD};
use crate::oidc_fixture::{free_port, providers_file, NodeProvider};

/// Signs in at the provider: its login form (any password), then its consent, until the browser is back here.
async fn at_the_provider(b: &Browser, app: &TestApp, provider: &NodeProvider, account: &str) {
    let started = Instant::now();
    loop {
        let url = b.client.current_url().await.expect("url").to_string();
        if url.starts_with(&app.base) && !url.contains("/auth/oidc/corp/callback") {
            return;
        }
        if started.elapsed() > Duration::from_secs(30) {
            let source = b.client.source().await.unwrap_or_default();
            panic!("stuck at {url}: {}", source.chars().take(3000).collect::<String>());
        }
        if url.starts_with(&provider.base) {
            if b.exists("input[name=login]").await {
                b.fill("input[name=login]", account).await;
                b.fill("input[name=password]", "any password").await;
                b.click_to_next_page("button[type=submit]").await;
                continue;
            }
            if b.exists("button[type=submit]").await {
                b.click_to_next_page("button[type=submit]").await;
                continue;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub async fn member_signs_in_with_the_provider_and_links_it(backend: Backend) {
    let port = free_port();
    let dir = tempfile::tempdir().unwrap();
    let file = providers_file(dir.path(), &format!("http://127.0.0.1:{port}"), serde_json::json!({}));
    let app = spawn_app_with(backend, move |c| c.oidc_providers = Some(file)).await;
    let provider = NodeProvider::certified(port, &format!("{}/auth/oidc/corp/callback", app.base));
    let shots = tag(&app);

    let b = launch(true).await;
    b.goto(&format!("{}/login?next=/ideas", app.base)).await;
    assert!(b.text("[data-testid=sso-corp]").await.contains("Corp ID"));
    b.screenshot(&format!("{shots}-sso-login")).await;
    b.click_to_next_page("[data-testid=sso-corp]").await;
    at_the_provider(&b, &app, &provider, "anna").await;
    // A first sign-in: the handle is proposed from the provider's claims.
    assert_eq!(b.path().await, "/auth/oidc/finish");
    assert_eq!(b.value("#field-handle").await, "anna");
    b.screenshot(&format!("{shots}-sso-finish")).await;
    b.click("#field-accept-terms").await;
    b.click_to_next_page("[data-testid=sso-register-submit]").await;
    assert_eq!(b.path().await, "/ideas");
    assert_eq!(b.text("[data-testid=member-handle]").await, "@anna");
    sign_out(&b).await;
    // The next time, the provider (still signed in there) signs the same member in at once.
    b.goto(&format!("{}/login", app.base)).await;
    b.click_to_next_page("[data-testid=sso-corp]").await;
    at_the_provider(&b, &app, &provider, "anna").await;
    assert_eq!(b.text("[data-testid=member-handle]").await, "@anna");
    b.close().await;

    // A member with a password links the provider from the settings (another account at the provider).
    app.member("berta").await;
    let b = launch(true).await;
    b.goto(&format!("{}/login", app.base)).await;
    b.fill("#field-login", "berta").await;
    b.fill("#field-password", PASSWORD).await;
    b.click_to_next_page("form[action='/login'] button[type=submit]").await;
    b.goto(&format!("{}/settings", app.base)).await;
    b.click_to_next_page("[data-testid=sso-link-corp]").await;
    at_the_provider(&b, &app, &provider, "berta-at-corp").await;
    assert_eq!(b.path().await, "/settings");
    assert!(b.exists("[data-testid=sso-linked-corp]").await);
    b.screenshot(&format!("{shots}-sso-settings")).await;
    sign_out(&b).await;
    b.goto(&format!("{}/login", app.base)).await;
    b.click_to_next_page("[data-testid=sso-corp]").await;
    at_the_provider(&b, &app, &provider, "berta-at-corp").await;
    assert_eq!(b.text("[data-testid=member-handle]").await, "@berta");
    b.close().await;
    drop(provider);
}

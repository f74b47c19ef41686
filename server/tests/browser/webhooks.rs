//! The admins' webhooks page, without JavaScript: register an endpoint (the secret shown once), change its
//! events, read the delivery log and send a message again, turn it off, rotate the secret, delete it.

use ideashelf::accounts::Role;
use reqwest::header::{COOKIE, LOCATION};
use reqwest::StatusCode;

use crate::driver::launch;
use crate::helpers::TestApp;
use crate::journeys::{tag, PASSWORD};

pub async fn admin_manages_webhooks_on_the_page(app: TestApp) {
    app.staff("root", Role::Admin).await;
    let member = app.member("emil").await;
    // Members may not open the page; signed out, it asks to sign in.
    let res = app
        .client
        .get(format!("{}/admin/webhooks", app.base))
        .header(COOKIE, format!("ideashelf_session={member}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.client.get(format!("{}/admin/webhooks", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(res.headers().get(LOCATION).unwrap().to_str().unwrap().starts_with("/login?next="));

    let b = launch(false).await;
    b.goto(&format!("{}/login?next=/admin/webhooks", app.base)).await;
    b.fill("#field-login", "root").await;
    b.fill("#field-password", PASSWORD).await;
    b.click_to_next_page("form[action='/login'] button[type=submit]").await;
    assert!(b.exists("[data-testid=webhooks-empty]").await);
    // A URL that is no http URL comes back with the sentence for its code, the fields kept.
    b.fill("#webhook-url", "ftp://hooks.example.org/").await;
    b.fill("#webhook-description", "Ticketsystem").await;
    b.click("[data-testid=webhook-new] input[value='idea.created']").await;
    b.click_to_next_page("[data-testid=webhook-create]").await;
    assert!(b.text("[data-testid=webhook-problem]").await.contains("ungültig"), "German sentence for validation");
    assert_eq!(b.value("#webhook-description").await, "Ticketsystem");
    // Registered: the secret is shown this once.
    b.fill("#webhook-url", "http://127.0.0.1:9/hook").await;
    b.click_to_next_page("[data-testid=webhook-create]").await;
    let secret = b.text("[data-testid=webhook-secret-value]").await;
    assert!(secret.starts_with("whsec_"), "{secret}");
    b.screenshot(&format!("{}-webhooks-created", tag(&app))).await;
    let list = app.get("/api/v1/webhooks", Some(&app.staff("root2", Role::Admin).await)).await;
    assert_eq!(list.body[0]["events"], serde_json::json!(["idea.created"]));
    assert_eq!(list.body[0]["description"], "Ticketsystem");
    b.goto(&format!("{}/admin/webhooks", app.base)).await;
    assert!(!b.exists("[data-testid=webhook-secret]").await, "the secret is not shown again");
    assert!(!b.text("main").await.contains(&secret));

    // An event: its delivery (to a port nobody listens on) fails and shows in the log; send it again.
    app.idea(&member, None, "Ein Ereignis").await;
    b.click_to_next_page("[data-testid=webhook-log-link]").await;
    for _ in 0..50 {
        if b.exists("[data-testid=webhook-attempt]").await {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        b.goto(&format!("{}{}", app.base, b.path().await)).await;
    }
    assert!(b.text("[data-testid=webhook-deliveries]").await.contains("idea.created"));
    assert!(b.exists("[data-testid=webhook-attempt]").await);
    b.screenshot(&format!("{}-webhook-deliveries", tag(&app))).await;
    b.click_to_next_page("[data-testid=webhook-redeliver]").await;
    assert!(b.text("[data-testid=flash]").await.contains("nochmals"));
    let root2 = app.staff("root3", Role::Admin).await;
    let id = app.get("/api/v1/webhooks", Some(&root2)).await.body[0]["id"].as_str().unwrap().to_string();
    let log = app.get(&format!("/api/v1/webhooks/{id}/deliveries"), Some(&root2)).await;
    assert_eq!(log.body.as_array().unwrap().len(), 2, "{:?}", log.body);
    assert_eq!(log.body[0]["msg_id"], log.body[1]["msg_id"]);

    // Events, off, rotate, delete.
    b.goto(&format!("{}/admin/webhooks", app.base)).await;
    b.click("[data-testid=webhook-row] input[value='comment.created']").await;
    b.click_to_next_page("[data-testid=webhook-save-events]").await;
    assert!(b.text("[data-testid=flash]").await.contains("gespeichert"));
    let list = app.get("/api/v1/webhooks", Some(&root2)).await;
    assert_eq!(list.body[0]["events"], serde_json::json!(["comment.created", "idea.created"]));
    b.click_to_next_page("[data-testid=webhook-disable]").await;
    assert_eq!(b.text("[data-testid=webhook-state]").await.to_lowercase(), "aus", "badges are upper case by CSS");
    assert_eq!(app.get("/api/v1/webhooks", Some(&root2)).await.body[0]["enabled"], false);
    b.click_to_next_page("[data-testid=webhook-rotate]").await;
    let rotated = b.text("[data-testid=webhook-secret-value]").await;
    assert!(rotated.starts_with("whsec_") && rotated != secret);
    b.click_to_next_page("[data-testid=webhook-delete]").await;
    assert!(b.text("[data-testid=flash]").await.contains("gelöscht"));
    assert!(b.exists("[data-testid=webhooks-empty]").await);
    assert!(b.find("html").await.attr("data-enhanced").await.unwrap().is_none());
    b.close().await;
}

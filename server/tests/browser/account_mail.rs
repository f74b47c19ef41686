//! Account mail in a real browser against a real SMTP server (aiosmtpd): register, open the link from the
//! mail, confirm, and be signed in; forget the password, reset it from the mail; choose how to hear of
//! notifications and a time zone in the settings.

use crate::driver::launch;
use crate::helpers::{spawn_app_with, Backend};
use crate::journeys::PASSWORD;
use crate::smtp::SmtpSink;

pub async fn register_verify_and_reset_by_mail(backend: Backend) {
    let sink = SmtpSink::start();
    let url = sink.url();
    let app = spawn_app_with(backend, move |c| {
        c.smtp_url = Some(url);
        c.require_verified_email = true;
    })
    .await;
    let shots = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let b = launch(true).await;

    // Register: the page says to look in the mailbox; nobody is signed in yet.
    b.goto(&format!("{}/register", app.base)).await;
    b.fill("#field-handle", "vera").await;
    b.fill("#field-email", "vera@example.org").await;
    b.fill("#field-password", PASSWORD).await;
    b.click("#field-accept-terms").await;
    b.click("form[action='/register'] button[type=submit]").await;
    let notice = b.text("[data-testid=notice] h1").await;
    assert!(notice.contains("Postfach"), "{notice}");
    assert!(b.exists("[data-testid=login-link]").await, "not signed in before verifying");
    b.screenshot(&format!("{shots}-mail-check-inbox")).await;

    // The mail (German, as the browser) links to a page whose button confirms and signs in.
    let mail = sink.wait_for("vera@example.org", 1).await.remove(0);
    assert!(mail.subject.contains("Bestätige"), "{}", mail.subject);
    b.goto(&mail.link("/verify-email")).await;
    b.screenshot(&format!("{shots}-mail-verify")).await;
    b.click("[data-testid=confirm-token]").await;
    assert_eq!(b.text("[data-testid=member-handle]").await, "@vera");
    assert!(b.text("[data-testid=flash]").await.contains("bestätigt"));
    assert!(!b.exists("[data-testid=verify-banner]").await);

    // Settings: notifications by digest, a time zone.
    b.goto(&format!("{}/settings", app.base)).await;
    b.click("[data-testid=channel-comment] option[value=daily]").await;
    b.click_to_next_page("[data-testid=notifications-submit]").await;
    assert!(b.text("[data-testid=flash]").await.contains("gespeichert"));
    b.click("[data-testid=time-zone] option[value='America/New_York']").await;
    b.click_to_next_page("[data-testid=profile-submit]").await;
    assert!(b.text("[data-testid=flash]").await.contains("gespeichert"));
    assert_eq!(b.value("[data-testid=time-zone]").await, "America/New_York");
    assert_eq!(b.value("[data-testid=channel-comment]").await, "daily");
    b.full_screenshot(&format!("{shots}-settings")).await;

    // Forgot the password: the sign-in page links to the form; the mail to a page that sets a new one.
    // Signed out first (the post must finish before the next page is asked for, or /login sees a member).
    b.click_to_next_page("[data-testid=logout]").await;
    b.goto(&format!("{}/login", app.base)).await;
    b.click("[data-testid=forgot-link]").await;
    b.fill("#field-email", "vera@example.org").await;
    b.click("[data-testid=forgot-submit]").await;
    assert!(b.text("[data-testid=notice] h1").await.contains("Postfach"));
    let reset = sink.wait_for("vera@example.org", 2).await.remove(1);
    b.goto(&reset.link("/reset-password")).await;
    b.fill("#field-password", "1234567890").await;
    b.click("[data-testid=reset-submit]").await;
    let error = b.text("[data-testid=error-password]").await;
    assert!(error.contains("häufiger Passwörter"), "{error}");
    b.fill("#field-password", "a fresh long secret").await;
    b.click("[data-testid=reset-submit]").await;
    assert_eq!(b.text("[data-testid=member-handle]").await, "@vera");
    // The link was used: opening it again says so.
    b.goto(&reset.link("/reset-password")).await;
    b.click("[data-testid=reset-submit]").await;
    assert!(b.text("[data-testid=notice] h1").await.contains("funktioniert nicht mehr"));
    b.close().await;
}

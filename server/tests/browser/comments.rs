//! A member edits and deletes her own comment on the idea page, without JavaScript.

use serde_json::json;

use crate::driver::launch;
use crate::helpers::TestApp;
use crate::journeys::{tag, PASSWORD};

pub async fn member_edits_and_deletes_her_comment(app: TestApp) {
    let author = app.member("author").await;
    let idea = app.idea(&author, None, "Pfandgläser im Regal").await;
    let carla = app.member("carla").await;
    let c = app.post(&format!("/api/v1/ideas/{idea}/comments"), Some(&carla), json!({"body": "Erster Gedanke"})).await;
    let c = c.body["id"].as_str().unwrap().to_string();
    let b = launch(false).await;
    b.goto(&format!("{}/login?next=/ideas/{idea}", app.base)).await;
    b.fill("#field-login", "carla").await;
    b.fill("#field-password", PASSWORD).await;
    b.click_to_next_page("form[action='/login'] button[type=submit]").await;
    let comment = format!("#comment-{c}");
    // Someone else's comment offers no edit or delete; her own does.
    b.find(&format!("{comment} [data-testid=comment-edit]")).await;
    b.click(&format!("{comment} [data-testid=comment-edit]")).await;
    b.fill(&format!("#edit-{c}"), "Zweiter Gedanke, **besser**").await;
    b.click_to_next_page(&format!("{comment} [data-testid=comment-edit-save]")).await;
    assert!(b.text("[data-testid=flash]").await.contains("geändert"));
    let body = b.text(&format!("{comment} [data-testid=comment-body]")).await;
    assert!(body.contains("Zweiter Gedanke"), "{body}");
    assert_eq!(b.find(&format!("{comment} [data-testid=comment-body] strong")).await.text().await.unwrap(), "besser");
    b.screenshot(&format!("{}-comment-edited", tag(&app))).await;
    // An empty edit comes back with the message at the field.
    b.click(&format!("{comment} [data-testid=comment-edit]")).await;
    b.fill(&format!("#edit-{c}"), " ").await;
    b.click_to_next_page(&format!("{comment} [data-testid=comment-edit-save]")).await;
    b.find("[data-testid=error-comment-edit]").await;
    // Delete it: gone from the page and from the count.
    b.click(&format!("{comment} [data-testid=comment-delete]")).await;
    b.click_to_next_page(&format!("{comment} [data-testid=comment-delete-confirm]")).await;
    assert!(b.text("[data-testid=flash]").await.contains("gelöscht"));
    assert!(!b.exists(&comment).await);
    assert!(b.find("html").await.attr("data-enhanced").await.unwrap().is_none());
    assert_eq!(app.get(&format!("/api/v1/ideas/{idea}"), None).await.body["comments"], 0);
    b.close().await;
}

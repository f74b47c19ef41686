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

fn session(token: &str) -> String {
    format!("ideashelf_session={token}")
}

/// The staff's pages: who may open the audit log and the member list; an admin changes a role there and the
/// last admin is refused; a moderator removes a comment with a reason, finds it in the audit log with a link
/// back, and the queue shows a reported idea's summary.
pub async fn staff_pages_audit_roles_and_removal(app: TestApp) {
    use ideashelf::accounts::Role;
    use reqwest::header::{COOKIE, LOCATION};
    use reqwest::StatusCode;
    let root = app.staff("root", Role::Admin).await;
    let moderator = app.staff("mod", Role::Moderator).await;
    let member = app.member("emil").await;
    let get = |path: &'static str, cookie: Option<String>| {
        let mut req = app.client.get(format!("{}{path}", app.base));
        if let Some(c) = cookie {
            req = req.header(COOKIE, c);
        }
        req.send()
    };
    for path in ["/moderation/audit", "/admin/members"] {
        let res = get(path, Some(session(&member))).await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
        let res = get(path, None).await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
        assert!(res.headers().get(LOCATION).unwrap().to_str().unwrap().starts_with("/login?next="));
    }
    assert_eq!(get("/admin/members", Some(session(&moderator))).await.unwrap().status(), StatusCode::FORBIDDEN);
    let res = get("/moderation/audit?from=bald", Some(session(&moderator))).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "a bad date is a message at its field");
    assert!(res.text().await.unwrap().contains("data-testid=\"error-audit-from\""));
    let home = get("/", Some(session(&moderator))).await.unwrap().text().await.unwrap();
    assert!(home.contains("href=\"/moderation/audit\"") && !home.contains("href=\"/admin/members\""));

    let idea = app.idea(&member, None, "Nachfüllstation für Spülmittel").await;
    let c = app.post(&format!("/api/v1/ideas/{idea}/comments"), Some(&member), json!({"body": "Kauft bei mir!"})).await;
    let c = c.body["id"].as_str().unwrap().to_string();

    let b = launch(false).await;
    // The admin makes emil a moderator; the last admin cannot step down.
    b.goto(&format!("{}/login?next=/admin/members", app.base)).await;
    b.fill("#field-login", "root").await;
    b.fill("#field-password", PASSWORD).await;
    b.click_to_next_page("form[action='/login'] button[type=submit]").await;
    b.fill("#members-q", "EMI").await;
    b.click_to_next_page("[data-testid=members-apply]").await;
    let rows = b.text("[data-testid=member-rows]").await;
    assert!(rows.contains("@emil") && !rows.contains("@root"), "{rows}");
    b.find("#role-emil").await.select_by_value("moderator").await.unwrap();
    b.click_to_next_page("[data-testid=member-row][data-handle=emil] [data-testid=role-save]").await;
    assert!(b.text("[data-testid=flash]").await.contains("Rolle wurde geändert"));
    assert_eq!(app.get("/api/v1/users/emil", None).await.body["role"], "moderator");
    assert!(b.path().await.starts_with("/admin/members"));
    b.goto(&format!("{}/admin/members?q=root", app.base)).await;
    b.find("#role-root").await.select_by_value("member").await.unwrap();
    b.click_to_next_page("[data-testid=member-row][data-handle=root] [data-testid=role-save]").await;
    assert!(b.text("[data-testid=flash]").await.contains("letzte Admin"));
    b.screenshot(&format!("{}-admin-members", tag(&app))).await;
    assert_eq!(app.get("/api/v1/users/root", None).await.body["role"], "admin");
    b.click_to_next_page("[data-testid=logout]").await;
    // emil's comment is now a moderator's: only admins remove it. As a moderator, the new one may not.
    b.goto(&format!("{}/login?next=/ideas/{idea}", app.base)).await;
    b.fill("#field-login", "mod").await;
    b.fill("#field-password", PASSWORD).await;
    b.click_to_next_page("form[action='/login'] button[type=submit]").await;
    let comment = format!("#comment-{c}");
    b.click(&format!("{comment} [data-testid=comment-remove]")).await;
    b.fill(&format!("#remove-{c}"), "Werbung").await;
    b.click_to_next_page(&format!("{comment} [data-testid=comment-remove-confirm]")).await;
    assert!(b.text("[data-testid=flash]").await.contains("Nur Admins"));
    // Back to a member: the moderator removes it (an empty reason first: the message at the field).
    assert_eq!(
        app.patch("/api/v1/users/emil/role", Some(&root), json!({"role": "member"})).await.status,
        StatusCode::OK
    );
    b.goto(&format!("{}/ideas/{idea}", app.base)).await;
    b.click(&format!("{comment} [data-testid=comment-remove]")).await;
    b.click_to_next_page(&format!("{comment} [data-testid=comment-remove-confirm]")).await;
    b.find("[data-testid=error-comment-remove]").await;
    b.fill(&format!("#remove-{c}"), "Werbung").await;
    b.click_to_next_page(&format!("{comment} [data-testid=comment-remove-confirm]")).await;
    assert!(b.text("[data-testid=flash]").await.contains("entfernt"));
    assert!(b.text(&comment).await.contains("ausgeblendet"));
    // The audit log has it, filtered by the moderator, linking to the comment.
    b.goto(&format!("{}/moderation/audit", app.base)).await;
    b.fill("#audit-actor", "mod").await;
    b.click_to_next_page("[data-testid=audit-apply]").await;
    let entry = b.text("[data-testid=audit-entry]").await;
    assert!(entry.contains("moderation.hide") && entry.contains("Werbung"), "{entry}");
    let link = b.find("[data-testid=audit-subject-link]").await.attr("href").await.unwrap().unwrap();
    assert_eq!(link, format!("/ideas/{idea}#comment-{c}"));
    b.screenshot(&format!("{}-audit", tag(&app))).await;
    // A reported idea in the queue shows its summary, not only its title.
    let reporter = app.member("rita").await;
    let r = app
        .post(
            "/api/v1/reports",
            Some(&reporter),
            json!({"target_type": "idea", "target_id": idea, "reason": "Doppelt"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    b.goto(&format!("{}/moderation", app.base)).await;
    assert_eq!(b.text(&format!("#item-{idea} [data-testid=queue-excerpt]")).await, "A summary");
    b.close().await;
}

//! The admins' member list (`/admin/members`): search by handle, each member's role, and a form to change it
//! (`accounts::service::change_role`, as `PATCH /api/v1/users/{handle}/role`).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

use super::extract::{path_params, FormPage, SignedForm};
use super::session::{encode, FormData, PageCtx};
use crate::accounts::rules::Role;
use crate::accounts::service::{self as accounts, MemberQuery, RoleInput};
use crate::error::{AppError, AppResult};

/// GET /admin/members: `?q=<part of a handle>&role=&cursor=` (admins; others 403, signed out → sign-in).
pub async fn members(ctx: &PageCtx, query: web::Query<MemberQuery>) -> AppResult<HttpResponse> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&ctx.here)) };
    let mut query = query.into_inner();
    query.limit = Some("50".into());
    let q = query.q.clone().unwrap_or_default();
    let role = query.role.clone().unwrap_or_default();
    let cursor = query.cursor.clone();
    let (page, status) = match accounts::members(&ctx.state.db, actor, query).await {
        Ok(p) => (Some(p), StatusCode::OK),
        // A role or cursor the page never offered (an edited link): the page with a note.
        Err(AppError::Validation(_)) => (None, StatusCode::BAD_REQUEST),
        Err(e) => return Err(e),
    };
    let link = |cursor: Option<&str>| {
        let mut parts = Vec::new();
        if !q.trim().is_empty() {
            parts.push(format!("q={}", encode(q.trim())));
        }
        if !role.is_empty() {
            parts.push(format!("role={}", encode(&role)));
        }
        if let Some(c) = cursor {
            parts.push(format!("cursor={}", encode(c)));
        }
        if parts.is_empty() {
            "/admin/members".to_string()
        } else {
            format!("/admin/members?{}", parts.join("&"))
        }
    };
    let back = link(cursor.as_deref());
    let (rows, next) = match &page {
        Some(p) => (
            p.items
                .iter()
                .map(|m| {
                    let roles: Vec<Value> =
                        Role::ALL.iter().map(|r| json!({"value": r.as_str(), "selected": *r == m.role})).collect();
                    json!({"member": m, "roles": roles, "me": m.handle == actor.handle})
                })
                .collect::<Vec<Value>>(),
            p.next_cursor.as_deref().map(|c| link(Some(c))),
        ),
        None => (Vec::new(), None),
    };
    let roles: Vec<Value> =
        Role::ALL.iter().map(|r| json!({"value": r.as_str(), "selected": r.as_str() == role})).collect();
    ctx.page(
        status,
        "pages/admin_members",
        &ctx.lang.t("members-title"),
        json!({
            "rows": rows, "q": q, "roles": roles, "next": next, "first": cursor.is_some().then(|| link(None)),
            "refused": page.is_none(), "back": back, "filtered": !q.trim().is_empty() || !role.is_empty(),
        }),
    )
}

/// A member's row on the admins' member list (`/admin/members/{handle}/role`); the way back is the list
/// (`back`, a local path under /admin/members, or the member searched by handle).
pub struct MemberRolePage {
    handle: String,
    back: String,
}

#[derive(Deserialize)]
struct HandleParam {
    handle: String,
}

impl FormPage for MemberRolePage {
    fn locate(req: &HttpRequest, form: &FormData) -> AppResult<Self> {
        let HandleParam { handle } = path_params(req, "Member")?;
        let back = form
            .get("back")
            .filter(|b| b.starts_with("/admin/members") && !b.starts_with("/admin/members/"))
            .map(String::from)
            .unwrap_or_else(|| format!("/admin/members?q={}", encode(&handle)));
        Ok(MemberRolePage { handle, back })
    }

    fn back(&self) -> String {
        self.back.clone()
    }
}

/// POST /admin/members/{handle}/role: `role`, `back` (admins).
pub async fn change_role(
    SignedForm { ctx, actor, form, page, .. }: &SignedForm<MemberRolePage>,
) -> AppResult<HttpResponse> {
    let input = RoleInput { role: form.text("role") };
    match accounts::change_role(&ctx.state.db, actor, page.handle.clone(), input).await {
        Ok(_) => {
            ctx.flash("flash-role-changed");
            Ok(ctx.redirect(&page.back))
        }
        Err(AppError::Validation(_)) => {
            ctx.flash("flash-err-role");
            Ok(ctx.redirect(&page.back))
        }
        Err(e @ AppError::Conflict { .. }) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&page.back))
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_forms_come_back_to_the_list() {
        use crate::pages::extract::{sign_in_return, Whole};
        let back = sign_in_return::<MemberRolePage, Whole>(&[("handle", "emil")], "back=%2Fadmin%2Fmembers%3Fq%3Dem");
        assert_eq!(back.ok().as_deref(), Some("/admin/members?q=em"));
        let elsewhere =
            sign_in_return::<MemberRolePage, Whole>(&[("handle", "emil")], "back=https%3A%2F%2Fevil.example");
        assert_eq!(elsewhere.ok().as_deref(), Some("/admin/members?q=emil"));
    }
}

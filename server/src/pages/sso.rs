//! Single sign-on pages (docs/ACCOUNTS.md, "Single sign-on"): the "Sign in with …" buttons start here, the
//! provider's answer comes back here, a first sign-in chooses its handle, an existing member links with their
//! password, and the settings link and unlink providers. Every decision is in `accounts::oidc::service`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use serde_json::{json, Value};

use super::extract::PostForm;
use super::forms::{self, FormKind};
use super::session::{safe_next, PageCtx};
use crate::accounts::oidc::rules::FLOW_MINUTES;
use crate::accounts::oidc::service::{self as sso, Callback, FinishInput, Landing};
use crate::accounts::Actor;
use crate::error::{AppError, AppResult};

/// The cookie that binds a sign-in in progress to this browser (the id of its `oidc_logins` row).
pub const SSO_COOKIE: &str = "ideashelf_sso";

fn login_id(req: &HttpRequest) -> Option<String> {
    req.cookie(SSO_COOKIE).map(|c| c.value().to_string()).filter(|v| !v.is_empty())
}

/// The providers' buttons for the sign-in and registration pages.
pub fn buttons(ctx: &PageCtx, next: &str) -> Vec<Value> {
    ctx.state
        .oidc
        .list()
        .iter()
        .map(|p| {
            json!({"id": p.id, "label": ctx.lang.t_with("sso-sign-in-with", &[("name", p.name.clone().into())]),
                   "href": format!("/auth/oidc/{}/start?next={}", p.id, super::session::encode(next))})
        })
        .collect()
}

/// The settings' "Ways to sign in" section.
pub async fn settings_data(ctx: &PageCtx, actor: &Actor) -> AppResult<Value> {
    let methods = sso::methods(&ctx.state.db, &ctx.state.oidc, actor, ctx.state.config.password_signin).await?;
    let providers: Vec<Value> = ctx
        .state
        .oidc
        .list()
        .iter()
        .map(|p| {
            let linked = methods.identities.iter().find(|i| i.provider == p.id);
            json!({"id": p.id, "name": p.name, "linked": linked.is_some(),
                   "linked_at": linked.map(|i| i.linked_at.to_rfc3339()),
                   "link_href": format!("/auth/oidc/{}/start?link=1&csrf={}", p.id, super::session::encode(&ctx.csrf)),
                   "link_label": ctx.lang.t_with("settings-sso-link", &[("name", p.name.clone().into())]),
                   "unlink_label": ctx.lang.t_with("settings-sso-unlink", &[("name", p.name.clone().into())])})
        })
        .collect();
    Ok(json!({"password": methods.password, "providers": providers, "any": !providers.is_empty()}))
}

/// A refused sign-in: a page that says why (the code, translated), with the way back to the sign-in page.
fn refused(ctx: &PageCtx, e: AppError) -> AppResult<HttpResponse> {
    match e {
        AppError::Internal(_) | AppError::Validation(_) | AppError::NotFound(_) => Err(e),
        e => ctx.page(
            e.status_code(),
            "pages/sso_refused",
            &ctx.lang.t("sso-refused-title"),
            json!({"heading": ctx.lang.t("sso-refused-title"), "text": ctx.lang.t(&e.code().locale_key()),
                   "code": e.code().as_str()}),
        ),
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct StartQuery {
    next: Option<String>,
    /// `1`: a signed-in member links the provider from the settings (with `csrf`, this browser's token).
    link: Option<String>,
    csrf: Option<String>,
}

/// GET /auth/oidc/{id}/start?next= (the "Sign in with …" links), or `?link=1&csrf=` from the settings. Sends
/// the browser to the provider; the cookie binds the sign-in to it. A link, not a form: the pages' CSP
/// (`form-action 'self'`) would stop a form's redirect to the provider. Starting a sign-in changes nothing
/// but its own row; linking, which acts on the account, carries the CSRF token.
pub async fn start(ctx: &PageCtx, path: web::Path<String>, query: web::Query<StartQuery>) -> AppResult<HttpResponse> {
    let linking = query.link.as_deref() == Some("1");
    if linking && ctx.actor.is_none() {
        return Ok(ctx.to_login("/settings"));
    }
    if linking && !ctx.csrf_matches(query.csrf.as_deref()) {
        return Err(AppError::forbidden(crate::error::ErrorCode::Csrf, super::session::CSRF_REFUSED));
    }
    let next = if linking { "/settings".to_string() } else { safe_next(query.next.as_deref()) };
    let actor = if linking { ctx.actor.as_ref() } else { None };
    match sso::begin(&ctx.state.db, &ctx.state.oidc, &path, next, actor).await {
        Ok((id, url)) => {
            ctx.set_short_cookie(SSO_COOKIE, id, FLOW_MINUTES);
            Ok(ctx.redirect(&url))
        }
        Err(e) => refused(ctx, e),
    }
}

/// GET /auth/oidc/{id}/callback?code=&state= (or `error=`): the provider's answer.
pub async fn callback(ctx: &PageCtx, req: HttpRequest, query: web::Query<Callback>) -> AppResult<HttpResponse> {
    let id = req.match_info().get("id").unwrap_or("").to_string();
    ctx.drop_cookie(SSO_COOKIE);
    let s = &ctx.state;
    match sso::callback(&s.db, &s.keys, &s.oidc, &id, login_id(&req), query.into_inner()).await {
        Ok(Landing::SignedIn { token, next }) => {
            ctx.sign_in(token);
            Ok(ctx.redirect(&safe_next(Some(&next))))
        }
        Ok(Landing::Linked { next }) => {
            ctx.flash("flash-sso-linked");
            Ok(ctx.redirect(&safe_next(Some(&next))))
        }
        Ok(Landing::Pending { login_id }) => {
            ctx.set_short_cookie(SSO_COOKIE, login_id, FLOW_MINUTES);
            Ok(ctx.redirect("/auth/oidc/finish"))
        }
        Err(e) => refused(ctx, e),
    }
}

async fn render_finish(
    ctx: &PageCtx,
    req: &HttpRequest,
    values: Value,
    errors: Value,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let view = match sso::pending(&ctx.state.db, &ctx.state.oidc, login_id(req)).await {
        Ok(v) => v,
        Err(e) => return refused(ctx, e),
    };
    let list: Vec<Value> = errors
        .as_object()
        .map(|m| m.iter().map(|(field, message)| json!({"field": field, "message": message})).collect())
        .unwrap_or_default();
    let mut values = values;
    if values.get("handle").is_none() {
        values = json!({"handle": view.proposed_handle, "display_name": view.display_name});
    }
    let lead_key = if view.kind == "link" { "sso-link-lead" } else { "sso-register-lead" };
    let lead =
        ctx.lang.t_with(lead_key, &[("name", view.provider_name.clone().into()), ("email", view.email.clone().into())]);
    ctx.page(
        status,
        "pages/sso_finish",
        &ctx.lang.t("sso-finish-title"),
        json!({"view": view, "link": view.kind == "link", "lead": lead, "values": values, "errors": errors,
               "error_list": list,
               "limits": {"handle_min": crate::accounts::rules::HANDLE_MIN, "handle_max": crate::accounts::rules::HANDLE_MAX}}),
    )
}

/// GET /auth/oidc/finish: a first sign-in's handle and terms, or the password that links an existing account.
pub async fn finish_form(ctx: &PageCtx, req: HttpRequest) -> AppResult<HttpResponse> {
    render_finish(ctx, &req, json!({}), json!({}), StatusCode::OK).await
}

/// POST /auth/oidc/register: `handle`, `display_name`, `accept_terms`, `product_news`,
/// `shipping_address_sharing`.
pub async fn register(PostForm { ctx, form }: &PostForm, req: HttpRequest) -> AppResult<HttpResponse> {
    let input = FinishInput {
        handle: form.text("handle"),
        display_name: form.get("display_name").map(String::from),
        locale: Some(ctx.lang.code().to_string()),
        accept_terms: Some(form.get("accept_terms") == Some("1")),
        product_news: form.get("product_news") == Some("1"),
        shipping_address_sharing: form.get("shipping_address_sharing") == Some("1"),
    };
    let values = json!({"handle": input.handle, "display_name": input.display_name,
                        "accept_terms": input.accept_terms, "product_news": input.product_news,
                        "shipping_address_sharing": input.shipping_address_sharing});
    let next = sso::pending(&ctx.state.db, &ctx.state.oidc, login_id(&req)).await.map(|v| v.next);
    let (s, links) = (&ctx.state, crate::accounts::email::Links::from_state(&ctx.state));
    match sso::finish_register(&s.db, &s.keys, &links, &s.config.terms_version, login_id(&req), input).await {
        Ok(session) => {
            ctx.drop_cookie(SSO_COOKIE);
            ctx.sign_in(session.token);
            ctx.flash("flash-welcome");
            Ok(ctx.redirect(&safe_next(next.ok().as_deref())))
        }
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Account, &errors);
            render_finish(ctx, &req, values, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => refused(ctx, e),
    }
}

/// POST /auth/oidc/link: `password` of the existing account whose verified address the provider named.
pub async fn link(PostForm { ctx, form }: &PostForm, req: HttpRequest) -> AppResult<HttpResponse> {
    let s = &ctx.state;
    match sso::finish_link(&s.db, &s.keys, login_id(&req), form.text("password")).await {
        Ok((session, next)) => {
            ctx.drop_cookie(SSO_COOKIE);
            ctx.sign_in(session.token);
            ctx.flash("flash-sso-linked");
            Ok(ctx.redirect(&safe_next(Some(&next))))
        }
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Account, &errors);
            render_finish(ctx, &req, json!({}), errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(AppError::Forbidden { code: crate::error::ErrorCode::WrongPassword, .. }) => {
            let errors = json!({"password": ctx.lang.t("problem-wrong-password")});
            render_finish(ctx, &req, json!({}), errors, StatusCode::FORBIDDEN).await
        }
        Err(e) => refused(ctx, e),
    }
}

/// POST /settings/sign-in/{provider}/unlink
pub async fn unlink(PostForm { ctx, .. }: &PostForm, path: web::Path<String>) -> AppResult<HttpResponse> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login("/settings")) };
    match sso::unlink(&ctx.state.db, actor, path.into_inner(), ctx.state.config.password_signin).await {
        Ok(()) => ctx.flash("flash-sso-unlinked"),
        Err(e @ AppError::Conflict { .. }) => ctx.flash_refusal(&e),
        Err(e) => return Err(e),
    }
    Ok(ctx.redirect("/settings"))
}

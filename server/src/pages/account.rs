//! Sign in, register, sign out, and the language switch.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::Utc;
use serde::Deserialize;
use serde_json::{json, Value};

use super::extract::PostForm;
use super::forms::{self, FormKind};
use super::i18n::Lang;
use super::session::{encode, safe_next, PageCtx};
use crate::accounts::rules;
use crate::accounts::service::{self as accounts, LoginInput, RegisterInput};
use crate::error::{AppError, AppResult};

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
    /// `1`: show the password form on an SSO-only site (the admins' break-glass way in).
    password: Option<String>,
}

fn error_list(errors: &Value) -> Vec<Value> {
    errors
        .as_object()
        .map(|m| m.iter().map(|(field, message)| json!({"field": field, "message": message})).collect())
        .unwrap_or_default()
}

/// Adds the url-encoded `next` for links that carry it on.
fn with_next_q(mut values: Value) -> Value {
    let next = values["next"].as_str().unwrap_or("/").to_string();
    if let Some(obj) = values.as_object_mut() {
        obj.insert("next_q".into(), json!(encode(&next)));
    }
    values
}

fn render_login(ctx: &PageCtx, values: Value, errors: Value, status: StatusCode) -> AppResult<HttpResponse> {
    let list = error_list(&errors);
    let values = with_next_q(values);
    // Single sign-on: the providers' buttons; an SSO-only site shows the password form only to who asks for
    // it (`?password=1`, the admins' break-glass way in).
    let next = values["next"].as_str().unwrap_or("/").to_string();
    let show_password = ctx.state.config.password_signin || values["password_form"].as_bool() == Some(true);
    ctx.page(
        status,
        "pages/login",
        &ctx.lang.t("login-title"),
        json!({"values": values, "errors": errors, "error_list": list, "sso": super::sso::buttons(ctx, &next),
               "show_password": show_password, "password_signin": ctx.state.config.password_signin}),
    )
}

fn render_register(ctx: &PageCtx, values: Value, errors: Value, status: StatusCode) -> AppResult<HttpResponse> {
    use crate::accounts::rules::{HANDLE_MAX, HANDLE_MIN, PASSWORD_MIN};
    let list = error_list(&errors);
    let values = with_next_q(values);
    let next = values["next"].as_str().unwrap_or("/").to_string();
    let limits = json!({"handle_min": HANDLE_MIN, "handle_max": HANDLE_MAX, "password_min": PASSWORD_MIN});
    // Each showing of the form is stamped anew: a form sent back too soon after it was shown is a bot's.
    let stamp = crate::accounts::rules::form_stamp(&ctx.state.client_key, Utc::now().timestamp_millis());
    ctx.page(
        status,
        "pages/register",
        &ctx.lang.t("register-title"),
        json!({"values": values, "errors": errors, "error_list": list, "limits": limits, "stamp": stamp,
               "sso": super::sso::buttons(ctx, &next), "password_signin": ctx.state.config.password_signin}),
    )
}

/// GET /login?next=
pub async fn login_form(ctx: &PageCtx, query: web::Query<NextQuery>) -> AppResult<HttpResponse> {
    let next = safe_next(query.next.as_deref());
    if ctx.actor.is_some() {
        return Ok(ctx.redirect(&next));
    }
    let password_form = query.password.as_deref() == Some("1");
    render_login(ctx, json!({"next": next, "password_form": password_form}), json!({}), StatusCode::OK)
}

/// POST /login: `login`, `password`, `next`.
pub async fn login(PostForm { ctx, form }: &PostForm) -> AppResult<HttpResponse> {
    let next = safe_next(form.get("next"));
    let input = LoginInput { login: form.text("login"), password: form.text("password") };
    let values = json!({"login": input.login, "next": next, "password_form": true});
    match accounts::login(&ctx.state.db, &ctx.state.keys, input, ctx.state.config.password_signin).await {
        Ok(session) => {
            ctx.sign_in(session.token);
            Ok(ctx.redirect(&next))
        }
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Account, &errors);
            render_login(ctx, values, errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(AppError::Unauthorized { .. }) => {
            let errors = json!({"login": ctx.lang.t("err-login-mismatch")});
            render_login(ctx, values, errors, StatusCode::UNAUTHORIZED)
        }
        Err(e) => Err(e),
    }
}

/// GET /register?next=
pub async fn register_form(ctx: &PageCtx, query: web::Query<NextQuery>) -> AppResult<HttpResponse> {
    let next = safe_next(query.next.as_deref());
    if ctx.actor.is_some() {
        return Ok(ctx.redirect(&next));
    }
    render_register(ctx, json!({"next": next}), json!({}), StatusCode::OK)
}

/// POST /register: `handle`, `email`, `password`, `display_name`, `next`.
pub async fn register(PostForm { ctx, form }: &PostForm) -> AppResult<HttpResponse> {
    crate::accounts::oidc::service::ensure_password_signin(ctx.state.config.password_signin)?;
    let next = safe_next(form.get("next"));
    let input = RegisterInput {
        handle: form.text("handle"),
        email: form.text("email"),
        password: form.text("password"),
        display_name: form.get("display_name").map(String::from),
        locale: Some(ctx.lang.code().to_string()),
        accept_terms: Some(form.get("accept_terms") == Some("1")),
        terms_version: None,
        product_news: Some(form.get("product_news") == Some("1")),
        shipping_address_sharing: Some(form.get("shipping_address_sharing") == Some("1")),
    };
    // Everything comes back into the form but the password.
    let values = json!({"handle": input.handle, "email": input.email, "display_name": input.display_name,
        "accept_terms": input.accept_terms, "product_news": input.product_news,
        "shipping_address_sharing": input.shipping_address_sharing, "next": next});
    // A bot (the hidden field filled, or sent within seconds of the form's showing) learns only that the form
    // was not accepted; a person who was that quick sends the form again.
    let (stamp, honeypot) = (form.get(rules::STAMP_FIELD), form.get(rules::HONEYPOT_FIELD));
    let min_seconds = ctx.state.config.register_min_seconds;
    if !rules::human_form(&ctx.state.client_key, stamp, honeypot, Utc::now().timestamp_millis(), min_seconds) {
        let errors = json!({"register": ctx.lang.t("register-not-accepted")});
        return render_register(ctx, values, errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let links = crate::accounts::email::Links::from_state(&ctx.state);
    let (require, terms) = (ctx.state.config.require_verified_email, &ctx.state.config.terms_version);
    match accounts::register(&ctx.state.db, &ctx.state.keys, &links, require, terms, input, ctx.mark.clone()).await {
        Ok(accounts::Registered::SignedIn(session)) => {
            ctx.sign_in(session.token);
            ctx.flash("flash-welcome");
            Ok(ctx.redirect(&next))
        }
        Ok(accounts::Registered::VerificationSent) => super::settings::notice(ctx, "verification-sent", StatusCode::OK),
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Account, &errors);
            render_register(ctx, values, errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(e),
    }
}

/// POST /logout: ends this session (its token stops working on every instance) and drops the cookie.
pub async fn logout(form: &PostForm) -> AppResult<HttpResponse> {
    sign_out(form, false).await
}

/// POST /logout-everywhere: ends every session of the member.
pub async fn logout_everywhere(form: &PostForm) -> AppResult<HttpResponse> {
    sign_out(form, true).await
}

async fn sign_out(PostForm { ctx, .. }: &PostForm, everywhere: bool) -> AppResult<HttpResponse> {
    if let Some(actor) = ctx.actor.as_ref() {
        if everywhere {
            accounts::sign_out_everywhere(&ctx.state.db, actor).await?;
        } else {
            accounts::sign_out(&ctx.state.db, actor).await?;
        }
    }
    ctx.sign_out();
    ctx.flash(if everywhere { "flash-signed-out-everywhere" } else { "flash-signed-out" });
    Ok(ctx.redirect("/"))
}

/// POST /language: remembers the choice in a cookie and, for a signed-in
/// member, in their account.
pub async fn language(PostForm { ctx, form }: &PostForm) -> AppResult<HttpResponse> {
    let next = safe_next(form.get("next"));
    let lang = form
        .get("lang")
        .and_then(Lang::parse)
        .ok_or_else(|| AppError::field("lang", "invalid", "Not a language of this site."))?;
    if let Some(actor) = ctx.actor.as_ref() {
        accounts::set_locale(&ctx.state.db, actor, lang.code().to_string()).await?;
    }
    ctx.remember_lang(lang);
    Ok(ctx.redirect(&next))
}

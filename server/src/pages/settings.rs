//! The member's settings (profile, language, time zone, address, password, sessions) and the pages the
//! account mails link to: verify an address, forgot password, choose a new one, confirm a new address.
//! Links in mail open a page with a button; only the button's POST acts, so a mail scanner that follows
//! links uses up no token.

use actix_web::http::StatusCode;
use actix_web::ResponseError;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

use super::extract::PostForm;
use super::forms::{self, FormKind};
use super::session::PageCtx;
use crate::accounts::email::{self, Links, PasswordChange, ProfileInput, ResetConfirm, ResetRequest, TokenInput};
use crate::accounts::service as accounts;
use crate::error::{AppError, AppResult};

#[derive(Deserialize)]
pub struct TokenQuery {
    token: Option<String>,
}

fn error_list(errors: &Value) -> Vec<Value> {
    errors
        .as_object()
        .map(|m| m.iter().map(|(field, message)| json!({"field": field, "message": message})).collect())
        .unwrap_or_default()
}

/// A page that says what happened and what to do next (`<key>-title`, `<key>-text`).
pub fn notice(ctx: &PageCtx, key: &str, status: StatusCode) -> AppResult<HttpResponse> {
    ctx.page(
        status,
        "pages/notice",
        &ctx.lang.t(&format!("{key}-title")),
        json!({"heading": ctx.lang.t(&format!("{key}-title")), "text": ctx.lang.t(&format!("{key}-text"))}),
    )
}

/// The time zones offered in the settings (every IANA name chrono-tz knows).
fn time_zones(selected: Option<&str>) -> Vec<Value> {
    chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| tz.name())
        .filter(|n| n.contains('/') && !n.starts_with("Etc/") || *n == "UTC")
        .map(|n| json!({"name": n, "selected": Some(n) == selected}))
        .collect()
}

async fn render_settings(ctx: &PageCtx, errors: Value, status: StatusCode) -> AppResult<HttpResponse> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login("/settings")) };
    let list = error_list(&errors);
    let id = actor.id.clone();
    let row = ctx
        .state
        .db
        .run(move |conn| crate::accounts::store::by_id(conn, &id)?.ok_or_else(|| AppError::not_found("Member")))
        .await?;
    let viewed = row.clone();
    let me = ctx.state.db.run(move |conn| accounts::MeView::load(conn, &viewed)).await?;
    let uid = actor.id.clone();
    let settings = crate::notifications::mail::get_settings(&ctx.state.db, uid).await?;
    let lang = ctx.lang;
    let channels: Vec<Value> = settings
        .settings
        .iter()
        .map(|s| {
            let options: Vec<Value> = crate::notifications::rules::Channel::ALL
                .iter()
                .map(|c| json!({"value": c.as_str(), "label": lang.t(&format!("channel-{}", c.as_str().replace('_', "-"))),
                    "selected": *c == s.channel}))
                .collect();
            json!({"kind": s.kind, "label": lang.t(&format!("notif-kind-{}", s.kind.replace('_', "-"))), "options": options})
        })
        .collect();
    let current_lang = row.locale.clone().unwrap_or_else(|| ctx.lang.code().to_string());
    ctx.page(
        status,
        "pages/settings",
        &ctx.lang.t("settings-title"),
        json!({
            "me": me,
            "unverified": row.email_verified_at.is_none(),
            "errors": errors,
            "error_list": list,
            "site_time_zone": ctx.state.config.time_zone,
            "time_zones": time_zones(row.time_zone.as_deref()),
            "languages": [
                {"code": "de", "label": "Deutsch", "selected": current_lang == "de"},
                {"code": "en", "label": "English", "selected": current_lang == "en"},
            ],
            "channels": channels,
            "password_min": crate::accounts::rules::PASSWORD_MIN,
            "sign_in": super::sso::settings_data(ctx, actor).await?,
        }),
    )
}

/// GET /settings
pub async fn show(ctx: &PageCtx) -> AppResult<HttpResponse> {
    render_settings(ctx, json!({}), StatusCode::OK).await
}

/// A settings form's outcome: back to the settings with a flash, or the settings with the form's errors.
async fn settings_outcome<T>(ctx: &PageCtx, result: AppResult<T>, flash: &str) -> AppResult<HttpResponse> {
    match result {
        Ok(_) => {
            ctx.flash(flash);
            Ok(ctx.redirect("/settings"))
        }
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Account, &errors);
            render_settings(ctx, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e),
    }
}

/// POST /settings/profile: `display_name`, `locale`, `time_zone`, and a new picture (`avatar_file`) or its
/// removal (`avatar_remove`).
pub async fn profile(PostForm { ctx, form }: &PostForm) -> AppResult<HttpResponse> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login("/settings")) };
    let mut avatar_image_id = form.get("avatar_remove").map(|_| String::new());
    if let Some(bytes) = form.files("avatar_file").first() {
        let alt = Some(actor.display_name.clone());
        match crate::images::service::upload(&ctx.state.db, &ctx.state.media, actor, bytes.to_vec(), alt).await {
            Ok(view) => avatar_image_id = Some(view.id.to_string()),
            Err(e @ (AppError::Unprocessable { .. } | AppError::PayloadTooLarge)) => {
                let errors = json!({"avatar": ctx.lang.t(&e.code().locale_key())});
                return render_settings(ctx, errors, e.status_code()).await;
            }
            Err(e) => return Err(e),
        }
    }
    let input = ProfileInput {
        display_name: form.get("display_name").map(String::from),
        locale: form.get("locale").filter(|l| !l.is_empty()).map(String::from),
        time_zone: form.get("time_zone").map(String::from),
        avatar_image_id,
    };
    let lang = input.locale.as_deref().and_then(super::i18n::Lang::parse);
    let result = email::update_profile(&ctx.state.db, actor, input).await;
    if let (Ok(_), Some(lang)) = (&result, lang) {
        ctx.remember_lang(lang);
    }
    settings_outcome(ctx, result, "flash-settings-saved").await
}

/// POST /settings/password: `current_password`, `new_password`. Every session ends; this browser gets a new one.
pub async fn password(PostForm { ctx, form }: &PostForm) -> AppResult<HttpResponse> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login("/settings")) };
    let input =
        PasswordChange { current_password: form.text("current_password"), new_password: form.text("new_password") };
    let links = Links::from_state(&ctx.state);
    let result = email::change_password(&ctx.state.db, &ctx.state.keys, &links, actor, input).await;
    if let Ok(session) = &result {
        ctx.sign_in(session.token.clone());
    }
    settings_outcome(ctx, result, "flash-password-changed").await
}

/// POST /settings/email: `email`, `password`.
pub async fn change_email(PostForm { ctx, form }: &PostForm) -> AppResult<HttpResponse> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login("/settings")) };
    let input = email::EmailChange { email: form.text("email"), password: form.text("email_password") };
    let links = Links::from_state(&ctx.state);
    let result = email::request_email_change(&ctx.state.db, &links, actor, input).await;
    // The form's password field is `email_password` (two password fields on one page).
    let result = result.map_err(|e| match e {
        AppError::Validation(mut errors) => {
            for err in &mut errors {
                if err.field == "password" {
                    err.field = "email_password".into();
                }
            }
            AppError::Validation(errors)
        }
        other => other,
    });
    settings_outcome(ctx, result, "flash-email-confirmation-sent").await
}

/// POST /settings/resend-verification
pub async fn resend(PostForm { ctx, .. }: &PostForm) -> AppResult<HttpResponse> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login("/settings")) };
    let links = Links::from_state(&ctx.state);
    let result = email::resend_verification(&ctx.state.db, &links, actor).await;
    settings_outcome(ctx, result, "flash-verification-sent").await
}

fn token_page(ctx: &PageCtx, key: &str, action: &str, token: Option<String>) -> AppResult<HttpResponse> {
    let Some(token) = token.filter(|t| !t.trim().is_empty()) else {
        return notice(ctx, "link-invalid", StatusCode::UNPROCESSABLE_ENTITY);
    };
    ctx.page(
        StatusCode::OK,
        "pages/confirm_token",
        &ctx.lang.t(&format!("{key}-title")),
        json!({
            "heading": ctx.lang.t(&format!("{key}-title")),
            "text": ctx.lang.t(&format!("{key}-text")),
            "button": ctx.lang.t(&format!("{key}-button")),
            "action": action,
            "token": token,
        }),
    )
}

/// GET /verify-email?token=
pub async fn verify_form(ctx: &PageCtx, query: web::Query<TokenQuery>) -> AppResult<HttpResponse> {
    token_page(ctx, "verify-email", "/verify-email", query.into_inner().token)
}

/// POST /verify-email: verifies and signs the member in.
pub async fn verify(PostForm { ctx, form }: &PostForm) -> AppResult<HttpResponse> {
    match email::verify_email(&ctx.state.db, &ctx.state.keys, TokenInput { token: form.text("token") }).await {
        Ok(session) => {
            ctx.sign_in(session.token);
            ctx.flash("flash-email-verified");
            Ok(ctx.redirect("/"))
        }
        Err(AppError::Validation(_)) => notice(ctx, "link-invalid", StatusCode::UNPROCESSABLE_ENTITY),
        Err(e) => Err(e),
    }
}

/// GET /confirm-email?token=
pub async fn confirm_email_form(ctx: &PageCtx, query: web::Query<TokenQuery>) -> AppResult<HttpResponse> {
    token_page(ctx, "confirm-email", "/confirm-email", query.into_inner().token)
}

/// POST /confirm-email
pub async fn confirm_email(PostForm { ctx, form }: &PostForm) -> AppResult<HttpResponse> {
    let links = Links::from_state(&ctx.state);
    match email::confirm_email_change(&ctx.state.db, &links, TokenInput { token: form.text("token") }).await {
        Ok(_) => {
            ctx.flash("flash-email-changed");
            Ok(ctx.redirect(if ctx.actor.is_some() { "/settings" } else { "/login" }))
        }
        Err(AppError::Validation(_)) => notice(ctx, "link-invalid", StatusCode::UNPROCESSABLE_ENTITY),
        Err(e) => Err(e),
    }
}

fn render_forgot(ctx: &PageCtx, values: Value, errors: Value, status: StatusCode) -> AppResult<HttpResponse> {
    let list = error_list(&errors);
    ctx.page(
        status,
        "pages/forgot_password",
        &ctx.lang.t("forgot-title"),
        json!({"values": values, "errors": errors, "error_list": list}),
    )
}

/// GET /forgot-password
pub async fn forgot_form(ctx: &PageCtx) -> AppResult<HttpResponse> {
    render_forgot(ctx, json!({}), json!({}), StatusCode::OK)
}

/// POST /forgot-password: `email`. The same answer whether the address has an account.
pub async fn forgot(PostForm { ctx, form }: &PostForm) -> AppResult<HttpResponse> {
    crate::accounts::oidc::service::ensure_password_signin(ctx.state.config.password_signin)?;
    let links = Links::from_state(&ctx.state);
    let address = form.text("email");
    match email::request_password_reset(&ctx.state.db, &links, ResetRequest { email: address.clone() }).await {
        Ok(_) => notice(ctx, "reset-sent", StatusCode::OK),
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Account, &errors);
            render_forgot(ctx, json!({"email": address}), errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(e),
    }
}

fn render_reset(ctx: &PageCtx, token: &str, errors: Value, status: StatusCode) -> AppResult<HttpResponse> {
    let list = error_list(&errors);
    ctx.page(
        status,
        "pages/reset_password",
        &ctx.lang.t("reset-title"),
        json!({"token": token, "errors": errors, "error_list": list,
            "password_min": crate::accounts::rules::PASSWORD_MIN}),
    )
}

/// GET /reset-password?token=
pub async fn reset_form(ctx: &PageCtx, query: web::Query<TokenQuery>) -> AppResult<HttpResponse> {
    match query.into_inner().token.filter(|t| !t.trim().is_empty()) {
        Some(token) => render_reset(ctx, &token, json!({}), StatusCode::OK),
        None => notice(ctx, "link-invalid", StatusCode::UNPROCESSABLE_ENTITY),
    }
}

/// POST /reset-password: `token`, `password`. Signs the member in; every earlier session has ended.
pub async fn reset(PostForm { ctx, form }: &PostForm) -> AppResult<HttpResponse> {
    crate::accounts::oidc::service::ensure_password_signin(ctx.state.config.password_signin)?;
    let links = Links::from_state(&ctx.state);
    let token = form.text("token");
    let input = ResetConfirm { token: token.clone(), password: form.text("password") };
    match email::confirm_password_reset(&ctx.state.db, &ctx.state.keys, &links, input).await {
        Ok(session) => {
            ctx.sign_in(session.token);
            ctx.flash("flash-password-reset");
            Ok(ctx.redirect("/"))
        }
        Err(AppError::Validation(errors)) if errors.iter().any(|e| e.field == "token") => {
            notice(ctx, "link-invalid", StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Account, &errors);
            render_reset(ctx, &token, errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct UnsubscribeQuery {
    u: Option<String>,
    k: Option<String>,
    s: Option<String>,
}

/// GET /unsubscribe?u=&k=&s=: offers to stop this kind of mail, or all mail (the link in every notification
/// mail; no sign-in needed, the signature is the authority).
pub async fn unsubscribe_form(ctx: &PageCtx, query: web::Query<UnsubscribeQuery>) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let (Some(u), Some(k), Some(s)) = (q.u, q.k, q.s) else {
        return notice(ctx, "link-invalid", StatusCode::UNPROCESSABLE_ENTITY);
    };
    let valid = crate::notifications::rules::unsubscribe_valid(&ctx.state.mail_links.key, &u, &k, &s);
    if !valid {
        return notice(ctx, "link-invalid", StatusCode::UNPROCESSABLE_ENTITY);
    }
    let kind_label = ctx.lang.t(&format!("notif-kind-{}", k.replace('_', "-")));
    ctx.page(
        StatusCode::OK,
        "pages/unsubscribe",
        &ctx.lang.t("unsubscribe-title"),
        json!({"u": u, "k": k, "s": s, "kind_label": kind_label, "all_only": k == "all"}),
    )
}

/// POST /unsubscribe?u=&k=&s=: RFC 8058 one-click (`List-Unsubscribe=One-Click`) turns the kind off; the
/// page's second button (`scope=all`) stops all mail.
pub async fn unsubscribe(
    ctx: &PageCtx,
    query: web::Query<UnsubscribeQuery>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let form = super::session::FormData::parse(&body);
    let all = form.get("scope") == Some("all");
    let (Some(u), Some(k), Some(s)) = (q.u, q.k, q.s) else {
        return notice(ctx, "link-invalid", StatusCode::UNPROCESSABLE_ENTITY);
    };
    match crate::notifications::mail::unsubscribe(&ctx.state.db, &ctx.state.mail_links, u, k, &s, all).await {
        Ok(()) => notice(ctx, if all { "unsubscribed-all" } else { "unsubscribed" }, StatusCode::OK),
        Err(AppError::Validation(_)) => notice(ctx, "link-invalid", StatusCode::UNPROCESSABLE_ENTITY),
        Err(e) => Err(e),
    }
}

/// POST /settings/notifications: one `channel-<kind>` select per kind.
pub async fn notifications(PostForm { ctx, form }: &PostForm) -> AppResult<HttpResponse> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login("/settings")) };
    let input: std::collections::BTreeMap<String, String> = crate::notifications::rules::KINDS
        .iter()
        .filter_map(|k| form.get(&format!("channel-{k}")).map(|c| ((*k).to_string(), c.to_string())))
        .collect();
    let result = crate::notifications::mail::put_settings(&ctx.state.db, actor.id.clone(), input).await;
    settings_outcome(ctx, result, "flash-settings-saved").await
}

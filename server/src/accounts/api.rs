//! JSON door onto accounts.

use actix_web::{get, patch, post, web, HttpResponse};

use super::email::{
    self, Accepted, EmailChange, Links, PasswordChange, ProfileInput, ResetConfirm, ResetRequest, TokenInput,
};
use super::service::{self, LoginInput, MeView, RegisterInput, Registered, RoleInput, Session, SignedOut, UserView};
use crate::error::{AppResult, Problem};
use crate::http::auth::{CurrentUser, SignedIn};
use crate::http::json::ApiJson;
use crate::http::State;

/// Register a member account. With verification required (the default), answers 202 `verification_sent`
/// whether the address is new or not (a mail tells the owner of an existing account); without, 201 with a
/// session.
#[utoipa::path(tag = "accounts", request_body = RegisterInput,
    responses((status = 201, body = Session, description = "Signed in (verification not required)"),
        (status = 403, description = "`password_signin_disabled`: this site registers through single sign-on only",
            body = Problem),
        (status = 202, body = Accepted, description = "`verification_sent`: a mail went to the address"),
        (status = 422, description = "`validation`: `errors` names each field (`length`, `format`, `too_short`, `taken`, …; `accept_terms` `required`, `terms_version` `outdated`)",
            body = Problem),
        (status = 429, description = "`rate_limited`: too many sign-ins and registrations from this address",
            body = Problem, headers(("Retry-After" = u64, description = "Seconds to wait")))))]
#[post("/auth/register")]
pub async fn register(
    state: State,
    client: crate::http::client::Client,
    body: ApiJson<RegisterInput>,
) -> AppResult<HttpResponse> {
    super::oidc::service::ensure_password_signin(state.config.password_signin)?;
    let links = Links::from_state(&state);
    let (require, terms) = (state.config.require_verified_email, &state.config.terms_version);
    match service::register(&state.db, &state.keys, &links, require, terms, body.0, client.0).await? {
        Registered::SignedIn(session) => Ok(HttpResponse::Created().json(session)),
        Registered::VerificationSent => Ok(HttpResponse::Accepted().json(Accepted { status: "verification_sent" })),
    }
}

/// Verify an address with the token from the mail; signs the member in.
#[utoipa::path(tag = "accounts", request_body = TokenInput,
    responses((status = 200, body = Session),
        (status = 422, description = "`validation`: `token` is `invalid` (used, replaced or expired)", body = Problem)))]
#[post("/auth/verify-email")]
pub async fn verify_email(state: State, body: ApiJson<TokenInput>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(email::verify_email(&state.db, &state.keys, body.0).await?))
}

/// Send the verification mail again.
#[utoipa::path(tag = "accounts", security(("bearer" = [])),
    responses((status = 202, body = Accepted, description = "`verification_sent` or `already_verified`")))]
#[post("/auth/resend-verification")]
pub async fn resend_verification(state: State, current: CurrentUser) -> AppResult<HttpResponse> {
    let links = Links::from_state(&state);
    Ok(HttpResponse::Accepted().json(email::resend_verification(&state.db, &links, &current.0).await?))
}

/// Ask for a password reset link. Always 202 with the same body: it never tells whether the address has an
/// account.
#[utoipa::path(tag = "accounts", request_body = ResetRequest,
    responses((status = 202, body = Accepted),
        (status = 422, description = "`validation`: `email` is not an address", body = Problem),
        (status = 429, description = "`rate_limited`", body = Problem,
            headers(("Retry-After" = u64, description = "Seconds to wait")))))]
#[post("/auth/password-reset")]
pub async fn password_reset(state: State, body: ApiJson<ResetRequest>) -> AppResult<HttpResponse> {
    super::oidc::service::ensure_password_signin(state.config.password_signin)?;
    let links = Links::from_state(&state);
    Ok(HttpResponse::Accepted().json(email::request_password_reset(&state.db, &links, body.0).await?))
}

/// Set a new password with the token from the reset mail. Every earlier session ends; answers a new one.
#[utoipa::path(tag = "accounts", request_body = ResetConfirm,
    responses((status = 200, body = Session),
        (status = 422, description = "`validation`: `token` `invalid`, or `password` `too_short`, `common`, \
            `same_as_login`", body = Problem)))]
#[post("/auth/password-reset/confirm")]
pub async fn password_reset_confirm(state: State, body: ApiJson<ResetConfirm>) -> AppResult<HttpResponse> {
    super::oidc::service::ensure_password_signin(state.config.password_signin)?;
    let links = Links::from_state(&state);
    Ok(HttpResponse::Ok().json(email::confirm_password_reset(&state.db, &state.keys, &links, body.0).await?))
}

/// Change display name, language and time zone.
#[utoipa::path(tag = "accounts", request_body = ProfileInput, security(("bearer" = [])),
    responses((status = 200, body = MeView),
        (status = 422, description = "`validation`: `display_name`, `locale` or `time_zone` (`unknown`)",
            body = Problem)))]
#[patch("/me")]
pub async fn update_me(state: State, current: CurrentUser, body: ApiJson<ProfileInput>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(email::update_profile(&state.db, &current.0, body.0).await?))
}

/// Change the password. Every session ends, this one included; answers a new one.
#[utoipa::path(tag = "accounts", request_body = PasswordChange, security(("bearer" = [])),
    responses((status = 200, body = Session),
        (status = 422, description = "`validation`: `current_password` `wrong`, or `new_password` `too_short`, \
            `common`, `same_as_login`", body = Problem)))]
#[post("/me/password")]
pub async fn change_password(
    state: State,
    current: CurrentUser,
    body: ApiJson<PasswordChange>,
) -> AppResult<HttpResponse> {
    let links = Links::from_state(&state);
    Ok(HttpResponse::Ok().json(email::change_password(&state.db, &state.keys, &links, &current.0, body.0).await?))
}

/// Change the email address: a confirmation goes to the new address; it changes when confirmed.
#[utoipa::path(tag = "accounts", request_body = EmailChange, security(("bearer" = [])),
    responses((status = 202, body = Accepted, description = "`confirmation_sent`"),
        (status = 422, description = "`validation`: `email` `format` or `unchanged`, `password` `wrong`",
            body = Problem)))]
#[post("/me/email")]
pub async fn change_email(state: State, current: CurrentUser, body: ApiJson<EmailChange>) -> AppResult<HttpResponse> {
    let links = Links::from_state(&state);
    Ok(HttpResponse::Accepted().json(email::request_email_change(&state.db, &links, &current.0, body.0).await?))
}

/// Confirm a new email address with the token from the mail sent to it.
#[utoipa::path(tag = "accounts", request_body = TokenInput,
    responses((status = 200, body = MeView),
        (status = 422, description = "`validation`: `token` `invalid`, or `email` `taken` meanwhile", body = Problem)))]
#[post("/me/email/confirm")]
pub async fn confirm_email(state: State, body: ApiJson<TokenInput>) -> AppResult<HttpResponse> {
    let links = Links::from_state(&state);
    Ok(HttpResponse::Ok().json(email::confirm_email_change(&state.db, &links, body.0).await?))
}

/// Sign in with handle or email and password.
#[utoipa::path(tag = "accounts", request_body = LoginInput,
    responses((status = 200, body = Session),
        (status = 401, description = "`bad_credentials`: no account with this handle or email and password",
            body = Problem),
        (status = 403, description = "`password_signin_disabled`: this site signs in through single sign-on only \
            (admins excepted)", body = Problem),
        (status = 429, description = "`rate_limited`: too many sign-ins and registrations from this address",
            body = Problem, headers(("Retry-After" = u64, description = "Seconds to wait")))))]
#[post("/auth/login")]
pub async fn login(state: State, body: ApiJson<LoginInput>) -> AppResult<HttpResponse> {
    let password_signin = state.config.password_signin;
    Ok(HttpResponse::Ok().json(service::login(&state.db, &state.keys, body.0, password_signin).await?))
}

/// Sign out: this token stops working at once, on every instance.
#[utoipa::path(tag = "accounts", security(("bearer" = [])),
    responses((status = 204, description = "Signed out")))]
#[post("/auth/logout")]
pub async fn logout(state: State, current: SignedIn) -> AppResult<HttpResponse> {
    service::sign_out(&state.db, &current.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Sign out everywhere: every session of the member ends, this one included.
#[utoipa::path(tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = SignedOut)))]
#[post("/auth/logout-everywhere")]
pub async fn logout_everywhere(state: State, current: SignedIn) -> AppResult<HttpResponse> {
    let sessions = service::sign_out_everywhere(&state.db, &current.0).await?;
    Ok(HttpResponse::Ok().json(SignedOut { sessions }))
}

/// The signed-in member.
#[utoipa::path(tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = MeView)))]
#[get("/me")]
pub async fn me(state: State, current: CurrentUser) -> AppResult<HttpResponse> {
    let row = service::user_by_handle(&state.db, current.0.handle).await?;
    Ok(HttpResponse::Ok().json(state.db.run(move |conn| MeView::load(conn, &row)).await?))
}

/// A member's public profile.
#[utoipa::path(tag = "accounts", responses((status = 200, body = UserView)))]
#[get("/users/{handle}")]
pub async fn user(state: State, handle: web::Path<String>) -> AppResult<HttpResponse> {
    let row = service::user_by_handle(&state.db, handle.into_inner()).await?;
    Ok(HttpResponse::Ok().json(UserView::from_row(&row)))
}

/// Change a member's role (admins only).
#[utoipa::path(tag = "accounts", request_body = RoleInput,
    security(("bearer" = [])),
    responses((status = 200, body = UserView), (status = 403, description = "`admins_only`", body = Problem),
        (status = 409, description = "`last_admin`: would remove the last admin", body = Problem)))]
#[patch("/users/{handle}/role")]
pub async fn change_role(
    state: State,
    current: CurrentUser,
    handle: web::Path<String>,
    body: ApiJson<RoleInput>,
) -> AppResult<HttpResponse> {
    let row = service::change_role(&state.db, &current.0, handle.into_inner(), body.0).await?;
    Ok(HttpResponse::Ok().json(UserView::from_row(&row)))
}

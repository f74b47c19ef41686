//! JSON door onto accounts.

use actix_web::{get, patch, post, web, HttpResponse};

use super::service::{self, LoginInput, MeView, RegisterInput, RoleInput, Session, SignedOut, UserView};
use crate::error::{AppResult, Problem};
use crate::http::auth::{CurrentUser, SignedIn};
use crate::http::json::ApiJson;
use crate::http::State;

/// Register a member account; returns a session token.
#[utoipa::path(tag = "accounts", request_body = RegisterInput,
    responses((status = 201, body = Session),
        (status = 422, description = "`validation`: `errors` names each field (`length`, `format`, `too_short`, `taken`, …; `accept_terms` `required`, `terms_version` `outdated`)",
            body = Problem),
        (status = 429, description = "`rate_limited`: too many sign-ins and registrations from this address",
            body = Problem, headers(("Retry-After" = u64, description = "Seconds to wait")))))]
#[post("/auth/register")]
pub async fn register(state: State, body: ApiJson<RegisterInput>) -> AppResult<HttpResponse> {
    let session = service::register(&state.db, &state.keys, body.0, &state.config.terms_version).await?;
    Ok(HttpResponse::Created().json(session))
}

/// Sign in with handle or email and password.
#[utoipa::path(tag = "accounts", request_body = LoginInput,
    responses((status = 200, body = Session),
        (status = 401, description = "`bad_credentials`: no account with this handle or email and password",
            body = Problem),
        (status = 429, description = "`rate_limited`: too many sign-ins and registrations from this address",
            body = Problem, headers(("Retry-After" = u64, description = "Seconds to wait")))))]
#[post("/auth/login")]
pub async fn login(state: State, body: ApiJson<LoginInput>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::login(&state.db, &state.keys, body.0).await?))
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
    Ok(HttpResponse::Ok().json(MeView::from_row(&row)))
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

//! JSON door onto single sign-on. The sign-in itself is a browser's journey (pages/sso.rs); the API says which
//! ways to sign in exist and lets a member see and unlink their providers.

use actix_web::{delete, get, web, HttpResponse};

use super::service::{self, AuthMethods, SignInMethods};
use crate::error::{AppResult, Problem};
use crate::http::auth::CurrentUser;
use crate::http::State;

/// The ways to sign in here: whether password sign-in is open, and the single sign-on providers (a browser
/// starts one at `/auth/oidc/{id}/start`).
#[utoipa::path(tag = "accounts", responses((status = 200, body = AuthMethods)))]
#[get("/auth/methods")]
pub async fn auth_methods(state: State) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::auth_methods(&state.oidc, state.config.password_signin)))
}

/// How the signed-in member signs in: their password (if set and usable) and their linked providers.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), responses((status = 200, body = SignInMethods)))]
#[get("/me/sign-in-methods")]
pub async fn sign_in_methods(state: State, current: CurrentUser) -> AppResult<HttpResponse> {
    let methods = service::methods(&state.db, &state.oidc, &current.0, state.config.password_signin).await?;
    Ok(HttpResponse::Ok().json(methods))
}

/// Unlink a provider from the member's account.
#[utoipa::path(tag = "accounts", security(("bearer" = [])),
    params(("provider" = String, Path, description = "The provider's id")),
    responses((status = 204, description = "Unlinked"),
        (status = 404, description = "`not_found`: no identity at this provider is linked", body = Problem),
        (status = 409, description = "`last_sign_in_method`: no password and no other provider would remain",
            body = Problem)))]
#[delete("/me/sign-in-methods/{provider}")]
pub async fn unlink(state: State, current: CurrentUser, provider: web::Path<String>) -> AppResult<HttpResponse> {
    service::unlink(&state.db, &current.0, provider.into_inner(), state.config.password_signin).await?;
    Ok(HttpResponse::NoContent().finish())
}

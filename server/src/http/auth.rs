//! Who is asking: the API reads `Authorization: Bearer <jwt>`; the pages read
//! the same token from an HttpOnly cookie (see `pages`). The user is loaded
//! from the database on every request, so role changes and suspensions apply
//! at once.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::{web, FromRequest, HttpRequest};

use crate::accounts::{store, Actor};
use crate::error::AppError;
use crate::error::ErrorCode;
use crate::http::AppState;

pub const SESSION_COOKIE: &str = "ideashelf_session";

pub(crate) fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(actix_web::http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_string())
}

/// Resolves a token to the member it names; `Ok(None)` when no token was sent.
pub async fn actor_for_token(state: &AppState, token: Option<String>) -> Result<Option<Actor>, AppError> {
    Ok(resolve_token(state, token, false).await?.map(|(actor, _)| actor))
}

/// The member a token names and, when `with_terms`, whether they accepted the terms in force — read in one
/// statement (a write checks both).
async fn resolve_token(
    state: &AppState,
    token: Option<String>,
    with_terms: bool,
) -> Result<Option<(Actor, bool)>, AppError> {
    let Some(token) = token else { return Ok(None) };
    let Some((user_id, session_id)) = state.keys.verify(&token) else {
        return Err(AppError::unauthenticated(
            ErrorCode::InvalidToken,
            "The session token is invalid or expired; sign in again.",
        ));
    };
    let sid = session_id.clone();
    let current = state.config.terms_version.clone();
    let found = state
        .db
        .run(move |conn| {
            let now = crate::clock::now();
            if !with_terms {
                return Ok(store::by_open_session(conn, &sid, &user_id, now)?.map(|row| (row, true)));
            }
            Ok(store::by_open_session_with_terms(conn, &sid, &user_id, now)?
                .map(|(row, accepted)| (row, crate::privacy::rules::terms_current(accepted.as_deref(), &current))))
        })
        .await?;
    match found {
        Some((row, terms)) => Ok(Some((
            Actor {
                session_id: Some(session_id),
                unverified: state.config.require_verified_email && row.email_verified_at.is_none(),
                ..Actor::from_row(&row)
            },
            terms,
        ))),
        None => Err(AppError::unauthenticated(
            ErrorCode::InvalidToken,
            "This session has ended (signed out, expired, or the account is gone); sign in again.",
        )),
    }
}

fn resolve(req: &HttpRequest, token: Option<String>) -> Pin<Box<dyn Future<Output = Result<Option<Actor>, AppError>>>> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    Box::pin(async move {
        let state = state.ok_or_else(|| AppError::internal("application state missing"))?;
        actor_for_token(&state, token).await
    })
}

/// A signed-in member (API): 401 without a valid bearer token. A write (any method but GET, HEAD and
/// OPTIONS) also needs the current terms accepted: 403 `terms_not_accepted` after the terms version changed,
/// until the member accepts again (`PUT /me/consents {"terms": true}`).
pub struct CurrentUser(pub Actor);

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer(req);
        let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::internal("application state missing"))?;
            let (actor, terms) = resolve_token(&state, token, writes).await?.ok_or_else(AppError::unauthorized)?;
            if !terms {
                return Err(crate::privacy::service::terms_refusal(&state.config.terms_version));
            }
            Ok(CurrentUser(actor))
        })
    }
}

/// A signed-in member whatever terms they accepted: for what stays open to a member who has not accepted
/// the current terms yet (signing out, accepting them, the consents, the export, erasing the account).
pub struct SignedIn(pub Actor);

impl FromRequest for SignedIn {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let fut = resolve(req, bearer(req));
        Box::pin(async move { fut.await?.map(SignedIn).ok_or_else(AppError::unauthorized) })
    }
}

/// The member if a bearer token was sent (API reads that show per-member state).
pub struct MaybeUser(pub Option<Actor>);

impl FromRequest for MaybeUser {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let fut = resolve(req, bearer(req));
        Box::pin(async move { fut.await.map(MaybeUser) })
    }
}

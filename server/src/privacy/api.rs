//! JSON door onto privacy: the terms, the member's consents, their data export, erasing their account.
//! These stay open to a member who has not accepted the current terms yet (`SignedIn`).

use actix_web::http::header;
use actix_web::{delete, get, put, HttpResponse};

use super::service::{self, ConsentsInput, ConsentsView, EraseInput, Erased, ExportView, TermsView};
use crate::error::{AppResult, Problem};
use crate::http::auth::SignedIn;
use crate::http::json::ApiJson;
use crate::http::State;

/// The terms in force: their version and where the terms and the privacy notice are published.
#[utoipa::path(tag = "privacy", responses((status = 200, body = TermsView)))]
#[get("/auth/terms")]
pub async fn terms(state: State) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::terms(&state.config)))
}

/// The member's consents: each one's state, version and time, and the whole history.
#[utoipa::path(tag = "privacy", security(("bearer" = [])), responses((status = 200, body = ConsentsView)))]
#[get("/me/consents")]
pub async fn consents(state: State, current: SignedIn) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::consents(&state.db, &current.0, &state.config.terms_version).await?))
}

/// Gives or withdraws consents (absent fields stay); `terms: true` accepts the current terms version.
#[utoipa::path(tag = "privacy", request_body = ConsentsInput, security(("bearer" = [])),
    responses((status = 200, body = ConsentsView),
        (status = 422, description = "`validation`: `terms` cannot be withdrawn (delete the account instead)",
            body = Problem)))]
#[put("/me/consents")]
pub async fn update_consents(state: State, current: SignedIn, body: ApiJson<ConsentsInput>) -> AppResult<HttpResponse> {
    let view = service::update_consents(&state.db, &current.0, body.0, &state.config.terms_version).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Everything stored about the member, as one JSON document to download (recorded in the audit log).
#[utoipa::path(tag = "privacy", security(("bearer" = [])),
    responses((status = 200, description = "The member's data, as an attachment", body = ExportView)))]
#[get("/me/export")]
pub async fn export(state: State, current: SignedIn) -> AppResult<HttpResponse> {
    let view = service::export(&state.db, &current.0).await?;
    let filename = service::export_filename(&view);
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(view))
}

/// Erases the member's account: it never signs in again; its contributions stay under a pseudonym unless
/// `delete_contributions` (recorded in the audit log).
#[utoipa::path(tag = "privacy", request_body = EraseInput, security(("bearer" = [])),
    responses((status = 200, body = Erased),
        (status = 403, description = "`wrong_password`: the password does not match", body = Problem),
        (status = 409, description = "`last_admin`: the last admin cannot be erased", body = Problem),
        (status = 422, description = "`validation`: `password` is required", body = Problem)))]
#[delete("/me")]
pub async fn erase(state: State, current: SignedIn, body: ApiJson<EraseInput>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::erase(&state.db, &state.media, &current.0, body.0).await?))
}

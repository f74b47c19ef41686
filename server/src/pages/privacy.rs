//! Privacy on the pages: the privacy notice and the terms (public), the member's privacy settings
//! (`/settings/privacy`: consents with their dates, the data download, deleting the account), and the page
//! that asks a member to accept changed terms before their next write (`/terms/accept`).

use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

use super::extract::{FormPage, SignedForm};
use super::session::{encode, safe_next, FormData, PageCtx};
use crate::accounts::Actor;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::privacy::service::{self as privacy, ConsentsInput, EraseInput};

/// The privacy settings page (its forms stay open to a member who has not accepted changed terms yet).
pub struct PrivacySettings;

impl FormPage for PrivacySettings {
    const NEEDS_TERMS: bool = false;

    fn locate(_: &actix_web::HttpRequest, _: &FormData) -> AppResult<Self> {
        Ok(PrivacySettings)
    }

    fn back(&self) -> String {
        "/settings/privacy".into()
    }
}

/// The page that asks for the changed terms; `next` is where the member goes afterwards.
pub struct TermsAcceptPage {
    next: String,
}

impl FormPage for TermsAcceptPage {
    const NEEDS_TERMS: bool = false;

    fn locate(_: &actix_web::HttpRequest, form: &FormData) -> AppResult<Self> {
        Ok(TermsAcceptPage { next: safe_next(form.get("next")) })
    }

    fn back(&self) -> String {
        format!("/terms/accept?next={}", encode(&self.next))
    }
}

/// Where a member who has not accepted the current terms is sent before a write on `back`.
pub fn accept_terms_first(back: &str) -> String {
    format!("/terms/accept?next={}", encode(back))
}

/// GET /privacy: what is stored and why (both languages).
pub async fn notice(ctx: &PageCtx) -> AppResult<HttpResponse> {
    let version = ctx.state.config.terms_version.clone();
    ctx.page(StatusCode::OK, "pages/privacy", &ctx.lang.t("privacy-title"), json!({"terms_version": version}))
}

/// GET /terms: the short terms of use.
pub async fn terms(ctx: &PageCtx) -> AppResult<HttpResponse> {
    let version = ctx.state.config.terms_version.clone();
    ctx.page(StatusCode::OK, "pages/terms", &ctx.lang.t("terms-title"), json!({"terms_version": version}))
}

async fn render_settings(ctx: &PageCtx, actor: &Actor, erase: Value, status: StatusCode) -> AppResult<HttpResponse> {
    let view = privacy::consents(&ctx.state.db, actor, &ctx.state.config.terms_version).await?;
    let consents: Vec<Value> = view
        .consents
        .iter()
        .filter(|c| c.kind != crate::privacy::rules::ConsentKind::Terms)
        .map(|c| json!({"kind": c.kind.as_str(), "given": c.given, "version": c.version, "at": c.at}))
        .collect();
    let terms = view.consents.iter().find(|c| c.kind == crate::privacy::rules::ConsentKind::Terms);
    let history: Vec<Value> = view
        .history
        .iter()
        .rev()
        .map(|h| json!({"kind": h.kind, "given": h.given, "version": h.version, "at": crate::clock::to_utc(h.created_at)}))
        .collect();
    ctx.page(
        status,
        "pages/settings_privacy",
        &ctx.lang.t("privacy-settings-title"),
        json!({
            "consents": consents,
            "terms": terms.map(|t| json!({"version": t.version, "at": t.at, "current": view.terms_accepted})),
            "terms_version": view.terms_version,
            "history": history,
            "erase": erase,
        }),
    )
}

/// GET /settings/privacy (signed in).
pub async fn settings(ctx: &PageCtx) -> AppResult<HttpResponse> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login("/settings/privacy")) };
    render_settings(ctx, actor, json!({}), StatusCode::OK).await
}

/// POST /settings/privacy/consents: `product_news`, `shipping_address_sharing` (ticked = `1`).
pub async fn update_consents(
    SignedForm { ctx, actor, form, .. }: &SignedForm<PrivacySettings>,
) -> AppResult<HttpResponse> {
    let input = ConsentsInput {
        terms: None,
        product_news: Some(form.get("product_news") == Some("1")),
        shipping_address_sharing: Some(form.get("shipping_address_sharing") == Some("1")),
    };
    privacy::update_consents(&ctx.state.db, actor, input, &ctx.state.config.terms_version).await?;
    ctx.flash("flash-consents-saved");
    Ok(ctx.redirect("/settings/privacy#consents"))
}

/// POST /settings/privacy/export: the member's data as a JSON download.
pub async fn export(SignedForm { ctx, actor, .. }: &SignedForm<PrivacySettings>) -> AppResult<HttpResponse> {
    let view = privacy::export(&ctx.state.db, actor).await?;
    let filename = privacy::export_filename(&view);
    let body = serde_json::to_vec_pretty(&view).map_err(|e| AppError::internal(format!("export: {e}")))?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}

/// POST /settings/privacy/delete: `password`, `delete_contributions` (`1`), `confirm` (`1`, required).
pub async fn erase(SignedForm { ctx, actor, form, .. }: &SignedForm<PrivacySettings>) -> AppResult<HttpResponse> {
    let delete_contributions = form.get("delete_contributions") == Some("1");
    let values = json!({"delete_contributions": delete_contributions});
    if form.get("confirm") != Some("1") {
        let erase = json!({"values": values, "errors": {"confirm": ctx.lang.t("err-confirm-required")}});
        return render_settings(ctx, actor, erase, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let input = EraseInput { password: form.text("password"), delete_contributions };
    match privacy::erase(&ctx.state.db, &ctx.state.media, actor, input).await {
        Ok(_) => {
            ctx.sign_out();
            ctx.flash("flash-account-deleted");
            Ok(ctx.redirect("/"))
        }
        Err(AppError::Validation(_)) => {
            let erase = json!({"values": values, "errors": {"password": ctx.lang.t("err-password-required")}});
            render_settings(ctx, actor, erase, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) if e.code() == ErrorCode::WrongPassword => {
            let erase = json!({"values": values, "errors": {"password": ctx.lang.t("problem-wrong-password")}});
            render_settings(ctx, actor, erase, StatusCode::FORBIDDEN).await
        }
        Err(e @ AppError::Conflict { .. }) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect("/settings/privacy#delete"))
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

fn render_accept(ctx: &PageCtx, next: &str, error: Option<String>, status: StatusCode) -> AppResult<HttpResponse> {
    let version = ctx.state.config.terms_version.clone();
    ctx.page(
        status,
        "pages/terms_accept",
        &ctx.lang.t("terms-accept-title"),
        json!({"next": next, "terms_version": version, "error": error}),
    )
}

/// GET /terms/accept?next= (signed in): the changed terms, to accept before the next write.
pub async fn accept_form(ctx: &PageCtx, query: web::Query<NextQuery>) -> AppResult<HttpResponse> {
    let next = safe_next(query.next.as_deref());
    if ctx.actor.is_none() {
        return Ok(ctx.to_login(&accept_terms_first(&next)));
    }
    render_accept(ctx, &next, None, StatusCode::OK)
}

/// POST /terms/accept: `accept_terms` (`1`), `next`.
pub async fn accept(
    SignedForm { ctx, actor, form, page, .. }: &SignedForm<TermsAcceptPage>,
) -> AppResult<HttpResponse> {
    if form.get("accept_terms") != Some("1") {
        return render_accept(
            ctx,
            &page.next,
            Some(ctx.lang.t("err-accept_terms-required")),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let input = ConsentsInput { terms: Some(true), ..Default::default() };
    privacy::update_consents(&ctx.state.db, actor, input, &ctx.state.config.terms_version).await?;
    ctx.flash("flash-terms-accepted");
    Ok(ctx.redirect(&page.next))
}

#[cfg(test)]
mod tests {
    use super::super::extract::{sign_in_return, Whole};
    use super::*;

    #[test]
    fn signed_out_senders_come_back() {
        assert_eq!(sign_in_return::<PrivacySettings, Whole>(&[], "").ok().as_deref(), Some("/settings/privacy"));
        assert_eq!(
            sign_in_return::<TermsAcceptPage, Whole>(&[], "next=%2Fideas%2Fnew").ok().as_deref(),
            Some("/terms/accept?next=%2Fideas%2Fnew")
        );
        assert_eq!(accept_terms_first("/tips/new"), "/terms/accept?next=%2Ftips%2Fnew");
    }
}

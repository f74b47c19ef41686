//! JSON door onto search.

use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::service::{self, ReindexReport, SearchPage, SearchParams, SearchStatus, SiteSearch};
use super::DocKind;
use crate::error::{AppError, AppResult, Problem};
use crate::http::auth::CurrentUser;
use crate::http::State;

/// Search community tips: typo-tolerant, German and English word forms, ranked
/// by relevance then helpfulness, with highlighted snippets and facet counts.
#[utoipa::path(tag = "search", params(SearchParams),
    responses((status = 200, body = SearchPage), (status = 503, description = "`search_unavailable`", body = Problem)))]
#[get("/search/tips")]
pub async fn tips(state: State, query: web::Query<SearchParams>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::search(&state.db, &state.search, DocKind::Tip, query.into_inner()).await?))
}

/// Search ideas (public ones only).
#[utoipa::path(tag = "search", params(SearchParams),
    responses((status = 200, body = SearchPage), (status = 503, description = "`search_unavailable`", body = Problem)))]
#[get("/search/ideas")]
pub async fn ideas(state: State, query: web::Query<SearchParams>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::search(&state.db, &state.search, DocKind::Idea, query.into_inner()).await?))
}

/// Search products.
#[utoipa::path(tag = "search", params(SearchParams),
    responses((status = 200, body = SearchPage), (status = 503, description = "`search_unavailable`", body = Problem)))]
#[get("/search/products")]
pub async fn products(state: State, query: web::Query<SearchParams>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::search(&state.db, &state.search, DocKind::Product, query.into_inner()).await?))
}

/// Search product questions (their title, details and answers; visible ones only). `product` filters by
/// product (id or slug), `category` by the product's category.
#[utoipa::path(tag = "search", params(SearchParams),
    responses((status = 200, body = SearchPage), (status = 503, description = "`search_unavailable`", body = Problem)))]
#[get("/search/questions")]
pub async fn questions(state: State, query: web::Query<SearchParams>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::search(&state.db, &state.search, DocKind::Question, query.into_inner()).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct SiteQuery {
    pub q: Option<String>,
    /// Results per kind (1–20, default 5).
    pub limit: Option<String>,
}

/// The site search box: the best tips, ideas, products and questions at once.
#[utoipa::path(tag = "search", params(SiteQuery),
    responses((status = 200, body = SiteSearch), (status = 503, description = "`search_unavailable`", body = Problem)))]
#[get("/search")]
pub async fn site(state: State, query: web::Query<SiteQuery>) -> AppResult<HttpResponse> {
    let limit = match query.limit.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => 5,
        Some(s) => s
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=20).contains(n))
            .ok_or_else(|| AppError::field("limit", "range", "limit is a whole number from 1 to 20."))?,
    };
    let q = query.q.clone().unwrap_or_default();
    Ok(HttpResponse::Ok().json(service::site(&state.db, &state.search, q, limit).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ReindexQuery {
    /// tip, idea or product; all when absent.
    pub kind: Option<String>,
}

/// Rebuild search indexes from the database (admins).
#[utoipa::path(tag = "search", params(ReindexQuery), security(("bearer" = [])),
    responses((status = 200, body = Vec<ReindexReport>), (status = 403, description = "`admins_only`", body = Problem),
        (status = 409, description = "`index_busy`", body = Problem),
        (status = 503, description = "`search_unavailable`", body = Problem)))]
#[post("/search/reindex")]
pub async fn reindex(state: State, user: CurrentUser, query: web::Query<ReindexQuery>) -> AppResult<HttpResponse> {
    let kinds = match query.kind.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => DocKind::ALL.to_vec(),
        Some(k) => {
            vec![DocKind::parse(k)
                .ok_or_else(|| AppError::field("kind", "invalid", "kind is tip, idea, product or question."))?]
        }
    };
    Ok(HttpResponse::Ok().json(service::reindex(&state.db, &state.search, &user.0, kinds).await?))
}

/// The engine in use and how many changes wait to be applied to it.
#[utoipa::path(tag = "search",
    responses((status = 200, body = SearchStatus)))]
#[get("/search/status")]
pub async fn status(state: State) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::status(&state.db, &state.search).await?))
}

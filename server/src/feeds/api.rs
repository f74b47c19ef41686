//! The feeds' door: plain GETs answering `application/atom+xml; charset=utf-8`, with an ETag over the
//! feed's bytes and Last-Modified from its newest entry; a conditional GET that matches answers 304.

use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use atom_syndication::Feed;
use serde::Deserialize;

use super::rules;
use super::service::{self, FeedCtx};
use crate::error::{AppError, AppResult, Problem};
use crate::http::State;
use crate::ids::IdeaId;

pub const ATOM: &str = "application/atom+xml; charset=utf-8";

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct FeedQuery {
    /// The feed's language, `de` or `en` (default: the request's Accept-Language, else German); anything
    /// else: 422 `validation` naming `lang`.
    pub lang: Option<String>,
}

fn ctx(state: &State, req: &HttpRequest, query: &FeedQuery) -> AppResult<FeedCtx> {
    let accept = req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    let lang = rules::feed_lang(query.lang.as_deref(), accept)
        .ok_or_else(|| AppError::field("lang", "invalid", "lang is de or en."))?;
    Ok(FeedCtx { base: state.link_base.trim_end_matches('/').to_string(), lang })
}

/// The feed as XML with its validators, or 304 when the client's copy is current.
fn answer(req: &HttpRequest, feed: &Feed) -> AppResult<HttpResponse> {
    let body = feed.write_to(Vec::new()).map_err(|e| AppError::internal(format!("atom feed: {e}")))?;
    let etag = rules::etag(&body);
    let modified = feed.updated.naive_utc();
    let header_of = |name| req.headers().get(name).and_then(|v| v.to_str().ok());
    let fresh =
        rules::not_modified(header_of(header::IF_NONE_MATCH), header_of(header::IF_MODIFIED_SINCE), &etag, modified);
    let mut res = if fresh { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    res.insert_header((header::ETAG, etag))
        .insert_header((header::LAST_MODIFIED, rules::http_date(modified)))
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .insert_header((header::VARY, "Accept-Language"));
    Ok(if fresh { res.finish() } else { res.content_type(ATOM).body(body) })
}

/// New ideas, newest first (at most 50).
#[utoipa::path(tag = "feeds", params(FeedQuery),
    responses((status = 200, description = "An Atom feed", content_type = "application/atom+xml", body = String),
        (status = 304, description = "Not modified (`If-None-Match` or `If-Modified-Since`)"),
        (status = 422, description = "`validation` (`lang`)", body = Problem)))]
#[get("/feeds/ideas")]
pub async fn ideas(state: State, req: HttpRequest, query: web::Query<FeedQuery>) -> AppResult<HttpResponse> {
    let ctx = ctx(&state, &req, &query)?;
    answer(&req, &service::new_ideas(&state.db, ctx, None).await?)
}

/// A challenge's new ideas, newest first (at most 50).
#[utoipa::path(tag = "feeds", params(FeedQuery),
    responses((status = 200, description = "An Atom feed", content_type = "application/atom+xml", body = String),
        (status = 304, description = "Not modified"),
        (status = 404, description = "`not_found`", body = Problem),
        (status = 422, description = "`validation` (`lang`)", body = Problem)))]
#[get("/feeds/challenges/{id_or_slug}/ideas")]
pub async fn challenge_ideas(
    state: State,
    req: HttpRequest,
    key: web::Path<String>,
    query: web::Query<FeedQuery>,
) -> AppResult<HttpResponse> {
    let ctx = ctx(&state, &req, &query)?;
    answer(&req, &service::new_ideas(&state.db, ctx, Some(key.into_inner())).await?)
}

/// A challenge's news, newest first (at most 50).
#[utoipa::path(tag = "feeds", params(FeedQuery),
    responses((status = 200, description = "An Atom feed", content_type = "application/atom+xml", body = String),
        (status = 304, description = "Not modified"),
        (status = 404, description = "`not_found`", body = Problem),
        (status = 422, description = "`validation` (`lang`)", body = Problem)))]
#[get("/feeds/challenges/{id_or_slug}/news")]
pub async fn challenge_news(
    state: State,
    req: HttpRequest,
    key: web::Path<String>,
    query: web::Query<FeedQuery>,
) -> AppResult<HttpResponse> {
    let ctx = ctx(&state, &req, &query)?;
    answer(&req, &service::challenge_news(&state.db, ctx, key.into_inner()).await?)
}

/// An idea's timeline: status moves and the creator's updates, newest first (at most 50).
#[utoipa::path(tag = "feeds", params(FeedQuery),
    responses((status = 200, description = "An Atom feed", content_type = "application/atom+xml", body = String),
        (status = 304, description = "Not modified"),
        (status = 404, description = "`not_found`", body = Problem),
        (status = 422, description = "`validation` (`lang`)", body = Problem)))]
#[get("/feeds/ideas/{id}/timeline")]
pub async fn timeline(
    state: State,
    req: HttpRequest,
    id: web::Path<IdeaId>,
    query: web::Query<FeedQuery>,
) -> AppResult<HttpResponse> {
    let ctx = ctx(&state, &req, &query)?;
    answer(&req, &service::timeline(&state.db, ctx, id.into_inner()).await?)
}

/// A product's new reviews, newest first (at most 50).
#[utoipa::path(tag = "feeds", params(FeedQuery),
    responses((status = 200, description = "An Atom feed", content_type = "application/atom+xml", body = String),
        (status = 304, description = "Not modified"),
        (status = 404, description = "`not_found`", body = Problem),
        (status = 422, description = "`validation` (`lang`)", body = Problem)))]
#[get("/feeds/products/{id_or_slug}/reviews")]
pub async fn product_reviews(
    state: State,
    req: HttpRequest,
    key: web::Path<String>,
    query: web::Query<FeedQuery>,
) -> AppResult<HttpResponse> {
    let ctx = ctx(&state, &req, &query)?;
    answer(&req, &service::reviews(&state.db, ctx, Some(key.into_inner())).await?)
}

/// Every product's new reviews, newest first (at most 50).
#[utoipa::path(tag = "feeds", params(FeedQuery),
    responses((status = 200, description = "An Atom feed", content_type = "application/atom+xml", body = String),
        (status = 304, description = "Not modified"),
        (status = 422, description = "`validation` (`lang`)", body = Problem)))]
#[get("/feeds/reviews")]
pub async fn reviews(state: State, req: HttpRequest, query: web::Query<FeedQuery>) -> AppResult<HttpResponse> {
    let ctx = ctx(&state, &req, &query)?;
    answer(&req, &service::reviews(&state.db, ctx, None).await?)
}

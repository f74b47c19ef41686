//! JSON door onto moderation.

use actix_web::{delete, get, post, web, HttpResponse};
use serde::Deserialize;

use super::service::{self, ActionInput, ActionResult, MergeInput, QueueItem, ReportInput, ReportResult, SimilarIdea};
use crate::error::{AppResult, Problem};
use crate::http::auth::CurrentUser;
use crate::http::json::ApiJson;
use crate::http::State;
use crate::ideas::service::IdeaView;
use crate::ids::IdeaId;
use crate::pagination::Items;

/// Report an idea or a comment. At the configured number of open reports
/// (default 3) the item is hidden until a moderator decides.
#[utoipa::path(tag = "moderation", request_body = ReportInput, security(("bearer" = [])),
    responses((status = 201, body = ReportResult), (status = 200, description = "Already reported by you", body = ReportResult),
        (status = 403, description = "`suspended`, `own_content`", body = Problem),
        (status = 404, description = "`not_found`: no such target", body = Problem)))]
#[post("/reports")]
pub async fn report(state: State, user: CurrentUser, body: ApiJson<ReportInput>) -> AppResult<HttpResponse> {
    let result = service::report(&state.db, &user.0, state.config.report_threshold, body.0).await?;
    Ok(if result.new { HttpResponse::Created().json(result) } else { HttpResponse::Ok().json(result) })
}

/// Pending ideas and reported items, oldest first (moderators).
#[utoipa::path(tag = "moderation", security(("bearer" = [])),
    responses((status = 200, body = Items<QueueItem>), (status = 403, description = "`moderators_only`", body = Problem)))]
#[get("/moderation/queue")]
pub async fn queue(state: State, user: CurrentUser) -> AppResult<HttpResponse> {
    let items = service::queue(&state.db, &user.0).await?;
    Ok(HttpResponse::Ok().json(Items { items }))
}

/// hide, restore, dismiss_reports, suspend, unsuspend or remove_supports (moderators).
#[utoipa::path(tag = "moderation", request_body = ActionInput,
    security(("bearer" = [])),
    responses((status = 200, body = ActionResult), (status = 403, description = "`moderators_only`", body = Problem),
        (status = 404, description = "`not_found`: no such target", body = Problem),
        (status = 409, description = "`self_moderation`", body = Problem)))]
#[post("/moderation/actions")]
pub async fn act(state: State, user: CurrentUser, body: ApiJson<ActionInput>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::act(&state.db, &user.0, body.0).await?))
}

/// Merge a duplicate into another idea (moderators).
#[utoipa::path(tag = "moderation", request_body = MergeInput,
    security(("bearer" = [])),
    responses((status = 200, body = IdeaView), (status = 403, description = "`moderators_only`", body = Problem),
        (status = 409, description = "`not_mergeable` (`allowed` lists the states that can merge)", body = Problem)))]
#[post("/ideas/{id}/merge")]
pub async fn merge(
    state: State,
    user: CurrentUser,
    id: web::Path<IdeaId>,
    body: ApiJson<MergeInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::merge(&state.db, &user.0, id.into_inner(), body.0).await?))
}

/// Undo a merge; both counts return exactly (moderators).
#[utoipa::path(tag = "moderation", security(("bearer" = [])),
    responses((status = 200, body = IdeaView), (status = 403, description = "`moderators_only`", body = Problem),
        (status = 409, description = "`not_merged`", body = Problem)))]
#[delete("/ideas/{id}/merge")]
pub async fn unmerge(state: State, user: CurrentUser, id: web::Path<IdeaId>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::unmerge(&state.db, &user.0, id.into_inner()).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct SimilarQuery {
    pub title: Option<String>,
}

/// Up to 5 existing ideas with a similar title (for the submit form).
#[utoipa::path(tag = "ideas", params(SimilarQuery), responses((status = 200, body = Items<SimilarIdea>)))]
#[get("/ideas/similar")]
pub async fn similar(state: State, query: web::Query<SimilarQuery>) -> AppResult<HttpResponse> {
    let items = service::similar(&state.db, query.into_inner().title.unwrap_or_default()).await?;
    Ok(HttpResponse::Ok().json(Items { items }))
}

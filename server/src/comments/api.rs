//! JSON door onto comments.

use actix_web::{delete, get, patch, post, web, HttpResponse};

use super::service::{self, CommentQuery, CommentView, CreateComment, UpdateComment};
use crate::error::{AppResult, Problem};
use crate::http::auth::{CurrentUser, MaybeUser};
use crate::http::json::ApiJson;
use crate::http::State;
use crate::ids::{CommentId, IdeaId};
use crate::pagination::Page;

/// Comments on an idea: top-level comments with their replies.
#[utoipa::path(tag = "comments", params(CommentQuery), security((), ("bearer" = [])),
    responses((status = 200, body = Page<CommentView>)))]
#[get("/ideas/{id}/comments")]
pub async fn list(
    state: State,
    user: MaybeUser,
    id: web::Path<IdeaId>,
    query: web::Query<CommentQuery>,
) -> AppResult<HttpResponse> {
    let page = service::list(&state.db, user.0.as_ref(), id.into_inner(), query.into_inner()).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Comment on an idea, or reply to a top-level comment.
#[utoipa::path(tag = "comments", request_body = CreateComment,
    security(("bearer" = [])),
    responses((status = 201, body = CommentView), (status = 403, description = "`suspended`", body = Problem)))]
#[post("/ideas/{id}/comments")]
pub async fn create(
    state: State,
    user: CurrentUser,
    id: web::Path<IdeaId>,
    body: ApiJson<CreateComment>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service::create(&state.db, &user.0, id.into_inner(), body.0).await?))
}

/// Edit your comment within 15 minutes of posting it.
#[utoipa::path(tag = "comments", request_body = UpdateComment,
    security(("bearer" = [])),
    responses((status = 200, body = CommentView), (status = 403, description = "`suspended`, `not_author`", body = Problem),
        (status = 409, description = "`edit_window_closed`, `hidden_by_moderator`", body = Problem)))]
#[patch("/comments/{id}")]
pub async fn update(
    state: State,
    user: CurrentUser,
    id: web::Path<CommentId>,
    body: ApiJson<UpdateComment>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::update(&state.db, &user.0, id.into_inner(), body.0).await?))
}

/// Delete your comment. One with replies stays as a `deleted` placeholder that keeps the thread; one without goes.
/// Either way it no longer counts on its idea. (Moderators remove others' comments with
/// `POST /moderation/actions`, `hide`, and a reason.)
#[utoipa::path(tag = "comments", security(("bearer" = [])),
    responses((status = 204, description = "Deleted"), (status = 403, description = "`not_author`", body = Problem),
        (status = 404, description = "`not_found`: no such comment (or already deleted)", body = Problem)))]
#[delete("/comments/{id}")]
pub async fn delete(state: State, user: CurrentUser, id: web::Path<CommentId>) -> AppResult<HttpResponse> {
    service::delete(&state.db, &user.0, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

//! JSON door onto product questions and answers.

use actix_web::{delete, get, patch, post, put, web, HttpResponse};

use super::service::{
    self, AcceptInput, AnswerHelpful, AnswerInput, AnswerView, AskQuestion, QuestionList, QuestionQuery, QuestionView,
    UpdateQuestion, WaitingQuestion,
};
use crate::error::{AppResult, Problem};
use crate::http::auth::{CurrentUser, MaybeUser};
use crate::http::json::ApiJson;
use crate::http::State;
use crate::ids::{AnswerId, QuestionId};

/// A product's questions: filtered (unanswered, answered, officially answered), newest or most helpful first,
/// with the team's average time to an official answer.
#[utoipa::path(tag = "questions", params(QuestionQuery), security((), ("bearer" = [])),
    responses((status = 200, body = QuestionList)))]
#[get("/products/{id_or_slug}/questions")]
pub async fn list(
    state: State,
    user: MaybeUser,
    key: web::Path<String>,
    query: web::Query<QuestionQuery>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::list(&state.db, user.0.as_ref(), key.into_inner(), query.into_inner()).await?))
}

/// Ask a question about a product.
#[utoipa::path(tag = "questions", request_body = AskQuestion, security(("bearer" = [])),
    responses((status = 201, body = QuestionView), (status = 403, description = "`suspended`", body = Problem)))]
#[post("/products/{id_or_slug}/questions")]
pub async fn ask(
    state: State,
    user: CurrentUser,
    key: web::Path<String>,
    body: ApiJson<AskQuestion>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service::ask(&state.db, &user.0, key.into_inner(), body.0).await?))
}

/// Questions without an official answer, oldest first, with how long each has waited (product team, admins).
#[utoipa::path(tag = "questions", security(("bearer" = [])),
    responses((status = 200, body = Vec<WaitingQuestion>), (status = 403, description = "`product_team_only`", body = Problem)))]
#[get("/questions/waiting")]
pub async fn waiting(state: State, user: CurrentUser) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::waiting(&state.db, &user.0, 100).await?))
}

/// One question with its answers (official first, then the accepted one, then most helpful).
#[utoipa::path(tag = "questions", security((), ("bearer" = [])), responses((status = 200, body = QuestionView)))]
#[get("/questions/{id}")]
pub async fn get(state: State, user: MaybeUser, id: web::Path<QuestionId>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::get(&state.db, user.0.as_ref(), id.into_inner()).await?))
}

/// Edit your question (within 15 minutes).
#[utoipa::path(tag = "questions", request_body = UpdateQuestion, security(("bearer" = [])),
    responses((status = 200, body = QuestionView),
        (status = 403, description = "`suspended`, `not_author`", body = Problem),
        (status = 409, description = "`edit_window_closed`, `hidden_by_moderator`", body = Problem)))]
#[patch("/questions/{id}")]
pub async fn update(
    state: State,
    user: CurrentUser,
    id: web::Path<QuestionId>,
    body: ApiJson<UpdateQuestion>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::update_question(&state.db, &user.0, id.into_inner(), body.0).await?))
}

/// Delete your question (within 15 minutes, and only while nobody else answered it).
#[utoipa::path(tag = "questions", security(("bearer" = [])),
    responses((status = 204, description = "Deleted"), (status = 403, description = "`not_author`", body = Problem),
        (status = 409, description = "`edit_window_closed`, `question_has_answers`", body = Problem)))]
#[delete("/questions/{id}")]
pub async fn delete(state: State, user: CurrentUser, id: web::Path<QuestionId>) -> AppResult<HttpResponse> {
    service::delete_question(&state.db, &user.0, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Answer a question (the product team's answers are official).
#[utoipa::path(tag = "questions", request_body = AnswerInput, security(("bearer" = [])),
    responses((status = 201, body = AnswerView), (status = 403, description = "`suspended`", body = Problem)))]
#[post("/questions/{id}/answers")]
pub async fn answer(
    state: State,
    user: CurrentUser,
    id: web::Path<QuestionId>,
    body: ApiJson<AnswerInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service::answer(&state.db, &user.0, id.into_inner(), body.0).await?))
}

/// Accept an answer, replacing the one accepted before (the asker, the product team).
#[utoipa::path(tag = "questions", request_body = AcceptInput, security(("bearer" = [])),
    responses((status = 200, body = QuestionView), (status = 403, description = "`suspended`, `not_asker`", body = Problem)))]
#[put("/questions/{id}/accepted")]
pub async fn accept(
    state: State,
    user: CurrentUser,
    id: web::Path<QuestionId>,
    body: ApiJson<AcceptInput>,
) -> AppResult<HttpResponse> {
    let chosen = Some(body.0.answer_id);
    Ok(HttpResponse::Ok().json(service::accept(&state.db, &user.0, id.into_inner(), chosen).await?))
}

/// Unmark the accepted answer (the asker, the product team).
#[utoipa::path(tag = "questions", security(("bearer" = [])),
    responses((status = 200, body = QuestionView), (status = 403, description = "`suspended`, `not_asker`", body = Problem)))]
#[delete("/questions/{id}/accepted")]
pub async fn unaccept(state: State, user: CurrentUser, id: web::Path<QuestionId>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::accept(&state.db, &user.0, id.into_inner(), None).await?))
}

/// Edit your answer (within 15 minutes).
#[utoipa::path(tag = "questions", request_body = AnswerInput, security(("bearer" = [])),
    responses((status = 200, body = AnswerView),
        (status = 403, description = "`suspended`, `not_author`", body = Problem),
        (status = 409, description = "`edit_window_closed`, `hidden_by_moderator`", body = Problem)))]
#[patch("/answers/{id}")]
pub async fn update_answer(
    state: State,
    user: CurrentUser,
    id: web::Path<AnswerId>,
    body: ApiJson<AnswerInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::update_answer(&state.db, &user.0, id.into_inner(), body.0).await?))
}

/// Delete your answer (within 15 minutes).
#[utoipa::path(tag = "questions", security(("bearer" = [])),
    responses((status = 204, description = "Deleted"), (status = 403, description = "`not_author`", body = Problem),
        (status = 409, description = "`edit_window_closed`", body = Problem)))]
#[delete("/answers/{id}")]
pub async fn delete_answer(state: State, user: CurrentUser, id: web::Path<AnswerId>) -> AppResult<HttpResponse> {
    service::delete_answer(&state.db, &user.0, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Mark another member's answer as helpful (once).
#[utoipa::path(tag = "questions", security(("bearer" = [])),
    responses((status = 200, body = AnswerHelpful), (status = 403, description = "`suspended`, `own_content`", body = Problem)))]
#[put("/answers/{id}/helpful")]
pub async fn helpful(state: State, user: CurrentUser, id: web::Path<AnswerId>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::helpful(&state.db, &user.0, id.into_inner(), true).await?))
}

/// Take back a helpful mark.
#[utoipa::path(tag = "questions", security(("bearer" = [])), responses((status = 200, body = AnswerHelpful)))]
#[delete("/answers/{id}/helpful")]
pub async fn unhelpful(state: State, user: CurrentUser, id: web::Path<AnswerId>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::helpful(&state.db, &user.0, id.into_inner(), false).await?))
}

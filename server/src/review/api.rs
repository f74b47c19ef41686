//! JSON door onto private feedback and the review board.

use actix_web::{get, post, put, web, HttpResponse};
use serde::Deserialize;

use super::service::{
    self, feedback, CriteriaInput, CriteriaView, EvaluationBoard, EvaluationInput, EvaluatorsInput, FeedbackInput,
    FeedbackSummary, HideInput, MyFeedback, ReviewBoard,
};
use crate::error::{AppResult, Problem};
use crate::http::auth::CurrentUser;
use crate::http::json::ApiJson;
use crate::http::State;
use crate::ids::IdeaId;

/// Give (201) or change (200) your private feedback on another member's idea: four scores 1–5 and an
/// optional note. Only the author reads it, without your name.
#[utoipa::path(tag = "review", request_body = FeedbackInput, security(("bearer" = [])),
    responses((status = 200, body = MyFeedback), (status = 201, body = MyFeedback),
        (status = 403, description = "`own_idea`, `suspended`, `email_not_verified`", body = Problem),
        (status = 422, description = "`validation`", body = Problem)))]
#[put("/ideas/{id}/feedback")]
pub async fn give_feedback(
    state: State,
    user: CurrentUser,
    id: web::Path<IdeaId>,
    body: ApiJson<FeedbackInput>,
) -> AppResult<HttpResponse> {
    let (created, view) = feedback::give(&state.db, &user.0, id.into_inner(), body.0).await?;
    Ok(if created { HttpResponse::Created().json(view) } else { HttpResponse::Ok().json(view) })
}

/// The feedback on your idea: per criterion the count and mean, and the notes, never who gave them.
/// Everyone but the author, staff included: 403 `not_author`.
#[utoipa::path(tag = "review", security(("bearer" = [])),
    responses((status = 200, body = FeedbackSummary), (status = 403, description = "`not_author`", body = Problem)))]
#[get("/ideas/{id}/feedback")]
pub async fn feedback_summary(state: State, user: CurrentUser, id: web::Path<IdeaId>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(feedback::summary(&state.db, &user.0, id.into_inner()).await?))
}

/// Hide an abusive feedback note (moderators, admins; audited). The scores stay in the aggregates.
#[utoipa::path(tag = "review", request_body = HideInput, security(("bearer" = [])),
    responses((status = 204), (status = 403, description = "`moderators_only`", body = Problem),
        (status = 404, description = "`not_found`", body = Problem)))]
#[post("/feedback/{id}/hide")]
pub async fn hide_feedback(
    state: State,
    user: CurrentUser,
    id: web::Path<String>,
    body: ApiJson<HideInput>,
) -> AppResult<HttpResponse> {
    feedback::hide(&state.db, &user.0, id.into_inner(), body.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The open board's review criteria (ideas without a challenge); the defaults when none are set.
#[utoipa::path(tag = "review", responses((status = 200, body = CriteriaView)))]
#[get("/review-criteria")]
pub async fn open_criteria(state: State) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::criteria(&state.db, None).await?))
}

/// Set the open board's review criteria (product team) until its first idea reaches review.
#[utoipa::path(tag = "review", request_body = CriteriaInput, security(("bearer" = [])),
    responses((status = 200, body = CriteriaView), (status = 403, description = "`product_team_only`", body = Problem),
        (status = 409, description = "`criteria_locked`", body = Problem),
        (status = 422, description = "`validation`", body = Problem)))]
#[put("/review-criteria")]
pub async fn set_open_criteria(
    state: State,
    user: CurrentUser,
    body: ApiJson<CriteriaInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::set_criteria(&state.db, &user.0, None, body.0).await?))
}

/// A challenge's review criteria; the defaults when none are set.
#[utoipa::path(tag = "review",
    responses((status = 200, body = CriteriaView), (status = 404, description = "`not_found`", body = Problem)))]
#[get("/challenges/{id_or_slug}/review-criteria")]
pub async fn challenge_criteria(state: State, key: web::Path<String>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::criteria(&state.db, Some(key.into_inner())).await?))
}

/// Set a challenge's review criteria (product team) until its first idea reaches review.
#[utoipa::path(tag = "review", request_body = CriteriaInput, security(("bearer" = [])),
    responses((status = 200, body = CriteriaView), (status = 403, description = "`product_team_only`", body = Problem),
        (status = 409, description = "`criteria_locked`", body = Problem),
        (status = 422, description = "`validation`", body = Problem)))]
#[put("/challenges/{id_or_slug}/review-criteria")]
pub async fn set_challenge_criteria(
    state: State,
    user: CurrentUser,
    key: web::Path<String>,
    body: ApiJson<CriteriaInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::set_criteria(&state.db, &user.0, Some(key.into_inner()), body.0).await?))
}

/// Choose an idea's evaluators (product team): at least two product-team members, never the author.
#[utoipa::path(tag = "review", request_body = EvaluatorsInput, security(("bearer" = [])),
    responses((status = 200, body = EvaluationBoard), (status = 403, description = "`product_team_only`", body = Problem),
        (status = 409, description = "`not_in_review`", body = Problem),
        (status = 422, description = "`validation`", body = Problem)))]
#[put("/ideas/{id}/evaluators")]
pub async fn set_evaluators(
    state: State,
    user: CurrentUser,
    id: web::Path<IdeaId>,
    body: ApiJson<EvaluatorsInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::set_evaluators(&state.db, &user.0, id.into_inner(), body.0).await?))
}

/// An idea's evaluations (product team). Blind: an evaluator who has not submitted sees no other score.
#[utoipa::path(tag = "review", security(("bearer" = [])),
    responses((status = 200, body = EvaluationBoard), (status = 403, description = "`product_team_only`", body = Problem)))]
#[get("/ideas/{id}/evaluations")]
pub async fn evaluations(state: State, user: CurrentUser, id: web::Path<IdeaId>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::evaluations(&state.db, &user.0, id.into_inner()).await?))
}

/// Submit (or change) your evaluation, declaring no conflict of interest, or recuse yourself.
#[utoipa::path(tag = "review", request_body = EvaluationInput, security(("bearer" = [])),
    responses((status = 200, body = EvaluationBoard),
        (status = 403, description = "`product_team_only`, `not_evaluator`, `suspended`", body = Problem),
        (status = 409, description = "`not_in_review`", body = Problem),
        (status = 422, description = "`validation`", body = Problem)))]
#[put("/ideas/{id}/evaluations")]
pub async fn evaluate(
    state: State,
    user: CurrentUser,
    id: web::Path<IdeaId>,
    body: ApiJson<EvaluationInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::evaluate(&state.db, &user.0, id.into_inner(), body.0).await?))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct BoardQuery {
    /// A challenge's id or slug, `none` for the open board; absent: every idea in review. An unknown one:
    /// 422 `validation` naming `challenge`.
    pub challenge: Option<String>,
}

/// The ideas in review ranked by weighted score, with their calibration (product team).
#[utoipa::path(tag = "review", params(BoardQuery), security(("bearer" = [])),
    responses((status = 200, body = ReviewBoard), (status = 403, description = "`product_team_only`", body = Problem)))]
#[get("/review-board")]
pub async fn board(state: State, user: CurrentUser, query: web::Query<BoardQuery>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::board(&state.db, &user.0, query.into_inner().challenge).await?))
}

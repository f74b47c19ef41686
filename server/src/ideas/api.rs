//! JSON door onto ideas and supports.

use actix_web::{delete, get, patch, post, put, web, HttpResponse};

use super::service::{self, CreateIdea, IdeaQuery, IdeaView, SupportResult, UpdateIdea};
use crate::error::{AppResult, Problem};
use crate::http::auth::{CurrentUser, MaybeUser};
use crate::http::json::ApiJson;
use crate::http::State;
use crate::ids::IdeaId;
use crate::pagination::Page;

/// List ideas with sort (top, new, trending, discussed), filters (challenge, status, tag, product,
/// author) and cursor pagination.
#[utoipa::path(tag = "ideas", params(IdeaQuery), security((), ("bearer" = [])),
    responses((status = 200, body = Page<IdeaView>),
        (status = 403, description = "`moderators_only`: pending and rejected ideas", body = Problem),
        (status = 422, description = "`validation`: a parameter the list does not take, named in `errors` \
            (`sort`, `status`, `tag`, `limit`, `cursor`: `invalid`/`range`; `challenge`, `product`: `unknown`)",
            body = Problem)))]
#[get("/ideas")]
pub async fn list(state: State, user: MaybeUser, query: web::Query<IdeaQuery>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::list(&state.db, user.0.as_ref(), query.into_inner()).await?))
}

/// Submit an idea to an open challenge or the open board.
#[utoipa::path(tag = "ideas", request_body = CreateIdea, security(("bearer" = [])),
    responses((status = 201, body = IdeaView), (status = 403, description = "`suspended`", body = Problem),
        (status = 409, description = "`challenge_not_open`, `challenge_closed`", body = Problem)))]
#[post("/ideas")]
pub async fn create(state: State, user: CurrentUser, body: ApiJson<CreateIdea>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service::create(&state.db, &user.0, body.0).await?))
}

/// One idea.
#[utoipa::path(tag = "ideas", security((), ("bearer" = [])), responses((status = 200, body = IdeaView)))]
#[get("/ideas/{id}")]
pub async fn get(state: State, user: MaybeUser, id: web::Path<IdeaId>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::get(&state.db, user.0.as_ref(), id.into_inner()).await?))
}

/// Edit an idea (its author, until it is locked).
#[utoipa::path(tag = "ideas", request_body = UpdateIdea,
    security(("bearer" = [])),
    responses((status = 200, body = IdeaView), (status = 403, description = "`suspended`, `not_author`", body = Problem),
        (status = 409, description = "`edit_locked`: supported, or past the support phase", body = Problem)))]
#[patch("/ideas/{id}")]
pub async fn update(
    state: State,
    user: CurrentUser,
    id: web::Path<IdeaId>,
    body: ApiJson<UpdateIdea>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::update(&state.db, &user.0, id.into_inner(), body.0).await?))
}

/// Support an idea (idempotent). An optional body answers the demand
/// question: `{"would_buy": "yes|maybe|no", "price_band": "<one of the challenge's bands>"}`;
/// sent again, it changes the answers.
#[utoipa::path(tag = "ideas", security(("bearer" = [])),
    request_body(content = Option<service::DemandInput>, description = "Optional demand answers"),
    responses((status = 200, body = SupportResult), (status = 403, description = "`own_idea`, `suspended`", body = Problem),
        (status = 409, description = "`challenge_not_open`, `challenge_closed`, `idea_not_gathering`, `budget_used_up` \
            (with `vote_budget` and `budget_left`)", body = Problem),
        (status = 422, description = "`validation`: an answer that is not allowed (named in `errors`)", body = Problem)))]
#[put("/ideas/{id}/support")]
pub async fn support(
    state: State,
    user: CurrentUser,
    client: crate::http::client::Client,
    id: web::Path<IdeaId>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let demand = if body.iter().all(u8::is_ascii_whitespace) {
        service::DemandInput::default()
    } else {
        crate::http::json::parse(&body)?
    };
    let result = service::support(&state.db, &user.0, id.into_inner(), demand, client.0).await?;
    if result.supported {
        state.metrics.support();
    }
    Ok(HttpResponse::Ok().json(result))
}

/// Withdraw a support (idempotent).
#[utoipa::path(tag = "ideas", security(("bearer" = [])),
    responses((status = 200, body = SupportResult),
        (status = 409, description = "`challenge_not_open`, `challenge_closed`, `idea_not_gathering`", body = Problem)))]
#[delete("/ideas/{id}/support")]
pub async fn withdraw(state: State, user: CurrentUser, id: web::Path<IdeaId>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::withdraw(&state.db, &user.0, id.into_inner()).await?))
}

/// Mark an idea as a staff pick with a short public note (product team, admins); sent again, it changes the
/// note. The author is notified of a new pick; audited.
#[utoipa::path(tag = "ideas", request_body = service::PickInput, security(("bearer" = [])),
    responses((status = 200, body = IdeaView), (status = 403, description = "`product_team_only`", body = Problem),
        (status = 409, description = "`pick_not_public`: a pending, rejected or hidden idea", body = Problem),
        (status = 422, description = "`validation`: `note` (`length`)", body = Problem)))]
#[put("/ideas/{id}/staff-pick")]
pub async fn staff_pick(
    state: State,
    user: CurrentUser,
    id: web::Path<IdeaId>,
    body: ApiJson<service::PickInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::pick(&state.db, &user.0, id.into_inner(), body.0).await?))
}

/// Take an idea's staff pick back (product team, admins; idempotent); audited.
#[utoipa::path(tag = "ideas", security(("bearer" = [])),
    responses((status = 200, body = IdeaView), (status = 403, description = "`product_team_only`", body = Problem)))]
#[delete("/ideas/{id}/staff-pick")]
pub async fn staff_unpick(state: State, user: CurrentUser, id: web::Path<IdeaId>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::unpick(&state.db, &user.0, id.into_inner()).await?))
}

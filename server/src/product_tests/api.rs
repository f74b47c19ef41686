//! JSON door onto product tests.

use actix_web::http::header;
use actix_web::{delete, get, patch, post, put, web, HttpResponse};

use super::service::{
    self, ApplicationView, ApplyInput, CreateTest, TestList, TestQuery, TestReportInput, TestReportView, TestView,
    UpdateTest,
};
use crate::error::{AppResult, Problem};
use crate::http::auth::{CurrentUser, MaybeUser};
use crate::http::json::ApiJson;
use crate::http::State;

/// Create a product test (product team, admins): its seed's commitment is published at once.
#[utoipa::path(tag = "product_tests", request_body = CreateTest, security(("bearer" = [])),
    responses((status = 201, body = TestView), (status = 403, description = "`product_team_only`", body = Problem),
        (status = 422, description = "`validation`", body = Problem)))]
#[post("/product-tests")]
pub async fn create(state: State, user: CurrentUser, body: ApiJson<CreateTest>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service::create(&state.db, &user.0, body.0).await?))
}

/// Product tests, newest first; `state=open|closed|upcoming`, `product=<id or slug>`.
#[utoipa::path(tag = "product_tests", params(TestQuery), security((), ("bearer" = [])),
    responses((status = 200, body = TestList)))]
#[get("/product-tests")]
pub async fn list(state: State, user: MaybeUser, query: web::Query<TestQuery>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::list(&state.db, user.0.as_ref(), query.into_inner()).await?))
}

/// One product test: its phase, counts, commitment and, once drawn, the published draw (and for the product
/// team the testers and who reported).
#[utoipa::path(tag = "product_tests", security((), ("bearer" = [])), responses((status = 200, body = TestView)))]
#[get("/product-tests/{id}")]
pub async fn get(state: State, user: MaybeUser, id: web::Path<String>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::get(&state.db, user.0.as_ref(), id.into_inner()).await?))
}

/// Change a product test before applications open (product team, admins).
#[utoipa::path(tag = "product_tests", request_body = UpdateTest, security(("bearer" = [])),
    responses((status = 200, body = TestView), (status = 403, description = "`product_team_only`", body = Problem),
        (status = 409, description = "`test_locked`", body = Problem)))]
#[patch("/product-tests/{id}")]
pub async fn update(
    state: State,
    user: CurrentUser,
    id: web::Path<String>,
    body: ApiJson<UpdateTest>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::update(&state.db, &user.0, id.into_inner(), body.0).await?))
}

/// Apply for a product test while it is open; again (POST or PUT) to change the application.
#[utoipa::path(tag = "product_tests", request_body = ApplyInput, security(("bearer" = [])),
    responses((status = 201, description = "Applied", body = ApplicationView),
        (status = 200, description = "The application changed", body = ApplicationView),
        (status = 403, description = "`staff_not_eligible`, `level_too_low`, `suspended`", body = Problem),
        (status = 409, description = "`test_not_open`, `applications_closed`", body = Problem)))]
#[post("/product-tests/{id}/applications")]
pub async fn apply(
    state: State,
    user: CurrentUser,
    id: web::Path<String>,
    body: ApiJson<ApplyInput>,
) -> AppResult<HttpResponse> {
    let a = service::apply(&state.db, &user.0, id.into_inner(), body.0).await?;
    Ok(if a.created { HttpResponse::Created() } else { HttpResponse::Ok() }.json(a))
}

/// Change one's application (the same as applying again).
#[utoipa::path(tag = "product_tests", request_body = ApplyInput, security(("bearer" = [])),
    responses((status = 200, body = ApplicationView),
        (status = 403, description = "`staff_not_eligible`, `level_too_low`", body = Problem),
        (status = 409, description = "`test_not_open`, `applications_closed`", body = Problem)))]
#[put("/product-tests/{id}/applications/mine")]
pub async fn reapply(
    state: State,
    user: CurrentUser,
    id: web::Path<String>,
    body: ApiJson<ApplyInput>,
) -> AppResult<HttpResponse> {
    let a = service::apply(&state.db, &user.0, id.into_inner(), body.0).await?;
    Ok(if a.created { HttpResponse::Created() } else { HttpResponse::Ok() }.json(a))
}

/// One's own application: answers, address, and after the draw whether one was selected.
#[utoipa::path(tag = "product_tests", security(("bearer" = [])), responses((status = 200, body = ApplicationView)))]
#[get("/product-tests/{id}/applications/mine")]
pub async fn mine(state: State, user: CurrentUser, id: web::Path<String>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::mine(&state.db, &user.0, id.into_inner()).await?))
}

/// Withdraw one's application while the test is open.
#[utoipa::path(tag = "product_tests", security(("bearer" = [])),
    responses((status = 204), (status = 409, description = "`applications_closed`", body = Problem)))]
#[delete("/product-tests/{id}/applications/mine")]
pub async fn withdraw(state: State, user: CurrentUser, id: web::Path<String>) -> AppResult<HttpResponse> {
    service::withdraw(&state.db, &user.0, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Draw the testers after applications closed (product team, admins); once.
#[utoipa::path(tag = "product_tests", security(("bearer" = [])),
    responses((status = 200, body = TestView), (status = 403, description = "`product_team_only`", body = Problem),
        (status = 409, description = "`draw_too_early`, `already_drawn`", body = Problem)))]
#[post("/product-tests/{id}/draw")]
pub async fn draw(state: State, user: CurrentUser, id: web::Path<String>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::draw(&state.db, &user.0, id.into_inner()).await?))
}

/// The shipping list as CSV: the selected testers who consented (product team, admins; audit-logged).
#[utoipa::path(tag = "product_tests", security(("bearer" = [])),
    responses((status = 200, content_type = "text/csv", body = String),
        (status = 403, description = "`product_team_only`", body = Problem),
        (status = 409, description = "`draw_too_early`", body = Problem)))]
#[get("/product-tests/{id}/shipping-list")]
pub async fn shipping_list(state: State, user: CurrentUser, id: web::Path<String>) -> AppResult<HttpResponse> {
    let (name, bytes) = service::shipping_list(&state.db, &user.0, id.into_inner()).await?;
    Ok(csv_attachment(name, bytes))
}

/// A made CSV file as a download, never cached.
pub fn csv_attachment(name: String, bytes: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(bytes)
}

/// Report on a product test (selected testers, before `report_due`, once): it becomes one's review of the product.
#[utoipa::path(tag = "product_tests", request_body = TestReportInput, security(("bearer" = [])),
    responses((status = 201, body = TestReportView), (status = 403, description = "`not_a_tester`", body = Problem),
        (status = 409, description = "`report_exists`, `report_too_late`", body = Problem)))]
#[post("/product-tests/{id}/reports")]
pub async fn report(
    state: State,
    user: CurrentUser,
    id: web::Path<String>,
    body: ApiJson<TestReportInput>,
) -> AppResult<HttpResponse> {
    let r = service::report(&state.db, &user.0, state.config.spike_rule(), id.into_inner(), body.0).await?;
    Ok(HttpResponse::Created().json(r))
}

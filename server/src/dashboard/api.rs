//! JSON door onto the dashboard.

use actix_web::{get, web, HttpResponse};

use super::service::{self, Dashboard, DashboardQuery};
use crate::error::{AppResult, Problem};
use crate::http::auth::CurrentUser;
use crate::http::State;

/// The product team's dashboard, overall or for one challenge (product team, admins).
#[utoipa::path(tag = "dashboard", params(DashboardQuery), security(("bearer" = [])),
    responses((status = 200, body = Dashboard), (status = 403, description = "`product_team_only`", body = Problem)))]
#[get("/dashboard")]
pub async fn get(state: State, user: CurrentUser, query: web::Query<DashboardQuery>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::overview(&state.db, &user.0, query.into_inner()).await?))
}

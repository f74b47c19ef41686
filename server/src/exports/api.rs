//! The export download's API door (bearer token): the file that
//! `service::download` makes, sent as an attachment.

use actix_web::{get, web, HttpRequest, HttpResponse};

use super::rules::ExportRow;
use super::service::{self, ExportQuery};
use crate::error::{AppResult, Problem};
use crate::http::auth::CurrentUser;
use crate::http::download::{attachment, base_url};
use crate::http::State;

/// Export ideas for the product team: filters, sort and format; public handles only.
#[utoipa::path(tag = "exports", params(ExportQuery), security(("bearer" = [])),
    responses((status = 200, description = "The file, as an attachment (`format`: csv, json, ndjson or xlsx)",
            content((String = "text/csv"), (Vec<ExportRow> = "application/json"), (String = "application/x-ndjson"),
                (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 403, description = "`product_team_only`", body = Problem)))]
#[get("/exports/ideas")]
pub async fn ideas(
    state: State,
    user: CurrentUser,
    req: HttpRequest,
    query: web::Query<ExportQuery>,
) -> AppResult<HttpResponse> {
    let file = service::download(&state.db, &user.0, query.into_inner(), base_url(&state, &req)).await?;
    Ok(attachment(file))
}

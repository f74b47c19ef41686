//! The export download's API door (bearer token): the file that
//! `service::download` makes, sent as an attachment.

use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};

use super::rules::ExportRow;
use super::service::{self, Body, Download, ExportQuery};
use crate::error::{AppResult, Problem};
use crate::http::auth::CurrentUser;
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
    Ok(respond(file))
}

/// The site's address for the rows' links: the configured public URL, else
/// this request's scheme and host.
fn base_url(state: &State, req: &HttpRequest) -> String {
    match &state.config.public_url {
        Some(u) => u.trim_end_matches('/').to_string(),
        None => {
            let info = req.connection_info();
            format!("{}://{}", info.scheme(), info.host())
        }
    }
}

/// The file as an attachment, never cached: XLSX whole, the others streamed.
fn respond(file: Download) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    response
        .content_type(file.content_type)
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", file.filename)))
        .insert_header((header::CACHE_CONTROL, "no-store"));
    match file.body {
        Body::Whole(bytes) => response.body(bytes),
        Body::Stream(stream) => response.streaming(stream),
    }
}

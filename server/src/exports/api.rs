//! The export download: CSV, JSON and NDJSON stream batch by batch (the
//! first bytes leave before the rest is read); XLSX is assembled whole (a
//! zip cannot be streamed row by row), in constant memory on the blocking
//! pool, and is limited to 100,000 rows (CSV streams any size).

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{get, web, HttpRequest, HttpResponse};

use super::rules::{self, Cell, Format, COLUMNS};
use super::service::{self, ExportQuery, Plan, BATCH};
use crate::db::Db;
use crate::error::{AppError, AppResult, Problem};
use crate::http::auth::CurrentUser;
use crate::http::State;
use crate::ideas::store::After;

/// Rows an XLSX export may hold (it is sent only once it is whole).
pub const XLSX_MAX_ROWS: i64 = 100_000;

/// Export ideas for the product team: filters, sort and format; public handles only.
#[utoipa::path(tag = "exports", params(ExportQuery), security(("bearer" = [])),
    responses((status = 200, description = "The file (csv, json, ndjson or xlsx)"), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 422, body = Problem)))]
#[get("/exports/ideas")]
pub async fn ideas(
    state: State,
    user: CurrentUser,
    req: HttpRequest,
    query: web::Query<ExportQuery>,
) -> AppResult<HttpResponse> {
    download(&state, &user.0, &req, query.into_inner()).await
}

/// The download both doors give: the API (bearer token) and the export page (session).
pub async fn download(
    state: &State,
    actor: &crate::accounts::Actor,
    req: &HttpRequest,
    query: ExportQuery,
) -> AppResult<HttpResponse> {
    let mut plan = service::prepare(&state.db, actor, query).await?;
    let base = match &state.config.public_url {
        Some(u) => u.trim_end_matches('/').to_string(),
        None => {
            let info = req.connection_info();
            format!("{}://{}", info.scheme(), info.host())
        }
    };
    let stamp = crate::clock::now().format("%Y%m%d-%H%M%S");
    let disposition = format!("attachment; filename=\"ideas-{stamp}.{}\"", plan.format.as_str());
    let mut response = HttpResponse::Ok();
    response
        .content_type(plan.format.content_type())
        .insert_header((header::CONTENT_DISPOSITION, disposition))
        .insert_header((header::CACHE_CONTROL, "no-store"));
    if plan.format == Format::Xlsx {
        plan.limit = plan.limit.min(XLSX_MAX_ROWS);
        let (bytes, rows) = xlsx(&state.db, &plan, &base).await?;
        service::record(&state.db, &plan, rows, true).await?;
        return Ok(response.body(bytes));
    }
    let stream = futures_util::stream::unfold(Streaming::new(state.db.clone(), plan, base), |mut s| async move {
        match s.next_chunk().await {
            Ok(Some(bytes)) => Some((Ok::<Bytes, AppError>(bytes), s)),
            Ok(None) => None,
            Err(e) => {
                tracing::warn!(error = %e, "export stopped");
                s.finished = true;
                Some((Err(e), s))
            }
        }
    });
    Ok(response.streaming(stream))
}

/// The state of a streaming export between batches.
struct Streaming {
    db: Db,
    plan: Plan,
    base: String,
    after: Option<After>,
    rows: u64,
    started: bool,
    finished: bool,
    audited: bool,
}

impl Streaming {
    fn new(db: Db, plan: Plan, base: String) -> Self {
        Streaming { db, plan, base, after: None, rows: 0, started: false, finished: false, audited: false }
    }

    async fn next_chunk(&mut self) -> AppResult<Option<Bytes>> {
        if self.finished {
            return Ok(None);
        }
        let left = self.plan.limit - i64::try_from(self.rows).unwrap_or(i64::MAX);
        let n = left.min(BATCH);
        let (rows, next) = if n > 0 {
            let (plan, base, after) = (self.plan.clone(), self.base.clone(), self.after.clone());
            self.db.run(move |conn| service::batch(conn, &plan, &base, after.as_ref(), n)).await?
        } else {
            (Vec::new(), None)
        };
        let mut out = Vec::with_capacity(rows.len() * 400 + 64);
        if !self.started {
            self.started = true;
            match self.plan.format {
                Format::Csv => {
                    out.extend_from_slice(rules::BOM);
                    let header = vec![COLUMNS.iter().map(|c| Cell::Text((*c).to_string())).collect::<Vec<_>>()];
                    out.extend(rules::csv_records(&header).map_err(|e| AppError::internal(e.to_string()))?);
                }
                Format::Json => out.push(b'['),
                _ => {}
            }
        }
        for row in &rows {
            match self.plan.format {
                Format::Csv => {
                    out.extend(rules::csv_records(&[row.cells()]).map_err(|e| AppError::internal(e.to_string()))?)
                }
                Format::Json => {
                    if self.rows > 0 {
                        out.push(b',');
                    }
                    out.push(b'\n');
                    serde_json::to_writer(&mut out, row).map_err(|e| AppError::internal(e.to_string()))?;
                }
                _ => {
                    serde_json::to_writer(&mut out, row).map_err(|e| AppError::internal(e.to_string()))?;
                    out.push(b'\n');
                }
            }
            self.rows += 1;
        }
        self.after = next;
        if self.after.is_none() || i64::try_from(self.rows).unwrap_or(i64::MAX) >= self.plan.limit {
            self.finished = true;
            if self.plan.format == Format::Json {
                out.extend_from_slice(b"\n]\n");
            }
            self.audited = true;
            service::record(&self.db, &self.plan, self.rows, true).await?;
        }
        Ok(Some(Bytes::from(out)))
    }
}

impl Drop for Streaming {
    /// A download cut off midway is still written to the audit log, with the
    /// rows that were sent.
    fn drop(&mut self) {
        if !self.audited {
            let (db, plan, rows) = (self.db.clone(), self.plan.clone(), self.rows);
            actix_web::rt::spawn(async move {
                if let Err(e) = service::record(&db, &plan, rows, false).await {
                    tracing::warn!(error = %e, "could not audit an interrupted export");
                }
            });
        }
    }
}

/// The whole workbook: a header row in bold, text cells neutralized. It is
/// built on the blocking pool (one database connection for its batches),
/// so no HTTP worker waits on it, and in constant memory: each row goes to a
/// temporary file once the next one starts, so memory does not grow with
/// the rows.
async fn xlsx(db: &Db, plan: &Plan, base: &str) -> AppResult<(Vec<u8>, u64)> {
    let (plan, base) = (plan.clone(), base.to_string());
    db.run(move |conn| workbook(conn, &plan, &base)).await
}

fn workbook(conn: &mut crate::db::DbConn, plan: &Plan, base: &str) -> AppResult<(Vec<u8>, u64)> {
    use rust_xlsxwriter::{Format as XFormat, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| AppError::internal(e.to_string());
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet_with_constant_memory().map_err(fail)?;
    sheet.set_name("Ideas").map_err(fail)?;
    let bold = XFormat::new().set_bold();
    for (c, name) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, u16::try_from(c).unwrap_or(u16::MAX), *name, &bold).map_err(fail)?;
    }
    let mut after: Option<After> = None;
    let mut row_no: u32 = 1;
    loop {
        let left = plan.limit - i64::from(row_no - 1);
        if left <= 0 {
            break;
        }
        let (rows, next) = service::batch(conn, plan, base, after.as_ref(), left.min(BATCH))?;
        for row in &rows {
            for (c, cell) in row.cells().into_iter().enumerate() {
                let col = u16::try_from(c).unwrap_or(u16::MAX);
                match cell {
                    Cell::Text(t) => sheet.write_string(row_no, col, rules::neutralize(&t).as_ref()).map_err(fail)?,
                    Cell::Number(n) => sheet.write_number(row_no, col, n as f64).map_err(fail)?,
                };
            }
            row_no += 1;
        }
        after = next;
        if after.is_none() {
            break;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    let bytes = workbook.save_to_buffer().map_err(fail)?;
    Ok((bytes, u64::from(row_no - 1)))
}

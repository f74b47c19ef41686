//! XLSX downloads are assembled whole (a zip cannot be streamed row by row),
//! in constant memory on the blocking pool, and are limited to
//! `XLSX_MAX_ROWS` rows (CSV streams any size).

use super::rules::{self, Cell, COLUMNS};
use super::service::{self, Plan, BATCH};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::ideas::store::After;

/// Rows an XLSX export may hold (it is sent only once it is whole).
pub const XLSX_MAX_ROWS: i64 = 100_000;

/// The whole workbook: a header row in bold, text cells neutralized. It is
/// built on the blocking pool (one database connection for its batches),
/// so no HTTP worker waits on it, and in constant memory: each row goes to a
/// temporary file once the next one starts, so memory does not grow with
/// the rows.
pub(super) async fn xlsx(db: &Db, plan: &Plan, base: &str) -> AppResult<(Vec<u8>, u64)> {
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

//! CSV, JSON and NDJSON downloads stream batch by batch: the first bytes
//! leave before the rest is read, and a stream holds one batch in memory.
//! Every export is audited when it ends, also when it is cut off midway.

use actix_web::web::Bytes;
use futures_util::stream::Stream;

use super::rules::{self, Cell, Format, COLUMNS};
use super::service::{self, Plan, BATCH};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::ideas::store::After;

/// The download's body: a chunk per batch; an error is logged and ends it.
pub(super) fn chunks(db: Db, plan: Plan, base: String) -> impl Stream<Item = Result<Bytes, AppError>> {
    futures_util::stream::unfold(Streaming::new(db, plan, base), |mut s| async move {
        match s.next_chunk().await {
            Ok(Some(bytes)) => Some((Ok::<Bytes, AppError>(bytes), s)),
            Ok(None) => None,
            Err(e) => {
                tracing::warn!(error = %e, "export stopped");
                s.finished = true;
                Some((Err(e), s))
            }
        }
    })
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

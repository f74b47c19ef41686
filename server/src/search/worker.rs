//! Applies the outbox to the engine, and rebuilds indexes from the database.
//!
//! Any instance may run the worker; the `search_outbox` lease lets one apply
//! at a time, so an older state of a document can never overwrite a newer one.
//! A batch's rows are deleted only after the engine confirmed the batch; when
//! the engine is down the rows stay, the attempt is noted, and the worker
//! retries with a growing pause.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use super::{documents, outbox, DocKind, Engine, EngineError, Search};
use crate::clock;
use crate::db::{Db, DbConn};
use crate::error::{AppError, AppResult};

pub const BATCH: i64 = 500;
const LEASE_TTL_SECS: i64 = 60;
const REBUILD_PAGE: i64 = 2_000;

#[derive(Debug, thiserror::Error)]
pub enum WorkError {
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error(transparent)]
    App(#[from] AppError),
    #[error("another instance holds the search lease")]
    Busy,
}

async fn take_lease(db: &Db, holder: &str) -> AppResult<bool> {
    let holder = holder.to_string();
    db.run(move |conn| {
        Ok(outbox::take_lease(conn, outbox::LEASE, &holder, clock::now(), chrono::Duration::seconds(LEASE_TTL_SECS))?)
    })
    .await
}

async fn release_lease(db: &Db, holder: &str) -> AppResult<()> {
    let holder = holder.to_string();
    db.run(move |conn| Ok(outbox::release_lease(conn, outbox::LEASE, &holder).map(|_| ())?)).await
}

/// Applies one batch of the outbox (the caller holds the lease). Returns how
/// many rows it cleared; 0 when the outbox is empty.
pub async fn apply_batch(db: &Db, engine: &Engine) -> Result<usize, WorkError> {
    let rows = db.run(|conn| Ok(outbox::batch(conn, BATCH)?)).await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let row_ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut by_kind: BTreeMap<&'static str, BTreeSet<String>> = BTreeMap::new();
    for r in &rows {
        if let Some(kind) = DocKind::parse(&r.doc_kind) {
            by_kind.entry(kind.as_str()).or_default().insert(r.doc_id.clone());
        }
    }
    let mut failure: Option<EngineError> = None;
    for (kind, ids) in by_kind {
        let Some(kind) = DocKind::parse(kind) else { continue };
        let ids: Vec<String> = ids.into_iter().collect();
        // The documents' state now: newer than (or as new as) every queued row.
        let docs = db.run(move |conn| Ok(documents::load(conn, kind, &ids)?)).await?;
        let mut upserts = Vec::new();
        let mut deletes = Vec::new();
        for (id, doc) in docs {
            match doc {
                Some(d) => upserts.push(d),
                None => deletes.push(id),
            }
        }
        if let Err(e) = engine.apply(kind, upserts, deletes).await {
            failure = Some(e);
            break;
        }
    }
    match failure {
        None => {
            let n = row_ids.len();
            db.run(move |conn| Ok(outbox::done(conn, &row_ids)?)).await?;
            Ok(n)
        }
        Some(e) => {
            let message = e.to_string();
            db.run(move |conn| Ok(outbox::failed(conn, &row_ids, &message)?)).await?;
            Err(e.into())
        }
    }
}

/// Applies the outbox until it is empty (taking the lease for it), then
/// gives the lease back.
pub async fn drain(db: &Db, search: &Search, holder: &str) -> Result<usize, WorkError> {
    let result = drain_holding(db, search, holder).await;
    release_lease(db, holder).await?;
    result
}

/// Applies the outbox until it is empty, renewing the lease as it goes.
async fn drain_holding(db: &Db, search: &Search, holder: &str) -> Result<usize, WorkError> {
    if !take_lease(db, holder).await? {
        return Err(WorkError::Busy);
    }
    let mut total = 0;
    let result = loop {
        match apply_batch(db, &search.engine).await {
            Ok(0) => break Ok(total),
            Ok(n) => {
                total += n;
                if !take_lease(db, holder).await? {
                    break Err(WorkError::Busy);
                }
            }
            Err(e) => break Err(e),
        }
    };
    result
}

fn page(conn: &mut DbConn, kind: DocKind, after: Option<String>) -> AppResult<Vec<super::SearchDoc>> {
    Ok(documents::page(conn, kind, after.as_deref(), REBUILD_PAGE)?)
}

/// Rebuilds one kind's index from the database. Holds the lease throughout,
/// so outbox rows written meanwhile wait and are applied after it: nothing
/// written during the rebuild is lost, nothing older overwrites it.
pub async fn rebuild(db: &Db, search: &Search, kind: DocKind, holder: &str) -> Result<usize, WorkError> {
    let mut waited = 0;
    while !take_lease(db, holder).await? {
        waited += 1;
        if waited > 120 {
            return Err(WorkError::Busy);
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let result = async {
        search.engine.clear(kind).await?;
        let mut after: Option<String> = None;
        let mut total = 0;
        loop {
            let a = after.clone();
            let docs = db.run(move |conn| page(conn, kind, a)).await?;
            let Some(last) = docs.last().map(|d| d.id.clone()) else { break };
            total += docs.len();
            search.engine.apply(kind, docs, Vec::new()).await?;
            after = Some(last);
            take_lease(db, holder).await?;
        }
        Ok::<usize, WorkError>(total)
    }
    .await;
    release_lease(db, holder).await?;
    result
}

/// The worker loop of one instance: wakes on this instance's writes, and every
/// half second for other instances' writes.
pub fn spawn(db: Db, search: Arc<Search>) {
    let holder = format!("worker-{}", uuid::Uuid::new_v4());
    search.running.store(true, std::sync::atomic::Ordering::SeqCst);
    tokio::spawn(async move {
        let mut pause = Duration::from_millis(500);
        let mut ready = false;
        let mut last_ranks = std::time::Instant::now();
        let mut ranks_queued = super::ranks::Queued::default();
        loop {
            if search.stopping.load(std::sync::atomic::Ordering::SeqCst) {
                break;
            }
            if !ready {
                match prepare(&db, &search, &holder).await {
                    Ok(()) => ready = true,
                    Err(e) => {
                        tracing::warn!(error = %e, "search engine not ready; retrying");
                        tokio::time::sleep(pause).await;
                        pause = (pause * 2).min(Duration::from_secs(30));
                        continue;
                    }
                }
            }
            if last_ranks.elapsed() >= super::ranks::EVERY {
                last_ranks = std::time::Instant::now();
                // What was queued is remembered only once its transaction committed.
                let prev = std::mem::take(&mut ranks_queued);
                let queued = db
                    .run(move |conn| {
                        crate::db::write_tx(conn, |c| Ok(super::ranks::queue(c, crate::clock::now(), &prev)?))
                    })
                    .await;
                match queued {
                    Ok((_, next)) => ranks_queued = next,
                    Err(e) => tracing::warn!(error = %e, "queueing the supported ideas' ranks failed; retrying"),
                }
            }
            let pending = db.run(|conn| Ok(outbox::batch(conn, 1)?)).await.map(|rows| !rows.is_empty());
            if let Ok(false) = pending {
                let _ = tokio::time::timeout(Duration::from_millis(500), search.wake.notified()).await;
                continue;
            }
            // Let the writes of a burst gather into one batch (one engine commit).
            tokio::time::sleep(Duration::from_millis(250)).await;
            match drain(&db, &search, &holder).await {
                Ok(n) => {
                    if n > 0 {
                        tracing::debug!(applied = n, "search outbox applied");
                    }
                    pause = Duration::from_millis(500);
                }
                Err(WorkError::Busy) => {
                    let _ = tokio::time::timeout(Duration::from_secs(2), search.wake.notified()).await;
                }
                Err(e) => {
                    tracing::warn!(error = %e, retry_in_ms = pause.as_millis() as u64, "search outbox not applied; retrying");
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(Duration::from_secs(30));
                }
            }
        }
        search.running.store(false, std::sync::atomic::Ordering::SeqCst);
    });
}

/// Sets the engine up; builds indexes that are new (a fresh embedded index
/// directory, a Meilisearch index that did not exist) from the database.
async fn prepare(db: &Db, search: &Search, holder: &str) -> Result<(), WorkError> {
    let fresh: Vec<DocKind> = match &search.engine {
        Engine::Embedded(e) => {
            if e.fresh {
                DocKind::ALL.to_vec()
            } else {
                Vec::new()
            }
        }
        Engine::Meili(m) => m.setup_indexes().await?,
    };
    for kind in fresh {
        let n = rebuild(db, search, kind, holder).await?;
        tracing::info!(kind = kind.as_str(), documents = n, "search index built from the database");
    }
    Ok(())
}

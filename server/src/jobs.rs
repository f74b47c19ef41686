//! Background jobs. Each is safe to run on several instances at once (every
//! change is a conditional UPDATE that only one run can win, or a fold that
//! rolls back when another run took its rows first), so every app
//! instance runs them on a timer and `ideashelf jobs run --as-of` runs them once.

use chrono::NaiveDateTime;

use crate::db::Db;
use crate::error::AppResult;
use crate::tracker;

#[derive(Debug, Default, serde::Serialize)]
pub struct JobReport {
    pub expired: usize,
    /// Members whose 30-day leaderboard total lost points that fell out of the window.
    pub window_members: usize,
    /// Leaderboard histogram deltas folded into their buckets.
    pub folded: usize,
    /// Sign-in sessions deleted because their tokens can no longer be used.
    pub sessions_deleted: usize,
    /// Mail tokens (verification, reset, address change) deleted because they expired.
    pub tokens_deleted: usize,
    /// Daily and weekly digests queued.
    pub digests: usize,
    /// Pictures deleted because they were never attached (a day after their upload).
    pub orphan_pictures: usize,
    /// Counted writes (write limits) and their buckets deleted because no window counts them any more.
    pub write_counts_deleted: usize,
    /// Client marks deleted after 90 days (privacy).
    pub marks_deleted: usize,
    /// New trust cases (suspected vote rings) opened by the hourly scan.
    pub trust_cases: usize,
    /// Product testers' shipping addresses deleted 30 days after the report was due.
    pub test_addresses_deleted: usize,
    /// Reminders sent to testers whose report is due in 3 days (once per tester).
    pub test_reminders: usize,
}

/// How often the community is scanned for vote rings (by one instance: a lease).
pub const TRUST_SCAN_EVERY: chrono::Duration = chrono::Duration::hours(1);

/// How long a revoked session's row is kept (its token is refused from the moment it is revoked).
pub const REVOKED_SESSION_DAYS: i64 = 1;

pub async fn run_all(
    db: &Db,
    links: &crate::notifications::mail::MailLinks,
    media: &crate::images::storage::Media,
    as_of: NaiveDateTime,
) -> AppResult<JobReport> {
    run_all_observed(db, links, media, as_of, None).await
}

/// Runs one job, counting its run, outcome and duration under its name when there are metrics to count in.
async fn timed<T>(
    metrics: Option<&crate::metrics::Metrics>,
    job: &str,
    run: impl std::future::Future<Output = AppResult<T>>,
) -> AppResult<T> {
    let started = std::time::Instant::now();
    let result = run.await;
    if let Some(m) = metrics {
        m.job_ran(job, result.is_ok(), started.elapsed());
    }
    result
}

/// `run_all`, each job's run counted in `metrics` (the server's timer).
pub async fn run_all_observed(
    db: &Db,
    links: &crate::notifications::mail::MailLinks,
    media: &crate::images::storage::Media,
    as_of: NaiveDateTime,
    m: Option<&crate::metrics::Metrics>,
) -> AppResult<JobReport> {
    let expired = timed(m, "expire_due", tracker::service::expire_due(db, as_of)).await?;
    // Safe on several instances: each close is settled by one conditional UPDATE (docs/FAN_VOTES.md).
    timed(m, "fan_votes_settle", crate::fan_votes::service::settle_due(db, as_of)).await?;
    // Safe on several instances: the window's row lock lets one do the work; the others find it done.
    timed(m, "points_pending", db.run(crate::points::service::settle)).await?;
    let window_members =
        timed(m, "points_window", db.run(move |conn| crate::points::service::advance_window(conn, as_of))).await?;
    // Safe on several instances: of two folding the same deltas, one rolls back.
    let folded = timed(m, "fold_counts", db.run(crate::points::service::fold_counts)).await?;
    timed(m, "search_ranks", queue_ranks(db)).await?;
    // Personal data kept only while it has a purpose: spent sessions go (an idempotent DELETE). By the wall
    // clock, which also decides whether a token is still valid, not by `as_of`.
    let now = crate::clock::now();
    let revoked_before = now - chrono::Duration::days(REVOKED_SESSION_DAYS);
    let sessions_deleted = timed(
        m,
        "spent_sessions",
        db.run(move |conn| Ok(crate::accounts::store::delete_spent_sessions(conn, now, revoked_before)?)),
    )
    .await?;
    let tokens_deleted = timed(
        m,
        "expired_mail_tokens",
        db.run(move |conn| Ok(crate::accounts::store::delete_expired_email_tokens(conn, now)?)),
    )
    .await?;
    // Safe on several instances: each member's period is claimed by one conditional write.
    let digests = timed(m, "digests", crate::notifications::mail::send_digests(db, links, as_of)).await?;
    // Safe on several instances: deleting a deleted row is nothing; files are deleted only when no row names them.
    let orphan_pictures = timed(m, "orphan_pictures", crate::images::service::sweep_orphans(db, media, as_of)).await?;
    // Safe on several instances: an idempotent DELETE, by the wall clock like the sessions.
    let write_counts_deleted =
        timed(m, "write_counts", db.run(move |conn| crate::limits::service::sweep(conn, now))).await?;
    // Safe on several instances: deleting what is deleted is nothing.
    let marks_deleted = timed(m, "client_marks", crate::trust::service::expire_marks(db, now)).await?;
    // One instance an hour (the lease); a ring found twice is one case (its fingerprint is unique).
    let trust_cases = timed(m, "trust_scan", crate::trust::service::scheduled_scan(db, now, TRUST_SCAN_EVERY))
        .await?
        .map_or(0, |r| r.opened);
    // Safe on several instances: an idempotent UPDATE, and each reminder claimed by a conditional UPDATE.
    let tests = timed(m, "product_tests", crate::product_tests::service::run_jobs(db, as_of)).await?;
    Ok(JobReport {
        test_addresses_deleted: tests.addresses_deleted,
        test_reminders: tests.reminders,
        expired,
        window_members,
        folded,
        sessions_deleted,
        tokens_deleted,
        digests,
        orphan_pictures,
        write_counts_deleted,
        marks_deleted,
        trust_cases,
    })
}

/// Queues the ideas supported since the last batch for the search index (`search::ranks`; every search
/// worker does this every `search::ranks::EVERY` too).
pub async fn queue_ranks(db: &Db) -> AppResult<usize> {
    db.run(|conn| {
        crate::db::write_tx(conn, |c| Ok(crate::search::ranks::queue(c, crate::clock::now(), &Default::default())?.0))
    })
    .await
}

/// How often every instance folds the leaderboards' place-count deltas, apart
/// from the other jobs: a member's place reads the deltas not yet folded, so
/// they are kept to what a few seconds of writes leave (an empty fold is one
/// index lookup).
pub const FOLD_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// How often every instance applies the ledger entries whose leaderboard caches a support deferred.
pub const PENDING_EVERY: std::time::Duration = std::time::Duration::from_millis(500);

/// Applies the deferred leaderboard caches every `PENDING_EVERY` (docs/POINTS.md, "Deferred caches"), until
/// the process ends. Every application instance runs it; of several, each batch skips the rows another holds.
pub fn spawn_pending_batches(db: Db) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(PENDING_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            loop {
                let applied =
                    db.run(|conn| crate::points::service::apply_pending(conn, false, crate::clock::now())).await;
                match applied {
                    Ok(n) if n >= usize::try_from(crate::points::service::PENDING_BATCH).unwrap_or(usize::MAX) => {}
                    Ok(_) => break,
                    Err(e) => {
                        tracing::warn!(error = %e, "applying the deferred leaderboard caches failed; retrying");
                        break;
                    }
                }
            }
        }
    });
}

/// Runs the jobs every `period`, and the fold every `FOLD_EVERY`, until the process ends.
pub fn spawn_timer(
    db: Db,
    links: crate::notifications::mail::MailLinks,
    media: crate::images::storage::Media,
    period: std::time::Duration,
    metrics: crate::metrics::Metrics,
) {
    let fold_db = db.clone();
    let fold_metrics = metrics.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(FOLD_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) =
                timed(Some(&fold_metrics), "fold_counts", fold_db.run(crate::points::service::fold_counts)).await
            {
                tracing::warn!(error = %e, "folding the place counts failed; retrying at the next tick");
            }
        }
    });
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(period);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match run_all_observed(&db, &links, &media, crate::clock::now(), Some(&metrics)).await {
                Ok(report) if report.expired > 0 || report.window_members > 0 => {
                    tracing::info!(
                        expired = report.expired,
                        window_members = report.window_members,
                        folded = report.folded,
                        "jobs ran"
                    )
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "jobs failed; retrying at the next tick"),
            }
        }
    });
}

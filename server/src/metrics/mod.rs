//! What operators see (docs/OPERATIONS.md, "Metrics"): one Prometheus registry per application (not a global,
//! so several apps in one process keep their own counts), the request histogram the access middleware
//! (`http/access.rs`) feeds, job runs, supports, and the gauges read on each scrape (the database pool, each
//! outbox's backlog). `api.rs` answers `GET /metrics`; `rules.rs` holds the pure decisions.

pub mod api;
pub mod rules;

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::QueryResult;
use prometheus::{Encoder, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGaugeVec, Opts};

use crate::db::{Db, DbConn};
use crate::error::{AppError, AppResult};

/// A query giving an outbox's rows waiting and the oldest one's time (a cheap `COUNT` and `MIN`).
pub type Backlog = fn(&mut DbConn) -> QueryResult<(i64, Option<NaiveDateTime>)>;

/// An outbox whose backlog the scrape reads.
pub struct Outbox {
    pub name: &'static str,
    pub backlog: Backlog,
}

/// Every outbox, one line each.
pub const OUTBOXES: &[Outbox] = &[
    Outbox { name: "search", backlog: crate::search::outbox::pending },
    Outbox { name: "mail", backlog: crate::mail::store::backlog },
    Outbox { name: "webhooks", backlog: crate::webhooks::store::backlog },
    // The supports' deferred leaderboard caches (docs/POINTS.md, "Deferred caches").
    Outbox { name: "points", backlog: crate::points::store::pending_backlog },
];

/// The application's metrics. Cheap to clone.
#[derive(Clone)]
pub struct Metrics(Arc<Inner>);

struct Inner {
    registry: prometheus::Registry,
    requests: HistogramVec,
    supports: IntCounter,
    job_runs: IntCounterVec,
    job_seconds: HistogramVec,
    pool: IntGaugeVec,
    outbox_backlog: IntGaugeVec,
    outbox_oldest: prometheus::GaugeVec,
}

impl Metrics {
    /// A fresh registry with every metric in it (fails only if two definitions share a name).
    pub fn new() -> prometheus::Result<Metrics> {
        let registry = prometheus::Registry::new();
        let requests = HistogramVec::new(
            HistogramOpts::new(
                "ideashelf_http_request_duration_seconds",
                "Time from a request's arrival to its answer's head, by route pattern and status; \
                 its _count is the number of requests",
            )
            .buckets(rules::LATENCY_BUCKETS.to_vec()),
            &["method", "route", "status"],
        );
        let supports = IntCounter::new("ideashelf_supports_total", "Supports answered with supported: true");
        let job_runs = IntCounterVec::new(
            Opts::new("ideashelf_job_runs_total", "Background job runs by job and outcome (ok, error)"),
            &["job", "outcome"],
        );
        let job_seconds = HistogramVec::new(
            HistogramOpts::new("ideashelf_job_duration_seconds", "How long a background job's run took")
                .buckets(rules::JOB_BUCKETS.to_vec()),
            &["job"],
        );
        let pool = IntGaugeVec::new(
            Opts::new(
                "ideashelf_db_pool_connections",
                "The database pool: connections in use, idle, the maximum, and callers waiting for one",
            ),
            &["state"],
        );
        let outbox_backlog = IntGaugeVec::new(
            Opts::new("ideashelf_outbox_backlog", "Rows waiting in an outbox (search, mail, ...)"),
            &["outbox"],
        );
        let outbox_oldest = prometheus::GaugeVec::new(
            Opts::new("ideashelf_outbox_oldest_age_seconds", "Age of the oldest row waiting in an outbox (0 if none)"),
            &["outbox"],
        );
        let (requests, supports, job_runs, job_seconds) = (requests?, supports?, job_runs?, job_seconds?);
        let (pool, outbox_backlog, outbox_oldest) = (pool?, outbox_backlog?, outbox_oldest?);
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(supports.clone()))?;
        registry.register(Box::new(job_runs.clone()))?;
        registry.register(Box::new(job_seconds.clone()))?;
        registry.register(Box::new(pool.clone()))?;
        registry.register(Box::new(outbox_backlog.clone()))?;
        registry.register(Box::new(outbox_oldest.clone()))?;
        Ok(Metrics(Arc::new(Inner {
            registry,
            requests,
            supports,
            job_runs,
            job_seconds,
            pool,
            outbox_backlog,
            outbox_oldest,
        })))
    }

    /// The histogram of one route pattern, method and status (the access middleware keeps no other state).
    pub fn request(&self, method: &str, route: &str, status: &str) -> Histogram {
        self.0.requests.with_label_values(&[method, route, status])
    }

    /// A support answered with `supported: true`.
    pub fn support(&self) {
        self.0.supports.inc();
    }

    /// A background job ran.
    pub fn job_ran(&self, job: &str, ok: bool, took: Duration) {
        self.0.job_runs.with_label_values(&[job, if ok { "ok" } else { "error" }]).inc();
        self.0.job_seconds.with_label_values(&[job]).observe(took.as_secs_f64());
    }

    /// Reads the gauges that are computed on a scrape (pool, outboxes) and encodes every metric in the
    /// Prometheus text format.
    pub async fn scrape(&self, db: &Db) -> AppResult<String> {
        let pool = db.pool_status();
        let g = &self.0.pool;
        g.with_label_values(&["in_use"]).set(i64::from(pool.connections.saturating_sub(pool.idle)));
        g.with_label_values(&["idle"]).set(i64::from(pool.idle));
        g.with_label_values(&["max"]).set(i64::from(pool.max));
        g.with_label_values(&["waiting"]).set(pool.waiting);
        let backlogs = db
            .run(|conn| {
                let now = crate::clock::now();
                OUTBOXES
                    .iter()
                    .map(|o| {
                        let (count, oldest) = (o.backlog)(conn)?;
                        let age = oldest.map_or(0.0, |t| (now - t).num_microseconds().unwrap_or(0).max(0) as f64 / 1e6);
                        Ok((o.name, count, age))
                    })
                    .collect::<Result<Vec<_>, diesel::result::Error>>()
                    .map_err(AppError::from)
            })
            .await?;
        for (name, count, age) in backlogs {
            self.0.outbox_backlog.with_label_values(&[name]).set(count);
            self.0.outbox_oldest.with_label_values(&[name]).set(age);
        }
        let mut out = Vec::with_capacity(16 * 1024);
        prometheus::TextEncoder::new()
            .encode(&self.0.registry.gather(), &mut out)
            .map_err(|e| AppError::internal(format!("encoding the metrics: {e}")))?;
        String::from_utf8(out).map_err(|e| AppError::internal(format!("encoding the metrics: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_metric_definitions_register_and_count_apart_per_app() {
        let a = Metrics::new().unwrap();
        let b = Metrics::new().unwrap();
        a.request("GET", "/healthz", "200").observe(0.002);
        a.support();
        assert_eq!(a.0.requests.with_label_values(&["GET", "/healthz", "200"]).get_sample_count(), 1);
        assert_eq!(b.0.requests.with_label_values(&["GET", "/healthz", "200"]).get_sample_count(), 0);
        assert_eq!((a.0.supports.get(), b.0.supports.get()), (1, 0));
    }
}

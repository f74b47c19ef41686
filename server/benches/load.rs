#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Load benchmark: support throughput and idea-listing latency under
//! concurrent load, on SQLite and PostgreSQL, each beside the raw database
//! doing the minimal work in the same run: for a support, the minimal
//! transaction (insert the support, add one to the idea's count); for a
//! listing, the page's query. Also CPU milliseconds per support (app and
//! database), rows written per support (PostgreSQL's statistics) and the
//! peak resident memory under the vote load.
//!
//!     cargo bench -p ideashelf --bench load
//!     cargo bench -p ideashelf --bench load -- --backend sqlite --ideas 100000
//!
//! See docs/BENCHMARKS.md for what every number means. Only 127.0.0.1 traffic;
//! every phase is bounded in requests and in seconds.

mod common;

use std::future::Future;
use std::ops::Range;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use common::PgScratch;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use ideashelf::accounts::token::TokenKeys;
use ideashelf::accounts::{password, Actor, Role};
use ideashelf::challenges::store::NewChallenge;
use ideashelf::config::Config;
use ideashelf::db::schema::{idea_tags, ideas, supports, users};
use ideashelf::db::{write_tx, Db, DbConn};
use ideashelf::ideas::rules::{log_add_exp, trend_term, IdeaStatus};
use ideashelf::ideas::store::{After, Filter, Sort};
use ideashelf::pagination::encode_cursor;
use ideashelf::Application;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Signs the members' tokens; the app is configured with the same secret.
const JWT_SECRET: &str = "ideashelf-load-benchmark-secret-0123456789abcdef";
/// Goal: HTTP support throughput at least this share of the minimal raw transaction's rate, at 8 and 32
/// connections (PostgreSQL, SQLite).
const SUPPORT_RATIO_GOAL_PG: f64 = 0.35;
const SUPPORT_RATIO_GOAL_SQLITE: f64 = 0.50;
/// The levels the ratio goal applies to.
const RATIO_LEVELS: [usize; 2] = [8, 32];
/// Goal: sustained supports per second (PostgreSQL, SQLite), at the highest level.
const SUPPORT_RATE_GOAL_PG: f64 = 800.0;
const SUPPORT_RATE_GOAL_SQLITE: f64 = 1000.0;
/// Goal: p99 of a support at 32 connections on PostgreSQL.
const SUPPORT_P99_GOAL_MS: f64 = 50.0;
/// Goal: the first page of `top` and `new` at least this share of the raw listing query's rate.
const LIST_RATIO_GOAL: f64 = 0.35;
/// Goal: listing p99 below this many milliseconds (at `--list-conns`, default 32).
const LIST_P99_GOAL_MS: f64 = 25.0;
/// Goal: peak resident memory of the process under the vote load.
const RSS_GOAL_MB: f64 = 120.0;
/// Supports run before the measured support phases (HTTP and raw each), not reported.
const SUPPORT_WARMUP: usize = 256;
/// Listing requests per variant before its measured requests, not reported.
const LIST_WARMUP: usize = 200;
/// Pages walked to collect the cursors of the `cursor` listing variants.
const CURSOR_PAGES: usize = 50;
const PAGE: usize = 20;
/// The name of the load generator's threads (the HTTP client), for CPU accounting.
const CLIENT_THREADS: &str = "bench-client";

// ---- arguments --------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[derive(Debug, Clone)]
struct Args {
    backends: Vec<Backend>,
    ideas: usize,
    authors: usize,
    levels: Vec<usize>,
    supports: usize,
    list_conns: usize,
    list_requests: usize,
    db_pool: u32,
    workers: Option<usize>,
    max_phase: Duration,
    pg_url: String,
    seed: u64,
    inline_app: bool,
    /// `--perf DIR`: `perf record` around the top level's support phases and the `top` listing.
    perf: Option<std::path::PathBuf>,
}

const USAGE: &str = "\
cargo bench -p ideashelf --bench load [-- OPTIONS]

  --backend sqlite|postgres|both  backends to measure (default: both)
  --ideas N              ideas in the fixture (default: 10000)
  --authors N            members who wrote them (default: 1000)
  --levels A,B,C         concurrent connections of the support phases (default: 1,8,32)
  --supports N           supports per support phase, HTTP and raw each (default: 3000)
  --list-conns N         concurrent connections of the listing phases (default: 32)
  --list-requests N      measured requests per listing variant (default: 10000)
  --db-pool N            database pool of the app and of the raw runs (default: 16)
  --workers N            HTTP worker threads (default: the app's, one per core)
  --max-phase-secs S     upper bound on every phase; a phase cut short reports what it did (default: 30)
  --pg-url URL           PostgreSQL admin URL; a fresh database is created there and
                         dropped afterwards (default: $IDEASHELF_BENCH_PG_URL, else
                         $IDEASHELF_TEST_PG_URL, else postgres://postgres@127.0.0.1:5432/postgres)
  --seed N               fixture and workload seed (default: 42)
  --inline-app           run the app inside the benchmark's process instead of as its own
                         `ideashelf serve` process (the default, as deployed: its CPU and
                         peak RSS are then the app's alone)
  --perf DIR             profile with `perf record` (Linux perf must be installed): around the
                         support phases at the highest level (HTTP with its backlog, and raw) and
                         the `list top` phases (HTTP and raw query), write DIR/<backend>-<phase>-all.data
                         (every process, flat, 999 Hz) and DIR/<backend>-<phase>-app.data (the
                         app's process, DWARF call graphs, 499 Hz); see docs/BENCHMARKS.md, \"Profiles\"";

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        backends: vec![Backend::Sqlite, Backend::Postgres],
        ideas: 10_000,
        authors: 1_000,
        levels: vec![1, 8, 32],
        supports: 3_000,
        list_conns: 32,
        list_requests: 10_000,
        db_pool: 16,
        workers: None,
        max_phase: Duration::from_secs(30),
        pg_url: std::env::var("IDEASHELF_BENCH_PG_URL")
            .or_else(|_| std::env::var("IDEASHELF_TEST_PG_URL"))
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into()),
        seed: 42,
        inline_app: false,
        perf: None,
    };
    let mut it = std::env::args().skip(1);
    fn num<T: std::str::FromStr>(flag: &str, v: Option<String>) -> Result<T, String> {
        v.as_deref().and_then(|s| s.parse().ok()).ok_or_else(|| format!("{flag} takes a number"))
    }
    while let Some(arg) = it.next() {
        match arg.as_str() {
            // cargo bench passes --bench to harness = false targets.
            "--bench" => {}
            "--help" | "-h" => return Err(USAGE.into()),
            "--backend" => {
                a.backends = match it.next().as_deref() {
                    Some("sqlite") => vec![Backend::Sqlite],
                    Some("postgres") | Some("pg") => vec![Backend::Postgres],
                    Some("both") | Some("all") => vec![Backend::Sqlite, Backend::Postgres],
                    other => return Err(format!("--backend takes sqlite, postgres or both, not {other:?}")),
                }
            }
            "--ideas" => a.ideas = num(&arg, it.next())?,
            "--authors" => a.authors = num(&arg, it.next())?,
            "--levels" => {
                let raw = it.next().unwrap_or_default();
                a.levels = raw
                    .split(',')
                    .map(|s| s.trim().parse::<usize>().map_err(|_| format!("--levels: {s:?} is not a number")))
                    .collect::<Result<_, _>>()?;
            }
            "--supports" => a.supports = num(&arg, it.next())?,
            "--list-conns" => a.list_conns = num(&arg, it.next())?,
            "--list-requests" => a.list_requests = num(&arg, it.next())?,
            "--db-pool" => a.db_pool = num(&arg, it.next())?,
            "--workers" => a.workers = Some(num(&arg, it.next())?),
            "--max-phase-secs" => a.max_phase = Duration::from_secs(num(&arg, it.next())?),
            "--pg-url" => a.pg_url = it.next().ok_or("--pg-url takes a URL")?,
            "--seed" => a.seed = num(&arg, it.next())?,
            "--inline-app" => a.inline_app = true,
            "--perf" => a.perf = Some(it.next().ok_or("--perf takes a directory")?.into()),
            other if other.starts_with('-') => return Err(format!("unknown option {other}\n\n{USAGE}")),
            // A positional filter (as `cargo bench load` passes one) selects nothing here.
            _ => {}
        }
    }
    let positive = [a.ideas, a.authors, a.supports, a.list_conns, a.list_requests];
    if positive.contains(&0) || a.levels.is_empty() || a.levels.contains(&0) || a.db_pool == 0 {
        return Err("counts, levels and the pool must be positive".into());
    }
    if a.ideas < 1_000 {
        return Err("--ideas must be at least 1000 (the listing walks 50 pages)".into());
    }
    Ok(a)
}

// ---- fixtures -----------------------------------------------------------------

const TAGS: [&str; 24] = [
    "mobile",
    "web",
    "search",
    "billing",
    "onboarding",
    "privacy",
    "export",
    "import",
    "reports",
    "api",
    "accessibility",
    "performance",
    "dark-mode",
    "notifications",
    "teams",
    "admin",
    "security",
    "i18n",
    "offline",
    "calendar",
    "email",
    "integrations",
    "analytics",
    "pricing",
];
const NOUNS: [&str; 12] = [
    "dashboard",
    "search page",
    "export",
    "sign-up flow",
    "invoice",
    "mobile app",
    "report builder",
    "calendar",
    "inbox",
    "settings page",
    "onboarding tour",
    "API",
];
const ADJECTIVES: [&str; 8] = ["faster", "simpler", "clearer", "friendlier", "safer", "smarter", "lighter", "quieter"];

struct Templates {
    bodies: Vec<(String, String)>,
}

impl Templates {
    /// A few Markdown bodies of typical length, rendered once.
    fn new() -> Templates {
        let bodies = (0..16)
            .map(|i| {
                let body = format!(
                    "## Problem\n\nToday the {noun} takes **too many steps**: people open it, look for the \
                     option they need, give up and write to support instead. Variant {i}.\n\n\
                     ## Proposal\n\n- Show the three most used actions first\n- Remember the last choice\n\
                     - Link to the [guide](https://example.org/guide/{i})\n\n\
                     ## Why\n\nIt would make the {noun} {adj} for everyone, and *especially* for new members.",
                    noun = NOUNS[i % NOUNS.len()],
                    adj = ADJECTIVES[i % ADJECTIVES.len()],
                );
                let html = ideashelf::markdown::render(&body);
                (body, html)
            })
            .collect();
        Templates { bodies }
    }
}

struct IdeaSpec {
    id: String,
    challenge: bool,
    author: usize,
    title: String,
    summary: String,
    template: usize,
    status: &'static str,
    supports: i32,
    /// The support tier reached with `supports`, and the deadline of the next one.
    tier: i32,
    tier_deadline: Option<NaiveDateTime>,
    trend: f64,
    created: NaiveDateTime,
    tags: Vec<&'static str>,
}

struct Fixture {
    /// Supporting members (never authors), one per support operation.
    members: Vec<Actor>,
    tokens: Vec<String>,
    /// Ideas members may support: gathering support, on the open board or in the open challenge.
    supportable: Vec<String>,
    /// The challenge of each supportable idea (the support row carries it).
    supportable_challenge: Vec<Option<String>>,
    challenge_slug: String,
    /// Ideas in the default lists (every status but pending, rejected and merged).
    public_ideas: usize,
    counts: String,
}

fn uuid_v7_at(t: NaiveDateTime, rng: &mut StdRng) -> String {
    let secs = u64::try_from(t.and_utc().timestamp()).unwrap_or(0);
    let nanos = t.and_utc().timestamp_subsec_nanos();
    let ts = uuid::Timestamp::from_unix(uuid::NoContext, secs, nanos);
    // new_v7 fills the rest with random bits; mixing in our seeded bits keeps ids unique
    // even for equal timestamps.
    let mut bytes = *uuid::Uuid::new_v7(ts).as_bytes();
    let extra: [u8; 8] = rng.random();
    for (b, e) in bytes[8..].iter_mut().zip(extra) {
        *b ^= e;
    }
    uuid::Builder::from_bytes(bytes).with_variant(uuid::Variant::RFC4122).into_uuid().to_string()
}

/// Inserts members, one open challenge and the ideas (with tags) straight
/// through diesel, in batched multi-row INSERTs inside one transaction.
fn load_fixtures(db: &Db, args: &Args, members_needed: usize, terms_version: &str) -> anyhow::Result<Fixture> {
    let started = Instant::now();
    let mut rng = StdRng::seed_from_u64(args.seed);
    let now = ideashelf::clock::now();
    let hash = password::hash("bench password, never used to sign in")?;
    let keys = TokenKeys::new(JWT_SECRET.as_bytes());

    // Users: one admin (creates the challenge), the authors, the supporting members.
    struct U {
        id: String,
        handle: String,
        role: &'static str,
    }
    let mut people: Vec<U> = Vec::with_capacity(1 + args.authors + members_needed);
    people.push(U { id: uuid::Uuid::now_v7().to_string(), handle: "bench_admin".into(), role: Role::Admin.as_str() });
    for i in 0..args.authors {
        people.push(U { id: uuid::Uuid::now_v7().to_string(), handle: format!("author{i}"), role: "member" });
    }
    for i in 0..members_needed {
        people.push(U { id: uuid::Uuid::now_v7().to_string(), handle: format!("member{i}"), role: "member" });
    }
    let emails: Vec<String> = people.iter().map(|u| format!("{}@bench.example.org", u.handle)).collect();

    // Ideas.
    let templates = Templates::new();
    // Every idea climbs the default ladder (100 / 1,000 / 5,000 / 10,000); the
    // fixture's counts (below 1,000) never finish it, so no idea leaves the
    // support phase during the run.
    let tiers = ideashelf::tracker::rules::default_tiers();
    let challenge_id = uuid::Uuid::now_v7().to_string();
    let challenge_slug = "bench-open".to_string();
    let day = 86_400_i64;
    let mut specs: Vec<IdeaSpec> = (0..args.ideas)
        .map(|i| {
            let age = rng.random_range(0..180 * day);
            let created = now - chrono::Duration::seconds(age);
            let r: f64 = rng.random();
            let status = if r < 0.03 {
                "pending"
            } else if r < 0.05 {
                "rejected"
            } else if r < 0.07 {
                "in_review"
            } else if r < 0.08 {
                "approved"
            } else if r < 0.09 {
                "declined"
            } else if r < 0.10 {
                "on_shelf"
            } else {
                "gathering_support"
            };
            // Log-uniform support counts 0..999: many small, a few large.
            let supports = if status == "pending" || status == "rejected" {
                0
            } else {
                (1000f64.powf(rng.random::<f64>()) - 1.0).floor() as i32
            };
            // As if the supports came in over the idea's first day.
            let base = trend_term(created.and_utc().timestamp());
            let trend = if supports > 0 { log_add_exp(base, base + f64::from(supports).ln()) } else { base };
            // The tier its count has reached, as if it had just been reached (deadline ahead).
            let (tier, tier_deadline) = if status == "gathering_support" {
                let first = ideashelf::tracker::rules::first_deadline(&tiers, now);
                let p = ideashelf::tracker::rules::progress(&tiers, 0, supports, now, first);
                (i32::try_from(p.tier).unwrap_or(0), p.deadline)
            } else {
                (0, None)
            };
            let ntags = rng.random_range(0..=2);
            let mut tags: Vec<&'static str> = Vec::new();
            for _ in 0..ntags {
                let t = TAGS[rng.random_range(0..TAGS.len())];
                if !tags.contains(&t) {
                    tags.push(t);
                }
            }
            let noun = NOUNS[rng.random_range(0..NOUNS.len())];
            let adj = ADJECTIVES[rng.random_range(0..ADJECTIVES.len())];
            IdeaSpec {
                id: uuid_v7_at(created, &mut rng),
                challenge: rng.random_bool(0.2),
                author: rng.random_range(0..args.authors),
                title: format!("Make the {noun} {adj} (#{i})"),
                summary: format!(
                    "A short pitch for idea {i}: the {noun} could be {adj} with a few small changes that \
                     members asked for."
                ),
                template: i % templates.bodies.len(),
                status,
                supports,
                tier,
                tier_deadline,
                trend,
                created,
                tags,
            }
        })
        .collect();
    specs.sort_by(|a, b| a.id.cmp(&b.id));

    let mut conn = db.get().map_err(|e| anyhow::anyhow!("{e}"))?;
    write_tx(&mut conn, |conn: &mut DbConn| -> Result<(), diesel::result::Error> {
        for chunk in people.chunks(1_000).zip(emails.chunks(1_000)) {
            let rows: Vec<_> = chunk
                .0
                .iter()
                .zip(chunk.1)
                .map(|(u, email)| {
                    (
                        users::id.eq(u.id.as_str()),
                        users::handle.eq(u.handle.as_str()),
                        users::handle_key.eq(u.handle.as_str()),
                        users::email.eq(email.as_str()),
                        users::email_key.eq(email.as_str()),
                        users::display_name.eq(u.handle.as_str()),
                        users::password_hash.eq(hash.as_str()),
                        users::role.eq(u.role),
                        // Verified, as members who support are (the app as deployed requires it).
                        users::email_verified_at.eq(Some(now)),
                        users::created_at.eq(now),
                        users::updated_at.eq(now),
                    )
                })
                .collect();
            ideashelf::per_backend!(conn, c => diesel::insert_into(users::table).values(&rows).execute(c))?;
        }
        ideashelf::challenges::store::insert(
            conn,
            &NewChallenge {
                id: challenge_id.clone(),
                slug: challenge_slug.clone(),
                title: "Benchmark challenge".into(),
                brief: "Open for the whole run.".into(),
                brief_html: "<p>Open for the whole run.</p>".into(),
                opens_at: now - chrono::Duration::days(200),
                closes_at: now + chrono::Duration::days(30),
                support_threshold: tiers.last().map(|t| t.supports).unwrap_or(100),
                vote_mode: ideashelf::challenges::rules::VoteMode::Support,
                vote_budget: None,
                created_by: people[0].id.clone(),
                created_at: now,
                updated_at: now,
                support_tiers: serde_json::to_string(&tiers).unwrap_or_default(),
                premoderation: false,
                price_bands: "[]".into(),
            },
        )?;
        for chunk in specs.chunks(1_000) {
            let rows: Vec<_> = chunk
                .iter()
                .map(|s| {
                    let (body, html) = &templates.bodies[s.template];
                    (
                        ideas::id.eq(s.id.as_str()),
                        ideas::challenge_id.eq(s.challenge.then_some(challenge_id.as_str())),
                        ideas::author_id.eq(people[1 + s.author].id.as_str()),
                        ideas::title.eq(s.title.as_str()),
                        ideas::summary.eq(s.summary.as_str()),
                        ideas::body.eq(body.as_str()),
                        ideas::body_html.eq(html.as_str()),
                        ideas::status.eq(s.status),
                        ideas::supports_count.eq(s.supports),
                        ideas::comments_count.eq(0),
                        ideas::trend_score.eq(s.trend),
                        ideas::created_at.eq(s.created),
                        ideas::updated_at.eq(s.created),
                        ideas::tier.eq(s.tier),
                        ideas::tier_deadline.eq(s.tier_deadline),
                        ideas::status_changed_at.eq(Some(s.created)),
                    )
                })
                .collect();
            ideashelf::per_backend!(conn, c => diesel::insert_into(ideas::table).values(&rows).execute(c))?;
        }
        let tag_rows: Vec<(&str, &str)> =
            specs.iter().flat_map(|s| s.tags.iter().map(move |t| (s.id.as_str(), *t))).collect();
        for chunk in tag_rows.chunks(5_000) {
            let rows: Vec<_> =
                chunk.iter().map(|(id, t)| (idea_tags::idea_id.eq(*id), idea_tags::tag.eq(*t))).collect();
            ideashelf::per_backend!(conn, c => diesel::insert_into(idea_tags::table).values(&rows).execute(c))?;
        }
        Ok(())
    })?;
    if db.backend() == ideashelf::db::Backend::Postgres {
        // What autovacuum would do soon after a bulk load: planner statistics and
        // the visibility map (index-only scans).
        conn.batch_execute("VACUUM ANALYZE")?;
    } else {
        conn.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)")?;
    }
    drop(conn);

    let members: Vec<Actor> = people[1 + args.authors..]
        .iter()
        .map(|u| Actor {
            id: u.id.clone(),
            handle: u.handle.clone(),
            display_name: u.handle.clone(),
            role: Role::Member,
            suspended: false,
            unverified: false,
            locale: None,
            time_zone: None,
            session_id: None,
        })
        .collect();
    // Every member accepted the terms in force (a write by a member who has not is refused).
    {
        use ideashelf::db::schema::consents;
        let mut conn = db.get().map_err(|e| anyhow::anyhow!("{e}"))?;
        write_tx(&mut conn, |conn: &mut DbConn| -> anyhow::Result<()> {
            for chunk in people[1..].chunks(1_000) {
                let rows: Vec<_> = chunk
                    .iter()
                    .map(|u| {
                        (
                            consents::id.eq(uuid::Uuid::now_v7().to_string()),
                            consents::user_id.eq(u.id.as_str()),
                            consents::kind.eq("terms"),
                            consents::version.eq(terms_version),
                            consents::given.eq(true),
                            consents::created_at.eq(now),
                        )
                    })
                    .collect();
                ideashelf::per_backend!(conn, c => diesel::insert_into(consents::table).values(&rows).execute(c))?;
            }
            Ok(())
        })?;
    }
    let tokens = {
        let mut conn = db.get().map_err(|e| anyhow::anyhow!("{e}"))?;
        members
            .iter()
            .map(|m| ideashelf::accounts::service::open_session(&mut conn, &keys, &m.id))
            .collect::<Result<Vec<_>, _>>()?
    };
    let gathering: Vec<&IdeaSpec> = specs.iter().filter(|s| s.status == "gathering_support").collect();
    let supportable: Vec<String> = gathering.iter().map(|s| s.id.clone()).collect();
    let supportable_challenge: Vec<Option<String>> =
        gathering.iter().map(|s| s.challenge.then(|| challenge_id.clone())).collect();
    let ntags = specs.iter().map(|s| s.tags.len()).sum::<usize>();
    let counts = format!(
        "{} users ({} supporting members, {} authors), 1 open challenge, {} ideas ({} in the challenge, {} \
         supportable), {} tags; loaded in {:.1}s",
        people.len(),
        members.len(),
        args.authors,
        specs.len(),
        specs.iter().filter(|s| s.challenge).count(),
        supportable.len(),
        ntags,
        started.elapsed().as_secs_f64()
    );
    let public_ideas = specs.iter().filter(|s| !matches!(s.status, "pending" | "rejected" | "merged")).count();
    Ok(Fixture { members, tokens, supportable, supportable_challenge, challenge_slug, public_ideas, counts })
}

// ---- measuring ------------------------------------------------------------------

#[derive(Default)]
struct Measured {
    done: usize,
    errors: usize,
    first_error: Option<String>,
    elapsed: Duration,
    /// Milliseconds, sorted.
    lat_ms: Vec<f64>,
}

impl Measured {
    fn rate(&self) -> f64 {
        self.done as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Nearest-rank percentile, in milliseconds.
    fn pct(&self, p: f64) -> f64 {
        if self.lat_ms.is_empty() {
            return f64::NAN;
        }
        let rank = ((p / 100.0) * self.lat_ms.len() as f64).ceil() as usize;
        self.lat_ms[rank.clamp(1, self.lat_ms.len()) - 1]
    }

    fn merge(parts: Vec<(Vec<f64>, usize, Option<String>)>, elapsed: Duration) -> Measured {
        let mut m = Measured { elapsed, ..Measured::default() };
        for (lat, errors, first) in parts {
            m.done += lat.len();
            m.errors += errors;
            m.lat_ms.extend(lat);
            if m.first_error.is_none() {
                m.first_error = first;
            }
        }
        m.lat_ms.sort_by(f64::total_cmp);
        m
    }

    fn summary(&self) -> String {
        let mut s = format!(
            "{} ok in {:.2}s = {:.0}/s, p50 {:.1} ms, p99 {:.1} ms",
            self.done,
            self.elapsed.as_secs_f64(),
            self.rate(),
            self.pct(50.0),
            self.pct(99.0)
        );
        if self.errors > 0 {
            s.push_str(&format!(", {} errors (first: {})", self.errors, self.first_error.as_deref().unwrap_or("?")));
        }
        s
    }
}

/// Runs operations `ops` on `conc` concurrent tasks (each a connection of the
/// HTTP client), at most `max` long.
async fn drive_http<F, Fut>(conc: usize, ops: Range<usize>, max: Duration, job: F) -> Measured
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), String>> + Send + 'static,
{
    let job = Arc::new(job);
    let next = Arc::new(AtomicUsize::new(ops.start));
    let started = Instant::now();
    let tasks: Vec<_> = (0..conc)
        .map(|_| {
            let (job, next, end) = (job.clone(), next.clone(), ops.end);
            tokio::spawn(async move {
                let (mut lat, mut errors, mut first) = (Vec::new(), 0, None);
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    if k >= end || started.elapsed() > max {
                        break;
                    }
                    let t = Instant::now();
                    match job(k).await {
                        Ok(()) => lat.push(t.elapsed().as_secs_f64() * 1e3),
                        Err(e) => {
                            errors += 1;
                            first.get_or_insert(e);
                        }
                    }
                }
                (lat, errors, first)
            })
        })
        .collect();
    let mut parts = Vec::new();
    for t in tasks {
        parts.push(t.await.expect("load task"));
    }
    Measured::merge(parts, started.elapsed())
}

/// The same on `conc` OS threads, for the raw (no HTTP) runs.
fn drive_threads<F>(conc: usize, ops: Range<usize>, max: Duration, job: F) -> Measured
where
    F: Fn(usize) -> Result<(), String> + Sync,
{
    let next = AtomicUsize::new(ops.start);
    let started = Instant::now();
    let parts = std::thread::scope(|s| {
        let handles: Vec<_> = (0..conc)
            .map(|_| {
                s.spawn(|| {
                    let (mut lat, mut errors, mut first) = (Vec::new(), 0, None);
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        if k >= ops.end || started.elapsed() > max {
                            break;
                        }
                        let t = Instant::now();
                        match job(k) {
                            Ok(()) => lat.push(t.elapsed().as_secs_f64() * 1e3),
                            Err(e) => {
                                errors += 1;
                                first.get_or_insert(e);
                            }
                        }
                    }
                    (lat, errors, first)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("load thread")).collect::<Vec<_>>()
    });
    Measured::merge(parts, started.elapsed())
}

// ---- CPU accounting (Linux /proc; absent elsewhere) ----------------------------

/// CPU counters in clock ticks: the whole machine (every process, also work
/// that is not this benchmark) and this process's HTTP client threads.
#[derive(Clone, Copy)]
struct CpuSnap {
    busy: u64,
    total: u64,
    steal: u64,
    client: u64,
}

fn cpu_snap() -> Option<CpuSnap> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let v: Vec<u64> = stat.lines().next()?.split_whitespace().skip(1).filter_map(|x| x.parse().ok()).collect();
    // user nice system idle iowait irq softirq steal
    let total: u64 = v.iter().take(8).sum();
    let idle = v.get(3)? + v.get(4).copied().unwrap_or(0);
    let mut client = 0;
    for task in std::fs::read_dir("/proc/self/task").ok()?.flatten() {
        let path = task.path();
        if std::fs::read_to_string(path.join("comm")).map(|c| c.trim() == CLIENT_THREADS).unwrap_or(false) {
            let st = std::fs::read_to_string(path.join("stat")).unwrap_or_default();
            let after = st.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
            let f: Vec<u64> = after.split_whitespace().map(|x| x.parse().unwrap_or(0)).collect();
            // utime and stime: fields 14 and 15 of stat, 11 and 12 after the name.
            client += f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0);
        }
    }
    let steal = v.get(7).copied().unwrap_or(0);
    Some(CpuSnap { busy: total - idle - steal, total, steal, client })
}

/// What the CPU did during one phase.
struct CpuUse {
    /// Share of all cores busy, whoever used them.
    machine_busy: f64,
    /// Cores the in-process HTTP client kept busy (0 for raw phases).
    client_cores: f64,
    /// Share of the time the virtual machine's host gave the cores to someone else (`steal` in /proc/stat):
    /// a run with much of it measured a slower machine than its neighbours.
    steal: f64,
}

impl CpuUse {
    fn note(&self) -> String {
        if self.machine_busy.is_nan() {
            return String::new();
        }
        let mut s = format!("; machine {:.0}% busy", self.machine_busy * 100.0);
        if self.steal > 0.005 {
            s.push_str(&format!(", {:.0}% stolen by the host", self.steal * 100.0));
        }
        if self.client_cores > 0.005 {
            s.push_str(&format!(", client {:.2} cores", self.client_cores));
        }
        s
    }
}

/// Runs one phase and reports the CPU it saw.
fn with_cpu<T>(f: impl FnOnce() -> T) -> (T, CpuUse) {
    /// USER_HZ, the unit of /proc/stat, is 100 on Linux.
    const TICKS: f64 = 100.0;
    let (before, t) = (cpu_snap(), Instant::now());
    let out = f();
    let secs = t.elapsed().as_secs_f64().max(1e-9);
    let use_ = match (before, cpu_snap()) {
        (Some(a), Some(b)) if b.total > a.total => CpuUse {
            machine_busy: (b.busy - a.busy) as f64 / (b.total - a.total) as f64,
            steal: (b.steal - a.steal) as f64 / (b.total - a.total) as f64,
            client_cores: (b.client.saturating_sub(a.client)) as f64 / TICKS / secs,
        },
        _ => CpuUse { machine_busy: f64::NAN, client_cores: 0.0, steal: 0.0 },
    };
    (out, use_)
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

fn client(conns: usize) -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(conns)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .expect("HTTP client")
}

struct SupportPlan {
    fixture: Arc<Fixture>,
    /// Operation k: member k supports idea `ideas[k]` (an index into `supportable`).
    ideas: Vec<usize>,
}

async fn http_supports(base: &str, plan: &Arc<SupportPlan>, conc: usize, ops: Range<usize>, max: Duration) -> Measured {
    let client = client(conc);
    let (base, plan) = (base.to_string(), plan.clone());
    drive_http(conc, ops, max, move |k| {
        let url = format!("{base}/api/v1/ideas/{}/support", plan.fixture.supportable[plan.ideas[k]]);
        let req = client.put(url).bearer_auth(&plan.fixture.tokens[k]);
        async move {
            let res = req.send().await.map_err(|e| e.to_string())?;
            let status = res.status();
            let body = res.bytes().await.map_err(|e| e.to_string())?;
            if status == reqwest::StatusCode::OK && contains(&body, b"\"supported\":true") {
                Ok(())
            } else {
                Err(format!("{status}: {}", String::from_utf8_lossy(&body)))
            }
        }
    })
    .await
}

/// The minimal raw transaction of a support, what `pgbench` would run: insert the support row (nothing if it
/// is there) and add one to the idea's count — on connections of a pool as large as the app's (on SQLite,
/// `BEGIN IMMEDIATE` like every write of the app).
fn raw_supports(db: &Db, plan: &SupportPlan, conc: usize, ops: Range<usize>, max: Duration) -> Measured {
    drive_threads(conc, ops, max, |k| {
        let actor = &plan.fixture.members[k];
        let i = plan.ideas[k];
        let (idea, challenge) = (&plan.fixture.supportable[i], plan.fixture.supportable_challenge[i].as_deref());
        let mut conn = db.get().map_err(|e| e.to_string())?;
        let now = ideashelf::clock::now();
        let r: Result<usize, diesel::result::Error> = write_tx(&mut conn, |c: &mut DbConn| {
            let row = (
                supports::idea_id.eq(idea),
                supports::user_id.eq(&actor.id),
                supports::challenge_id.eq(challenge),
                supports::created_at.eq(now),
            );
            ideashelf::per_backend!(c, c => diesel::insert_into(supports::table).values(row).on_conflict_do_nothing().execute(c))?;
            diesel::update(ideas::table.find(idea)).set(ideas::supports_count.eq(ideas::supports_count + 1)).execute(c)
        });
        match r {
            Ok(1) => Ok(()),
            Ok(n) => Err(format!("{n} ideas updated")),
            Err(e) => Err(format!("{e:?}")),
        }
    })
}

/// The raw listing query: the first page of the default list in one order — the one query the app's
/// store runs for it (`ideas::store::list` with the default list's filter), without the page's authors,
/// tags, pictures or JSON.
fn raw_listing(db: &Db, sort: Sort, conc: usize, n: usize, max: Duration) -> Measured {
    let listed = IdeaStatus::listed();
    let hidden: Vec<IdeaStatus> = IdeaStatus::ALL.into_iter().filter(|s| !listed.contains(s)).collect();
    drive_threads(conc, 0..n, max, |_| {
        let mut conn = db.get().map_err(|e| e.to_string())?;
        let filter = Filter { statuses: hidden.clone(), exclude_statuses: true, ..Filter::default() };
        let rows =
            ideashelf::ideas::store::list(&mut conn, &filter, sort, None, PAGE as i64).map_err(|e| e.to_string())?;
        if rows.len() >= PAGE {
            Ok(())
        } else {
            Err(format!("{} rows", rows.len()))
        }
    })
}

// ---- probes: CPU by process, rows written, resident memory ---------------------------

/// Clock ticks (utime + stime) of one /proc stat line.
fn stat_ticks(stat: &str) -> u64 {
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<u64> = after.split_whitespace().map(|x| x.parse().unwrap_or(0)).collect();
    f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0)
}

/// CPU ticks of this process (the app, the raw drivers and the client) and of every PostgreSQL process.
#[derive(Clone, Copy, Default)]
struct ProcTicks {
    own: u64,
    client: u64,
    postgres: u64,
}

/// The app's process when it runs as its own (`ideashelf serve`); 0 while it runs inside this one.
static APP_PID: AtomicU32 = AtomicU32::new(0);

/// `/proc/<pid>` of the app: its own process, or this one.
fn app_proc() -> std::path::PathBuf {
    match APP_PID.load(Ordering::SeqCst) {
        0 => "/proc/self".into(),
        pid => format!("/proc/{pid}").into(),
    }
}

fn proc_ticks() -> ProcTicks {
    let own = std::fs::read_to_string(app_proc().join("stat")).map(|s| stat_ticks(&s)).unwrap_or(0);
    let client = cpu_snap().map(|c| c.client).unwrap_or(0);
    let mut postgres = 0;
    if let Ok(dir) = std::fs::read_dir("/proc") {
        for e in dir.flatten() {
            let path = e.path();
            let is_pid =
                path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()));
            if is_pid && std::fs::read_to_string(path.join("comm")).map(|c| c.trim() == "postgres").unwrap_or(false) {
                postgres += std::fs::read_to_string(path.join("stat")).map(|s| stat_ticks(&s)).unwrap_or(0);
            }
        }
    }
    ProcTicks { own, client, postgres }
}

/// Rows inserted, updated and deleted per table, from PostgreSQL's statistics.
fn pg_rows(db: &Db) -> std::collections::BTreeMap<String, i64> {
    #[derive(QueryableByName)]
    struct T {
        #[diesel(sql_type = diesel::sql_types::Text)]
        relname: String,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let Ok(mut conn) = db.get() else { return Default::default() };
    let DbConn::Pg(pg) = &mut *conn else { return Default::default() };
    diesel::sql_query(
        "SELECT relname::text AS relname, (n_tup_ins + n_tup_upd + n_tup_del)::bigint AS n FROM pg_stat_user_tables",
    )
    .load::<T>(pg)
    .map(|v| v.into_iter().map(|t| (t.relname, t.n)).collect())
    .unwrap_or_default()
}

/// The statistics of a backend reach the shared counters when it has been idle a while (up to 10 s on
/// PostgreSQL 15): wait that long before reading them.
const PG_STATS_SETTLE: Duration = Duration::from_millis(11_000);

/// What one support phase cost: CPU ms per operation (app, database) and rows written per operation.
struct Cost {
    app_ms: f64,
    db_ms: Option<f64>,
    rows: Option<f64>,
    top_tables: String,
}

struct Probe {
    pg: bool,
    ticks: ProcTicks,
    rows: std::collections::BTreeMap<String, i64>,
}

impl Probe {
    fn start(db: &Db, pg: bool) -> Probe {
        if pg {
            std::thread::sleep(PG_STATS_SETTLE);
        }
        Probe { pg, ticks: proc_ticks(), rows: if pg { pg_rows(db) } else { Default::default() } }
    }

    /// The cost since `start`, per operation; the probe then starts the next phase.
    fn lap(&mut self, db: &Db, ops: usize) -> Cost {
        const TICK_MS: f64 = 10.0;
        let ticks = proc_ticks();
        let ops = ops.max(1) as f64;
        // The app in its own process: that process's CPU. Inside this one: the process's minus the HTTP
        // client's threads.
        let own = ticks.own.saturating_sub(self.ticks.own);
        let app = match APP_PID.load(Ordering::SeqCst) {
            0 => own.saturating_sub(ticks.client - self.ticks.client),
            _ => own,
        };
        let db_ticks = ticks.postgres.saturating_sub(self.ticks.postgres);
        let mut cost = Cost {
            app_ms: app as f64 * TICK_MS / ops,
            db_ms: self.pg.then(|| db_ticks as f64 * TICK_MS / ops),
            rows: None,
            top_tables: String::new(),
        };
        if self.pg {
            std::thread::sleep(PG_STATS_SETTLE);
            let rows = pg_rows(db);
            let mut by_table: Vec<(String, i64)> = rows
                .iter()
                .map(|(t, n)| (t.clone(), n - self.rows.get(t).copied().unwrap_or(0)))
                .filter(|(_, d)| *d != 0)
                .collect();
            by_table.sort_by_key(|t| std::cmp::Reverse(t.1));
            cost.rows = Some(by_table.iter().map(|(_, d)| *d).sum::<i64>() as f64 / ops);
            cost.top_tables = by_table
                .iter()
                .take(8)
                .map(|(t, d)| format!("{t} {:.2}", *d as f64 / ops))
                .collect::<Vec<_>>()
                .join(", ");
            self.rows = rows;
        }
        // The settling wait is not part of the next phase's CPU.
        self.ticks = proc_ticks();
        cost
    }
}

impl Cost {
    fn note(&self) -> String {
        let mut s = format!("; CPU app {:.2} ms", self.app_ms);
        if let Some(d) = self.db_ms {
            s.push_str(&format!(", db {d:.2} ms"));
        }
        if let Some(r) = self.rows {
            s.push_str(&format!("; {r:.1} rows written"));
        }
        s
    }
}

/// Resets the app's peak resident set (Linux: `clear_refs` 5), so the peak of the vote load is read alone.
fn reset_peak_rss() {
    let _ = std::fs::write(app_proc().join("clear_refs"), "5");
}

/// The app's peak resident set since the last reset, in MB.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string(app_proc().join("status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

struct Variant {
    name: String,
    paths: Vec<String>,
    token: Option<String>,
}

async fn get_json(client: &reqwest::Client, url: &str) -> anyhow::Result<serde_json::Value> {
    let res = client.get(url).send().await?;
    anyhow::ensure!(res.status() == reqwest::StatusCode::OK, "GET {url}: {}", res.status());
    Ok(res.json().await?)
}

/// Cursors the API would hand out after the ideas at 25%, 50% and 75% of the
/// default list in this sort order (read straight from the database).
fn deep_cursors(db: &Db, sort: Sort, public: usize) -> anyhow::Result<Vec<String>> {
    let mut conn = db.get().map_err(|e| anyhow::anyhow!("{e}"))?;
    let statuses = IdeaStatus::listed();
    let mut out = Vec::new();
    for quarter in 1..=3 {
        let offset = i64::try_from(public * quarter / 4)?;
        let q = ideas::table
            .filter(ideas::status.eq_any(statuses.clone()))
            .filter(ideas::hidden_at.is_null())
            .select((ideas::id, ideas::supports_count, ideas::trend_score, ideas::comments_count))
            .offset(offset);
        let (id, supports, trend, comments): (String, i32, f64, i32) = match sort {
            Sort::Top => q.order((ideas::supports_count.desc(), ideas::id.desc())).first(&mut *conn)?,
            Sort::New => q.order(ideas::id.desc()).first(&mut *conn)?,
            Sort::Trending => q.order((ideas::trend_score.desc(), ideas::id.desc())).first(&mut *conn)?,
            Sort::Discussed => q.order((ideas::comments_count.desc(), ideas::id.desc())).first(&mut *conn)?,
        };
        let after = After {
            supports: (sort == Sort::Top).then_some(supports),
            trend: (sort == Sort::Trending).then_some(trend),
            comments: (sort == Sort::Discussed).then_some(comments),
            id,
        };
        out.push(encode_cursor(&after));
    }
    Ok(out)
}

/// The listing variants: each sort on its first page, on pages reached by a
/// cursor (pages 2..=51, in rotation), on pages deep in the list (cursors at
/// 25/50/75%), filtered to the challenge; and `top` signed in (adds the member
/// lookup and their supports on the page).
async fn listing_variants(base: &str, fx: &Fixture, db: &Db) -> anyhow::Result<Vec<Variant>> {
    let c = client(1);
    let mut out = Vec::new();
    for (sort, key) in [("top", Sort::Top), ("new", Sort::New), ("trending", Sort::Trending)] {
        let first = format!("/api/v1/ideas?sort={sort}&limit={PAGE}");
        let mut cursors = Vec::new();
        let mut url = format!("{base}{first}");
        for _ in 0..CURSOR_PAGES {
            let page = get_json(&c, &url).await?;
            anyhow::ensure!(page["items"].as_array().map(Vec::len) == Some(PAGE), "short page at {url}");
            let Some(next) = page["next_cursor"].as_str() else { anyhow::bail!("no next cursor at {url}") };
            cursors.push(format!("/api/v1/ideas?sort={sort}&limit={PAGE}&cursor={next}"));
            url = format!("{base}{}", cursors[cursors.len() - 1]);
        }
        out.push(Variant { name: format!("list {sort}"), paths: vec![first], token: None });
        out.push(Variant { name: format!("list {sort} +cursor"), paths: cursors, token: None });
        let deep = deep_cursors(db, key, fx.public_ideas)?
            .into_iter()
            .map(|cur| format!("/api/v1/ideas?sort={sort}&limit={PAGE}&cursor={cur}"))
            .collect();
        out.push(Variant { name: format!("list {sort} +deep cursor"), paths: deep, token: None });
        out.push(Variant {
            name: format!("list {sort} +challenge"),
            paths: vec![format!("/api/v1/ideas?sort={sort}&limit={PAGE}&challenge={}", fx.challenge_slug)],
            token: None,
        });
    }
    out.push(Variant {
        name: "list top signed-in".into(),
        paths: vec![format!("/api/v1/ideas?sort=top&limit={PAGE}")],
        token: Some(fx.tokens[0].clone()),
    });
    Ok(out)
}

async fn http_listing(base: &str, v: &Variant, conc: usize, n: usize, max: Duration) -> Measured {
    let client = client(conc);
    let urls: Arc<Vec<String>> = Arc::new(v.paths.iter().map(|p| format!("{base}{p}")).collect());
    let token = v.token.clone();
    drive_http(conc, 0..n, max, move |k| {
        let mut req = client.get(&urls[k % urls.len()]);
        if let Some(t) = &token {
            req = req.bearer_auth(t);
        }
        async move {
            let res = req.send().await.map_err(|e| e.to_string())?;
            let status = res.status();
            let body = res.bytes().await.map_err(|e| e.to_string())?;
            if status == reqwest::StatusCode::OK && body.starts_with(b"{\"items\":[{") {
                Ok(())
            } else {
                Err(format!("{status}: {}", String::from_utf8_lossy(&body[..body.len().min(300)])))
            }
        }
    })
    .await
}

// ---- one backend ------------------------------------------------------------

struct Row {
    backend: &'static str,
    measure: String,
    value: String,
    goal: String,
    met: Option<bool>,
}

/// `perf record` around one phase (`--perf DIR`): every process without call graphs (where the machine's
/// CPU goes: app, database, client, kernel), and the app's process with DWARF call graphs (which of its
/// functions, inclusive). Stopped with SIGINT, as perf expects, when dropped.
struct Perf {
    children: Vec<std::process::Child>,
}

impl Perf {
    fn start(dir: Option<&std::path::Path>, backend: &str, phase: &str) -> Option<Perf> {
        let dir = dir?;
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("perf: {}: {e}", dir.display());
            return None;
        }
        let record = |out: String, extra: &[&str]| {
            std::process::Command::new("perf")
                .args(["record", "--quiet", "-e", "cpu-clock", "-o", &out])
                .args(extra)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
        };
        let mut children = Vec::new();
        let all = dir.join(format!("{backend}-{phase}-all.data")).display().to_string();
        match record(all, &["-F", "999", "-a"]) {
            Ok(c) => children.push(c),
            Err(e) => eprintln!("perf: {e} (is Linux perf installed?)"),
        }
        let pid = APP_PID.load(Ordering::SeqCst);
        if pid != 0 {
            let app = dir.join(format!("{backend}-{phase}-app.data")).display().to_string();
            match record(app, &["-F", "499", "--call-graph", "dwarf,16384", "-p", &pid.to_string()]) {
                Ok(c) => children.push(c),
                Err(e) => eprintln!("perf: {e}"),
            }
        }
        // perf needs a moment to open its events before the phase starts.
        std::thread::sleep(Duration::from_millis(500));
        Some(Perf { children })
    }
}

impl Drop for Perf {
    fn drop(&mut self) {
        for c in &mut self.children {
            let _ = std::process::Command::new("kill").args(["-INT", &c.id().to_string()]).status();
        }
        for c in &mut self.children {
            let _ = c.wait();
        }
    }
}

/// The app as deployed: the `ideashelf serve` binary in its own process, on the benchmark's data directory
/// and database, with the benchmark's settings (no write limits, no job timer, the fixture's token secret).
/// Stopped when dropped.
struct AppProcess {
    child: std::process::Child,
}

impl AppProcess {
    fn start(config: &Config) -> anyhow::Result<(String, AppProcess)> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let log = std::fs::File::create(config.data_dir.join("app.log"))?;
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_ideashelf"));
        cmd.arg("serve")
            .env("IDEASHELF_BIND", format!("127.0.0.1:{port}"))
            .env("IDEASHELF_DATA_DIR", &config.data_dir)
            .env("IDEASHELF_JWT_SECRET", JWT_SECRET)
            .env("IDEASHELF_DB_POOL", config.db_pool.to_string())
            .env("IDEASHELF_JOBS_INTERVAL", "0")
            .env("IDEASHELF_WRITE_LIMITS", "off")
            .env("IDEASHELF_TERMS_VERSION", &config.terms_version)
            .env_remove("DATABASE_URL")
            .env_remove("IDEASHELF_WORKERS")
            .env_remove("MEILI_URL")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(log);
        if let Some(url) = &config.database_url {
            cmd.env("DATABASE_URL", url);
        }
        if let Some(w) = config.workers {
            cmd.env("IDEASHELF_WORKERS", w.to_string());
        }
        let child = cmd.spawn()?;
        APP_PID.store(child.id(), Ordering::SeqCst);
        eprintln!(
            "app: `ideashelf serve` as process {} (log: {})",
            child.id(),
            config.data_dir.join("app.log").display()
        );
        Ok((format!("http://127.0.0.1:{port}"), AppProcess { child }))
    }
}

impl Drop for AppProcess {
    fn drop(&mut self) {
        APP_PID.store(0, Ordering::SeqCst);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn run_backend(rt: &tokio::runtime::Runtime, backend: Backend, args: &Args, rows: &mut Vec<Row>) -> anyhow::Result<()> {
    let name = backend.name();
    eprintln!("\n== {name} ==");
    let dir = tempfile::tempdir()?;
    let (url, _scratch) = match backend {
        Backend::Sqlite => (None, None),
        Backend::Postgres => {
            let (scratch, url) = PgScratch::create(&args.pg_url, "ideashelf_bench_", false)
                .map_err(|e| anyhow::anyhow!("{e} (run with --backend sqlite to skip it)"))?;
            (Some(url), Some(scratch))
        }
    };
    let mut config = Config::for_data_dir(dir.path(), url);
    config.jwt_secret = Some(JWT_SECRET.into());
    config.db_pool = args.db_pool;
    config.workers = args.workers;
    let db_url = config.database_url();

    // Every support operation has its own member: warm-ups plus each level, HTTP and raw.
    let ops_needed = 2 * SUPPORT_WARMUP + 2 * args.levels.len() * args.supports;
    let db = rt.block_on(ideashelf::open_db(&config))?;
    let fixture = Arc::new(load_fixtures(&db, args, ops_needed, &config.terms_version)?);
    eprintln!("fixtures: {}", fixture.counts);
    rows.push(Row {
        backend: name,
        measure: "fixtures".into(),
        value: fixture.counts.clone(),
        goal: String::new(),
        met: None,
    });

    // Dropped (the process stopped) before the scratch database is.
    let mut _app_process = None;
    let base = if args.inline_app {
        let app = rt.block_on(async { Application::build_with_db(config, db) })?;
        let base = format!("http://127.0.0.1:{}", app.port());
        rt.spawn(app.run_until_stopped());
        base
    } else {
        drop(db);
        let (base, process) = AppProcess::start(&config)?;
        _app_process = Some(process);
        base
    };
    let ready = Instant::now();
    while rt.block_on(async { client(1).get(format!("{base}/readyz")).send().await }).is_err() {
        anyhow::ensure!(ready.elapsed() < Duration::from_secs(60), "the app did not listen within 60 s");
        std::thread::sleep(Duration::from_millis(100));
    }
    rt.block_on(async {
        let c = client(1);
        let res = c.get(format!("{base}/readyz")).send().await?;
        anyhow::ensure!(res.status() == reqwest::StatusCode::OK, "app not ready: {}", res.status());
        Ok(())
    })?;
    let raw_db = Db::connect(&db_url, args.db_pool)?;

    // Support throughput: HTTP and raw at each level, on disjoint members.
    let mut rng = StdRng::seed_from_u64(args.seed ^ 0x5eed);
    let plan = Arc::new(SupportPlan {
        ideas: (0..ops_needed).map(|_| rng.random_range(0..fixture.supportable.len())).collect(),
        fixture: fixture.clone(),
    });
    let mut next_op = 0;
    let mut take = |n: usize| {
        let r = next_op..next_op + n;
        next_op += n;
        r
    };
    let warm = rt.block_on(http_supports(&base, &plan, args.levels[0], take(SUPPORT_WARMUP), args.max_phase));
    eprintln!("warm-up HTTP supports: {}", warm.summary());
    let mut succeeded = warm.done;
    let warm = raw_supports(&raw_db, &plan, args.levels[0], take(SUPPORT_WARMUP), args.max_phase);
    eprintln!("warm-up raw supports: {}", warm.summary());
    succeeded += warm.done;
    let pg = backend == Backend::Postgres;
    let (ratio_goal, rate_goal) = if pg {
        (SUPPORT_RATIO_GOAL_PG, SUPPORT_RATE_GOAL_PG)
    } else {
        (SUPPORT_RATIO_GOAL_SQLITE, SUPPORT_RATE_GOAL_SQLITE)
    };
    let top_level = args.levels.iter().copied().max().unwrap_or(1);
    reset_peak_rss();
    let mut probe = Probe::start(&raw_db, pg);
    for &conc in &args.levels {
        let is_top = conc == top_level;
        let perf_dir = args.perf.as_deref().filter(|_| is_top);
        let perf = Perf::start(perf_dir, name, "support-http");
        let (http, http_cpu) =
            with_cpu(|| rt.block_on(http_supports(&base, &plan, conc, take(args.supports), args.max_phase)));
        // What the supports left to the app's batches (search ranks, deferred points) is part of their cost,
        // and must not run beside the raw phase.
        let backlog = settle_app(rt, &base, &raw_db);
        drop(perf);
        let http_cost = probe.lap(&raw_db, http.done);
        eprintln!(
            "support HTTP @{conc}: {}{}{}; backlog applied {backlog:.1} s after the phase",
            http.summary(),
            http_cpu.note(),
            http_cost.note()
        );
        if !http_cost.top_tables.is_empty() {
            eprintln!("  rows written per support: {}", http_cost.top_tables);
        }
        let perf = Perf::start(perf_dir, name, "support-raw");
        let (raw, raw_cpu) = with_cpu(|| raw_supports(&raw_db, &plan, conc, take(args.supports), args.max_phase));
        drop(perf);
        let raw_cost = probe.lap(&raw_db, raw.done);
        eprintln!("support raw  @{conc}: {}{}{}", raw.summary(), raw_cpu.note(), raw_cost.note());
        succeeded += http.done + raw.done;
        let errors = |m: &Measured| if m.errors > 0 { format!(", {} errors", m.errors) } else { String::new() };
        rows.push(Row {
            backend: name,
            measure: format!("support HTTP, {conc} conns"),
            value: format!(
                "{:.0} supports/s (p50 {:.1} ms, p99 {:.1} ms{}{}{}; backlog applied {backlog:.1} s after)",
                http.rate(),
                http.pct(50.0),
                http.pct(99.0),
                errors(&http),
                http_cpu.note(),
                http_cost.note()
            ),
            goal: if is_top { format!(">= {rate_goal:.0}/s") } else { String::new() },
            met: is_top.then_some(http.rate() >= rate_goal && http.errors == 0),
        });
        if pg && conc == 32 {
            rows.push(Row {
                backend: name,
                measure: "support HTTP p99, 32 conns".into(),
                value: format!("{:.1} ms", http.pct(99.0)),
                goal: format!("<= {SUPPORT_P99_GOAL_MS:.0} ms"),
                met: Some(http.pct(99.0) <= SUPPORT_P99_GOAL_MS && http.errors == 0),
            });
        }
        rows.push(Row {
            backend: name,
            measure: format!("support raw minimal tx, {conc} threads"),
            value: format!(
                "{:.0} tx/s (p50 {:.1} ms, p99 {:.1} ms{}{}{})",
                raw.rate(),
                raw.pct(50.0),
                raw.pct(99.0),
                errors(&raw),
                raw_cpu.note(),
                raw_cost.note()
            ),
            goal: String::new(),
            met: None,
        });
        let ratio = http.rate() / raw.rate().max(1e-9);
        let judged = RATIO_LEVELS.contains(&conc);
        rows.push(Row {
            backend: name,
            measure: format!("support HTTP / raw minimal, {conc}"),
            value: format!("{:.0}%", ratio * 100.0),
            goal: if judged { format!(">= {:.0}%", ratio_goal * 100.0) } else { String::new() },
            met: judged.then_some(ratio >= ratio_goal && http.errors == 0 && raw.errors == 0),
        });
    }
    let peak = peak_rss_mb();
    rows.push(Row {
        backend: name,
        measure: "peak RSS under the vote load".into(),
        value: peak
            .map(|mb| match APP_PID.load(Ordering::SeqCst) {
                0 => format!("{mb:.0} MB (the whole benchmark process: app, client, raw drivers)"),
                _ => format!("{mb:.0} MB (the app's own process)"),
            })
            .unwrap_or("n/a".into()),
        goal: format!("<= {RSS_GOAL_MB:.0} MB"),
        met: peak.map(|mb| mb <= RSS_GOAL_MB),
    });
    // The ledger still proves every balance, total and place count after the run (once the app's batches ran).
    let verified = ledger_clean(&raw_db, Duration::from_secs(30));
    rows.push(Row {
        backend: name,
        measure: "ledger verify after the run".into(),
        value: match &verified {
            Ok(secs) => format!("clean ({secs:.1} s after the last support)"),
            Err(e) => e.clone(),
        },
        goal: "clean".into(),
        met: Some(verified.is_ok()),
    });
    // Every successful operation inserted exactly one support row (distinct members).
    let mut conn = raw_db.get().map_err(|e| anyhow::anyhow!("{e}"))?;
    let stored: i64 = supports::table.count().get_result(&mut *conn)?;
    drop(conn);
    eprintln!("support rows stored: {stored}, successful support operations: {succeeded}");
    anyhow::ensure!(
        usize::try_from(stored).ok() == Some(succeeded),
        "{stored} support rows stored after {succeeded} successful supports by distinct members"
    );

    // Listing latency at --list-conns connections.
    settle_app(rt, &base, &raw_db);
    let variants = rt.block_on(listing_variants(&base, &fixture, &raw_db))?;
    // Unloaded service time: one connection, first page of `top`.
    let _ = rt.block_on(http_listing(&base, &variants[0], 1, LIST_WARMUP, args.max_phase));
    let (one, one_cpu) = with_cpu(|| rt.block_on(http_listing(&base, &variants[0], 1, 1_000, args.max_phase)));
    eprintln!("{} @1: {}{}", variants[0].name, one.summary(), one_cpu.note());
    rows.push(Row {
        backend: name,
        measure: format!("{}, 1 conn (unloaded)", variants[0].name),
        value: format!(
            "p50 {:.1} / p95 {:.1} / p99 {:.1} ms ({:.0} req/s{})",
            one.pct(50.0),
            one.pct(95.0),
            one.pct(99.0),
            one.rate(),
            one_cpu.note()
        ),
        goal: String::new(),
        met: None,
    });
    for v in &variants {
        let _ = rt.block_on(http_listing(&base, v, args.list_conns, LIST_WARMUP, args.max_phase));
        // Only `list top` is profiled (the other listings take the same path).
        let perf_dir = args.perf.as_deref().filter(|_| v.name == "list top");
        let perf = Perf::start(perf_dir, name, "list-top-http");
        let (m, cpu) =
            with_cpu(|| rt.block_on(http_listing(&base, v, args.list_conns, args.list_requests, args.max_phase)));
        drop(perf);
        eprintln!("{} @{}: {}{}", v.name, args.list_conns, m.summary(), cpu.note());
        let p99 = m.pct(99.0);
        rows.push(Row {
            backend: name,
            measure: format!("{}, {} conns", v.name, args.list_conns),
            value: format!(
                "p50 {:.1} / p95 {:.1} / p99 {:.1} ms ({:.0} req/s{}{})",
                m.pct(50.0),
                m.pct(95.0),
                p99,
                m.rate(),
                if m.errors > 0 { format!(", {} errors", m.errors) } else { String::new() },
                cpu.note()
            ),
            goal: format!("p99 < {LIST_P99_GOAL_MS:.0} ms"),
            met: Some(p99 < LIST_P99_GOAL_MS && m.errors == 0 && m.done > 0),
        });
        let sort = match v.name.as_str() {
            "list top" => Sort::Top,
            "list new" => Sort::New,
            _ => continue,
        };
        let _ = raw_listing(&raw_db, sort, args.list_conns, LIST_WARMUP, args.max_phase);
        let perf = Perf::start(perf_dir, name, "list-top-raw");
        let (raw, raw_cpu) =
            with_cpu(|| raw_listing(&raw_db, sort, args.list_conns, args.list_requests, args.max_phase));
        drop(perf);
        eprintln!("{} raw query @{}: {}{}", v.name, args.list_conns, raw.summary(), raw_cpu.note());
        rows.push(Row {
            backend: name,
            measure: format!("{} raw query, {} threads", v.name, args.list_conns),
            value: format!(
                "{:.0} queries/s (p50 {:.1} ms, p99 {:.1} ms{})",
                raw.rate(),
                raw.pct(50.0),
                raw.pct(99.0),
                raw_cpu.note()
            ),
            goal: String::new(),
            met: None,
        });
        let ratio = m.rate() / raw.rate().max(1e-9);
        rows.push(Row {
            backend: name,
            measure: format!("{} HTTP / raw query, {}", v.name, args.list_conns),
            value: format!("{:.0}%", ratio * 100.0),
            goal: format!(">= {:.0}%", LIST_RATIO_GOAL * 100.0),
            met: Some(ratio >= LIST_RATIO_GOAL && m.errors == 0 && raw.errors == 0),
        });
    }
    drop(raw_db);
    // `_scratch` drops the PostgreSQL database here (WITH (FORCE) ends the app's connections).
    Ok(())
}

/// Waits until `ledger verify` finds nothing (the app folds what a support defers in batches); the seconds
/// it took, or what still differed at the end.
/// Waits (up to 60 s) until the app has applied what the last phase left to its batches: search documents
/// and ranks (`GET /api/v1/search/status`) and deferred points (`point_pending`). The seconds it took.
fn settle_app(rt: &tokio::runtime::Runtime, base: &str, db: &Db) -> f64 {
    let started = Instant::now();
    let c = client(1);
    loop {
        let search = rt
            .block_on(get_json(&c, &format!("{base}/api/v1/search/status")))
            .ok()
            .and_then(|v| v["pending"].as_i64())
            .unwrap_or(-1);
        let points = db
            .get()
            .ok()
            .and_then(|mut conn| ideashelf::db::schema::point_pending::table.count().get_result::<i64>(&mut *conn).ok())
            .unwrap_or(-1);
        if (search == 0 && points == 0) || started.elapsed() > Duration::from_secs(60) {
            return started.elapsed().as_secs_f64();
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn ledger_clean(db: &Db, within: Duration) -> Result<f64, String> {
    let started = Instant::now();
    loop {
        let diffs = {
            let mut conn = db.get().map_err(|e| e.to_string())?;
            ideashelf::points::store::differences(&mut conn).map_err(|e| e.to_string())?
        };
        if diffs.is_empty() {
            return Ok(started.elapsed().as_secs_f64());
        }
        if started.elapsed() > within {
            let first = diffs.first().map(ToString::to_string).unwrap_or_default();
            return Err(format!("{} differences after {:.0} s (first: {first})", diffs.len(), within.as_secs_f64()));
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

fn print_table(rows: &[Row]) {
    let met = |r: &Row| match r.met {
        Some(true) => "yes",
        Some(false) => "NO",
        None => "",
    };
    let w = |f: &dyn Fn(&Row) -> usize, min: usize| rows.iter().map(f).max().unwrap_or(0).max(min);
    let (wb, wm, wv, wg) = (
        w(&|r| r.backend.len(), 7),
        w(&|r| r.measure.len(), 7),
        w(&|r| if r.measure == "fixtures" { 0 } else { r.value.len() }, 5),
        w(&|r| r.goal.len(), 4),
    );
    println!();
    println!("{:wb$}  {:wm$}  {:wv$}  {:wg$}  met", "backend", "measure", "value", "goal");
    println!("{}", "-".repeat(wb + wm + wv + wg + 11));
    for r in rows {
        if r.measure == "fixtures" {
            println!("{:wb$}  {}", r.backend, r.value);
            continue;
        }
        println!("{:wb$}  {:wm$}  {:wv$}  {:wg$}  {}", r.backend, r.measure, r.value, r.goal, met(r));
    }
    let goals: Vec<&Row> = rows.iter().filter(|r| r.met.is_some()).collect();
    let ok = goals.iter().filter(|r| r.met == Some(true)).count();
    println!("\ngoals met: {ok} of {}", goals.len());
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("{msg}");
            std::process::exit(2);
        }
    };
    eprintln!(
        "ideashelf load benchmark: backends {:?}, {} ideas, support levels {:?} x {} supports, listing {} conns x {} \
         requests per variant, pool {}, {} cores",
        args.backends.iter().map(|b| b.name()).collect::<Vec<_>>(),
        args.ideas,
        args.levels,
        args.supports,
        args.list_conns,
        args.list_requests,
        args.db_pool,
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name(CLIENT_THREADS)
        .enable_all()
        .build()
        .expect("runtime");
    let load_before = loadavg();
    let started = Instant::now();
    let mut rows = Vec::new();
    let mut failed = false;
    for &backend in &args.backends {
        if let Err(e) = run_backend(&rt, backend, &args, &mut rows) {
            eprintln!("{}: benchmark failed: {e:#}", backend.name());
            rows.push(Row {
                backend: backend.name(),
                measure: "run".into(),
                value: format!("failed: {e}"),
                goal: String::new(),
                met: Some(false),
            });
            failed = true;
        }
    }
    print_table(&rows);
    println!(
        "finished in {:.0}s on {}; {} cores; load average before {}, after {}",
        started.elapsed().as_secs_f64(),
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        load_before,
        loadavg()
    );
    rt.shutdown_timeout(Duration::from_secs(1));
    if failed {
        std::process::exit(1);
    }
}

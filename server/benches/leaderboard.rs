#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Leaderboard benchmark: 100,000 members and 5,000,000 point entries over the
//! last 120 days, the precomputed totals made consistent with them and checked
//! with `ledger verify`'s own comparison, then the HTTP latency of
//! `GET /api/v1/leaderboard` (all time, 30 days, one large challenge; first
//! pages, deeper pages, and signed in as a member far down the board) and the
//! time of the daily job that moves the 30-day window by one day.
//!
//!     cargo bench -p ideashelf --bench leaderboard                      # SQLite
//!     BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
//!         cargo bench -p ideashelf --bench leaderboard                  # PostgreSQL
//!     cargo bench -p ideashelf --bench leaderboard -- --help
//!
//! On PostgreSQL, BENCH_DATABASE_URL names a server (any database on it): the
//! benchmark creates its own database there and drops it at the end. The data
//! is written with `INSERT … SELECT` over a generated series, never through
//! the API; every value comes from a fixed integer hash of the row number, so
//! both backends get exactly the same entries. See docs/BENCHMARKS.md.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use common::PgScratch;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use ideashelf::accounts::token::TokenKeys;
use ideashelf::config::Config;
use ideashelf::db::schema::{challenges, point_counts, point_entries, point_totals, users};
use ideashelf::db::{Backend, DbConn};
use ideashelf::pagination::encode_cursor;
use ideashelf::points::{rules, store};
use ideashelf::Application;

const JWT_SECRET: &str = "ideashelf-leaderboard-benchmark-secret-0123456789";
/// The goal from the issue: leaderboard p99 below this many milliseconds.
const P99_GOAL_MS: f64 = 50.0;
const DAY: i64 = 86_400;
/// The entries span this many days before now.
const SPAN_DAYS: i64 = 120;
/// One entry in this many is reversed later (a withdrawn support, a moderated comment…).
const REVERSE_ONE_IN: i64 = 50;
/// Share (in %) of the entries of challenge-bound rules that belong to a challenge.
const CHALLENGE_PCT: i64 = 45;
/// Rows per `INSERT … SELECT` statement.
const CHUNK: i64 = 500_000;
/// The modulus of the row hash (a prime, 2^31 - 1).
const P: i64 = 2_147_483_647;

// ---- arguments --------------------------------------------------------------

#[derive(Debug, Clone)]
struct Args {
    members: i64,
    entries: i64,
    challenges: i64,
    suspended: i64,
    requests: usize,
    warmup: usize,
    clients: usize,
    workers: usize,
    deep: bool,
    writes: usize,
    keep: bool,
    explain: bool,
    max_kind: Duration,
}

const USAGE: &str = "\
cargo bench -p ideashelf --bench leaderboard [-- OPTIONS]

  --members N      members (default 100000)
  --entries N      point entries, reversals included (default 5000000)
  --challenges N   challenges with entries (default 20)
  --suspended N    suspended members (default 300)
  --requests N     measured requests per query kind (default 2000)
  --warmup N       warm-up requests per query kind (default 200)
  --clients N      concurrent HTTP clients, each a closed loop (default 4)
  --workers N      HTTP worker threads of the app (default 2)
  --max-kind-secs S  stop a query kind after S seconds of measuring (default 60)
  --no-deep        skip the extra rows for pages 90% down each board
  --writes N       awards written through the ledger after the reads, then
                   the signed-in reads again with their place-count deltas
                   not yet folded, then the fold (default 20000; 0 skips)
  --explain        print the query plan and time of every query kind's
                   statements (otherwise only of the kinds that miss the goal)
  --keep           keep the database afterwards (prints where it is)

Backend: SQLite in a temporary directory, or PostgreSQL when
BENCH_DATABASE_URL=postgres://... names a server; a fresh database
ideashelf_bench_lb_<uuid> is created there and dropped at the end.";

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        members: 100_000,
        entries: 5_000_000,
        challenges: 20,
        suspended: 300,
        requests: 2_000,
        warmup: 200,
        clients: 4,
        workers: 2,
        deep: true,
        writes: 20_000,
        keep: false,
        explain: false,
        max_kind: Duration::from_secs(60),
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
            "--members" => a.members = num(&arg, it.next())?,
            "--entries" => a.entries = num(&arg, it.next())?,
            "--challenges" => a.challenges = num(&arg, it.next())?,
            "--suspended" => a.suspended = num(&arg, it.next())?,
            "--requests" => a.requests = num(&arg, it.next())?,
            "--warmup" => a.warmup = num(&arg, it.next())?,
            "--clients" => a.clients = num(&arg, it.next())?,
            "--workers" => a.workers = num(&arg, it.next())?,
            "--max-kind-secs" => a.max_kind = Duration::from_secs(num(&arg, it.next())?),
            "--no-deep" => a.deep = false,
            "--writes" => a.writes = num(&arg, it.next())?,
            "--explain" => a.explain = true,
            "--keep" => a.keep = true,
            other if other.starts_with('-') => return Err(format!("unknown option {other}\n\n{USAGE}")),
            _ => {}
        }
    }
    if a.members < 2_000 || a.entries < 100_000 || a.challenges < 1 || a.requests == 0 || a.clients == 0 {
        return Err("at least 2000 members, 100000 entries, 1 challenge, 1 request and 1 client".into());
    }
    if a.members > 16_000_000 || a.entries > 200_000_000 || a.challenges > 10_000 {
        return Err("the row hash keeps its products below 2^63 up to 16M members and 200M entries".into());
    }
    Ok(a)
}

// ---- the data, in SQL ----------------------------------------------------------

/// SQL spelled for one backend.
struct Sql {
    backend: Backend,
}

impl Sql {
    /// `e` (a non-negative integer) as `w` lower-case hex digits.
    fn hex(&self, e: &str, w: usize) -> String {
        match self.backend {
            Backend::Sqlite => format!("printf('%0{w}x', {e})"),
            Backend::Postgres => format!("lpad(to_hex({e}), {w}, '0')"),
        }
    }

    /// A TIMESTAMP from whole Unix seconds. On SQLite this is the text diesel
    /// writes for a whole-second `NaiveDateTime` ('YYYY-MM-DD HH:MM:SS'), so
    /// the app's comparisons against bound times hold.
    fn ts(&self, secs: &str) -> String {
        match self.backend {
            Backend::Sqlite => format!("datetime({secs}, 'unixepoch')"),
            Backend::Postgres => format!("(TIMESTAMP '1970-01-01 00:00:00' + ({secs}) * INTERVAL '1 second')"),
        }
    }

    fn lit(&self, t: NaiveDateTime) -> String {
        let s = t.format("%Y-%m-%d %H:%M:%S");
        match self.backend {
            Backend::Sqlite => format!("'{s}'"),
            Backend::Postgres => format!("TIMESTAMP '{s}'"),
        }
    }

    fn timestamp_type(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "TEXT",
            Backend::Postgres => "TIMESTAMP",
        }
    }

    /// `(WITH clause, FROM item)` of the integers lo..hi as column `j`.
    fn series(&self, lo: i64, hi: i64) -> (String, String) {
        match self.backend {
            Backend::Sqlite => (
                format!("WITH RECURSIVE s(j) AS (SELECT {lo} UNION ALL SELECT j + 1 FROM s WHERE j + 1 < {hi}) "),
                "s".into(),
            ),
            Backend::Postgres => {
                (String::new(), format!("generate_series(CAST({lo} AS BIGINT), CAST({} AS BIGINT)) AS s(j)", hi - 1))
            }
        }
    }

    fn user_id(&self, m: &str) -> String {
        format!("('01900000-0000-7000-8000-' || {})", self.hex(m, 12))
    }

    fn challenge_id(&self, c: &str) -> String {
        format!("('01900000-0000-7000-9000-' || {})", self.hex(c, 12))
    }

    fn subject_id(&self, s: &str) -> String {
        format!("('01910000-0000-7000-a000-' || {})", self.hex(s, 12))
    }

    /// A UUIDv7-shaped entry id: the millisecond time, then the row number,
    /// so ids sort by time as the app's `Uuid::now_v7` ids do.
    fn entry_id(&self, secs: &str, n: &str, tag: &str) -> String {
        let ms = format!("(({secs}) * 1000)");
        format!(
            "({} || '-' || {} || '-7000-{tag}-' || {})",
            self.hex(&format!("({ms} / 65536)"), 8),
            self.hex(&format!("({ms} % 65536)"), 4),
            self.hex(n, 12)
        )
    }
}

/// A fixed pseudo-random value in 0..P from the row number `n` and a stream
/// `k`: a linear step, then two squarings modulo the prime P. Integer
/// arithmetic only (every product stays below 2^62), so SQLite and
/// PostgreSQL compute the same values.
fn mix(n: &str, k: i64) -> String {
    let mul = [48_271, 69_621, 16_807, 39_373][usize::try_from(k - 1).unwrap() % 4];
    let x1 = format!("(({n}) * {mul} + {} ) % {P}", k * 1_000_003 + 12_345);
    let x2 = format!("((({x1}) * ({x1}) + {}) % {P})", 11 + k);
    format!("((({x2}) * ({x2}) + {}) % {P})", 7 * k + 5)
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// The shape of the generated data, shared by the SQL and the Rust side.
struct Plan {
    members: i64,
    /// Entries before reversals (row numbers 0..base).
    base: i64,
    challenges: i64,
    /// Whole seconds: the first entry's time, and now.
    t0: i64,
    now: i64,
    /// Activity rank r belongs to member (r * mult + 13) % members.
    mult: i64,
}

impl Plan {
    fn new(args: &Args, now: NaiveDateTime) -> Plan {
        let now = now.and_utc().timestamp();
        let mut mult = 7_919;
        while gcd(mult, args.members) != 1 {
            mult += 2;
        }
        Plan {
            members: args.members,
            base: args.entries * REVERSE_ONE_IN / (REVERSE_ONE_IN + 1),
            challenges: args.challenges,
            t0: now - SPAN_DAYS * DAY,
            now,
            mult,
        }
    }

    fn member_of_rank(&self, rank: i64) -> i64 {
        (rank * self.mult + 13) % self.members
    }

    /// The columns every entry row derives from its row number `n`:
    /// `t` (seconds), `m` (member), `k` (rule slot), `cin` (0..99, in a
    /// challenge below CHALLENGE_PCT), `c` (challenge), `subj` (content).
    ///
    /// The member is skewed: the activity rank is `members * u²v` for two
    /// uniform u, v, so a few members have tens of thousands of entries, the
    /// median member a few dozen, and the tail one or none. Challenges are
    /// skewed too (challenge 0 gets about a fifth of the challenge entries).
    fn derived(&self, n: &str) -> String {
        let (a, b, c, d) = (mix(n, 1), mix(n, 2), mix(n, 3), mix(n, 4));
        format!(
            "{t0} + ({n}) * {span} / {base} AS t, \
             ((((({a}) * ({a}) / {P}) * ({b}) / {P}) * {members} / {P}) * {mult} + 13) % {members} AS m, \
             ({c}) % 10000 AS k, \
             (({c}) / 10000) % 100 AS cin, \
             ((({d}) % 10000) * (({d}) % 10000) * {nc} / 100000000) AS c, \
             (({d}) / 10000) % 300000 AS subj, \
             ({a}) % {three_days} AS delay",
            t0 = self.t0,
            span = SPAN_DAYS * DAY,
            base = self.base,
            members = self.members,
            mult = self.mult,
            nc = self.challenges,
            three_days = 3 * DAY,
        )
    }
}

/// The rule of each hash slot 0..9999: (rule, cause type, amount).
/// Shares: supports given 35%, supports received 30%, comments 15%, tips 4%,
/// helpful marks 6%, reviews 4%, ideas published 5%, tiers 0.9%, approvals
/// 0.09%, ideas on the shelf 0.01%. Daily caps are not modelled.
fn rule_slots() -> Vec<(i64, &'static str, &'static str, i32, bool)> {
    use rules::Rule::*;
    (0..10_000)
        .map(|k| {
            let (rule, cause, tier) = match k {
                0..=3499 => (SupportGiven, "support", None),
                3500..=6499 => (SupportReceived, "support", None),
                6500..=7999 => (Comment, "comment", None),
                8000..=8399 => (Tip, "tip", None),
                8400..=8999 => (TipHelpful, "tip_helpful", None),
                9000..=9399 => (RatingWithReview, "rating", None),
                9400..=9899 => (IdeaPublished, "idea", None),
                9900..=9989 => (TierReached, "idea_tier", Some(i32::try_from(1 + k % 3).unwrap())),
                9990..=9998 => (IdeaApproved, "idea", None),
                _ => (IdeaOnShelf, "idea", None),
            };
            (k, rule.as_str(), cause, rules::award(rule, tier, 0), rule.counts_for_challenge())
        })
        .collect()
}

#[derive(QueryableByName)]
struct NameSql {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    sql: String,
}

fn load_named(conn: &mut DbConn, q: &str) -> QueryResult<Vec<NameSql>> {
    ideashelf::per_backend!(conn, c => diesel::sql_query(q).load::<NameSql>(c))
}

fn exec(conn: &mut DbConn, sql: &str) -> QueryResult<()> {
    conn.batch_execute(sql)
}

fn step<T>(name: &str, timings: &mut Vec<(String, f64)>, f: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<T> {
    let t = Instant::now();
    let out = f()?;
    let secs = t.elapsed().as_secs_f64();
    eprintln!("  {name}: {secs:.1} s");
    timings.push((name.to_string(), secs));
    Ok(out)
}

struct Built {
    timings: Vec<(String, f64)>,
    window_from: NaiveDateTime,
}

/// Writes members, challenges and entries, then the caches, with bulk SQL on
/// one connection. Secondary indexes of `point_entries` (and, on PostgreSQL,
/// its foreign keys) are dropped first and created again afterwards from
/// their own definitions, so the schema ends up exactly as migrated.
fn build_data(conn: &mut DbConn, plan: &Plan, args: &Args, now: NaiveDateTime) -> anyhow::Result<Built> {
    let backend = match conn {
        DbConn::Pg(_) => Backend::Postgres,
        DbConn::Sqlite(_) => Backend::Sqlite,
    };
    let sql = Sql { backend };
    let mut timings = Vec::new();
    let window_from = now.date().and_hms_opt(0, 0, 0).unwrap() - chrono::Duration::days(29);
    let started = Instant::now();

    // Session settings for a bulk load.
    match backend {
        Backend::Sqlite => exec(
            conn,
            "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;
             PRAGMA cache_size = -1048576; PRAGMA temp_store = MEMORY; PRAGMA threads = 4;",
        )?,
        Backend::Postgres => {
            exec(conn, "SET synchronous_commit = off; SET maintenance_work_mem = '1GB'; SET work_mem = '256MB';")?
        }
    }
    let (indexes, foreign_keys) = match backend {
        Backend::Sqlite => (
            load_named(
                conn,
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'point_entries' AND sql IS NOT NULL",
            )?,
            Vec::new(),
        ),
        Backend::Postgres => (
            load_named(
                conn,
                "SELECT indexname::text AS name, indexdef AS sql FROM pg_indexes
                 WHERE schemaname = current_schema() AND tablename = 'point_entries'
                   AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'point_entries'::regclass)",
            )?,
            load_named(
                conn,
                "SELECT conname::text AS name, pg_get_constraintdef(oid) AS sql FROM pg_constraint
                 WHERE conrelid = 'point_entries'::regclass AND contype = 'f'",
            )?,
        ),
    };
    for fk in &foreign_keys {
        exec(conn, &format!("ALTER TABLE point_entries DROP CONSTRAINT \"{}\"", fk.name))?;
    }
    for ix in &indexes {
        exec(conn, &format!("DROP INDEX \"{}\"", ix.name))?;
    }

    conn.transaction(|conn| -> anyhow::Result<()> {
        step("members", &mut timings, || {
            let hash = ideashelf::accounts::password::hash("bench password, never used to sign in")?.replace('\'', "''");
            let (with, from) = sql.series(0, plan.members);
            let joined = sql.ts(&format!("{} - 40 * {DAY} + j * 20", plan.t0));
            exec(
                conn,
                &format!(
                    "{with}INSERT INTO users (id, handle, handle_key, email, email_key, display_name, password_hash, role,
                                              created_at, updated_at, points)
                     SELECT {uid}, 'member' || j, 'member' || j, 'member' || j || '@bench.example.org',
                            'member' || j || '@bench.example.org', 'Member ' || j, '{hash}', 'member', {joined}, {joined}, 0
                     FROM {from}",
                    uid = sql.user_id("j"),
                ),
            )?;
            // A few hundred suspended members, spread over the whole range, and two of the most active.
            let every = (plan.members / args.suspended.max(1)).max(1);
            let suspended_at = sql.lit(now - chrono::Duration::days(3));
            exec(
                conn,
                &format!(
                    "UPDATE users SET suspended_at = {suspended_at}
                     WHERE id IN (SELECT {uid} FROM {from2}) OR id IN ({top})",
                    uid = sql.user_id(&format!("j * {every} + 3")),
                    from2 = sql_series_inline(&sql, 0, args.suspended.saturating_sub(2).max(0)),
                    top = [1, 4]
                        .map(|r| format!("'01900000-0000-7000-8000-{:012x}'", plan.member_of_rank(r)))
                        .join(", "),
                ),
            )?;
            let admin = "'01900000-0000-7000-8000-ffffffffffff'";
            exec(
                conn,
                &format!(
                    "INSERT INTO users (id, handle, handle_key, email, email_key, display_name, password_hash, role,
                                        created_at, updated_at, points)
                     VALUES ({admin}, 'bench_admin', 'bench_admin', 'admin@bench.example.org', 'admin@bench.example.org',
                             'Bench admin', '{hash}', 'admin', {t}, {t}, 0)",
                    t = sql.lit(now - chrono::Duration::days(200)),
                ),
            )?;
            let tiers = serde_json::to_string(&ideashelf::tracker::rules::default_tiers())?;
            let rows: Vec<_> = (0..plan.challenges)
                .map(|c| {
                    let opens = now - chrono::Duration::days(SPAN_DAYS + 10);
                    (
                        challenges::id.eq(format!("01900000-0000-7000-9000-{c:012x}")),
                        challenges::slug.eq(format!("bench-challenge-{c:02}")),
                        challenges::title.eq(format!("Benchmark challenge {c}")),
                        challenges::brief.eq("Open for the whole benchmark."),
                        challenges::brief_html.eq("<p>Open for the whole benchmark.</p>"),
                        challenges::opens_at.eq(opens),
                        challenges::closes_at.eq(now + chrono::Duration::days(60)),
                        challenges::support_threshold.eq(100),
                        challenges::vote_mode.eq("support"),
                        challenges::created_by.eq("01900000-0000-7000-8000-ffffffffffff"),
                        challenges::created_at.eq(opens),
                        challenges::updated_at.eq(opens),
                        challenges::support_tiers.eq(tiers.clone()),
                    )
                })
                .collect();
            ideashelf::per_backend!(&mut *conn, c => diesel::insert_into(challenges::table).values(&rows).execute(c))?;
            Ok(())
        })?;

        step("entries", &mut timings, || {
            exec(
                conn,
                "CREATE TEMP TABLE bench_rules (k INTEGER PRIMARY KEY, rule TEXT NOT NULL, cause_type TEXT NOT NULL,
                                                amount INTEGER NOT NULL, in_challenge INTEGER NOT NULL)",
            )?;
            for chunk in rule_slots().chunks(1_000) {
                let values: Vec<String> = chunk
                    .iter()
                    .map(|(k, rule, cause, amount, ch)| format!("({k}, '{rule}', '{cause}', {amount}, {})", i32::from(*ch)))
                    .collect();
                exec(conn, &format!("INSERT INTO bench_rules VALUES {}", values.join(", ")))?;
            }
            let columns = "id, user_id, amount, rule, cause_type, cause_id, reverses, created_at, subject_id, challenge_id, reason";
            let challenge = format!(
                "CASE WHEN r.in_challenge = 1 AND g.cin < {CHALLENGE_PCT} THEN {} END",
                sql.challenge_id("g.c")
            );
            let mut lo = 0;
            while lo < plan.base {
                let hi = (lo + CHUNK).min(plan.base);
                let (with, from) = sql.series(lo, hi);
                exec(
                    conn,
                    &format!(
                        "{with}INSERT INTO point_entries ({columns})
                         SELECT {id}, {uid}, r.amount, r.rule, r.cause_type, {subj} || ':' || g.n, NULL, {ts}, {subj},
                                {challenge}, NULL
                         FROM (SELECT j AS n, {derived} FROM {from}) g JOIN bench_rules r ON r.k = g.k",
                        id = sql.entry_id("g.t", "g.n", "8000"),
                        uid = sql.user_id("g.m"),
                        subj = sql.subject_id("g.subj"),
                        ts = sql.ts("g.t"),
                        derived = plan.derived("j"),
                    ),
                )?;
                lo = hi;
                eprint!("\r  entries: {lo} of {} written", plan.base);
            }
            eprintln!();
            // Reversals: every REVERSE_ONE_IN-th entry is taken back up to three days later
            // (if that is before now), by an entry that names it, with the opposite amount.
            let (with, from) = sql.series(0, (plan.base + REVERSE_ONE_IN - 1) / REVERSE_ONE_IN);
            let rt = "(g.t + 1 + g.delay)".to_string();
            exec(
                conn,
                &format!(
                    "{with}INSERT INTO point_entries ({columns})
                     SELECT {rid}, {uid}, -r.amount, r.rule, r.cause_type, {subj} || ':' || g.n, {id}, {rts}, {subj},
                            {challenge},
                            CASE WHEN r.cause_type = 'support' THEN 'withdrawn' ELSE 'moderation' END
                     FROM (SELECT n, {derived} FROM (SELECT j * {REVERSE_ONE_IN} + 7 AS n FROM {from}) s2) g
                     JOIN bench_rules r ON r.k = g.k
                     WHERE g.n < {base} AND {rt} < {now}",
                    rid = sql.entry_id(&rt, "g.n", "9000"),
                    id = sql.entry_id("g.t", "g.n", "8000"),
                    uid = sql.user_id("g.m"),
                    subj = sql.subject_id("g.subj"),
                    rts = sql.ts(&rt),
                    derived = plan.derived("n"),
                    base = plan.base,
                    now = plan.now,
                ),
            )?;
            exec(conn, "DROP TABLE bench_rules")?;
            Ok(())
        })?;

        // The caches, as the app keeps them: users.points and points_at (the time of the
        // member's last entry); a '30d' row for every member who ever had an entry, holding
        // the sum of the entries since the window's start (the window was moved forward by
        // subtracting what left it; reached_at is the last entry's time, which the window
        // move leaves alone); a 'challenge:<id>' row per member and challenge; and each
        // board's histogram (members per total), folded, as the jobs leave it.
        step("caches (INSERT … SELECT … GROUP BY)", &mut timings, || {
            let from = sql.lit(window_from);
            exec(
                conn,
                &format!(
                    "CREATE TEMP TABLE bench_sums (user_id TEXT PRIMARY KEY, total BIGINT NOT NULL, win BIGINT NOT NULL,
                                                   last_at {ty} NOT NULL);
                     INSERT INTO bench_sums (user_id, total, win, last_at)
                         SELECT user_id, SUM(amount), SUM(CASE WHEN created_at >= {from} THEN amount ELSE 0 END), MAX(created_at)
                         FROM point_entries GROUP BY user_id;
                     UPDATE users SET points = s.total, points_at = s.last_at FROM bench_sums s WHERE s.user_id = users.id;
                     INSERT INTO point_totals (scope, user_id, points, reached_at)
                         SELECT '{w}', user_id, win, last_at FROM bench_sums;
                     INSERT INTO point_totals (scope, user_id, points, reached_at)
                         SELECT 'challenge:' || challenge_id, user_id, SUM(amount), MAX(created_at)
                         FROM point_entries WHERE challenge_id IS NOT NULL GROUP BY challenge_id, user_id;
                     INSERT INTO point_counts (scope, points, id, members)
                         SELECT '{all}', points, '', COUNT(*) FROM users WHERE points > 0 GROUP BY points;
                     INSERT INTO point_counts (scope, points, id, members)
                         SELECT scope, points, '', COUNT(*) FROM point_totals WHERE points > 0 GROUP BY scope, points;
                     UPDATE point_windows SET day_from = {from} WHERE scope = '{w}';
                     DROP TABLE bench_sums;",
                    ty = sql.timestamp_type(),
                    w = store::WINDOW_30D,
                    all = store::ALL_TIME,
                ),
            )?;
            Ok(())
        })?;
        Ok(())
    })?;

    step("indexes of point_entries (dropped before the load)", &mut timings, || {
        for ix in &indexes {
            exec(conn, &ix.sql)?;
        }
        for fk in &foreign_keys {
            exec(conn, &format!("ALTER TABLE point_entries ADD CONSTRAINT \"{}\" {}", fk.name, fk.sql))?;
        }
        Ok(())
    })?;
    match backend {
        Backend::Postgres => step("VACUUM ANALYZE", &mut timings, || Ok(exec(conn, "VACUUM ANALYZE")?))?,
        // Back to the app's journal; no ANALYZE, because the app never runs it.
        Backend::Sqlite => step("WAL", &mut timings, || {
            Ok(exec(conn, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")?)
        })?,
    }
    timings.push(("total".into(), started.elapsed().as_secs_f64()));
    Ok(Built { timings, window_from })
}

/// `SELECT` source of lo..hi as `j` without a WITH clause (for a subquery).
fn sql_series_inline(sql: &Sql, lo: i64, hi: i64) -> String {
    match sql.backend {
        Backend::Sqlite => format!(
            "(WITH RECURSIVE s(j) AS (SELECT {lo} UNION ALL SELECT j + 1 FROM s WHERE j + 1 < {hi}) SELECT j FROM s WHERE j < {hi}) s"
        ),
        Backend::Postgres => format!("generate_series(CAST({lo} AS BIGINT), CAST({} AS BIGINT)) AS s(j)", hi - 1),
    }
}

// ---- what was built -------------------------------------------------------------

struct Board {
    name: &'static str,
    /// The query string selecting it (without `cursor`).
    query: String,
    /// `None` for the all-time board, else its scope.
    scope: Option<String>,
    size: i64,
    /// Rows of the board's histogram (distinct totals).
    buckets: i64,
}

fn board_size(conn: &mut DbConn, scope: Option<&str>) -> QueryResult<i64> {
    match scope {
        None => users::table.filter(users::suspended_at.is_null()).filter(users::points.gt(0)).count().get_result(conn),
        Some(s) => point_totals::table
            .inner_join(users::table)
            .filter(point_totals::scope.eq(s))
            .filter(point_totals::points.gt(0))
            .filter(users::suspended_at.is_null())
            .count()
            .get_result(conn),
    }
}

/// The row at `place` on a board (1 is the top), as the cursor the API hands
/// out after it: the board's order read here with OFFSET (once, for the
/// benchmark's set-up; the app pages by keyset).
fn row_at(conn: &mut DbConn, scope: Option<&str>, place: i64) -> QueryResult<store::BoardAfter> {
    let (id, points, at): (String, i64, Option<NaiveDateTime>) = match scope {
        None => users::table
            .filter(users::suspended_at.is_null())
            .filter(users::points.gt(0))
            .order((users::points.desc(), users::points_at.asc(), users::id.asc()))
            .offset(place - 1)
            .select((users::id, users::points, users::points_at))
            .first(conn)?,
        Some(s) => point_totals::table
            .inner_join(users::table)
            .filter(point_totals::scope.eq(s))
            .filter(point_totals::points.gt(0))
            .filter(users::suspended_at.is_null())
            .order((point_totals::points.desc(), point_totals::reached_at.asc(), point_totals::user_id.asc()))
            .offset(place - 1)
            .select((point_totals::user_id, point_totals::points, point_totals::reached_at.nullable()))
            .first(conn)?,
    };
    Ok(store::BoardAfter { points, at: at.ok_or(diesel::result::Error::NotFound)?, id, place })
}

fn describe(conn: &mut DbConn, plan: &Plan) -> anyhow::Result<(String, String)> {
    let entries: i64 = point_entries::table.count().get_result(conn)?;
    let reversals: i64 = point_entries::table.filter(point_entries::reverses.is_not_null()).count().get_result(conn)?;
    let in_challenges: i64 =
        point_entries::table.filter(point_entries::challenge_id.is_not_null()).count().get_result(conn)?;
    let suspended: i64 = users::table.filter(users::suspended_at.is_not_null()).count().get_result(conn)?;
    let mut per_scope: Vec<(String, i64)> = point_totals::table
        .filter(point_totals::scope.like("challenge:%"))
        .group_by(point_totals::scope)
        .select((point_totals::scope, diesel::dsl::count_star()))
        .load(conn)?;
    per_scope.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let (big_scope, big_members) = per_scope.first().cloned().ok_or_else(|| anyhow::anyhow!("no challenge totals"))?;
    let big_id = big_scope.trim_start_matches("challenge:").to_string();
    let big_entries: i64 =
        point_entries::table.filter(point_entries::challenge_id.eq(&big_id)).count().get_result(conn)?;
    let slug: String = challenges::table.find(&big_id).select(challenges::slug).first(conn)?;
    let top: Vec<(String, i64)> = point_entries::table
        .group_by(point_entries::user_id)
        .select((point_entries::user_id, diesel::dsl::count_star()))
        .order(diesel::dsl::count_star().desc())
        .limit(1)
        .load(conn)?;
    let top_entries = top.first().map(|t| t.1).unwrap_or(0);
    let active = count_sql(conn, "SELECT COUNT(DISTINCT user_id) AS n FROM point_entries")?;
    Ok((
        format!(
            "{} members ({active} with entries, {suspended} suspended; the most active has {top_entries} entries); \
             {entries} entries ({reversals} reversals, {in_challenges} in {} challenges) over {SPAN_DAYS} days; \
             largest challenge {slug}: {big_entries} entries, {big_members} members",
            plan.members + 1,
            per_scope.len(),
        ),
        slug,
    ))
}

// ---- measuring --------------------------------------------------------------------

struct Kind {
    name: String,
    path: String,
    token: Option<String>,
    /// The place of the first item, and the signed-in member's place.
    first_place: i64,
    me_place: Option<i64>,
    extra: bool,
    /// The leaderboard statements a request of this kind runs.
    probes: Vec<Probe>,
}

/// A leaderboard statement of the app (`points::store`), run on its own for
/// its plan and time.
#[derive(Clone, Debug)]
enum Probe {
    /// `board_all` / `board_scope` after a cursor (the page plus one row, as the service asks).
    Page { scope: Option<String>, after: Option<store::BoardAfter> },
    /// `place_all` / `place_scope` of a member.
    Place { scope: Option<String>, user_id: String },
}

impl Probe {
    fn run(&self, conn: &mut DbConn) -> QueryResult<()> {
        match self {
            Probe::Page { scope: None, after } => store::board_all(conn, after.as_ref(), 21).map(drop),
            Probe::Page { scope: Some(s), after } => store::board_scope(conn, s, after.as_ref(), 21).map(drop),
            Probe::Place { scope: None, user_id } => store::place_all(conn, user_id).map(drop),
            Probe::Place { scope: Some(s), user_id } => store::place_scope(conn, s, user_id).map(drop),
        }
    }

    fn label(&self) -> String {
        match self {
            Probe::Page { scope, after } => format!(
                "{}(after place {}, limit 21)",
                if scope.is_some() { "board_scope" } else { "board_all" },
                after.as_ref().map_or(0, |a| a.place)
            ),
            Probe::Place { scope, .. } => {
                format!("{}(member far down)", if scope.is_some() { "place_scope" } else { "place_all" })
            }
        }
    }
}

#[derive(QueryableByName)]
struct SqlitePlanRow {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    id: i32,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    parent: i32,
    #[diesel(sql_type = Text)]
    detail: String,
}

#[derive(QueryableByName)]
struct PgPlanLine {
    #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
    line: String,
}

/// Splits diesel's `[a, "b", 2026-01-01T00:00:00]` bind list into SQL literals.
fn bind_literals(binds: &str) -> Vec<String> {
    let inner = binds.trim().trim_start_matches('[').trim_end_matches(']');
    let (mut out, mut cur, mut quoted, mut escaped) = (Vec::new(), String::new(), false, false);
    let mut was_quoted = false;
    let mut push = |cur: &mut String, was_quoted: &mut bool| {
        let v = cur.trim().to_string();
        if !v.is_empty() {
            out.push(if *was_quoted || v.contains('T') && v.contains(':') {
                format!("'{}'", v.replace('\'', "''"))
            } else {
                v
            });
        }
        cur.clear();
        *was_quoted = false;
    };
    for ch in inner.chars() {
        match (quoted, escaped, ch) {
            (true, true, _) => {
                cur.push(ch);
                escaped = false;
            }
            (true, false, '\\') => escaped = true,
            (true, false, '"') => quoted = false,
            (true, false, _) => cur.push(ch),
            (false, _, '"') => {
                quoted = true;
                was_quoted = true;
            }
            (false, _, ',') => push(&mut cur, &mut was_quoted),
            (false, _, _) => cur.push(ch),
        }
    }
    push(&mut cur, &mut was_quoted);
    out
}

/// Runs a probe with diesel's instrumentation on, to catch the exact SQL and
/// binds the app's code sends; then times it (median of 5 runs) and asks the
/// database for the plan of each statement: EXPLAIN QUERY PLAN on SQLite,
/// EXPLAIN (ANALYZE, BUFFERS) of the prepared statement on PostgreSQL.
fn explain(conn: &mut DbConn, probe: &Probe) -> anyhow::Result<String> {
    use diesel::connection::{Instrumentation, InstrumentationEvent};
    let seen = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let sink = seen.clone();
    let hook = move |e: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { query, .. } = e {
            sink.lock().unwrap().push(query.to_string());
        }
    };
    fn quiet(_: InstrumentationEvent<'_>) {}
    fn set(conn: &mut DbConn, i: impl Instrumentation) {
        ideashelf::per_backend!(conn, c => c.set_instrumentation(i));
    }
    set(conn, hook);
    let first = probe.run(conn);
    set(conn, quiet);
    first?;
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        probe.run(conn)?;
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    let mut out = format!(
        "{}: {:.2} ms (median of 5 on the benchmark's own connection, no HTTP load)\n",
        probe.label(),
        times[2]
    );
    let statements = seen.lock().unwrap().clone();
    for (i, text) in statements.iter().enumerate() {
        let (sql, binds) = text.split_once(" -- binds: ").unwrap_or((text.as_str(), "[]"));
        out.push_str(&format!("    SQL: {sql}\n    binds: {binds}\n"));
        match conn {
            DbConn::Sqlite(c) => {
                let rows = diesel::sql_query(format!("EXPLAIN QUERY PLAN {sql}")).load::<SqlitePlanRow>(c)?;
                let mut depth: std::collections::HashMap<i32, usize> = std::collections::HashMap::new();
                for r in rows {
                    let d = depth.get(&r.parent).map(|d| d + 1).unwrap_or(0);
                    depth.insert(r.id, d);
                    out.push_str(&format!("      {}{}\n", "  ".repeat(d), r.detail));
                }
            }
            DbConn::Pg(c) => {
                let name = format!("bench_explain_{i}");
                c.batch_execute(&format!("PREPARE {name} AS {sql}"))?;
                let args = bind_literals(binds).join(", ");
                let lines = diesel::sql_query(format!("EXPLAIN (ANALYZE, BUFFERS) EXECUTE {name}({args})"))
                    .load::<PgPlanLine>(c);
                c.batch_execute(&format!("DEALLOCATE {name}"))?;
                for l in lines? {
                    out.push_str(&format!("      {}\n", l.line));
                }
            }
        }
    }
    Ok(out)
}

#[derive(Default)]
struct Measured {
    /// Milliseconds, sorted.
    lat_ms: Vec<f64>,
    errors: usize,
    first_error: Option<String>,
    elapsed: Duration,
}

impl Measured {
    /// The table's columns: n, p50, p95, p99, max (ms) and req/s.
    fn columns(&self) -> String {
        format!(
            "{:6} {:8.2} {:8.2} {:8.2} {:8.2} {:8.0}",
            self.lat_ms.len(),
            self.pct(50.0),
            self.pct(95.0),
            self.pct(99.0),
            self.max(),
            self.rate()
        )
    }

    /// Nearest-rank percentile, in milliseconds.
    fn pct(&self, p: f64) -> f64 {
        if self.lat_ms.is_empty() {
            return f64::NAN;
        }
        let rank = ((p / 100.0) * self.lat_ms.len() as f64).ceil() as usize;
        self.lat_ms[rank.clamp(1, self.lat_ms.len()) - 1]
    }

    fn max(&self) -> f64 {
        self.lat_ms.last().copied().unwrap_or(f64::NAN)
    }

    fn rate(&self) -> f64 {
        self.lat_ms.len() as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// `n` requests of one kind from `clients` concurrent closed-loop clients.
async fn drive(
    client: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    clients: usize,
    n: usize,
    max: Duration,
) -> Measured {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let (client, url, token, next) = (client.clone(), url.to_string(), token.map(str::to_string), next.clone());
            tokio::spawn(async move {
                let (mut lat, mut errors, mut first) = (Vec::new(), 0, None::<String>);
                while next.fetch_add(1, Ordering::Relaxed) < n && started.elapsed() < max {
                    let mut req = client.get(&url);
                    if let Some(t) = &token {
                        req = req.bearer_auth(t);
                    }
                    let t = Instant::now();
                    let outcome = async {
                        let res = req.send().await.map_err(|e| e.to_string())?;
                        let status = res.status();
                        let body = res.bytes().await.map_err(|e| e.to_string())?;
                        if status == reqwest::StatusCode::OK && body.starts_with(b"{\"period\"") {
                            Ok(())
                        } else {
                            Err(format!("{status}: {}", String::from_utf8_lossy(&body[..body.len().min(300)])))
                        }
                    }
                    .await;
                    match outcome {
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
    let mut m = Measured::default();
    for t in tasks {
        let (lat, errors, first) = t.await.expect("client task");
        m.lat_ms.extend(lat);
        m.errors += errors;
        if m.first_error.is_none() {
            m.first_error = first;
        }
    }
    m.elapsed = started.elapsed();
    m.lat_ms.sort_by(f64::total_cmp);
    m
}

/// One request of a kind, checked: the places on the page, and the signed-in member's place.
/// Writes `n` awards (support received, in the benchmark's challenge) through the
/// ledger's own path, from `clients` concurrent tasks; (seconds, awards).
async fn write_awards(
    db: &ideashelf::db::Db,
    members: &[String],
    challenge_id: &str,
    first: usize,
    n: usize,
    clients: usize,
) -> anyhow::Result<(f64, usize)> {
    let members = Arc::new(members.to_vec());
    let next = Arc::new(AtomicUsize::new(first));
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let (db, members, next, cid) = (db.clone(), members.clone(), next.clone(), challenge_id.to_string());
            tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= first + n {
                        return Ok::<(), ideashelf::error::AppError>(());
                    }
                    let (user, cid) = (members[i % members.len()].clone(), cid.clone());
                    db.run(move |conn| {
                        let cause = format!("bench-write-{i}");
                        ideashelf::db::write_tx(conn, |conn| {
                            let award = ideashelf::points::service::Award::new(
                                &user,
                                rules::Rule::SupportReceived,
                                "support",
                                &cause,
                            )
                            .about(&cause, Some(&cid));
                            ideashelf::points::service::award(conn, &[award], ideashelf::clock::now())
                        })
                    })
                    .await?;
                }
            })
        })
        .collect();
    for t in tasks {
        t.await??;
    }
    Ok((started.elapsed().as_secs_f64(), n))
}

/// Folds every pending place-count delta, as the jobs do; (seconds, deltas).
async fn fold_all(db: &ideashelf::db::Db) -> anyhow::Result<(f64, usize)> {
    let started = Instant::now();
    let mut folded = 0;
    loop {
        let n = db.run(ideashelf::points::service::fold_counts).await?;
        if n == 0 {
            return Ok((started.elapsed().as_secs_f64(), folded));
        }
        folded += n;
    }
}

async fn check(client: &reqwest::Client, base: &str, k: &Kind) -> anyhow::Result<()> {
    let mut req = client.get(format!("{base}{}", k.path));
    if let Some(t) = &k.token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await?;
    anyhow::ensure!(res.status() == reqwest::StatusCode::OK, "{}: {}", k.path, res.status());
    let v: serde_json::Value = res.json().await?;
    let items = v["items"].as_array().ok_or_else(|| anyhow::anyhow!("{}: no items", k.path))?;
    anyhow::ensure!(items.len() == 20, "{}: {} items", k.path, items.len());
    anyhow::ensure!(items[0]["place"].as_i64() == Some(k.first_place), "{}: first place {}", k.path, items[0]["place"]);
    let points: Vec<i64> = items.iter().filter_map(|i| i["points"].as_i64()).collect();
    anyhow::ensure!(points.windows(2).all(|w| w[0] >= w[1]), "{}: points not in order", k.path);
    if let Some(place) = k.me_place {
        anyhow::ensure!(
            v["me"]["place"].as_i64() == Some(place),
            "{}: me {} where {place} was expected",
            k.path,
            v["me"]
        );
    }
    Ok(())
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

fn count_sql(conn: &mut DbConn, sql: &str) -> QueryResult<i64> {
    ideashelf::per_backend!(conn, c => diesel::sql_query(sql).get_result::<Count>(c).map(|r| r.n))
}

fn disk_size(conn: &mut DbConn, sqlite_path: &std::path::Path) -> String {
    #[derive(QueryableByName)]
    struct Size {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        bytes: i64,
    }
    let bytes = match conn {
        DbConn::Pg(c) => diesel::sql_query("SELECT pg_database_size(current_database()) AS bytes")
            .get_result::<Size>(c)
            .map(|s| s.bytes as f64)
            .unwrap_or(f64::NAN),
        DbConn::Sqlite(_) => ["", "-wal"]
            .iter()
            .filter_map(|s| std::fs::metadata(format!("{}{s}", sqlite_path.display())).ok())
            .map(|m| m.len() as f64)
            .sum(),
    };
    format!("{:.2} GB", bytes / 1e9)
}

#[tokio::main]
async fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("{msg}");
            std::process::exit(2);
        }
    };
    if let Err(e) = run(args).await {
        eprintln!("leaderboard benchmark failed: {e:#}");
        std::process::exit(1);
    }
}

async fn run(args: Args) -> anyhow::Result<()> {
    let load_before = loadavg();
    let dir = tempfile::tempdir()?;
    let (url, _scratch) = match std::env::var("BENCH_DATABASE_URL").ok().filter(|u| !u.is_empty()) {
        Some(admin) => {
            anyhow::ensure!(Backend::of_url(&admin) == Backend::Postgres, "BENCH_DATABASE_URL must be postgres://…");
            let (scratch, url) = PgScratch::create(&admin, "ideashelf_bench_lb_", args.keep)?;
            (Some(url), Some(scratch))
        }
        None => (None, None),
    };
    let mut config = Config::for_data_dir(dir.path(), url);
    config.jwt_secret = Some(JWT_SECRET.into());
    config.search_worker = false;
    config.workers = Some(args.workers);
    let pool = config.db_pool;
    let db_url = config.database_url();
    let backend = Backend::of_url(&db_url);
    let name = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    eprintln!(
        "ideashelf leaderboard benchmark on {name}: {} members, {} entries, {} challenges, {} suspended; \
         {} requests per kind after {} warm-up, {} clients, {} app workers; {} cores, load average {load_before}",
        args.members,
        args.entries,
        args.challenges,
        args.suspended,
        args.requests,
        args.warmup,
        args.clients,
        args.workers,
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
    );

    // Migrate, then load on one connection of our own (on SQLite with a rollback journal in
    // memory while loading; the app's connections set WAL again).
    ideashelf::open_db(&config).await?;
    let now = ideashelf::clock::now();
    eprintln!("building the data:");
    let db_url2 = db_url.clone();
    let (built, summary, slug, verify_secs, size, mut conn) = tokio::task::spawn_blocking({
        let args = args.clone();
        let sqlite_path = std::path::PathBuf::from(&db_url);
        move || -> anyhow::Result<_> {
            let mut conn = match backend {
                Backend::Postgres => DbConn::Pg(PgConnection::establish(&db_url2)?),
                Backend::Sqlite => DbConn::Sqlite(SqliteConnection::establish(&db_url2)?),
            };
            let plan = Plan::new(&args, now);
            let built = build_data(&mut conn, &plan, &args, now)?;
            let (summary, slug) = describe(&mut conn, &plan)?;
            eprintln!("{summary}");
            // The exactness check, before measuring: every cache equals the sum of its entries.
            let t = Instant::now();
            let diffs = store::differences(&mut conn)?;
            let verify_secs = t.elapsed().as_secs_f64();
            anyhow::ensure!(
                diffs.is_empty(),
                "{} caches differ from the ledger, first {:?}",
                diffs.len(),
                diffs.first()
            );
            eprintln!("  ledger verify: no differences ({verify_secs:.1} s)");
            let size = disk_size(&mut conn, &sqlite_path);
            Ok((built, summary, slug, verify_secs, size, conn))
        }
    })
    .await??;

    // Boards, and a member far down each (90% of the way) to be signed in as.
    let keys = TokenKeys::new(JWT_SECRET.as_bytes());
    let challenge_id: String =
        challenges::table.filter(challenges::slug.eq(&slug)).select(challenges::id).first(&mut conn)?;
    let mut boards = vec![
        Board { name: "all", query: String::new(), scope: None, size: 0, buckets: 0 },
        Board { name: "30d", query: "period=30d".into(), scope: Some(store::WINDOW_30D.into()), size: 0, buckets: 0 },
        Board {
            name: "challenge",
            query: format!("challenge={slug}"),
            scope: Some(store::challenge_scope(&challenge_id)),
            size: 0,
            buckets: 0,
        },
    ];
    let mut kinds = Vec::new();
    for b in &mut boards {
        b.size = board_size(&mut conn, b.scope.as_deref())?;
        b.buckets = point_counts::table
            .filter(point_counts::scope.eq(b.scope.as_deref().unwrap_or(store::ALL_TIME)))
            .count()
            .get_result(&mut conn)?;
        let sep = |q: &str| if q.is_empty() { String::new() } else { format!("{q}&") };
        // A later page is asked for with the cursor the API hands out after the row before it.
        let path = |q: &str, after: Option<&store::BoardAfter>| {
            let mut p = format!("/api/v1/leaderboard?{}", sep(q));
            if let Some(a) = after {
                p.push_str(&format!("cursor={}", encode_cursor(a)));
            }
            p.trim_end_matches(['&', '?']).to_string()
        };
        let page = |after: Option<store::BoardAfter>| Probe::Page { scope: b.scope.clone(), after };
        kinds.push(Kind {
            name: format!("{} first page", b.name),
            path: path(&b.query, None),
            token: None,
            first_place: 1,
            me_place: None,
            extra: false,
            probes: vec![page(None)],
        });
        let at_1000 = row_at(&mut conn, b.scope.as_deref(), 1000)?;
        kinds.push(Kind {
            name: format!("{} page after place 1000", b.name),
            path: path(&b.query, Some(&at_1000)),
            token: None,
            first_place: 1001,
            me_place: None,
            extra: false,
            probes: vec![page(Some(at_1000))],
        });
        let far = b.size * 9 / 10;
        let me = row_at(&mut conn, b.scope.as_deref(), far)?.id;
        kinds.push(Kind {
            name: format!("{} signed in (me at {far})", b.name),
            path: path(&b.query, None),
            token: Some(ideashelf::accounts::service::open_session(&mut conn, &keys, &me)?),
            first_place: 1,
            me_place: Some(far),
            extra: false,
            probes: vec![page(None), Probe::Place { scope: b.scope.clone(), user_id: me }],
        });
        if args.deep {
            let deep = (b.size * 9 / 10 / 20) * 20;
            let at_deep = row_at(&mut conn, b.scope.as_deref(), deep)?;
            kinds.push(Kind {
                name: format!("{} page after place {deep} (90%)", b.name),
                path: path(&b.query, Some(&at_deep)),
                token: None,
                first_place: deep + 1,
                me_place: None,
                extra: true,
                probes: vec![page(Some(at_deep))],
            });
        }
    }
    let boards_line = boards
        .iter()
        .map(|b| format!("{} {} ({} distinct totals)", b.name, b.size, b.buckets))
        .collect::<Vec<_>>()
        .join(", ");
    eprintln!("members on each board: {boards_line}");

    // The app over that database.
    let app = Application::build(config).await?;
    let base = format!("http://127.0.0.1:{}", app.port());
    let app_db = app.db();
    tokio::spawn(app.run_until_stopped());
    let client =
        reqwest::Client::builder().pool_max_idle_per_host(args.clients).timeout(Duration::from_secs(120)).build()?;
    let mut results = Vec::new();
    for k in &kinds {
        check(&client, &base, k).await?;
        let url = format!("{base}{}", k.path);
        let _ = drive(&client, &url, k.token.as_deref(), args.clients, args.warmup, args.max_kind / 4).await;
        let m = drive(&client, &url, k.token.as_deref(), args.clients, args.requests, args.max_kind).await;
        eprintln!(
            "  {:40} n {:5}  p50 {:6.2}  p95 {:6.2}  p99 {:6.2}  max {:7.2} ms  {:5.0} req/s{}",
            k.name,
            m.lat_ms.len(),
            m.pct(50.0),
            m.pct(95.0),
            m.pct(99.0),
            m.max(),
            m.rate(),
            if m.errors > 0 {
                format!("  {} errors: {}", m.errors, m.first_error.as_deref().unwrap_or(""))
            } else {
                String::new()
            }
        );
        results.push(m);
    }

    // Writes through the ledger's own path (each award one transaction, as the app writes it:
    // the entry, the balance, the 30-day and challenge totals, three histograms' deltas and the
    // badge check): first `--writes` awards alone, for the rate; then, folded, as many awards as
    // that rate writes between two folds of the jobs (`jobs::FOLD_EVERY`), and the signed-in
    // reads again with those deltas pending (the most a member's place sees at that rate).
    let mut writes_report = None;
    if args.writes > 0 {
        let members: Vec<String> = users::table
            .filter(users::suspended_at.is_null())
            .order(users::id)
            .limit(5_000)
            .select(users::id)
            .load(&mut conn)?;
        let (write_secs, _) = write_awards(&app_db, &members, &challenge_id, 0, args.writes, args.clients).await?;
        let rate = args.writes as f64 / write_secs;
        let (fold_secs, folded) = fold_all(&app_db).await?;
        eprintln!(
            "writes: {} awards in {write_secs:.1} s ({rate:.0}/s, {} clients); fold of their {folded} deltas {fold_secs:.2} s",
            args.writes, args.clients
        );
        let between = (rate * ideashelf::jobs::FOLD_EVERY.as_secs_f64()).ceil() as usize;
        let (_, _) = write_awards(&app_db, &members, &challenge_id, args.writes, between, args.clients).await?;
        let pending: i64 = point_counts::table.filter(point_counts::id.ne("")).count().get_result(&mut conn)?;
        let mut unfolded = Vec::new();
        for k in kinds.iter().filter(|k| k.token.is_some()) {
            let url = format!("{base}{}", k.path);
            let m = drive(&client, &url, k.token.as_deref(), args.clients, args.requests, args.max_kind).await;
            eprintln!("  {:40} p50 {:6.2}  p99 {:6.2} ms ({pending} deltas pending)", k.name, m.pct(50.0), m.pct(99.0));
            unfolded.push((k.name.clone(), m));
        }
        fold_all(&app_db).await?;
        writes_report = Some((write_secs, folded, fold_secs, between, pending, unfolded));
    }

    // Plans and times of the statements behind each kind that missed the goal (or every kind).
    let mut plans = String::new();
    let mut explained: Vec<String> = Vec::new();
    for (k, m) in kinds.iter().zip(&results) {
        let missed = m.errors > 0 || m.pct(99.0).partial_cmp(&P99_GOAL_MS) != Some(std::cmp::Ordering::Less);
        if !(args.explain || missed) {
            continue;
        }
        plans.push_str(&format!("\n{} (p99 {:.1} ms):\n", k.name, m.pct(99.0)));
        for p in &k.probes {
            let key = format!("{p:?}");
            if explained.contains(&key) {
                plans.push_str(&format!("  {}: as above\n", p.label()));
                continue;
            }
            explained.push(key);
            plans.push_str(&format!("  {}", explain(&mut conn, p)?));
        }
    }

    // The daily job: move the 30-day window by one day, over this data.
    let next_day = now + chrono::Duration::days(1);
    let (moved, advance_secs, verify2_secs) = app_db
        .run(move |conn| {
            let t = Instant::now();
            let moved = ideashelf::points::service::advance_window(conn, next_day)?;
            let secs = t.elapsed().as_secs_f64();
            let t = Instant::now();
            let diffs = store::differences(conn)?;
            if !diffs.is_empty() {
                return Err(ideashelf::error::AppError::internal(format!(
                    "{} caches differ after the window moved, first {:?}",
                    diffs.len(),
                    diffs.first()
                )));
            }
            Ok((moved, secs, t.elapsed().as_secs_f64()))
        })
        .await?;
    let from_after = store::window_from(&mut conn, store::WINDOW_30D)?;
    eprintln!(
        "advance_window by one day: {moved} members in {advance_secs:.2} s; window {} -> {:?}; ledger verify after: \
         no differences ({verify2_secs:.1} s)",
        built.window_from, from_after
    );
    drop(conn);

    // The table.
    println!();
    println!("leaderboard benchmark, {name}: {summary}");
    println!("database {size}; members per board: {boards_line}");
    let t = |n: &str| built.timings.iter().find(|(k, _)| k == n).map(|(_, s)| *s).unwrap_or(f64::NAN);
    println!(
        "data build {:.1} s (members {:.1}, entries {:.1}, caches {:.1}, indexes {:.1}, {} {:.1}); ledger verify {:.1} s",
        t("total"),
        t("members"),
        t("entries"),
        t("caches (INSERT … SELECT … GROUP BY)"),
        t("indexes of point_entries (dropped before the load)"),
        if backend == Backend::Postgres { "VACUUM ANALYZE" } else { "WAL" },
        t(if backend == Backend::Postgres { "VACUUM ANALYZE" } else { "WAL" }),
        verify_secs
    );
    println!(
        "advance_window (30-day window one day on): {advance_secs:.2} s, {moved} members' totals moved; ledger verify \
         after it: no differences ({verify2_secs:.1} s)"
    );
    println!(
        "HTTP GET /api/v1/leaderboard, {} requests per kind (at most {} s) after {} warm-up, {} concurrent clients, \
         {} app workers, database pool {} (ms):",
        args.requests,
        args.max_kind.as_secs(),
        args.warmup,
        args.clients,
        args.workers,
        pool
    );
    println!(
        "{:40} {:>6} {:>8} {:>8} {:>8} {:>8} {:>8}  p99 < {P99_GOAL_MS:.0} ms",
        "query", "n", "p50", "p95", "p99", "max", "req/s"
    );
    let mut met = 0;
    let mut goals = 0;
    for (k, m) in kinds.iter().zip(&results) {
        let ok = m.errors == 0 && m.pct(99.0) < P99_GOAL_MS;
        if !k.extra {
            goals += 1;
            met += usize::from(ok);
        }
        println!(
            "{:40} {}  {}{}{}",
            k.name,
            m.columns(),
            if ok { "yes" } else { "NO" },
            if k.extra { " (extra)" } else { "" },
            if m.errors > 0 { format!(", {} errors", m.errors) } else { String::new() }
        );
    }
    println!(
        "goal met by {met} of {goals} query kinds; {}; load average before {load_before}, after {}",
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
        loadavg()
    );
    if let Some((write_secs, folded, fold_secs, between, pending, unfolded)) = &writes_report {
        println!(
            "\nwrites: {} awards through points::service::award, {} clients, one transaction each: {write_secs:.1} s \
             ({:.0} awards/s); folding their {folded} place-count deltas: {fold_secs:.2} s",
            args.writes,
            args.clients,
            args.writes as f64 / write_secs
        );
        println!(
            "signed-in reads with the deltas of {between} more awards pending ({pending} rows; what that rate writes \
             between two folds, {} s apart) (ms):",
            ideashelf::jobs::FOLD_EVERY.as_secs()
        );
        for (name, m) in unfolded {
            let ok = m.errors == 0 && m.pct(99.0) < P99_GOAL_MS;
            println!("{:40} {}  {}", name, m.columns(), if ok { "yes" } else { "NO" });
        }
        println!("ledger verify after the writes and the window move: no differences");
    }
    if !plans.is_empty() {
        println!(
            "\nStatements behind the kinds above{}:{plans}",
            if args.explain { "" } else { " that missed the goal" }
        );
    }
    if args.keep && backend == Backend::Sqlite {
        let kept = dir.keep();
        eprintln!("kept the SQLite data directory {}", kept.display());
    }
    Ok(())
}

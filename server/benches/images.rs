#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Picture benchmark: uploads per second of a ~4 MB photo (decode, three
//! re-encoded variants, media store, row), and the latency of other requests
//! while uploads run, beside the raw database doing the same list query in the
//! same run. On SQLite, and on PostgreSQL when it is reachable.
//!
//!     cargo bench -p ideashelf --bench images
//!     cargo bench -p ideashelf --bench images -- --help
//!
//! See docs/BENCHMARKS.md ("Pictures"). Only 127.0.0.1 traffic; every phase is
//! bounded in uploads and in seconds.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::PgScratch;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use ideashelf::accounts::password;
use ideashelf::accounts::token::TokenKeys;
use ideashelf::config::Config;
use ideashelf::db::schema::{ideas, users};
use ideashelf::db::{write_tx, Db, DbConn};
use ideashelf::ideas::store::IdeaRow;
use ideashelf::Application;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Signs the uploader's token; the app is configured with the same secret.
const JWT_SECRET: &str = "ideashelf-images-benchmark-secret-0123456789abcdef";
const PAGE: i64 = 20;
/// The photo: 4000 × 3000 pixels (12 MP, a phone's), JPEG quality 92.
const PHOTO_W: u32 = 4000;
const PHOTO_H: u32 = 3000;
const PHOTO_QUALITY: u8 = 92;
/// The photo's size is kept within this range (bytes), retuning its grain if needed.
const PHOTO_BYTES: (usize, usize) = (3_500_000, 4_500_000);
/// Probe requests per second during the latency phases (open loop, one every 10 ms).
const PROBE_RATE: u64 = 100;
/// Statuses the default lists leave out (as `ideas::service::views` does).
const UNLISTED: [&str; 3] = ["pending", "rejected", "merged"];

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
    uploads: usize,
    clients: usize,
    ideas: usize,
    probe_secs: u64,
    raw_queries: usize,
    workers: Option<usize>,
    max_phase: Duration,
    pg_url: String,
    seed: u64,
}

const USAGE: &str = "\
cargo bench -p ideashelf --bench images [-- OPTIONS]

  --backend sqlite|postgres|both  backends to measure (default: both; PostgreSQL is skipped
                         with a note when it is not reachable)
  --uploads N            uploads per upload phase, sequential and concurrent each (default: 30)
  --clients N            concurrent uploading clients of the concurrent phase (default: 3)
  --ideas N              ideas in the fixture, for the list and the idea page (default: 10000)
  --probe-secs S         length of the baseline probe phase (default: 8)
  --raw-queries N        raw list queries for the database's own time (default: 2000)
  --workers N            HTTP worker threads (default: the app's, one per core)
  --max-phase-secs S     upper bound on every upload phase (default: 60)
  --pg-url URL           PostgreSQL admin URL; a fresh database is created there and
                         dropped afterwards (default: $IDEASHELF_BENCH_PG_URL, else
                         $IDEASHELF_TEST_PG_URL, else postgres://postgres@127.0.0.1:5432/postgres)
  --seed N               fixture and photo seed (default: 42)";

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        backends: vec![Backend::Sqlite, Backend::Postgres],
        uploads: 30,
        clients: 3,
        ideas: 10_000,
        probe_secs: 8,
        raw_queries: 2_000,
        workers: None,
        max_phase: Duration::from_secs(60),
        pg_url: std::env::var("IDEASHELF_BENCH_PG_URL")
            .or_else(|_| std::env::var("IDEASHELF_TEST_PG_URL"))
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into()),
        seed: 42,
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
            "--uploads" => a.uploads = num(&arg, it.next())?,
            "--clients" => a.clients = num(&arg, it.next())?,
            "--ideas" => a.ideas = num(&arg, it.next())?,
            "--probe-secs" => a.probe_secs = num(&arg, it.next())?,
            "--raw-queries" => a.raw_queries = num(&arg, it.next())?,
            "--workers" => a.workers = Some(num(&arg, it.next())?),
            "--max-phase-secs" => a.max_phase = Duration::from_secs(num(&arg, it.next())?),
            "--pg-url" => a.pg_url = it.next().ok_or("--pg-url takes a URL")?,
            "--seed" => a.seed = num(&arg, it.next())?,
            other if other.starts_with('-') => return Err(format!("unknown option {other}\n\n{USAGE}")),
            _ => {}
        }
    }
    if [a.uploads, a.clients, a.ideas, a.raw_queries].contains(&0) || a.probe_secs == 0 {
        return Err("counts and seconds must be positive".into());
    }
    Ok(a)
}

// ---- the photo ----------------------------------------------------------------

/// A photo-like 4000 × 3000 JPEG: smooth light over the frame, soft shapes and
/// texture at several scales, and per-pixel sensor grain. The grain decides the
/// size at quality 92; it is retuned (a few encodes) until the file is 3.5–4.5 MB.
fn make_photo(seed: u64) -> anyhow::Result<(Vec<u8>, String)> {
    let started = Instant::now();
    let mut grain = 11.0_f64;
    let mut last = Vec::new();
    for attempt in 0..5 {
        let mut rng = StdRng::seed_from_u64(seed);
        let (fw, fh) = (f64::from(PHOTO_W), f64::from(PHOTO_H));
        let blobs: Vec<(f64, f64, f64, [f64; 3])> = (0..40)
            .map(|_| {
                let c = [rng.random_range(-60.0..60.0), rng.random_range(-60.0..60.0), rng.random_range(-60.0..60.0)];
                (rng.random_range(0.0..fw), rng.random_range(0.0..fh), rng.random_range(80.0..900.0), c)
            })
            .collect();
        let mut img = image::RgbImage::new(PHOTO_W, PHOTO_H);
        for (x, y, px) in img.enumerate_pixels_mut() {
            let (xf, yf) = (f64::from(x), f64::from(y));
            // Sky-to-ground light, with texture at a few scales.
            let mut v = [90.0 + 80.0 * (1.0 - yf / fh), 110.0 + 40.0 * (xf / fw), 150.0 - 70.0 * (yf / fh)];
            let tex = 18.0 * ((xf * 0.013).sin() * (yf * 0.021).cos())
                + 10.0 * ((xf * 0.071 + yf * 0.043).sin())
                + 6.0 * ((xf * 0.23).sin() * (yf * 0.19).sin());
            for &(bx, by, r, c) in &blobs {
                let d2 = ((xf - bx).powi(2) + (yf - by).powi(2)) / (r * r);
                if d2 < 4.0 {
                    let w = (-d2).exp();
                    for (vk, ck) in v.iter_mut().zip(c) {
                        *vk += ck * w;
                    }
                }
            }
            let n: f64 = (rng.random::<f64>() + rng.random::<f64>() + rng.random::<f64>() - 1.5) * grain;
            for (p, vk) in px.0.iter_mut().zip(v) {
                let chroma = (rng.random::<f64>() - 0.5) * grain * 0.4;
                *p = (vk + tex + n + chroma).round().clamp(0.0, 255.0) as u8;
            }
        }
        let mut out = Vec::with_capacity(5_000_000);
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, PHOTO_QUALITY).encode_image(&img)?;
        let size = out.len();
        eprintln!("photo attempt {attempt}: grain {grain:.1} -> {size} bytes");
        if (PHOTO_BYTES.0..=PHOTO_BYTES.1).contains(&size) {
            let note = format!(
                "{PHOTO_W} x {PHOTO_H} JPEG, quality {PHOTO_QUALITY}, {:.2} MB ({size} bytes), made in {:.1}s",
                size as f64 / 1e6,
                started.elapsed().as_secs_f64()
            );
            return Ok((out, note));
        }
        // The grain's share of the file grows about linearly with its amplitude.
        let target = (PHOTO_BYTES.0 + PHOTO_BYTES.1) as f64 / 2.0;
        grain *= (target / size as f64).powf(1.3);
        last = out;
    }
    anyhow::bail!("could not make a 3.5-4.5 MB photo (last: {} bytes)", last.len())
}

// ---- fixtures -----------------------------------------------------------------

struct Fixture {
    token: String,
    /// An idea on the default list, for its page.
    idea_id: String,
    counts: String,
}

/// One uploader, a few authors and `--ideas` ideas, inserted straight through diesel.
fn load_fixtures(db: &Db, args: &Args) -> anyhow::Result<Fixture> {
    let started = Instant::now();
    let mut rng = StdRng::seed_from_u64(args.seed);
    let now = ideashelf::clock::now();
    let hash = password::hash("bench password, never used to sign in")?;
    let authors = 100;
    let people: Vec<(String, String)> = (0..=authors)
        .map(|i| {
            let handle = if i == 0 { "uploader".to_string() } else { format!("author{i}") };
            (uuid::Uuid::now_v7().to_string(), handle)
        })
        .collect();
    let statuses = ["gathering_support", "gathering_support", "gathering_support", "in_review", "pending"];
    let specs: Vec<(String, usize, &str, i32, chrono::NaiveDateTime)> = (0..args.ideas)
        .map(|_| {
            let created = now - chrono::Duration::seconds(rng.random_range(0..180 * 86_400));
            let status = statuses[rng.random_range(0..statuses.len())];
            let supports = if status == "pending" { 0 } else { (1000f64.powf(rng.random::<f64>()) - 1.0) as i32 };
            (uuid::Uuid::now_v7().to_string(), rng.random_range(1..=authors), status, supports, created)
        })
        .collect();
    let body = "## Problem\n\nThe dashboard takes **too many steps**.\n\n## Proposal\n\n- Show the three most used \
                actions first\n- Remember the last choice";
    let body_html = ideashelf::markdown::render(body);
    let mut conn = db.get().map_err(|e| anyhow::anyhow!("{e}"))?;
    write_tx(&mut conn, |conn: &mut DbConn| -> Result<(), diesel::result::Error> {
        let emails: Vec<String> = people.iter().map(|(_, h)| format!("{h}@bench.example.org")).collect();
        let rows: Vec<_> = people
            .iter()
            .zip(&emails)
            .map(|((id, handle), email)| {
                (
                    users::id.eq(id.as_str()),
                    users::handle.eq(handle.as_str()),
                    users::handle_key.eq(handle.as_str()),
                    users::email.eq(email.as_str()),
                    users::email_key.eq(email.as_str()),
                    users::display_name.eq(handle.as_str()),
                    users::password_hash.eq(hash.as_str()),
                    users::role.eq("member"),
                    users::created_at.eq(now),
                    users::updated_at.eq(now),
                )
            })
            .collect();
        ideashelf::per_backend!(conn, c => diesel::insert_into(users::table).values(&rows).execute(c))?;
        for (n, chunk) in specs.chunks(1_000).enumerate() {
            let titles: Vec<String> =
                (0..chunk.len()).map(|i| format!("Make the dashboard faster (#{})", n * 1000 + i)).collect();
            let rows: Vec<_> = chunk
                .iter()
                .zip(&titles)
                .map(|((id, author, status, supports, created), title)| {
                    (
                        ideas::id.eq(id.as_str()),
                        ideas::author_id.eq(people[*author].0.as_str()),
                        ideas::title.eq(title.as_str()),
                        ideas::summary.eq("A short pitch: the dashboard could be faster with a few small changes."),
                        ideas::body.eq(body),
                        ideas::body_html.eq(body_html.as_str()),
                        ideas::status.eq(*status),
                        ideas::supports_count.eq(*supports),
                        ideas::comments_count.eq(0),
                        ideas::trend_score.eq(f64::from(*supports)),
                        ideas::created_at.eq(*created),
                        ideas::updated_at.eq(*created),
                        ideas::status_changed_at.eq(Some(*created)),
                    )
                })
                .collect();
            ideashelf::per_backend!(conn, c => diesel::insert_into(ideas::table).values(&rows).execute(c))?;
        }
        Ok(())
    })?;
    if db.backend() == ideashelf::db::Backend::Postgres {
        conn.batch_execute("VACUUM ANALYZE")?;
    } else {
        conn.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)")?;
    }
    let token =
        ideashelf::accounts::service::open_session(&mut conn, &TokenKeys::new(JWT_SECRET.as_bytes()), &people[0].0)?;
    let idea_id = specs
        .iter()
        .filter(|s| s.2 == "gathering_support")
        .max_by_key(|s| s.3)
        .map(|s| s.0.clone())
        .ok_or_else(|| anyhow::anyhow!("no listed idea"))?;
    let counts = format!(
        "{} users (1 uploader), {} ideas; loaded in {:.1}s",
        people.len(),
        specs.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(Fixture { token, idea_id, counts })
}

// ---- measuring ------------------------------------------------------------------

#[derive(Default, Clone)]
struct Measured {
    errors: usize,
    first_error: Option<String>,
    elapsed: Duration,
    /// Milliseconds, sorted.
    lat_ms: Vec<f64>,
}

impl Measured {
    fn from(mut lat_ms: Vec<f64>, errors: usize, first_error: Option<String>, elapsed: Duration) -> Measured {
        lat_ms.sort_by(f64::total_cmp);
        Measured { errors, first_error, elapsed, lat_ms }
    }

    fn done(&self) -> usize {
        self.lat_ms.len()
    }

    fn rate(&self) -> f64 {
        self.done() as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    fn mean(&self) -> f64 {
        self.lat_ms.iter().sum::<f64>() / self.lat_ms.len().max(1) as f64
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

    fn errors_note(&self) -> String {
        if self.errors == 0 {
            return String::new();
        }
        format!(", {} ERRORS (first: {})", self.errors, self.first_error.as_deref().unwrap_or("?"))
    }

    fn latency(&self) -> String {
        format!(
            "p50 {:.1} / p99 {:.1} / max {:.1} ms (n={}{})",
            self.pct(50.0),
            self.pct(99.0),
            self.max(),
            self.done(),
            self.errors_note()
        )
    }
}

/// Share of all cores busy between two readings of /proc/stat (whoever used them).
fn cpu_busy() -> Option<(u64, u64)> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let v: Vec<u64> = stat.lines().next()?.split_whitespace().skip(1).filter_map(|x| x.parse().ok()).collect();
    let total: u64 = v.iter().take(8).sum();
    let idle = v.get(3)? + v.get(4).copied().unwrap_or(0);
    Some((total - idle, total))
}

fn with_cpu<T>(f: impl FnOnce() -> T) -> (T, String) {
    let before = cpu_busy();
    let out = f();
    let note = match (before, cpu_busy()) {
        (Some((b0, t0)), Some((b1, t1))) if t1 > t0 => {
            format!("; machine {:.0}% busy", (b1 - b0) as f64 * 100.0 / (t1 - t0) as f64)
        }
        _ => String::new(),
    };
    (out, note)
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
        .timeout(Duration::from_secs(120))
        .build()
        .expect("HTTP client")
}

/// One upload of the photo; Ok when the app answers 201 with the three variants.
async fn upload_once(client: &reqwest::Client, base: &str, token: &str, photo: &bytes::Bytes) -> Result<(), String> {
    let part = reqwest::multipart::Part::stream_with_length(reqwest::Body::from(photo.clone()), photo.len() as u64)
        .file_name("photo.jpg")
        .mime_str("image/jpeg")
        .map_err(|e| e.to_string())?;
    let form = reqwest::multipart::Form::new()
        .text("alt", "A benchmark photo: soft shapes in evening light")
        .part("file", part);
    let res = client.post(format!("{base}/api/v1/images")).bearer_auth(token).multipart(form).send().await;
    let res = res.map_err(|e| e.to_string())?;
    let status = res.status();
    let body = res.bytes().await.map_err(|e| e.to_string())?;
    if status == reqwest::StatusCode::CREATED && contains(&body, b"\"thumb\"") && contains(&body, b"\"large\"") {
        Ok(())
    } else {
        Err(format!("{status}: {}", String::from_utf8_lossy(&body[..body.len().min(300)])))
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// `n` uploads on `clients` concurrent connections, at most `max` long.
async fn uploads(base: &str, token: &str, photo: &bytes::Bytes, clients: usize, n: usize, max: Duration) -> Measured {
    let client = client(clients);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let (client, next, base, token, photo) =
                (client.clone(), next.clone(), base.to_string(), token.to_string(), photo.clone());
            tokio::spawn(async move {
                let (mut lat, mut errors, mut first) = (Vec::new(), 0, None);
                while next.fetch_add(1, Ordering::Relaxed) < n && started.elapsed() < max {
                    let t = Instant::now();
                    match upload_once(&client, &base, &token, &photo).await {
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
    let (mut lat, mut errors, mut first) = (Vec::new(), 0, None);
    for t in tasks {
        let (l, e, f) = t.await.expect("upload task");
        lat.extend(l);
        errors += e;
        if first.is_none() {
            first = f;
        }
    }
    Measured::from(lat, errors, first, started.elapsed())
}

/// Latencies (ms), errors and the first error of one kind of probe.
type Tally = (Vec<f64>, usize, Option<String>);

/// The cheap requests probed for latency, in rotation.
const PROBES: [&str; 3] = ["GET /healthz", "GET /api/v1/ideas?sort=top&limit=20", "GET /ideas/{id} (page)"];

/// Open-loop probes: one request every 1/PROBE_RATE s, in rotation over
/// `PROBES`, each on its own task (a slow answer does not delay the next
/// request, so a stall shows in full), until `stop` is set or `max` passes.
async fn probes(base: &str, idea_id: &str, stop: Arc<std::sync::atomic::AtomicBool>, max: Duration) -> Vec<Measured> {
    let client = client(16);
    let urls: Vec<String> = vec![
        format!("{base}/healthz"),
        format!("{base}/api/v1/ideas?sort=top&limit={PAGE}"),
        format!("{base}/ideas/{idea_id}"),
    ];
    let results: Arc<Mutex<Vec<Tally>>> = Arc::new(Mutex::new(vec![(Vec::new(), 0, None); PROBES.len()]));
    let mut tick = tokio::time::interval(Duration::from_micros(1_000_000 / PROBE_RATE));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let started = Instant::now();
    let mut handles = Vec::new();
    let mut k = 0usize;
    while !stop.load(Ordering::Relaxed) && started.elapsed() < max {
        tick.tick().await;
        let kind = k % urls.len();
        k += 1;
        let (req, results) = (client.get(&urls[kind]), results.clone());
        handles.push(tokio::spawn(async move {
            let t = Instant::now();
            let outcome = async {
                let res = req.send().await.map_err(|e| e.to_string())?;
                let status = res.status();
                let body = res.bytes().await.map_err(|e| e.to_string())?;
                if status == reqwest::StatusCode::OK && !body.is_empty() {
                    Ok(())
                } else {
                    Err(format!("{status}: {}", String::from_utf8_lossy(&body[..body.len().min(200)])))
                }
            }
            .await;
            let ms = t.elapsed().as_secs_f64() * 1e3;
            let mut r = results.lock().expect("probe results");
            match outcome {
                Ok(()) => r[kind].0.push(ms),
                Err(e) => {
                    r[kind].1 += 1;
                    r[kind].2.get_or_insert(e);
                }
            }
        }));
    }
    for h in handles {
        let _ = h.await;
    }
    let elapsed = started.elapsed();
    let r = results.lock().expect("probe results").clone();
    r.into_iter().map(|(lat, e, f)| Measured::from(lat, e, f, elapsed)).collect()
}

/// The list's own SQL, straight through diesel on a connection of its own: the
/// first page of `top` on the default list (no HTTP, no JSON, no tags, authors
/// or covers), `n` times, or at most `max` long, paced at `rate` per second if given.
fn raw_list(
    db: &Db,
    n: usize,
    max: Duration,
    rate: Option<u64>,
    stop: Option<&std::sync::atomic::AtomicBool>,
) -> Measured {
    let mut conn = db.get().expect("raw connection");
    let (mut lat, mut errors, mut first) = (Vec::new(), 0, None);
    let started = Instant::now();
    for i in 0..n {
        if started.elapsed() > max || stop.is_some_and(|s| s.load(Ordering::Relaxed)) {
            break;
        }
        if let Some(r) = rate {
            let due = Duration::from_micros(i as u64 * 1_000_000 / r);
            if let Some(wait) = due.checked_sub(started.elapsed()) {
                std::thread::sleep(wait);
            }
        }
        let t = Instant::now();
        let rows: QueryResult<Vec<IdeaRow>> = ideas::table
            .filter(ideas::status.ne_all(UNLISTED))
            .filter(ideas::hidden_at.is_null())
            .order((ideas::supports_count.desc(), ideas::id.desc()))
            .limit(PAGE + 1)
            .select(IdeaRow::as_select())
            .load(&mut *conn);
        match rows {
            Ok(r) if r.len() == PAGE as usize + 1 => lat.push(t.elapsed().as_secs_f64() * 1e3),
            Ok(r) => {
                errors += 1;
                first.get_or_insert(format!("{} rows", r.len()));
            }
            Err(e) => {
                errors += 1;
                first.get_or_insert(e.to_string());
            }
        }
    }
    Measured::from(lat, errors, first, started.elapsed())
}

// ---- one backend ------------------------------------------------------------

struct Row {
    backend: &'static str,
    measure: String,
    value: String,
}

fn row(rows: &mut Vec<Row>, backend: &'static str, measure: impl Into<String>, value: impl Into<String>) {
    let (measure, value) = (measure.into(), value.into());
    eprintln!("{backend}: {measure}: {value}");
    rows.push(Row { backend, measure, value });
}

fn upload_summary(m: &Measured, cpu: &str) -> String {
    format!(
        "{:.2} uploads/s ({} in {:.1}s; mean {:.0} / p50 {:.0} / p99 {:.0} ms{}{})",
        m.rate(),
        m.done(),
        m.elapsed.as_secs_f64(),
        m.mean(),
        m.pct(50.0),
        m.pct(99.0),
        m.errors_note(),
        cpu
    )
}

fn run_backend(
    rt: &tokio::runtime::Runtime,
    backend: Backend,
    args: &Args,
    photo: &bytes::Bytes,
    rows: &mut Vec<Row>,
) -> anyhow::Result<()> {
    let name = backend.name();
    eprintln!("\n== {name} ==");
    let dir = tempfile::tempdir()?;
    let (url, _scratch) = match backend {
        Backend::Sqlite => (None, None),
        Backend::Postgres => {
            let (scratch, url) = PgScratch::create(&args.pg_url, "ideashelf_bench_img_", false)?;
            (Some(url), Some(scratch))
        }
    };
    let mut config = Config::for_data_dir(dir.path(), url);
    config.jwt_secret = Some(JWT_SECRET.into());
    config.workers = args.workers;
    let db_url = config.database_url();
    let db = rt.block_on(ideashelf::open_db(&config))?;
    let fx = load_fixtures(&db, args)?;
    row(rows, name, "fixtures", fx.counts.clone());

    let app = rt.block_on(async { Application::build_with_db(config, db) })?;
    let base = format!("http://127.0.0.1:{}", app.port());
    rt.spawn(app.run_until_stopped());
    let raw_db = Db::connect(&db_url, 2)?;

    // The uploader accepts the current terms (writes need them), as a member would.
    rt.block_on(async {
        let res = client(1)
            .put(format!("{base}/api/v1/me/consents"))
            .bearer_auth(&fx.token)
            .json(&serde_json::json!({ "terms": true }))
            .send()
            .await?;
        anyhow::ensure!(res.status().is_success(), "accepting the terms: {}", res.status());
        Ok(())
    })?;
    // Warm-up: one upload (the media directories, the decoder's first allocations) and some probes.
    let warm = rt.block_on(uploads(&base, &fx.token, photo, 1, 1, args.max_phase));
    anyhow::ensure!(warm.errors == 0, "warm-up upload failed: {}", warm.errors_note());
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let warm = rt.block_on(probes(&base, &fx.idea_id, stop.clone(), Duration::from_secs(2)));
    for (m, p) in warm.iter().zip(PROBES) {
        anyhow::ensure!(m.errors == 0, "warm-up {p} failed{}", m.errors_note());
    }
    let _ = raw_list(&raw_db, 200, args.max_phase, None, None);

    // 1. Baselines, nothing else running: the raw list query, then the probes.
    let (raw_alone, cpu) = with_cpu(|| raw_list(&raw_db, args.raw_queries, args.max_phase, None, None));
    row(rows, name, "raw list SQL, alone (1 thread, back to back)", format!("{}{cpu}", raw_alone.latency()));
    let (base_probes, cpu) =
        with_cpu(|| rt.block_on(probes(&base, &fx.idea_id, stop.clone(), Duration::from_secs(args.probe_secs))));
    for (m, p) in base_probes.iter().zip(PROBES) {
        row(rows, name, format!("{p}, alone ({PROBE_RATE}/s all kinds)"), format!("{}{cpu}", m.latency()));
    }

    // 2. Uploads one after the other.
    let (seq, cpu) = with_cpu(|| rt.block_on(uploads(&base, &fx.token, photo, 1, args.uploads, args.max_phase)));
    row(rows, name, "uploads, 1 client", upload_summary(&seq, &cpu));

    // 3. Uploads on --clients connections, with the probes and the raw list query running beside them.
    let (loaded, cpu) = with_cpu(|| {
        rt.block_on(async {
            let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
            let probing = tokio::spawn({
                let (base, id, stop) = (base.clone(), fx.idea_id.clone(), stop.clone());
                async move { probes(&base, &id, stop, Duration::from_secs(300)).await }
            });
            let raw = tokio::task::spawn_blocking({
                let (raw_db, stop) = (raw_db.clone(), stop.clone());
                move || raw_list(&raw_db, usize::MAX, Duration::from_secs(300), Some(PROBE_RATE / 3), Some(&stop))
            });
            let up = uploads(&base, &fx.token, photo, args.clients, args.uploads, args.max_phase).await;
            stop.store(true, Ordering::Relaxed);
            (up, probing.await.expect("probes"), raw.await.expect("raw list"))
        })
    });
    let (conc, probes_loaded, raw_loaded) = loaded;
    row(rows, name, format!("uploads, {} clients (+ probes)", args.clients), upload_summary(&conc, &cpu));
    row(rows, name, format!("raw list SQL, during uploads ({}/s)", PROBE_RATE / 3), raw_loaded.latency());
    for (m, p) in probes_loaded.iter().zip(PROBES) {
        row(rows, name, format!("{p}, during uploads"), m.latency());
    }

    // Ratios: each probe's p99 during uploads against alone, and the list's p99 against the raw query alone.
    for ((alone, during), p) in base_probes.iter().zip(&probes_loaded).zip(PROBES) {
        row(
            rows,
            name,
            format!("{p}: p99 during / alone"),
            format!(
                "{:.1}x ({:.1} -> {:.1} ms; p50 {:.1}x)",
                during.pct(99.0) / alone.pct(99.0),
                alone.pct(99.0),
                during.pct(99.0),
                during.pct(50.0) / alone.pct(50.0)
            ),
        );
    }
    let raw_p99 = raw_alone.pct(99.0);
    row(
        rows,
        name,
        "list p99 / raw list SQL p99 (alone)",
        format!(
            "alone {:.1}x, during uploads {:.1}x (raw p99 {:.2} ms; raw during uploads {:.1}x its own)",
            base_probes[1].pct(99.0) / raw_p99,
            probes_loaded[1].pct(99.0) / raw_p99,
            raw_p99,
            raw_loaded.pct(99.0) / raw_p99
        ),
    );

    // Every successful upload is one row.
    let mut conn = raw_db.get().map_err(|e| anyhow::anyhow!("{e}"))?;
    let stored: i64 = ideashelf::db::schema::images::table.count().get_result(&mut *conn)?;
    drop(conn);
    let ok = 1 + seq.done() + conc.done();
    anyhow::ensure!(usize::try_from(stored).ok() == Some(ok), "{stored} image rows after {ok} successful uploads");
    drop(raw_db);
    // `_scratch` drops the PostgreSQL database here (WITH (FORCE) ends the app's connections).
    Ok(())
}

fn print_table(rows: &[Row]) {
    let wb = rows.iter().map(|r| r.backend.len()).max().unwrap_or(0).max(7);
    let wm = rows.iter().map(|r| r.measure.len()).max().unwrap_or(0).max(7);
    println!();
    println!("{:wb$}  {:wm$}  value", "backend", "measure");
    println!("{}", "-".repeat(wb + wm + 80));
    for r in rows {
        println!("{:wb$}  {:wm$}  {}", r.backend, r.measure, r.value);
    }
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("{msg}");
            std::process::exit(2);
        }
    };
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    eprintln!(
        "ideashelf images benchmark: backends {:?}, {} uploads per phase ({} clients concurrent), {} ideas, {} cores",
        args.backends.iter().map(|b| b.name()).collect::<Vec<_>>(),
        args.uploads,
        args.clients,
        args.ideas,
        cores
    );
    let load_before = loadavg();
    let started = Instant::now();
    let (photo, note) = match make_photo(args.seed) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e:#}");
            std::process::exit(1);
        }
    };
    let photo = bytes::Bytes::from(photo);
    let mut rows = vec![Row { backend: "-", measure: "photo".into(), value: note }];
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("bench-client")
        .enable_all()
        .build()
        .expect("runtime");
    let mut failed = false;
    for &backend in &args.backends {
        if backend == Backend::Postgres && args.backends.len() > 1 {
            if let Err(e) = PgConnection::establish(&args.pg_url) {
                row(&mut rows, "postgres", "skipped", format!("not reachable at {}: {e}", args.pg_url));
                continue;
            }
        }
        if let Err(e) = run_backend(&rt, backend, &args, &photo, &mut rows) {
            eprintln!("{}: benchmark failed: {e:#}", backend.name());
            rows.push(Row { backend: backend.name(), measure: "run".into(), value: format!("FAILED: {e:#}") });
            failed = true;
        }
    }
    print_table(&rows);
    println!(
        "finished in {:.0}s on {}; {} cores; load average before {}, after {}",
        started.elapsed().as_secs_f64(),
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
        cores,
        load_before,
        loadavg()
    );
    rt.shutdown_timeout(Duration::from_secs(1));
    if failed {
        std::process::exit(1);
    }
}

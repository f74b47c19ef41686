#![allow(clippy::unwrap_used, clippy::expect_used)]
//! What the request middleware (`http/access.rs`: request id, latency histogram, access log) costs, in one run:
//!
//!     cargo bench -p ideashelf --bench observe
//!     cargo bench -p ideashelf --bench observe -- --requests 20000 --conns 8
//!
//! Five servers on loopback, each answering the same number of requests from the same client, in rounds
//! (every server once per round, so a busy machine slows them alike):
//!
//! - `bare`: an actix server with only `/healthz`, no middleware;
//! - `bare+observe`: the same with the middleware (access log at its default, `errors`);
//! - `app errors|all|off` (`/healthz`, `/api/v1/ideas/{id}`): the whole application with `--access-log` at each
//!   setting. The log goes to a JSON formatter that writes to nowhere, so `all` pays the formatting, not a disk.
//!
//! SQLite in a temporary directory; only 127.0.0.1 traffic.

use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::{middleware, web, App, HttpServer};
use ideashelf::config::Config;
use ideashelf::metrics::rules::AccessLog;
use ideashelf::Application;

struct Args {
    requests: usize,
    conns: usize,
    rounds: usize,
}

fn args() -> Args {
    let mut a = Args { requests: 20_000, conns: 8, rounds: 3 };
    let argv: Vec<String> = std::env::args().collect();
    let mut i = 1;
    while i < argv.len() {
        let next = argv.get(i + 1).and_then(|v| v.parse().ok());
        match (argv[i].as_str(), next) {
            ("--requests", Some(n)) => a.requests = n,
            ("--conns", Some(n)) => a.conns = n,
            ("--rounds", Some(n)) => a.rounds = n,
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    a
}

/// Sends `n` GETs of `url` over `conns` keep-alive connections; returns the wall time.
async fn hammer(url: &str, n: usize, conns: usize) -> Duration {
    let per = n / conns;
    let started = Instant::now();
    let tasks: Vec<_> = (0..conns)
        .map(|_| {
            let url = url.to_string();
            tokio::spawn(async move {
                let client = reqwest::Client::builder().pool_max_idle_per_host(1).build().unwrap();
                for _ in 0..per {
                    let r = client.get(&url).send().await.unwrap();
                    assert!(r.status().is_success(), "{url}: {}", r.status());
                    r.bytes().await.unwrap();
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    started.elapsed()
}

async fn app(dir: &std::path::Path, access_log: AccessLog) -> (String, Application) {
    let mut config = Config::for_data_dir(dir, None);
    config.access_log = access_log;
    config.workers = Some(1);
    config.search_worker = false;
    config.mail_worker = false;
    let app = Application::build(config).await.unwrap();
    (format!("http://127.0.0.1:{}", app.port()), app)
}

fn main() {
    let args = args();
    // Access lines go through a real JSON formatter into a sink: `all` pays formatting, not a disk.
    tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_writer(std::io::sink)
        .with_env_filter(tracing_subscriber::EnvFilter::new("info,actix_server=warn"))
        .init();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(async move {
        let dirs: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
        let (errors_url, errors_app) = app(dirs[0].path(), AccessLog::Errors).await;
        let (all_url, all_app) = app(dirs[1].path(), AccessLog::All).await;
        let (off_url, off_app) = app(dirs[2].path(), AccessLog::Off).await;
        let state = errors_app.state();
        // An idea to read, in each app's own database.
        let mut idea_ids = Vec::new();
        for a in [&errors_app, &all_app, &off_app] {
            ideashelf::seed::load(&a.db(), &ideashelf::seed::parse(ideashelf::seed::DEMO).unwrap(), "2026-12-01")
                .await
                .unwrap();
            let id: String = a
                .db()
                .run(|conn| {
                    use diesel::prelude::*;
                    use ideashelf::db::schema::ideas;
                    Ok(ideas::table.filter(ideas::status.eq("gathering_support")).select(ideas::id).first(conn)?)
                })
                .await
                .unwrap();
            idea_ids.push(id);
        }
        for a in [errors_app, all_app, off_app] {
            tokio::spawn(a.run_until_stopped());
        }
        let bare = HttpServer::new(|| App::new().route("/healthz", web::get().to(ideashelf::http::healthz)))
            .workers(1)
            .bind("127.0.0.1:0")
            .unwrap();
        let bare_url = format!("http://{}", bare.addrs()[0]);
        tokio::spawn(bare.run());
        let observed_state = state.clone();
        let observed = HttpServer::new(move || {
            App::new()
                .app_data(observed_state.clone())
                .wrap(middleware::from_fn(ideashelf::http::access::observe))
                .route("/healthz", web::get().to(ideashelf::http::healthz))
        })
        .workers(1)
        .bind("127.0.0.1:0")
        .unwrap();
        let observed_url = format!("http://{}", observed.addrs()[0]);
        tokio::spawn(observed.run());

        let cases: Vec<(&str, String)> = vec![
            ("bare /healthz", format!("{bare_url}/healthz")),
            ("bare+observe /healthz", format!("{observed_url}/healthz")),
            ("app errors /healthz", format!("{errors_url}/healthz")),
            ("app all /healthz", format!("{all_url}/healthz")),
            ("app off /healthz", format!("{off_url}/healthz")),
            ("app errors /api/v1/ideas/{id}", format!("{errors_url}/api/v1/ideas/{}", idea_ids[0])),
            ("app all /api/v1/ideas/{id}", format!("{all_url}/api/v1/ideas/{}", idea_ids[1])),
            ("app off /api/v1/ideas/{id}", format!("{off_url}/api/v1/ideas/{}", idea_ids[2])),
        ];
        let results = Arc::new(std::sync::Mutex::new(vec![Vec::<f64>::new(); cases.len()]));
        // Warm-up: connections, caches, the histogram's series.
        for (_, url) in &cases {
            hammer(url, 1000, args.conns).await;
        }
        for _ in 0..args.rounds {
            for (i, (_, url)) in cases.iter().enumerate() {
                let took = hammer(url, args.requests, args.conns).await;
                results.lock().unwrap()[i].push(args.requests as f64 / took.as_secs_f64());
            }
        }
        println!(
            "{} requests per case and round, {} connections, {} rounds; requests per second (median, min-max)",
            args.requests, args.conns, args.rounds
        );
        for (i, (name, _)) in cases.iter().enumerate() {
            let mut r = results.lock().unwrap()[i].clone();
            r.sort_by(f64::total_cmp);
            let us = 1e6 / r[r.len() / 2];
            println!(
                "{name:<32} {:>8.0} req/s ({:.0}-{:.0}), {us:.1} µs per request",
                r[r.len() / 2],
                r[0],
                r[r.len() - 1]
            );
        }
    });
}

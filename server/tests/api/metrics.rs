//! What operators see: `GET /metrics` (the token, the Prometheus text read by the `prometheus_client` parser
//! from PyPI, counts that move by exactly the requests made), the request id (header and problem bodies), and
//! the real binary's JSON logs, job counts and metrics address.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{assert_code, spawn_app_with, Backend, TestApp};

const TOKEN: &str = "metrics-token-for-the-tests-0123456789";

macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn sqlite() {
                    super::$name(crate::helpers::Backend::Sqlite).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn postgres() {
                    super::$name(crate::helpers::Backend::Postgres).await
                }
            }
        )*
    };
}

on_both!(
    metrics_answer_only_with_the_token,
    requests_are_counted_by_route_pattern,
    outbox_backlog_is_what_waits,
    the_request_id_is_returned_and_in_problems,
    the_binary_logs_json_and_serves_metrics_on_its_own_address,
);

/// One sample: its name, labels and value.
#[derive(Debug, Clone)]
struct Sample {
    name: String,
    labels: HashMap<String, String>,
    value: f64,
}

/// The exposition parsed by `prometheus_client.parser` (it raises on anything that is not the text format).
fn parse(text: &str) -> (HashMap<String, String>, Vec<Sample>) {
    let script = r#"
import json, sys
from prometheus_client.parser import text_string_to_metric_families
families, samples = {}, []
for f in text_string_to_metric_families(sys.stdin.read()):
    families[f.name] = f.type
    for s in f.samples:
        samples.append([s.name, s.labels, s.value])
print(json.dumps({"families": families, "samples": samples}))
"#;
    let mut child = Command::new(crate::smtp::python())
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python with prometheus_client (.ci/requirements.txt)");
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "not the Prometheus text format: {}\n{text}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let families =
        v["families"].as_object().unwrap().iter().map(|(k, t)| (k.clone(), t.as_str().unwrap().to_string())).collect();
    let samples = v["samples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| Sample {
            name: s[0].as_str().unwrap().to_string(),
            labels: s[1]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                .collect(),
            value: s[2].as_f64().unwrap(),
        })
        .collect();
    (families, samples)
}

/// The value of the sample with this name and these labels (all of them given), 0 when absent.
fn value(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> f64 {
    let found: Vec<&Sample> = samples
        .iter()
        .filter(|s| {
            s.name == name
                && s.labels.len() == labels.len()
                && labels.iter().all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
        })
        .collect();
    assert!(found.len() <= 1, "{name} {labels:?} is ambiguous: {found:?}");
    found.first().map_or(0.0, |s| s.value)
}

async fn scrape_at(
    client: &reqwest::Client,
    url: &str,
    token: Option<&str>,
) -> (String, Vec<Sample>, HashMap<String, String>) {
    let mut req = client.get(url);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r = req.send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let ct = r.headers()["content-type"].to_str().unwrap().to_string();
    assert!(ct.starts_with("text/plain; version=0.0.4"), "{ct}");
    let text = r.text().await.unwrap();
    let (families, samples) = parse(&text);
    (text, samples, families)
}

async fn scrape(app: &TestApp) -> (String, Vec<Sample>, HashMap<String, String>) {
    scrape_at(&app.client, &format!("{}/metrics", app.base), Some(TOKEN)).await
}

async fn with_token(backend: Backend, tweak: impl FnOnce(&mut ideashelf::config::Config)) -> TestApp {
    spawn_app_with(backend, |c| {
        c.metrics_token = Some(TOKEN.into());
        tweak(c)
    })
    .await
}

/// Without `IDEASHELF_METRICS_TOKEN` the public port has no `/metrics`; with it, only the exact bearer token
/// opens it.
async fn metrics_answer_only_with_the_token(backend: Backend) {
    let open = spawn_app_with(backend, |_| {}).await;
    assert_code(&open.get("/metrics", None).await, 404, "not_found");
    assert_code(&open.get("/metrics", Some(TOKEN)).await, 404, "not_found");
    drop(open);

    let app = with_token(backend, |_| {}).await;
    assert_code(&app.get("/metrics", None).await, 401, "invalid_token");
    assert_code(&app.get("/metrics", Some("metrics-token-for-the-tests-012345678")).await, 401, "invalid_token");
    assert_code(&app.get("/metrics", Some(&format!("{TOKEN}x"))).await, 401, "invalid_token");
    let basic = app.client.get(format!("{}/metrics", app.base)).basic_auth("ops", Some(TOKEN)).send().await.unwrap();
    assert_eq!(basic.status(), StatusCode::UNAUTHORIZED);
    let (_, samples, families) = scrape(&app).await;
    assert_eq!(families.get("ideashelf_http_request_duration_seconds").map(String::as_str), Some("histogram"));
    assert_eq!(families.get("ideashelf_supports").map(String::as_str), Some("counter"));
    // The pool's size is the configured one (the harness sets 10).
    assert_eq!(value(&samples, "ideashelf_db_pool_connections", &[("state", "max")]), 10.0);
    // The refusals themselves were counted, under the route's pattern.
    let refused = value(
        &samples,
        "ideashelf_http_request_duration_seconds_count",
        &[("method", "GET"), ("route", "/metrics"), ("status", "401")],
    );
    assert_eq!(refused, 4.0);
    // /metrics is not in the public API's document.
    let doc = app.get("/api/v1/openapi.json", None).await;
    assert!(doc.body["paths"].as_object().is_some_and(|p| !p.keys().any(|k| k.contains("metrics"))));
}

/// Requests are counted per route *pattern* and status, by exactly the number made; unknown paths share one
/// label; the histogram has its buckets; a support moves `ideashelf_supports_total` by one.
async fn requests_are_counted_by_route_pattern(backend: Backend) {
    let app = with_token(backend, |_| {}).await;
    let staff = app.staff("counter_staff", ideashelf::accounts::Role::ProductTeam).await;
    let author = app.member("counter_author").await;
    let fan = app.member("counter_fan").await;
    let challenge = app.open_challenge(&staff, "counted", json!({})).await;
    let idea = app.idea(&author, challenge["id"].as_str(), "A counted idea").await;
    let missing = uuid::Uuid::now_v7().to_string();
    let (_, before, _) = scrape(&app).await;

    for _ in 0..3 {
        assert_eq!(app.get(&format!("/api/v1/ideas/{idea}"), None).await.status, StatusCode::OK);
    }
    for _ in 0..2 {
        assert_eq!(app.get(&format!("/api/v1/ideas/{missing}"), None).await.status, StatusCode::NOT_FOUND);
    }
    for path in ["/no/such/page-1", "/no/such/page-2?token=secret"] {
        assert_eq!(app.client.get(format!("{}{path}", app.base)).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    }
    let r = app.put(&format!("/api/v1/ideas/{idea}/support"), Some(&fan)).await;
    assert_eq!((r.status, &r.body["supported"]), (StatusCode::OK, &json!(true)), "{:?}", r.body);
    // The author may not support their own idea: no support counted.
    assert_eq!(app.put(&format!("/api/v1/ideas/{idea}/support"), Some(&author)).await.status, StatusCode::FORBIDDEN);

    let (text, after, _) = scrape(&app).await;
    let moved = |labels: &[(&str, &str)]| {
        value(&after, "ideashelf_http_request_duration_seconds_count", labels)
            - value(&before, "ideashelf_http_request_duration_seconds_count", labels)
    };
    let get_idea = |status| [("method", "GET"), ("route", "/api/v1/ideas/{id}"), ("status", status)];
    assert_eq!(moved(&get_idea("200")), 3.0, "{text}");
    assert_eq!(moved(&get_idea("404")), 2.0);
    assert_eq!(moved(&[("method", "GET"), ("route", "unmatched"), ("status", "404")]), 2.0);
    let support = |status| [("method", "PUT"), ("route", "/api/v1/ideas/{id}/support"), ("status", status)];
    assert_eq!(moved(&support("200")), 1.0);
    assert_eq!(moved(&support("403")), 1.0);
    let supports = |s: &[Sample]| value(s, "ideashelf_supports_total", &[]);
    assert_eq!(supports(&after) - supports(&before), 1.0);
    // No raw path, id or query string is ever a label.
    for raw in [idea.as_str(), missing.as_str(), "/no/such", "secret"] {
        assert!(!text.contains(raw), "{raw} leaked into the metrics");
    }
    // The histogram of GET /api/v1/ideas/{id} 200: every bucket, cumulative, +Inf equal to the count.
    let buckets: Vec<(String, f64)> = after
        .iter()
        .filter(|s| {
            s.name == "ideashelf_http_request_duration_seconds_bucket"
                && s.labels.get("route").map(String::as_str) == Some("/api/v1/ideas/{id}")
                && s.labels.get("status").map(String::as_str) == Some("200")
        })
        .map(|s| (s.labels["le"].clone(), s.value))
        .collect();
    let les: Vec<&str> = buckets.iter().map(|(le, _)| le.as_str()).collect();
    assert_eq!(
        les,
        ["0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"],
        "{buckets:?}"
    );
    assert!(buckets.windows(2).all(|w| w[0].1 <= w[1].1), "{buckets:?}");
    assert_eq!(
        buckets.last().unwrap().1,
        value(&after, "ideashelf_http_request_duration_seconds_count", &get_idea("200"))
    );
    let sum = value(&after, "ideashelf_http_request_duration_seconds_sum", &get_idea("200"));
    assert!(sum > 0.0 && sum < 30.0, "{sum}");
}

/// Each outbox's backlog is the rows waiting, and its oldest age grows while the worker is off.
async fn outbox_backlog_is_what_waits(backend: Backend) {
    let app = with_token(backend, |c| {
        c.mail_worker = false;
        c.search_worker = false;
        c.require_verified_email = true;
    })
    .await;
    let (_, empty, _) = scrape(&app).await;
    for outbox in ["search", "mail"] {
        assert_eq!(value(&empty, "ideashelf_outbox_backlog", &[("outbox", outbox)]), 0.0);
        assert_eq!(value(&empty, "ideashelf_outbox_oldest_age_seconds", &[("outbox", outbox)]), 0.0);
    }
    // Registering queues the verification mail; the staff's challenge and the idea queue search documents.
    let staff = app.staff("backlog_staff", ideashelf::accounts::Role::ProductTeam).await;
    let r = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"handle": "backlog_member", "email": "backlog_member@example.org",
                "password": "correct horse battery", "accept_terms": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{:?}", r.body);
    let challenge = app.open_challenge(&staff, "backlog", json!({})).await;
    app.idea(&staff, challenge["id"].as_str(), "A queued idea").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let (search_rows, mail_rows) = app
        .db
        .run(|conn| {
            use diesel::prelude::*;
            use ideashelf::db::schema::{mail_outbox, search_outbox};
            let s: i64 = search_outbox::table.count().get_result(conn)?;
            let m: i64 = mail_outbox::table.count().get_result(conn)?;
            Ok((s, m))
        })
        .await
        .unwrap();
    assert!(search_rows >= 1);
    assert!(mail_rows >= 1);
    let (_, full, _) = scrape(&app).await;
    assert_eq!(value(&full, "ideashelf_outbox_backlog", &[("outbox", "search")]), search_rows as f64);
    assert_eq!(value(&full, "ideashelf_outbox_backlog", &[("outbox", "mail")]), mail_rows as f64);
    for outbox in ["search", "mail"] {
        let age = value(&full, "ideashelf_outbox_oldest_age_seconds", &[("outbox", outbox)]);
        assert!((0.3..60.0).contains(&age), "{outbox}: {age}");
    }
}

/// Every answer carries `X-Request-Id`; a sane incoming one is echoed, another replaced; a problem body's
/// `request_id` is the header's, also when a middleware refused the request.
async fn the_request_id_is_returned_and_in_problems(backend: Backend) {
    let app = spawn_app_with(backend, |_| {}).await;
    let get = |path: &str, id: Option<&str>| {
        let mut req = app.client.get(format!("{}{path}", app.base));
        if let Some(id) = id {
            req = req.header("X-Request-Id", id);
        }
        req.send()
    };
    let ok = get("/healthz", None).await.unwrap();
    let fresh = ok.headers()["x-request-id"].to_str().unwrap().to_string();
    assert!(uuid::Uuid::parse_str(&fresh).is_ok_and(|u| u.get_version_num() == 7), "{fresh}");
    let again = get("/healthz", None).await.unwrap();
    assert_ne!(again.headers()["x-request-id"].to_str().unwrap(), fresh, "each request its own id");

    let echoed = get("/healthz", Some("lb-7f3a:trace=42")).await.unwrap();
    assert_eq!(echoed.headers()["x-request-id"], "lb-7f3a:trace=42");
    for bad in ["has space".to_string(), "x".repeat(65)] {
        let r = get("/healthz", Some(&bad)).await.unwrap();
        let id = r.headers()["x-request-id"].to_str().unwrap();
        assert_ne!(id, bad);
        assert!(uuid::Uuid::parse_str(id).is_ok());
    }

    // A handler's 404 and an extractor's 401.
    let missing = format!("/api/v1/ideas/{}", uuid::Uuid::now_v7());
    for (path, sent, status) in
        [(missing.as_str(), Some("client-chosen-1"), 404), (missing.as_str(), None, 404), ("/api/v1/me", None, 401)]
    {
        let r = get(path, sent).await.unwrap();
        assert_eq!(r.status().as_u16(), status);
        let header = r.headers()["x-request-id"].to_str().unwrap().to_string();
        if let Some(sent) = sent {
            assert_eq!(header, sent);
        }
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["request_id"], header.as_str(), "{body}");
    }
    // A refusal by a middleware (a control character in the query string) carries it too.
    let r = get("/api/v1/ideas?q=a%01b", Some("guarded-2")).await.unwrap();
    assert!(r.status().is_client_error(), "{}", r.status());
    assert_eq!(r.headers()["x-request-id"], "guarded-2");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["request_id"], "guarded-2", "{body}");
}

/// The real binary with `--log-format json --access-log all --metrics-bind`: every line it writes is a JSON
/// object, one access line per request with its id, route pattern, status and duration; the metrics address
/// answers without a token (none is set) while the public port has no `/metrics`; the jobs' runs are counted.
async fn the_binary_logs_json_and_serves_metrics_on_its_own_address(backend: Backend) {
    let app = spawn_app_with(backend, |_| {}).await;
    let dir = tempfile::tempdir().unwrap();
    let metrics_port = crate::smtp::free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_ideashelf"))
        .env("DATABASE_URL", &app.database_url)
        .env("IDEASHELF_DATA_DIR", dir.path())
        .env_remove("IDEASHELF_JWT_SECRET")
        .env_remove("IDEASHELF_METRICS_TOKEN")
        .env_remove("RUST_LOG")
        .env("IDEASHELF_BIND", "127.0.0.1:0")
        .env("IDEASHELF_JOBS_INTERVAL", "1")
        .args(["serve", "--log-format", "json", "--access-log", "all"])
        .args(["--metrics-bind", &format!("127.0.0.1:{metrics_port}")])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = Killed(child);
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    for stream in [
        Box::new(child.0.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        Box::new(child.0.stderr.take().unwrap()),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
    }
    drop(tx);
    let mut lines: Vec<String> = Vec::new();
    let base = loop {
        let line = rx.recv_timeout(std::time::Duration::from_secs(120)).expect("the server starts");
        lines.push(line.clone());
        let v: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        if let Some(url) = v["url"].as_str() {
            break url.trim_end_matches('/').to_string();
        }
    };
    let client = reqwest::Client::new();
    assert_eq!(client.get(format!("{base}/healthz")).send().await.unwrap().status(), StatusCode::OK);
    let missing = format!("{base}/api/v1/ideas/{}?token=do-not-log", uuid::Uuid::now_v7());
    let r = client.get(&missing).header("X-Request-Id", "json-log-1").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(client.get(format!("{base}/metrics")).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    // The jobs run at start and every second; wait until two runs were counted.
    let private = format!("http://127.0.0.1:{metrics_port}/metrics");
    let mut runs = 0.0;
    for _ in 0..100 {
        let (_, samples, _) = scrape_at(&client, &private, None).await;
        runs = value(&samples, "ideashelf_job_runs_total", &[("job", "expire_due"), ("outcome", "ok")]);
        if runs >= 2.0 {
            let durations = value(&samples, "ideashelf_job_duration_seconds_count", &[("job", "expire_due")]);
            assert!(durations >= runs, "{durations} < {runs}");
            assert_eq!(
                value(&samples, "ideashelf_job_runs_total", &[("job", "expire_due"), ("outcome", "error")]),
                0.0
            );
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(runs >= 2.0, "job runs counted: {runs}");
    // The metrics address serves only /metrics.
    let other = client.get(format!("http://127.0.0.1:{metrics_port}/api/v1/ideas")).send().await.unwrap();
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    drop(child);
    lines.extend(rx.iter());

    let parsed: Vec<Value> =
        lines.iter().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))).collect();
    let access: Vec<&Value> = parsed.iter().filter(|v| v["target"] == "ideashelf::access").collect();
    assert!(access.len() >= 3, "{lines:#?}");
    for a in &access {
        for field in ["request_id", "method", "route", "status", "duration_ms", "level", "timestamp"] {
            assert!(!a[field].is_null(), "{field} missing in {a}");
        }
    }
    let line = access.iter().find(|a| a["request_id"] == "json-log-1").expect("the request's line");
    assert_eq!(
        (&line["method"], &line["route"], &line["status"]),
        (&json!("GET"), &json!("/api/v1/ideas/{id}"), &json!(404))
    );
    assert!(line["duration_ms"].as_f64().is_some_and(|d| d >= 0.0));
    assert!(access.iter().any(|a| a["route"] == "/healthz" && a["status"] == 200));
    let all = lines.join("\n");
    assert!(!all.contains("do-not-log"), "a query string reached the log");
    assert!(!access.iter().any(|a| a.to_string().contains("127.0.0.1")), "no addresses in access lines");
}

/// The server process, killed when the test ends, also when an assertion fails first.
struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

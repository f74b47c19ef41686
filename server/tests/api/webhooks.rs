//! Signed webhooks (docs/WEBHOOKS.md) against a real receiver: a small Python HTTP server on loopback that
//! verifies every delivery with the PyPI `standardwebhooks` package (an independent implementation of the
//! Standard Webhooks signature; `.ci/run` installs it from `.ci/requirements.txt`).

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use ideashelf::accounts::Role;
use ideashelf::config::Config;
use ideashelf::webhooks::worker::{deliver_due, Delivered, Sender};
use ideashelf::Application;
use serde_json::{json, Value};

use crate::helpers::{assert_code, spawn_app_with, Backend, TestApp};

const RECEIVER: &str = r#"
import json, sys, threading
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
from standardwebhooks.webhooks import Webhook

log_path, secrets_path, fail_first = sys.argv[1], sys.argv[2], int(sys.argv[3])
lock = threading.Lock()
count = [0]

class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            secrets = [l.strip() for l in open(secrets_path) if l.strip()]
        except FileNotFoundError:
            secrets = []
        verified = []
        for s in secrets:
            try:
                Webhook(s).verify(body, headers)
                verified.append(s)
            except Exception:
                pass
        with lock:
            count[0] += 1
            n = count[0]
            status = 500 if n <= fail_first else 200
            if self.path == "/redirect":
                status = 302
            with open(log_path, "a") as f:
                f.write(json.dumps({"n": n, "path": self.path, "id": headers.get("webhook-id"),
                    "verified": verified, "signatures": len(headers.get("webhook-signature", "").split()),
                    "status": status, "body": json.loads(body)}) + "\n")
        self.send_response(status)
        if status == 302:
            self.send_header("Location", "/elsewhere")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
"#;

/// The receiver: answers 500 to its first `fail_first` requests, then 200 (302 on /redirect), and logs
/// every request with the secrets that verified it.
struct Receiver {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Receiver {
    fn start(fail_first: u32) -> Receiver {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("receiver.py");
        std::fs::write(&script, RECEIVER).unwrap();
        let mut child = Command::new(crate::smtp::python())
            .arg(&script)
            .arg(dir.path().join("log.jsonl"))
            .arg(dir.path().join("secrets.txt"))
            .arg(fail_first.to_string())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the receiver (pip install standardwebhooks; .ci/run does)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let port = line.trim().parse().unwrap_or_else(|_| panic!("the receiver did not start: {line:?}"));
        Receiver { child, port, dir }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/hook", self.port)
    }

    fn trust(&self, secrets: &[&str]) {
        std::fs::write(self.dir.path().join("secrets.txt"), secrets.join("\n")).unwrap();
    }

    fn log(&self) -> Vec<Value> {
        let path: PathBuf = self.dir.path().join("log.jsonl");
        std::fs::read_to_string(path).unwrap_or_default().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    }

    async fn wait_for(&self, n: usize, within: Duration) -> Vec<Value> {
        let started = Instant::now();
        loop {
            let log = self.log();
            if log.len() >= n {
                return log;
            }
            assert!(started.elapsed() < within, "the receiver got {} of {n} requests: {log:?}", log.len());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs each named `async fn(Backend)` once on SQLite and once on PostgreSQL.
macro_rules! webhook_tests {
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

webhook_tests!(
    webhooks_are_signed_logged_redelivered_and_rotated,
    webhooks_retry_after_a_500_and_keep_the_order,
    webhooks_refuse_private_targets,
    webhooks_survive_a_stop_between_event_and_delivery,
    webhooks_two_instances_deliver_each_event_once,
    webhooks_disable_an_endpoint_after_a_day_of_failures,
);

/// A second instance of the app on the first one's database (its own data directory: a search index of its
/// own). Lives as long as the returned directory.
async fn second_instance(app: &TestApp, webhook_worker: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::for_data_dir(dir.path(), Some(app.database_url.clone()));
    config.db_pool = 6;
    config.workers = Some(2);
    config.search_worker = false;
    config.mail_worker = false;
    config.webhook_worker = webhook_worker;
    let second = Application::build(config).await.expect("second instance");
    tokio::spawn(second.run_until_stopped());
    dir
}

async fn register(app: &TestApp, admin: &str, url: &str, events: &[&str]) -> (String, String) {
    let r =
        app.post("/api/v1/webhooks", Some(admin), json!({"url": url, "events": events, "description": "CRM"})).await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    let secret = r.body["secret"].as_str().unwrap().to_string();
    assert!(secret.starts_with("whsec_"), "{secret}");
    (r.body["id"].as_str().unwrap().to_string(), secret)
}

/// The delivery log once nothing in it is pending.
async fn settled_log(app: &TestApp, admin: &str, id: &str) -> crate::helpers::Resp {
    for _ in 0..100 {
        let d = app.get(&format!("/api/v1/webhooks/{id}/deliveries"), Some(admin)).await;
        assert_eq!(d.status, 200, "{:?}", d.body);
        if d.body.as_array().unwrap().iter().all(|m| m["status"] != "pending") {
            return d;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("deliveries still pending");
}

fn ids(log: &[Value]) -> Vec<String> {
    log.iter().map(|e| e["body"]["data"]["idea_id"].as_str().unwrap_or_default().to_string()).collect()
}

async fn webhooks_are_signed_logged_redelivered_and_rotated(backend: Backend) {
    let app = spawn_app_with(backend, |_| {}).await;
    let receiver = Receiver::start(0);
    let admin = app.staff("hookadmin", Role::Admin).await;
    let member = app.member("hookmember").await;

    // Admins only; the secret once, never in the list.
    let r =
        app.post("/api/v1/webhooks", Some(&member), json!({"url": receiver.url(), "events": ["idea.created"]})).await;
    assert_code(&r, 403, "admins_only");
    let r =
        app.post("/api/v1/webhooks", Some(&admin), json!({"url": receiver.url(), "events": ["idea.deleted"]})).await;
    assert_eq!(r.status, 422, "{:?}", r.body);
    let (id, secret) = register(&app, &admin, &receiver.url(), &["idea.created", "comment.created"]).await;
    receiver.trust(&[&secret]);
    let list = app.get("/api/v1/webhooks", Some(&admin)).await;
    assert_eq!(list.status, 200);
    assert_eq!(list.body[0]["events"], json!(["comment.created", "idea.created"]));
    assert!(!list.body.to_string().contains("whsec_"), "{:?}", list.body);
    assert_code(&app.get("/api/v1/webhooks", Some(&member)).await, 403, "admins_only");

    // An event arrives signed; the independent implementation verifies it.
    let idea = app.idea(&member, None, "Signed and delivered").await;
    let log = receiver.wait_for(1, Duration::from_secs(15)).await;
    assert_eq!(log[0]["verified"], json!([secret]), "{:?}", log[0]);
    assert_eq!(log[0]["body"]["type"], "idea.created");
    assert_eq!(log[0]["body"]["data"]["idea_id"], idea.as_str());
    assert_eq!(log[0]["body"]["data"]["author"], "hookmember");
    assert!(!log[0]["body"].to_string().contains('@'), "no e-mail addresses in payloads: {:?}", log[0]);
    let msg_id = log[0]["id"].as_str().unwrap().to_string();
    assert!(msg_id.starts_with("msg_"));

    // The delivery log: the message, delivered, with its attempt's status and timing (recorded right after
    // the receiver answered).
    let d = settled_log(&app, &admin, &id).await;
    assert_eq!(d.status, 200, "{:?}", d.body);
    assert_eq!(d.body[0]["status"], "delivered", "{:?}", d.body);
    assert_eq!(d.body[0]["msg_id"], msg_id.as_str());
    assert_eq!(d.body[0]["attempts"][0]["response_status"], 200);
    assert!(d.body[0]["attempts"][0]["duration_ms"].as_i64().unwrap() >= 0);

    // Manual redelivery: the same webhook-id again.
    let delivery = d.body[0]["id"].as_i64().unwrap();
    let r = app.post(&format!("/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver"), Some(&admin), json!({})).await;
    assert_eq!(r.status, 202, "{:?}", r.body);
    let log = receiver.wait_for(2, Duration::from_secs(15)).await;
    assert_eq!(log[1]["id"], msg_id.as_str());
    assert_eq!(log[1]["verified"], json!([secret]));

    // Rotation: a new secret once; during the overlap both sign, and each verifies on its own.
    let r = app.post(&format!("/api/v1/webhooks/{id}/rotate"), Some(&admin), json!({})).await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    let new_secret = r.body["secret"].as_str().unwrap().to_string();
    assert_ne!(new_secret, secret);
    assert!(r.body["previous_secret_until"].is_string());
    receiver.trust(&[&secret, &new_secret]);
    let c = app.post(&format!("/api/v1/ideas/{idea}/comments"), Some(&admin), json!({"body": "Nice"})).await;
    assert_eq!(c.status, 201, "{:?}", c.body);
    let log = receiver.wait_for(3, Duration::from_secs(15)).await;
    assert_eq!(log[2]["body"]["type"], "comment.created");
    assert_eq!(log[2]["signatures"], 2);
    assert_eq!(log[2]["verified"], json!([secret, new_secret]));

    // Events the endpoint did not subscribe to are not sent; a deleted endpoint gets nothing more.
    let r = app.patch(&format!("/api/v1/webhooks/{id}"), Some(&admin), json!({"events": ["raffle.drawn"]})).await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    app.idea(&member, None, "Not subscribed").await;
    let r = app.delete(&format!("/api/v1/webhooks/{id}"), Some(&admin)).await;
    assert_eq!(r.status, 204);
    assert_eq!(app.get(&format!("/api/v1/webhooks/{id}"), Some(&admin)).await.status, 404);
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(receiver.log().len(), 3, "{:?}", receiver.log());
}

async fn webhooks_retry_after_a_500_and_keep_the_order(backend: Backend) {
    let app = spawn_app_with(backend, |c| c.webhook_worker = false).await;
    let receiver = Receiver::start(1);
    let admin = app.staff("hookadmin", Role::Admin).await;
    let member = app.member("hookmember").await;
    let (id, secret) = register(&app, &admin, &receiver.url(), &["idea.created"]).await;
    receiver.trust(&[&secret]);
    // Three events committed before the worker starts, so the first is pending while the others wait.
    let first = app.idea(&member, None, "First").await;
    let second = app.idea(&member, None, "Second").await;
    let third = app.idea(&member, None, "Third").await;
    let started = Instant::now();
    let _worker = second_instance(&app, true).await;
    let log = receiver.wait_for(4, Duration::from_secs(60)).await;
    // The 500 is retried within a minute, and nothing overtakes the message waiting for its retry.
    assert!(started.elapsed() < Duration::from_secs(60));
    assert_eq!(log.iter().map(|e| e["status"].as_u64().unwrap()).collect::<Vec<_>>(), vec![500, 200, 200, 200]);
    assert_eq!(ids(&log), vec![first.clone(), first, second, third]);
    assert!(log.iter().all(|e| e["verified"] == json!([secret])), "{log:?}");
    assert_eq!(log[0]["id"], log[1]["id"], "a retry keeps its webhook-id");
    let d = settled_log(&app, &admin, &id).await;
    let oldest = &d.body[2];
    assert_eq!(oldest["status"], "delivered");
    let codes: Vec<i64> =
        oldest["attempts"].as_array().unwrap().iter().map(|a| a["response_status"].as_i64().unwrap()).collect();
    assert_eq!(codes, vec![500, 200]);
    assert_eq!(oldest["attempts"][0]["succeeded"], false);
}

async fn webhooks_refuse_private_targets(backend: Backend) {
    let app = spawn_app_with(backend, |c| c.webhook_allow_private = false).await;
    let admin = app.staff("hookadmin", Role::Admin).await;
    for url in [
        "http://127.0.0.1:8080/hook",
        "http://10.1.2.3/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:8080/hook",
        "http://localhost:8080/hook",
        "http://192.168.0.10/hook",
        "http://[::ffff:127.0.0.1]/hook",
    ] {
        let r = app.post("/api/v1/webhooks", Some(&admin), json!({"url": url, "events": ["idea.created"]})).await;
        assert_code(&r, 422, "webhook_target_refused");
    }
    let r = app
        .post(
            "/api/v1/webhooks",
            Some(&admin),
            json!({"url": "http://no-such-host.invalid/", "events": ["idea.created"]}),
        )
        .await;
    assert_code(&r, 422, "webhook_target_unresolvable");
    let r = app
        .post("/api/v1/webhooks", Some(&admin), json!({"url": "ftp://example.org/", "events": ["idea.created"]}))
        .await;
    assert_code(&r, 422, "validation");
    assert_eq!(app.get("/api/v1/webhooks", Some(&admin)).await.body, json!([]));
}

async fn webhooks_survive_a_stop_between_event_and_delivery(backend: Backend) {
    // The first app commits the event with its worker stopped (as if killed right after the commit)…
    let app = spawn_app_with(backend, |c| c.webhook_worker = false).await;
    let receiver = Receiver::start(0);
    let admin = app.staff("hookadmin", Role::Admin).await;
    let member = app.member("hookmember").await;
    let (_, secret) = register(&app, &admin, &receiver.url(), &["idea.created"]).await;
    receiver.trust(&[&secret]);
    let idea = app.idea(&member, None, "Committed, not yet sent").await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(receiver.log().is_empty(), "{:?}", receiver.log());
    // …and a new app on the same database delivers it, exactly once.
    let _restarted = second_instance(&app, true).await;
    let log = receiver.wait_for(1, Duration::from_secs(15)).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let log_after = receiver.log();
    assert_eq!(log_after.len(), 1, "{log_after:?}");
    assert_eq!(ids(&log), vec![idea]);
    assert_eq!(log[0]["verified"], json!([secret]));
}

async fn webhooks_two_instances_deliver_each_event_once(backend: Backend) {
    let app = spawn_app_with(backend, |_| {}).await;
    let _second = second_instance(&app, true).await;
    let receiver = Receiver::start(0);
    let admin = app.staff("hookadmin", Role::Admin).await;
    let (_, secret) = register(&app, &admin, &receiver.url(), &["idea.created"]).await;
    receiver.trust(&[&secret]);
    let mut ideas = Vec::new();
    for i in 0..12 {
        let member = app.member(&format!("hookm{i}")).await;
        ideas.push(app.idea(&member, None, &format!("Idea {i}")).await);
    }
    receiver.wait_for(ideas.len(), Duration::from_secs(30)).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let log = receiver.log();
    assert_eq!(ids(&log), ideas, "each event once, in order: {log:?}");
    let mut msg_ids: Vec<&str> = log.iter().map(|e| e["id"].as_str().unwrap()).collect();
    msg_ids.dedup();
    assert_eq!(msg_ids.len(), ideas.len());
}

async fn webhooks_disable_an_endpoint_after_a_day_of_failures(backend: Backend) {
    let app = spawn_app_with(backend, |c| c.webhook_worker = false).await;
    let receiver = Receiver::start(1_000);
    let admin = app.staff("hookadmin", Role::Admin).await;
    let other_admin = app.staff("hookadmin2", Role::Admin).await;
    let member = app.member("hookmember").await;
    let (id, _) = register(&app, &admin, &receiver.url(), &["idea.created"]).await;
    app.idea(&member, None, "Never arrives").await;
    let sender = Sender::new(true);
    let now = ideashelf::clock::now();
    // The first attempt fails and is retried within a minute…
    let first = deliver_due(&app.db, sender, "test", now).await.unwrap();
    assert_eq!(first, Delivered { sent: 0, retrying: 1, failed: 0 });
    let d = app.get(&format!("/api/v1/webhooks/{id}/deliveries"), Some(&admin)).await;
    let next: chrono::DateTime<chrono::Utc> = d.body[0]["next_attempt_at"].as_str().unwrap().parse().unwrap();
    assert!(next - ideashelf::clock::to_utc(now) <= chrono::Duration::minutes(1));
    // …later ones back off; a day after the event the last one fails for good.
    let mut at = now;
    let mut tries = 1;
    loop {
        at += chrono::Duration::hours(3);
        let step = deliver_due(&app.db, sender, "test", at).await.unwrap();
        tries += step.retrying + step.failed;
        if step.failed == 1 {
            break;
        }
        assert!(at - now <= chrono::Duration::hours(24), "still retrying after a day");
    }
    assert!(at - now >= chrono::Duration::hours(24), "gave up before a day: {}", at - now);
    assert_eq!(receiver.log().len(), tries);
    // The endpoint is disabled, and every admin is told.
    let w = app.get(&format!("/api/v1/webhooks/{id}"), Some(&admin)).await;
    assert_eq!(w.body["enabled"], false, "{:?}", w.body);
    assert_eq!(w.body["disabled_reason"], "failing");
    for token in [&admin, &other_admin] {
        let n = app.get("/api/v1/notifications", Some(token)).await;
        let kinds: Vec<&str> = n.body["items"].as_array().unwrap().iter().filter_map(|i| i["kind"].as_str()).collect();
        assert!(kinds.contains(&"webhook_disabled"), "{:?}", n.body);
    }
    assert!(!app.get("/api/v1/notifications", Some(&member)).await.body.to_string().contains("webhook_disabled"));
    // A disabled endpoint gets no new messages; enabled again, it does.
    app.idea(&member, None, "While disabled").await;
    let d = app.get(&format!("/api/v1/webhooks/{id}/deliveries"), Some(&admin)).await;
    assert_eq!(d.body.as_array().unwrap().len(), 1);
    assert_eq!(d.body[0]["status"], "failed");
    let r = app.patch(&format!("/api/v1/webhooks/{id}"), Some(&admin), json!({"enabled": true})).await;
    assert_eq!(r.body["enabled"], true, "{:?}", r.body);
    assert_eq!(r.body["disabled_reason"], Value::Null);
    app.idea(&member, None, "Enabled again").await;
    let d = app.get(&format!("/api/v1/webhooks/{id}/deliveries"), Some(&admin)).await;
    assert_eq!(d.body.as_array().unwrap().len(), 2);
}

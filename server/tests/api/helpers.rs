//! Test harness: every test gets the real application on port 0 over its own
//! database — a fresh SQLite file, or a fresh PostgreSQL database that is
//! dropped afterwards — and talks HTTP to it.

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use ideashelf::accounts::service::{create_account, RegisterInput};
use ideashelf::accounts::Role;
use ideashelf::config::Config;
use ideashelf::db::Db;
use ideashelf::Application;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server tests create their databases on.
pub fn pg_admin_url() -> String {
    std::env::var("IDEASHELF_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn pg_url_for(db_name: &str) -> String {
    let admin = pg_admin_url();
    match admin.rsplit_once('/') {
        Some((base, _)) => format!("{base}/{db_name}"),
        None => format!("{admin}/{db_name}"),
    }
}

/// Drops the test's PostgreSQL database when the test ends.
struct PgDatabase(String);

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let name = self.0.clone();
        // A plain thread: Drop may run inside the async runtime.
        let _ = std::thread::spawn(move || {
            if let Ok(mut c) = PgConnection::establish(&pg_admin_url()) {
                let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
            }
        })
        .join();
    }
}

pub struct TestApp {
    /// Which backend this app runs on (the browser suite names screenshots by it).
    #[allow(dead_code)]
    pub backend: Backend,
    /// The database URL, for running the `ideashelf` binary against the same database.
    pub database_url: String,
    pub base: String,
    pub client: reqwest::Client,
    pub db: Db,
    /// The application's search handle (to apply the outbox by hand in tests that stop the worker).
    #[allow(dead_code)]
    pub search: std::sync::Arc<ideashelf::search::Search>,
    _dir: tempfile::TempDir,
    _pg: Option<PgDatabase>,
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

/// The search engine a test runs against.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Engine {
    Embedded,
    Meili,
}

/// `MEILI_URL` when the Meilisearch half of the search suite should run.
pub fn meili_url() -> Option<String> {
    std::env::var("MEILI_URL").ok().filter(|u| !u.is_empty())
}

/// A Meilisearch test asked to run (`--include-ignored`) without one fails, rather than passing untried.
pub fn require_meili() {
    assert!(meili_url().is_some(), "MEILI_URL is not set: the Meilisearch tests need a running Meilisearch");
}

/// An app on the given engine; Meilisearch indexes get a prefix of their own.
pub async fn spawn_search_app(backend: Backend, engine: Engine, tweak: impl FnOnce(&mut Config)) -> TestApp {
    spawn_app_with(backend, move |c| {
        if engine == Engine::Meili {
            c.meili_url = meili_url();
            c.meili_api_key = std::env::var("MEILI_API_KEY").ok();
            c.meili_index_prefix = format!("t{}", uuid::Uuid::new_v4().simple());
        }
        tweak(c)
    })
    .await
}

/// An app whose configuration the test adjusts first.
pub async fn spawn_app_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let (url, pg) = match backend {
        Backend::Sqlite => (None, None),
        Backend::Postgres => {
            let name = format!("ideashelf_test_{}", uuid::Uuid::new_v4().simple());
            let mut admin = PgConnection::establish(&pg_admin_url())
                .expect("PostgreSQL must run for the PostgreSQL half of the suite (see README)");
            admin.batch_execute(&format!("CREATE DATABASE \"{name}\"")).expect("create test database");
            (Some(pg_url_for(&name)), Some(PgDatabase(name)))
        }
    };
    let mut config = Config::for_data_dir(dir.path(), url);
    let database_url = config.database_url();
    config.db_pool = 10;
    config.workers = Some(4);
    tweak(&mut config);
    let app = Application::build(config).await.expect("build app");
    let base = format!("http://127.0.0.1:{}", app.port());
    let db = app.db();
    let search = app.search();
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    TestApp { backend, database_url, base, client, db, search, _dir: dir, _pg: pg }
}

impl Drop for TestApp {
    /// The search worker stops before the test's database is dropped (it would
    /// otherwise wait for a connection to a database that is gone).
    fn drop(&mut self) {
        self.search.stop_worker(std::time::Duration::from_secs(5));
    }
}

/// A response: status and JSON body (Null when the body is not JSON).
#[derive(Debug)]
pub struct Resp {
    pub status: StatusCode,
    pub content_type: String,
    pub body: Value,
}

impl TestApp {
    pub async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> Resp {
        let mut req = self.client.request(method, format!("{}{}", self.base, path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.expect("request");
        let status = res.status();
        let content_type = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        let text = res.text().await.unwrap_or_default();
        Resp { status, content_type, body: serde_json::from_str(&text).unwrap_or(Value::Null) }
    }

    /// The app's data directory (the SQLite file, the search index, mail files).
    #[allow(dead_code)]
    pub fn data_dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Resp {
        self.call(Method::GET, path, token, None).await
    }
    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Resp {
        self.call(Method::POST, path, token, Some(body)).await
    }
    pub async fn patch(&self, path: &str, token: Option<&str>, body: Value) -> Resp {
        self.call(Method::PATCH, path, token, Some(body)).await
    }
    #[allow(dead_code)]
    pub async fn put_json(&self, path: &str, token: Option<&str>, body: Value) -> Resp {
        self.call(Method::PUT, path, token, Some(body)).await
    }
    pub async fn put(&self, path: &str, token: Option<&str>) -> Resp {
        self.call(Method::PUT, path, token, None).await
    }
    pub async fn delete(&self, path: &str, token: Option<&str>) -> Resp {
        self.call(Method::DELETE, path, token, None).await
    }

    /// Registers a member through the API; returns their token.
    pub async fn member(&self, handle: &str) -> String {
        let r = self
            .post(
                "/api/v1/auth/register",
                None,
                json!({"handle": handle, "email": format!("{handle}@example.org"), "password": "correct horse battery",
                    "accept_terms": true}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "register {handle}: {:?}", r.body);
        r.body["token"].as_str().expect("token").to_string()
    }

    /// An account with a staff role (as `ideashelf create-user` makes it); returns its token.
    pub async fn staff(&self, handle: &str, role: Role) -> String {
        let input = RegisterInput {
            handle: handle.into(),
            email: format!("{handle}@example.org"),
            password: "correct horse battery".into(),
            display_name: None,
            ..Default::default()
        };
        create_account(&self.db, input, role, ideashelf::config::DEFAULT_TERMS_VERSION)
            .await
            .expect("create staff account");
        let r =
            self.post("/api/v1/auth/login", None, json!({"login": handle, "password": "correct horse battery"})).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        r.body["token"].as_str().expect("token").to_string()
    }

    /// Waits until every queued search change is applied (the outbox is empty).
    #[allow(dead_code)]
    pub async fn search_settled(&self) {
        for _ in 0..300 {
            let r = self.get("/api/v1/search/status", None).await;
            if r.body["pending"] == 0 {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the search outbox did not drain: {:?}", self.get("/api/v1/search/status", None).await.body);
    }

    /// A product made by a product-team account; returns its JSON.
    #[allow(dead_code)]
    pub async fn product(&self, staff: &str, name: &str, extra: Value) -> Value {
        let mut body = json!({"name": name, "brand": "Acme", "category": "Kitchen", "description": "A product."});
        if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
            for (k, v) in e {
                b.insert(k.clone(), v.clone());
            }
        }
        let r = self.post("/api/v1/products", Some(staff), body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        r.body
    }

    /// An open challenge (opened yesterday, closes in 30 days); returns its JSON.
    pub async fn open_challenge(&self, staff: &str, slug: &str, extra: Value) -> Value {
        let now = chrono::Utc::now();
        let mut body = json!({
            "slug": slug,
            "title": format!("Challenge {slug}"),
            "brief": "Tell us **everything**.",
            "opens_at": (now - chrono::Duration::days(1)).to_rfc3339(),
            "closes_at": (now + chrono::Duration::days(30)).to_rfc3339(),
            "support_threshold": 100,
        });
        if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
            for (k, v) in e {
                b.insert(k.clone(), v.clone());
            }
        }
        let r = self.post("/api/v1/challenges", Some(staff), body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        r.body
    }

    /// Submits an idea; returns its id.
    pub async fn idea(&self, token: &str, challenge: Option<&str>, title: &str) -> String {
        let r = self
            .post(
                "/api/v1/ideas",
                Some(token),
                json!({"challenge_id": challenge, "title": title, "summary": "A summary", "body": "A body", "tags": ["test"]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        r.body["id"].as_str().expect("id").to_string()
    }
}

/// Runs each named `async fn(TestApp)` once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn sqlite() {
                    super::$name($crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn postgres() {
                    super::$name($crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await).await
                }
            }
        )*
    };
}

/// Runs each named `async fn(TestApp)` on the embedded engine (SQLite and
/// PostgreSQL), and on Meilisearch: those variants are ignored (counted as not run), since Meilisearch is in no
/// package registry; `MEILI_URL=… cargo test -- --include-ignored` runs them against a real one.
#[macro_export]
macro_rules! search_tests {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                use $crate::helpers::{spawn_search_app, Backend, Engine};
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn embedded_sqlite() {
                    super::$name(spawn_search_app(Backend::Sqlite, Engine::Embedded, |_| {}).await).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn embedded_postgres() {
                    super::$name(spawn_search_app(Backend::Postgres, Engine::Embedded, |_| {}).await).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                #[ignore = "needs a Meilisearch at MEILI_URL (in no package registry; docs/SEARCH.md, \"Tests\")"]
                async fn meilisearch_sqlite() {
                    $crate::helpers::require_meili();
                    super::$name(spawn_search_app(Backend::Sqlite, Engine::Meili, |_| {}).await).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                #[ignore = "needs a Meilisearch at MEILI_URL (in no package registry; docs/SEARCH.md, \"Tests\")"]
                async fn meilisearch_postgres() {
                    $crate::helpers::require_meili();
                    super::$name(spawn_search_app(Backend::Postgres, Engine::Meili, |_| {}).await).await
                }
            }
        )*
    };
}

/// Asserts a problem response with the given status naming the given field.
pub fn assert_problem(r: &Resp, status: u16, field: Option<&str>) {
    assert_eq!(r.status.as_u16(), status, "{:?}", r.body);
    assert!(r.content_type.starts_with("application/problem+json"), "content type {}", r.content_type);
    assert_eq!(r.body["status"].as_u64(), Some(u64::from(status)));
    assert!(r.body["title"].is_string() && r.body["detail"].is_string(), "{:?}", r.body);
    if let Some(f) = field {
        let fields: Vec<&str> = r.body["errors"]
            .as_array()
            .map(|a| a.iter().filter_map(|e| e["field"].as_str()).collect())
            .unwrap_or_default();
        assert!(fields.contains(&f), "expected field {f} in {:?}", r.body);
    }
}

/// A problem with this status and this specific refusal `code`.
pub fn assert_code(r: &Resp, status: u16, code: &str) {
    assert_problem(r, status, None);
    assert_eq!(r.body["code"], code, "{:?}", r.body);
}

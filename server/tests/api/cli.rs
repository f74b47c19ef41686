//! The `ideashelf` binary as an operator uses it: seed, create-user, serve --demo.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use reqwest::StatusCode;
use serde_json::json;

use crate::backend_tests;
use crate::helpers::TestApp;

backend_tests!(seed_is_idempotent, create_user_reads_password_from_stdin, serve_demo_prints_url_and_logins);

fn ideashelf(app: &TestApp, data_dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ideashelf"));
    cmd.env("DATABASE_URL", &app.database_url)
        .env("IDEASHELF_DATA_DIR", data_dir)
        .env_remove("IDEASHELF_JWT_SECRET")
        .env("RUST_LOG", "warn");
    cmd
}

async fn seed_is_idempotent(app: TestApp) {
    let dir = tempfile::tempdir().unwrap();
    let first = ideashelf(&app, dir.path()).arg("seed").output().unwrap();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert_eq!(
        String::from_utf8_lossy(&first.stdout).trim(),
        "seeded: 9 members, 4 challenges, 14 ideas, 5 products, 8 tips, 4 questions"
    );
    let second = ideashelf(&app, dir.path()).arg("seed").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&second.stdout).trim(),
        "seeded: 0 members, 0 challenges, 0 ideas, 0 products, 0 tips, 0 questions"
    );
    // The demo's product tests: one open for applying, one drawn with the testers' reports (once, however often
    // the seed runs).
    let tests = app.get("/api/v1/product-tests", None).await.body["items"].as_array().unwrap().clone();
    assert_eq!(tests.len(), 2, "{tests:?}");
    let open = tests.iter().find(|t| t["phase"] == "open").unwrap();
    assert_eq!(open["applicants"], 2);
    let drawn = tests.iter().find(|t| t["phase"] == "drawn").unwrap();
    assert_eq!((drawn["applicants"].as_i64(), drawn["reports"].as_i64()), (Some(4), Some(2)));
    let published: ideashelf::product_tests::rules::Published = serde_json::from_value(drawn["draw"].clone()).unwrap();
    assert_eq!(ideashelf::product_tests::rules::verify(&published), Ok(()));
    let bread = app.get("/api/v1/products/sourdough-rye-bread/ratings", None).await.body;
    assert_eq!(bread["items"].as_array().unwrap().iter().filter(|r| !r["tested_in"].is_null()).count(), 2);
    // The demo content is there, supports and comments included.
    let ideas = app.get("/api/v1/ideas?limit=100", None).await;
    let items = ideas.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 13, "the pending idea is not listed");
    let refill = items.iter().find(|i| i["title"] == "Refill station for dish soap").unwrap();
    assert_eq!(refill["supports"], 4);
    assert_eq!(refill["comments"], 3);
    // Ties in support count go to the newer idea.
    assert_eq!(items[0]["title"], "Bircher muesli in a jar");
    let open = app.get("/api/v1/challenges?state=open", None).await;
    assert_eq!(open.body["items"].as_array().unwrap().len(), 3);
    let roadmap = app.get("/api/v1/roadmap", None).await;
    let shelf = &roadmap.body["columns"][4];
    assert_eq!(shelf["status"], "on_shelf");
    assert_eq!(shelf["ideas"][0]["title"], "Bircher muesli in a jar");
    assert_eq!(shelf["ideas"][0]["product"], "bircher-muesli-jar");
    // Products with their ratings, one from the community idea; tips with helpful marks.
    let muesli = app.get("/api/v1/products/bircher-muesli-jar", None).await;
    assert_eq!(muesli.body["from_community"], true);
    assert_eq!(muesli.body["idea"]["title"], "Bircher muesli in a jar");
    assert_eq!(muesli.body["rating"]["count"], 4);
    let tips = app.get("/api/v1/tips?sort=helpful", None).await;
    assert_eq!(tips.body["items"][0]["title"], "Foam oat milk without a machine");
    assert_eq!(tips.body["items"][0]["helpful_count"], 3);
    // The seeded tips are searchable once the app's worker applied them.
    app.search_settled().await;
    let found = app.get("/api/v1/search/tips?q=Sauerteigbrod", None).await;
    assert_eq!(found.body["items"][0]["title"], "Sauerteigbrot länger frisch halten", "{:?}", found.body);
}

async fn create_user_reads_password_from_stdin(app: TestApp) {
    let dir = tempfile::tempdir().unwrap();
    let mut child = ideashelf(&app, dir.path())
        .args(["create-user", "--handle", "ops", "--email", "ops@example.org", "--role", "admin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"a long admin password\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "created ops (admin)");
    let r = app.post("/api/v1/auth/login", None, json!({"login": "ops", "password": "a long admin password"})).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["user"]["role"], "admin");
    // A weak password is refused with the reason, and nothing is created.
    let mut child = ideashelf(&app, dir.path())
        .args(["create-user", "--handle", "ops2", "--email", "ops2@example.org"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"short\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("password"));
    assert_eq!(app.get("/api/v1/users/ops2", None).await.status, StatusCode::NOT_FOUND);
}

async fn serve_demo_prints_url_and_logins(app: TestApp) {
    let dir = tempfile::tempdir().unwrap();
    let mut child = ideashelf(&app, dir.path())
        .args(["serve", "--demo"])
        .env("IDEASHELF_BIND", "127.0.0.1:0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    // Read up to the last demo login, and keep draining stdout afterwards.
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let lines: Vec<String> = tokio::task::spawn_blocking(move || {
        let mut lines = Vec::new();
        while let Ok(line) = rx.recv_timeout(std::time::Duration::from_secs(180)) {
            let done = line.contains("elif");
            lines.push(line);
            if done {
                break;
            }
        }
        lines
    })
    .await
    .unwrap();
    let url = lines
        .iter()
        .find_map(|l| l.strip_prefix("ideashelf is listening on "))
        .expect("the URL is printed")
        .trim_end_matches('/')
        .to_string();
    assert!(lines.iter().any(|l| l.contains("admin") && l.contains("demo-password")), "{lines:?}");
    let ideas: serde_json::Value = reqwest::get(format!("{url}/api/v1/ideas")).await.unwrap().json().await.unwrap();
    assert_eq!(ideas["items"].as_array().unwrap().len(), 13);
    child.kill().unwrap();
    let _ = child.wait();
    // The JWT secret was generated into the data directory, readable by its owner only.
    let secret = dir.path().join("jwt_secret");
    assert!(std::fs::read_to_string(&secret).unwrap().len() >= 32);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&secret).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

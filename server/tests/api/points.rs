use std::process::Command;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use futures::future::join_all;
use reqwest::StatusCode;

use crate::backend_tests;
use crate::helpers::TestApp;

backend_tests!(supports_pay_once_and_withdrawals_reverse, the_daily_cap_holds_under_concurrency, ledger_verify_finds_a_corrupted_balance);

async fn balance(app: &TestApp, handle: &str) -> i64 {
    let handle = handle.to_string();
    app.db
        .run(move |conn| {
            use ideashelf::db::schema::users;
            Ok(users::table.filter(users::handle.eq(handle)).select(users::points).first::<i64>(conn)?)
        })
        .await
        .unwrap()
}

async fn entries(app: &TestApp) -> i64 {
    app.db
        .run(|conn| Ok(ideashelf::db::schema::point_entries::table.count().get_result::<i64>(conn)?))
        .await
        .unwrap()
}

/// 32 members support one author's idea at once, each twice: the author gets
/// exactly 64 and each supporter 1; withdrawing reverses both sides once.
async fn supports_pay_once_and_withdrawals_reverse(app: TestApp) {
    let author = app.member("author").await;
    let idea = app.idea(&author, None, "Points idea").await;
    let fans = join_all((0..32).map(|i| {
        let app = &app;
        async move { app.member(&format!("fan{i}")).await }
    }))
    .await;
    let path = format!("/api/v1/ideas/{idea}/support");
    let results = join_all(fans.iter().flat_map(|t| [app.put(&path, Some(t)), app.put(&path, Some(t))])).await;
    assert!(results.iter().all(|r| r.status == StatusCode::OK));
    assert_eq!(balance(&app, "author").await, 64);
    assert_eq!(balance(&app, "fan0").await, 1);
    assert_eq!(entries(&app).await, 64);
    // Withdrawals, concurrently and repeated: each support's entries are reversed once.
    let results = join_all(fans[..8].iter().flat_map(|t| [app.delete(&path, Some(t)), app.delete(&path, Some(t))])).await;
    assert!(results.iter().all(|r| r.status == StatusCode::OK));
    assert_eq!(balance(&app, "author").await, 48);
    assert_eq!(balance(&app, "fan0").await, 0);
    assert_eq!(entries(&app).await, 64 + 16, "reversals are new entries; nothing is updated or deleted");
    // Supporting again is a new support, which pays again.
    app.put(&path, Some(&fans[0])).await;
    assert_eq!(balance(&app, "author").await, 50);
    assert_eq!(balance(&app, "fan0").await, 1);
}

/// `ideashelf ledger verify` passes on a healthy database and names a
/// deliberately corrupted cached balance.
async fn ledger_verify_finds_a_corrupted_balance(app: TestApp) {
    let author = app.member("author").await;
    let fan = app.member("fan").await;
    let idea = app.idea(&author, None, "Verified idea").await;
    app.put(&format!("/api/v1/ideas/{idea}/support"), Some(&fan)).await;
    let dir = tempfile::tempdir().unwrap();
    let verify = || {
        Command::new(env!("CARGO_BIN_EXE_ideashelf"))
            .env("DATABASE_URL", &app.database_url)
            .env("IDEASHELF_DATA_DIR", dir.path())
            .env("RUST_LOG", "warn")
            .args(["ledger", "verify"])
            .output()
            .unwrap()
    };
    let ok = verify();
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stdout));
    app.db.run(|conn| Ok(conn.batch_execute("UPDATE users SET points = points + 5 WHERE handle = 'author'")?)).await.unwrap();
    let bad = verify();
    assert!(!bad.status.success());
    let out = String::from_utf8_lossy(&bad.stdout);
    assert!(out.contains("author: cached balance 7, sum of entries 2 (off by 5)"), "{out}");
}

/// One member supports 25 ideas at once: support given pays at most 20 a day.
async fn the_daily_cap_holds_under_concurrency(app: TestApp) {
    let author = app.member("author").await;
    let fan = app.member("fan").await;
    let mut ideas = Vec::new();
    for i in 0..25 {
        ideas.push(app.idea(&author, None, &format!("Idea number {i}")).await);
    }
    let paths: Vec<String> = ideas.iter().map(|id| format!("/api/v1/ideas/{id}/support")).collect();
    let results = join_all(paths.iter().map(|p| app.put(p, Some(&fan)))).await;
    assert!(results.iter().all(|r| r.status == StatusCode::OK));
    assert_eq!(balance(&app, "fan").await, 20, "the cap");
    assert_eq!(balance(&app, "author").await, 50, "supports received are not capped");
}

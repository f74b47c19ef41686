//! The points ledger, levels, badges and leaderboards (issue 6), through the
//! API and the `ideashelf` binary, on both backends.

use std::process::Command;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use futures::future::join_all;
use ideashelf::accounts::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{assert_problem, TestApp};

backend_tests!(
    supports_pay_once_and_withdrawals_reverse,
    the_daily_caps_hold_under_concurrency,
    ledger_verify_finds_corrupted_caches,
    ideas_pay_for_publication_tiers_approval_and_shelf,
    comments_tips_helpful_marks_and_reviews_pay_and_reverse,
    moderation_reverses_and_restores_what_content_earned,
    leaderboards_rank_exactly_and_leave_out_suspended,
    the_30_day_board_drops_what_falls_out_of_the_window,
    badges_are_awarded_once_with_a_notification,
    the_points_endpoint_pages_the_history,
    places_stay_exact_while_the_place_counts_are_folded,
    supports_leave_the_boards_to_batches_that_stay_exact,
);

async fn balance(app: &TestApp, handle: &str) -> i64 {
    let r = app.get(&format!("/api/v1/users/{handle}/points?limit=1"), None).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r.body["balance"].as_i64().unwrap()
}

async fn entries(app: &TestApp) -> i64 {
    app.db.run(|conn| Ok(ideashelf::db::schema::point_entries::table.count().get_result::<i64>(conn)?)).await.unwrap()
}

/// Every entry of a member, oldest first: (rule, amount, reason).
async fn history(app: &TestApp, handle: &str) -> Vec<(String, i64, Option<String>)> {
    let r = app.get(&format!("/api/v1/users/{handle}/points?limit=100"), None).await;
    let mut rows: Vec<(String, i64, Option<String>)> = r.body["entries"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["rule"].as_str().unwrap().to_string(),
                e["amount"].as_i64().unwrap(),
                e["reason"].as_str().map(str::to_string),
            )
        })
        .collect();
    rows.reverse();
    rows
}

async fn no_differences(app: &TestApp) {
    let diffs = app.db.run(ideashelf::points::service::verify).await.unwrap();
    assert!(diffs.is_empty(), "caches differ from the ledger: {diffs:?}");
}

async fn moderate(app: &TestApp, token: &str, action: &str, target_type: &str, id: &str) {
    let r = app
        .post(
            "/api/v1/moderation/actions",
            Some(token),
            json!({"action": action, "target_type": target_type, "target_id": id, "reason": "Moderation test"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{action} {target_type}: {:?}", r.body);
}

async fn board(app: &TestApp, query: &str, token: Option<&str>) -> Value {
    let r = app.get(&format!("/api/v1/leaderboard{query}"), token).await;
    assert_eq!(r.status, StatusCode::OK, "{query}: {:?}", r.body);
    r.body
}

fn standings(board: &Value) -> Vec<(i64, String, i64)> {
    board["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (e["place"].as_i64().unwrap(), e["handle"].as_str().unwrap().to_string(), e["points"].as_i64().unwrap())
        })
        .collect()
}

/// 32 members support one author's idea at once, each twice: the author gets
/// exactly 64 (on top of the idea's 10) and each supporter 1; withdrawing
/// reverses both sides once.
async fn supports_pay_once_and_withdrawals_reverse(app: TestApp) {
    let author = app.member("author").await;
    let idea = app.idea(&author, None, "Points idea").await;
    assert_eq!(balance(&app, "author").await, 10, "publishing pays 10");
    let fans = join_all((0..32).map(|i| {
        let app = &app;
        async move { app.member(&format!("fan{i}")).await }
    }))
    .await;
    let path = format!("/api/v1/ideas/{idea}/support");
    let results = join_all(fans.iter().flat_map(|t| [app.put(&path, Some(t)), app.put(&path, Some(t))])).await;
    assert!(results.iter().all(|r| r.status == StatusCode::OK));
    assert_eq!(balance(&app, "author").await, 10 + 64);
    assert_eq!(balance(&app, "fan0").await, 1);
    assert_eq!(entries(&app).await, 1 + 64);
    // Withdrawals, concurrently and repeated: each support's entries are reversed once.
    let results =
        join_all(fans[..8].iter().flat_map(|t| [app.delete(&path, Some(t)), app.delete(&path, Some(t))])).await;
    assert!(results.iter().all(|r| r.status == StatusCode::OK));
    assert_eq!(balance(&app, "author").await, 10 + 48);
    assert_eq!(balance(&app, "fan0").await, 0);
    assert_eq!(entries(&app).await, 1 + 64 + 16, "reversals are new entries; nothing is updated or deleted");
    assert_eq!(
        history(&app, "fan0").await,
        vec![("support_given".into(), 1, None), ("support_given".into(), -1, Some("withdrawn".into()))]
    );
    // Supporting again is a new support, which pays again.
    app.put(&path, Some(&fans[0])).await;
    assert_eq!(balance(&app, "author").await, 10 + 50);
    assert_eq!(balance(&app, "fan0").await, 1);
    no_differences(&app).await;
}

/// One member supports 25 ideas at once and writes 12 comments at once:
/// support given pays at most 20 a day, comments at most 10.
async fn the_daily_caps_hold_under_concurrency(app: TestApp) {
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
    assert_eq!(balance(&app, "author").await, 250 + 50, "supports received are not capped");
    let talker = app.member("talker").await;
    let path = format!("/api/v1/ideas/{}/comments", ideas[0]);
    let results =
        join_all((0..12).map(|i| app.post(&path, Some(&talker), json!({"body": format!("Comment number {i}")})))).await;
    assert!(results.iter().all(|r| r.status == StatusCode::CREATED));
    assert_eq!(balance(&app, "talker").await, 10, "comments pay at most 10 a day");
    no_differences(&app).await;
}

/// `ideashelf ledger verify` passes on a healthy database and names each
/// deliberately corrupted cache: a balance, a 30-day total, a challenge total.
/// `ledger repair` sets them back.
async fn ledger_verify_finds_corrupted_caches(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let challenge = app.open_challenge(&team, "verified", json!({})).await;
    let author = app.member("author").await;
    let fan = app.member("fan").await;
    let idea = app.idea(&author, Some("verified"), "Verified idea").await;
    app.put(&format!("/api/v1/ideas/{idea}/support"), Some(&fan)).await;
    let dir = tempfile::tempdir().unwrap();
    let ledger = |command: &str| {
        Command::new(env!("CARGO_BIN_EXE_ideashelf"))
            .env("DATABASE_URL", &app.database_url)
            .env("IDEASHELF_DATA_DIR", dir.path())
            .env("RUST_LOG", "warn")
            .args(["ledger", command])
            .output()
            .unwrap()
    };
    let ok = ledger("verify");
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stdout));
    let cid = challenge["id"].as_str().unwrap().to_string();
    app.db
        .run(move |conn| {
            conn.batch_execute("UPDATE users SET points = points + 5 WHERE handle = 'author'")?;
            conn.batch_execute("UPDATE point_totals SET points = points - 1 WHERE scope = '30d' AND user_id = (SELECT id FROM users WHERE handle = 'fan')")?;
            conn.batch_execute(&format!("DELETE FROM point_totals WHERE scope = 'challenge:{cid}' AND user_id = (SELECT id FROM users WHERE handle = 'author')"))?;
            // The place counts: one member too many with 7 points on the all-time board.
            conn.batch_execute("INSERT INTO point_counts (scope, points, id, members) VALUES ('all', 7, 'corrupt', 1)")?;
            Ok(())
        })
        .await
        .unwrap();
    let bad = ledger("verify");
    assert!(!bad.status.success());
    let out = String::from_utf8_lossy(&bad.stdout);
    assert!(out.contains("author: balance cached 17, sum of entries 12 (off by 5)"), "{out}");
    assert!(out.contains("fan: 30d cached 0, sum of entries 1 (off by -1)"), "{out}");
    assert!(
        out.contains(&format!(
            "author: challenge:{} cached 0, sum of entries 12 (off by -12)",
            challenge["id"].as_str().unwrap()
        )),
        "{out}"
    );
    assert!(out.contains("board all: members with 7 points counted 1, by the entries 0 (off by 1)"), "{out}");
    assert!(out.contains("4 cached sum(s) differ from the ledger"), "{out}");
    let repaired = ledger("repair");
    assert!(repaired.status.success(), "{}", String::from_utf8_lossy(&repaired.stdout));
    let again = ledger("verify");
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stdout));
    assert_eq!(balance(&app, "author").await, 12);
}

/// Publication +10, each tier +25/+50/+100, approval +200 and the shelf +1000,
/// each once; a pre-moderated idea pays when a moderator publishes it.
async fn ideas_pay_for_publication_tiers_approval_and_shelf(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let moderator = app.staff("mod", Role::Moderator).await;
    let tiers = json!([{"supports": 1, "days": 10}, {"supports": 2, "days": 10}, {"supports": 3, "days": 10}]);
    app.open_challenge(&team, "ladder", json!({"support_threshold": null, "support_tiers": tiers})).await;
    app.open_challenge(&team, "curated", json!({"premoderation": true})).await;
    let author = app.member("author").await;
    let fans = [app.member("fan1").await, app.member("fan2").await, app.member("fan3").await];
    let id = app.idea(&author, Some("ladder"), "Climbing idea").await;
    for fan in &fans {
        assert_eq!(app.put(&format!("/api/v1/ideas/{id}/support"), Some(fan)).await.status, StatusCode::OK);
    }
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.body["status"], "in_review");
    assert_eq!(balance(&app, "author").await, 10 + 3 * 2 + 25 + 50 + 100);
    for to in ["approved", "in_development", "in_production", "on_shelf"] {
        let r = app.post(&format!("/api/v1/ideas/{id}/transitions"), Some(&team), json!({"to": to})).await;
        assert_eq!(r.status, StatusCode::OK, "{to}: {:?}", r.body);
    }
    assert_eq!(balance(&app, "author").await, 191 + 200 + 1000);
    let rules: Vec<String> = history(&app, "author").await.into_iter().map(|(r, _, _)| r).collect();
    for (rule, times) in [
        ("idea_published", 1),
        ("support_received", 3),
        ("tier_reached", 3),
        ("idea_approved", 1),
        ("idea_on_shelf", 1),
    ] {
        assert_eq!(rules.iter().filter(|r| *r == rule).count(), times, "{rule} in {rules:?}");
    }
    // Pre-moderated: nothing while pending, +10 when published, and a later
    // return to gathering support (after expiry) pays nothing more.
    let pending = app.idea(&author, Some("curated"), "Waiting idea").await;
    assert_eq!(balance(&app, "author").await, 1391);
    let r = app
        .post(&format!("/api/v1/ideas/{pending}/transitions"), Some(&moderator), json!({"to": "gathering_support"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(balance(&app, "author").await, 1401);
    let admin = app.staff("boss", Role::Admin).await;
    assert_eq!(
        app.post(&format!("/api/v1/ideas/{pending}/transitions"), Some(&admin), json!({"to": "expired"})).await.status,
        StatusCode::OK
    );
    let r = app
        .post(&format!("/api/v1/ideas/{pending}/transitions"), Some(&admin), json!({"to": "gathering_support"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(balance(&app, "author").await, 1401, "published once, paid once");
    let level = app.get("/api/v1/users/author/points", None).await.body["level"].clone();
    assert_eq!(level["level"], 4, "1,401 points: level 4 (from 500)");
    assert_eq!(level["next"], 1500);
    no_differences(&app).await;
}

/// Comments +1, tips +5, a helpful mark +2 to the tip's author, a rating
/// with a review +3: each pays once, and taking it back reverses once.
async fn comments_tips_helpful_marks_and_reviews_pay_and_reverse(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let author = app.member("author").await;
    let helper = app.member("helper").await;
    let idea = app.idea(&author, None, "Idea to talk about").await;
    let r = app.post(&format!("/api/v1/ideas/{idea}/comments"), Some(&helper), json!({"body": "Nice one"})).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(balance(&app, "helper").await, 1);
    // A tip, marked helpful: repeats change nothing, unmarking reverses, marking again pays again.
    let tip = app
        .post("/api/v1/tips", Some(&helper), json!({"title": "Keep bread fresh", "body": "Wrap it in linen."}))
        .await;
    assert_eq!(tip.status, StatusCode::CREATED, "{:?}", tip.body);
    let tip_id = tip.body["id"].as_str().unwrap().to_string();
    assert_eq!(balance(&app, "helper").await, 6);
    let helpful = format!("/api/v1/tips/{tip_id}/helpful");
    join_all((0..3).map(|_| app.put(&helpful, Some(&author)))).await;
    assert_eq!(balance(&app, "helper").await, 8, "a mark pays once");
    app.delete(&helpful, Some(&author)).await;
    app.delete(&helpful, Some(&author)).await;
    assert_eq!(balance(&app, "helper").await, 6);
    app.put(&helpful, Some(&author)).await;
    assert_eq!(balance(&app, "helper").await, 8);
    // Deleting the tip takes back the tip and its marks.
    assert_eq!(app.delete(&format!("/api/v1/tips/{tip_id}"), Some(&helper)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(balance(&app, "helper").await, 1);
    // Ratings: stars alone pay nothing; a review pays 3, once; removing the text or the rating reverses.
    let product = app.product(&team, "Linen bread bag", json!({})).await;
    let rating = format!("/api/v1/products/{}/rating", product["slug"].as_str().unwrap());
    let rate = |body: Value| app.call(reqwest::Method::PUT, &rating, Some(&helper), Some(body));
    assert!(rate(json!({"stars": 4})).await.status.is_success());
    assert_eq!(balance(&app, "helper").await, 1);
    assert!(rate(json!({"stars": 5, "title": "Great", "body": "Keeps bread for days."})).await.status.is_success());
    assert!(rate(json!({"stars": 5, "title": "Great", "body": "Keeps bread for a week."})).await.status.is_success());
    assert_eq!(balance(&app, "helper").await, 4);
    assert!(rate(json!({"stars": 5})).await.status.is_success());
    assert_eq!(balance(&app, "helper").await, 1);
    assert!(rate(json!({"stars": 5, "body": "Back again."})).await.status.is_success());
    assert_eq!(balance(&app, "helper").await, 4);
    assert!(app.delete(&rating, Some(&helper)).await.status.is_success());
    assert_eq!(balance(&app, "helper").await, 1);
    let reasons: Vec<Option<String>> = history(&app, "helper").await.into_iter().map(|(_, _, r)| r).collect();
    assert_eq!(
        reasons.iter().flatten().map(String::as_str).collect::<Vec<_>>(),
        vec!["unmarked", "reinstated", "deleted", "deleted", "review_removed", "reinstated", "deleted"]
    );
    no_differences(&app).await;
}

/// A moderator hiding an idea takes back what it earned its author (but not
/// its supporters' +1); restoring pays it back, except supports withdrawn
/// meanwhile. Hiding a comment reverses its +1. Removing a member's supports
/// reverses both sides.
async fn moderation_reverses_and_restores_what_content_earned(app: TestApp) {
    let moderator = app.staff("mod", Role::Moderator).await;
    let author = app.member("author").await;
    let fans = [app.member("fan1").await, app.member("fan2").await, app.member("fan3").await];
    let idea = app.idea(&author, None, "Idea to moderate").await;
    for fan in &fans {
        app.put(&format!("/api/v1/ideas/{idea}/support"), Some(fan)).await;
    }
    app.delete(&format!("/api/v1/ideas/{idea}/support"), Some(&fans[2])).await;
    assert_eq!(balance(&app, "author").await, 14);
    moderate(&app, &moderator, "hide", "idea", &idea).await;
    moderate(&app, &moderator, "hide", "idea", &idea).await;
    assert_eq!(balance(&app, "author").await, 0);
    assert_eq!(balance(&app, "fan1").await, 1, "supporters keep their +1");
    moderate(&app, &moderator, "restore", "idea", &idea).await;
    moderate(&app, &moderator, "restore", "idea", &idea).await;
    assert_eq!(balance(&app, "author").await, 14, "the withdrawn support stays withdrawn");
    // Hidden again after the restore: reversed again, once.
    moderate(&app, &moderator, "hide", "idea", &idea).await;
    assert_eq!(balance(&app, "author").await, 0);
    moderate(&app, &moderator, "restore", "idea", &idea).await;
    // A comment.
    let c = app.post(&format!("/api/v1/ideas/{idea}/comments"), Some(&fans[0]), json!({"body": "Spammy"})).await;
    let cid = c.body["id"].as_str().unwrap().to_string();
    assert_eq!(balance(&app, "fan1").await, 2);
    moderate(&app, &moderator, "hide", "comment", &cid).await;
    assert_eq!(balance(&app, "fan1").await, 1);
    // Removing all of a member's supports reverses what each paid.
    moderate(&app, &moderator, "remove_supports", "user", "fan2").await;
    assert_eq!(balance(&app, "fan2").await, 0);
    assert_eq!(balance(&app, "author").await, 12);
    no_differences(&app).await;
}

/// All-time and per-challenge boards: more points first, ties to whoever got
/// there first, suspended members left out, paged, with the viewer's place.
async fn leaderboards_rank_exactly_and_leave_out_suspended(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let moderator = app.staff("mod", Role::Moderator).await;
    app.open_challenge(&team, "board", json!({})).await;
    let anna = app.member("anna").await;
    let ben = app.member("ben").await;
    let cleo = app.member("cleo").await;
    let dan = app.member("dan").await;
    // anna: an idea outside the challenge (10); ben: an idea in it (10), later than anna's.
    let outside = app.idea(&anna, None, "Outside idea").await;
    let inside = app.idea(&ben, Some("board"), "Inside idea").await;
    // cleo supports both (2, one in the challenge); dan supports ben's (1) and writes an idea in it (10).
    app.put(&format!("/api/v1/ideas/{outside}/support"), Some(&cleo)).await;
    app.put(&format!("/api/v1/ideas/{inside}/support"), Some(&cleo)).await;
    app.put(&format!("/api/v1/ideas/{inside}/support"), Some(&dan)).await;
    app.idea(&dan, Some("board"), "Dan's idea").await;
    // anna 12, ben 14, dan 11, cleo 2.
    let all = board(&app, "", Some(&cleo)).await;
    assert_eq!(
        standings(&all),
        vec![(1, "ben".into(), 14), (2, "anna".into(), 12), (3, "dan".into(), 11), (4, "cleo".into(), 2)]
    );
    assert_eq!(all["period"], "all");
    assert_eq!(all["me"]["place"], 4);
    assert_eq!(all["items"][0]["level"], 1);
    // In the challenge: ben 14, dan 11, cleo 1 (anna's points were outside it).
    let ch = board(&app, "?challenge=board", None).await;
    assert_eq!(standings(&ch), vec![(1, "ben".into(), 14), (2, "dan".into(), 11), (3, "cleo".into(), 1)]);
    assert_eq!(ch["challenge"]["slug"], "board");
    assert!(ch["me"].is_null());
    // A tie: cleo reaches 12 after anna did, so anna stays ahead.
    app.idea(&cleo, None, "Cleo's idea").await;
    let all = board(&app, "?limit=2", None).await;
    assert_eq!(standings(&all), vec![(1, "ben".into(), 14), (2, "anna".into(), 12)]);
    let next = board(&app, &format!("?limit=2&cursor={}", all["next_cursor"].as_str().unwrap()), Some(&cleo)).await;
    assert_eq!(standings(&next), vec![(3, "cleo".into(), 12), (4, "dan".into(), 11)]);
    assert!(next["next_cursor"].is_null());
    assert_eq!(next["me"]["place"], 3);
    // Suspended members leave the boards (and come back when unsuspended).
    moderate(&app, &moderator, "suspend", "user", "ben").await;
    let all = board(&app, "?limit=3", None).await;
    assert_eq!(standings(&all), vec![(1, "anna".into(), 12), (2, "cleo".into(), 12), (3, "dan".into(), 11)]);
    assert_eq!(standings(&board(&app, "?challenge=board", None).await)[0], (1, "dan".into(), 11));
    assert!(board(&app, "", Some(&ben)).await["me"].is_null());
    // The places of those behind a suspended member move up with the board.
    assert_eq!(board(&app, "?limit=1", Some(&cleo)).await["me"]["place"], 2);
    assert_eq!(board(&app, "?limit=1&challenge=board", Some(&dan)).await["me"]["place"], 1);
    moderate(&app, &moderator, "unsuspend", "user", "ben").await;
    assert_eq!(standings(&board(&app, "?limit=2", None).await)[0], (1, "ben".into(), 14));
    assert_eq!(board(&app, "?limit=1", Some(&cleo)).await["me"]["place"], 3);
    assert_eq!(board(&app, "?limit=1&challenge=board", Some(&dan)).await["me"]["place"], 2);
    // Bad input names the field.
    assert_problem(&app.get("/api/v1/leaderboard?period=weekly", None).await, 422, Some("period"));
    assert_problem(&app.get("/api/v1/leaderboard?challenge=nope", None).await, 422, Some("challenge"));
    assert_problem(&app.get("/api/v1/leaderboard?period=30d&challenge=board", None).await, 422, Some("period"));
    assert_problem(&app.get("/api/v1/leaderboard?limit=1000", None).await, 422, Some("limit"));
    assert_problem(&app.get("/api/v1/leaderboard?cursor=zzz", None).await, 422, Some("cursor"));
}

/// The 30-day board counts exactly the entries of today and the 29 days
/// before: older entries (written here with old dates, as the ledger would
/// have written them then) leave the window when it moves, by the read or by
/// the jobs, and the caches still equal the ledger.
async fn the_30_day_board_drops_what_falls_out_of_the_window(app: TestApp) {
    let old = app.member("old").await;
    let _fresh = app.member("fresh").await;
    app.idea(&old, None, "Recent idea").await;
    let fresh_idea = app.idea(&_fresh, None, "Fresh idea").await;
    app.put(&format!("/api/v1/ideas/{fresh_idea}/support"), Some(&old)).await;
    // old: 11 now, plus 100 from 40 days ago and 50 from 29 days ago (start of that day + 1 h).
    let now = chrono::Utc::now().naive_utc();
    let day = now.date().and_hms_opt(0, 0, 0).unwrap();
    let forty = (day - chrono::Duration::days(40)).format("%Y-%m-%d %H:%M:%S").to_string();
    let edge = (day - chrono::Duration::days(29) + chrono::Duration::hours(1)).format("%Y-%m-%d %H:%M:%S").to_string();
    // Written as the ledger would have written them then: the entry, and its move of the caches.
    let old_entries = [
        ("00000000-0000-7000-8000-000000000001", 100, "idea_on_shelf", "old-idea", forty),
        ("00000000-0000-7000-8000-000000000002", 50, "idea_approved", "edge-idea", edge),
    ];
    app.db
        .run(move |conn| {
            use ideashelf::db::schema::users;
            use ideashelf::points::store;
            let user_id: String = users::table.filter(users::handle.eq("old")).select(users::id).first(conn)?;
            for (id, amount, rule, cause, at) in old_entries {
                let row = store::EntryRow {
                    id: id.into(),
                    user_id: user_id.clone(),
                    amount,
                    rule: rule.into(),
                    cause_type: "idea".into(),
                    cause_id: cause.into(),
                    reverses: None,
                    created_at: chrono::NaiveDateTime::parse_from_str(&at, "%Y-%m-%d %H:%M:%S").unwrap(),
                    subject_id: None,
                    challenge_id: None,
                    reason: None,
                };
                assert_eq!(store::insert(conn, &row)?, 1);
                store::apply(conn, &row)?;
            }
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!(standings(&board(&app, "", None).await), vec![(1, "old".into(), 161), (2, "fresh".into(), 12)]);
    // The read moves the window: the entry from 40 days ago leaves it, the one from 29 days ago stays.
    let recent = board(&app, "?period=30d", None).await;
    assert_eq!(recent["period"], "30d");
    assert_eq!(standings(&recent), vec![(1, "old".into(), 61), (2, "fresh".into(), 12)]);
    no_differences(&app).await;
    // Two days on (the jobs, as every instance runs them): the edge entry leaves too.
    let as_of = chrono::Utc::now() + chrono::Duration::days(2);
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ideashelf"))
        .env("DATABASE_URL", &app.database_url)
        .env("IDEASHELF_DATA_DIR", dir.path())
        .env("RUST_LOG", "warn")
        .args(["jobs", "run", "--as-of", &as_of.to_rfc3339()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("1 members' 30-day totals moved"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        standings(&board(&app, "?period=30d", None).await),
        vec![(1, "fresh".into(), 12), (2, "old".into(), 11)]
    );
    no_differences(&app).await;
}

async fn notifications_of(app: &TestApp, token: &str, kind: &str) -> Vec<Value> {
    let r = app.get("/api/v1/notifications?limit=100", Some(token)).await;
    r.body["items"].as_array().unwrap().iter().filter(|n| n["kind"] == kind).cloned().collect()
}

async fn badge_keys(app: &TestApp, handle: &str) -> Vec<String> {
    let r = app.get(&format!("/api/v1/users/{handle}/badges"), None).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r.body.as_array().unwrap().iter().map(|b| b["key"].as_str().unwrap().to_string()).collect()
}

/// Badges come from the member's history, once each, with the date and a
/// notification.
async fn badges_are_awarded_once_with_a_notification(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let tiers = json!([{"supports": 2, "days": 10}]);
    app.open_challenge(&team, "race", json!({"support_threshold": null, "support_tiers": tiers})).await;
    let author = app.member("author").await;
    let idea = app.idea(&author, Some("race"), "Badge idea").await;
    app.idea(&author, None, "Second idea").await;
    assert_eq!(badge_keys(&app, "author").await, vec!["first_idea", "challenge_top_10", "challenge_winner"]);
    let notes = notifications_of(&app, &author, "badge_awarded").await;
    assert_eq!(notes.len(), 3, "{notes:?}");
    assert!(notes.iter().any(|n| n["data"]["badge"] == "first_idea" && n["data"]["name"] == "First idea"));
    // Ten members mark a tip helpful at once: one badge, one notification.
    let tip = app.post("/api/v1/tips", Some(&author), json!({"title": "A tip", "body": "A useful tip."})).await;
    let tip_id = tip.body["id"].as_str().unwrap().to_string();
    let fans = join_all((0..10).map(|i| {
        let app = &app;
        async move { app.member(&format!("fan{i}")).await }
    }))
    .await;
    let helpful = format!("/api/v1/tips/{tip_id}/helpful");
    join_all(fans.iter().map(|f| app.put(&helpful, Some(f)))).await;
    let keys = badge_keys(&app, "author").await;
    assert_eq!(keys.iter().filter(|k| *k == "helpful_tips_10").count(), 1, "{keys:?}");
    assert!(keys.contains(&"first_tip".to_string()));
    assert_eq!(notifications_of(&app, &author, "badge_awarded").await.len(), 5);
    // The idea reaches review (the threshold): the author's badge for that.
    app.put(&format!("/api/v1/ideas/{idea}/support"), Some(&fans[0])).await;
    app.put(&format!("/api/v1/ideas/{idea}/support"), Some(&fans[1])).await;
    assert!(badge_keys(&app, "author").await.contains(&"idea_in_review".to_string()));
    // Supporters in the challenge's top 10 earn that badge; not the leader's.
    let fan0 = badge_keys(&app, "fan0").await;
    assert!(
        fan0.contains(&"challenge_top_10".to_string()) && !fan0.contains(&"challenge_winner".to_string()),
        "{fan0:?}"
    );
    // Badges stay once earned, even when points are taken back.
    app.delete(&format!("/api/v1/tips/{tip_id}/helpful"), Some(&fans[9])).await;
    assert!(badge_keys(&app, "author").await.contains(&"helpful_tips_10".to_string()));
    // The catalogue of badges, with holders.
    let all = app.get("/api/v1/badges", None).await;
    let holders =
        |key: &str| all.body.as_array().unwrap().iter().find(|b| b["key"] == key).unwrap()["holders"].as_i64().unwrap();
    assert_eq!(holders("first_idea"), 1);
    assert_eq!(holders("challenge_top_10"), 3);
    assert_eq!(holders("supports_given_100"), 0);
    let one = app.get("/api/v1/users/author/badges", None).await;
    assert!(one.body[0]["awarded_at"].is_string() && one.body[0]["name"] == "First idea");
    assert_problem(&app.get("/api/v1/users/nobody/badges", None).await, 404, None);
}

/// The points endpoint: balance, level and progress, history newest first
/// in pages, with links to public content only.
async fn the_points_endpoint_pages_the_history(app: TestApp) {
    let moderator = app.staff("mod", Role::Moderator).await;
    let author = app.member("author").await;
    let fan = app.member("fan").await;
    let mut ideas = Vec::new();
    for i in 0..3 {
        ideas.push(app.idea(&author, None, &format!("Idea {i}")).await);
    }
    for idea in &ideas {
        app.put(&format!("/api/v1/ideas/{idea}/support"), Some(&fan)).await;
    }
    let r = app.get("/api/v1/users/author/points?limit=4", None).await;
    assert_eq!(r.body["balance"], 36);
    assert_eq!(r.body["level"]["level"], 1);
    assert_eq!(r.body["level"]["next"], 50);
    assert!((r.body["level"]["progress"].as_f64().unwrap() - 0.72).abs() < 1e-9);
    let first = r.body["entries"]["items"].as_array().unwrap().clone();
    assert_eq!(first.len(), 4);
    assert_eq!(first[0]["rule"], "support_received");
    assert_eq!(first[0]["subject"]["kind"], "idea");
    assert_eq!(first[0]["subject"]["url"], format!("/ideas/{}", ideas[2]));
    assert_eq!(first[0]["subject"]["title"], "Idea 2");
    let cursor = r.body["entries"]["next_cursor"].as_str().unwrap().to_string();
    let rest = app.get(&format!("/api/v1/users/author/points?limit=4&cursor={cursor}"), None).await;
    let rest = rest.body["entries"]["items"].as_array().unwrap().clone();
    assert_eq!(rest.len(), 2);
    let ids: std::collections::HashSet<&str> =
        first.iter().chain(rest.iter()).map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 6, "no entry twice, none missing");
    // Hidden content keeps its entries (reversed) but no longer shows its title.
    moderate(&app, &moderator, "hide", "idea", &ideas[0]).await;
    let r = app.get("/api/v1/users/author/points?limit=100", None).await;
    assert_eq!(r.body["balance"], 24);
    let items = r.body["entries"]["items"].as_array().unwrap();
    let reversal = &items[0];
    assert_eq!(reversal["reason"], "moderation");
    assert!(reversal["reverses"].is_string());
    assert!(reversal["subject"]["title"].is_null() && reversal["subject"]["url"].is_null());
    assert_problem(&app.get("/api/v1/users/nobody/points", None).await, 404, None);
    assert_problem(&app.get("/api/v1/users/author/points?limit=0", None).await, 422, Some("limit"));
}

/// Every standing on a board, paged through with the cursors: (place, handle, points).
async fn whole_board(app: &TestApp, query: &str) -> Vec<(i64, String, i64)> {
    let mut rows = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let q = match &cursor {
            Some(c) => format!("?limit=7&{query}cursor={c}"),
            None => format!("?limit=7&{query}"),
        };
        let page = board(app, q.trim_end_matches('&'), None).await;
        rows.extend(standings(&page));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return rows,
        }
    }
}

/// Each member's own place on each board of the test is their row's place
/// in the board as paged (and no place when they are not on it).
async fn every_place_is_its_row(app: &TestApp, tokens: &[(String, String)]) {
    for query in ["", "period=30d&", "challenge=folded&"] {
        let rows = whole_board(app, query).await;
        assert!(rows.len() > 10, "{query}: {rows:?}");
        assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), (1..=rows.len() as i64).collect::<Vec<_>>());
        for (handle, token) in tokens {
            let me = &board(app, format!("?limit=1&{query}").trim_end_matches('&'), Some(token)).await["me"];
            match rows.iter().find(|r| &r.1 == handle) {
                Some((place, _, points)) => {
                    assert_eq!(me["place"].as_i64(), Some(*place), "{query} {handle}: {me}");
                    assert_eq!(me["points"].as_i64(), Some(*points), "{query} {handle}: {me}");
                }
                None => assert!(me.is_null(), "{query} {handle} is not on the board: {me}"),
            }
        }
    }
}

/// A member's place comes from the boards' histograms (members per total),
/// which writers move by inserting deltas and the jobs fold. Supports,
/// withdrawals and folds all run at once (on PostgreSQL truly in parallel,
/// three folds racing each other), and afterwards every member's own place
/// on each board is exactly their row's place in the board as paged, the
/// histograms equal what the entries give, and `jobs run` leaves one row
/// per bucket.
async fn places_stay_exact_while_the_place_counts_are_folded(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    app.open_challenge(&team, "folded", json!({})).await;
    let authors = join_all((0..4).map(|i| {
        let app = &app;
        async move { app.member(&format!("author{i}")).await }
    }))
    .await;
    let mut ideas = Vec::new();
    for (i, a) in authors.iter().enumerate() {
        ideas.push(app.idea(a, if i % 2 == 0 { Some("folded") } else { None }, &format!("Folded idea {i}")).await);
    }
    let fans = join_all((0..16).map(|i| {
        let app = &app;
        async move { app.member(&format!("fan{i:02}")).await }
    }))
    .await;
    // Fan i supports the ideas j with (i + j) % 3 != 0; some totals tie, some differ.
    let supports: Vec<(String, &String)> = fans
        .iter()
        .enumerate()
        .flat_map(|(i, t)| {
            ideas
                .iter()
                .enumerate()
                .filter(move |(j, _)| (i + j) % 3 != 0)
                .map(move |(_, id)| (format!("/api/v1/ideas/{id}/support"), t))
        })
        .collect();
    let fold = || app.db.run(ideashelf::points::service::fold_counts);
    let (results, folds) =
        futures::join!(join_all(supports.iter().map(|(p, t)| app.put(p, Some(t)))), join_all((0..3).map(|_| fold())));
    assert!(results.iter().all(|r| r.status == StatusCode::OK));
    assert!(folds.iter().all(|f| f.is_ok()), "{folds:?}");
    // Withdrawals (totals move down, some to 0 and off the board) while folding again.
    let withdrawals: Vec<&(String, &String)> = supports.iter().step_by(5).collect();
    let (results, folds) = futures::join!(
        join_all(withdrawals.iter().map(|(p, t)| app.delete(p, Some(t)))),
        join_all((0..3).map(|_| fold()))
    );
    assert!(results.iter().all(|r| r.status == StatusCode::OK));
    assert!(folds.iter().all(|f| f.is_ok()), "{folds:?}");
    no_differences(&app).await;

    let tokens: Vec<(String, String)> = authors
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("author{i}"), t.clone()))
        .chain(fans.iter().enumerate().map(|(i, t)| (format!("fan{i:02}"), t.clone())))
        .collect();
    every_place_is_its_row(&app, &tokens).await;

    // The jobs fold what is left: one row per bucket, and the places do not move.
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ideashelf"))
        .env("DATABASE_URL", &app.database_url)
        .env("IDEASHELF_DATA_DIR", dir.path())
        .env("RUST_LOG", "warn")
        .args(["jobs", "run"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("place count changes folded"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let (rows, buckets) = app
        .db
        .run(|conn| {
            use ideashelf::db::schema::point_counts;
            let rows: i64 = point_counts::table.count().get_result(conn)?;
            let buckets: i64 = point_counts::table
                .select((point_counts::scope, point_counts::points))
                .distinct()
                .load::<(String, i64)>(conn)?
                .len() as i64;
            Ok((rows, buckets))
        })
        .await
        .unwrap();
    assert_eq!(rows, buckets, "after the jobs, one row per bucket");
    assert_eq!(app.db.run(ideashelf::points::service::fold_counts).await.unwrap(), 0);
    no_differences(&app).await;
    every_place_is_its_row(&app, &tokens).await;
}

async fn pending(app: &TestApp) -> i64 {
    app.db.run(|conn| Ok(ideashelf::db::schema::point_pending::table.count().get_result::<i64>(conn)?)).await.unwrap()
}

/// Issue 20: a support writes its entries and both balances, and leaves the boards (30-day and challenge
/// totals, histograms) and badges to batches. Batches run by the app every half second and by hand, three at
/// once, while 48 supports and then withdrawals arrive: afterwards nothing is pending and every cache equals
/// the ledger — checked without `verify` (which would settle first), so the batches alone made it exact.
async fn supports_leave_the_boards_to_batches_that_stay_exact(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    app.open_challenge(&team, "batched", json!({})).await;
    let authors = join_all((0..3).map(|i| {
        let app = &app;
        async move { app.member(&format!("writer{i}")).await }
    }))
    .await;
    let mut ideas = Vec::new();
    for (i, a) in authors.iter().enumerate() {
        ideas.push(app.idea(a, if i != 1 { Some("batched") } else { None }, &format!("Batched idea {i}")).await);
    }
    let fans = join_all((0..16).map(|i| {
        let app = &app;
        async move { app.member(&format!("backer{i:02}")).await }
    }))
    .await;
    let supports: Vec<(String, &String)> =
        fans.iter().flat_map(|t| ideas.iter().map(move |id| (format!("/api/v1/ideas/{id}/support"), t))).collect();
    let batch = || app.db.run(|conn| ideashelf::points::service::apply_pending(conn, false, ideashelf::clock::now()));
    let (results, batches) =
        futures::join!(join_all(supports.iter().map(|(p, t)| app.put(p, Some(t)))), join_all((0..3).map(|_| batch())));
    assert!(results.iter().all(|r| r.status == StatusCode::OK));
    assert!(batches.iter().all(|b| b.is_ok()), "{batches:?}");
    // The balances are exact at once (the author of each idea: 16 supports x 2).
    let direct = |handle: &'static str| {
        app.db.run(move |conn| {
            use ideashelf::db::schema::users;
            Ok(users::table.filter(users::handle.eq(handle)).select(users::points).first::<i64>(conn)?)
        })
    };
    assert_eq!(direct("backer00").await.unwrap(), 3);
    let withdrawals: Vec<&(String, &String)> = supports.iter().step_by(4).collect();
    let (results, batches) = futures::join!(
        join_all(withdrawals.iter().map(|(p, t)| app.delete(p, Some(t)))),
        join_all((0..3).map(|_| batch()))
    );
    assert!(results.iter().all(|r| r.status == StatusCode::OK));
    assert!(batches.iter().all(|b| b.is_ok()), "{batches:?}");
    // The app's own batches finish the rest within a few seconds.
    let mut waited = 0;
    while pending(&app).await > 0 {
        waited += 1;
        assert!(waited < 100, "entries still pending after 10 s");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let diffs = app.db.run(|conn| Ok(ideashelf::points::store::differences(conn)?)).await.unwrap();
    assert!(diffs.is_empty(), "caches differ from the ledger after the batches: {diffs:?}");
    // The challenge board: 16 backers' supports of the two challenge ideas, less the withdrawn ones.
    let board = app.get("/api/v1/leaderboard?challenge=batched&limit=50", None).await;
    assert_eq!(board.status, StatusCode::OK, "{:?}", board.body);
    let total: i64 = board.body["items"].as_array().unwrap().iter().map(|e| e["points"].as_i64().unwrap()).sum();
    let ledger = app
        .db
        .run(|conn| {
            use ideashelf::db::schema::{challenges, point_entries};
            let cid: String =
                challenges::table.filter(challenges::slug.eq("batched")).select(challenges::id).first(conn)?;
            let sum: Option<i64> = point_entries::table
                .filter(point_entries::challenge_id.eq(cid))
                .select(diesel::dsl::sum(point_entries::amount))
                .first(conn)?;
            Ok(sum.unwrap_or(0))
        })
        .await
        .unwrap();
    assert!(ledger > 0);
    assert_eq!(total, ledger, "the challenge board sums to the challenge's entries");
}

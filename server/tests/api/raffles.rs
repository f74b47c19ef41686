//! For product teams: the demand signal on supports and the verifiable
//! raffle, on both backends.

use std::process::Command;

use futures::future::join_all;
use ideashelf::accounts::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::backend_tests;
use crate::helpers::{assert_code, assert_problem, TestApp};

backend_tests!(
    supporters_answer_the_demand_question,
    a_raffle_is_committed_drawn_once_and_verifiable,
    a_raffle_names_its_prizes
);

async fn supporters_answer_the_demand_question(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let bands = json!(["under CHF 5", "CHF 5–10", "over CHF 10"]);
    let c = app.open_challenge(&team, "snacks", json!({"price_bands": bands})).await;
    assert_eq!(c["price_bands"], bands);
    assert_problem(
        &app.post(
            "/api/v1/challenges",
            Some(&team),
            json!({
        "slug": "dup", "title": "Dup bands", "opens_at": "2026-01-01T00:00:00Z", "closes_at": "2027-01-01T00:00:00Z",
        "support_threshold": 10, "price_bands": ["a", "A"]}),
        )
        .await,
        422,
        Some("price_bands"),
    );
    let author = app.member("author").await;
    let fans = [app.member("fan1").await, app.member("fan2").await, app.member("fan3").await, app.member("fan4").await];
    let idea = app.idea(&author, Some("snacks"), "Salty chickpeas").await;
    let path = format!("/api/v1/ideas/{idea}/support");
    let answer = |t: &String, body: Value| {
        let (t, path, app) = (t.clone(), path.clone(), &app);
        async move { app.call(reqwest::Method::PUT, &path, Some(&t), Some(body).filter(|b| !b.is_null())).await }
    };
    let r = answer(&fans[0], json!({"would_buy": "yes", "price_band": "CHF 5–10"})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!((r.body["would_buy"].as_str(), r.body["price_band"].as_str()), (Some("yes"), Some("CHF 5–10")));
    assert_eq!(
        answer(&fans[1], json!({"would_buy": "maybe", "price_band": "under CHF 5"})).await.status,
        StatusCode::OK
    );
    assert_eq!(answer(&fans[2], json!({"would_buy": "no"})).await.status, StatusCode::OK);
    assert_eq!(answer(&fans[3], Value::Null).await.status, StatusCode::OK, "answers are optional");
    // Wrong answers name the field, and change nothing.
    assert_problem(&answer(&fans[3], json!({"would_buy": "perhaps"})).await, 422, Some("would_buy"));
    assert_problem(
        &answer(&fans[3], json!({"would_buy": "yes", "price_band": "CHF 1000"})).await,
        422,
        Some("price_band"),
    );
    assert_problem(
        &answer(&fans[3], json!({"would_buy": "no", "price_band": "under CHF 5"})).await,
        422,
        Some("price_band"),
    );
    assert_problem(&answer(&fans[3], json!({"would_buy": "yes", "colour": "red"})).await, 422, None);
    // Supporting again changes the answer, never the count.
    let r = answer(&fans[2], json!({"would_buy": "yes", "price_band": "CHF 5–10"})).await;
    assert_eq!(r.body["supports"], 4);
    // The product team sees the distribution; members and guests do not.
    let seen = app.get(&format!("/api/v1/ideas/{idea}"), Some(&team)).await;
    let d = &seen.body["demand"];
    assert_eq!(
        (d["yes"].as_i64(), d["maybe"].as_i64(), d["no"].as_i64(), d["unanswered"].as_i64()),
        (Some(2), Some(1), Some(0), Some(1))
    );
    assert_eq!(
        d["price_bands"],
        json!([{"band": "under CHF 5", "count": 1}, {"band": "CHF 5–10", "count": 2}, {"band": "over CHF 10", "count": 0}])
    );
    assert!(app.get(&format!("/api/v1/ideas/{idea}"), Some(&fans[0])).await.body.get("demand").is_none());
    assert!(app.get(&format!("/api/v1/ideas/{idea}"), None).await.body.get("demand").is_none());
    // Outside a challenge there are no bands to pick.
    let loose = app.idea(&author, None, "Loose idea").await;
    let r = app
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/ideas/{loose}/support"),
            Some(&fans[0]),
            Some(json!({"would_buy": "yes", "price_band": "CHF 5–10"})),
        )
        .await;
    assert_problem(&r, 422, Some("price_band"));
}

fn ideashelf(app: &TestApp, dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ideashelf"))
        .env("DATABASE_URL", &app.database_url)
        .env("IDEASHELF_DATA_DIR", dir)
        .env("RUST_LOG", "warn")
        .args(args)
        .output()
        .unwrap()
}

async fn a_raffle_is_committed_drawn_once_and_verifiable(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let moderator = app.staff("mod", Role::Moderator).await;
    app.open_challenge(&team, "prizes", json!({})).await;
    let path = "/api/v1/challenges/prizes/raffle";
    // Announced before the draw: only the commitment is public.
    let member = app.member("anna").await;
    assert_code(&app.post(path, Some(&member), json!({"prizes": 2})).await, 403, "product_team_only");
    assert_problem(&app.post(path, Some(&team), json!({"prizes": 0})).await, 422, Some("prizes"));
    let r = app.post(path, Some(&team), json!({"prizes": 2})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let commitment = r.body["seed_commitment"].as_str().unwrap().to_string();
    assert_eq!(commitment.len(), 64);
    assert_code(&app.post(path, Some(&team), json!({"prizes": 3})).await, 409, "raffle_exists");
    let public = app.get(path, None).await;
    assert_eq!(public.body["state"], "committed");
    assert!(public.body["seed"].is_null() && public.body["winners"].is_null());
    // Participants: an author and supporters within the dates; not a supporter
    // elsewhere, not a suspended member, not the staff.
    let ben = app.member("Ben").await;
    let cleo = app.member("cleo").await;
    let dora = app.member("dora").await;
    let elsewhere = app.member("elsewhere").await;
    let idea = app.idea(&member, Some("prizes"), "Prize idea").await;
    for t in [&ben, &cleo, &dora, &team] {
        app.put(&format!("/api/v1/ideas/{idea}/support"), Some(t)).await;
    }
    let loose = app.idea(&member, None, "Loose idea").await;
    app.put(&format!("/api/v1/ideas/{loose}/support"), Some(&elsewhere)).await;
    let r = app
        .post(
            "/api/v1/moderation/actions",
            Some(&moderator),
            json!({"action": "suspend", "target_type": "user", "target_id": "dora", "reason": "Test suspension"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // Not before the challenge closes.
    assert_problem(&app.post(&format!("{path}/draw"), Some(&team), json!({})).await, 409, None);
    let closes = chrono::Utc::now() + chrono::Duration::milliseconds(1500);
    let r = app.patch("/api/v1/challenges/prizes", Some(&team), json!({"closes_at": closes.to_rfc3339()})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    tokio::time::sleep(std::time::Duration::from_millis(1800)).await;
    assert_problem(&app.post(&format!("{path}/draw"), Some(&member), json!({})).await, 403, None);
    // Two draws at once: exactly one happens.
    let draw = format!("{path}/draw");
    let draws = join_all((0..2).map(|_| app.post(&draw, Some(&team), json!({})))).await;
    let ok: Vec<&crate::helpers::Resp> = draws.iter().filter(|r| r.status == StatusCode::OK).collect();
    assert_eq!(ok.len(), 1, "{:?}", draws.iter().map(|r| r.body.clone()).collect::<Vec<_>>());
    assert!(draws.iter().any(|r| r.status == StatusCode::CONFLICT));
    let drawn = app.get(path, None).await.body;
    assert_eq!(drawn["state"], "drawn");
    assert_eq!(drawn["participants"], json!(["anna", "Ben", "cleo"]), "ordered by lowercase handle");
    assert_eq!(drawn["participants_count"], 3);
    let seed = hex::decode(drawn["seed"].as_str().unwrap()).unwrap();
    assert_eq!(hex::encode(Sha256::digest(&seed)), commitment, "the revealed seed is the committed one");
    let winners: Vec<String> = serde_json::from_value(drawn["winners"].clone()).unwrap();
    assert_eq!(winners.len(), 2);
    assert!(winners.iter().all(|w| ["anna", "Ben", "cleo"].contains(&w.as_str())));
    // Winners are told.
    for (handle, token) in [("anna", &member), ("Ben", &ben), ("cleo", &cleo)] {
        let notes = app.get("/api/v1/notifications?limit=100", Some(token)).await.body["items"].clone();
        let won = notes.as_array().unwrap().iter().filter(|n| n["kind"] == "raffle_won").count();
        assert_eq!(won, usize::from(winners.iter().any(|w| w == handle)), "{handle}");
    }
    // Anyone can recompute it from what was published.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("raffle.json");
    std::fs::write(&file, serde_json::to_vec(&drawn).unwrap()).unwrap();
    let out = ideashelf(&app, dir.path(), &["raffle", "verify", file.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("list of 3 participants matches its hash"), "{stdout}");
    assert!(stdout.contains(&winners.join(", ")), "{stdout}");
    // A changed list, or changed winners, fails verification.
    let mut forged = drawn.clone();
    forged["participants"] = json!(["anna", "Ben", "cleo", "mallory"]);
    std::fs::write(&file, serde_json::to_vec(&forged).unwrap()).unwrap();
    let out = ideashelf(&app, dir.path(), &["raffle", "verify", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("FAILED: the participant list hashes to"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let mut forged = drawn.clone();
    let loser = ["anna", "Ben", "cleo"].into_iter().find(|h| !winners.iter().any(|w| w == h)).unwrap();
    forged["winners"] = json!([loser, winners[0]]);
    std::fs::write(&file, serde_json::to_vec(&forged).unwrap()).unwrap();
    let out = ideashelf(&app, dir.path(), &["raffle", "verify", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("FAILED: the draw gives"));
    // Drawn once; the audit log has both steps.
    assert_problem(&app.post(&format!("{path}/draw"), Some(&team), json!({})).await, 409, None);
    assert_problem(&app.get("/api/v1/challenges/nope/raffle", None).await, 404, None);
}

/// Prizes by name: by place, at most as many as are drawn, each 1 to 80
/// characters; shown with the commitment and kept through the draw.
async fn a_raffle_names_its_prizes(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    app.open_challenge(&team, "named", json!({})).await;
    let path = "/api/v1/challenges/named/raffle";
    let r = app.post(path, Some(&team), json!({"prizes": 1, "prize_names": ["One", "Two"]})).await;
    assert_code(&r, 422, "validation");
    assert_problem(&r, 422, Some("prize_names"));
    let r = app.post(path, Some(&team), json!({"prizes": 2, "prize_names": ["ok", " ", "x".repeat(81)]})).await;
    assert_problem(&r, 422, Some("prize_names"));
    let r = app.post(path, Some(&team), json!({"prizes": 3, "prize_names": ["  A bike ", "x".repeat(81)]})).await;
    assert_problem(&r, 422, Some("prize_names[1]"));
    let r = app.post(path, Some(&team), json!({"prizes": 3, "prize_names": ["  A bike ", "A helmet"]})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["prize_names"], json!(["A bike", "A helmet"]));
    let got = app.get(path, None).await;
    assert_eq!(got.body["prize_names"], json!(["A bike", "A helmet"]));
    // Without names: an empty list.
    app.open_challenge(&team, "plain", json!({})).await;
    let r = app.post("/api/v1/challenges/plain/raffle", Some(&team), json!({"prizes": 1})).await;
    assert_eq!(r.body["prize_names"], json!([]), "{:?}", r.body);
}

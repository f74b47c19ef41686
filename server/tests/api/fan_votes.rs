//! Fan votes (issue 19): exact counts with 50 voters changing their votes at once, results hidden until the
//! close (`after_close`) or live, the winner's timeline written once however many observe the close, one vote
//! per finalist at a time, and who may vote when.

use diesel::prelude::*;
use futures::future::join_all;
use ideashelf::accounts::Role;
use ideashelf::db::schema::{fan_vote_ballots, fan_votes};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{assert_code, assert_problem, spawn_app_with, Backend, TestApp};

backend_tests!(
    counts_are_exact_with_fifty_voters_changing_their_votes,
    after_close_results_are_hidden_until_the_close,
    live_results_show_while_open,
    the_winners_timeline_records_the_win_once,
    a_tie_is_a_shared_win,
    one_fan_vote_per_finalist_at_a_time,
    staff_and_the_window_decide_who_votes,
    the_product_team_edits_and_cancels_before_the_opening
);

/// `n` ideas by one author; their ids.
async fn ideas(app: &TestApp, n: usize, prefix: &str) -> Vec<String> {
    let author = app.member(&format!("{prefix}_author")).await;
    let mut out = Vec::new();
    for i in 0..n {
        out.push(app.idea(&author, None, &format!("{prefix} finalist number {i}")).await);
    }
    out
}

fn plan(title: &str, ids: &[String], show: &str, opens_in_secs: i64) -> Value {
    let now = chrono::Utc::now();
    json!({"title": title, "idea_ids": ids, "show_results": show,
        "opens_at": (now + chrono::Duration::seconds(opens_in_secs)).to_rfc3339(),
        "closes_at": (now + chrono::Duration::days(7)).to_rfc3339()})
}

/// An open vote among these ideas; its id.
async fn open_vote(app: &TestApp, team: &str, ids: &[String], show: &str) -> String {
    let r = app.post("/api/v1/fan-votes", Some(team), plan("Winter favourites", ids, show, -60)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["state"], "open");
    r.body["id"].as_str().unwrap().to_string()
}

/// Closes the vote a moment ago (as time passing would).
async fn close(app: &TestApp, id: &str) {
    let id = id.to_string();
    let past = ideashelf::clock::now() - chrono::Duration::seconds(1);
    app.db
        .run(move |conn| {
            Ok(diesel::update(fan_votes::table.find(id)).set(fan_votes::closes_at.eq(past)).execute(conn)?)
        })
        .await
        .unwrap();
}

async fn ballot_rows(app: &TestApp, vote: &str) -> i64 {
    let vote = vote.to_string();
    app.db
        .run(move |conn| {
            Ok(fan_vote_ballots::table.filter(fan_vote_ballots::fan_vote_id.eq(vote)).count().get_result(conn)?)
        })
        .await
        .unwrap()
}

fn count_of(view: &Value, idea: &str) -> i64 {
    view["results"]["counts"].as_array().unwrap().iter().find(|c| c["idea_id"] == idea).unwrap()["votes"]
        .as_i64()
        .unwrap()
}

async fn counts_are_exact_with_fifty_voters_changing_their_votes(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let ids = ideas(&app, 3, "exact").await;
    let vote = open_vote(&app, &team, &ids, "live").await;
    let voters = join_all((0..50).map(|i| {
        let app = &app;
        async move { app.member(&format!("voter{i}")).await }
    }))
    .await;
    let path = format!("/api/v1/fan-votes/{vote}/ballot");
    // Everyone votes A, then at once: even voters change to B, every third withdraws, the rest vote A again.
    let results = join_all(voters.iter().enumerate().map(|(i, t)| {
        let (app, path, ids) = (&app, &path, &ids);
        async move {
            let first = app.put_json(path, Some(t), json!({"idea_id": ids[0]})).await;
            let second = if i % 3 == 0 {
                app.delete(path, Some(t)).await
            } else if i % 2 == 0 {
                app.put_json(path, Some(t), json!({"idea_id": ids[1]})).await
            } else {
                app.put_json(path, Some(t), json!({"idea_id": ids[0]})).await
            };
            (first, second)
        }
    }))
    .await;
    for (a, b) in &results {
        assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
        assert_eq!(b.status, StatusCode::OK, "{:?}", b.body);
    }
    let withdrawn = (0..50).filter(|i| i % 3 == 0).count() as i64;
    let to_b = (0..50).filter(|i| i % 3 != 0 && i % 2 == 0).count() as i64;
    let stay_a = 50 - withdrawn - to_b;
    let view = app.get(&format!("/api/v1/fan-votes/{vote}"), None).await.body;
    assert_eq!(count_of(&view, &ids[0]), stay_a, "{view}");
    assert_eq!(count_of(&view, &ids[1]), to_b);
    assert_eq!(count_of(&view, &ids[2]), 0);
    assert_eq!(view["results"]["total_votes"], stay_a + to_b);
    assert_eq!(ballot_rows(&app, &vote).await, stay_a + to_b, "one row per voter");
    // Each member sees their own ballot.
    let mine = app.get(&format!("/api/v1/fan-votes/{vote}"), Some(&voters[2])).await.body;
    assert_eq!(mine["my_ballot"], ids[1].as_str());
    assert_eq!(app.get(&format!("/api/v1/fan-votes/{vote}"), Some(&voters[3])).await.body["my_ballot"], Value::Null);
    // All 50 switch to C at once: C has every vote.
    let r = join_all(voters.iter().map(|t| app.put_json(&path, Some(t), json!({"idea_id": ids[2]})))).await;
    assert!(r.iter().all(|r| r.status == StatusCode::OK));
    let view = app.get(&format!("/api/v1/fan-votes/{vote}"), None).await.body;
    assert_eq!((count_of(&view, &ids[0]), count_of(&view, &ids[1]), count_of(&view, &ids[2])), (0, 0, 50));
}

async fn after_close_results_are_hidden_until_the_close(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let ids = ideas(&app, 2, "hidden").await;
    let vote = open_vote(&app, &team, &ids, "after_close").await;
    let fans = [app.member("fan1").await, app.member("fan2").await, app.member("fan3").await];
    for (i, f) in fans.iter().enumerate() {
        let r =
            app.put_json(&format!("/api/v1/fan-votes/{vote}/ballot"), Some(f), json!({"idea_id": ids[i % 2]})).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(r.body["results"], Value::Null, "the voter does not see the counts either");
    }
    for who in [None, Some(fans[0].as_str()), Some(team.as_str())] {
        let r = app.get(&format!("/api/v1/fan-votes/{vote}"), who).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.body["results"], Value::Null, "{:?}", r.body);
    }
    let listed = app.get("/api/v1/fan-votes", None).await.body;
    assert_eq!(listed[0]["results"], Value::Null);
    close(&app, &vote).await;
    let r = app.get(&format!("/api/v1/fan-votes/{vote}"), None).await.body;
    assert_eq!(r["state"], "closed");
    assert_eq!(r["results"]["final"], true);
    assert_eq!(r["results"]["total_votes"], 3);
    assert_eq!(count_of(&r, &ids[0]), 2);
    assert_eq!(r["results"]["winners"], json!([ids[0]]));
    assert_code(
        &app.put_json(&format!("/api/v1/fan-votes/{vote}/ballot"), Some(&fans[1]), json!({"idea_id": ids[0]})).await,
        409,
        "fan_vote_closed",
    );
    assert_code(&app.delete(&format!("/api/v1/fan-votes/{vote}/ballot"), Some(&fans[1])).await, 409, "fan_vote_closed");
}

async fn live_results_show_while_open(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let ids = ideas(&app, 2, "live").await;
    let vote = open_vote(&app, &team, &ids, "live").await;
    let fan = app.member("fan").await;
    let r = app.put_json(&format!("/api/v1/fan-votes/{vote}/ballot"), Some(&fan), json!({"idea_id": ids[1]})).await;
    assert_eq!(r.body["results"]["final"], false);
    assert_eq!(count_of(&r.body, &ids[1]), 1);
    assert_eq!(r.body["results"]["winners"], json!([]), "no winner before the close");
    let anon = app.get(&format!("/api/v1/fan-votes/{vote}"), None).await.body;
    assert_eq!(count_of(&anon, &ids[1]), 1);
    assert_eq!(count_of(&anon, &ids[0]), 0);
    // The finalists come as cards.
    assert_eq!(anon["finalists"].as_array().unwrap().len(), 2);
    assert_eq!(anon["finalists"][0]["id"], ids[0].as_str());
    assert!(anon["finalists"][0]["title"].is_string());
    // A finalist a moderator hides later is left out for members (the moderator still sees it).
    let mods = app.staff("mod", Role::Moderator).await;
    let hide = json!({"action": "hide", "target_type": "idea", "target_id": ids[0], "reason": "Off topic"});
    assert_eq!(app.post("/api/v1/moderation/actions", Some(&mods), hide).await.status, StatusCode::OK);
    let anon = app.get(&format!("/api/v1/fan-votes/{vote}"), None).await.body;
    assert_eq!(anon["finalists"].as_array().unwrap().len(), 1);
    assert_eq!(anon["finalists"][0]["id"], ids[1].as_str());
    let staff = app.get(&format!("/api/v1/fan-votes/{vote}"), Some(&mods)).await.body;
    assert_eq!(staff["finalists"].as_array().unwrap().len(), 2);
}

async fn timeline_wins(app: &TestApp, idea: &str) -> Vec<Value> {
    let r = app.get(&format!("/api/v1/ideas/{idea}/timeline"), None).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r.body["items"].as_array().unwrap().iter().filter(|e| e["reason"] == "fan_vote_won").cloned().collect()
}

async fn the_winners_timeline_records_the_win_once(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let ids = ideas(&app, 3, "winner").await;
    let vote = open_vote(&app, &team, &ids, "after_close").await;
    let path = format!("/api/v1/fan-votes/{vote}/ballot");
    for (i, pick) in [2, 2, 0, 2, 1].iter().enumerate() {
        let fan = app.member(&format!("fan{i}")).await;
        assert_eq!(app.put_json(&path, Some(&fan), json!({"idea_id": ids[*pick]})).await.status, StatusCode::OK);
    }
    close(&app, &vote).await;
    // Many observe the close at once: readers of the vote, of the list, and the jobs (as several instances).
    let now = ideashelf::clock::now();
    let reads = join_all((0..12).map(|i| {
        let (app, vote) = (&app, &vote);
        async move {
            if i % 2 == 0 {
                app.get(&format!("/api/v1/fan-votes/{vote}"), None).await.status
            } else {
                app.get("/api/v1/fan-votes", None).await.status
            }
        }
    }));
    let jobs = join_all((0..4).map(|_| ideashelf::fan_votes::service::settle_due(&app.db, now)));
    let (reads, jobs) = futures::join!(reads, jobs);
    assert!(reads.iter().all(|s| *s == StatusCode::OK));
    assert!(jobs.iter().all(Result::is_ok));
    let wins = timeline_wins(&app, &ids[2]).await;
    assert_eq!(wins.len(), 1, "{wins:?}");
    assert_eq!(wins[0]["actor"]["role"], "system");
    assert!(wins[0]["note"].as_str().unwrap().contains("with 3 of 5 votes"), "{wins:?}");
    assert!(wins[0]["note"].as_str().unwrap().contains("Winter favourites"));
    assert!(timeline_wins(&app, &ids[0]).await.is_empty());
    // The idea page says it in the reader's language.
    let page = app.client.get(format!("{}/ideas/{}", app.base, ids[2])).send().await.unwrap().text().await.unwrap();
    assert_eq!(page.matches("data-testid=\"timeline-won\"").count(), 1);
    assert!(page.contains("Hat die Fan-Abstimmung «Winter favourites» mit 3 von 5 Stimmen gewonnen."), "{page}");
    // Reading again writes nothing more.
    app.get(&format!("/api/v1/fan-votes/{vote}"), None).await;
    ideashelf::fan_votes::service::settle_due(&app.db, ideashelf::clock::now()).await.unwrap();
    assert_eq!(timeline_wins(&app, &ids[2]).await.len(), 1);
    let r = app.get(&format!("/api/v1/fan-votes/{vote}"), None).await.body;
    assert_eq!(r["results"]["winners"], json!([ids[2]]));
    // The winner is free for another vote now.
    let again = plan("Spring favourites", &[ids[2].clone(), ids[0].clone()], "live", -60);
    assert_eq!(app.post("/api/v1/fan-votes", Some(&team), again).await.status, StatusCode::CREATED);
}

async fn a_tie_is_a_shared_win(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let ids = ideas(&app, 3, "tie").await;
    let vote = open_vote(&app, &team, &ids, "live").await;
    let path = format!("/api/v1/fan-votes/{vote}/ballot");
    for (i, pick) in [0, 1, 0, 1, 2].iter().enumerate() {
        let fan = app.member(&format!("fan{i}")).await;
        assert_eq!(app.put_json(&path, Some(&fan), json!({"idea_id": ids[*pick]})).await.status, StatusCode::OK);
    }
    close(&app, &vote).await;
    let r = app.get(&format!("/api/v1/fan-votes/{vote}"), None).await.body;
    assert_eq!(r["results"]["winners"], json!([ids[0], ids[1]]));
    assert_eq!(timeline_wins(&app, &ids[0]).await.len(), 1);
    assert_eq!(timeline_wins(&app, &ids[1]).await.len(), 1);
    assert!(timeline_wins(&app, &ids[2]).await.is_empty());
}

async fn one_fan_vote_per_finalist_at_a_time(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let ids = ideas(&app, 4, "busy").await;
    let first = app.post("/api/v1/fan-votes", Some(&team), plan("First vote", &ids[0..2], "live", 3600)).await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    assert_eq!(first.body["state"], "scheduled");
    let r = app.post("/api/v1/fan-votes", Some(&team), plan("Second vote", &ids[1..3], "live", 3600)).await;
    assert_code(&r, 409, "finalist_in_other_vote");
    assert_eq!(r.body["idea_id"], ids[1].as_str());
    assert_eq!(r.body["fan_vote_id"], first.body["id"]);
    // Two votes made at once with the same finalist: exactly one is made.
    let a = plan("Race one", &[ids[2].clone(), ids[3].clone()], "live", 3600);
    let b = plan("Race two", &[ids[3].clone(), ids[2].clone()], "live", 3600);
    let (ra, rb) =
        futures::join!(app.post("/api/v1/fan-votes", Some(&team), a), app.post("/api/v1/fan-votes", Some(&team), b));
    let made = [&ra, &rb].iter().filter(|r| r.status == StatusCode::CREATED).count();
    assert_eq!(made, 1, "{:?} {:?}", ra.body, rb.body);
    let refused = if ra.status == StatusCode::CREATED { &rb } else { &ra };
    assert_code(refused, 409, "finalist_in_other_vote");
    // Cancelled, the first vote frees its finalists.
    let id = first.body["id"].as_str().unwrap();
    let r = app.delete(&format!("/api/v1/fan-votes/{id}"), Some(&team)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["state"], "cancelled");
    let r = app.post("/api/v1/fan-votes", Some(&team), plan("Second vote", &ids[0..2], "live", 3600)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    // Finalists must be published ideas members can see; 2 to 6 of them.
    let author = app.member("pending_author").await;
    let pending = app.idea(&author, None, "Waiting for a moderator").await;
    let mods = app.staff("mod", Role::Moderator).await;
    let body = json!({"action": "hide", "target_type": "idea", "target_id": pending, "reason": "Off topic"});
    assert_eq!(app.post("/api/v1/moderation/actions", Some(&mods), body).await.status, StatusCode::OK);
    let free = ideas(&app, 1, "free").await;
    let r = app
        .post("/api/v1/fan-votes", Some(&team), plan("Hidden one", &[free[0].clone(), pending.clone()], "live", 60))
        .await;
    assert_code(&r, 409, "finalist_not_eligible");
    let r = app.post("/api/v1/fan-votes", Some(&team), plan("Alone", &free, "live", 60)).await;
    assert_problem(&r, 422, Some("idea_ids"));
    let mut bad = plan("Bad", &[free[0].clone(), pending], "sometimes", 60);
    bad["closes_at"] = json!(chrono::Utc::now().to_rfc3339());
    let r = app.post("/api/v1/fan-votes", Some(&team), bad).await;
    assert_problem(&r, 422, Some("show_results"));
    assert_problem(&r, 422, Some("closes_at"));
}

async fn staff_and_the_window_decide_who_votes(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let member = app.member("member").await;
    let ids = ideas(&app, 3, "who").await;
    assert_code(
        &app.post("/api/v1/fan-votes", Some(&member), plan("Mine", &ids[0..2], "live", -60)).await,
        403,
        "product_team_only",
    );
    assert_problem(&app.post("/api/v1/fan-votes", None, plan("Anon", &ids[0..2], "live", -60)).await, 401, None);
    let vote = open_vote(&app, &team, &ids[0..2], "live").await;
    let path = format!("/api/v1/fan-votes/{vote}/ballot");
    for role in [Role::ProductTeam, Role::Moderator, Role::Admin] {
        let staff = app.staff(&format!("staff_{}", role.as_str()), role).await;
        assert_code(&app.put_json(&path, Some(&staff), json!({"idea_id": ids[0]})).await, 403, "staff_cannot_vote");
    }
    assert_problem(&app.put_json(&path, None, json!({"idea_id": ids[0]})).await, 401, None);
    let r = app.put_json(&path, Some(&member), json!({"idea_id": ids[2]})).await;
    assert_problem(&r, 422, Some("idea_id"));
    assert_eq!(app.put_json(&path, Some(&member), json!({"idea_id": ids[0]})).await.status, StatusCode::OK);
    assert_problem(&app.get("/api/v1/fan-votes/0190f3a4-1111-7aaa-8bbb-0123456789ab", None).await, 404, None);
    // Before the opening.
    let later = app
        .post(
            "/api/v1/fan-votes",
            Some(&team),
            plan("Later", &[ids[2].clone(), ideas(&app, 1, "x").await[0].clone()], "live", 3600),
        )
        .await;
    let later = later.body["id"].as_str().unwrap().to_string();
    assert_code(
        &app.put_json(&format!("/api/v1/fan-votes/{later}/ballot"), Some(&member), json!({"idea_id": ids[2]})).await,
        409,
        "fan_vote_not_open",
    );
    // Suspended members do not vote.
    let mods = app.staff("mod", Role::Moderator).await;
    let body = json!({"action": "suspend", "target_type": "user", "target_id": "member", "reason": "Spam"});
    assert_eq!(app.post("/api/v1/moderation/actions", Some(&mods), body).await.status, StatusCode::OK);
    assert_code(&app.put_json(&path, Some(&member), json!({"idea_id": ids[1]})).await, 403, "suspended");
}

async fn the_product_team_edits_and_cancels_before_the_opening(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let ids = ideas(&app, 3, "edit").await;
    let r = app.post("/api/v1/fan-votes", Some(&team), plan("Draft title", &ids[0..2], "live", 3600)).await;
    let id = r.body["id"].as_str().unwrap().to_string();
    let r = app
        .patch(
            &format!("/api/v1/fan-votes/{id}"),
            Some(&team),
            json!({"title": "Final title", "idea_ids": ids, "show_results": "after_close"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["title"], "Final title");
    assert_eq!(r.body["finalists"].as_array().unwrap().len(), 3);
    assert_eq!(r.body["show_results"], "after_close");
    let open = open_vote(&app, &team, &ideas(&app, 2, "open").await, "live").await;
    assert_code(
        &app.patch(&format!("/api/v1/fan-votes/{open}"), Some(&team), json!({"title": "Too late now"})).await,
        409,
        "fan_vote_started",
    );
    assert_code(&app.delete(&format!("/api/v1/fan-votes/{open}"), Some(&team)).await, 409, "fan_vote_started");
    let audit = app.get("/api/v1/audit?subject_type=fan_vote", Some(&app.staff("root", Role::Admin).await)).await;
    let actions: Vec<&str> = audit.body["items"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["action"].as_str()).collect())
        .unwrap_or_default();
    assert!(actions.contains(&"fan_vote.create") && actions.contains(&"fan_vote.update"), "{:?}", audit.body);
}

mod unverified_members_do_not_vote {
    use super::*;

    async fn run(backend: Backend) {
        let app = spawn_app_with(backend, |c| c.require_verified_email = true).await;
        let team = app.staff("team", Role::ProductTeam).await;
        let ids = ideas_by_staff(&app, &team).await;
        let vote = open_vote(&app, &team, &ids, "live").await;
        // Registered, not verified yet: signed in, may read, may not vote.
        let body = json!({"handle": "fresh", "email": "fresh@example.org", "password": "correct horse battery",
            "accept_terms": true});
        assert!(app.post("/api/v1/auth/register", None, body).await.status.is_success());
        let login =
            app.post("/api/v1/auth/login", None, json!({"login": "fresh", "password": "correct horse battery"})).await;
        assert_eq!(login.status, StatusCode::OK, "{:?}", login.body);
        let fresh = login.body["token"].as_str().unwrap().to_string();
        let r =
            app.put_json(&format!("/api/v1/fan-votes/{vote}/ballot"), Some(&fresh), json!({"idea_id": ids[0]})).await;
        assert_code(&r, 403, "email_not_verified");
        assert_eq!(ballot_rows(&app, &vote).await, 0);
    }

    /// Staff accounts are made verified, so they can submit the finalists.
    async fn ideas_by_staff(app: &TestApp, team: &str) -> Vec<String> {
        let mut out = Vec::new();
        for i in 0..2 {
            out.push(app.idea(team, None, &format!("Staff finalist number {i}")).await);
        }
        out
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn sqlite() {
        run(Backend::Sqlite).await
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn postgres() {
        run(Backend::Postgres).await
    }
}

//! Private feedback for creators and the review board (docs/REVIEW.md): who reads feedback, blind
//! evaluations, the round robin and recusal, the criteria lock, and the decision memo that names no one.

use ideashelf::accounts::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{assert_code, assert_problem, TestApp};

backend_tests!(
    feedback_is_for_the_author_alone,
    evaluators_are_blind_and_only_the_team_sees_evaluations,
    round_robin_recusal_and_the_decision_memo,
    criteria_lock_when_the_first_idea_reaches_review,
);

fn scores(a: i32, b: i32, c: i32, d: i32) -> Value {
    json!({"originality": a, "execution": b, "detail": c, "presentation": d})
}

fn with_note(mut v: Value, note: &str) -> Value {
    v["note"] = json!(note);
    v
}

async fn feedback_is_for_the_author_alone(app: TestApp) {
    let author = app.member("maker").await;
    let ann = app.member("ann_giver").await;
    let bob = app.member("bob_giver").await;
    let moderator = app.staff("mod", Role::Moderator).await;
    let team = app.staff("team", Role::ProductTeam).await;
    let id = app.idea(&author, None, "A lamp made of cork").await;
    let path = format!("/api/v1/ideas/{id}/feedback");
    // The author gives none; a bad score is 422 naming the field.
    assert_code(&app.put_json(&path, Some(&author), scores(5, 5, 5, 5)).await, 403, "own_idea");
    assert_problem(&app.put_json(&path, Some(&ann), scores(0, 3, 3, 3)).await, 422, Some("originality"));
    let long = "x".repeat(2001);
    assert_problem(&app.put_json(&path, Some(&ann), with_note(scores(3, 3, 3, 3), &long)).await, 422, Some("note"));
    // Given once (201), changed after (200).
    let r = app.put_json(&path, Some(&ann), with_note(scores(2, 3, 4, 5), "Lovely **texture**")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let r = app.put_json(&path, Some(&ann), with_note(scores(4, 3, 4, 5), "Lovely **texture**, sturdy")).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["originality"], 4);
    let r = app.put_json(&path, Some(&bob), with_note(scores(2, 1, 2, 1), "You are an idiot")).await;
    assert_eq!(r.status, StatusCode::CREATED);
    // Only the author reads it: others, staff included, 403.
    for token in [&ann, &bob, &moderator, &team] {
        assert_code(&app.get(&path, Some(token)).await, 403, "not_author");
    }
    assert_problem(&app.get(&path, None).await, 401, None);
    let r = app.get(&path, Some(&author)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["count"], 2);
    let crit = r.body["criteria"].as_array().unwrap();
    assert_eq!(crit.len(), 4);
    assert_eq!(
        (crit[0]["criterion"].as_str(), crit[0]["count"].as_i64(), crit[0]["mean"].as_f64()),
        (Some("originality"), Some(2), Some(3.0))
    );
    assert_eq!(crit[1]["mean"], 2.0);
    assert_eq!(r.body["notes"].as_array().unwrap().len(), 2);
    let text = r.body.to_string();
    for name in ["ann_giver", "bob_giver", "user_id", "handle"] {
        assert!(!text.contains(name), "{name} in {text}");
    }
    assert!(text.contains("<strong>texture</strong>"), "{text}");
    // A moderator hides the abusive note (audited); a member may not.
    let abusive = r.body["notes"].as_array().unwrap().iter().find(|n| n["note"] == "You are an idiot").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let hide = format!("/api/v1/feedback/{abusive}/hide");
    assert_code(&app.post(&hide, Some(&ann), json!({"reason": "abuse"})).await, 403, "moderators_only");
    assert_problem(&app.post(&hide, Some(&moderator), json!({"reason": " "})).await, 422, Some("reason"));
    assert_eq!(app.post(&hide, Some(&moderator), json!({"reason": "abuse"})).await.status, StatusCode::NO_CONTENT);
    let r = app.get(&path, Some(&author)).await;
    assert_eq!(r.body["count"], 2, "the scores stay");
    let notes = r.body["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert!(notes[0]["note"].as_str().unwrap().starts_with("Lovely"));
    let admin = app.staff("root", Role::Admin).await;
    let audit = app.get("/api/v1/audit?limit=50", Some(&admin)).await;
    assert!(audit.body.to_string().contains("feedback.hide"), "{:?}", audit.body);
    // The digest: one notification for the day, counting both.
    let n = app.get("/api/v1/notifications?limit=50", Some(&author)).await.body["items"].as_array().unwrap().clone();
    let fb: Vec<&Value> = n.iter().filter(|n| n["kind"] == "feedback_received").collect();
    assert_eq!(fb.len(), 1, "{n:?}");
    assert_eq!(fb[0]["data"]["count"], 2);
    assert!(!fb[0].to_string().contains("ann_giver"));
}

/// A challenge whose ideas go to review with one support.
async fn review_challenge(app: &TestApp, team: &str, slug: &str) {
    app.open_challenge(team, slug, json!({"support_tiers": [{"supports": 1, "days": 10}], "support_threshold": null}))
        .await;
}

/// An idea that reached review through one support.
async fn idea_in_review(app: &TestApp, author: &str, fan: &str, slug: &str, title: &str) -> String {
    let id = app.idea(author, Some(slug), title).await;
    let r = app.put(&format!("/api/v1/ideas/{id}/support"), Some(fan)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.body["status"], "in_review");
    id
}

fn evaluation(brand: i32, feas: i32, demand: i32, orig: i32, note: &str) -> Value {
    json!({"no_conflict": true, "note": note,
           "scores": {"brand_fit": brand, "feasibility": feas, "demand": demand, "originality": orig}})
}

fn handles(board: &Value) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = board["evaluators"]
        .as_array()
        .unwrap()
        .iter()
        .chain(board["mine"].as_object().map(|_| &board["mine"]))
        .map(|e| (e["handle"].as_str().unwrap().to_string(), e["status"].as_str().unwrap().to_string()))
        .collect();
    all.sort();
    all
}

async fn evaluators_are_blind_and_only_the_team_sees_evaluations(app: TestApp) {
    let t1 = app.staff("eval_one", Role::ProductTeam).await;
    let t2 = app.staff("eval_two", Role::ProductTeam).await;
    let member = app.member("curious").await;
    let author = app.member("inventor").await;
    let moderator = app.staff("mod", Role::Moderator).await;
    review_challenge(&app, &t1, "snacks").await;
    let id = idea_in_review(&app, &author, &member, "snacks", "Crunchy chickpeas").await;
    let path = format!("/api/v1/ideas/{id}/evaluations");
    // Only the product team (and admins).
    for token in [&member, &author, &moderator] {
        assert_code(&app.get(&path, Some(token)).await, 403, "product_team_only");
        assert_code(&app.put_json(&path, Some(token), evaluation(3, 3, 3, 3, "")).await, 403, "product_team_only");
    }
    assert_code(&app.get("/api/v1/review-board", Some(&member)).await, 403, "product_team_only");
    // Both were assigned at the move to review.
    let r = app.get(&path, Some(&t1)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["blind"], true);
    assert_eq!(handles(&r.body), vec![("eval_one".into(), "assigned".into()), ("eval_two".into(), "assigned".into())]);
    // Scoring needs the conflict declaration and every criterion.
    assert_problem(
        &app.put_json(
            &path,
            Some(&t2),
            json!({"scores": {"brand_fit": 4, "feasibility": 4, "demand": 4, "originality": 4}}),
        )
        .await,
        422,
        Some("no_conflict"),
    );
    assert_problem(
        &app.put_json(&path, Some(&t2), json!({"no_conflict": true, "scores": {"brand_fit": 6}})).await,
        422,
        None,
    );
    let r = app.put_json(&path, Some(&t2), evaluation(5, 4, 4, 2, "Secret: reminds me of our 2019 flop")).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["mine"]["status"], "submitted");
    assert_eq!(r.body["blind"], false, "a submitted evaluator sees the others");
    // eval_one has not submitted: still blind to eval_two's scores and note, no calibration.
    let r = app.get(&path, Some(&t1)).await;
    assert_eq!(r.body["blind"], true);
    let other = &r.body["evaluators"][0];
    assert_eq!(other["handle"], "eval_two");
    assert_eq!(other["status"], "submitted");
    assert!(other["scores"].is_null() && other["note"].is_null(), "{other:?}");
    assert!(r.body["calibration"].is_null());
    assert!(!r.body.to_string().contains("2019 flop"));
    let board = app.get("/api/v1/review-board", Some(&t1)).await;
    assert_eq!(board.body["items"][0]["blind"], true);
    assert!(board.body["items"][0]["weighted_score"].is_null());
    // Once submitted, eval_one sees everything; the outlier is named (|1 − 5| ≥ 2 on brand fit).
    let r = app.put_json(&path, Some(&t1), evaluation(1, 4, 4, 2, "")).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["blind"], false);
    assert_eq!(r.body["evaluators"][0]["scores"]["brand_fit"], 5);
    let cal = &r.body["calibration"];
    // brand 3 → 50, feasibility 4 → 75, demand 4 → 75, originality 2 → 25: .3·50+.25·75+.25·75+.2·25 = 57.5
    assert_eq!(cal["weighted_score"], 57.5);
    let brand = cal["spreads"].as_array().unwrap().iter().find(|s| s["key"] == "brand_fit").unwrap();
    assert_eq!(brand["spread"], 4);
    let outliers: Vec<&str> =
        cal["outliers"].as_array().unwrap().iter().map(|o| o["handle"].as_str().unwrap()).collect();
    assert_eq!(outliers.len(), 2, "{cal:?}");
    // A team member not assigned sees all but may not score.
    let t3 = app.staff("eval_three", Role::ProductTeam).await;
    assert_eq!(app.get(&path, Some(&t3)).await.body["blind"], false);
    assert_code(&app.put_json(&path, Some(&t3), evaluation(3, 3, 3, 3, "")).await, 403, "not_evaluator");
    // The ranking.
    let board = app.get("/api/v1/review-board?challenge=snacks", Some(&t3)).await;
    assert_eq!(board.status, StatusCode::OK, "{:?}", board.body);
    assert_eq!(board.body["items"][0]["idea_id"], id.as_str());
    assert_eq!(board.body["items"][0]["weighted_score"], 57.5);
    assert_problem(&app.get("/api/v1/review-board?challenge=nope", Some(&t3)).await, 422, Some("challenge"));
}

async fn round_robin_recusal_and_the_decision_memo(app: TestApp) {
    let t1 = app.staff("eval_one", Role::ProductTeam).await;
    let t2 = app.staff("eval_two", Role::ProductTeam).await;
    let t3 = app.staff("eval_three", Role::ProductTeam).await;
    let admin = app.staff("boss", Role::Admin).await;
    let author = app.member("inventor").await;
    let fan = app.member("fan").await;
    review_challenge(&app, &t1, "drinks").await;
    // The first idea: the two with the fewest open assignments (all none; the earlier account first).
    let a = idea_in_review(&app, &author, &fan, "drinks", "Cold brew tea").await;
    let board_a = app.get(&format!("/api/v1/ideas/{a}/evaluations"), Some(&admin)).await;
    assert_eq!(
        handles(&board_a.body),
        vec![("eval_one".into(), "assigned".into()), ("eval_two".into(), "assigned".into())]
    );
    // The second: eval_three has none open, then eval_one (one open, the earlier account).
    let b = idea_in_review(&app, &author, &fan, "drinks", "Sparkling birch water").await;
    let path_b = format!("/api/v1/ideas/{b}/evaluations");
    let board_b = app.get(&path_b, Some(&admin)).await;
    assert_eq!(
        handles(&board_b.body),
        vec![("eval_one".into(), "assigned".into()), ("eval_three".into(), "assigned".into())]
    );
    // eval_one recuses from B: eval_two, the one free, is assigned instead.
    let r = app.put_json(&path_b, Some(&t1), json!({"recuse": true})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let board_b = app.get(&path_b, Some(&admin)).await;
    assert_eq!(
        handles(&board_b.body),
        vec![
            ("eval_one".into(), "recused".into()),
            ("eval_three".into(), "assigned".into()),
            ("eval_two".into(), "assigned".into())
        ]
    );
    // The team chooses B's evaluators by hand: members and the author are not eligible.
    let ev = format!("/api/v1/ideas/{b}/evaluators");
    assert_code(
        &app.put_json(&ev, Some(&fan), json!({"evaluators": ["eval_one", "eval_two"]})).await,
        403,
        "product_team_only",
    );
    assert_problem(&app.put_json(&ev, Some(&t3), json!({"evaluators": ["eval_two"]})).await, 422, Some("evaluators"));
    assert_problem(
        &app.put_json(&ev, Some(&t3), json!({"evaluators": ["eval_two", "fan"]})).await,
        422,
        Some("evaluators"),
    );
    let r = app.put_json(&ev, Some(&t3), json!({"evaluators": ["eval_two", "boss"]})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(handles(&r.body), vec![("boss".into(), "assigned".into()), ("eval_two".into(), "assigned".into())]);
    // A decision waits for every evaluator: 409, unless an admin overrides.
    let path_a = format!("/api/v1/ideas/{a}/evaluations");
    let r = app.put_json(&path_a, Some(&t1), evaluation(2, 2, 4, 3, "Private: the supplier is my cousin's")).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let decline = json!({"to": "declined", "reason": "not_feasible", "note": "Thank you, we cannot make it at scale."});
    let r = app.post(&format!("/api/v1/ideas/{a}/transitions"), Some(&t3), decline.clone()).await;
    assert_code(&r, 409, "evaluations_incomplete");
    assert_eq!(r.body["pending"], 1);
    let mut forced = decline.clone();
    forced["override_evaluations"] = json!(true);
    assert_code(
        &app.post(&format!("/api/v1/ideas/{a}/transitions"), Some(&t3), forced).await,
        409,
        "evaluations_incomplete",
    );
    assert_eq!(app.put_json(&path_a, Some(&t2), evaluation(3, 1, 5, 3, "")).await.status, StatusCode::OK);
    let r = app.post(&format!("/api/v1/ideas/{a}/transitions"), Some(&t3), decline).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    // The memo on the public timeline: per criterion above or below the bar (means 2.5, 1.5, 4.5, 3).
    let tl = app.get(&format!("/api/v1/ideas/{a}/timeline"), None).await;
    let last = tl.body["items"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["to"], "declined");
    assert_eq!(last["reason"], "not_feasible");
    let memo: Vec<(String, String)> = last["memo"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["key"].as_str().unwrap().to_string(), l["outcome"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        memo,
        vec![
            ("brand_fit".into(), "below_bar".into()),
            ("feasibility".into(), "below_bar".into()),
            ("demand".into(), "above_bar".into()),
            ("originality".into(), "above_bar".into())
        ]
    );
    for line in last["memo"].as_array().unwrap() {
        let keys: Vec<&String> = line.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 3, "only key, label and outcome: {line:?}");
    }
    // Never an evaluator's name, note or score, in the timeline nor on the idea page.
    let public = tl.body.to_string();
    let page = app.client.get(format!("{}/ideas/{a}", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("timeline"), "the idea page renders");
    for secret in ["eval_one", "eval_two", "eval_three", "cousin"] {
        assert!(!public.contains(secret), "{secret} in the timeline: {public}");
        assert!(!page.contains(secret), "{secret} on the idea page");
    }
    assert!(!public.contains("score"), "no score in the timeline: {public}");
    // The supporters heard of it, with the memo.
    let n = app.get("/api/v1/notifications?limit=50", Some(&fan)).await.body["items"].as_array().unwrap().clone();
    let decided = n.iter().find(|n| n["kind"] == "status_changed" && n["data"]["to"] == "declined").unwrap();
    assert_eq!(decided["data"]["memo"].as_array().unwrap().len(), 4);
    assert!(!decided.to_string().contains("eval_"), "{decided:?}");
    // An admin may decide B without the missing evaluations.
    let approve = json!({"to": "approved", "override_evaluations": true});
    let r = app.post(&format!("/api/v1/ideas/{b}/transitions"), Some(&admin), approve).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    // Evaluating a decided idea: 409.
    assert_code(&app.put_json(&path_a, Some(&t1), evaluation(3, 3, 3, 3, "")).await, 409, "not_in_review");
}

async fn criteria_lock_when_the_first_idea_reaches_review(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let member = app.member("member").await;
    let author = app.member("inventor").await;
    // The defaults, for the open board and a challenge.
    let r = app.get("/api/v1/review-criteria", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["defaults"], true);
    let weights: Vec<(String, i64)> = r.body["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["key"].as_str().unwrap().to_string(), c["weight"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        weights,
        vec![("brand_fit".into(), 30), ("feasibility".into(), 25), ("demand".into(), 25), ("originality".into(), 20)]
    );
    review_challenge(&app, &team, "kitchen").await;
    let path = "/api/v1/challenges/kitchen/review-criteria";
    let ours = json!({"criteria": [{"key": "taste", "label": "Taste", "weight": 60}, {"key": "cost", "weight": 40}]});
    assert_code(&app.put_json(path, Some(&member), ours.clone()).await, 403, "product_team_only");
    assert_problem(&app.put_json(path, None, ours.clone()).await, 401, None);
    let bad = json!({"criteria": [{"key": "taste", "weight": 60}, {"key": "cost", "weight": 30}]});
    assert_problem(&app.put_json(path, Some(&team), bad).await, 422, Some("criteria"));
    assert_problem(&app.put_json(path, Some(&team), json!({"criteria": []})).await, 422, Some("criteria"));
    let r = app.put_json(path, Some(&team), ours.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["defaults"], false);
    assert_eq!(r.body["locked"], false);
    assert_eq!(app.get(path, None).await.body["criteria"][0]["label"], "Taste");
    assert_problem(&app.get("/api/v1/challenges/nope/review-criteria", None).await, 404, None);
    // The first idea reaches review: locked for this challenge, not for the open board.
    let fan = app.member("fan").await;
    idea_in_review(&app, &author, &fan, "kitchen", "Salt in a grinder").await;
    assert_eq!(app.get(path, None).await.body["locked"], true);
    assert_code(&app.put_json(path, Some(&team), ours.clone()).await, 409, "criteria_locked");
    let r = app.put_json("/api/v1/review-criteria", Some(&team), ours).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
}

//! Product questions and answers (issue 18): official answers first, the accepted answer, the asker told
//! (in the app and by mail), followers told, helpful votes exact under concurrency, search, reports,
//! the refusals and the edit window. Every test on SQLite and PostgreSQL.

use diesel::prelude::*;
use ideashelf::accounts::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{assert_code, assert_problem, TestApp};

backend_tests!(
    official_answers_come_first_and_the_asker_accepts_one,
    refusals_and_the_edit_window,
    helpful_votes_are_exact_under_concurrency,
    questions_are_searchable_and_hidden_ones_leave,
    reported_answers_hide_and_reach_the_queue,
);

async fn ask(app: &TestApp, token: &str, product: &str, title: &str) -> Value {
    let r = app
        .post(
            &format!("/api/v1/products/{product}/questions"),
            Some(token),
            json!({"title": title, "body": "Details."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body
}

async fn answer(app: &TestApp, token: &str, question: &str, body: &str) -> Value {
    let r = app.post(&format!("/api/v1/questions/{question}/answers"), Some(token), json!({"body": body})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(|q| q["id"].as_str().unwrap().to_string()).collect()
}

/// Sets a member's address confirmed (mail goes only to confirmed addresses).
async fn confirm_address(app: &TestApp, handle: &'static str) {
    app.db
        .run(move |conn| {
            use ideashelf::db::schema::users;
            diesel::update(users::table.filter(users::handle.eq(handle)))
                .set(users::email_verified_at.eq(Some(ideashelf::clock::now())))
                .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
}

/// Moves a question's and its answers' creation back by `minutes`.
async fn age(app: &TestApp, question: String, minutes: i64) {
    app.db
        .run(move |conn| {
            use ideashelf::db::schema::{answers, questions};
            let then = ideashelf::clock::now() - chrono::Duration::minutes(minutes);
            diesel::update(questions::table.find(&question)).set(questions::created_at.eq(then)).execute(conn)?;
            diesel::update(answers::table.filter(answers::question_id.eq(&question)))
                .set(answers::created_at.eq(then))
                .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
}

async fn official_answers_come_first_and_the_asker_accepts_one(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let product = app.product(&team, "Cold brew bottle", json!({})).await;
    let slug = product["slug"].as_str().unwrap().to_string();
    let anna = app.member("anna").await;
    let ben = app.member("ben").await;
    let cleo = app.member("cleo").await;
    confirm_address(&app, "anna").await;
    // Cleo follows the product: she hears of new questions.
    let f = app.put(&format!("/api/v1/products/{slug}/follow"), Some(&cleo)).await;
    assert_eq!(f.status, StatusCode::OK, "{:?}", f.body);
    assert_eq!(f.body, json!({"following": true, "followers": 1}));
    assert_eq!(app.put(&format!("/api/v1/products/{slug}/follow"), Some(&cleo)).await.body["followers"], 1);

    let q = ask(&app, &anna, &slug, "Does the filter fit a 1 l bottle?").await;
    let qid = q["id"].as_str().unwrap().to_string();
    assert_eq!(q["answers"], json!([]));
    assert_eq!(q["may_accept"], true);
    let told = app.get("/api/v1/notifications", Some(&cleo)).await;
    assert_eq!(told.body["items"][0]["kind"], "product_question", "{:?}", told.body);

    let community = answer(&app, &ben, &qid, "Yes, mine fits with a little push.").await;
    assert_eq!(community["official"], false);
    let official = answer(&app, &team, &qid, "Yes: every bottle of the series takes it.").await;
    assert_eq!(official["official"], true);
    let (community_id, official_id) =
        (community["id"].as_str().unwrap().to_string(), official["id"].as_str().unwrap().to_string());

    // The asker heard of both answers, in the app and by mail (default for answers).
    let mine = app.get("/api/v1/notifications", Some(&anna)).await;
    let kinds: Vec<&str> = mine.body["items"].as_array().unwrap().iter().map(|n| n["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "answer").count(), 2, "{:?}", mine.body);
    let url = mine.body["items"][0]["data"]["url"].as_str().unwrap_or_default().to_string();
    assert!(url.starts_with(&format!("/questions/{qid}#answer-")), "{:?}", mine.body["items"][0]);
    // The site's language is German: two mails, one per answer, name the question.
    let dir = app.data_dir().join("mail");
    let started = std::time::Instant::now();
    loop {
        use mailparse::MailHeaderMap;
        let subjects: Vec<String> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let raw = std::fs::read(e.path()).ok()?;
                let mail = mailparse::parse_mail(&raw).ok()?;
                let to = mail.headers.get_first_value("To")?;
                to.contains("anna@example.org").then(|| mail.headers.get_first_value("Subject")).flatten()
            })
            .collect();
        let answered = subjects.iter().filter(|s| s.contains("hat deine Frage «Does the filter fit")).count();
        if answered == 2 {
            break;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "answer mails to anna: {subjects:?}");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }

    // Official first.
    let path = format!("/api/v1/questions/{qid}");
    let got = app.get(&path, None).await;
    assert_eq!(ids(&got.body["answers"]), [official_id.clone(), community_id.clone()]);
    assert_eq!(got.body["answers_count"], 2);
    assert_eq!(got.body["officially_answered"], true);
    assert_eq!(got.body["may_accept"], false);

    // The asker accepts the community answer; the official one stays first, the accepted one next.
    let accepted = format!("{path}/accepted");
    let r = app.put_json(&accepted, Some(&anna), json!({"answer_id": community_id})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["accepted_answer_id"], community_id.as_str());
    assert_eq!(r.body["answers"][1]["accepted"], true);
    assert_eq!(r.body["answers"][0]["official"], true);
    // The team may change it, and unmark it.
    let r = app.put_json(&accepted, Some(&team), json!({"answer_id": official_id})).await;
    assert_eq!(r.body["accepted_answer_id"], official_id.as_str());
    assert_eq!(r.body["answers"][1]["accepted"], false);
    let r = app.delete(&accepted, Some(&anna)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["accepted_answer_id"], Value::Null);
    app.put_json(&accepted, Some(&anna), json!({"answer_id": community_id})).await;

    // Filters and the team's average; the dashboard's waiting list.
    let waiting_q = ask(&app, &ben, &slug, "Is the lid dishwasher safe?").await;
    let list = |filter: &str| {
        let p = format!("/api/v1/products/{slug}/questions?filter={filter}");
        let app = &app;
        async move { app.get(&p, None).await.body }
    };
    assert_eq!(ids(&list("all").await["items"]).len(), 2);
    assert_eq!(ids(&list("unanswered").await["items"]), [waiting_q["id"].as_str().unwrap()]);
    assert_eq!(ids(&list("answered").await["items"]), [qid.as_str()]);
    assert_eq!(ids(&list("official").await["items"]), [qid.as_str()]);
    assert!(list("all").await["team_average_days"].as_f64().is_some());
    assert_problem(
        &app.get(&format!("/api/v1/products/{slug}/questions?filter=open"), None).await,
        422,
        Some("filter"),
    );
    assert_code(&app.get("/api/v1/questions/waiting", Some(&ben)).await, 403, "product_team_only");
    let waiting = app.get("/api/v1/questions/waiting", Some(&team)).await;
    assert_eq!(waiting.status, StatusCode::OK, "{:?}", waiting.body);
    assert_eq!(ids(&waiting.body), [waiting_q["id"].as_str().unwrap()]);
    assert_eq!(waiting.body[0]["waited_hours"], 0);

    // The ledger stays clean.
    let diffs = app.db.run(ideashelf::points::service::verify).await.unwrap();
    assert!(diffs.is_empty(), "{diffs:?}");
}

async fn refusals_and_the_edit_window(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let slug = app.product(&team, "Grain mill", json!({})).await["slug"].as_str().unwrap().to_string();
    let anna = app.member("anna").await;
    let ben = app.member("ben").await;
    let asks = format!("/api/v1/products/{slug}/questions");
    assert_code(&app.post(&asks, None, json!({"title": "Does it grind spelt?"})).await, 401, "unauthenticated");
    let r = app.post(&asks, Some(&anna), json!({"title": "Spelt?"})).await;
    assert_problem(&r, 422, Some("title"));
    assert_code(
        &app.post("/api/v1/products/nope/questions", Some(&anna), json!({"title": "Does it grind spelt?"})).await,
        404,
        "not_found",
    );
    assert_code(&app.get("/api/v1/questions/0190f3a4-1111-7aaa-8bbb-0123456789ab", None).await, 404, "not_found");
    assert_code(&app.get("/api/v1/questions/nope", None).await, 404, "not_found");

    let q = ask(&app, &anna, &slug, "Does it grind spelt finely?").await;
    let qid = q["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/questions/{qid}");
    assert_problem(&app.post(&format!("{path}/answers"), Some(&ben), json!({"body": "  "})).await, 422, Some("body"));
    let a = answer(&app, &ben, &qid, "Yes, on the finest setting.").await;
    let aid = a["id"].as_str().unwrap().to_string();
    let other = ask(&app, &ben, &slug, "How loud is it at full speed?").await;
    let other_answer = answer(&app, &anna, other["id"].as_str().unwrap(), "About like a coffee grinder.").await;

    // 403: not the author, not the asker, one's own answer.
    assert_code(&app.patch(&path, Some(&ben), json!({"title": "Does it grind rye?"})).await, 403, "not_author");
    assert_code(&app.delete(&format!("/api/v1/answers/{aid}"), Some(&anna)).await, 403, "not_author");
    assert_code(
        &app.put_json(&format!("{path}/accepted"), Some(&ben), json!({"answer_id": aid})).await,
        403,
        "not_asker",
    );
    assert_code(&app.put(&format!("/api/v1/answers/{aid}/helpful"), Some(&ben)).await, 403, "own_content");
    // 422: an answer of another question.
    let r = app.put_json(&format!("{path}/accepted"), Some(&anna), json!({"answer_id": other_answer["id"]})).await;
    assert_problem(&r, 422, Some("answer_id"));
    // 409: others answered, so the question stays.
    assert_code(&app.delete(&path, Some(&anna)).await, 409, "question_has_answers");

    // Within the window the authors edit; after 15 minutes they do not.
    let r = app.patch(&path, Some(&anna), json!({"title": "Does it grind spelt really finely?"})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert!(r.body["edited_at"].is_string());
    let r = app.patch(&format!("/api/v1/answers/{aid}"), Some(&ben), json!({"body": "Yes, on setting 1."})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["body"], "Yes, on setting 1.");
    age(&app, qid.clone(), 16).await;
    assert_code(
        &app.patch(&path, Some(&anna), json!({"title": "Does it grind spelt at all?"})).await,
        409,
        "edit_window_closed",
    );
    assert_code(
        &app.patch(&format!("/api/v1/answers/{aid}"), Some(&ben), json!({"body": "Later"})).await,
        409,
        "edit_window_closed",
    );
    assert_code(&app.delete(&format!("/api/v1/answers/{aid}"), Some(&ben)).await, 409, "edit_window_closed");
    assert_eq!(app.get(&path, Some(&anna)).await.body["editable"], false);

    // A fresh answer is deleted by its author; a question nobody else answered is deleted by its asker.
    let mine = answer(&app, &ben, other["id"].as_str().unwrap(), "Quieter than I thought.").await;
    let r = app.delete(&format!("/api/v1/answers/{}", mine["id"].as_str().unwrap()), Some(&ben)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let lone = ask(&app, &ben, &slug, "Which colours does it come in?").await;
    let lone_path = format!("/api/v1/questions/{}", lone["id"].as_str().unwrap());
    assert_eq!(app.delete(&lone_path, Some(&ben)).await.status, StatusCode::NO_CONTENT);
    assert_code(&app.get(&lone_path, None).await, 404, "not_found");
    let diffs = app.db.run(ideashelf::points::service::verify).await.unwrap();
    assert!(diffs.is_empty(), "{diffs:?}");
}

async fn helpful_votes_are_exact_under_concurrency(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let slug = app.product(&team, "Bread box", json!({})).await["slug"].as_str().unwrap().to_string();
    let anna = app.member("anna").await;
    let q = ask(&app, &anna, &slug, "Does bread stay crisp in it?").await;
    let qid = q["id"].as_str().unwrap().to_string();
    let a = answer(&app, &team, &qid, "For two days, with the vent open.").await;
    let aid = a["id"].as_str().unwrap().to_string();
    let mut voters = Vec::new();
    for i in 0..20 {
        voters.push(app.member(&format!("voter{i}")).await);
    }
    // Twenty members at once, each twice.
    let path = format!("/api/v1/answers/{aid}/helpful");
    let votes = voters.iter().flat_map(|t| [t.clone(), t.clone()]).map(|t| {
        let (app, path) = (&app, path.clone());
        async move { app.put(&path, Some(&t)).await }
    });
    for r in futures::future::join_all(votes).await {
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    }
    let got = app.get(&format!("/api/v1/questions/{qid}"), Some(&voters[0])).await;
    assert_eq!(got.body["answers"][0]["helpful_count"], 20, "{:?}", got.body);
    assert_eq!(got.body["answers"][0]["found_helpful"], true);
    assert_eq!(got.body["helpful_count"], 20);
    // Taking back is exact too, also at once.
    let back = voters[..5].iter().map(|t| {
        let (app, path, t) = (&app, path.clone(), t.clone());
        async move { app.delete(&path, Some(&t)).await }
    });
    futures::future::join_all(back).await;
    let got = app.get(&format!("/api/v1/questions/{qid}"), None).await;
    assert_eq!(got.body["answers"][0]["helpful_count"], 15);
    assert_eq!(got.body["helpful_count"], 15);
    // Most helpful first.
    ask(&app, &anna, &slug, "Is the bamboo lid treated with oil?").await;
    let list = app.get(&format!("/api/v1/products/{slug}/questions?sort=helpful"), None).await;
    assert_eq!(list.body["items"][0]["id"], qid.as_str());
    let diffs = app.db.run(ideashelf::points::service::verify).await.unwrap();
    assert!(diffs.is_empty(), "{diffs:?}");
}

async fn questions_are_searchable_and_hidden_ones_leave(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let moderator = app.staff("moderator", Role::Moderator).await;
    let slug = app.product(&team, "Sourdough crock", json!({})).await["slug"].as_str().unwrap().to_string();
    let anna = app.member("anna").await;
    let q = ask(&app, &anna, &slug, "Can the crock go into the oven?").await;
    let qid = q["id"].as_str().unwrap().to_string();
    answer(&app, &team, &qid, "Up to 220 degrees, without the wooden lid.").await;
    app.search_settled().await;
    // The title and the answers' text are found, by kind and in the site search.
    let hits = app.get("/api/v1/search/questions?q=oven", None).await;
    assert_eq!(hits.status, StatusCode::OK, "{:?}", hits.body);
    assert_eq!(hits.body["items"][0]["id"], qid.as_str(), "{:?}", hits.body);
    assert_eq!(hits.body["items"][0]["url"], format!("/questions/{qid}"));
    assert_eq!(app.get("/api/v1/search/questions?q=wooden", None).await.body["items"][0]["id"], qid.as_str());
    let by_product = app.get(&format!("/api/v1/search/questions?q=oven&product={slug}"), None).await;
    assert_eq!(by_product.body["total"], 1);
    let site = app.get("/api/v1/search?q=oven", None).await;
    assert_eq!(site.body["questions"]["items"][0]["id"], qid.as_str(), "{:?}", site.body);
    // Hidden by a moderator: it leaves the results.
    let r = app
        .post(
            "/api/v1/moderation/actions",
            Some(&moderator),
            json!({"action": "hide", "target_type": "question", "target_id": qid, "reason": "Spam"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    app.search_settled().await;
    assert_eq!(app.get("/api/v1/search/questions?q=oven", None).await.body["total"], 0);
    assert_code(&app.get(&format!("/api/v1/questions/{qid}"), None).await, 404, "not_found");
}

async fn reported_answers_hide_and_reach_the_queue(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let moderator = app.staff("moderator", Role::Moderator).await;
    let slug = app.product(&team, "Tea kettle", json!({})).await["slug"].as_str().unwrap().to_string();
    let anna = app.member("anna").await;
    let spammer = app.member("spammer").await;
    let q = ask(&app, &anna, &slug, "How long does it take to boil?").await;
    let qid = q["id"].as_str().unwrap().to_string();
    let a = answer(&app, &spammer, &qid, "Buy cheap watches at example.com").await;
    let aid = a["id"].as_str().unwrap().to_string();
    let report = json!({"target_type": "answer", "target_id": aid, "reason": "Spam"});
    assert_code(&app.post("/api/v1/reports", Some(&spammer), report.clone()).await, 403, "own_content");
    for i in 0..3 {
        let t = app.member(&format!("reporter{i}")).await;
        let r = app.post("/api/v1/reports", Some(&t), report.clone()).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        assert_eq!(r.body["hidden"], i == 2);
    }
    // Hidden: out of the answers and the count; the queue shows it.
    let got = app.get(&format!("/api/v1/questions/{qid}"), None).await;
    assert_eq!(got.body["answers"], json!([]));
    assert_eq!(got.body["answers_count"], 0);
    let queue = app.get("/api/v1/moderation/queue", Some(&moderator)).await;
    let item = queue.body["items"].as_array().unwrap().iter().find(|i| i["target_id"] == aid.as_str()).cloned();
    let item = item.unwrap_or_else(|| panic!("{:?}", queue.body));
    assert_eq!(item["kind"], "reported_answer");
    assert_eq!(item["url"], format!("/questions/{qid}#answer-{aid}"));
    // Questions are reported too.
    let r = app
        .post(
            "/api/v1/reports",
            Some(&spammer),
            json!({"target_type": "question", "target_id": qid, "reason": "Off topic"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
}

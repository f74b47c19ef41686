use std::collections::HashSet;

use ideashelf::accounts::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::backend_tests;
use crate::helpers::{assert_code, assert_problem, TestApp};

backend_tests!(
    submit_and_read_ideas,
    idea_validation_names_fields,
    markdown_is_sanitized,
    authors_edit_their_ideas,
    listing_sorts_filters_and_pages,
    listing_by_discussion_product_and_status,
    pages_stay_stable_while_ideas_arrive
);

async fn submit_and_read_ideas(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let c = app.open_challenge(&team, "kitchen", json!({})).await;
    let anna = app.member("anna").await;
    let r = app
        .post(
            "/api/v1/ideas",
            Some(&anna),
            json!({"challenge_id": "kitchen", "title": "  Reusable beeswax wraps  ", "summary": "Wraps instead of foil",
                   "body": "# Why\nLess *waste*.", "tags": ["Zero-Waste", "kitchen", "#kitchen"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let idea = r.body.clone();
    assert_eq!(idea["title"], "Reusable beeswax wraps");
    assert_eq!(idea["challenge_id"], c["id"]);
    assert_eq!(idea["author"]["handle"], "anna");
    assert_eq!(idea["status"], "gathering_support");
    assert_eq!(idea["supports"], 0);
    assert_eq!(idea["comments"], 0);
    assert_eq!(idea["tags"], json!(["kitchen", "zero-waste"]));
    assert!(idea["body_html"].as_str().unwrap().contains("<em>waste</em>"));
    let id = idea["id"].as_str().unwrap();
    assert_eq!(&id[14..15], "7", "ids are UUIDv7");
    let got = app.get(&format!("/api/v1/ideas/{id}"), None).await;
    assert_eq!(got.body["title"], "Reusable beeswax wraps");
    assert!(got.body.get("supported").is_none(), "no per-member state when signed out");
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), Some(&anna)).await.body["supported"], false);
    // The open board takes ideas without a challenge.
    let board = app.post("/api/v1/ideas", Some(&anna), json!({"title": "Open board idea"})).await;
    assert_eq!(board.status, StatusCode::CREATED);
    assert!(board.body["challenge_id"].is_null());
    // Signed out: 401. Unknown or malformed id: 404.
    assert_problem(&app.post("/api/v1/ideas", None, json!({"title": "No token idea"})).await, 401, None);
    assert_problem(&app.get("/api/v1/ideas/0190f3a4-1111-7aaa-8bbb-0123456789ab", None).await, 404, None);
    assert_problem(&app.get("/api/v1/ideas/not-a-uuid", None).await, 404, None);
}

async fn idea_validation_names_fields(app: TestApp) {
    let m = app.member("max").await;
    let r = app
        .post(
            "/api/v1/ideas",
            Some(&m),
            json!({"title": "abcd", "summary": "s".repeat(281), "body": "b".repeat(20_001),
                   "tags": ["a", "b", "c", "d", "e", "f"]}),
        )
        .await;
    for f in ["title", "summary", "body", "tags"] {
        assert_problem(&r, 422, Some(f));
    }
    assert_problem(&app.post("/api/v1/ideas", Some(&m), json!({"title": "x".repeat(121)})).await, 422, Some("title"));
    assert_problem(
        &app.post("/api/v1/ideas", Some(&m), json!({"title": "Fine title", "tags": ["two words"]})).await,
        422,
        Some("tags[0]"),
    );
    assert_problem(
        &app.post("/api/v1/ideas", Some(&m), json!({"title": "Fine title", "challenge_id": "nope"})).await,
        422,
        Some("challenge_id"),
    );
    assert_problem(
        &app.post("/api/v1/ideas", Some(&m), json!({"title": ["not", "a", "string"]})).await,
        422,
        Some("title"),
    );
    // Limits are characters, not bytes: 120 umlauts fit.
    let r = app.post("/api/v1/ideas", Some(&m), json!({"title": "ü".repeat(120)})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    // A body far over the limit is 413, not a 500.
    let huge = app.post("/api/v1/ideas", Some(&m), json!({"title": "Huge", "body": "x".repeat(400_000)})).await;
    assert_problem(&huge, 413, None);
}

async fn markdown_is_sanitized(app: TestApp) {
    let m = app.member("mallory").await;
    let r = app
        .post(
            "/api/v1/ideas",
            Some(&m),
            json!({"title": "Totally harmless", "body": "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[click](javascript:alert(3))"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let html = r.body["body_html"].as_str().unwrap();
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("onerror"), "{html}");
    assert!(!html.contains("href=\"javascript:"), "{html}");
    // The source is kept as written, for editing.
    assert!(r.body["body"].as_str().unwrap().contains("<script>"));
}

async fn authors_edit_their_ideas(app: TestApp) {
    let anna = app.member("anna").await;
    let ben = app.member("ben").await;
    let id = app.idea(&anna, None, "First version title").await;
    let r = app
        .patch(&format!("/api/v1/ideas/{id}"), Some(&anna), json!({"title": "Second version title", "tags": ["new"]}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["title"], "Second version title");
    assert_eq!(r.body["tags"], json!(["new"]));
    assert_eq!(r.body["summary"], "A summary", "fields not sent stay");
    assert_problem(
        &app.patch(&format!("/api/v1/ideas/{id}"), Some(&ben), json!({"title": "Hijacked title"})).await,
        403,
        None,
    );
    assert_problem(
        &app.patch(&format!("/api/v1/ideas/{id}"), Some(&anna), json!({"title": "no"})).await,
        422,
        Some("title"),
    );
}

async fn listing_sorts_filters_and_pages(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    app.open_challenge(&team, "garden", json!({})).await;
    let author = app.member("author").await;
    let other = app.member("other").await;
    let voters = [app.member("voter1").await, app.member("voter2").await, app.member("voter3").await];
    let a = app.idea(&author, Some("garden"), "Idea A garden").await; // 1 support
    let b = app.idea(&author, Some("garden"), "Idea B garden").await; // 3 supports
    let c = app.idea(&other, None, "Idea C board").await; // 2 supports
    let d = app.idea(&other, None, "Idea D board").await; // 0
    for (idea, n) in [(&a, 1), (&b, 3), (&c, 2)] {
        for v in voters.iter().take(n) {
            assert_eq!(app.put(&format!("/api/v1/ideas/{idea}/support"), Some(v)).await.status, StatusCode::OK);
        }
    }
    let ids = |r: &crate::helpers::Resp| -> Vec<String> {
        r.body["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(ids(&app.get("/api/v1/ideas?sort=top", None).await), vec![b.clone(), c.clone(), a.clone(), d.clone()]);
    assert_eq!(ids(&app.get("/api/v1/ideas?sort=new", None).await), vec![d.clone(), c.clone(), b.clone(), a.clone()]);
    assert_eq!(ids(&app.get("/api/v1/ideas", None).await)[0], b, "top is the default");
    let trending = ids(&app.get("/api/v1/ideas?sort=trending", None).await);
    assert_eq!(trending.len(), 4);
    assert_eq!(trending[0], b, "most recent supports lead");
    assert_eq!(ids(&app.get("/api/v1/ideas?challenge=garden", None).await), vec![b.clone(), a.clone()]);
    assert_eq!(ids(&app.get("/api/v1/ideas?challenge=none&sort=new", None).await), vec![d.clone(), c.clone()]);
    assert_eq!(ids(&app.get("/api/v1/ideas?author=other&sort=new", None).await), vec![d.clone(), c.clone()]);
    assert_eq!(ids(&app.get("/api/v1/ideas?tag=test", None).await).len(), 4);
    assert!(ids(&app.get("/api/v1/ideas?tag=nothing", None).await).is_empty());
    // Paging through every sort returns each idea exactly once, in order.
    for sort in ["top", "new", "trending"] {
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..10 {
            let path = match &cursor {
                Some(c) => format!("/api/v1/ideas?sort={sort}&limit=1&cursor={c}"),
                None => format!("/api/v1/ideas?sort={sort}&limit=1"),
            };
            let r = app.get(&path, None).await;
            assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
            seen.extend(ids(&r));
            match r.body["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_string()),
                None => {
                    cursor = None;
                    break;
                }
            }
        }
        assert!(cursor.is_none(), "{sort}: paging never ended: {seen:?}");
        assert_eq!(seen, ids(&app.get(&format!("/api/v1/ideas?sort={sort}"), None).await), "{sort}");
    }
    // A cursor of one sort does not fit another; bad parameters are 422.
    let top = app.get("/api/v1/ideas?sort=top&limit=1", None).await;
    let cursor = top.body["next_cursor"].as_str().unwrap();
    assert_problem(&app.get(&format!("/api/v1/ideas?sort=new&cursor={cursor}"), None).await, 422, Some("cursor"));
    assert_problem(&app.get("/api/v1/ideas?sort=best", None).await, 422, Some("sort"));
    assert_problem(&app.get("/api/v1/ideas?challenge=nope", None).await, 422, Some("challenge"));
    assert_problem(&app.get("/api/v1/ideas?status=pending", None).await, 403, None);
}

async fn pages_stay_stable_while_ideas_arrive(app: TestApp) {
    let m = app.member("writer").await;
    let v = app.member("voter").await;
    let mut all = Vec::new();
    for i in 0..6 {
        all.push(app.idea(&m, None, &format!("Stable idea {i}")).await);
    }
    app.put(&format!("/api/v1/ideas/{}/support", all[2]), Some(&v)).await;
    for sort in ["new", "top", "trending"] {
        let first = app.get(&format!("/api/v1/ideas?sort={sort}&limit=3"), None).await;
        let cursor = first.body["next_cursor"].as_str().unwrap().to_string();
        // New ideas arrive between the pages.
        for i in 0..3 {
            app.idea(&m, None, &format!("Late idea {sort} {i}")).await;
        }
        let second = app.get(&format!("/api/v1/ideas?sort={sort}&limit=3&cursor={cursor}"), None).await;
        let mut seen: Vec<String> = Vec::new();
        for page in [&first, &second] {
            for item in page.body["items"].as_array().unwrap() {
                seen.push(item["id"].as_str().unwrap().to_string());
            }
        }
        let unique: HashSet<&String> = seen.iter().collect();
        assert_eq!(unique.len(), seen.len(), "{sort}: no idea twice across pages");
        if sort == "new" {
            let mut expected = all.clone();
            expected.reverse();
            assert_eq!(seen, expected, "new: the pages continue where they left off");
        }
    }
}

/// The browsing additions: `sort=discussed` (most comments, keyset-paged),
/// `product=<slug>`, a status with a challenge and a tag at once; bad values are
/// problems with a code and the field, never a 500.
async fn listing_by_discussion_product_and_status(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let admin = app.staff("root", Role::Admin).await;
    app.open_challenge(&team, "snacks", json!({})).await;
    let author = app.member("author").await;
    let talkers = [app.member("talker1").await, app.member("talker2").await, app.member("talker3").await];
    let quiet = app.idea(&author, Some("snacks"), "Quiet snack idea").await;
    let lively = app.idea(&author, Some("snacks"), "Lively snack idea").await;
    let some = app.idea(&author, None, "Somewhat discussed idea").await;
    for (idea, n) in [(&lively, 3), (&some, 1)] {
        for t in talkers.iter().take(n) {
            let r = app.post(&format!("/api/v1/ideas/{idea}/comments"), Some(t), json!({"body": "Nice one"})).await;
            assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        }
    }
    let ids = |r: &crate::helpers::Resp| -> Vec<String> {
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        r.body["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_string()).collect()
    };
    let discussed = ids(&app.get("/api/v1/ideas?sort=discussed", None).await);
    assert_eq!(discussed, vec![lively.clone(), some.clone(), quiet.clone()]);
    // Paged one by one, the same order, each idea once.
    let mut seen = Vec::new();
    let mut path = "/api/v1/ideas?sort=discussed&limit=1".to_string();
    for _ in 0..5 {
        let r = app.get(&path, None).await;
        seen.extend(ids(&r));
        match r.body["next_cursor"].as_str() {
            Some(c) => path = format!("/api/v1/ideas?sort=discussed&limit=1&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen, discussed);
    // A discussed cursor does not fit "top", nor a top cursor "discussed".
    let first = app.get("/api/v1/ideas?sort=discussed&limit=1", None).await;
    let cursor = first.body["next_cursor"].as_str().unwrap().to_string();
    assert_problem(&app.get(&format!("/api/v1/ideas?sort=top&cursor={cursor}"), None).await, 422, Some("cursor"));
    let top = app.get("/api/v1/ideas?sort=top&limit=1", None).await;
    let cursor = top.body["next_cursor"].as_str().unwrap().to_string();
    assert_problem(&app.get(&format!("/api/v1/ideas?sort=discussed&cursor={cursor}"), None).await, 422, Some("cursor"));

    // The product an idea became.
    let product = app.product(&team, "Crunchy Snack", json!({"idea_id": lively})).await;
    let slug = product["slug"].as_str().unwrap();
    assert_eq!(ids(&app.get(&format!("/api/v1/ideas?product={slug}"), None).await), vec![lively.clone()]);
    app.product(&team, "Unrelated Thing", json!({})).await;
    assert!(ids(&app.get("/api/v1/ideas?product=unrelated-thing", None).await).is_empty());

    // Status, challenge and tag together.
    let moves = format!("/api/v1/ideas/{quiet}/transitions");
    assert_eq!(app.post(&moves, Some(&admin), json!({"to": "in_review"})).await.status, StatusCode::OK);
    let r = app.post(&moves, Some(&admin), json!({"to": "declined", "reason": "licensing"})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let declined = "/api/v1/ideas?status=declined&challenge=snacks&tag=%23Test";
    assert_eq!(ids(&app.get(declined, None).await), vec![quiet.clone()]);
    assert_eq!(
        ids(&app.get("/api/v1/ideas?status=gathering_support&challenge=snacks", None).await),
        vec![lively.clone()]
    );
    assert!(ids(&app.get("/api/v1/ideas?status=declined&challenge=none", None).await).is_empty());

    // Bad values: a problem naming the field with its code, never a 500.
    for (query, field) in [
        ("sort=oldest", "sort"),
        ("status=shelved", "status"),
        ("challenge=no-such-challenge", "challenge"),
        ("product=no-such-product", "product"),
        ("tag=two%20words", "tag"),
        ("limit=0", "limit"),
        ("cursor=not-a-cursor", "cursor"),
    ] {
        let r = app.get(&format!("/api/v1/ideas?{query}"), None).await;
        assert_code(&r, 422, "validation");
        assert_problem(&r, 422, Some(field));
    }
    let unknown = app.get("/api/v1/ideas?product=no-such-product", None).await;
    assert_eq!(unknown.body["errors"][0]["code"], "unknown", "{:?}", unknown.body);
    assert_code(&app.get("/api/v1/ideas?status=rejected", Some(&author)).await, 403, "moderators_only");
}

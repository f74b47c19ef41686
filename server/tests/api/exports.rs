//! Exports for product teams: content, filters, formats, spreadsheet safety,
//! streaming and the audit log, on both backends.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use diesel::connection::SimpleConnection;
use futures::StreamExt;
use ideashelf::accounts::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{assert_problem, TestApp};

backend_tests!(
    exports_carry_the_columns_and_honour_the_filters,
    exports_are_safe_in_spreadsheets,
    exports_stream_in_batches
);

/// GET an export with a token; (status, content type, raw body).
async fn export(app: &TestApp, token: Option<&str>, query: &str) -> (StatusCode, String, Vec<u8>) {
    let mut req = app.client.get(format!("{}/api/v1/exports/ideas{query}", app.base));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r = req.send().await.unwrap();
    let status = r.status();
    let ct = r.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (status, ct, r.bytes().await.unwrap().to_vec())
}

fn csv_rows(body: &[u8]) -> Vec<Vec<String>> {
    assert!(body.starts_with(b"\xEF\xBB\xBF"), "CSV starts with the UTF-8 byte-order mark");
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(&body[3..]);
    r.records().map(|rec| rec.unwrap().iter().map(str::to_string).collect()).collect()
}

async fn exports_carry_the_columns_and_honour_the_filters(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let admin = app.staff("boss", Role::Admin).await;
    let bands = json!(["unter CHF 5", "CHF 5–10"]);
    app.open_challenge(&team, "snacks", json!({"price_bands": bands})).await;
    let author = app.member("kaethi").await;
    let fans = [app.member("fan1").await, app.member("fan2").await, app.member("fan3").await];
    let top = app.idea(&author, Some("snacks"), "Gebrannte Mandeln mit Zimt").await;
    let low = app.idea(&author, Some("snacks"), "Rüebli-Chips").await;
    let loose = app.idea(&author, None, "Loose idea").await;
    for (i, fan) in fans.iter().enumerate() {
        let body = [
            json!({"would_buy": "yes", "price_band": "CHF 5–10"}),
            json!({"would_buy": "maybe", "price_band": "unter CHF 5"}),
            json!({"would_buy": "no"}),
        ][i]
            .clone();
        let r = app.call(reqwest::Method::PUT, &format!("/api/v1/ideas/{top}/support"), Some(fan), Some(body)).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    }
    app.put(&format!("/api/v1/ideas/{low}/support"), Some(&fans[0])).await;
    app.post(&format!("/api/v1/ideas/{top}/comments"), Some(&fans[0]), json!({"body": "Lecker!"})).await;
    // CSV: the header, one row per idea, top first.
    let (status, ct, body) = export(&app, Some(&team), "?challenge=snacks").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ct, "text/csv; charset=utf-8");
    let rows = csv_rows(&body);
    assert_eq!(rows[0][..8], ["id", "url", "title", "summary", "challenge", "status", "author", "supports"]);
    assert_eq!(rows.len(), 3, "header and the two ideas of the challenge");
    let col = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    let first = &rows[1];
    assert_eq!(first[col("id")], top);
    assert_eq!(first[col("title")], "Gebrannte Mandeln mit Zimt");
    assert_eq!(first[col("author")], "kaethi");
    assert_eq!(first[col("challenge")], "snacks");
    assert_eq!(first[col("status")], "gathering_support");
    assert_eq!(
        (first[col("supports")].as_str(), first[col("supports_7d")].as_str(), first[col("supports_30d")].as_str()),
        ("3", "3", "3")
    );
    assert_eq!(first[col("comments")], "1");
    assert_eq!(first[col("tags")], "test");
    assert!(first[col("url")].ends_with(&format!("/ideas/{top}")) && first[col("url")].starts_with("http"));
    assert_eq!(
        (
            first[col("would_buy_yes")].as_str(),
            first[col("would_buy_maybe")].as_str(),
            first[col("would_buy_no")].as_str()
        ),
        ("1", "1", "1")
    );
    assert_eq!(first[col("price_bands")], "unter CHF 5: 1; CHF 5–10: 1");
    assert!(!first[col("created")].is_empty() && !first[col("last_status_change")].is_empty());
    assert!(!String::from_utf8_lossy(&body).contains("@example.org"), "no emails");
    // Filters: min supports, tag, status, since, sort, limit.
    let ids = |body: &[u8]| csv_rows(body).into_iter().skip(1).map(|r| r[0].clone()).collect::<Vec<_>>();
    assert_eq!(ids(&export(&app, Some(&team), "?min_supports=2").await.2), vec![top.clone()]);
    assert_eq!(ids(&export(&app, Some(&team), "?sort=new").await.2), vec![loose.clone(), low.clone(), top.clone()]);
    assert_eq!(ids(&export(&app, Some(&team), "?sort=new&limit=2").await.2), vec![loose.clone(), low.clone()]);
    assert_eq!(ids(&export(&app, Some(&team), "?tag=nope").await.2), Vec::<String>::new());
    assert_eq!(ids(&export(&app, Some(&team), "?status=in_review,on_shelf").await.2), Vec::<String>::new());
    assert_eq!(ids(&export(&app, Some(&team), "?since=2199-01-01").await.2), Vec::<String>::new());
    assert_eq!(ids(&export(&app, Some(&team), "?since=2000-01-01T00:00:00Z&challenge=snacks").await.2).len(), 2);
    // JSON and NDJSON carry the same rows, with the demand as an object.
    let (_, ct, body) = export(&app, Some(&admin), "?challenge=snacks&format=json").await;
    assert_eq!(ct, "application/json");
    let json: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(json[0]["id"], top.as_str());
    assert_eq!(json[0]["demand"]["yes"], 1);
    assert_eq!(json[0]["tags"], json!(["test"]));
    let (_, ct, body) = export(&app, Some(&team), "?challenge=snacks&format=ndjson").await;
    assert_eq!(ct, "application/x-ndjson");
    let lines: Vec<Value> =
        String::from_utf8(body).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines, json.as_array().unwrap().clone());
    // Who may export, and bad input naming the field.
    let member = app.member("member").await;
    assert_eq!(export(&app, Some(&member), "").await.0, StatusCode::FORBIDDEN);
    assert_eq!(export(&app, None, "").await.0, StatusCode::UNAUTHORIZED);
    for (query, field) in [
        ("?format=pdf", "format"),
        ("?status=flying", "status"),
        ("?since=yesterday", "since"),
        ("?min_supports=-1", "min_supports"),
        ("?sort=best", "sort"),
        ("?limit=0", "limit"),
        ("?challenge=nope", "challenge"),
    ] {
        let r = app.get(&format!("/api/v1/exports/ideas{query}"), Some(&team)).await;
        assert_problem(&r, 422, Some(field));
    }
    // Every export is in the audit log: who, filters, rows.
    let audit = app.get("/api/v1/audit?limit=100", Some(&admin)).await;
    let exports: Vec<&Value> =
        audit.body["items"].as_array().unwrap().iter().filter(|e| e["action"] == "export.ideas").collect();
    assert_eq!(exports.len(), 10, "every successful export, none of the refused ones");
    let first_export = exports.last().unwrap();
    assert_eq!(first_export["actor"], "team");
    assert_eq!(first_export["details"]["rows"], 2);
    assert_eq!(first_export["details"]["completed"], true);
    assert_eq!(first_export["details"]["filters"]["challenge"], "snacks");
}

async fn exports_are_safe_in_spreadsheets(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let author = app.member("author").await;
    let r = app
        .post(
            "/api/v1/ideas",
            Some(&author),
            json!({"title": "=HYPERLINK(\"http://evil\")", "summary": "+SUM(1,2) Müsli mit Äpfeln", "body": "Body", "tags": ["grün"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let (_, _, body) = export(&app, Some(&team), "").await;
    let rows = csv_rows(&body);
    assert_eq!(rows[1][2], "'=HYPERLINK(\"http://evil\")", "a formula is text");
    assert_eq!(rows[1][3], "'+SUM(1,2) Müsli mit Äpfeln", "umlauts intact");
    // XLSX: opens, with the same neutralized text and numbers as numbers.
    let (status, ct, body) = export(&app, Some(&team), "?format=xlsx").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ct.starts_with("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(body)).unwrap();
    let sheet = book.worksheet_range("Ideas").unwrap();
    assert_eq!(sheet.get((0, 0)), Some(&Data::String("id".into())));
    assert_eq!(sheet.get((1, 2)), Some(&Data::String("'=HYPERLINK(\"http://evil\")".into())));
    assert_eq!(sheet.get((1, 3)), Some(&Data::String("'+SUM(1,2) Müsli mit Äpfeln".into())));
    assert_eq!(sheet.get((1, 7)), Some(&Data::Float(0.0)), "supports is a number");
    assert_eq!(sheet.get((1, 11)), Some(&Data::String("grün".into())));
}

/// 1,200 ideas (written straight into the database) come in several chunks
/// of 500 rows: the response streams rather than being built whole.
async fn exports_stream_in_batches(app: TestApp) {
    let team = app.staff("team", Role::ProductTeam).await;
    let author = app.member("author").await;
    app.idea(&author, None, "The first idea").await;
    let sql = "INSERT INTO ideas (id, challenge_id, author_id, title, summary, body, body_html, status, supports_count, comments_count,
                                  trend_score, created_at, updated_at, tier, open_reports, status_changed_at)
               WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200)
               SELECT '01900000-0000-7000-8000-' || substr('000000000000' || i, -12, 12), NULL, users.id, 'Idea number ' || i, 'Summary', 'Body', '<p>Body</p>',
                      'gathering_support', i % 17, 0, 0.0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0, 0, CURRENT_TIMESTAMP
               FROM n, users WHERE users.handle = 'author'";
    let sql = if app.database_url.starts_with("postgres") {
        sql.replace("substr('000000000000' || i, -12, 12)", "lpad(i::text, 12, '0')")
    } else {
        sql.to_string()
    };
    app.db.run(move |conn| Ok(conn.batch_execute(&sql)?)).await.unwrap();
    let r = app
        .client
        .get(format!("{}/api/v1/exports/ideas?format=ndjson", app.base))
        .bearer_auth(&team)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers().get("content-length").is_none(), "streamed, so no length up front");
    let mut chunks = 0;
    let mut body = Vec::new();
    let mut stream = r.bytes_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.unwrap();
        chunks += 1;
        body.extend_from_slice(&chunk);
    }
    let lines: Vec<Value> =
        String::from_utf8(body).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1201);
    let mut ids: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 1201, "no row twice, none missing across batches");
    assert!(chunks >= 3, "1,201 rows in batches of 500 arrive in at least 3 chunks, got {chunks}");
    let supports: Vec<i64> = lines.iter().map(|l| l["supports"].as_i64().unwrap()).collect();
    assert!(supports.windows(2).all(|w| w[0] >= w[1]), "top first across batch boundaries");
}

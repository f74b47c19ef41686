//! Fan votes through the pages (issue 19): a member votes without JavaScript, changes the vote, sees the live
//! bar chart; the pages fit 1280 px and 360 px.

use ideashelf::accounts::Role;
use serde_json::json;

use crate::driver::launch;
use crate::helpers::TestApp;
use crate::journeys::{tag, PASSWORD};

pub async fn member_votes_in_a_fan_vote_through_the_page(app: TestApp) {
    let shots = tag(&app);
    let team = app.staff("team", Role::ProductTeam).await;
    let author = app.member("author").await;
    let mut ids = Vec::new();
    for t in ["Leise Einkaufsstunde", "Brotbeutel aus Leinen", "Nachfüllstation für Spülmittel"] {
        ids.push(app.idea(&author, None, t).await);
    }
    let pick = app
        .put_json(&format!("/api/v1/ideas/{}/staff-pick", ids[1]), Some(&team), json!({"note": "Schön und praktisch."}))
        .await;
    assert_eq!(pick.status.as_u16(), 200, "{:?}", pick.body);
    let now = chrono::Utc::now();
    let r = app
        .post(
            "/api/v1/fan-votes",
            Some(&team),
            json!({"title": "Liebling des Winters", "idea_ids": ids, "show_results": "live",
                "opens_at": (now - chrono::Duration::minutes(1)).to_rfc3339(),
                "closes_at": (now + chrono::Duration::days(3)).to_rfc3339()}),
        )
        .await;
    assert_eq!(r.status.as_u16(), 201, "{:?}", r.body);
    let vote = r.body["id"].as_str().unwrap().to_string();
    app.member("carla").await;

    // Without JavaScript: from the list to the vote, sign in, vote, change the vote.
    let b = launch(false).await;
    b.goto(&format!("{}/fan-votes", app.base)).await;
    b.click(&format!("a[href='/fan-votes/{vote}']")).await;
    assert_eq!(b.path().await, format!("/fan-votes/{vote}"));
    assert_eq!(b.text("[data-testid=fan-vote-state]").await.to_lowercase(), "offen");
    b.goto(&format!("{}/login?next=/fan-votes/{vote}", app.base)).await;
    b.fill("#field-login", "carla").await;
    b.fill("#field-password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.find("[data-testid=cast-vote]").await;
    assert_eq!(b.path().await, format!("/fan-votes/{vote}"));
    assert!(b.exists(".finalist-card .badge-pick").await, "the staff pick shows on its finalist");
    b.click("[data-testid=choose-0]").await;
    b.click("[data-testid=cast-vote]").await;
    b.find("[data-testid=withdraw-vote]").await;
    assert!(b.text("[data-testid=flash]").await.contains("Stimme"));
    assert!(b.text("[data-testid=votes-0]").await.starts_with("1 Stimme"));
    b.click("[data-testid=choose-2]").await;
    b.click("[data-testid=cast-vote]").await;
    b.wait_text("[data-testid=votes-2]", |t| t.starts_with("1 Stimme")).await;
    assert!(b.text("[data-testid=votes-0]").await.starts_with("0 Stimmen"));
    assert!(b.text("[data-testid=fan-vote-total]").await.contains("1 Stimme insgesamt"));
    assert_eq!(b.find("html").await.attr("data-enhanced").await.unwrap(), None, "no script ran");
    b.close().await;
    let api = app.get(&format!("/api/v1/fan-votes/{vote}"), None).await.body;
    let votes: Vec<i64> =
        api["results"]["counts"].as_array().unwrap().iter().map(|c| c["votes"].as_i64().unwrap()).collect();
    assert_eq!(votes, vec![0, 0, 1]);

    // The pages at 1280 px and at 360 px: no sideways scrolling.
    let b = launch(true).await;
    for (width, height) in [(1280, 900), (360, 780)] {
        b.emulate_screen(width, height).await;
        for path in ["/fan-votes".to_string(), format!("/fan-votes/{vote}")] {
            b.goto(&format!("{}{path}", app.base)).await;
            b.find("[data-testid=fan-vote-chart], [data-testid=fan-votes-open]").await;
            let wide = b
                .client
                .execute("return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);", vec![])
                .await
                .unwrap();
            assert!(wide.as_u64().unwrap() <= u64::from(width), "{path} is {wide} px wide at {width} px");
            let name = if path == "/fan-votes" { "list" } else { "vote" };
            b.screenshot(&format!("{shots}-fan-vote-{name}-{width}")).await;
        }
    }
    b.close().await;
}

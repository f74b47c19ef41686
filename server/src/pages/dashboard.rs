//! The product team's dashboard page: the numbers of
//! `dashboard::service::overview` (the API's), with two charts drawn on the
//! server as SVG (no script) from the geometry of `pages::charts`. Each
//! chart has a title and a description, and its numbers as a table.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde_json::{json, Value};

use super::charts::{self, Frame};
use super::i18n::Lang;
use super::session::PageCtx;
use crate::dashboard::service::{self as dashboard, Dashboard, DashboardQuery};
use crate::error::{AppError, AppResult};

/// The funnel chart: stage names on the left, the bars centred, the numbers on the right.
const FUNNEL: Frame = Frame { width: 960.0, height: 0.0, left: 230.0, right: 130.0, top: 4.0, bottom: 4.0 };
const FUNNEL_ROW: f64 = 34.0;
const FUNNEL_GAP: f64 = 8.0;
/// The funnel on a phone: each stage's name and number on a line above its
/// bar, in a frame as wide as the screen, so the chart scales instead of
/// scrolling and its text stays readable.
const FUNNEL_COMPACT: Frame = Frame { width: 320.0, height: 0.0, left: 0.0, right: 0.0, top: 22.0, bottom: 2.0 };
const FUNNEL_COMPACT_ROW: f64 = 14.0;
const FUNNEL_COMPACT_GAP: f64 = 28.0;
/// The supports chart: tick numbers on the left, dates below.
const DAYS: Frame = Frame { width: 960.0, height: 260.0, left: 48.0, right: 8.0, top: 12.0, bottom: 30.0 };
/// Every seventh day gets its date under the chart (today always).
const DAY_LABEL_EVERY: usize = 7;

/// GET /dashboard (`?challenge=<slug or id>`): the product team and admins;
/// others get 403, the signed-out the sign-in page.
/// GET /dashboard (`?challenge=<slug or id>`): product team and admins.
pub async fn show(ctx: &PageCtx, query: web::Query<DashboardQuery>) -> AppResult<HttpResponse> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login(&ctx.here)) };
    let query = query.into_inner();
    let view = match dashboard::overview(&ctx.state.db, actor, query).await {
        Ok(v) => v,
        // A challenge the select never offered (an edited or old link).
        Err(AppError::Validation(_)) => return Err(AppError::not_found("Challenge")),
        Err(e) => return Err(e),
    };
    let lang = ctx.lang;
    let title = match &view.challenge {
        Some(c) => lang.t_with("dash-title-challenge", &[("challenge", c.title.clone().into())]),
        None => lang.t("dash-title"),
    };
    let mut data = page_data(lang, &view, &title);
    // Questions without an official answer, oldest first, with how long each has waited.
    let waiting = crate::questions::service::waiting(&ctx.state.db, actor, 20).await?;
    let questions: Vec<serde_json::Value> = waiting
        .iter()
        .map(|q| {
            let waited = lang.t_with(
                "dashboard-questions-waited",
                &[("days", q.waited_days.into()), ("hours", q.waited_hours.into())],
            );
            serde_json::json!({"id": q.id, "title": q.title, "product": q.product, "waited": waited,
                "asked_at": q.asked_at, "answers_count": q.answers_count})
        })
        .collect();
    if let Some(obj) = data.as_object_mut() {
        obj.insert("questions_waiting".into(), serde_json::Value::Array(questions));
    }
    ctx.page(StatusCode::OK, "pages/dashboard", &title, data)
}

/// A day as the chart writes it under a column: `23.11.` / `23 Nov`.
fn short_day(lang: Lang, day: chrono::NaiveDate) -> String {
    match lang {
        Lang::De => day.format("%-d.%-m.").to_string(),
        Lang::En => day.format("%-d %b").to_string(),
    }
}

/// A change with its sign: `+3`, `−1`, `±0`.
fn signed(lang: Lang, n: i64) -> String {
    let sign = match n.signum() {
        1 => "+",
        -1 => "\u{2212}",
        _ => "±",
    };
    format!("{sign}{}", lang.number(n.abs()))
}

fn page_data(lang: Lang, view: &Dashboard, title: &str) -> Value {
    let selected = view.challenge.as_ref().map(|c| c.id.clone());
    let challenges: Vec<Value> = view
        .challenges
        .iter()
        .map(|c| json!({"slug": c.slug, "title": c.title, "selected": Some(&c.id) == selected.as_ref()}))
        .collect();

    // The funnel: one row per stage.
    let reached: Vec<i64> = view.funnel.stages.iter().map(|s| s.reached).collect();
    let rows = charts::funnel_rows(&reached, &FUNNEL, FUNNEL_ROW, FUNNEL_GAP);
    let stages: Vec<Value> = view
        .funnel
        .stages
        .iter()
        .zip(rows.bars.iter())
        .map(|(s, bar)| {
            json!({"stage": s.stage, "reached": s.reached, "now": s.now,
                               "percent": s.percent_of_submitted, "step": s.percent_of_previous, "bar": bar})
        })
        .collect();
    let funnel = json!({
        "id": "funnel-chart", "class": "chart-funnel",
        "width": FUNNEL.width, "height": rows.height,
        "track_x": FUNNEL.left, "track_width": FUNNEL.plot_width(),
        "label_x": FUNNEL.left - 14.0, "label_anchor": "end", "value_x": FUNNEL.width - 4.0,
        "stages": stages, "exits": view.funnel.exits, "submitted": view.funnel.submitted,
    });
    let compact = charts::funnel_rows(&reached, &FUNNEL_COMPACT, FUNNEL_COMPACT_ROW, FUNNEL_COMPACT_GAP);
    let compact_stages: Vec<Value> = view
        .funnel
        .stages
        .iter()
        .zip(compact.bars.iter())
        .map(|(s, bar)| {
            // The name and the number sit on a line just above the bar.
            let text = json!({"cy": bar.y - 9.0});
            json!({"stage": s.stage, "reached": s.reached, "percent": s.percent_of_submitted, "bar": bar, "text": text})
        })
        .collect();
    let funnel_compact = json!({
        "id": "funnel-chart-compact", "class": "chart-funnel-compact",
        "width": FUNNEL_COMPACT.width, "height": compact.height,
        "track_x": FUNNEL_COMPACT.left, "track_width": FUNNEL_COMPACT.plot_width(),
        "label_x": 0.0, "label_anchor": "start", "value_x": FUNNEL_COMPACT.width,
        "stages": compact_stages,
    });

    // Supports per day: a column per day.
    let per_day = &view.supports_per_day;
    let counts: Vec<i64> = per_day.days.iter().map(|d| d.supports).collect();
    let cols = charts::columns(&counts, &DAYS, 0.7, 4);
    let n = per_day.days.len();
    let bars: Vec<Value> = per_day
        .days
        .iter()
        .zip(cols.bars.iter())
        .enumerate()
        .map(|(i, (d, bar))| {
            json!({"day": d.day.to_string(), "supports": d.supports, "bar": bar,
                   "date": lang.date(d.day.and_time(chrono::NaiveTime::MIN).and_utc()),
                   "label": charts::labelled(i, n, DAY_LABEL_EVERY).then(|| short_day(lang, d.day))})
        })
        .collect();
    let days = json!({
        "width": DAYS.width, "height": DAYS.height,
        "left": DAYS.left, "right": DAYS.width - DAYS.right,
        "tick_x": DAYS.left - 8.0, "label_y": cols.baseline + 20.0, "baseline": cols.baseline,
        "ticks": cols.ticks, "bars": bars,
        "total": per_day.total, "max": per_day.max,
        "from": lang.date(per_day.from.and_time(chrono::NaiveTime::MIN).and_utc()),
        "to": lang.date(per_day.to.and_time(chrono::NaiveTime::MIN).and_utc()),
    });

    let risers: Vec<Value> = view
        .risers
        .iter()
        .map(|r| {
            let mut v = json!(r);
            if let Some(o) = v.as_object_mut() {
                o.insert("change_text".into(), json!(signed(lang, r.change)));
                o.insert("rising".into(), json!(r.change > 0));
                o.insert("falling".into(), json!(r.change < 0));
            }
            v
        })
        .collect();
    let waiting_more = view.waiting.count - i64::try_from(view.waiting.items.len()).unwrap_or(0);
    json!({
        "heading": title,
        "scoped": view.challenge.is_some(),
        "challenge": view.challenge,
        "challenges": challenges,
        "as_of": view.as_of,
        "funnel": funnel,
        "funnel_compact": funnel_compact,
        "days": days,
        "risers": risers,
        "waiting": view.waiting,
        "waiting_more": waiting_more.max(0),
        "alerts": view.alerts,
        "alerts_count": view.alerts.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_and_short_days() {
        assert_eq!(signed(Lang::En, 1234), "+1,234");
        assert_eq!(signed(Lang::De, -3), "\u{2212}3");
        assert_eq!(signed(Lang::De, 0), "±0");
        let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 7).unwrap_or_default();
        assert_eq!(short_day(Lang::De, day), "7.3.");
        assert_eq!(short_day(Lang::En, day), "7 Mar");
    }

    #[test]
    fn the_frames_leave_room_to_draw() {
        assert!(FUNNEL.plot_width() > 300.0);
        assert!(DAYS.plot_width() > 600.0 && DAYS.plot_height() > 150.0);
    }
}

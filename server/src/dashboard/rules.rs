//! The dashboard's pure rules: who may see it, the funnel's stages and
//! percentages, day buckets (UTC) with zero-filled days, the week windows and
//! the ranking of risers, how long an idea has waited, and open alerts grouped
//! by product. No database here: everything is unit-tested below. (The
//! charts' geometry is the page's: `pages/charts.rs`.)

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde::Serialize;
use utoipa::ToSchema;

use crate::accounts::Role;
use crate::ideas::rules::IdeaStatus;

/// The product team and admins see the dashboard.
pub fn may_view(role: Role) -> bool {
    matches!(role, Role::ProductTeam | Role::Admin)
}

// ---- the funnel -------------------------------------------------------------

/// The stages after submission, in order, up to the shelf.
pub const STAGES: [IdeaStatus; 6] = [
    IdeaStatus::GatheringSupport,
    IdeaStatus::InReview,
    IdeaStatus::Approved,
    IdeaStatus::InDevelopment,
    IdeaStatus::InProduction,
    IdeaStatus::OnShelf,
];

/// Where ideas leave the funnel: counted beside it.
pub const EXITS: [IdeaStatus; 4] =
    [IdeaStatus::Declined, IdeaStatus::Expired, IdeaStatus::Rejected, IdeaStatus::Merged];

/// The name of the funnel's first stage: every idea ever submitted.
pub const SUBMITTED: &str = "submitted";

/// The statuses that show an idea reached `stage`, in its timeline or as its
/// status now: the stage itself and every later stage (an idea on the shelf
/// has passed review, even one whose timeline lacks the event). An exit
/// counts only itself.
pub fn reaching(stage: IdeaStatus) -> Vec<IdeaStatus> {
    match STAGES.iter().position(|s| *s == stage) {
        Some(i) => STAGES[i..].to_vec(),
        None => vec![stage],
    }
}

/// `part` as a whole percentage of `whole`, rounded half up; 0 of nothing.
pub fn percent(part: i64, whole: i64) -> i64 {
    if whole <= 0 {
        return 0;
    }
    (part.max(0) * 200 + whole) / (2 * whole)
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FunnelStage {
    /// `submitted`, then the statuses `gathering_support` … `on_shelf`.
    pub stage: String,
    /// Ideas that reached this stage (and may have moved on since).
    pub reached: i64,
    /// Ideas in this stage now (for `submitted`: still waiting for moderation, `pending`).
    pub now: i64,
    /// `reached` as a rounded percentage of all submitted ideas.
    pub percent_of_submitted: i64,
    /// `reached` as a rounded percentage of the previous stage's (100 for `submitted`).
    pub percent_of_previous: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FunnelExit {
    /// `declined`, `expired`, `rejected` or `merged`.
    pub status: String,
    /// Ideas that were ever in this status (a declined idea reopened later still counts).
    pub reached: i64,
    /// Ideas in this status now.
    pub now: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Funnel {
    /// Every idea submitted in the scope.
    pub submitted: i64,
    pub stages: Vec<FunnelStage>,
    pub exits: Vec<FunnelExit>,
}

/// The funnel from its counts: `reached` per stage and exit (as the store
/// counted them with [`reaching`]), and the ideas per status now.
pub fn funnel(submitted: i64, reached: &HashMap<IdeaStatus, i64>, now: &HashMap<IdeaStatus, i64>) -> Funnel {
    let now_of = |s: IdeaStatus| now.get(&s).copied().unwrap_or(0);
    let mut stages = vec![FunnelStage {
        stage: SUBMITTED.into(),
        reached: submitted,
        now: now_of(IdeaStatus::Pending),
        percent_of_submitted: if submitted > 0 { 100 } else { 0 },
        percent_of_previous: if submitted > 0 { 100 } else { 0 },
    }];
    let mut previous = submitted;
    for s in STAGES {
        let n = reached.get(&s).copied().unwrap_or(0);
        stages.push(FunnelStage {
            stage: s.as_str().into(),
            reached: n,
            now: now_of(s),
            percent_of_submitted: percent(n, submitted),
            percent_of_previous: percent(n, previous),
        });
        previous = n;
    }
    let exits = EXITS
        .iter()
        .map(|s| FunnelExit {
            status: s.as_str().into(),
            reached: reached.get(s).copied().unwrap_or(0),
            now: now_of(*s),
        })
        .collect();
    Funnel { submitted, stages, exits }
}

// ---- supports per day -------------------------------------------------------

/// Days the supports chart covers, today included.
pub const DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct DayCount {
    /// The day (UTC).
    pub day: NaiveDate,
    pub supports: i64,
}

/// Midnight (UTC) at the start of the oldest of `days` days ending with today.
pub fn days_start(now: NaiveDateTime, days: i64) -> NaiveDateTime {
    (now.date() - Duration::days(days.max(1) - 1)).and_time(NaiveTime::MIN)
}

/// Counts the moments per day (UTC) for the `days` days ending with `today`,
/// oldest first; days without any are there with 0, moments outside are left out.
pub fn per_day(times: &[NaiveDateTime], today: NaiveDate, days: i64) -> Vec<DayCount> {
    let days = days.max(1);
    let first = today - Duration::days(days - 1);
    let mut counts = vec![0i64; usize::try_from(days).unwrap_or(0)];
    for t in times {
        let offset = (t.date() - first).num_days();
        if let Some(slot) = usize::try_from(offset).ok().and_then(|i| counts.get_mut(i)) {
            *slot += 1;
        }
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(i, supports)| DayCount { day: first + Duration::days(i64::try_from(i).unwrap_or(0)), supports })
        .collect()
}

// ---- risers -----------------------------------------------------------------

/// How many risers the dashboard lists.
pub const RISERS: usize = 10;

/// This week: `[now - 7 days, now]`; the week before: `[now - 14 days, now - 7 days)`.
/// Returns (start of the week before, start of this week).
pub fn week_windows(now: NaiveDateTime) -> (NaiveDateTime, NaiveDateTime) {
    (now - Duration::days(14), now - Duration::days(7))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rise {
    pub idea_id: String,
    pub this_week: i64,
    pub last_week: i64,
    /// `this_week - last_week`.
    pub change: i64,
}

/// The ideas with the most supports this week (at least one), with the week
/// before for comparison: most this week first, then the larger rise, then
/// the newer idea (ids are UUIDv7); at most `limit`.
pub fn rank_risers(this_week: &[(String, i64)], last_week: &[(String, i64)], limit: usize) -> Vec<Rise> {
    let before: HashMap<&str, i64> = last_week.iter().map(|(id, n)| (id.as_str(), *n)).collect();
    let mut rises: Vec<Rise> = this_week
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(id, n)| {
            let last = before.get(id.as_str()).copied().unwrap_or(0);
            Rise { idea_id: id.clone(), this_week: *n, last_week: last, change: n - last }
        })
        .collect();
    rises.sort_by(|a, b| {
        b.this_week.cmp(&a.this_week).then(b.change.cmp(&a.change)).then_with(|| b.idea_id.cmp(&a.idea_id))
    });
    rises.truncate(limit);
    rises
}

// ---- waiting for review -----------------------------------------------------

/// How many waiting ideas the dashboard lists (the count covers all).
pub const WAITING: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waited {
    /// Whole hours since the idea entered review (never negative).
    pub hours: i64,
    /// Whole days.
    pub days: i64,
}

pub fn waited(since: NaiveDateTime, now: NaiveDateTime) -> Waited {
    let hours = (now - since).num_hours().max(0);
    Waited { hours, days: hours / 24 }
}

/// Oldest first (longest waiting on top); equal times by id.
pub fn oldest_first(a: (NaiveDateTime, &str), b: (NaiveDateTime, &str)) -> Ordering {
    a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1))
}

// ---- alerts -----------------------------------------------------------------

/// One open review-spike alert.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenAlert {
    pub product_id: String,
    pub low_ratings: i32,
    pub window_hours: i32,
    pub usual_rate: f64,
    pub created_at: NaiveDateTime,
}

/// A product's open alerts: how many, and the latest one's numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductAlerts {
    pub product_id: String,
    pub open: i64,
    pub latest: OpenAlert,
}

/// Open alerts by product, the product with the latest alert first.
pub fn group_alerts(alerts: &[OpenAlert]) -> Vec<ProductAlerts> {
    let mut by_product: HashMap<&str, ProductAlerts> = HashMap::new();
    for a in alerts {
        let entry = by_product.entry(a.product_id.as_str()).or_insert_with(|| ProductAlerts {
            product_id: a.product_id.clone(),
            open: 0,
            latest: a.clone(),
        });
        entry.open += 1;
        if a.created_at > entry.latest.created_at {
            entry.latest = a.clone();
        }
    }
    let mut out: Vec<ProductAlerts> = by_product.into_values().collect();
    out.sort_by(|a, b| b.latest.created_at.cmp(&a.latest.created_at).then_with(|| a.product_id.cmp(&b.product_id)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn only_the_product_team_and_admins_see_it() {
        assert!(may_view(Role::ProductTeam));
        assert!(may_view(Role::Admin));
        assert!(!may_view(Role::Member));
        assert!(!may_view(Role::Moderator));
    }

    #[test]
    fn reaching_a_stage_counts_the_later_ones() {
        use IdeaStatus::*;
        assert_eq!(reaching(GatheringSupport), STAGES.to_vec());
        assert_eq!(reaching(Approved), vec![Approved, InDevelopment, InProduction, OnShelf]);
        assert_eq!(reaching(OnShelf), vec![OnShelf]);
        assert_eq!(reaching(Declined), vec![Declined]);
        assert_eq!(reaching(Merged), vec![Merged]);
        // Every status is a stage or an exit, except pending (the entrance).
        for s in IdeaStatus::ALL {
            assert_eq!(STAGES.contains(&s) || EXITS.contains(&s), s != Pending, "{s:?}");
        }
    }

    #[test]
    fn percentages_round_half_up_and_survive_zero() {
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(1, 8), 13); // 12.5
        assert_eq!(percent(5, 5), 100);
        assert_eq!(percent(3, 0), 0);
        assert_eq!(percent(0, 7), 0);
    }

    #[test]
    fn the_funnel_from_its_counts() {
        use IdeaStatus::*;
        let reached: HashMap<IdeaStatus, i64> = [
            (GatheringSupport, 8),
            (InReview, 4),
            (Approved, 2),
            (OnShelf, 1),
            (InDevelopment, 1),
            (InProduction, 1),
            (Declined, 1),
            (Rejected, 2),
        ]
        .into_iter()
        .collect();
        let now: HashMap<IdeaStatus, i64> = [
            (IdeaStatus::Pending, 1),
            (IdeaStatus::GatheringSupport, 3),
            (IdeaStatus::InReview, 1),
            (IdeaStatus::Declined, 1),
            (IdeaStatus::OnShelf, 1),
            (IdeaStatus::Rejected, 2),
        ]
        .into_iter()
        .collect();
        let f = funnel(10, &reached, &now);
        let rows: Vec<(&str, i64, i64, i64, i64)> = f
            .stages
            .iter()
            .map(|s| (s.stage.as_str(), s.reached, s.now, s.percent_of_submitted, s.percent_of_previous))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("submitted", 10, 1, 100, 100),
                ("gathering_support", 8, 3, 80, 80),
                ("in_review", 4, 1, 40, 50),
                ("approved", 2, 0, 20, 50),
                ("in_development", 1, 0, 10, 50),
                ("in_production", 1, 0, 10, 100),
                ("on_shelf", 1, 1, 10, 100),
            ]
        );
        let exits: Vec<(&str, i64, i64)> = f.exits.iter().map(|e| (e.status.as_str(), e.reached, e.now)).collect();
        assert_eq!(exits, vec![("declined", 1, 1), ("expired", 0, 0), ("rejected", 2, 2), ("merged", 0, 0)]);
        let empty = funnel(0, &HashMap::new(), &HashMap::new());
        assert!(empty
            .stages
            .iter()
            .all(|s| s.reached == 0 && s.percent_of_submitted == 0 && s.percent_of_previous == 0));
    }

    #[test]
    fn days_are_bucketed_in_utc_and_zero_filled() {
        let now = at("2026-05-30 09:15:00");
        assert_eq!(days_start(now, 30), at("2026-05-01 00:00:00"));
        assert_eq!(days_start(now, 1), at("2026-05-30 00:00:00"));
        let times = [
            at("2026-04-30 23:59:59"), // the day before the window: left out
            at("2026-05-01 00:00:00"),
            at("2026-05-01 23:59:59"),
            at("2026-05-15 12:00:00"),
            at("2026-05-30 08:00:00"),
            at("2026-05-31 00:00:01"), // after today: left out
        ];
        let days = per_day(&times, now.date(), 30);
        assert_eq!(days.len(), 30);
        assert_eq!(days[0], DayCount { day: day("2026-05-01"), supports: 2 });
        assert_eq!(days[1], DayCount { day: day("2026-05-02"), supports: 0 });
        assert_eq!(days[14], DayCount { day: day("2026-05-15"), supports: 1 });
        assert_eq!(days[29], DayCount { day: day("2026-05-30"), supports: 1 });
        assert_eq!(days.iter().map(|d| d.supports).sum::<i64>(), 4);
        // Consecutive days, none missing, across a month's end.
        let across = per_day(&[], day("2026-03-02"), 5);
        let names: Vec<String> = across.iter().map(|d| d.day.to_string()).collect();
        assert_eq!(names, ["2026-02-26", "2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
        assert!(across.iter().all(|d| d.supports == 0));
    }

    #[test]
    fn week_windows_are_seven_days_each() {
        let now = at("2026-05-30 09:15:00");
        assert_eq!(week_windows(now), (at("2026-05-16 09:15:00"), at("2026-05-23 09:15:00")));
    }

    #[test]
    fn risers_by_this_weeks_supports_then_the_rise() {
        let this = vec![
            ("a".to_string(), 3),
            ("b".to_string(), 5),
            ("c".to_string(), 3),
            ("d".to_string(), 0),
            ("e".to_string(), 3),
        ];
        let last = vec![("a".to_string(), 4), ("c".to_string(), 1), ("z".to_string(), 9)];
        let ranked = rank_risers(&this, &last, 10);
        let order: Vec<(&str, i64, i64, i64)> =
            ranked.iter().map(|r| (r.idea_id.as_str(), r.this_week, r.last_week, r.change)).collect();
        // b leads; among the threes e rose most (3 from 0), then c (+2), then a (−1).
        assert_eq!(order, vec![("b", 5, 0, 5), ("e", 3, 0, 3), ("c", 3, 1, 2), ("a", 3, 4, -1)]);
        assert_eq!(rank_risers(&this, &last, 2).len(), 2);
        // Equal in everything: the newer idea (the larger UUIDv7) first.
        let tie = rank_risers(&[("0190-a".into(), 2), ("0190-b".into(), 2)], &[], 10);
        assert_eq!(tie[0].idea_id, "0190-b");
        assert!(rank_risers(&[], &last, 10).is_empty(), "no supports this week, no risers");
    }

    #[test]
    fn waiting_time_and_order() {
        let now = at("2026-05-30 12:00:00");
        assert_eq!(waited(at("2026-05-27 11:00:00"), now), Waited { hours: 73, days: 3 });
        assert_eq!(waited(at("2026-05-30 11:30:00"), now), Waited { hours: 0, days: 0 });
        assert_eq!(waited(at("2026-05-31 00:00:00"), now), Waited { hours: 0, days: 0 }, "never negative");
        let mut items =
            [(at("2026-05-20 00:00:00"), "b"), (at("2026-05-10 00:00:00"), "z"), (at("2026-05-20 00:00:00"), "a")];
        items.sort_by(|x, y| oldest_first(*x, *y));
        assert_eq!(items.iter().map(|i| i.1).collect::<Vec<_>>(), ["z", "a", "b"]);
    }

    #[test]
    fn alerts_grouped_by_product_latest_first() {
        let alert = |p: &str, low: i32, t: &str| OpenAlert {
            product_id: p.into(),
            low_ratings: low,
            window_hours: 48,
            usual_rate: 0.5,
            created_at: at(t),
        };
        let grouped = group_alerts(&[
            alert("p1", 20, "2026-05-01 10:00:00"),
            alert("p2", 25, "2026-05-03 10:00:00"),
            alert("p1", 31, "2026-05-05 10:00:00"),
        ]);
        let rows: Vec<(&str, i64, i32)> =
            grouped.iter().map(|g| (g.product_id.as_str(), g.open, g.latest.low_ratings)).collect();
        assert_eq!(rows, vec![("p1", 2, 31), ("p2", 1, 25)]);
        assert!(group_alerts(&[]).is_empty());
    }
}

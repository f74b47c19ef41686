//! The rules of private feedback and the review board (docs/REVIEW.md): the criteria and their weights,
//! the weighted score, the spread and the outliers of the calibration view, the outcomes a decision memo
//! publishes, who evaluates an idea (round robin) and who may see whose scores (blindness). Pure.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// The four things a member scores in private feedback, in order.
pub const FEEDBACK_CRITERIA: [&str; 4] = ["originality", "execution", "detail", "presentation"];
/// A feedback note or an evaluator's note has at most this many characters.
pub const NOTE_MAX: usize = 2_000;
/// Scores run from 1 to 5.
pub const SCORE_MIN: i32 = 1;
pub const SCORE_MAX: i32 = 5;
/// A criterion whose mean score reaches the bar is "above our bar" in the memo.
pub const BAR: f64 = 3.0;
/// An evaluator this far (or farther) from the mean of the others on a criterion is an outlier.
pub const OUTLIER_DISTANCE: f64 = 2.0;
/// How many evaluators the round robin assigns; a decision board needs at least this many.
pub const EVALUATORS: usize = 2;
/// At most one feedback notification per idea in this period: later feedback updates its count.
pub const DIGEST_PERIOD_HOURS: i64 = 24;
/// The scope of the open board's criteria (ideas without a challenge).
pub const OPEN_BOARD: &str = "open";

pub fn score_ok(score: i32) -> bool {
    (SCORE_MIN..=SCORE_MAX).contains(&score)
}

/// A review criterion and its weight (the weights of a scope sum to 100).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Criterion {
    /// snake_case, 2 to 40 characters: `brand_fit`.
    pub key: String,
    /// What the pages show; empty: the translated default name of the key.
    #[serde(default)]
    pub label: String,
    /// 1 to 100; the weights of a scope sum to 100.
    pub weight: i32,
}

/// The criteria when none are set: brand fit 30, feasibility 25, demand 25, originality 20.
pub fn default_criteria() -> Vec<Criterion> {
    [("brand_fit", 30), ("feasibility", 25), ("demand", 25), ("originality", 20)]
        .into_iter()
        .map(|(key, weight)| Criterion { key: key.to_string(), label: String::new(), weight })
        .collect()
}

/// The keys of the default criteria, which the pages translate.
pub fn is_default_key(key: &str) -> bool {
    default_criteria().iter().any(|c| c.key == key)
}

/// What is wrong with a set of criteria: (field, code, message) per problem.
pub fn check_criteria(criteria: &[Criterion]) -> Vec<(String, &'static str, String)> {
    let mut out = Vec::new();
    if criteria.is_empty() || criteria.len() > 8 {
        out.push(("criteria".to_string(), "count", "Name 1 to 8 criteria.".to_string()));
        return out;
    }
    let mut seen = std::collections::BTreeSet::new();
    for (i, c) in criteria.iter().enumerate() {
        let key_ok = (2..=40).contains(&c.key.len())
            && c.key.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
            && c.key.starts_with(|ch: char| ch.is_ascii_lowercase());
        if !key_ok {
            out.push((format!("criteria[{i}].key"), "invalid", "A key is snake_case, 2 to 40 characters.".into()));
        } else if !seen.insert(c.key.as_str()) {
            out.push((format!("criteria[{i}].key"), "duplicate", "Each criterion once.".into()));
        }
        if c.label.chars().count() > 60 {
            out.push((format!("criteria[{i}].label"), "too_long", "A label has at most 60 characters.".into()));
        }
        if !(1..=100).contains(&c.weight) {
            out.push((format!("criteria[{i}].weight"), "range", "A weight is 1 to 100.".into()));
        }
    }
    let sum: i64 = criteria.iter().map(|c| i64::from(c.weight)).sum();
    if out.is_empty() && sum != 100 {
        out.push(("criteria".to_string(), "weights_sum", format!("The weights sum to 100, not {sum}.")));
    }
    out
}

/// Scores by criterion key.
pub type Scores = BTreeMap<String, i32>;

/// What is wrong with an evaluator's scores for these criteria.
pub fn check_scores(criteria: &[Criterion], scores: &Scores) -> Vec<(String, &'static str, String)> {
    let mut out = Vec::new();
    for c in criteria {
        match scores.get(&c.key) {
            None => out.push((format!("scores.{}", c.key), "required", "Score every criterion.".into())),
            Some(s) if !score_ok(*s) => out.push((format!("scores.{}", c.key), "range", "A score is 1 to 5.".into())),
            _ => {}
        }
    }
    for key in scores.keys() {
        if !criteria.iter().any(|c| &c.key == key) {
            out.push((format!("scores.{key}"), "unknown", "Not a criterion of this board.".into()));
        }
    }
    out
}

fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        None
    } else {
        Some(values.iter().sum::<f64>() / values.len() as f64)
    }
}

fn values_of(key: &str, evaluations: &[Scores]) -> Vec<f64> {
    evaluations.iter().filter_map(|e| e.get(key)).map(|s| f64::from(*s)).collect()
}

/// The mean score of each criterion over the submitted evaluations (none without evaluations).
pub fn means(criteria: &[Criterion], evaluations: &[Scores]) -> Vec<(String, Option<f64>)> {
    criteria.iter().map(|c| (c.key.clone(), mean(&values_of(&c.key, evaluations)))).collect()
}

/// The weighted score, 0 to 100: each criterion's mean mapped from 1..5 to 0..100, weighted. None
/// without a submitted evaluation.
pub fn weighted_score(criteria: &[Criterion], evaluations: &[Scores]) -> Option<f64> {
    let total: i64 = criteria.iter().map(|c| i64::from(c.weight)).sum();
    if evaluations.is_empty() || total <= 0 {
        return None;
    }
    let mut sum = 0.0;
    for c in criteria {
        let m = mean(&values_of(&c.key, evaluations))?;
        sum += (m - 1.0) / 4.0 * 100.0 * f64::from(c.weight);
    }
    Some((sum / (total as f64) * 10.0).round() / 10.0)
}

/// The spread of one criterion's scores: lowest, highest, their difference, the mean.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Spread {
    pub key: String,
    pub min: i32,
    pub max: i32,
    pub spread: i32,
    pub mean: f64,
}

pub fn spreads(criteria: &[Criterion], evaluations: &[Scores]) -> Vec<Spread> {
    criteria
        .iter()
        .filter_map(|c| {
            let vals: Vec<i32> = evaluations.iter().filter_map(|e| e.get(&c.key).copied()).collect();
            let (min, max) = (*vals.iter().min()?, *vals.iter().max()?);
            let m = mean(&vals.iter().map(|v| f64::from(*v)).collect::<Vec<_>>())?;
            Some(Spread { key: c.key.clone(), min, max, spread: max - min, mean: (m * 100.0).round() / 100.0 })
        })
        .collect()
}

/// An evaluator far from the others on a criterion.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Outlier {
    /// The index of the evaluation in the list given (the service names the evaluator).
    #[serde(skip)]
    pub index: usize,
    pub key: String,
    pub score: i32,
    /// The mean of the other evaluators' scores on this criterion.
    pub others_mean: f64,
}

/// Every (evaluation, criterion) whose score is at least `OUTLIER_DISTANCE` from the mean of the others.
pub fn outliers(criteria: &[Criterion], evaluations: &[Scores]) -> Vec<Outlier> {
    let mut out = Vec::new();
    for c in criteria {
        for (i, e) in evaluations.iter().enumerate() {
            let Some(score) = e.get(&c.key).copied() else { continue };
            let others: Vec<f64> = evaluations
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .filter_map(|(_, o)| o.get(&c.key))
                .map(|s| f64::from(*s))
                .collect();
            let Some(m) = mean(&others) else { continue };
            if (f64::from(score) - m).abs() >= OUTLIER_DISTANCE - 1e-9 {
                out.push(Outlier { index: i, key: c.key.clone(), score, others_mean: (m * 100.0).round() / 100.0 });
            }
        }
    }
    out
}

/// Where a criterion's mean landed against the bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    AboveBar,
    BelowBar,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::AboveBar => "above_bar",
            Outcome::BelowBar => "below_bar",
        }
    }
}

/// One line of a decision memo: a criterion and its outcome, nothing about who scored what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MemoLine {
    pub key: String,
    #[serde(default)]
    pub label: String,
    pub outcome: Outcome,
}

/// The memo's lines: per criterion, above the bar when the mean of the submitted scores reaches `BAR`.
/// Empty without a submitted evaluation (a decision without the board publishes no memo).
pub fn memo_outcomes(criteria: &[Criterion], evaluations: &[Scores]) -> Vec<MemoLine> {
    if evaluations.is_empty() {
        return Vec::new();
    }
    means(criteria, evaluations)
        .into_iter()
        .zip(criteria)
        .filter_map(|((key, m), c)| {
            let outcome = if m? >= BAR { Outcome::AboveBar } else { Outcome::BelowBar };
            Some(MemoLine { key, label: c.label.clone(), outcome })
        })
        .collect()
}

/// An assignment's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Assignment {
    Assigned,
    Submitted,
    Recused,
}

impl Assignment {
    pub fn as_str(self) -> &'static str {
        match self {
            Assignment::Assigned => "assigned",
            Assignment::Submitted => "submitted",
            Assignment::Recused => "recused",
        }
    }

    pub fn parse(s: &str) -> Option<Assignment> {
        [Assignment::Assigned, Assignment::Submitted, Assignment::Recused].into_iter().find(|a| a.as_str() == s)
    }
}

/// Blindness: an evaluator who is assigned and has not submitted sees no one else's scores; everyone else
/// of the product team (evaluators who submitted or recused, members of the team not assigned) does.
pub fn sees_others(own: Option<Assignment>) -> bool {
    own != Some(Assignment::Assigned)
}

/// The round robin: `n` evaluators among the candidates (id, open assignments), fewest open assignments
/// first, then by id (stable), leaving out `exclude` (the author, those already assigned or recused).
pub fn pick_evaluators(candidates: &[(String, i64)], exclude: &[String], n: usize) -> Vec<String> {
    let mut pool: Vec<&(String, i64)> = candidates.iter().filter(|(id, _)| !exclude.contains(id)).collect();
    pool.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    pool.into_iter().take(n).map(|(id, _)| id.clone()).collect()
}

/// A decision waits for every assigned evaluator unless an admin overrides: true when it must wait.
pub fn decision_blocked(pending: usize, admin_override: bool) -> bool {
    pending > 0 && !admin_override
}

/// The feedback digest: a notification made at `last` still collects feedback given at `now`.
pub fn same_digest(last: NaiveDateTime, now: NaiveDateTime) -> bool {
    now >= last && now - last < Duration::hours(DIGEST_PERIOD_HOURS)
}

/// A criterion's statistics in the author's feedback summary.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct FeedbackStat {
    pub criterion: String,
    pub count: i64,
    /// Two decimals; none without feedback.
    pub mean: Option<f64>,
}

/// The author's summary: per feedback criterion the count and the mean.
pub fn feedback_stats(rows: &[[i32; 4]]) -> Vec<FeedbackStat> {
    FEEDBACK_CRITERIA
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let vals: Vec<f64> = rows.iter().map(|r| f64::from(r[i])).collect();
            FeedbackStat {
                criterion: name.to_string(),
                count: vals.len() as i64,
                mean: mean(&vals).map(|m| (m * 100.0).round() / 100.0),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(pairs: &[(&str, i32)]) -> Scores {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    fn crit(pairs: &[(&str, i32)]) -> Vec<Criterion> {
        pairs.iter().map(|(k, w)| Criterion { key: k.to_string(), label: String::new(), weight: *w }).collect()
    }

    #[test]
    fn the_defaults_weigh_one_hundred_and_pass() {
        let d = default_criteria();
        assert_eq!(d.iter().map(|c| c.weight).sum::<i32>(), 100);
        assert!(check_criteria(&d).is_empty());
        assert!(is_default_key("brand_fit") && !is_default_key("taste"));
    }

    #[test]
    fn criteria_are_checked() {
        assert_eq!(check_criteria(&[])[0].1, "count");
        assert_eq!(check_criteria(&crit(&[("a_b", 60), ("c_d", 30)]))[0].1, "weights_sum");
        // Weights far out of range are refused, not summed into an overflow.
        let huge = check_criteria(&crit(&[("a_b", i32::MAX - 1), ("c_d", i32::MAX - 1)]));
        assert!(huge.iter().any(|e| e.1 == "range"), "{huge:?}");
        assert_eq!(check_criteria(&crit(&[("Bad Key", 100)]))[0].1, "invalid");
        assert_eq!(check_criteria(&crit(&[("taste", 50), ("taste", 50)]))[0].1, "duplicate");
        assert_eq!(check_criteria(&crit(&[("taste", 0), ("cost", 100)]))[0].1, "range");
        assert!(check_criteria(&crit(&[("taste", 40), ("cost", 60)])).is_empty());
    }

    #[test]
    fn scores_cover_every_criterion_within_range() {
        let c = crit(&[("taste", 50), ("cost", 50)]);
        assert!(check_scores(&c, &s(&[("taste", 1), ("cost", 5)])).is_empty());
        assert_eq!(check_scores(&c, &s(&[("taste", 1)]))[0].1, "required");
        assert_eq!(check_scores(&c, &s(&[("taste", 0), ("cost", 3)]))[0].1, "range");
        assert_eq!(check_scores(&c, &s(&[("taste", 2), ("cost", 3), ("looks", 3)]))[0].1, "unknown");
    }

    #[test]
    fn the_weighted_score_maps_one_to_five_onto_zero_to_hundred() {
        let c = crit(&[("a", 30), ("b", 70)]);
        assert_eq!(weighted_score(&c, &[]), None);
        assert_eq!(weighted_score(&c, &[s(&[("a", 5), ("b", 5)])]), Some(100.0));
        assert_eq!(weighted_score(&c, &[s(&[("a", 1), ("b", 1)])]), Some(0.0));
        // a: mean 3 → 50; b: mean 4 → 75; 0.3·50 + 0.7·75 = 67.5
        assert_eq!(weighted_score(&c, &[s(&[("a", 2), ("b", 3)]), s(&[("a", 4), ("b", 5)])]), Some(67.5));
    }

    #[test]
    fn spread_and_outliers() {
        let c = crit(&[("a", 50), ("b", 50)]);
        let e = [s(&[("a", 1), ("b", 3)]), s(&[("a", 4), ("b", 3)]), s(&[("a", 4), ("b", 4)])];
        let sp = spreads(&c, &e);
        assert_eq!((sp[0].min, sp[0].max, sp[0].spread, sp[0].mean), (1, 4, 3, 3.0));
        assert_eq!(sp[1].spread, 1);
        let o = outliers(&c, &e);
        assert_eq!(o.len(), 1, "{o:?}");
        assert_eq!((o[0].index, o[0].key.as_str(), o[0].score, o[0].others_mean), (0, "a", 1, 4.0));
        // Exactly 2 away counts; one evaluation alone has no others.
        let two = [s(&[("a", 1), ("b", 3)]), s(&[("a", 3), ("b", 3)])];
        assert_eq!(outliers(&c, &two).len(), 2);
        assert!(outliers(&c, &two[..1]).is_empty());
    }

    #[test]
    fn the_memo_says_above_or_below_the_bar() {
        let c = crit(&[("feasibility", 50), ("demand", 50)]);
        assert!(memo_outcomes(&c, &[]).is_empty());
        let e = [s(&[("feasibility", 2), ("demand", 3)]), s(&[("feasibility", 3), ("demand", 4)])];
        let memo = memo_outcomes(&c, &e);
        assert_eq!(memo[0], MemoLine { key: "feasibility".into(), label: String::new(), outcome: Outcome::BelowBar });
        assert_eq!(memo[1].outcome, Outcome::AboveBar, "a mean of exactly 3 reaches the bar");
    }

    #[test]
    fn round_robin_takes_the_least_busy_first() {
        let cands = vec![("c".to_string(), 0), ("a".to_string(), 2), ("b".to_string(), 0), ("d".to_string(), 1)];
        assert_eq!(pick_evaluators(&cands, &[], 2), vec!["b".to_string(), "c".to_string()]);
        assert_eq!(pick_evaluators(&cands, &["b".to_string()], 2), vec!["c".to_string(), "d".to_string()]);
        assert_eq!(pick_evaluators(&cands, &[], 9).len(), 4);
        assert!(pick_evaluators(&[], &[], 2).is_empty());
    }

    #[test]
    fn blindness_and_decisions() {
        assert!(!sees_others(Some(Assignment::Assigned)));
        assert!(sees_others(Some(Assignment::Submitted)) && sees_others(Some(Assignment::Recused)));
        assert!(sees_others(None));
        assert!(decision_blocked(1, false));
        assert!(!decision_blocked(1, true) && !decision_blocked(0, false));
        for a in [Assignment::Assigned, Assignment::Submitted, Assignment::Recused] {
            assert_eq!(Assignment::parse(a.as_str()), Some(a));
        }
    }

    #[test]
    fn one_digest_a_day_and_feedback_stats() {
        let t = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        assert!(same_digest(t("2026-12-05 10:00"), t("2026-12-06 09:59")));
        assert!(!same_digest(t("2026-12-05 10:00"), t("2026-12-06 10:00")));
        let stats = feedback_stats(&[[5, 4, 3, 2], [4, 4, 2, 1]]);
        assert_eq!(stats[0].criterion, "originality");
        assert_eq!((stats[0].count, stats[0].mean), (2, Some(4.5)));
        assert_eq!(stats[3].mean, Some(1.5));
        assert_eq!(feedback_stats(&[])[1].mean, None);
    }
}

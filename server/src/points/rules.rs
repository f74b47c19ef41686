//! Pure rules of the points ledger (issue 6): what each event pays, the daily
//! caps, levels, badges and the leaderboard's order. No database here: the
//! ledger store and service apply these in the transaction of each action.

use serde::Serialize;

/// What a ledger entry pays for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    IdeaPublished,
    SupportGiven,
    SupportReceived,
    Comment,
    Tip,
    TipHelpful,
    RatingWithReview,
    TierReached,
    IdeaApproved,
    IdeaOnShelf,
}

/// One row of the rule table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RuleSpec {
    pub rule: Rule,
    pub key: &'static str,
    /// Points per event (tiers: see `tier_points`).
    pub points: i32,
    /// At most this many paying events per member and UTC day.
    pub daily_cap: Option<i32>,
}

/// The rule table: the one place the platform's point values live.
pub const RULES: [RuleSpec; 10] = [
    RuleSpec { rule: Rule::IdeaPublished, key: "idea_published", points: 10, daily_cap: None },
    RuleSpec { rule: Rule::SupportGiven, key: "support_given", points: 1, daily_cap: Some(20) },
    RuleSpec { rule: Rule::SupportReceived, key: "support_received", points: 2, daily_cap: None },
    RuleSpec { rule: Rule::Comment, key: "comment", points: 1, daily_cap: Some(10) },
    RuleSpec { rule: Rule::Tip, key: "tip", points: 5, daily_cap: None },
    RuleSpec { rule: Rule::TipHelpful, key: "tip_helpful", points: 2, daily_cap: None },
    RuleSpec { rule: Rule::RatingWithReview, key: "rating_with_review", points: 3, daily_cap: None },
    RuleSpec { rule: Rule::TierReached, key: "tier_reached", points: 25, daily_cap: None },
    RuleSpec { rule: Rule::IdeaApproved, key: "idea_approved", points: 200, daily_cap: None },
    RuleSpec { rule: Rule::IdeaOnShelf, key: "idea_on_shelf", points: 1000, daily_cap: None },
];

impl Rule {
    pub fn spec(self) -> RuleSpec {
        // Every rule has exactly one row (tested below).
        RULES.into_iter().find(|s| s.rule == self).unwrap_or(RULES[0])
    }

    pub fn as_str(self) -> &'static str {
        self.spec().key
    }

    pub fn parse(s: &str) -> Option<Rule> {
        RULES.into_iter().find(|r| r.key == s).map(|r| r.rule)
    }
}

/// An idea reaching its threshold tiers pays +25, +50, then +100 for the
/// third and any later tier (`tier` counts from 1).
pub fn tier_points(tier: i32) -> i32 {
    match tier {
        i32::MIN..=0 => 0,
        1 => 25,
        2 => 50,
        _ => 100,
    }
}

/// What an event pays: the rule's points (tiers by their number), or nothing
/// when the member already reached the rule's daily cap.
pub fn award(rule: Rule, tier: Option<i32>, paid_today: i32) -> i32 {
    let spec = rule.spec();
    if spec.daily_cap.is_some_and(|cap| paid_today >= cap) {
        return 0;
    }
    match rule {
        Rule::TierReached => tier_points(tier.unwrap_or(0)),
        _ => spec.points,
    }
}

/// Point thresholds of the levels, from level 1.
pub const LEVELS: [i64; 7] = [0, 50, 200, 500, 1_500, 5_000, 15_000];

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Level {
    /// 1 to 7.
    pub level: u32,
    /// Points where this level began.
    pub floor: i64,
    /// Points where the next level begins (none at the top).
    pub next: Option<i64>,
    /// Share of the way to the next level, 0 to 1 (1 at the top).
    pub progress: f64,
}

pub fn level_for(balance: i64) -> Level {
    let index = LEVELS.iter().rposition(|t| balance >= *t).unwrap_or(0);
    let floor = LEVELS[index];
    let next = LEVELS.get(index + 1).copied();
    let progress = match next {
        Some(n) => ((balance.max(floor) - floor) as f64 / (n - floor) as f64).clamp(0.0, 1.0),
        None => 1.0,
    };
    Level { level: index as u32 + 1, floor, next, progress }
}

/// What a member's history holds, as badge rules read it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Stats {
    pub ideas_published: i64,
    pub tips: i64,
    pub helpful_marks_on_tips: i64,
    pub supports_given: i64,
    pub ideas_in_review: i64,
    pub ideas_on_shelf: i64,
    /// The best rank the member holds on any challenge's leaderboard.
    pub best_challenge_rank: Option<i64>,
}

/// A badge: a key and the condition that earns it.
#[derive(Clone, Copy)]
pub struct Badge {
    pub key: &'static str,
    pub earned: fn(&Stats) -> bool,
}

/// The badge table: each badge is awarded once, when its condition first holds.
pub const BADGES: [Badge; 7] = [
    Badge { key: "first_idea", earned: |s| s.ideas_published >= 1 },
    Badge { key: "first_tip", earned: |s| s.tips >= 1 },
    Badge { key: "helpful_tips_10", earned: |s| s.helpful_marks_on_tips >= 10 },
    Badge { key: "supports_given_100", earned: |s| s.supports_given >= 100 },
    Badge { key: "idea_in_review", earned: |s| s.ideas_in_review >= 1 },
    Badge { key: "idea_on_shelf", earned: |s| s.ideas_on_shelf >= 1 },
    Badge { key: "challenge_top_10", earned: |s| s.best_challenge_rank.is_some_and(|r| r <= 10) },
];

/// The badges these stats earn, in table order.
pub fn earned(stats: &Stats) -> Vec<&'static str> {
    BADGES.iter().filter(|b| (b.earned)(stats)).map(|b| b.key).collect()
}

/// A leaderboard row before ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    pub handle: String,
    pub points: i64,
    /// When the member reached these points (earlier ranks first among equals).
    pub reached_at: i64,
}

/// Orders a leaderboard deterministically: more points first, then whoever
/// got there first, then the handle. Ranks are 1, 2, 3… with no shared places.
pub fn rank(mut rows: Vec<Standing>) -> Vec<(i64, Standing)> {
    rows.sort_by(|a, b| {
        b.points.cmp(&a.points).then(a.reached_at.cmp(&b.reached_at)).then_with(|| a.handle.cmp(&b.handle))
    });
    rows.into_iter().enumerate().map(|(i, s)| (i as i64 + 1, s)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_one_row_and_a_unique_key() {
        for r in RULES {
            assert_eq!(RULES.iter().filter(|s| s.rule == r.rule).count(), 1, "{:?}", r.rule);
            assert_eq!(RULES.iter().filter(|s| s.key == r.key).count(), 1, "{}", r.key);
            assert_eq!(Rule::parse(r.key), Some(r.rule));
        }
        assert_eq!(Rule::parse("nope"), None);
    }

    #[test]
    fn the_issue_s_point_values() {
        assert_eq!(award(Rule::IdeaPublished, None, 0), 10);
        assert_eq!(award(Rule::SupportGiven, None, 0), 1);
        assert_eq!(award(Rule::SupportReceived, None, 500), 2, "no cap on supports received");
        assert_eq!(award(Rule::Comment, None, 0), 1);
        assert_eq!(award(Rule::Tip, None, 0), 5);
        assert_eq!(award(Rule::TipHelpful, None, 0), 2);
        assert_eq!(award(Rule::RatingWithReview, None, 0), 3);
        assert_eq!(award(Rule::IdeaApproved, None, 0), 200);
        assert_eq!(award(Rule::IdeaOnShelf, None, 0), 1000);
        assert_eq!([1, 2, 3, 4].map(|t| award(Rule::TierReached, Some(t), 0)), [25, 50, 100, 100]);
        assert_eq!(tier_points(0), 0);
    }

    #[test]
    fn daily_caps() {
        assert_eq!(award(Rule::SupportGiven, None, 19), 1);
        assert_eq!(award(Rule::SupportGiven, None, 20), 0, "the 21st support of a day pays nothing");
        assert_eq!(award(Rule::Comment, None, 9), 1);
        assert_eq!(award(Rule::Comment, None, 10), 0);
    }

    #[test]
    fn levels_and_progress() {
        assert_eq!(level_for(0), Level { level: 1, floor: 0, next: Some(50), progress: 0.0 });
        assert_eq!(level_for(25).progress, 0.5);
        assert_eq!(level_for(50).level, 2);
        assert_eq!(level_for(199).level, 2);
        assert_eq!(level_for(1_500).level, 5);
        let top = level_for(20_000);
        assert_eq!((top.level, top.next, top.progress), (7, None, 1.0));
        assert_eq!(level_for(-30).level, 1, "a balance below zero after reversals stays at level 1");
        assert_eq!(level_for(-30).progress, 0.0);
    }

    #[test]
    fn badges_from_history() {
        assert!(earned(&Stats::default()).is_empty());
        let s = Stats { ideas_published: 1, tips: 3, helpful_marks_on_tips: 10, best_challenge_rank: Some(11), ..Default::default() };
        assert_eq!(earned(&s), vec!["first_idea", "first_tip", "helpful_tips_10"]);
        let s = Stats { supports_given: 100, ideas_in_review: 1, ideas_on_shelf: 1, best_challenge_rank: Some(10), ..Default::default() };
        assert_eq!(earned(&s), vec!["supports_given_100", "idea_in_review", "idea_on_shelf", "challenge_top_10"]);
        let s = Stats { helpful_marks_on_tips: 9, supports_given: 99, ..Default::default() };
        assert!(earned(&s).is_empty());
    }

    #[test]
    fn leaderboard_ties_are_broken_deterministically() {
        let row = |h: &str, p: i64, t: i64| Standing { handle: h.into(), points: p, reached_at: t };
        let ranked = rank(vec![row("cleo", 50, 3), row("ben", 80, 9), row("anna", 50, 3), row("dan", 50, 1)]);
        let order: Vec<(i64, &str)> = ranked.iter().map(|(r, s)| (*r, s.handle.as_str())).collect();
        assert_eq!(order, vec![(1, "ben"), (2, "dan"), (3, "anna"), (4, "cleo")]);
    }
}

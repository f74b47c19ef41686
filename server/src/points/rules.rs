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
    Question,
    Answer,
    AnswerHelpful,
    AnswerAccepted,
    TestReport,
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
pub const RULES: [RuleSpec; 15] = [
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
    RuleSpec { rule: Rule::Question, key: "question", points: 1, daily_cap: Some(5) },
    RuleSpec { rule: Rule::Answer, key: "answer", points: 2, daily_cap: Some(10) },
    RuleSpec { rule: Rule::AnswerHelpful, key: "answer_helpful", points: 2, daily_cap: None },
    RuleSpec { rule: Rule::AnswerAccepted, key: "answer_accepted", points: 10, daily_cap: None },
    RuleSpec { rule: Rule::TestReport, key: "test_report", points: 20, daily_cap: None },
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

/// Why a reversal was written. A reversal for a reason that can be undone
/// (moderation restores the content, the member marks the tip helpful again,
/// the review gets its text back) is itself reversed when that happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The member withdrew the support.
    Withdrawn,
    /// The member took back a helpful mark.
    Unmarked,
    /// The review's text was removed, or the rating deleted.
    ReviewRemoved,
    /// The author deleted the content.
    Deleted,
    /// A moderator hid the content.
    Moderation,
    /// The reversal it reverses was undone (restored, marked again).
    Reinstated,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Withdrawn => "withdrawn",
            Reason::Unmarked => "unmarked",
            Reason::ReviewRemoved => "review_removed",
            Reason::Deleted => "deleted",
            Reason::Moderation => "moderation",
            Reason::Reinstated => "reinstated",
        }
    }
}

/// An event's chain: the paying entry, then reversals each naming the one
/// before. What the chain pays now is its sum; the next step reverses the
/// last entry.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainStep {
    pub amount: i32,
    pub reason: Option<String>,
}

/// Whether to reverse a chain now: only when it still pays.
pub fn should_reverse(chain: &[ChainStep]) -> bool {
    chain.iter().map(|s| i64::from(s.amount)).sum::<i64>() > 0
}

/// Whether to reinstate a chain: only when it pays nothing now and its last
/// reversal was for this reason (a withdrawn support does not come back when
/// a moderator restores the idea).
pub fn should_reinstate(chain: &[ChainStep], reason: Reason) -> bool {
    let net: i64 = chain.iter().map(|s| i64::from(s.amount)).sum();
    net == 0 && chain.len() > 1 && chain.last().and_then(|s| s.reason.as_deref()) == Some(reason.as_str())
}

/// What a member's history holds, as badge rules read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stat {
    /// Ideas published (out of pre-moderation) and not hidden.
    IdeasPublished,
    /// Visible tips written.
    Tips,
    /// Reviews written (ratings with text), visible.
    Reviews,
    /// Helpful marks on the member's visible tips.
    HelpfulMarksOnTips,
    /// Ideas the member supports.
    SupportsGiven,
    /// The member's ideas that reached review (or went further).
    IdeasReviewed,
    /// The member's ideas on the shelf.
    IdeasOnShelf,
    /// The member's place on the leaderboard of the challenge an event moved.
    BestChallengeRank,
    /// Product test reports the member wrote.
    TestReports,
}

/// What happened, as far as badges care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// A ledger event of this rule (paid or capped).
    Paid(Rule),
    /// One of the member's ideas changed state.
    IdeaMoved,
}

impl Stat {
    /// The stats an event can change; only their badges are looked at.
    pub fn moved_by(self, event: Event) -> bool {
        use Rule::*;
        match (self, event) {
            (Stat::IdeasPublished, Event::Paid(IdeaPublished)) => true,
            (Stat::Tips, Event::Paid(Tip)) => true,
            (Stat::Reviews, Event::Paid(RatingWithReview)) => true,
            (Stat::HelpfulMarksOnTips, Event::Paid(TipHelpful)) => true,
            (Stat::SupportsGiven, Event::Paid(SupportGiven)) => true,
            (Stat::TestReports, Event::Paid(TestReport)) => true,
            (Stat::IdeasReviewed | Stat::IdeasOnShelf, Event::IdeaMoved) => true,
            // Any entry that counts for a challenge can move its leaderboard.
            (Stat::BestChallengeRank, Event::Paid(r)) => r.counts_for_challenge(),
            _ => false,
        }
    }
}

impl Rule {
    /// Rules whose events belong to an idea, and so to its challenge.
    pub fn counts_for_challenge(self) -> bool {
        matches!(
            self,
            Rule::IdeaPublished
                | Rule::SupportGiven
                | Rule::SupportReceived
                | Rule::Comment
                | Rule::TierReached
                | Rule::IdeaApproved
                | Rule::IdeaOnShelf
        )
    }
}

/// A badge's condition on its stat.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Condition {
    AtLeast(i64),
    /// A place on a leaderboard, 1 being the top.
    PlaceAtMost(i64),
}

impl Condition {
    pub fn holds(self, value: Option<i64>) -> bool {
        match self {
            Condition::AtLeast(n) => value.is_some_and(|v| v >= n),
            Condition::PlaceAtMost(n) => value.is_some_and(|v| (1..=n).contains(&v)),
        }
    }
}

/// A badge: what it is called, and the condition over a member's history
/// that earns it. Each is awarded once, with the date.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Badge {
    pub key: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    #[serde(skip)]
    pub stat: Stat,
    #[serde(skip)]
    pub condition: Condition,
}

/// The badge table: the one place badges are defined.
pub const BADGES: [Badge; 10] = [
    Badge {
        key: "first_idea",
        name: "First idea",
        description: "Published a first idea.",
        stat: Stat::IdeasPublished,
        condition: Condition::AtLeast(1),
    },
    Badge {
        key: "first_tip",
        name: "First tip",
        description: "Shared a first tip.",
        stat: Stat::Tips,
        condition: Condition::AtLeast(1),
    },
    Badge {
        key: "first_review",
        name: "First review",
        description: "Wrote a first product review.",
        stat: Stat::Reviews,
        condition: Condition::AtLeast(1),
    },
    Badge {
        key: "helpful_tips_10",
        name: "Helpful hand",
        description: "Tips marked helpful 10 times.",
        stat: Stat::HelpfulMarksOnTips,
        condition: Condition::AtLeast(10),
    },
    Badge {
        key: "supports_given_100",
        name: "Backer",
        description: "Supported 100 ideas.",
        stat: Stat::SupportsGiven,
        condition: Condition::AtLeast(100),
    },
    Badge {
        key: "idea_in_review",
        name: "Under review",
        description: "An idea reached the product team's review.",
        stat: Stat::IdeasReviewed,
        condition: Condition::AtLeast(1),
    },
    Badge {
        key: "idea_on_shelf",
        name: "On the shelf",
        description: "An idea became a product.",
        stat: Stat::IdeasOnShelf,
        condition: Condition::AtLeast(1),
    },
    Badge {
        key: "challenge_top_10",
        name: "Top 10",
        description: "Reached the top 10 of a challenge's leaderboard.",
        stat: Stat::BestChallengeRank,
        condition: Condition::PlaceAtMost(10),
    },
    Badge {
        key: "challenge_winner",
        name: "Challenge leader",
        description: "Led a challenge's leaderboard.",
        stat: Stat::BestChallengeRank,
        condition: Condition::PlaceAtMost(1),
    },
    Badge {
        key: "product_tester",
        name: "Product tester",
        description: "Tested a product and reported on it.",
        stat: Stat::TestReports,
        condition: Condition::AtLeast(1),
    },
];

pub fn badge(key: &str) -> Option<&'static Badge> {
    BADGES.iter().find(|b| b.key == key)
}

/// The badges an event may newly earn, among those the member lacks.
pub fn candidates(event: Event, owned: &[String]) -> Vec<&'static Badge> {
    BADGES.iter().filter(|b| b.stat.moved_by(event) && !owned.iter().any(|o| o == b.key)).collect()
}

/// The badges these stats earn, in table order.
pub fn earned(stats: &dyn Fn(Stat) -> Option<i64>) -> Vec<&'static str> {
    BADGES.iter().filter(|b| b.condition.holds(stats(b.stat))).map(|b| b.key).collect()
}

/// A leaderboard row before ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    pub user_id: String,
    pub points: i64,
    /// When the member reached these points (earlier ranks first among equals).
    pub reached_at: i64,
}

/// Orders a leaderboard deterministically: more points first, then whoever
/// got there first, then whoever joined first (ids are UUIDv7). Places are
/// 1, 2, 3… with none shared. The database sorts by the same keys (index
/// `point_totals_board`, `users_board`); the API tests compare the two.
pub fn rank(mut rows: Vec<Standing>) -> Vec<(i64, Standing)> {
    rows.sort_by(|a, b| {
        b.points.cmp(&a.points).then(a.reached_at.cmp(&b.reached_at)).then_with(|| a.user_id.cmp(&b.user_id))
    });
    rows.into_iter().enumerate().map(|(i, s)| (i as i64 + 1, s)).collect()
}

/// How a member's move from `old` to `new` points changes a board's
/// histogram (members per points value): a bucket's count by -1 or +1. Only
/// positive totals are on a board, so 0 and below have no bucket.
pub fn bucket_moves(old: i64, new: i64) -> Vec<(i64, i32)> {
    if old == new {
        return Vec::new();
    }
    [(old, -1), (new, 1)].into_iter().filter(|(points, _)| *points > 0).collect()
}

/// Many bucket changes as one per bucket, in ascending order, without the
/// ones that cancel out.
pub fn net_moves(moves: impl IntoIterator<Item = (i64, i32)>) -> Vec<(i64, i32)> {
    let mut net = std::collections::BTreeMap::<i64, i32>::new();
    for (points, by) in moves {
        *net.entry(points).or_default() += by;
    }
    net.into_iter().filter(|(_, by)| *by != 0).collect()
}

/// A member's place from the histogram: the members in the buckets above
/// theirs and those tied with them but ahead (reached earlier), less the
/// suspended members among both, plus one.
pub fn place(above: i64, tied_ahead: i64, suspended_ahead: i64) -> i64 {
    above + tied_ahead - suspended_ahead + 1
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
        // Questions and answers (issue 18): capped per day like comments; helpful marks and acceptance are not.
        assert_eq!(award(Rule::Question, None, 4), 1);
        assert_eq!(award(Rule::Question, None, 5), 0);
        assert_eq!(award(Rule::Answer, None, 9), 2);
        assert_eq!(award(Rule::Answer, None, 10), 0);
        assert_eq!(award(Rule::AnswerHelpful, None, 500), 2);
        assert_eq!(award(Rule::AnswerAccepted, None, 0), 10);
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

    fn stats(pairs: &[(Stat, i64)]) -> impl Fn(Stat) -> Option<i64> + '_ {
        move |stat| pairs.iter().find(|(s, _)| *s == stat).map(|(_, v)| *v)
    }

    #[test]
    fn each_badge_is_earned_exactly_at_its_threshold() {
        assert!(earned(&stats(&[])).is_empty());
        let cases: [(&str, Stat, i64, i64); 10] = [
            ("first_idea", Stat::IdeasPublished, 1, 0),
            ("first_tip", Stat::Tips, 1, 0),
            ("first_review", Stat::Reviews, 1, 0),
            ("helpful_tips_10", Stat::HelpfulMarksOnTips, 10, 9),
            ("supports_given_100", Stat::SupportsGiven, 100, 99),
            ("idea_in_review", Stat::IdeasReviewed, 1, 0),
            ("idea_on_shelf", Stat::IdeasOnShelf, 1, 0),
            ("challenge_top_10", Stat::BestChallengeRank, 10, 11),
            ("challenge_winner", Stat::BestChallengeRank, 1, 2),
            ("product_tester", Stat::TestReports, 1, 0),
        ];
        assert_eq!(cases.len(), BADGES.len(), "every badge has a case");
        for (key, stat, yes, no) in cases {
            assert!(earned(&stats(&[(stat, yes)])).contains(&key), "{key} at {yes}");
            assert!(!earned(&stats(&[(stat, no)])).contains(&key), "{key} not at {no}");
        }
        assert!(earned(&stats(&[(Stat::BestChallengeRank, 0)])).is_empty(), "no place is not first place");
    }

    #[test]
    fn badges_are_looked_at_only_when_their_stat_can_move() {
        let owned = vec!["first_idea".to_string()];
        let keys = |e| candidates(e, &owned).iter().map(|b| b.key).collect::<Vec<_>>();
        assert_eq!(keys(Event::Paid(Rule::IdeaPublished)), vec!["challenge_top_10", "challenge_winner"]);
        assert_eq!(keys(Event::Paid(Rule::Tip)), vec!["first_tip"]);
        assert_eq!(
            keys(Event::Paid(Rule::SupportGiven)),
            vec!["supports_given_100", "challenge_top_10", "challenge_winner"]
        );
        assert_eq!(keys(Event::IdeaMoved), vec!["idea_in_review", "idea_on_shelf"]);
        assert_eq!(keys(Event::Paid(Rule::RatingWithReview)), vec!["first_review"]);
        assert_eq!(keys(Event::Paid(Rule::TipHelpful)), vec!["helpful_tips_10"]);
        assert_eq!(keys(Event::Paid(Rule::TestReport)), vec!["product_tester"]);
        assert!(BADGES.iter().all(|b| badge(b.key) == Some(b)));
    }

    #[test]
    fn chains_reverse_while_they_pay_and_reinstate_only_for_their_reason() {
        let step =
            |amount: i32, reason: Option<Reason>| ChainStep { amount, reason: reason.map(|r| r.as_str().to_string()) };
        let paid = vec![step(2, None)];
        assert!(should_reverse(&paid));
        assert!(!should_reinstate(&paid, Reason::Moderation));
        let hidden = vec![step(2, None), step(-2, Some(Reason::Moderation))];
        assert!(!should_reverse(&hidden));
        assert!(should_reinstate(&hidden, Reason::Moderation));
        assert!(!should_reinstate(&hidden, Reason::Unmarked), "a restore does not undo another reason");
        let withdrawn = vec![step(2, None), step(-2, Some(Reason::Withdrawn))];
        assert!(!should_reinstate(&withdrawn, Reason::Moderation), "restoring an idea does not pay withdrawn supports");
        let restored = vec![step(2, None), step(-2, Some(Reason::Moderation)), step(2, Some(Reason::Reinstated))];
        assert!(should_reverse(&restored), "hidden again after a restore");
        assert!(!should_reinstate(&restored, Reason::Moderation));
    }

    #[test]
    fn leaderboard_ties_are_broken_deterministically() {
        let row = |h: &str, p: i64, t: i64| Standing { user_id: h.into(), points: p, reached_at: t };
        let ranked = rank(vec![row("c", 50, 3), row("b", 80, 9), row("a", 50, 3), row("d", 50, 1)]);
        let order: Vec<(i64, &str)> = ranked.iter().map(|(r, s)| (*r, s.user_id.as_str())).collect();
        assert_eq!(order, vec![(1, "b"), (2, "d"), (3, "a"), (4, "c")]);
    }

    #[test]
    fn bucket_moves_leave_out_totals_that_are_not_on_a_board() {
        assert_eq!(bucket_moves(0, 1), vec![(1, 1)]);
        assert_eq!(bucket_moves(12, 14), vec![(12, -1), (14, 1)]);
        assert_eq!(bucket_moves(2, 0), vec![(2, -1)]);
        assert_eq!(bucket_moves(3, -2), vec![(3, -1)]);
        assert_eq!(bucket_moves(-2, -1), vec![]);
        assert_eq!(bucket_moves(5, 5), vec![]);
    }

    #[test]
    fn net_moves_sum_per_bucket_in_order_and_drop_what_cancels() {
        // Three members: 10 -> 12, 12 -> 15, 15 -> 10: bucket 12 and 15 each lose one and gain one.
        let moves = [bucket_moves(10, 12), bucket_moves(12, 15), bucket_moves(15, 10)].concat();
        assert_eq!(net_moves(moves), vec![]);
        let moves = [bucket_moves(0, 3), bucket_moves(0, 3), bucket_moves(7, 3), bucket_moves(7, 0)].concat();
        assert_eq!(net_moves(moves), vec![(3, 3), (7, -2)]);
    }

    #[test]
    fn a_place_from_the_histogram_matches_the_ranking() {
        // Members (points, reached): the histogram above 50 holds b (80); a and c are tied at 50
        // and reached it at 3, d at 1; d is suspended. c's place: b, then a (same time, lower id).
        let ranked = rank(vec![
            Standing { user_id: "a".into(), points: 50, reached_at: 3 },
            Standing { user_id: "b".into(), points: 80, reached_at: 9 },
            Standing { user_id: "c".into(), points: 50, reached_at: 3 },
        ]);
        let c = ranked.iter().find(|(_, s)| s.user_id == "c").map(|(p, _)| *p);
        // Above 50: b; tied ahead: d (earlier) and a (same time, lower id); suspended ahead: d.
        assert_eq!(Some(place(1, 2, 1)), c);
        assert_eq!(place(0, 0, 0), 1);
    }
}

//! The status tracker's rules: who may move an idea from which state to which,
//! and the support tiers that keep an idea alive. Pure functions, tested
//! exhaustively without a database.

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::accounts::Role;
use crate::ideas::rules::IdeaStatus;

/// Who makes a move. `System` is the application itself (thresholds, deadlines).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Mover {
    Author,
    Moderator,
    ProductTeam,
    Admin,
    System,
}

impl Mover {
    pub const ALL: [Mover; 5] = [Mover::Author, Mover::Moderator, Mover::ProductTeam, Mover::Admin, Mover::System];

    pub fn as_str(self) -> &'static str {
        match self {
            Mover::Author => "author",
            Mover::Moderator => "moderator",
            Mover::ProductTeam => "product_team",
            Mover::Admin => "admin",
            Mover::System => "system",
        }
    }

    /// The capacity in which a member acts on an idea: staff roles act as
    /// their role; a member acts as the author of their own idea.
    pub fn of(role: Role, is_author: bool) -> Option<Mover> {
        match role {
            Role::Admin => Some(Mover::Admin),
            Role::Moderator => Some(Mover::Moderator),
            Role::ProductTeam => Some(Mover::ProductTeam),
            Role::Member if is_author => Some(Mover::Author),
            Role::Member => None,
        }
    }
}

use IdeaStatus::*;
use Mover::*;

/// The transition table: (from, to, who may make the move).
pub const TRANSITIONS: &[(IdeaStatus, IdeaStatus, &[Mover])] = &[
    // Moderation of new ideas.
    (Pending, GatheringSupport, &[Moderator, Admin]),
    (Pending, Rejected, &[Moderator, Admin]),
    // The author fixes a rejected idea and resubmits it.
    (Rejected, Pending, &[Author, Admin]),
    // Gathering support: the final tier sends it to review; a deadline expires it.
    (GatheringSupport, InReview, &[System, ProductTeam, Admin]),
    (GatheringSupport, Expired, &[System, Admin]),
    (GatheringSupport, Rejected, &[Moderator, Admin]),
    (GatheringSupport, Merged, &[Moderator, Admin]),
    (Merged, GatheringSupport, &[Moderator, Admin]),
    // Review and the way to the shelf belong to the product team.
    (InReview, Approved, &[ProductTeam, Admin]),
    (InReview, Declined, &[ProductTeam, Admin]),
    (Declined, InReview, &[Admin]),
    (Approved, InDevelopment, &[ProductTeam, Admin]),
    (InDevelopment, InProduction, &[ProductTeam, Admin]),
    (InProduction, OnShelf, &[ProductTeam, Admin]),
    // An expired idea can be given another chance by an admin.
    (Expired, GatheringSupport, &[Admin]),
];

/// The outcome of asking for a move.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// No such move from this state; `allowed` lists the moves that exist.
    Illegal {
        allowed: Vec<IdeaStatus>,
    },
    /// The move exists, but not for this mover.
    NotPermitted {
        allowed_movers: Vec<Mover>,
    },
}

pub fn moves_from(from: IdeaStatus) -> Vec<IdeaStatus> {
    TRANSITIONS.iter().filter(|(f, _, _)| *f == from).map(|(_, t, _)| *t).collect()
}

/// The moves this mover may make from a state (for buttons on a page).
pub fn moves_for(from: IdeaStatus, mover: Mover) -> Vec<IdeaStatus> {
    TRANSITIONS.iter().filter(|(f, _, who)| *f == from && who.contains(&mover)).map(|(_, t, _)| *t).collect()
}

pub fn judge(from: IdeaStatus, to: IdeaStatus, mover: Mover) -> Verdict {
    match TRANSITIONS.iter().find(|(f, t, _)| *f == from && *t == to) {
        None => Verdict::Illegal { allowed: moves_from(from) },
        Some((_, _, who)) if who.contains(&mover) => Verdict::Allowed,
        Some((_, _, who)) => Verdict::NotPermitted { allowed_movers: who.to_vec() },
    }
}

/// Why an idea was declined.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeclineReason {
    NotFeasible,
    BrandFit,
    Licensing,
    Duplicate,
    Other,
}

impl DeclineReason {
    pub const ALL: [DeclineReason; 5] = [
        DeclineReason::NotFeasible,
        DeclineReason::BrandFit,
        DeclineReason::Licensing,
        DeclineReason::Duplicate,
        DeclineReason::Other,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            DeclineReason::NotFeasible => "not_feasible",
            DeclineReason::BrandFit => "brand_fit",
            DeclineReason::Licensing => "licensing",
            DeclineReason::Duplicate => "duplicate",
            DeclineReason::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<DeclineReason> {
        DeclineReason::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// One support tier: reach `supports` within `days` of entering the tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Tier {
    pub supports: i32,
    pub days: i32,
}

/// LEGO Ideas' ladder: 100 in 60 days, then 365 more days to reach 1,000,
/// then 182 days each to reach 5,000 and 10,000.
pub fn default_tiers() -> Vec<Tier> {
    vec![
        Tier { supports: 100, days: 60 },
        Tier { supports: 1_000, days: 365 },
        Tier { supports: 5_000, days: 182 },
        Tier { supports: 10_000, days: 182 },
    ]
}

/// Tiers must rise strictly, each with a positive number of days.
pub fn check_tiers(tiers: &[Tier]) -> Result<(), String> {
    if tiers.is_empty() {
        return Err("At least one tier is needed.".into());
    }
    if tiers.len() > 10 {
        return Err("At most 10 tiers.".into());
    }
    let mut last = 0;
    for t in tiers {
        if t.supports <= last {
            return Err("Each tier needs more supports than the one before.".into());
        }
        if !(1..=3650).contains(&t.days) {
            return Err("Each tier lasts 1 to 3650 days.".into());
        }
        last = t.supports;
    }
    Ok(())
}

/// Where an idea stands on its ladder after reaching `supports` at `now`,
/// having been in tier `current` (0-based) since `tier_started`.
#[derive(Debug, PartialEq, Eq)]
pub struct TierProgress {
    /// The tier the idea is now working on (== tiers.len() when all are reached).
    pub tier: usize,
    /// The deadline for that tier; None when all tiers are reached.
    pub deadline: Option<NaiveDateTime>,
    /// Tiers newly reached by this support (0-based indexes).
    pub reached: Vec<usize>,
    /// True when the final tier is reached: the idea goes to review.
    pub complete: bool,
}

pub fn progress(
    tiers: &[Tier],
    current: usize,
    supports: i32,
    now: NaiveDateTime,
    deadline: Option<NaiveDateTime>,
) -> TierProgress {
    let mut tier = current;
    let mut deadline = deadline;
    let mut reached = Vec::new();
    while tier < tiers.len() && supports >= tiers[tier].supports {
        reached.push(tier);
        tier += 1;
        deadline = tiers.get(tier).map(|t| now + Duration::days(i64::from(t.days)));
    }
    TierProgress {
        tier,
        deadline: if tier < tiers.len() { deadline } else { None },
        reached,
        complete: tier >= tiers.len(),
    }
}

/// The first tier's deadline for an idea that starts gathering support at `start`.
pub fn first_deadline(tiers: &[Tier], start: NaiveDateTime) -> Option<NaiveDateTime> {
    tiers.first().map(|t| start + Duration::days(i64::from(t.days)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// Every (state, mover, target) combination against the table, written out
    /// a second time by hand so a typo in one shows up against the other.
    #[test]
    fn every_combination() {
        let expected: &[(&str, &str, &str)] = &[
            ("pending", "gathering_support", "moderator admin"),
            ("pending", "rejected", "moderator admin"),
            ("rejected", "pending", "author admin"),
            ("gathering_support", "in_review", "system product_team admin"),
            ("gathering_support", "expired", "system admin"),
            ("gathering_support", "rejected", "moderator admin"),
            ("gathering_support", "merged", "moderator admin"),
            ("merged", "gathering_support", "moderator admin"),
            ("in_review", "approved", "product_team admin"),
            ("in_review", "declined", "product_team admin"),
            ("declined", "in_review", "admin"),
            ("approved", "in_development", "product_team admin"),
            ("in_development", "in_production", "product_team admin"),
            ("in_production", "on_shelf", "product_team admin"),
            ("expired", "gathering_support", "admin"),
        ];
        let mut checked = 0;
        for from in IdeaStatus::ALL {
            for to in IdeaStatus::ALL {
                for mover in Mover::ALL {
                    let row = expected.iter().find(|(f, t, _)| *f == from.as_str() && *t == to.as_str());
                    let verdict = judge(from, to, mover);
                    match row {
                        None => assert!(matches!(verdict, Verdict::Illegal { .. }), "{from:?}->{to:?} by {mover:?}"),
                        Some((_, _, who)) if who.split(' ').any(|w| w == mover.as_str()) => {
                            assert_eq!(verdict, Verdict::Allowed, "{from:?}->{to:?} by {mover:?}")
                        }
                        Some(_) => {
                            assert!(matches!(verdict, Verdict::NotPermitted { .. }), "{from:?}->{to:?} by {mover:?}")
                        }
                    }
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 11 * 11 * 5);
    }

    #[test]
    fn illegal_moves_name_the_allowed_ones() {
        match judge(InReview, OnShelf, Admin) {
            Verdict::Illegal { allowed } => assert_eq!(allowed, vec![Approved, Declined]),
            other => panic!("{other:?}"),
        }
        assert_eq!(moves_for(InReview, ProductTeam), vec![Approved, Declined]);
        assert!(moves_for(InReview, Moderator).is_empty());
        assert!(moves_from(OnShelf).is_empty(), "on the shelf is the end of the road");
    }

    #[test]
    fn movers() {
        assert_eq!(Mover::of(Role::Member, true), Some(Author));
        assert_eq!(Mover::of(Role::Member, false), None);
        assert_eq!(Mover::of(Role::ProductTeam, true), Some(ProductTeam));
    }

    fn t(day: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 1, day).unwrap().and_hms_opt(0, 0, 0).unwrap()
    }

    #[test]
    fn tiers_like_lego_ideas() {
        let tiers = default_tiers();
        assert!(check_tiers(&tiers).is_ok());
        assert_eq!(first_deadline(&tiers, t(1)), Some(t(1) + Duration::days(60)));
        // 99 supports: still tier 0, deadline unchanged.
        let p = progress(&tiers, 0, 99, t(5), Some(t(1) + Duration::days(60)));
        assert_eq!(
            p,
            TierProgress { tier: 0, deadline: Some(t(1) + Duration::days(60)), reached: vec![], complete: false }
        );
        // The 100th support: tier 1 with 365 more days from now.
        let p = progress(&tiers, 0, 100, t(5), Some(t(1) + Duration::days(60)));
        assert_eq!(p.tier, 1);
        assert_eq!(p.reached, vec![0]);
        assert_eq!(p.deadline, Some(t(5) + Duration::days(365)));
        assert!(!p.complete);
        // The 10,000th: complete, no deadline.
        let p = progress(&tiers, 3, 10_000, t(9), Some(t(20)));
        assert_eq!(p, TierProgress { tier: 4, deadline: None, reached: vec![3], complete: true });
        // A one-tier challenge reached in one step.
        let single = [Tier { supports: 3, days: 30 }];
        let p = progress(&single, 0, 3, t(2), first_deadline(&single, t(1)));
        assert!(p.complete);
    }

    #[test]
    fn tier_checks() {
        assert!(check_tiers(&[]).is_err());
        assert!(check_tiers(&[Tier { supports: 10, days: 5 }, Tier { supports: 10, days: 5 }]).is_err());
        assert!(check_tiers(&[Tier { supports: 10, days: 0 }]).is_err());
        assert!(check_tiers(&[Tier { supports: 10, days: 5 }, Tier { supports: 20, days: 5 }]).is_ok());
    }
}

//! Pure idea rules: statuses, what a valid idea looks like, when it may be
//! edited or supported, and the trending score.

use serde::{Deserialize, Serialize};

use crate::challenges::rules::Phase;
use crate::error::Violations;

/// Where an idea stands on its way from submission to the shelf.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
    diesel::AsExpression,
    diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "snake_case")]
pub enum IdeaStatus {
    Pending,
    GatheringSupport,
    InReview,
    Approved,
    Declined,
    InDevelopment,
    InProduction,
    OnShelf,
    Rejected,
    Expired,
    Merged,
}

impl IdeaStatus {
    pub const ALL: [IdeaStatus; 11] = [
        IdeaStatus::Pending,
        IdeaStatus::GatheringSupport,
        IdeaStatus::InReview,
        IdeaStatus::Approved,
        IdeaStatus::Declined,
        IdeaStatus::InDevelopment,
        IdeaStatus::InProduction,
        IdeaStatus::OnShelf,
        IdeaStatus::Rejected,
        IdeaStatus::Expired,
        IdeaStatus::Merged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IdeaStatus::Pending => "pending",
            IdeaStatus::GatheringSupport => "gathering_support",
            IdeaStatus::InReview => "in_review",
            IdeaStatus::Approved => "approved",
            IdeaStatus::Declined => "declined",
            IdeaStatus::InDevelopment => "in_development",
            IdeaStatus::InProduction => "in_production",
            IdeaStatus::OnShelf => "on_shelf",
            IdeaStatus::Rejected => "rejected",
            IdeaStatus::Expired => "expired",
            IdeaStatus::Merged => "merged",
        }
    }

    pub fn parse(s: &str) -> Option<IdeaStatus> {
        IdeaStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Shown in public lists. Pending and rejected ideas are seen only by
    /// their author and moderators.
    pub fn is_public(self) -> bool {
        !matches!(self, IdeaStatus::Pending | IdeaStatus::Rejected)
    }

    pub fn public_strs() -> Vec<&'static str> {
        IdeaStatus::ALL.into_iter().filter(|s| s.is_public()).map(IdeaStatus::as_str).collect()
    }

    /// What lists show without a status filter: public ideas that were not
    /// merged into another.
    pub fn listed() -> Vec<IdeaStatus> {
        IdeaStatus::ALL.into_iter().filter(|s| s.is_public() && *s != IdeaStatus::Merged).collect()
    }
}

pub const TITLE_MIN: usize = 5;
pub const TITLE_MAX: usize = 120;
pub const SUMMARY_MAX: usize = 280;
pub const BODY_MAX: usize = 20_000;
pub const TAGS_MAX: usize = 5;
pub const TAG_MAX: usize = 30;
/// An idea's text is locked once this many members have supported it: they
/// supported what they read.
pub const EDIT_LOCK_SUPPORTS: i32 = 100;

pub fn check_title(v: &mut Violations, title: &str) {
    let len = title.trim().chars().count();
    if len < TITLE_MIN {
        v.add("title", "too_short", format!("A title has at least {TITLE_MIN} characters."));
    } else if len > TITLE_MAX {
        v.add("title", "too_long", format!("A title has at most {TITLE_MAX} characters."));
    }
}

pub fn check_summary(v: &mut Violations, summary: &str) {
    if summary.trim().chars().count() > SUMMARY_MAX {
        v.add("summary", "too_long", format!("A summary has at most {SUMMARY_MAX} characters."));
    }
}

pub fn check_body(v: &mut Violations, body: &str) {
    if body.chars().count() > BODY_MAX {
        v.add("body", "too_long", format!("The description has at most {BODY_MAX} characters."));
    }
}

/// Normalizes tags (trimmed, lowercase, a leading '#' dropped, duplicates
/// removed, order kept) and checks them. At most `TAGS_MAX` are sent (blank
/// ones and repeats count: the API's schema says `maxItems`).
pub fn normalize_tags(v: &mut Violations, raw: &[String]) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for (i, tag) in raw.iter().enumerate() {
        let tag = tag.trim().trim_start_matches('#').to_lowercase();
        if tag.is_empty() {
            continue;
        }
        let len = tag.chars().count();
        if len > TAG_MAX {
            v.add(&format!("tags[{i}]"), "too_long", format!("A tag has at most {TAG_MAX} characters."));
        } else if !tag.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') {
            v.add(&format!("tags[{i}]"), "format", "A tag uses letters, digits, '-' and '_'.");
        } else if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    if raw.len() > TAGS_MAX {
        v.add("tags", "too_many", format!("An idea has at most {TAGS_MAX} tags."));
    }
    tags
}

/// Whether the author may still change the idea's text.
pub fn editable(status: IdeaStatus, supports: i32) -> bool {
    matches!(status, IdeaStatus::Pending | IdeaStatus::GatheringSupport | IdeaStatus::Rejected)
        && supports < EDIT_LOCK_SUPPORTS
}

/// Why a support (or its withdrawal) is refused, if it is.
#[derive(Debug, PartialEq, Eq)]
pub enum SupportRefusal {
    OwnIdea,
    Suspended,
    ChallengeNotOpen(Phase),
    NotGathering(IdeaStatus),
}

impl SupportRefusal {
    pub fn message(&self) -> String {
        match self {
            SupportRefusal::OwnIdea => "You cannot support your own idea.".into(),
            SupportRefusal::Suspended => "Your account is suspended; you cannot support ideas.".into(),
            SupportRefusal::ChallengeNotOpen(Phase::Closed) => {
                "This challenge is closed; supports can no longer change.".into()
            }
            SupportRefusal::ChallengeNotOpen(_) => "This challenge has not opened yet.".into(),
            SupportRefusal::NotGathering(status) => {
                format!("This idea is {} and no longer gathers support.", status.as_str())
            }
        }
    }
}

pub fn support_refusal(
    status: IdeaStatus,
    challenge_phase: Option<Phase>,
    is_author: bool,
    suspended: bool,
) -> Option<SupportRefusal> {
    if suspended {
        Some(SupportRefusal::Suspended)
    } else if is_author {
        Some(SupportRefusal::OwnIdea)
    } else if let Some(phase @ (Phase::Closed | Phase::Upcoming)) = challenge_phase {
        Some(SupportRefusal::ChallengeNotOpen(phase))
    } else if status != IdeaStatus::GatheringSupport {
        Some(SupportRefusal::NotGathering(status))
    } else {
        None
    }
}

/// Why withdrawing a support is refused, if it is: supports change only while
/// the challenge is open and the idea gathers support. Suspension and
/// authorship are not asked (a member takes back a support they gave).
pub fn withdraw_refusal(status: IdeaStatus, challenge_phase: Option<Phase>) -> Option<SupportRefusal> {
    if let Some(phase @ (Phase::Closed | Phase::Upcoming)) = challenge_phase {
        Some(SupportRefusal::ChallengeNotOpen(phase))
    } else if status != IdeaStatus::GatheringSupport {
        Some(SupportRefusal::NotGathering(status))
    } else {
        None
    }
}

/// Trending: every support adds `exp((t - epoch) / TAU)` to a sum, so a
/// support made TAU later weighs e times more, for ever, with no periodic
/// recomputation. The sum is kept as its natural logarithm (the numbers would
/// overflow otherwise); the idea's own submission counts as the first term, so
/// new ideas start near the top of their day.
pub const TREND_TAU_SECS: f64 = 2.0 * 86_400.0;

pub fn trend_term(unix_secs: i64) -> f64 {
    unix_secs as f64 / TREND_TAU_SECS
}

/// ln(e^a + e^b), exact for large arguments.
pub fn log_add_exp(a: f64, b: f64) -> f64 {
    let (hi, lo) = if a >= b { (a, b) } else { (b, a) };
    hi + (lo - hi).exp().ln_1p()
}

/// ln(e^a - e^b) for a > b; never below `floor` (the submission's own term,
/// which no withdrawal can remove).
pub fn log_sub_exp(a: f64, b: f64, floor: f64) -> f64 {
    if b >= a {
        return floor;
    }
    let r = a + (-(b - a).exp()).ln_1p();
    if r.is_finite() && r > floor {
        r
    } else {
        floor
    }
}

/// The demand question asked when supporting: would you buy it?
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WouldBuy {
    Yes,
    Maybe,
    No,
}

impl WouldBuy {
    pub fn parse(s: &str) -> Option<WouldBuy> {
        match s {
            "yes" => Some(WouldBuy::Yes),
            "maybe" => Some(WouldBuy::Maybe),
            "no" => Some(WouldBuy::No),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            WouldBuy::Yes => "yes",
            WouldBuy::Maybe => "maybe",
            WouldBuy::No => "no",
        }
    }
}

/// Checks a supporter's optional answers: yes / maybe / no, and one of the
/// challenge's price bands (only with yes or maybe).
pub fn check_demand(
    v: &mut crate::error::Violations,
    would_buy: Option<&str>,
    price_band: Option<&str>,
    bands: &[String],
) -> (Option<WouldBuy>, Option<String>) {
    let answer = match would_buy.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => match WouldBuy::parse(s) {
            Some(w) => Some(w),
            None => {
                v.add("would_buy", "invalid", "would_buy is yes, maybe or no.");
                None
            }
        },
    };
    let band = match price_band.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(_) if bands.is_empty() => {
            v.add("price_band", "invalid", "This challenge asks for no price band.");
            None
        }
        Some(b) => match bands.iter().find(|x| x.as_str() == b) {
            Some(x) if matches!(answer, Some(WouldBuy::Yes | WouldBuy::Maybe)) => Some(x.clone()),
            Some(_) => {
                v.add("price_band", "invalid", "A price band goes with would_buy yes or maybe.");
                None
            }
            None => {
                v.add("price_band", "invalid", format!("price_band is one of: {}.", bands.join(", ")));
                None
            }
        },
    };
    (answer, band)
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct BandCount {
    pub band: String,
    pub count: i64,
}

/// How an idea's supporters answered the demand question.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Demand {
    pub yes: i64,
    pub maybe: i64,
    pub no: i64,
    /// Supporters who did not answer.
    pub unanswered: i64,
    /// Price bands picked (by those who said yes or maybe), in the challenge's order.
    pub price_bands: Vec<BandCount>,
}

impl Demand {
    /// "yes 3 / maybe 1 / no 0 / unanswered 2; CHF 5-10: 2, …" for a spreadsheet cell.
    pub fn summary(&self) -> String {
        let mut s =
            format!("yes {} / maybe {} / no {} / unanswered {}", self.yes, self.maybe, self.no, self.unanswered);
        if !self.price_bands.is_empty() {
            let bands: Vec<String> = self.price_bands.iter().map(|b| format!("{}: {}", b.band, b.count)).collect();
            s.push_str("; ");
            s.push_str(&bands.join(", "));
        }
        s
    }
}

/// Tallies (answer, band, supporters) rows; bands in the challenge's order,
/// every band listed (zero when nobody picked it), then bands since removed.
/// (answer, band, supporters).
pub type Answers = (Option<String>, Option<String>, i64);

pub fn tally(rows: &[Answers], bands: &[String]) -> Demand {
    let mut d = Demand {
        price_bands: bands.iter().map(|b| BandCount { band: b.clone(), count: 0 }).collect(),
        ..Default::default()
    };
    for (answer, band, n) in rows {
        match answer.as_deref().and_then(WouldBuy::parse) {
            Some(WouldBuy::Yes) => d.yes += n,
            Some(WouldBuy::Maybe) => d.maybe += n,
            Some(WouldBuy::No) => d.no += n,
            None => d.unanswered += n,
        }
        if let Some(b) = band {
            match d.price_bands.iter_mut().find(|x| &x.band == b) {
                Some(x) => x.count += n,
                None => d.price_bands.push(BandCount { band: b.clone(), count: *n }),
            }
        }
    }
    d
}

/// The longest staff pick note (characters).
pub const PICK_NOTE_MAX: usize = 280;

/// A staff pick's public note: trimmed, 1 to 280 characters, one paragraph of plain text.
pub fn check_pick_note(v: &mut Violations, note: &str) -> String {
    let note = note.trim().to_string();
    let len = note.chars().count();
    if len == 0 || len > PICK_NOTE_MAX {
        v.add("note", "length", format!("A staff pick's note has 1 to {PICK_NOTE_MAX} characters."));
    }
    note
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad(f: impl FnOnce(&mut Violations)) -> bool {
        let mut v = Violations::new();
        f(&mut v);
        !v.is_empty()
    }

    #[test]
    fn pick_notes() {
        let mut v = Violations::new();
        assert_eq!(check_pick_note(&mut v, "  A favourite of the team.  "), "A favourite of the team.");
        assert!(v.is_empty());
        assert!(bad(|v| {
            check_pick_note(v, "   ");
        }));
        assert!(bad(|v| {
            check_pick_note(v, &"x".repeat(PICK_NOTE_MAX + 1));
        }));
        assert!(!bad(|v| {
            check_pick_note(v, &"ü".repeat(PICK_NOTE_MAX));
        }));
    }

    #[test]
    fn titles() {
        assert!(bad(|v| check_title(v, "abcd")));
        assert!(!bad(|v| check_title(v, "abcde")));
        assert!(!bad(|v| check_title(v, &"ä".repeat(120))));
        assert!(bad(|v| check_title(v, &"ä".repeat(121))));
        assert!(bad(|v| check_title(v, "   ab    ")));
    }

    #[test]
    fn summaries_and_bodies() {
        assert!(!bad(|v| check_summary(v, &"x".repeat(280))));
        assert!(bad(|v| check_summary(v, &"x".repeat(281))));
        assert!(!bad(|v| check_body(v, &"x".repeat(20_000))));
        assert!(bad(|v| check_body(v, &"x".repeat(20_001))));
    }

    #[test]
    fn tags() {
        let mut v = Violations::new();
        let t = normalize_tags(&mut v, &["Vegan".into(), "#vegan".into(), " snack ".into(), "".into()]);
        assert_eq!(t, vec!["vegan", "snack"]);
        assert!(v.is_empty());
        let many: Vec<String> = (0..6).map(|i| format!("t{i}")).collect();
        assert!(bad(|v| {
            normalize_tags(v, &many);
        }));
        assert!(bad(|v| {
            normalize_tags(v, &["no spaces".into()]);
        }));
        let mut v = Violations::new();
        assert_eq!(normalize_tags(&mut v, &["Käse".into()]), vec!["käse"]);
        // Six sent are too many, blank or repeated ones included (the schema's maxItems).
        assert!(bad(|v| {
            normalize_tags(v, &["a".into(), "a".into(), "".into(), "b".into(), " ".into(), "#".into()]);
        }));
    }

    #[test]
    fn edit_lock() {
        assert!(editable(IdeaStatus::GatheringSupport, 99));
        assert!(!editable(IdeaStatus::GatheringSupport, 100));
        assert!(!editable(IdeaStatus::InReview, 0));
        assert!(editable(IdeaStatus::Rejected, 0));
    }

    #[test]
    fn support_rules() {
        use IdeaStatus::*;
        assert_eq!(support_refusal(GatheringSupport, Some(Phase::Open), false, false), None);
        assert_eq!(support_refusal(GatheringSupport, None, false, false), None);
        assert_eq!(support_refusal(GatheringSupport, None, true, false), Some(SupportRefusal::OwnIdea));
        assert_eq!(support_refusal(GatheringSupport, None, false, true), Some(SupportRefusal::Suspended));
        assert_eq!(
            support_refusal(GatheringSupport, Some(Phase::Closed), false, false),
            Some(SupportRefusal::ChallengeNotOpen(Phase::Closed))
        );
        assert_eq!(support_refusal(InReview, None, false, false), Some(SupportRefusal::NotGathering(InReview)));
    }

    #[test]
    fn withdraw_rules() {
        use IdeaStatus::*;
        assert_eq!(withdraw_refusal(GatheringSupport, Some(Phase::Open)), None);
        assert_eq!(withdraw_refusal(GatheringSupport, None), None);
        assert_eq!(
            withdraw_refusal(GatheringSupport, Some(Phase::Closed)),
            Some(SupportRefusal::ChallengeNotOpen(Phase::Closed))
        );
        assert_eq!(
            withdraw_refusal(GatheringSupport, Some(Phase::Upcoming)),
            Some(SupportRefusal::ChallengeNotOpen(Phase::Upcoming))
        );
        assert_eq!(withdraw_refusal(InReview, None), Some(SupportRefusal::NotGathering(InReview)));
        // A closed challenge is named before the idea's state.
        assert_eq!(
            withdraw_refusal(Approved, Some(Phase::Closed)),
            Some(SupportRefusal::ChallengeNotOpen(Phase::Closed))
        );
    }

    #[test]
    fn statuses() {
        for s in IdeaStatus::ALL {
            assert_eq!(IdeaStatus::parse(s.as_str()), Some(s));
        }
        assert!(!IdeaStatus::Pending.is_public());
        assert!(IdeaStatus::OnShelf.is_public());
    }

    #[test]
    fn trending_weighs_recent_supports_more() {
        let day = 86_400;
        let t0 = 1_790_000_000;
        // Idea A: 10 supports a week ago. Idea B: 3 supports today.
        let mut a = trend_term(t0 - 8 * day);
        for _ in 0..10 {
            a = log_add_exp(a, trend_term(t0 - 7 * day));
        }
        let mut b = trend_term(t0 - 8 * day);
        for _ in 0..3 {
            b = log_add_exp(b, trend_term(t0));
        }
        assert!(b > a, "recent supports should outrank older ones: {b} vs {a}");
        // Withdrawing restores the earlier score.
        let base = trend_term(t0);
        let plus = log_add_exp(base, trend_term(t0 + day));
        let back = log_sub_exp(plus, trend_term(t0 + day), base);
        assert!((back - base).abs() < 1e-9, "{back} vs {base}");
        assert_eq!(log_sub_exp(base, base, base), base);
    }

    #[test]
    fn demand_answers_are_checked_and_tallied() {
        use crate::error::Violations;
        let bands = vec!["under 5".to_string(), "5-10".to_string()];
        let mut v = Violations::new();
        assert_eq!(check_demand(&mut v, Some("yes"), Some("5-10"), &bands), (Some(WouldBuy::Yes), Some("5-10".into())));
        assert_eq!(check_demand(&mut v, None, None, &bands), (None, None));
        assert!(v.is_empty());
        for (answer, band) in
            [(Some("perhaps"), None), (Some("no"), Some("5-10")), (Some("yes"), Some("20+")), (None, Some("5-10"))]
        {
            let mut v = Violations::new();
            check_demand(&mut v, answer, band, &bands);
            assert!(!v.is_empty(), "{answer:?} {band:?}");
        }
        let mut v = Violations::new();
        check_demand(&mut v, Some("yes"), Some("5-10"), &[]);
        assert!(!v.is_empty(), "no bands, no band");
        let rows = vec![
            (Some("yes".to_string()), Some("5-10".to_string()), 3),
            (Some("maybe".to_string()), Some("old band".to_string()), 1),
            (Some("no".to_string()), None, 2),
            (None, None, 4),
        ];
        let d = tally(&rows, &bands);
        assert_eq!((d.yes, d.maybe, d.no, d.unanswered), (3, 1, 2, 4));
        let counts: Vec<(&str, i64)> = d.price_bands.iter().map(|b| (b.band.as_str(), b.count)).collect();
        assert_eq!(counts, vec![("under 5", 0), ("5-10", 3), ("old band", 1)]);
        assert_eq!(d.summary(), "yes 3 / maybe 1 / no 2 / unanswered 4; under 5: 0, 5-10: 3, old band: 1");
    }
}

//! Write limits: which requests count as which kind of write, how many of each
//! a member and a client address may make in a window, and how long to wait
//! when the window is full. Pure: the counting is in `store`, the decision here.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Duration, NaiveDateTime};

/// A kind of write with a limit of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    Idea,
    Comment,
    Support,
    Report,
    Tip,
    Review,
    Upload,
    Register,
    Feedback,
}

impl Action {
    pub const ALL: [Action; 9] = [
        Action::Idea,
        Action::Comment,
        Action::Support,
        Action::Report,
        Action::Tip,
        Action::Review,
        Action::Upload,
        Action::Register,
        Action::Feedback,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Idea => "idea",
            Action::Comment => "comment",
            Action::Support => "support",
            Action::Report => "report",
            Action::Tip => "tip",
            Action::Review => "review",
            Action::Upload => "upload",
            Action::Register => "register",
            Action::Feedback => "feedback",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Registrations are counted per client address only (there is no member yet).
    pub fn per_member(self) -> bool {
        self != Action::Register
    }
}

/// At most `max` writes in any window of `seconds` (a sliding window).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quota {
    pub max: u32,
    pub seconds: i64,
}

impl fmt::Display for Quota {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.seconds {
            60 => "m".to_string(),
            3600 => "h".to_string(),
            86400 => "d".to_string(),
            s => format!("{s}s"),
        };
        write!(f, "{}/{unit}", self.max)
    }
}

const MINUTE: i64 = 60;
const HOUR: i64 = 3600;

/// The defaults: what a real person rarely meets.
pub fn defaults(action: Action) -> Vec<Quota> {
    let q = |max, seconds| Quota { max, seconds };
    match action {
        Action::Idea => vec![q(5, HOUR)],
        Action::Comment => vec![q(30, HOUR), q(5, MINUTE)],
        Action::Support => vec![q(120, HOUR)],
        Action::Report => vec![q(20, HOUR)],
        Action::Tip | Action::Review => vec![q(10, HOUR)],
        Action::Upload => vec![q(60, HOUR)],
        Action::Register => vec![q(10, HOUR)],
        Action::Feedback => vec![q(60, HOUR)],
    }
}

/// The limits in force: per action its quotas per member; a client address
/// gets `address_factor` times as many (several members share an office's or
/// a household's address), except registrations, which count per address.
#[derive(Clone, Debug)]
pub struct Limits {
    quotas: BTreeMap<Action, Vec<Quota>>,
    pub address_factor: u32,
}

impl Limits {
    /// The defaults with `overrides` applied: each `ACTION=N/UNIT[,N/UNIT…]`
    /// (unit `s`, `m`, `h`, `d`) replaces that action's quotas; `ACTION=off`
    /// lifts its limit.
    pub fn new(overrides: &[String], address_factor: u32) -> Result<Limits, String> {
        let mut quotas: BTreeMap<Action, Vec<Quota>> = Action::ALL.into_iter().map(|a| (a, defaults(a))).collect();
        for spec in overrides.iter().flat_map(|s| s.split(';')).map(str::trim).filter(|s| !s.is_empty()) {
            let (name, value) = spec.split_once('=').ok_or_else(|| format!("{spec:?}: expected ACTION=N/UNIT"))?;
            let action = Action::parse(name.trim()).ok_or_else(|| {
                let names: Vec<_> = Action::ALL.iter().map(|a| a.as_str()).collect();
                format!("{name:?} is not one of {}", names.join(", "))
            })?;
            let value = value.trim();
            let list = if value == "off" {
                Vec::new()
            } else {
                value.split(',').map(parse_quota).collect::<Result<Vec<_>, _>>()?
            };
            quotas.insert(action, list);
        }
        Ok(Limits { quotas, address_factor: address_factor.max(1) })
    }

    pub fn quotas(&self, action: Action) -> &[Quota] {
        self.quotas.get(&action).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The quotas of a bucket: a member's own, or an address's (scaled).
    pub fn for_bucket(&self, action: Action, bucket: Bucket) -> Vec<Quota> {
        let factor = match (bucket, action) {
            (Bucket::Address, a) if a.per_member() => self.address_factor,
            _ => 1,
        };
        self.quotas(action).iter().map(|q| Quota { max: q.max.saturating_mul(factor), seconds: q.seconds }).collect()
    }

    /// The longest window of an action (older writes no longer count).
    pub fn longest(&self, action: Action) -> i64 {
        self.quotas(action).iter().map(|q| q.seconds).max().unwrap_or(0)
    }
}

fn parse_quota(s: &str) -> Result<Quota, String> {
    let s = s.trim();
    let (n, unit) = s.split_once('/').ok_or_else(|| format!("{s:?}: expected N/UNIT such as 5/h"))?;
    let max: u32 = n.trim().parse().map_err(|_| format!("{s:?}: {n:?} is not a count"))?;
    let unit = unit.trim();
    let (k, u) = match unit.find(|c: char| !c.is_ascii_digit()) {
        Some(0) => (1, unit),
        Some(i) => (unit[..i].parse::<i64>().map_err(|_| format!("{s:?}: bad unit"))?, &unit[i..]),
        None => return Err(format!("{s:?}: the unit is one of s, m, h, d")),
    };
    let seconds = match u {
        "s" => 1,
        "m" => MINUTE,
        "h" => HOUR,
        "d" => 24 * HOUR,
        _ => return Err(format!("{s:?}: the unit is one of s, m, h, d")),
    } * k;
    if max == 0 || seconds <= 0 {
        return Err(format!("{s:?}: a quota needs a count and a window above zero (or ACTION=off)"));
    }
    Ok(Quota { max, seconds })
}

/// Whose writes a count is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucket {
    Member,
    Address,
}

/// One window's reading: how many writes it holds and when the oldest was.
#[derive(Clone, Copy, Debug)]
pub struct Reading {
    pub quota: Quota,
    pub count: i64,
    pub oldest: Option<NaiveDateTime>,
}

/// `Ok` when another write fits every window, else the seconds until it would
/// (when the oldest write in the fullest window leaves it; at least 1).
pub fn decide(readings: &[Reading], now: NaiveDateTime) -> Result<(), u64> {
    let mut wait: Option<u64> = None;
    for r in readings {
        if r.count < i64::from(r.quota.max) {
            continue;
        }
        let frees = r.oldest.map(|t| t + Duration::seconds(r.quota.seconds)).unwrap_or(now);
        let secs = (frees - now).num_milliseconds().max(0);
        let secs = u64::try_from((secs + 999) / 1000).unwrap_or(0).max(1);
        wait = Some(wait.map_or(secs, |w| w.max(secs)));
    }
    wait.map_or(Ok(()), Err)
}

/// The writes that count, by method and path template (`{x}` is one segment):
/// the API's and the pages' doors onto the same operations. A page form that
/// edits an idea, tip or product may carry pictures and counts as an upload.
const COUNTED: &[(&str, &str, Action)] = &[
    ("POST", "/api/v1/ideas", Action::Idea),
    ("POST", "/ideas/new", Action::Idea),
    ("POST", "/api/v1/ideas/{id}/comments", Action::Comment),
    ("POST", "/ideas/{id}/comments", Action::Comment),
    // Questions and answers count as comments do.
    ("POST", "/api/v1/products/{id_or_slug}/questions", Action::Comment),
    ("POST", "/products/{slug}/questions", Action::Comment),
    ("POST", "/api/v1/questions/{id}/answers", Action::Comment),
    ("POST", "/questions/{id}/answers", Action::Comment),
    ("PUT", "/api/v1/ideas/{id}/support", Action::Support),
    ("POST", "/ideas/{id}/support", Action::Support),
    // A fan vote's ballot is a support of one finalist: the same kind of write.
    ("PUT", "/api/v1/fan-votes/{id}/ballot", Action::Support),
    ("POST", "/fan-votes/{id}/ballot", Action::Support),
    ("POST", "/api/v1/reports", Action::Report),
    ("POST", "/ideas/{id}/report", Action::Report),
    ("POST", "/products/{slug}/report", Action::Report),
    ("POST", "/tips/{id}/report", Action::Report),
    ("POST", "/questions/{id}/report", Action::Report),
    ("POST", "/questions/{id}/answers/{answer}/report", Action::Report),
    ("POST", "/api/v1/tips", Action::Tip),
    ("POST", "/tips/new", Action::Tip),
    ("PUT", "/api/v1/products/{id_or_slug}/rating", Action::Review),
    ("POST", "/products/{slug}/rating", Action::Review),
    // A product test's report is the tester's review of the product.
    ("POST", "/api/v1/product-tests/{id}/reports", Action::Review),
    ("POST", "/product-tests/{id}/report", Action::Review),
    ("POST", "/api/v1/images", Action::Upload),
    ("POST", "/ideas/{id}/edit", Action::Upload),
    ("POST", "/tips/{id}/edit", Action::Upload),
    ("POST", "/products/{slug}/edit", Action::Upload),
    ("POST", "/api/v1/auth/register", Action::Register),
    ("POST", "/register", Action::Register),
    ("PUT", "/api/v1/ideas/{id}/feedback", Action::Feedback),
    ("POST", "/ideas/{id}/feedback", Action::Feedback),
];

/// The kind of write a request is, if it is one that counts.
pub fn action_for(method: &str, path: &str) -> Option<Action> {
    COUNTED.iter().find(|(m, t, _)| *m == method && matches_template(t, path)).map(|(_, _, a)| *a)
}

/// The templates of the counted writes (a test checks each is served).
pub fn counted() -> impl Iterator<Item = (&'static str, &'static str, Action)> {
    COUNTED.iter().copied()
}

fn matches_template(template: &str, path: &str) -> bool {
    let path = path.strip_suffix('/').filter(|p| !p.is_empty()).unwrap_or(path);
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len()
        && t.iter().zip(&p).all(|(t, p)| if t.starts_with('{') && t.ends_with('}') { !p.is_empty() } else { t == p })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn requests_map_to_their_kind_of_write() {
        assert_eq!(action_for("POST", "/api/v1/ideas"), Some(Action::Idea));
        assert_eq!(action_for("POST", "/ideas/new"), Some(Action::Idea));
        assert_eq!(action_for("GET", "/ideas/new"), None);
        assert_eq!(action_for("PUT", "/api/v1/ideas/abc/support"), Some(Action::Support));
        assert_eq!(action_for("DELETE", "/api/v1/ideas/abc/support"), None);
        assert_eq!(action_for("PUT", "/api/v1/fan-votes/abc/ballot"), Some(Action::Support));
        assert_eq!(action_for("POST", "/fan-votes/abc/ballot"), Some(Action::Support));
        assert_eq!(action_for("DELETE", "/api/v1/fan-votes/abc/ballot"), None);
        assert_eq!(action_for("POST", "/ideas/abc/comments"), Some(Action::Comment));
        assert_eq!(action_for("POST", "/ideas//comments"), None);
        assert_eq!(action_for("POST", "/api/v1/products/kettle/questions"), Some(Action::Comment));
        assert_eq!(action_for("POST", "/api/v1/questions/abc/answers"), Some(Action::Comment));
        assert_eq!(action_for("POST", "/questions/abc/answers"), Some(Action::Comment));
        assert_eq!(action_for("PATCH", "/api/v1/questions/abc"), None);
        assert_eq!(action_for("POST", "/api/v1/auth/register"), Some(Action::Register));
        assert_eq!(action_for("POST", "/api/v1/auth/login"), None);
        assert_eq!(action_for("PATCH", "/api/v1/ideas/abc"), None);
        assert_eq!(action_for("POST", "/api/v1/product-tests/abc/reports"), Some(Action::Review));
        assert_eq!(action_for("POST", "/product-tests/abc/report"), Some(Action::Review));
        assert_eq!(action_for("POST", "/api/v1/product-tests/abc/applications"), None);
        assert_eq!(action_for("PUT", "/api/v1/ideas/abc/feedback"), Some(Action::Feedback));
        assert_eq!(action_for("GET", "/api/v1/ideas/abc/feedback"), None);
    }

    #[test]
    fn the_defaults_are_the_documented_ones() {
        let l = Limits::new(&[], 4).unwrap();
        assert_eq!(l.quotas(Action::Idea), &[Quota { max: 5, seconds: 3600 }]);
        assert_eq!(l.quotas(Action::Comment), &[Quota { max: 30, seconds: 3600 }, Quota { max: 5, seconds: 60 }]);
        assert_eq!(l.for_bucket(Action::Support, Bucket::Address), vec![Quota { max: 480, seconds: 3600 }]);
        // Registrations have no member: the address's limit is the limit.
        assert_eq!(l.for_bucket(Action::Register, Bucket::Address), vec![Quota { max: 10, seconds: 3600 }]);
        assert_eq!(l.longest(Action::Comment), 3600);
    }

    #[test]
    fn overrides_replace_an_actions_quotas() {
        let l = Limits::new(&["idea=2/30m; comment=off".into(), "support=3/10s,100/d".into()], 1).unwrap();
        assert_eq!(l.quotas(Action::Idea), &[Quota { max: 2, seconds: 1800 }]);
        assert!(l.quotas(Action::Comment).is_empty());
        assert_eq!(l.quotas(Action::Support), &[Quota { max: 3, seconds: 10 }, Quota { max: 100, seconds: 86400 }]);
        assert_eq!(l.quotas(Action::Tip), &[Quota { max: 10, seconds: 3600 }]);
        for bad in ["ideas=5/h", "idea=5", "idea=five/h", "idea=5/w", "idea=0/h", "idea"] {
            assert!(Limits::new(&[bad.into()], 1).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_full_window_says_when_it_frees() {
        let now = t("2026-12-05 10:00:00");
        let hour = Quota { max: 5, seconds: 3600 };
        let open = Reading { quota: hour, count: 4, oldest: Some(t("2026-12-05 09:10:00")) };
        assert_eq!(decide(&[open], now), Ok(()));
        // Five in the last hour, the oldest at 09:10: the next fits at 10:10.
        let full = Reading { count: 5, ..open };
        assert_eq!(decide(&[full], now), Err(600));
        // Several windows: the longest wait wins.
        let minute = Reading { quota: Quota { max: 5, seconds: 60 }, count: 5, oldest: Some(t("2026-12-05 09:59:30")) };
        assert_eq!(decide(&[minute], now), Err(30));
        assert_eq!(decide(&[minute, full], now), Err(600));
        // Never less than a second.
        let edge = Reading { quota: hour, count: 5, oldest: Some(t("2026-12-05 09:00:00")) };
        assert_eq!(decide(&[edge], now), Err(1));
    }
}

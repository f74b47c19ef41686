//! Pure privacy rules: the consent kinds, what registration must send, what a consent change appends,
//! and the shapes an erased account takes.

use serde::{Deserialize, Serialize};

use crate::error::Violations;

/// What a member consents to. `Terms` (the terms and the privacy notice, versioned by configuration) is
/// required to register and to write; the others are optional and off unless ticked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentKind {
    Terms,
    ProductNews,
    ShippingAddressSharing,
}

impl ConsentKind {
    pub const ALL: [ConsentKind; 3] =
        [ConsentKind::Terms, ConsentKind::ProductNews, ConsentKind::ShippingAddressSharing];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsentKind::Terms => "terms",
            ConsentKind::ProductNews => "product_news",
            ConsentKind::ShippingAddressSharing => "shipping_address_sharing",
        }
    }

    pub fn parse(s: &str) -> Option<ConsentKind> {
        ConsentKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One consent to record: its kind, the version it refers to, given or withdrawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentChange {
    pub kind: ConsentKind,
    pub version: String,
    pub given: bool,
}

/// The version the optional consents refer to: they are worded in the same terms version they were given
/// under, so they carry it too.
fn change(kind: ConsentKind, version: &str, given: bool) -> ConsentChange {
    ConsentChange { kind, version: version.to_string(), given }
}

/// What a new account records: the terms accepted, and each optional consent that was ticked (one left
/// unticked is simply not given: no row).
pub fn at_registration(terms_version: &str, product_news: bool, shipping: bool) -> Vec<ConsentChange> {
    let mut out = vec![change(ConsentKind::Terms, terms_version, true)];
    if product_news {
        out.push(change(ConsentKind::ProductNews, terms_version, true));
    }
    if shipping {
        out.push(change(ConsentKind::ShippingAddressSharing, terms_version, true));
    }
    out
}

/// Registration: `accept_terms` must be `true`; a `terms_version`, when sent, must be the current one.
pub fn check_terms(v: &mut Violations, accept: Option<bool>, version: Option<&str>, current: &str) {
    if accept != Some(true) {
        v.add("accept_terms", "required", "Accept the terms and the privacy notice to register.");
    }
    check_version(v, "terms_version", version, current);
}

/// A terms version sent by a client must be the current one (it saw an older text).
pub fn check_version(v: &mut Violations, field: &str, version: Option<&str>, current: &str) {
    if let Some(given) = version {
        if given.trim() != current {
            v.add(field, "outdated", format!("The current terms version is {current}; read it and accept that one."));
        }
    }
}

/// Whether a member whose latest terms consent is `accepted` (given, of that version) may write.
pub fn terms_current(accepted: Option<&str>, current: &str) -> bool {
    accepted == Some(current)
}

/// The state of one kind: its latest row's (given, version), if any.
pub type Latest = Option<(bool, String)>;

/// What a consent update appends: a row for each kind whose state changes. Accepting the terms again
/// appends only when the member has not accepted the current version yet; withdrawing the terms is not a
/// consent update (the terms end with the account: erase it), a 422 naming `terms`.
pub fn changes(
    v: &mut Violations,
    current_terms: &str,
    latest: impl Fn(ConsentKind) -> Latest,
    wanted: &[(ConsentKind, Option<bool>)],
) -> Vec<ConsentChange> {
    let mut out = Vec::new();
    for &(kind, want) in wanted {
        let Some(want) = want else { continue };
        let now = latest(kind);
        match kind {
            ConsentKind::Terms if !want => v.add(
                "terms",
                "required",
                "The terms cannot be withdrawn while the account exists; delete the account instead.",
            ),
            ConsentKind::Terms => {
                if now != Some((true, current_terms.to_string())) {
                    out.push(change(kind, current_terms, true));
                }
            }
            _ => {
                if now.as_ref().map(|(given, _)| *given).unwrap_or(false) != want {
                    out.push(change(kind, current_terms, want));
                }
            }
        }
    }
    out
}

/// The pseudonym an erased account's handle becomes: `deleted-` and 8 hex digits (from a random value).
pub fn pseudonym(random: u128) -> String {
    format!("deleted-{:08x}", (random & 0xffff_ffff) as u32)
}

/// The address an erased account keeps: unique, not personal, and undeliverable (`.invalid`), so the
/// member's own address is free to register again.
pub fn erased_email(random: u128) -> String {
    format!("deleted-{random:032x}@erased.invalid")
}

/// A password hash no password matches (not a PHC string: verification fails before hashing).
pub const ERASED_PASSWORD_HASH: &str = "!erased";

#[cfg(test)]
mod tests {
    use super::*;

    fn errs(f: impl FnOnce(&mut Violations)) -> Vec<String> {
        let mut v = Violations::new();
        f(&mut v);
        match v.finish() {
            Ok(()) => Vec::new(),
            Err(crate::error::AppError::Validation(list)) => list.into_iter().map(|e| e.field).collect(),
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn registration_needs_the_current_terms() {
        assert!(errs(|v| check_terms(v, Some(true), None, "2026-12-01")).is_empty());
        assert!(errs(|v| check_terms(v, Some(true), Some("2026-12-01"), "2026-12-01")).is_empty());
        assert_eq!(errs(|v| check_terms(v, None, None, "2026-12-01")), ["accept_terms"]);
        assert_eq!(errs(|v| check_terms(v, Some(false), None, "2026-12-01")), ["accept_terms"]);
        assert_eq!(errs(|v| check_terms(v, Some(true), Some("2025-01-01"), "2026-12-01")), ["terms_version"]);
    }

    #[test]
    fn registration_records_what_was_ticked() {
        let kinds = |c: Vec<ConsentChange>| c.into_iter().map(|c| c.kind).collect::<Vec<_>>();
        assert_eq!(kinds(at_registration("v", false, false)), [ConsentKind::Terms]);
        assert_eq!(
            kinds(at_registration("v", true, true)),
            [ConsentKind::Terms, ConsentKind::ProductNews, ConsentKind::ShippingAddressSharing]
        );
    }

    #[test]
    fn updates_append_only_what_changes() {
        let latest = |k: ConsentKind| match k {
            ConsentKind::Terms => Some((true, "old".to_string())),
            ConsentKind::ProductNews => Some((true, "old".to_string())),
            ConsentKind::ShippingAddressSharing => None,
        };
        let mut v = Violations::new();
        let out = changes(
            &mut v,
            "new",
            latest,
            &[
                (ConsentKind::Terms, Some(true)),
                (ConsentKind::ProductNews, Some(true)),
                (ConsentKind::ShippingAddressSharing, Some(false)),
            ],
        );
        assert!(v.is_empty());
        assert_eq!(out, vec![change(ConsentKind::Terms, "new", true)], "news unchanged, shipping never given");
        let out = changes(&mut v, "new", latest, &[(ConsentKind::ProductNews, Some(false))]);
        assert_eq!(out, vec![change(ConsentKind::ProductNews, "new", false)]);
        let current = |_: ConsentKind| Some((true, "new".to_string()));
        assert!(changes(&mut v, "new", current, &[(ConsentKind::Terms, Some(true))]).is_empty());
        assert!(v.is_empty());
        assert_eq!(errs(|v| drop(changes(v, "new", current, &[(ConsentKind::Terms, Some(false))]))), ["terms"]);
        assert!(terms_current(Some("new"), "new") && !terms_current(Some("old"), "new") && !terms_current(None, "new"));
    }

    #[test]
    fn erased_shapes() {
        let p = pseudonym(0x1234_5678_9abc_def0_7f3a_0000_0000_00ff);
        assert_eq!(p, "deleted-000000ff");
        let mut v = Violations::new();
        crate::accounts::rules::check_handle(&mut v, "handle", &p);
        assert!(v.is_empty(), "a pseudonym is a valid handle");
        let e = erased_email(7);
        assert!(e.ends_with("@erased.invalid") && e.len() == "deleted-@erased.invalid".len() + 32);
        assert!(!crate::accounts::password::verify("anything", ERASED_PASSWORD_HASH));
    }
}

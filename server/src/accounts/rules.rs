//! Pure account rules: who may do what, and what a valid handle, email and
//! password look like.

use serde::{Deserialize, Serialize};

use crate::error::Violations;

#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
    diesel::AsExpression,
    diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Member,
    Moderator,
    ProductTeam,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Member, Role::Moderator, Role::ProductTeam, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Moderator => "moderator",
            Role::ProductTeam => "product_team",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn can_manage_challenges(self) -> bool {
        matches!(self, Role::ProductTeam | Role::Admin)
    }

    pub fn can_moderate(self) -> bool {
        matches!(self, Role::Moderator | Role::Admin)
    }

    pub fn can_change_roles(self) -> bool {
        self == Role::Admin
    }
}

pub const HANDLE_MIN: usize = 3;
pub const HANDLE_MAX: usize = 30;
pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 256;
pub const DISPLAY_NAME_MAX: usize = 60;

/// The key under which a handle is unique: handles differ by more than case.
pub fn handle_key(handle: &str) -> String {
    handle.to_lowercase()
}

/// The key under which an email is unique: case-insensitive, trimmed.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

pub fn check_handle(v: &mut Violations, field: &str, handle: &str) {
    let len = handle.chars().count();
    if !(HANDLE_MIN..=HANDLE_MAX).contains(&len) {
        v.add(field, "length", format!("A handle has {HANDLE_MIN} to {HANDLE_MAX} characters."));
    } else if !handle.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        v.add(field, "format", "A handle uses letters, digits, '_' and '-' only.");
    } else if !handle.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        v.add(field, "format", "A handle starts with a letter or digit.");
    }
}

pub fn check_email(v: &mut Violations, field: &str, email: &str) {
    let email = email.trim();
    let valid = email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            }
            None => false,
        };
    if !valid {
        v.add(field, "format", "Enter an email address like name@example.org.");
    }
}

pub fn check_password(v: &mut Violations, field: &str, password: &str) {
    let len = password.chars().count();
    if len < PASSWORD_MIN {
        v.add(field, "too_short", format!("A password has at least {PASSWORD_MIN} characters."));
    } else if len > PASSWORD_MAX {
        v.add(field, "too_long", format!("A password has at most {PASSWORD_MAX} characters."));
    }
}

static COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

/// Whether a password is on the list of common ones (case ignored).
pub fn is_common_password(password: &str) -> bool {
    let lower = password.to_lowercase();
    COMMON_PASSWORDS.lines().filter(|l| !l.starts_with('#')).any(|l| l == lower)
}

/// A password a member chooses (registration, reset, change): long enough, not a common one, and not their
/// handle or email address.
pub fn check_new_password(v: &mut Violations, field: &str, password: &str, handle: &str, email: &str) {
    let before = v.len();
    check_password(v, field, password);
    if v.len() > before {
        return;
    }
    let lower = password.to_lowercase();
    if is_common_password(password) {
        v.add(field, "common", "This password is on a list of common passwords; choose another.");
    } else if lower == handle.trim().to_lowercase() || lower == email.trim().to_lowercase() {
        v.add(field, "same_as_login", "A password cannot be your handle or email address.");
    }
}

/// An IANA time zone name (`Europe/Zurich`).
pub fn check_time_zone(v: &mut Violations, field: &str, zone: &str) {
    if zone.parse::<chrono_tz::Tz>().is_err() {
        v.add(field, "unknown", "This is not a time zone we know; use an IANA name like Europe/Zurich.");
    }
}

pub fn check_display_name(v: &mut Violations, field: &str, name: &str) {
    let len = name.trim().chars().count();
    if len > DISPLAY_NAME_MAX {
        v.add(field, "too_long", format!("A display name has at most {DISPLAY_NAME_MAX} characters."));
    } else if name.chars().any(char::is_control) {
        v.add(field, "format", "A display name cannot contain control characters.");
    }
}

/// The registration page's bot checks (the API has none): a field people
/// never see (`HONEYPOT_FIELD`, hidden off-screen; bots fill every field) and
/// the signed time the form was shown (`STAMP_FIELD`; bots send at once).
pub const HONEYPOT_FIELD: &str = "website";
pub const STAMP_FIELD: &str = "shown";

fn stamp_mac(key: &[u8], shown_ms: i64) -> Option<String> {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key).ok()?;
    mac.update(b"register-form\0");
    mac.update(shown_ms.to_string().as_bytes());
    Some(hex::encode(&mac.finalize().into_bytes()[..16]))
}

/// The stamp a registration form carries: when it was shown, signed.
pub fn form_stamp(key: &[u8], shown_ms: i64) -> String {
    format!("{shown_ms}.{}", stamp_mac(key, shown_ms).unwrap_or_default())
}

/// Whether a registration form came from a person: the honeypot is empty,
/// and the stamp is ours, at least `min_seconds` old and under a day old.
/// Which check failed is not told (the refusal reveals nothing useful).
pub fn human_form(key: &[u8], stamp: Option<&str>, honeypot: Option<&str>, now_ms: i64, min_seconds: u64) -> bool {
    if honeypot.is_some_and(|h| !h.trim().is_empty()) {
        return false;
    }
    if min_seconds == 0 {
        return true;
    }
    let Some((ms, mac)) = stamp.and_then(|s| s.split_once('.')) else { return false };
    let Ok(shown) = ms.parse::<i64>() else { return false };
    let Some(expected) = stamp_mac(key, shown) else { return false };
    let genuine =
        expected.len() == mac.len() && expected.bytes().zip(mac.bytes()).fold(0u8, |a, (x, y)| a | (x ^ y)) == 0;
    let age = now_ms - shown;
    let min_ms = i64::try_from(min_seconds).unwrap_or(i64::MAX / 1000).saturating_mul(1000);
    genuine && age >= min_ms && age < 24 * 3600 * 1000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_passwords_are_not_common_nor_the_login() {
        let check = |pw: &str| {
            let mut v = Violations::new();
            check_new_password(&mut v, "password", pw, "anna", "anna.muster@example.org");
            v.finish().err().map(|e| format!("{e:?}"))
        };
        assert!(check("correct horse battery").is_none());
        assert!(check("short").unwrap().contains("too_short"));
        assert!(check("1234567890").unwrap().contains("common"));
        assert!(check("QwertyUiop").unwrap().contains("common"), "case is ignored");
        assert!(check("Anna.Muster@example.org").unwrap().contains("same_as_login"));
        assert!(is_common_password("password123"));
    }

    #[test]
    fn time_zones_are_iana_names() {
        let check = |z: &str| {
            let mut v = Violations::new();
            check_time_zone(&mut v, "time_zone", z);
            v.finish().is_ok()
        };
        assert!(check("Europe/Zurich") && check("America/New_York") && check("UTC"));
        assert!(!check("Mars/Olympus") && !check("") && !check("+02:00"));
    }

    fn errs(f: impl FnOnce(&mut Violations)) -> bool {
        let mut v = Violations::new();
        f(&mut v);
        !v.is_empty()
    }

    #[test]
    fn handles() {
        assert!(!errs(|v| check_handle(v, "handle", "anna_k")));
        assert!(!errs(|v| check_handle(v, "handle", "a-1")));
        assert!(errs(|v| check_handle(v, "handle", "ab")));
        assert!(errs(|v| check_handle(v, "handle", &"a".repeat(31))));
        assert!(errs(|v| check_handle(v, "handle", "anna k")));
        assert!(errs(|v| check_handle(v, "handle", "_anna")));
        assert!(errs(|v| check_handle(v, "handle", "änna")));
    }

    #[test]
    fn emails() {
        assert!(!errs(|v| check_email(v, "email", "Anna@Example.org")));
        assert!(errs(|v| check_email(v, "email", "anna")));
        assert!(errs(|v| check_email(v, "email", "anna@localhost")));
        assert!(errs(|v| check_email(v, "email", "an na@example.org")));
        assert!(errs(|v| check_email(v, "email", "@example.org")));
        assert_eq!(email_key(" Anna@Example.ORG "), "anna@example.org");
    }

    #[test]
    fn passwords() {
        assert!(errs(|v| check_password(v, "password", "short")));
        assert!(!errs(|v| check_password(v, "password", "long enough pw")));
        assert!(errs(|v| check_password(v, "password", &"x".repeat(257))));
    }

    #[test]
    fn roles() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
        assert!(Role::ProductTeam.can_manage_challenges());
        assert!(!Role::Moderator.can_manage_challenges());
        assert!(Role::Moderator.can_moderate());
        assert!(!Role::ProductTeam.can_moderate());
        assert!(Role::Admin.can_change_roles() && !Role::Moderator.can_change_roles());
    }

    #[test]
    fn registration_forms_from_bots_are_told_apart() {
        let key = b"0123456789abcdef0123456789abcdef";
        let shown = 1_000_000;
        let stamp = form_stamp(key, shown);
        // A person: the honeypot empty, three seconds later.
        assert!(human_form(key, Some(&stamp), Some(""), shown + 3000, 2));
        assert!(human_form(key, Some(&stamp), None, shown + 2000, 2));
        // Too fast, the honeypot filled, no stamp, a forged or altered stamp, a day-old form.
        assert!(!human_form(key, Some(&stamp), None, shown + 1999, 2));
        assert!(!human_form(key, Some(&stamp), Some("http://spam.example"), shown + 3000, 2));
        assert!(!human_form(key, None, None, shown + 3000, 2));
        assert!(!human_form(key, Some("1000000.00"), None, shown + 3000, 2));
        let earlier = form_stamp(key, shown - 60_000).split_once('.').map(|(_, m)| m.to_string()).unwrap();
        assert!(!human_form(key, Some(&format!("{shown}.{earlier}")), None, shown + 3000, 2));
        assert!(!human_form(b"another key of thirty-two bytes!", Some(&stamp), None, shown + 3000, 2));
        assert!(!human_form(key, Some(&stamp), None, shown + 24 * 3600 * 1000, 2));
        // The time check off: only the honeypot counts.
        assert!(human_form(key, None, None, shown, 0));
        assert!(!human_form(key, None, Some("x"), shown, 0));
    }
}

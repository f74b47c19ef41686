//! How members hear of notifications: the channels, the defaults, the digest periods, and the signature of
//! an unsubscribe link. Pure.

use chrono::Duration;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::kind;

/// Every kind a member can choose a channel for.
pub const KINDS: [&str; 14] = [
    kind::STATUS_CHANGED,
    kind::REPLY,
    kind::COMMENT,
    kind::CREATOR_UPDATE,
    kind::TIER_REACHED,
    kind::MERGED,
    kind::MODERATION,
    kind::BADGE_AWARDED,
    kind::RAFFLE_WON,
    kind::REVIEW_SPIKE,
    kind::ANSWER,
    kind::PRODUCT_QUESTION,
    kind::TEST_SELECTED,
    kind::TEST_REPORT_DUE,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Not at all.
    Off,
    /// In the app only.
    InApp,
    /// In the app and by mail, each at once.
    Email,
    /// In the app and in a daily digest.
    Daily,
    /// In the app and in a weekly digest.
    Weekly,
}

impl Channel {
    pub const ALL: [Channel; 5] = [Channel::Off, Channel::InApp, Channel::Email, Channel::Daily, Channel::Weekly];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Off => "off",
            Channel::InApp => "in_app",
            Channel::Email => "email",
            Channel::Daily => "daily",
            Channel::Weekly => "weekly",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The digest period of a channel.
    pub fn period(self) -> Option<Duration> {
        match self {
            Channel::Daily => Some(Duration::days(1)),
            Channel::Weekly => Some(Duration::days(7)),
            _ => None,
        }
    }
}

/// Status changes of one's own and supported ideas, replies, answers to one's questions and prizes come by
/// mail; the rest in the app.
pub fn default_channel(kind_: &str) -> Channel {
    match kind_ {
        kind::STATUS_CHANGED
        | kind::REPLY
        | kind::ANSWER
        | kind::RAFFLE_WON
        | kind::TEST_SELECTED
        | kind::TEST_REPORT_DUE => Channel::Email,
        _ => Channel::InApp,
    }
}

pub fn is_kind(kind_: &str) -> bool {
    KINDS.contains(&kind_)
}

fn unsubscribe_mac(key: &[u8], user_id: &str, kind_: &str) -> Option<Hmac<Sha256>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).ok()?;
    mac.update(b"unsubscribe\0");
    mac.update(user_id.as_bytes());
    mac.update(b"\0");
    mac.update(kind_.as_bytes());
    Some(mac)
}

/// The signature of an unsubscribe link for (member, kind): whoever holds the link may turn that kind off
/// (RFC 8058 one-click), and only that.
pub fn unsubscribe_signature(key: &[u8], user_id: &str, kind_: &str) -> String {
    unsubscribe_mac(key, user_id, kind_).map(|m| hex::encode(m.finalize().into_bytes())).unwrap_or_default()
}

pub fn unsubscribe_valid(key: &[u8], user_id: &str, kind_: &str, signature: &str) -> bool {
    match (unsubscribe_mac(key, user_id, kind_), hex::decode(signature)) {
        (Some(mac), Ok(bytes)) => mac.verify_slice(&bytes).is_ok(),
        _ => false,
    }
}

/// Whether a digest of `period` is due for a member whose last one covered up to `sent_until`.
pub fn digest_due(sent_until: chrono::NaiveDateTime, period: Duration, as_of: chrono::NaiveDateTime) -> bool {
    as_of >= sent_until + period
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_mail_what_members_care_about() {
        assert_eq!(default_channel(kind::STATUS_CHANGED), Channel::Email);
        assert_eq!(default_channel(kind::REPLY), Channel::Email);
        assert_eq!(default_channel(kind::RAFFLE_WON), Channel::Email);
        assert_eq!(default_channel(kind::COMMENT), Channel::InApp);
        assert_eq!(default_channel(kind::BADGE_AWARDED), Channel::InApp);
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Some(c));
        }
        assert_eq!(Channel::parse("sms"), None);
    }

    #[test]
    fn unsubscribe_links_are_signed_per_member_and_kind() {
        let key = b"0123456789abcdef0123456789abcdef";
        let sig = unsubscribe_signature(key, "u1", "reply");
        assert!(unsubscribe_valid(key, "u1", "reply", &sig));
        assert!(!unsubscribe_valid(key, "u2", "reply", &sig));
        assert!(!unsubscribe_valid(key, "u1", "comment", &sig));
        assert!(!unsubscribe_valid(b"another key another key another k", "u1", "reply", &sig));
        assert!(!unsubscribe_valid(key, "u1", "reply", "zz"));
    }

    #[test]
    fn digests_come_once_a_period() {
        let t = chrono::DateTime::UNIX_EPOCH.naive_utc();
        assert!(!digest_due(t, Duration::days(1), t + Duration::hours(23)));
        assert!(digest_due(t, Duration::days(1), t + Duration::hours(24)));
        assert!(!digest_due(t, Duration::days(7), t + Duration::days(6)));
    }
}

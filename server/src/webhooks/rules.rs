//! Pure rules of webhooks: the events, the retry schedule, the Standard Webhooks signature, the secrets,
//! and which target addresses are refused (SSRF). Tested without a database.

use std::net::{IpAddr, Ipv4Addr};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use chrono::{Duration, NaiveDateTime};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::Violations;

macro_rules! events {
    ($($variant:ident => $name:literal,)*) => {
        /// An event a webhook endpoint can subscribe to (the payload's `type`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Event { $($variant,)* }

        impl Event {
            pub const ALL: &'static [Event] = &[$(Event::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Event::$variant => $name,)* }
            }

            pub fn parse(s: &str) -> Option<Event> {
                match s { $($name => Some(Event::$variant),)* _ => None }
            }
        }
    };
}

events! {
    IdeaCreated => "idea.created",
    IdeaPublished => "idea.published",
    IdeaStatusChanged => "idea.status_changed",
    IdeaTierReached => "idea.tier_reached",
    CommentCreated => "comment.created",
    ReviewCreated => "review.created",
    ProductAlertRaised => "product_alert.raised",
    QuestionCreated => "question.created",
    RaffleDrawn => "raffle.drawn",
    ExportCreated => "export.created",
}

/// The pauses before the retries after a failed attempt: the first within a minute, then backing off.
/// They add up to a little under a day; the attempt that fails a day after the event gives it up.
pub const SCHEDULE_SECS: [i64; 10] = [5, 30, 2 * 60, 10 * 60, 30 * 60, 60 * 60, 2 * 3600, 4 * 3600, 8 * 3600, 8 * 3600];
/// How long a message is retried before it fails for good (and its endpoint is disabled).
pub const GIVE_UP_AFTER_HOURS: i64 = 24;
/// How long the previous secret keeps signing after a rotation.
pub const ROTATION_OVERLAP_HOURS: i64 = 24;
/// How long a delivery may take before it counts as failed.
pub const TIMEOUT_SECS: u64 = 10;
pub const MAX_DESCRIPTION: usize = 500;
pub const MAX_URL: usize = 2000;

/// When to try again after `failed` attempts of a message created at `created_at`, or `None` when it is
/// given up (a day of failures).
pub fn next_attempt(failed: i32, created_at: NaiveDateTime, now: NaiveDateTime) -> Option<NaiveDateTime> {
    if now - created_at >= Duration::hours(GIVE_UP_AFTER_HOURS) {
        return None;
    }
    let i = usize::try_from(failed.max(1) - 1).unwrap_or(0).min(SCHEDULE_SECS.len() - 1);
    let next = now + Duration::seconds(SCHEDULE_SECS[i]);
    // The last try lands on the day's end, so a dead endpoint is disabled after a day, not a day and 8 hours.
    Some(next.min(created_at + Duration::hours(GIVE_UP_AFTER_HOURS)))
}

/// A new secret: `whsec_` and 24 random bytes in base64 (Standard Webhooks).
pub fn new_secret() -> String {
    let mut bytes = [0u8; 24];
    rand::Rng::fill(&mut rand::rng(), &mut bytes);
    format!("whsec_{}", B64.encode(bytes))
}

/// The key bytes of a `whsec_…` secret.
fn key(secret: &str) -> Option<Vec<u8>> {
    B64.decode(secret.strip_prefix("whsec_").unwrap_or(secret)).ok()
}

/// One `v1,<base64 HMAC-SHA256>` of `msg_id.timestamp.body` (Standard Webhooks).
pub fn sign(secret: &str, msg_id: &str, timestamp: i64, body: &str) -> Option<String> {
    let key = key(secret)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
    mac.update(format!("{msg_id}.{timestamp}.").as_bytes());
    mac.update(body.as_bytes());
    Some(format!("v1,{}", B64.encode(mac.finalize().into_bytes())))
}

/// The `webhook-signature` header: one signature per secret in use, space-separated (during a rotation's
/// overlap the new and the previous secret).
pub fn signature_header(secrets: &[&str], msg_id: &str, timestamp: i64, body: &str) -> String {
    secrets.iter().filter_map(|s| sign(s, msg_id, timestamp, body)).collect::<Vec<_>>().join(" ")
}

/// Whether a delivery to this address is refused: loopback, private, link-local (cloud metadata lives
/// there), shared (CGNAT), unspecified, multicast, broadcast, documentation and reserved ranges, also when
/// wrapped in an IPv6 address.
pub fn refused_address(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => refused_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return refused_v4(v4);
            }
            let seg = v6.segments();
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (seg[0] & 0xfe00) == 0xfc00 // unique local fc00::/7 (fd00:ec2::254 is a metadata address)
                || (seg[0] & 0xffc0) == 0xfe80 // link-local fe80::/10
                || (seg[0] & 0xffc0) == 0xfec0 // site-local, deprecated
                || (seg[0] == 0x64 && seg[1] == 0xff9b) // NAT64: an IPv4 address inside
                || (seg[0] == 0x2001 && seg[1] == 0x0db8) // documentation
                || (seg[0] == 0 && seg[1] == 0 && seg[2] == 0 && seg[3] == 0 && seg[4] == 0 && seg[5] == 0)
            // IPv4-compatible
        }
    }
}

fn refused_v4(ip: Ipv4Addr) -> bool {
    let o = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || o[0] == 0
        || (o[0] == 100 && (o[1] & 0xc0) == 64) // shared address space 100.64/10 (Alibaba's metadata)
        || (o[0] == 192 && o[1] == 0 && o[2] == 0) // IETF protocol assignments
        || (o[0] == 198 && (o[1] & 0xfe) == 18) // benchmarking 198.18/15
        || o[0] >= 240 // reserved
}

/// A target URL's form: http or https, a host, no credentials, not too long. The addresses it resolves to
/// are checked separately (`refused_address`), at registration and again before every delivery.
pub fn check_url(v: &mut Violations, url: &str) -> Option<url::Url> {
    if url.len() > MAX_URL {
        v.add("url", "too_long", format!("At most {MAX_URL} characters."));
        return None;
    }
    let parsed = match url::Url::parse(url) {
        Ok(u) => u,
        Err(_) => {
            v.add("url", "invalid", "Not a URL.");
            return None;
        }
    };
    if !matches!(parsed.scheme(), "http" | "https") {
        v.add("url", "invalid", "Only http:// and https:// URLs.");
        return None;
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        v.add("url", "invalid", "The URL has no host.");
        return None;
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        v.add("url", "invalid", "No user name or password in the URL; check the signature instead.");
        return None;
    }
    Some(parsed)
}

/// The events of a registration: at least one, each known, no repeats (kept in the order given).
pub fn check_events(v: &mut Violations, events: &[String]) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    if events.is_empty() {
        v.add("events", "required", "Choose at least one event.");
    }
    for e in events {
        match Event::parse(e) {
            Some(ev) if !out.contains(&ev) => out.push(ev),
            Some(_) => {}
            None => v.add("events", "unknown", format!("Unknown event {e:?}.")),
        }
    }
    out
}

pub fn check_description(v: &mut Violations, description: &str) {
    if description.chars().count() > MAX_DESCRIPTION {
        v.add("description", "too_long", format!("At most {MAX_DESCRIPTION} characters."));
    }
}

/// Whether a receiver's answer counts as delivered.
pub fn delivered(status: u16) -> bool {
    (200..300).contains(&status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use std::net::Ipv6Addr;

    #[test]
    fn the_standard_webhooks_test_vector_signs_alike() {
        // From the Standard Webhooks specification's reference implementations.
        let sig = sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            r#"{"test": 2432232314}"#,
        );
        assert_eq!(sig.as_deref(), Some("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
    }

    #[test]
    fn two_secrets_give_two_signatures() {
        let a = new_secret();
        let b = new_secret();
        assert!(a.starts_with("whsec_") && a != b);
        let header = signature_header(&[&a, &b], "msg_1", 1, "{}");
        let parts: Vec<&str> = header.split(' ').collect();
        assert_eq!(parts.len(), 2);
        assert_eq!(Some(parts[0].to_string()), sign(&a, "msg_1", 1, "{}"));
        assert_eq!(Some(parts[1].to_string()), sign(&b, "msg_1", 1, "{}"));
        assert_ne!(parts[0], parts[1]);
    }

    #[test]
    fn events_round_trip() {
        for e in Event::ALL {
            assert_eq!(Event::parse(e.as_str()), Some(*e));
        }
        assert_eq!(Event::parse("idea.deleted"), None);
        let mut v = Violations::new();
        let got = check_events(&mut v, &["comment.created".into(), "comment.created".into()]);
        assert_eq!(got, vec![Event::CommentCreated]);
        assert!(v.is_empty());
        check_events(&mut v, &["nope".into()]);
        check_events(&mut v, &[]);
        assert_eq!(v.len(), 2);
    }

    #[test]
    fn the_first_retry_is_within_a_minute_and_a_day_gives_up() {
        let t0 = NaiveDate::from_ymd_opt(2026, 12, 5).and_then(|d| d.and_hms_opt(8, 0, 0)).unwrap();
        let first = next_attempt(1, t0, t0).unwrap();
        assert!(first - t0 <= Duration::minutes(1));
        // Walk the schedule: the gaps grow, and the attempts stop a day after the event.
        let (mut at, mut failed, mut last_gap) = (t0, 0, Duration::zero());
        while let Some(next) = next_attempt(failed + 1, t0, at) {
            failed += 1;
            let gap = next - at;
            assert!(gap >= last_gap || next == t0 + Duration::hours(24), "gap {gap} after {last_gap}");
            last_gap = gap;
            at = next;
        }
        assert_eq!(at, t0 + Duration::hours(24));
        assert!((10..=12).contains(&failed), "{failed} retries");
        assert_eq!(next_attempt(3, t0, t0 + Duration::hours(24)), None);
    }

    #[test]
    fn private_addresses_are_refused() {
        for a in [
            "127.0.0.1",
            "127.1.2.3",
            "10.0.0.5",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.100.100.200",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fe80::1",
            "fd00:ec2::254",
            "fc00::1",
            "::ffff:127.0.0.1",
            "::ffff:10.1.2.3",
            "::127.0.0.1",
            "64:ff9b::a9fe:a9fe",
        ] {
            let ip: IpAddr = a.parse().unwrap();
            assert!(refused_address(ip), "{a} should be refused");
        }
        for a in ["93.184.215.14", "1.1.1.1", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"] {
            let ip: IpAddr = a.parse().unwrap();
            assert!(!refused_address(ip), "{a} should be allowed");
        }
        assert!(refused_address(IpAddr::V6(Ipv6Addr::LOCALHOST)));
    }

    #[test]
    fn urls_are_http_with_a_host_and_no_credentials() {
        let mut v = Violations::new();
        assert!(check_url(&mut v, "https://hooks.example.org/x?y=1").is_some());
        assert!(v.is_empty());
        for bad in ["ftp://x.example", "not a url", "https://user:pw@x.example/", "file:///etc/passwd"] {
            let mut v = Violations::new();
            assert!(check_url(&mut v, bad).is_none(), "{bad}");
            assert_eq!(v.len(), 1);
        }
        assert!(delivered(204) && !delivered(301) && !delivered(500));
    }
}

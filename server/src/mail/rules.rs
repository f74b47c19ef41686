//! Pure rules of mail delivery: when to try again, when to give up, and the SMTP URL's form.

use chrono::Duration;

/// How long a mail is tried before it is given up (with a log line).
pub const GIVE_UP_AFTER_HOURS: i64 = 24;
/// The first minutes, retries are at most this far apart…
pub const EAGER_MINUTES: i64 = 10;
pub const EAGER_MAX_GAP_SECS: i64 = 30;
/// …then they back off, up to this gap.
pub const MAX_GAP_SECS: i64 = 30 * 60;

/// The pause before the next attempt after `attempts` failed ones, for a mail `age` old: 2, 4, 8, 16 then
/// 30 s for the first ten minutes; after that doubling from one minute up to half an hour.
pub fn retry_delay(attempts: i32, age: Duration) -> Duration {
    let attempts = attempts.max(1);
    if age < Duration::minutes(EAGER_MINUTES) {
        let secs = 1i64 << attempts.min(5);
        return Duration::seconds(secs.min(EAGER_MAX_GAP_SECS));
    }
    // Count the doublings from the end of the eager phase, roughly one per attempt.
    let late = (attempts - 10).clamp(0, 10);
    Duration::seconds((60i64 << late).min(MAX_GAP_SECS))
}

/// Whether a mail this old is given up.
pub fn give_up(age: Duration) -> bool {
    age >= Duration::hours(GIVE_UP_AFTER_HOURS)
}

/// `smtp://user:pass@host:port`, `smtps://…` (implicit TLS) and `?starttls=required` in lettre's terms
/// (lettre spells the last `?tls=required`). Returns the URL lettre takes, or why it is refused.
pub fn lettre_url(url: &str) -> Result<String, String> {
    let mut parsed = url::Url::parse(url).map_err(|e| format!("IDEASHELF_SMTP_URL is not a URL: {e}"))?;
    if !matches!(parsed.scheme(), "smtp" | "smtps") {
        return Err(format!("IDEASHELF_SMTP_URL must start with smtp:// or smtps://, not {}://", parsed.scheme()));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("IDEASHELF_SMTP_URL has no host".into());
    }
    let pairs: Vec<(String, String)> = parsed
        .query_pairs()
        .map(|(k, v)| match k.as_ref() {
            "starttls" => ("tls".to_string(), v.into_owned()),
            _ => (k.into_owned(), v.into_owned()),
        })
        .collect();
    for (k, v) in &pairs {
        if k == "tls" && !matches!(v.as_str(), "required" | "opportunistic") {
            return Err(format!("starttls must be required or opportunistic, not {v}"));
        }
    }
    if pairs.is_empty() {
        parsed.set_query(None);
    } else {
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
    }
    Ok(parsed.to_string())
}

/// The URL with its password replaced, for the start-up banner and logs.
pub fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            if u.password().is_some() {
                let _ = u.set_password(Some("***"));
            }
            u.to_string()
        }
        Err(_) => "(unparsable)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_are_at_most_thirty_seconds_apart_for_ten_minutes() {
        let mut at = Duration::zero();
        let mut attempts = 0;
        while at < Duration::minutes(EAGER_MINUTES) {
            attempts += 1;
            let gap = retry_delay(attempts, at);
            assert!(gap <= Duration::seconds(30), "gap {gap} at {at}");
            assert!(gap >= Duration::seconds(1));
            at += gap;
        }
        assert!(attempts > 20, "the first ten minutes see many attempts, saw {attempts}");
    }

    #[test]
    fn later_retries_back_off_and_a_day_gives_up() {
        let a = retry_delay(12, Duration::minutes(11));
        let b = retry_delay(16, Duration::hours(2));
        assert!(a >= Duration::minutes(1) && b > a && b <= Duration::seconds(MAX_GAP_SECS));
        assert!(!give_up(Duration::hours(23)));
        assert!(give_up(Duration::hours(24)));
    }

    #[test]
    fn smtp_urls_take_starttls_and_refuse_others() {
        assert_eq!(
            lettre_url("smtp://u:p@mail.example:587?starttls=required").unwrap(),
            "smtp://u:p@mail.example:587?tls=required"
        );
        assert_eq!(lettre_url("smtps://mail.example").unwrap(), "smtps://mail.example");
        assert_eq!(lettre_url("smtp://127.0.0.1:2525").unwrap(), "smtp://127.0.0.1:2525");
        assert!(lettre_url("http://mail.example").is_err());
        assert!(lettre_url("smtp://h?starttls=maybe").is_err());
        assert!(lettre_url("not a url").is_err());
        assert_eq!(redacted("smtp://u:secret@h:25"), "smtp://u:***@h:25");
    }
}

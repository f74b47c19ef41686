//! Languages of the pages: Project Fluent messages from web/locales/{de,en}/
//! (compiled into the binary), the choice of language for a request, and
//! dates and numbers formatted the way each language writes them.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{langid, LanguageIdentifier, Loader};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "../web/locales",
        fallback_language: "de",
        // No Unicode isolation marks around arguments: they would show up in
        // attributes and confuse screen readers and tests alike.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static DE: LanguageIdentifier = langid!("de");
static EN: LanguageIdentifier = langid!("en");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    De,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::De, Lang::En];
    /// Without a remembered choice and without a usable Accept-Language.
    pub const DEFAULT: Lang = Lang::De;

    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::De => &DE,
            Lang::En => &EN,
        }
    }

    /// `de`, `de-CH`, `EN_us`, ... by their primary subtag.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The best language of an `Accept-Language` header that we speak.
    pub fn negotiate(accept_language: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for (position, entry) in accept_language.split(',').enumerate() {
            let mut parts = entry.split(';');
            let Some(lang) = parts.next().and_then(Lang::parse) else { continue };
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()))
                .unwrap_or(1.0);
            // Earlier entries win ties, as the header lists them by preference.
            let q = q - position as f32 * 1e-4;
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l)
    }

    /// A message; the key itself when it is missing (and a warning in the log).
    pub fn t(self, key: &str) -> String {
        self.t_args(key, &HashMap::new())
    }

    pub fn t_args(self, key: &str, args: &HashMap<Cow<'static, str>, FluentValue<'_>>) -> String {
        let found = if args.is_empty() {
            LOCALES.try_lookup(self.id(), key)
        } else {
            // fluent-templates wants 'static values; the few arguments are cheap to own.
            let owned: HashMap<Cow<'static, str>, FluentValue<'static>> =
                args.iter().map(|(k, v)| (k.clone(), v.clone().into_owned())).collect();
            LOCALES.try_lookup_with_args(self.id(), key, &owned)
        };
        found.unwrap_or_else(|| {
            tracing::warn!(key, lang = self.code(), "missing translation");
            key.to_string()
        })
    }

    /// A message with a few named arguments.
    pub fn t_with(self, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> =
            args.iter().map(|(k, v)| (Cow::Borrowed(*k), v.clone())).collect();
        self.t_args(key, &map)
    }

    /// An idea status's label (`in_review` → "In review").
    pub fn status(self, status: &str) -> String {
        self.t_with("idea-status", &[("status", FluentValue::from(status.to_string()))])
    }

    /// Whether this language has the message (its arguments aside).
    pub fn has(self, key: &str) -> bool {
        // A message that needs arguments fails to format without them but
        // exists; fluent-templates does not export its error type, so tell the
        // "no such message" errors by their text.
        match LOCALES.lookup_single_language(self.id(), key, None::<&HashMap<String, FluentValue<'_>>>) {
            Ok(_) => true,
            Err(e) => {
                let e = e.to_string();
                !(e.starts_with("Couldn't") || e.starts_with("Language ID"))
            }
        }
    }

    /// 1.234.567 (de) or 1,234,567 (en).
    pub fn number(self, n: i64) -> String {
        let sep = match self {
            Lang::De => '.',
            Lang::En => ',',
        };
        let digits = n.unsigned_abs().to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
        if n < 0 {
            out.push('-');
        }
        // A separator before every digit whose distance from the end is a multiple of three.
        let lead = digits.len() % 3;
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && i % 3 == lead {
                out.push(sep);
            }
            out.push(c);
        }
        out
    }

    /// A number with one decimal: 4,3 (de) or 4.3 (en).
    pub fn decimal(self, x: f64) -> String {
        let text = format!("{:.1}", (x * 10.0).round() / 10.0);
        match self {
            Lang::De => text.replace('.', ","),
            Lang::En => text,
        }
    }

    /// 23.11.2026 (de) or 23 Nov 2026 (en), in UTC.
    pub fn date(self, t: DateTime<Utc>) -> String {
        match self {
            Lang::De => t.format("%d.%m.%Y").to_string(),
            Lang::En => t.format("%-d %b %Y").to_string(),
        }
    }

    /// The date with the time of day (UTC).
    pub fn date_time(self, t: DateTime<Utc>) -> String {
        self.date_time_in(t, chrono_tz::UTC)
    }

    /// The date in a time zone.
    pub fn date_in(self, t: DateTime<Utc>, zone: chrono_tz::Tz) -> String {
        let t = t.with_timezone(&zone);
        match self {
            Lang::De => t.format("%d.%m.%Y").to_string(),
            Lang::En => t.format("%-d %b %Y").to_string(),
        }
    }

    /// The date with the time of day in a time zone, named by its abbreviation (CET, EST, UTC…).
    pub fn date_time_in(self, t: DateTime<Utc>, zone: chrono_tz::Tz) -> String {
        let t = t.with_timezone(&zone);
        match self {
            Lang::De => t.format("%d.%m.%Y, %H:%M %Z").to_string(),
            Lang::En => t.format("%-d %b %Y, %H:%M %Z").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn every_problem_code_has_a_sentence_in_every_language() {
        for lang in Lang::ALL {
            for code in crate::error::ErrorCode::ALL {
                let key = code.locale_key();
                let found = LOCALES.try_lookup(lang.id(), &key);
                assert!(found.as_deref().is_some_and(|t| !t.trim().is_empty()), "{}: no text for {key}", lang.code());
            }
        }
    }

    #[test]
    fn negotiates_accept_language() {
        assert_eq!(Lang::negotiate("en-US,en;q=0.9,de;q=0.8"), Some(Lang::En));
        assert_eq!(Lang::negotiate("fr-CH, de;q=0.7, en;q=0.5"), Some(Lang::De));
        assert_eq!(Lang::negotiate("de;q=0.5, en;q=0.9"), Some(Lang::En));
        assert_eq!(Lang::negotiate("fr, it"), None);
        assert_eq!(Lang::negotiate("en;q=0"), None);
        assert_eq!(Lang::negotiate(""), None);
    }

    #[test]
    fn formats_numbers_and_dates() {
        assert_eq!(Lang::De.number(1234), "1.234");
        assert_eq!(Lang::En.number(1_234_567), "1,234,567");
        assert_eq!(Lang::En.number(-12), "-12");
        assert_eq!(Lang::De.number(0), "0");
        assert_eq!(Lang::De.decimal(4.25), "4,3");
        assert_eq!(Lang::En.decimal(3.0), "3.0");
        let t = Utc.with_ymd_and_hms(2026, 11, 3, 14, 5, 0).single().unwrap_or_default();
        assert_eq!(Lang::De.date(t), "03.11.2026");
        assert_eq!(Lang::En.date(t), "3 Nov 2026");
        // In a member's zone, named by its abbreviation; never "UTC" unless that is the zone.
        let late = Utc.with_ymd_and_hms(2026, 11, 3, 23, 30, 0).unwrap();
        assert_eq!(Lang::De.date_time_in(late, chrono_tz::Europe::Zurich), "04.11.2026, 00:30 CET");
        assert_eq!(Lang::En.date_time_in(late, chrono_tz::America::New_York), "3 Nov 2026, 18:30 EST");
        assert_eq!(Lang::De.date_in(late, chrono_tz::Europe::Zurich), "04.11.2026");
        assert_eq!(Lang::En.date_time_in(late, chrono_tz::UTC), "3 Nov 2026, 23:30 UTC");
    }

    #[test]
    fn looks_up_messages_with_plurals() {
        let mut args = HashMap::new();
        args.insert(Cow::Borrowed("count"), FluentValue::from(1));
        args.insert(Cow::Borrowed("shown"), FluentValue::from("1"));
        assert_eq!(Lang::En.t_args("supporters", &args), "1 supporter");
        args.insert(Cow::Borrowed("count"), FluentValue::from(2));
        args.insert(Cow::Borrowed("shown"), FluentValue::from("2"));
        assert_eq!(Lang::En.t_args("supporters", &args), "2 supporters");
        assert_eq!(Lang::De.t("nav-home"), "Start");
        assert_eq!(Lang::En.t("no-such-key-anywhere"), "no-such-key-anywhere");
        assert!(Lang::De.has("supporters") && Lang::En.has("nav-home"));
        assert!(!Lang::De.has("no-such-key-anywhere"));
    }
}

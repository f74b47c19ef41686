//! Field errors from the domain, shown at their fields in the page's
//! language. The domain names a field and a stable code (`title`,
//! `too_short`); the message is the Fluent key `err-<field>-<code>`, with the
//! limits of the domain rules as arguments.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use serde_json::{Map, Value};

use super::i18n::Lang;
use crate::error::FieldError;
use crate::{accounts, comments, ideas};

/// Which form the errors belong to (a `body` is an idea's or a comment's).
#[derive(Clone, Copy)]
pub enum FormKind {
    Account,
    Idea,
    Comment,
    /// A creator update (`title`, `body`).
    Update,
    /// A staff move on the tracker (`note`, `reason`).
    Move,
    /// A report, or a moderator's reason (`reason`).
    Reason,
}

/// Limits the tracker and moderation check with literal numbers
/// (`tracker::service::{transition, post_update}`, `moderation::rules::check_reason`);
/// kept here for the messages, and tested against `check_reason` below.
pub const NOTE_MAX: i64 = 2_000;
pub const UPDATE_TITLE_MIN: i64 = 3;
pub const UPDATE_TITLE_MAX: i64 = 120;
pub const UPDATE_BODY_MAX: i64 = 10_000;
pub const REASON_MIN: i64 = 3;
pub const REASON_MAX: i64 = 1_000;

fn limits(kind: FormKind, field: &str) -> Vec<(&'static str, i64)> {
    use accounts::rules as a;
    use ideas::rules as i;
    let n = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
    match (kind, field) {
        (FormKind::Account, "handle") => vec![("min", n(a::HANDLE_MIN)), ("max", n(a::HANDLE_MAX))],
        (FormKind::Account, "password") => vec![("min", n(a::PASSWORD_MIN)), ("max", n(a::PASSWORD_MAX))],
        (FormKind::Account, "display_name") => vec![("max", n(a::DISPLAY_NAME_MAX))],
        (FormKind::Idea, "title") => vec![("min", n(i::TITLE_MIN)), ("max", n(i::TITLE_MAX))],
        (FormKind::Idea, "summary") => vec![("max", n(i::SUMMARY_MAX))],
        (FormKind::Idea, "body") => vec![("max", n(i::BODY_MAX))],
        (FormKind::Idea, "tags") => vec![("max", n(i::TAGS_MAX)), ("length", n(i::TAG_MAX))],
        (FormKind::Comment, "body") => vec![("max", n(comments::rules::BODY_MAX))],
        (FormKind::Update, "title") => vec![("min", UPDATE_TITLE_MIN), ("max", UPDATE_TITLE_MAX)],
        (FormKind::Update, "body") => vec![("max", UPDATE_BODY_MAX)],
        (FormKind::Move, "note") => vec![("max", NOTE_MAX)],
        (FormKind::Reason, "reason") | (FormKind::Move, "reason") => vec![("min", REASON_MIN), ("max", REASON_MAX)],
        (FormKind::Reason, "note") => vec![("max", NOTE_MAX)],
        _ => Vec::new(),
    }
}

/// The form's name for a domain field: `tags[2]` → `tags` (the form has one
/// field for the list), `challenge_id` → `challenge`.
fn form_field(field: &str) -> &str {
    match field.split('[').next().unwrap_or(field) {
        "challenge_id" => "challenge",
        other => other,
    }
}

/// The message for one field error.
pub fn message(lang: Lang, kind: FormKind, err: &FieldError) -> String {
    let field = form_field(&err.field);
    let args: HashMap<Cow<'static, str>, FluentValue<'_>> = limits(kind, field)
        .into_iter()
        .map(|(k, v)| (Cow::Borrowed(k), FluentValue::from(v)))
        .collect();
    let specific = format!("err-{field}-{}", err.code);
    let key = if lang.has(&specific) { specific } else { "err-invalid".to_string() };
    lang.t_args(&key, &args)
}

/// Field name → message (the first error of each field), for templates.
pub fn errors_json(lang: Lang, kind: FormKind, errors: &[FieldError]) -> Value {
    let mut map = Map::new();
    for e in errors {
        let field = form_field(&e.field).to_string();
        if !map.contains_key(&field) {
            map.insert(field, Value::String(message(lang, kind, e)));
        }
    }
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_carry_the_rule_limits() {
        let e = FieldError::new("title", "too_short", "ignored");
        assert_eq!(message(Lang::En, FormKind::Idea, &e), "A title has at least 5 characters.");
        let e = FieldError::new("tags[3]", "format", "ignored");
        assert!(errors_json(Lang::De, FormKind::Idea, &[e])["tags"].as_str().is_some_and(|m| !m.is_empty()));
        let e = FieldError::new("title", "length", "ignored");
        assert_eq!(message(Lang::En, FormKind::Update, &e), "A title has 3 to 120 characters.");
        let e = FieldError::new("weird", "unheard_of", "ignored");
        assert_eq!(message(Lang::En, FormKind::Idea, &e), Lang::En.t("err-invalid"));
    }

    /// The reason limits in the messages are the ones the moderation rule applies.
    #[test]
    fn reason_limits_match_the_rule() {
        let check = |len: i64| {
            let mut v = crate::error::Violations::new();
            crate::moderation::rules::check_reason(&mut v, &"x".repeat(usize::try_from(len).unwrap_or(0)));
            v.finish().is_ok()
        };
        assert!(!check(REASON_MIN - 1) && check(REASON_MIN));
        assert!(check(REASON_MAX) && !check(REASON_MAX + 1));
    }
}

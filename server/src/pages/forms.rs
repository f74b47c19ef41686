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
use crate::{accounts, comments, ideas, products, tips};

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
    /// A product in the catalogue (`name`, `slug`, `brand`, `gtin`, …).
    Product,
    /// A rating with its optional review (`stars`, `title`, `body`).
    Review,
    /// A community tip (`title`, `body`, `tags`, `product`).
    Tip,
    /// A product question (`title`, `body`) or an answer (`body`).
    Question,
    /// The search box (`q`).
    Search,
    /// A leaderboard's link (`period`, `challenge`, `cursor`).
    Board,
    /// The ideas list's filters (`sort`, `status`, `tag`, `challenge`, `product`, `cursor`).
    Ideas,
    /// The product team's export form (`challenge`, `status`, `since`, `min_supports`, `limit`, …).
    Export,
    /// A staff pick's note (`note`).
    Pick,
    /// A fan vote's plan (`title`, `idea_ids`, `opens_at`, `closes_at`, `show_results`) or a ballot (`idea_id`).
    FanVote,
}

impl FormKind {
    /// Forms whose messages may differ from the shared `err-<field>-<code>`
    /// look for `err-<prefix>-<field>-<code>` first.
    fn prefix(self) -> Option<&'static str> {
        match self {
            FormKind::Product => Some("product"),
            FormKind::Review => Some("review"),
            FormKind::Tip => Some("tip"),
            FormKind::Question => Some("question"),
            FormKind::Board => Some("board"),
            FormKind::Export => Some("export"),
            FormKind::Ideas => Some("ideas"),
            FormKind::Pick => Some("pick"),
            FormKind::FanVote => Some("fanvote"),
            _ => None,
        }
    }
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
/// The longest search `search::service` accepts (a private constant there, so repeated).
pub const QUERY_MAX: i64 = crate::search::service::QUERY_MAX as i64;

fn limits(kind: FormKind, field: &str) -> Vec<(&'static str, i64)> {
    use accounts::rules as a;
    use ideas::rules as i;
    let n = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
    match (kind, field) {
        (FormKind::Account, "handle") => vec![("min", n(a::HANDLE_MIN)), ("max", n(a::HANDLE_MAX))],
        (FormKind::Account, "password" | "new_password") => {
            vec![("min", n(a::PASSWORD_MIN)), ("max", n(a::PASSWORD_MAX))]
        }
        (FormKind::Account, "display_name") => vec![("max", n(a::DISPLAY_NAME_MAX))],
        (FormKind::Idea, "title") => vec![("min", n(i::TITLE_MIN)), ("max", n(i::TITLE_MAX))],
        (FormKind::Idea, "summary") => vec![("max", n(i::SUMMARY_MAX))],
        (FormKind::Idea, "body") => vec![("max", n(i::BODY_MAX))],
        (FormKind::Tip, "images") => vec![("max", n(crate::images::rules::Subject::Tip.limit()))],
        (_, "images") => vec![("max", n(crate::images::rules::Subject::Idea.limit()))],
        (FormKind::Idea, "tags") => vec![("max", n(i::TAGS_MAX)), ("length", n(i::TAG_MAX))],
        (FormKind::Comment, "body") => vec![("max", n(comments::rules::BODY_MAX))],
        (FormKind::Update, "title") => vec![("min", UPDATE_TITLE_MIN), ("max", UPDATE_TITLE_MAX)],
        (FormKind::Update, "body") => vec![("max", UPDATE_BODY_MAX)],
        (FormKind::Move, "note") => vec![("max", NOTE_MAX)],
        (FormKind::Reason, "reason") | (FormKind::Move, "reason") => vec![("min", REASON_MIN), ("max", REASON_MAX)],
        (FormKind::Reason, "note") => vec![("max", NOTE_MAX)],
        (FormKind::Product, "name") => vec![("min", 2), ("max", n(products::rules::NAME_MAX))],
        (FormKind::Product, "brand" | "category") => vec![("max", n(products::rules::LABEL_MAX))],
        (FormKind::Product, "description") => vec![("max", n(products::rules::DESCRIPTION_MAX))],
        (FormKind::Product, "slug") => vec![("min", 3), ("max", n(crate::challenges::rules::SLUG_MAX))],
        (FormKind::Product, "image_ref") => vec![("max", n(products::rules::IMAGE_REF_MAX))],
        (FormKind::Review, "title") => vec![("max", n(products::rules::REVIEW_TITLE_MAX))],
        (FormKind::Review, "body") => vec![("max", n(products::rules::REVIEW_BODY_MAX))],
        (FormKind::Tip, "title") => vec![("min", n(tips::rules::TITLE_MIN)), ("max", n(tips::rules::TITLE_MAX))],
        (FormKind::Tip, "body") => vec![("max", n(tips::rules::BODY_MAX))],
        (FormKind::Tip, "tags") => vec![("max", n(i::TAGS_MAX)), ("length", n(i::TAG_MAX))],
        (FormKind::Question, "title") => {
            vec![("min", n(crate::questions::rules::TITLE_MIN)), ("max", n(crate::questions::rules::TITLE_MAX))]
        }
        (FormKind::Question, "body") => vec![("max", n(crate::questions::rules::BODY_MAX))],
        (FormKind::Search, "q") => vec![("max", QUERY_MAX)],
        (FormKind::Pick, "note") => vec![("max", n(i::PICK_NOTE_MAX))],
        (FormKind::FanVote, "title") => {
            vec![("min", n(crate::fan_votes::rules::TITLE_MIN)), ("max", n(crate::fan_votes::rules::TITLE_MAX))]
        }
        (FormKind::FanVote, "idea_ids") => {
            vec![("min", n(crate::fan_votes::rules::FINALISTS_MIN)), ("max", n(crate::fan_votes::rules::FINALISTS_MAX))]
        }
        (FormKind::FanVote, "closes_at") => vec![("max", crate::fan_votes::rules::WINDOW_MAX_DAYS)],
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
    let args: HashMap<Cow<'static, str>, FluentValue<'_>> =
        limits(kind, field).into_iter().map(|(k, v)| (Cow::Borrowed(k), FluentValue::from(v))).collect();
    let shared = format!("err-{field}-{}", err.code);
    let own = kind.prefix().map(|p| format!("err-{p}-{field}-{}", err.code));
    let key = match own {
        Some(own) if lang.has(&own) => own,
        _ if lang.has(&shared) => shared,
        _ => "err-invalid".to_string(),
    };
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
        // Catalogue forms: their own wording first, the shared one otherwise.
        let e = FieldError::new("body", "required", "ignored");
        assert_eq!(message(Lang::En, FormKind::Review, &e), "A review with a title needs a text too.");
        assert_eq!(message(Lang::En, FormKind::Comment, &e), Lang::En.t("err-body-required"));
        let e = FieldError::new("title", "too_short", "ignored");
        assert_eq!(message(Lang::En, FormKind::Tip, &e), "A title has at least 5 characters.");
        let e = FieldError::new("gtin", "check_digit", "ignored");
        assert!(!message(Lang::De, FormKind::Product, &e).starts_with("err-"));
        let e = FieldError::new("name", "length", "ignored");
        assert_eq!(message(Lang::En, FormKind::Product, &e), "A name has 2 to 120 characters.");
    }

    /// Every field error the catalogue forms can show has its own message.
    #[test]
    fn catalogue_errors_are_phrased() {
        let cases = [
            (FormKind::Product, "name", "length"),
            (FormKind::Product, "slug", "length"),
            (FormKind::Product, "slug", "format"),
            (FormKind::Product, "slug", "taken"),
            (FormKind::Product, "brand", "length"),
            (FormKind::Product, "category", "length"),
            (FormKind::Product, "description", "too_long"),
            (FormKind::Product, "image_ref", "too_long"),
            (FormKind::Product, "image_ref", "format"),
            (FormKind::Product, "gtin", "format"),
            (FormKind::Product, "gtin", "check_digit"),
            (FormKind::Product, "gtin", "taken"),
            (FormKind::Product, "idea_id", "unknown"),
            (FormKind::Review, "stars", "range"),
            (FormKind::Review, "title", "too_long"),
            (FormKind::Review, "body", "too_long"),
            (FormKind::Review, "body", "required"),
            (FormKind::Tip, "title", "too_short"),
            (FormKind::Tip, "title", "too_long"),
            (FormKind::Tip, "body", "required"),
            (FormKind::Tip, "body", "too_long"),
            (FormKind::Tip, "tags", "too_many"),
            (FormKind::Tip, "product", "unknown"),
            (FormKind::Search, "q", "too_long"),
            (FormKind::Pick, "note", "length"),
            (FormKind::FanVote, "title", "length"),
            (FormKind::FanVote, "idea_ids", "count"),
            (FormKind::FanVote, "idea_ids", "duplicate"),
            (FormKind::FanVote, "idea_ids", "invalid"),
            (FormKind::FanVote, "opens_at", "invalid"),
            (FormKind::FanVote, "closes_at", "invalid"),
            (FormKind::FanVote, "closes_at", "order"),
            (FormKind::FanVote, "closes_at", "range"),
            (FormKind::FanVote, "closes_at", "past"),
            (FormKind::FanVote, "show_results", "invalid"),
            (FormKind::FanVote, "idea_id", "not_finalist"),
        ];
        for lang in Lang::ALL {
            for (kind, field, code) in cases {
                let text = message(lang, kind, &FieldError::new(field, code, "ignored"));
                assert_ne!(text, lang.t("err-invalid"), "{} {field} {code}", lang.code());
                assert!(!text.contains('{'), "{} {field} {code}: {text}", lang.code());
            }
        }
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

//! What input the API takes, in the OpenAPI document: the rules `http::text` and the services check, as
//! JSON Schema. Every string a client sends (body members, query and path parameters) refuses control
//! characters but tab, line feed and carriage return, and lines of text (titles, handles, names, slugs)
//! also the bidi controls, as `http::text` does; the fields below add the lengths, formats and choices their
//! service checks. A length the service counts after trimming white space is a pattern, so that the
//! document says exactly what is accepted (schemathesis checks both ways: what the document allows is
//! accepted, what it does not is refused).
//!
//! The bodies' rules are here, not on the structs, so that they sit beside the patterns they need; the
//! query parameters' types are on their `IntoParams` structs where they can be.

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::schema::{
    AllOf, AnyOf, ArrayItems, KnownFormat, ObjectBuilder, Schema, SchemaFormat, SchemaType, Type,
};
use utoipa::openapi::{OpenApi, RefOr};

use super::openapi::{input_schemas, operations_mut};
use super::text::LINE_FIELDS;

/// Control characters (`char::is_control`) but tab, line feed and carriage return.
const CONTROL: &str = r"\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F";
/// The bidi override and isolate controls lines of text refuse.
const BIDI: &str = r"\u202A-\u202E\u2066-\u2069";
/// The white space `str::trim` removes that text may hold (the others are control characters).
const SPACE: &str = r"\t\n\r \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";
/// Neither white space nor a control character: the controls, the space and the no-break space are
/// `\x00-\x20` and `\x7F-\xA0`.
const SOLID: &str = r"\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";

fn bidi(line: bool) -> &'static str {
    if line {
        BIDI
    } else {
        ""
    }
}

/// Text of any length without control characters (and bidi controls in a line).
pub fn clean(line: bool) -> String {
    format!("^[^{CONTROL}{}]*$", bidi(line))
}

/// Text with `min` to `max` characters once leading and trailing white space is trimmed (no upper bound
/// without `max`).
pub fn trimmed(min: usize, max: Option<usize>, line: bool) -> String {
    trimmed_of(min, max, &format!("[^{CONTROL}{}]", bidi(line)), &format!("[^{SOLID}{}]", bidi(line)))
}

/// A display name: a line, trimmed, that holds no tab or line break inside either.
pub fn name(max: usize) -> String {
    trimmed_of(0, Some(max), &format!(r"[^\x00-\x1F\x7F-\x9F{BIDI}]"), &format!("[^{SOLID}{BIDI}]"))
}

/// `trimmed` with these classes of characters inside and at the ends.
fn trimmed_of(min: usize, max: Option<usize>, any: &str, solid: &str) -> String {
    let (any, solid) = (any.to_string(), solid.to_string());
    let inner = |lo: usize| match max {
        Some(max) => format!("{any}{{{lo},{}}}", max.saturating_sub(2)),
        None => format!("{any}{{{lo},}}"),
    };
    let core = match (min, max) {
        (_, Some(0)) => String::new(),
        (0, Some(1)) => format!("{solid}?"),
        (1, Some(1)) => solid.clone(),
        (0, _) => format!("(?:{solid}(?:{}{solid})?)?", inner(0)),
        (1, _) => format!("{solid}(?:{}{solid})?", inner(0)),
        (min, _) => format!("{solid}{}{solid}", inner(min - 2)),
    };
    format!("^[{SPACE}]*{core}[{SPACE}]*$")
}

/// A value from a fixed list, white space around it ignored (as the services trim).
pub fn padded(core: &str) -> String {
    format!("^[{SPACE}]*(?:{core})[{SPACE}]*$")
}

/// A body member's or a parameter's rule.
pub enum Rule {
    /// The text pattern, with minimum and maximum lengths as sent.
    Text { pattern: String, min: Option<usize>, max: Option<usize> },
    /// One of these values.
    OneOf(Vec<&'static str>),
    /// An integer in this range.
    Int(Option<i64>, Option<i64>),
    /// A parameter that is an integer in this range, with its default.
    IntParam(i64, i64, i64),
    /// A number in this range.
    Number(f64, f64),
    /// An array with at most this many items, each by the rule.
    Items(Option<usize>, Box<Rule>),
    /// This schema.
    Is(Box<Schema>),
}

fn text(pattern: String) -> Rule {
    Rule::Text { pattern, min: None, max: None }
}

/// Up to `max` characters as sent, clean.
fn up_to(max: usize, line: bool) -> Rule {
    Rule::Text { pattern: clean(line), min: None, max: Some(max) }
}

/// Members of request bodies: (schema, member, rule).
fn body_rules() -> Vec<(&'static str, &'static str, Rule)> {
    use crate::{accounts, challenges, comments, ideas, moderation, products, tips};
    let handle = padded(&format!(
        "[A-Za-z0-9][A-Za-z0-9_-]{{{},{}}}",
        accounts::rules::HANDLE_MIN - 1,
        accounts::rules::HANDLE_MAX - 1
    ));
    let not_space_or_at = format!("[^@{SOLID}]");
    let domain_char = format!("[^@.{SOLID}]");
    let email =
        padded(&format!("{not_space_or_at}+@{domain_char}{not_space_or_at}*\\.{not_space_or_at}*{domain_char}"));
    let slug = padded(&format!("[a-z0-9][a-z0-9-]{{1,{}}}[a-z0-9]", challenges::rules::SLUG_MAX - 2));
    let password = Rule::Text {
        pattern: clean(false),
        min: Some(accounts::rules::PASSWORD_MIN),
        max: Some(accounts::rules::PASSWORD_MAX),
    };
    let idea_title = || text(trimmed(ideas::rules::TITLE_MIN, Some(ideas::rules::TITLE_MAX), true));
    let idea_summary = || text(trimmed(0, Some(ideas::rules::SUMMARY_MAX), false));
    let idea_body = || up_to(ideas::rules::BODY_MAX, false);
    let tag = format!("^[{SPACE}]*#*(?:[\\w-]{{1,{}}})?[{SPACE}]*$", ideas::rules::TAG_MAX);
    let tags = || Rule::Items(Some(ideas::rules::TAGS_MAX), Box::new(text(tag.clone())));
    let roles: Vec<&'static str> = accounts::Role::ALL.iter().map(|r| r.as_str()).collect();
    let tip_title = || text(trimmed(tips::rules::TITLE_MIN, Some(tips::rules::TITLE_MAX), true));
    let tip_body = || text(trimmed(1, Some(tips::rules::BODY_MAX), false));
    let comment_body = || text(trimmed(1, Some(comments::rules::BODY_MAX), false));
    let report_targets = vec!["idea", "comment", "review", "tip", "question", "answer"];
    let question_title =
        || text(trimmed(crate::questions::rules::TITLE_MIN, Some(crate::questions::rules::TITLE_MAX), true));
    let question_body = || up_to(crate::questions::rules::BODY_MAX, false);
    let answer_body = || text(trimmed(1, Some(crate::questions::rules::BODY_MAX), false));
    // Blank for none; else 8, 12, 13 or 14 digits (with a check digit the schema does not check).
    let gtin = format!("^[{SPACE}]*(?:[0-9]{{8}}|[0-9]{{12,14}})?[{SPACE}]*$");
    let actions: Vec<&'static str> = moderation::rules::Action::ALL.iter().map(|a| a.as_str()).collect();
    vec![
        ("RegisterInput", "handle", text(handle)),
        ("RegisterInput", "email", text(email)),
        ("RegisterInput", "password", password),
        ("RegisterInput", "display_name", text(name(accounts::rules::DISPLAY_NAME_MAX))),
        ("LoginInput", "login", text(trimmed(1, None, true))),
        ("LoginInput", "password", Rule::Text { pattern: clean(false), min: Some(1), max: None }),
        ("RoleInput", "role", Rule::OneOf(roles)),
        ("CreateChallenge", "slug", text(slug)),
        ("CreateChallenge", "title", text(trimmed(3, Some(challenges::rules::TITLE_MAX), true))),
        ("CreateChallenge", "brief", up_to(challenges::rules::BRIEF_MAX, false)),
        ("CreateChallenge", "vote_mode", Rule::OneOf(vec!["support", "budget"])),
        (
            "CreateChallenge",
            "price_bands",
            Rule::Items(Some(challenges::rules::PRICE_BANDS_MAX), Box::new(text(trimmed(1, Some(40), false)))),
        ),
        ("UpdateChallenge", "title", text(trimmed(3, Some(challenges::rules::TITLE_MAX), true))),
        ("UpdateChallenge", "brief", up_to(challenges::rules::BRIEF_MAX, false)),
        ("UpdateChallenge", "vote_mode", Rule::OneOf(vec!["support", "budget"])),
        (
            "UpdateChallenge",
            "price_bands",
            Rule::Items(Some(challenges::rules::PRICE_BANDS_MAX), Box::new(text(trimmed(1, Some(40), false)))),
        ),
        ("CreateTest", "units", Rule::Int(Some(1), Some(i64::from(crate::product_tests::rules::UNITS_MAX)))),
        ("UpdateTest", "units", Rule::Int(Some(1), Some(i64::from(crate::product_tests::rules::UNITS_MAX)))),
        ("TestReportInput", "stars", Rule::Int(Some(1), Some(5))),
        ("CreateRaffle", "prizes", Rule::Int(Some(1), Some(i64::from(crate::raffles::service::PRIZES_MAX)))),
        ("CreateIdea", "title", idea_title()),
        ("CreateIdea", "summary", idea_summary()),
        ("CreateIdea", "body", idea_body()),
        ("CreateIdea", "tags", tags()),
        ("UpdateIdea", "title", idea_title()),
        ("UpdateIdea", "summary", idea_summary()),
        ("UpdateIdea", "body", idea_body()),
        ("UpdateIdea", "tags", tags()),
        ("CreateComment", "body", comment_body()),
        ("UpdateComment", "body", comment_body()),
        ("CreateUpdate", "title", text(trimmed(3, Some(120), true))),
        ("CreateUpdate", "body", text(trimmed(1, Some(10_000), false))),
        // Merging has its own endpoint.
        (
            "TransitionInput",
            "to",
            Rule::OneOf(
                ideas::rules::IdeaStatus::ALL
                    .iter()
                    .filter(|s| **s != ideas::rules::IdeaStatus::Merged)
                    .map(|s| s.as_str())
                    .collect(),
            ),
        ),
        ("TransitionInput", "note", up_to(2_000, false)),
        ("ReportInput", "target_type", Rule::OneOf(report_targets)),
        ("ReportInput", "reason", text(trimmed(3, Some(1_000), false))),
        ("ActionInput", "action", Rule::OneOf(actions)),
        (
            "ActionInput",
            "target_type",
            Rule::OneOf(vec!["idea", "comment", "review", "tip", "user", "question", "answer"]),
        ),
        ("AskQuestion", "title", question_title()),
        ("AskQuestion", "body", question_body()),
        ("UpdateQuestion", "title", question_title()),
        ("UpdateQuestion", "body", question_body()),
        ("AnswerInput", "body", answer_body()),
        ("ActionInput", "reason", text(trimmed(3, Some(1_000), false))),
        ("CreateTip", "title", tip_title()),
        ("CreateTip", "body", tip_body()),
        ("CreateTip", "tags", tags()),
        ("UpdateTip", "title", tip_title()),
        ("UpdateTip", "body", tip_body()),
        ("UpdateTip", "tags", tags()),
        ("RateInput", "stars", Rule::Int(Some(1), Some(5))),
        ("RateInput", "title", text(trimmed(0, Some(products::rules::REVIEW_TITLE_MAX), true))),
        ("RateInput", "body", up_to(products::rules::REVIEW_BODY_MAX, false)),
        ("CreateProduct", "name", text(trimmed(2, Some(products::rules::NAME_MAX), true))),
        ("CreateProduct", "brand", text(trimmed(1, Some(products::rules::LABEL_MAX), true))),
        ("CreateProduct", "category", text(trimmed(1, Some(products::rules::LABEL_MAX), true))),
        ("CreateProduct", "description", up_to(products::rules::DESCRIPTION_MAX, false)),
        ("CreateProduct", "gtin", text(gtin.clone())),
        ("UpdateProduct", "gtin", text(gtin)),
        ("UpdateProduct", "name", text(trimmed(2, Some(products::rules::NAME_MAX), true))),
        ("UpdateProduct", "brand", text(trimmed(1, Some(products::rules::LABEL_MAX), true))),
        ("UpdateProduct", "category", text(trimmed(1, Some(products::rules::LABEL_MAX), true))),
        ("UpdateProduct", "description", up_to(products::rules::DESCRIPTION_MAX, false)),
        ("DemandInput", "would_buy", Rule::OneOf(vec!["yes", "maybe", "no"])),
    ]
}

/// Query parameters: (operation id or `*` for every operation, name, rule). The structs keep the values as
/// text, so that the services name the parameter in their 422; the document says what they take.
fn param_rules() -> Vec<(&'static str, &'static str, Rule)> {
    use crate::pagination::{DEFAULT_LIMIT, MAX_LIMIT};
    use crate::search::service::{DEFAULT_LIMIT as SEARCH_DEFAULT, MAX_LIMIT as SEARCH_MAX};
    let statuses = || Rule::OneOf(crate::ideas::rules::IdeaStatus::ALL.iter().map(|s| s.as_str()).collect());
    // Exports take a comma-separated list of states (blank items are skipped).
    let state = crate::ideas::rules::IdeaStatus::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("|");
    let item = format!("[{SPACE}]*(?:{state})?[{SPACE}]*");
    let export_states = format!("^{item}(?:,{item})*$");
    // A date or an RFC 3339 time (in the years 2000 to 2200).
    let string = |format: KnownFormat| {
        RefOr::T(Schema::Object(
            ObjectBuilder::new().schema_type(Type::String).format(Some(SchemaFormat::KnownFormat(format))).build(),
        ))
    };
    let mut date_or_time = AnyOf::new();
    date_or_time.items = vec![string(KnownFormat::Date), string(KnownFormat::DateTime)];
    date_or_time.description = Some("A date (2026-11-01) or an RFC 3339 time, in the years 2000 to 2200.".into());
    let date_or_time = Schema::AnyOf(date_or_time);
    vec![
        ("*", "limit", Rule::IntParam(1, MAX_LIMIT, DEFAULT_LIMIT)),
        ("ideas_list", "sort", Rule::OneOf(vec!["top", "new", "trending"])),
        ("ideas_list", "status", statuses()),
        ("challenges_list", "state", Rule::OneOf(vec!["upcoming", "open", "closed"])),
        ("product_tests_list", "state", Rule::OneOf(vec!["open", "closed", "upcoming"])),
        ("tips_list", "sort", Rule::OneOf(vec!["new", "helpful"])),
        ("questions_list", "sort", Rule::OneOf(vec!["new", "helpful"])),
        ("questions_list", "filter", Rule::OneOf(vec!["all", "unanswered", "answered", "official"])),
        ("products_list", "sort", Rule::OneOf(vec!["name", "rating", "newest"])),
        ("products_list", "min_rating", Rule::Number(1.0, 5.0)),
        ("products_reviews", "sort", Rule::OneOf(vec!["newest", "helpful", "highest", "lowest"])),
        ("points_leaderboard", "period", Rule::OneOf(vec!["all", "30d"])),
        ("exports_ideas", "sort", Rule::OneOf(vec!["top", "trending", "new"])),
        ("exports_ideas", "format", Rule::OneOf(vec!["csv", "json", "ndjson", "xlsx"])),
        (
            "exports_ideas",
            "limit",
            Rule::IntParam(1, crate::exports::service::MAX_ROWS, crate::exports::service::MAX_ROWS),
        ),
        ("exports_ideas", "min_supports", Rule::Int(Some(0), Some(i64::from(i32::MAX)))),
        ("exports_ideas", "status", text(export_states)),
        ("exports_ideas", "since", Rule::Is(Box::new(date_or_time))),
        ("search_site", "limit", Rule::IntParam(1, 20, 5)),
        ("search_reindex", "kind", Rule::OneOf(crate::search::DocKind::ALL.iter().map(|k| k.as_str()).collect())),
        ("search_tips", "limit", Rule::IntParam(1, SEARCH_MAX as i64, SEARCH_DEFAULT as i64)),
        ("search_ideas", "limit", Rule::IntParam(1, SEARCH_MAX as i64, SEARCH_DEFAULT as i64)),
        ("search_products", "limit", Rule::IntParam(1, SEARCH_MAX as i64, SEARCH_DEFAULT as i64)),
        ("search_questions", "limit", Rule::IntParam(1, SEARCH_MAX as i64, SEARCH_DEFAULT as i64)),
        ("search_questions", "q", up_to(crate::search::service::QUERY_MAX, false)),
        ("search_tips", "q", up_to(crate::search::service::QUERY_MAX, false)),
        ("search_ideas", "q", up_to(crate::search::service::QUERY_MAX, false)),
        ("search_products", "q", up_to(crate::search::service::QUERY_MAX, false)),
        ("search_site", "q", up_to(crate::search::service::QUERY_MAX, false)),
    ]
}

/// The filters each kind of search takes (the others are refused with a 422, so they are not listed).
fn search_filters(op_id: &str) -> Option<Vec<&'static str>> {
    use crate::search::{DocKind, Field};
    let kind = match op_id {
        "search_tips" => DocKind::Tip,
        "search_ideas" => DocKind::Idea,
        "search_products" => DocKind::Product,
        "search_questions" => DocKind::Question,
        _ => return None,
    };
    Some(kind.fields().iter().map(|f| if *f == Field::Tag { "tag" } else { f.name() }).collect())
}

/// Rules over several members: the schema becomes `allOf` its members and an `anyOf` of the ways to be valid.
fn combined_rules() -> Vec<(&'static str, Vec<Schema>)> {
    let must = |member: &str, schema: ObjectBuilder| -> Schema {
        Schema::Object(ObjectBuilder::new().property(member, schema).required(member).build())
    };
    let may = |member: &str, schema: ObjectBuilder| -> Schema {
        Schema::Object(ObjectBuilder::new().property(member, schema).build())
    };
    vec![
        // Marking read needs the ids or `all: true`.
        (
            "MarkRead",
            vec![
                must("all", ObjectBuilder::new().schema_type(Type::Boolean).enum_values(Some([true]))),
                must("ids", ObjectBuilder::new().schema_type(Type::Array)),
            ],
        ),
        // Each moderation action applies to its kind of target.
        ("ActionInput", action_targets()),
        // A review with a title needs a text: no title (or a blank one), or a text that is not blank.
        (
            "RateInput",
            vec![
                may("title", ObjectBuilder::new().pattern(Some(format!("^[{SPACE}]*$")))),
                must("body", ObjectBuilder::new().pattern(Some(format!("[^{SOLID}]")))),
            ],
        ),
    ]
}

/// The moderation actions by the targets they apply to (`Action::applies_to`), as alternatives.
fn action_targets() -> Vec<Schema> {
    use crate::moderation::rules::{Action, TargetType};
    const TARGETS: [TargetType; 7] = [
        TargetType::Idea,
        TargetType::Comment,
        TargetType::Review,
        TargetType::Tip,
        TargetType::User,
        TargetType::Question,
        TargetType::Answer,
    ];
    let mut groups: Vec<(Vec<&'static str>, Vec<&'static str>)> = Vec::new();
    for action in Action::ALL {
        let targets: Vec<&'static str> =
            TARGETS.iter().filter(|t| action.applies_to(**t)).map(|t| t.as_str()).collect();
        match groups.iter_mut().find(|(_, t)| *t == targets) {
            Some((actions, _)) => actions.push(action.as_str()),
            None => groups.push((vec![action.as_str()], targets)),
        }
    }
    let one_of = |values: Vec<&'static str>| ObjectBuilder::new().schema_type(Type::String).enum_values(Some(values));
    groups
        .into_iter()
        .map(|(actions, targets)| {
            Schema::Object(
                ObjectBuilder::new()
                    .property("action", one_of(actions))
                    .property("target_type", one_of(targets))
                    .build(),
            )
        })
        .collect()
}

/// Puts the input rules into the document.
pub fn apply(doc: &mut OpenApi) {
    let inputs = input_schemas(doc);
    if let Some(components) = &mut doc.components {
        // Every string of every body: no control characters.
        for name in &inputs {
            if let Some(RefOr::T(schema)) = components.schemas.get_mut(name) {
                clean_strings(schema, false);
            }
        }
        for (schema, member, rule) in body_rules() {
            let Some(RefOr::T(Schema::Object(o))) = components.schemas.get_mut(schema) else { continue };
            if let Some(RefOr::T(prop)) = o.properties.get_mut(member) {
                set(prop, &rule);
            }
        }
        for (name, ways) in combined_rules() {
            let Some(RefOr::T(schema)) = components.schemas.get_mut(name) else { continue };
            let members = std::mem::replace(schema, Schema::AllOf(AllOf::new()));
            let mut any = AnyOf::new();
            any.items = ways.into_iter().map(RefOr::T).collect();
            let mut all = AllOf::new();
            all.items = vec![RefOr::T(members), RefOr::T(Schema::AnyOf(any))];
            *schema = Schema::AllOf(all);
        }
    }
    for item in doc.paths.paths.values_mut() {
        for op in operations_mut(item) {
            parameters(op);
            optional_body(op);
        }
    }
}

/// A body that may be left out is not `null` either (a body is a JSON object): `Option<T>` is `T`, not
/// required.
fn optional_body(op: &mut Operation) {
    let Some(RefOr::T(body)) = &mut op.request_body else { return };
    let mut optional = false;
    for content in body.content.values_mut() {
        let RefOr::T(c) = content else { continue };
        let Some(RefOr::T(Schema::OneOf(one))) = &c.schema else { continue };
        let is_null = |s: &RefOr<Schema>| matches!(s, RefOr::T(Schema::Object(o)) if o.schema_type == SchemaType::Type(Type::Null));
        let rest: Vec<RefOr<Schema>> = one.items.iter().filter(|s| !is_null(s)).cloned().collect();
        if let [only] = rest.as_slice() {
            if rest.len() < one.items.len() {
                c.schema = Some(only.clone());
                optional = true;
            }
        }
    }
    if optional {
        body.required = Some(utoipa::openapi::Required::False);
    }
}

/// Parameters: their rules, and clean text (path parameters are lines: the whole path is checked as one).
fn parameters(op: &mut Operation) {
    let id = op.operation_id.clone().unwrap_or_default();
    if let (Some(filters), Some(params)) = (search_filters(&id), &mut op.parameters) {
        const FILTERS: [&str; 6] = ["tag", "category", "brand", "product", "challenge", "status"];
        params.retain(|p| match p {
            RefOr::T(p) => !FILTERS.contains(&p.name.as_str()) || filters.contains(&p.name.as_str()),
            RefOr::Ref(_) => true,
        });
    }
    let rules = param_rules();
    for p in op.parameters.iter_mut().flatten() {
        let RefOr::T(p) = p else { continue };
        let line = p.parameter_in == ParameterIn::Path || LINE_FIELDS.contains(&p.name.as_str());
        let Some(RefOr::T(schema)) = &mut p.schema else { continue };
        if p.parameter_in == ParameterIn::Query {
            let rule = rules
                .iter()
                .find(|(o, n, _)| *o == id && *n == p.name)
                .or_else(|| rules.iter().find(|(o, n, _)| *o == "*" && *n == p.name));
            if let Some((_, _, rule)) = rule {
                set(schema, rule);
                // The services read an empty value as an absent one (`?limit=` is the default limit). utoipa
                // has no field for `allowEmptyValue`; the extensions serialize flat into the parameter.
                if !matches!(rule, Rule::Text { .. }) {
                    p.extensions.get_or_insert_with(Default::default).insert("allowEmptyValue".into(), true.into());
                }
            }
        }
        clean_strings(schema, line);
    }
}

fn is_string(t: &SchemaType) -> bool {
    match t {
        SchemaType::Type(Type::String) => true,
        SchemaType::Array(types) => types.contains(&Type::String),
        _ => false,
    }
}

/// Strings without a pattern, format or choices get the clean-text pattern; members of objects are
/// lines by their name, array items as their array.
fn clean_strings(schema: &mut Schema, line: bool) {
    match schema {
        Schema::Object(o) if is_string(&o.schema_type) => {
            let free = o.pattern.is_none() && o.format.is_none() && o.enum_values.is_none();
            if free {
                o.pattern = Some(clean(line));
            }
        }
        Schema::Object(o) => {
            for (name, p) in o.properties.iter_mut() {
                if let RefOr::T(p) = p {
                    clean_strings(p, LINE_FIELDS.contains(&name.as_str()));
                }
            }
        }
        Schema::Array(a) => {
            if let ArrayItems::RefOrSchema(items) = &mut a.items {
                if let RefOr::T(items) = items.as_mut() {
                    clean_strings(items, line);
                }
            }
        }
        Schema::OneOf(s) => s.items.iter_mut().for_each(|i| clean_ref(i, line)),
        Schema::AllOf(s) => s.items.iter_mut().for_each(|i| clean_ref(i, line)),
        Schema::AnyOf(s) => s.items.iter_mut().for_each(|i| clean_ref(i, line)),
        _ => {}
    }
}

fn clean_ref(schema: &mut RefOr<Schema>, line: bool) {
    if let RefOr::T(s) = schema {
        clean_strings(s, line);
    }
}

fn set(schema: &mut Schema, rule: &Rule) {
    match (schema, rule) {
        (Schema::Array(a), Rule::Items(max, item)) => {
            a.max_items = *max;
            if let ArrayItems::RefOrSchema(items) = &mut a.items {
                if let RefOr::T(items) = items.as_mut() {
                    set(items, item);
                }
            }
        }
        (Schema::Object(o), Rule::Text { pattern, min, max }) => {
            o.pattern = Some(pattern.clone());
            o.min_length = *min;
            o.max_length = *max;
        }
        (Schema::Object(o), Rule::OneOf(values)) => {
            o.pattern = None;
            let nullable = matches!(&o.schema_type, SchemaType::Array(t) if t.contains(&Type::Null));
            let mut values: Vec<serde_json::Value> = values.iter().map(|v| serde_json::Value::from(*v)).collect();
            if nullable {
                values.push(serde_json::Value::Null);
            }
            o.enum_values = Some(values);
        }
        (Schema::Object(o), Rule::Int(min, max)) => {
            if is_string(&o.schema_type) {
                o.schema_type = SchemaType::Type(Type::Integer);
            }
            o.minimum = min.map(Into::into);
            o.maximum = max.map(Into::into);
        }
        (Schema::Object(o), Rule::IntParam(min, max, default)) => {
            o.schema_type = SchemaType::Type(Type::Integer);
            o.minimum = Some((*min).into());
            o.maximum = Some((*max).into());
            o.default = Some(serde_json::Value::from(*default));
        }
        (schema, Rule::Is(new)) => *schema = new.as_ref().clone(),
        (Schema::Object(o), Rule::Number(min, max)) => {
            o.schema_type = SchemaType::Type(Type::Number);
            o.minimum = Some((*min).into());
            o.maximum = Some((*max).into());
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Violations;
    use crate::http::text::refused_char;

    /// Text to try the patterns on: lengths around the bounds, white space a service trims (and some it
    /// does not), control and bidi characters.
    fn samples() -> Vec<String> {
        let mut out: Vec<String> = [
            "",
            " ",
            "a",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "  abcde  ",
            "\u{a0}abc\u{3000}",
            "\tab\ncd\r",
            "a\u{0}bcde",
            "abc\u{202E}de",
            "abc\u{7f}de",
            "abc\u{85}de",
            "abc\u{feff}de",
            "\u{feff}",
            "ab cd",
            "#vegan",
            "##x",
            "# x",
            "a#",
            "Käse",
            "anna_k",
            "a-1",
            "_anna",
            "änna",
            "a@b.c",
            "a@b",
            "@b.c",
            "a@.b",
            "a b@c.d",
            " a@b.c ",
            "a@b@c.d",
            "a@b..c",
            "x\u{2003}",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for n in [2, 3, 4, 5, 29, 30, 31, 119, 120, 121, 280, 281] {
            out.push("x".repeat(n));
            out.push(format!(" {} ", "y".repeat(n)));
            out.push(format!("\u{2000}{}\u{a0}", "z".repeat(n)));
        }
        out
    }

    fn regex(pattern: &str) -> regex::Regex {
        // Long texts repeat a Unicode class thousands of times: more than the regex crate compiles by default.
        regex::RegexBuilder::new(pattern).size_limit(1 << 30).build().unwrap()
    }

    /// What a service accepts: its rule, and no control (or, in a line, bidi) character.
    fn accepts(line: bool, s: &str, rule: impl Fn(&mut Violations, &str)) -> bool {
        let mut v = Violations::new();
        rule(&mut v, s);
        v.is_empty() && refused_char(s, line).is_none()
    }

    #[test]
    fn patterns_accept_what_the_services_accept() {
        use crate::{accounts, challenges, ideas, tips};
        type Check = Box<dyn Fn(&mut Violations, &str)>;
        let cases: Vec<(String, bool, Check)> = vec![
            (trimmed(5, Some(120), true), true, Box::new(ideas::rules::check_title)),
            (trimmed(0, Some(280), false), false, Box::new(ideas::rules::check_summary)),
            (trimmed(3, Some(120), true), true, Box::new(challenges::rules::check_title)),
            (trimmed(5, Some(120), true), true, Box::new(tips::rules::check_title)),
            (trimmed(1, Some(10_000), false), false, Box::new(tips::rules::check_body)),
            (trimmed(1, Some(5_000), false), false, Box::new(crate::comments::rules::check_body)),
            (trimmed(3, Some(1_000), false), false, Box::new(crate::moderation::rules::check_reason)),
            (
                name(accounts::rules::DISPLAY_NAME_MAX),
                true,
                Box::new(|v, s| accounts::rules::check_display_name(v, "display_name", s.trim())),
            ),
            (
                padded(&format!("[A-Za-z0-9][A-Za-z0-9_-]{{2,{}}}", accounts::rules::HANDLE_MAX - 1)),
                true,
                Box::new(|v, s| accounts::rules::check_handle(v, "handle", s.trim())),
            ),
            (format!("^[^{CONTROL}{BIDI}]*$"), true, Box::new(|_, _| {})),
        ];
        for (pattern, line, rule) in &cases {
            let re = regex(pattern);
            for s in samples() {
                assert_eq!(re.is_match(&s), accepts(*line, &s, rule), "{pattern} on {s:?}");
            }
        }
    }

    /// A tag item: blank ones are skipped, others are letters, digits, '-' and '_' after any leading '#'.
    #[test]
    fn the_tag_pattern_is_the_tag_rule() {
        let rules = body_rules();
        let Some((_, _, Rule::Items(_, item))) = rules.iter().find(|(s, m, _)| *s == "CreateIdea" && *m == "tags")
        else {
            panic!("no tag rule")
        };
        let Rule::Text { pattern, .. } = item.as_ref() else { panic!("tags are text") };
        let re = regex(pattern);
        for s in samples() {
            let mut v = Violations::new();
            crate::ideas::rules::normalize_tags(&mut v, std::slice::from_ref(&s));
            let service = v.is_empty() && refused_char(&s, false).is_none();
            assert_eq!(re.is_match(&s), service, "{s:?}");
        }
    }

    /// The email pattern is what `check_email` checks but the length in bytes.
    #[test]
    fn the_email_pattern_is_the_email_rule() {
        let rules = body_rules();
        let Some((_, _, Rule::Text { pattern, .. })) =
            rules.iter().find(|(s, m, _)| *s == "RegisterInput" && *m == "email")
        else {
            panic!("no email rule")
        };
        let re = regex(pattern);
        for s in samples() {
            let service = accepts(false, &s, |v, s| crate::accounts::rules::check_email(v, "email", s));
            assert_eq!(re.is_match(&s), service, "{s:?}");
        }
    }
}

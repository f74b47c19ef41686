//! The OpenAPI document: its info, tags and security scheme (`ApiDoc`), its paths and schemas (from the
//! route list in `routes`), and `finish`, which makes what utoipa generates the API's contract. The
//! Swagger UI reads it (served from the binary: nothing is downloaded).
//!
//! `finish` adds what every handler would otherwise repeat, from facts the document already holds:
//! - operation ids are `<tag>_<handler>` (unique; a unit test checks);
//! - the problem responses an operation can give: 401 where it takes a token, 404 and 422 where its path has
//!   an id, 400, 413, 415, 408 and 422 where it takes a JSON body, 400 and 422 where it takes query
//!   parameters; each as `application/problem+json` with the `Problem` schema and the codes it carries in
//!   its description (403 and 409, which depend on the operation, are written on the handler);
//! - a description on every response;
//! - query parameters are never `null` (they are present or absent);
//! - input text: no control characters (tab, line feed and carriage return excepted), and no bidi controls
//!   in lines of text, in every string a client sends, as `http::text` refuses them; and the lengths and
//!   formats the services check (`contract::rules`).

use std::collections::BTreeSet;

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use utoipa::openapi::path::{Operation, ParameterIn, PathItem};
use utoipa::openapi::response::Response;
use utoipa::openapi::schema::{ArrayItems, Schema, SchemaType, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{Content, RefOr};
use utoipa::{Modify, OpenApi};

use super::contract;

#[derive(OpenApi)]
#[openapi(
    info(title = "ideashelf API", description = "Challenges, ideas, supports, comments, products, ratings, tips, \
        search, points and badges.\n\nErrors are RFC 9457 problem documents (`application/problem+json`) with a \
        machine-readable `code`; each response lists the codes it can carry. A method a path does not serve \
        answers 405 `method_not_allowed` with `Allow`. Operations marked with the bearer scheme need \
        `Authorization: Bearer <token>` (from `POST /auth/login`); those that take it optionally answer 401 \
        `invalid_token` to a token that is not (or no longer) valid. After the terms version changes \
        (`GET /auth/terms`), a member's writes answer 403 `terms_not_accepted` until they accept again \
        (`PUT /me/consents {\"terms\": true}`); signing out, the consents, the export and erasure stay open."),
    modifiers(&BearerAuth),
    tags(
        (name = "accounts", description = "Registration, sign-in and roles"),
        (name = "challenges", description = "Brand-run calls for ideas"),
        (name = "ideas", description = "Ideas and supports"),
        (name = "comments", description = "Discussion on ideas"),
        (name = "tracker", description = "From idea to shelf: transitions, timeline, creator updates, roadmap"),
        (name = "review", description = "Private feedback for creators and the review board: criteria, evaluators, blind evaluations, calibration"),
        (name = "moderation", description = "Reports, the queue, actions, merges, the audit log"),
        (name = "notifications", description = "In-app notifications"),
        (name = "products", description = "The product catalogue, ratings and reviews, review-spike alerts"),
        (name = "dashboard", description = "The product team's dashboard: funnel, supports per day, risers, review queue, alerts"),
        (name = "tips", description = "Community tips"),
        (name = "images", description = "Uploaded pictures"),
        (name = "search", description = "Full-text search over tips, ideas and products"),
        (name = "points", description = "The points ledger, levels, badges and leaderboards"),
        (name = "fan_votes", description = "Staff-run votes among finalist ideas; one ballot per verified member"),
        (name = "raffles", description = "Verifiable prize draws among a challenge's participants"),
        (name = "product_tests", description = "Product tests: applications, the verifiable weighted draw of the testers, test reports"),
        (name = "exports", description = "Idea exports for product teams (CSV, JSON, NDJSON, XLSX)"),
        (name = "privacy", description = "The terms, a member's consents, the export of their data, erasing the account"),
        (name = "feeds", description = "Atom feeds of public content: new ideas, an idea's timeline, a challenge's news, product reviews"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
    }
}

/// GET /api/v1/openapi.json: the document built once at startup.
pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(super::routes::document())
}

pub fn swagger_ui() -> utoipa_swagger_ui::SwaggerUi {
    utoipa_swagger_ui::SwaggerUi::new("/api/docs/{_:.*}")
        .url("/api/docs/openapi.json", super::routes::document().clone())
}

/// The `Problem` schema's reference.
pub const PROBLEM: &str = "#/components/schemas/Problem";
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Makes the generated document the contract (see the module's comment). Runs once, on the document
/// `routes::api()` produced.
pub fn finish(doc: &mut utoipa::openapi::OpenApi) {
    for (template, item) in doc.paths.paths.iter_mut() {
        for op in operations_mut(item) {
            path_ids(template, op);
            name(op);
            parameters(op);
            problems(op);
            describe(op);
        }
        write_limited(template, item);
    }
    contract::apply(doc);
}

/// Every operation of a path.
pub fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
    ]
    .into_iter()
    .flatten()
}

/// Declares the path's `{id}` segments an operation does not declare itself: a handler that takes a typed id
/// (`web::Path<IdeaId>`) gets no parameter from utoipa, and every path parameter must be declared.
fn path_ids(template: &str, op: &mut Operation) {
    use utoipa::openapi::path::ParameterBuilder;
    use utoipa::openapi::{KnownFormat, ObjectBuilder, Required, SchemaFormat};
    for name in template.split('/').filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}'))) {
        let params = op.parameters.get_or_insert_with(Vec::new);
        let declared = |p: &utoipa::openapi::RefOr<utoipa::openapi::path::Parameter>| match p {
            utoipa::openapi::RefOr::T(p) => p.name == name && p.parameter_in == ParameterIn::Path,
            utoipa::openapi::RefOr::Ref(_) => false,
        };
        if params.iter().any(declared) {
            continue;
        }
        let schema = ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)));
        params.push(
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .description(Some("The id (a UUID)."))
                .schema(Some(schema))
                .build()
                .into(),
        );
    }
}

/// `<tag>_<handler>`: handlers share names across modules (`list`, `create`), tags tell them apart.
fn name(op: &mut Operation) {
    let tag = op.tags.as_ref().and_then(|t| t.first()).cloned().unwrap_or_default();
    if let Some(id) = &mut op.operation_id {
        if !id.starts_with(&format!("{tag}_")) {
            *id = format!("{tag}_{id}");
        }
    }
}

/// Query parameters are present or absent, never null.
fn parameters(op: &mut Operation) {
    for p in op.parameters.iter_mut().flatten() {
        let RefOr::T(p) = p else { continue };
        if p.parameter_in != ParameterIn::Query {
            continue;
        }
        if let Some(RefOr::T(schema)) = &mut p.schema {
            drop_null(schema);
        }
    }
}

fn drop_null(schema: &mut Schema) {
    let t = match schema {
        Schema::Object(o) => &mut o.schema_type,
        Schema::Array(a) => &mut a.schema_type,
        _ => return,
    };
    if let SchemaType::Array(types) = t {
        let rest: Vec<Type> = types.iter().filter(|t| **t != Type::Null).cloned().collect();
        *t = match rest.as_slice() {
            [one] => SchemaType::Type(one.clone()),
            _ => SchemaType::Array(rest),
        };
    }
}

/// Whether an operation needs a token, takes one optionally (`security: [{}, {bearer: []}]`), or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    Required,
    Optional,
    Public,
}

pub fn auth_of(op: &Operation) -> Auth {
    match &op.security {
        None => Auth::Public,
        Some(reqs) if reqs.is_empty() => Auth::Public,
        Some(reqs) if reqs.contains(&SecurityRequirement::default()) => Auth::Optional,
        Some(_) => Auth::Required,
    }
}

/// The problem responses that follow from the operation's shape, each with the codes it carries.
/// The writes the write limits count (`limits::rules::action_for`) may answer 429 `rate_limited`, with
/// `Retry-After`.
fn write_limited(template: &str, item: &mut PathItem) {
    // A concrete path for the template: each `{x}` one segment.
    let path: String =
        template.split('/').map(|s| if s.starts_with('{') { "x" } else { s }).collect::<Vec<_>>().join("/");
    for (method, op) in [("POST", &mut item.post), ("PUT", &mut item.put), ("PATCH", &mut item.patch)] {
        let Some(op) = op.as_mut() else { continue };
        let Some(action) = crate::limits::rules::action_for(method, &path) else { continue };
        let codes = format!(
            "`rate_limited`: too many writes of this kind ({}) from this member or address; `Retry-After` says \
             when the next fits (docs/TRUST.md)",
            action.as_str()
        );
        match op.responses.responses.get_mut("429") {
            Some(RefOr::T(r)) => r.description = codes,
            Some(RefOr::Ref(_)) => {}
            None => {
                let r = Response::builder()
                    .description(codes)
                    .content(PROBLEM_JSON, Content::new(Some(RefOr::Ref(utoipa::openapi::Ref::new(PROBLEM)))))
                    .build();
                op.responses.responses.insert("429".to_string(), RefOr::T(r));
            }
        }
    }
}

fn problems(op: &mut Operation) {
    let has_body = op.request_body.is_some();
    let in_ = |where_: ParameterIn| {
        op.parameters.iter().flatten().any(|p| matches!(p, RefOr::T(p) if p.parameter_in == where_))
    };
    let (has_path, has_query) = (in_(ParameterIn::Path), in_(ParameterIn::Query));
    let mut add: Vec<(u16, &str)> = Vec::new();
    match auth_of(op) {
        Auth::Required => {
            add.push((401, "`unauthenticated` (no token), `invalid_token` (invalid, expired or signed out)"))
        }
        Auth::Optional => {
            add.push((401, "`invalid_token`: a token was sent, but it is invalid, expired or signed out"))
        }
        Auth::Public => {}
    }
    if has_path {
        add.push((404, "`not_found`: no such resource (or a malformed id)"));
    }
    if has_body {
        add.push((400, "`bad_request`: the body is empty or not well-formed JSON"));
        add.push((408, "`request_timeout`: the body did not arrive in time"));
        add.push((413, "`payload_too_large`: the body is over 256 KiB"));
        add.push((415, "`unsupported_media_type`: the body is not sent as `application/json`"));
    } else if has_query {
        add.push((400, "`bad_request`: a malformed query string"));
    }
    if has_body || has_query || has_path {
        add.push((
            422,
            "`validation`: `errors` names each offending field (`invalid_character` for control characters, also \
             in the path)",
        ));
    }
    for (status, codes) in add {
        let key = status.to_string();
        match op.responses.responses.get_mut(&key) {
            Some(RefOr::T(r)) if r.description.is_empty() => r.description = codes.to_string(),
            Some(_) => {}
            None => {
                let r = Response::builder()
                    .description(codes)
                    .content(PROBLEM_JSON, Content::new(Some(RefOr::Ref(utoipa::openapi::Ref::new(PROBLEM)))))
                    .build();
                op.responses.responses.insert(key, RefOr::T(r));
            }
        }
    }
    // Problems are `application/problem+json`, wherever the handler wrote `body = Problem`.
    for r in op.responses.responses.values_mut() {
        let RefOr::T(r) = r else { continue };
        if let Some(content) = r.content.shift_remove("application/json") {
            if is_problem(&content) {
                r.content.insert(PROBLEM_JSON.to_string(), content);
            } else {
                r.content.insert("application/json".to_string(), content);
            }
        }
    }
}

pub fn is_problem(content: &RefOr<Content>) -> bool {
    matches!(content, RefOr::T(c) if matches!(&c.schema, Some(RefOr::Ref(r)) if r.ref_location == PROBLEM))
}

/// Every response has a description: the status' reason, with the codes a problem carries after it.
fn describe(op: &mut Operation) {
    for (status, r) in op.responses.responses.iter_mut() {
        let RefOr::T(r) = r else { continue };
        let reason = status
            .parse::<u16>()
            .ok()
            .and_then(|s| StatusCode::from_u16(s).ok())
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Response");
        let problem = r.content.contains_key(PROBLEM_JSON);
        if r.description.is_empty() {
            r.description = reason.to_string();
        } else if problem && !r.description.starts_with(reason) {
            r.description = format!("{reason}: {}", r.description);
        }
    }
}

/// The names of the schemas request bodies use, directly or through others.
pub fn input_schemas(doc: &utoipa::openapi::OpenApi) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut todo: Vec<String> = Vec::new();
    for item in doc.paths.paths.values() {
        for op in [&item.get, &item.put, &item.post, &item.delete, &item.patch].into_iter().flatten() {
            if let Some(RefOr::T(body)) = &op.request_body {
                for content in body.content.values() {
                    if let RefOr::T(c) = content {
                        if let Some(s) = &c.schema {
                            refs_in(s, &mut todo);
                        }
                    }
                }
            }
        }
    }
    let schemas = doc.components.as_ref().map(|c| &c.schemas);
    while let Some(name) = todo.pop() {
        if !found.insert(name.clone()) {
            continue;
        }
        if let Some(s) = schemas.and_then(|s| s.get(&name)) {
            refs_in(s, &mut todo);
        }
    }
    found
}

/// The component names a schema refers to.
pub fn refs_in(schema: &RefOr<Schema>, out: &mut Vec<String>) {
    match schema {
        RefOr::Ref(r) => {
            if let Some(name) = r.ref_location.strip_prefix("#/components/schemas/") {
                out.push(name.to_string());
            }
        }
        RefOr::T(Schema::Object(o)) => {
            for p in o.properties.values() {
                refs_in(p, out);
            }
        }
        RefOr::T(Schema::Array(a)) => {
            if let ArrayItems::RefOrSchema(items) = &a.items {
                refs_in(items, out);
            }
        }
        RefOr::T(Schema::OneOf(s)) => s.items.iter().for_each(|i| refs_in(i, out)),
        RefOr::T(Schema::AllOf(s)) => s.items.iter().for_each(|i| refs_in(i, out)),
        RefOr::T(Schema::AnyOf(s)) => s.items.iter().for_each(|i| refs_in(i, out)),
        RefOr::T(_) => {}
    }
}

#[cfg(test)]
mod tests {
    //! The document as a contract, checked structurally (schemathesis checks it against the running app in
    //! CI: .ci/schemathesis.sh).

    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    use serde_json::Value;

    fn doc() -> Value {
        serde_json::to_value(crate::http::routes::document()).unwrap()
    }

    /// (METHOD path, operation) for every operation.
    fn operations(doc: &Value) -> Vec<(String, &Value)> {
        let mut out = Vec::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                out.push((format!("{} {path}", method.to_uppercase()), op));
            }
        }
        out
    }

    /// The codes docs/API.md lists for each status.
    fn documented_codes() -> BTreeMap<String, BTreeSet<String>> {
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for line in include_str!("../../../docs/API.md").lines() {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            if let [_, status, code, ..] = cells.as_slice() {
                if status.parse::<u16>().is_ok() && code.starts_with('`') {
                    out.entry(status.to_string()).or_default().insert(code.trim_matches('`').to_string());
                }
            }
        }
        out
    }

    /// Words in backticks.
    fn quoted(text: &str) -> Vec<&str> {
        text.split('`').skip(1).step_by(2).collect()
    }

    #[test]
    fn operation_ids_are_unique() {
        let doc = doc();
        let mut seen = BTreeMap::new();
        for (label, op) in operations(&doc) {
            let id = op["operationId"].as_str().unwrap_or_else(|| panic!("{label} has no operationId"));
            if let Some(other) = seen.insert(id.to_string(), label.clone()) {
                panic!("{label} and {other} share the operationId {id}");
            }
        }
    }

    #[test]
    fn every_response_is_described() {
        let doc = doc();
        for (label, op) in operations(&doc) {
            for (status, r) in op["responses"].as_object().unwrap() {
                let d = r["description"].as_str().unwrap_or("");
                assert!(!d.trim().is_empty(), "{label} {status} has no description");
            }
        }
    }

    /// Every 4xx and 5xx is a problem document, and says which codes it carries: codes docs/API.md lists
    /// under that status, and nothing else that is a code.
    #[test]
    fn problems_are_problem_json_with_their_codes() {
        let doc = doc();
        let codes = documented_codes();
        let all: BTreeSet<&str> = crate::error::ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        for (label, op) in operations(&doc) {
            for (status, r) in op["responses"].as_object().unwrap() {
                if !status.starts_with('4') && !status.starts_with('5') {
                    continue;
                }
                let content = r["content"].as_object().unwrap_or_else(|| panic!("{label} {status} has no content"));
                assert_eq!(
                    content.keys().collect::<Vec<_>>(),
                    ["application/problem+json"],
                    "{label} {status} is not (only) a problem document"
                );
                assert_eq!(content["application/problem+json"]["schema"]["$ref"], super::PROBLEM, "{label} {status}");
                let d = r["description"].as_str().unwrap();
                let named: Vec<&str> = quoted(d).into_iter().filter(|w| all.contains(w)).collect();
                assert!(!named.is_empty(), "{label} {status} names no problem code: {d:?}");
                let listed = codes.get(status).unwrap_or_else(|| panic!("docs/API.md lists no {status} codes"));
                for code in named {
                    assert!(
                        listed.contains(code),
                        "{label} {status} names `{code}`, which docs/API.md lists elsewhere"
                    );
                }
            }
        }
    }

    /// The problems that follow from an operation's shape are there.
    #[test]
    fn operations_list_the_problems_they_can_give() {
        let doc = doc();
        for (label, op) in operations(&doc) {
            let responses = op["responses"].as_object().unwrap();
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            let has = |s: &str| responses.contains_key(s);
            let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
            if secured {
                assert!(has("401"), "{label}: a token is taken, no 401");
            }
            if params.iter().any(|p| p["in"] == "path") {
                assert!(has("404") && has("422"), "{label}: an id in the path, no 404 or 422");
            }
            if params.iter().any(|p| p["in"] == "query") {
                assert!(has("400") && has("422"), "{label}: query parameters, no 400 or 422");
            }
            if op.get("requestBody").is_some() {
                for s in ["400", "413", "415", "422"] {
                    assert!(has(s), "{label}: a body, no {s}");
                }
            }
            assert!(responses.keys().any(|s| s.starts_with('2')), "{label}: no success response");
        }
    }

    /// The security an operation declares is what its handler extracts: `CurrentUser` (or `SignedIn`) needs
    /// the token, `MaybeUser` takes it optionally, neither declares none.
    #[test]
    fn security_follows_the_extractors() {
        fn walk(dir: &Path, out: &mut Vec<(String, String, String)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.file_name().is_some_and(|n| n == "api.rs") {
                    let src = std::fs::read_to_string(&path).unwrap();
                    for chunk in src.split("#[utoipa::path(").skip(1) {
                        let (attr, rest) = chunk.split_once("pub async fn ").unwrap();
                        let signature = rest.split('{').next().unwrap();
                        let name = format!("{} {}", path.display(), rest.split('(').next().unwrap());
                        out.push((name, attr.to_string(), signature.to_string()));
                    }
                }
            }
        }
        let mut handlers = Vec::new();
        walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut handlers);
        assert!(handlers.len() > 60, "{} handlers", handlers.len());
        for (name, attr, signature) in handlers {
            let attr: String = attr.split_whitespace().collect();
            let declared = if attr.contains(r#"security((),("bearer"=[]))"#) {
                "optional"
            } else if attr.contains(r#"security(("bearer"=[]))"#) {
                "required"
            } else {
                "none"
            };
            let extracted = if signature.contains("CurrentUser") || signature.contains("SignedIn") {
                "required"
            } else if signature.contains("MaybeUser") {
                "optional"
            } else {
                "none"
            };
            assert_eq!(declared, extracted, "{name}: security {declared}, the handler's token {extracted}");
        }
    }

    /// Query parameters are present or absent, never null; the ones with a type of their own have it.
    #[test]
    fn query_parameters_are_typed() {
        let doc = doc();
        for (label, op) in operations(&doc) {
            for p in op["parameters"].as_array().into_iter().flatten() {
                let (name, schema) = (p["name"].as_str().unwrap(), &p["schema"]);
                if p["in"] == "query" {
                    let typed = schema["type"].is_string() || schema["anyOf"].is_array();
                    assert!(typed, "{label} ?{name} has no one type: {schema}");
                }
                match name {
                    "limit" => {
                        assert_eq!(schema["type"], "integer", "{label} ?limit");
                        assert!(schema["minimum"].is_number() && schema["maximum"].is_number(), "{label} ?limit");
                    }
                    "sort" | "state" | "period" | "format" | "kind" => {
                        assert!(schema["enum"].is_array(), "{label} ?{name} lists no values")
                    }
                    "min_rating" => {
                        assert_eq!((schema["minimum"].as_f64(), schema["maximum"].as_f64()), (Some(1.0), Some(5.0)))
                    }
                    _ => {}
                }
            }
        }
    }

    /// Every string a client sends (parameters, and body members at any depth) says which characters it
    /// takes: a pattern, a format or a list of values.
    #[test]
    fn input_text_is_described() {
        fn strings(schema: &Value, doc: &Value, at: String, seen: &mut BTreeSet<String>, out: &mut Vec<String>) {
            if let Some(r) = schema["$ref"].as_str() {
                let name = r.rsplit('/').next().unwrap();
                if seen.insert(name.to_string()) {
                    strings(&doc["components"]["schemas"][name], doc, name.to_string(), seen, out);
                }
                return;
            }
            let is_string = schema["type"] == "string"
                || schema["type"].as_array().is_some_and(|t| t.contains(&Value::from("string")));
            if is_string && schema["pattern"].is_null() && schema["format"].is_null() && schema["enum"].is_null() {
                out.push(at.clone());
            }
            for (k, v) in schema["properties"].as_object().into_iter().flatten() {
                strings(v, doc, format!("{at}.{k}"), seen, out);
            }
            if schema["items"].is_object() {
                strings(&schema["items"], doc, format!("{at}[]"), seen, out);
            }
            for key in ["oneOf", "anyOf", "allOf"] {
                for v in schema[key].as_array().into_iter().flatten() {
                    strings(v, doc, at.clone(), seen, out);
                }
            }
        }
        let doc = doc();
        let mut bare = Vec::new();
        let mut seen = BTreeSet::new();
        for (label, op) in operations(&doc) {
            for p in op["parameters"].as_array().into_iter().flatten() {
                strings(&p["schema"], &doc, format!("{label} {}", p["name"]), &mut seen, &mut bare);
            }
            for content in op["requestBody"]["content"].as_object().into_iter().flatten().map(|(_, c)| c) {
                strings(&content["schema"], &doc, label.clone(), &mut seen, &mut bare);
            }
        }
        assert!(bare.is_empty(), "input strings without a pattern: {bare:?}");
    }
}

#[cfg(test)]
mod path_tests {
    /// Every `{segment}` of a path is declared as a path parameter of each of its operations (the validator
    /// refuses the document otherwise; typed-id handlers get theirs from `path_ids`).
    #[test]
    fn every_path_parameter_is_declared() {
        let doc = crate::http::routes::document();
        let mut missing = Vec::new();
        for (template, item) in &doc.paths.paths {
            let mut item = item.clone();
            for op in super::operations_mut(&mut item) {
                for name in template.split('/').filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}'))) {
                    let declared = op.parameters.iter().flatten().any(|p| match p {
                        utoipa::openapi::RefOr::T(p) => {
                            p.name == name && p.parameter_in == utoipa::openapi::path::ParameterIn::Path
                        }
                        utoipa::openapi::RefOr::Ref(_) => false,
                    });
                    if !declared {
                        missing.push(format!("{template} {name}"));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "undeclared path parameters: {missing:?}");
    }
}

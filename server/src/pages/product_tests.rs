//! Product test pages: the list, a test's page (apply, change, withdraw; the draw's proof; for the product team
//! the counts, the draw, who reported and the shipping list), and the product team's form for a new test. A thin
//! door onto `product_tests::service`, like the API.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::extract::{path_params, Edit, FormPage, IdParam, NewProductTest, Part, SignedForm};
use super::forms::{self, FormKind};
use super::pictures;
use super::session::{encode, FormData, PageCtx};
use crate::error::{AppError, AppResult};
use crate::images::rules::Subject;
use crate::product_tests::rules::{Question, QuestionKind, TestPhase};
use crate::product_tests::service::{self as tests, ApplyInput, CreateTest, TestQuery, TestReportInput, UpdateTest};

/// GET /product-tests: open tests first, then the others, newest first.
pub async fn list(ctx: &PageCtx) -> AppResult<HttpResponse> {
    let db = &ctx.state.db;
    let all =
        tests::list(db, ctx.actor.as_ref(), TestQuery { limit: Some("100".into()), ..TestQuery::default() }).await?;
    let (open, other): (Vec<_>, Vec<_>) = all.items.into_iter().partition(|t| t.phase == TestPhase::Open);
    ctx.page(
        StatusCode::OK,
        "pages/product_tests",
        &ctx.lang.t("ptest-list-title"),
        json!({"open": open, "other": other}),
    )
}

/// The answers form of a question list, with what the member sent or answered before.
fn question_fields(questions: &[Question], answers: &Value, prefix: &str) -> Vec<Value> {
    questions
        .iter()
        .map(|q| {
            let value = &answers[&q.key];
            let value_text = match value {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            let options: Vec<Value> = q
                .options
                .iter()
                .flatten()
                .map(|o| json!({"value": o, "checked": value.as_str() == Some(o.as_str())}))
                .collect();
            json!({"key": q.key, "name": format!("{prefix}{}", q.key), "label": q.label, "value": value_text,
                   "text": q.kind == QuestionKind::Text, "number": q.kind == QuestionKind::Number,
                   "choice": q.kind == QuestionKind::Choice, "options": options,
                   "input_type": if q.kind == QuestionKind::Number { "number" } else { "text" }})
        })
        .collect()
}

/// GET /product-tests/{id}
pub async fn show(ctx: &PageCtx, id: web::Path<String>) -> AppResult<HttpResponse> {
    render(ctx, id.into_inner(), Value::Null, StatusCode::OK).await
}

async fn render(ctx: &PageCtx, id: String, sent: Value, status: StatusCode) -> AppResult<HttpResponse> {
    let db = &ctx.state.db;
    let viewer = ctx.actor.as_ref();
    let test = tests::get(db, viewer, id.clone()).await?;
    let mine = match viewer {
        Some(a) => match tests::mine(db, a, test.id.clone()).await {
            Ok(m) => Some(m),
            Err(AppError::NotFound(_)) => None,
            Err(e) => return Err(e),
        },
        None => None,
    };
    let team = viewer.is_some_and(|a| a.role.can_manage_challenges());
    let member = viewer.is_some_and(|a| a.role == crate::accounts::Role::Member && !a.suspended);
    let answers = if sent.is_object() {
        sent["answers"].clone()
    } else {
        mine.as_ref().map(|m| m.answers.clone()).unwrap_or(Value::Null)
    };
    let address = if sent.is_object() {
        sent["shipping_address"].clone()
    } else {
        json!(mine.as_ref().and_then(|m| m.shipping_address.clone()))
    };
    let mut data = Map::new();
    data.insert("fields".into(), json!(question_fields(&test.questions, &answers, "answer_")));
    data.insert("address".into(), address);
    data.insert("consent".into(), json!(mine.as_ref().is_none_or(|m| m.consent_shipping)));
    data.insert("errors".into(), sent["errors"].clone());
    data.insert("open".into(), json!(test.phase == TestPhase::Open));
    data.insert("can_apply".into(), json!(member && test.phase == TestPhase::Open));
    data.insert("staff".into(), json!(viewer.is_some() && !member));
    data.insert("selected".into(), json!(mine.as_ref().is_some_and(|m| m.status == "selected")));
    data.insert("mine".into(), json!(mine));
    data.insert("team".into(), json!(team));
    data.insert("can_draw".into(), json!(team && test.phase == TestPhase::Closed));
    data.insert("drawn".into(), json!(test.phase == TestPhase::Drawn));
    let selected = mine.as_ref().is_some_and(|m| m.status == "selected");
    let reported = match (viewer, selected) {
        (Some(a), true) => tests::my_report(db, a, test.id.clone()).await?,
        _ => None,
    };
    if let Some((at, rating)) = &reported {
        let review_url = match rating {
            Some(r) => format!("/products/{}#review-{r}", test.product.slug),
            None => format!("/products/{}", test.product.slug),
        };
        data.insert("my_report".into(), json!({"at": at, "review_url": review_url}));
    }
    data.insert("can_report".into(), json!(selected && reported.is_none() && chrono::Utc::now() <= test.report_due));
    data.insert("json_url".into(), json!(format!("/api/v1/product-tests/{}", test.id)));
    data.insert(
        "login_url".into(),
        json!(format!("/login?next={}", encode(&format!("/product-tests/{}#apply", test.id)))),
    );
    let title = test.title.clone();
    data.insert("test".into(), json!(test));
    ctx.page(status, "pages/product_test", &title, Value::Object(data))
}

/// The test page a form is on.
pub struct TestPage {
    pub id: String,
}

impl FormPage for TestPage {
    fn locate(req: &HttpRequest, _: &FormData) -> AppResult<Self> {
        let IdParam { id } = path_params(req, "Product test")?;
        let id = uuid::Uuid::parse_str(&id).map_err(|_| AppError::not_found("Product test"))?;
        Ok(TestPage { id: id.to_string() })
    }

    fn back(&self) -> String {
        format!("/product-tests/{}", self.id)
    }
}

/// The application box on a test's page.
pub struct Apply;

impl Part for Apply {
    const SUFFIX: &'static str = "#apply";
}

/// The product team's box on a test's page.
pub struct Team;

impl Part for Team {
    const SUFFIX: &'static str = "#team";
}

/// The answers in a form: `answer_<key>` fields, as the API takes them.
fn answers_of(form: &FormData, questions: &[Question]) -> Value {
    let mut out = Map::new();
    for q in questions {
        if let Some(v) = form.get(&format!("answer_{}", q.key)).map(str::trim).filter(|v| !v.is_empty()) {
            out.insert(q.key.clone(), json!(v));
        }
    }
    Value::Object(out)
}

/// POST /product-tests/{id}/apply: apply or change one's application.
pub async fn apply(SignedForm { ctx, actor, form, page, .. }: &SignedForm<TestPage, Apply>) -> AppResult<HttpResponse> {
    let db = &ctx.state.db;
    let test = tests::get(db, Some(actor), page.id.clone()).await?;
    let input = ApplyInput {
        answers: answers_of(form, &test.questions),
        shipping_address: Some(form.text("shipping_address")),
        consent_shipping: form.get("consent_shipping").is_some(),
    };
    let sent = json!({"answers": input.answers, "shipping_address": form.text("shipping_address")});
    match tests::apply(db, actor, page.id.clone(), input).await {
        Ok(_) => {
            ctx.flash("flash-ptest-applied");
            Ok(ctx.redirect(&format!("/product-tests/{}#apply", page.id)))
        }
        Err(AppError::Validation(errors)) => {
            let mut e = Map::new();
            for err in &errors {
                let name =
                    err.field.strip_prefix("answers.").map(|k| format!("answer_{k}")).unwrap_or(err.field.clone());
                e.insert(name, json!(ctx.lang.t(&format!("ptest-error-{}", err.code.replace('_', "-")))));
            }
            let mut sent = sent;
            sent["errors"] = Value::Object(e);
            render(ctx, page.id.clone(), sent, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e @ (AppError::Conflict { .. } | AppError::Forbidden { .. })) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&format!("/product-tests/{}#apply", page.id)))
        }
        Err(e) => Err(e),
    }
}

/// POST /product-tests/{id}/withdraw
pub async fn withdraw(SignedForm { ctx, actor, page, .. }: &SignedForm<TestPage, Apply>) -> AppResult<HttpResponse> {
    match tests::withdraw(&ctx.state.db, actor, page.id.clone()).await {
        Ok(()) => ctx.flash("flash-ptest-withdrawn"),
        Err(e @ AppError::Conflict { .. }) => ctx.flash_refusal(&e),
        Err(e) => return Err(e),
    }
    Ok(ctx.redirect(&format!("/product-tests/{}#apply", page.id)))
}

/// POST /product-tests/{id}/draw: the product team draws the testers.
pub async fn draw(SignedForm { ctx, actor, page, .. }: &SignedForm<TestPage, Team>) -> AppResult<HttpResponse> {
    match tests::draw(&ctx.state.db, actor, page.id.clone()).await {
        Ok(_) => ctx.flash("flash-ptest-drawn"),
        Err(e @ AppError::Conflict { .. }) => ctx.flash_refusal(&e),
        Err(e) => return Err(e),
    }
    Ok(ctx.redirect(&format!("/product-tests/{}#team", page.id)))
}

/// GET /product-tests/{id}/shipping-list: the CSV (product team; audit-logged).
pub async fn shipping_list(ctx: &PageCtx, id: web::Path<String>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let Some(actor) = ctx.actor.as_ref() else {
        return Ok(ctx.to_login(&format!("/product-tests/{}", encode(&id))));
    };
    let (name, bytes) = tests::shipping_list(&ctx.state.db, actor, id).await?;
    Ok(crate::product_tests::api::csv_attachment(name, bytes))
}

#[derive(Deserialize)]
pub struct NewQuery {
    product: Option<String>,
}

/// GET /product-tests/new?product=<slug>
pub async fn new_form(ctx: &PageCtx, query: web::Query<NewQuery>) -> AppResult<HttpResponse> {
    let Some(actor) = ctx.actor.as_ref() else { return Ok(ctx.to_login("/product-tests/new")) };
    crate::products::service::ensure_product_team(actor)?;
    let now = chrono::Utc::now();
    let fmt = |d: chrono::DateTime<chrono::Utc>| d.format("%Y-%m-%dT%H:%M").to_string();
    let values = json!({
        "product_id": query.into_inner().product.unwrap_or_default(), "units": 10,
        "apply_from": fmt(now), "apply_until": fmt(now + chrono::Duration::days(14)),
        "report_due": fmt(now + chrono::Duration::days(45)),
    });
    form_page(ctx, values, json!({}), StatusCode::OK)
}

fn form_page(ctx: &PageCtx, values: Value, errors: Value, status: StatusCode) -> AppResult<HttpResponse> {
    edit_page(ctx, None, values, errors, status)
}

/// The test form: new (`id` none) or editing a test that has not opened.
fn edit_page(
    ctx: &PageCtx,
    id: Option<&str>,
    values: Value,
    errors: Value,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let (title, action) = match id {
        Some(id) => (ctx.lang.t("ptest-edit"), format!("/product-tests/{id}/edit")),
        None => (ctx.lang.t("ptest-new"), "/product-tests/new".to_string()),
    };
    ctx.page(
        status,
        "pages/product_test_form",
        &title,
        json!({"values": values, "errors": errors, "action": action, "heading": title, "editing": id.is_some()}),
    )
}

/// Questions as the form writes them, one a line.
fn questions_text(questions: &[Question]) -> String {
    questions
        .iter()
        .map(|q| {
            let kind = match q.kind {
                QuestionKind::Text => "text",
                QuestionKind::Number => "number",
                QuestionKind::Choice => "choice",
            };
            match &q.options {
                Some(o) => format!("{} | {} | {kind} | {}", q.key, q.label, o.join("; ")),
                None => format!("{} | {} | {kind}", q.key, q.label),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// GET /product-tests/{id}/edit: the product team changes a test before applications open.
pub async fn edit_form(ctx: &PageCtx, id: web::Path<String>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let Some(actor) = ctx.actor.as_ref() else {
        return Ok(ctx.to_login(&format!("/product-tests/{}/edit", encode(&id))));
    };
    crate::products::service::ensure_product_team(actor)?;
    let t = tests::get(&ctx.state.db, Some(actor), id).await?;
    let fmt = |d: chrono::DateTime<chrono::Utc>| d.format("%Y-%m-%dT%H:%M").to_string();
    let values = json!({
        "product_id": t.product.slug, "title": t.title, "description": t.description, "units": t.units,
        "apply_from": fmt(t.apply_from), "apply_until": fmt(t.apply_until), "report_due": fmt(t.report_due),
        "questions": questions_text(&t.questions), "report_questions": questions_text(&t.report_questions),
        "min_level": t.min_level,
    });
    edit_page(ctx, Some(&t.id), values, json!({}), StatusCode::OK)
}

/// POST /product-tests/{id}/edit
pub async fn update(SignedForm { ctx, actor, form, page, .. }: &SignedForm<TestPage, Edit>) -> AppResult<HttpResponse> {
    crate::products::service::ensure_product_team(actor)?;
    let values = form_values(form);
    let (mut errors, from, until, due, questions, report_questions) = parse_form(ctx, form);
    if !errors.is_empty() {
        return edit_page(
            ctx,
            Some(&page.id),
            values,
            Value::Object(std::mem::take(&mut errors)),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let input = UpdateTest {
        title: Some(form.text("title")),
        description: Some(form.text("description")),
        units: Some(form.text("units").trim().parse().unwrap_or(0)),
        apply_from: Some(from),
        apply_until: Some(until),
        report_due: Some(due),
        questions: Some(questions),
        report_questions: Some(report_questions),
        min_level: Some(form.text("min_level").trim().parse().ok()),
    };
    match tests::update(&ctx.state.db, actor, page.id.clone(), input).await {
        Ok(_) => {
            ctx.flash("flash-ptest-updated");
            Ok(ctx.redirect(&format!("/product-tests/{}", page.id)))
        }
        Err(AppError::Validation(errs)) => {
            edit_page(ctx, Some(&page.id), values, field_errors(ctx, &errs), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e @ AppError::Conflict { .. }) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&format!("/product-tests/{}", page.id)))
        }
        Err(e) => Err(e),
    }
}

fn form_values(form: &FormData) -> Value {
    json!({
        "product_id": form.text("product_id"), "title": form.text("title"), "description": form.text("description"),
        "units": form.text("units"), "apply_from": form.text("apply_from"), "apply_until": form.text("apply_until"),
        "report_due": form.text("report_due"), "questions": form.text("questions"),
        "report_questions": form.text("report_questions"), "min_level": form.text("min_level"),
    })
}

fn field_errors(ctx: &PageCtx, errs: &[crate::error::FieldError]) -> Value {
    let mut e = Map::new();
    for err in errs {
        let name = err.field.split(['[', '.']).next().unwrap_or("").to_string();
        e.insert(name, json!(ctx.lang.t(&format!("ptest-error-{}", err.code.replace('_', "-")))));
    }
    Value::Object(e)
}

type Parsed = (
    Map<String, Value>,
    chrono::DateTime<chrono::Utc>,
    chrono::DateTime<chrono::Utc>,
    chrono::DateTime<chrono::Utc>,
    Vec<Question>,
    Vec<Question>,
);

/// The form's times and questions, with an error per field that does not parse.
fn parse_form(ctx: &PageCtx, form: &FormData) -> Parsed {
    let mut errors = Map::new();
    let mut need = |name: &str| {
        let t = time_of(form, name);
        if t.is_none() {
            errors.insert(name.into(), json!(ctx.lang.t("ptest-error-invalid")));
        }
        t.unwrap_or_default()
    };
    let (from, until, due) = (need("apply_from"), need("apply_until"), need("report_due"));
    let mut list = |name: &str| match parse_questions(&form.text(name)) {
        Ok(q) => q,
        Err(()) => {
            errors.insert(name.into(), json!(ctx.lang.t("ptest-error-invalid")));
            Vec::new()
        }
    };
    let (questions, report_questions) = (list("questions"), list("report_questions"));
    (errors, from, until, due, questions, report_questions)
}

/// Questions written one a line: `key | label | text|number|choice | option; option`.
fn parse_questions(text: &str) -> Result<Vec<Question>, ()> {
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let parts: Vec<&str> = line.split('|').map(str::trim).collect();
        let kind = match parts.get(2).copied().unwrap_or("text") {
            "text" => QuestionKind::Text,
            "number" => QuestionKind::Number,
            "choice" => QuestionKind::Choice,
            _ => return Err(()),
        };
        let options = parts
            .get(3)
            .map(|o| o.split(';').map(str::trim).filter(|o| !o.is_empty()).map(String::from).collect::<Vec<_>>())
            .filter(|o| !o.is_empty());
        out.push(Question {
            key: parts.first().copied().unwrap_or("").to_string(),
            label: parts.get(1).copied().unwrap_or("").to_string(),
            kind,
            options,
        });
    }
    Ok(out)
}

fn time_of(form: &FormData, name: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let raw = form.text(name);
    chrono::NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%dT%H:%M").ok().map(|t| t.and_utc())
}

/// POST /product-tests/new
pub async fn create(SignedForm { ctx, actor, form, .. }: &SignedForm<NewProductTest>) -> AppResult<HttpResponse> {
    crate::products::service::ensure_product_team(actor)?;
    let values = form_values(form);
    let (errors, from, until, due, questions, report_questions) = parse_form(ctx, form);
    if !errors.is_empty() {
        return form_page(ctx, values, Value::Object(errors), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let input = CreateTest {
        product_id: form.text("product_id"),
        title: form.text("title"),
        description: form.text("description"),
        units: form.text("units").trim().parse().unwrap_or(0),
        apply_from: from,
        apply_until: until,
        report_due: due,
        questions,
        report_questions,
        min_level: form.text("min_level").trim().parse().ok(),
    };
    match tests::create(&ctx.state.db, actor, input).await {
        Ok(t) => {
            ctx.flash("flash-ptest-created");
            Ok(ctx.redirect(&format!("/product-tests/{}", t.id)))
        }
        Err(AppError::Validation(errs)) => {
            form_page(ctx, values, field_errors(ctx, &errs), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(e),
    }
}

/// The report form, on its own page: `/product-tests/{id}/report`.
pub struct ReportPart;

impl Part for ReportPart {
    const SUFFIX: &'static str = "/report";
}

/// GET /product-tests/{id}/report: a drawn tester's report form (until it is due, once).
pub async fn report_form(ctx: &PageCtx, id: web::Path<String>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let Some(actor) = ctx.actor.as_ref() else {
        return Ok(ctx.to_login(&format!("/product-tests/{}/report", encode(&id))));
    };
    let test = tests::get(&ctx.state.db, Some(actor), id).await?;
    let none = pictures::part(ctx.lang, Subject::Review, &[], None);
    report_page(ctx, &test, json!({}), json!({}), none, StatusCode::OK)
}

/// The report form with what was sent and the errors at their fields.
fn report_page(
    ctx: &PageCtx,
    test: &tests::TestView,
    values: Value,
    errors: Value,
    pictures: Value,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let stars: Vec<Value> =
        (1..=5).map(|n| json!({"n": n, "checked": values["stars"].as_str() == Some(n.to_string().as_str())})).collect();
    let fields = question_fields(&test.report_questions, &values["answers"], "answer_");
    let error_list: Vec<Value> = errors
        .as_object()
        .map(|m| m.iter().map(|(k, v)| json!({"field": k, "message": v})).collect())
        .unwrap_or_default();
    let title = ctx.lang.t("ptest-report-title");
    ctx.page(
        status,
        "pages/product_test_report",
        &title,
        json!({"test": test, "values": values, "errors": errors, "error_list": error_list, "stars": stars,
               "fields": fields, "pictures": pictures, "heading": title}),
    )
}

/// A field error's message, by its code: the product tests' wording, else the review form's.
fn report_error(ctx: &PageCtx, err: &crate::error::FieldError) -> String {
    let key = format!("ptest-error-{}", err.code.replace('_', "-"));
    if ctx.lang.has(&key) {
        ctx.lang.t(&key)
    } else {
        forms::message(ctx.lang, FormKind::Review, err)
    }
}

/// POST /product-tests/{id}/report: the same `report` the API calls. New pictures are uploaded first, so a
/// form shown again with errors keeps them.
pub async fn report(
    SignedForm { ctx, actor, form, page, .. }: &SignedForm<TestPage, ReportPart>,
) -> AppResult<HttpResponse> {
    let db = &ctx.state.db;
    let test = tests::get(db, Some(actor), page.id.clone()).await?;
    let answers = answers_of(form, &test.report_questions);
    let values = json!({"stars": form.text("stars"), "title": form.text("title"), "text": form.text("text"),
                        "pros": form.text("pros"), "cons": form.text("cons"), "answers": answers});
    let chosen = pictures::collect(ctx, actor, form).await?;
    let again = |errs: &[crate::error::FieldError], chosen_ids: Vec<String>| {
        let mut e = Map::new();
        for err in errs {
            let name = match err.field.strip_prefix("answers.") {
                Some(k) => format!("answer_{k}"),
                None => err.field.split(['[', '.']).next().unwrap_or("").to_string(),
            };
            if !e.contains_key(&name) {
                e.insert(name, json!(report_error(ctx, err)));
            }
        }
        (Value::Object(e), chosen_ids)
    };
    if !chosen.errors.is_empty() {
        let (errors, ids) = again(&chosen.errors, chosen.ids.clone());
        let shown = pictures::shown(ctx, actor, &ids).await?;
        let part = pictures::part(ctx.lang, Subject::Review, &shown, errors["images"].as_str().map(String::from));
        return report_page(ctx, &test, values, errors, part, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let input = TestReportInput {
        stars: form.text("stars").trim().parse().unwrap_or(0),
        title: form.text("title"),
        text: form.text("text"),
        pros: form.text("pros"),
        cons: form.text("cons"),
        images: chosen.ids.clone(),
        answers: values["answers"].clone(),
    };
    match tests::report(db, actor, ctx.state.config.spike_rule(), page.id.clone(), input).await {
        Ok(_) => {
            ctx.flash("flash-ptest-reported");
            Ok(ctx.redirect(&format!("/product-tests/{}#apply", page.id)))
        }
        Err(AppError::Validation(errs)) => {
            let (errors, ids) = again(&errs, chosen.ids.clone());
            let shown = pictures::shown(ctx, actor, &ids).await?;
            let part = pictures::part(ctx.lang, Subject::Review, &shown, errors["images"].as_str().map(String::from));
            report_page(ctx, &test, values, errors, part, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e @ (AppError::Conflict { .. } | AppError::Forbidden { .. })) => {
            ctx.flash_refusal(&e);
            Ok(ctx.redirect(&format!("/product-tests/{}#apply", page.id)))
        }
        Err(e) => Err(e),
    }
}

//! Product tests: the product team creates one (its seed's commitment is published at once) and edits it until
//! applications open; members apply while it is open; after `apply_until` the product team draws the testers by
//! weight (verifiable, docs/PRODUCT_TESTS.md); the testers are told, shipped to and report back; a report is
//! their review of the product.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use rand::RngCore;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{json, Value};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::rules::{self, Entry, Past, Question, TestPhase};
use super::store::{self, ApplicationRow, ReportRow, TestChanges, TestRow};
use crate::accounts::{Actor, Role};
use crate::clock;
use crate::db::{write_tx, Db, DbConn};
use crate::error::{AppError, AppResult, ErrorCode, Violations};
use crate::images::rules::Subject;
use crate::markdown;
use crate::notifications::{kind, store as notify};
use crate::pagination::{decode_cursor, finish_page, parse_limit};
use crate::points::rules::Rule;
use crate::points::service::{self as points, Award};
use crate::products::rules::SpikeRule;
use crate::products::service::{self as products, RateInput, ReviewView};

/// Where the draw is written down.
pub const ALGORITHM: &str = "docs/PRODUCT_TESTS.md";

fn some_value<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateTest {
    /// The product's id or slug.
    pub product_id: String,
    pub title: String,
    /// Markdown.
    #[serde(default)]
    pub description: String,
    /// How many testers are drawn (1 to 1,000).
    pub units: i32,
    pub apply_from: DateTime<Utc>,
    pub apply_until: DateTime<Utc>,
    pub report_due: DateTime<Utc>,
    /// What applicants answer.
    #[serde(default)]
    pub questions: Vec<Question>,
    /// What testers answer in their report.
    #[serde(default)]
    pub report_questions: Vec<Question>,
    /// The lowest points level that may apply (1 to 7).
    #[serde(default)]
    pub min_level: Option<i32>,
}

/// Changes before applications open; absent fields stay, `min_level: null` clears it.
#[derive(Debug, Deserialize, ToSchema, Default)]
pub struct UpdateTest {
    pub title: Option<String>,
    pub description: Option<String>,
    pub units: Option<i32>,
    pub apply_from: Option<DateTime<Utc>>,
    pub apply_until: Option<DateTime<Utc>>,
    pub report_due: Option<DateTime<Utc>>,
    pub questions: Option<Vec<Question>>,
    pub report_questions: Option<Vec<Question>>,
    #[serde(default, deserialize_with = "some_value")]
    #[schema(value_type = Option<i32>)]
    pub min_level: Option<Option<i32>>,
}

#[derive(Debug, Serialize, ToSchema, Clone)]
pub struct TestProduct {
    pub id: String,
    pub slug: String,
    pub name: String,
}

/// A drawn test's published draw: what `ideashelf product-test verify` needs.
#[derive(Debug, Serialize, ToSchema)]
pub struct DrawView {
    pub units: usize,
    pub seed_commitment: String,
    /// Hex, revealed at the draw.
    pub seed: String,
    /// Pseudonymous applicants with their weights, in the published order.
    pub applicants: Vec<Entry>,
    pub applicants_hash: String,
    pub applicants_count: i32,
    /// The pseudonyms drawn, in the order drawn.
    pub testers: Vec<String>,
    pub drawn_at: DateTime<Utc>,
}

/// A selected tester, as the product team sees them.
#[derive(Debug, Serialize, ToSchema)]
pub struct TesterView {
    pub handle: String,
    pub display_name: String,
    pub reported: bool,
    /// Whether an address is kept for shipping (consented, not deleted yet).
    pub has_address: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TestView {
    pub id: String,
    pub product: TestProduct,
    pub title: String,
    pub description: String,
    pub description_html: String,
    pub units: i32,
    pub apply_from: DateTime<Utc>,
    pub apply_until: DateTime<Utc>,
    pub report_due: DateTime<Utc>,
    pub questions: Vec<Question>,
    pub report_questions: Vec<Question>,
    pub min_level: Option<i32>,
    /// `upcoming`, `open`, `closed` (the draw is due) or `drawn`.
    pub phase: TestPhase,
    /// How many applied.
    pub applicants: i64,
    /// How many testers reported.
    pub reports: i64,
    /// hex(SHA-256(seed)), published when the test was created.
    pub seed_commitment: String,
    /// The draw, once it took place.
    pub draw: Option<DrawView>,
    /// The selected testers and who reported (the product team only, after the draw).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub testers: Option<Vec<TesterView>>,
    pub created_at: DateTime<Utc>,
    pub algorithm: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TestList {
    pub items: Vec<TestView>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, Default, IntoParams)]
pub struct TestQuery {
    /// `open` (applications now), `closed` (applications over), `upcoming`; absent: all.
    pub state: Option<String>,
    /// A product's id or slug.
    pub product: Option<String>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ApplyInput {
    /// Answers keyed by the questions' keys.
    #[serde(default)]
    pub answers: Value,
    /// Kept only with `consent_shipping: true`, only for the selected testers, until 30 days after `report_due`.
    #[serde(default)]
    pub shipping_address: Option<String>,
    #[serde(default)]
    pub consent_shipping: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationView {
    pub test_id: String,
    pub answers: Value,
    pub shipping_address: Option<String>,
    pub consent_shipping: bool,
    /// `applied`, then after the draw `selected` or `not_selected`.
    pub status: &'static str,
    /// The member's pseudonym and weight in the published draw.
    pub pseudonym: Option<String>,
    pub weight: Option<i32>,
    pub reported: bool,
    /// Whether this request created the application (false: it replaced it).
    pub created: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TestReportInput {
    /// 1 to 5.
    pub stars: i32,
    #[serde(default)]
    pub title: String,
    /// The report's text (markdown): the review's text.
    pub text: String,
    #[serde(default)]
    pub pros: String,
    #[serde(default)]
    pub cons: String,
    /// Up to 4 pictures (ids from `POST /images`, with alt text).
    #[serde(default)]
    pub images: Vec<String>,
    /// Answers to the test's report questions.
    #[serde(default)]
    pub answers: Value,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TestReportView {
    pub id: String,
    pub test_id: String,
    pub answers: Value,
    /// The review on the product page, marked `tested_in`.
    pub review: ReviewView,
    pub summary: products::RatingSummary,
}

fn ensure_team(actor: &Actor) -> AppResult<()> {
    if actor.role.can_manage_challenges() {
        Ok(())
    } else {
        Err(AppError::forbidden(ErrorCode::ProductTeamOnly, "Only the product team and admins run product tests."))
    }
}

fn test_key(raw: &str) -> AppResult<String> {
    Uuid::parse_str(raw.trim()).map(|u| u.to_string()).map_err(|_| AppError::not_found("Product test"))
}

fn load(conn: &mut DbConn, id: &str) -> AppResult<TestRow> {
    store::by_id(conn, id)?.ok_or_else(|| AppError::not_found("Product test"))
}

fn questions_of(raw: &str) -> Vec<Question> {
    serde_json::from_str(raw).unwrap_or_default()
}

fn to_json<T: Serialize>(v: &T) -> AppResult<String> {
    serde_json::to_string(v).map_err(|e| AppError::internal(e.to_string()))
}

fn phase_of(t: &TestRow, now: NaiveDateTime) -> TestPhase {
    rules::phase(t.apply_from, t.apply_until, t.drawn_at.is_some() && t.applicants_hash.is_some(), now)
}

fn view(conn: &mut DbConn, t: &TestRow, viewer: Option<&Actor>, applicants: Option<i64>) -> AppResult<TestView> {
    let product = crate::products::store::by_id(conn, &t.product_id)?.ok_or_else(|| AppError::not_found("Product"))?;
    let now = clock::now();
    let phase = phase_of(t, now);
    let applicants = match applicants {
        Some(n) => n,
        None => store::count_applications(conn, &t.id)?,
    };
    let draw = match (&t.applicants_hash, t.drawn_at) {
        (Some(hash), Some(at)) => {
            let list = store::drawn_list(conn, &t.id)?;
            let applicants: Vec<Entry> = list
                .iter()
                .map(|a| Entry {
                    id: a.pseudonym.clone().unwrap_or_default(),
                    weight: u32::try_from(a.weight.unwrap_or(1)).unwrap_or(1),
                })
                .collect();
            // The order drawn is recomputed from what is published (the same pure function).
            let seed = hex::decode(&t.seed).map_err(|_| AppError::internal("stored test seed is not hex"))?;
            let testers = rules::draw(&seed, &applicants, usize::try_from(t.units).unwrap_or(0));
            Some(DrawView {
                units: usize::try_from(t.units).unwrap_or(0),
                seed_commitment: t.seed_commitment.clone(),
                seed: t.seed.clone(),
                applicants,
                applicants_hash: hash.clone(),
                applicants_count: t.applicants_count.unwrap_or(0),
                testers,
                drawn_at: clock::to_utc(at),
            })
        }
        _ => None,
    };
    let team = viewer.is_some_and(|v| v.role.can_manage_challenges());
    let testers = if team && draw.is_some() {
        Some(
            store::testers(conn, &t.id)?
                .into_iter()
                .map(|(a, handle, display_name, report)| TesterView {
                    handle,
                    display_name,
                    reported: report.is_some(),
                    has_address: a.shipping_address.is_some(),
                })
                .collect(),
        )
    } else {
        None
    };
    Ok(TestView {
        id: t.id.clone(),
        product: TestProduct { id: product.id.to_string(), slug: product.slug.clone(), name: product.name.clone() },
        title: t.title.clone(),
        description: t.description.clone(),
        description_html: t.description_html.clone(),
        units: t.units,
        apply_from: clock::to_utc(t.apply_from),
        apply_until: clock::to_utc(t.apply_until),
        report_due: clock::to_utc(t.report_due),
        questions: questions_of(&t.questions),
        report_questions: questions_of(&t.report_questions),
        min_level: t.min_level,
        phase,
        applicants,
        reports: store::count_reports(conn, &t.id)?,
        seed_commitment: t.seed_commitment.clone(),
        draw,
        testers,
        created_at: clock::to_utc(t.created_at),
        algorithm: ALGORITHM,
    })
}

fn check_dates(v: &mut Violations, times: &[(&str, DateTime<Utc>)]) {
    for (field, t) in times {
        if !clock::sensible(clock::from_utc(*t)) {
            v.add(field, "invalid", "A date between the years 2000 and 2200.");
        }
    }
}

/// Creates a product test (product team): the seed is drawn now and only its commitment is shown until the draw.
pub async fn create(db: &Db, actor: &Actor, input: CreateTest) -> AppResult<TestView> {
    ensure_team(actor)?;
    let mut v = Violations::new();
    check_dates(
        &mut v,
        &[("apply_from", input.apply_from), ("apply_until", input.apply_until), ("report_due", input.report_due)],
    );
    let (from, until, due) =
        (clock::from_utc(input.apply_from), clock::from_utc(input.apply_until), clock::from_utc(input.report_due));
    rules::check_test(&mut v, &input.title, &input.description, input.units, from, until, due, input.min_level);
    rules::check_questions(&mut v, "questions", &input.questions);
    rules::check_questions(&mut v, "report_questions", &input.report_questions);
    v.finish()?;
    let questions = to_json(&input.questions)?;
    let report_questions = to_json(&input.report_questions)?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let product = crate::products::store::by_id_or_slug(conn, input.product_id.trim())?
                .ok_or_else(|| AppError::field("product_id", "unknown", "There is no such product."))?;
            let now = clock::now();
            let mut seed = [0u8; 32];
            rand::rng().fill_bytes(&mut seed);
            let mut key = [0u8; 32];
            rand::rng().fill_bytes(&mut key);
            let description = input.description.trim().to_string();
            let row = TestRow {
                id: Uuid::now_v7().to_string(),
                product_id: product.id.to_string(),
                title: input.title.trim().to_string(),
                description_html: markdown::render(&description),
                description,
                units: input.units,
                apply_from: from,
                apply_until: until,
                report_due: due,
                questions,
                report_questions,
                min_level: input.min_level,
                seed_commitment: rules::commitment(&seed),
                seed: hex::encode(seed),
                pseudonym_key: hex::encode(key),
                applicants_hash: None,
                applicants_count: None,
                drawn_at: None,
                created_by: actor.id.clone(),
                created_at: now,
                updated_at: now,
            };
            store::insert(conn, &row)?;
            crate::audit::record(
                conn,
                &actor,
                "product_test.create",
                "product_test",
                &row.id,
                None,
                json!({"product": product.slug, "units": row.units, "seed_commitment": row.seed_commitment}),
            )?;
            view(conn, &row, Some(&actor), Some(0))
        })
    })
    .await
}

/// Changes a test before applications open (409 `test_locked` after).
pub async fn update(db: &Db, actor: &Actor, id: String, input: UpdateTest) -> AppResult<TestView> {
    ensure_team(actor)?;
    let id = test_key(&id)?;
    let mut v = Violations::new();
    for (field, t) in
        [("apply_from", input.apply_from), ("apply_until", input.apply_until), ("report_due", input.report_due)]
    {
        if let Some(t) = t {
            check_dates(&mut v, &[(field, t)]);
        }
    }
    if let Some(q) = &input.questions {
        rules::check_questions(&mut v, "questions", q);
    }
    if let Some(q) = &input.report_questions {
        rules::check_questions(&mut v, "report_questions", q);
    }
    v.finish()?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let t = load(conn, &id)?;
            let now = clock::now();
            if t.apply_from <= now {
                return Err(AppError::conflict(
                    ErrorCode::TestLocked,
                    "Applications have opened; the test stays as it is.",
                ));
            }
            let title = input.title.as_deref().map(str::trim).unwrap_or(&t.title).to_string();
            let description = input.description.as_deref().map(str::trim).unwrap_or(&t.description).to_string();
            let units = input.units.unwrap_or(t.units);
            let from = input.apply_from.map(clock::from_utc).unwrap_or(t.apply_from);
            let until = input.apply_until.map(clock::from_utc).unwrap_or(t.apply_until);
            let due = input.report_due.map(clock::from_utc).unwrap_or(t.report_due);
            let min_level = input.min_level.unwrap_or(t.min_level);
            let mut v = Violations::new();
            rules::check_test(&mut v, &title, &description, units, from, until, due, min_level);
            v.finish()?;
            let changes = TestChanges {
                description_html: input.description.as_ref().map(|_| markdown::render(&description)),
                title: input.title.as_ref().map(|_| title.clone()),
                description: input.description.as_ref().map(|_| description.clone()),
                units: input.units,
                apply_from: input.apply_from.map(|_| from),
                apply_until: input.apply_until.map(|_| until),
                report_due: input.report_due.map(|_| due),
                questions: input.questions.as_ref().map(to_json).transpose()?,
                report_questions: input.report_questions.as_ref().map(to_json).transpose()?,
                min_level: input.min_level,
                updated_at: Some(now),
            };
            if store::update_upcoming(conn, &t.id, now, &changes)? == 0 {
                return Err(AppError::conflict(
                    ErrorCode::TestLocked,
                    "Applications have opened; the test stays as it is.",
                ));
            }
            crate::audit::record(conn, &actor, "product_test.update", "product_test", &t.id, None, json!({}))?;
            let t = load(conn, &t.id)?;
            view(conn, &t, Some(&actor), None)
        })
    })
    .await
}

pub async fn get(db: &Db, viewer: Option<&Actor>, id: String) -> AppResult<TestView> {
    let id = test_key(&id)?;
    let viewer = viewer.cloned();
    db.run(move |conn| {
        let t = load(conn, &id)?;
        view(conn, &t, viewer.as_ref(), None)
    })
    .await
}

pub async fn list(db: &Db, viewer: Option<&Actor>, query: TestQuery) -> AppResult<TestList> {
    let limit = parse_limit(query.limit.as_deref())?;
    let before: Option<String> = decode_cursor(query.cursor.as_deref())?;
    let state = match query.state.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s @ ("open" | "closed" | "upcoming")) => Some(s.to_string()),
        Some(_) => return Err(AppError::field("state", "invalid", "state is open, closed or upcoming.")),
    };
    let viewer = viewer.cloned();
    db.run(move |conn| {
        let product = match query.product.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            Some(p) => Some(
                crate::products::store::by_id_or_slug(conn, p)?
                    .ok_or_else(|| AppError::field("product", "unknown", "There is no such product."))?
                    .id
                    .to_string(),
            ),
            None => None,
        };
        let rows = store::list(conn, state.as_deref(), product.as_deref(), clock::now(), before.as_deref(), limit + 1)?;
        let (rows, next_cursor) = finish_page(rows, limit, |t| t.id.clone());
        let ids: Vec<String> = rows.iter().map(|t| t.id.clone()).collect();
        let counts: HashMap<String, i64> = store::counts(conn, &ids)?.into_iter().collect();
        let items = rows
            .iter()
            .map(|t| view(conn, t, viewer.as_ref(), Some(counts.get(&t.id).copied().unwrap_or(0))))
            .collect::<AppResult<Vec<_>>>()?;
        Ok(TestList { items, next_cursor })
    })
    .await
}

fn application_view(a: &ApplicationRow, drawn: bool, reported: bool, created: bool) -> ApplicationView {
    ApplicationView {
        test_id: a.test_id.clone(),
        answers: serde_json::from_str(&a.answers).unwrap_or(Value::Null),
        shipping_address: a.shipping_address.clone(),
        consent_shipping: a.consent_at.is_some(),
        status: match (drawn, a.selected) {
            (false, _) => "applied",
            (true, true) => "selected",
            (true, false) => "not_selected",
        },
        pseudonym: a.pseudonym.clone(),
        weight: a.weight,
        reported,
        created,
        created_at: clock::to_utc(a.created_at),
        updated_at: clock::to_utc(a.updated_at),
    }
}

fn ensure_may_apply(actor: &Actor) -> AppResult<()> {
    actor.ensure_contributor()?;
    if actor.role != Role::Member {
        return Err(AppError::forbidden(ErrorCode::StaffNotEligible, "Staff accounts do not apply for product tests."));
    }
    Ok(())
}

fn ensure_open(t: &TestRow, now: NaiveDateTime) -> AppResult<()> {
    match phase_of(t, now) {
        TestPhase::Open => Ok(()),
        TestPhase::Upcoming => Err(AppError::conflict(ErrorCode::TestNotOpen, "Applications have not opened yet.")),
        TestPhase::Closed | TestPhase::Drawn => {
            Err(AppError::conflict(ErrorCode::ApplicationsClosed, "Applications for this test are closed."))
        }
    }
}

/// Applies for a test, or replaces the member's application, while it is open.
pub async fn apply(db: &Db, actor: &Actor, id: String, input: ApplyInput) -> AppResult<ApplicationView> {
    ensure_may_apply(actor)?;
    let id = test_key(&id)?;
    let address = input.shipping_address.as_deref().map(str::trim).filter(|a| !a.is_empty()).map(str::to_string);
    let mut v = Violations::new();
    if input.consent_shipping {
        match &address {
            Some(a) => rules::check_address(&mut v, a),
            None => v.add("shipping_address", "required", "Give the address the product is shipped to."),
        }
    }
    v.finish()?;
    // Without the consent the address is not kept at all.
    let address = address.filter(|_| input.consent_shipping);
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let t = load(conn, &id)?;
            let now = clock::now();
            ensure_open(&t, now)?;
            if let Some(min) = t.min_level {
                let level = crate::points::rules::level_for(store::points_of(conn, &actor.id)?).level;
                if i64::from(level) < i64::from(min) {
                    return Err(AppError::forbidden(
                        ErrorCode::LevelTooLow,
                        format!("This test is open from level {min}; you are at level {level}."),
                    ));
                }
            }
            let mut v = Violations::new();
            let answers = rules::check_answers(&mut v, "answers", &questions_of(&t.questions), &input.answers);
            v.finish()?;
            let previous = store::application(conn, &t.id, &actor.id)?;
            let row = ApplicationRow {
                test_id: t.id.clone(),
                user_id: actor.id.clone(),
                answers: to_json(&answers)?,
                shipping_address: address.clone(),
                consent_at: input.consent_shipping.then_some(now),
                address_deleted_at: None,
                pseudonym: None,
                weight: None,
                position: None,
                selected: false,
                reminded_at: None,
                created_at: now,
                updated_at: now,
            };
            store::upsert_application(conn, &row)?;
            let had_consent = previous.as_ref().is_some_and(|p| p.consent_at.is_some());
            if input.consent_shipping || had_consent {
                store::record_consent(conn, &actor.id, &t.id, input.consent_shipping, now)?;
            }
            let saved = store::application(conn, &t.id, &actor.id)?
                .ok_or_else(|| AppError::internal("application vanished"))?;
            Ok(application_view(&saved, false, false, previous.is_none()))
        })
    })
    .await
}

/// The member's application to a test.
pub async fn mine(db: &Db, actor: &Actor, id: String) -> AppResult<ApplicationView> {
    let id = test_key(&id)?;
    let actor = actor.clone();
    db.run(move |conn| {
        let t = load(conn, &id)?;
        let a = store::application(conn, &t.id, &actor.id)?.ok_or_else(|| AppError::not_found("Application"))?;
        let reported = store::report_of(conn, &t.id, &actor.id)?.is_some();
        Ok(application_view(&a, t.applicants_hash.is_some(), reported, false))
    })
    .await
}

/// When the member reported on a test and the review it became (none: not reported).
pub async fn my_report(db: &Db, actor: &Actor, id: String) -> AppResult<Option<(DateTime<Utc>, Option<String>)>> {
    let id = test_key(&id)?;
    let actor = actor.clone();
    db.run(move |conn| {
        let t = load(conn, &id)?;
        Ok(store::report_of(conn, &t.id, &actor.id)?.map(|r| (clock::to_utc(r.created_at), r.rating_id)))
    })
    .await
}

/// Withdraws the member's application while the test is open (its address and answers go with it).
pub async fn withdraw(db: &Db, actor: &Actor, id: String) -> AppResult<()> {
    let id = test_key(&id)?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let t = load(conn, &id)?;
            ensure_open(&t, clock::now())?;
            if let Some(previous) = store::application(conn, &t.id, &actor.id)? {
                store::delete_application(conn, &t.id, &actor.id)?;
                if previous.consent_at.is_some() {
                    store::record_consent(conn, &actor.id, &t.id, false, clock::now())?;
                }
            }
            Ok(())
        })
    })
    .await
}

/// The weights of these members from their earlier drawn tests.
fn weights(conn: &mut DbConn, t: &TestRow, users: &[String], now: NaiveDateTime) -> AppResult<HashMap<String, u32>> {
    let mut history = store::history(conn, users, &t.id)?;
    history.sort_by_key(|(_, test, _, drawn_at, _)| (*drawn_at, test.clone()));
    let reported: std::collections::HashSet<(String, String)> = store::reports_of(conn, users)?.into_iter().collect();
    let mut past: HashMap<String, Vec<Past>> = HashMap::new();
    for (user, test, selected, _, due) in history {
        let unreported = selected && due < now && !reported.contains(&(test.clone(), user.clone()));
        past.entry(user).or_default().push(Past { selected, unreported });
    }
    Ok(users.iter().map(|u| (u.clone(), rules::weight(past.get(u).map(Vec::as_slice).unwrap_or(&[])))).collect())
}

/// Draws the testers after applications closed (product team); once. Freezes and publishes the weighted,
/// pseudonymous list, reveals the seed, tells the testers, and deletes the other applicants' addresses.
pub async fn draw(db: &Db, actor: &Actor, id: String) -> AppResult<TestView> {
    ensure_team(actor)?;
    let id = test_key(&id)?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let t = load(conn, &id)?;
            let now = clock::now();
            if now < t.apply_until {
                return Err(AppError::conflict(
                    ErrorCode::DrawTooEarly,
                    "The draw takes place after applications close.",
                ));
            }
            if store::claim(conn, &t.id, now)? == 0 {
                return Err(AppError::conflict(ErrorCode::AlreadyDrawn, "This test has been drawn already."));
            }
            let users = store::eligible(conn, &t.id)?;
            let weights = weights(conn, &t, &users, now)?;
            let key = hex::decode(&t.pseudonym_key).map_err(|_| AppError::internal("stored key is not hex"))?;
            let mut who: HashMap<String, String> = HashMap::new();
            let mut entries: Vec<Entry> = users
                .iter()
                .map(|u| {
                    let id = rules::pseudonym(&key, &t.id, u);
                    who.insert(id.clone(), u.clone());
                    Entry { id, weight: weights.get(u).copied().unwrap_or(1) }
                })
                .collect();
            rules::order(&mut entries);
            let seed = hex::decode(&t.seed).map_err(|_| AppError::internal("stored test seed is not hex"))?;
            let testers = rules::draw(&seed, &entries, usize::try_from(t.units).unwrap_or(0));
            let hash = rules::list_hash(&entries);
            for (position, e) in entries.iter().enumerate() {
                let Some(user) = who.get(&e.id) else { continue };
                let selected = testers.contains(&e.id);
                let weight = i32::try_from(e.weight).unwrap_or(1);
                store::set_drawn(
                    conn,
                    &t.id,
                    user,
                    &e.id,
                    weight,
                    i32::try_from(position).unwrap_or(i32::MAX),
                    selected,
                )?;
            }
            store::save_draw(conn, &t.id, &hash, i32::try_from(entries.len()).unwrap_or(i32::MAX))?;
            store::drop_unselected_addresses(conn, &t.id, now)?;
            let product =
                crate::products::store::by_id(conn, &t.product_id)?.ok_or_else(|| AppError::not_found("Product"))?;
            for id in &testers {
                if let Some(user) = who.get(id) {
                    let data = json!({
                        "test_id": t.id, "test_title": t.title, "product_name": product.name,
                        "product_slug": product.slug, "report_due": clock::to_utc(t.report_due),
                    });
                    notify::notify(conn, user, kind::TEST_SELECTED, None, &data, now)?;
                }
            }
            crate::audit::record(
                conn,
                &actor,
                "product_test.draw",
                "product_test",
                &t.id,
                None,
                json!({"applicants": entries.len(), "applicants_hash": hash, "testers": testers}),
            )?;
            let t = load(conn, &t.id)?;
            view(conn, &t, Some(&actor), None)
        })
    })
    .await
}

/// The shipping list (product team, after the draw): the selected testers who consented, as CSV
/// (injection-safe). Audit-logged in the transaction that reads it.
pub async fn shipping_list(db: &Db, actor: &Actor, id: String) -> AppResult<(String, Vec<u8>)> {
    ensure_team(actor)?;
    let id = test_key(&id)?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let t = load(conn, &id)?;
            if t.applicants_hash.is_none() {
                return Err(AppError::conflict(ErrorCode::DrawTooEarly, "The testers are not drawn yet."));
            }
            use crate::exports::rules::{csv_records, Cell, BOM};
            let list = store::shipping_list(conn, &t.id)?;
            let mut rows =
                vec![vec![Cell::Text("handle".into()), Cell::Text("name".into()), Cell::Text("address".into())]];
            for (handle, name, address) in &list {
                rows.push(vec![Cell::Text(handle.clone()), Cell::Text(name.clone()), Cell::Text(address.clone())]);
            }
            let mut out = BOM.to_vec();
            out.extend(csv_records(&rows).map_err(|e| AppError::internal(e.to_string()))?);
            crate::audit::record(
                conn,
                &actor,
                "product_test.shipping_list",
                "product_test",
                &t.id,
                None,
                json!({"testers": list.len()}),
            )?;
            Ok((format!("shipping-{}.csv", t.id), out))
        })
    })
    .await
}

/// A selected tester's report, before `report_due`, once: it becomes their review of the product (the rating
/// summary moves exactly as for any review), with its pictures; points for reporting and the badge.
pub async fn report(
    db: &Db,
    actor: &Actor,
    spike: SpikeRule,
    id: String,
    input: TestReportInput,
) -> AppResult<TestReportView> {
    actor.ensure_contributor()?;
    let id = test_key(&id)?;
    let mut v = Violations::new();
    crate::products::rules::check_stars(&mut v, input.stars);
    crate::products::rules::check_review(&mut v, &input.title, &input.text);
    let text = input.text.trim().to_string();
    if text.is_empty() {
        v.add("text", "required", "Write what you found.");
    }
    if text.chars().count() > rules::REPORT_TEXT_MAX {
        v.add("text", "too_long", format!("At most {} characters.", rules::REPORT_TEXT_MAX));
    }
    for (field, s) in [("pros", &input.pros), ("cons", &input.cons)] {
        if s.trim().chars().count() > rules::PROS_CONS_MAX {
            v.add(field, "too_long", format!("At most {} characters.", rules::PROS_CONS_MAX));
        }
    }
    if input.images.len() > rules::REPORT_IMAGES_MAX {
        v.add("images", "too_many", format!("At most {} pictures.", rules::REPORT_IMAGES_MAX));
    }
    v.finish()?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let t = load(conn, &id)?;
            let now = clock::now();
            let selected =
                t.applicants_hash.is_some() && store::application(conn, &t.id, &actor.id)?.is_some_and(|a| a.selected);
            if !selected {
                return Err(AppError::forbidden(ErrorCode::NotATester, "Only the testers drawn for this test report."));
            }
            if store::report_of(conn, &t.id, &actor.id)?.is_some() {
                return Err(AppError::conflict(ErrorCode::ReportExists, "You have reported on this test already."));
            }
            if now > t.report_due {
                return Err(AppError::conflict(ErrorCode::ReportTooLate, "The report's due date has passed."));
            }
            let mut v = Violations::new();
            let answers = rules::check_answers(&mut v, "answers", &questions_of(&t.report_questions), &input.answers);
            v.finish()?;
            let rate = RateInput { stars: input.stars, title: input.title.trim().to_string(), body: text.clone() };
            let rated = products::rate_in_tx(conn, &actor, &spike, &t.product_id, &rate)?;
            let rating_id = rated.rating.id.to_string();
            store::mark_rating(conn, &rating_id, &t.id)?;
            let row = ReportRow {
                id: Uuid::now_v7().to_string(),
                test_id: t.id.clone(),
                user_id: actor.id.clone(),
                rating_id: Some(rating_id.clone()),
                pros: input.pros.trim().to_string(),
                cons: input.cons.trim().to_string(),
                answers: to_json(&answers)?,
                created_at: now,
            };
            if store::insert_report(conn, &row)? == 0 {
                return Err(AppError::conflict(ErrorCode::ReportExists, "You have reported on this test already."));
            }
            crate::images::service::attach(conn, &actor.id, Subject::Review, &rating_id, "images", &input.images)?;
            points::award(
                conn,
                &[Award::new(&actor.id, Rule::TestReport, "rating", &rating_id).about(&rating_id, None)],
                now,
            )?;
            let saved = crate::products::store::rating_by_id(conn, &rating_id)?
                .ok_or_else(|| AppError::internal("rating vanished"))?;
            let review = products::review_views(conn, &[saved], Some(&actor))?
                .pop()
                .ok_or_else(|| AppError::internal("view of one rating was empty"))?;
            Ok(TestReportView {
                id: row.id,
                test_id: t.id.clone(),
                answers: json!(answers),
                review,
                summary: rated.summary,
            })
        })
    })
    .await
}

/// What the jobs did for product tests.
#[derive(Debug, Default, Serialize)]
pub struct JobCounts {
    pub addresses_deleted: usize,
    pub reminders: usize,
}

/// The jobs as of `as_of`: addresses deleted 30 days after `report_due` (an idempotent UPDATE), and one
/// reminder per tester without a report 3 days before it is due (claimed by a conditional UPDATE, so
/// several instances send it once). Each reminder is a notification (mailed by default) in its own
/// transaction.
pub async fn run_jobs(db: &Db, as_of: NaiveDateTime) -> AppResult<JobCounts> {
    let keep = Duration::days(rules::ADDRESS_KEEP_DAYS);
    let addresses_deleted = db
        .run(move |conn| write_tx(conn, |conn| Ok(store::expire_addresses(conn, as_of - keep, clock::now())?)))
        .await?;
    let due = db
        .run(move |conn| Ok(store::due_reminders(conn, as_of, as_of + Duration::days(rules::REMINDER_DAYS))?))
        .await?;
    let mut reminders = 0;
    for (test_id, user_id) in due {
        let sent = db
            .run(move |conn| {
                write_tx(conn, |conn| {
                    let now = clock::now();
                    if store::claim_reminder(conn, &test_id, &user_id, now)? == 0 {
                        return Ok(0);
                    }
                    let t = load(conn, &test_id)?;
                    let product = crate::products::store::by_id(conn, &t.product_id)?
                        .ok_or_else(|| AppError::not_found("Product"))?;
                    let data = json!({
                        "test_id": t.id, "test_title": t.title, "product_name": product.name,
                        "product_slug": product.slug, "report_due": clock::to_utc(t.report_due),
                    });
                    notify::notify(conn, &user_id, kind::TEST_REPORT_DUE, None, &data, now)?;
                    Ok(1)
                })
            })
            .await?;
        reminders += sent;
    }
    Ok(JobCounts { addresses_deleted, reminders })
}

/// A member's applications and reports, for their data export.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportApplication {
    pub test_id: String,
    pub test_title: String,
    pub answers: Value,
    pub shipping_address: Option<String>,
    pub consent_shipping: bool,
    pub selected: bool,
    pub pseudonym: Option<String>,
    pub weight: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub address_deleted_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportTestReport {
    pub id: String,
    pub test_id: String,
    pub review_id: Option<String>,
    pub pros: String,
    pub cons: String,
    pub answers: Value,
    pub created_at: DateTime<Utc>,
}

pub fn export_of(conn: &mut DbConn, user_id: &str) -> AppResult<(Vec<ExportApplication>, Vec<ExportTestReport>)> {
    let apps = store::applications_of(conn, user_id)?
        .into_iter()
        .map(|(a, title)| ExportApplication {
            test_id: a.test_id.clone(),
            test_title: title,
            answers: serde_json::from_str(&a.answers).unwrap_or(Value::Null),
            shipping_address: a.shipping_address.clone(),
            consent_shipping: a.consent_at.is_some(),
            selected: a.selected,
            pseudonym: a.pseudonym.clone(),
            weight: a.weight,
            created_at: clock::to_utc(a.created_at),
            updated_at: clock::to_utc(a.updated_at),
            address_deleted_at: a.address_deleted_at.map(clock::to_utc),
        })
        .collect();
    let reports = store::reports_by(conn, user_id)?
        .into_iter()
        .map(|r| ExportTestReport {
            id: r.id,
            test_id: r.test_id,
            review_id: r.rating_id,
            pros: r.pros,
            cons: r.cons,
            answers: serde_json::from_str(&r.answers).unwrap_or(Value::Null),
            created_at: clock::to_utc(r.created_at),
        })
        .collect();
    Ok((apps, reports))
}

/// The demo data only (`seed.rs`): moves a test's application window into the past so that it can be drawn.
pub async fn close_applications_for_demo(db: &Db, id: String, until: DateTime<Utc>) -> AppResult<()> {
    let until = clock::from_utc(until);
    db.run(move |conn| {
        let changes = TestChanges {
            apply_from: Some(until - Duration::days(14)),
            apply_until: Some(until),
            ..TestChanges::default()
        };
        write_tx(conn, |conn| store::set_window(conn, &id, &changes).map(|_| ()).map_err(AppError::from))
    })
    .await
}

/// The tests of a product, newest first (the product page links them).
pub async fn of_product(db: &Db, product_id: String) -> AppResult<Vec<TestView>> {
    db.run(move |conn| {
        let rows = store::list(conn, None, Some(&product_id), clock::now(), None, 20)?;
        rows.iter().map(|t| view(conn, t, None, None)).collect()
    })
    .await
}

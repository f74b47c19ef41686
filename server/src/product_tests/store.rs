//! Product test, application and report rows and queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{consents, product_test_applications, product_test_reports, product_tests, users};
use crate::db::DbConn;
use crate::per_backend;

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = product_tests)]
pub struct TestRow {
    pub id: String,
    pub product_id: String,
    pub title: String,
    pub description: String,
    pub description_html: String,
    pub units: i32,
    pub apply_from: NaiveDateTime,
    pub apply_until: NaiveDateTime,
    pub report_due: NaiveDateTime,
    /// JSON array of questions.
    pub questions: String,
    pub report_questions: String,
    pub min_level: Option<i32>,
    pub seed_commitment: String,
    pub seed: String,
    pub pseudonym_key: String,
    pub applicants_hash: Option<String>,
    pub applicants_count: Option<i32>,
    pub drawn_at: Option<NaiveDateTime>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(AsChangeset, Debug, Default)]
#[diesel(table_name = product_tests)]
pub struct TestChanges {
    pub title: Option<String>,
    pub description: Option<String>,
    pub description_html: Option<String>,
    pub units: Option<i32>,
    pub apply_from: Option<NaiveDateTime>,
    pub apply_until: Option<NaiveDateTime>,
    pub report_due: Option<NaiveDateTime>,
    pub questions: Option<String>,
    pub report_questions: Option<String>,
    pub min_level: Option<Option<i32>>,
    pub updated_at: Option<NaiveDateTime>,
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = product_test_applications)]
pub struct ApplicationRow {
    pub test_id: String,
    pub user_id: String,
    pub answers: String,
    pub shipping_address: Option<String>,
    pub consent_at: Option<NaiveDateTime>,
    pub address_deleted_at: Option<NaiveDateTime>,
    pub pseudonym: Option<String>,
    pub weight: Option<i32>,
    pub position: Option<i32>,
    pub selected: bool,
    pub reminded_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = product_test_reports)]
pub struct ReportRow {
    pub id: String,
    pub test_id: String,
    pub user_id: String,
    pub rating_id: Option<String>,
    pub pros: String,
    pub cons: String,
    pub answers: String,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, row: &TestRow) -> QueryResult<usize> {
    diesel::insert_into(product_tests::table).values(row).execute(conn)
}

pub fn by_id(conn: &mut DbConn, id: &str) -> QueryResult<Option<TestRow>> {
    product_tests::table.find(id).select(TestRow::as_select()).first(conn).optional()
}

/// Changes a test while it has not opened (`apply_from > now`): 0 rows when it has.
pub fn update_upcoming(conn: &mut DbConn, id: &str, now: NaiveDateTime, changes: &TestChanges) -> QueryResult<usize> {
    diesel::update(product_tests::table.find(id).filter(product_tests::apply_from.gt(now))).set(changes).execute(conn)
}

/// Changes a test's dates whatever its phase (the demo data only).
pub fn set_window(conn: &mut DbConn, id: &str, changes: &TestChanges) -> QueryResult<usize> {
    diesel::update(product_tests::table.find(id)).set(changes).execute(conn)
}

/// Tests, newest first: all, open (applications now), closed (applications over) or of one product.
pub fn list(
    conn: &mut DbConn,
    state: Option<&str>,
    product_id: Option<&str>,
    now: NaiveDateTime,
    before: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<TestRow>> {
    let mut q = product_tests::table.select(TestRow::as_select()).into_boxed();
    match state {
        Some("open") => q = q.filter(product_tests::apply_from.le(now)).filter(product_tests::apply_until.gt(now)),
        Some("closed") => q = q.filter(product_tests::apply_until.le(now)),
        Some("upcoming") => q = q.filter(product_tests::apply_from.gt(now)),
        _ => {}
    }
    if let Some(p) = product_id {
        q = q.filter(product_tests::product_id.eq(p.to_string()));
    }
    if let Some(b) = before {
        q = q.filter(product_tests::id.lt(b.to_string()));
    }
    q.order(product_tests::id.desc()).limit(limit).load(conn)
}

/// Claims the draw: of two concurrent draws exactly one gets 1.
pub fn claim(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(product_tests::table.find(id).filter(product_tests::drawn_at.is_null()))
        .set(product_tests::drawn_at.eq(Some(now)))
        .execute(conn)
}

pub fn save_draw(conn: &mut DbConn, id: &str, hash: &str, count: i32) -> QueryResult<usize> {
    diesel::update(product_tests::table.find(id))
        .set((product_tests::applicants_hash.eq(Some(hash)), product_tests::applicants_count.eq(Some(count))))
        .execute(conn)
}

pub fn application(conn: &mut DbConn, test_id: &str, user_id: &str) -> QueryResult<Option<ApplicationRow>> {
    product_test_applications::table.find((test_id, user_id)).select(ApplicationRow::as_select()).first(conn).optional()
}

/// Inserts or replaces the member's application (answers, address, consent).
pub fn upsert_application(conn: &mut DbConn, row: &ApplicationRow) -> QueryResult<usize> {
    use product_test_applications as a;
    per_backend!(conn, c => diesel::insert_into(a::table)
        .values(row)
        .on_conflict((a::test_id, a::user_id))
        .do_update()
        .set((
            a::answers.eq(&row.answers),
            a::shipping_address.eq(&row.shipping_address),
            a::consent_at.eq(row.consent_at),
            a::updated_at.eq(row.updated_at),
        ))
        .execute(c))
}

pub fn delete_application(conn: &mut DbConn, test_id: &str, user_id: &str) -> QueryResult<usize> {
    diesel::delete(product_test_applications::table.find((test_id, user_id))).execute(conn)
}

pub fn count_applications(conn: &mut DbConn, test_id: &str) -> QueryResult<i64> {
    product_test_applications::table.filter(product_test_applications::test_id.eq(test_id)).count().get_result(conn)
}

/// Counts by test id of these tests' applications.
pub fn counts(conn: &mut DbConn, test_ids: &[String]) -> QueryResult<Vec<(String, i64)>> {
    use diesel::dsl::count_star;
    if test_ids.is_empty() {
        return Ok(Vec::new());
    }
    product_test_applications::table
        .filter(product_test_applications::test_id.eq_any(test_ids))
        .group_by(product_test_applications::test_id)
        .select((product_test_applications::test_id, count_star()))
        .load(conn)
}

/// Applicants who may be drawn: members (not staff), not suspended, not erased. (user id, application).
pub fn eligible(conn: &mut DbConn, test_id: &str) -> QueryResult<Vec<String>> {
    product_test_applications::table
        .inner_join(users::table.on(users::id.eq(product_test_applications::user_id)))
        .filter(product_test_applications::test_id.eq(test_id))
        .filter(users::role.eq("member"))
        .filter(users::suspended_at.is_null())
        .filter(users::erased_at.is_null())
        .select(product_test_applications::user_id)
        .load(conn)
}

/// The members' applications to other drawn tests, drawn before `before`: (user, test, selected, drawn_at,
/// report_due).
pub type PastRow = (String, String, bool, Option<NaiveDateTime>, NaiveDateTime);

pub fn history(conn: &mut DbConn, user_ids: &[String], except: &str) -> QueryResult<Vec<PastRow>> {
    let mut out = Vec::new();
    for chunk in user_ids.chunks(500) {
        let rows: Vec<PastRow> = product_test_applications::table
            .inner_join(product_tests::table.on(product_tests::id.eq(product_test_applications::test_id)))
            .filter(product_test_applications::user_id.eq_any(chunk))
            .filter(product_tests::drawn_at.is_not_null())
            .filter(product_tests::id.ne(except))
            .select((
                product_test_applications::user_id,
                product_tests::id,
                product_test_applications::selected,
                product_tests::drawn_at,
                product_tests::report_due,
            ))
            .load(conn)?;
        out.extend(rows);
    }
    Ok(out)
}

/// (test, user) of every report by these members.
pub fn reports_of(conn: &mut DbConn, user_ids: &[String]) -> QueryResult<Vec<(String, String)>> {
    let mut out = Vec::new();
    for chunk in user_ids.chunks(500) {
        let rows: Vec<(String, String)> = product_test_reports::table
            .filter(product_test_reports::user_id.eq_any(chunk))
            .select((product_test_reports::test_id, product_test_reports::user_id))
            .load(conn)?;
        out.extend(rows);
    }
    Ok(out)
}

/// Freezes an applicant's place in the draw.
pub fn set_drawn(
    conn: &mut DbConn,
    test_id: &str,
    user_id: &str,
    pseudonym: &str,
    weight: i32,
    position: i32,
    selected: bool,
) -> QueryResult<usize> {
    use product_test_applications as a;
    diesel::update(a::table.find((test_id, user_id)))
        .set((
            a::pseudonym.eq(Some(pseudonym)),
            a::weight.eq(Some(weight)),
            a::position.eq(Some(position)),
            a::selected.eq(selected),
        ))
        .execute(conn)
}

/// Deletes the addresses of those not selected (kept for nobody else).
pub fn drop_unselected_addresses(conn: &mut DbConn, test_id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    use product_test_applications as a;
    diesel::update(
        a::table.filter(a::test_id.eq(test_id)).filter(a::selected.eq(false)).filter(a::shipping_address.is_not_null()),
    )
    .set((a::shipping_address.eq(None::<String>), a::address_deleted_at.eq(Some(now))))
    .execute(conn)
}

/// The published list (drawn tests): applications with a position, in order.
pub fn drawn_list(conn: &mut DbConn, test_id: &str) -> QueryResult<Vec<ApplicationRow>> {
    use product_test_applications as a;
    a::table
        .filter(a::test_id.eq(test_id))
        .filter(a::position.is_not_null())
        .order(a::position.asc())
        .select(ApplicationRow::as_select())
        .load(conn)
}

/// The selected testers with their handle, email and whether they reported, by handle.
pub type TesterRow = (ApplicationRow, String, String, Option<String>);

pub fn testers(conn: &mut DbConn, test_id: &str) -> QueryResult<Vec<TesterRow>> {
    use product_test_applications as a;
    a::table
        .inner_join(users::table.on(users::id.eq(a::user_id)))
        .left_join(
            product_test_reports::table
                .on(product_test_reports::test_id.eq(a::test_id).and(product_test_reports::user_id.eq(a::user_id))),
        )
        .filter(a::test_id.eq(test_id))
        .filter(a::selected.eq(true))
        .order(users::handle.asc())
        .select((ApplicationRow::as_select(), users::handle, users::display_name, product_test_reports::id.nullable()))
        .load(conn)
}

pub fn report_of(conn: &mut DbConn, test_id: &str, user_id: &str) -> QueryResult<Option<ReportRow>> {
    product_test_reports::table
        .filter(product_test_reports::test_id.eq(test_id))
        .filter(product_test_reports::user_id.eq(user_id))
        .select(ReportRow::as_select())
        .first(conn)
        .optional()
}

/// Inserts a report; 0 when the member already has one for this test.
pub fn insert_report(conn: &mut DbConn, row: &ReportRow) -> QueryResult<usize> {
    per_backend!(conn, c => diesel::insert_into(product_test_reports::table).values(row).on_conflict_do_nothing().execute(c))
}

pub fn count_reports(conn: &mut DbConn, test_id: &str) -> QueryResult<i64> {
    product_test_reports::table.filter(product_test_reports::test_id.eq(test_id)).count().get_result(conn)
}

/// Marks the rating as written in a test.
pub fn mark_rating(conn: &mut DbConn, rating_id: &str, test_id: &str) -> QueryResult<usize> {
    use crate::db::schema::ratings;
    diesel::update(ratings::table.find(rating_id)).set(ratings::product_test_id.eq(Some(test_id))).execute(conn)
}

/// Records the member's consent to keep their address for one test (the consent history is append-only).
pub fn record_consent(
    conn: &mut DbConn,
    user_id: &str,
    test_id: &str,
    given: bool,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(consents::table)
        .values((
            consents::id.eq(uuid::Uuid::now_v7().to_string()),
            consents::user_id.eq(user_id),
            consents::kind.eq("product_test_shipping"),
            consents::version.eq(test_id),
            consents::given.eq(given),
            consents::created_at.eq(now),
        ))
        .execute(conn)
}

/// Deletes the addresses of tests whose report was due before `due_before`. Idempotent.
pub fn expire_addresses(conn: &mut DbConn, due_before: NaiveDateTime, now: NaiveDateTime) -> QueryResult<usize> {
    use product_test_applications as a;
    let due = product_tests::table.filter(product_tests::report_due.lt(due_before)).select(product_tests::id);
    diesel::update(a::table.filter(a::test_id.eq_any(due)).filter(a::shipping_address.is_not_null()))
        .set((a::shipping_address.eq(None::<String>), a::address_deleted_at.eq(Some(now))))
        .execute(conn)
}

/// Selected testers without a report whose test is due in `(as_of, remind_until]` and who were not
/// reminded: (test, user).
pub fn due_reminders(
    conn: &mut DbConn,
    as_of: NaiveDateTime,
    remind_until: NaiveDateTime,
) -> QueryResult<Vec<(String, String)>> {
    use product_test_applications as a;
    let reported = product_test_reports::table
        .filter(product_test_reports::test_id.eq(a::test_id))
        .filter(product_test_reports::user_id.eq(a::user_id));
    a::table
        .inner_join(product_tests::table.on(product_tests::id.eq(a::test_id)))
        .filter(a::selected.eq(true))
        .filter(a::reminded_at.is_null())
        .filter(product_tests::report_due.gt(as_of))
        .filter(product_tests::report_due.le(remind_until))
        .filter(diesel::dsl::not(diesel::dsl::exists(reported)))
        .select((a::test_id, a::user_id))
        .load(conn)
}

/// Claims a reminder: of several instances, one gets 1.
pub fn claim_reminder(conn: &mut DbConn, test_id: &str, user_id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    use product_test_applications as a;
    diesel::update(a::table.find((test_id, user_id)).filter(a::reminded_at.is_null()))
        .set(a::reminded_at.eq(Some(now)))
        .execute(conn)
}

/// The member's applications, newest test first (for the data export).
pub fn applications_of(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<(ApplicationRow, String)>> {
    use product_test_applications as a;
    a::table
        .inner_join(product_tests::table.on(product_tests::id.eq(a::test_id)))
        .filter(a::user_id.eq(user_id))
        .order(a::test_id.desc())
        .select((ApplicationRow::as_select(), product_tests::title))
        .load(conn)
}

pub fn reports_by(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ReportRow>> {
    product_test_reports::table
        .filter(product_test_reports::user_id.eq(user_id))
        .order(product_test_reports::id.asc())
        .select(ReportRow::as_select())
        .load(conn)
}

/// Erasure: applications to tests not drawn yet go; drawn ones keep only what the published draw needs
/// (pseudonym, weight, place, selected), their answers and address go.
pub fn erase_member(conn: &mut DbConn, user_id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    use product_test_applications as a;
    let n = diesel::delete(a::table.filter(a::user_id.eq(user_id)).filter(a::position.is_null())).execute(conn)?;
    let m = diesel::update(a::table.filter(a::user_id.eq(user_id)))
        .set((a::answers.eq("{}"), a::shipping_address.eq(None::<String>), a::address_deleted_at.eq(Some(now))))
        .execute(conn)?;
    diesel::update(product_test_reports::table.filter(product_test_reports::user_id.eq(user_id)))
        .set(product_test_reports::answers.eq("{}"))
        .execute(conn)?;
    Ok(n + m)
}

/// The member's points balance (their level decides `min_level`).
pub fn points_of(conn: &mut DbConn, user_id: &str) -> QueryResult<i64> {
    users::table.find(user_id).select(users::points).first(conn)
}

/// A report behind a rating: (rating id, test id, test title, pros, cons).
pub type RatingReport = (Option<String>, String, String, String, String);

/// The reports behind these ratings.
pub fn reports_for_ratings(conn: &mut DbConn, rating_ids: &[String]) -> QueryResult<Vec<RatingReport>> {
    if rating_ids.is_empty() {
        return Ok(Vec::new());
    }
    product_test_reports::table
        .inner_join(product_tests::table.on(product_tests::id.eq(product_test_reports::test_id)))
        .filter(product_test_reports::rating_id.eq_any(rating_ids))
        .select((
            product_test_reports::rating_id,
            product_tests::id,
            product_tests::title,
            product_test_reports::pros,
            product_test_reports::cons,
        ))
        .load(conn)
}

/// The shipping list: selected testers who consented, with an address kept. (handle, display name, address).
pub fn shipping_list(conn: &mut DbConn, test_id: &str) -> QueryResult<Vec<(String, String, String)>> {
    use product_test_applications as a;
    let rows: Vec<(String, String, Option<String>)> = a::table
        .inner_join(users::table.on(users::id.eq(a::user_id)))
        .filter(a::test_id.eq(test_id))
        .filter(a::selected.eq(true))
        .filter(a::consent_at.is_not_null())
        .filter(a::shipping_address.is_not_null())
        .order(users::handle.asc())
        .select((users::handle, users::display_name, a::shipping_address))
        .load(conn)?;
    Ok(rows.into_iter().filter_map(|(h, n, a)| a.map(|a| (h, n, a))).collect())
}

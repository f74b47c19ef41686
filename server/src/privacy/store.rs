//! Privacy rows and queries: the consent history, what erasure changes, and what the export reads. The
//! export reads other domains' tables directly (it is one member's rows of each), never another member's
//! data but their public handle.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::rules::{ConsentChange, ConsentKind};
use crate::db::schema::{
    answer_helpful, answers, audit_log, comments, consents, idea_updates, ideas, notifications, point_entries,
    product_follows, questions, ratings, reports, review_helpful, sessions, supports, tip_helpful, tips, user_badges,
    users, vote_budgets,
};
use crate::db::DbConn;

/// Serializes a stored time as RFC 3339 UTC (`…Z`), as every time of the API.
fn utc<S: serde::Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    crate::clock::to_utc(*t).serialize(s)
}

fn utc_opt<S: serde::Serializer>(t: &Option<NaiveDateTime>, s: S) -> Result<S::Ok, S::Error> {
    t.map(crate::clock::to_utc).serialize(s)
}

/// One row of the consent history.
#[derive(Queryable, Selectable, Serialize, ToSchema, Debug, Clone)]
#[diesel(table_name = consents)]
pub struct ConsentRow {
    #[serde(skip)]
    pub id: String,
    pub kind: String,
    pub version: String,
    pub given: bool,
    #[serde(serialize_with = "utc", rename = "at")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: NaiveDateTime,
}

/// Appends consent rows (the history is never rewritten; the latest row of a kind is its state).
pub fn record_consents(
    conn: &mut DbConn,
    user_id: &str,
    changes: &[ConsentChange],
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let mut n = 0;
    for c in changes {
        n += diesel::insert_into(consents::table)
            .values((
                consents::id.eq(uuid::Uuid::now_v7().to_string()),
                consents::user_id.eq(user_id),
                consents::kind.eq(c.kind.as_str()),
                consents::version.eq(&c.version),
                consents::given.eq(c.given),
                consents::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(n)
}

/// The member's consent history, oldest first (UUIDv7 ids sort by time).
pub fn history(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ConsentRow>> {
    consents::table.filter(consents::user_id.eq(user_id)).order(consents::id).select(ConsentRow::as_select()).load(conn)
}

/// The terms version the member's latest terms consent accepted (none: never, or withdrawn).
pub fn accepted_terms(conn: &mut DbConn, user_id: &str) -> QueryResult<Option<String>> {
    let latest: Option<(bool, String)> = consents::table
        .filter(consents::user_id.eq(user_id))
        .filter(consents::kind.eq(ConsentKind::Terms.as_str()))
        .order(consents::id.desc())
        .select((consents::given, consents::version))
        .first(conn)
        .optional()?;
    Ok(latest.filter(|(given, _)| *given).map(|(_, version)| version))
}

pub fn delete_consents(conn: &mut DbConn, user_id: &str) -> QueryResult<usize> {
    diesel::delete(consents::table.filter(consents::user_id.eq(user_id))).execute(conn)
}

/// Erases the account's personal fields: the handle becomes the pseudonym (so does the display name), the
/// email an undeliverable unique address, the password unusable; no locale, no staff role.
pub fn erase_user(
    conn: &mut DbConn,
    user_id: &str,
    pseudonym: &str,
    email: &str,
    password_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(user_id).filter(users::erased_at.is_null()))
        .set((
            users::handle.eq(pseudonym),
            users::handle_key.eq(crate::accounts::rules::handle_key(pseudonym)),
            users::email.eq(email),
            users::email_key.eq(crate::accounts::rules::email_key(email)),
            users::display_name.eq(pseudonym),
            users::password_hash.eq(password_hash),
            users::role.eq(crate::accounts::Role::Member),
            users::locale.eq(None::<String>),
            users::time_zone.eq(None::<String>),
            users::avatar_image_id.eq(None::<String>),
            users::email_verified_at.eq(None::<NaiveDateTime>),
            users::erased_at.eq(now),
            users::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Mail tokens (verification, reset, address change), mail not yet handed over to the old address, the
/// notification settings and the digests' bookkeeping.
pub fn delete_mail_of(conn: &mut DbConn, user_id: &str, old_email: &str) -> QueryResult<usize> {
    use crate::db::schema::{digests, email_tokens, mail_outbox, notification_settings};
    let tokens = diesel::delete(email_tokens::table.filter(email_tokens::user_id.eq(user_id))).execute(conn)?;
    let mails = diesel::delete(mail_outbox::table.filter(mail_outbox::recipient.eq(old_email))).execute(conn)?;
    let settings = diesel::delete(notification_settings::table.filter(notification_settings::user_id.eq(user_id)))
        .execute(conn)?;
    let digests = diesel::delete(digests::table.filter(digests::user_id.eq(user_id))).execute(conn)?;
    Ok(tokens + mails + settings + digests)
}

#[derive(Queryable, Serialize, ToSchema, Debug)]
pub struct ExportNotificationSetting {
    pub kind: String,
    pub channel: String,
}

/// The member's notification choices (only those that differ from the defaults are stored).
pub fn export_notification_settings(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ExportNotificationSetting>> {
    use crate::db::schema::notification_settings as n;
    n::table.filter(n::user_id.eq(user_id)).order(n::kind).select((n::kind, n::channel)).load(conn)
}

pub fn delete_sessions(conn: &mut DbConn, user_id: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).execute(conn)
}

/// The member's own inbox.
pub fn delete_notifications(conn: &mut DbConn, user_id: &str) -> QueryResult<usize> {
    diesel::delete(notifications::table.filter(notifications::user_id.eq(user_id))).execute(conn)
}

/// Other members' notifications name the member as `"actor":"<handle>"` (comments, creator updates, moves):
/// they name the pseudonym from now on. (Handles are `[A-Za-z0-9_-]`, so the JSON text is literal.)
pub fn rename_actor_in_notifications(conn: &mut DbConn, old: &str, new: &str) -> QueryResult<usize> {
    let (from, to) = (format!("\"actor\":\"{old}\""), format!("\"actor\":\"{new}\""));
    diesel::update(notifications::table.filter(notifications::data.like(format!("%{from}%"))))
        .set(
            notifications::data.eq(diesel::dsl::sql::<diesel::sql_types::Text>("REPLACE(data, ")
                .bind::<diesel::sql_types::Text, _>(from)
                .sql(", ")
                .bind::<diesel::sql_types::Text, _>(to)
                .sql(")")),
        )
        .execute(conn)
}

/// The audit log keeps what staff did, under the pseudonym.
pub fn rename_actor_in_audit(conn: &mut DbConn, user_id: &str, new: &str) -> QueryResult<usize> {
    diesel::update(audit_log::table.filter(audit_log::actor_id.eq(user_id)))
        .set(audit_log::actor_handle.eq(new))
        .execute(conn)
}

/// (id, hidden) of the member's ideas, comments, tips and reviews (ratings with text).
pub struct Contributions {
    pub ideas: Vec<(String, bool)>,
    pub comments: Vec<(String, bool)>,
    pub tips: Vec<(String, bool)>,
    pub reviews: Vec<(String, bool)>,
    pub questions: Vec<(String, bool)>,
    pub answers: Vec<(String, bool)>,
}

/// The member's follows of products go with the account.
pub fn delete_follows(conn: &mut DbConn, user_id: &str) -> QueryResult<usize> {
    use crate::db::schema::product_follows as f;
    diesel::delete(f::table.filter(f::user_id.eq(user_id))).execute(conn)
}

pub fn contributions(conn: &mut DbConn, user_id: &str) -> QueryResult<Contributions> {
    let ideas = ideas::table
        .filter(ideas::author_id.eq(user_id))
        .order(ideas::id)
        .select((ideas::id, ideas::hidden_at))
        .load::<(String, Option<NaiveDateTime>)>(conn)?;
    let comments = comments::table
        .filter(comments::author_id.eq(user_id))
        .order(comments::id)
        .select((comments::id, comments::hidden_at))
        .load::<(String, Option<NaiveDateTime>)>(conn)?;
    let tips = tips::table
        .filter(tips::author_id.eq(user_id))
        .order(tips::id)
        .select((tips::id, tips::hidden_at))
        .load::<(String, Option<NaiveDateTime>)>(conn)?;
    let reviews = ratings::table
        .filter(ratings::user_id.eq(user_id))
        .filter(ratings::body.ne(""))
        .order(ratings::id)
        .select((ratings::id, ratings::hidden_at))
        .load::<(String, Option<NaiveDateTime>)>(conn)?;
    let questions = crate::db::schema::questions::table
        .filter(crate::db::schema::questions::author_id.eq(user_id))
        .order(crate::db::schema::questions::id)
        .select((crate::db::schema::questions::id, crate::db::schema::questions::hidden_at))
        .load::<(String, Option<NaiveDateTime>)>(conn)?;
    let answers = crate::db::schema::answers::table
        .filter(crate::db::schema::answers::author_id.eq(user_id))
        .order(crate::db::schema::answers::id)
        .select((crate::db::schema::answers::id, crate::db::schema::answers::hidden_at))
        .load::<(String, Option<NaiveDateTime>)>(conn)?;
    let flag = |rows: Vec<(String, Option<NaiveDateTime>)>| rows.into_iter().map(|(id, h)| (id, h.is_some())).collect();
    Ok(Contributions {
        ideas: flag(ideas),
        comments: flag(comments),
        tips: flag(tips),
        reviews: flag(reviews),
        questions: flag(questions),
        answers: flag(answers),
    })
}

// The export's sections: one member's rows of each table, with only what is theirs.

#[derive(Queryable, Serialize, ToSchema, Debug)]
pub struct ExportProfile {
    pub id: String,
    pub handle: String,
    pub display_name: String,
    pub email: String,
    pub role: String,
    pub locale: Option<String>,
    pub time_zone: Option<String>,
    pub points: i64,
    #[serde(serialize_with = "utc_opt")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub suspended_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "utc")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: NaiveDateTime,
    /// When the address was confirmed.
    #[serde(serialize_with = "utc_opt")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub email_verified_at: Option<NaiveDateTime>,
}

pub fn export_profile(conn: &mut DbConn, user_id: &str) -> QueryResult<Option<ExportProfile>> {
    users::table
        .find(user_id)
        .select((
            users::id,
            users::handle,
            users::display_name,
            users::email,
            users::role,
            users::locale,
            users::time_zone,
            users::points,
            users::suspended_at,
            users::created_at,
            users::email_verified_at,
        ))
        .first(conn)
        .optional()
}

#[derive(Queryable, Serialize, ToSchema, Debug)]
pub struct ExportIdea {
    pub id: String,
    pub challenge_id: Option<String>,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub status: String,
    pub supports_count: i32,
    pub comments_count: i32,
    #[serde(serialize_with = "utc_opt")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub hidden_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "utc")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "utc")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: NaiveDateTime,
}

pub fn export_ideas(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ExportIdea>> {
    ideas::table
        .filter(ideas::author_id.eq(user_id))
        .order(ideas::id)
        .select((
            ideas::id,
            ideas::challenge_id,
            ideas::title,
            ideas::summary,
            ideas::body,
            ideas::status,
            ideas::supports_count,
            ideas::comments_count,
            ideas::hidden_at,
            ideas::created_at,
            ideas::updated_at,
        ))
        .load(conn)
}

/// A creator update the member posted on their idea.
#[derive(Queryable, Serialize, ToSchema, Debug)]
pub struct ExportUpdate {
    pub id: String,
    pub idea_id: String,
    pub title: String,
    pub body: String,
    #[serde(serialize_with = "utc")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: NaiveDateTime,
}

pub fn export_updates(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ExportUpdate>> {
    idea_updates::table
        .filter(idea_updates::author_id.eq(user_id))
        .order(idea_updates::id)
        .select((
            idea_updates::id,
            idea_updates::idea_id,
            idea_updates::title,
            idea_updates::body,
            idea_updates::created_at,
        ))
        .load(conn)
}

#[derive(Queryable, Serialize, ToSchema, Debug)]
pub struct ExportComment {
    pub id: String,
    pub idea_id: String,
    pub parent_id: Option<String>,
    pub body: String,
    #[serde(serialize_with = "utc_opt")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub hidden_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "utc_opt")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub edited_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "utc")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: NaiveDateTime,
}

pub fn export_comments(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ExportComment>> {
    comments::table
        .filter(comments::author_id.eq(user_id))
        .order(comments::id)
        .select((
            comments::id,
            comments::idea_id,
            comments::parent_id,
            comments::body,
            comments::hidden_at,
            comments::edited_at,
            comments::created_at,
        ))
        .load(conn)
}

/// A support with its demand answers (`would_buy`, `price_band`).
#[derive(Queryable, Serialize, ToSchema, Debug)]
pub struct ExportSupport {
    pub idea_id: String,
    pub challenge_id: Option<String>,
    pub would_buy: Option<String>,
    pub price_band: Option<String>,
    /// Copied here from a merged idea (`merged_from` names it).
    pub merged_from: Option<String>,
    #[serde(serialize_with = "utc")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: NaiveDateTime,
}

pub fn export_supports(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ExportSupport>> {
    supports::table
        .filter(supports::user_id.eq(user_id))
        .order((supports::created_at, supports::idea_id))
        .select((
            supports::idea_id,
            supports::challenge_id,
            supports::would_buy,
            supports::price_band,
            supports::merged_from,
            supports::created_at,
        ))
        .load(conn)
}

/// Budget votes used per challenge.
#[derive(Queryable, Serialize, ToSchema, Debug)]
pub struct ExportBudget {
    pub challenge_id: String,
    pub used: i32,
}

pub fn export_budgets(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ExportBudget>> {
    vote_budgets::table
        .filter(vote_budgets::user_id.eq(user_id))
        .order(vote_budgets::challenge_id)
        .select((vote_budgets::challenge_id, vote_budgets::used))
        .load(conn)
}

/// A rating; with a title or text it is a review.
#[derive(Queryable, Serialize, ToSchema, Debug)]
pub struct ExportRating {
    pub id: String,
    pub product_id: String,
    pub stars: i32,
    pub title: String,
    pub body: String,
    pub helpful_count: i32,
    #[serde(serialize_with = "utc_opt")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub hidden_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "utc")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "utc")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: NaiveDateTime,
}

pub fn export_ratings(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ExportRating>> {
    ratings::table
        .filter(ratings::user_id.eq(user_id))
        .order(ratings::id)
        .select((
            ratings::id,
            ratings::product_id,
            ratings::stars,
            ratings::title,
            ratings::body,
            ratings::helpful_count,
            ratings::hidden_at,
            ratings::created_at,
            ratings::updated_at,
        ))
        .load(conn)
}

#[derive(Queryable, Serialize, ToSchema, Debug)]
pub struct ExportTip {
    pub id: String,
    pub product_id: Option<String>,
    pub title: String,
    pub body: String,
    pub helpful_count: i32,
    #[serde(serialize_with = "utc_opt")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub hidden_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "utc")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "utc")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: NaiveDateTime,
}

pub fn export_tips(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ExportTip>> {
    tips::table
        .filter(tips::author_id.eq(user_id))
        .order(tips::id)
        .select((
            tips::id,
            tips::product_id,
            tips::title,
            tips::body,
            tips::helpful_count,
            tips::hidden_at,
            tips::created_at,
            tips::updated_at,
        ))
        .load(conn)
}

/// A helpful mark the member gave (`target_type` review or tip).
#[derive(Serialize, ToSchema, Debug)]
pub struct ExportHelpful {
    pub target_type: &'static str,
    pub target_id: String,
    #[serde(serialize_with = "utc")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: NaiveDateTime,
}

pub fn export_helpful(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ExportHelpful>> {
    let reviews: Vec<(String, NaiveDateTime)> = review_helpful::table
        .filter(review_helpful::user_id.eq(user_id))
        .order(review_helpful::created_at)
        .select((review_helpful::rating_id, review_helpful::created_at))
        .load(conn)?;
    let tips: Vec<(String, NaiveDateTime)> = tip_helpful::table
        .filter(tip_helpful::user_id.eq(user_id))
        .order(tip_helpful::created_at)
        .select((tip_helpful::tip_id, tip_helpful::created_at))
        .load(conn)?;
    let mut out: Vec<ExportHelpful> = reviews
        .into_iter()
        .map(|(id, at)| ExportHelpful { target_type: "review", target_id: id, created_at: at })
        .chain(tips.into_iter().map(|(id, at)| ExportHelpful { target_type: "tip", target_id: id, created_at: at }))
        .collect();
    out.sort_by_key(|h| h.created_at);
    Ok(out)
}

/// A report the member made (who resolved it is staff's business, not the reporter's: left out).
#[derive(Queryable, Serialize, ToSchema, Debug)]
pub struct ExportReport {
    pub id: String,
    pub target_type: String,
    pub target_id: String,
    pub reason: String,
    pub status: String,
    #[serde(serialize_with = "utc")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "utc_opt")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub resolved_at: Option<NaiveDateTime>,
}

pub fn export_reports(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ExportReport>> {
    reports::table
        .filter(reports::reporter_id.eq(user_id))
        .order(reports::id)
        .select((
            reports::id,
            reports::target_type,
            reports::target_id,
            reports::reason,
            reports::status,
            reports::created_at,
            reports::resolved_at,
        ))
        .load(conn)
}

/// A ledger entry of the member's points. (Its cause key is left out: for a support it names the supporter.)
#[derive(Queryable, Serialize, ToSchema, Debug)]
pub struct ExportPoints {
    pub id: String,
    pub amount: i32,
    pub rule: String,
    pub cause_type: String,
    pub subject_id: Option<String>,
    pub challenge_id: Option<String>,
    pub reverses: Option<String>,
    pub reason: Option<String>,
    #[serde(serialize_with = "utc")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: NaiveDateTime,
}

pub fn export_points(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ExportPoints>> {
    point_entries::table
        .filter(point_entries::user_id.eq(user_id))
        .order(point_entries::id)
        .select((
            point_entries::id,
            point_entries::amount,
            point_entries::rule,
            point_entries::cause_type,
            point_entries::subject_id,
            point_entries::challenge_id,
            point_entries::reverses,
            point_entries::reason,
            point_entries::created_at,
        ))
        .load(conn)
}

#[derive(Queryable, Serialize, ToSchema, Debug)]
pub struct ExportBadge {
    pub badge: String,
    #[serde(serialize_with = "utc")]
    #[schema(value_type = String, format = DateTime)]
    pub awarded_at: NaiveDateTime,
}

pub fn export_badges(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ExportBadge>> {
    user_badges::table
        .filter(user_badges::user_id.eq(user_id))
        .order(user_badges::awarded_at)
        .select((user_badges::badge, user_badges::awarded_at))
        .load(conn)
}

/// A notification in the member's inbox (`data` as shown to them: other members appear by handle only).
#[derive(Serialize, ToSchema, Debug)]
pub struct ExportNotification {
    pub id: i64,
    pub kind: String,
    pub idea_id: Option<String>,
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
    #[serde(serialize_with = "utc_opt")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub read_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "utc")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: NaiveDateTime,
}

/// A notification row: id, kind, idea, data (JSON text), read, created.
type NotificationRow = (i64, String, Option<String>, String, Option<NaiveDateTime>, NaiveDateTime);

pub fn export_notifications(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ExportNotification>> {
    let rows: Vec<NotificationRow> = notifications::table
        .filter(notifications::user_id.eq(user_id))
        .order(notifications::id)
        .select((
            notifications::id,
            notifications::kind,
            notifications::idea_id,
            notifications::data,
            notifications::read_at,
            notifications::created_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, kind, idea_id, data, read_at, created_at)| ExportNotification {
            id,
            kind,
            idea_id,
            data: serde_json::from_str(&data).unwrap_or(serde_json::Value::Null),
            read_at,
            created_at,
        })
        .collect())
}

/// A sign-in session (never its token).
#[derive(Queryable, Serialize, ToSchema, Debug)]
pub struct ExportSession {
    #[serde(serialize_with = "utc")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "utc")]
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: NaiveDateTime,
    #[serde(serialize_with = "utc_opt")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub revoked_at: Option<NaiveDateTime>,
}

pub fn export_sessions(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ExportSession>> {
    sessions::table
        .filter(sessions::user_id.eq(user_id))
        .order(sessions::created_at)
        .select((sessions::created_at, sessions::expires_at, sessions::revoked_at))
        .load(conn)
}

/// A product question the member asked.
#[derive(Queryable, Serialize, ToSchema, Debug)]
pub struct ExportQuestion {
    pub id: String,
    pub product_id: String,
    pub title: String,
    pub body: String,
    pub answers_count: i32,
    pub helpful_count: i32,
    pub accepted_answer_id: Option<String>,
    #[serde(serialize_with = "utc_opt")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub hidden_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "utc_opt")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub edited_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "utc")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: NaiveDateTime,
}

pub fn export_questions(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ExportQuestion>> {
    questions::table
        .filter(questions::author_id.eq(user_id))
        .order((questions::created_at, questions::id))
        .select((
            questions::id,
            questions::product_id,
            questions::title,
            questions::body,
            questions::answers_count,
            questions::helpful_count,
            questions::accepted_answer_id,
            questions::hidden_at,
            questions::edited_at,
            questions::created_at,
        ))
        .load(conn)
}

/// An answer the member wrote (to any member's question; the question by id).
#[derive(Queryable, Serialize, ToSchema, Debug)]
pub struct ExportAnswer {
    pub id: String,
    pub question_id: String,
    pub body: String,
    /// Written as the product team's official answer.
    pub official: bool,
    pub helpful_count: i32,
    #[serde(serialize_with = "utc_opt")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub hidden_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "utc_opt")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub edited_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "utc")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: NaiveDateTime,
}

pub fn export_answers(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ExportAnswer>> {
    answers::table
        .filter(answers::author_id.eq(user_id))
        .order((answers::created_at, answers::id))
        .select((
            answers::id,
            answers::question_id,
            answers::body,
            answers::official,
            answers::helpful_count,
            answers::hidden_at,
            answers::edited_at,
            answers::created_at,
        ))
        .load(conn)
}

/// A helpful vote the member gave an answer.
#[derive(Queryable, Serialize, ToSchema, Debug)]
pub struct ExportAnswerHelpful {
    pub answer_id: String,
    #[serde(serialize_with = "utc")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: NaiveDateTime,
}

pub fn export_answer_helpful(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ExportAnswerHelpful>> {
    answer_helpful::table
        .filter(answer_helpful::user_id.eq(user_id))
        .order((answer_helpful::created_at, answer_helpful::answer_id))
        .select((answer_helpful::answer_id, answer_helpful::created_at))
        .load(conn)
}

/// A product the member follows (to hear of its new questions and answers).
#[derive(Queryable, Serialize, ToSchema, Debug)]
pub struct ExportProductFollow {
    pub product_id: String,
    #[serde(serialize_with = "utc")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: NaiveDateTime,
}

pub fn export_product_follows(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ExportProductFollow>> {
    product_follows::table
        .filter(product_follows::user_id.eq(user_id))
        .order((product_follows::created_at, product_follows::product_id))
        .select((product_follows::product_id, product_follows::created_at))
        .load(conn)
}

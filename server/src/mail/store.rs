//! The mail outbox: rows written in the event's transaction, taken by the delivery worker.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::mail_outbox;
use crate::db::DbConn;

pub const LEASE: &str = "mail_outbox";

#[derive(Insertable, Debug)]
#[diesel(table_name = mail_outbox)]
pub struct NewMail<'a> {
    pub recipient: &'a str,
    pub kind: &'a str,
    pub subject: &'a str,
    pub text_body: &'a str,
    pub html_body: &'a str,
    pub headers: &'a str,
    pub created_at: NaiveDateTime,
    pub next_attempt_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = mail_outbox)]
pub struct MailRow {
    pub id: i64,
    pub recipient: String,
    pub kind: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub headers: String,
    pub created_at: NaiveDateTime,
    pub attempts: i32,
}

pub fn insert(conn: &mut DbConn, mail: &NewMail<'_>) -> QueryResult<usize> {
    diesel::insert_into(mail_outbox::table).values(mail).execute(conn)
}

/// Mails due now, oldest first.
pub fn due(conn: &mut DbConn, now: NaiveDateTime, limit: i64) -> QueryResult<Vec<MailRow>> {
    mail_outbox::table
        .filter(mail_outbox::next_attempt_at.le(now))
        .order(mail_outbox::id.asc())
        .limit(limit)
        .select(MailRow::as_select())
        .load(conn)
}

/// Whether any mail is due (one index lookup; every instance asks this every second).
pub fn any_due(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(mail_outbox::table.filter(mail_outbox::next_attempt_at.le(now))))
        .get_result(conn)
}

/// A mail handed over (or given up) leaves the outbox.
pub fn remove(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(mail_outbox::table.find(id)).execute(conn)
}

pub fn failed(conn: &mut DbConn, id: i64, error: &str, next: NaiveDateTime) -> QueryResult<usize> {
    let error: String = error.chars().take(500).collect();
    diesel::update(mail_outbox::table.find(id))
        .set((
            mail_outbox::attempts.eq(mail_outbox::attempts + 1),
            mail_outbox::last_error.eq(error),
            mail_outbox::next_attempt_at.eq(next),
        ))
        .execute(conn)
}

/// Mails waiting, for status and tests.
pub fn pending(conn: &mut DbConn) -> QueryResult<i64> {
    mail_outbox::table.count().get_result(conn)
}

/// Mails waiting and the oldest one's time, for the metrics (`COUNT` and `MIN`).
pub fn backlog(conn: &mut DbConn) -> QueryResult<(i64, Option<NaiveDateTime>)> {
    mail_outbox::table.select((diesel::dsl::count_star(), diesel::dsl::min(mail_outbox::created_at))).first(conn)
}

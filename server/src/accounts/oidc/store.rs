//! Rows and queries of single sign-on: linked identities and sign-ins in progress.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{oidc_identities, oidc_logins};
use crate::db::DbConn;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = oidc_identities)]
pub struct IdentityRow {
    pub provider_id: String,
    pub subject: String,
    pub user_id: String,
    pub linked_at: NaiveDateTime,
}

/// A sign-in in progress (see the migration `2026-12-05-000110_oidc`).
#[derive(Queryable, Selectable, Insertable, Debug, Clone, Default)]
#[diesel(table_name = oidc_logins)]
pub struct LoginRow {
    pub id: String,
    pub provider_id: String,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub pkce_verifier: Option<String>,
    pub link_user_id: Option<String>,
    pub next: String,
    pub subject: Option<String>,
    pub email: Option<String>,
    pub email_verified: bool,
    pub display_name: Option<String>,
    pub proposed_handle: Option<String>,
    pub role: Option<String>,
    pub existing_user_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub fn identity(conn: &mut DbConn, provider_id: &str, subject: &str) -> QueryResult<Option<IdentityRow>> {
    oidc_identities::table.find((provider_id, subject)).select(IdentityRow::as_select()).first(conn).optional()
}

pub fn identities_of(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<IdentityRow>> {
    oidc_identities::table
        .filter(oidc_identities::user_id.eq(user_id))
        .order((oidc_identities::provider_id, oidc_identities::linked_at))
        .select(IdentityRow::as_select())
        .load(conn)
}

pub fn insert_identity(
    conn: &mut DbConn,
    provider_id: &str,
    subject: &str,
    user_id: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(oidc_identities::table)
        .values((
            oidc_identities::provider_id.eq(provider_id),
            oidc_identities::subject.eq(subject),
            oidc_identities::user_id.eq(user_id),
            oidc_identities::linked_at.eq(now),
        ))
        .execute(conn)
}

/// Unlinks every identity of the member at this provider.
pub fn delete_identities(conn: &mut DbConn, user_id: &str, provider_id: &str) -> QueryResult<usize> {
    diesel::delete(
        oidc_identities::table
            .filter(oidc_identities::user_id.eq(user_id))
            .filter(oidc_identities::provider_id.eq(provider_id)),
    )
    .execute(conn)
}

/// Erasure: every identity and sign-in in progress of the member.
pub fn delete_all_of(conn: &mut DbConn, user_id: &str) -> QueryResult<usize> {
    let ids = diesel::delete(oidc_identities::table.filter(oidc_identities::user_id.eq(user_id))).execute(conn)?;
    let logins = diesel::delete(
        oidc_logins::table.filter(oidc_logins::link_user_id.eq(user_id).or(oidc_logins::existing_user_id.eq(user_id))),
    )
    .execute(conn)?;
    Ok(ids + logins)
}

/// Writes a sign-in in progress, and drops the ones whose time is up (nobody else needs them).
pub fn insert_login(conn: &mut DbConn, row: &LoginRow, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(oidc_logins::table.filter(oidc_logins::expires_at.le(now))).execute(conn)?;
    diesel::insert_into(oidc_logins::table).values(row).execute(conn)
}

/// A sign-in in progress that has not expired.
pub fn login(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<Option<LoginRow>> {
    oidc_logins::table
        .find(id)
        .filter(oidc_logins::expires_at.gt(now))
        .select(LoginRow::as_select())
        .first(conn)
        .optional()
}

/// Deletes the row; whether this call deleted it (of two requests with the same cookie, one does).
pub fn take_login(conn: &mut DbConn, id: &str) -> QueryResult<bool> {
    Ok(diesel::delete(oidc_logins::table.find(id)).execute(conn)? == 1)
}

/// The member (not erased) whose address this is, case ignored.
pub fn account_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<crate::accounts::store::UserRow>> {
    use crate::db::schema::users;
    users::table
        .filter(users::email_key.eq(crate::accounts::rules::email_key(email)))
        .filter(users::erased_at.is_null())
        .select(crate::accounts::store::UserRow::as_select())
        .first(conn)
        .optional()
}

/// A linked identity in the member's data export (the provider and the subject, as stored).
#[derive(serde::Serialize, utoipa::ToSchema, Debug)]
pub struct ExportIdentity {
    pub provider: String,
    pub subject: String,
    #[schema(value_type = String, format = DateTime)]
    pub linked_at: chrono::DateTime<chrono::Utc>,
}

pub fn export_of(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ExportIdentity>> {
    Ok(identities_of(conn, user_id)?
        .into_iter()
        .map(|r| ExportIdentity {
            provider: r.provider_id,
            subject: r.subject,
            linked_at: crate::clock::to_utc(r.linked_at),
        })
        .collect())
}

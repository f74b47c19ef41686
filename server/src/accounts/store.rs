//! Account rows and queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{sessions, users};
use crate::db::DbConn;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: crate::ids::UserId,
    pub handle: String,
    pub handle_key: String,
    pub email: String,
    pub email_key: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: crate::accounts::rules::Role,
    pub locale: Option<String>,
    pub suspended_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// When the member erased the account (privacy: it never signs in again).
    pub erased_at: Option<NaiveDateTime>,
    pub email_verified_at: Option<NaiveDateTime>,
    pub time_zone: Option<String>,
    /// The member's picture (an image attached as their avatar).
    pub avatar_image_id: Option<String>,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub id: &'a str,
    pub handle: &'a str,
    pub handle_key: &'a str,
    pub email: &'a str,
    pub email_key: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: crate::accounts::rules::Role,
    pub locale: Option<&'a str>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub email_verified_at: Option<NaiveDateTime>,
}

pub fn by_id(conn: &mut DbConn, id: &str) -> QueryResult<Option<UserRow>> {
    users::table.find(id).select(UserRow::as_select()).first(conn).optional()
}

pub fn by_handle(conn: &mut DbConn, handle: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::handle_key.eq(super::rules::handle_key(handle)))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

/// Members with one of these roles who are not suspended.
pub fn ids_with_roles(conn: &mut DbConn, roles: &[&str]) -> QueryResult<Vec<String>> {
    users::table
        .filter(users::role.eq_any(roles))
        .filter(users::suspended_at.is_null())
        .order(users::id)
        .select(users::id)
        .load(conn)
}

/// A login is a handle or an email address.
pub fn by_login(conn: &mut DbConn, login: &str) -> QueryResult<Option<UserRow>> {
    let login = login.trim();
    if login.contains('@') {
        users::table
            .filter(users::email_key.eq(super::rules::email_key(login)))
            .select(UserRow::as_select())
            .first(conn)
            .optional()
    } else {
        by_handle(conn, login)
    }
}

pub fn handle_taken(conn: &mut DbConn, handle: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(users::table.filter(users::handle_key.eq(super::rules::handle_key(handle)))))
        .get_result(conn)
}

pub fn email_taken(conn: &mut DbConn, email: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(users::table.filter(users::email_key.eq(super::rules::email_key(email)))))
        .get_result(conn)
}

pub fn insert(conn: &mut DbConn, user: &NewUser<'_>) -> QueryResult<usize> {
    diesel::insert_into(users::table).values(user).execute(conn)
}

pub fn set_role(conn: &mut DbConn, id: &str, role: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(users::table.find(id)).set((users::role.eq(role), users::updated_at.eq(now))).execute(conn)
}

pub fn set_locale(conn: &mut DbConn, id: &str, locale: &str) -> QueryResult<usize> {
    diesel::update(users::table.find(id)).set(users::locale.eq(locale)).execute(conn)
}

pub fn count_admins(conn: &mut DbConn) -> QueryResult<i64> {
    users::table
        .filter(users::role.eq(crate::accounts::rules::Role::Admin))
        .filter(users::erased_at.is_null())
        .count()
        .get_result(conn)
}

/// The ids of the active admins (not suspended, not erased). On PostgreSQL their rows are locked (`FOR UPDATE`)
/// until the transaction ends, so two admins who suspend or demote each other at once cannot both succeed and
/// leave none; SQLite's write transaction already runs one writer at a time.
pub fn active_admins_locked(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    let q = users::table
        .filter(users::role.eq(crate::accounts::rules::Role::Admin))
        .filter(users::erased_at.is_null())
        .filter(users::suspended_at.is_null())
        .order(users::id)
        .select(users::id);
    match conn {
        DbConn::Pg(c) => q.for_update().load(c),
        DbConn::Sqlite(c) => q.load(c),
    }
}

/// Accounts (not erased) whose handle contains `q` (case-insensitive), optionally of one role, by handle after
/// the cursor's handle key; `limit + 1` rows.
pub fn members(
    conn: &mut DbConn,
    q: Option<&str>,
    role: Option<crate::accounts::rules::Role>,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<UserRow>> {
    let mut query = users::table.filter(users::erased_at.is_null()).select(UserRow::as_select()).into_boxed();
    if let Some(q) = q {
        let escaped = super::rules::handle_key(q).replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        query = query.filter(users::handle_key.like(format!("%{escaped}%")).escape('\\'));
    }
    if let Some(role) = role {
        query = query.filter(users::role.eq(role));
    }
    if let Some(a) = after {
        query = query.filter(users::handle_key.gt(a.to_string()));
    }
    query.order(users::handle_key.asc()).limit(limit + 1).load(conn)
}

/// Public handles and display names for a set of user ids.
pub fn authors(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<(String, String, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    users::table.filter(users::id.eq_any(ids)).select((users::id, users::handle, users::display_name)).load(conn)
}

/// Opens a session for a member until `expires_at`.
pub fn insert_session(
    conn: &mut DbConn,
    id: &str,
    user_id: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(id),
            sessions::user_id.eq(user_id),
            sessions::created_at.eq(now),
            sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)
}

/// The member and session of an open session (not revoked, not expired, the member not erased).
#[diesel::dsl::auto_type(no_type_alias)]
fn open_session<'a>(session_id: &'a str, user_id: &'a str, now: NaiveDateTime) -> _ {
    users::table
        .inner_join(sessions::table)
        .filter(sessions::id.eq(session_id))
        .filter(users::id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .filter(users::erased_at.is_null())
}

/// The member of an open session, in one query.
pub fn by_open_session(
    conn: &mut DbConn,
    session_id: &str,
    user_id: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<UserRow>> {
    open_session(session_id, user_id, now).select(UserRow::as_select()).first(conn).optional()
}

/// `by_open_session` with the terms version the member's latest terms consent accepted (none: never, or
/// withdrawn; as `privacy::store::accepted_terms`), in one statement: a write checks both on every request.
pub fn by_open_session_with_terms(
    conn: &mut DbConn,
    session_id: &str,
    user_id: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<(UserRow, Option<String>)>> {
    use diesel::dsl::sql;
    use diesel::sql_types::{Nullable, Text};
    let accepted = sql::<Nullable<Text>>(
        "(SELECT CASE WHEN c.given THEN c.version END FROM consents c WHERE c.user_id = users.id AND c.kind = ",
    )
    .bind::<Text, _>(crate::privacy::rules::ConsentKind::Terms.as_str())
    .sql(" ORDER BY c.id DESC LIMIT 1)");
    open_session(session_id, user_id, now).select((UserRow::as_select(), accepted)).first(conn).optional()
}

/// Ends one session.
pub fn revoke_session(conn: &mut DbConn, session_id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(sessions::table.find(session_id).filter(sessions::revoked_at.is_null()))
        .set(sessions::revoked_at.eq(now))
        .execute(conn)
}

/// Ends every session of a member (but `except`, when given).
pub fn revoke_sessions(
    conn: &mut DbConn,
    user_id: &str,
    except: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let open = sessions::table.filter(sessions::user_id.eq(user_id)).filter(sessions::revoked_at.is_null());
    match except {
        Some(keep) => {
            diesel::update(open.filter(sessions::id.ne(keep))).set(sessions::revoked_at.eq(now)).execute(conn)
        }
        None => diesel::update(open).set(sessions::revoked_at.eq(now)).execute(conn),
    }
}

/// Deletes the sessions whose tokens can no longer be used (expired, or revoked before `revoked_before`).
pub fn delete_spent_sessions(
    conn: &mut DbConn,
    now: NaiveDateTime,
    revoked_before: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::expires_at.le(now).or(sessions::revoked_at.le(revoked_before))))
        .execute(conn)
}

/// Stores a mail token's hash for `purpose` until `expires_at`.
pub fn insert_email_token(
    conn: &mut DbConn,
    token_hash: &str,
    user_id: &str,
    purpose: &str,
    email: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<usize> {
    use crate::db::schema::email_tokens as t;
    diesel::insert_into(t::table)
        .values((
            t::token_hash.eq(token_hash),
            t::user_id.eq(user_id),
            t::purpose.eq(purpose),
            t::email.eq(email),
            t::created_at.eq(now),
            t::expires_at.eq(expires_at),
        ))
        .execute(conn)
}

/// Forgets a member's tokens for `purpose` (a newer one replaces them; a used one goes).
pub fn delete_email_tokens(conn: &mut DbConn, user_id: &str, purpose: &str) -> QueryResult<usize> {
    use crate::db::schema::email_tokens as t;
    diesel::delete(t::table.filter(t::user_id.eq(user_id)).filter(t::purpose.eq(purpose))).execute(conn)
}

/// Uses a token: (member id, address) when it is known, for `purpose` and unexpired; it is deleted in the
/// same step, so of two uses at once only one gets it.
pub fn take_email_token(
    conn: &mut DbConn,
    token_hash: &str,
    purpose: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<(String, String)>> {
    use crate::db::schema::email_tokens as t;
    let found: Option<(String, String, NaiveDateTime)> = t::table
        .find(token_hash)
        .filter(t::purpose.eq(purpose))
        .select((t::user_id, t::email, t::expires_at))
        .first(conn)
        .optional()?;
    let Some((user_id, email, expires_at)) = found else { return Ok(None) };
    let deleted = diesel::delete(t::table.find(token_hash)).execute(conn)?;
    Ok((deleted == 1 && expires_at > now).then_some((user_id, email)))
}

/// Deletes expired mail tokens (the jobs).
pub fn delete_expired_email_tokens(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    use crate::db::schema::email_tokens as t;
    diesel::delete(t::table.filter(t::expires_at.le(now))).execute(conn)
}

pub fn set_email_verified(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(users::table.find(id).filter(users::email_verified_at.is_null()))
        .set(users::email_verified_at.eq(now))
        .execute(conn)
}

pub fn set_password_hash(conn: &mut DbConn, id: &str, hash: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(users::table.find(id)).set((users::password_hash.eq(hash), users::updated_at.eq(now))).execute(conn)
}

/// A confirmed new address (verified by the confirmation itself).
pub fn set_email(conn: &mut DbConn, id: &str, email: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::email.eq(email),
            users::email_key.eq(super::rules::email_key(email)),
            users::email_verified_at.eq(now),
            users::updated_at.eq(now),
        ))
        .execute(conn)
}

#[derive(AsChangeset, Debug, Default)]
#[diesel(table_name = users)]
pub struct ProfileChanges {
    pub display_name: Option<String>,
    pub locale: Option<String>,
    /// `Some(None)` clears the member's own zone (the site's applies again).
    pub time_zone: Option<Option<String>>,
    /// `Some(None)` removes the member's picture.
    pub avatar_image_id: Option<Option<String>>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn update_profile(conn: &mut DbConn, id: &str, changes: &ProfileChanges) -> QueryResult<usize> {
    diesel::update(users::table.find(id)).set(changes).execute(conn)
}

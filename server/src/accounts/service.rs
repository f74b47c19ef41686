//! Account operations: the one place the API and the pages go to register,
//! sign in and change roles.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::rules::{self, Role};
use super::store::{self, NewUser, UserRow};
use super::{password, Actor};
use crate::clock;
use crate::db::{write_tx, Db, DbConn};
use crate::error::ErrorCode;
use crate::error::{AppError, AppResult, Violations};

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct RegisterInput {
    pub handle: String,
    pub email: String,
    pub password: String,
    pub display_name: Option<String>,
    /// `de` or `en`: the language of the member's mail and pages (default: the site's).
    #[serde(default)]
    pub locale: Option<String>,
    // Privacy (docs/ACCOUNTS.md): registration needs the terms accepted; the optional consents are off
    // unless ticked. Accounts made by `create-user` and the seed count as having accepted.
    /// Must be `true`: the member accepts the terms and the privacy notice (`GET /auth/terms`).
    #[serde(default)]
    pub accept_terms: Option<bool>,
    /// The terms version the member was shown; when given, it must be the current one.
    #[serde(default)]
    pub terms_version: Option<String>,
    /// Optional: product news by mail.
    #[serde(default)]
    pub product_news: Option<bool>,
    /// Optional: may share a shipping address for product tests later.
    #[serde(default)]
    pub shipping_address_sharing: Option<bool>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginInput {
    /// Handle or email address.
    pub login: String,
    pub password: String,
}

/// A member as everyone may see them.
#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct UserView {
    pub id: crate::ids::UserId,
    pub handle: String,
    pub display_name: String,
    pub role: Role,
    pub created_at: DateTime<Utc>,
}

/// The signed-in member, with what only they see.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeView {
    #[serde(flatten)]
    pub user: UserView,
    pub email: String,
    pub email_verified: bool,
    pub locale: Option<String>,
    /// The member's IANA time zone; none: the site's.
    pub time_zone: Option<String>,
    pub suspended: bool,
    /// The member's picture.
    pub avatar: Option<crate::images::service::ImageView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Session {
    pub token: String,
    pub user: UserView,
}

impl UserView {
    pub fn from_row(row: &UserRow) -> UserView {
        UserView {
            id: row.id.clone(),
            handle: row.handle.clone(),
            display_name: row.display_name.clone(),
            role: row.role,
            created_at: clock::to_utc(row.created_at),
        }
    }
}

impl MeView {
    pub fn from_row(row: &UserRow) -> MeView {
        MeView {
            user: UserView::from_row(row),
            email: row.email.clone(),
            email_verified: row.email_verified_at.is_some(),
            locale: row.locale.clone(),
            time_zone: row.time_zone.clone(),
            suspended: row.suspended_at.is_some(),
            avatar: None,
        }
    }

    /// The view with the member's picture.
    pub fn load(conn: &mut crate::db::DbConn, row: &UserRow) -> AppResult<MeView> {
        let mut view = MeView::from_row(row);
        view.avatar = crate::images::service::avatars(conn, &[row.id.to_string()])?.remove(row.id.as_str());
        Ok(view)
    }
}

/// Runs CPU-heavy work (password hashing) off the async workers.
pub(super) async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
    tokio::task::spawn_blocking(f).await.map_err(|e| AppError::internal(format!("blocking task: {e}")))
}

/// Creates an account with the given role, its address counted as verified. Used by `create-user`, the demo
/// seed and tools: an operator made it.
pub async fn create_account(db: &Db, input: RegisterInput, role: Role, terms_version: &str) -> AppResult<UserRow> {
    insert_account(db, input, role, true, terms_version, |_, _| Ok(())).await
}

/// The checked fields of a registration.
struct Checked {
    handle: String,
    email: String,
    display_name: String,
    locale: Option<String>,
    hash: String,
    /// The terms accepted and the optional consents ticked, recorded with the account (privacy).
    consents: Vec<crate::privacy::rules::ConsentChange>,
}

/// Checks a registration's fields; `member_registers` adds the terms the member must accept (operators'
/// accounts accept `terms_version` for them).
async fn check_registration(input: RegisterInput, terms_version: &str, member_registers: bool) -> AppResult<Checked> {
    let handle = input.handle.trim().to_string();
    let email = input.email.trim().to_string();
    let display_name =
        input.display_name.as_deref().map(str::trim).filter(|s| !s.is_empty()).unwrap_or(&handle).to_string();
    let locale = input.locale.as_deref().and_then(crate::pages::i18n::Lang::parse).map(|l| l.code().to_string());
    let mut v = Violations::new();
    rules::check_handle(&mut v, "handle", &handle);
    rules::check_email(&mut v, "email", &email);
    rules::check_new_password(&mut v, "password", &input.password, &handle, &email);
    rules::check_display_name(&mut v, "display_name", &display_name);
    if member_registers {
        crate::privacy::rules::check_terms(&mut v, input.accept_terms, input.terms_version.as_deref(), terms_version);
    }
    v.finish()?;
    let consents = crate::privacy::rules::at_registration(
        terms_version,
        input.product_news == Some(true),
        input.shipping_address_sharing == Some(true),
    );
    let pw = input.password;
    let hash = blocking(move || password::hash(&pw)).await??;
    Ok(Checked { handle, email, display_name, locale, hash, consents })
}

/// Inserts the account and runs `then` in the same transaction (registration queues its mail there).
async fn insert_account(
    db: &Db,
    input: RegisterInput,
    role: Role,
    verified: bool,
    terms_version: &str,
    then: impl FnOnce(&mut DbConn, &UserRow) -> AppResult<()> + Send + 'static,
) -> AppResult<UserRow> {
    // A member's own registration (unverified) must tick the terms; an operator's account accepts them.
    let c = check_registration(input, terms_version, !verified).await?;
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let mut v = Violations::new();
            if store::handle_taken(conn, &c.handle)? {
                v.add("handle", "taken", "This handle is taken.");
            }
            if store::email_taken(conn, &c.email)? {
                v.add("email", "taken", "An account with this email exists; sign in instead.");
            }
            v.finish()?;
            let row = insert_checked(conn, &c, role, verified)?;
            then(conn, &row)?;
            Ok(row)
        })
    })
    .await
}

fn insert_checked(conn: &mut DbConn, c: &Checked, role: Role, verified: bool) -> AppResult<UserRow> {
    let id = Uuid::now_v7().to_string();
    let now = clock::now();
    let (handle_key, email_key) = (rules::handle_key(&c.handle), rules::email_key(&c.email));
    let new = NewUser {
        id: &id,
        handle: &c.handle,
        handle_key: &handle_key,
        email: &c.email,
        email_key: &email_key,
        display_name: &c.display_name,
        password_hash: &c.hash,
        role,
        locale: c.locale.as_deref(),
        created_at: now,
        updated_at: now,
        email_verified_at: verified.then_some(now),
    };
    store::insert(conn, &new).map_err(unique_violation)?;
    crate::privacy::store::record_consents(conn, &id, &c.consents, now)?;
    store::by_id(conn, &id)?.ok_or_else(|| AppError::internal("inserted user vanished"))
}

/// Two registrations racing for one handle or email: the loser gets a 422, not a 500.
fn unique_violation(e: diesel::result::Error) -> AppError {
    use diesel::result::{DatabaseErrorKind, Error};
    match &e {
        Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
            let text = format!("{} {}", info.message(), info.constraint_name().unwrap_or(""));
            if text.contains("email") {
                AppError::field("email", "taken", "An account with this email exists; sign in instead.")
            } else {
                AppError::field("handle", "taken", "This handle is taken.")
            }
        }
        _ => e.into(),
    }
}

/// What a registration answers.
pub enum Registered {
    /// Verification required: a mail went to the address (the same answer whether the address was new).
    VerificationSent,
    /// Verification not required: signed in at once.
    SignedIn(Session),
}

/// Registers a member. With verification required (the default), a new address gets a verification mail and
/// an address that already has an account gets a mail saying so (with a reset link), and both answer the same,
/// so registration tells a stranger nothing about who has an account. Without it, the member is signed in at
/// once (and still gets a verification mail).
pub async fn register(
    db: &Db,
    keys: &super::token::TokenKeys,
    links: &super::email::Links,
    require_verified: bool,
    terms_version: &str,
    input: RegisterInput,
    mark: Option<crate::trust::rules::ClientMark>,
) -> AppResult<Registered> {
    if !require_verified {
        let links = links.clone();
        let row = insert_account(db, input, Role::Member, false, terms_version, move |conn, row| {
            // Trust and safety: how the registration looked from the network, as keyed hashes (docs/TRUST.md).
            crate::trust::store::record_mark_opt(conn, &row.id, "register", None, mark.as_ref(), row.created_at)?;
            super::email::queue_verification(conn, &links, row)
        })
        .await?;
        return Ok(Registered::SignedIn(start_session(db, keys, row).await?));
    }
    let c = check_registration(input, terms_version, true).await?;
    let links = links.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            if store::handle_taken(conn, &c.handle)? {
                // Handles are public: saying one is taken tells nobody anything new.
                return Err(AppError::field("handle", "taken", "This handle is taken."));
            }
            match store::by_login(conn, &c.email)? {
                Some(existing) => super::email::queue_account_exists(conn, &links, &existing),
                None => {
                    let row = insert_checked(conn, &c, Role::Member, false)?;
                    crate::trust::store::record_mark_opt(
                        conn,
                        &row.id,
                        "register",
                        None,
                        mark.as_ref(),
                        row.created_at,
                    )?;
                    super::email::queue_verification(conn, &links, &row)
                }
            }
        })
    })
    .await?;
    Ok(Registered::VerificationSent)
}

/// Opens a session for the member and issues its token.
pub async fn start_session(db: &Db, keys: &super::token::TokenKeys, row: UserRow) -> AppResult<Session> {
    let (keys, uid) = (keys.clone(), row.id.clone());
    let token = db.run(move |conn| open_session(conn, &keys, &uid)).await?;
    Ok(Session { token, user: UserView::from_row(&row) })
}

/// Writes a session row for the member and returns its token (sign-in; benchmarks make tokens with it).
pub fn open_session(conn: &mut DbConn, keys: &super::token::TokenKeys, user_id: &str) -> AppResult<String> {
    let session_id = Uuid::now_v7().to_string();
    let now = clock::now();
    let expires = now + chrono::Duration::days(super::token::TOKEN_TTL_DAYS);
    store::insert_session(conn, &session_id, user_id, now, expires)?;
    keys.issue(user_id, &session_id, expires.and_utc().timestamp())
}

/// How many sessions a sign-out everywhere ended.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignedOut {
    pub sessions: usize,
}

/// Signs out: the token of this request stops working at once, on every instance.
pub async fn sign_out(db: &Db, actor: &Actor) -> AppResult<()> {
    let Some(sid) = actor.session_id.clone() else { return Ok(()) };
    db.run(move |conn| Ok(store::revoke_session(conn, &sid, clock::now())?)).await?;
    Ok(())
}

/// Signs out everywhere: every session of the member ends, this one included.
pub async fn sign_out_everywhere(db: &Db, actor: &Actor) -> AppResult<usize> {
    let uid = actor.id.clone();
    db.run(move |conn| Ok(store::revoke_sessions(conn, &uid, None, clock::now())?)).await
}

/// Signs in by handle or email. Unknown account and wrong password answer the
/// same, in the same time. With password sign-in off (`password_signin` false, an SSO-only deployment) only an
/// admin's correct password signs in (the break-glass way); every other attempt answers 403
/// `password_signin_disabled`, whether the password was right or not.
pub async fn login(
    db: &Db,
    keys: &super::token::TokenKeys,
    input: LoginInput,
    password_signin: bool,
) -> AppResult<Session> {
    let mut v = Violations::new();
    if input.login.trim().is_empty() {
        v.add("login", "required", "Enter your handle or email address.");
    }
    if input.password.is_empty() {
        v.add("password", "required", "Enter your password.");
    }
    v.finish()?;
    let login = input.login.clone();
    let found = db.run(move |conn| Ok(store::by_login(conn, &login)?)).await?;
    let pw = input.password;
    let row = blocking(move || match found {
        Some(row) if row.erased_at.is_none() && password::verify(&pw, &row.password_hash) => Some(row),
        Some(_) => None,
        None => {
            password::verify_dummy(&pw);
            None
        }
    })
    .await?;
    match row {
        Some(row) if password_signin || row.role == Role::Admin => start_session(db, keys, row).await,
        _ if !password_signin => Err(super::oidc::service::password_signin_disabled()),
        Some(_) | None => Err(AppError::unauthenticated(
            ErrorCode::BadCredentials,
            "That handle or email and password do not match an account.",
        )),
    }
}

pub async fn user_by_handle(db: &Db, handle: String) -> AppResult<UserRow> {
    db.run(move |conn| store::by_handle(conn, &handle)?.ok_or_else(|| AppError::not_found("Member"))).await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RoleInput {
    pub role: String,
}

/// Admins change roles. The last admin cannot demote themselves away.
pub async fn change_role(db: &Db, actor: &Actor, handle: String, input: RoleInput) -> AppResult<UserRow> {
    if !actor.role.can_change_roles() {
        return Err(AppError::forbidden(ErrorCode::AdminsOnly, "Only admins change roles."));
    }
    let role = Role::parse(&input.role).ok_or_else(|| {
        AppError::field("role", "invalid", "A role is one of member, moderator, product_team, admin.")
    })?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let user = store::by_handle(conn, &handle)?.ok_or_else(|| AppError::not_found("Member"))?;
            if user.role == Role::Admin && role != Role::Admin {
                let active = store::active_admins_locked(conn)?;
                let target_active = active.iter().any(|a| user.id == *a);
                let count = i64::try_from(active.len()).unwrap_or(i64::MAX);
                if crate::moderation::rules::role_change_protection(user.role, target_active, role, count).is_err() {
                    return Err(AppError::conflict(
                        ErrorCode::LastAdmin,
                        "This is the last admin; make another admin first.",
                    ));
                }
            }
            store::set_role(conn, &user.id, role.as_str(), clock::now())?;
            if user.role != role {
                // The audit log's row, in this transaction (a store-level write of a later domain).
                let details =
                    serde_json::json!({"handle": user.handle, "from": user.role.as_str(), "to": role.as_str()});
                crate::audit::record(conn, &actor, "account.role_change", "user", &user.id, None, details)?;
            }
            store::by_id(conn, &user.id)?.ok_or_else(|| AppError::not_found("Member"))
        })
    })
    .await
}

pub async fn set_locale(db: &Db, actor: &Actor, locale: String) -> AppResult<()> {
    let id = actor.id.clone();
    db.run(move |conn| {
        store::set_locale(conn, &id, &locale)?;
        Ok(())
    })
    .await
}

/// One account in the admins' member list.
#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct MemberRoleView {
    pub handle: String,
    pub display_name: String,
    pub role: Role,
    pub suspended: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct MemberQuery {
    /// Part of the handle (case-insensitive).
    pub q: Option<String>,
    /// Only this role.
    pub role: Option<String>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

/// Accounts by handle, for the admins who change roles (admins only).
pub async fn members(db: &Db, actor: &Actor, query: MemberQuery) -> AppResult<crate::pagination::Page<MemberRoleView>> {
    if !actor.role.can_change_roles() {
        return Err(AppError::forbidden(ErrorCode::AdminsOnly, "Only admins change roles."));
    }
    let q = query.q.as_deref().map(str::trim).map(|q| q.trim_start_matches('@')).filter(|q| !q.is_empty());
    let q = q.map(|q| q.chars().take(60).collect::<String>());
    let role = match query.role.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        None => None,
        Some(r) => Some(Role::parse(r).ok_or_else(|| {
            AppError::field("role", "invalid", "A role is one of member, moderator, product_team, admin.")
        })?),
    };
    let limit = crate::pagination::parse_limit(query.limit.as_deref())?;
    let after = crate::pagination::decode_cursor::<String>(query.cursor.as_deref())?;
    db.run(move |conn| {
        let rows = store::members(conn, q.as_deref(), role, after.as_deref(), limit)?;
        let (rows, next_cursor) = crate::pagination::finish_page(rows, limit, |r| r.handle_key.clone());
        let items = rows
            .iter()
            .map(|r| MemberRoleView {
                handle: r.handle.clone(),
                display_name: r.display_name.clone(),
                role: r.role,
                suspended: r.suspended_at.is_some(),
                created_at: clock::to_utc(r.created_at),
            })
            .collect();
        Ok(crate::pagination::Page { items, next_cursor })
    })
    .await
}

//! Single sign-on operations, the one place the pages and the API go to (docs/ACCOUNTS.md, "Single sign-on"):
//! start a sign-in, take the provider's answer, finish a first sign-in or a link by password, list and unlink
//! a member's identities.

use base64::Engine;
use chrono::{DateTime, Utc};
use rand::RngCore;
use serde::Serialize;
use utoipa::ToSchema;

use super::client::{Claims, Providers};
use super::rules::{self, Outcome, Refusal};
use super::store::{self, LoginRow};
use crate::accounts::service::{Session, UserView};
use crate::accounts::store::{self as accounts_store, NewUser, UserRow};
use crate::accounts::{password, Actor, Role};
use crate::clock;
use crate::db::{write_tx, Db, DbConn};
use crate::error::{AppError, AppResult, ErrorCode, Violations};

fn random_id() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn state_invalid() -> AppError {
    AppError::unprocessable(
        ErrorCode::OidcStateInvalid,
        "This sign-in is not the one this browser started, or it took too long; start again.",
    )
}

/// Compares without an early exit.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn refusal(r: Refusal) -> AppError {
    match r {
        Refusal::DomainNotAllowed => AppError::forbidden(
            ErrorCode::OidcDomainNotAllowed,
            "This provider signs in only addresses of its organisation's domains.",
        ),
        Refusal::IdentityTaken => AppError::conflict(
            ErrorCode::OidcIdentityTaken,
            "This identity at the provider is linked to another account.",
        ),
        Refusal::EmailMissing => AppError::unprocessable(
            ErrorCode::OidcEmailMissing,
            "The provider did not tell us an email address; an account needs one.",
        ),
        Refusal::EmailUnverified => AppError::conflict(
            ErrorCode::OidcEmailUnverified,
            "An account with this address exists, and the provider does not vouch for the address; sign in with \
             your password and link the provider in your settings.",
        ),
        Refusal::LinkFromSettings => AppError::conflict(
            ErrorCode::OidcLinkFromSettings,
            "An account with this address exists; sign in as usual and link the provider in your settings.",
        ),
    }
}

/// Starts a sign-in at the provider: the row that binds state, nonce and PKCE verifier to this browser (its id
/// goes into a cookie), and the provider's address to send the browser to. `linking`: the signed-in member who
/// links the provider from their settings.
pub async fn begin(
    db: &Db,
    providers: &Providers,
    provider_id: &str,
    next: String,
    linking: Option<&Actor>,
) -> AppResult<(String, String)> {
    let provider = providers.get(provider_id)?;
    let auth = providers.authorize(provider).await?;
    let now = clock::now();
    let row = LoginRow {
        id: random_id(),
        provider_id: provider.id.clone(),
        state: Some(auth.state),
        nonce: Some(auth.nonce),
        pkce_verifier: Some(auth.pkce_verifier),
        link_user_id: linking.map(|a| a.id.clone()),
        next,
        created_at: now,
        expires_at: now + chrono::Duration::minutes(rules::FLOW_MINUTES),
        ..LoginRow::default()
    };
    let id = row.id.clone();
    db.run(move |conn| Ok(store::insert_login(conn, &row, now)?)).await?;
    Ok((id, auth.url))
}

/// The provider's answer on the callback.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
}

/// Where the provider's answer leads.
#[derive(Debug)]
pub enum Landing {
    /// Signed in (a new session's token), back to `next`.
    SignedIn { token: String, next: String },
    /// The signed-in member linked the provider.
    Linked { next: String },
    /// A first sign-in (choose a handle) or an address of an existing member (their password links): the row
    /// that waits for the member's form.
    Pending { login_id: String },
}

/// Takes the provider's answer: the browser's sign-in row (one use: deleted here, whatever follows), the
/// `state` compared, the code exchanged, the ID token checked, and the decision (`rules::decide`) carried out
/// in one transaction.
pub async fn callback(
    db: &Db,
    keys: &crate::accounts::token::TokenKeys,
    providers: &Providers,
    provider_id: &str,
    login_id: Option<String>,
    answer: Callback,
) -> AppResult<Landing> {
    let provider = providers.get(provider_id)?.clone();
    let login_id = login_id.ok_or_else(state_invalid)?;
    let now = clock::now();
    let pid = provider.id.clone();
    let row = db
        .run(move |conn| {
            write_tx(conn, |conn| {
                let row = store::login(conn, &login_id, now)?;
                let row = row.filter(|r| r.provider_id == pid && r.subject.is_none());
                match row {
                    Some(r) if store::take_login(conn, &r.id)? => Ok(r),
                    _ => Err(state_invalid()),
                }
            })
        })
        .await?;
    let (Some(expected), Some(nonce), Some(verifier)) =
        (row.state.as_deref(), row.nonce.clone(), row.pkce_verifier.clone())
    else {
        return Err(state_invalid());
    };
    if !answer.state.as_deref().is_some_and(|s| same(s, expected)) {
        return Err(state_invalid());
    }
    let code = match (answer.error, answer.code) {
        (None, Some(code)) if !code.is_empty() => code,
        _ => {
            return Err(AppError::unprocessable(
                ErrorCode::OidcSignInFailed,
                "The provider did not complete the sign-in (cancelled or refused).",
            ))
        }
    };
    let claims = providers.exchange(&provider, code, verifier, &nonce).await?;
    let keys = keys.clone();
    db.run(move |conn| write_tx(conn, |conn| settle(conn, &keys, &provider, &row, &claims))).await
}

/// The role the provider's role claim gives (none: the provider sets no roles).
fn claimed_role(provider: &rules::ProviderConfig, claims: &Claims) -> Option<Role> {
    provider.role_claim.as_ref().map(|_| rules::role_from_claim(claims.role.as_ref()))
}

fn settle(
    conn: &mut DbConn,
    keys: &crate::accounts::token::TokenKeys,
    provider: &rules::ProviderConfig,
    row: &LoginRow,
    claims: &Claims,
) -> AppResult<Landing> {
    let now = clock::now();
    let owner = store::identity(conn, &provider.id, &claims.subject)?.map(|i| i.user_id);
    let account = match claims.email.as_deref() {
        Some(email) => store::account_by_email(conn, email)?,
        None => None,
    };
    let seen = rules::Seen {
        identity_owner: owner.as_deref(),
        linking_member: row.link_user_id.as_deref(),
        email: claims.email.as_deref(),
        email_verified: claims.email_verified,
        account_with_email: account.as_ref().map(|a| a.id.as_str()),
        account_has_password: account.as_ref().is_some_and(|a| password::is_set(&a.password_hash)),
        domain_allowed: rules::domain_allowed(&provider.allowed_domains, claims.email.as_deref()),
    };
    let role = claimed_role(provider, claims);
    match rules::decide(&seen) {
        Outcome::SignIn(user_id) => {
            let user = member(conn, &user_id)?;
            apply_role(conn, &user, role, &provider.id)?;
            if row.link_user_id.is_some() {
                return Ok(Landing::Linked { next: row.next.clone() });
            }
            let token = crate::accounts::service::open_session(conn, keys, &user_id)?;
            Ok(Landing::SignedIn { token, next: row.next.clone() })
        }
        Outcome::Link(user_id) => {
            let user = member(conn, &user_id)?;
            store::insert_identity(conn, &provider.id, &claims.subject, &user_id, now)?;
            apply_role(conn, &user, role, &provider.id)?;
            Ok(Landing::Linked { next: row.next.clone() })
        }
        outcome @ (Outcome::AskPassword(_) | Outcome::Register) => {
            let existing = match outcome {
                Outcome::AskPassword(id) => Some(id),
                _ => None,
            };
            let base = rules::propose_handle(
                claims.preferred_username.as_deref(),
                claims.email.as_deref(),
                claims.name.as_deref(),
            );
            let mut handle = base.clone();
            let mut n = 2;
            while n < 1000 && accounts_store::handle_taken(conn, &handle)? {
                handle = rules::with_number(&base, n);
                n += 1;
            }
            let pending = LoginRow {
                id: random_id(),
                provider_id: provider.id.clone(),
                next: row.next.clone(),
                subject: Some(claims.subject.clone()),
                email: claims.email.clone(),
                email_verified: claims.email_verified,
                display_name: claims
                    .name
                    .clone()
                    .map(|n| n.chars().take(crate::accounts::rules::DISPLAY_NAME_MAX).collect()),
                proposed_handle: Some(handle),
                role: role.map(|r| r.as_str().to_string()),
                existing_user_id: existing,
                created_at: now,
                expires_at: now + chrono::Duration::minutes(rules::FLOW_MINUTES),
                ..LoginRow::default()
            };
            store::insert_login(conn, &pending, now)?;
            Ok(Landing::Pending { login_id: pending.id })
        }
        Outcome::Refuse(r) => Err(refusal(r)),
    }
}

fn member(conn: &mut DbConn, user_id: &str) -> AppResult<UserRow> {
    accounts_store::by_id(conn, user_id)?.filter(|u| u.erased_at.is_none()).ok_or_else(|| AppError::not_found("Member"))
}

/// Sets the role the provider's claim names, in the sign-in's transaction, with an audit entry; never demotes
/// the last active admin (the deployment would have none left).
fn apply_role(conn: &mut DbConn, user: &UserRow, role: Option<Role>, provider_id: &str) -> AppResult<()> {
    let Some(role) = role else { return Ok(()) };
    if user.role == role {
        return Ok(());
    }
    if user.role == Role::Admin {
        let active = accounts_store::active_admins_locked(conn)?;
        if active.len() <= 1 && active.iter().any(|a| *a == *user.id) {
            tracing::warn!(provider = provider_id, "role claim would demote the last admin; kept");
            return Ok(());
        }
    }
    accounts_store::set_role(conn, &user.id, role.as_str(), clock::now())?;
    let details = serde_json::json!({"handle": user.handle, "from": user.role.as_str(), "to": role.as_str(),
        "via": "oidc", "provider": provider_id});
    crate::audit::record(conn, &Actor::from_row(user), "account.role_change", "user", &user.id, None, details)?;
    Ok(())
}

/// What waits for the member after the provider answered.
#[derive(Debug, Clone, Serialize)]
pub struct PendingView {
    pub provider_id: String,
    pub provider_name: String,
    /// `register` (a first sign-in) or `link` (an existing member's password links the provider).
    pub kind: &'static str,
    pub proposed_handle: String,
    pub display_name: String,
    pub email: String,
    pub email_verified: bool,
    pub next: String,
}

pub async fn pending(db: &Db, providers: &Providers, login_id: Option<String>) -> AppResult<PendingView> {
    let row = pending_row(db, login_id).await?;
    let provider = providers.get(&row.provider_id)?;
    Ok(PendingView {
        provider_id: provider.id.clone(),
        provider_name: provider.name.clone(),
        kind: if row.existing_user_id.is_some() { "link" } else { "register" },
        proposed_handle: row.proposed_handle.clone().unwrap_or_default(),
        display_name: row.display_name.clone().unwrap_or_default(),
        email: row.email.clone().unwrap_or_default(),
        email_verified: row.email_verified,
        next: row.next,
    })
}

async fn pending_row(db: &Db, login_id: Option<String>) -> AppResult<LoginRow> {
    let id = login_id.ok_or_else(state_invalid)?;
    let now = clock::now();
    let row = db.run(move |conn| Ok(store::login(conn, &id, now)?)).await?;
    row.filter(|r| r.subject.is_some()).ok_or_else(state_invalid)
}

/// A first sign-in's form: the handle (proposed, editable), the display name, the terms and the optional
/// consents.
#[derive(Debug, Default)]
pub struct FinishInput {
    pub handle: String,
    pub display_name: Option<String>,
    pub locale: Option<String>,
    pub accept_terms: Option<bool>,
    pub product_news: bool,
    pub shipping_address_sharing: bool,
}

/// Creates the member of a first sign-in, with the identity linked and the address verified when the provider
/// said so (else a verification mail goes out), and signs them in; all in one transaction.
pub async fn finish_register(
    db: &Db,
    keys: &crate::accounts::token::TokenKeys,
    links: &crate::accounts::email::Links,
    terms_version: &str,
    login_id: Option<String>,
    input: FinishInput,
) -> AppResult<Session> {
    let row = pending_row(db, login_id).await?;
    if row.existing_user_id.is_some() {
        return Err(state_invalid());
    }
    let handle = input.handle.trim().to_string();
    let display_name =
        input.display_name.as_deref().map(str::trim).filter(|s| !s.is_empty()).unwrap_or(&handle).to_string();
    let mut v = Violations::new();
    crate::accounts::rules::check_handle(&mut v, "handle", &handle);
    crate::accounts::rules::check_display_name(&mut v, "display_name", &display_name);
    crate::privacy::rules::check_terms(&mut v, input.accept_terms, None, terms_version);
    v.finish()?;
    let consents =
        crate::privacy::rules::at_registration(terms_version, input.product_news, input.shipping_address_sharing);
    let (keys, links) = (keys.clone(), links.clone());
    let locale = input.locale;
    let user = db
        .run(move |conn| {
            write_tx(conn, |conn| {
                if !store::take_login(conn, &row.id)? {
                    return Err(state_invalid());
                }
                if accounts_store::handle_taken(conn, &handle)? {
                    return Err(AppError::field("handle", "taken", "This handle is taken."));
                }
                let email = row.email.clone().ok_or_else(state_invalid)?;
                if store::account_by_email(conn, &email)?.is_some() {
                    // Registered meanwhile: the address is someone's now; sign in again to link.
                    return Err(state_invalid());
                }
                let subject = row.subject.clone().ok_or_else(state_invalid)?;
                let id = uuid::Uuid::now_v7().to_string();
                let now = clock::now();
                let (handle_key, email_key) =
                    (crate::accounts::rules::handle_key(&handle), crate::accounts::rules::email_key(&email));
                let role = row.role.as_deref().and_then(Role::parse).unwrap_or(Role::Member);
                accounts_store::insert(
                    conn,
                    &NewUser {
                        id: &id,
                        handle: &handle,
                        handle_key: &handle_key,
                        email: &email,
                        email_key: &email_key,
                        display_name: &display_name,
                        password_hash: password::NO_PASSWORD,
                        role,
                        locale: locale.as_deref(),
                        created_at: now,
                        updated_at: now,
                        email_verified_at: row.email_verified.then_some(now),
                    },
                )?;
                crate::privacy::store::record_consents(conn, &id, &consents, now)?;
                store::insert_identity(conn, &row.provider_id, &subject, &id, now)?;
                let user = member(conn, &id)?;
                if !row.email_verified {
                    crate::accounts::email::queue_verification(conn, &links, &user)?;
                }
                let token = crate::accounts::service::open_session(conn, &keys, &id)?;
                Ok((user, token))
            })
        })
        .await?;
    Ok(Session { token: user.1, user: UserView::from_row(&user.0) })
}

/// Links the provider to the existing member whose verified address the provider named, once they gave their
/// password; signs them in. Returns the session and where to go next.
pub async fn finish_link(
    db: &Db,
    keys: &crate::accounts::token::TokenKeys,
    login_id: Option<String>,
    password_given: String,
) -> AppResult<(Session, String)> {
    let row = pending_row(db, login_id).await?;
    let Some(user_id) = row.existing_user_id.clone() else { return Err(state_invalid()) };
    if password_given.is_empty() {
        return Err(AppError::field("password", "required", "Enter your password."));
    }
    let uid = user_id.clone();
    let user = db.run(move |conn| member(conn, &uid)).await?;
    let hash = user.password_hash.clone();
    let ok = crate::accounts::service::blocking(move || password::verify(&password_given, &hash)).await?;
    if !ok {
        return Err(AppError::forbidden(ErrorCode::WrongPassword, "That password is not correct."));
    }
    let keys = keys.clone();
    let next = row.next.clone();
    let token = db
        .run(move |conn| {
            write_tx(conn, |conn| {
                if !store::take_login(conn, &row.id)? {
                    return Err(state_invalid());
                }
                let subject = row.subject.clone().ok_or_else(state_invalid)?;
                if store::identity(conn, &row.provider_id, &subject)?.is_some() {
                    return Err(refusal(Refusal::IdentityTaken));
                }
                store::insert_identity(conn, &row.provider_id, &subject, &user_id, clock::now())?;
                let user = member(conn, &user_id)?;
                apply_role(conn, &user, row.role.as_deref().and_then(Role::parse), &row.provider_id)?;
                crate::accounts::service::open_session(conn, &keys, &user_id)
            })
        })
        .await?;
    Ok((Session { token, user: UserView::from_row(&user) }, next))
}

/// A provider the member linked.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IdentityView {
    /// The provider's id (`/auth/oidc/{id}/…`).
    pub provider: String,
    /// The provider's name on the buttons.
    pub name: String,
    pub linked_at: DateTime<Utc>,
}

/// How the member signs in.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SignInMethods {
    /// The member has a password, and password sign-in is open to them.
    pub password: bool,
    pub identities: Vec<IdentityView>,
}

/// Whether a member's password signs them in: it is set, and password sign-in is on (or they are an admin, who
/// keeps it as the break-glass way in).
fn password_usable(user: &UserRow, password_signin: bool) -> bool {
    password::is_set(&user.password_hash) && (password_signin || user.role == Role::Admin)
}

pub async fn methods(db: &Db, providers: &Providers, actor: &Actor, password_signin: bool) -> AppResult<SignInMethods> {
    let id = actor.id.clone();
    let (user, rows) = db.run(move |conn| Ok((member(conn, &id)?, store::identities_of(conn, &id)?))).await?;
    let identities = rows
        .into_iter()
        .map(|r| IdentityView {
            name: providers.get(&r.provider_id).map(|p| p.name.clone()).unwrap_or_else(|_| r.provider_id.clone()),
            provider: r.provider_id,
            linked_at: clock::to_utc(r.linked_at),
        })
        .collect();
    Ok(SignInMethods { password: password_usable(&user, password_signin), identities })
}

/// Unlinks a provider from the member's account; refused (409 `last_sign_in_method`) when no other way to sign
/// in would remain.
pub async fn unlink(db: &Db, actor: &Actor, provider_id: String, password_signin: bool) -> AppResult<()> {
    let id = actor.id.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let user = member(conn, &id)?;
            let rows = store::identities_of(conn, &id)?;
            let at = rows.iter().filter(|r| r.provider_id == provider_id).count();
            if at == 0 {
                return Err(AppError::not_found("Linked provider"));
            }
            if !rules::may_unlink(password_usable(&user, password_signin), rows.len() - at) {
                return Err(AppError::conflict(
                    ErrorCode::LastSignInMethod,
                    "This is your last way to sign in; set a password or link another provider first.",
                ));
            }
            store::delete_identities(conn, &id, &provider_id)?;
            Ok(())
        })
    })
    .await
}

/// A provider as sign-in pages and clients show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProviderView {
    pub id: String,
    pub name: String,
}

/// The ways to sign in on this deployment.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuthMethods {
    /// Password sign-in and registration are open (`IDEASHELF_PASSWORD_SIGNIN`).
    pub password_signin: bool,
    pub providers: Vec<ProviderView>,
}

pub fn auth_methods(providers: &Providers, password_signin: bool) -> AuthMethods {
    AuthMethods {
        password_signin,
        providers: providers.list().iter().map(|p| ProviderView { id: p.id.clone(), name: p.name.clone() }).collect(),
    }
}

/// Refuses password sign-in and registration on a deployment that signs in only through its providers.
pub fn ensure_password_signin(password_signin: bool) -> AppResult<()> {
    if password_signin {
        Ok(())
    } else {
        Err(password_signin_disabled())
    }
}

pub fn password_signin_disabled() -> AppError {
    AppError::forbidden(
        ErrorCode::PasswordSigninDisabled,
        "This site signs in only through its single sign-on providers.",
    )
}

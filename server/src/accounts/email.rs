//! The account operations that go by mail: verifying an address, resetting a forgotten password, changing
//! the address; and the profile, password and time zone a member changes themself. Every mail is queued in
//! the transaction of the change that causes it (crate::mail). Tokens are random, only their SHA-256 is
//! stored, and each is single use; a newer one of the same purpose replaces the older. (docs/ACCOUNTS.md)

use base64::Engine;
use chrono::{Duration, NaiveDateTime};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use super::service::{blocking, start_session, MeView, Session};
use super::store::{self, UserRow};
use super::{password, rules, Actor};
use crate::clock;
use crate::db::{write_tx, Db, DbConn};
use crate::error::{AppError, AppResult, Violations};
use crate::mail::{self, Outgoing};
use crate::pages::i18n::Lang;

pub const VERIFY_HOURS: i64 = 48;
pub const RESET_MINUTES: i64 = 60;
pub const EMAIL_CHANGE_HOURS: i64 = 24;

const VERIFY: &str = "verify";
const RESET: &str = "reset";
const EMAIL_CHANGE: &str = "email_change";

/// Where links in mail point.
#[derive(Clone, Debug)]
pub struct Links {
    /// `https://ideas.example` (no trailing slash).
    pub base: String,
    /// The site's language, for members who chose none.
    pub default_lang: Lang,
}

impl Links {
    pub fn from_state(state: &crate::http::AppState) -> Links {
        Links { base: state.link_base.clone(), default_lang: Lang::DEFAULT }
    }

    fn lang_of(&self, row: &UserRow) -> Lang {
        row.locale.as_deref().and_then(Lang::parse).unwrap_or(self.default_lang)
    }
}

/// A new random token (43 URL-safe characters) and the hash that is stored.
fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_token(&token);
    (token, hash)
}

fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.trim().as_bytes()))
}

/// Issues a token of `purpose` for the member (replacing older ones) and returns it.
fn issue(conn: &mut DbConn, row: &UserRow, purpose: &str, email: &str, ttl: Duration) -> AppResult<String> {
    let (token, hash) = new_token();
    let now = clock::now();
    store::delete_email_tokens(conn, &row.id, purpose)?;
    store::insert_email_token(conn, &hash, &row.id, purpose, email, now, now + ttl)?;
    Ok(token)
}

fn link(links: &Links, path: &str, token: &str) -> String {
    format!("{}{path}?token={token}", links.base)
}

/// Queues the verification mail for the member's address.
pub fn queue_verification(conn: &mut DbConn, links: &Links, row: &UserRow) -> AppResult<()> {
    let token = issue(conn, row, VERIFY, &row.email, Duration::hours(VERIFY_HOURS))?;
    mail::enqueue(
        conn,
        Outgoing {
            to: &row.email,
            lang: links.lang_of(row),
            template: "verify_email",
            data: serde_json::json!({
                "handle": row.handle, "link": link(links, "/verify-email", &token), "site_url": links.base,
                "hours": VERIFY_HOURS,
            }),
            unsubscribe: None,
        },
    )
}

/// Someone registered (or asked to move an account) with an address that already has an account: tell its
/// owner, with a way back in.
pub fn queue_account_exists(conn: &mut DbConn, links: &Links, existing: &UserRow) -> AppResult<()> {
    let token = issue(conn, existing, RESET, &existing.email, Duration::minutes(RESET_MINUTES))?;
    mail::enqueue(
        conn,
        Outgoing {
            // The address as the account has it (the one typed may differ in case).
            to: &existing.email,
            lang: links.lang_of(existing),
            template: "account_exists",
            data: serde_json::json!({
                "handle": existing.handle, "link": link(links, "/reset-password", &token), "site_url": links.base,
                "login_link": format!("{}/login", links.base),
            }),
            unsubscribe: None,
        },
    )
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenInput {
    /// The token from the mail's link.
    pub token: String,
}

/// What a request whose answer must not say more answers.
#[derive(Debug, Serialize, ToSchema)]
pub struct Accepted {
    /// `verification_sent`, `reset_sent`, `confirmation_sent`, `already_verified`.
    pub status: &'static str,
}

fn bad_token() -> AppError {
    AppError::field(
        "token",
        "invalid",
        "This link is not valid any more (used, replaced or expired); ask for a new one.",
    )
}

/// Verifies an address and signs the member in.
pub async fn verify_email(db: &Db, keys: &super::token::TokenKeys, input: TokenInput) -> AppResult<Session> {
    let hash = hash_token(&input.token);
    let row = db
        .run(move |conn| {
            write_tx(conn, |conn| {
                let now = clock::now();
                let (user_id, email) = store::take_email_token(conn, &hash, VERIFY, now)?.ok_or_else(bad_token)?;
                let row = store::by_id(conn, &user_id)?.ok_or_else(bad_token)?;
                // A token for an address the account no longer has verifies nothing.
                if rules::email_key(&row.email) != rules::email_key(&email) {
                    return Err(bad_token());
                }
                store::set_email_verified(conn, &row.id, now)?;
                store::by_id(conn, &row.id)?.ok_or_else(bad_token)
            })
        })
        .await?;
    start_session(db, keys, row).await
}

/// Sends the verification mail again.
pub async fn resend_verification(db: &Db, links: &Links, actor: &Actor) -> AppResult<Accepted> {
    let (id, links) = (actor.id.clone(), links.clone());
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let row = store::by_id(conn, &id)?.ok_or_else(|| AppError::not_found("Member"))?;
            if row.email_verified_at.is_some() {
                return Ok(Accepted { status: "already_verified" });
            }
            queue_verification(conn, &links, &row)?;
            Ok(Accepted { status: "verification_sent" })
        })
    })
    .await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ResetRequest {
    pub email: String,
}

/// Sends a reset link if the address has an account. Always answers the same, in about the same time.
pub async fn request_password_reset(db: &Db, links: &Links, input: ResetRequest) -> AppResult<Accepted> {
    let mut v = Violations::new();
    rules::check_email(&mut v, "email", input.email.trim());
    v.finish()?;
    let links = links.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            if let Some(row) = store::by_login(conn, input.email.trim())? {
                let token = issue(conn, &row, RESET, &row.email, Duration::minutes(RESET_MINUTES))?;
                mail::enqueue(
                    conn,
                    Outgoing {
                        to: &row.email,
                        lang: links.lang_of(&row),
                        template: "password_reset",
                        data: serde_json::json!({
                            "handle": row.handle, "link": link(&links, "/reset-password", &token),
                            "site_url": links.base, "minutes": RESET_MINUTES,
                        }),
                        unsubscribe: None,
                    },
                )?;
            }
            Ok(())
        })
    })
    .await?;
    Ok(Accepted { status: "reset_sent" })
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ResetConfirm {
    pub token: String,
    pub password: String,
}

/// Sets a new password with a reset token. Every earlier session of the member ends; the answer is a new one.
pub async fn confirm_password_reset(
    db: &Db,
    keys: &super::token::TokenKeys,
    links: &Links,
    input: ResetConfirm,
) -> AppResult<Session> {
    let hash = hash_token(&input.token);
    // The password's rules need the account (not its handle or address): find it without using the token.
    let peek = {
        let hash = hash.clone();
        db.run(move |conn| {
            use crate::db::schema::email_tokens as t;
            use diesel::prelude::*;
            let user: Option<String> = t::table
                .find(&hash)
                .filter(t::purpose.eq(RESET))
                .filter(t::expires_at.gt(clock::now()))
                .select(t::user_id)
                .first(conn)
                .optional()?;
            Ok(match user {
                Some(id) => store::by_id(conn, &id)?,
                None => None,
            })
        })
        .await?
    };
    let row = peek.ok_or_else(bad_token)?;
    let new_hash = hash_new_password("password", input.password, &row).await?;
    let links = links.clone();
    let row = db
        .run(move |conn| {
            write_tx(conn, |conn| {
                let now = clock::now();
                let (user_id, _) = store::take_email_token(conn, &hash, RESET, now)?.ok_or_else(bad_token)?;
                let row = store::by_id(conn, &user_id)?.ok_or_else(bad_token)?;
                // The mail reached its owner: the address is theirs.
                store::set_email_verified(conn, &row.id, now)?;
                replace_password(conn, &links, &row, &new_hash, now)
            })
        })
        .await?;
    start_session(db, keys, row).await
}

/// Checks a new password against the rules and hashes it (off the async workers).
async fn hash_new_password(field: &'static str, new_password: String, row: &UserRow) -> AppResult<String> {
    let mut v = Violations::new();
    rules::check_new_password(&mut v, field, &new_password, &row.handle, &row.email);
    v.finish()?;
    blocking(move || password::hash(&new_password)).await?
}

/// Sets the new password, ends every session of the member and tells them by mail; answers the row anew.
fn replace_password(
    conn: &mut DbConn,
    links: &Links,
    row: &UserRow,
    hash: &str,
    now: NaiveDateTime,
) -> AppResult<UserRow> {
    store::set_password_hash(conn, &row.id, hash, now)?;
    store::revoke_sessions(conn, &row.id, None, now)?;
    queue_password_changed(conn, links, row)?;
    store::by_id(conn, &row.id)?.ok_or_else(|| AppError::not_found("Member"))
}

fn queue_password_changed(conn: &mut DbConn, links: &Links, row: &UserRow) -> AppResult<()> {
    mail::enqueue(
        conn,
        Outgoing {
            to: &row.email,
            lang: links.lang_of(row),
            template: "password_changed",
            data: serde_json::json!({
                "handle": row.handle, "site_url": links.base, "link": format!("{}/forgot-password", links.base),
            }),
            unsubscribe: None,
        },
    )
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

async fn check_password_of(db: &Db, actor: &Actor, field: &'static str, given: String) -> AppResult<UserRow> {
    let id = actor.id.clone();
    let row = db.run(move |conn| store::by_id(conn, &id)?.ok_or_else(|| AppError::not_found("Member"))).await?;
    let stored = row.password_hash.clone();
    if !blocking(move || password::verify(&given, &stored)).await? {
        return Err(AppError::field(field, "wrong", "This is not your current password."));
    }
    Ok(row)
}

/// Changes the password (the current one is asked). Every session ends; the answer is a new one.
pub async fn change_password(
    db: &Db,
    keys: &super::token::TokenKeys,
    links: &Links,
    actor: &Actor,
    input: PasswordChange,
) -> AppResult<Session> {
    let row = check_password_of(db, actor, "current_password", input.current_password).await?;
    let new_hash = hash_new_password("new_password", input.new_password, &row).await?;
    let links = links.clone();
    let row = db
        .run(move |conn| write_tx(conn, |conn| replace_password(conn, &links, &row, &new_hash, clock::now())))
        .await?;
    start_session(db, keys, row).await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EmailChange {
    pub email: String,
    /// The current password.
    pub password: String,
}

/// Sends a confirmation to the new address; the address changes only when it is confirmed. An address that
/// already has an account gets a mail saying so instead, and the answer is the same.
pub async fn request_email_change(db: &Db, links: &Links, actor: &Actor, input: EmailChange) -> AppResult<Accepted> {
    let email = input.email.trim().to_string();
    let mut v = Violations::new();
    rules::check_email(&mut v, "email", &email);
    v.finish()?;
    let row = check_password_of(db, actor, "password", input.password).await?;
    if rules::email_key(&email) == rules::email_key(&row.email) {
        return Err(AppError::field("email", "unchanged", "This is already your address."));
    }
    let links = links.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            match store::by_login(conn, &email)? {
                Some(existing) => queue_account_exists(conn, &links, &existing)?,
                None => {
                    let token = issue(conn, &row, EMAIL_CHANGE, &email, Duration::hours(EMAIL_CHANGE_HOURS))?;
                    mail::enqueue(
                        conn,
                        Outgoing {
                            to: &email,
                            lang: links.lang_of(&row),
                            template: "email_change",
                            data: serde_json::json!({
                                "handle": row.handle, "link": link(&links, "/confirm-email", &token),
                                "site_url": links.base, "email": email, "hours": EMAIL_CHANGE_HOURS,
                            }),
                            unsubscribe: None,
                        },
                    )?;
                }
            }
            Ok(())
        })
    })
    .await?;
    Ok(Accepted { status: "confirmation_sent" })
}

/// Confirms a new address: it becomes the account's (verified), and the old address is told.
pub async fn confirm_email_change(db: &Db, links: &Links, input: TokenInput) -> AppResult<MeView> {
    let hash = hash_token(&input.token);
    let links = links.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let now = clock::now();
            let (user_id, email) = store::take_email_token(conn, &hash, EMAIL_CHANGE, now)?.ok_or_else(bad_token)?;
            let old = store::by_id(conn, &user_id)?.ok_or_else(bad_token)?;
            if store::email_taken(conn, &email)? {
                return Err(AppError::field("email", "taken", "An account with this address was made meanwhile."));
            }
            store::set_email(conn, &old.id, &email, now)?;
            mail::enqueue(
                conn,
                Outgoing {
                    to: &old.email,
                    lang: links.lang_of(&old),
                    template: "email_changed",
                    data: serde_json::json!({
                        "handle": old.handle, "email": email, "site_url": links.base,
                        "link": format!("{}/forgot-password", links.base),
                    }),
                    unsubscribe: None,
                },
            )?;
            let row = store::by_id(conn, &old.id)?.ok_or_else(bad_token)?;
            Ok(MeView::from_row(&row))
        })
    })
    .await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ProfileInput {
    pub display_name: Option<String>,
    /// `de` or `en`.
    pub locale: Option<String>,
    /// An IANA time zone (`Europe/Zurich`); an empty string goes back to the site's.
    pub time_zone: Option<String>,
    /// A picture you uploaded (`POST /images`) to show as your avatar; an empty string removes it.
    pub avatar_image_id: Option<String>,
}

/// A field error about `field[0]` (the list `attach` checks) named as the single field it is here.
fn rename_field(e: AppError, field: &str) -> AppError {
    match e {
        AppError::Validation(errors) => AppError::Validation(
            errors
                .into_iter()
                .map(|mut f| {
                    f.field = field.to_string();
                    f
                })
                .collect(),
        ),
        other => other,
    }
}

/// Changes the member's display name, language, time zone and picture.
pub async fn update_profile(db: &Db, actor: &Actor, input: ProfileInput) -> AppResult<MeView> {
    let mut v = Violations::new();
    let mut changes = store::ProfileChanges { updated_at: Some(clock::now()), ..Default::default() };
    if let Some(name) = input.display_name {
        let name = name.trim().to_string();
        if name.is_empty() {
            v.add("display_name", "required", "A display name cannot be empty.");
        }
        rules::check_display_name(&mut v, "display_name", &name);
        changes.display_name = Some(name);
    }
    if let Some(locale) = input.locale {
        match Lang::parse(&locale) {
            Some(l) if l.code() == locale.trim().to_ascii_lowercase() => changes.locale = Some(l.code().into()),
            _ => v.add("locale", "invalid", "A language is de or en."),
        }
    }
    if let Some(zone) = input.time_zone {
        let zone = zone.trim().to_string();
        if zone.is_empty() {
            changes.time_zone = Some(None);
        } else {
            rules::check_time_zone(&mut v, "time_zone", &zone);
            changes.time_zone = Some(Some(zone));
        }
    }
    v.finish()?;
    let id = actor.id.clone();
    let avatar = input.avatar_image_id.map(|a| a.trim().to_string());
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let mut changes = changes;
            if let Some(avatar) = avatar {
                use crate::images::{rules::Subject, service::attach};
                let list: Vec<String> = if avatar.is_empty() { Vec::new() } else { vec![avatar] };
                attach(conn, &id, Subject::Avatar, &id, "avatar_image_id", &list)
                    .map_err(|e| rename_field(e, "avatar_image_id"))?;
                changes.avatar_image_id =
                    Some(list.first().and_then(|a| crate::ids::ImageId::parse(a)).map(|a| a.to_string()));
            }
            store::update_profile(conn, &id, &changes)?;
            let row = store::by_id(conn, &id)?.ok_or_else(|| AppError::not_found("Member"))?;
            MeView::load(conn, &row)
        })
    })
    .await
}

//! Accounts: registration, sign-in, roles.

pub mod api;
pub mod email;
pub mod oidc;
pub mod password;
pub mod rules;
pub mod service;
pub mod store;
pub mod token;

pub use rules::Role;

/// The member making a request, as loaded from the database for it.
///
/// A suspended account acts as a plain member whatever its role: staff powers need an unsuspended account,
/// so a suspended admin, moderator or product-team member can change no role, read no audit log, move,
/// hide or export nothing. Every member write asks `ensure_active` on top. What a suspended member may still
/// do, deliberately: read, sign out, change their language, mark notifications read, and take back what is
/// their own (withdraw a support, remove their rating, delete their tip, unmark a helpful vote) — these
/// only lessen their influence. (docs/ACCOUNTS.md)
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: String,
    pub handle: String,
    pub display_name: String,
    /// The role whose powers apply: `Member` while suspended.
    pub role: Role,
    pub suspended: bool,
    /// The site requires a verified address and this member has not verified theirs yet: they may read and
    /// edit their profile, but not support, submit, comment, rate or share tips (`ensure_contributor`).
    pub unverified: bool,
    pub locale: Option<String>,
    /// The member's IANA time zone (none: the site's).
    pub time_zone: Option<String>,
    /// The session the request's token belongs to (none for actors made outside a request).
    pub session_id: Option<String>,
}

impl Actor {
    pub fn from_row(row: &store::UserRow) -> Actor {
        Actor {
            id: row.id.to_string(),
            handle: row.handle.clone(),
            display_name: row.display_name.clone(),
            role: if row.suspended_at.is_some() { Role::Member } else { row.role },
            suspended: row.suspended_at.is_some(),
            unverified: false,
            locale: row.locale.clone(),
            time_zone: row.time_zone.clone(),
            session_id: None,
        }
    }

    /// Active and, where the site requires it, with a verified address: may contribute.
    pub fn ensure_contributor(&self) -> Result<(), crate::error::AppError> {
        self.ensure_active()?;
        self.ensure_verified()
    }

    pub fn ensure_verified(&self) -> Result<(), crate::error::AppError> {
        if self.unverified {
            Err(crate::error::AppError::forbidden(
                crate::error::ErrorCode::EmailNotVerified,
                "Confirm your email address first: follow the link we sent you, or ask for a new one.",
            ))
        } else {
            Ok(())
        }
    }

    /// Suspended members keep reading but cannot post or support.
    pub fn ensure_active(&self) -> Result<(), crate::error::AppError> {
        if self.suspended {
            Err(crate::error::AppError::forbidden(
                crate::error::ErrorCode::Suspended,
                "Your account is suspended; you cannot post or support.",
            ))
        } else {
            Ok(())
        }
    }
}

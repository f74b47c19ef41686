//! Password hashing with argon2id (the crate's defaults: 19 MiB, t=2, p=1).

use argon2::password_hash::phc::PasswordHash;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};

use crate::error::AppError;

/// The stored hash of a member who has no password (made by a single sign-on): matches no password.
pub const NO_PASSWORD: &str = "!none";

/// Whether a stored hash is a password's (not `NO_PASSWORD`, not an erased account's).
pub fn is_set(stored: &str) -> bool {
    stored.starts_with('$')
}

pub fn hash(password: &str) -> Result<String, AppError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal(format!("password hash: {e}")))
}

pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// Spends the time a real verification would, so a login for an unknown
/// account answers as slowly as one with a wrong password.
pub fn verify_dummy(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let stored = DUMMY.get_or_init(|| hash("not a real password").unwrap_or_default());
    let _ = verify(password, stored);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let h = hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &h));
        assert!(!verify("wrong horse battery", &h));
        assert!(!verify("x", "not a hash"));
        assert!(is_set(&h));
        assert!(!is_set(NO_PASSWORD) && !verify("", NO_PASSWORD) && !verify("!none", NO_PASSWORD));
    }
}

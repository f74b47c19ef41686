//! Session tokens: HS256 JWTs carrying the user id and the session id. The
//! session row and the member are read from the database on each request, so
//! signing out, a role change or a suspension applies at once, on every instance.

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::error::AppError;

pub const TOKEN_TTL_DAYS: i64 = 30;

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    /// The session (`sessions.id`) this token belongs to.
    pub sid: String,
    pub iat: i64,
    pub exp: i64,
}

/// Seconds of clock difference between instances a token's expiry tolerates.
pub const LEEWAY_SECS: u64 = 5;

#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl TokenKeys {
    pub fn new(secret: &[u8]) -> Self {
        TokenKeys { encoding: EncodingKey::from_secret(secret), decoding: DecodingKey::from_secret(secret) }
    }

    /// A token for the session `session_id` of `user_id`, valid until `expires` (unix seconds).
    pub fn issue(&self, user_id: &str, session_id: &str, expires: i64) -> Result<String, AppError> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims { sub: user_id.to_string(), sid: session_id.to_string(), iat: now, exp: expires };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| AppError::internal(format!("token encode: {e}")))
    }

    /// The user id and session id in a valid, unexpired token (whether the session is still open is the
    /// database's to say).
    pub fn verify(&self, token: &str) -> Option<(String, String)> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = LEEWAY_SECS;
        decode::<Claims>(token, &self.decoding, &validation).ok().map(|d| (d.claims.sub, d.claims.sid))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_and_verify() {
        let keys = TokenKeys::new(b"0123456789abcdef0123456789abcdef");
        let later = chrono::Utc::now().timestamp() + 60;
        let t = keys.issue("u1", "s1", later).unwrap();
        assert_eq!(keys.verify(&t), Some(("u1".into(), "s1".into())));
        let expired = keys.issue("u1", "s1", chrono::Utc::now().timestamp() - 10).unwrap();
        assert_eq!(keys.verify(&expired), None, "expired beyond the leeway");
        let other = TokenKeys::new(b"another secret another secret 00");
        assert_eq!(other.verify(&t), None);
        assert_eq!(keys.verify("garbage"), None);
    }
}

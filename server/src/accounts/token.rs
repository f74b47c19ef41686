//! Session tokens: HS256 JWTs carrying the user id. The role is read from the
//! database on each request, so a role change or suspension applies at once.

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::error::AppError;

pub const TOKEN_TTL_DAYS: i64 = 30;

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub iat: i64,
    pub exp: i64,
}

#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl TokenKeys {
    pub fn new(secret: &[u8]) -> Self {
        TokenKeys { encoding: EncodingKey::from_secret(secret), decoding: DecodingKey::from_secret(secret) }
    }

    pub fn issue(&self, user_id: &str) -> Result<String, AppError> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims { sub: user_id.to_string(), iat: now, exp: now + TOKEN_TTL_DAYS * 86_400 };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| AppError::internal(format!("token encode: {e}")))
    }

    /// The user id in a valid, unexpired token.
    pub fn verify(&self, token: &str) -> Option<String> {
        let validation = Validation::new(Algorithm::HS256);
        decode::<Claims>(token, &self.decoding, &validation).ok().map(|d| d.claims.sub)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_and_verify() {
        let keys = TokenKeys::new(b"0123456789abcdef0123456789abcdef");
        let t = keys.issue("u1").unwrap();
        assert_eq!(keys.verify(&t).as_deref(), Some("u1"));
        let other = TokenKeys::new(b"another secret another secret 00");
        assert_eq!(other.verify(&t), None);
        assert_eq!(keys.verify("garbage"), None);
    }
}

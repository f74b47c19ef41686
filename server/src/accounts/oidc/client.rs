//! The deployment's providers and the conversation with them (openidconnect): discovery (lazy, cached for a
//! while, again when a token's key is unknown), the authorization request with PKCE, `state` and `nonce`, the
//! code exchange (client_secret_basic) and the ID token's checks against the provider's JWKS.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RequestTokenError, Scope,
    TokenResponse,
};

use super::rules::{self, ProviderConfig};
use crate::error::{AppError, AppResult, ErrorCode};

type Client =
    CoreClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointMaybeSet, EndpointMaybeSet>;

/// How long a provider's discovery document and keys are used before they are read again.
const DISCOVERY_TTL: Duration = Duration::from_secs(15 * 60);
/// A discovery younger than this is not repeated for an unknown key (a token signed by a stranger cannot make
/// us hammer the provider).
const REDISCOVER_AFTER: Duration = Duration::from_secs(30);

/// The providers of this deployment (`IDEASHELF_OIDC_PROVIDERS`), each discovered on first use.
pub struct Providers {
    list: Vec<ProviderConfig>,
    /// This site's base URL: callbacks are `<base>/auth/oidc/{id}/callback`.
    base: String,
    http: openidconnect::reqwest::Client,
    cache: Mutex<HashMap<String, (Instant, Arc<Client>)>>,
}

/// The start of a sign-in: where to send the browser, and what to keep for the callback.
pub struct Authorization {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// What a checked ID token says (only what ideashelf uses).
#[derive(Debug, Clone)]
pub struct Claims {
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub preferred_username: Option<String>,
    pub name: Option<String>,
    /// The value of the provider's `role_claim`, when it has one.
    pub role: Option<serde_json::Value>,
}

fn unavailable(provider: &ProviderConfig, what: &str, e: impl std::fmt::Display) -> AppError {
    tracing::warn!(provider = %provider.id, error = %e, "{what}");
    AppError::unavailable(ErrorCode::OidcProviderUnavailable, "The sign-in provider does not answer; try again later.")
}

fn token_invalid(provider: &ProviderConfig, e: impl std::fmt::Display) -> AppError {
    tracing::info!(provider = %provider.id, reason = %e, "ID token refused");
    AppError::unauthenticated(ErrorCode::OidcIdTokenInvalid, "The provider's answer did not pass the checks.")
}

impl Providers {
    /// Reads the providers file named by the configuration (none: no providers).
    pub fn load(path: Option<&std::path::Path>, base: &str) -> anyhow::Result<Providers> {
        let list = match path {
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .map_err(|e| anyhow::anyhow!("IDEASHELF_OIDC_PROVIDERS {}: {e}", p.display()))?;
                rules::parse_config(&text)
                    .map_err(|e| anyhow::anyhow!("IDEASHELF_OIDC_PROVIDERS {}: {e}", p.display()))?
            }
            None => Vec::new(),
        };
        let http = openidconnect::reqwest::ClientBuilder::new()
            // The library's advice: no redirects (an SSRF guard for the token endpoint).
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()?;
        Ok(Providers { list, base: base.trim_end_matches('/').to_string(), http, cache: Mutex::new(HashMap::new()) })
    }

    pub fn list(&self) -> &[ProviderConfig] {
        &self.list
    }

    pub fn get(&self, id: &str) -> AppResult<&ProviderConfig> {
        self.list.iter().find(|p| p.id == id).ok_or_else(|| AppError::not_found("Sign-in provider"))
    }

    /// The redirect URI to register at the provider.
    pub fn callback_url(&self, id: &str) -> String {
        format!("{}/auth/oidc/{id}/callback", self.base)
    }

    fn cached(&self, id: &str) -> Option<(Instant, Arc<Client>)> {
        let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.get(id).cloned()
    }

    async fn client(&self, p: &ProviderConfig, refresh: bool) -> AppResult<Arc<Client>> {
        if let Some((at, client)) = self.cached(&p.id) {
            let max_age = if refresh { REDISCOVER_AFTER } else { DISCOVERY_TTL };
            if at.elapsed() < max_age {
                return Ok(client);
            }
        }
        let issuer = IssuerUrl::new(p.issuer.clone()).map_err(|e| unavailable(p, "issuer URL", e))?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| unavailable(p, "OpenID discovery failed", e))?;
        let redirect =
            RedirectUrl::new(self.callback_url(&p.id)).map_err(|e| AppError::internal(format!("callback URL: {e}")))?;
        let client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(p.client_id.clone()),
            Some(ClientSecret::new(p.client_secret.clone())),
        )
        .set_redirect_uri(redirect);
        let client = Arc::new(client);
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.insert(p.id.clone(), (Instant::now(), client.clone()));
        Ok(client)
    }

    /// The authorization request (code flow, PKCE S256, scopes openid email profile).
    pub async fn authorize(&self, p: &ProviderConfig) -> AppResult<Authorization> {
        let client = self.client(p, false).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("profile".into()))
            .set_pkce_challenge(challenge)
            .url();
        Ok(Authorization {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Exchanges the code and checks the ID token: signature by a key of the provider's JWKS, issuer, audience,
    /// expiry (with `CLOCK_SKEW_SECS` of tolerance) and the nonce of this browser's sign-in.
    pub async fn exchange(
        &self,
        p: &ProviderConfig,
        code: String,
        pkce_verifier: String,
        nonce: &str,
    ) -> AppResult<Claims> {
        let client = self.client(p, false).await?;
        let request =
            client.exchange_code(AuthorizationCode::new(code)).map_err(|e| unavailable(p, "token endpoint", e))?;
        let response = request.set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier)).request_async(&self.http).await;
        let response = match response {
            Ok(r) => r,
            Err(RequestTokenError::Request(e)) => return Err(unavailable(p, "token request failed", e)),
            Err(e) => {
                tracing::info!(provider = %p.id, error = %e, "code exchange refused");
                return Err(AppError::unprocessable(
                    ErrorCode::OidcSignInFailed,
                    "The provider refused to complete the sign-in.",
                ));
            }
        };
        let id_token = response.id_token().ok_or_else(|| token_invalid(p, "no ID token in the answer"))?;
        let nonce = Nonce::new(nonce.to_string());
        let skew = chrono::Duration::seconds(rules::CLOCK_SKEW_SECS);
        let check = |client: &Client| {
            let verifier = client.id_token_verifier().set_time_fn(move || chrono::Utc::now() - skew);
            id_token.claims(&verifier, &nonce).cloned()
        };
        let claims = match check(&client) {
            // A key the cached JWKS does not know: the provider may have rotated its keys; read them again once.
            Err(ClaimsVerificationError::SignatureVerification(_)) => {
                let fresh = self.client(p, true).await?;
                check(&fresh).map_err(|e| token_invalid(p, e))?
            }
            other => other.map_err(|e| token_invalid(p, e))?,
        };
        let role = match p.role_claim.as_deref() {
            // The token passed every check above; its payload is read once more for the one claim the typed
            // claims do not carry.
            Some(name) => payload(&id_token.to_string()).and_then(|mut v| v.get_mut(name).map(serde_json::Value::take)),
            None => None,
        };
        Ok(Claims {
            subject: claims.subject().as_str().to_string(),
            email: claims.email().map(|e| e.as_str().trim().to_string()).filter(|e| !e.is_empty()),
            email_verified: claims.email_verified().unwrap_or(false),
            preferred_username: claims.preferred_username().map(|u| u.as_str().to_string()),
            name: claims.name().and_then(|n| n.get(None)).map(|n| n.as_str().to_string()),
            role,
        })
    }
}

/// The JSON payload of a compact JWS.
fn payload(jwt: &str) -> Option<serde_json::Value> {
    let part = jwt.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}

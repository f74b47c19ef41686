//! Single sign-on with OpenID Connect (docs/ACCOUNTS.md, "Single sign-on"): the providers from
//! `IDEASHELF_OIDC_PROVIDERS`, the authorization code flow with PKCE, `state` and `nonce` bound to the browser
//! (a row in `oidc_logins` keyed by a random id in a cookie, one use, ten minutes), linked identities
//! (`oidc_identities`), and SSO-only deployments (`IDEASHELF_PASSWORD_SIGNIN=false`).
//!
//! `rules.rs` (pure: configuration, handle proposal, allowed domains, role claim, the linking decision),
//! `client.rs` (discovery and token checks, openidconnect), `store.rs`, `service.rs`, `api.rs`; the pages are in
//! `pages/sso.rs`.

pub mod api;
pub mod client;
pub mod rules;
pub mod service;
pub mod store;

pub use client::Providers;

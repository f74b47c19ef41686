//! Pure rules of single sign-on (docs/ACCOUNTS.md, "Single sign-on"): the providers' configuration file, the
//! handle proposed from the claims, the allowed domains, the role claim, and what a checked sign-in leads to.

use serde::Deserialize;

use crate::accounts::rules::{HANDLE_MAX, HANDLE_MIN};
use crate::accounts::Role;

/// How long a sign-in may take, from the button to the provider's answer, and from there to the member's
/// finishing form (a first sign-in's handle, or the password that links an account).
pub const FLOW_MINUTES: i64 = 10;

/// Clock difference tolerated between the provider and this instance when checking an ID token's expiry.
pub const CLOCK_SKEW_SECS: i64 = 60;

/// One provider from `IDEASHELF_OIDC_PROVIDERS`.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderConfig {
    /// Goes into the callback path `/auth/oidc/{id}/callback`: lower-case letters, digits and `-`.
    pub id: String,
    /// Shown on the button ("Sign in with …").
    pub name: String,
    /// The issuer URL; discovery reads `<issuer>/.well-known/openid-configuration`.
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// When given, only addresses in these domains sign in (exact domain, case ignored).
    #[serde(default)]
    pub allowed_domains: Vec<String>,
    /// When given, the ID token's claim of this name sets the member's role on each sign-in.
    #[serde(default)]
    pub role_claim: Option<String>,
}

impl std::fmt::Debug for ProviderConfig {
    /// Never prints the client secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderConfig")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("allowed_domains", &self.allowed_domains)
            .field("role_claim", &self.role_claim)
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    providers: Vec<ProviderConfig>,
}

fn valid_id(id: &str) -> bool {
    (1..=40).contains(&id.len())
        && id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Parses and checks the providers file; the error names the provider and the field.
pub fn parse_config(json: &str) -> Result<Vec<ProviderConfig>, String> {
    let file: ConfigFile = serde_json::from_str(json).map_err(|e| format!("not a providers file: {e}"))?;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(file.providers.len());
    for (i, mut p) in file.providers.into_iter().enumerate() {
        let at = format!("providers[{i}]");
        if !valid_id(&p.id) {
            return Err(format!("{at}.id: 1 to 40 lower-case letters, digits and '-'"));
        }
        if !seen.insert(p.id.clone()) {
            return Err(format!("{at}.id: `{}` appears twice", p.id));
        }
        p.name = p.name.trim().to_string();
        if p.name.is_empty() || p.name.chars().count() > 60 {
            return Err(format!("{at}.name: 1 to 60 characters"));
        }
        match url::Url::parse(&p.issuer) {
            Ok(u) if u.scheme() == "https" => {}
            Ok(u) if u.scheme() == "http" && is_loopback(&u) => {}
            _ => return Err(format!("{at}.issuer: an https URL (http only on loopback, for tests)")),
        }
        if p.client_id.trim().is_empty() {
            return Err(format!("{at}.client_id: required"));
        }
        if p.client_secret.is_empty() {
            return Err(format!("{at}.client_secret: required (client_secret_basic)"));
        }
        let mut domains = Vec::with_capacity(p.allowed_domains.len());
        for d in &p.allowed_domains {
            let d = d.trim().trim_start_matches('@').to_lowercase();
            if d.is_empty() || d.contains('@') || d.contains(char::is_whitespace) {
                return Err(format!("{at}.allowed_domains: `{d}` is not a domain"));
            }
            domains.push(d);
        }
        p.allowed_domains = domains;
        if p.role_claim.as_deref().is_some_and(|c| c.trim().is_empty()) {
            return Err(format!("{at}.role_claim: empty"));
        }
        out.push(p);
    }
    Ok(out)
}

fn is_loopback(u: &url::Url) -> bool {
    match u.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// A handle proposed from the claims (the member may change it): the preferred user name, else the email's
/// local part, else the name; reduced to what a handle may hold.
pub fn propose_handle(preferred_username: Option<&str>, email: Option<&str>, name: Option<&str>) -> String {
    let local = |s: &str| s.split('@').next().unwrap_or("").to_string();
    let candidates = [preferred_username.map(local), email.map(local), name.map(String::from)];
    for c in candidates.into_iter().flatten() {
        let h = handle_from(&c);
        if h.chars().count() >= HANDLE_MIN {
            return h;
        }
    }
    "member".into()
}

fn handle_from(raw: &str) -> String {
    let mut out = String::new();
    for ch in raw.chars() {
        let mapped = match ch {
            c if c.is_ascii_alphanumeric() || c == '_' || c == '-' => Some(c),
            c if c.is_whitespace() || c == '.' || c == '+' => Some('_'),
            'ä' | 'Ä' => Some('a'),
            'ö' | 'Ö' => Some('o'),
            'ü' | 'Ü' => Some('u'),
            'ß' => Some('s'),
            'é' | 'è' | 'ê' | 'É' => Some('e'),
            _ => None,
        };
        if let Some(c) = mapped {
            if c == '_' && (out.is_empty() || out.ends_with('_')) {
                continue;
            }
            out.push(c);
        }
    }
    let trimmed: String = out.trim_start_matches(['_', '-']).chars().take(HANDLE_MAX).collect();
    trimmed.trim_end_matches('_').to_string()
}

/// The proposal with a number, still within the handle's length (`anna` → `anna2`).
pub fn with_number(handle: &str, n: u32) -> String {
    let suffix = n.to_string();
    let keep = HANDLE_MAX.saturating_sub(suffix.len());
    format!("{}{suffix}", handle.chars().take(keep).collect::<String>())
}

/// Whether the provider lets this address sign in: every address when it names no domains, else only an
/// address in one of them (the exact domain).
pub fn domain_allowed(allowed: &[String], email: Option<&str>) -> bool {
    if allowed.is_empty() {
        return true;
    }
    let Some(domain) = email.and_then(|e| e.trim().rsplit_once('@')).map(|(_, d)| d.to_lowercase()) else {
        return false;
    };
    allowed.contains(&domain)
}

/// The house role a role claim names: a string, or a list of strings (the highest role in it wins: admin,
/// product_team, moderator); anything else, or no claim, is a member.
pub fn role_from_claim(value: Option<&serde_json::Value>) -> Role {
    let rank = |r: Role| match r {
        Role::Member => 0,
        Role::Moderator => 1,
        Role::ProductTeam => 2,
        Role::Admin => 3,
    };
    let names: Vec<&str> = match value {
        Some(serde_json::Value::String(s)) => vec![s.as_str()],
        Some(serde_json::Value::Array(items)) => items.iter().filter_map(serde_json::Value::as_str).collect(),
        _ => Vec::new(),
    };
    names.into_iter().filter_map(|n| Role::parse(n.trim())).max_by_key(|r| rank(*r)).unwrap_or(Role::Member)
}

/// What is known once the provider's ID token is checked.
#[derive(Debug, Clone, Copy)]
pub struct Seen<'a> {
    /// The member this (provider, subject) is linked to.
    pub identity_owner: Option<&'a str>,
    /// The signed-in member who started the sign-in from their settings, to link.
    pub linking_member: Option<&'a str>,
    pub email: Option<&'a str>,
    pub email_verified: bool,
    /// The member whose address equals the claimed email (case ignored).
    pub account_with_email: Option<&'a str>,
    /// Whether that member has a password to prove the account is theirs.
    pub account_has_password: bool,
    pub domain_allowed: bool,
}

/// Where a checked sign-in leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The identity is this member's: signed in.
    SignIn(String),
    /// A signed-in member links the identity to their account.
    Link(String),
    /// A verified address equal to this member's: they sign in with their password once to link.
    AskPassword(String),
    /// Nobody has this identity or address: a new member (the handle is theirs to choose).
    Register,
    Refuse(Refusal),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    DomainNotAllowed,
    /// The identity is linked to another member.
    IdentityTaken,
    /// No email in the claims: no account can be made or found.
    EmailMissing,
    /// The address equals a member's, but the provider does not vouch for it: never linked.
    EmailUnverified,
    /// The address equals a member's who has no password: they link from their settings.
    LinkFromSettings,
}

/// Decides a checked sign-in. An unverified or differing address never reaches an existing account; a verified
/// one equal to a member's asks for that member's password first (no account takeover by a claim).
pub fn decide(s: &Seen<'_>) -> Outcome {
    if !s.domain_allowed {
        return Outcome::Refuse(Refusal::DomainNotAllowed);
    }
    match (s.identity_owner, s.linking_member) {
        (Some(owner), Some(me)) if owner == me => Outcome::SignIn(owner.to_string()),
        (Some(_), Some(_)) => Outcome::Refuse(Refusal::IdentityTaken),
        (Some(owner), None) => Outcome::SignIn(owner.to_string()),
        (None, Some(me)) => Outcome::Link(me.to_string()),
        (None, None) => match (s.email, s.account_with_email) {
            (None, _) => Outcome::Refuse(Refusal::EmailMissing),
            (Some(_), None) => Outcome::Register,
            (Some(_), Some(_)) if !s.email_verified => Outcome::Refuse(Refusal::EmailUnverified),
            (Some(_), Some(_)) if !s.account_has_password => Outcome::Refuse(Refusal::LinkFromSettings),
            (Some(_), Some(member)) => Outcome::AskPassword(member.to_string()),
        },
    }
}

/// Whether a member may unlink a provider: a way to sign in must remain (a password that may be used, or an
/// identity at another provider). `remaining`: the identities left after unlinking.
pub fn may_unlink(password_usable: bool, remaining: usize) -> bool {
    password_usable || remaining > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"providers": [{"id": "entra", "name": "Contoso", "issuer": "https://login.example/v2.0",
        "client_id": "abc", "client_secret": "s3cret", "allowed_domains": ["Contoso.example", "@corp.example"],
        "role_claim": "roles"}]}"#;

    #[test]
    fn config_parses_and_normalises() {
        let p = parse_config(GOOD).unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].allowed_domains, vec!["contoso.example", "corp.example"]);
        assert_eq!(p[0].role_claim.as_deref(), Some("roles"));
        assert!(!format!("{:?}", p[0]).contains("s3cret"), "the secret never goes into a log");
        let http_local = GOOD.replace("https://login.example/v2.0", "http://127.0.0.1:9000/t");
        assert!(parse_config(&http_local).is_ok());
    }

    #[test]
    fn config_refusals_name_the_field() {
        let cases = [
            (GOOD.replace("\"entra\"", "\"Entra ID\""), "providers[0].id"),
            (GOOD.replace("https://login.example/v2.0", "http://login.example"), "providers[0].issuer"),
            (GOOD.replace("\"s3cret\"", "\"\""), "providers[0].client_secret"),
            (GOOD.replace("\"Contoso\"", "\"  \""), "providers[0].name"),
            (GOOD.replace("\"roles\"", "\" \""), "providers[0].role_claim"),
            (GOOD.replace("\"client_id\"", "\"clientid\""), "not a providers file"),
        ];
        for (json, expected) in cases {
            let err = parse_config(&json).unwrap_err();
            assert!(err.contains(expected), "{err} should name {expected}");
        }
        let twice = r#"{"providers": [
            {"id": "a", "name": "A", "issuer": "https://a.example", "client_id": "x", "client_secret": "y"},
            {"id": "a", "name": "B", "issuer": "https://b.example", "client_id": "x", "client_secret": "y"}]}"#;
        assert!(parse_config(twice).unwrap_err().contains("twice"));
    }

    #[test]
    fn handles_from_claims() {
        assert_eq!(propose_handle(Some("anna.meier"), None, None), "anna_meier");
        assert_eq!(propose_handle(Some("anna@contoso.example"), None, None), "anna");
        assert_eq!(propose_handle(None, Some("Jürgen.Groß+sso@x.example"), None), "Jurgen_Gros_sso");
        assert_eq!(propose_handle(Some("x"), Some("li@x.example"), Some("Li Wei")), "Li_Wei");
        assert_eq!(propose_handle(None, None, Some("张伟")), "member");
        assert_eq!(propose_handle(Some("__-bob"), None, None), "bob");
        let long = propose_handle(Some(&"a".repeat(50)), None, None);
        assert_eq!(long.len(), HANDLE_MAX);
        assert_eq!(with_number(&long, 12).len(), HANDLE_MAX);
        assert!(with_number(&long, 12).ends_with("12"));
        assert_eq!(with_number("anna", 2), "anna2");
        for h in ["anna_meier", "Jurgen_Gros_sso", "Li_Wei", "member", "bob"] {
            let mut v = crate::error::Violations::new();
            crate::accounts::rules::check_handle(&mut v, "handle", h);
            assert!(v.is_empty(), "{h} is a valid handle");
        }
    }

    #[test]
    fn domains() {
        let allowed = vec!["contoso.example".to_string()];
        assert!(domain_allowed(&[], None));
        assert!(domain_allowed(&allowed, Some("anna@Contoso.Example")));
        assert!(!domain_allowed(&allowed, Some("anna@evil.example")));
        assert!(!domain_allowed(&allowed, Some("anna@sub.contoso.example")));
        assert!(!domain_allowed(&allowed, Some("contoso.example")));
        assert!(!domain_allowed(&allowed, None));
    }

    #[test]
    fn roles_from_claims() {
        use serde_json::json;
        assert_eq!(role_from_claim(None), Role::Member);
        assert_eq!(role_from_claim(Some(&json!("moderator"))), Role::Moderator);
        assert_eq!(role_from_claim(Some(&json!(["moderator", "admin", "x"]))), Role::Admin);
        assert_eq!(role_from_claim(Some(&json!(["product_team", "moderator"]))), Role::ProductTeam);
        assert_eq!(role_from_claim(Some(&json!("superuser"))), Role::Member);
        assert_eq!(role_from_claim(Some(&json!(3))), Role::Member);
    }

    fn seen() -> Seen<'static> {
        Seen {
            identity_owner: None,
            linking_member: None,
            email: Some("anna@contoso.example"),
            email_verified: true,
            account_with_email: None,
            account_has_password: true,
            domain_allowed: true,
        }
    }

    #[test]
    fn decisions() {
        assert_eq!(decide(&seen()), Outcome::Register);
        assert_eq!(decide(&Seen { identity_owner: Some("u1"), ..seen() }), Outcome::SignIn("u1".into()));
        // A linked identity signs its member in whatever address the provider says today.
        let moved =
            Seen { identity_owner: Some("u1"), email_verified: false, account_with_email: Some("u2"), ..seen() };
        assert_eq!(decide(&moved), Outcome::SignIn("u1".into()));
        assert_eq!(decide(&Seen { account_with_email: Some("u2"), ..seen() }), Outcome::AskPassword("u2".into()));
        let unverified = Seen { account_with_email: Some("u2"), email_verified: false, ..seen() };
        assert_eq!(decide(&unverified), Outcome::Refuse(Refusal::EmailUnverified));
        let no_pw = Seen { account_with_email: Some("u2"), account_has_password: false, ..seen() };
        assert_eq!(decide(&no_pw), Outcome::Refuse(Refusal::LinkFromSettings));
        assert_eq!(decide(&Seen { email: None, ..seen() }), Outcome::Refuse(Refusal::EmailMissing));
        assert_eq!(decide(&Seen { linking_member: Some("u3"), ..seen() }), Outcome::Link("u3".into()));
        // Linking from settings does not care whose address the provider names: the member proved both.
        let other = Seen { linking_member: Some("u3"), account_with_email: Some("u2"), ..seen() };
        assert_eq!(decide(&other), Outcome::Link("u3".into()));
        let taken = Seen { identity_owner: Some("u1"), linking_member: Some("u3"), ..seen() };
        assert_eq!(decide(&taken), Outcome::Refuse(Refusal::IdentityTaken));
        let own = Seen { identity_owner: Some("u3"), linking_member: Some("u3"), ..seen() };
        assert_eq!(decide(&own), Outcome::SignIn("u3".into()));
        let outside = Seen { identity_owner: Some("u1"), domain_allowed: false, ..seen() };
        assert_eq!(decide(&outside), Outcome::Refuse(Refusal::DomainNotAllowed));
    }

    #[test]
    fn unlinking_keeps_a_way_in() {
        assert!(may_unlink(true, 0));
        assert!(may_unlink(false, 1));
        assert!(!may_unlink(false, 0));
    }
}

//! Where a delivery goes: the target's host resolved by us, every address checked against the SSRF rules
//! (rules::refused_address), so the connection can be pinned to an address that was checked.

use std::net::SocketAddr;

use url::{Host, Url};

use super::rules;

#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The name does not resolve.
    Unresolvable,
    /// An address it resolves to is loopback, private, link-local or otherwise not public.
    Private(SocketAddr),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Unresolvable => f.write_str("the target's host does not resolve"),
            Refusal::Private(a) => write!(f, "the target resolves to {} which is not a public address", a.ip()),
        }
    }
}

/// The addresses to connect to for `url`; refused when any of them is not public (unless `allow_private`).
pub async fn resolve(url: &Url, allow_private: bool) -> Result<Vec<SocketAddr>, Refusal> {
    let port = url.port_or_known_default().unwrap_or(443);
    let addrs: Vec<SocketAddr> = match url.host() {
        Some(Host::Ipv4(ip)) => vec![SocketAddr::new(ip.into(), port)],
        Some(Host::Ipv6(ip)) => vec![SocketAddr::new(ip.into(), port)],
        Some(Host::Domain(name)) => match tokio::net::lookup_host((name, port)).await {
            Ok(it) => it.collect(),
            Err(_) => return Err(Refusal::Unresolvable),
        },
        None => return Err(Refusal::Unresolvable),
    };
    if addrs.is_empty() {
        return Err(Refusal::Unresolvable);
    }
    if !allow_private {
        if let Some(a) = addrs.iter().find(|a| rules::refused_address(a.ip())) {
            return Err(Refusal::Private(*a));
        }
    }
    Ok(addrs)
}

//! Who a request comes from, as far as the network says: the client's address
//! (the peer, or behind a trusted proxy the address it appended last to
//! X-Forwarded-For) and the pages' device cookie, turned into a keyed-hash
//! `ClientMark` for trust and safety (docs/TRUST.md). Nothing in clear is kept.

use std::future::{ready, Ready};
use std::net::{IpAddr, SocketAddr};

use actix_web::dev::Payload;
use actix_web::http::header::HeaderMap;
use actix_web::{web, FromRequest, HttpRequest};

use super::AppState;
use crate::trust::rules::ClientMark;

/// The long-lived random cookie the pages set to tell a browser again (its value is kept only hashed).
pub const DEVICE_COOKIE: &str = "ideashelf_device";

/// The client's address: the peer, or behind a trusted proxy the address that
/// proxy appended last to X-Forwarded-For (earlier entries are the client's own claims).
pub fn address(headers: &HeaderMap, peer: Option<SocketAddr>, trust_proxy: bool) -> Option<IpAddr> {
    if trust_proxy {
        let forwarded = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|ip| ip.trim().parse().ok());
        if forwarded.is_some() {
            return forwarded;
        }
    }
    peer.map(|a| a.ip())
}

/// The request's mark: hashes of its address, network and device cookie (none without an address).
pub fn mark(req: &HttpRequest) -> Option<ClientMark> {
    let state = req.app_data::<web::Data<AppState>>()?;
    let ip = address(req.headers(), req.peer_addr(), state.config.trust_proxy)?;
    let device = req.cookie(DEVICE_COOKIE).map(|c| c.value().to_string());
    Some(state.mark_key.mark(ip, device.as_deref()))
}

/// Extractor: the request's `ClientMark`, if the network gave an address.
pub struct Client(pub Option<ClientMark>);

impl FromRequest for Client {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Client(mark(req))))
    }
}

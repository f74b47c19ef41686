//! The outermost middleware: the request's id, the latency histogram, the access log.
//!
//! Kept cheap on purpose (it runs on every request): the id is a fixed-size value on the stack, the route label
//! is the matched route's *pattern* (`/api/v1/ideas/{id}/support`, looked up through the path actix already
//! recorded while routing; every unmatched path shares one label), and the access line is built only when its
//! level is enabled. No query string, no client address is logged.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;

use crate::http::AppState;
use crate::metrics::rules::{self, Level};

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// A request's id: the client's or load balancer's `X-Request-Id` when it is sane
/// (`rules::acceptable_request_id`), else a fresh UUIDv7. Copy, no allocation.
#[derive(Clone, Copy)]
pub struct RequestId {
    buf: [u8; rules::MAX_REQUEST_ID],
    len: u8,
}

impl RequestId {
    fn from_header(value: Option<&HeaderValue>) -> RequestId {
        match value.map(HeaderValue::as_bytes).filter(|v| rules::acceptable_request_id(v)) {
            Some(sent) => {
                let mut buf = [0; rules::MAX_REQUEST_ID];
                buf[..sent.len()].copy_from_slice(sent);
                RequestId { buf, len: sent.len() as u8 }
            }
            None => {
                let mut buf = [0; rules::MAX_REQUEST_ID];
                let len = uuid::Uuid::now_v7().hyphenated().encode_lower(&mut buf).len();
                RequestId { buf, len: len as u8 }
            }
        }
    }

    pub fn as_str(&self) -> &str {
        // Only visible ASCII is ever stored (checked, or a UUID's hex and hyphens).
        std::str::from_utf8(&self.buf[..usize::from(self.len)]).unwrap_or("")
    }
}

impl std::fmt::Display for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

tokio::task_local! {
    static CURRENT: RequestId;
}

/// The id of the request being answered on this task, for the problem body (`error/`).
pub fn current_request_id() -> Option<String> {
    CURRENT.try_with(|id| id.as_str().to_string()).ok()
}

pub async fn observe<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<B>, actix_web::Error> {
    let started = Instant::now();
    let id = RequestId::from_header(req.headers().get(&REQUEST_ID));
    let state = req.app_data::<web::Data<AppState>>().cloned();
    // The inner middlewares answer their refusals as responses (`req.error_response`), inside this scope, so
    // every problem body carries the id; an `Err` here would be answered by actix outside it.
    let mut res = CURRENT.scope(id, next.call(req)).await?;
    if let Ok(v) = HeaderValue::from_bytes(id.as_str().as_bytes()) {
        res.headers_mut().insert(REQUEST_ID, v);
    }
    let Some(state) = state else { return Ok(res) };
    let elapsed = started.elapsed();
    let status = res.status();
    let pattern = res.request().match_pattern();
    let route = pattern.as_deref().unwrap_or(rules::UNMATCHED_ROUTE);
    let method = res.request().method().as_str();
    state.metrics.request(method, route, status.as_str()).observe(elapsed.as_secs_f64());
    let duration_ms = elapsed.as_secs_f64() * 1000.0;
    let status = status.as_u16();
    let request_id = id.as_str();
    match state.config.access_log.level(status) {
        Some(Level::Warn) => {
            tracing::warn!(target: "ideashelf::access", request_id, method, route, status, duration_ms, "request")
        }
        Some(Level::Info) => {
            tracing::info!(target: "ideashelf::access", request_id, method, route, status, duration_ms, "request")
        }
        Some(Level::Debug) => {
            tracing::debug!(target: "ideashelf::access", request_id, method, route, status, duration_ms, "request")
        }
        None => {}
    }
    Ok(res)
}

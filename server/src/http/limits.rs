//! The limits in front of the handlers:
//! - signing in and registering: a keyed GCRA limiter (the governor crate) per
//!   client IP, in memory per instance, against password guessing;
//! - writing (ideas, comments, supports, reports, tips, reviews, uploads,
//!   registrations): per member and per client address, counted in the
//!   database so that every instance enforces the same limit
//!   (`limits::service::take`; docs/TRUST.md).

use std::net::IpAddr;
use std::num::NonZeroU32;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::auth::{actor_for_token, bearer, SESSION_COOKIE};
use super::AppState;
use crate::config::Config;
use crate::error::AppError;
use crate::limits::rules::{self as limit_rules, Action, Limits};
use crate::limits::service::{self as limit_service, Writer};

/// The requests that try a password or create an account.
const LIMITED: [&str; 4] = ["/api/v1/auth/login", "/api/v1/auth/register", "/login", "/register"];

/// The client's address: the peer, or behind a trusted proxy the address that
/// proxy appended last to X-Forwarded-For (earlier entries are the client's
/// own claims).
pub fn client_ip(req: &actix_web::HttpRequest, trust_proxy: bool) -> Option<IpAddr> {
    super::client::address(req.headers(), req.peer_addr(), trust_proxy)
}

pub struct AuthLimiter {
    limiter: Option<DefaultKeyedRateLimiter<IpAddr>>,
    trust_proxy: bool,
}

impl AuthLimiter {
    pub fn new(config: &Config) -> AuthLimiter {
        let limiter = NonZeroU32::new(config.auth_rate_per_minute).map(|n| RateLimiter::keyed(Quota::per_minute(n)));
        AuthLimiter { limiter, trust_proxy: config.trust_proxy }
    }

    /// Whether this request may go on: `Err(seconds)` to wait when it may not.
    pub fn allows(&self, req: &ServiceRequest) -> Result<(), u64> {
        let Some(limiter) = &self.limiter else { return Ok(()) };
        if req.method() != Method::POST || !LIMITED.contains(&req.path()) {
            return Ok(());
        }
        match client_ip(req.request(), self.trust_proxy) {
            Some(ip) => limiter.check_key(&ip).map_err(|not_until| {
                let wait =
                    not_until.wait_time_from(governor::clock::Clock::now(&governor::clock::DefaultClock::default()));
                wait.as_secs() + 1
            }),
            None => Ok(()),
        }
    }
}

/// The write limits in force (`--write-limits`, `--write-limit`), and whether
/// registrations count (under the sign-in limit's switch).
pub struct WriteLimiter {
    limits: Option<Limits>,
    registrations: bool,
    trust_proxy: bool,
}

impl WriteLimiter {
    pub fn new(config: &Config) -> anyhow::Result<WriteLimiter> {
        let limits = Limits::new(&config.write_limit, config.write_limit_address_factor)
            .map_err(|e| anyhow::anyhow!("--write-limit: {e}"))?;
        let registrations = config.auth_rate_per_minute != 0;
        let limits = (config.write_limits || registrations).then_some(limits);
        Ok(WriteLimiter { limits, registrations, trust_proxy: config.trust_proxy })
    }

    /// The kind of write this request is, if it is one that counts now.
    fn action(&self, req: &ServiceRequest, write_limits: bool) -> Option<Action> {
        self.limits.as_ref()?;
        let action = limit_rules::action_for(req.method().as_str(), req.path())?;
        let on = if action == Action::Register { self.registrations } else { write_limits };
        on.then_some(action)
    }
}

/// Middleware: answers 429 when the client signs in or registers too often, or
/// has made as many writes of a kind as its window allows — as a problem
/// document on the API and as the error page (saying when to try again) on the
/// site. A counted write whose request fails is given back.
pub async fn limit<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    let allowed = req.app_data::<web::Data<AuthLimiter>>().map(|l| l.allows(&req)).unwrap_or(Ok(()));
    if let Err(retry_after) = allowed {
        return refuse(req, AppError::TooManyRequests { retry_after }).await;
    }
    let (Some(writes), Some(state)) =
        (req.app_data::<web::Data<WriteLimiter>>().cloned(), req.app_data::<web::Data<AppState>>().cloned())
    else {
        return next.call(req).await.map(ServiceResponse::map_into_left_body);
    };
    let Some(action) = writes.action(&req, state.config.write_limits) else {
        return next.call(req).await.map(ServiceResponse::map_into_left_body);
    };
    let member = if action.per_member() {
        // The API's bearer token, or the pages' session cookie; a write without a member is refused by
        // its handler and counts for no one.
        let token =
            bearer(req.request()).or_else(|| req.request().cookie(SESSION_COOKIE).map(|c| c.value().to_string()));
        match actor_for_token(&state, token).await {
            Ok(Some(actor)) => Some(actor.id),
            _ => return next.call(req).await.map(ServiceResponse::map_into_left_body),
        }
    } else {
        None
    };
    let address =
        client_ip(req.request(), writes.trust_proxy).and_then(|ip| limit_service::address_key(&state.client_key, &ip));
    let writer = Writer { member, address };
    let Some(limits) = writes.limits.as_ref() else {
        return next.call(req).await.map(ServiceResponse::map_into_left_body);
    };
    let taken = match limit_service::take(&state.db, limits, action, &writer).await {
        Ok(taken) => taken,
        Err(e) => return refuse(req, e).await,
    };
    let res = next.call(req).await;
    let wrote = matches!(&res, Ok(r) if r.status().is_success() || r.status().is_redirection());
    if !wrote {
        limit_service::give_back(&state.db, taken).await;
    }
    res.map(ServiceResponse::map_into_left_body)
}

async fn refuse<B: MessageBody + 'static>(
    mut req: ServiceRequest,
    err: AppError,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    if req.path().starts_with("/api/") {
        return Ok(req.error_response(err).map_into_right_body());
    }
    let ctx = req.extract::<crate::pages::session::PageCtx>().await?;
    let page = ctx.finish(Err(err));
    Ok(req.into_response(page).map_into_right_body())
}

#[cfg(test)]
mod tests {
    use crate::limits::rules::counted;

    /// The write limits' list names only writes that are served: the API's in the OpenAPI document with the
    /// same method, the pages' in the pages' route list.
    #[test]
    fn every_counted_write_is_a_served_route() {
        let doc = crate::http::routes::document();
        let pages = include_str!("../pages/mod.rs");
        for (method, template, action) in counted() {
            if template.starts_with("/api/") {
                let item = doc.paths.paths.get(template).unwrap_or_else(|| panic!("{template} is not served"));
                let op = match method {
                    "POST" => &item.post,
                    "PUT" => &item.put,
                    _ => panic!("{method}"),
                };
                let op = op.as_ref().unwrap_or_else(|| panic!("{method} {template} is not served"));
                assert!(op.responses.responses.contains_key("429"), "{method} {template} documents its 429");
            } else {
                let route = format!(".route(\"{template}\", web::{}()", method.to_lowercase());
                assert!(pages.contains(&route), "{method} {template} ({action:?}) is not a page route");
            }
        }
    }
}

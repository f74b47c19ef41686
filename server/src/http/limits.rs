//! Rate limits on signing in and registering: a keyed GCRA limiter (the
//! governor crate) per client IP, in memory per instance. Everything else is
//! unlimited here (put a proxy in front for that).

use std::net::IpAddr;
use std::num::NonZeroU32;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::Config;
use crate::error::AppError;

/// The requests that try a password or create an account.
const LIMITED: [&str; 4] = ["/api/v1/auth/login", "/api/v1/auth/register", "/login", "/register"];

pub struct AuthLimiter {
    limiter: Option<DefaultKeyedRateLimiter<IpAddr>>,
    trust_proxy: bool,
}

impl AuthLimiter {
    pub fn new(config: &Config) -> AuthLimiter {
        let limiter = NonZeroU32::new(config.auth_rate_per_minute).map(|n| RateLimiter::keyed(Quota::per_minute(n)));
        AuthLimiter { limiter, trust_proxy: config.trust_proxy }
    }

    fn client(&self, req: &ServiceRequest) -> Option<IpAddr> {
        super::client::address(req.headers(), req.peer_addr(), self.trust_proxy)
    }

    /// Whether this request may go on: `Err(seconds)` to wait when it may not.
    pub fn allows(&self, req: &ServiceRequest) -> Result<(), u64> {
        let Some(limiter) = &self.limiter else { return Ok(()) };
        if req.method() != Method::POST || !LIMITED.contains(&req.path()) {
            return Ok(());
        }
        match self.client(req) {
            Some(ip) => limiter.check_key(&ip).map_err(|not_until| {
                let wait =
                    not_until.wait_time_from(governor::clock::Clock::now(&governor::clock::DefaultClock::default()));
                wait.as_secs() + 1
            }),
            None => Ok(()),
        }
    }
}

/// Middleware: answers 429 when the client signs in or registers too often,
/// as a problem document on the API and as the error page on the site.
pub async fn limit<B: MessageBody + 'static>(
    mut req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    let allowed = req.app_data::<web::Data<AuthLimiter>>().map(|l| l.allows(&req)).unwrap_or(Ok(()));
    let Err(retry_after) = allowed else {
        return next.call(req).await.map(ServiceResponse::map_into_left_body);
    };
    if req.path().starts_with("/api/") {
        return Err(AppError::TooManyRequests { retry_after }.into());
    }
    let ctx = req.extract::<crate::pages::session::PageCtx>().await?;
    let page = ctx.finish(Err(AppError::TooManyRequests { retry_after }));
    Ok(req.into_response(page).map_into_right_body())
}

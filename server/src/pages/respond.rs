//! Turning a handler's outcome into a response: a page in the layout, a
//! redirect, or the page for a domain error.
//!
//! A page handler is `async fn(&PageCtx | &PostForm | &SignedForm<…>, other
//! extractors…) -> AppResult<HttpResponse>`, so it can use `?`; routes
//! register it wrapped, `web::get().to(page(handler))`, and [`page`] answers
//! its result with [`PageCtx::finish`]: its page, or the page for its error.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::{header, StatusCode};
use actix_web::{Handler, HttpResponse, HttpResponseBuilder, ResponseError};
use serde_json::{json, Map, Value};

use super::assets::ASSET_VERSION;
use super::extract::PageArgs;
use super::i18n::Lang;
use super::render::render;
use super::session::{encode, PageCtx};
use crate::error::{AppError, AppResult, ErrorCode};

/// A page handler, answered with [`PageCtx::finish`] (see [`page`]).
#[derive(Clone)]
pub struct PageHandler<F>(F);

/// Wraps a page handler for a route: its `AppResult<HttpResponse>` becomes the
/// response through [`PageCtx::finish`], with the cookies the request set.
pub fn page<F>(handler: F) -> PageHandler<F> {
    PageHandler(handler)
}

type Answering = Pin<Box<dyn Future<Output = HttpResponse>>>;

impl<F, C> Handler<(C,)> for PageHandler<F>
where
    F: AsyncFn(&C) -> AppResult<HttpResponse> + Clone + 'static,
    C: PageArgs,
{
    type Output = HttpResponse;
    type Future = Answering;

    fn call(&self, (first,): (C,)) -> Answering {
        let handler = self.0.clone();
        Box::pin(async move {
            let result = handler(&first).await;
            first.ctx().finish(result)
        })
    }
}

impl<F, C, A> Handler<(C, A)> for PageHandler<F>
where
    F: AsyncFn(&C, A) -> AppResult<HttpResponse> + Clone + 'static,
    C: PageArgs,
    A: 'static,
{
    type Output = HttpResponse;
    type Future = Answering;

    fn call(&self, (first, a): (C, A)) -> Answering {
        let handler = self.0.clone();
        Box::pin(async move {
            let result = handler(&first, a).await;
            first.ctx().finish(result)
        })
    }
}

impl<F, C, A, B> Handler<(C, A, B)> for PageHandler<F>
where
    F: AsyncFn(&C, A, B) -> AppResult<HttpResponse> + Clone + 'static,
    C: PageArgs,
    A: 'static,
    B: 'static,
{
    type Output = HttpResponse;
    type Future = Answering;

    fn call(&self, (first, a, b): (C, A, B)) -> Answering {
        let handler = self.0.clone();
        Box::pin(async move {
            let result = handler(&first, a, b).await;
            first.ctx().finish(result)
        })
    }
}

/// What pages may load: only this site's own files; nothing inline, no frames.
const CSP: &str = "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; \
                   object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

impl PageCtx {
    fn builder(&self, status: StatusCode) -> HttpResponseBuilder {
        let mut b = HttpResponse::build(status);
        for c in self.take_cookies() {
            b.cookie(c);
        }
        b
    }

    /// The data every page's layout uses, merged under the page's own.
    fn layout_data(&self, title: &str, data: Value) -> Value {
        let mut root = match data {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        let langs: Vec<Value> = Lang::ALL
            .iter()
            .map(|l| json!({"code": l.code(), "name": l.t("lang-name"), "current": *l == self.lang}))
            .collect();
        let flash =
            self.flash.as_deref().map(|key| json!({"text": self.lang.t(key), "error": key.starts_with("flash-err") || key.starts_with("problem-")}));
        let user = self.actor.as_ref().map(|a| {
            json!({"handle": a.handle, "display_name": a.display_name, "role": a.role.as_str(),
                   "can_moderate": a.role.can_moderate(), "can_change_roles": a.role.can_change_roles(),
                   "unverified": a.unverified,
                   "can_dashboard": crate::dashboard::rules::may_view(a.role), "unread": self.unread.unwrap_or(0)})
        });
        root.insert("lang".into(), json!(self.lang.code()));
        // Dates on the page in the member's zone, else the site's (render.rs).
        let zone = self
            .actor
            .as_ref()
            .and_then(|a| a.time_zone.clone())
            .unwrap_or_else(|| self.state.config.time_zone.clone());
        root.insert("time_zone".into(), json!(zone));
        root.insert("langs".into(), Value::Array(langs));
        root.insert("csrf".into(), json!(self.csrf));
        // A page re-rendered after a POST names the GET page it stands for.
        let here = root.get("here").and_then(Value::as_str).unwrap_or(&self.here).to_string();
        root.insert("here_q".into(), json!(encode(&here)));
        root.insert("here".into(), json!(here));
        // The navigation marks the section a page belongs to (`/products/x` → products).
        let path = here.split(['?', '#']).next().unwrap_or("/").to_string();
        let section = path.trim_start_matches('/').split('/').next().unwrap_or("").to_string();
        root.insert("path".into(), json!(path));
        root.insert("section".into(), json!(section));
        // The header's search box keeps the words of the search page it is on.
        if !root.contains_key("search_q") {
            root.insert("search_q".into(), json!(""));
        }
        root.insert("user".into(), user.unwrap_or(Value::Null));
        root.insert("flash".into(), flash.unwrap_or(Value::Null));
        root.insert("title".into(), json!(title));
        root.insert("v".into(), json!(ASSET_VERSION));
        Value::Object(root)
    }

    /// Renders a page template in the layout.
    pub fn page(&self, status: StatusCode, template: &str, title: &str, data: Value) -> AppResult<HttpResponse> {
        let html = render(self.lang, template, &self.layout_data(title, data))?;
        Ok(self.html(status, html))
    }

    fn html(&self, status: StatusCode, html: String) -> HttpResponse {
        self.builder(status)
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CONTENT_SECURITY_POLICY, CSP))
            // Pages carry the member's state and a CSRF token: keep them out of shared caches.
            .insert_header((header::CACHE_CONTROL, "private, no-cache"))
            .insert_header((header::VARY, "Cookie, Accept-Language"))
            .body(html)
    }

    /// 303 See Other: after a POST the browser GETs the target.
    pub fn redirect(&self, location: &str) -> HttpResponse {
        // Every location here is built by the pages; one that is no valid header value goes home, never a 500.
        let location = header::HeaderValue::from_str(location).unwrap_or(header::HeaderValue::from_static("/"));
        self.builder(StatusCode::SEE_OTHER).insert_header((header::LOCATION, location)).finish()
    }

    /// To the sign-in page, coming back to `next` afterwards.
    pub fn to_login(&self, next: &str) -> HttpResponse {
        self.redirect(&format!("/login?next={}", encode(next)))
    }

    /// The response for a handler's outcome: its page, or the page for its error.
    pub fn finish(&self, result: AppResult<HttpResponse>) -> HttpResponse {
        match result {
            Ok(res) => {
                let mut res = res;
                for c in self.take_cookies() {
                    // A response made without `builder` still gets its cookies.
                    let _ = res.add_cookie(&c);
                }
                res
            }
            Err(AppError::Unauthorized { .. }) => self.to_login(&self.here),
            Err(err) => self.error_page(&err),
        }
    }

    fn error_page(&self, err: &AppError) -> HttpResponse {
        let status = err.status_code();
        let (title, text) = match err {
            AppError::NotFound(_) => ("error-404-title", "error-404-text"),
            AppError::Forbidden { code: ErrorCode::Csrf, .. } => ("error-csrf-title", "error-csrf-text"),
            AppError::Forbidden { .. } => ("error-403-title", "problem"),
            AppError::Conflict { .. } => ("error-409-title", "problem"),
            AppError::BadRequest(_) | AppError::Validation(_) | AppError::PayloadTooLarge => {
                ("error-400-title", "error-400-text")
            }
            AppError::TooManyRequests { .. } => ("error-429-title", "error-429-text"),
            AppError::MethodNotAllowed { .. } | AppError::UnsupportedMediaType | AppError::RequestTimeout => {
                ("error-400-title", "error-400-text")
            }
            AppError::Unavailable { .. } => ("error-503-title", "error-503-text"),
            AppError::Internal(detail) => {
                tracing::error!(%detail, "internal error on a page");
                ("error-500-title", "error-500-text")
            }
            _ => ("error-500-title", "error-500-text"),
        };
        let title = self.lang.t(title);
        // A refusal says what was refused, in the reader's language, from its code.
        let text = match err {
            // A limit says when the member may write again.
            AppError::TooManyRequests { retry_after } if *retry_after >= 60 => {
                self.lang.t_with("error-429-wait-minutes", &[("minutes", retry_after.div_ceil(60).into())])
            }
            AppError::TooManyRequests { retry_after } => {
                self.lang.t_with("error-429-wait-seconds", &[("seconds", (*retry_after).into())])
            }
            _ if text == "problem" => self.lang.t(&err.code().locale_key()),
            _ => self.lang.t(text),
        };
        let data = json!({"status": status.as_u16(), "heading": title, "text": text,
                          "not_found": status == StatusCode::NOT_FOUND});
        match render(self.lang, "pages/error", &self.layout_data(&title, data)) {
            Ok(html) => {
                let mut res = self.html(status, html);
                if let AppError::TooManyRequests { retry_after } = err {
                    res.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(*retry_after));
                }
                res
            }
            Err(e) => {
                tracing::error!(error = %e, "the error page itself failed");
                self.builder(status).content_type("text/plain; charset=utf-8").body(title)
            }
        }
    }
}

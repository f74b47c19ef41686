//! What a page request carries: the signed-in member (the API's JWT in an
//! HttpOnly cookie), the language, the CSRF token and a one-shot flash
//! message; and the cookies a response sets.
//!
//! CSRF is a double submit: a random token in an HttpOnly cookie and the same
//! token in a hidden `csrf` field of every form. A POST whose field does not
//! match the cookie is refused before anything else happens.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;

use actix_web::cookie::{time::Duration, Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use base64::Engine;
use rand::RngCore;

use super::i18n::Lang;
use crate::accounts::token::TOKEN_TTL_DAYS;
use crate::accounts::Actor;
use crate::error::AppError;
use crate::error::ErrorCode;
use crate::http::auth::{actor_for_token, SESSION_COOKIE};
use crate::http::AppState;

pub const CSRF_COOKIE: &str = "ideashelf_csrf";
pub const LANG_COOKIE: &str = "ideashelf_lang";
pub const FLASH_COOKIE: &str = "ideashelf_flash";
/// The hidden form field carrying the CSRF token.
pub const CSRF_FIELD: &str = "csrf";
/// The detail of the 403 a POST without a valid CSRF token gets.
pub const CSRF_REFUSED: &str = "csrf";

pub struct PageCtx {
    pub state: web::Data<AppState>,
    pub actor: Option<Actor>,
    /// The signed-in member's unread notifications (the bell in the layout).
    pub unread: Option<i64>,
    pub lang: Lang,
    /// The token forms carry (from the cookie, or new with this response).
    pub csrf: String,
    csrf_from_cookie: bool,
    /// Path and query of this request, for "come back here" links.
    pub here: String,
    /// A message key left by the previous request (see `flash`).
    pub flash: Option<String>,
    /// The request's client mark (keyed hashes of its address, network and device cookie; docs/TRUST.md).
    pub mark: Option<crate::trust::rules::ClientMark>,
    cookies: RefCell<Vec<Cookie<'static>>>,
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Compares without an early exit, so timing tells nothing about the token.
fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl PageCtx {
    async fn load(req: HttpRequest) -> Result<PageCtx, AppError> {
        let state = req
            .app_data::<web::Data<AppState>>()
            .cloned()
            .ok_or_else(|| AppError::internal("application state missing"))?;
        let mut cookies = Vec::new();
        let token = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string()).filter(|t| !t.is_empty());
        let actor = match actor_for_token(&state, token).await {
            Ok(actor) => actor,
            // Expired or foreign token, or a deleted account: signed out.
            Err(AppError::Unauthorized { .. }) => {
                cookies.push(removal(SESSION_COOKIE));
                None
            }
            Err(e) => return Err(e),
        };
        let unread = match actor.as_ref() {
            Some(a) => match crate::notifications::service::unread_count(&state.db, a).await {
                Ok(n) => Some(n),
                // The bell is not worth failing the page for.
                Err(e) => {
                    tracing::warn!(error = %e, "unread count failed");
                    None
                }
            },
            None => None,
        };
        let remembered = req.cookie(LANG_COOKIE).and_then(|c| Lang::parse(c.value()));
        let lang = remembered
            .or_else(|| actor.as_ref().and_then(|a| a.locale.as_deref()).and_then(Lang::parse))
            .or_else(|| {
                req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Lang::negotiate)
            })
            .unwrap_or(Lang::DEFAULT);
        let (csrf, csrf_from_cookie) = match req.cookie(CSRF_COOKIE).map(|c| c.value().to_string()) {
            Some(t) if t.len() >= 32 => (t, true),
            _ => (random_token(), false),
        };
        let flash = req
            .cookie(FLASH_COOKIE)
            .map(|c| c.value().to_string())
            .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '-') && lang.has(k));
        if req.cookie(FLASH_COOKIE).is_some() {
            cookies.push(removal(FLASH_COOKIE));
        }
        let here = match req.uri().query() {
            Some(q) => format!("{}?{q}", req.path()),
            None => req.path().to_string(),
        };
        // A random device id, long-lived; kept only as a keyed hash with a registration or a support.
        let device = req.cookie(crate::http::client::DEVICE_COOKIE).map(|c| c.value().to_string());
        let new_device = device.as_ref().is_none_or(|d| d.len() < 32).then(random_token);
        let ip = crate::http::client::address(req.headers(), req.peer_addr(), state.config.trust_proxy);
        let mark = ip.map(|ip| state.mark_key.mark(ip, new_device.as_deref().or(device.as_deref())));
        let ctx = PageCtx {
            state,
            actor,
            unread,
            lang,
            csrf,
            csrf_from_cookie,
            here,
            flash,
            mark,
            cookies: RefCell::new(cookies),
        };
        if !ctx.csrf_from_cookie {
            ctx.set_csrf_cookie(ctx.csrf.clone());
        }
        if let Some(d) = new_device {
            let c = ctx.cookie(crate::http::client::DEVICE_COOKIE, d, Duration::days(365));
            ctx.cookies.borrow_mut().push(c);
        }
        Ok(ctx)
    }

    fn cookie(&self, name: &'static str, value: String, max_age: Duration) -> Cookie<'static> {
        Cookie::build(name, value)
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(self.state.config.secure_cookies)
            .max_age(max_age)
            .finish()
    }

    fn set_csrf_cookie(&self, token: String) {
        let c = self.cookie(CSRF_COOKIE, token, Duration::days(TOKEN_TTL_DAYS));
        self.cookies.borrow_mut().push(c);
    }

    /// Signs in: the API's token goes into the session cookie, and the CSRF
    /// token is renewed (a token planted before sign-in is worth nothing after).
    pub fn sign_in(&self, token: String) {
        let c = self.cookie(SESSION_COOKIE, token, Duration::days(TOKEN_TTL_DAYS));
        self.cookies.borrow_mut().push(c);
        self.set_csrf_cookie(random_token());
    }

    pub fn sign_out(&self) {
        self.cookies.borrow_mut().push(removal(SESSION_COOKIE));
        self.set_csrf_cookie(random_token());
    }

    /// Sets a short-lived HttpOnly cookie (a sign-in in progress at a single sign-on provider).
    pub fn set_short_cookie(&self, name: &'static str, value: String, minutes: i64) {
        let c = self.cookie(name, value, Duration::minutes(minutes));
        self.cookies.borrow_mut().push(c);
    }

    /// Whether a token sent outside a form (a link that acts) is this browser's CSRF token.
    pub fn csrf_matches(&self, sent: Option<&str>) -> bool {
        self.csrf_from_cookie && same_token(sent.unwrap_or(""), &self.csrf)
    }

    /// Removes a cookie this site set.
    pub fn drop_cookie(&self, name: &'static str) {
        self.cookies.borrow_mut().push(removal(name));
    }

    pub fn remember_lang(&self, lang: Lang) {
        let c = self.cookie(LANG_COOKIE, lang.code().to_string(), Duration::days(365));
        self.cookies.borrow_mut().push(c);
    }

    /// Leaves a message (a Fluent key) for the next page this browser shows.
    pub fn flash(&self, key: &str) {
        let c = self.cookie(FLASH_COOKIE, key.to_string(), Duration::minutes(5));
        self.cookies.borrow_mut().push(c);
    }

    /// Leaves the sentence for a refusal (its code, translated) for the next page.
    pub fn flash_refusal(&self, e: &AppError) {
        self.flash(&e.code().locale_key());
    }

    /// Cookies this response sets.
    pub fn take_cookies(&self) -> Vec<Cookie<'static>> {
        std::mem::take(&mut *self.cookies.borrow_mut())
    }

    /// Parses a url-encoded form body and checks its CSRF token.
    pub fn verify_form(&self, body: &[u8]) -> Result<FormData, AppError> {
        self.verify_fields(FormData::parse(body))
    }

    /// Checks the CSRF token (and the text) of a form already read (a multipart one with pictures).
    pub fn verify_fields(&self, form: FormData) -> Result<FormData, AppError> {
        let sent = form.get(CSRF_FIELD).unwrap_or("");
        if self.csrf_from_cookie && same_token(sent, &self.csrf) {
            // Text with control characters goes no further (`next` is made safe on its own; a password is
            // only ever hashed).
            let checked = form.0.iter().filter(|(k, _)| !matches!(k.as_str(), "next" | "password" | "new_password"));
            crate::http::text::check_pairs(checked.map(|(k, v)| (k.as_str(), v.as_str())))?;
            Ok(form)
        } else {
            Err(AppError::forbidden(ErrorCode::Csrf, CSRF_REFUSED))
        }
    }
}

fn removal(name: &'static str) -> Cookie<'static> {
    Cookie::build(name, "").path("/").max_age(Duration::ZERO).finish()
}

/// A page request whose context could not be loaded (the database is down):
/// a bare HTML page, as nothing else can be trusted to work.
#[derive(Debug)]
pub struct LoadError(AppError);

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl actix_web::ResponseError for LoadError {
    fn status_code(&self) -> actix_web::http::StatusCode {
        self.0.status_code()
    }

    fn error_response(&self) -> actix_web::HttpResponse {
        tracing::error!(error = %self.0, "page context failed to load");
        let lang = Lang::DEFAULT;
        let title = lang.t("error-500-title");
        let data = serde_json::json!({"lang": lang.code(), "title": title, "heading": title,
                                      "text": lang.t("error-500-text"), "status": self.status_code().as_u16()});
        let mut res = actix_web::HttpResponse::build(self.status_code());
        match super::render::render(lang, "pages/error", &data) {
            Ok(html) => res.content_type("text/html; charset=utf-8").body(html),
            Err(_) => res.content_type("text/plain; charset=utf-8").body(title),
        }
    }
}

impl FromRequest for PageCtx {
    type Error = LoadError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, LoadError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { PageCtx::load(req).await.map_err(LoadError) })
    }
}

/// A posted form: name/value pairs in order (names may repeat), and the files of a multipart form.
#[derive(Default)]
pub struct FormData(Vec<(String, String)>, Vec<crate::images::upload::FilePart>);

impl std::fmt::Debug for FormData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FormData").field("fields", &self.0).field("files", &self.1.len()).finish()
    }
}

impl FormData {
    pub fn parse(body: &[u8]) -> FormData {
        FormData(url::form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect(), Vec::new())
    }

    /// A multipart form's fields and files.
    pub fn from_multipart(body: crate::images::upload::MultipartBody) -> FormData {
        FormData(body.fields, body.files)
    }

    /// Every value of a field that may repeat, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }

    /// The files sent in a field (a multipart form's non-empty file inputs).
    pub fn files(&self, name: &str) -> Vec<&[u8]> {
        self.1.iter().filter(|f| f.field == name).map(|f| f.bytes.as_slice()).collect()
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The field's value, or empty.
    pub fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or("").to_string()
    }
}

/// A field's trimmed value, if it has one.
pub fn opt(form: &FormData, name: &str) -> Option<String> {
    form.get(name).map(str::trim).filter(|v| !v.is_empty()).map(String::from)
}

/// A local path to come back to (`/ideas/1?x=y`), never another host: the one function every redirect to a
/// requested place goes through. `next` is resolved against this site the way a browser would resolve it
/// (so `/\t/evil.example` or `/\\evil.example` cannot leave it), the origin is compared, and any control or
/// white-space character is refused outright. Anything else becomes `/`.
pub fn safe_next(next: Option<&str>) -> String {
    const SITE: &str = "http://ideashelf.invalid/";
    let Some(raw) = next else { return "/".into() };
    if !raw.starts_with('/') || raw.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\') {
        return "/".into();
    }
    let Ok(base) = url::Url::parse(SITE) else { return "/".into() };
    match base.join(raw) {
        Ok(u) if u.origin() == base.origin() && !raw.starts_with("//") => {
            let mut path = u.path().to_string();
            if let Some(q) = u.query() {
                path.push('?');
                path.push_str(q);
            }
            if let Some(f) = u.fragment() {
                path.push('#');
                path.push_str(f);
            }
            path
        }
        _ => "/".into(),
    }
}

/// Percent-encodes a value for a query string.
pub fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// `a=1&b=x+y`: name/value pairs as a query string (values encoded).
pub fn query_string(pairs: &[(&str, String)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/ideas/1?x=2")), "/ideas/1?x=2");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
        // Browsers drop tabs and newlines inside URLs: `/\t/evil.example` would be `//evil.example`.
        for evil in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/ /evil.example",
            "/\u{1}x",
            "/\u{b}x",
            "/\u{c}x",
            "/\u{7f}x",
            "/%09/evil.example/../..",
            "/\u{2028}/evil.example",
            "",
            "evil.example",
        ] {
            let next = safe_next(Some(evil));
            assert!(!next.starts_with("//") && next.starts_with('/'), "{evil:?} -> {next:?}");
            assert!(!next.contains("evil.example") || next.starts_with("/%09"), "{evil:?} -> {next:?}");
        }
        assert_eq!(safe_next(Some("/%09/evil.example")), "/%09/evil.example");
        assert_eq!(safe_next(Some("/ideas/../tips?q=a#b")), "/tips?q=a#b");
    }

    #[test]
    fn tokens_compare() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert!(!same_token("abc", "abcd"));
        let form = FormData::parse(b"csrf=a%2Bb&title=Hallo+Welt&tags=x");
        assert_eq!(form.get("csrf"), Some("a+b"));
        assert_eq!(form.text("title"), "Hallo Welt");
        assert_eq!(form.text("missing"), "");
        assert_eq!(query_string(&[("q", "Brot & Salz".into()), ("kind", "tips".into())]), "q=Brot+%26+Salz&kind=tips");
    }
}

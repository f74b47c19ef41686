//! What a page handler takes first: the request's [`PageCtx`], or a posted
//! form with it.
//!
//! - [`PostForm`]: the context and the url-encoded body, whose CSRF token has
//!   been checked. A missing or wrong token is answered with the 403 page
//!   ("form expired") before the handler runs.
//! - [`SignedForm<P, S>`]: a [`PostForm`] sent by a signed-in member, with the
//!   page the form is on (`P`, found from the path: an idea, a product, …).
//!   A path that names nothing is answered with the 404 page; a signed-out
//!   sender is sent to sign in and comes back to that page (`P::back`, then
//!   `S::SUFFIX`: `#rating`, `/edit`).
//!
//! The order is the one every form post had before the extractors: the CSRF
//! token, then the path, then the member.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::error::InternalError;
use actix_web::{web, FromRequest, HttpRequest, HttpResponse};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::session::{FormData, PageCtx};
use crate::accounts::Actor;
use crate::error::{AppError, AppResult};

type Extracting<T> = Pin<Box<dyn Future<Output = Result<T, actix_web::Error>>>>;

/// A response the extractor gives instead of calling the handler (the 403
/// page, the 404 page, the way to sign in).
fn answered(cause: &'static str, response: HttpResponse) -> actix_web::Error {
    InternalError::from_response(cause, response).into()
}

/// The most pictures one form post carries.
pub const FORM_FILES: usize = 8;

/// A posted form whose CSRF token matches the cookie's (url-encoded, or multipart with pictures).
pub struct PostForm {
    pub ctx: PageCtx,
    pub form: FormData,
}

impl FromRequest for PostForm {
    type Error = actix_web::Error;
    type Future = Extracting<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let ctx = PageCtx::from_request(req, payload);
        if crate::images::upload::is_multipart(req) {
            // A form with pictures: its fields and files (each file within the upload limit).
            let req = req.clone();
            let stream = web::Payload::from_request(&req, payload);
            return Box::pin(async move {
                let ctx = ctx.await?;
                let stream = stream.await?;
                let read = crate::images::upload::read(&req, stream, FORM_FILES).await.map(FormData::from_multipart);
                match read.and_then(|form| ctx.verify_fields(form)) {
                    Ok(form) => Ok(PostForm { ctx, form }),
                    Err(refused) => Err(answered("form refused", ctx.finish(Err(refused)))),
                }
            });
        }
        // The body within the app's `PayloadConfig` limit, as `web::Bytes` reads it.
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let ctx = ctx.await?;
            let body = body.await?;
            match ctx.verify_form(&body) {
                Ok(form) => Ok(PostForm { ctx, form }),
                Err(refused) => Err(answered("CSRF token refused", ctx.finish(Err(refused)))),
            }
        })
    }
}

/// The page a form is on, found from the request's path (and the form).
pub trait FormPage: Sized + 'static {
    /// Whether its forms need the current terms accepted (a member who has not accepted them is sent to
    /// `/terms/accept` first, and comes back to the page). The privacy pages' forms do not.
    const NEEDS_TERMS: bool = true;
    /// `Err` (the 404 page) where the path names nothing.
    fn locate(req: &HttpRequest, form: &FormData) -> AppResult<Self>;
    /// Where a signed-out sender comes back to after signing in.
    fn back(&self) -> String;
}

/// The route's path parameters, decoded as `web::Path` decodes them (`what`
/// names the thing for the 404 where they do not fit).
pub fn path_params<T: DeserializeOwned>(req: &HttpRequest, what: &str) -> AppResult<T> {
    req.match_info().load().map_err(|_| AppError::not_found(what))
}

/// A path's `{id}`.
#[derive(Deserialize)]
pub struct IdParam {
    pub id: String,
}

/// A path's `{slug}`.
#[derive(Deserialize)]
pub struct SlugParam {
    pub slug: String,
}

/// What follows the page's path in the way back after signing in: a part of
/// the page (`#rating`) or a page under it (`/edit`).
pub trait Part: 'static {
    const SUFFIX: &'static str;
}

/// The page itself.
pub struct Whole;

impl Part for Whole {
    const SUFFIX: &'static str = "";
}

/// The page's edit form (`/tips/{id}/edit`, `/products/{slug}/edit`).
pub struct Edit;

impl Part for Edit {
    const SUFFIX: &'static str = "/edit";
}

/// Pages at a fixed path whose forms need a member.
macro_rules! fixed_pages {
    ($($(#[$doc:meta])* $name:ident = $path:literal;)*) => {$(
        $(#[$doc])*
        pub struct $name;

        impl FormPage for $name {
            fn locate(_: &HttpRequest, _: &FormData) -> AppResult<Self> {
                Ok($name)
            }

            fn back(&self) -> String {
                $path.to_string()
            }
        }
    )*};
}

fixed_pages! {
    /// The idea submit form.
    NewIdea = "/ideas/new";
    /// The product team's form for a new product.
    NewProduct = "/products/new";
    /// The product team's form for a new product test.
    NewProductTest = "/product-tests/new";
    /// The tip form.
    NewTip = "/tips/new";
    /// The moderation queue.
    ModerationQueue = "/moderation";
    /// Suspected vote rings and held ideas.
    ModerationRings = "/moderation/rings";
    /// The member's notifications.
    NotificationList = "/notifications";
}

/// Where a signed-out sender of a form on `page` comes back to after signing in.
fn back_to<P: FormPage, S: Part>(page: &P) -> String {
    format!("{}{}", page.back(), S::SUFFIX)
}

/// A posted form (CSRF checked) from a signed-in member, on page `P`.
pub struct SignedForm<P: FormPage, S: Part = Whole> {
    pub ctx: PageCtx,
    pub actor: Actor,
    pub form: FormData,
    pub page: P,
    pub part: PhantomData<S>,
}

impl<P: FormPage, S: Part> FromRequest for SignedForm<P, S> {
    type Error = actix_web::Error;
    type Future = Extracting<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let post = PostForm::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let PostForm { ctx, form } = post.await?;
            let page = match P::locate(&req, &form) {
                Ok(page) => page,
                Err(e) => return Err(answered("no such page", ctx.finish(Err(e)))),
            };
            let Some(actor) = ctx.actor.clone() else {
                return Err(answered("signed out", ctx.to_login(&back_to::<P, S>(&page))));
            };
            if P::NEEDS_TERMS {
                let current = ctx.state.config.terms_version.clone();
                match crate::privacy::service::terms_accepted(&ctx.state.db, &actor, &current).await {
                    Ok(true) => {}
                    Ok(false) => {
                        let to = super::privacy::accept_terms_first(&back_to::<P, S>(&page));
                        return Err(answered("terms not accepted", ctx.redirect(&to)));
                    }
                    Err(e) => return Err(answered("terms unknown", ctx.finish(Err(e)))),
                }
            }
            Ok(SignedForm { ctx, actor, form, page, part: PhantomData })
        })
    }
}

/// What a page handler takes first (by reference), and the context its
/// result is answered with.
pub trait PageArgs: FromRequest + 'static {
    fn ctx(&self) -> &PageCtx;
}

impl PageArgs for PageCtx {
    fn ctx(&self) -> &PageCtx {
        self
    }
}

impl PageArgs for PostForm {
    fn ctx(&self) -> &PageCtx {
        &self.ctx
    }
}

impl<P: FormPage, S: Part> PageArgs for SignedForm<P, S> {
    fn ctx(&self) -> &PageCtx {
        &self.ctx
    }
}

/// For the pages' tests: where a signed-out member who posts a form on
/// `P` (with these path parameters and this body) is sent back after signing
/// in, or the error the path is answered with.
#[cfg(test)]
pub(super) fn sign_in_return<P: FormPage, S: Part>(
    params: &[(&'static str, &'static str)],
    body: &str,
) -> AppResult<String> {
    let req = params.iter().fold(actix_web::test::TestRequest::default(), |r, (k, v)| r.param(*k, *v));
    let page = P::locate(&req.to_http_request(), &FormData::parse(body.as_bytes()))?;
    Ok(back_to::<P, S>(&page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_pages_come_back_to_themselves() {
        assert_eq!(sign_in_return::<NewIdea, Whole>(&[], "").ok().as_deref(), Some("/ideas/new"));
        assert_eq!(sign_in_return::<NewProduct, Whole>(&[], "").ok().as_deref(), Some("/products/new"));
        assert_eq!(sign_in_return::<NewTip, Whole>(&[], "").ok().as_deref(), Some("/tips/new"));
        assert_eq!(sign_in_return::<ModerationQueue, Whole>(&[], "").ok().as_deref(), Some("/moderation"));
        assert_eq!(sign_in_return::<NotificationList, Whole>(&[], "").ok().as_deref(), Some("/notifications"));
    }
}

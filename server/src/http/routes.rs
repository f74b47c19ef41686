//! The API's one route list. Every handler under /api/v1 is a `.service(…)`
//! line below, once; its method and path come from the actix route macro on
//! the handler (`#[get("/ideas")]`, under its `#[utoipa::path]`), and
//! utoipa-actix-web collects the same list into the OpenAPI document. So a
//! handler cannot be served undocumented, or documented and not served. (The
//! document's own route, /api/v1/openapi.json, is the one plain `.route`.)

use std::sync::OnceLock;

use actix_web::body::MessageBody;
use actix_web::dev::{HttpServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{middleware, web, App};
use utoipa::OpenApi;
use utoipa_actix_web::{AppExt, OpenApiFactory};

use super::openapi::{self, ApiDoc};
use crate::error::AppError;
use crate::{
    accounts, audit, challenges, comments, dashboard, exports, fan_votes, ideas, images, moderation, notifications,
    points, privacy, product_tests, products, questions, raffles, review, search, tips, tracker, trust, webhooks,
};

/// The /api/v1 scope: every API handler (order matters where paths overlap:
/// `/ideas/similar` before `/ideas/{id}`), the document itself, and a 404
/// problem for any other API path or method.
pub fn api() -> impl HttpServiceFactory + OpenApiFactory + 'static {
    utoipa_actix_web::scope("/api/v1")
        .service(accounts::api::register)
        .service(accounts::api::login)
        .service(accounts::api::verify_email)
        .service(accounts::api::resend_verification)
        .service(accounts::api::password_reset)
        .service(accounts::api::password_reset_confirm)
        .service(accounts::api::update_me)
        .service(accounts::api::change_password)
        .service(accounts::api::change_email)
        .service(accounts::api::confirm_email)
        .service(accounts::api::logout)
        .service(accounts::api::logout_everywhere)
        .service(accounts::api::me)
        .service(images::api::upload)
        .service(privacy::api::terms)
        .service(privacy::api::consents)
        .service(privacy::api::update_consents)
        .service(privacy::api::export)
        .service(privacy::api::erase)
        .service(accounts::api::user)
        .service(accounts::api::change_role)
        .service(points::api::points)
        .service(points::api::member_badges)
        .service(points::api::badges)
        .service(points::api::leaderboard)
        .service(challenges::api::list)
        .service(challenges::api::create)
        .service(challenges::api::get)
        .service(challenges::api::update)
        .service(raffles::api::get)
        .service(raffles::api::create)
        .service(raffles::api::draw)
        .service(product_tests::api::list)
        .service(product_tests::api::create)
        .service(product_tests::api::get)
        .service(product_tests::api::update)
        .service(product_tests::api::apply)
        .service(product_tests::api::mine)
        .service(product_tests::api::reapply)
        .service(product_tests::api::withdraw)
        .service(product_tests::api::draw)
        .service(product_tests::api::shipping_list)
        .service(product_tests::api::report)
        .service(exports::api::ideas)
        .service(ideas::api::list)
        .service(ideas::api::create)
        .service(moderation::api::similar)
        .service(ideas::api::get)
        .service(ideas::api::update)
        .service(ideas::api::support)
        .service(ideas::api::withdraw)
        .service(ideas::api::staff_pick)
        .service(ideas::api::staff_unpick)
        .service(fan_votes::api::list)
        .service(fan_votes::api::create)
        .service(fan_votes::api::get)
        .service(fan_votes::api::update)
        .service(fan_votes::api::cancel)
        .service(fan_votes::api::vote)
        .service(fan_votes::api::unvote)
        .service(comments::api::list)
        .service(comments::api::create)
        .service(comments::api::update)
        .service(comments::api::delete)
        .service(tracker::api::transition)
        .service(tracker::api::timeline)
        .service(tracker::api::updates)
        .service(tracker::api::post_update)
        .service(moderation::api::merge)
        .service(moderation::api::unmerge)
        .service(tracker::api::roadmap)
        .service(review::api::give_feedback)
        .service(review::api::feedback_summary)
        .service(review::api::hide_feedback)
        .service(review::api::open_criteria)
        .service(review::api::set_open_criteria)
        .service(review::api::challenge_criteria)
        .service(review::api::set_challenge_criteria)
        .service(review::api::set_evaluators)
        .service(review::api::evaluations)
        .service(review::api::evaluate)
        .service(review::api::board)
        .service(moderation::api::report)
        .service(moderation::api::queue)
        .service(moderation::api::act)
        .service(trust::api::list)
        .service(trust::api::get)
        .service(trust::api::void)
        .service(trust::api::clear)
        .service(trust::api::restore)
        .service(trust::api::holds)
        .service(trust::api::release)
        .service(audit::api::list)
        .service(notifications::api::list)
        .service(notifications::api::mark_read)
        .service(notifications::api::settings)
        .service(notifications::api::put_settings)
        .service(products::api::list)
        .service(products::api::create)
        .service(products::api::get)
        .service(products::api::update)
        .service(products::api::rate)
        .service(products::api::unrate)
        .service(products::api::reviews)
        .service(products::api::helpful)
        .service(products::api::unhelpful)
        .service(products::api::alerts)
        .service(products::api::resolve_alert)
        .service(products::api::follow)
        .service(products::api::unfollow)
        .service(questions::api::list)
        .service(questions::api::ask)
        .service(questions::api::waiting)
        .service(questions::api::get)
        .service(questions::api::update)
        .service(questions::api::delete)
        .service(questions::api::answer)
        .service(questions::api::accept)
        .service(questions::api::unaccept)
        .service(questions::api::update_answer)
        .service(questions::api::delete_answer)
        .service(questions::api::helpful)
        .service(questions::api::unhelpful)
        .service(dashboard::api::get)
        .service(tips::api::list)
        .service(tips::api::create)
        .service(tips::api::get)
        .service(tips::api::update)
        .service(tips::api::delete)
        .service(tips::api::helpful)
        .service(tips::api::unhelpful)
        .service(search::api::site)
        .service(search::api::tips)
        .service(search::api::ideas)
        .service(search::api::products)
        .service(search::api::questions)
        .service(search::api::reindex)
        .service(search::api::status)
        // Webhooks (docs/WEBHOOKS.md)
        .service(webhooks::api::create)
        .service(webhooks::api::list)
        .service(webhooks::api::get)
        .service(webhooks::api::update)
        .service(webhooks::api::remove)
        .service(webhooks::api::rotate)
        .service(webhooks::api::deliveries)
        .service(webhooks::api::redeliver)
        // Challenge news and the Atom feeds (docs/FEEDS.md).
        .service(challenges::news::api::list_news)
        .service(challenges::news::api::create_news)
        .service(challenges::news::api::get_news)
        .service(challenges::news::api::update_news)
        .service(challenges::news::api::delete_news)
        .service(crate::feeds::api::ideas)
        .service(crate::feeds::api::challenge_ideas)
        .service(crate::feeds::api::challenge_news)
        .service(crate::feeds::api::timeline)
        .service(crate::feeds::api::product_reviews)
        .service(crate::feeds::api::reviews)
        // Single sign-on (accounts/oidc).
        .service(accounts::oidc::api::auth_methods)
        .service(accounts::oidc::api::sign_in_methods)
        .service(accounts::oidc::api::unlink)
        // The document itself (served, not listed in itself).
        .route("/openapi.json", web::get().to(openapi::document))
        .default_service(web::to(api_not_found))
        .wrap(middleware::from_fn(documented_methods_only))
}

/// A method the most concrete matching path of the document does not list is 405, before routing: else
/// `PATCH /ideas/similar` would reach `PATCH /ideas/{id}` with the id `similar`.
async fn documented_methods_only(
    req: ServiceRequest,
    next: middleware::Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let allowed = methods_for(req.path());
    if !allowed.is_empty() && !allowed.contains(&req.method().as_str()) {
        return Err(AppError::MethodNotAllowed { allow: allowed.join(", ") }.into());
    }
    next.call(req).await
}

/// The OpenAPI document: `ApiDoc`'s info, tags and security scheme, the
/// paths and schemas of `api()`, made the contract by `openapi::finish`. Built
/// once, on first use (at startup, when the workers mount the Swagger UI).
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOCUMENT: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let mut doc = App::new().into_utoipa_app().openapi(ApiDoc::openapi()).service(api()).split_for_parts().1;
        openapi::finish(&mut doc);
        doc
    })
}

/// No handler took the request: 405 with `Allow` when the path is one of the document's with other
/// methods (TRACE, or PUT where only GET is served), else 404.
async fn api_not_found(req: actix_web::HttpRequest) -> Result<actix_web::HttpResponse, AppError> {
    let allowed = methods_for(req.path());
    if allowed.is_empty() {
        Err(AppError::not_found("This API path"))
    } else {
        Err(AppError::MethodNotAllowed { allow: allowed.join(", ") })
    }
}

/// The methods the document lists for a concrete path (`{id}` matches one segment). Where templates
/// overlap, the most concrete one answers, as OpenAPI matches them (`/ideas/similar` before `/ideas/{id}`).
fn methods_for(path: &str) -> Vec<&'static str> {
    let paths = &document().paths.paths;
    let matching: Vec<_> = paths.iter().filter(|(template, _)| matches_template(template, path)).collect();
    let params = |template: &str| template.matches('{').count();
    let Some(fewest) = matching.iter().map(|(t, _)| params(t)).min() else { return Vec::new() };
    let mut out = Vec::new();
    for (_, item) in matching.into_iter().filter(|(t, _)| params(t) == fewest) {
        let ops = [
            ("GET", item.get.is_some()),
            ("HEAD", item.head.is_some()),
            ("POST", item.post.is_some()),
            ("PUT", item.put.is_some()),
            ("PATCH", item.patch.is_some()),
            ("DELETE", item.delete.is_some()),
        ];
        for (m, on) in ops {
            if on && !out.contains(&m) {
                out.push(m);
            }
        }
    }
    out
}

fn matches_template(template: &str, path: &str) -> bool {
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len()
        && t.iter().zip(&p).all(|(t, p)| if t.starts_with('{') && t.ends_with('}') { !p.is_empty() } else { t == p })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    /// The (METHOD, path) of every actix route macro (`#[get("/ideas")]`) in
    /// the sources under `dir`, with the scope's prefix.
    fn route_macros(dir: &Path, found: &mut BTreeSet<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                route_macros(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                for line in std::fs::read_to_string(&path).unwrap().lines() {
                    let Some(rest) = line.trim().strip_prefix("#[") else { continue };
                    let rest = rest.strip_prefix("actix_web::").unwrap_or(rest);
                    let Some((method, rest)) = rest.split_once("(\"") else { continue };
                    if ["get", "post", "put", "patch", "delete", "head", "options", "trace"].contains(&method) {
                        let route = rest.split('"').next().unwrap();
                        found.insert((method.to_uppercase(), format!("/api/v1{route}")));
                    }
                }
            }
        }
    }

    /// Every handler with an actix route macro is in `api()`'s list (so in the
    /// document), and the document holds nothing else. (That the served
    /// routes are the documented ones is the API test
    /// `documented_routes_are_the_served_routes`.)
    #[test]
    fn every_api_handler_is_in_the_list() {
        let mut in_sources = BTreeSet::new();
        route_macros(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut in_sources);
        let doc = serde_json::to_value(super::document()).unwrap();
        let mut in_document = BTreeSet::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys() {
                in_document.insert((method.to_uppercase(), path.clone()));
            }
        }
        assert!(in_sources.len() > 60, "{} route macros found", in_sources.len());
        let missing: Vec<_> = in_sources.difference(&in_document).collect();
        assert!(missing.is_empty(), "handlers not in http/routes.rs (or without #[utoipa::path]): {missing:?}");
        let extra: Vec<_> = in_document.difference(&in_sources).collect();
        assert!(extra.is_empty(), "documented without a handler's route macro: {extra:?}");
    }

    /// The list mounts handlers with `.service(…)` only: a plain `.route(…)`
    /// would be served but not documented. The one exception is the
    /// document itself.
    #[test]
    fn the_list_has_no_plain_routes() {
        let list = include_str!("routes.rs").split("#[cfg(test)]").next().unwrap();
        let plain: Vec<&str> =
            list.lines().filter(|l| l.contains(".route(") && !l.contains("\"/openapi.json\"")).collect();
        assert!(plain.is_empty(), "routes outside the document: {plain:?}");
    }
}

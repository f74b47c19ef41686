//! The OpenAPI document, generated from the handlers' annotations, and the
//! Swagger UI that reads it (served from the binary: nothing is downloaded).

use actix_web::HttpResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::{
    accounts, audit, challenges, comments, ideas, moderation, notifications, points, products, search, tips, tracker,
};

#[derive(OpenApi)]
#[openapi(
    info(title = "ideashelf API", description = "Challenges, ideas, supports, comments, products, ratings, tips, search, points and badges. Errors are RFC 9457 problem documents."),
    paths(
        accounts::api::register, accounts::api::login, accounts::api::me, accounts::api::user,
        accounts::api::change_role,
        challenges::api::list, challenges::api::create, challenges::api::get, challenges::api::update,
        ideas::api::list, ideas::api::create, ideas::api::get, ideas::api::update,
        ideas::api::support, ideas::api::withdraw,
        comments::api::list, comments::api::create, comments::api::update,
        tracker::api::transition, tracker::api::timeline, tracker::api::updates, tracker::api::post_update,
        tracker::api::roadmap,
        moderation::api::report, moderation::api::queue, moderation::api::act, moderation::api::merge,
        moderation::api::unmerge, moderation::api::similar, audit::api::list,
        notifications::api::list, notifications::api::mark_read,
        products::api::list, products::api::create, products::api::get, products::api::update,
        products::api::rate, products::api::unrate, products::api::reviews, products::api::helpful,
        products::api::unhelpful, products::api::alerts, products::api::resolve_alert,
        crate::dashboard::api::get,
        tips::api::list, tips::api::create, tips::api::get, tips::api::update, tips::api::delete,
        tips::api::helpful, tips::api::unhelpful,
        search::api::tips, search::api::ideas, search::api::products, search::api::site, search::api::reindex,
        search::api::status,
        points::api::points, points::api::member_badges, points::api::badges, points::api::leaderboard,
        crate::raffles::api::create, crate::raffles::api::get, crate::raffles::api::draw,
        crate::exports::api::ideas,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "accounts", description = "Registration, sign-in and roles"),
        (name = "challenges", description = "Brand-run calls for ideas"),
        (name = "ideas", description = "Ideas and supports"),
        (name = "comments", description = "Discussion on ideas"),
        (name = "tracker", description = "From idea to shelf: transitions, timeline, creator updates, roadmap"),
        (name = "moderation", description = "Reports, the queue, actions, merges, the audit log"),
        (name = "notifications", description = "In-app notifications"),
        (name = "products", description = "The product catalogue, ratings and reviews, review-spike alerts"),
        (name = "dashboard", description = "The product team's dashboard: funnel, supports per day, risers, review queue, alerts"),
        (name = "tips", description = "Community tips"),
        (name = "search", description = "Full-text search over tips, ideas and products"),
        (name = "points", description = "The points ledger, levels, badges and leaderboards"),
        (name = "raffles", description = "Verifiable prize draws among a challenge's participants"),
        (name = "exports", description = "Idea exports for product teams (CSV, JSON, NDJSON, XLSX)"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
    }
}

pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}

pub fn swagger_ui() -> utoipa_swagger_ui::SwaggerUi {
    utoipa_swagger_ui::SwaggerUi::new("/api/docs/{_:.*}").url("/api/docs/openapi.json", ApiDoc::openapi())
}

//! The OpenAPI document's info, tags and security scheme (its paths and
//! schemas come from the route list in `routes`), and the Swagger UI that
//! reads it (served from the binary: nothing is downloaded).

use actix_web::HttpResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "ideashelf API", description = "Challenges, ideas, supports, comments, products, ratings, tips, search, points and badges. Errors are RFC 9457 problem documents."),
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

/// GET /api/v1/openapi.json: the document built once at startup.
pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(super::routes::document())
}

pub fn swagger_ui() -> utoipa_swagger_ui::SwaggerUi {
    utoipa_swagger_ui::SwaggerUi::new("/api/docs/{_:.*}")
        .url("/api/docs/openapi.json", super::routes::document().clone())
}

//! Server-rendered pages (handlebars templates in web/): the second door onto
//! the same domain services the API uses. A page handler parses the form or
//! query, calls the service, and renders or redirects; it decides nothing.
//!
//! Conventions (see docs/PAGES.md): a handler takes `&PageCtx` (a GET), or
//! `&PostForm` / `&SignedForm<P>` (a form post: CSRF checked, the member
//! signed in; see `extract.rs`), and returns `AppResult<HttpResponse>`; the
//! routes register it as `page(handler)`, which answers the result with
//! [`PageCtx::finish`]: its page, or the right page for a domain error.

mod account;
mod admin;
pub(crate) mod assets;
mod audit;
mod challenge_news;
mod challenges;
mod charts;
mod dashboard;
mod exports;
mod extract;
mod fan_votes;
mod forms;
mod home;
pub(crate) mod i18n;
mod idea;
mod ideas;
mod media;
mod moderation;
pub(crate) mod notifications;
mod pictures;
mod points;
mod privacy;
mod product_tests;
mod products;
mod questions;
pub(crate) mod render;
mod respond;
mod review;
mod rings;
mod roadmap;
mod search;
pub(crate) mod session;
mod settings;
mod sso;
mod tips;
mod webhooks;

use actix_web::{web, HttpResponse};

use respond::page;

pub use i18n::Lang;
pub use session::{PageCtx, CSRF_COOKIE, CSRF_FIELD, LANG_COOKIE};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/static/{path:.*}", web::get().to(assets::serve))
        .route("/media/{key}", web::get().to(media::serve))
        .route("/", web::get().to(page(home::home)))
        .route("/challenges", web::get().to(page(challenges::list)))
        .route("/challenges/{slug}", web::get().to(page(challenges::show)))
        .route("/challenges/{slug}/raffle", web::post().to(page(challenges::announce_raffle)))
        .route("/challenges/{slug}/raffle/draw", web::post().to(page(challenges::draw_raffle)))
        .route("/challenges/{slug}/news", web::post().to(page(challenge_news::create)))
        .route("/challenges/{slug}/news/{id}/edit", web::get().to(page(challenge_news::edit_form)))
        .route("/challenges/{slug}/news/{id}/edit", web::post().to(page(challenge_news::update)))
        .route("/challenges/{slug}/news/{id}/delete", web::post().to(page(challenge_news::delete)))
        .route("/exports", web::get().to(page(exports::form)))
        .route("/exports/download", web::get().to(page(exports::download)))
        .route("/ideas", web::get().to(page(ideas::list)))
        .route("/ideas/new", web::get().to(page(idea::new_form)))
        .route("/ideas/new", web::post().to(page(idea::create)))
        .route("/ideas/{id}", web::get().to(page(idea::show)))
        .route("/ideas/{id}/edit", web::get().to(page(idea::edit_form)))
        .route("/ideas/{id}/edit", web::post().to(page(idea::update)))
        .route("/ideas/{id}/support", web::post().to(page(idea::support)))
        .route("/ideas/{id}/withdraw", web::post().to(page(idea::withdraw)))
        .route("/ideas/{id}/comments", web::post().to(page(idea::comment)))
        .route("/ideas/{id}/comments/{comment}/edit", web::post().to(page(idea::edit_comment)))
        .route("/ideas/{id}/comments/{comment}/delete", web::post().to(page(idea::delete_comment)))
        .route("/ideas/{id}/comments/{comment}/remove", web::post().to(page(idea::remove_comment)))
        .route("/ideas/{id}/transition", web::post().to(page(idea::transition)))
        .route("/ideas/{id}/merge", web::post().to(page(idea::merge)))
        .route("/ideas/{id}/unmerge", web::post().to(page(idea::unmerge)))
        .route("/ideas/{id}/updates", web::post().to(page(idea::post_update)))
        .route("/ideas/{id}/report", web::post().to(page(idea::report)))
        .route("/ideas/{id}/staff-pick", web::post().to(page(idea::staff_pick)))
        .route("/ideas/{id}/staff-pick/delete", web::post().to(page(idea::staff_unpick)))
        .route("/fan-votes", web::get().to(page(fan_votes::list)))
        .route("/fan-votes/new", web::get().to(page(fan_votes::new_form)))
        .route("/fan-votes/new", web::post().to(page(fan_votes::create)))
        .route("/fan-votes/{id}", web::get().to(page(fan_votes::show)))
        .route("/fan-votes/{id}/ballot", web::post().to(page(fan_votes::vote)))
        .route("/fan-votes/{id}/ballot/delete", web::post().to(page(fan_votes::unvote)))
        .route("/fan-votes/{id}/cancel", web::post().to(page(fan_votes::cancel)))
        .route("/ideas/{id}/feedback", web::post().to(page(review::give_feedback)))
        .route("/ideas/{id}/evaluation", web::get().to(page(review::evaluation)))
        .route("/ideas/{id}/evaluation", web::post().to(page(review::evaluate)))
        .route("/roadmap", web::get().to(page(roadmap::roadmap)))
        .route("/products", web::get().to(page(products::list)))
        .route("/products/new", web::get().to(page(products::new_form)))
        .route("/products/new", web::post().to(page(products::create)))
        .route("/products/{slug}", web::get().to(page(products::show)))
        .route("/products/{slug}/edit", web::get().to(page(products::edit_form)))
        .route("/products/{slug}/edit", web::post().to(page(products::update)))
        .route("/products/{slug}/rating", web::post().to(page(products::rate)))
        .route("/products/{slug}/rating/delete", web::post().to(page(products::unrate)))
        .route("/products/{slug}/reviews/{id}/helpful", web::post().to(page(products::review_helpful)))
        .route("/products/{slug}/report", web::post().to(page(products::report)))
        .route("/products/{slug}/alerts/{id}/resolve", web::post().to(page(products::resolve_alert)))
        .route("/products/{slug}/questions", web::post().to(page(questions::ask)))
        .route("/products/{slug}/follow", web::post().to(page(questions::follow)))
        .route("/questions/{id}", web::get().to(page(questions::show)))
        .route("/questions/{id}/answers", web::post().to(page(questions::answer)))
        .route("/questions/{id}/accept", web::post().to(page(questions::accept)))
        .route("/questions/{id}/edit", web::post().to(page(questions::edit)))
        .route("/questions/{id}/delete", web::post().to(page(questions::delete)))
        .route("/questions/{id}/report", web::post().to(page(questions::report)))
        .route("/questions/{id}/answers/{answer}/helpful", web::post().to(page(questions::helpful)))
        .route("/questions/{id}/answers/{answer}/edit", web::post().to(page(questions::edit_answer)))
        .route("/questions/{id}/answers/{answer}/delete", web::post().to(page(questions::delete_answer)))
        .route("/questions/{id}/answers/{answer}/report", web::post().to(page(questions::report_answer)))
        .route("/product-tests", web::get().to(page(product_tests::list)))
        .route("/product-tests/new", web::get().to(page(product_tests::new_form)))
        .route("/product-tests/new", web::post().to(page(product_tests::create)))
        .route("/product-tests/{id}", web::get().to(page(product_tests::show)))
        .route("/product-tests/{id}/edit", web::get().to(page(product_tests::edit_form)))
        .route("/product-tests/{id}/edit", web::post().to(page(product_tests::update)))
        .route("/product-tests/{id}/apply", web::post().to(page(product_tests::apply)))
        .route("/product-tests/{id}/withdraw", web::post().to(page(product_tests::withdraw)))
        .route("/product-tests/{id}/report", web::get().to(page(product_tests::report_form)))
        .route("/product-tests/{id}/report", web::post().to(page(product_tests::report)))
        .route("/product-tests/{id}/draw", web::post().to(page(product_tests::draw)))
        .route("/product-tests/{id}/shipping-list", web::get().to(page(product_tests::shipping_list)))
        .route("/tips", web::get().to(page(tips::list)))
        .route("/tips/new", web::get().to(page(tips::new_form)))
        .route("/tips/new", web::post().to(page(tips::create)))
        .route("/tips/{id}", web::get().to(page(tips::show)))
        .route("/tips/{id}/edit", web::get().to(page(tips::edit_form)))
        .route("/tips/{id}/edit", web::post().to(page(tips::update)))
        .route("/tips/{id}/helpful", web::post().to(page(tips::helpful)))
        .route("/tips/{id}/report", web::post().to(page(tips::report)))
        .route("/tips/{id}/delete", web::post().to(page(tips::delete)))
        .route("/members/{handle}", web::get().to(page(points::profile)))
        .route("/leaderboard", web::get().to(page(points::leaderboard)))
        .route("/search", web::get().to(page(search::page)))
        .route("/dashboard", web::get().to(page(dashboard::show)))
        .route("/review-board", web::get().to(page(review::board)))
        .route("/review-board/criteria", web::get().to(page(review::criteria)))
        .route("/review-board/criteria", web::post().to(page(review::save_criteria)))
        .route("/moderation", web::get().to(page(moderation::queue)))
        .route("/moderation", web::post().to(page(moderation::act)))
        .route("/moderation/audit", web::get().to(page(audit::log)))
        .route("/admin/members", web::get().to(page(admin::members)))
        .route("/admin/members/{handle}/role", web::post().to(page(admin::change_role)))
        .route("/moderation/rings", web::get().to(page(rings::list)))
        .route("/moderation/rings", web::post().to(page(rings::act)))
        .route("/moderation/rings/{id}", web::get().to(page(rings::show)))
        .route("/notifications", web::get().to(page(notifications::list)))
        .route("/notifications/read", web::post().to(page(notifications::mark_read)))
        .route("/login", web::get().to(page(account::login_form)))
        .route("/login", web::post().to(page(account::login)))
        .route("/register", web::get().to(page(account::register_form)))
        .route("/register", web::post().to(page(account::register)))
        .route("/logout", web::post().to(page(account::logout)))
        .route("/logout-everywhere", web::post().to(page(account::logout_everywhere)))
        .route("/language", web::post().to(page(account::language)))
        .route("/settings", web::get().to(page(settings::show)))
        .route("/settings/profile", web::post().to(page(settings::profile)))
        .route("/settings/password", web::post().to(page(settings::password)))
        .route("/settings/email", web::post().to(page(settings::change_email)))
        .route("/settings/resend-verification", web::post().to(page(settings::resend)))
        .route("/settings/notifications", web::post().to(page(settings::notifications)))
        .route("/unsubscribe", web::get().to(page(settings::unsubscribe_form)))
        .route("/unsubscribe", web::post().to(page(settings::unsubscribe)))
        .route("/verify-email", web::get().to(page(settings::verify_form)))
        .route("/verify-email", web::post().to(page(settings::verify)))
        .route("/confirm-email", web::get().to(page(settings::confirm_email_form)))
        .route("/confirm-email", web::post().to(page(settings::confirm_email)))
        .route("/forgot-password", web::get().to(page(settings::forgot_form)))
        .route("/forgot-password", web::post().to(page(settings::forgot)))
        .route("/reset-password", web::get().to(page(settings::reset_form)))
        .route("/reset-password", web::post().to(page(settings::reset)))
        .route("/privacy", web::get().to(page(privacy::notice)))
        .route("/terms", web::get().to(page(privacy::terms)))
        .route("/terms/accept", web::get().to(page(privacy::accept_form)))
        .route("/terms/accept", web::post().to(page(privacy::accept)))
        .route("/settings/privacy", web::get().to(page(privacy::settings)))
        .route("/settings/privacy/consents", web::post().to(page(privacy::update_consents)))
        .route("/settings/privacy/export", web::post().to(page(privacy::export)))
        .route("/settings/privacy/delete", web::post().to(page(privacy::erase)))
        // Webhooks (docs/WEBHOOKS.md)
        .route("/admin/webhooks", web::get().to(page(webhooks::list)))
        .route("/admin/webhooks", web::post().to(page(webhooks::create)))
        .route("/admin/webhooks/{id}", web::get().to(page(webhooks::deliveries)))
        .route("/admin/webhooks/{id}", web::post().to(page(webhooks::act)))
        .route("/admin/webhooks/{id}/redeliver", web::post().to(page(webhooks::redeliver)))
        // Single sign-on (pages/sso.rs)
        .route("/auth/oidc/finish", web::get().to(page(sso::finish_form)))
        .route("/auth/oidc/register", web::post().to(page(sso::register)))
        .route("/auth/oidc/link", web::post().to(page(sso::link)))
        .route("/auth/oidc/{id}/start", web::get().to(page(sso::start)))
        .route("/auth/oidc/{id}/callback", web::get().to(page(sso::callback)))
        .route("/settings/sign-in/{provider}/unlink", web::post().to(page(sso::unlink)));
}

/// Anything no route matched: the HTML 404 page (the API scope answers its
/// own unknown paths with a JSON problem).
pub async fn not_found(ctx: PageCtx) -> HttpResponse {
    ctx.finish(Err(crate::error::AppError::not_found("Page")))
}

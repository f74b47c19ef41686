//! The pages in a real browser: headless Chromium over WebDriver drives the
//! real application on port 0, each journey once on SQLite and once on
//! PostgreSQL. Screenshots land in target/browser-screenshots/.
//!
//! Needs Debian's `chromium` and `chromium-driver`; a missing browser fails
//! the suite rather than skipping it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "../api/helpers.rs"]
mod helpers;

#[allow(dead_code)]
#[path = "../api/smtp.rs"]
mod smtp;

#[allow(dead_code)]
#[path = "../api/oidc_fixture.rs"]
mod oidc_fixture;

mod account_mail;
mod browse;
mod catalogue;
mod comments;
mod dashboard;
mod driver;
mod fan_votes;
mod http;
mod journeys;
mod news;
mod phone;
mod pictures;
mod points;
mod product_teams;
mod product_tests;
mod questions;
mod review;
mod sso;
mod tracker;
mod webhooks;

use browse::*;
use catalogue::*;
use comments::*;
use dashboard::*;
use fan_votes::*;
use http::*;
use journeys::*;
use news::*;
use phone::*;
use pictures::*;
use points::*;
use product_teams::*;
use product_tests::*;
use questions::*;
use review::*;
use tracker::*;
use webhooks::*;

backend_tests!(
    member_journey,
    support_without_javascript,
    hostile_markdown_is_inert,
    posts_without_csrf_token_are_refused,
    language_comes_from_choice_then_header_then_german,
    unknown_paths_answer_in_their_kind,
    user_content_is_escaped,
    moderated_idea_is_declined_with_a_reason,
    staff_forms_and_reports_work_without_javascript,
    moderation_is_for_moderators,
    tracker_posts_without_csrf_token_are_refused,
    member_rates_a_product,
    member_writes_a_tip_and_finds_it_by_a_typo,
    catalogue_pages_over_http,
    dashboard_is_the_product_teams_page,
    member_earns_points_and_sees_them_on_her_profile,
    points_pages_over_http,
    supporters_answer_and_the_team_sees_demand,
    raffle_and_exports_over_http,
    every_page_fits_a_phone,
    members_browse_ideas_challenges_and_profiles,
    an_idea_gets_pictures_without_javascript,
    member_edits_and_deletes_her_comment,
    staff_pages_audit_roles_and_removal,
    members_ask_and_the_team_answers_on_the_pages,
    member_applies_for_a_product_test,
    member_votes_in_a_fan_vote_through_the_page,
    evaluator_scores_blind_and_the_author_reads_feedback,
    admin_manages_webhooks_on_the_page,
    staff_post_news_on_the_challenge_page,
);

/// Journeys that set up their own app (a real SMTP server beside it).
mod register_verify_and_reset_by_mail {
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn sqlite() {
        crate::account_mail::register_verify_and_reset_by_mail(crate::helpers::Backend::Sqlite).await
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn postgres() {
        crate::account_mail::register_verify_and_reset_by_mail(crate::helpers::Backend::Postgres).await
    }
}

/// Single sign-on against the certified provider (its own app: the provider's file names the issuer first).
mod member_signs_in_with_the_provider_and_links_it {
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn sqlite() {
        crate::sso::member_signs_in_with_the_provider_and_links_it(crate::helpers::Backend::Sqlite).await
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn postgres() {
        crate::sso::member_signs_in_with_the_provider_and_links_it(crate::helpers::Backend::Postgres).await
    }
}

/// Runs a journey on SQLite and PostgreSQL with a configuration it adjusts first.
macro_rules! configured_backend_tests {
    ($($name:ident with $tweak:path),* $(,)?) => {
        $(
            mod $name {
                use crate::helpers::{spawn_app_with, Backend};
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn sqlite() {
                    super::$name(spawn_app_with(Backend::Sqlite, $tweak).await).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn postgres() {
                    super::$name(spawn_app_with(Backend::Postgres, $tweak).await).await
                }
            }
        )*
    };
}

configured_backend_tests!(
    product_team_sees_a_review_spike with crate::catalogue::low_spike_threshold,
    product_team_reads_the_dashboard with crate::catalogue::low_spike_threshold,
    search_page_survives_an_engine_outage with crate::catalogue::unreachable_search_engine,
);

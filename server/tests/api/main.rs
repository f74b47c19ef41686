//! Black-box API tests: the real application on port 0, over HTTP, each test
//! once on SQLite and once on PostgreSQL (see `backend_tests!`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;
mod oidc_fixture;
mod s3;
mod smtp;
mod switch;

mod accounts;
mod challenges;
mod cli;
mod comments;
mod concurrency;
mod conventions;
mod dashboard;
mod exports;
mod fan_votes;
mod feeds;
mod ideas;
mod images;
mod limits;
mod mail;
mod matrix;
mod metrics;
mod moderation;
mod notifications;
mod points;
mod privacy;
mod product_tests;
mod products;
mod questions;
mod raffles;
mod relevance;
mod review_board;
mod search;
mod security;
mod sso;
mod staff;
mod staff_picks;
mod supports;
mod tips;
mod tracker;
mod trust;
mod webhooks;

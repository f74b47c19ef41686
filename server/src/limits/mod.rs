//! Write limits (docs/TRUST.md, "Limits on writing"): how many ideas,
//! comments, supports, reports, tips, reviews, uploads and registrations a
//! member and a client address may make in a window, counted in the database
//! so that every instance enforces the same limit. The middleware in
//! `http::limits` asks `service::take` before a counted write runs.

pub mod rules;
pub mod service;
pub mod store;

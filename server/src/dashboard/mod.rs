//! The product team's dashboard: the funnel from submission to the shelf,
//! supports per day, this week's risers, ideas waiting for review and products
//! with open review-spike alerts, overall or for one challenge. Read-only.

pub mod api;
pub mod rules;
pub mod service;
pub mod store;

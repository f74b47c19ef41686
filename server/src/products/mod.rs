//! Products, ratings and reviews, review-spike alerts: Migipedia's half of the platform.

pub mod api;
pub mod rules;
pub mod service;
pub mod store;

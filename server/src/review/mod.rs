//! Private feedback for creators and the review board (docs/REVIEW.md).

pub mod api;
pub mod rules;
pub mod service;
pub mod store;

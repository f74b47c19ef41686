//! The status tracker: an idea's way from submission to the shelf.

pub mod api;
pub mod rules;
pub mod service;
pub mod store;

//! Ideas and the supports members give them.

pub mod api;
pub mod rules;
pub mod service;
pub mod store;

//! Comments on ideas, with one level of replies.

pub mod api;
pub mod rules;
pub mod service;
pub mod store;

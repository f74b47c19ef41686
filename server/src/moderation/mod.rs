//! Moderation: reports, the queue, hide/restore, suspensions, merges.

pub mod api;
pub mod rules;
pub mod service;
pub mod store;

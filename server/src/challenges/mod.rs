//! Challenges: brand-run calls for ideas with dates, a threshold and a vote mode.

pub mod api;
pub mod news;
pub mod rules;
pub mod service;
pub mod store;

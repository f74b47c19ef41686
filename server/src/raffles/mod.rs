//! Prize draws among a challenge's participants, reproducible and verifiable
//! by anyone (issue 7). See docs/RAFFLE.md for the algorithm.

pub mod api;
pub mod rules;
pub mod service;
pub mod store;

//! Points, levels, badges and leaderboards on an append-only ledger (issue 6).
//! See docs/POINTS.md.

pub mod api;
pub mod badges;
pub mod rules;
pub mod service;
pub mod store;

//! Points, levels, badges and leaderboards on an append-only ledger (issue 6).
//! So far the pure rules; the ledger store and service come next.

pub mod rules;

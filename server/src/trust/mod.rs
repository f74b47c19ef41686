//! Trust and safety (docs/TRUST.md): client marks kept as keyed hashes for 90
//! days, the vote-ring detector (`rules::detect`), the scan that opens cases,
//! and the moderators' decisions (void, clear, restore) and holds.

pub mod api;
pub mod rules;
pub mod service;
pub mod store;

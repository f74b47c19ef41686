//! Ledger rows. Entries are only ever inserted; balances and leaderboard
//! totals move in the same transaction by exactly the amount of an entry that
//! was inserted.
//!
//! One file per part, all re-exported here (`points::store::…`):
//! - `ledger`: entries, balances, the boards' totals and histogram deltas;
//! - `pending`: the caches a support leaves to a batch (totals, histograms);
//! - `window`: the 30-day window's advance;
//! - `boards`: leaderboard pages and places;
//! - `badges`: awarded badges;
//! - `histograms`: folding the histograms' deltas;
//! - `verification`: every cache against the ledger (`ledger verify`).

mod badges;
mod boards;
mod histograms;
mod ledger;
mod pending;
mod verification;
mod window;

pub use badges::*;
pub use boards::*;
pub use histograms::*;
pub use ledger::*;
pub use pending::*;
pub use verification::*;
pub use window::*;

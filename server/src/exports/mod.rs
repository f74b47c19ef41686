//! Exports of ideas for product teams (issue 7): CSV, JSON, NDJSON and XLSX,
//! streamed in keyset-paged batches so memory stays flat however many rows.

pub mod api;
pub mod rules;
pub mod service;
mod stream;
pub mod xlsx;

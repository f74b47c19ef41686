//! Challenge news: the challenge's staff (the product team and admins, who may edit the challenge) post
//! news on it — a title and a Markdown body, published now or at a chosen time (docs/FEEDS.md).
//! The challenge page lists them newest first, and each challenge has an Atom feed of them (`feeds`).

pub mod api;
pub mod rules;
pub mod service;
pub mod store;

//! Atom feeds (docs/FEEDS.md): new ideas (overall and per challenge), an idea's timeline, a challenge's
//! news, a product's new reviews and all products' new reviews. The service builds `atom_syndication`
//! feeds from the domains' public content only; the API serves them with ETag and Last-Modified.

pub mod api;
pub mod rules;
pub mod service;
pub mod store;

//! Community tips: short how-tos members share, optionally about a product.

pub mod api;
pub mod rules;
pub mod service;
pub mod store;

//! Product tests (issue 18): members apply to test a new product, a fair and verifiable weighted draw picks
//! the testers, who report back (docs/PRODUCT_TESTS.md).

pub mod api;
pub mod rules;
pub mod service;
pub mod store;

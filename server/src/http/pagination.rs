//! Moved to [`crate::pagination`]: a shim while `http/mod.rs`, `ideas/service.rs` and `products/service.rs` still
//! name this path. Remove it once they import `crate::pagination`.

pub use crate::pagination::*;

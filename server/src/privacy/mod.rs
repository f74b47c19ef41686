//! Privacy: the consents a member gives and withdraws (terms, product news, sharing a shipping address), the
//! export of everything stored about a member, and erasing an account (docs/ACCOUNTS.md, "Privacy").
//!
//! Placed late in the dependency order: erasure and export read every domain's tables, remove contributions
//! the way moderation does and write the audit log. Registration records its consents through
//! `privacy::store`, in the account's own transaction.

pub mod api;
pub mod rules;
pub mod service;
pub mod store;

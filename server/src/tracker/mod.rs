//! The status tracker: an idea's way from submission to the shelf.

pub mod rules;

//! ideas tests.

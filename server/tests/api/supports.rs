//! supports tests.

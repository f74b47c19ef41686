//! challenges tests.

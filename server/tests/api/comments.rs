//! comments tests.

//! Pictures: members upload them (`POST /api/v1/images`, or a form's file input) and attach them to ideas,
//! products, tips and their avatar. Every upload is decoded by its content and re-encoded in three sizes
//! without metadata; files are named by their hash and kept in the media store (the data directory, or
//! S3-compatible object storage shared by several instances), served at `/media/<key>`.

pub mod api;
pub mod demo;
pub mod process;
pub mod rules;
pub mod service;
pub mod storage;
pub mod store;
pub mod upload;

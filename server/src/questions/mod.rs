//! Product questions and answers: members ask about a product, members and the product team answer (the
//! team's answers are official and shown first), the asker or the team accepts one, members mark answers
//! helpful. See docs/QUESTIONS.md.

pub mod api;
pub mod rules;
pub mod service;
pub mod store;

//! Fan votes (issue 19, docs/FAN_VOTES.md): the product team puts 2 to 6 finalist ideas to a vote in a window;
//! each verified member has one ballot, changeable until the close; the results are live or shown after the
//! close; the winner's timeline records the win exactly once.

pub mod api;
pub mod rules;
pub mod service;
pub mod store;

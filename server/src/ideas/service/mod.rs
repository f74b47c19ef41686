//! Idea and support operations: the one place the API and the pages go to
//! submit, edit, list, support and withdraw.
//!
//! - `views`: the views of ideas and authors, who sees what, one idea and the lists;
//! - `supports`: supporting and withdrawing, the budget, the demand answers;
//! - `submit`: submitting and editing an idea;
//! - `picks`: staff picks (mark, unmark);
//! - `moves`: an idea's moves through its states (the status, the event, the
//!   tier clock, notifications, audit, points), in the caller's transaction.

mod moves;
mod picks;
mod submit;
mod supports;
mod views;

pub use moves::{apply_move, apply_move_with, challenge_of, tiers_for};
pub use picks::{pick, unpick, PickInput};
pub use submit::{create, update, CreateIdea, UpdateIdea};
pub use supports::{
    demand, my_budget, my_demand, support, support_in_tx, withdraw, withdraw_in_tx, DemandInput, SupportResult,
};
pub use views::{
    author_views, get, list, load_visible, mine, parse_sort, view_one, views, visible_to, AuthorView, IdeaQuery,
    IdeaView, MyIdeas, StaffPickView,
};

//! Product, rating, review and alert operations: the one place the API and
//! the pages go to.
//!
//! - `catalogue`: products (create, update, get, list) and their views;
//! - `ratings`: ratings and reviews, the rating summary, the review-spike check;
//! - `helpful`: helpful votes on reviews;
//! - `alerts`: the open review-spike alerts and resolving them;
//! - `follows`: following a product (followers hear of new questions about it).

mod alerts;
mod catalogue;
mod follows;
mod helpful;
mod ratings;

pub use alerts::{alerts, resolve_alert, AlertView};
pub use catalogue::{
    create, ensure_product_team, for_idea, get, list, load, product_views, update, CreateProduct, FacetCount,
    OriginIdea, ProductLink, ProductList, ProductQuery, ProductView, UpdateProduct,
};
pub use follows::{follow, follow_state, FollowState};
pub use helpful::{review_helpful, HelpfulResult};
pub use ratings::{
    on_review_visibility, rate, rate_in_tx, review_views, reviews, unrate, RateInput, RateResult, RatingSummary,
    ReviewPage, ReviewQuery, ReviewView, TestedIn,
};

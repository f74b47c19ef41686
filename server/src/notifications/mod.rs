//! In-app notifications, written in the same transaction as the event that
//! causes them.

pub mod api;
pub mod mail;
pub mod rules;
pub mod service;
pub mod store;

/// What a notification is about.
pub mod kind {
    pub const STATUS_CHANGED: &str = "status_changed";
    pub const COMMENT: &str = "comment";
    pub const REPLY: &str = "reply";
    pub const CREATOR_UPDATE: &str = "creator_update";
    pub const TIER_REACHED: &str = "tier_reached";
    pub const MODERATION: &str = "moderation";
    pub const MERGED: &str = "merged";
    /// A product got an unusual number of low ratings (to the product team).
    pub const REVIEW_SPIKE: &str = "review_spike";
    /// The member earned a badge.
    pub const BADGE_AWARDED: &str = "badge_awarded";
    /// The member won a prize in a challenge's raffle.
    pub const RAFFLE_WON: &str = "raffle_won";
    /// Someone answered the member's question about a product.
    pub const ANSWER: &str = "answer";
    /// A new question about a product the member follows.
    pub const PRODUCT_QUESTION: &str = "product_question";
    /// The member was drawn as a tester of a product test.
    pub const TEST_SELECTED: &str = "test_selected";
    /// A tester's report is due in 3 days.
    pub const TEST_REPORT_DUE: &str = "test_report_due";
    /// The product team made the member's idea a staff pick.
    pub const STAFF_PICK: &str = "staff_pick";
    /// New private feedback on the member's idea: one a day per idea, its `count` raised by later feedback.
    pub const FEEDBACK: &str = "feedback_received";
}

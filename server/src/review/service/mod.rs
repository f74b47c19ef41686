//! The operations of feedback (feedback.rs) and of the review board (board.rs).

pub mod board;
pub mod feedback;

pub use board::{
    assign_round_robin, board, criteria, evaluate, evaluations, memo_for_decision, memos, publish_memo, set_criteria,
    set_evaluators, BoardEntry, Calibration, CriteriaInput, CriteriaView, EvaluationBoard, EvaluationInput,
    EvaluatorView, EvaluatorsInput, OutlierView, ReviewBoard,
};
pub use feedback::{FeedbackInput, FeedbackNote, FeedbackSummary, HideInput, MyFeedback};

//! Every refusal's machine code, in one list (like Lemmy's `LemmyErrorType`).
//!
//! The API returns the code in the problem body's `code`; the pages translate it through the locale files
//! (`problem-<code>` with `-` for `_`, both languages; a test walks the list). No code path compares a
//! problem's English `detail`. docs/API.md lists the codes with their statuses.

macro_rules! error_codes {
    ($($variant:ident => $code:literal,)*) => {
        /// A refusal's stable, machine-readable code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($variant,)*
        }

        impl ErrorCode {
            /// Every code, for the locale test and the documentation.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The snake_case code in problem bodies.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }
        }
    };
}

error_codes! {
    // 400
    BadRequest => "bad_request",
    // 401
    Unauthenticated => "unauthenticated",
    InvalidToken => "invalid_token",
    BadCredentials => "bad_credentials",
    // 403: who may do it
    Forbidden => "forbidden",
    Csrf => "csrf",
    Suspended => "suspended",
    EmailNotVerified => "email_not_verified",
    ModeratorsOnly => "moderators_only",
    ProductTeamOnly => "product_team_only",
    AdminsOnly => "admins_only",
    NotAuthor => "not_author",
    OwnIdea => "own_idea",
    OwnContent => "own_content",
    NotAsker => "not_asker",
    MoveNotPermitted => "move_not_permitted",
    TermsNotAccepted => "terms_not_accepted",
    WrongPassword => "wrong_password",
    StaffProtected => "staff_protected",
    StaffNotEligible => "staff_not_eligible",
    LevelTooLow => "level_too_low",
    NotATester => "not_a_tester",
    NotEvaluator => "not_evaluator",
    // 404
    NotFound => "not_found",
    // 409: the current state does not allow it
    ChallengeNotOpen => "challenge_not_open",
    ChallengeClosed => "challenge_closed",
    VoteModeLocked => "vote_mode_locked",
    EditLocked => "edit_locked",
    EditWindowClosed => "edit_window_closed",
    QuestionHasAnswers => "question_has_answers",
    IdeaNotGathering => "idea_not_gathering",
    BudgetUsedUp => "budget_used_up",
    StateChanged => "state_changed",
    IllegalMove => "illegal_move",
    NotMergeable => "not_mergeable",
    NotMerged => "not_merged",
    CaseDecided => "case_decided",
    SelfModeration => "self_moderation",
    HiddenByModerator => "hidden_by_moderator",
    RaffleTooLate => "raffle_too_late",
    RaffleExists => "raffle_exists",
    DrawTooEarly => "draw_too_early",
    AlreadyDrawn => "already_drawn",
    TestNotOpen => "test_not_open",
    ApplicationsClosed => "applications_closed",
    TestLocked => "test_locked",
    ReportExists => "report_exists",
    ReportTooLate => "report_too_late",
    LastAdmin => "last_admin",
    IndexBusy => "index_busy",
    PickNotPublic => "pick_not_public",
    FinalistNotEligible => "finalist_not_eligible",
    FinalistInOtherVote => "finalist_in_other_vote",
    FanVoteStarted => "fan_vote_started",
    FanVoteNotOpen => "fan_vote_not_open",
    FanVoteClosed => "fan_vote_closed",
    StaffCannotVote => "staff_cannot_vote",
    CriteriaLocked => "criteria_locked",
    NotInReview => "not_in_review",
    EvaluationsIncomplete => "evaluations_incomplete",
    // 405, 408, 413, 415, 422, 429, 500, 503
    MethodNotAllowed => "method_not_allowed",
    RequestTimeout => "request_timeout",
    PayloadTooLarge => "payload_too_large",
    UnsupportedMediaType => "unsupported_media_type",
    Validation => "validation",
    NotAnImage => "not_an_image",
    ImageTooLarge => "image_too_large",
    RateLimited => "rate_limited",
    Internal => "internal",
    Unavailable => "unavailable",
    SearchUnavailable => "search_unavailable",
    // Webhooks (docs/WEBHOOKS.md)
    WebhookTargetRefused => "webhook_target_refused",
    WebhookTargetUnresolvable => "webhook_target_unresolvable",
    // Single sign-on (docs/ACCOUNTS.md, "Single sign-on")
    PasswordSigninDisabled => "password_signin_disabled",
    OidcProviderUnavailable => "oidc_provider_unavailable",
    OidcStateInvalid => "oidc_state_invalid",
    OidcSignInFailed => "oidc_sign_in_failed",
    OidcIdTokenInvalid => "oidc_id_token_invalid",
    OidcDomainNotAllowed => "oidc_domain_not_allowed",
    OidcEmailMissing => "oidc_email_missing",
    OidcEmailUnverified => "oidc_email_unverified",
    OidcLinkFromSettings => "oidc_link_from_settings",
    OidcIdentityTaken => "oidc_identity_taken",
    LastSignInMethod => "last_sign_in_method",
}

impl ErrorCode {
    /// The Fluent key of the sentence the pages show for this code.
    pub fn locale_key(self) -> String {
        format!("problem-{}", self.as_str().replace('_', "-"))
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            assert!(seen.insert(c.as_str()), "duplicate {c}");
            assert!(c.as_str().chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'), "{c}");
        }
    }

    #[test]
    fn every_code_is_documented() {
        let doc = include_str!("../../../docs/API.md");
        for c in ErrorCode::ALL {
            assert!(doc.contains(&format!("| `{c}` |")), "docs/API.md does not list {c}");
        }
    }
}

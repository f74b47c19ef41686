//! The authorization matrix (issue 14): every mutating operation of the API × eight roles, each cell
//! asserting the status a correct platform answers (and the problem `code` of a 401 or 403).
//!
//! The operations are read from the OpenAPI document (GET /api/v1/openapi.json), which the one route
//! list makes: a POST, PUT, PATCH or DELETE route under /api/v1 without a row in `ROWS` fails the test,
//! and so does a row whose operation is not in the document.
//!
//! The roles (the columns of `ROWS`, in this order):
//! - `Anonymous`: no token.
//! - `Member`: a plain member who is not the owner of the thing.
//! - `Owner`: the author of the thing (idea, comment, tip, review) where there is one; elsewhere a
//!   second plain member. A member's own account is "the thing" of `PATCH /users/{handle}/role`.
//! - `Suspended`: a suspended plain member. Where the thing has an author, it is theirs (written before
//!   the suspension), so the cell shows what the suspension takes away from an owner; where the
//!   operation takes back a member's own contribution (a support, a rating, a helpful mark), they made
//!   that contribution before the suspension (docs/ACCOUNTS.md: what a suspended member may still do).
//! - `Moderator`, `ProductTeam`, `Admin`: staff accounts, never the author.
//! - `SuspendedAdmin`: a suspended admin, never the author: acts as a plain member.
//!
//! Each cell gets fresh state from its row's setup (a fresh idea per cell, say, so that one role's support
//! does not change the next one's answer), which returns the concrete path and body. The accounts are
//! made once per backend; a cell that ends sessions (`logout`, `logout-everywhere`) signs in afresh.
//!
//! A cell where today's answer is not what a correct platform does is written `known(today, correct)`
//! with a `// KNOWN:` comment: the test asserts today's answer and prints the deviation.

use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use ideashelf::accounts::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::TestApp;

backend_tests!(authorization_matrix);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Who {
    Anonymous,
    Member,
    Owner,
    Suspended,
    Moderator,
    ProductTeam,
    Admin,
    SuspendedAdmin,
}

impl Who {
    const ALL: [Who; 8] = [
        Who::Anonymous,
        Who::Member,
        Who::Owner,
        Who::Suspended,
        Who::Moderator,
        Who::ProductTeam,
        Who::Admin,
        Who::SuspendedAdmin,
    ];

    /// The account's handle and its staff role (none for members).
    fn account(self) -> Option<(&'static str, Option<Role>)> {
        match self {
            Who::Anonymous => None,
            Who::Member => Some(("mx_member", None)),
            Who::Owner => Some(("mx_owner", None)),
            Who::Suspended => Some(("mx_suspended", None)),
            Who::Moderator => Some(("mx_moderator", Some(Role::Moderator))),
            Who::ProductTeam => Some(("mx_team", Some(Role::ProductTeam))),
            Who::Admin => Some(("mx_admin", Some(Role::Admin))),
            Who::SuspendedAdmin => Some(("mx_suspended_admin", Some(Role::Admin))),
        }
    }

    fn handle(self) -> Option<&'static str> {
        self.account().map(|(h, _)| h)
    }

    fn suspended(self) -> bool {
        matches!(self, Who::Suspended | Who::SuspendedAdmin)
    }

    /// Who wrote the thing this role acts on: the suspended member acts on their own, everyone else on
    /// the owner's.
    fn author(self) -> Who {
        if self == Who::Suspended {
            Who::Suspended
        } else {
            Who::Owner
        }
    }
}

/// An expected answer: the status, the problem code (for 401 and 403), and for a `KNOWN` deviation the
/// answer a correct platform would give.
#[derive(Clone, Copy, Debug)]
struct Expect {
    status: u16,
    code: Option<&'static str>,
    should: Option<(u16, Option<&'static str>)>,
}

const fn ok(status: u16) -> Expect {
    Expect { status, code: None, should: None }
}

const fn deny(status: u16, code: &'static str) -> Expect {
    Expect { status, code: Some(code), should: None }
}

/// Today's answer, asserted, and the one a correct platform gives (reported at the end).
const fn known(today: Expect, correct: Expect) -> Expect {
    Expect { should: Some((correct.status, correct.code)), ..today }
}

const OK: Expect = ok(200);
const CREATED: Expect = ok(201);
const NO_CONTENT: Expect = ok(204);
const ACCEPTED: Expect = ok(202);
/// Reached the operation and refused on its merits (a made-up token, a wrong password): anyone may try.
const INVALID: Expect = deny(422, "validation");
const ANON: Expect = deny(401, "unauthenticated");
const SUSP: Expect = deny(403, "suspended");
const MODS: Expect = deny(403, "moderators_only");
const TEAM: Expect = deny(403, "product_team_only");
const ADMINS: Expect = deny(403, "admins_only");
const AUTHOR: Expect = deny(403, "not_author");
const OWN_IDEA: Expect = deny(403, "own_idea");
const OWN: Expect = deny(403, "own_content");
const MOVE: Expect = deny(403, "move_not_permitted");
const ASKER: Expect = deny(403, "not_asker");
const STAFF_NO: Expect = deny(403, "staff_not_eligible");
const NOT_TESTER: Expect = deny(403, "not_a_tester");
const STAFF_NO_VOTE: Expect = deny(403, "staff_cannot_vote");
const UNLINKED: Expect = deny(404, "not_found");

/// A cell's request: the concrete path and body, and a token of its own when the shared one must not be
/// used (signing out ends it).
struct Cell {
    path: String,
    body: Option<Value>,
    token: Option<String>,
    /// The cell ends every session of the account: sign in again afterwards.
    relogin: bool,
    /// Send a picture as multipart/form-data instead of the JSON body.
    upload: bool,
}

impl Cell {
    fn at(path: impl Into<String>) -> Cell {
        Cell { path: path.into(), body: None, token: None, relogin: false, upload: false }
    }

    fn body(self, body: Value) -> Cell {
        Cell { body: Some(body), ..self }
    }
}

type Fut<'a> = Pin<Box<dyn Future<Output = Cell> + 'a>>;

struct Row {
    op: &'static str,
    /// Anonymous, Member, Owner, Suspended, Moderator, ProductTeam, Admin, SuspendedAdmin.
    expect: [Expect; 8],
    setup: fn(&Ctx, Who) -> Fut<'_>,
}

/// One row per mutating operation. Columns: Anonymous, Member, Owner, Suspended, Moderator, ProductTeam,
/// Admin, SuspendedAdmin.
static ROWS: &[Row] = &[
    // Accounts.
    Row {
        op: "POST /api/v1/auth/register",
        expect: [CREATED, CREATED, CREATED, CREATED, CREATED, CREATED, CREATED, CREATED],
        setup: register,
    },
    // A suspended account still signs in: it keeps reading and may take back its own.
    Row { op: "POST /api/v1/auth/login", expect: [OK, OK, OK, OK, OK, OK, OK, OK], setup: login },
    Row {
        op: "POST /api/v1/auth/logout",
        expect: [ANON, NO_CONTENT, NO_CONTENT, NO_CONTENT, NO_CONTENT, NO_CONTENT, NO_CONTENT, NO_CONTENT],
        setup: logout,
    },
    Row {
        op: "POST /api/v1/auth/logout-everywhere",
        expect: [ANON, OK, OK, OK, OK, OK, OK, OK],
        setup: logout_everywhere,
    },
    // Account self-service: a member's own, suspended or not (a suspension limits what one contributes, not
    // one's account). The mailed tokens need no sign-in; a made-up one is refused on its merits.
    Row { op: "POST /api/v1/auth/verify-email", expect: [INVALID; 8], setup: bad_token_verify },
    Row { op: "POST /api/v1/auth/password-reset/confirm", expect: [INVALID; 8], setup: bad_token_reset },
    Row { op: "POST /api/v1/me/email/confirm", expect: [INVALID; 8], setup: bad_token_email },
    Row { op: "POST /api/v1/auth/password-reset", expect: [ACCEPTED; 8], setup: password_reset },
    Row {
        op: "POST /api/v1/auth/resend-verification",
        expect: [ANON, ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED],
        setup: resend_verification,
    },
    Row { op: "PATCH /api/v1/me", expect: [ANON, OK, OK, OK, OK, OK, OK, OK], setup: update_me },
    Row {
        op: "PUT /api/v1/me/notification-settings",
        expect: [ANON, OK, OK, OK, OK, OK, OK, OK],
        setup: notification_settings,
    },
    // With a wrong current password (a right one would end the shared sessions): signed in, anyone may try.
    Row {
        op: "POST /api/v1/me/password",
        expect: [ANON, INVALID, INVALID, INVALID, INVALID, INVALID, INVALID, INVALID],
        setup: change_password,
    },
    Row {
        op: "POST /api/v1/me/email",
        expect: [ANON, INVALID, INVALID, INVALID, INVALID, INVALID, INVALID, INVALID],
        setup: change_email,
    },
    // Privacy: a member's own consents and account; a suspended account may still change its consents and
    // erase itself (they concern only its own data). Each erasure cell erases a fresh account of its kind.
    Row { op: "PUT /api/v1/me/consents", expect: [ANON, OK, OK, OK, OK, OK, OK, OK], setup: consents },
    Row { op: "DELETE /api/v1/me", expect: [ANON, OK, OK, OK, OK, OK, OK, OK], setup: erase },
    // Single sign-on: a member unlinks only their own providers; this app has none linked (the rules: sso.rs).
    Row {
        op: "DELETE /api/v1/me/sign-in-methods/{provider}",
        expect: [ANON, UNLINKED, UNLINKED, UNLINKED, UNLINKED, UNLINKED, UNLINKED, UNLINKED],
        setup: unlink_provider,
    },
    // Making oneself an admin (the member tries it on the owner's account).
    Row {
        op: "PATCH /api/v1/users/{handle}/role",
        expect: [ANON, ADMINS, ADMINS, ADMINS, ADMINS, ADMINS, OK, ADMINS],
        setup: change_role,
    },
    // Challenges and raffles: the product team and admins.
    Row {
        op: "POST /api/v1/challenges",
        expect: [ANON, TEAM, TEAM, TEAM, TEAM, CREATED, CREATED, TEAM],
        setup: create_challenge,
    },
    Row {
        op: "PATCH /api/v1/challenges/{id_or_slug}",
        expect: [ANON, TEAM, TEAM, TEAM, TEAM, OK, OK, TEAM],
        setup: update_challenge,
    },
    Row {
        op: "POST /api/v1/challenges/{id_or_slug}/raffle",
        expect: [ANON, TEAM, TEAM, TEAM, TEAM, CREATED, CREATED, TEAM],
        setup: create_raffle,
    },
    Row {
        op: "POST /api/v1/challenges/{id_or_slug}/raffle/draw",
        expect: [ANON, TEAM, TEAM, TEAM, TEAM, OK, OK, TEAM],
        setup: draw_raffle,
    },
    // Product tests: the product team runs them; members apply and the testers drawn report.
    Row {
        op: "POST /api/v1/product-tests",
        expect: [ANON, TEAM, TEAM, TEAM, TEAM, CREATED, CREATED, TEAM],
        setup: create_product_test,
    },
    Row {
        op: "PATCH /api/v1/product-tests/{id}",
        expect: [ANON, TEAM, TEAM, TEAM, TEAM, OK, OK, TEAM],
        setup: update_product_test,
    },
    Row {
        op: "POST /api/v1/product-tests/{id}/applications",
        expect: [ANON, CREATED, CREATED, SUSP, STAFF_NO, STAFF_NO, STAFF_NO, SUSP],
        setup: apply_product_test,
    },
    Row {
        op: "PUT /api/v1/product-tests/{id}/applications/mine",
        expect: [ANON, CREATED, CREATED, SUSP, STAFF_NO, STAFF_NO, STAFF_NO, SUSP],
        setup: reapply_product_test,
    },
    Row {
        op: "DELETE /api/v1/product-tests/{id}/applications/mine",
        expect: [ANON, NO_CONTENT, NO_CONTENT, NO_CONTENT, NO_CONTENT, NO_CONTENT, NO_CONTENT, NO_CONTENT],
        setup: withdraw_product_test,
    },
    Row {
        op: "POST /api/v1/product-tests/{id}/draw",
        expect: [ANON, TEAM, TEAM, TEAM, TEAM, OK, OK, TEAM],
        setup: draw_product_test,
    },
    Row {
        op: "POST /api/v1/product-tests/{id}/reports",
        expect: [ANON, NOT_TESTER, CREATED, SUSP, NOT_TESTER, NOT_TESTER, NOT_TESTER, SUSP],
        setup: report_product_test,
    },
    // The review board's criteria (docs/REVIEW.md): the product team's, until a board's first idea reaches
    // review. The open board's row comes before any open-board idea reaches review (the tracker's row).
    Row {
        op: "PUT /api/v1/review-criteria",
        expect: [ANON, TEAM, TEAM, TEAM, TEAM, OK, OK, TEAM],
        setup: open_criteria,
    },
    Row {
        op: "PUT /api/v1/challenges/{id_or_slug}/review-criteria",
        expect: [ANON, TEAM, TEAM, TEAM, TEAM, OK, OK, TEAM],
        setup: challenge_criteria,
    },
    // Ideas and supports.
    Row {
        op: "POST /api/v1/ideas",
        expect: [ANON, CREATED, CREATED, SUSP, CREATED, CREATED, CREATED, SUSP],
        setup: create_idea,
    },
    Row {
        op: "PATCH /api/v1/ideas/{id}",
        expect: [
            ANON,
            AUTHOR,
            OK,
            SUSP,
            // KNOWN: moderators and admins edit any member's idea (ideas::service::update lets
            // `can_moderate` through): not audited, and past the edit lock that protects supporters.
            // The API documents the edit as the author's (docs/API.md `not_author`).
            known(OK, AUTHOR),
            AUTHOR,
            // KNOWN: as for moderators.
            known(OK, AUTHOR),
            SUSP,
        ],
        setup: update_idea,
    },
    Row { op: "PUT /api/v1/ideas/{id}/support", expect: [ANON, OK, OWN_IDEA, SUSP, OK, OK, OK, SUSP], setup: support },
    // Withdrawing one's support is allowed while suspended; the owner has none to withdraw (a no-op).
    Row { op: "DELETE /api/v1/ideas/{id}/support", expect: [ANON, OK, OK, OK, OK, OK, OK, OK], setup: withdraw },
    // Staff picks: the product team and admins.
    Row {
        op: "PUT /api/v1/ideas/{id}/staff-pick",
        expect: [ANON, TEAM, TEAM, TEAM, TEAM, OK, OK, TEAM],
        setup: staff_pick,
    },
    Row {
        op: "DELETE /api/v1/ideas/{id}/staff-pick",
        expect: [ANON, TEAM, TEAM, TEAM, TEAM, OK, OK, TEAM],
        setup: staff_pick,
    },
    // Challenge news: the challenge's staff (the product team and admins) post, edit and delete it.
    Row {
        op: "POST /api/v1/challenges/{id_or_slug}/news",
        expect: [ANON, TEAM, TEAM, TEAM, TEAM, CREATED, CREATED, TEAM],
        setup: post_news,
    },
    Row { op: "PATCH /api/v1/news/{id}", expect: [ANON, TEAM, TEAM, TEAM, TEAM, OK, OK, TEAM], setup: edit_news },
    Row {
        op: "DELETE /api/v1/news/{id}",
        expect: [ANON, TEAM, TEAM, TEAM, TEAM, NO_CONTENT, NO_CONTENT, TEAM],
        setup: delete_news,
    },
    // Fan votes: the product team and admins run them; members vote (the owner wrote the finalists and may
    // vote too); staff do not vote. A ballot may be withdrawn while suspended, like a support.
    Row {
        op: "POST /api/v1/fan-votes",
        expect: [ANON, TEAM, TEAM, TEAM, TEAM, CREATED, CREATED, TEAM],
        setup: create_fan_vote,
    },
    Row {
        op: "PATCH /api/v1/fan-votes/{id}",
        expect: [ANON, TEAM, TEAM, TEAM, TEAM, OK, OK, TEAM],
        setup: edit_fan_vote,
    },
    Row {
        op: "DELETE /api/v1/fan-votes/{id}",
        expect: [ANON, TEAM, TEAM, TEAM, TEAM, OK, OK, TEAM],
        setup: cancel_fan_vote,
    },
    Row {
        op: "PUT /api/v1/fan-votes/{id}/ballot",
        expect: [ANON, OK, OK, SUSP, STAFF_NO_VOTE, STAFF_NO_VOTE, STAFF_NO_VOTE, SUSP],
        setup: fan_vote_ballot,
    },
    Row {
        op: "DELETE /api/v1/fan-votes/{id}/ballot",
        expect: [ANON, OK, OK, OK, STAFF_NO_VOTE, STAFF_NO_VOTE, STAFF_NO_VOTE, OK],
        setup: withdraw_fan_vote_ballot,
    },
    Row {
        op: "POST /api/v1/ideas/{id}/comments",
        expect: [ANON, CREATED, CREATED, SUSP, CREATED, CREATED, CREATED, SUSP],
        setup: comment,
    },
    Row {
        op: "PATCH /api/v1/comments/{id}",
        expect: [ANON, AUTHOR, OK, SUSP, AUTHOR, AUTHOR, AUTHOR, SUSP],
        setup: edit_comment,
    },
    // Deleting is the author's own, suspended or not (it takes back their contribution); moderators remove
    // others' comments with a reason through POST /moderation/actions (hide).
    Row {
        op: "DELETE /api/v1/comments/{id}",
        expect: [ANON, AUTHOR, NO_CONTENT, NO_CONTENT, AUTHOR, AUTHOR, AUTHOR, AUTHOR],
        setup: delete_comment,
    },
    // The tracker: gathering_support → in_review is the product team's and admins' move. The suspended
    // owner is refused as suspended (an author's move); the suspended admin, a member who is not the
    // author, makes no move at all.
    Row {
        op: "POST /api/v1/ideas/{id}/transitions",
        expect: [ANON, MOVE, MOVE, SUSP, MOVE, OK, OK, MOVE],
        setup: transition,
    },
    Row {
        op: "POST /api/v1/ideas/{id}/updates",
        expect: [ANON, AUTHOR, CREATED, SUSP, AUTHOR, AUTHOR, AUTHOR, SUSP],
        setup: post_update,
    },
    // Private feedback: any member but the author; a moderator hides an abusive note.
    Row {
        op: "PUT /api/v1/ideas/{id}/feedback",
        expect: [ANON, CREATED, OWN_IDEA, SUSP, CREATED, CREATED, CREATED, SUSP],
        setup: feedback,
    },
    Row {
        op: "POST /api/v1/feedback/{id}/hide",
        expect: [ANON, MODS, MODS, MODS, NO_CONTENT, MODS, NO_CONTENT, MODS],
        setup: hide_feedback,
    },
    // The review board: the product team chooses evaluators; an assigned evaluator scores (the product team
    // and admin cells are assigned, the suspended admin acts as a member).
    Row {
        op: "PUT /api/v1/ideas/{id}/evaluators",
        expect: [ANON, TEAM, TEAM, TEAM, TEAM, OK, OK, TEAM],
        setup: evaluators,
    },
    Row {
        op: "PUT /api/v1/ideas/{id}/evaluations",
        expect: [ANON, TEAM, TEAM, TEAM, TEAM, OK, OK, TEAM],
        setup: evaluate,
    },
    // Moderation.
    Row { op: "POST /api/v1/ideas/{id}/merge", expect: [ANON, MODS, MODS, MODS, OK, MODS, OK, MODS], setup: merge },
    Row { op: "DELETE /api/v1/ideas/{id}/merge", expect: [ANON, MODS, MODS, MODS, OK, MODS, OK, MODS], setup: unmerge },
    Row {
        op: "POST /api/v1/reports",
        expect: [ANON, CREATED, OWN, SUSP, CREATED, CREATED, CREATED, SUSP],
        setup: report,
    },
    Row { op: "POST /api/v1/moderation/actions", expect: [ANON, MODS, MODS, MODS, OK, MODS, OK, MODS], setup: hide },
    Row { op: "POST /api/v1/notifications/read", expect: [ANON, OK, OK, OK, OK, OK, OK, OK], setup: mark_read },
    // Products, ratings and reviews.
    Row {
        op: "POST /api/v1/products",
        expect: [ANON, TEAM, TEAM, TEAM, TEAM, CREATED, CREATED, TEAM],
        setup: create_product,
    },
    Row {
        op: "PATCH /api/v1/products/{id_or_slug}",
        expect: [ANON, TEAM, TEAM, TEAM, TEAM, OK, OK, TEAM],
        setup: update_product,
    },
    Row {
        op: "PUT /api/v1/products/{id_or_slug}/rating",
        expect: [ANON, CREATED, CREATED, SUSP, CREATED, CREATED, CREATED, SUSP],
        setup: rate,
    },
    // Removing one's rating is allowed while suspended.
    Row {
        op: "DELETE /api/v1/products/{id_or_slug}/rating",
        expect: [ANON, OK, OK, OK, OK, OK, OK, OK],
        setup: unrate,
    },
    Row {
        op: "PUT /api/v1/reviews/{id}/helpful",
        expect: [ANON, OK, OWN, SUSP, OK, OK, OK, SUSP],
        setup: review_helpful,
    },
    Row {
        op: "DELETE /api/v1/reviews/{id}/helpful",
        expect: [
            ANON, OK, OWN, // A suspended member may take back a helpful vote (docs/ACCOUNTS.md).
            OK, OK, OK, OK, OK,
        ],
        setup: review_unhelpful,
    },
    Row {
        op: "POST /api/v1/product-alerts/{id}/resolve",
        expect: [ANON, TEAM, TEAM, TEAM, TEAM, OK, OK, TEAM],
        setup: resolve_alert,
    },
    // Trust and safety: suspected vote rings and held ideas are the moderators' and admins'.
    Row {
        op: "POST /api/v1/trust/cases/{id}/void",
        expect: [ANON, MODS, MODS, MODS, OK, MODS, OK, MODS],
        setup: void_case,
    },
    Row {
        op: "POST /api/v1/trust/cases/{id}/clear",
        expect: [ANON, MODS, MODS, MODS, OK, MODS, OK, MODS],
        setup: clear_case,
    },
    Row {
        op: "POST /api/v1/trust/cases/{id}/restore",
        expect: [ANON, MODS, MODS, MODS, OK, MODS, OK, MODS],
        setup: restore_case,
    },
    Row {
        op: "POST /api/v1/trust/holds/{idea_id}/release",
        expect: [ANON, MODS, MODS, MODS, OK, MODS, OK, MODS],
        setup: release_hold,
    },
    // Pictures: any member who may write uploads; a suspended one may not.
    Row {
        op: "POST /api/v1/images",
        expect: [ANON, CREATED, CREATED, SUSP, CREATED, CREATED, CREATED, SUSP],
        setup: upload_image,
    },
    // Tips: moderators edit and delete any tip (deleting is audited).
    Row {
        op: "POST /api/v1/tips",
        expect: [ANON, CREATED, CREATED, SUSP, CREATED, CREATED, CREATED, SUSP],
        setup: create_tip,
    },
    Row { op: "PATCH /api/v1/tips/{id}", expect: [ANON, AUTHOR, OK, SUSP, OK, AUTHOR, OK, SUSP], setup: update_tip },
    // A suspended member may delete their own tip; a suspended admin deletes nobody's.
    Row {
        op: "DELETE /api/v1/tips/{id}",
        expect: [ANON, AUTHOR, NO_CONTENT, NO_CONTENT, NO_CONTENT, AUTHOR, NO_CONTENT, AUTHOR],
        setup: delete_tip,
    },
    Row { op: "PUT /api/v1/tips/{id}/helpful", expect: [ANON, OK, OWN, SUSP, OK, OK, OK, SUSP], setup: tip_helpful },
    Row {
        op: "DELETE /api/v1/tips/{id}/helpful",
        // Unmarking takes back only one's own mark: a suspended member may (docs/ACCOUNTS.md), and on one's own
        // tip there is none to take back (a no-op).
        expect: [ANON, OK, OK, OK, OK, OK, OK, OK],
        setup: tip_unhelpful,
    },
    // Product questions and answers (docs/QUESTIONS.md): the authors edit and delete their own within the edit
    // window (deleting also while suspended: it takes back their own); moderators hide through moderation.
    Row {
        op: "POST /api/v1/products/{id_or_slug}/questions",
        expect: [ANON, CREATED, CREATED, SUSP, CREATED, CREATED, CREATED, SUSP],
        setup: ask_question,
    },
    Row {
        op: "PATCH /api/v1/questions/{id}",
        expect: [ANON, AUTHOR, OK, SUSP, AUTHOR, AUTHOR, AUTHOR, SUSP],
        setup: edit_question,
    },
    Row {
        op: "DELETE /api/v1/questions/{id}",
        expect: [ANON, AUTHOR, NO_CONTENT, NO_CONTENT, AUTHOR, AUTHOR, AUTHOR, AUTHOR],
        setup: delete_question,
    },
    Row {
        op: "POST /api/v1/questions/{id}/answers",
        expect: [ANON, CREATED, CREATED, SUSP, CREATED, CREATED, CREATED, SUSP],
        setup: post_answer,
    },
    // The asker, the product team and admins choose the accepted answer.
    Row {
        op: "PUT /api/v1/questions/{id}/accepted",
        expect: [ANON, ASKER, OK, SUSP, ASKER, OK, OK, SUSP],
        setup: accept_answer,
    },
    Row {
        op: "DELETE /api/v1/questions/{id}/accepted",
        expect: [ANON, ASKER, OK, SUSP, ASKER, OK, OK, SUSP],
        setup: unaccept_answer,
    },
    Row {
        op: "PATCH /api/v1/answers/{id}",
        expect: [ANON, AUTHOR, OK, SUSP, AUTHOR, AUTHOR, AUTHOR, SUSP],
        setup: edit_answer,
    },
    Row {
        op: "DELETE /api/v1/answers/{id}",
        expect: [ANON, AUTHOR, NO_CONTENT, NO_CONTENT, AUTHOR, AUTHOR, AUTHOR, AUTHOR],
        setup: delete_answer,
    },
    Row {
        op: "PUT /api/v1/answers/{id}/helpful",
        expect: [ANON, OK, OWN, SUSP, OK, OK, OK, SUSP],
        setup: answer_helpful,
    },
    // Unmarking takes back only one's own mark (a suspended member may; on one's own answer it is a no-op).
    Row {
        op: "DELETE /api/v1/answers/{id}/helpful",
        expect: [ANON, OK, OK, OK, OK, OK, OK, OK],
        setup: answer_unhelpful,
    },
    // Following a product; unfollowing is allowed while suspended.
    Row {
        op: "PUT /api/v1/products/{id_or_slug}/follow",
        expect: [ANON, OK, OK, SUSP, OK, OK, OK, SUSP],
        setup: follow_product,
    },
    Row {
        op: "DELETE /api/v1/products/{id_or_slug}/follow",
        expect: [ANON, OK, OK, OK, OK, OK, OK, OK],
        setup: unfollow_product,
    },
    // Search.
    Row {
        op: "POST /api/v1/search/reindex",
        expect: [ANON, ADMINS, ADMINS, ADMINS, ADMINS, ADMINS, OK, ADMINS],
        setup: reindex,
    },
    // Webhooks (admins only).
    Row {
        op: "POST /api/v1/webhooks",
        expect: [ANON, ADMINS, ADMINS, ADMINS, ADMINS, ADMINS, CREATED, ADMINS],
        setup: create_webhook,
    },
    Row {
        op: "PATCH /api/v1/webhooks/{id}",
        expect: [ANON, ADMINS, ADMINS, ADMINS, ADMINS, ADMINS, OK, ADMINS],
        setup: update_webhook,
    },
    Row {
        op: "DELETE /api/v1/webhooks/{id}",
        expect: [ANON, ADMINS, ADMINS, ADMINS, ADMINS, ADMINS, NO_CONTENT, ADMINS],
        setup: delete_webhook,
    },
    Row {
        op: "POST /api/v1/webhooks/{id}/rotate",
        expect: [ANON, ADMINS, ADMINS, ADMINS, ADMINS, ADMINS, OK, ADMINS],
        setup: rotate_webhook,
    },
    Row {
        op: "POST /api/v1/webhooks/{id}/deliveries/{delivery}/redeliver",
        expect: [ANON, ADMINS, ADMINS, ADMINS, ADMINS, ADMINS, ACCEPTED, ADMINS],
        setup: redeliver_webhook,
    },
];

const PASSWORD: &str = "correct horse battery";

/// The app, the accounts' tokens and the things every cell may share.
struct Ctx {
    app: TestApp,
    /// An admin that sets things up (and suspends and unsuspends); no cell uses it.
    root: String,
    tokens: Mutex<HashMap<Who, String>>,
    counter: AtomicUsize,
    /// An idea by the owner that every cell may comment on.
    board_idea: String,
    /// The idea merges go into (by root).
    merge_target: String,
    /// A product (by root): updated by cells, and the product of alerts.
    product: Value,
    /// An open challenge (by root) that cells update.
    challenge: String,
}

impl Ctx {
    async fn new(app: TestApp) -> Ctx {
        let root = app.staff("mx_root", Role::Admin).await;
        let mut tokens = HashMap::new();
        for who in Who::ALL {
            let token = match who.account() {
                None => continue,
                Some((handle, None)) => app.member(handle).await,
                Some((handle, Some(role))) => app.staff(handle, role).await,
            };
            tokens.insert(who, token);
        }
        let owner = tokens[&Who::Owner].clone();
        let board_idea = app.idea(&owner, None, "Matrix board idea").await;
        let merge_target = app.idea(&root, None, "Matrix merge target").await;
        let product = app.product(&root, "Matrix product", json!({})).await;
        app.open_challenge(&root, "mx-shared", json!({})).await;
        let cx = Ctx {
            app,
            root,
            tokens: Mutex::new(tokens),
            counter: AtomicUsize::new(0),
            board_idea,
            merge_target,
            product,
            challenge: "mx-shared".into(),
        };
        for who in Who::ALL.into_iter().filter(|w| w.suspended()) {
            cx.suspend(who, true).await;
        }
        cx
    }

    fn n(&self) -> usize {
        self.counter.fetch_add(1, Ordering::Relaxed)
    }

    fn token(&self, who: Who) -> Option<String> {
        self.tokens.lock().unwrap().get(&who).cloned()
    }

    async fn suspend(&self, who: Who, on: bool) {
        let action = if on { "suspend" } else { "unsuspend" };
        let handle = who.handle().unwrap();
        let r = self
            .app
            .post(
                "/api/v1/moderation/actions",
                Some(&self.root),
                json!({"action": action, "target_type": "user", "target_id": handle, "reason": "Matrix setup"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{action} {handle}: {:?}", r.body);
    }

    /// Runs `f` with the account's token while it is active: a suspended account is unsuspended around it.
    async fn active<T>(&self, who: Who, f: impl AsyncFnOnce(String) -> T) -> T {
        let token = self.token(who).expect("an account");
        if who.suspended() {
            self.suspend(who, false).await;
        }
        let out = f(token).await;
        if who.suspended() {
            self.suspend(who, true).await;
        }
        out
    }

    /// A fresh idea on the open board by `author`.
    async fn idea(&self, author: Who) -> String {
        let title = format!("Matrix idea {}", self.n());
        self.active(author, async |t| self.app.idea(&t, None, &title).await).await
    }

    /// A fresh tip by `author`.
    async fn tip(&self, author: Who) -> String {
        let body = json!({"title": format!("Matrix tip {}", self.n()), "body": "Keep it dry."});
        let r = self.active(author, async |t| self.app.post("/api/v1/tips", Some(&t), body).await).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        r.body["id"].as_str().unwrap().to_string()
    }

    /// A fresh question by `author` about the shared product.
    async fn question(&self, author: Who) -> String {
        let path = format!("/api/v1/products/{}/questions", self.product["slug"].as_str().unwrap());
        let body = json!({"title": format!("Matrix question number {}?", self.n())});
        let r = self.active(author, async |t| self.app.post(&path, Some(&t), body).await).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        r.body["id"].as_str().unwrap().to_string()
    }

    /// A fresh answer by `author` to the question.
    async fn answer(&self, author: Who, question: &str) -> String {
        let path = format!("/api/v1/questions/{question}/answers");
        let body = json!({"body": format!("Matrix answer {}", self.n())});
        let r = self.active(author, async |t| self.app.post(&path, Some(&t), body).await).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        r.body["id"].as_str().unwrap().to_string()
    }

    /// A fresh product (by root); its slug.
    async fn product(&self) -> String {
        let p = self.app.product(&self.root, &format!("Matrix product {}", self.n()), json!({})).await;
        p["slug"].as_str().unwrap().to_string()
    }

    /// `who` rates the product (with a review); the rating's id.
    async fn rating(&self, who: Who, slug: &str) -> String {
        let path = format!("/api/v1/products/{slug}/rating");
        let body = json!({"stars": 4, "body": "Good value for the money."});
        let r = self.active(who, async |t| self.app.call(Method::PUT, &path, Some(&t), Some(body)).await).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        r.body["rating"]["id"].as_str().unwrap().to_string()
    }

    /// A fresh open challenge (by root); its slug.
    async fn challenge(&self) -> String {
        let slug = format!("mx-challenge-{}", self.n());
        self.app.open_challenge(&self.root, &slug, json!({})).await;
        slug
    }

    /// A fresh session of the account (none for the anonymous).
    async fn login(&self, who: Who) -> Option<String> {
        let handle = who.handle()?;
        let r = self.app.post("/api/v1/auth/login", None, json!({"login": handle, "password": PASSWORD})).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        Some(r.body["token"].as_str().unwrap().to_string())
    }

    /// `who` (if it may) supports, marks helpful or rates first, at `path` with `method`.
    async fn contribute(&self, who: Who, method: Method, path: &str, body: Option<Value>) {
        if who == Who::Anonymous {
            return;
        }
        let r = self.active(who, async |t| self.app.call(method, path, Some(&t), body).await).await;
        assert!(r.status.is_success(), "{who:?} at {path}: {:?}", r.body);
    }
}

// The setups: each makes the state its cell needs and returns the request.

fn register(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        let handle = format!("mx_new_{}", cx.n());
        Cell::at("/api/v1/auth/register")
            .body(json!({"handle": handle, "email": format!("{handle}@example.org"), "password": PASSWORD,
                "accept_terms": true}))
    })
}

fn login(_: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let handle = who.handle().unwrap_or(Who::Owner.handle().unwrap());
        Cell::at("/api/v1/auth/login").body(json!({"login": handle, "password": PASSWORD}))
    })
}

fn logout(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move { Cell { token: cx.login(who).await, ..Cell::at("/api/v1/auth/logout").body(json!({})) } })
}

fn logout_everywhere(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        Cell {
            token: cx.login(who).await,
            relogin: who != Who::Anonymous,
            ..Cell::at("/api/v1/auth/logout-everywhere").body(json!({}))
        }
    })
}

fn bad_token_verify(_: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async { Cell::at("/api/v1/auth/verify-email").body(json!({"token": "made-up"})) })
}

fn bad_token_reset(_: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async {
        Cell::at("/api/v1/auth/password-reset/confirm")
            .body(json!({"token": "made-up", "password": "a new long secret"}))
    })
}

fn bad_token_email(_: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async { Cell::at("/api/v1/me/email/confirm").body(json!({"token": "made-up"})) })
}

fn password_reset(_: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let handle = who.handle().unwrap_or("nobody");
        Cell::at("/api/v1/auth/password-reset").body(json!({"email": format!("{handle}@example.org")}))
    })
}

fn resend_verification(_: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async { Cell::at("/api/v1/auth/resend-verification").body(json!({})) })
}

fn notification_settings(_: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async { Cell::at("/api/v1/me/notification-settings").body(json!({"comment": "daily"})) })
}

fn update_me(_: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async { Cell::at("/api/v1/me").body(json!({"display_name": "A new name"})) })
}

fn change_password(_: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async {
        Cell::at("/api/v1/me/password")
            .body(json!({"current_password": "not the password", "new_password": "a new long secret"}))
    })
}

fn change_email(_: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async {
        Cell::at("/api/v1/me/email").body(json!({"email": "elsewhere@example.org", "password": "not the password"}))
    })
}

fn consents(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move { Cell::at("/api/v1/me/consents").body(json!({"product_news": cx.n().is_multiple_of(2)})) })
}

fn unlink_provider(_: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move { Cell::at("/api/v1/me/sign-in-methods/corp") })
}

/// A fresh account of the role's kind (suspended where the role is), which the cell erases.
fn erase(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let cell = Cell::at("/api/v1/me").body(json!({"password": PASSWORD}));
        let Some((_, role)) = who.account() else { return cell };
        let handle = format!("mx_erase_{}", cx.n());
        let token = match role {
            None => cx.app.member(&handle).await,
            Some(role) => cx.app.staff(&handle, role).await,
        };
        if who.suspended() {
            let body =
                json!({"action": "suspend", "target_type": "user", "target_id": handle, "reason": "Matrix setup"});
            let r = cx.app.post("/api/v1/moderation/actions", Some(&cx.root), body).await;
            assert_eq!(r.status, StatusCode::OK, "suspend {handle}: {:?}", r.body);
        }
        Cell { token: Some(token), ..cell }
    })
}

fn change_role(_: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let target = match who {
            Who::Anonymous | Who::Member => Who::Owner,
            other => other,
        };
        Cell::at(format!("/api/v1/users/{}/role", target.handle().unwrap())).body(json!({"role": "admin"}))
    })
}

fn create_challenge(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        let now = chrono::Utc::now();
        Cell::at("/api/v1/challenges").body(json!({
            "slug": format!("mx-new-{}", cx.n()),
            "title": "A new challenge",
            "brief": "Tell us.",
            "opens_at": now.to_rfc3339(),
            "closes_at": (now + chrono::Duration::days(30)).to_rfc3339(),
            "support_threshold": 100,
        }))
    })
}

fn update_challenge(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        Cell::at(format!("/api/v1/challenges/{}", cx.challenge))
            .body(json!({"title": format!("Renamed challenge {}", cx.n())}))
    })
}

fn create_raffle(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        let slug = cx.challenge().await;
        Cell::at(format!("/api/v1/challenges/{slug}/raffle")).body(json!({"prizes": 1}))
    })
}

/// A challenge with a raffle, closed a second ago.
fn draw_raffle(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        let slug = cx.challenge().await;
        let path = format!("/api/v1/challenges/{slug}/raffle");
        let r = cx.app.post(&path, Some(&cx.root), json!({"prizes": 1})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        let now = chrono::Utc::now();
        let dates = json!({"opens_at": (now - chrono::Duration::days(2)).to_rfc3339(),
            "closes_at": (now - chrono::Duration::seconds(1)).to_rfc3339()});
        let r = cx.app.patch(&format!("/api/v1/challenges/{slug}"), Some(&cx.root), dates).await;
        assert_eq!(r.body["state"], "closed", "{:?}", r.body);
        Cell::at(format!("{path}/draw")).body(json!({}))
    })
}

fn post_news(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        Cell::at(format!("/api/v1/challenges/{}/news", cx.challenge))
            .body(json!({"title": format!("News {}", cx.n()), "body": "What is new."}))
    })
}

/// A news post (by root) on the shared challenge; its path.
async fn news_post(cx: &Ctx) -> String {
    let path = format!("/api/v1/challenges/{}/news", cx.challenge);
    let r = cx.app.post(&path, Some(&cx.root), json!({"title": format!("News {}", cx.n()), "body": "Text."})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    format!("/api/v1/news/{}", r.body["id"].as_str().unwrap())
}

fn edit_news(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move { Cell::at(news_post(cx).await).body(json!({"title": "A better title"})) })
}

fn delete_news(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move { Cell::at(news_post(cx).await) })
}

/// A product test's body: applications from `from` to `until` (from now, in hours).
fn product_test_body(cx: &Ctx, from: i64, until: i64) -> Value {
    let now = chrono::Utc::now();
    json!({
        "product_id": cx.product["id"], "title": format!("Matrix test {}", cx.n()), "units": 1,
        "apply_from": (now + chrono::Duration::hours(from)).to_rfc3339(),
        "apply_until": (now + chrono::Duration::hours(until)).to_rfc3339(),
        "report_due": (now + chrono::Duration::days(30)).to_rfc3339(),
    })
}

/// A fresh product test (by root) with applications from `from` to `until` hours from now; its id.
async fn product_test(cx: &Ctx, from: i64, until: i64) -> String {
    let r = cx.app.post("/api/v1/product-tests", Some(&cx.root), product_test_body(cx, from, until)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body["id"].as_str().unwrap().to_string()
}

fn create_product_test(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move { Cell::at("/api/v1/product-tests").body(product_test_body(cx, 1, 48)) })
}

fn update_product_test(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = product_test(cx, 1, 48).await;
        Cell::at(format!("/api/v1/product-tests/{id}")).body(json!({"title": "A renamed test"}))
    })
}

const APPLICATION: &str =
    r#"{"answers": {}, "shipping_address": "Main Street 1, 8000 Zurich", "consent_shipping": true}"#;

fn apply_product_test(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = product_test(cx, -1, 48).await;
        Cell::at(format!("/api/v1/product-tests/{id}/applications")).body(serde_json::from_str(APPLICATION).unwrap())
    })
}

fn reapply_product_test(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = product_test(cx, -1, 48).await;
        Cell::at(format!("/api/v1/product-tests/{id}/applications/mine"))
            .body(serde_json::from_str(APPLICATION).unwrap())
    })
}

fn withdraw_product_test(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = product_test(cx, -1, 48).await;
        Cell::at(format!("/api/v1/product-tests/{id}/applications/mine"))
    })
}

/// Applications closed a second ago: moved in the database (a test's dates are locked once it opened).
async fn close_product_test(cx: &Ctx, id: &str) {
    let sql = format!("UPDATE product_tests SET apply_until = '2001-01-01 00:00:00' WHERE id = '{id}'");
    cx.app.db.run(move |conn| Ok(diesel::connection::SimpleConnection::batch_execute(conn, &sql)?)).await.unwrap();
}

fn draw_product_test(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = product_test(cx, -1, 48).await;
        close_product_test(cx, &id).await;
        Cell::at(format!("/api/v1/product-tests/{id}/draw")).body(json!({}))
    })
}

/// A drawn test whose one tester is the owner.
fn report_product_test(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = product_test(cx, -1, 48).await;
        let owner = cx.token(Who::Owner).unwrap();
        let path = format!("/api/v1/product-tests/{id}/applications");
        let r = cx.app.post(&path, Some(&owner), serde_json::from_str(APPLICATION).unwrap()).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        close_product_test(cx, &id).await;
        let r = cx.app.post(&format!("/api/v1/product-tests/{id}/draw"), Some(&cx.root), json!({})).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        Cell::at(format!("/api/v1/product-tests/{id}/reports"))
            .body(json!({"stars": 4, "text": "It held up well for a month.", "pros": "Sturdy", "cons": "Loud"}))
    })
}

fn create_idea(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        Cell::at("/api/v1/ideas").body(json!({"title": format!("Matrix new idea {}", cx.n()), "body": "A body"}))
    })
}

fn update_idea(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = cx.idea(who.author()).await;
        Cell::at(format!("/api/v1/ideas/{id}")).body(json!({"title": "An edited matrix idea"}))
    })
}

fn support(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = cx.idea(who.author()).await;
        Cell::at(format!("/api/v1/ideas/{id}/support"))
    })
}

/// An idea by the owner that the role supported (the owner cannot support their own).
fn withdraw(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = cx.idea(Who::Owner).await;
        let path = format!("/api/v1/ideas/{id}/support");
        if who != Who::Owner {
            cx.contribute(who, Method::PUT, &path, None).await;
        }
        Cell::at(path)
    })
}

fn staff_pick(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = cx.idea(Who::Owner).await;
        Cell::at(format!("/api/v1/ideas/{id}/staff-pick")).body(json!({"note": "The team loves it."}))
    })
}

/// A fan vote's plan among two fresh ideas by the owner, opening in `opens_in` seconds.
async fn fan_vote_plan(cx: &Ctx, opens_in: i64) -> Value {
    let (a, b) = (cx.idea(Who::Owner).await, cx.idea(Who::Owner).await);
    let now = chrono::Utc::now();
    json!({"title": format!("Matrix fan vote {}", cx.n()), "idea_ids": [a, b], "show_results": "live",
        "opens_at": (now + chrono::Duration::seconds(opens_in)).to_rfc3339(),
        "closes_at": (now + chrono::Duration::days(7)).to_rfc3339()})
}

/// A fan vote made by root; its id and its first finalist.
async fn fan_vote(cx: &Ctx, opens_in: i64) -> (String, String) {
    let plan = fan_vote_plan(cx, opens_in).await;
    let r = cx.app.post("/api/v1/fan-votes", Some(&cx.root), plan.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    (r.body["id"].as_str().unwrap().to_string(), plan["idea_ids"][0].as_str().unwrap().to_string())
}

fn create_fan_vote(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move { Cell::at("/api/v1/fan-votes").body(fan_vote_plan(cx, 3600).await) })
}

fn edit_fan_vote(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        let (id, _) = fan_vote(cx, 3600).await;
        Cell::at(format!("/api/v1/fan-votes/{id}")).body(json!({"title": "A better title"}))
    })
}

fn cancel_fan_vote(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        let (id, _) = fan_vote(cx, 3600).await;
        Cell::at(format!("/api/v1/fan-votes/{id}"))
    })
}

fn fan_vote_ballot(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        let (id, idea) = fan_vote(cx, -60).await;
        Cell::at(format!("/api/v1/fan-votes/{id}/ballot")).body(json!({"idea_id": idea}))
    })
}

/// An open fan vote the role voted in (staff cannot; the suspended admin, unsuspended, is staff).
fn withdraw_fan_vote_ballot(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let (id, idea) = fan_vote(cx, -60).await;
        let path = format!("/api/v1/fan-votes/{id}/ballot");
        if matches!(who, Who::Member | Who::Owner | Who::Suspended) {
            cx.contribute(who, Method::PUT, &path, Some(json!({"idea_id": idea}))).await;
        }
        Cell::at(path)
    })
}

fn comment(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        Cell::at(format!("/api/v1/ideas/{}/comments", cx.board_idea)).body(json!({"body": "What a nice idea."}))
    })
}

fn edit_comment(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let path = format!("/api/v1/ideas/{}/comments", cx.board_idea);
        let r = cx
            .active(who.author(), async |t| cx.app.post(&path, Some(&t), json!({"body": "First words."})).await)
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        let id = r.body["id"].as_str().unwrap();
        Cell::at(format!("/api/v1/comments/{id}")).body(json!({"body": "Second thoughts."}))
    })
}

fn delete_comment(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let cell = edit_comment(cx, who).await;
        Cell { body: None, ..cell }
    })
}

fn transition(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = cx.idea(who.author()).await;
        Cell::at(format!("/api/v1/ideas/{id}/transitions")).body(json!({"to": "in_review"}))
    })
}

fn criteria_body() -> Value {
    json!({"criteria": [{"key": "taste", "weight": 60}, {"key": "cost", "weight": 40}]})
}

fn open_criteria(_: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move { Cell::at("/api/v1/review-criteria").body(criteria_body()) })
}

fn challenge_criteria(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        let slug = cx.challenge().await;
        Cell::at(format!("/api/v1/challenges/{slug}/review-criteria")).body(criteria_body())
    })
}

fn feedback(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = cx.idea(who.author()).await;
        Cell::at(format!("/api/v1/ideas/{id}/feedback"))
            .body(json!({"originality": 4, "execution": 3, "detail": 3, "presentation": 5, "note": "Nice."}))
    })
}

/// A note root gave on a fresh idea by the owner.
fn hide_feedback(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = cx.idea(Who::Owner).await;
        let body = json!({"originality": 1, "execution": 1, "detail": 1, "presentation": 1, "note": "Rude words."});
        let r = cx.app.call(Method::PUT, &format!("/api/v1/ideas/{id}/feedback"), Some(&cx.root), Some(body)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        let fid = r.body["id"].as_str().unwrap();
        Cell::at(format!("/api/v1/feedback/{fid}/hide")).body(json!({"reason": "Abusive"}))
    })
}

/// A fresh idea by the role's author in a fresh challenge, moved to review by root (a challenge of its own,
/// so that the open board's criteria stay editable).
async fn idea_in_review(cx: &Ctx, who: Who) -> String {
    let slug = cx.challenge().await;
    let title = format!("Matrix review idea {}", cx.n());
    let id = cx.active(who.author(), async |t| cx.app.idea(&t, Some(&slug), &title).await).await;
    let r = cx.app.post(&format!("/api/v1/ideas/{id}/transitions"), Some(&cx.root), json!({"to": "in_review"})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    id
}

fn evaluators(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = idea_in_review(cx, who).await;
        Cell::at(format!("/api/v1/ideas/{id}/evaluators")).body(json!({"evaluators": ["mx_team", "mx_root"]}))
    })
}

/// The product-team and admin cells are assigned by root; the others find mx_team and root assigned.
fn evaluate(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = idea_in_review(cx, who).await;
        let me = match who {
            Who::ProductTeam | Who::Admin => who.handle().unwrap(),
            _ => "mx_team",
        };
        let r = cx
            .app
            .call(
                Method::PUT,
                &format!("/api/v1/ideas/{id}/evaluators"),
                Some(&cx.root),
                Some(json!({"evaluators": [me, "mx_root"]})),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        Cell::at(format!("/api/v1/ideas/{id}/evaluations")).body(json!({"no_conflict": true, "note": "Fine.",
            "scores": {"brand_fit": 4, "feasibility": 3, "demand": 4, "originality": 2}}))
    })
}

fn post_update(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = cx.idea(who.author()).await;
        Cell::at(format!("/api/v1/ideas/{id}/updates")).body(json!({"title": "News", "body": "We moved on."}))
    })
}

fn merge(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = cx.idea(who.author()).await;
        Cell::at(format!("/api/v1/ideas/{id}/merge")).body(json!({"into": cx.merge_target}))
    })
}

/// An idea (by the role's author) that root merged.
fn unmerge(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = cx.idea(who.author()).await;
        let path = format!("/api/v1/ideas/{id}/merge");
        let r = cx.app.post(&path, Some(&cx.root), json!({"into": cx.merge_target})).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        Cell::at(path)
    })
}

fn report(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = cx.idea(who.author()).await;
        Cell::at("/api/v1/reports").body(json!({"target_type": "idea", "target_id": id, "reason": "Spam and ads"}))
    })
}

fn hide(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = cx.idea(who.author()).await;
        Cell::at("/api/v1/moderation/actions")
            .body(json!({"action": "hide", "target_type": "idea", "target_id": id, "reason": "Off topic"}))
    })
}

fn mark_read(_: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move { Cell::at("/api/v1/notifications/read").body(json!({"all": true})) })
}

fn create_product(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        Cell::at("/api/v1/products")
            .body(json!({"name": format!("Matrix new product {}", cx.n()), "brand": "Acme", "category": "Kitchen"}))
    })
}

fn update_product(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        Cell::at(format!("/api/v1/products/{}", cx.product["slug"].as_str().unwrap()))
            .body(json!({"description": format!("Described {} times.", cx.n())}))
    })
}

fn rate(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        let slug = cx.product().await;
        Cell::at(format!("/api/v1/products/{slug}/rating")).body(json!({"stars": 5, "body": "Lovely."}))
    })
}

/// A product the role rated (products have no owner: the owner rated it too).
fn unrate(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let slug = cx.product().await;
        if who != Who::Anonymous {
            cx.rating(who, &slug).await;
        }
        Cell::at(format!("/api/v1/products/{slug}/rating"))
    })
}

fn review_helpful(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let slug = cx.product().await;
        let id = cx.rating(who.author(), &slug).await;
        Cell::at(format!("/api/v1/reviews/{id}/helpful"))
    })
}

/// The owner's review, which the role marked helpful (the owner cannot mark their own).
fn review_unhelpful(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let slug = cx.product().await;
        let id = cx.rating(Who::Owner, &slug).await;
        let path = format!("/api/v1/reviews/{id}/helpful");
        if who != Who::Owner {
            cx.contribute(who, Method::PUT, &path, None).await;
        }
        Cell::at(path)
    })
}

/// A fresh open review-spike alert on the shared product (written to the database: raising one
/// through the API takes twenty low ratings).
fn resolve_alert(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        use ideashelf::products::store::{insert_alert, AlertRow};
        let id = ideashelf::ids::AlertId::new();
        let row = AlertRow {
            id: id.clone(),
            product_id: ideashelf::ids::ProductId::parse(cx.product["id"].as_str().unwrap()).unwrap(),
            kind: "review_spike".into(),
            low_ratings: 20,
            window_hours: 48,
            usual_rate: 0.0,
            created_at: ideashelf::clock::now(),
            resolved_at: None,
            resolved_by: None,
        };
        cx.app.db.run(move |conn| Ok(insert_alert(conn, &row)?)).await.unwrap();
        Cell::at(format!("/api/v1/product-alerts/{id}/resolve")).body(json!({}))
    })
}

/// A trust case in `status` with no accounts (what the actions check first is who may act).
async fn trust_case(cx: &Ctx, status: &'static str) -> String {
    let id = uuid::Uuid::now_v7().to_string();
    let fingerprint = format!("matrix-{id}");
    let case_id = id.clone();
    cx.app
        .db
        .run(move |conn| {
            let case = ideashelf::trust::store::NewCase {
                id: &case_id,
                fingerprint: &fingerprint,
                status,
                score: 2.0,
                signals: "[]",
                created_at: ideashelf::clock::now(),
            };
            Ok(ideashelf::trust::store::insert_case(conn, &case)?)
        })
        .await
        .unwrap();
    id
}

fn void_case(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = trust_case(cx, "open").await;
        Cell::at(format!("/api/v1/trust/cases/{id}/void")).body(json!({"reason": "Matrix check"}))
    })
}

fn clear_case(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = trust_case(cx, "open").await;
        Cell::at(format!("/api/v1/trust/cases/{id}/clear")).body(json!({"reason": "Matrix check"}))
    })
}

fn restore_case(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = trust_case(cx, "voided").await;
        Cell::at(format!("/api/v1/trust/cases/{id}/restore")).body(json!({"reason": "Matrix check"}))
    })
}

fn release_hold(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let idea = cx.idea(who.author()).await;
        let held = idea.clone();
        cx.app
            .db
            .run(move |conn| Ok(ideashelf::trust::store::hold(conn, &held, 3, 5, ideashelf::clock::now())?))
            .await
            .unwrap();
        Cell::at(format!("/api/v1/trust/holds/{idea}/release")).body(json!({"reason": "Matrix check"}))
    })
}

fn upload_image(_: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move { Cell { upload: true, ..Cell::at("/api/v1/images") } })
}

fn create_tip(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        Cell::at("/api/v1/tips").body(json!({"title": format!("Matrix new tip {}", cx.n()), "body": "Freeze it."}))
    })
}

fn update_tip(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = cx.tip(who.author()).await;
        Cell::at(format!("/api/v1/tips/{id}")).body(json!({"title": "An edited matrix tip"}))
    })
}

fn delete_tip(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = cx.tip(who.author()).await;
        Cell::at(format!("/api/v1/tips/{id}"))
    })
}

fn tip_helpful(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = cx.tip(who.author()).await;
        Cell::at(format!("/api/v1/tips/{id}/helpful"))
    })
}

/// The owner's tip, which the role marked helpful (the owner cannot mark their own).
fn tip_unhelpful(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = cx.tip(Who::Owner).await;
        let path = format!("/api/v1/tips/{id}/helpful");
        if who != Who::Owner {
            cx.contribute(who, Method::PUT, &path, None).await;
        }
        Cell::at(path)
    })
}

fn ask_question(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        Cell::at(format!("/api/v1/products/{}/questions", cx.product["slug"].as_str().unwrap()))
            .body(json!({"title": format!("Matrix new question {}?", cx.n()), "body": "Details."}))
    })
}

fn edit_question(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = cx.question(who.author()).await;
        Cell::at(format!("/api/v1/questions/{id}")).body(json!({"title": "An edited matrix question?"}))
    })
}

fn delete_question(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move { Cell::at(format!("/api/v1/questions/{}", cx.question(who.author()).await)) })
}

fn post_answer(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = cx.question(Who::Owner).await;
        Cell::at(format!("/api/v1/questions/{id}/answers")).body(json!({"body": "It fits."}))
    })
}

/// The author's question with an answer by the owner (or, for the owner's own question, by a member).
async fn answered(cx: &Ctx, who: Who) -> (String, String) {
    let question = cx.question(who.author()).await;
    let answerer = if who.author() == Who::Owner { Who::Member } else { Who::Owner };
    let answer = cx.answer(answerer, &question).await;
    (question, answer)
}

fn accept_answer(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let (question, answer) = answered(cx, who).await;
        Cell::at(format!("/api/v1/questions/{question}/accepted")).body(json!({"answer_id": answer}))
    })
}

fn unaccept_answer(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let (question, _) = answered(cx, who).await;
        Cell::at(format!("/api/v1/questions/{question}/accepted"))
    })
}

fn edit_answer(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let question = cx.question(Who::Member).await;
        let id = cx.answer(who.author(), &question).await;
        Cell::at(format!("/api/v1/answers/{id}")).body(json!({"body": "An edited matrix answer"}))
    })
}

fn delete_answer(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let question = cx.question(Who::Member).await;
        Cell::at(format!("/api/v1/answers/{}", cx.answer(who.author(), &question).await))
    })
}

fn answer_helpful(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let question = cx.question(Who::Member).await;
        Cell::at(format!("/api/v1/answers/{}/helpful", cx.answer(who.author(), &question).await))
    })
}

/// The owner's answer, which the role marked helpful (the owner cannot mark their own).
fn answer_unhelpful(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let question = cx.question(Who::Member).await;
        let path = format!("/api/v1/answers/{}/helpful", cx.answer(Who::Owner, &question).await);
        if who != Who::Owner {
            cx.contribute(who, Method::PUT, &path, None).await;
        }
        Cell::at(path)
    })
}

fn follow_product(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move { Cell::at(format!("/api/v1/products/{}/follow", cx.product().await)) })
}

/// A product the role follows (if it may).
fn unfollow_product(cx: &Ctx, who: Who) -> Fut<'_> {
    Box::pin(async move {
        let path = format!("/api/v1/products/{}/follow", cx.product().await);
        cx.contribute(who, Method::PUT, &path, None).await;
        Cell::at(path)
    })
}

fn reindex(_: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move { Cell::at("/api/v1/search/reindex?kind=tip").body(json!({})) })
}

/// A webhook endpoint (by root) for these events; its id. Its target does not listen: deliveries fail and wait.
async fn webhook(cx: &Ctx, events: &[&str]) -> String {
    let r = cx
        .app
        .post("/api/v1/webhooks", Some(&cx.root), json!({"url": "http://127.0.0.1:9/hook", "events": events}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body["id"].as_str().expect("webhook id").to_string()
}

fn create_webhook(_: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        Cell::at("/api/v1/webhooks")
            .body(json!({"url": "http://127.0.0.1:9/hook", "events": ["raffle.drawn"], "description": "matrix"}))
    })
}

fn update_webhook(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = webhook(cx, &["raffle.drawn"]).await;
        Cell::at(format!("/api/v1/webhooks/{id}")).body(json!({"description": "changed", "enabled": false}))
    })
}

fn delete_webhook(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move { Cell::at(format!("/api/v1/webhooks/{}", webhook(cx, &["raffle.drawn"]).await)) })
}

fn rotate_webhook(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        Cell::at(format!("/api/v1/webhooks/{}/rotate", webhook(cx, &["raffle.drawn"]).await)).body(json!({}))
    })
}

/// A message to redeliver: an idea created while the endpoint listens for ideas, then the endpoint turned off
/// (so the other rows' ideas do not reach it).
fn redeliver_webhook(cx: &Ctx, _: Who) -> Fut<'_> {
    Box::pin(async move {
        let id = webhook(cx, &["idea.created"]).await;
        cx.app.idea(&cx.root, None, &format!("Webhook idea {}", cx.n())).await;
        let r = cx.app.patch(&format!("/api/v1/webhooks/{id}"), Some(&cx.root), json!({"enabled": false})).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        let d = cx.app.get(&format!("/api/v1/webhooks/{id}/deliveries"), Some(&cx.root)).await;
        let delivery = d.body[0]["id"].as_i64().expect("a delivery");
        Cell::at(format!("/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver")).body(json!({}))
    })
}

/// Whether a concrete path fits the document's template (`{id}` is one non-empty segment).
fn fits(template: &str, path: &str) -> bool {
    let path = path.split('?').next().unwrap_or(path);
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len() && t.iter().zip(&p).all(|(t, p)| if t.starts_with('{') { !p.is_empty() } else { t == p })
}

fn show(status: u16, code: Option<&str>) -> String {
    match code {
        Some(c) => format!("{status} {c}"),
        None => status.to_string(),
    }
}

async fn authorization_matrix(app: TestApp) {
    // The operations: every mutating route of the document has a row, and every row a route.
    let doc = app.get("/api/v1/openapi.json", None).await;
    let mut documented = BTreeSet::new();
    for (path, item) in doc.body["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            let method = method.to_uppercase();
            if ["POST", "PUT", "PATCH", "DELETE"].contains(&method.as_str()) && path.starts_with("/api/v1/") {
                documented.insert(format!("{method} {path}"));
            }
        }
    }
    let rows: BTreeSet<String> = ROWS.iter().map(|r| r.op.to_string()).collect();
    assert_eq!(rows.len(), ROWS.len(), "an operation has two rows in the authorization matrix");
    let missing: Vec<&String> = documented.difference(&rows).collect();
    assert!(
        missing.is_empty(),
        "mutating operations without a row in the authorization matrix (add them to ROWS in \
         server/tests/api/matrix.rs): {missing:?}"
    );
    let stale: Vec<&String> = rows.difference(&documented).collect();
    assert!(stale.is_empty(), "rows of the authorization matrix for operations not in the document: {stale:?}");

    let cx = Ctx::new(app).await;
    let mut failures = Vec::new();
    let mut deviations = Vec::new();
    for row in ROWS {
        let (method, template) = row.op.split_once(' ').unwrap();
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        for (who, expect) in Who::ALL.into_iter().zip(row.expect) {
            let cell = (row.setup)(&cx, who).await;
            assert!(fits(template, &cell.path), "{}: the setup's path {} does not fit", row.op, cell.path);
            let token = cell.token.or_else(|| cx.token(who));
            let r = if cell.upload {
                crate::images::upload_to(&cx.app, &cell.path, token.as_deref()).await
            } else {
                cx.app.call(method.clone(), &cell.path, token.as_deref(), cell.body).await
            };
            let code = r.body["code"].as_str();
            let status = r.status.as_u16();
            let code_differs = expect.code.is_some_and(|c| code != Some(c));
            if status != expect.status || code_differs {
                failures.push(format!(
                    "{} as {who:?}: answered {}, expected {} ({})",
                    row.op,
                    show(status, code),
                    show(expect.status, expect.code),
                    r.body
                ));
            }
            if let Some((s, c)) = expect.should {
                deviations.push(format!(
                    "{} as {who:?}: answers {}, should answer {}",
                    row.op,
                    show(expect.status, expect.code),
                    show(s, c)
                ));
            }
            if cell.relogin {
                let fresh = cx.login(who).await.unwrap();
                cx.tokens.lock().unwrap().insert(who, fresh);
            }
        }
    }
    eprintln!(
        "authorization matrix: {} operations × {} roles = {} cells",
        ROWS.len(),
        Who::ALL.len(),
        ROWS.len() * Who::ALL.len()
    );
    if !deviations.is_empty() {
        eprintln!("KNOWN deviations ({}):\n  {}", deviations.len(), deviations.join("\n  "));
    }
    assert!(failures.is_empty(), "{} of the matrix's cells failed:\n{}", failures.len(), failures.join("\n"));
}

//! Privacy operations: the terms, the consents, the export and the erasure. The API and the pages call
//! these.

use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use super::rules::{self, ConsentKind};
use super::store::{self, ConsentRow};
use crate::accounts::{self, password, Actor, Role};
use crate::audit;
use crate::clock;
use crate::db::{write_tx, Db, DbConn};
use crate::error::{AppError, AppResult, ErrorCode, Violations};
use crate::moderation::rules::TargetType;
use crate::search::{outbox, DocKind};

/// The terms a member accepts: their version and where the terms and the privacy notice are.
#[derive(Debug, Serialize, ToSchema)]
pub struct TermsView {
    pub version: String,
    pub terms_url: String,
    pub privacy_url: String,
}

pub fn terms(config: &crate::config::Config) -> TermsView {
    TermsView {
        version: config.terms_version.clone(),
        terms_url: config.terms_url.clone(),
        privacy_url: config.privacy_url.clone(),
    }
}

/// Whether the member has accepted the current terms version.
pub async fn terms_accepted(db: &Db, actor: &Actor, current: &str) -> AppResult<bool> {
    let id = actor.id.clone();
    let accepted = db.run(move |conn| Ok(store::accepted_terms(conn, &id)?)).await?;
    Ok(rules::terms_current(accepted.as_deref(), current))
}

/// Writes need the current terms accepted: 403 `terms_not_accepted` otherwise.
pub async fn ensure_terms(db: &Db, actor: &Actor, current: &str) -> AppResult<()> {
    if terms_accepted(db, actor, current).await? {
        Ok(())
    } else {
        Err(terms_refusal(current))
    }
}

/// The refusal of a write by a member who has not accepted the terms in force.
pub fn terms_refusal(current: &str) -> AppError {
    AppError::forbidden(
        ErrorCode::TermsNotAccepted,
        format!(
            "The terms changed (version {current}); accept them again (PUT /api/v1/me/consents {{\"terms\": true}})."
        ),
    )
}

/// One consent's current state: given or not, the version it was given or withdrawn under, and when
/// (never given: no version and no time).
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentState {
    pub kind: ConsentKind,
    pub given: bool,
    pub version: Option<String>,
    pub at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The member's consents: the current state of each kind and the whole history, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentsView {
    /// The terms version in force.
    pub terms_version: String,
    /// Whether the member accepted that version (else writes answer 403 `terms_not_accepted`).
    pub terms_accepted: bool,
    pub consents: Vec<ConsentState>,
    pub history: Vec<ConsentRow>,
}

fn latest_of(history: &[ConsentRow], kind: ConsentKind) -> Option<&ConsentRow> {
    history.iter().rev().find(|r| r.kind == kind.as_str())
}

fn consents_view(history: Vec<ConsentRow>, current: &str) -> ConsentsView {
    let consents = ConsentKind::ALL
        .into_iter()
        .map(|kind| match latest_of(&history, kind) {
            Some(r) => ConsentState {
                kind,
                given: r.given,
                version: Some(r.version.clone()),
                at: Some(clock::to_utc(r.created_at)),
            },
            None => ConsentState { kind, given: false, version: None, at: None },
        })
        .collect();
    let accepted = latest_of(&history, ConsentKind::Terms).filter(|r| r.given).map(|r| r.version.as_str());
    ConsentsView {
        terms_version: current.to_string(),
        terms_accepted: rules::terms_current(accepted, current),
        consents,
        history,
    }
}

pub async fn consents(db: &Db, actor: &Actor, current: &str) -> AppResult<ConsentsView> {
    let (id, current) = (actor.id.clone(), current.to_string());
    db.run(move |conn| Ok(consents_view(store::history(conn, &id)?, &current))).await
}

/// A consent update: each field sent sets that consent (absent fields stay). `terms: true` accepts the
/// current terms version; the terms cannot be withdrawn (erase the account instead).
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ConsentsInput {
    pub terms: Option<bool>,
    pub product_news: Option<bool>,
    pub shipping_address_sharing: Option<bool>,
}

/// Appends a history row for each consent whose state changes, in one transaction. A suspended member may
/// still change their consents: they only concern their own data.
pub async fn update_consents(db: &Db, actor: &Actor, input: ConsentsInput, current: &str) -> AppResult<ConsentsView> {
    let (id, current) = (actor.id.clone(), current.to_string());
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let history = store::history(conn, &id)?;
            let latest = |kind| latest_of(&history, kind).map(|r| (r.given, r.version.clone()));
            let mut v = Violations::new();
            let changes = rules::changes(
                &mut v,
                &current,
                latest,
                &[
                    (ConsentKind::Terms, input.terms),
                    (ConsentKind::ProductNews, input.product_news),
                    (ConsentKind::ShippingAddressSharing, input.shipping_address_sharing),
                ],
            );
            v.finish()?;
            store::record_consents(conn, &id, &changes, clock::now())?;
            Ok(consents_view(store::history(conn, &id)?, &current))
        })
    })
    .await
}

/// Everything stored about a member, as one document. Other members appear by public handle only (in the
/// notifications that name who acted); ideas, products and tips of others by id.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportView {
    pub exported_at: chrono::DateTime<chrono::Utc>,
    pub profile: store::ExportProfile,
    pub consents: Vec<ConsentRow>,
    pub ideas: Vec<store::ExportIdea>,
    pub idea_updates: Vec<store::ExportUpdate>,
    pub comments: Vec<store::ExportComment>,
    pub supports: Vec<store::ExportSupport>,
    pub vote_budgets: Vec<store::ExportBudget>,
    /// Ratings; those with a title or text are reviews.
    pub ratings: Vec<store::ExportRating>,
    pub tips: Vec<store::ExportTip>,
    pub helpful_marks: Vec<store::ExportHelpful>,
    pub reports: Vec<store::ExportReport>,
    pub points: Vec<store::ExportPoints>,
    pub badges: Vec<store::ExportBadge>,
    pub notifications: Vec<store::ExportNotification>,
    /// How the member chose to hear of notifications (kinds left at their default are not listed).
    pub notification_settings: Vec<store::ExportNotificationSetting>,
    pub sessions: Vec<store::ExportSession>,
    /// Applications for product tests (answers, the address while it is kept, the consent, the outcome).
    pub product_test_applications: Vec<crate::product_tests::service::ExportApplication>,
    /// Test reports (the review itself is among `ratings`).
    pub product_test_reports: Vec<crate::product_tests::service::ExportTestReport>,
    /// Product questions the member asked.
    pub questions: Vec<store::ExportQuestion>,
    /// Answers the member wrote.
    pub answers: Vec<store::ExportAnswer>,
    /// Helpful votes the member gave answers.
    pub answer_helpful_votes: Vec<store::ExportAnswerHelpful>,
    /// Products the member follows.
    pub product_follows: Vec<store::ExportProductFollow>,
    /// Single sign-on providers linked to the account (provider and subject).
    pub sign_in_identities: Vec<crate::accounts::oidc::store::ExportIdentity>,
}

/// The member's export. The audit log records that it was made (who, when; not the data), in the same
/// transaction that reads it.
pub async fn export(db: &Db, actor: &Actor) -> AppResult<ExportView> {
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let id = actor.id.as_str();
            let profile = store::export_profile(conn, id)?.ok_or_else(|| AppError::not_found("Member"))?;
            let (product_test_applications, product_test_reports) = crate::product_tests::service::export_of(conn, id)?;
            let view = ExportView {
                exported_at: clock::to_utc(clock::now()),
                profile,
                consents: store::history(conn, id)?,
                ideas: store::export_ideas(conn, id)?,
                idea_updates: store::export_updates(conn, id)?,
                comments: store::export_comments(conn, id)?,
                supports: store::export_supports(conn, id)?,
                vote_budgets: store::export_budgets(conn, id)?,
                ratings: store::export_ratings(conn, id)?,
                tips: store::export_tips(conn, id)?,
                helpful_marks: store::export_helpful(conn, id)?,
                reports: store::export_reports(conn, id)?,
                points: store::export_points(conn, id)?,
                badges: store::export_badges(conn, id)?,
                notifications: store::export_notifications(conn, id)?,
                notification_settings: store::export_notification_settings(conn, id)?,
                sessions: store::export_sessions(conn, id)?,
                product_test_applications,
                product_test_reports,
                questions: store::export_questions(conn, id)?,
                answers: store::export_answers(conn, id)?,
                answer_helpful_votes: store::export_answer_helpful(conn, id)?,
                product_follows: store::export_product_follows(conn, id)?,
                sign_in_identities: crate::accounts::oidc::store::export_of(conn, id)?,
            };
            audit::record(conn, &actor, "data_export", "user", id, None, json!({}))?;
            Ok(view)
        })
    })
    .await
}

/// The export's file name: `ideashelf-<handle>-<date>.json`.
pub fn export_filename(view: &ExportView) -> String {
    format!("ideashelf-{}-{}.json", view.profile.handle, view.exported_at.format("%Y-%m-%d"))
}

/// Erasing an account: the member's password, and whether their public contributions go too.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EraseInput {
    pub password: String,
    /// Also remove the member's ideas, comments, tips and reviews (as a moderator's removal does); by
    /// default they stay, under the pseudonym.
    #[serde(default)]
    pub delete_contributions: bool,
}

/// What erasure did.
#[derive(Debug, Serialize, ToSchema)]
pub struct Erased {
    /// The handle the account's public contributions now show.
    pub pseudonym: String,
    /// How many contributions were removed (0 unless `delete_contributions`).
    pub removed: usize,
}

/// Erases the member's account (docs/ACCOUNTS.md, "Erasure"): after the password, in one transaction, the
/// personal fields go (handle and display name become a pseudonym, the email an undeliverable address, the
/// password unusable), with the sessions, consents and the member's inbox; contributions stay under the
/// pseudonym unless `delete_contributions`; supports, ratings' stars and the points ledger stay, so counts and
/// leaderboards stay exact. The last admin cannot go (409 `last_admin`).
pub async fn erase(
    db: &Db,
    media: &crate::images::storage::Media,
    actor: &Actor,
    input: EraseInput,
) -> AppResult<Erased> {
    if input.password.is_empty() {
        return Err(AppError::field("password", "required", "Enter your password to delete your account."));
    }
    let id = actor.id.clone();
    let row =
        db.run(move |conn| accounts::store::by_id(conn, &id)?.ok_or_else(|| AppError::not_found("Member"))).await?;
    let (pw, hash) = (input.password, row.password_hash.clone());
    // A member without a password (made by single sign-on) confirms with their handle instead.
    let handle = row.handle.clone();
    let matches = tokio::task::spawn_blocking(move || match password::is_set(&hash) {
        true => password::verify(&pw, &hash),
        false => pw.trim() == handle,
    })
    .await
    .map_err(|e| AppError::internal(format!("blocking task: {e}")))?;
    if !matches {
        return Err(AppError::forbidden(ErrorCode::WrongPassword, "That password is not correct."));
    }
    let delete_contributions = input.delete_contributions;
    let (erased, files) =
        db.run(move |conn| write_tx(conn, |conn| erase_in_tx(conn, &row, delete_contributions))).await?;
    // The pictures' rows went with the account; their files go once that is committed.
    crate::images::service::delete_files(db, media, files).await;
    Ok(erased)
}

fn erase_in_tx(
    conn: &mut DbConn,
    row: &accounts::store::UserRow,
    delete_contributions: bool,
) -> AppResult<(Erased, Vec<String>)> {
    let id = row.id.as_str();
    let user = accounts::store::by_id(conn, id)?.ok_or_else(|| AppError::not_found("Member"))?;
    if user.erased_at.is_some() {
        return Err(AppError::not_found("Member"));
    }
    if user.role == Role::Admin && accounts::store::count_admins(conn)? <= 1 {
        return Err(AppError::conflict(
            ErrorCode::LastAdmin,
            "This is the last admin; make another admin before deleting this account.",
        ));
    }
    let now = clock::now();
    let mut pseudonym = rules::pseudonym(rand::random());
    while accounts::store::handle_taken(conn, &pseudonym)? {
        pseudonym = rules::pseudonym(rand::random());
    }
    let email = rules::erased_email(rand::random());

    let mine = store::contributions(conn, id)?;
    let mut removed = 0;
    if delete_contributions {
        let all = [
            (TargetType::Idea, &mine.ideas),
            (TargetType::Comment, &mine.comments),
            (TargetType::Tip, &mine.tips),
            (TargetType::Review, &mine.reviews),
            (TargetType::Question, &mine.questions),
            (TargetType::Answer, &mine.answers),
        ];
        for (target, items) in all {
            for (item, hidden) in items.iter() {
                if !hidden {
                    crate::moderation::service::remove_content(conn, target, item, now)?;
                    removed += 1;
                }
            }
        }
    }
    // Pictures are personal data whatever happens to the texts: every one the member uploaded goes.
    let files = crate::images::service::erase_owner(conn, id)?;
    store::erase_user(conn, id, &pseudonym, &email, rules::ERASED_PASSWORD_HASH, now)?;
    store::delete_sessions(conn, id)?;
    // Single sign-on: the linked identities and any sign-in in progress.
    crate::accounts::oidc::store::delete_all_of(conn, id)?;
    // The client marks (keyed hashes of addresses and devices) go with the account.
    crate::trust::store::delete_marks_of(conn, id)?;
    // Product tests: applications to tests not drawn yet go; drawn ones keep only the published draw's
    // pseudonym and weight; answers and addresses go.
    crate::product_tests::store::erase_member(conn, id, now)?;
    store::delete_mail_of(conn, id, &user.email)?;
    store::delete_consents(conn, id)?;
    store::delete_follows(conn, id)?;
    store::delete_notifications(conn, id)?;
    store::rename_actor_in_notifications(conn, &user.handle, &pseudonym)?;
    store::rename_actor_in_audit(conn, id, &pseudonym)?;
    // The search documents show the author's handle: they show the pseudonym once the outbox is applied.
    for (idea, _) in &mine.ideas {
        outbox::enqueue(conn, DocKind::Idea, idea, now)?;
    }
    for (tip, _) in &mine.tips {
        outbox::enqueue(conn, DocKind::Tip, tip, now)?;
    }
    for (question, _) in &mine.questions {
        outbox::enqueue(conn, DocKind::Question, question, now)?;
    }
    let erased = Actor {
        id: id.to_string(),
        handle: pseudonym.clone(),
        display_name: pseudonym.clone(),
        role: Role::Member,
        suspended: false,
        unverified: false,
        locale: None,
        time_zone: None,
        session_id: None,
    };
    audit::record(
        conn,
        &erased,
        "account_erasure",
        "user",
        id,
        None,
        json!({"delete_contributions": delete_contributions, "removed": removed}),
    )?;
    Ok((Erased { pseudonym, removed }, files))
}

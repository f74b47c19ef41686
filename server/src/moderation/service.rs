//! Moderation: reports, the queue, actions, merges, and similar ideas.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use super::rules::{self, Action, TargetType};
use super::store::{self, ReportRow};
use crate::accounts::{self, Actor};
use crate::audit;
use crate::clock;
use crate::comments::store as comment_store;
use crate::db::{write_tx, Db, DbConn};
use crate::error::ErrorCode;
use crate::error::{AppError, AppResult, Violations};
use crate::ideas::rules::IdeaStatus;
use crate::ideas::service::{self as idea_service, apply_move, IdeaView};
use crate::ideas::store as idea_store;
use crate::ids::{CommentId, IdeaId, ReviewId, TipId, UserId};
use crate::notifications::{kind, store as notify};
use crate::points::rules::{Reason, Rule};
use crate::points::service::{self as points, Award};
use crate::tracker::rules::{judge, Mover, Verdict};

fn ensure_moderator(actor: &Actor) -> AppResult<()> {
    if actor.role.can_moderate() {
        Ok(())
    } else {
        Err(AppError::forbidden(ErrorCode::ModeratorsOnly, "Only moderators and admins moderate."))
    }
}

/// Refuses `action` on `target` (a member, or the author of the content acted on) when the rules protect them:
/// moderators do not act on staff (403 `staff_protected`), nobody suspends the last active admin (409
/// `last_admin`). The admins' rows are locked for the rest of the transaction when the target is one.
pub(crate) fn ensure_unprotected(
    conn: &mut DbConn,
    actor: &Actor,
    target: &accounts::store::UserRow,
    action: Action,
) -> AppResult<()> {
    let active =
        if target.role == accounts::Role::Admin { accounts::store::active_admins_locked(conn)? } else { Vec::new() };
    let target_active = target.suspended_at.is_none() && target.erased_at.is_none();
    let count = i64::try_from(active.len()).unwrap_or(i64::MAX);
    match rules::staff_protection(actor.role, target.role, target_active, action, count) {
        Ok(()) => Ok(()),
        Err(rules::Protection::StaffProtected) => Err(AppError::forbidden(
            ErrorCode::StaffProtected,
            "Only admins act on admins, moderators and the product team, or on what they wrote.",
        )),
        Err(rules::Protection::LastAdmin) => {
            Err(AppError::conflict(ErrorCode::LastAdmin, "This is the last active admin; make another admin first."))
        }
    }
}

/// The author of content, for [`ensure_unprotected`] (none when the account is gone).
fn ensure_author_unprotected(conn: &mut DbConn, actor: &Actor, author: &str, action: Action) -> AppResult<()> {
    match accounts::store::by_id(conn, author)? {
        Some(user) => ensure_unprotected(conn, actor, &user, action),
        None => Ok(()),
    }
}

/// The id of a target of `target`'s kind (404 when it is not one).
fn target_id(target: TargetType, raw: &str, what: &str) -> AppResult<String> {
    let id = match target {
        TargetType::Idea => IdeaId::parse(raw).map(|i| i.to_string()),
        TargetType::Comment => CommentId::parse(raw).map(|i| i.to_string()),
        TargetType::Review => ReviewId::parse(raw).map(|i| i.to_string()),
        TargetType::Tip => TipId::parse(raw).map(|i| i.to_string()),
        TargetType::Image => crate::ids::ImageId::parse(raw).map(|i| i.to_string()),
        TargetType::User => UserId::parse(raw).map(|i| i.to_string()),
        TargetType::Question => crate::ids::QuestionId::parse(raw).map(|i| i.to_string()),
        TargetType::Answer => crate::ids::AnswerId::parse(raw).map(|i| i.to_string()),
    };
    id.ok_or_else(|| AppError::not_found(what))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReportInput {
    /// `idea` or `comment`.
    pub target_type: String,
    pub target_id: String,
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportResult {
    pub target_type: String,
    pub target_id: String,
    /// False when you had reported it before (a report counts once).
    pub new: bool,
    /// Whether the content is now hidden pending a moderator's decision.
    pub hidden: bool,
}

/// The author of a reportable target and whether it is hidden.
fn target_author(conn: &mut DbConn, target: TargetType, id: &str) -> AppResult<(String, bool, Option<String>)> {
    match target {
        TargetType::Idea => {
            let idea = idea_store::by_id(conn, id)?.ok_or_else(|| AppError::not_found("Idea"))?;
            Ok((idea.author_id.to_string(), idea.hidden_at.is_some(), Some(idea.id.to_string())))
        }
        TargetType::Comment => {
            let c = comment_store::by_id(conn, id)?.ok_or_else(|| AppError::not_found("Comment"))?;
            Ok((c.author_id.to_string(), c.hidden_at.is_some(), Some(c.idea_id.to_string())))
        }
        TargetType::Review => {
            let r = crate::products::store::rating_by_id(conn, id)?
                .filter(|r| !r.body.is_empty())
                .ok_or_else(|| AppError::not_found("Review"))?;
            Ok((r.user_id.to_string(), r.hidden_at.is_some(), None))
        }
        TargetType::Tip => {
            let t = crate::tips::store::by_id(conn, id)?.ok_or_else(|| AppError::not_found("Tip"))?;
            Ok((t.author_id.to_string(), t.hidden_at.is_some(), None))
        }
        TargetType::Image => {
            // A picture on an idea is seen (and reported) with its idea.
            let i = crate::images::store::by_id(conn, id)?.ok_or_else(|| AppError::not_found("Image"))?;
            let idea = i.subject_id.clone().filter(|_| i.subject_kind.as_deref() == Some("idea"));
            Ok((i.owner_id.clone(), i.hidden_at.is_some(), idea))
        }
        TargetType::Question => {
            let q = crate::questions::store::question(conn, id)?.ok_or_else(|| AppError::not_found("Question"))?;
            Ok((q.author_id.to_string(), q.hidden_at.is_some(), None))
        }
        TargetType::Answer => {
            let a = crate::questions::store::answer(conn, id)?.ok_or_else(|| AppError::not_found("Answer"))?;
            // An answer on a hidden question is not seen (nor reported) by members.
            let question_hidden =
                crate::questions::store::question(conn, &a.question_id)?.is_none_or(|q| q.hidden_at.is_some());
            Ok((a.author_id.to_string(), a.hidden_at.is_some() || question_hidden, None))
        }
        TargetType::User => {
            Err(AppError::field("target_type", "invalid", "Members report ideas, comments, reviews and tips."))
        }
    }
}

/// The page that shows a review or tip (ideas and comments link by their idea).
fn content_url(conn: &mut DbConn, target: TargetType, id: &str) -> AppResult<Option<String>> {
    Ok(match target {
        TargetType::Review => match crate::products::store::rating_by_id(conn, id)? {
            Some(r) => {
                crate::products::store::by_id(conn, &r.product_id)?.map(|p| format!("/products/{}#review-{id}", p.slug))
            }
            None => None,
        },
        TargetType::Tip => Some(format!("/tips/{id}")),
        TargetType::Question => Some(format!("/questions/{id}")),
        TargetType::Answer => {
            crate::questions::store::answer(conn, id)?.map(|a| format!("/questions/{}#answer-{id}", a.question_id))
        }
        TargetType::Image => crate::images::service::subject_url(conn, id)?,
        _ => None,
    })
}

/// Hides or shows a target; a review's stars leave or rejoin its product's
/// summary when its visibility actually changes.
fn set_visibility(
    conn: &mut DbConn,
    target: TargetType,
    id: &str,
    was_hidden: bool,
    hidden: Option<chrono::NaiveDateTime>,
    clear_reports: bool,
) -> AppResult<()> {
    store::set_hidden(conn, target.as_str(), id, hidden, clear_reports)?;
    if target == TargetType::Review && was_hidden != hidden.is_some() {
        crate::products::service::on_review_visibility(conn, id, hidden.is_some())?;
    }
    // A hidden answer leaves its question's count, its official time and its search document.
    if target == TargetType::Answer {
        if let Some(a) = crate::questions::store::answer(conn, id)? {
            crate::questions::store::lock(conn, &a.question_id)?;
            crate::questions::store::refresh(conn, &a.question_id)?;
        }
    }
    Ok(())
}

/// Removes a member's own content the way a moderator's hide does: hidden (ideas and tips leave the search
/// index, a review's stars leave its product's summary), its open reports cleared, and what it earned its
/// author taken back (`Reason::Moderation`), in the caller's transaction. No notification and no audit entry
/// of its own: privacy's erasure with `delete_contributions` calls it and records the erasure. Content a
/// moderator hid already stays as it is.
pub fn remove_content(conn: &mut DbConn, target: TargetType, id: &str, now: chrono::NaiveDateTime) -> AppResult<()> {
    let (author, was_hidden, _) = target_author(conn, target, id)?;
    if was_hidden {
        return Ok(());
    }
    set_visibility(conn, target, id, was_hidden, Some(now), true)?;
    points::reverse_subject(conn, &author, id, Reason::Moderation, now)?;
    Ok(())
}

pub async fn report(db: &Db, actor: &Actor, threshold: i32, input: ReportInput) -> AppResult<ReportResult> {
    actor.ensure_active()?;
    let mut v = Violations::new();
    let target = TargetType::parse(input.target_type.trim()).filter(|t| t.reportable());
    if target.is_none() {
        v.add("target_type", "invalid", "target_type is idea, comment, review, tip, image, question or answer.");
    }
    rules::check_reason(&mut v, &input.reason);
    v.finish()?;
    let target = target.ok_or_else(|| {
        AppError::field(
            "target_type",
            "invalid",
            "target_type is idea, comment, review, tip, image, question or answer.",
        )
    })?;
    let target_id = target_id(target, &input.target_id, "Reported item")?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let (author, hidden, idea_id) = target_author(conn, target, &target_id)?;
            // A member reports only what they can see: a pending, rejected or hidden idea (and the comments on
            // it) is "not found" to them here as everywhere, and so is hidden content.
            let unseen = match idea_id.as_deref().and_then(crate::ids::IdeaId::parse) {
                Some(idea) => crate::ideas::service::load_visible(conn, &idea, Some(&actor)).is_err(),
                None => false,
            };
            if unseen || (hidden && !actor.role.can_moderate()) {
                return Err(AppError::not_found("Reported item"));
            }
            if author == actor.id {
                return Err(AppError::forbidden(ErrorCode::OwnContent, "You cannot report your own content."));
            }
            let now = clock::now();
            let row = ReportRow {
                id: Uuid::now_v7().to_string(),
                target_type: target.as_str().to_string(),
                target_id: target_id.clone(),
                reporter_id: actor.id.clone(),
                reason: input.reason.trim().to_string(),
                status: "open".into(),
                created_at: now,
                resolved_at: None,
                resolved_by: None,
            };
            let new = store::insert_report(conn, &row)? == 1;
            let mut now_hidden = hidden;
            if new {
                let open = store::count_report(conn, target.as_str(), &target_id)?;
                if !hidden && rules::auto_hide(open, threshold) {
                    set_visibility(conn, target, &target_id, hidden, Some(now), false)?;
                    now_hidden = true;
                    let data = json!({"action": "auto_hidden", "target_type": target.as_str(), "reports": open,
                        "url": content_url(conn, target, &target_id)?});
                    notify::notify(conn, &author, kind::MODERATION, idea_id.as_deref(), &data, now)?;
                }
            }
            Ok(ReportResult { target_type: target.as_str().into(), target_id, new, hidden: now_hidden })
        })
    })
    .await
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QueueItem {
    /// pending_idea, reported_idea or reported_comment.
    pub kind: String,
    pub target_type: String,
    pub target_id: String,
    /// The idea it belongs to (for comments, the idea they are on; empty for reviews and tips).
    pub idea_id: String,
    /// The page that shows the item in context.
    pub url: String,
    /// The idea's title or the comment's text.
    pub text: String,
    pub author: String,
    pub open_reports: i32,
    pub reasons: Vec<String>,
    pub hidden: bool,
    /// Waiting since (submission, or the oldest open report).
    pub since: DateTime<Utc>,
    /// For a reported picture: its thumbnail, which moderators see even when it is hidden.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// What the item says beyond its title: a pending or reported idea's summary, a reported tip's text
    /// (at most 400 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    /// The picture to show with it: a reported picture itself, or an idea's first picture (thumbnail size).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub picture: Option<QueuePicture>,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct QueuePicture {
    pub url: String,
    pub width: i32,
    pub height: i32,
    pub alt: String,
}

fn excerpt(text: &str) -> Option<String> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let mut out: String = t.chars().take(400).collect();
    if t.chars().count() > 400 {
        out.push('…');
    }
    Some(out)
}

/// Pending ideas and reported items, oldest first.
pub async fn queue(db: &Db, actor: &Actor) -> AppResult<Vec<QueueItem>> {
    ensure_moderator(actor)?;
    db.run(|conn| {
        let pending = store::pending_ideas(conn, 200)?;
        let reported = store::reported_ideas(conn, 200)?;
        let comments = store::reported_comments(conn, 200)?;
        let idea_ids: Vec<String> = reported.iter().map(|i| i.id.to_string()).collect();
        let comment_ids: Vec<String> = comments.iter().map(|c| c.id.to_string()).collect();
        let idea_reports = store::open_reports_for(conn, "idea", &idea_ids)?;
        let comment_reports = store::open_reports_for(conn, "comment", &comment_ids)?;
        let mut authors: Vec<String> = pending.iter().chain(reported.iter()).map(|i| i.author_id.to_string()).collect();
        authors.extend(comments.iter().map(|c| c.author_id.to_string()));
        let handles: std::collections::HashMap<String, String> =
            accounts::store::authors(conn, &authors)?.into_iter().map(|(id, h, _)| (id, h)).collect();
        let handle = |id: &str| handles.get(id).cloned().unwrap_or_default();
        let with_reports = |reports: &[ReportRow], id: &str| -> (Vec<String>, Option<chrono::NaiveDateTime>) {
            let mine: Vec<&ReportRow> = reports.iter().filter(|r| r.target_id == id).collect();
            (mine.iter().map(|r| r.reason.clone()).collect(), mine.iter().map(|r| r.created_at).min())
        };
        let idea_ids: Vec<String> = pending.iter().chain(reported.iter()).map(|i| i.id.to_string()).collect();
        let covers = crate::images::service::covers(conn, crate::images::rules::Subject::Idea, &idea_ids)?;
        let idea_item = |kind: &str, i: &crate::ideas::store::IdeaRow| {
            let (reasons, since) = with_reports(&idea_reports, &i.id);
            QueueItem {
                kind: kind.into(),
                target_type: "idea".into(),
                target_id: i.id.to_string(),
                idea_id: i.id.to_string(),
                url: format!("/ideas/{}", i.id),
                text: i.title.clone(),
                author: handle(&i.author_id),
                open_reports: i.open_reports,
                reasons,
                hidden: i.hidden_at.is_some(),
                since: clock::to_utc(since.unwrap_or(i.created_at)),
                image_url: None,
                excerpt: excerpt(&i.summary),
                picture: covers.get(i.id.as_str()).map(|c| QueuePicture {
                    url: c.variants.thumb.url.clone(),
                    width: c.variants.thumb.width,
                    height: c.variants.thumb.height,
                    alt: c.alt.clone(),
                }),
            }
        };
        let mut items: Vec<QueueItem> = pending.iter().map(|i| idea_item("pending_idea", i)).collect();
        items.extend(reported.iter().map(|i| idea_item("reported_idea", i)));
        for c in &comments {
            let (reasons, since) = with_reports(&comment_reports, &c.id);
            items.push(QueueItem {
                kind: "reported_comment".into(),
                target_type: "comment".into(),
                target_id: c.id.to_string(),
                idea_id: c.idea_id.to_string(),
                url: format!("/ideas/{}#comment-{}", c.idea_id, c.id),
                text: c.body.chars().take(280).collect(),
                author: handle(&c.author_id),
                open_reports: c.open_reports,
                reasons,
                hidden: c.hidden_at.is_some(),
                since: clock::to_utc(since.unwrap_or(c.created_at)),
                image_url: None,
                excerpt: None,
                picture: None,
            });
        }
        let reviews = store::reported_reviews(conn, 200)?;
        let tips = store::reported_tips(conn, 200)?;
        let review_ids: Vec<String> = reviews.iter().map(|r| r.id.to_string()).collect();
        let tip_ids: Vec<String> = tips.iter().map(|t| t.id.to_string()).collect();
        let review_reports = store::open_reports_for(conn, "review", &review_ids)?;
        let tip_reports = store::open_reports_for(conn, "tip", &tip_ids)?;
        let product_ids: Vec<String> = reviews.iter().map(|r| r.product_id.to_string()).collect();
        let slugs: std::collections::HashMap<String, String> = crate::products::store::by_ids(conn, &product_ids)?
            .into_iter()
            .map(|p| (p.id.to_string(), p.slug))
            .collect();
        let mut people: Vec<String> = reviews.iter().map(|r| r.user_id.to_string()).collect();
        people.extend(tips.iter().map(|t| t.author_id.to_string()));
        let more: std::collections::HashMap<String, String> =
            accounts::store::authors(conn, &people)?.into_iter().map(|(id, h, _)| (id, h)).collect();
        for r in &reviews {
            let (reasons, since) = with_reports(&review_reports, &r.id);
            items.push(QueueItem {
                kind: "reported_review".into(),
                target_type: "review".into(),
                target_id: r.id.to_string(),
                idea_id: String::new(),
                url: format!(
                    "/products/{}#review-{}",
                    slugs.get(r.product_id.as_str()).cloned().unwrap_or_default(),
                    r.id
                ),
                text: format!("{} ★ {} {}", r.stars, r.title, r.body).chars().take(280).collect(),
                author: more.get(r.user_id.as_str()).cloned().unwrap_or_default(),
                open_reports: r.open_reports,
                reasons,
                hidden: r.hidden_at.is_some(),
                since: clock::to_utc(since.unwrap_or(r.created_at)),
                image_url: None,
                excerpt: None,
                picture: None,
            });
        }
        for t in &tips {
            let (reasons, since) = with_reports(&tip_reports, &t.id);
            items.push(QueueItem {
                kind: "reported_tip".into(),
                target_type: "tip".into(),
                target_id: t.id.to_string(),
                idea_id: String::new(),
                url: format!("/tips/{}", t.id),
                text: t.title.clone(),
                author: more.get(t.author_id.as_str()).cloned().unwrap_or_default(),
                open_reports: t.open_reports,
                reasons,
                hidden: t.hidden_at.is_some(),
                since: clock::to_utc(since.unwrap_or(t.created_at)),
                image_url: None,
                excerpt: excerpt(&t.body),
                picture: None,
            });
        }
        let questions = crate::questions::store::reported_questions(conn, 200)?;
        let answers = crate::questions::store::reported_answers(conn, 200)?;
        let question_ids: Vec<String> = questions.iter().map(|q| q.id.to_string()).collect();
        let answer_ids: Vec<String> = answers.iter().map(|a| a.id.to_string()).collect();
        let question_reports = store::open_reports_for(conn, "question", &question_ids)?;
        let answer_reports = store::open_reports_for(conn, "answer", &answer_ids)?;
        let mut askers: Vec<String> = questions.iter().map(|q| q.author_id.to_string()).collect();
        askers.extend(answers.iter().map(|a| a.author_id.to_string()));
        let askers: std::collections::HashMap<String, String> =
            accounts::store::authors(conn, &askers)?.into_iter().map(|(id, h, _)| (id, h)).collect();
        for q in &questions {
            let (reasons, since) = with_reports(&question_reports, &q.id);
            items.push(QueueItem {
                kind: "reported_question".into(),
                target_type: "question".into(),
                target_id: q.id.to_string(),
                idea_id: String::new(),
                url: format!("/questions/{}", q.id),
                text: q.title.clone(),
                author: askers.get(q.author_id.as_str()).cloned().unwrap_or_default(),
                open_reports: q.open_reports,
                reasons,
                hidden: q.hidden_at.is_some(),
                since: clock::to_utc(since.unwrap_or(q.created_at)),
                image_url: None,
                excerpt: excerpt(&q.body),
                picture: None,
            });
        }
        for a in &answers {
            let (reasons, since) = with_reports(&answer_reports, &a.id);
            items.push(QueueItem {
                kind: "reported_answer".into(),
                target_type: "answer".into(),
                target_id: a.id.to_string(),
                idea_id: String::new(),
                url: format!("/questions/{}#answer-{}", a.question_id, a.id),
                text: a.body.chars().take(280).collect(),
                author: askers.get(a.author_id.as_str()).cloned().unwrap_or_default(),
                open_reports: a.open_reports,
                reasons,
                hidden: a.hidden_at.is_some(),
                since: clock::to_utc(since.unwrap_or(a.created_at)),
                image_url: None,
                excerpt: None,
                picture: None,
            });
        }
        let images = crate::images::store::reported(conn, 200)?;
        let image_ids: Vec<String> = images.iter().map(|i| i.id.to_string()).collect();
        let image_reports = store::open_reports_for(conn, "image", &image_ids)?;
        let thumbs: std::collections::HashMap<String, crate::images::store::VariantRow> =
            crate::images::store::variants_of(conn, &image_ids)?
                .into_iter()
                .filter(|v| v.variant == crate::images::rules::Variant::Thumb.as_str())
                .map(|v| (v.image_id.clone(), v))
                .collect();
        let owners: Vec<String> = images.iter().map(|i| i.owner_id.clone()).collect();
        let owners: std::collections::HashMap<String, String> =
            accounts::store::authors(conn, &owners)?.into_iter().map(|(id, h, _)| (id, h)).collect();
        for i in &images {
            let (reasons, since) = with_reports(&image_reports, &i.id);
            let idea_id =
                i.subject_id.clone().filter(|_| i.subject_kind.as_deref() == Some("idea")).unwrap_or_default();
            items.push(QueueItem {
                kind: "reported_image".into(),
                target_type: "image".into(),
                target_id: i.id.to_string(),
                idea_id,
                url: crate::images::service::subject_url(conn, &i.id)?.unwrap_or_default(),
                text: i.alt.clone(),
                author: owners.get(&i.owner_id).cloned().unwrap_or_default(),
                open_reports: i.open_reports,
                reasons,
                hidden: i.hidden_at.is_some(),
                since: clock::to_utc(since.unwrap_or(i.created_at)),
                image_url: thumbs.get(i.id.as_str()).map(|v| crate::images::rules::media_url(&v.file_key)),
                excerpt: None,
                picture: thumbs.get(i.id.as_str()).map(|v| QueuePicture {
                    url: crate::images::rules::media_url(&v.file_key),
                    width: v.width,
                    height: v.height,
                    alt: i.alt.clone(),
                }),
            });
        }
        items.sort_by(|a, b| a.since.cmp(&b.since).then_with(|| a.target_id.cmp(&b.target_id)));
        Ok(items)
    })
    .await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ActionInput {
    /// hide, restore, dismiss_reports (ideas, comments); suspend, unsuspend, remove_supports (users).
    pub action: String,
    /// idea, comment or user.
    pub target_type: String,
    /// An id, or for users also a handle.
    pub target_id: String,
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActionResult {
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    /// For remove_supports: how many supports were removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed: Option<usize>,
}

pub async fn act(db: &Db, actor: &Actor, input: ActionInput) -> AppResult<ActionResult> {
    ensure_moderator(actor)?;
    let mut v = Violations::new();
    let action = Action::parse(input.action.trim());
    let target = TargetType::parse(input.target_type.trim());
    match (action, target) {
        (None, _) => v.add(
            "action",
            "invalid",
            "action is hide, restore, dismiss_reports, suspend, unsuspend or remove_supports.",
        ),
        (_, None) => v.add("target_type", "invalid", "target_type is idea, comment, review, tip or user."),
        (Some(a), Some(t)) if !a.applies_to(t) => {
            v.add("target_type", "invalid", format!("{} does not apply to a {}.", a.as_str(), t.as_str()))
        }
        _ => {}
    }
    rules::check_reason(&mut v, &input.reason);
    v.finish()?;
    let (Some(action), Some(target)) = (action, target) else {
        return Err(AppError::field("action", "invalid", "Unknown action."));
    };
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let now = clock::now();
            let reason = input.reason.trim().to_string();
            let mut removed = None;
            let target_id = match target {
                TargetType::User => {
                    let key = input.target_id.trim();
                    let user = match UserId::parse(key) {
                        Some(id) => accounts::store::by_id(conn, &id)?,
                        None => accounts::store::by_handle(conn, key)?,
                    }
                    .ok_or_else(|| AppError::not_found("Member"))?;
                    if user.id == actor.id {
                        return Err(AppError::conflict(
                            ErrorCode::SelfModeration,
                            "Moderators do not moderate themselves.",
                        ));
                    }
                    ensure_unprotected(conn, &actor, &user, action)?;
                    match action {
                        Action::Suspend => {
                            store::set_suspended(conn, &user.id, Some(now))?;
                        }
                        Action::Unsuspend => {
                            store::set_suspended(conn, &user.id, None)?;
                        }
                        _ => removed = Some(remove_supports(conn, &user.id)?),
                    }
                    let data = json!({"action": action.as_str(), "reason": reason});
                    notify::notify(conn, &user.id, kind::MODERATION, None, &data, now)?;
                    user.id.to_string()
                }
                _ => {
                    let id = target_id(target, &input.target_id, "Item")?;
                    let (author, was_hidden, idea_id) = target_author(conn, target, &id)?;
                    ensure_author_unprotected(conn, &actor, &author, action)?;
                    match action {
                        Action::Hide => {
                            set_visibility(conn, target, &id, was_hidden, Some(now), true)?;
                            store::resolve_reports(conn, target.as_str(), &id, "upheld", &actor.id, now)?;
                            // What the content earned its author is taken back (and paid again on restore).
                            points::reverse_subject(conn, &author, &id, Reason::Moderation, now)?;
                        }
                        Action::Restore => {
                            set_visibility(conn, target, &id, was_hidden, None, true)?;
                            store::resolve_reports(conn, target.as_str(), &id, "dismissed", &actor.id, now)?;
                            points::reinstate_subject(conn, &author, &id, Reason::Moderation, now)?;
                        }
                        _ => {
                            set_visibility(conn, target, &id, was_hidden, None, true)?;
                            store::resolve_reports(conn, target.as_str(), &id, "dismissed", &actor.id, now)?;
                        }
                    }
                    let data = json!({"action": action.as_str(), "target_type": target.as_str(), "reason": reason,
                        "url": content_url(conn, target, &id)?});
                    notify::notify(conn, &author, kind::MODERATION, idea_id.as_deref(), &data, now)?;
                    id
                }
            };
            audit::record(
                conn,
                &actor,
                &format!("moderation.{}", action.as_str()),
                target.as_str(),
                &target_id,
                Some(&reason),
                json!({ "removed": removed }),
            )?;
            Ok(ActionResult { action: action.as_str().into(), target_type: target.as_str().into(), target_id, removed })
        })
    })
    .await
}

/// Removes all of a member's supports, with every count, trend and budget updated.
fn remove_supports(conn: &mut DbConn, user_id: &str) -> AppResult<usize> {
    let supports = store::supports_of(conn, user_id)?;
    store::delete_supports_of(conn, user_id)?;
    let now = clock::now();
    for (idea_id, at, challenge) in &supports {
        undo_support(conn, user_id, idea_id, *at, challenge.as_deref(), now)?;
    }
    Ok(supports.len())
}

/// What a removed support (its row already deleted) moved: the idea's count, the +1 and +2 (reversed as on a
/// withdrawal, for `moderation`), the budget vote, the trend term. Also used by voiding a vote ring (trust).
pub fn undo_support(
    conn: &mut DbConn,
    user_id: &str,
    idea_id: &str,
    at: chrono::NaiveDateTime,
    challenge: Option<&str>,
    now: chrono::NaiveDateTime,
) -> AppResult<()> {
    idea_store::add_supports(conn, idea_id, -1)?;
    if let Some(idea) = idea_store::by_id(conn, idea_id)? {
        let cause = points::support_cause(idea_id, user_id, at);
        let awards = [
            Award::new(user_id, Rule::SupportGiven, "support", &cause).about(idea_id, challenge),
            Award::new(&idea.author_id, Rule::SupportReceived, "support", &cause).about(idea_id, challenge),
        ];
        points::reverse(conn, &awards, Reason::Moderation, now)?;
    }
    if let Some(c) = challenge {
        idea_store::release_budget(conn, user_id, c)?;
    }
    if let Some(idea) = idea_store::by_id(conn, idea_id)? {
        let floor = crate::ideas::rules::trend_term(idea.created_at.and_utc().timestamp());
        let term = crate::ideas::rules::trend_term(at.and_utc().timestamp());
        idea_store::set_trend(conn, idea_id, crate::ideas::rules::log_sub_exp(idea.trend_score, term, floor))?;
    }
    Ok(())
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MergeInput {
    /// The idea to merge this one into.
    pub into: String,
    #[serde(default)]
    pub note: String,
}

/// Merges a duplicate into another idea: the target's supporters become the
/// union of both, the comments move, the source shows "merged into" and its
/// supporters are told.
pub async fn merge(db: &Db, actor: &Actor, id: IdeaId, input: MergeInput) -> AppResult<IdeaView> {
    ensure_moderator(actor)?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let source = idea_service::load_visible(conn, &id, Some(&actor))?;
            let target_id = IdeaId::parse(&input.into)
                .ok_or_else(|| AppError::field("into", "invalid", "into is the id of the idea to merge into."))?;
            let target = idea_store::by_id(conn, &target_id)?
                .ok_or_else(|| AppError::field("into", "unknown", "There is no such idea."))?;
            if target.id == source.id {
                return Err(AppError::field("into", "invalid", "An idea cannot merge into itself."));
            }
            if target.status == IdeaStatus::Merged {
                return Err(AppError::field("into", "merged", "That idea was itself merged; merge into its target."));
            }
            let from = source.status;
            let mover = Mover::of(actor.role, false).unwrap_or(Mover::Moderator);
            if let Verdict::Illegal { allowed } = judge(from, IdeaStatus::Merged, mover) {
                let names: Vec<&str> = allowed.iter().map(|s| s.as_str()).collect();
                return Err(AppError::Conflict {
                    code: ErrorCode::NotMergeable,
                    detail: format!("Only ideas gathering support can be merged; this one is {}.", from.as_str()),
                    extra: Some(json!({ "allowed": names })),
                });
            }
            let now = clock::now();
            let copied = store::copy_supports(
                conn,
                &source.id,
                &target.id,
                &target.author_id,
                target.challenge_id.as_deref(),
                now,
            )?;
            if copied > 0 {
                idea_store::add_supports(conn, &target.id, i32::try_from(copied).unwrap_or(i32::MAX))?;
            }
            let moved = i32::try_from(store::move_comments(conn, &source.id, &target.id)?).unwrap_or(0);
            store::add_comment_count(conn, &source.id, -moved)?;
            store::add_comment_count(conn, &target.id, moved)?;
            store::set_merged_into(conn, &source.id, Some(&target.id))?;
            let note = if input.note.trim().is_empty() {
                format!("Merged into “{}”.", target.title)
            } else {
                input.note.trim().to_string()
            };
            apply_move(conn, &source, IdeaStatus::Merged, mover, Some(&actor), &note, Some(&target.id), now)?;
            let saved = idea_store::by_id(conn, &source.id)?.ok_or_else(|| AppError::not_found("Idea"))?;
            idea_service::view_one(conn, &saved, Some(&actor))
        })
    })
    .await
}

/// Undoes a merge: the supports and comments it moved go back, both counts as before.
pub async fn unmerge(db: &Db, actor: &Actor, id: IdeaId) -> AppResult<IdeaView> {
    ensure_moderator(actor)?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let source = idea_service::load_visible(conn, &id, Some(&actor))?;
            let Some(target_id) = source.merged_into.clone().filter(|_| source.status == IdeaStatus::Merged) else {
                return Err(AppError::conflict(ErrorCode::NotMerged, "This idea is not merged."));
            };
            let removed = store::remove_merged_supports(conn, &source.id, &target_id)?;
            if removed > 0 {
                idea_store::add_supports(conn, &target_id, -i32::try_from(removed).unwrap_or(0))?;
            }
            let moved = i32::try_from(store::return_comments(conn, &source.id)?).unwrap_or(0);
            store::add_comment_count(conn, &target_id, -moved)?;
            store::add_comment_count(conn, &source.id, moved)?;
            store::set_merged_into(conn, &source.id, None)?;
            let mover = Mover::of(actor.role, false).unwrap_or(Mover::Moderator);
            apply_move(
                conn,
                &source,
                IdeaStatus::GatheringSupport,
                mover,
                Some(&actor),
                "Merge undone.",
                None,
                clock::now(),
            )?;
            let saved = idea_store::by_id(conn, &source.id)?.ok_or_else(|| AppError::not_found("Idea"))?;
            idea_service::view_one(conn, &saved, Some(&actor))
        })
    })
    .await
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SimilarIdea {
    pub id: IdeaId,
    pub title: String,
    pub status: IdeaStatus,
    pub supports: i32,
    /// 0..1: shared meaningful title words over all of them.
    pub score: f64,
}

/// Up to 5 public ideas whose titles share meaningful words with `title`.
pub async fn similar(db: &Db, title: String) -> AppResult<Vec<SimilarIdea>> {
    let words = rules::title_words(&title);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    db.run(move |conn| {
        let mut probe = words.clone();
        probe.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        probe.truncate(4);
        let candidates = idea_store::titles_like(conn, &probe, 300)?;
        let mut scored: Vec<SimilarIdea> = candidates
            .into_iter()
            .filter_map(|(id, t, status, supports)| {
                let score = rules::similarity(&words, &rules::title_words(&t));
                let status = IdeaStatus::parse(&status)?;
                (score > 0.0 && status.is_public()).then(|| SimilarIdea {
                    id,
                    title: t,
                    status,
                    supports,
                    score: (score * 1000.0).round() / 1000.0,
                })
            })
            .collect();
        scored.sort_by(|a, b| b.score.total_cmp(&a.score).then(b.supports.cmp(&a.supports)));
        scored.truncate(5);
        Ok(scored)
    })
    .await
}

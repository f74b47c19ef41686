//! Idea and support operations: the one place the API and the pages go to
//! submit, edit, list, support and withdraw.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::rules::{self, IdeaStatus};
use super::store::{self, After, Filter, IdeaChanges, IdeaRow, NewIdea, NewSupport, Sort};
use crate::accounts::{self, Actor};
use crate::challenges::rules::{Phase, VoteMode};
use crate::challenges::store::{self as challenge_store, ChallengeRow};
use crate::clock;
use crate::db::{write_tx, Db, DbConn};
use crate::error::ErrorCode;
use crate::error::{AppError, AppResult, Violations};
use crate::pagination::{decode_cursor, finish_page, parse_limit, Page};
use crate::points::rules::{Reason, Rule};
use crate::points::service::Award;
use crate::{markdown, tracker};

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateIdea {
    /// Challenge id or slug; absent for the open board.
    pub challenge_id: Option<String>,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// Markdown.
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub tags: Vec<String>,
}

#[derive(Debug, Deserialize, Default, ToSchema)]
pub struct UpdateIdea {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub body: Option<String>,
    pub tags: Option<Vec<String>>,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct AuthorView {
    pub handle: String,
    pub display_name: String,
    /// The member's level (1 to 7), shown next to the handle.
    pub level: u32,
}

impl AuthorView {
    pub fn unknown() -> AuthorView {
        AuthorView { handle: "unknown".into(), display_name: "unknown".into(), level: 1 }
    }
}

/// Author views (handle, name, level) by member id, in one query.
pub fn author_views(conn: &mut DbConn, ids: &[String]) -> AppResult<HashMap<String, AuthorView>> {
    Ok(accounts::store::authors_with_points(conn, ids)?
        .into_iter()
        .map(|(id, handle, display_name, points)| {
            (id, AuthorView { handle, display_name, level: crate::points::service::level_of(points) })
        })
        .collect())
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct IdeaView {
    pub id: Uuid,
    pub challenge_id: Option<Uuid>,
    pub author: AuthorView,
    pub title: String,
    pub summary: String,
    /// Markdown source (single ideas only; lists leave it out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Sanitized HTML of the body (single ideas only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_html: Option<String>,
    pub tags: Vec<String>,
    pub status: IdeaStatus,
    pub supports: i32,
    pub comments: i32,
    /// Supports that send the idea to review (the last tier's).
    pub support_threshold: i32,
    /// The supports the current tier asks for (absent once all are reached).
    pub next_goal: Option<i32>,
    /// When the current tier's time runs out (while gathering support).
    pub deadline: Option<DateTime<Utc>>,
    /// Tiers reached so far.
    pub tier: i32,
    /// The reason of the last status change (a decline's reason, a rejection's explanation).
    pub status_reason: Option<String>,
    /// The public note of the last status change.
    pub status_note: Option<String>,
    pub status_changed_at: Option<DateTime<Utc>>,
    /// The idea this one was merged into.
    pub merged_into: Option<Uuid>,
    /// The product it became (on the shelf).
    pub product: Option<String>,
    /// Hidden by moderation (seen only by its author and moderators).
    pub hidden: bool,
    /// Whether the author may still change the text.
    pub editable: bool,
    /// Whether the signed-in member supports it (absent when signed out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supported: Option<bool>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// How supporters answered "would you buy it?" — for the product team and admins only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demand: Option<rules::Demand>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SupportResult {
    /// Whether the member now supports the idea.
    pub supported: bool,
    /// The idea's support count after this request.
    pub supports: i32,
    /// Budget mode: supports the member has left in this challenge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget_left: Option<i32>,
    /// The member's answer to "would you buy it?" (yes, maybe, no), if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub would_buy: Option<String>,
    /// The price band the member picked, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_band: Option<String>,
}

/// Optional answers given with a support: would you buy it, and at what price.
#[derive(Debug, Default, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandInput {
    /// yes, maybe or no.
    pub would_buy: Option<String>,
    /// One of the challenge's `price_bands` (with yes or maybe).
    pub price_band: Option<String>,
}

fn parse_uuid(raw: &str) -> Option<String> {
    Uuid::parse_str(raw).ok().map(|u| u.to_string())
}

/// Builds the views for rows: one query for authors, one for tags, one for
/// the member's supports.
pub fn views(conn: &mut DbConn, rows: &[IdeaRow], viewer: Option<&Actor>) -> AppResult<Vec<IdeaView>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let author_ids: Vec<String> = rows.iter().map(|r| r.author_id.clone()).collect();
    let authors: HashMap<String, AuthorView> = author_views(conn, &author_ids)?;
    let mut tags: HashMap<String, Vec<String>> = HashMap::new();
    for (idea_id, tag) in store::tags_for(conn, &ids)? {
        tags.entry(idea_id).or_default().push(tag);
    }
    let mut challenge_ids: Vec<String> = rows.iter().filter_map(|r| r.challenge_id.clone()).collect();
    challenge_ids.sort();
    challenge_ids.dedup();
    let challenges: HashMap<String, ChallengeRow> =
        challenge_store::by_ids(conn, &challenge_ids)?.into_iter().map(|c| (c.id.clone(), c)).collect();
    let supported: Option<Vec<String>> = match viewer {
        Some(v) => Some(store::supported_among(conn, &v.id, &ids)?),
        None => None,
    };
    Ok(rows
        .iter()
        .map(|r| {
            let status = r.status;
            let tiers = tracker::service::tiers_for(r.challenge_id.as_ref().and_then(|c| challenges.get(c)));
            let gathering = status == IdeaStatus::GatheringSupport;
            IdeaView {
                id: Uuid::parse_str(&r.id).unwrap_or_default(),
                challenge_id: r.challenge_id.as_deref().and_then(|c| Uuid::parse_str(c).ok()),
                author: authors.get(&r.author_id).cloned().unwrap_or_else(AuthorView::unknown),
                title: r.title.clone(),
                summary: r.summary.clone(),
                body: None,
                body_html: None,
                tags: tags.remove(&r.id).unwrap_or_default(),
                status,
                supports: r.supports_count,
                comments: r.comments_count,
                support_threshold: tiers.last().map(|t| t.supports).unwrap_or(0),
                next_goal: usize::try_from(r.tier).ok().and_then(|t| tiers.get(t)).map(|t| t.supports),
                deadline: r.tier_deadline.filter(|_| gathering).map(clock::to_utc),
                tier: r.tier,
                status_reason: r.status_reason.clone(),
                status_note: r.status_note.clone(),
                status_changed_at: r.status_changed_at.map(clock::to_utc),
                merged_into: r.merged_into.as_deref().and_then(|m| Uuid::parse_str(m).ok()),
                product: r.product_ref.clone(),
                hidden: r.hidden_at.is_some(),
                editable: rules::editable(status, r.supports_count),
                supported: supported.as_ref().map(|s| s.contains(&r.id)),
                created_at: clock::to_utc(r.created_at),
                updated_at: clock::to_utc(r.updated_at),
                demand: None,
            }
        })
        .collect())
}

pub fn view_one(conn: &mut DbConn, row: &IdeaRow, viewer: Option<&Actor>) -> AppResult<IdeaView> {
    let mut view = views(conn, std::slice::from_ref(row), viewer)?
        .pop()
        .ok_or_else(|| AppError::internal("view of one idea was empty"))?;
    view.body = Some(row.body.clone());
    view.body_html = Some(row.body_html.clone());
    if viewer.is_some_and(|v| v.role.can_manage_challenges()) {
        view.demand = Some(demand(conn, row)?);
    }
    Ok(view)
}

/// Pending, rejected and hidden ideas are seen only by their author and the staff.
pub fn visible_to(row: &IdeaRow, viewer: Option<&Actor>) -> bool {
    let public = row.status.is_public() && row.hidden_at.is_none();
    public || viewer.is_some_and(|v| v.id == row.author_id || v.role != crate::accounts::Role::Member)
}

pub fn load_visible(conn: &mut DbConn, id: &str, viewer: Option<&Actor>) -> AppResult<IdeaRow> {
    let id = parse_uuid(id).ok_or_else(|| AppError::not_found("Idea"))?;
    match store::by_id(conn, &id)? {
        Some(row) if visible_to(&row, viewer) => Ok(row),
        _ => Err(AppError::not_found("Idea")),
    }
}

pub async fn create(db: &Db, actor: &Actor, input: CreateIdea) -> AppResult<IdeaView> {
    actor.ensure_active()?;
    let mut v = Violations::new();
    rules::check_title(&mut v, &input.title);
    rules::check_summary(&mut v, &input.summary);
    rules::check_body(&mut v, &input.body);
    let tags = rules::normalize_tags(&mut v, &input.tags);
    v.finish()?;
    let actor = actor.clone();
    let body_html = markdown::render(&input.body);
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let challenge = match input.challenge_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => None,
                Some(key) => Some(
                    challenge_store::by_id_or_slug(conn, key)?
                        .ok_or_else(|| AppError::field("challenge_id", "unknown", "There is no such challenge."))?,
                ),
            };
            let now = clock::now();
            if let Some(c) = &challenge {
                match crate::challenges::rules::phase(c.opens_at, c.closes_at, now) {
                    Phase::Open => {}
                    Phase::Upcoming => {
                        return Err(AppError::conflict(
                            ErrorCode::ChallengeNotOpen,
                            "This challenge has not opened yet.",
                        ))
                    }
                    Phase::Closed => {
                        return Err(AppError::conflict(
                            ErrorCode::ChallengeClosed,
                            "This challenge is closed and takes no new ideas.",
                        ))
                    }
                }
            }
            let premoderated = challenge.as_ref().is_some_and(|c| c.premoderation);
            let status = if premoderated { IdeaStatus::Pending } else { IdeaStatus::GatheringSupport };
            let deadline = if premoderated {
                None
            } else {
                tracker::rules::first_deadline(&tracker::service::tiers_for(challenge.as_ref()), now)
            };
            let row = NewIdea {
                id: Uuid::now_v7().to_string(),
                challenge_id: challenge.map(|c| c.id),
                author_id: actor.id.clone(),
                title: input.title.trim().to_string(),
                summary: input.summary.trim().to_string(),
                body: input.body,
                body_html,
                status,
                supports_count: 0,
                comments_count: 0,
                trend_score: rules::trend_term(now.and_utc().timestamp()),
                created_at: now,
                updated_at: now,
                tier: 0,
                tier_deadline: deadline,
                status_changed_at: Some(now),
            };
            store::insert(conn, &row, &tags)?;
            tracker::service::record_submission(conn, &row.id, status, &actor.id, now)?;
            if status == IdeaStatus::GatheringSupport {
                tracker::service::pay_publication(conn, &row.id, &row.author_id, row.challenge_id.as_deref(), now)?;
            }
            let saved = store::by_id(conn, &row.id)?.ok_or_else(|| AppError::internal("idea vanished"))?;
            view_one(conn, &saved, Some(&actor))
        })
    })
    .await
}

pub async fn update(db: &Db, actor: &Actor, id: String, input: UpdateIdea) -> AppResult<IdeaView> {
    actor.ensure_active()?;
    let mut v = Violations::new();
    if let Some(t) = &input.title {
        rules::check_title(&mut v, t);
    }
    if let Some(s) = &input.summary {
        rules::check_summary(&mut v, s);
    }
    if let Some(b) = &input.body {
        rules::check_body(&mut v, b);
    }
    let tags = input.tags.as_ref().map(|t| rules::normalize_tags(&mut v, t));
    v.finish()?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let row = load_visible(conn, &id, Some(&actor))?;
            let is_author = row.author_id == actor.id;
            if !is_author && !actor.role.can_moderate() {
                return Err(AppError::forbidden(ErrorCode::NotAuthor, "Only the author edits an idea."));
            }
            let status = row.status;
            if is_author && !rules::editable(status, row.supports_count) {
                return Err(AppError::conflict(
                    ErrorCode::EditLocked,
                    format!(
                        "This idea is locked for edits: it has {} supports or has left the support phase.",
                        row.supports_count
                    ),
                ));
            }
            let changes = IdeaChanges {
                title: input.title.map(|t| t.trim().to_string()),
                summary: input.summary.map(|s| s.trim().to_string()),
                body_html: input.body.as_deref().map(markdown::render),
                body: input.body,
                updated_at: Some(clock::now()),
            };
            store::update(conn, &row.id, &changes)?;
            if let Some(tags) = &tags {
                store::replace_tags(conn, &row.id, tags)?;
            }
            let saved = store::by_id(conn, &row.id)?.ok_or_else(|| AppError::not_found("Idea"))?;
            view_one(conn, &saved, Some(&actor))
        })
    })
    .await
}

pub async fn get(db: &Db, viewer: Option<&Actor>, id: String) -> AppResult<IdeaView> {
    let viewer = viewer.cloned();
    db.run(move |conn| {
        let row = load_visible(conn, &id, viewer.as_ref())?;
        view_one(conn, &row, viewer.as_ref())
    })
    .await
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct IdeaQuery {
    /// `top` (default), `new` or `trending` (recent supports weigh more).
    pub sort: Option<String>,
    /// Challenge id or slug; `none` for the open board.
    pub challenge: Option<String>,
    pub tag: Option<String>,
    /// Author handle.
    pub author: Option<String>,
    /// One status (default: every public status).
    pub status: Option<String>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

pub fn parse_sort(raw: Option<&str>) -> AppResult<Sort> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None | Some("top") => Ok(Sort::Top),
        Some("new") => Ok(Sort::New),
        Some("trending") => Ok(Sort::Trending),
        Some(_) => Err(AppError::field("sort", "invalid", "sort is top, new or trending.")),
    }
}

pub async fn list(db: &Db, viewer: Option<&Actor>, query: IdeaQuery) -> AppResult<Page<IdeaView>> {
    let sort = parse_sort(query.sort.as_deref())?;
    let limit = parse_limit(query.limit.as_deref())?;
    let after = decode_cursor::<After>(query.cursor.as_deref())?;
    if let Some(a) = &after {
        let fits = match sort {
            Sort::Top => a.supports.is_some(),
            Sort::Trending => a.trend.is_some(),
            Sort::New => a.supports.is_none() && a.trend.is_none(),
        };
        if !fits {
            return Err(AppError::field("cursor", "invalid", "This cursor belongs to another sort order."));
        }
    }
    let statuses = match query.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => IdeaStatus::ALL.into_iter().filter(|s| !IdeaStatus::listed().contains(s)).collect(),
        Some(s) => {
            let st =
                IdeaStatus::parse(s).ok_or_else(|| AppError::field("status", "invalid", "Not a known idea status."))?;
            if !st.is_public() && !viewer.is_some_and(|v| v.role.can_moderate()) {
                return Err(AppError::forbidden(
                    ErrorCode::ModeratorsOnly,
                    "Only moderators list pending and rejected ideas.",
                ));
            }
            vec![st]
        }
    };
    let viewer = viewer.cloned();
    db.run(move |conn| {
        let exclude_statuses = query.status.as_deref().map(str::trim).is_none_or(str::is_empty);
        let mut filter = Filter { statuses, exclude_statuses, ..Filter::default() };
        if let Some(key) = query.challenge.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            filter.challenge = if key == "none" {
                Some(None)
            } else {
                let c = challenge_store::by_id_or_slug(conn, key)?
                    .ok_or_else(|| AppError::field("challenge", "unknown", "There is no such challenge."))?;
                Some(Some(c.id))
            };
        }
        filter.tag =
            query.tag.as_deref().map(|t| t.trim().trim_start_matches('#').to_lowercase()).filter(|t| !t.is_empty());
        if let Some(handle) = query.author.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let Some(author) = accounts::store::by_handle(conn, handle)? else {
                return Ok(Page { items: Vec::new(), next_cursor: None });
            };
            filter.author_id = Some(author.id);
        }
        let rows = store::list(conn, &filter, sort, after.as_ref(), limit)?;
        let (rows, next_cursor) = finish_page(rows, limit, |r| After::of(r, sort));
        Ok(Page { items: views(conn, &rows, viewer.as_ref())?, next_cursor })
    })
    .await
}

/// Budget mode: the supports the member has left in the challenge.
fn budget_left(
    conn: &mut DbConn,
    budget: Option<i32>,
    challenge_id: Option<&str>,
    user_id: &str,
) -> AppResult<Option<i32>> {
    match (budget, challenge_id) {
        (Some(b), Some(cid)) => Ok(Some(b - store::budget_used(conn, user_id, cid)?)),
        _ => Ok(None),
    }
}

fn refusal_error(refusal: rules::SupportRefusal) -> AppError {
    use rules::SupportRefusal as R;
    let detail = refusal.message();
    match refusal {
        R::OwnIdea => AppError::forbidden(ErrorCode::OwnIdea, detail),
        R::Suspended => AppError::forbidden(ErrorCode::Suspended, detail),
        R::ChallengeNotOpen(Phase::Closed) => AppError::conflict(ErrorCode::ChallengeClosed, detail),
        R::ChallengeNotOpen(_) => AppError::conflict(ErrorCode::ChallengeNotOpen, detail),
        R::NotGathering(_) => AppError::conflict(ErrorCode::IdeaNotGathering, detail),
    }
}

/// The demand distribution of an idea's supporters.
pub fn demand(conn: &mut DbConn, row: &IdeaRow) -> AppResult<rules::Demand> {
    let bands = match &row.challenge_id {
        Some(c) => {
            challenge_store::by_ids(conn, std::slice::from_ref(c))?.pop().map(|c| c.price_bands()).unwrap_or_default()
        }
        None => Vec::new(),
    };
    let rows: Vec<(Option<String>, Option<String>, i64)> =
        store::demand_rows(conn, std::slice::from_ref(&row.id))?.into_iter().map(|(_, a, b, n)| (a, b, n)).collect();
    Ok(rules::tally(&rows, &bands))
}

/// The member's own demand answers on an idea they support: (would_buy, price_band).
pub async fn my_demand(db: &Db, actor: &Actor, id: String) -> AppResult<(Option<String>, Option<String>)> {
    let user = actor.id.clone();
    db.run(move |conn| Ok(store::demand_of(conn, &id, &user)?.unwrap_or((None, None)))).await
}

/// Supports an idea. Idempotent: supporting again changes nothing. The
/// support row, the count, the trend and the budget move in one transaction.
pub async fn support(db: &Db, actor: &Actor, id: String) -> AppResult<SupportResult> {
    support_with(db, actor, id, DemandInput::default()).await
}

/// Supports an idea with the optional demand answers; on an idea already
/// supported, records (or changes) the answers.
pub async fn support_with(db: &Db, actor: &Actor, id: String, demand: DemandInput) -> AppResult<SupportResult> {
    let actor = actor.clone();
    db.run(move |conn| write_tx(conn, |conn| support_in_tx_with(conn, &actor, &id, &demand))).await
}

pub fn support_in_tx(conn: &mut DbConn, actor: &Actor, id: &str) -> AppResult<SupportResult> {
    support_in_tx_with(conn, actor, id, &DemandInput::default())
}

fn support_in_tx_with(conn: &mut DbConn, actor: &Actor, id: &str, demand: &DemandInput) -> AppResult<SupportResult> {
    let row = load_visible(conn, id, Some(actor))?;
    let challenge = tracker::service::challenge_of(conn, &row)?;
    let answered = demand.would_buy.is_some() || demand.price_band.is_some();
    let bands = challenge.as_ref().map(ChallengeRow::price_bands).unwrap_or_default();
    let mut v = crate::error::Violations::new();
    let (would_buy, price_band) =
        rules::check_demand(&mut v, demand.would_buy.as_deref(), demand.price_band.as_deref(), &bands);
    v.finish()?;
    let would_buy = would_buy.map(rules::WouldBuy::as_str);
    let result =
        |conn: &mut DbConn, supported: bool, supports: i32, budget_left: Option<i32>| -> AppResult<SupportResult> {
            let (would_buy, price_band) = store::demand_of(conn, &row.id, &actor.id)?.unwrap_or((None, None));
            Ok(SupportResult { supported, supports, budget_left, would_buy, price_band })
        };
    let now = clock::now();
    let status = row.status;
    let phase = challenge.as_ref().map(|c| crate::challenges::rules::phase(c.opens_at, c.closes_at, now));
    let budget = challenge.as_ref().filter(|c| c.vote_mode == VoteMode::Budget).and_then(|c| c.vote_budget);
    if let Some(refusal) = rules::support_refusal(status, phase, row.author_id == actor.id, actor.suspended) {
        if store::has_support(conn, &row.id, &actor.id)? && refusal == rules::SupportRefusal::NotGathering(status) {
            // Already supported before the idea moved on: nothing to change (answers may still be given).
            if answered {
                store::set_demand(conn, &row.id, &actor.id, would_buy, price_band.as_deref())?;
            }
            let supports = store::supports_count(conn, &row.id)?;
            return result(conn, true, supports, None);
        }
        return Err(refusal_error(refusal));
    }
    let inserted = store::insert_support(
        conn,
        &NewSupport {
            idea_id: &row.id,
            user_id: &actor.id,
            challenge_id: row.challenge_id.as_deref(),
            created_at: now,
            would_buy,
            price_band: price_band.as_deref(),
        },
    )?;
    let budget_left = |conn: &mut DbConn| budget_left(conn, budget, row.challenge_id.as_deref(), &actor.id);
    if inserted == 0 {
        // Supported before: a repeat changes nothing but the answers, when given.
        if answered {
            store::set_demand(conn, &row.id, &actor.id, would_buy, price_band.as_deref())?;
        }
        let supports = store::supports_count(conn, &row.id)?;
        let left = budget_left(conn)?;
        return result(conn, true, supports, left);
    }
    if let (Some(b), Some(cid)) = (budget, &row.challenge_id) {
        if !store::take_budget(conn, &actor.id, cid, b)? {
            return Err(AppError::Conflict {
                code: ErrorCode::BudgetUsedUp,
                detail: format!("You have used all {b} supports of this challenge; withdraw one to support another."),
                extra: Some(serde_json::json!({"vote_budget": b, "budget_left": 0})),
            });
        }
    }
    let Some(bumped) = store::bump_supports(conn, &row.id, 1, now)? else {
        // It left the support phase while this request waited (another support sent it to review).
        return Err(AppError::conflict(ErrorCode::IdeaNotGathering, "This idea no longer gathers support."));
    };
    store::set_trend(conn, &row.id, rules::log_add_exp(bumped.trend, rules::trend_term(now.and_utc().timestamp())))?;
    climb_tiers(conn, &row, challenge.as_ref(), &bumped, now)?;
    let cause = crate::points::service::support_cause(&row.id, &actor.id, now);
    crate::points::service::award(conn, &support_awards(&row, &actor.id, &cause), now)?;
    let left = budget_left(conn)?;
    result(conn, true, bumped.supports, left)
}

/// After a support: tiers newly reached pay out more time and tell the author;
/// the final tier sends the idea to review, in the same transaction.
fn climb_tiers(
    conn: &mut DbConn,
    row: &IdeaRow,
    challenge: Option<&ChallengeRow>,
    bumped: &store::Bumped,
    now: chrono::NaiveDateTime,
) -> AppResult<()> {
    let tiers = tracker::service::tiers_for(challenge);
    let current = usize::try_from(bumped.tier).unwrap_or(0);
    let progress = tracker::rules::progress(&tiers, current, bumped.supports, now, bumped.tier_deadline);
    if progress.reached.is_empty() {
        return Ok(());
    }
    tracker::store::set_tier(conn, &row.id, i32::try_from(progress.tier).unwrap_or(0), progress.deadline)?;
    for reached in &progress.reached {
        // Each tier pays the author once (+25, +50, then +100).
        let tier = i32::try_from(*reached + 1).unwrap_or(i32::MAX);
        let cause = format!("{}:{tier}", row.id);
        let award = Award::new(&row.author_id, Rule::TierReached, "idea_tier", &cause)
            .about(&row.id, row.challenge_id.as_deref());
        crate::points::service::award(conn, &[award.tier(tier)], now)?;
        let goal = tiers.get(*reached).map(|t| t.supports).unwrap_or(0);
        let data = serde_json::json!({"idea_title": row.title, "tier": reached + 1, "supports": goal,
                                      "final": *reached + 1 == tiers.len()});
        crate::notifications::store::notify(
            conn,
            &row.author_id,
            crate::notifications::kind::TIER_REACHED,
            Some(&row.id),
            &data,
            now,
        )?;
    }
    if progress.complete {
        tracker::service::send_to_review(conn, &row.id, now)?;
    }
    Ok(())
}

/// Withdraws a support. Idempotent: withdrawing what was not given changes nothing.
pub async fn withdraw(db: &Db, actor: &Actor, id: String) -> AppResult<SupportResult> {
    let actor = actor.clone();
    db.run(move |conn| write_tx(conn, |conn| withdraw_in_tx(conn, &actor, &id))).await
}

pub fn withdraw_in_tx(conn: &mut DbConn, actor: &Actor, id: &str) -> AppResult<SupportResult> {
    let row = load_visible(conn, id, Some(actor))?;
    let challenge = tracker::service::challenge_of(conn, &row)?;
    let budget = challenge.as_ref().filter(|c| c.vote_mode == VoteMode::Budget).and_then(|c| c.vote_budget);
    let budget_left = |conn: &mut DbConn| budget_left(conn, budget, row.challenge_id.as_deref(), &actor.id);
    if !store::has_support(conn, &row.id, &actor.id)? {
        // Read the count afresh: a concurrent withdrawal may have committed since `row` was read.
        let supports = store::supports_count(conn, &row.id)?;
        return Ok(SupportResult {
            supported: false,
            supports,
            budget_left: budget_left(conn)?,
            would_buy: None,
            price_band: None,
        });
    }
    let now = clock::now();
    let status = row.status;
    let phase = challenge.as_ref().map(|c| crate::challenges::rules::phase(c.opens_at, c.closes_at, now));
    if let Some(phase @ (Phase::Closed | Phase::Upcoming)) = phase {
        return Err(refusal_error(rules::SupportRefusal::ChallengeNotOpen(phase)));
    }
    if status != IdeaStatus::GatheringSupport {
        return Err(refusal_error(rules::SupportRefusal::NotGathering(status)));
    }
    let Some(supported_at) = store::delete_support(conn, &row.id, &actor.id)? else {
        let supports = store::supports_count(conn, &row.id)?;
        return Ok(SupportResult {
            supported: false,
            supports,
            budget_left: budget_left(conn)?,
            would_buy: None,
            price_band: None,
        });
    };
    if let (Some(_), Some(cid)) = (budget, &row.challenge_id) {
        store::release_budget(conn, &actor.id, cid)?;
    }
    let Some(bumped) = store::bump_supports(conn, &row.id, -1, now)? else {
        return Err(AppError::conflict(ErrorCode::IdeaNotGathering, "This idea no longer gathers support."));
    };
    let floor = rules::trend_term(bumped.created_at.and_utc().timestamp());
    let term = rules::trend_term(supported_at.and_utc().timestamp());
    store::set_trend(conn, &row.id, rules::log_sub_exp(bumped.trend, term, floor))?;
    let cause = crate::points::service::support_cause(&row.id, &actor.id, supported_at);
    crate::points::service::reverse(conn, &support_awards(&row, &actor.id, &cause), Reason::Withdrawn, now)?;
    Ok(SupportResult {
        supported: false,
        supports: bumped.supports,
        budget_left: budget_left(conn)?,
        would_buy: None,
        price_band: None,
    })
}

/// A support pays its giver (+1, capped per day) and the idea's author (+2);
/// both count for the idea's challenge.
fn support_awards<'a>(idea: &'a IdeaRow, supporter: &'a str, cause: &'a str) -> [Award<'a>; 2] {
    let challenge = idea.challenge_id.as_deref();
    [
        Award::new(supporter, Rule::SupportGiven, "support", cause).about(&idea.id, challenge),
        Award::new(&idea.author_id, Rule::SupportReceived, "support", cause).about(&idea.id, challenge),
    ]
}

//! Reading ideas: the views (`IdeaView`, `AuthorView`) built from rows,
//! who may see an idea, one idea and the lists.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::moves::tiers_for;
use super::supports::demand;
use crate::accounts::{self, Actor};
use crate::challenges::store::{self as challenge_store, ChallengeRow};
use crate::clock;
use crate::db::{Db, DbConn};
use crate::error::ErrorCode;
use crate::error::{AppError, AppResult};
use crate::ideas::rules::{self, IdeaStatus};
use crate::ideas::store::{self, After, Filter, IdeaRow, Sort};
use crate::ids::{ChallengeId, IdeaId};
use crate::pagination::{decode_cursor, finish_page, parse_limit, Page};

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct AuthorView {
    pub handle: String,
    pub display_name: String,
    /// The member's level (1 to 7), shown next to the handle.
    pub level: u32,
    /// The member's picture (its thumbnail), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
}

impl AuthorView {
    pub fn unknown() -> AuthorView {
        AuthorView { handle: "unknown".into(), display_name: "unknown".into(), level: 1, avatar: None }
    }
}

/// Author views (handle, name, level) by member id, in one query.
pub fn author_views(conn: &mut DbConn, ids: &[String]) -> AppResult<HashMap<String, AuthorView>> {
    // One row per avatar variant: the thumbnail's file, else any variant's (as a picture's view picks).
    let mut out: HashMap<String, (AuthorView, bool)> = HashMap::new();
    for (id, handle, display_name, points, image, variant, file) in
        crate::images::store::authors_with_avatars(conn, ids)?
    {
        let (view, thumb) = out.entry(id).or_insert_with(|| {
            let level = crate::points::service::level_of(points);
            let avatar = image.map(|_| String::new());
            (AuthorView { handle, display_name, level, avatar }, false)
        });
        if let (Some(variant), Some(file)) = (variant, file) {
            let is_thumb = variant == crate::images::rules::Variant::Thumb.as_str();
            if is_thumb || (!*thumb && view.avatar.as_deref() == Some("")) {
                view.avatar = Some(crate::images::rules::media_url(&file));
                *thumb = is_thumb;
            }
        }
    }
    Ok(out.into_iter().map(|(id, (view, _))| (id, view)).collect())
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct IdeaView {
    pub id: IdeaId,
    pub challenge_id: Option<ChallengeId>,
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
    pub merged_into: Option<IdeaId>,
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
    /// The cover picture's sizes (lists and cards; absent without pictures).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cover: Option<crate::images::service::ImageView>,
    /// Every picture, the cover first (single ideas only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub images: Option<Vec<crate::images::service::ImageView>>,
    /// The product team's pick of this idea with its public note (null when it is not a staff pick).
    pub staff_pick: Option<StaffPickView>,
    /// How supporters answered "would you buy it?" — for the product team and admins only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demand: Option<rules::Demand>,
}

/// A staff pick as ideas show it.
#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct StaffPickView {
    pub note: String,
    pub picked_at: DateTime<Utc>,
}

/// Builds the views for rows: one query for authors, one for tags, one for
/// the member's supports.
pub fn views(conn: &mut DbConn, rows: &[IdeaRow], viewer: Option<&Actor>) -> AppResult<Vec<IdeaView>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
    let author_ids: Vec<String> = rows.iter().map(|r| r.author_id.to_string()).collect();
    let authors: HashMap<String, AuthorView> = author_views(conn, &author_ids)?;
    let mut tags: HashMap<String, Vec<String>> = HashMap::new();
    for (idea_id, tag) in store::tags_for(conn, &ids)? {
        tags.entry(idea_id).or_default().push(tag);
    }
    let mut challenge_ids: Vec<String> =
        rows.iter().filter_map(|r| r.challenge_id.as_ref().map(|c| c.to_string())).collect();
    challenge_ids.sort();
    challenge_ids.dedup();
    let challenges: HashMap<String, ChallengeRow> =
        challenge_store::by_ids(conn, &challenge_ids)?.into_iter().map(|c| (c.id.to_string(), c)).collect();
    let mut covers = crate::images::service::covers(conn, crate::images::rules::Subject::Idea, &ids)?;
    let mut picks: HashMap<String, StaffPickView> = store::picks_among(conn, &ids)?
        .into_iter()
        .map(|p| (p.idea_id, StaffPickView { note: p.note, picked_at: clock::to_utc(p.picked_at) }))
        .collect();
    let supported: Option<Vec<String>> = match viewer {
        Some(v) => Some(store::supported_among(conn, &v.id, &ids)?),
        None => None,
    };
    Ok(rows
        .iter()
        .map(|r| {
            let status = r.status;
            let tiers = tiers_for(r.challenge_id.as_ref().and_then(|c| challenges.get(c.as_str())));
            let gathering = status == IdeaStatus::GatheringSupport;
            IdeaView {
                id: r.id.clone(),
                challenge_id: r.challenge_id.clone(),
                author: authors.get(r.author_id.as_str()).cloned().unwrap_or_else(AuthorView::unknown),
                title: r.title.clone(),
                summary: r.summary.clone(),
                body: None,
                body_html: None,
                tags: tags.remove(r.id.as_str()).unwrap_or_default(),
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
                merged_into: r.merged_into.clone(),
                product: r.product_ref.clone(),
                hidden: r.hidden_at.is_some(),
                editable: rules::editable(status, r.supports_count),
                supported: supported.as_ref().map(|s| s.iter().any(|i| r.id == *i)),
                created_at: clock::to_utc(r.created_at),
                updated_at: clock::to_utc(r.updated_at),
                demand: None,
                staff_pick: picks.remove(r.id.as_str()),
                cover: covers.remove(r.id.as_str()),
                images: None,
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
    let ids = [row.id.to_string()];
    let mut gallery = crate::images::service::for_subjects(conn, crate::images::rules::Subject::Idea, &ids, viewer)?;
    view.images = Some(gallery.remove(row.id.as_str()).unwrap_or_default());
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

pub fn load_visible(conn: &mut DbConn, id: &IdeaId, viewer: Option<&Actor>) -> AppResult<IdeaRow> {
    match store::by_id(conn, id)? {
        Some(row) if visible_to(&row, viewer) => Ok(row),
        _ => Err(AppError::not_found("Idea")),
    }
}

/// `load_visible` with the idea's challenge, in one query.
pub fn load_visible_with_challenge(
    conn: &mut DbConn,
    id: &IdeaId,
    viewer: Option<&Actor>,
) -> AppResult<(IdeaRow, Option<ChallengeRow>)> {
    match store::by_id_with_challenge(conn, id)? {
        Some((row, challenge)) if visible_to(&row, viewer) => Ok((row, challenge)),
        _ => Err(AppError::not_found("Idea")),
    }
}

pub async fn get(db: &Db, viewer: Option<&Actor>, id: IdeaId) -> AppResult<IdeaView> {
    let viewer = viewer.cloned();
    db.run(move |conn| {
        let row = load_visible(conn, &id, viewer.as_ref())?;
        view_one(conn, &row, viewer.as_ref())
    })
    .await
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct IdeaQuery {
    /// `top` (default: most supports), `new`, `trending` (recent supports weigh more) or
    /// `discussed` (most comments). Anything else: 422 `validation` naming `sort`.
    pub sort: Option<String>,
    /// Challenge id or slug; `none` for the open board. An unknown one: 422 `validation`
    /// naming `challenge` (code `unknown`).
    pub challenge: Option<String>,
    /// One tag (a leading `#` and case are ignored).
    pub tag: Option<String>,
    /// Author handle.
    pub author: Option<String>,
    /// One status (default: every public status but `merged`). `pending` and `rejected` are for
    /// moderators (403 `moderators_only`); an unknown status: 422 `validation` naming `status`.
    pub status: Option<String>,
    /// The slug of the product an idea became (ideas on the shelf). An unknown product: 422
    /// `validation` naming `product` (code `unknown`).
    pub product: Option<String>,
    /// `true`: staff picks only (`false` or absent: every idea). Anything else: 422 `validation` naming
    /// `staff_pick`.
    pub staff_pick: Option<String>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

pub fn parse_sort(raw: Option<&str>) -> AppResult<Sort> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None | Some("top") => Ok(Sort::Top),
        Some("new") => Ok(Sort::New),
        Some("trending") => Ok(Sort::Trending),
        Some("discussed") => Ok(Sort::Discussed),
        Some(_) => Err(AppError::field("sort", "invalid", "sort is top, new, trending or discussed.")),
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
            Sort::Discussed => a.comments.is_some(),
            Sort::New => a.supports.is_none() && a.trend.is_none() && a.comments.is_none(),
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
    // A tag that no idea could carry (spaces, too long) is a mistake, not an empty list.
    let tag = match query.tag.as_deref() {
        Some(raw) => {
            let mut v = crate::error::Violations::new();
            let tags = rules::normalize_tags(&mut v, &[raw.to_string()]);
            if !v.is_empty() {
                return Err(AppError::field("tag", "invalid", "A tag uses letters, digits, '-' and '_' (at most 30)."));
            }
            tags.into_iter().next()
        }
        None => None,
    };
    let staff_pick = match query.staff_pick.as_deref().map(str::trim) {
        None | Some("" | "false") => false,
        Some("true") => true,
        Some(_) => return Err(AppError::field("staff_pick", "invalid", "staff_pick is true or false.")),
    };
    let viewer = viewer.cloned();
    db.run(move |conn| {
        let exclude_statuses = query.status.as_deref().map(str::trim).is_none_or(str::is_empty);
        let mut filter = Filter { statuses, exclude_statuses, staff_pick, ..Filter::default() };
        if let Some(key) = query.challenge.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            filter.challenge = if key == "none" {
                Some(None)
            } else {
                let c = challenge_store::by_id_or_slug(conn, key)?
                    .ok_or_else(|| AppError::field("challenge", "unknown", "There is no such challenge."))?;
                Some(Some(c.id.to_string()))
            };
        }
        if let Some(slug) = query.product.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let product = crate::products::store::by_id_or_slug(conn, slug)?
                .ok_or_else(|| AppError::field("product", "unknown", "There is no such product."))?;
            filter.product = Some(product.slug);
        }
        filter.tag = tag;
        if let Some(handle) = query.author.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let Some(author) = accounts::store::by_handle(conn, handle)? else {
                return Ok(Page { items: Vec::new(), next_cursor: None });
            };
            filter.author_id = Some(author.id.to_string());
        }
        let rows = store::list(conn, &filter, sort, after.as_ref(), limit)?;
        let (rows, next_cursor) = finish_page(rows, limit, |r| After::of(r, sort));
        Ok(Page { items: views(conn, &rows, viewer.as_ref())?, next_cursor })
    })
    .await
}

/// A member's own ideas list: what only they see of their ideas.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyIdeas {
    /// Their ideas waiting for a moderator or rejected (newest first).
    pub waiting: Vec<IdeaView>,
    /// The ideas they support (the newest first).
    pub supported: Vec<IdeaView>,
}

/// How many ideas of each kind `mine` lists.
pub const MINE_MAX: i64 = 50;

/// The signed-in member's pending and rejected ideas and the ideas they
/// support: for their own eyes (the member page shows it only to them).
pub async fn mine(db: &Db, actor: &Actor) -> AppResult<MyIdeas> {
    let actor = actor.clone();
    db.run(move |conn| {
        let waiting = Filter {
            author_id: Some(actor.id.to_string()),
            statuses: vec![IdeaStatus::Pending, IdeaStatus::Rejected],
            ..Filter::default()
        };
        let waiting = store::list(conn, &waiting, Sort::New, None, MINE_MAX - 1)?;
        let supported = Filter {
            supported_by: Some(actor.id.to_string()),
            statuses: vec![IdeaStatus::Pending, IdeaStatus::Rejected],
            exclude_statuses: true,
            ..Filter::default()
        };
        let supported = store::list(conn, &supported, Sort::New, None, MINE_MAX - 1)?;
        Ok(MyIdeas { waiting: views(conn, &waiting, Some(&actor))?, supported: views(conn, &supported, Some(&actor))? })
    })
    .await
}

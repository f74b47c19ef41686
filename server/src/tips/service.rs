//! Community tip operations: the one place the API and the pages go to.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::rules::{self, TipSort};
use super::store::{self, TipAfter, TipChanges, TipFilter, TipRow};
use crate::accounts::{self, Actor};
use crate::clock;
use crate::db::{write_tx, Db, DbConn};
use crate::error::ErrorCode;
use crate::error::{AppError, AppResult, Violations};
use crate::ideas::service::AuthorView;
use crate::ids::{ProductId, TipId, UserId};
use crate::markdown;
use crate::pagination::{decode_cursor, finish_page, parse_limit, Page};
use crate::points::rules::{Reason, Rule};
use crate::points::service::{self as points, Award};
use crate::products::store as product_store;

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateTip {
    pub title: String,
    /// Markdown.
    pub body: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The product it is about: id or slug.
    pub product: Option<String>,
    /// Uploaded pictures by id, at most 4 (each with alt text).
    #[serde(default)]
    pub images: Vec<String>,
}

/// Fields to change; an empty `product` detaches the tip from its product.
#[derive(Debug, Deserialize, Default, ToSchema)]
pub struct UpdateTip {
    pub title: Option<String>,
    pub body: Option<String>,
    pub tags: Option<Vec<String>>,
    pub product: Option<String>,
    /// The pictures, replacing the list (`[]` removes them all).
    pub images: Option<Vec<String>>,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct TipProduct {
    pub id: ProductId,
    pub slug: String,
    pub name: String,
    pub category: String,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct TipView {
    pub id: TipId,
    pub author: AuthorView,
    pub product: Option<TipProduct>,
    pub title: String,
    pub body: String,
    pub body_html: String,
    pub tags: Vec<String>,
    pub helpful_count: i32,
    /// Whether the signed-in member marked it helpful (absent when signed out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found_helpful: Option<bool>,
    /// Whether the signed-in member may edit and delete it.
    pub editable: bool,
    pub hidden: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Its pictures, the first is the cover.
    pub images: Vec<crate::images::service::ImageView>,
}

fn may_edit(row: &TipRow, viewer: Option<&Actor>) -> bool {
    viewer.is_some_and(|v| v.id == row.author_id || v.role.can_moderate())
}

pub fn views(conn: &mut DbConn, rows: &[TipRow], viewer: Option<&Actor>) -> AppResult<Vec<TipView>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
    let author_ids: Vec<String> = rows.iter().map(|r| r.author_id.to_string()).collect();
    let authors: HashMap<String, AuthorView> = crate::ideas::service::author_views(conn, &author_ids)?;
    let product_ids: Vec<String> = rows.iter().filter_map(|r| r.product_id.as_ref().map(|p| p.to_string())).collect();
    let products: HashMap<String, TipProduct> = product_store::by_ids(conn, &product_ids)?
        .into_iter()
        .map(|p| (p.id.to_string(), TipProduct { id: p.id, slug: p.slug, name: p.name, category: p.category }))
        .collect();
    let mut tags: HashMap<String, Vec<String>> = HashMap::new();
    for (tip, tag) in store::tags_for(conn, &ids)? {
        tags.entry(tip).or_default().push(tag);
    }
    let mut pictures = crate::images::service::for_subjects(conn, crate::images::rules::Subject::Tip, &ids, viewer)?;
    let helpful = match viewer {
        Some(v) => Some(store::helpful_among(conn, &v.id, &ids)?),
        None => None,
    };
    Ok(rows
        .iter()
        .map(|r| TipView {
            id: r.id.clone(),
            author: authors.get(r.author_id.as_str()).cloned().unwrap_or_else(AuthorView::unknown),
            product: r.product_id.as_ref().and_then(|p| products.get(p.as_str()).cloned()),
            title: r.title.clone(),
            body: r.body.clone(),
            body_html: r.body_html.clone(),
            tags: tags.remove(r.id.as_str()).unwrap_or_default(),
            helpful_count: r.helpful_count,
            found_helpful: helpful.as_ref().map(|h| h.iter().any(|x| r.id == *x)),
            editable: may_edit(r, viewer),
            hidden: r.hidden_at.is_some(),
            created_at: clock::to_utc(r.created_at),
            updated_at: clock::to_utc(r.updated_at),
            images: pictures.remove(r.id.as_str()).unwrap_or_default(),
        })
        .collect())
}

fn view_one(conn: &mut DbConn, row: &TipRow, viewer: Option<&Actor>) -> AppResult<TipView> {
    views(conn, std::slice::from_ref(row), viewer)?.pop().ok_or_else(|| AppError::internal("view of one tip was empty"))
}

/// Hidden tips are seen only by their author and moderators.
pub fn visible_to(row: &TipRow, viewer: Option<&Actor>) -> bool {
    row.hidden_at.is_none() || may_edit(row, viewer)
}

pub fn load_visible(conn: &mut DbConn, id: &TipId, viewer: Option<&Actor>) -> AppResult<TipRow> {
    match store::by_id(conn, id)? {
        Some(row) if visible_to(&row, viewer) => Ok(row),
        _ => Err(AppError::not_found("Tip")),
    }
}

fn product_of(conn: &mut DbConn, key: &str) -> AppResult<ProductId> {
    product_store::by_id_or_slug(conn, key.trim())?
        .map(|p| p.id)
        .ok_or_else(|| AppError::field("product", "unknown", "There is no such product."))
}

pub async fn create(db: &Db, actor: &Actor, input: CreateTip) -> AppResult<TipView> {
    actor.ensure_contributor()?;
    let mut v = Violations::new();
    rules::check_title(&mut v, &input.title);
    rules::check_body(&mut v, &input.body);
    let tags = crate::ideas::rules::normalize_tags(&mut v, &input.tags);
    v.finish()?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let product_id = match input.product.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                Some(key) => Some(product_of(conn, key)?),
                None => None,
            };
            let now = clock::now();
            let body = input.body.trim().to_string();
            let row = TipRow {
                id: TipId::new(),
                author_id: UserId::parse(&actor.id).ok_or_else(|| AppError::internal("actor id"))?,
                product_id,
                title: input.title.trim().to_string(),
                body_html: markdown::render(&body),
                body,
                helpful_count: 0,
                open_reports: 0,
                hidden_at: None,
                created_at: now,
                updated_at: now,
            };
            store::insert(conn, &row, &tags)?;
            if !input.images.is_empty() {
                crate::images::service::attach(
                    conn,
                    &actor.id,
                    crate::images::rules::Subject::Tip,
                    &row.id,
                    "images",
                    &input.images,
                )?;
            }
            points::award(conn, &[Award::new(&actor.id, Rule::Tip, "tip", &row.id).about(&row.id, None)], now)?;
            view_one(conn, &row, Some(&actor))
        })
    })
    .await
}

pub async fn update(db: &Db, actor: &Actor, id: TipId, input: UpdateTip) -> AppResult<TipView> {
    actor.ensure_active()?;
    let mut v = Violations::new();
    if let Some(t) = &input.title {
        rules::check_title(&mut v, t);
    }
    if let Some(b) = &input.body {
        rules::check_body(&mut v, b);
    }
    let tags = input.tags.as_ref().map(|t| crate::ideas::rules::normalize_tags(&mut v, t));
    v.finish()?;
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let row = load_visible(conn, &id, Some(&actor))?;
            if !may_edit(&row, Some(&actor)) {
                return Err(AppError::forbidden(ErrorCode::NotAuthor, "Only the author edits a tip."));
            }
            let product_id = match input.product.as_deref().map(str::trim) {
                None => None,
                Some("") => Some(None),
                Some(key) => Some(Some(product_of(conn, key)?.to_string())),
            };
            let body = input.body.map(|b| b.trim().to_string());
            let changes = TipChanges {
                title: input.title.map(|t| t.trim().to_string()),
                body_html: body.as_deref().map(markdown::render),
                body,
                product_id,
                updated_at: Some(clock::now()),
            };
            store::update(conn, &row.id, &changes)?;
            if let Some(tags) = &tags {
                store::replace_tags(conn, &row.id, tags)?;
            }
            if let Some(list) = &input.images {
                crate::images::service::attach(
                    conn,
                    &row.author_id,
                    crate::images::rules::Subject::Tip,
                    &row.id,
                    "images",
                    list,
                )?;
            }
            let saved = store::by_id(conn, &row.id)?.ok_or_else(|| AppError::not_found("Tip"))?;
            view_one(conn, &saved, Some(&actor))
        })
    })
    .await
}

pub async fn delete(db: &Db, actor: &Actor, id: TipId) -> AppResult<()> {
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let row = load_visible(conn, &id, Some(&actor))?;
            if !may_edit(&row, Some(&actor)) {
                return Err(AppError::forbidden(ErrorCode::NotAuthor, "Only the author deletes a tip."));
            }
            if row.author_id != actor.id {
                // A moderator deletes staff's tips no more than they hide them (moderation::rules).
                let author_role = accounts::store::by_id(conn, &row.author_id)?.map(|u| u.role);
                if let Some(role) = author_role {
                    let action = crate::moderation::rules::Action::Hide;
                    if crate::moderation::rules::staff_protection(actor.role, role, true, action, i64::MAX).is_err() {
                        return Err(AppError::forbidden(
                            ErrorCode::StaffProtected,
                            "Only admins remove what admins, moderators or the product team wrote.",
                        ));
                    }
                }
            }
            store::delete(conn, &row.id)?;
            // The tip's points (and its helpful marks') go with it.
            points::reverse_subject(conn, &row.author_id, &row.id, Reason::Deleted, clock::now())?;
            if row.author_id != actor.id {
                crate::audit::record(
                    conn,
                    &actor,
                    "tip.delete",
                    "tip",
                    &row.id,
                    None,
                    serde_json::json!({"title": row.title}),
                )?;
            }
            Ok(())
        })
    })
    .await
}

pub async fn get(db: &Db, viewer: Option<&Actor>, id: TipId) -> AppResult<TipView> {
    let viewer = viewer.cloned();
    db.run(move |conn| {
        let row = load_visible(conn, &id, viewer.as_ref())?;
        view_one(conn, &row, viewer.as_ref())
    })
    .await
}

#[derive(Debug, Deserialize, Default, IntoParams)]
pub struct TipQuery {
    /// `new` (default) or `helpful`.
    pub sort: Option<String>,
    /// Product id or slug.
    pub product: Option<String>,
    pub tag: Option<String>,
    /// Author handle.
    pub author: Option<String>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

pub async fn list(db: &Db, viewer: Option<&Actor>, query: TipQuery) -> AppResult<Page<TipView>> {
    let sort = TipSort::parse(query.sort.as_deref())
        .ok_or_else(|| AppError::field("sort", "invalid", "sort is new or helpful."))?;
    let limit = parse_limit(query.limit.as_deref())?;
    let after: Option<TipAfter> = decode_cursor(query.cursor.as_deref())?;
    let viewer = viewer.cloned();
    db.run(move |conn| {
        let mut filter = TipFilter {
            tag: query.tag.map(|t| t.trim().trim_start_matches('#').to_lowercase()).filter(|t| !t.is_empty()),
            ..Default::default()
        };
        if let Some(p) = query.product.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            filter.product_id = Some(
                product_store::by_id_or_slug(conn, p)?
                    .map(|p| p.id.to_string())
                    .ok_or_else(|| AppError::field("product", "unknown", "There is no such product."))?,
            );
        }
        if let Some(h) = query.author.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            filter.author_id = Some(
                accounts::store::by_handle(conn, h)?
                    .map(|u| u.id.to_string())
                    .ok_or_else(|| AppError::field("author", "unknown", "There is no such member."))?,
            );
        }
        let rows = store::list(conn, &filter, sort, after.as_ref(), limit + 1)?;
        let (rows, next_cursor) =
            finish_page(rows, limit, |r| TipAfter { helpful: r.helpful_count, id: r.id.to_string() });
        let items = views(conn, &rows, viewer.as_ref())?;
        Ok(Page { items, next_cursor })
    })
    .await
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TipHelpful {
    pub helpful: bool,
    pub helpful_count: i32,
}

/// Marks (or unmarks) another member's tip as helpful, once per member.
pub async fn helpful(db: &Db, actor: &Actor, id: TipId, on: bool) -> AppResult<TipHelpful> {
    // Unmarking only takes back the member's own mark: a suspended member may (docs/ACCOUNTS.md), and on
    // their own tip there is none to take back.
    if on {
        actor.ensure_active()?;
    }
    let actor = actor.clone();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            let row = load_visible(conn, &id, None)?;
            if row.author_id == actor.id {
                if !on {
                    return Ok(TipHelpful { helpful: false, helpful_count: store::helpful_count(conn, &row.id)? });
                }
                return Err(AppError::forbidden(ErrorCode::OwnContent, "You cannot mark your own tip as helpful."));
            }
            let now = clock::now();
            let cause = format!("{}:{}", row.id, actor.id);
            let award = [Award::new(&row.author_id, Rule::TipHelpful, "tip_helpful", &cause).about(&row.id, None)];
            if on {
                if store::add_helpful(conn, &row.id, &actor.id, now)? == 1 {
                    points::award_or_reinstate(conn, &award, Reason::Unmarked, now)?;
                }
            } else if store::remove_helpful(conn, &row.id, &actor.id)? == 1 {
                points::reverse(conn, &award, Reason::Unmarked, now)?;
            }
            Ok(TipHelpful { helpful: on, helpful_count: store::helpful_count(conn, &row.id)? })
        })
    })
    .await
}

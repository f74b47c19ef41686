//! Reading the audit log (moderators and admins): filters, pages, and where each entry's subject is shown.

use serde::Deserialize;

use super::rules;
use super::{store, AuditView};
use crate::accounts::Actor;
use crate::db::{Db, DbConn};
use crate::error::{AppError, AppResult, ErrorCode, Violations};
use crate::pagination::{decode_cursor, finish_page, parse_limit, Page};

#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
pub struct AuditQuery {
    /// The acting member's handle (as the entry names them).
    pub actor: Option<String>,
    /// The action, e.g. `moderation.hide`, `idea.transition`.
    pub action: Option<String>,
    /// The subject's type: `idea`, `comment`, `user`, `tip`, `review`, `image`, `product`, `challenge`, …
    pub subject_type: Option<String>,
    /// The subject's id.
    pub subject_id: Option<String>,
    /// From this day (`YYYY-MM-DD`, UTC) or instant (RFC 3339).
    pub from: Option<String>,
    /// Up to and including this day or instant.
    pub to: Option<String>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

/// The parsed filters.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub subject_type: Option<String>,
    pub subject_id: Option<String>,
    pub from: Option<chrono::NaiveDateTime>,
    pub until: Option<chrono::NaiveDateTime>,
}

fn text(v: &mut Violations, field: &str, raw: Option<&str>) -> Option<String> {
    let s = raw.map(str::trim).filter(|s| !s.is_empty())?;
    if s.chars().count() > 100 {
        v.add(field, "too_long", format!("{field} has at most 100 characters."));
        return None;
    }
    Some(s.trim_start_matches('@').to_string())
}

pub fn ensure_reader(actor: &Actor) -> AppResult<()> {
    if actor.role.can_moderate() {
        Ok(())
    } else {
        Err(AppError::forbidden(ErrorCode::ModeratorsOnly, "Only moderators and admins read the audit log."))
    }
}

/// The entries matching the query, newest first, each with the link to its subject.
pub async fn list(db: &Db, actor: &Actor, query: AuditQuery) -> AppResult<Page<AuditView>> {
    ensure_reader(actor)?;
    let mut v = Violations::new();
    let mut filter = Filter {
        actor: text(&mut v, "actor", query.actor.as_deref()),
        action: text(&mut v, "action", query.action.as_deref()),
        subject_type: text(&mut v, "subject_type", query.subject_type.as_deref()),
        subject_id: text(&mut v, "subject_id", query.subject_id.as_deref()),
        ..Filter::default()
    };
    for (field, raw, end) in [("from", query.from.as_deref(), false), ("to", query.to.as_deref(), true)] {
        let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else { continue };
        match rules::time_bound(raw, end) {
            Some(t) if end => filter.until = Some(t),
            Some(t) => filter.from = Some(t),
            None => v.add(field, "invalid", format!("{field} is a day (YYYY-MM-DD) or an RFC 3339 time.")),
        }
    }
    v.finish()?;
    let limit = parse_limit(query.limit.as_deref())?;
    let before = decode_cursor::<String>(query.cursor.as_deref())?;
    db.run(move |conn| {
        let rows = store::list(conn, &filter, before, limit)?;
        let (rows, next_cursor) = finish_page(rows, limit, |r| r.id.clone());
        let mut items = Vec::with_capacity(rows.len());
        for r in &rows {
            let mut view = AuditView::from_row(r);
            view.url = subject_url(conn, &r.target_type, &r.target_id)?;
            items.push(view);
        }
        Ok(Page { items, next_cursor })
    })
    .await
}

/// The page that shows an entry's subject, where there is one.
fn subject_url(conn: &mut DbConn, kind: &str, id: &str) -> AppResult<Option<String>> {
    Ok(match kind {
        "idea" => Some(format!("/ideas/{id}")),
        "tip" => Some(format!("/tips/{id}")),
        "comment" => crate::comments::store::by_id(conn, id)?.map(|c| format!("/ideas/{}#comment-{id}", c.idea_id)),
        "user" => crate::accounts::store::by_id(conn, id)?
            .filter(|u| u.erased_at.is_none())
            .map(|u| format!("/members/{}", u.handle)),
        "product" => crate::products::store::by_id(conn, id)?.map(|p| format!("/products/{}", p.slug)),
        "review" => match crate::products::store::rating_by_id(conn, id)? {
            Some(r) => {
                crate::products::store::by_id(conn, &r.product_id)?.map(|p| format!("/products/{}#review-{id}", p.slug))
            }
            None => None,
        },
        "challenge" => crate::challenges::store::by_id_or_slug(conn, id)?.map(|c| format!("/challenges/{}", c.slug)),
        "image" => crate::images::service::subject_url(conn, id)?,
        "fan_vote" => Some(format!("/fan-votes/{id}")),
        _ => None,
    })
}

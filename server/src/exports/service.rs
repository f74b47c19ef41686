//! Exports: the filters checked up front, then rows in keyset-paged batches
//! (the ideas list's own order and cursor), each batch hydrated with a few
//! grouped queries. Every export is written to the audit log.

use std::collections::HashMap;

use actix_web::web::Bytes;
use chrono::{NaiveDate, NaiveDateTime};
use futures_util::stream::LocalBoxStream;
use serde::Deserialize;
use serde_json::{json, Value};

use super::rules::{ExportRow, Format};
use super::stream;
use super::xlsx::{xlsx, XLSX_MAX_ROWS};
use crate::accounts::{self, Actor};
use crate::challenges::store as challenge_store;
use crate::clock;
use crate::db::{Db, DbConn};
use crate::error::ErrorCode;
use crate::error::{AppError, AppResult, Violations};
use crate::ideas::rules::{tally, IdeaStatus};
use crate::ideas::store::{self as idea_store, After, Filter, Sort};

/// Rows per batch: one round of queries; what a stream holds in memory.
pub const BATCH: i64 = 500;
/// The most rows one export returns.
pub const MAX_ROWS: i64 = 1_000_000;

#[derive(Debug, Deserialize, Default, Clone, utoipa::IntoParams)]
pub struct ExportQuery {
    /// A challenge's id or slug.
    pub challenge: Option<String>,
    /// States to include, comma-separated (default: every published state).
    pub status: Option<String>,
    pub tag: Option<String>,
    pub min_supports: Option<String>,
    /// Submitted on or after: a date (2026-11-01) or an RFC 3339 time.
    pub since: Option<String>,
    /// top (default), trending or new.
    pub sort: Option<String>,
    /// At most this many rows (default and maximum 1,000,000).
    pub limit: Option<String>,
    /// csv (default), json, ndjson or xlsx.
    pub format: Option<String>,
}

/// A checked export request.
#[derive(Debug, Clone)]
pub struct Plan {
    pub filter: Filter,
    pub sort: Sort,
    pub limit: i64,
    pub format: Format,
    /// The filters as given, for the audit log.
    pub filters: Value,
    pub actor: Actor,
}

fn trimmed(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Checks the request (403 for anyone but the product team and admins; 422
/// naming each bad field) and resolves the challenge.
pub async fn prepare(db: &Db, actor: &Actor, q: ExportQuery) -> AppResult<Plan> {
    if !actor.role.can_manage_challenges() {
        return Err(AppError::forbidden(ErrorCode::ProductTeamOnly, "Exports are for the product team and admins."));
    }
    let mut v = Violations::new();
    let format = match trimmed(&q.format) {
        None => Some(Format::Csv),
        Some(f) => Format::parse(f).or_else(|| {
            v.add("format", "invalid", "format is csv, json, ndjson or xlsx.");
            None
        }),
    };
    let sort = match trimmed(&q.sort) {
        None | Some("top") => Some(Sort::Top),
        Some("trending") => Some(Sort::Trending),
        Some("new") => Some(Sort::New),
        Some(_) => {
            v.add("sort", "invalid", "sort is top, trending or new.");
            None
        }
    };
    let statuses: Vec<IdeaStatus> = match trimmed(&q.status) {
        None => Vec::new(),
        Some(list) => list
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .filter_map(|s| match IdeaStatus::parse(s) {
                Some(st) => Some(st),
                None => {
                    v.add(
                        "status",
                        "invalid",
                        format!("{s} is not a state; states are e.g. gathering_support, in_review, on_shelf."),
                    );
                    None
                }
            })
            .collect(),
    };
    let min_supports = match trimmed(&q.min_supports) {
        None => None,
        Some(s) => match s.parse::<i32>() {
            Ok(n) if n >= 0 => Some(n),
            _ => {
                v.add("min_supports", "invalid", "min_supports is a whole number, 0 or more.");
                None
            }
        },
    };
    let since = match trimmed(&q.since) {
        None => None,
        Some(s) => match parse_since(s) {
            Some(t) => Some(t),
            None => {
                v.add("since", "invalid", "since is a date (2026-11-01) or a time (2026-11-01T08:00:00Z).");
                None
            }
        },
    };
    let limit = match trimmed(&q.limit) {
        None => MAX_ROWS,
        Some(s) => match s.parse::<i64>() {
            Ok(n) if (1..=MAX_ROWS).contains(&n) => n,
            _ => {
                v.add("limit", "range", format!("limit is a whole number from 1 to {MAX_ROWS}."));
                MAX_ROWS
            }
        },
    };
    v.finish()?;
    let (Some(format), Some(sort)) = (format, sort) else {
        return Err(AppError::field("format", "invalid", "format is csv, json, ndjson or xlsx."));
    };
    let tag = trimmed(&q.tag).map(|t| t.trim_start_matches('#').to_lowercase());
    let challenge_key = trimmed(&q.challenge).map(str::to_string);
    let challenge = match challenge_key {
        None => None,
        Some(key) => Some(
            db.run(move |conn| Ok(challenge_store::by_id_or_slug(conn, &key)?))
                .await?
                .ok_or_else(|| AppError::field("challenge", "unknown", "There is no such challenge."))?,
        ),
    };
    let filters = json!({
        "challenge": challenge.as_ref().map(|c| c.slug.clone()), "status": statuses, "tag": tag,
        "min_supports": min_supports, "since": since.map(|t| clock::to_utc(t).to_rfc3339()),
        "sort": trimmed(&q.sort).unwrap_or("top"), "limit": limit, "format": format.as_str(),
    });
    let (statuses, exclude_statuses) = if statuses.is_empty() {
        // Everything members can see: not pending, not rejected.
        (vec![IdeaStatus::Pending, IdeaStatus::Rejected], true)
    } else {
        (statuses, false)
    };
    let filter = Filter {
        challenge: challenge.map(|c| Some(c.id.to_string())),
        tag,
        author_id: None,
        statuses,
        exclude_statuses,
        min_supports,
        since,
        product: None,
        supported_by: None,
        staff_pick: false,
    };
    Ok(Plan { filter, sort, limit, format, filters, actor: actor.clone() })
}

/// An export's file, as both doors send it.
pub struct Download {
    /// The format's MIME type.
    pub content_type: &'static str,
    /// `ideas-<UTC time>.<format>`.
    pub filename: String,
    pub body: Body,
}

pub enum Body {
    /// XLSX: the whole file, built before its first byte leaves.
    Whole(Vec<u8>),
    /// CSV, JSON and NDJSON: batch by batch (`stream.rs`).
    Stream(LocalBoxStream<'static, Result<Bytes, AppError>>),
}

/// The download both doors give (the API with a bearer token, the export
/// page with a session): the request checked by [`prepare`], then the file.
/// XLSX is built whole (`xlsx.rs`, at most `XLSX_MAX_ROWS` rows) and audited;
/// the other formats stream, and the stream audits the export when it ends
/// or is dropped. `base` is the site's address for the rows' links.
pub async fn download(db: &Db, actor: &Actor, query: ExportQuery, base: String) -> AppResult<Download> {
    let mut plan = prepare(db, actor, query).await?;
    let stamp = crate::clock::now().format("%Y%m%d-%H%M%S");
    let filename = format!("ideas-{stamp}.{}", plan.format.as_str());
    let content_type = plan.format.content_type();
    if plan.format == Format::Xlsx {
        plan.limit = plan.limit.min(XLSX_MAX_ROWS);
        let (bytes, rows) = xlsx(db, &plan, &base).await?;
        record(db, &plan, rows, true).await?;
        return Ok(Download { content_type, filename, body: Body::Whole(bytes) });
    }
    let chunks = stream::chunks(db.clone(), plan, base);
    Ok(Download { content_type, filename, body: Body::Stream(Box::pin(chunks)) })
}

fn parse_since(s: &str) -> Option<NaiveDateTime> {
    let t = match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) => d.and_hms_opt(0, 0, 0),
        Err(_) => chrono::DateTime::parse_from_rfc3339(s).ok().map(|t| clock::from_utc(t.with_timezone(&chrono::Utc))),
    };
    t.filter(|t| clock::sensible(*t))
}

/// The next batch after `after`: at most `n` rows, and the cursor after them
/// (none when this was the last batch).
pub fn batch(
    conn: &mut DbConn,
    plan: &Plan,
    base_url: &str,
    after: Option<&After>,
    n: i64,
) -> AppResult<(Vec<ExportRow>, Option<After>)> {
    let mut rows = idea_store::list(conn, &plan.filter, plan.sort, after, n)?;
    let more = rows.len() as i64 > n;
    rows.truncate(usize::try_from(n).unwrap_or(0));
    let next = if more { rows.last().map(|r| After::of(r, plan.sort)) } else { None };
    let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
    let author_ids: Vec<String> = rows.iter().map(|r| r.author_id.to_string()).collect();
    let handles: HashMap<String, String> =
        accounts::store::authors(conn, &author_ids)?.into_iter().map(|(id, h, _)| (id, h)).collect();
    let mut challenge_ids: Vec<String> =
        rows.iter().filter_map(|r| r.challenge_id.as_ref().map(|c| c.to_string())).collect();
    challenge_ids.sort();
    challenge_ids.dedup();
    let challenges: HashMap<String, (String, Vec<String>)> = challenge_store::by_ids(conn, &challenge_ids)?
        .into_iter()
        .map(|c| (c.id.to_string(), (c.slug.clone(), c.price_bands())))
        .collect();
    let mut tags: HashMap<String, Vec<String>> = HashMap::new();
    for (idea, tag) in idea_store::tags_for(conn, &ids)? {
        tags.entry(idea).or_default().push(tag);
    }
    let now = clock::now();
    let week: HashMap<String, i64> =
        idea_store::supports_since(conn, &ids, now - chrono::Duration::days(7))?.into_iter().collect();
    let month: HashMap<String, i64> =
        idea_store::supports_since(conn, &ids, now - chrono::Duration::days(30))?.into_iter().collect();
    let mut answers: HashMap<String, Vec<crate::ideas::rules::Answers>> = HashMap::new();
    for (idea, a, b, n) in idea_store::demand_rows(conn, &ids)? {
        answers.entry(idea).or_default().push((a, b, n));
    }
    let out = rows
        .into_iter()
        .map(|r| {
            let (slug, bands) =
                r.challenge_id.as_ref().and_then(|c| challenges.get(c.as_str())).cloned().unwrap_or_default();
            ExportRow {
                url: format!("{base_url}/ideas/{}", r.id),
                title: r.title,
                summary: r.summary,
                challenge: slug,
                status: r.status.as_str().to_string(),
                author: handles.get(r.author_id.as_str()).cloned().unwrap_or_default(),
                supports: i64::from(r.supports_count),
                supports_7d: week.get(r.id.as_str()).copied().unwrap_or(0),
                supports_30d: month.get(r.id.as_str()).copied().unwrap_or(0),
                comments: i64::from(r.comments_count),
                tags: tags.remove(r.id.as_str()).unwrap_or_default(),
                created: clock::to_utc(r.created_at).to_rfc3339(),
                last_status_change: r.status_changed_at.map(|t| clock::to_utc(t).to_rfc3339()).unwrap_or_default(),
                demand: tally(answers.get(r.id.as_str()).map(Vec::as_slice).unwrap_or(&[]), &bands),
                id: r.id.to_string(),
            }
        })
        .collect();
    Ok((out, next))
}

/// Writes the export to the audit log: who, the filters, the rows sent, and
/// whether the download finished.
pub async fn record(db: &Db, plan: &Plan, rows: u64, completed: bool) -> AppResult<()> {
    let actor = plan.actor.clone();
    let details = json!({"filters": plan.filters, "rows": rows, "completed": completed});
    db.run(move |conn| {
        crate::db::write_tx(conn, |conn| {
            crate::webhooks::emit(conn, crate::webhooks::Event::ExportCreated, &json!({"kind": "ideas", "filters": details["filters"], "rows": rows, "completed": completed, "by": actor.handle}))?;
            Ok(crate::audit::record(conn, &actor, "export.ideas", "ideas", "export", None, details)?)
        })
    })
    .await?;
    Ok(())
}

//! The feeds, built from the domains' public content: what a signed-out visitor may see, nothing
//! hidden, pending, rejected or scheduled; authors by handle and display name only.

use std::collections::HashMap;

use atom_syndication::{Feed, Generator, Link, Text};
use chrono::NaiveDateTime;
use fluent_templates::fluent_bundle::FluentValue;

use super::rules::{self, absolute, text_html, EntryParts, MAX_ENTRIES};
use super::store;
use crate::challenges::news::service as news;
use crate::challenges::store as challenge_store;
use crate::db::{Db, DbConn};
use crate::error::{AppError, AppResult};
use crate::ideas::rules::IdeaStatus;
use crate::ideas::service::{self as ideas, AuthorView};
use crate::ideas::store::{self as idea_store, Filter, IdeaRow, Sort};
use crate::ids::IdeaId;
use crate::pages::Lang;
use crate::products::store::RatingRow;
use crate::review::service as review;
use crate::tracker::store as tracker_store;

/// Where a feed is asked from: the site's base URL (no trailing slash) and the feed's language.
#[derive(Debug, Clone)]
pub struct FeedCtx {
    pub base: String,
    pub lang: Lang,
}

impl FeedCtx {
    fn url(&self, path: &str) -> String {
        absolute(&self.base, path)
    }

    fn t(&self, key: &str, args: &[(&'static str, String)]) -> String {
        let args: Vec<(&'static str, FluentValue<'static>)> =
            args.iter().map(|(k, v)| (*k, FluentValue::from(v.clone()))).collect();
        self.lang.t_with(key, &args)
    }
}

/// A feed: its API path (`/api/v1/feeds/…`), title, the page it mirrors, its entries (newest first).
fn feed(ctx: &FeedCtx, path: &str, title: String, page: &str, entries: &[EntryParts], fallback: NaiveDateTime) -> Feed {
    let lang = ctx.lang.code();
    Feed {
        title: Text::plain(title),
        id: rules::feed_id(&ctx.base, path),
        updated: rules::atom_time(rules::feed_updated(entries, fallback)),
        lang: Some(lang.to_string()),
        links: vec![
            Link {
                href: format!("{}?lang={lang}", ctx.url(path)),
                rel: "self".into(),
                mime_type: Some("application/atom+xml".into()),
                ..Link::default()
            },
            Link {
                href: ctx.url(page),
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Link::default()
            },
        ],
        generator: Some(Generator { value: "ideashelf".into(), ..Generator::default() }),
        entries: entries.iter().map(rules::entry).collect(),
        ..Feed::default()
    }
}

fn member_uri(ctx: &FeedCtx, author: &AuthorView) -> Option<String> {
    (author.handle != "unknown").then(|| ctx.url(&format!("/members/{}", author.handle)))
}

/// The entries of new ideas: the summary above the body, the tags as categories.
fn idea_entries(conn: &mut DbConn, ctx: &FeedCtx, rows: &[IdeaRow]) -> AppResult<Vec<EntryParts>> {
    let author_ids: Vec<String> = rows.iter().map(|r| r.author_id.to_string()).collect();
    let authors = ideas::author_views(conn, &author_ids)?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
    let mut tags: HashMap<String, Vec<String>> = HashMap::new();
    for (idea, tag) in idea_store::tags_for(conn, &ids)? {
        tags.entry(idea).or_default().push(tag);
    }
    Ok(rows
        .iter()
        .map(|r| {
            let author = authors.get(r.author_id.as_str()).cloned().unwrap_or_else(AuthorView::unknown);
            EntryParts {
                uuid: r.id.to_string(),
                title: r.title.clone(),
                link: ctx.url(&format!("/ideas/{}", r.id)),
                html: format!("{}{}", text_html(&r.summary), r.body_html),
                author_uri: member_uri(ctx, &author),
                author: Some(author.display_name),
                published: r.created_at,
                updated: r.updated_at,
                categories: tags.remove(r.id.as_str()).unwrap_or_default(),
            }
        })
        .collect())
}

/// New ideas, newest first: every published idea a signed-out visitor sees in the lists (not pending,
/// rejected, merged or hidden); of one challenge when given.
pub async fn new_ideas(db: &Db, ctx: FeedCtx, challenge: Option<String>) -> AppResult<Feed> {
    db.run(move |conn| {
        let mut filter = Filter { statuses: IdeaStatus::listed(), ..Filter::default() };
        let scope = match &challenge {
            Some(key) => {
                let c = challenge_store::by_id_or_slug(conn, key.trim())?
                    .ok_or_else(|| AppError::not_found("Challenge"))?;
                filter.challenge = Some(Some(c.id.to_string()));
                Some(c)
            }
            None => None,
        };
        let mut rows = idea_store::list(conn, &filter, Sort::New, None, MAX_ENTRIES)?;
        rows.retain(|r| ideas::visible_to(r, None));
        rows.truncate(MAX_ENTRIES as usize);
        let entries = idea_entries(conn, &ctx, &rows)?;
        Ok(match scope {
            Some(c) => feed(
                &ctx,
                &format!("/api/v1/feeds/challenges/{}/ideas", c.slug),
                ctx.t("feed-challenge-ideas-title", &[("challenge", c.title.clone())]),
                &format!("/challenges/{}?sort=new", c.slug),
                &entries,
                c.created_at,
            ),
            None => feed(
                &ctx,
                "/api/v1/feeds/ideas",
                ctx.t("feed-ideas-title", &[]),
                "/ideas?sort=new",
                &entries,
                crate::clock::from_utc(chrono::DateTime::UNIX_EPOCH),
            ),
        })
    })
    .await
}

/// An idea's timeline, newest first: its status moves (with their public notes) and its creator's
/// updates. A decision of the review board names no one, as on the page.
pub async fn timeline(db: &Db, ctx: FeedCtx, id: IdeaId) -> AppResult<Feed> {
    db.run(move |conn| {
        let idea = ideas::load_visible(conn, &id, None)?;
        let page = format!("/ideas/{}", idea.id);
        let events = tracker_store::events(conn, &idea.id)?;
        let memos = review::memos(conn, &idea.id)?;
        let updates = tracker_store::updates(conn, &idea.id)?;
        let mut people: Vec<String> = events.iter().filter_map(|e| e.actor_id.clone()).collect();
        people.push(idea.author_id.to_string());
        let authors = ideas::author_views(conn, &people)?;
        let mut entries: Vec<EntryParts> = Vec::new();
        for e in &events {
            let actor = if memos.contains_key(&e.id) { None } else { e.actor_id.as_ref().and_then(|a| authors.get(a)) };
            let mut html = String::new();
            if let Some(reason) = e.reason.as_deref() {
                let said = match e.to_status {
                    IdeaStatus::Declined => ctx.t("decline-reason", &[("reason", reason.to_string())]),
                    _ => match ctx.lang.has(&format!("reason-{reason}")) {
                        true => ctx.lang.t(&format!("reason-{reason}")),
                        false => String::new(),
                    },
                };
                if !said.is_empty() {
                    html.push_str(&format!(
                        "<p>{} {}</p>",
                        rules::escape(&ctx.lang.t("timeline-reason")),
                        rules::escape(&said)
                    ));
                }
            }
            html.push_str(&text_html(&e.note));
            let status = ctx.lang.status(e.to_status.as_str());
            if html.is_empty() {
                html = format!("<p>{}</p>", rules::escape(&status));
            }
            entries.push(EntryParts {
                uuid: e.id.clone(),
                title: ctx.t("feed-event-title", &[("status", status)]),
                link: ctx.url(&format!("{page}#timeline")),
                html,
                author: Some(match actor {
                    Some(a) => a.display_name.clone(),
                    None => ctx.t("actor-role", &[("role", e.actor_role.clone())]),
                }),
                author_uri: actor.and_then(|a| member_uri(&ctx, a)),
                published: e.created_at,
                updated: e.created_at,
                categories: vec![e.to_status.as_str().to_string()],
            });
        }
        let author = authors.get(idea.author_id.as_str()).cloned().unwrap_or_else(AuthorView::unknown);
        for u in &updates {
            entries.push(EntryParts {
                uuid: u.id.to_string(),
                title: ctx.t("feed-update-title", &[("title", u.title.clone())]),
                link: ctx.url(&format!("{page}#updates")),
                html: u.body_html.clone(),
                author: Some(author.display_name.clone()),
                author_uri: member_uri(&ctx, &author),
                published: u.created_at,
                updated: u.created_at,
                categories: Vec::new(),
            });
        }
        // Newest first; ties by id (UUIDv7, so by creation).
        entries.sort_by(|a, b| b.published.cmp(&a.published).then_with(|| b.uuid.cmp(&a.uuid)));
        entries.truncate(MAX_ENTRIES as usize);
        Ok(feed(
            &ctx,
            &format!("/api/v1/feeds/ideas/{}/timeline", idea.id),
            ctx.t("feed-timeline-title", &[("idea", idea.title.clone())]),
            &page,
            &entries,
            idea.created_at,
        ))
    })
    .await
}

/// A challenge's published news, newest first.
pub async fn challenge_news(db: &Db, ctx: FeedCtx, key: String) -> AppResult<Feed> {
    db.run(move |conn| {
        let (challenge, posts) = news::published_in(conn, &key, MAX_ENTRIES)?;
        let page = format!("/challenges/{}", challenge.slug);
        let entries: Vec<EntryParts> = posts
            .iter()
            .map(|n| EntryParts {
                uuid: n.id.to_string(),
                title: n.title.clone(),
                link: ctx.url(&format!("{page}#news-{}", n.id)),
                html: n.body_html.clone(),
                author: n.author.as_ref().map(|a| a.display_name.clone()),
                author_uri: n.author.as_ref().map(|a| ctx.url(&format!("/members/{}", a.handle))),
                published: crate::clock::from_utc(n.published_at),
                updated: crate::clock::from_utc(n.updated_at),
                categories: Vec::new(),
            })
            .collect();
        Ok(feed(
            &ctx,
            &format!("/api/v1/feeds/challenges/{}/news", challenge.slug),
            ctx.t("feed-news-title", &[("challenge", challenge.title.clone())]),
            &format!("{page}#news"),
            &entries,
            challenge.created_at,
        ))
    })
    .await
}

/// Review entries: the stars and title, the text; with the product's name when the feed spans products.
fn review_entries(
    conn: &mut DbConn,
    ctx: &FeedCtx,
    rows: &[(RatingRow, String, String)],
    with_product: bool,
) -> AppResult<Vec<EntryParts>> {
    let ids: Vec<String> = rows.iter().map(|(r, _, _)| r.user_id.to_string()).collect();
    let authors = ideas::author_views(conn, &ids)?;
    Ok(rows
        .iter()
        .map(|(r, slug, name)| {
            let author = authors.get(r.user_id.as_str()).cloned().unwrap_or_else(AuthorView::unknown);
            let stars = format!(
                "{}{}",
                "★".repeat(r.stars.clamp(0, 5) as usize),
                "☆".repeat((5 - r.stars.clamp(0, 5)) as usize)
            );
            let title = match r.title.trim() {
                "" => ctx.t("feed-review-untitled", &[("author", author.display_name.clone())]),
                t => t.to_string(),
            };
            let title = if with_product { format!("{name}: {stars} {title}") } else { format!("{stars} {title}") };
            let rating = ctx.t("feed-review-stars", &[("stars", r.stars.to_string())]);
            EntryParts {
                uuid: r.id.to_string(),
                title,
                link: ctx.url(&format!("/products/{slug}#reviews")),
                html: format!("<p>{}</p>{}", rules::escape(&rating), r.body_html),
                author_uri: member_uri(ctx, &author),
                author: Some(author.display_name),
                published: r.created_at,
                updated: r.updated_at,
                categories: Vec::new(),
            }
        })
        .collect())
}

/// A product's new reviews (visible ones with text), newest first; every product's when `product` is None.
pub async fn reviews(db: &Db, ctx: FeedCtx, product: Option<String>) -> AppResult<Feed> {
    db.run(move |conn| match product {
        Some(key) => {
            let p = crate::products::service::load(conn, &key)?;
            let rows = store::recent_reviews(conn, Some(&p.id), MAX_ENTRIES)?;
            let entries = review_entries(conn, &ctx, &rows, false)?;
            Ok(feed(
                &ctx,
                &format!("/api/v1/feeds/products/{}/reviews", p.slug),
                ctx.t("feed-product-reviews-title", &[("product", p.name.clone())]),
                &format!("/products/{}", p.slug),
                &entries,
                p.created_at,
            ))
        }
        None => {
            let rows = store::recent_reviews(conn, None, MAX_ENTRIES)?;
            let entries = review_entries(conn, &ctx, &rows, true)?;
            Ok(feed(
                &ctx,
                "/api/v1/feeds/reviews",
                ctx.t("feed-reviews-title", &[]),
                "/products",
                &entries,
                crate::clock::from_utc(chrono::DateTime::UNIX_EPOCH),
            ))
        }
    })
    .await
}

//! `/ideas`: every published idea, filtered by challenge, status, tag,
//! product and staff picks, in one of four orders, paged. The filters are a plain GET form;
//! the active ones are chips that each remove themselves. The list is
//! `ideas::service::list`, as the API has it (`GET /api/v1/ideas`).

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use fluent_templates::fluent_bundle::FluentValue;
use serde::Deserialize;
use serde_json::{json, Value};

use super::challenges::challenge_label;
use super::forms::{self, FormKind};
use super::idea::idea_cards;
use super::session::{encode, query_string, PageCtx};
use crate::challenges::service::{self as challenges, ChallengeQuery};
use crate::error::{AppError, AppResult};
use crate::ideas::rules::IdeaStatus;
use crate::ideas::service::{self as ideas, IdeaQuery};
use crate::products::service::{self as products, ProductQuery};

/// Ideas per page.
const PAGE_SIZE: &str = "24";
/// The orders, as the domain names them (`sort-option` phrases them).
pub const SORTS: [&str; 4] = ["top", "new", "trending", "discussed"];
/// How many challenges and products the selects offer (the newest first).
const CHOICES: &str = "100";

#[derive(Deserialize, Default, Clone)]
pub struct ListQuery {
    sort: Option<String>,
    challenge: Option<String>,
    status: Option<String>,
    tag: Option<String>,
    product: Option<String>,
    staff_pick: Option<String>,
    cursor: Option<String>,
}

fn clean(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(String::from)
}

/// The filters in the order the form shows them (empty ones left out).
struct Filters {
    challenge: Option<String>,
    status: Option<String>,
    tag: Option<String>,
    product: Option<String>,
    /// Staff picks only (`staff_pick=true`).
    staff_pick: Option<String>,
}

impl Filters {
    fn of(q: &ListQuery) -> Filters {
        Filters {
            challenge: clean(&q.challenge),
            status: clean(&q.status),
            // As the domain reads a tag: without its `#`, in lower case.
            tag: clean(&q.tag).map(|t| t.trim_start_matches('#').to_lowercase()),
            product: clean(&q.product),
            staff_pick: clean(&q.staff_pick).filter(|v| v == "true"),
        }
    }

    fn pairs(&self, without: Option<&str>) -> Vec<(&'static str, String)> {
        [
            ("challenge", &self.challenge),
            ("status", &self.status),
            ("tag", &self.tag),
            ("product", &self.product),
            ("staff_pick", &self.staff_pick),
        ]
        .into_iter()
        .filter(|(k, _)| Some(*k) != without)
        .filter_map(|(k, v)| v.clone().map(|v| (k, v)))
        .collect()
    }

    fn any(&self) -> bool {
        !self.pairs(None).is_empty()
    }
}

/// `/ideas` with these filters and order (the default order left out).
pub fn ideas_url(pairs: &[(&'static str, String)], sort: &str) -> String {
    let mut pairs = pairs.to_vec();
    if sort != SORTS[0] {
        pairs.push(("sort", sort.to_string()));
    }
    if pairs.is_empty() {
        "/ideas".to_string()
    } else {
        format!("/ideas?{}", query_string(&pairs))
    }
}

/// `/ideas?tag=…`: where a tag links to.
pub fn tag_url(tag: &str) -> String {
    format!("/ideas?tag={}", encode(tag))
}

/// GET /ideas: `?challenge=<slug>|none&status=&tag=&product=<slug>&sort=top|new|trending|discussed&cursor=`.
pub async fn list(ctx: &PageCtx, query: web::Query<ListQuery>) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let db = &ctx.state.db;
    let lang = ctx.lang;
    let filters = Filters::of(&q);
    // An unknown order in a hand-edited link falls back to the default one.
    let sort = clean(&q.sort).filter(|s| SORTS.contains(&s.as_str())).unwrap_or_else(|| SORTS[0].to_string());
    let result = ideas::list(
        db,
        ctx.actor.as_ref(),
        IdeaQuery {
            sort: Some(sort.clone()),
            challenge: filters.challenge.clone(),
            status: filters.status.clone(),
            tag: filters.tag.clone(),
            product: filters.product.clone(),
            staff_pick: filters.staff_pick.clone(),
            limit: Some(PAGE_SIZE.into()),
            cursor: q.cursor.clone(),
            ..IdeaQuery::default()
        },
    )
    .await;
    // A filter the domain refuses gets this page with the form and a note, never a 500.
    let (page, problem, status) = match result {
        Ok(page) => (Some(page), None, StatusCode::OK),
        Err(AppError::Validation(errors)) => {
            let unknown = errors.iter().any(|e| e.code == "unknown");
            let message = errors.first().map(|e| forms::message(lang, FormKind::Ideas, e));
            (None, message, if unknown { StatusCode::NOT_FOUND } else { StatusCode::BAD_REQUEST })
        }
        Err(e @ AppError::Forbidden { .. }) => (None, Some(lang.t(&e.code().locale_key())), StatusCode::FORBIDDEN),
        Err(e) => return Err(e),
    };

    // The selects: challenges (newest first) and the products that came from ideas.
    let challenge_list =
        challenges::list(db, ChallengeQuery { limit: Some(CHOICES.into()), ..ChallengeQuery::default() }).await?;
    let mut challenge_options: Vec<Value> = challenge_list
        .items
        .iter()
        .map(|c| json!({"value": c.slug, "label": challenge_label(lang, c), "selected": filters.challenge.as_deref() == Some(c.slug.as_str()) || filters.challenge.as_deref() == Some(c.id.as_str())}))
        .collect();
    let product_list = products::list(
        db,
        ProductQuery { from_ideas: Some("true".into()), limit: Some(CHOICES.into()), ..ProductQuery::default() },
    )
    .await?;
    let mut product_options: Vec<Value> = product_list
        .items
        .iter()
        .map(|p| json!({"value": p.slug, "label": p.name, "selected": filters.product.as_deref() == Some(p.slug.as_str())}))
        .collect();

    // The active filters as chips, each a link without itself.
    let mut chips: Vec<Value> = Vec::new();
    let chip = |kind: &str, label: String| json!({"kind": kind, "label": label, "remove": ideas_url(&filters.pairs(Some(kind)), &sort)});
    if let Some(key) = &filters.challenge {
        let title = if key == "none" {
            lang.t("open-board")
        } else {
            match challenge_list.items.iter().find(|c| c.slug == *key || c.id.as_str() == key) {
                Some(c) => c.title.clone(),
                None => match challenges::get(db, key.clone()).await {
                    Ok(c) => {
                        challenge_options.insert(0, json!({"value": c.slug, "label": c.title, "selected": true}));
                        c.title
                    }
                    Err(_) => key.clone(),
                },
            }
        };
        let label = lang.t_with("ideas-chip-challenge", &[("challenge", FluentValue::from(title))]);
        chips.push(chip("challenge", label));
    }
    if let Some(s) = &filters.status {
        let label = lang.t_with("idea-status", &[("status", FluentValue::from(s.clone()))]);
        chips.push(chip("status", label));
    }
    if let Some(t) = &filters.tag {
        chips.push(chip("tag", format!("#{t}")));
    }
    if let Some(slug) = &filters.product {
        let name = match product_list.items.iter().find(|p| p.slug == *slug) {
            Some(p) => p.name.clone(),
            None => match products::get(db, None, slug.clone()).await {
                Ok(p) => {
                    product_options.insert(0, json!({"value": p.slug, "label": p.name, "selected": true}));
                    p.name
                }
                Err(_) => slug.clone(),
            },
        };
        let label = lang.t_with("ideas-chip-product", &[("product", FluentValue::from(name))]);
        chips.push(chip("product", label));
    }

    if filters.staff_pick.is_some() {
        chips.push(chip("staff_pick", lang.t("ideas-chip-staff-pick")));
    }
    let statuses: Vec<Value> = IdeaStatus::listed()
        .into_iter()
        .map(|s| json!({"value": s.as_str(), "selected": filters.status.as_deref() == Some(s.as_str())}))
        .collect();
    let base = filters.pairs(None);
    let sorts: Vec<Value> =
        SORTS.iter().map(|s| json!({"key": s, "url": ideas_url(&base, s), "current": *s == sort})).collect();
    let here = ideas_url(&base, &sort);
    let (cards, next_url) = match &page {
        Some(p) => {
            let next = p.next_cursor.as_deref().map(|c| {
                let joiner = if here.contains('?') { '&' } else { '?' };
                format!("{here}{joiner}cursor={}", encode(c))
            });
            (idea_cards(&p.items, None), next)
        }
        None => (Vec::new(), None),
    };
    let first_url = q.cursor.as_ref().map(|_| here.clone());
    ctx.page(
        status,
        "pages/ideas",
        &lang.t("ideas-title"),
        json!({
            "feeds": super::challenge_news::feed_links(ctx, &[(lang.t("feed-ideas-link"), "/api/v1/feeds/ideas".into())]),
            "ideas": cards,
            "listed": page.is_some(),
            "problem": problem,
            "filters": chips,
            "filtered": filters.any(),
            "values": {"tag": filters.tag, "sort": sort},
            "challenges": challenge_options,
            "open_board": filters.challenge.as_deref() == Some("none"),
            "staff_pick": filters.staff_pick.is_some(),
            "statuses": statuses,
            "products": product_options,
            "sorts": sorts,
            "next_url": next_url,
            "first_url": first_url,
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_the_filters_and_leave_out_the_default_order() {
        assert_eq!(ideas_url(&[], "top"), "/ideas");
        assert_eq!(ideas_url(&[], "new"), "/ideas?sort=new");
        assert_eq!(
            ideas_url(&[("challenge", "a b".into()), ("tag", "käse".into())], "discussed"),
            "/ideas?challenge=a+b&tag=k%C3%A4se&sort=discussed"
        );
        assert_eq!(tag_url("zero-waste"), "/ideas?tag=zero-waste");
    }

    #[test]
    fn a_chip_removes_only_itself() {
        let q = ListQuery {
            challenge: Some("snacks".into()),
            tag: Some("#vegan".into()),
            status: Some(" ".into()),
            ..ListQuery::default()
        };
        let f = Filters::of(&q);
        assert!(f.any());
        assert_eq!(ideas_url(&f.pairs(Some("tag")), "top"), "/ideas?challenge=snacks");
        assert_eq!(ideas_url(&f.pairs(Some("challenge")), "new"), "/ideas?tag=vegan&sort=new");
    }

    #[test]
    fn every_refused_filter_has_its_message() {
        use crate::pages::Lang;
        for lang in Lang::ALL {
            for (field, code) in [
                ("sort", "invalid"),
                ("status", "invalid"),
                ("tag", "invalid"),
                ("challenge", "unknown"),
                ("product", "unknown"),
                ("cursor", "invalid"),
            ] {
                let e = crate::error::FieldError::new(field, code, "ignored");
                assert_ne!(forms::message(lang, FormKind::Ideas, &e), lang.t("err-invalid"), "{field} {code}");
            }
        }
    }
}

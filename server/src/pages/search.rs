//! The site search: `GET /search?q=` shows the best few tips, ideas,
//! products and questions at once (`search::service::site`); `&kind=tips|ideas|products|questions`
//! lists one kind in full with facet filters and paging
//! (`search::service::search`). When the engine is down the page says so
//! and keeps the search box; the rest of the site works on.
//!
//! Titles and snippets come from the domain already escaped, with `<mark>`
//! around the matches (`title_html`, `snippet_html`): the templates insert
//! them with `{{{…}}}`, everything else is escaped as usual.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::forms::{self, FormKind};
use super::session::{encode, query_string, PageCtx};
use crate::error::{AppError, AppResult};
use crate::search::service::{self as search, SearchHit, SearchPage, SearchParams};
use crate::search::{DocKind, Field};

/// Hits per kind on the overview.
const SECTION_LIMIT: usize = 5;
/// Hits per page of one kind.
const PAGE_SIZE: &str = "20";
/// The `kind` values of the page, in the order the overview shows them.
const KINDS: [(&str, DocKind); 4] = [
    ("tips", DocKind::Tip),
    ("ideas", DocKind::Idea),
    ("products", DocKind::Product),
    ("questions", DocKind::Question),
];

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    q: Option<String>,
    kind: Option<String>,
    tag: Option<String>,
    category: Option<String>,
    brand: Option<String>,
    status: Option<String>,
    /// Tips: a product's slug or id.
    product: Option<String>,
    cursor: Option<String>,
}

/// The query parameter that filters by a facet's field.
fn param_of(field: Field) -> &'static str {
    match field {
        Field::Tag => "tag",
        Field::Category => "category",
        Field::Brand => "brand",
        Field::Status => "status",
        Field::Product => "product",
        Field::Challenge => "challenge",
    }
}

/// The filters a kind's search takes from the page, in link order.
const FILTERS: [&str; 5] = ["tag", "category", "brand", "status", "product"];

fn allowed(kind: DocKind, param: &str) -> bool {
    kind.fields().iter().any(|f| param_of(*f) == param)
}

struct Request {
    words: String,
    kind: Option<(&'static str, DocKind)>,
    /// Filters given and allowed for the kind, as (param, value).
    filters: Vec<(&'static str, String)>,
    cursor: Option<String>,
}

impl Request {
    fn from(q: SearchQuery) -> Request {
        let words = q.q.as_deref().unwrap_or("").trim().to_string();
        let kind = q.kind.as_deref().and_then(|k| KINDS.into_iter().find(|(name, _)| *name == k.trim()));
        let given = [
            ("tag", q.tag),
            ("category", q.category),
            ("brand", q.brand),
            ("status", q.status),
            ("product", q.product),
        ];
        let filters = match kind {
            // A filter the kind does not have (a link from another kind) is left out, not an error.
            Some((_, k)) => given
                .into_iter()
                .filter_map(|(p, v)| Some((p, v?.trim().to_string())))
                .filter(|(p, v)| !v.is_empty() && allowed(k, p))
                .collect(),
            None => Vec::new(),
        };
        Request { words, kind, filters, cursor: q.cursor.filter(|c| !c.trim().is_empty()) }
    }

    fn filter(&self, param: &str) -> Option<String> {
        self.filters.iter().find(|(p, _)| *p == param).map(|(_, v)| v.clone())
    }

    /// The page's link with these words, this kind and the given filters.
    fn url(&self, kind: Option<&str>, filters: &[(&'static str, String)]) -> String {
        let mut pairs: Vec<(&str, String)> = vec![("q", self.words.clone())];
        if let Some(k) = kind {
            pairs.push(("kind", k.to_string()));
        }
        for name in FILTERS {
            if let Some((_, v)) = filters.iter().find(|(p, _)| *p == name) {
                pairs.push((name, v.clone()));
            }
        }
        format!("/search?{}", query_string(&pairs))
    }
}

/// GET /search
pub async fn page(ctx: &PageCtx, query: web::Query<SearchQuery>) -> AppResult<HttpResponse> {
    let request = Request::from(query.into_inner());
    render(ctx, &request).await
}

/// A hit as the page shows it: the domain's hit, and for ideas the status
/// (which the hit carries as its category) in words.
fn hit_json(ctx: &PageCtx, hit: &SearchHit) -> Value {
    let mut v = json!(hit);
    if let Some(obj) = v.as_object_mut() {
        let label = match (hit.kind.as_str(), hit.category.as_deref()) {
            ("idea", Some(status)) => Some(ctx.lang.status(status)),
            (_, c) => c.map(String::from),
        };
        obj.insert("category_label".into(), json!(label));
        obj.insert("status".into(), json!(if hit.kind == "idea" { hit.category.clone() } else { None }));
        // Tags link to the list of their kind (`/ideas?tag=`, `/tips?tag=`).
        let link = |t: &str| match hit.kind.as_str() {
            "idea" => Some(super::ideas::tag_url(t)),
            "tip" => Some(format!("/tips?tag={}", super::session::encode(t))),
            _ => None,
        };
        let tag_links: Vec<Value> = hit.tags.iter().map(|t| json!({"tag": t, "url": link(t)})).collect();
        obj.insert("tag_links".into(), json!(tag_links));
    }
    v
}

fn hits_json(ctx: &PageCtx, page: &SearchPage) -> Vec<Value> {
    page.items.iter().map(|h| hit_json(ctx, h)).collect()
}

async fn render(ctx: &PageCtx, r: &Request) -> AppResult<HttpResponse> {
    let mut data = Map::new();
    data.insert("q".into(), json!(r.words));
    data.insert("search_q".into(), json!(r.words));
    data.insert("kind".into(), json!(r.kind.map(|(k, _)| k)));
    let mut tabs = vec![json!({"key": "all", "url": r.url(None, &[]), "current": r.kind.is_none()})];
    for (name, _) in KINDS {
        tabs.push(json!({"key": name, "url": r.url(Some(name), &[]), "current": r.kind.map(|(k, _)| k) == Some(name)}));
    }
    data.insert("tabs".into(), Value::Array(tabs));
    let title = if r.words.is_empty() {
        ctx.lang.t("search-title")
    } else {
        ctx.lang.t_with("search-title-for", &[("q", r.words.clone().into())])
    };
    let outcome = match r.kind {
        None if r.words.is_empty() => Ok(()),
        None => overview(ctx, r, &mut data).await,
        Some((name, kind)) => one_kind(ctx, r, name, kind, &mut data).await,
    };
    let status = match outcome {
        Ok(()) => StatusCode::OK,
        Err(AppError::Unavailable { .. }) => {
            data.insert("unavailable".into(), json!(true));
            StatusCode::SERVICE_UNAVAILABLE
        }
        Err(AppError::Validation(errors)) => {
            let errors = forms::errors_json(ctx.lang, FormKind::Search, &errors);
            let message = errors.as_object().and_then(|m| m.values().next().cloned());
            data.insert("error".into(), message.unwrap_or_else(|| json!(ctx.lang.t("err-invalid"))));
            data.insert("q_error".into(), json!(errors.get("q").is_some()));
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(e) => return Err(e),
    };
    ctx.page(status, "pages/search", &title, Value::Object(data))
}

/// Without a kind: the best few of each, with a link to all of them.
async fn overview(ctx: &PageCtx, r: &Request, data: &mut Map<String, Value>) -> AppResult<()> {
    let found = search::site(&ctx.state.db, &ctx.state.search, r.words.clone(), SECTION_LIMIT).await?;
    let sections: Vec<Value> = [
        ("tips", &found.tips),
        ("ideas", &found.ideas),
        ("products", &found.products),
        ("questions", &found.questions),
    ]
    .into_iter()
    .map(|(name, page)| {
        let shown = page.items.len() as u64;
        json!({
            "key": name,
            "hits": hits_json(ctx, page),
            "total": page.total,
            "more_url": (page.total > shown).then(|| r.url(Some(name), &[])),
        })
    })
    .collect();
    let total: u64 = [&found.tips, &found.ideas, &found.products, &found.questions].iter().map(|p| p.total).sum();
    data.insert("sections".into(), Value::Array(sections));
    data.insert("total".into(), json!(total));
    data.insert("overview".into(), json!(true));
    Ok(())
}

/// One kind in full: facets, the active filters, paging.
async fn one_kind(
    ctx: &PageCtx,
    r: &Request,
    name: &'static str,
    kind: DocKind,
    data: &mut Map<String, Value>,
) -> AppResult<()> {
    let params = SearchParams {
        q: Some(r.words.clone()),
        product: r.filter("product"),
        tag: r.filter("tag"),
        category: r.filter("category"),
        brand: r.filter("brand"),
        challenge: None,
        status: r.filter("status"),
        limit: Some(PAGE_SIZE.into()),
        cursor: r.cursor.clone(),
    };
    let page = search::search(&ctx.state.db, &ctx.state.search, kind, params).await?;
    let label = |field: &str, value: &str| if field == "status" { ctx.lang.status(value) } else { value.to_string() };
    // Each facet value links to the same search with that filter set (or, when set, without it).
    let facets: Vec<Value> = kind
        .facets()
        .iter()
        .filter_map(|field| {
            let param = param_of(*field);
            let values = page.facets.get(field.name())?;
            let current = r.filter(param);
            let items: Vec<Value> = values
                .iter()
                .filter(|v| v.count > 0)
                .map(|v| {
                    let active = current.as_deref() == Some(v.value.as_str());
                    let mut filters: Vec<(&'static str, String)> =
                        r.filters.iter().filter(|(p, _)| *p != param).cloned().collect();
                    if !active {
                        filters.push((param, v.value.clone()));
                    }
                    json!({"value": v.value, "label": label(param, &v.value), "count": v.count, "active": active,
                           "url": r.url(Some(name), &filters)})
                })
                .collect();
            (!items.is_empty()).then(|| json!({"key": param, "values": items}))
        })
        .collect();
    let active: Vec<Value> = r
        .filters
        .iter()
        .map(|(param, value)| {
            let rest: Vec<(&'static str, String)> = r.filters.iter().filter(|(p, _)| p != param).cloned().collect();
            json!({"key": param, "label": label(param, value), "remove": r.url(Some(name), &rest)})
        })
        .collect();
    let base = r.url(Some(name), &r.filters);
    data.insert("results".into(), json!(true));
    data.insert("hits".into(), Value::Array(hits_json(ctx, &page)));
    data.insert("total".into(), json!(page.total));
    data.insert("facets".into(), Value::Array(facets));
    data.insert("active".into(), Value::Array(active));
    data.insert("next_url".into(), json!(page.next_cursor.as_deref().map(|c| format!("{base}&cursor={}", encode(c)))));
    data.insert("first_url".into(), json!(r.cursor.as_ref().map(|_| base.clone())));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(kind: &str, tag: Option<&str>, brand: Option<&str>) -> Request {
        Request::from(SearchQuery {
            q: Some(" Sauerteig ".into()),
            kind: Some(kind.into()),
            tag: tag.map(String::from),
            brand: brand.map(String::from),
            ..SearchQuery::default()
        })
    }

    #[test]
    fn filters_follow_the_kind() {
        // A brand means nothing to tips: it is dropped, not an error.
        let r = request("tips", Some("brot"), Some("Acme"));
        assert_eq!(r.words, "Sauerteig");
        assert_eq!(r.filters, vec![("tag", "brot".to_string())]);
        assert_eq!(r.url(Some("tips"), &r.filters), "/search?q=Sauerteig&kind=tips&tag=brot");
        let r = request("products", Some("brot"), Some("Acme & Co"));
        assert_eq!(r.filters, vec![("brand", "Acme & Co".to_string())]);
        assert_eq!(r.url(Some("products"), &r.filters), "/search?q=Sauerteig&kind=products&brand=Acme+%26+Co");
        let r = request("everything", Some("brot"), None);
        assert!(r.kind.is_none() && r.filters.is_empty());
    }
}

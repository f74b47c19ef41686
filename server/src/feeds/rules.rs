//! Pure rules of the feeds: the feed's language, stable ids, absolute links, entry text, the validators
//! (ETag, Last-Modified) and the conditional GET.

use atom_syndication::{Content, Entry, FixedDateTime, Link, Person, Text};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use sha2::{Digest, Sha256};

use crate::pages::Lang;

/// At most this many entries in a feed, the newest.
pub const MAX_ENTRIES: i64 = 50;

/// `?lang=` when given (`de`, `en`; anything else is refused), else the request's Accept-Language, else
/// the site's default. `None`: a `?lang=` we do not speak.
pub fn feed_lang(query: Option<&str>, accept_language: Option<&str>) -> Option<Lang> {
    match query.map(str::trim).filter(|q| !q.is_empty()) {
        Some(q) => match q.to_ascii_lowercase().as_str() {
            "de" => Some(Lang::De),
            "en" => Some(Lang::En),
            _ => None,
        },
        None => Some(accept_language.and_then(Lang::negotiate).unwrap_or(Lang::DEFAULT)),
    }
}

/// An entry's id: the subject's UUID as a URN, the same whatever the site's address.
pub fn entry_id(uuid: &str) -> String {
    format!("urn:uuid:{uuid}")
}

/// A feed's id: a tag URI (RFC 4151) naming the site's host and the feed's path, without the language
/// (the same feed in either language has one id).
pub fn feed_id(base: &str, path: &str) -> String {
    let host = base.split("://").nth(1).unwrap_or(base).split('/').next().unwrap_or("localhost");
    let host = host.split(':').next().unwrap_or(host);
    format!("tag:{host},2026:{}", path.trim_start_matches('/'))
}

/// An absolute link: the site's base (no trailing slash) and a path.
pub fn absolute(base: &str, path: &str) -> String {
    format!("{}/{}", base.trim_end_matches('/'), path.trim_start_matches('/'))
}

/// A time for Atom (UTC).
pub fn atom_time(t: NaiveDateTime) -> FixedDateTime {
    Utc.from_utc_datetime(&t).fixed_offset()
}

/// Plain text as HTML: escaped, paragraphs kept.
pub fn text_html(text: &str) -> String {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", escape(p).replace('\n', "<br>")))
        .collect()
}

/// HTML-escapes text.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// What an entry says, before it becomes Atom.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryParts {
    /// The subject's UUID.
    pub uuid: String,
    pub title: String,
    /// Absolute link to the page that shows it.
    pub link: String,
    /// HTML (sanitized or escaped by the caller); written escaped into the feed.
    pub html: String,
    /// Handle or display name; never an address.
    pub author: Option<String>,
    /// The author's public page (absolute), if any.
    pub author_uri: Option<String>,
    pub published: NaiveDateTime,
    pub updated: NaiveDateTime,
    pub categories: Vec<String>,
}

pub fn entry(parts: &EntryParts) -> Entry {
    let mut entry = Entry {
        id: entry_id(&parts.uuid),
        title: Text::plain(parts.title.clone()),
        updated: atom_time(parts.updated.max(parts.published)),
        published: Some(atom_time(parts.published)),
        links: vec![Link {
            href: parts.link.clone(),
            rel: "alternate".into(),
            mime_type: Some("text/html".into()),
            ..Link::default()
        }],
        content: Some(Content {
            content_type: Some("html".into()),
            value: Some(parts.html.clone()),
            ..Content::default()
        }),
        ..Entry::default()
    };
    if let Some(name) = &parts.author {
        entry.authors =
            vec![Person { name: name.clone(), email: None, uri: parts.author_uri.clone(), ..Person::default() }];
    }
    entry.categories = parts
        .categories
        .iter()
        .map(|c| atom_syndication::Category { term: c.clone(), ..atom_syndication::Category::default() })
        .collect();
    entry
}

/// The feed's `updated`: its newest entry's, else the subject's own time (stable, so the validators are).
pub fn feed_updated(entries: &[EntryParts], fallback: NaiveDateTime) -> NaiveDateTime {
    entries.iter().map(|e| e.updated.max(e.published)).max().unwrap_or(fallback)
}

/// A strong ETag over the feed's bytes.
pub fn etag(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    format!("\"{}\"", hex::encode(&digest[..16]))
}

/// An HTTP date (IMF-fixdate) for Last-Modified.
pub fn http_date(t: NaiveDateTime) -> String {
    Utc.from_utc_datetime(&t).format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

fn parse_http_date(raw: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc2822(raw.trim()).ok().map(|t| t.with_timezone(&Utc))
}

/// Whether a conditional GET may be answered 304 (RFC 9110 13.2.2): `If-None-Match` decides when present
/// (a list, `*`, weak or strong tags compared weakly); else `If-Modified-Since` at or after the last
/// modification (whole seconds, as HTTP dates carry).
pub fn not_modified(
    if_none_match: Option<&str>,
    if_modified_since: Option<&str>,
    etag: &str,
    last_modified: NaiveDateTime,
) -> bool {
    if let Some(inm) = if_none_match {
        let ours = etag.trim_start_matches("W/");
        return inm.split(',').map(str::trim).any(|t| t == "*" || t.trim_start_matches("W/") == ours);
    }
    match if_modified_since.and_then(parse_http_date) {
        Some(since) => Utc.from_utc_datetime(&last_modified).timestamp() <= since.timestamp(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").unwrap()
    }

    fn parts() -> EntryParts {
        EntryParts {
            uuid: "0190f3a4-1111-7aaa-8bbb-0123456789ab".into(),
            title: "Crunchy <snacks> & more".into(),
            link: "https://ideas.example/ideas/0190f3a4-1111-7aaa-8bbb-0123456789ab".into(),
            html: "<p>Hi &amp; <b>bye</b></p>".into(),
            author: Some("Ada".into()),
            author_uri: Some("https://ideas.example/members/ada".into()),
            published: at("2026-12-01 10:00:00.123456"),
            updated: at("2026-12-02 11:00:00"),
            categories: vec!["snacks".into()],
        }
    }

    #[test]
    fn the_language_comes_from_the_query_then_the_request() {
        assert_eq!(feed_lang(Some("de"), Some("en")), Some(Lang::De));
        assert_eq!(feed_lang(Some("EN"), None), Some(Lang::En));
        assert_eq!(feed_lang(Some("fr"), None), None);
        assert_eq!(feed_lang(None, Some("en-US,en;q=0.9")), Some(Lang::En));
        assert_eq!(feed_lang(Some(" "), Some("fr")), Some(Lang::DEFAULT));
    }

    #[test]
    fn ids_are_stable_and_links_absolute() {
        assert_eq!(entry_id("abc"), "urn:uuid:abc");
        assert_eq!(feed_id("https://ideas.example:8443/", "/feeds/ideas"), "tag:ideas.example,2026:feeds/ideas");
        assert_eq!(feed_id("http://127.0.0.1:3000", "feeds/reviews"), "tag:127.0.0.1,2026:feeds/reviews");
        assert_eq!(absolute("https://x.example/", "/ideas/1"), "https://x.example/ideas/1");
    }

    #[test]
    fn an_entry_has_no_address_and_its_html_is_escaped_in_the_xml() {
        let e = entry(&parts());
        assert_eq!(e.id, "urn:uuid:0190f3a4-1111-7aaa-8bbb-0123456789ab");
        assert_eq!(e.authors[0].email, None);
        assert_eq!(e.updated.to_rfc3339(), "2026-12-02T11:00:00+00:00");
        let xml = e.to_string();
        assert!(xml.contains("type=\"html\""), "{xml}");
        assert!(xml.contains("&lt;p&gt;Hi &amp;amp; &lt;b&gt;bye&lt;/b&gt;&lt;/p&gt;"), "{xml}");
        assert!(xml.contains("Crunchy &lt;snacks&gt; &amp; more"), "{xml}");
        assert!(!xml.contains("<email>"), "{xml}");
    }

    #[test]
    fn updated_is_never_before_published() {
        let mut p = parts();
        p.updated = p.published - Duration::days(1);
        assert_eq!(entry(&p).updated, atom_time(p.published));
    }

    #[test]
    fn the_feed_is_as_new_as_its_newest_entry() {
        let fallback = at("2026-01-01 00:00:00");
        assert_eq!(feed_updated(&[], fallback), fallback);
        let mut newer = parts();
        newer.updated = at("2026-12-03 00:00:00");
        assert_eq!(feed_updated(&[parts(), newer], fallback), at("2026-12-03 00:00:00"));
    }

    #[test]
    fn plain_text_becomes_escaped_paragraphs() {
        assert_eq!(text_html("a <b>\n c\n\n d"), "<p>a &lt;b&gt;<br> c</p><p>d</p>");
        assert_eq!(text_html("  "), "");
    }

    #[test]
    fn validators_and_the_conditional_get() {
        let tag = etag(b"<feed/>");
        assert_eq!(tag, etag(b"<feed/>"));
        assert_ne!(tag, etag(b"<feed />"));
        assert!(tag.starts_with('"') && tag.ends_with('"') && tag.len() == 34);
        let modified = at("2026-12-02 11:00:00.900");
        assert_eq!(http_date(modified), "Wed, 02 Dec 2026 11:00:00 GMT");
        assert!(not_modified(Some(&tag), None, &tag, modified));
        assert!(not_modified(Some(&format!("\"x\", W/{tag}")), None, &tag, modified));
        assert!(not_modified(Some("*"), None, &tag, modified));
        assert!(!not_modified(Some("\"x\""), Some("Wed, 02 Dec 2026 11:00:00 GMT"), &tag, modified), "ETag decides");
        assert!(not_modified(None, Some("Wed, 02 Dec 2026 11:00:00 GMT"), &tag, modified));
        assert!(not_modified(None, Some("Thu, 03 Dec 2026 00:00:00 GMT"), &tag, modified));
        assert!(!not_modified(None, Some("Wed, 02 Dec 2026 10:59:59 GMT"), &tag, modified));
        assert!(!not_modified(None, Some("yesterday"), &tag, modified));
        assert!(!not_modified(None, None, &tag, modified));
    }
}

//! Markdown to safe HTML: pulldown-cmark renders, ammonia keeps only harmless
//! tags and attributes (no script, no event handlers, no javascript: links).

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

pub fn render(source: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_TASKLISTS);
    let mut unsafe_html = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut unsafe_html, local_images_only(Parser::new_ext(source, options)));
    ammonia::Builder::default()
        .link_rel(Some("nofollow noopener ugc"))
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        // Raw HTML pictures too: only files uploaded here.
        .attribute_filter(|element, attribute, value| {
            if element == "img" && attribute == "src" && !crate::images::rules::is_local_media(value) {
                None
            } else {
                Some(value.into())
            }
        })
        .clean(&unsafe_html)
        .to_string()
}

/// Only pictures uploaded here are shown inline: any other image becomes a plain link to it, so no reader's
/// browser fetches a picture from elsewhere (a tracking pixel).
fn local_images_only<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    // For each open image: whether it was turned into a link.
    let mut open: Vec<bool> = Vec::new();
    events.map(move |event| match event {
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            let foreign = !crate::images::rules::is_local_media(&dest_url);
            open.push(foreign);
            if foreign {
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            } else {
                Event::Start(Tag::Image { link_type, dest_url, title, id })
            }
        }
        Event::End(TagEnd::Image) => {
            if open.pop().unwrap_or(false) {
                Event::End(TagEnd::Link)
            } else {
                Event::End(TagEnd::Image)
            }
        }
        other => other,
    })
}

/// The readable text of markdown, without markup (what search indexes and
/// snippets show). Raw HTML in the source is dropped, not shown as text.
pub fn plain_text(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for event in Parser::new(source) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock | TagEnd::TableCell,
            ) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::{plain_text, render};

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("# Käse\n\nSo **gut**, [link](http://x) <script>x</script>\n\n- a\n- b"),
            "Käse So gut, link x a b"
        );
    }

    #[test]
    fn renders_markdown() {
        assert_eq!(render("**bold**").trim(), "<p><strong>bold</strong></p>");
    }

    #[test]
    fn only_pictures_uploaded_here_show_inline() {
        let key = format!("{}.jpg", "a".repeat(64));
        let out = render(&format!("![Brick](/media/{key}) and ![pixel](https://tracker.example/p.gif)"));
        assert!(out.contains(&format!("<img src=\"/media/{key}\" alt=\"Brick\"")), "{out}");
        assert!(!out.contains("tracker.example/p.gif\" alt"), "{out}");
        assert!(
            out.contains("<a href=\"https://tracker.example/p.gif\" rel=\"nofollow noopener ugc\">pixel</a>"),
            "{out}"
        );
        // Raw HTML images from elsewhere are dropped by the sanitizer's URL rules too.
        let out = render("<img src=\"https://tracker.example/p.gif\">");
        assert!(!out.contains("tracker.example"), "{out}");
    }

    #[test]
    fn strips_active_content() {
        let out = render("<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("onerror"), "{out}");
        let out = render("[click](javascript:alert(1)) and <a href=\"javascript:alert(1)\">x</a>");
        assert!(!out.contains("href=\"javascript:"), "{out}");
        let out = render("<a href=\"https://example.org\" onclick=\"x()\">ok</a>");
        assert!(out.contains("rel=\"nofollow noopener ugc\""), "{out}");
        assert!(!out.contains("onclick"), "{out}");
    }
}

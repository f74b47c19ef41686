//! Pure text rules shared by both engines: how words become search keys
//! (lowercase, English then German stemming), when a typo is forgiven, and how
//! a snippet with highlighted matches is cut. Both engines index the same keys
//! and the same highlighter marks results, so they agree on what matches.

use rust_stemmers::{Algorithm, Stemmer};

/// Words whose key (stem) is shorter than this are matched exactly; from this
/// length on, one typo (an insertion, deletion, substitution or swap of
/// neighbours) is forgiven. Measured on the key, which is what both engines
/// compare: "linen" keys to "lin", and must not match "in".
pub const TYPO_MIN_LEN: usize = 5;

/// Splits text into words: runs of letters and digits, with their byte spans.
pub fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push((s, i));
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

pub struct Keyer {
    english: Stemmer,
    german: Stemmer,
}

impl Default for Keyer {
    fn default() -> Self {
        Keyer { english: Stemmer::create(Algorithm::English), german: Stemmer::create(Algorithm::German) }
    }
}

impl Keyer {
    /// The search key of one word: lowercased, then English and German
    /// stemming applied in turn (so "recipes"/"recipe" and "Rezepten"/"Rezept"
    /// share a key; the German stemmer also folds umlauts and ß).
    pub fn key(&self, word: &str) -> String {
        let lower = word.to_lowercase();
        let en = self.english.stem(&lower);
        self.german.stem(&en).into_owned()
    }

    /// The keys of a text, space-separated (what the engines index).
    pub fn keys_of(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for (s, e) in words(text) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&self.key(&text[s..e]));
        }
        out
    }
}

/// One word of a query.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryWord {
    pub key: String,
    /// Whether one typo is forgiven (the word's key has 5+ letters).
    pub fuzzy: bool,
    /// The last word also matches as a prefix (search as you type).
    pub prefix: bool,
}

pub const MAX_QUERY_WORDS: usize = 10;

pub fn query_words(keyer: &Keyer, q: &str) -> Vec<QueryWord> {
    let spans = words(q);
    let n = spans.len().min(MAX_QUERY_WORDS);
    spans
        .into_iter()
        .take(n)
        .enumerate()
        .map(|(i, (s, e))| {
            let key = keyer.key(&q[s..e]);
            let fuzzy = key.chars().count() >= TYPO_MIN_LEN;
            QueryWord { key, fuzzy, prefix: i + 1 == n }
        })
        .collect()
}

/// Whether a text key matches a query word.
pub fn matches(word: &QueryWord, key: &str) -> bool {
    if key == word.key {
        return true;
    }
    if word.prefix && word.key.chars().count() >= 2 && key.starts_with(&word.key) {
        return true;
    }
    word.fuzzy && strsim::osa_distance(key, &word.key) <= 1
}

pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Marks query matches in texts. Remembers which words matched, so the many
/// hits of one search do not stem the same word twice.
pub struct Highlighter<'a> {
    keyer: &'a Keyer,
    query: &'a [QueryWord],
    seen: std::collections::HashMap<String, bool>,
}

impl<'a> Highlighter<'a> {
    pub fn new(keyer: &'a Keyer, query: &'a [QueryWord]) -> Self {
        Highlighter { keyer, query, seen: std::collections::HashMap::new() }
    }

    fn is_match(&mut self, word: &str) -> bool {
        if let Some(m) = self.seen.get(word) {
            return *m;
        }
        let key = self.keyer.key(word);
        let m = self.query.iter().any(|w| matches(w, &key));
        self.seen.insert(word.to_string(), m);
        m
    }

    /// HTML for `text` with every matching word wrapped in `<mark>`, cut to
    /// about `max_chars` characters around the first match (with an ellipsis
    /// where cut). Everything else is escaped: the result is safe as HTML.
    pub fn highlight(&mut self, text: &str, max_chars: usize) -> String {
        let hits: Vec<(usize, usize)> = if self.query.is_empty() {
            Vec::new()
        } else {
            words(text).into_iter().filter(|(s, e)| self.is_match(&text[*s..*e])).collect()
        };
        // The window: start a little before the first match, on a char boundary.
        let total = text.chars().count();
        let (start, end) = if total <= max_chars {
            (0, text.len())
        } else {
            let first = hits.first().map(|h| h.0).unwrap_or(0);
            let lead = max_chars / 4;
            let chars_before = text[..first].chars().count();
            let start_char = chars_before.saturating_sub(lead).min(total.saturating_sub(max_chars));
            let start = text.char_indices().nth(start_char).map(|(i, _)| i).unwrap_or(0);
            let end = text[start..].char_indices().nth(max_chars).map(|(i, _)| start + i).unwrap_or(text.len());
            // Do not cut a word in half.
            let start = if start > 0 {
                text[start..].find(' ').map(|i| start + i + 1).filter(|s| *s < end).unwrap_or(start)
            } else {
                0
            };
            let end = if end < text.len() { text[..end].rfind(' ').filter(|e| *e > start).unwrap_or(end) } else { end };
            (start, end)
        };
        let mut out = String::new();
        if start > 0 {
            out.push('…');
        }
        let mut at = start;
        for (s, e) in hits.into_iter().filter(|(s, e)| *s >= start && *e <= end) {
            out.push_str(&escape_html(&text[at..s]));
            out.push_str("<mark>");
            out.push_str(&escape_html(&text[s..e]));
            out.push_str("</mark>");
            at = e;
        }
        out.push_str(&escape_html(&text[at..end]));
        if end < text.len() {
            out.push('…');
        }
        out
    }
}

/// `Highlighter::highlight` for one text.
pub fn highlight(keyer: &Keyer, text: &str, query: &[QueryWord], max_chars: usize) -> String {
    Highlighter::new(keyer, query).highlight(text, max_chars)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stemming_joins_word_forms_in_both_languages() {
        let k = Keyer::default();
        assert_eq!(k.key("Rezepten"), k.key("Rezept"));
        assert_eq!(k.key("recipes"), k.key("recipe"));
        assert_eq!(k.key("Käse"), k.key("kase"));
        assert_eq!(k.key("Gärten"), k.key("Garten"));
        assert_eq!(k.key("baking"), k.key("bake"));
        assert_ne!(k.key("Brot"), k.key("Boot"));
    }

    #[test]
    fn one_typo_from_five_letters() {
        let k = Keyer::default();
        let q = query_words(&k, "Rezpet Brot");
        assert!(q[0].fuzzy && !q[1].fuzzy);
        assert!(matches(&q[0], &k.key("Rezept")), "a swap is one typo");
        let q = query_words(&k, "Brit");
        assert!(!matches(&q[0], &k.key("Brot")), "four letters: exact only");
        let q = query_words(&k, "linen");
        assert!(!matches(&q[0], &k.key("in")), "the key of linen is short: no typo allowed");
        let q = query_words(&k, "Sauerteik Kühlschrnak");
        assert!(matches(&q[0], &k.key("Sauerteig")) && matches(&q[1], &k.key("Kühlschrank")));
        assert!(!matches(&q[0], &k.key("Sauerkraut")));
    }

    #[test]
    fn the_last_word_is_a_prefix() {
        let k = Keyer::default();
        let q = query_words(&k, "fresh bas");
        assert!(!q[0].prefix && q[1].prefix);
        assert!(matches(&q[1], &k.key("basil")));
    }

    #[test]
    fn highlights_are_escaped_and_marked() {
        let k = Keyer::default();
        let q = query_words(&k, "recipe");
        let html = highlight(&k, "<b>My</b> recipes & more", &q, 200);
        assert_eq!(html, "&lt;b&gt;My&lt;/b&gt; <mark>recipes</mark> &amp; more");
        let long = format!("{} Rezepte sind gut {}", "Wort ".repeat(100), "Ende ".repeat(100));
        let html = highlight(&k, &long, &query_words(&k, "Rezept"), 80);
        assert!(html.starts_with('…') && html.ends_with('…'), "{html}");
        assert!(html.contains("<mark>Rezepte</mark>"));
        assert!(html.chars().count() < 100);
    }

    #[test]
    fn words_split_on_anything_but_letters_and_digits() {
        assert_eq!(words("Käse-Brot, 2x!"), vec![(0, 5), (6, 10), (12, 14)]);
        let k = Keyer::default();
        assert_eq!(k.keys_of("Käse-Brot"), format!("{} {}", k.key("Käse"), k.key("Brot")));
    }
}

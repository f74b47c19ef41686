//! Pure text rules shared by both engines: how words become search keys
//! (German spellings folded, lowercase, English then German stemming, German
//! compounds split into their words), when a typo is forgiven, and how a
//! snippet with highlighted matches is cut. Both engines index the same keys
//! and the same highlighter marks results, so they agree on what matches.

use std::collections::HashSet;

use rust_stemmers::{Algorithm, Stemmer};

/// Words whose key (stem) is shorter than this are matched exactly; from this
/// length on, one typo (an insertion, deletion, substitution or swap of
/// neighbours) is forgiven. Measured on the key, which is what both engines
/// compare: "linen" keys to "lin", and must not match "in".
pub const TYPO_MIN_LEN: usize = 5;

/// The version of the keys `Keyer` makes; a change rebuilds the indexes
/// (2: German spellings folded, compounds split).
pub const KEYS_VERSION: u32 = 2;

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

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'ä' | 'ö' | 'ü')
}

/// A lowercase word as German readers read it: "ae", "oe", "ue" are "ä", "ö",
/// "ü" ("kaese" is "käse") except after a vowel or q, where they are two
/// sounds ("Feuer", "sauer", "neue", "Quelle"); the Swiss "üe" is "ü"
/// ("Rüebli", "Müesli" read as "Rübli", "Müsli"); "ß" is "ss"; the accents of
/// other languages are dropped ("Gruyère" is "gruyere"). Words without any of
/// these are returned unchanged.
pub fn fold(lower: &str) -> String {
    let mut plain = String::with_capacity(lower.len());
    for c in lower.chars() {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' => plain.push('a'),
            'ç' | 'č' => plain.push('c'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' => plain.push('e'),
            'ì' | 'í' | 'î' | 'ï' => plain.push('i'),
            'ñ' => plain.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ø' => plain.push('o'),
            'ù' | 'ú' | 'û' => plain.push('u'),
            'ý' | 'ÿ' => plain.push('y'),
            'ß' => plain.push_str("ss"),
            'æ' => plain.push_str("ae"),
            'œ' => plain.push_str("oe"),
            _ => plain.push(c),
        }
    }
    let chars: Vec<char> = plain.chars().collect();
    let mut out = String::with_capacity(plain.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next_e = chars.get(i + 1) == Some(&'e');
        let prev = if i == 0 { None } else { out.chars().last() };
        let after_vowel_or_q = prev.is_some_and(|p| is_vowel(p) || p == 'q');
        let umlaut = match c {
            'a' => Some('ä'),
            'o' => Some('ö'),
            'u' => Some('ü'),
            _ => None,
        };
        if let (Some(u), true, false) = (umlaut, next_e, after_vowel_or_q) {
            out.push(u);
            i += 2;
        } else if c == 'ü' && next_e {
            out.push('ü');
            i += 2;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The words compounds are split into (`lexicon.txt`, compiled in so every
/// instance and both engines split alike), folded as `fold` folds.
pub struct Lexicon {
    words: HashSet<String>,
    longest: usize,
}

/// What may follow a word inside a compound (linking letters) or end it
/// (inflection): "Museum-s-shop", "Biene-n-wachs", "Kartoffel-n".
const JOINS: [&str; 9] = ["", "s", "es", "n", "en", "e", "er", "ern", "ns"];
/// Words shorter than this are never split.
const SPLIT_MIN_LEN: usize = 6;
const PART_MIN_LEN: usize = 3;

impl Lexicon {
    pub fn parse(text: &str) -> Lexicon {
        let words: HashSet<String> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| fold(&l.to_lowercase()))
            .filter(|w| w.chars().count() >= PART_MIN_LEN)
            .collect();
        let longest = words.iter().map(|w| w.chars().count()).max().unwrap_or(0);
        Lexicon { words, longest }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The words of a compound (folded, lowercase), in order, or nothing when
    /// the word is not made entirely of lexicon words (with linking letters).
    /// Of several ways the one with the fewest words wins, then the one with
    /// the fewest linking letters; each word that is itself a compound is
    /// followed by its own words ("sauerteigbrot": sauerteig, sauer, teig, brot).
    pub fn split(&self, folded: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.split_into(folded, &mut out, 0);
        out
    }

    fn split_into(&self, folded: &str, out: &mut Vec<String>, depth: usize) {
        let chars: Vec<char> = folded.chars().collect();
        let n = chars.len();
        if n < SPLIT_MIN_LEN || depth > 3 {
            return;
        }
        // best[i]: (words, linking letters, previous position, the word) for chars[..i].
        let mut best: Vec<Option<(usize, usize, usize, String)>> = vec![None; n + 1];
        best[0] = Some((0, 0, 0, String::new()));
        for start in 0..n {
            let Some((parts, links, _, _)) = best[start].clone() else { continue };
            let max_end = n.min(start + self.longest);
            for end in (start + PART_MIN_LEN)..=max_end {
                let word: String = chars[start..end].iter().collect();
                // The word itself is not a split of itself.
                if (start == 0 && end == n) || !self.words.contains(&word) {
                    continue;
                }
                for join in JOINS {
                    let j: Vec<char> = join.chars().collect();
                    let stop = end + j.len();
                    if stop > n || chars[end..stop] != j[..] {
                        continue;
                    }
                    let candidate = (parts + 1, links + j.len(), start, word.clone());
                    let better = match &best[stop] {
                        None => true,
                        Some((p, l, _, _)) => (candidate.0, candidate.1) < (*p, *l),
                    };
                    if better {
                        best[stop] = Some(candidate);
                    }
                }
            }
        }
        let Some((parts, _, _, _)) = &best[n] else { return };
        if *parts < 2 {
            return;
        }
        let mut found = Vec::new();
        let mut at = n;
        while at > 0 {
            let Some((_, _, prev, word)) = &best[at] else { return };
            found.push(word.clone());
            at = *prev;
        }
        found.reverse();
        for word in found {
            out.push(word.clone());
            self.split_into(&word, out, depth + 1);
        }
    }
}

/// The compiled-in lexicon.
pub const LEXICON: &str = include_str!("lexicon.txt");

pub struct Keyer {
    english: Stemmer,
    german: Stemmer,
    lexicon: Lexicon,
}

impl Default for Keyer {
    fn default() -> Self {
        Keyer {
            english: Stemmer::create(Algorithm::English),
            german: Stemmer::create(Algorithm::German),
            lexicon: Lexicon::parse(LEXICON),
        }
    }
}

impl Keyer {
    fn stem(&self, lower: &str) -> String {
        let en = self.english.stem(lower);
        self.german.stem(&en).into_owned()
    }

    /// The search key of one word, what a query word is matched as: folded
    /// (`fold`), lowercased, then English and German stemming applied in turn
    /// (so "recipes"/"recipe", "Rezepten"/"Rezept" and "kaese"/"Käse"/"kase"
    /// share a key; the German stemmer folds umlauts).
    pub fn key(&self, word: &str) -> String {
        self.stem(&fold(&word.to_lowercase()))
    }

    /// Every key a word of a text is indexed under: in `keys`, its key and
    /// its key unfolded where folding changed it (so "Poet" and "muesli" also
    /// match as written); in `parts`, the keys of its words if it is a
    /// compound ("Sauerteigbrot" is also found by "Brot" and "Teig"). The
    /// engines rank a match of a part below a match of a whole word.
    pub fn index_keys(&self, word: &str, keys: &mut Vec<String>, parts: &mut Vec<String>) {
        let lower = word.to_lowercase();
        let folded = fold(&lower);
        let key = self.stem(&folded);
        if folded != lower {
            let plain = self.stem(&lower);
            if plain != key {
                keys.push(plain);
            }
        }
        for part in self.lexicon.split(&folded) {
            let part = self.stem(&part);
            if part != key && !parts.contains(&part) {
                parts.push(part);
            }
        }
        keys.push(key);
    }

    /// The keys of a text, space-separated (what the engines index), and the
    /// keys of its compounds' words.
    pub fn keys_of(&self, text: &str) -> IndexKeys {
        let (mut keys, mut parts) = (Vec::new(), Vec::new());
        let (mut out, mut out_parts) = (IndexKeys::default(), Vec::new());
        for (s, e) in words(text) {
            keys.clear();
            parts.clear();
            self.index_keys(&text[s..e], &mut keys, &mut parts);
            for key in &keys {
                if !out.words.is_empty() {
                    out.words.push(' ');
                }
                out.words.push_str(key);
            }
            for part in parts.drain(..) {
                if !out_parts.contains(&part) {
                    out_parts.push(part);
                }
            }
        }
        out.parts = out_parts.join(" ");
        out
    }
}

/// What a text is indexed under (`Keyer::keys_of`), space-separated.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct IndexKeys {
    /// The keys of its words, in order.
    pub words: String,
    /// The keys of the words its compounds are made of.
    pub parts: String,
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
        let (mut keys, mut parts) = (Vec::new(), Vec::new());
        self.keyer.index_keys(word, &mut keys, &mut parts);
        let m = keys.iter().chain(&parts).any(|key| self.query.iter().any(|w| matches(w, key)));
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
        assert_eq!(k.keys_of("Käse-Brot").words, format!("{} {}", k.key("Käse"), k.key("Brot")));
    }

    #[test]
    fn german_spellings_fold_as_readers_read_them() {
        assert_eq!(fold("kaese"), "käse");
        assert_eq!(fold("oel"), "öl");
        assert_eq!(fold("muellbeutel"), "müllbeutel");
        assert_eq!(fold("strasse"), "strasse");
        assert_eq!(fold("straße"), "strasse");
        assert_eq!(fold("gruyère"), "gruyere");
        assert_eq!(fold("rüebli"), "rübli");
        // After a vowel or q, ae/oe/ue are two sounds.
        for word in ["feuer", "sauer", "neue", "teuer", "bauer", "abenteuer", "quelle", "museum", "treue"] {
            assert_eq!(fold(word), word, "{word}");
        }
        let k = Keyer::default();
        assert_eq!(k.key("kaese"), k.key("Käse"));
        assert_eq!(k.key("kase"), k.key("Käse"), "typing without umlauts still works");
        assert_eq!(k.key("Suesskartoffel"), k.key("Süßkartoffel"));
        assert_eq!(k.key("Rübli"), k.key("Rüebli"));
        assert_ne!(k.key("Feuer"), k.key("Feur"));
    }

    #[test]
    fn every_word_finds_itself_as_written() {
        // Folding must never make a word unfindable by itself: the query key
        // of a word is always among the keys it is indexed under.
        let k = Keyer::default();
        let words = [
            "Feuer",
            "Museum",
            "Poesie",
            "aktuell",
            "Duell",
            "Michael",
            "Israel",
            "Aerobic",
            "Koexistenz",
            "Statue",
            "Quelle",
            "Frequenz",
            "blue",
            "true",
            "does",
            "shoes",
            "queue",
            "Müesli",
            "muesli",
            "Gruyère",
            "Straße",
            "Sauerteigbrot",
            "Kühlschrank",
            "Feuerzangenbowle",
        ];
        for w in words {
            let (mut keys, mut parts) = (Vec::new(), Vec::new());
            k.index_keys(w, &mut keys, &mut parts);
            assert!(keys.contains(&k.key(w)), "{w}: {keys:?}");
            let q = query_words(&k, w);
            assert!(keys.iter().any(|key| matches(&q[0], key)), "{w}");
        }
    }

    #[test]
    fn compounds_split_into_the_lexicons_words() {
        let lexicon = Lexicon::parse(LEXICON);
        assert_eq!(lexicon.split("sauerteigbrot"), vec!["sauerteig", "sauer", "teig", "brot"]);
        assert_eq!(lexicon.split("käseplatte"), vec!["käse", "platte"]);
        assert_eq!(lexicon.split("süsskartoffeln"), vec!["süss", "kartoffel"]);
        assert_eq!(lexicon.split("museumsshop"), vec!["museum", "shop"]);
        assert_eq!(lexicon.split("bienenwachstücher"), vec!["bienen", "wachs", "tücher"]);
        assert_eq!(lexicon.split("feuerzangenbowle"), vec!["feuer", "zange", "bowle"]);
        // Only whole words of the lexicon, never a guess.
        for word in ["kostüm", "preis", "kreis", "ananas", "kaffee", "brot", "bratsche"] {
            assert!(lexicon.split(&fold(word)).is_empty(), "{word}: {:?}", lexicon.split(word));
        }
        let k = Keyer::default();
        let keys = k.keys_of("Sauerteigbrot");
        assert_eq!(keys.words, k.key("Sauerteigbrot"));
        let parts: Vec<&str> = keys.parts.split(' ').collect();
        assert!(parts.contains(&k.key("Brot").as_str()) && parts.contains(&k.key("Teig").as_str()), "{keys:?}");
        // The highlight stays on the word as written.
        let q = query_words(&k, "Brot");
        assert_eq!(highlight(&k, "Roggen-Sauerteigbrot, dunkel", &q, 200), "Roggen-<mark>Sauerteigbrot</mark>, dunkel");
        let q = query_words(&k, "kaese");
        assert_eq!(highlight(&k, "Aargauer Käseplatte", &q, 200), "Aargauer <mark>Käseplatte</mark>");
    }

    /// The measurement behind `fold`: over every word of the demo data and the
    /// relevance catalogue, which distinct words share a query key that did
    /// not before. Each new pair must be one word written two ways.
    #[test]
    fn folding_joins_only_spellings_of_one_word() {
        let k = Keyer::default();
        let old = |w: &str| {
            let lower = w.to_lowercase();
            k.stem(&lower)
        };
        let text = format!("{}\n{}", crate::seed::DEMO, include_str!("../../tests/api/relevance/catalogue.json"));
        let mut vocabulary: Vec<String> = words(&text).into_iter().map(|(s, e)| text[s..e].to_lowercase()).collect();
        vocabulary.extend(
            ["kaese", "aepfel", "muesli", "rübli", "suesskartoffeln", "oel", "geroestet", "kuehlschrank"]
                .map(String::from),
        );
        vocabulary.sort();
        vocabulary.dedup();
        let mut joined = Vec::new();
        for (i, a) in vocabulary.iter().enumerate() {
            for b in &vocabulary[i + 1..] {
                if k.key(a) == k.key(b) && old(a) != old(b) {
                    joined.push(format!("{a}={b}"));
                }
            }
        }
        println!("folding joins {} pairs over {} words: {}", joined.len(), vocabulary.len(), joined.join(", "));
        let expected = [
            "aepfel=äpfel",
            "geroestet=geröstet",
            "geroestet=geröstete",
            "kaese=käse",
            "kuehlschrank=kühlschrank",
            "muesli=müsli",
            "müesli=müsli",
            "oel=öl",
            "rübli=rüebli",
            "suesskartoffeln=süßkartoffeln",
        ];
        for pair in &joined {
            assert!(expected.contains(&pair.as_str()), "folding joined two different words: {pair} (all: {joined:?})");
        }
    }
}

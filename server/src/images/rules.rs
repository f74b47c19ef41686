//! Pure image rules: limits, the variants' sizes, alt text, how many pictures each thing takes, the names of
//! stored files and which markdown images may be shown.

use sha2::{Digest, Sha256};

use crate::error::Violations;

/// The largest upload accepted (413 beyond).
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;
/// The most pixels a picture may declare (422 `image_too_large` beyond, decided from the header).
pub const MAX_PIXELS: u64 = 40_000_000;
/// The longest side a picture may declare.
pub const MAX_SIDE: u32 = 20_000;
/// Alt text length.
pub const ALT_MAX: usize = 300;
/// JPEG quality of the served variants.
pub const JPEG_QUALITY: u8 = 82;
/// An uploaded image never attached is deleted after this many hours.
pub const ORPHAN_HOURS: i64 = 24;

/// The sizes every upload is served in, each at most this wide (never wider than the original).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    Thumb,
    Medium,
    Large,
}

impl Variant {
    /// Largest first: each is made from the one before it.
    pub const ALL: [Variant; 3] = [Variant::Large, Variant::Medium, Variant::Thumb];

    pub fn as_str(self) -> &'static str {
        match self {
            Variant::Thumb => "thumb",
            Variant::Medium => "medium",
            Variant::Large => "large",
        }
    }

    pub fn parse(s: &str) -> Option<Variant> {
        Variant::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn max_width(self) -> u32 {
        match self {
            Variant::Thumb => 320,
            Variant::Medium => 960,
            Variant::Large => 1920,
        }
    }
}

/// The size of a variant at most `max_width` wide, keeping the aspect ratio (never enlarged, at least 1 px).
pub fn fit_width(width: u32, height: u32, max_width: u32) -> (u32, u32) {
    if width <= max_width {
        return (width.max(1), height.max(1));
    }
    let h = (u64::from(height) * u64::from(max_width) + u64::from(width) / 2) / u64::from(width);
    (max_width, u32::try_from(h).unwrap_or(u32::MAX).max(1))
}

/// Why a picture's declared size is refused, before any pixel is decoded.
pub fn too_large(width: u32, height: u32) -> bool {
    width == 0
        || height == 0
        || width > MAX_SIDE
        || height > MAX_SIDE
        || u64::from(width) * u64::from(height) > MAX_PIXELS
}

/// The stored name of a file: the SHA-256 of its bytes and the type's extension. Files never change, so
/// they are served as immutable.
pub fn file_key(bytes: &[u8], extension: &str) -> String {
    format!("{}.{extension}", hex::encode(Sha256::digest(bytes)))
}

/// Whether `key` is a name `file_key` makes (64 hex digits and a known extension): anything else is not looked
/// up at all.
pub fn is_file_key(key: &str) -> bool {
    match key.split_once('.') {
        Some((hash, ext)) => {
            hash.len() == 64
                && hash.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
                && content_type_of(ext).is_some()
        }
        None => false,
    }
}

/// The content type served for a stored file's extension.
pub fn content_type_of(extension: &str) -> Option<&'static str> {
    match extension {
        "jpg" => Some("image/jpeg"),
        "png" => Some("image/png"),
        "webp" => Some("image/webp"),
        _ => None,
    }
}

/// The path images are served under.
pub const MEDIA_PREFIX: &str = "/media/";

pub fn media_url(key: &str) -> String {
    format!("{MEDIA_PREFIX}{key}")
}

/// Whether a markdown image may be shown: only files uploaded here (`/media/<key>`), so no reader's browser
/// fetches a picture from elsewhere (a tracking pixel). Others become plain links.
pub fn is_local_media(url: &str) -> bool {
    url.strip_prefix(MEDIA_PREFIX).is_some_and(is_file_key)
}

/// Alt text: 1 to 300 characters (trimmed) where the picture shows content.
pub fn check_alt(v: &mut Violations, field: &str, alt: &str) {
    let n = alt.trim().chars().count();
    if n == 0 {
        v.add(field, "required", "Describe the picture for those who cannot see it (alt text).");
    } else if n > ALT_MAX {
        v.add(field, "too_long", format!("Alt text has at most {ALT_MAX} characters."));
    }
}

/// What a picture is attached to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Idea,
    Product,
    Tip,
    Avatar,
    /// A product review; only test reports carry pictures (docs/PRODUCT_TESTS.md).
    Review,
}

impl Subject {
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Idea => "idea",
            Subject::Product => "product",
            Subject::Tip => "tip",
            Subject::Avatar => "avatar",
            Subject::Review => "review",
        }
    }

    pub fn parse(s: &str) -> Option<Subject> {
        [Subject::Idea, Subject::Product, Subject::Tip, Subject::Avatar, Subject::Review]
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    /// How many pictures it takes.
    pub fn limit(self) -> usize {
        match self {
            Subject::Idea | Subject::Product => 8,
            Subject::Tip | Subject::Review => 4,
            Subject::Avatar => 1,
        }
    }

    /// Whether its pictures need alt text (an avatar's is the member's name).
    pub fn needs_alt(self) -> bool {
        self != Subject::Avatar
    }
}

/// Checks a list of image ids for a subject: at most its limit, no repeats.
pub fn check_list(v: &mut Violations, field: &str, subject: Subject, ids: &[String]) {
    if ids.len() > subject.limit() {
        v.add(field, "too_many", format!("At most {} pictures.", subject.limit()));
    }
    let mut seen = std::collections::HashSet::new();
    if ids.iter().any(|i| !seen.insert(i.as_str())) {
        v.add(field, "duplicate", "A picture is listed twice.");
    }
}

/// Two letters for a member without an avatar: the first letters of the first two words of the name (else of
/// the handle), upper-cased.
pub fn initials(display_name: &str, handle: &str) -> String {
    let source = if display_name.trim().is_empty() { handle } else { display_name };
    let words: Vec<&str> = source.split_whitespace().collect();
    let mut out: String = words.iter().take(2).filter_map(|w| w.chars().next()).collect();
    if out.chars().count() < 2 && words.len() == 1 {
        out = words[0].chars().take(2).collect();
    }
    out.to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppError;

    fn codes(v: Violations) -> Vec<String> {
        match v.finish() {
            Err(AppError::Validation(fields)) => {
                fields.into_iter().map(|f| format!("{}:{}", f.field, f.code)).collect()
            }
            _ => Vec::new(),
        }
    }

    #[test]
    fn variants_keep_the_aspect_and_never_enlarge() {
        assert_eq!(fit_width(4000, 3000, 1920), (1920, 1440));
        assert_eq!(fit_width(4000, 3000, 320), (320, 240));
        assert_eq!(fit_width(800, 600, 960), (800, 600));
        assert_eq!(fit_width(10_000, 1, 320), (320, 1));
    }

    #[test]
    fn declared_size_limits() {
        assert!(too_large(60_000, 60_000));
        assert!(too_large(8000, 6000)); // 48 MP
        assert!(!too_large(7000, 5000)); // 35 MP
        assert!(too_large(0, 10));
        assert!(too_large(30_000, 10));
    }

    #[test]
    fn keys_are_content_hashes() {
        let k = file_key(b"abc", "jpg");
        assert_eq!(k, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.jpg");
        assert!(is_file_key(&k));
        assert!(!is_file_key("../etc/passwd"));
        assert!(!is_file_key("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.svg"));
        assert!(!is_file_key("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD.jpg"));
    }

    #[test]
    fn only_local_media_is_shown_inline() {
        let k = file_key(b"x", "png");
        assert!(is_local_media(&format!("/media/{k}")));
        assert!(!is_local_media("https://tracker.example/pixel.gif"));
        assert!(!is_local_media(&format!("https://evil.example/media/{k}")));
        assert!(!is_local_media("/media/../x.png"));
    }

    #[test]
    fn alt_text_is_required_and_bounded() {
        let mut v = Violations::new();
        check_alt(&mut v, "alt", "  ");
        check_alt(&mut v, "alt2", &"x".repeat(301));
        check_alt(&mut v, "alt3", "A red brick");
        assert_eq!(codes(v), vec!["alt:required", "alt2:too_long"]);
    }

    #[test]
    fn lists_are_bounded_and_unique() {
        let ids: Vec<String> = (0..5).map(|i| i.to_string()).collect();
        let mut v = Violations::new();
        check_list(&mut v, "images", Subject::Tip, &ids);
        check_list(&mut v, "images", Subject::Idea, &["a".into(), "a".into()]);
        assert_eq!(codes(v), vec!["images:too_many", "images:duplicate"]);
    }

    #[test]
    fn initials_of_names() {
        assert_eq!(initials("Anna Muster", "anna"), "AM");
        assert_eq!(initials("", "bruno"), "BR");
        assert_eq!(initials("Émile", "x"), "ÉM");
        assert_eq!(initials("jean luc picard", "x"), "JL");
    }
}

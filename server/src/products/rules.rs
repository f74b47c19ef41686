//! Pure product rules: validation, GTIN check digits, slugs, the rating
//! summary's arithmetic and the review-spike rule.

use serde::Serialize;

use crate::error::Violations;

pub const NAME_MAX: usize = 120;
pub const LABEL_MAX: usize = 60;
pub const DESCRIPTION_MAX: usize = 10_000;
pub const IMAGE_REF_MAX: usize = 500;
pub const REVIEW_TITLE_MAX: usize = 120;
pub const REVIEW_BODY_MAX: usize = 5_000;

pub fn check_name(v: &mut Violations, name: &str) {
    let len = name.trim().chars().count();
    if !(2..=NAME_MAX).contains(&len) {
        v.add("name", "length", format!("A product name has 2 to {NAME_MAX} characters."));
    }
}

/// Brand and category: a short label.
pub fn check_label(v: &mut Violations, field: &str, value: &str) {
    let len = value.trim().chars().count();
    if !(1..=LABEL_MAX).contains(&len) {
        v.add(field, "length", format!("{field} has 1 to {LABEL_MAX} characters."));
    }
}

pub fn check_description(v: &mut Violations, text: &str) {
    if text.chars().count() > DESCRIPTION_MAX {
        v.add("description", "too_long", format!("A description has at most {DESCRIPTION_MAX} characters."));
    }
}

pub fn check_image_ref(v: &mut Violations, image: &str) {
    let image = image.trim();
    if image.chars().count() > IMAGE_REF_MAX {
        v.add("image_ref", "too_long", format!("An image reference has at most {IMAGE_REF_MAX} characters."));
    } else if !(image.starts_with("https://") || (image.starts_with('/') && !image.starts_with("//"))) {
        v.add("image_ref", "format", "An image reference is an https URL or a path on this site.");
    }
}

/// Slugs the product pages use as paths of their own.
pub const RESERVED_SLUGS: &[&str] = &["new", "edit", "alerts"];

pub fn check_slug(v: &mut Violations, slug: &str) {
    crate::challenges::rules::check_slug(v, slug);
    if RESERVED_SLUGS.contains(&slug) {
        v.add("slug", "reserved", "This slug is a page of its own; choose another.");
    }
}

/// A GTIN (EAN-8, UPC-A, EAN-13 or GTIN-14) with a correct check digit.
pub fn gtin_valid(gtin: &str) -> bool {
    let digits: Vec<u32> = match gtin.chars().map(|c| c.to_digit(10)).collect::<Option<Vec<u32>>>() {
        Some(d) => d,
        None => return false,
    };
    if ![8, 12, 13, 14].contains(&digits.len()) {
        return false;
    }
    let (body, check) = digits.split_at(digits.len() - 1);
    // Weights 3,1,3,1,… from the digit next to the check digit leftwards.
    let sum: u32 = body.iter().rev().enumerate().map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d }).sum();
    (10 - sum % 10) % 10 == check[0]
}

pub fn check_gtin(v: &mut Violations, gtin: &str) {
    let gtin = gtin.trim();
    if !gtin.chars().all(|c| c.is_ascii_digit()) || ![8, 12, 13, 14].contains(&gtin.len()) {
        v.add("gtin", "format", "A GTIN has 8, 12, 13 or 14 digits.");
    } else if !gtin_valid(gtin) {
        v.add("gtin", "check_digit", "This GTIN's check digit is wrong; check for a typo.");
    }
}

/// A URL slug from a name: lowercase ASCII, umlauts spelled out, words joined by '-'.
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.trim().to_lowercase().chars() {
        let spelled: &str = match c {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            'à' | 'á' | 'â' => "a",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ò' | 'ó' | 'ô' => "o",
            'ù' | 'ú' | 'û' => "u",
            'ç' => "c",
            'ñ' => "n",
            _ => "",
        };
        if !spelled.is_empty() {
            out.push_str(spelled);
            dash = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
    }
    let mut slug: String = out.trim_end_matches('-').chars().take(60).collect();
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.len() < 3 {
        slug = format!("product-{slug}").trim_end_matches('-').to_string();
    }
    slug
}

/// The sort key for names: case and accents do not change the order.
pub fn name_key(name: &str) -> String {
    slugify(name).replace('-', " ")
}

pub fn check_stars(v: &mut Violations, stars: i32) {
    if !(1..=5).contains(&stars) {
        v.add("stars", "range", "A rating is 1 to 5 stars.");
    }
}

pub fn check_review(v: &mut Violations, title: &str, body: &str) {
    if title.trim().chars().count() > REVIEW_TITLE_MAX {
        v.add("title", "too_long", format!("A review title has at most {REVIEW_TITLE_MAX} characters."));
    }
    if body.chars().count() > REVIEW_BODY_MAX {
        v.add("body", "too_long", format!("A review has at most {REVIEW_BODY_MAX} characters."));
    }
    if !title.trim().is_empty() && body.trim().is_empty() {
        v.add("body", "required", "A review with a title needs a text too.");
    }
}

/// A product's rating summary: count, sum and the 1–5 histogram.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Summary {
    pub count: i32,
    pub sum: i32,
    pub histogram: [i32; 5],
}

impl Summary {
    pub fn average(&self) -> f64 {
        if self.count == 0 {
            0.0
        } else {
            f64::from(self.sum) / f64::from(self.count)
        }
    }
}

/// How one rating change moves the summary: from `old` stars (none: a new
/// rating) to `new` stars (none: removed or hidden).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Delta {
    pub count: i32,
    pub sum: i32,
    pub histogram: [i32; 5],
}

pub fn delta(old: Option<i32>, new: Option<i32>) -> Delta {
    let mut d = Delta::default();
    for (stars, sign) in [(old, -1), (new, 1)] {
        if let Some(s) = stars.filter(|s| (1..=5).contains(s)) {
            d.count += sign;
            d.sum += sign * s;
            d.histogram[(s - 1) as usize] += sign;
        }
    }
    d
}

/// When a product's low ratings (1–2 stars) are a spike worth telling the
/// product team about.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpikeRule {
    /// At least this many low ratings inside the window…
    pub min_low: i32,
    /// …of this many hours…
    pub window_hours: i64,
    /// …and more than this many times the usual rate.
    pub factor: f64,
    /// The usual rate is measured over this many days before the window.
    pub baseline_days: i64,
}

impl Default for SpikeRule {
    fn default() -> Self {
        SpikeRule { min_low: 20, window_hours: 48, factor: 3.0, baseline_days: 28 }
    }
}

pub fn is_low(stars: i32) -> bool {
    stars <= 2
}

impl SpikeRule {
    /// Low ratings per window the product usually gets, from the baseline count.
    pub fn usual_rate(&self, low_in_baseline: i64) -> f64 {
        let windows = (self.baseline_days * 24) as f64 / self.window_hours.max(1) as f64;
        low_in_baseline as f64 / windows.max(1.0)
    }

    pub fn is_spike(&self, low_in_window: i64, low_in_baseline: i64) -> bool {
        low_in_window >= i64::from(self.min_low)
            && low_in_window as f64 > self.factor * self.usual_rate(low_in_baseline)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewSort {
    Newest,
    Helpful,
    Highest,
    Lowest,
}

impl ReviewSort {
    pub fn parse(raw: Option<&str>) -> Option<ReviewSort> {
        match raw.map(str::trim).filter(|s| !s.is_empty()) {
            None | Some("newest") => Some(ReviewSort::Newest),
            Some("helpful") => Some(ReviewSort::Helpful),
            Some("highest") => Some(ReviewSort::Highest),
            Some("lowest") => Some(ReviewSort::Lowest),
            Some(_) => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductSort {
    Name,
    Rating,
    Newest,
}

impl ProductSort {
    pub fn parse(raw: Option<&str>) -> Option<ProductSort> {
        match raw.map(str::trim).filter(|s| !s.is_empty()) {
            None | Some("name") => Some(ProductSort::Name),
            Some("rating") => Some(ProductSort::Rating),
            Some("newest") => Some(ProductSort::Newest),
            Some(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gtin_check_digits() {
        assert!(gtin_valid("4006381333931")); // EAN-13
        assert!(gtin_valid("73513537")); // EAN-8
        assert!(gtin_valid("036000291452")); // UPC-A
        assert!(gtin_valid("10012345678902")); // GTIN-14
        assert!(!gtin_valid("4006381333932"));
        assert!(!gtin_valid("400638133393"));
        assert!(!gtin_valid("40063813339a1"));
        let mut v = Violations::new();
        check_gtin(&mut v, "4006381333932");
        assert!(!v.is_empty());
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Bärlauch-Pesto (vegan)"), "baerlauch-pesto-vegan");
        assert_eq!(slugify("  Crème brûlée!! "), "creme-brulee");
        assert_eq!(slugify("Ö"), "product-oe");
        assert!(slugify(&"x".repeat(200)).len() <= 60);
    }

    #[test]
    fn summary_deltas() {
        assert_eq!(delta(None, Some(4)), Delta { count: 1, sum: 4, histogram: [0, 0, 0, 1, 0] });
        assert_eq!(delta(Some(4), Some(2)), Delta { count: 0, sum: -2, histogram: [0, 1, 0, -1, 0] });
        assert_eq!(delta(Some(5), None), Delta { count: -1, sum: -5, histogram: [0, 0, 0, 0, -1] });
        assert_eq!(delta(Some(3), Some(3)), Delta { count: 0, sum: 0, histogram: [0, 0, 0, 0, 0] });
        let s = Summary { count: 4, sum: 14, histogram: [0, 0, 1, 1, 2] };
        assert!((s.average() - 3.5).abs() < 1e-9);
        assert_eq!(Summary::default().average(), 0.0);
    }

    #[test]
    fn spike_rule() {
        let rule = SpikeRule::default();
        // 28 days are 14 windows of 48 hours: 28 low ratings there is a usual rate of 2.
        assert!((rule.usual_rate(28) - 2.0).abs() < 1e-9);
        assert!(rule.is_spike(20, 0));
        assert!(!rule.is_spike(19, 0), "below the minimum");
        assert!(!rule.is_spike(20, 28 * 4), "usual rate 8: 20 is not more than 3x");
        assert!(rule.is_spike(25, 28 * 4), "25 > 24");
        assert!(is_low(2) && !is_low(3));
    }

    #[test]
    fn reviews_need_text_with_a_title() {
        let mut v = Violations::new();
        check_review(&mut v, "Great", "");
        assert!(!v.is_empty());
        let mut v = Violations::new();
        check_review(&mut v, "", "");
        check_stars(&mut v, 5);
        assert!(v.is_empty());
        check_stars(&mut v, 0);
        assert!(!v.is_empty());
    }
}

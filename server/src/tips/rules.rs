//! Pure tip rules: validation and list sorts.

use crate::error::Violations;

pub const TITLE_MIN: usize = 5;
pub const TITLE_MAX: usize = 120;
pub const BODY_MAX: usize = 10_000;

pub fn check_title(v: &mut Violations, title: &str) {
    let len = title.trim().chars().count();
    if len < TITLE_MIN {
        v.add("title", "too_short", format!("A tip's title has at least {TITLE_MIN} characters."));
    } else if len > TITLE_MAX {
        v.add("title", "too_long", format!("A tip's title has at most {TITLE_MAX} characters."));
    }
}

pub fn check_body(v: &mut Violations, body: &str) {
    let len = body.trim().chars().count();
    if len == 0 {
        v.add("body", "required", "Write the tip itself.");
    } else if len > BODY_MAX {
        v.add("body", "too_long", format!("A tip has at most {BODY_MAX} characters."));
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TipSort {
    New,
    Helpful,
}

impl TipSort {
    pub fn parse(raw: Option<&str>) -> Option<TipSort> {
        match raw.map(str::trim).filter(|s| !s.is_empty()) {
            None | Some("new") => Some(TipSort::New),
            Some("helpful") => Some(TipSort::Helpful),
            Some(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_bodies() {
        let mut v = Violations::new();
        check_title(&mut v, "Tip");
        check_body(&mut v, "   ");
        assert!(!v.is_empty());
        let mut v = Violations::new();
        check_title(&mut v, "Rösti crisp in a cold pan");
        check_body(&mut v, "Start the pan cold.");
        assert!(v.is_empty());
        assert_eq!(TipSort::parse(Some("helpful")), Some(TipSort::Helpful));
        assert_eq!(TipSort::parse(Some("best")), None);
    }
}

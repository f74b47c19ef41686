//! Pure moderation rules.

use serde::{Deserialize, Serialize};

use crate::accounts::rules::Role;
use crate::error::Violations;

pub const DEFAULT_REPORT_THRESHOLD: i32 = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TargetType {
    Idea,
    Comment,
    Review,
    Tip,
    Image,
    User,
    Question,
    Answer,
}

impl TargetType {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetType::Idea => "idea",
            TargetType::Comment => "comment",
            TargetType::Review => "review",
            TargetType::Tip => "tip",
            TargetType::Image => "image",
            TargetType::User => "user",
            TargetType::Question => "question",
            TargetType::Answer => "answer",
        }
    }
    pub fn parse(s: &str) -> Option<TargetType> {
        [
            TargetType::Idea,
            TargetType::Comment,
            TargetType::Review,
            TargetType::Tip,
            TargetType::Image,
            TargetType::User,
            TargetType::Question,
            TargetType::Answer,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }
    /// What members can report.
    pub fn reportable(self) -> bool {
        matches!(
            self,
            TargetType::Idea
                | TargetType::Comment
                | TargetType::Review
                | TargetType::Tip
                | TargetType::Image
                | TargetType::Question
                | TargetType::Answer
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Hide,
    Restore,
    DismissReports,
    Suspend,
    Unsuspend,
    RemoveSupports,
}

impl Action {
    pub const ALL: [Action; 6] = [
        Action::Hide,
        Action::Restore,
        Action::DismissReports,
        Action::Suspend,
        Action::Unsuspend,
        Action::RemoveSupports,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Hide => "hide",
            Action::Restore => "restore",
            Action::DismissReports => "dismiss_reports",
            Action::Suspend => "suspend",
            Action::Unsuspend => "unsuspend",
            Action::RemoveSupports => "remove_supports",
        }
    }
    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }
    /// The kind of target each action applies to.
    pub fn applies_to(self, target: TargetType) -> bool {
        match self {
            Action::Hide | Action::Restore | Action::DismissReports => target.reportable(),
            Action::Suspend | Action::Unsuspend | Action::RemoveSupports => target == TargetType::User,
        }
    }
}

/// Why an action on a member or their content is refused (see [`staff_protection`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protection {
    /// Only admins act on staff (admins, moderators, the product team) and their content.
    StaffProtected,
    /// The last active admin keeps their powers.
    LastAdmin,
}

/// Whether `action` by a member of role `actor` may touch a member of role `target` (a user, or the author of the
/// content): moderators suspend, unsuspend, strip the supports of and hide the content of members only; admins act
/// on anyone, except that the last active (unsuspended) admin is never suspended. `active_admins` counts the active
/// admins, the target among them when `target_active`. Restoring and dismissing reports take nothing from anyone
/// and are never refused here.
pub fn staff_protection(
    actor: Role,
    target: Role,
    target_active: bool,
    action: Action,
    active_admins: i64,
) -> Result<(), Protection> {
    if matches!(action, Action::Restore | Action::DismissReports) {
        return Ok(());
    }
    if target != Role::Member && actor != Role::Admin {
        return Err(Protection::StaffProtected);
    }
    if action == Action::Suspend && target == Role::Admin && target_active && active_admins <= 1 {
        return Err(Protection::LastAdmin);
    }
    Ok(())
}

/// Whether an admin may give a member of role `target` the role `to`: the last active admin stays one.
pub fn role_change_protection(
    target: Role,
    target_active: bool,
    to: Role,
    active_admins: i64,
) -> Result<(), Protection> {
    if target == Role::Admin && to != Role::Admin && target_active && active_admins <= 1 {
        return Err(Protection::LastAdmin);
    }
    Ok(())
}

/// Content is hidden, pending a moderator's decision, once this many open
/// reports stand against it.
pub fn auto_hide(open_reports: i32, threshold: i32) -> bool {
    open_reports >= threshold.max(1)
}

pub fn check_reason(v: &mut Violations, reason: &str) {
    let len = reason.trim().chars().count();
    if len < 3 {
        v.add("reason", "too_short", "Say in a few words what is wrong.");
    } else if len > 1_000 {
        v.add("reason", "too_long", "A reason has at most 1000 characters.");
    }
}

/// Words of a title that say something (lowercase, 3+ letters, no filler).
pub fn title_words(title: &str) -> Vec<String> {
    const STOP: &[&str] = &[
        "the", "and", "for", "with", "from", "that", "this", "our", "your", "der", "die", "das", "und", "mit", "für",
        "ein", "eine", "von", "den", "dem", "des", "auf", "aus", "bei", "zum", "zur",
    ];
    let mut words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 3 && !STOP.contains(&w.as_str()))
        .collect();
    words.sort();
    words.dedup();
    words
}

/// How alike two titles are: shared meaningful words over all of them (0..=1).
pub fn similarity(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.iter().filter(|w| b.contains(w)).count() as f64;
    let all = (a.len() + b.len()) as f64 - shared;
    shared / all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_and_targets() {
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
        assert!(Action::Hide.applies_to(TargetType::Comment));
        assert!(!Action::Hide.applies_to(TargetType::User));
        assert!(Action::Suspend.applies_to(TargetType::User));
        assert!(!Action::Suspend.applies_to(TargetType::Idea));
        assert!(!TargetType::User.reportable());
    }

    #[test]
    fn moderators_act_on_members_only() {
        use Protection::*;
        let staff = [Role::Moderator, Role::ProductTeam, Role::Admin];
        for action in [Action::Suspend, Action::Unsuspend, Action::RemoveSupports, Action::Hide] {
            assert_eq!(staff_protection(Role::Moderator, Role::Member, true, action, 1), Ok(()));
            assert_eq!(staff_protection(Role::Admin, Role::Member, true, action, 1), Ok(()));
            for target in staff {
                assert_eq!(
                    staff_protection(Role::Moderator, target, true, action, 3),
                    Err(StaffProtected),
                    "{target:?}"
                );
                // A suspended staff member stays protected from moderators.
                assert_eq!(staff_protection(Role::Moderator, target, false, action, 3), Err(StaffProtected));
            }
            assert_eq!(staff_protection(Role::Admin, Role::Moderator, true, action, 1), Ok(()));
            assert_eq!(staff_protection(Role::Admin, Role::ProductTeam, true, action, 1), Ok(()));
        }
        // Restoring and dismissing reports take nothing away.
        for action in [Action::Restore, Action::DismissReports] {
            assert_eq!(staff_protection(Role::Moderator, Role::Admin, true, action, 1), Ok(()));
        }
    }

    #[test]
    fn the_last_admin_stays() {
        use Protection::*;
        assert_eq!(staff_protection(Role::Admin, Role::Admin, true, Action::Suspend, 1), Err(LastAdmin));
        assert_eq!(staff_protection(Role::Admin, Role::Admin, true, Action::Suspend, 2), Ok(()));
        // An admin already suspended is not the one who keeps the site run.
        assert_eq!(staff_protection(Role::Admin, Role::Admin, false, Action::Unsuspend, 1), Ok(()));
        assert_eq!(staff_protection(Role::Admin, Role::Admin, true, Action::Hide, 1), Ok(()));
        assert_eq!(role_change_protection(Role::Admin, true, Role::Member, 1), Err(LastAdmin));
        assert_eq!(role_change_protection(Role::Admin, true, Role::Moderator, 2), Ok(()));
        assert_eq!(role_change_protection(Role::Admin, false, Role::Member, 1), Ok(()));
        assert_eq!(role_change_protection(Role::Admin, true, Role::Admin, 1), Ok(()));
        assert_eq!(role_change_protection(Role::Moderator, true, Role::Member, 1), Ok(()));
    }

    #[test]
    fn auto_hide_at_threshold() {
        assert!(!auto_hide(2, 3));
        assert!(auto_hide(3, 3));
        assert!(auto_hide(1, 0), "a threshold below one still needs one report");
    }

    #[test]
    fn similar_titles() {
        let a = title_words("Refill station for dish soap");
        assert_eq!(a, vec!["dish", "refill", "soap", "station"]);
        let b = title_words("Dish soap refill in every store");
        let c = title_words("Quiet shopping hour");
        assert!(similarity(&a, &b) > 0.4);
        assert_eq!(similarity(&a, &c), 0.0);
        assert_eq!(similarity(&a, &a), 1.0);
    }
}

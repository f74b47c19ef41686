//! Writing the ledger, in the transaction of the action that earns or loses
//! the points; and reading it: balances, history, badges, leaderboards.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::rules::{self, ChainStep, Event, Level, Reason, Rule};
use super::store::{self, EntryRow};
use crate::accounts::Actor;
use crate::clock;
use crate::db::{write_tx, Db, DbConn};
use crate::error::{AppError, AppResult};
use crate::ideas::rules::IdeaStatus;
use crate::pagination::{decode_cursor, finish_page, parse_limit, Page};

/// One event that pays a member. The key (member, rule, cause) makes it pay once.
#[derive(Clone, Copy)]
pub struct Award<'a> {
    pub user_id: &'a str,
    pub rule: Rule,
    pub cause_type: &'a str,
    pub cause_id: &'a str,
    /// The tier number, for `Rule::TierReached`.
    pub tier: Option<i32>,
    /// The content whose removal takes these points back (idea, comment, tip, rating).
    pub subject_id: Option<&'a str>,
    /// The challenge whose leaderboard the points count for.
    pub challenge_id: Option<&'a str>,
}

impl<'a> Award<'a> {
    pub fn new(user_id: &'a str, rule: Rule, cause_type: &'a str, cause_id: &'a str) -> Self {
        Award { user_id, rule, cause_type, cause_id, tier: None, subject_id: None, challenge_id: None }
    }

    pub fn about(mut self, subject_id: &'a str, challenge_id: Option<&'a str>) -> Self {
        self.subject_id = Some(subject_id);
        self.challenge_id = challenge_id.filter(|_| self.rule.counts_for_challenge());
        self
    }

    pub fn tier(mut self, tier: i32) -> Self {
        self.tier = Some(tier);
        self
    }
}

fn day_start(now: NaiveDateTime) -> NaiveDateTime {
    now.date().and_hms_opt(0, 0, 0).unwrap_or(now)
}

fn lock_members(conn: &mut DbConn, awards: &[Award]) -> AppResult<()> {
    let mut users: Vec<String> = awards.iter().map(|a| a.user_id.to_string()).collect();
    store::lock_users(conn, &mut users)?;
    Ok(())
}

/// Pays each event once (a repeat of the same key pays nothing); daily caps
/// are counted under the members' row locks. Badges the events may earn are
/// checked afterwards. Returns the amounts paid.
pub fn award(conn: &mut DbConn, awards: &[Award], now: NaiveDateTime) -> AppResult<Vec<i32>> {
    award_with(conn, awards, now, false)
}

/// `award` for the hot path (a support): the entries and the balances are
/// written in the caller's transaction, exactly and with the caps counted under
/// the members' row locks; the leaderboards' totals and histograms and the
/// badges follow in a batch (`apply_pending`, within a second or two, and
/// before any read of a board, a place, a history or badges).
pub fn award_deferred(conn: &mut DbConn, awards: &[Award], now: NaiveDateTime) -> AppResult<Vec<i32>> {
    award_with(conn, awards, now, true)
}

fn award_with(conn: &mut DbConn, awards: &[Award], now: NaiveDateTime, defer: bool) -> AppResult<Vec<i32>> {
    lock_members(conn, awards)?;
    let mut paid = vec![0; awards.len()];
    let mut happened = Vec::new();
    // Deferred entries of distinct members (a support's two) are written together once their caps are
    // counted: one statement on PostgreSQL. A member with two awards in the call has the second's cap
    // counted after the first is written, so those go one by one.
    let together = defer && distinct_members(awards);
    let mut deferred: Vec<(usize, EntryRow)> = Vec::new();
    for i in in_member_order(awards) {
        let a = &awards[i];
        let today = match a.rule.spec().daily_cap {
            Some(_) => {
                let n = store::paid_since(conn, a.user_id, a.rule.as_str(), day_start(now))?;
                i32::try_from(n).unwrap_or(i32::MAX)
            }
            None => 0,
        };
        let amount = rules::award(a.rule, a.tier, today);
        if amount == 0 {
            // Capped: the event still counts for badges (a 21st support is a support).
            happened.push(a);
            continue;
        }
        let row = EntryRow {
            id: Uuid::now_v7().to_string(),
            user_id: a.user_id.to_string(),
            amount,
            rule: a.rule.as_str().to_string(),
            cause_type: a.cause_type.to_string(),
            cause_id: a.cause_id.to_string(),
            reverses: None,
            created_at: now,
            subject_id: a.subject_id.map(str::to_string),
            challenge_id: a.challenge_id.map(str::to_string),
            reason: None,
        };
        if defer {
            // Its badges are looked at by the batch that applies it.
            deferred.push((i, row));
            if !together {
                write_deferred(conn, &mut deferred, &mut paid)?;
            }
        } else if store::insert(conn, &row)? == 1 {
            store::apply(conn, &row)?;
            happened.push(a);
            paid[i] = amount;
        }
    }
    write_deferred(conn, &mut deferred, &mut paid)?;
    for a in happened {
        super::badges::on_event(conn, a.user_id, Event::Paid(a.rule), a.challenge_id, now)?;
    }
    Ok(paid)
}

/// Writes the deferred entries collected (`store::insert_deferred`) and notes what each paid.
fn write_deferred(conn: &mut DbConn, deferred: &mut Vec<(usize, EntryRow)>, paid: &mut [i32]) -> AppResult<()> {
    let rows: Vec<EntryRow> = deferred.iter().map(|(_, r)| r.clone()).collect();
    let inserted = store::insert_deferred(conn, &rows)?;
    for (i, row) in deferred.drain(..) {
        if inserted.contains(&row.id) {
            paid[i] = row.amount;
        }
    }
    Ok(())
}

fn distinct_members(awards: &[Award]) -> bool {
    let mut ids: Vec<&str> = awards.iter().map(|a| a.user_id).collect();
    ids.sort_unstable();
    ids.windows(2).all(|w| w[0] != w[1])
}

/// The awards' positions by member id: every transaction moves members' totals in member order (and each
/// member's boards in scope order), so a deferred batch and an inline award never wait on each other in a
/// circle.
fn in_member_order(awards: &[Award]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..awards.len()).collect();
    order.sort_by_key(|&i| awards[i].user_id);
    order
}

fn steps(chain: &[EntryRow]) -> Vec<ChainStep> {
    chain.iter().map(|e| ChainStep { amount: e.amount, reason: e.reason.clone() }).collect()
}

/// Writes the entry that reverses the chain's last entry; its amount when written.
fn reverse_tail(conn: &mut DbConn, chain: &[EntryRow], reason: Reason, now: NaiveDateTime) -> AppResult<i32> {
    let Some(tail) = chain.last() else { return Ok(0) };
    let row = EntryRow {
        id: Uuid::now_v7().to_string(),
        reverses: Some(tail.id.clone()),
        amount: -tail.amount,
        created_at: now,
        reason: Some(reason.as_str().to_string()),
        ..tail.clone()
    };
    if store::insert(conn, &row)? == 1 {
        store::apply(conn, &row)?;
        Ok(row.amount)
    } else {
        Ok(0)
    }
}

/// Takes back what these events pay now, once each, by new entries that name
/// the entries they reverse. Events that pay nothing are left alone.
pub fn reverse(conn: &mut DbConn, awards: &[Award], reason: Reason, now: NaiveDateTime) -> AppResult<i32> {
    lock_members(conn, awards)?;
    let mut total = 0;
    for i in in_member_order(awards) {
        let a = &awards[i];
        let chain = store::chain(conn, a.user_id, a.rule.as_str(), a.cause_type, a.cause_id)?;
        if rules::should_reverse(&steps(&chain)) {
            total += reverse_tail(conn, &chain, reason, now)?;
        }
    }
    Ok(total)
}

/// Pays an event, or, if it paid before and was reversed for `reason`, pays
/// it again by reversing that reversal.
pub fn award_or_reinstate(conn: &mut DbConn, awards: &[Award], reason: Reason, now: NaiveDateTime) -> AppResult<i32> {
    let mut total: i32 = award(conn, awards, now)?.iter().sum();
    for a in awards {
        let chain = store::chain(conn, a.user_id, a.rule.as_str(), a.cause_type, a.cause_id)?;
        if rules::should_reinstate(&steps(&chain), reason) {
            total += reverse_tail(conn, &chain, Reason::Reinstated, now)?;
        }
    }
    Ok(total)
}

/// Takes back every point a member earned through a piece of content (when a
/// moderator hides it, or its author deletes it).
pub fn reverse_subject(
    conn: &mut DbConn,
    user_id: &str,
    subject_id: &str,
    reason: Reason,
    now: NaiveDateTime,
) -> AppResult<i32> {
    store::lock_users(conn, &mut vec![user_id.to_string()])?;
    let mut total = 0;
    for chain in store::subject_chains(conn, user_id, subject_id)? {
        if rules::should_reverse(&steps(&chain)) {
            total += reverse_tail(conn, &chain, reason, now)?;
        }
    }
    Ok(total)
}

/// Pays back what `reverse_subject` took for `reason` (a moderator restores
/// the content). Reversals for other reasons (a withdrawn support) stay.
pub fn reinstate_subject(
    conn: &mut DbConn,
    user_id: &str,
    subject_id: &str,
    reason: Reason,
    now: NaiveDateTime,
) -> AppResult<i32> {
    store::lock_users(conn, &mut vec![user_id.to_string()])?;
    let mut total = 0;
    for chain in store::subject_chains(conn, user_id, subject_id)? {
        if rules::should_reinstate(&steps(&chain), reason) {
            total += reverse_tail(conn, &chain, Reason::Reinstated, now)?;
        }
    }
    Ok(total)
}

/// The cause id of a support: the support itself (a later support of the
/// same idea by the same member is a new event).
pub fn support_cause(idea_id: &str, supporter: &str, at: NaiveDateTime) -> String {
    format!("{idea_id}:{supporter}:{}", at.and_utc().timestamp_micros())
}

/// Keeps the 30-day window's start at the beginning of the day 29 days ago,
/// so the window holds today and the 29 days before. Cheap when current.
/// Applies the pending entries first, so every entry it takes out of the
/// window's totals was put in.
pub fn advance_window(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<usize> {
    let from = day_start(now) - chrono::Duration::days(29);
    if store::window_from(conn, store::WINDOW_30D)?.is_some_and(|f| f >= from) {
        return Ok(0);
    }
    write_tx(conn, |conn| {
        apply_all_pending_in_tx(conn, now)?;
        Ok::<_, AppError>(store::advance_window(conn, store::WINDOW_30D, from)?)
    })
}

/// Entries one deferred batch applies at most.
pub const PENDING_BATCH: i64 = 2_000;

/// Applies one batch of deferred entries (see `store::apply_pending`) and
/// looks at the badges their events may earn, in one write transaction; the
/// entries applied. `wait`: wait for rows another batch holds (readers), else
/// skip them (background batches).
pub fn apply_pending(conn: &mut DbConn, wait: bool, now: NaiveDateTime) -> AppResult<usize> {
    write_tx(conn, |conn| apply_pending_in_tx(conn, PENDING_BATCH, wait, now))
}

fn apply_pending_in_tx(conn: &mut DbConn, limit: i64, wait: bool, now: NaiveDateTime) -> AppResult<usize> {
    let applied = store::apply_pending(conn, limit, wait)?;
    for (user, rule, challenge) in &applied.events {
        if let Some(rule) = Rule::parse(rule) {
            super::badges::on_event(conn, user, Event::Paid(rule), challenge.as_deref(), now)?;
        }
    }
    Ok(applied.entries)
}

fn apply_all_pending_in_tx(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<usize> {
    let mut total = 0;
    loop {
        let n = apply_pending_in_tx(conn, PENDING_BATCH, true, now)?;
        total += n;
        if n < usize::try_from(PENDING_BATCH).unwrap_or(usize::MAX) {
            return Ok(total);
        }
    }
}

/// `ledger verify`: settles what is pending, then compares every cache with the ledger.
pub fn verify(conn: &mut DbConn) -> AppResult<Vec<store::Difference>> {
    settle(conn)?;
    Ok(store::differences(conn)?)
}

/// Before a read that shows leaderboards, places, totals or badges: applies
/// whatever is pending (waiting for a batch in flight), so the read sees every
/// committed entry. One cheap lookup when nothing is pending.
pub fn settle(conn: &mut DbConn) -> AppResult<()> {
    if store::any_pending(conn)? {
        let now = clock::now();
        write_tx(conn, |conn| apply_all_pending_in_tx(conn, now))?;
    }
    Ok(())
}

/// Folds the boards' histogram deltas (see `store::fold_counts`); 0 when
/// another instance was folding the same deltas at that moment.
pub fn fold_counts(conn: &mut DbConn) -> AppResult<usize> {
    match write_tx(conn, store::fold_counts) {
        Err(diesel::result::Error::RollbackTransaction) => Ok(0),
        other => Ok(other?),
    }
}

// ---- reading -------------------------------------------------------------------

/// Where an entry came from, for the history.
#[derive(Serialize, Debug, Clone, utoipa::ToSchema)]
pub struct Subject {
    /// `idea`, `comment`, `tip` or `review`.
    pub kind: &'static str,
    pub id: String,
    /// The page it is on (absent when the content is no longer public).
    pub url: Option<String>,
    pub title: Option<String>,
}

#[derive(Serialize, Debug, Clone, utoipa::ToSchema)]
pub struct EntryView {
    pub id: String,
    pub amount: i32,
    pub rule: String,
    pub cause_type: String,
    pub cause_id: String,
    pub subject: Option<Subject>,
    pub challenge_id: Option<String>,
    /// The entry this one reverses, if it is a reversal.
    pub reverses: Option<String>,
    /// Why it was reversed: withdrawn, unmarked, review_removed, deleted, moderation, reinstated.
    pub reason: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PointsView {
    pub handle: String,
    pub display_name: String,
    pub balance: i64,
    #[schema(value_type = Object)]
    pub level: Level,
    pub entries: Page<EntryView>,
}

#[derive(Deserialize, Debug, Default, utoipa::IntoParams)]
pub struct EntriesQuery {
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

fn member(conn: &mut DbConn, handle: &str) -> AppResult<crate::accounts::store::UserRow> {
    crate::accounts::store::by_handle(conn, handle)?.ok_or_else(|| AppError::not_found("member"))
}

fn subject_kind(cause_type: &str) -> Option<&'static str> {
    match cause_type {
        "idea" | "idea_tier" | "support" => Some("idea"),
        "comment" => Some("comment"),
        "tip" | "tip_helpful" => Some("tip"),
        "rating" => Some("review"),
        _ => None,
    }
}

/// Titles and links of the entries' content, public content only.
fn subjects(conn: &mut DbConn, rows: &[EntryRow]) -> AppResult<Vec<Option<Subject>>> {
    use crate::db::schema::{comments, ideas, products, ratings, tips};
    use diesel::prelude::*;
    let ids = |kind: &str| -> Vec<String> {
        rows.iter().filter(|r| subject_kind(&r.cause_type) == Some(kind)).filter_map(|r| r.subject_id.clone()).collect()
    };
    let idea_titles: Vec<(String, String)> = ideas::table
        .filter(ideas::id.eq_any(ids("idea")))
        .filter(ideas::hidden_at.is_null())
        .filter(ideas::status.ne_all([IdeaStatus::Pending, IdeaStatus::Rejected]))
        .select((ideas::id, ideas::title))
        .load(conn)?;
    let comment_ideas: Vec<(String, String, String)> = comments::table
        .inner_join(ideas::table)
        .filter(comments::id.eq_any(ids("comment")))
        .filter(comments::hidden_at.is_null())
        .filter(ideas::hidden_at.is_null())
        .select((comments::id, ideas::id, ideas::title))
        .load(conn)?;
    let tip_titles: Vec<(String, String)> = tips::table
        .filter(tips::id.eq_any(ids("tip")))
        .filter(tips::hidden_at.is_null())
        .select((tips::id, tips::title))
        .load(conn)?;
    let reviews: Vec<(String, String, String)> = ratings::table
        .inner_join(products::table)
        .filter(ratings::id.eq_any(ids("review")))
        .filter(ratings::hidden_at.is_null())
        .select((ratings::id, products::slug, products::name))
        .load(conn)?;
    Ok(rows
        .iter()
        .map(|r| {
            let kind = subject_kind(&r.cause_type)?;
            let id = r.subject_id.clone()?;
            let (url, title) = match kind {
                "idea" => idea_titles.iter().find(|(i, _)| *i == id).map(|(i, t)| (format!("/ideas/{i}"), t.clone())),
                "comment" => comment_ideas
                    .iter()
                    .find(|(c, _, _)| *c == id)
                    .map(|(c, i, t)| (format!("/ideas/{i}#comment-{c}"), t.clone())),
                "tip" => tip_titles.iter().find(|(i, _)| *i == id).map(|(i, t)| (format!("/tips/{i}"), t.clone())),
                _ => reviews
                    .iter()
                    .find(|(i, _, _)| *i == id)
                    .map(|(i, s, n)| (format!("/products/{s}#review-{i}"), n.clone())),
            }
            .unzip();
            Some(Subject { kind, id, url, title })
        })
        .collect())
}

/// A member's balance, level and point history (newest first).
pub async fn points(db: &Db, handle: String, query: EntriesQuery) -> AppResult<PointsView> {
    let limit = parse_limit(query.limit.as_deref())?;
    let before: Option<String> = decode_cursor(query.cursor.as_deref())?;
    db.run(move |conn| {
        settle(conn)?;
        let user = member(conn, &handle)?;
        let balance = store::balance(conn, &user.id)?;
        let rows = store::entries_of(conn, &user.id, before.as_deref(), limit + 1)?;
        let (rows, next_cursor) = finish_page(rows, limit, |r| r.id.clone());
        let subjects = subjects(conn, &rows)?;
        let items = rows
            .into_iter()
            .zip(subjects)
            .map(|(r, subject)| EntryView {
                id: r.id,
                amount: r.amount,
                rule: r.rule,
                cause_type: r.cause_type,
                cause_id: r.cause_id,
                subject,
                challenge_id: r.challenge_id,
                reverses: r.reverses,
                reason: r.reason,
                created_at: clock::to_utc(r.created_at),
            })
            .collect();
        Ok(PointsView {
            handle: user.handle,
            display_name: user.display_name,
            balance,
            level: rules::level_for(balance),
            entries: Page { items, next_cursor },
        })
    })
    .await
}

#[derive(Serialize, Debug, Clone, utoipa::ToSchema)]
pub struct BadgeView {
    pub key: String,
    pub name: String,
    pub description: String,
    pub awarded_at: chrono::DateTime<chrono::Utc>,
}

/// The badges a member holds, in the order earned.
pub async fn badges_of(db: &Db, handle: String) -> AppResult<Vec<BadgeView>> {
    db.run(move |conn| {
        settle(conn)?;
        let user = member(conn, &handle)?;
        let mut held = store::badges_of(conn, &user.id)?;
        // Earned together: in the table's order.
        held.sort_by_key(|(key, at)| (*at, rules::BADGES.iter().position(|b| b.key == key)));
        Ok(held
            .into_iter()
            .filter_map(|(key, awarded_at)| {
                let b = rules::badge(&key)?;
                Some(BadgeView {
                    key,
                    name: b.name.into(),
                    description: b.description.into(),
                    awarded_at: clock::to_utc(awarded_at),
                })
            })
            .collect())
    })
    .await
}

#[derive(Serialize, Debug, Clone, utoipa::ToSchema)]
pub struct BadgeInfo {
    pub key: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    /// Members holding it.
    pub holders: i64,
}

/// Every badge there is, and how many members hold it.
pub async fn badges(db: &Db) -> AppResult<Vec<BadgeInfo>> {
    db.run(move |conn| {
        settle(conn)?;
        let counts = store::badge_counts(conn)?;
        Ok(rules::BADGES
            .iter()
            .map(|b| BadgeInfo {
                key: b.key,
                name: b.name,
                description: b.description,
                holders: counts.iter().find(|(k, _)| k == b.key).map(|(_, n)| *n).unwrap_or(0),
            })
            .collect())
    })
    .await
}

#[derive(Deserialize, Debug, Default, utoipa::IntoParams)]
pub struct BoardQuery {
    /// `all` (default) or `30d`.
    pub period: Option<String>,
    /// A challenge's id or slug: its own board (all of its run).
    pub challenge: Option<String>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

#[derive(Serialize, Debug, Clone, utoipa::ToSchema)]
pub struct BoardEntry {
    /// 1 is the top; no two members share a place.
    pub place: i64,
    pub handle: String,
    pub display_name: String,
    /// Points on this board (all time, the last 30 days, or in the challenge).
    pub points: i64,
    /// The member's level (from their all-time balance).
    pub level: u32,
}

#[derive(Serialize, Debug, Clone, utoipa::ToSchema)]
pub struct BoardChallenge {
    pub id: String,
    pub slug: String,
    pub title: String,
}

#[derive(Serialize, Debug, Clone, utoipa::ToSchema)]
pub struct MyPlace {
    pub place: i64,
    pub points: i64,
}

#[derive(Serialize, Debug, utoipa::ToSchema)]
pub struct Board {
    pub period: String,
    pub challenge: Option<BoardChallenge>,
    pub items: Vec<BoardEntry>,
    pub next_cursor: Option<String>,
    /// The signed-in member's own place (absent when not on the board).
    pub me: Option<MyPlace>,
}

/// A leaderboard: all time, the last 30 days, or one challenge. Suspended
/// members are left out; ties go to whoever reached the points first.
pub async fn leaderboard(db: &Db, viewer: Option<&Actor>, query: BoardQuery) -> AppResult<Board> {
    let limit = parse_limit(query.limit.as_deref())?;
    let after: Option<store::BoardAfter> = decode_cursor(query.cursor.as_deref())?;
    let period = match query.period.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None | Some("all") => "all",
        Some("30d") => "30d",
        Some(_) => return Err(AppError::field("period", "invalid", "period is all or 30d.")),
    };
    let challenge_key = query.challenge.map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
    if period == "30d" && challenge_key.is_some() {
        return Err(AppError::field(
            "period",
            "invalid",
            "A challenge's board counts its whole run; leave period out or use all.",
        ));
    }
    let viewer_id = viewer.map(|v| v.id.clone());
    db.run(move |conn| {
        settle(conn)?;
        let challenge = match &challenge_key {
            None => None,
            Some(key) => Some(
                crate::challenges::store::by_id_or_slug(conn, key)?
                    .ok_or_else(|| AppError::field("challenge", "unknown", "There is no such challenge."))?,
            ),
        };
        if period == "30d" {
            advance_window(conn, clock::now())?;
        }
        let scope = match (&challenge, period) {
            (Some(c), _) => Some(store::challenge_scope(&c.id)),
            (None, "30d") => Some(store::WINDOW_30D.to_string()),
            _ => None,
        };
        let mut rows = match &scope {
            Some(s) => store::board_scope(conn, s, after.as_ref(), limit + 1)?,
            None => store::board_all(conn, after.as_ref(), limit + 1)?,
        };
        let more = rows.len() as i64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(0));
        let first_place = after.as_ref().map_or(1, |a| a.place + 1);
        let next_cursor = if more {
            rows.last().map(|(id, _, _, points, _, at)| {
                let place = first_place + rows.len() as i64 - 1;
                crate::pagination::encode_cursor(&store::BoardAfter { points: *points, at: *at, id: id.clone(), place })
            })
        } else {
            None
        };
        let items = rows
            .into_iter()
            .enumerate()
            .map(|(i, (_, handle, display_name, points, balance, _))| BoardEntry {
                place: first_place + i as i64,
                handle,
                display_name,
                points,
                level: rules::level_for(balance).level,
            })
            .collect::<Vec<_>>();
        let me = match &viewer_id {
            None => None,
            Some(id) => match &scope {
                Some(s) => store::place_scope(conn, s, id)?,
                None => store::place_all(conn, id)?,
            }
            .map(|(place, points)| MyPlace { place, points }),
        };
        Ok(Board {
            period: period.to_string(),
            challenge: challenge.map(|c| BoardChallenge { id: c.id.to_string(), slug: c.slug, title: c.title }),
            items,
            next_cursor,
            me,
        })
    })
    .await
}

/// A member's level, for showing next to their handle.
pub fn level_of(balance: i64) -> u32 {
    rules::level_for(balance).level
}

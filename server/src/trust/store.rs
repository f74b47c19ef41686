//! Trust rows and queries: client marks, the community's compact picture for
//! the detector, cases with their accounts and supports, holds.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::rules::{self, ClientMark, Community};
use crate::db::schema::{
    challenges, client_marks, comments, ideas, supports, trust_case_members, trust_case_supports, trust_cases,
    trust_holds, users,
};
use crate::db::DbConn;
use crate::per_backend;

#[derive(Insertable)]
#[diesel(table_name = client_marks)]
struct NewMark<'a> {
    id: String,
    user_id: &'a str,
    kind: &'a str,
    subject_id: Option<&'a str>,
    net_hash: &'a str,
    addr_hash: &'a str,
    device_hash: Option<&'a str>,
    created_at: NaiveDateTime,
}

/// Records a registration's (`register`) or a support's (`support`, subject: the idea) mark.
pub fn record_mark(
    conn: &mut DbConn,
    user_id: &str,
    kind: &str,
    subject: Option<&str>,
    mark: &ClientMark,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    let row = NewMark {
        id: uuid::Uuid::now_v7().to_string(),
        user_id,
        kind,
        subject_id: subject,
        net_hash: &mark.net_hash,
        addr_hash: &mark.addr_hash,
        device_hash: mark.device_hash.as_deref(),
        created_at: at,
    };
    diesel::insert_into(client_marks::table).values(&row).execute(conn)
}

/// Records a mark in the caller's transaction when the request had one (written by registration and
/// support, like the consents of a registration through `privacy::store`).
pub fn record_mark_opt(
    conn: &mut DbConn,
    user_id: &str,
    kind: &str,
    subject: Option<&str>,
    mark: Option<&ClientMark>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    match mark {
        Some(m) => record_mark(conn, user_id, kind, subject, m, at),
        None => Ok(0),
    }
}

/// Deletes a member's marks (account erasure).
pub fn delete_marks_of(conn: &mut DbConn, user_id: &str) -> QueryResult<usize> {
    diesel::delete(client_marks::table.filter(client_marks::user_id.eq(user_id))).execute(conn)
}

/// Deletes the marks older than `before` (privacy: 90 days).
pub fn delete_marks_before(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(client_marks::table.filter(client_marks::created_at.lt(before))).execute(conn)
}

/// The community as the detector reads it, with the ids behind its indexes.
pub struct Loaded {
    pub community: Community,
    pub user_ids: Vec<String>,
    pub idea_ids: Vec<String>,
}

fn secs(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp()
}

fn intern(map: &mut HashMap<String, u32>, key: String) -> u32 {
    let next = u32::try_from(map.len()).unwrap_or(u32::MAX);
    *map.entry(key).or_insert(next)
}

/// Loads accounts, ideas (with their tiers), supports (not merge copies) and marks.
pub fn load_community(conn: &mut DbConn) -> QueryResult<Loaded> {
    let mut c = Community::default();
    let accounts: Vec<(String, NaiveDateTime)> =
        users::table.filter(users::erased_at.is_null()).select((users::id, users::created_at)).load(conn)?;
    let mut user_index: HashMap<String, u32> = HashMap::with_capacity(accounts.len());
    let mut user_ids = Vec::with_capacity(accounts.len());
    for (id, created) in accounts {
        user_index.insert(id.clone(), u32::try_from(user_ids.len()).unwrap_or(u32::MAX));
        user_ids.push(id);
        c.accounts.push(rules::Account { created_at: secs(created), other_activity: 0 });
    }
    let tiers: HashMap<String, Vec<i32>> = challenges::table
        .select(crate::challenges::store::ChallengeRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|ch| (ch.id.to_string(), ch.tiers().iter().map(|t| t.supports).collect()))
        .collect();
    let default: Vec<i32> = crate::tracker::rules::default_tiers().iter().map(|t| t.supports).collect();
    let idea_rows: Vec<(String, String, Option<String>)> =
        ideas::table.select((ideas::id, ideas::author_id, ideas::challenge_id)).load(conn)?;
    let mut idea_index: HashMap<String, u32> = HashMap::with_capacity(idea_rows.len());
    let mut idea_ids = Vec::with_capacity(idea_rows.len());
    for (id, author, challenge) in idea_rows {
        let Some(&author) = user_index.get(&author) else { continue };
        if let Some(a) = c.accounts.get_mut(author as usize) {
            a.other_activity += 1;
        }
        let thresholds = challenge.and_then(|ch| tiers.get(&ch).cloned()).unwrap_or_else(|| default.clone());
        idea_index.insert(id.clone(), u32::try_from(idea_ids.len()).unwrap_or(u32::MAX));
        idea_ids.push(id);
        c.ideas.push(rules::Idea { author, thresholds });
    }
    let commenters: Vec<(String, i64)> = comments::table
        .group_by(comments::author_id)
        .select((comments::author_id, diesel::dsl::count_star()))
        .load(conn)?;
    for (author, n) in commenters {
        if let Some(&a) = user_index.get(&author) {
            c.accounts[a as usize].other_activity += u32::try_from(n).unwrap_or(u32::MAX);
        }
    }
    let rows: Vec<(String, String, NaiveDateTime)> = supports::table
        .filter(supports::merged_from.is_null())
        .select((supports::user_id, supports::idea_id, supports::created_at))
        .load(conn)?;
    c.supports.reserve(rows.len());
    for (user, idea, at) in rows {
        if let (Some(&user), Some(&idea)) = (user_index.get(&user), idea_index.get(&idea)) {
            c.supports.push(rules::Support { user, idea, at: secs(at) });
        }
    }
    let marks: Vec<(String, String, String, String, Option<String>, NaiveDateTime)> = client_marks::table
        .select((
            client_marks::user_id,
            client_marks::kind,
            client_marks::net_hash,
            client_marks::addr_hash,
            client_marks::device_hash,
            client_marks::created_at,
        ))
        .load(conn)?;
    let mut hashes: HashMap<String, u32> = HashMap::new();
    for (user, kind, net, addr, device, at) in marks {
        let Some(&user) = user_index.get(&user) else { continue };
        let net = intern(&mut hashes, format!("n{net}"));
        let addr = intern(&mut hashes, format!("a{addr}"));
        let device = device.map(|d| intern(&mut hashes, format!("d{d}")));
        c.marks.push(rules::Mark { user, register: kind == "register", net, addr, device, at: secs(at) });
    }
    Ok(Loaded { community: c, user_ids, idea_ids })
}

#[derive(Insertable)]
#[diesel(table_name = trust_cases)]
pub struct NewCase<'a> {
    pub id: &'a str,
    pub fingerprint: &'a str,
    pub status: &'a str,
    pub score: f64,
    pub signals: &'a str,
    pub created_at: NaiveDateTime,
}

/// Inserts a case unless one with the same fingerprint exists; 1 when inserted.
pub fn insert_case(conn: &mut DbConn, case: &NewCase<'_>) -> QueryResult<usize> {
    per_backend!(conn, c => diesel::insert_into(trust_cases::table).values(case).on_conflict_do_nothing().execute(c))
}

pub fn insert_members(conn: &mut DbConn, case_id: &str, users: &[String]) -> QueryResult<usize> {
    let rows: Vec<_> =
        users.iter().map(|u| (trust_case_members::case_id.eq(case_id), trust_case_members::user_id.eq(u))).collect();
    let mut n = 0;
    for chunk in rows.chunks(500) {
        n += per_backend!(conn, c => diesel::insert_into(trust_case_members::table).values(chunk).execute(c))?;
    }
    Ok(n)
}

/// The flagged supports: (idea, supporter, when).
pub fn insert_supports(
    conn: &mut DbConn,
    case_id: &str,
    rows: &[(String, String, NaiveDateTime)],
) -> QueryResult<usize> {
    let rows: Vec<_> = rows
        .iter()
        .map(|(idea, user, at)| {
            (
                trust_case_supports::case_id.eq(case_id),
                trust_case_supports::idea_id.eq(idea),
                trust_case_supports::user_id.eq(user),
                trust_case_supports::created_at.eq(*at),
            )
        })
        .collect();
    let mut n = 0;
    for chunk in rows.chunks(200) {
        n += per_backend!(conn, c => diesel::insert_into(trust_case_supports::table).values(chunk).execute(c))?;
    }
    Ok(n)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = trust_cases)]
pub struct CaseRow {
    pub id: String,
    pub fingerprint: String,
    pub status: String,
    pub score: f64,
    pub signals: String,
    pub created_at: NaiveDateTime,
    pub decided_at: Option<NaiveDateTime>,
    pub decided_by: Option<String>,
}

pub fn cases(conn: &mut DbConn, status: Option<&str>) -> QueryResult<Vec<CaseRow>> {
    let mut q = trust_cases::table.select(CaseRow::as_select()).order(trust_cases::created_at.desc()).into_boxed();
    if let Some(s) = status {
        q = q.filter(trust_cases::status.eq(s.to_string()));
    }
    q.limit(500).load(conn)
}

pub fn case(conn: &mut DbConn, id: &str) -> QueryResult<Option<CaseRow>> {
    trust_cases::table.find(id).select(CaseRow::as_select()).first(conn).optional()
}

/// Moves a case from one status to another (a conditional UPDATE: of two moderators, one wins).
pub fn set_status(
    conn: &mut DbConn,
    id: &str,
    from: &str,
    to: &str,
    by: Option<&str>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(trust_cases::table.find(id).filter(trust_cases::status.eq(from)))
        .set((trust_cases::status.eq(to), trust_cases::decided_at.eq(Some(at)), trust_cases::decided_by.eq(by)))
        .execute(conn)
}

/// The case's accounts: (id, handle, created, suspended).
pub fn members(conn: &mut DbConn, case_id: &str) -> QueryResult<Vec<(String, String, NaiveDateTime, bool)>> {
    let rows: Vec<(String, String, NaiveDateTime, Option<NaiveDateTime>)> = trust_case_members::table
        .inner_join(users::table.on(users::id.eq(trust_case_members::user_id)))
        .filter(trust_case_members::case_id.eq(case_id))
        .select((users::id, users::handle, users::created_at, users::suspended_at))
        .order(users::handle.asc())
        .load(conn)?;
    Ok(rows.into_iter().map(|(id, h, c, s)| (id, h, c, s.is_some())).collect())
}

/// The case's flagged supports: (idea, supporter, when).
pub fn case_supports(conn: &mut DbConn, case_id: &str) -> QueryResult<Vec<(String, String, NaiveDateTime)>> {
    trust_case_supports::table
        .filter(trust_case_supports::case_id.eq(case_id))
        .select((trust_case_supports::idea_id, trust_case_supports::user_id, trust_case_supports::created_at))
        .order((trust_case_supports::idea_id.asc(), trust_case_supports::user_id.asc()))
        .load(conn)
}

/// An idea as a case shows it: (id, title, author, supports_count, status).
pub type IdeaBrief = (String, String, String, i32, String);

/// Ideas by id.
pub fn ideas_by_ids(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<IdeaBrief>> {
    ideas::table
        .filter(ideas::id.eq_any(ids))
        .select((ideas::id, ideas::title, ideas::author_id, ideas::supports_count, ideas::status))
        .load(conn)
}

/// Whether the support still exists with the time the case recorded (not withdrawn and given again).
pub fn support_at(conn: &mut DbConn, idea_id: &str, user_id: &str) -> QueryResult<Option<NaiveDateTime>> {
    supports::table
        .filter(supports::idea_id.eq(idea_id))
        .filter(supports::user_id.eq(user_id))
        .select(supports::created_at)
        .first(conn)
        .optional()
}

/// The idea's supports that an open case flagged and that still stand.
pub fn flagged_supports_of(conn: &mut DbConn, idea_id: &str) -> QueryResult<i64> {
    trust_case_supports::table
        .inner_join(trust_cases::table.on(trust_cases::id.eq(trust_case_supports::case_id)))
        .inner_join(supports::table.on(
            supports::idea_id.eq(trust_case_supports::idea_id).and(supports::user_id.eq(trust_case_supports::user_id)),
        ))
        .filter(trust_case_supports::idea_id.eq(idea_id))
        .filter(trust_cases::status.eq("open"))
        .select(trust_case_supports::user_id)
        .distinct()
        .load::<String>(conn)
        .map(|users| i64::try_from(users.len()).unwrap_or(i64::MAX))
}

/// Holds an idea for a moderator (again, if it was released before); 1 when newly held.
pub fn hold(conn: &mut DbConn, idea_id: &str, flagged: i32, supports: i32, at: NaiveDateTime) -> QueryResult<usize> {
    let existing: Option<Option<NaiveDateTime>> =
        trust_holds::table.find(idea_id).select(trust_holds::released_at).first(conn).optional()?;
    match existing {
        Some(None) => Ok(0),
        Some(Some(_)) => diesel::update(trust_holds::table.find(idea_id))
            .set((
                trust_holds::flagged.eq(flagged),
                trust_holds::supports.eq(supports),
                trust_holds::created_at.eq(at),
                trust_holds::released_at.eq(None::<NaiveDateTime>),
                trust_holds::released_by.eq(None::<String>),
            ))
            .execute(conn),
        None => diesel::insert_into(trust_holds::table)
            .values((
                trust_holds::idea_id.eq(idea_id),
                trust_holds::flagged.eq(flagged),
                trust_holds::supports.eq(supports),
                trust_holds::created_at.eq(at),
            ))
            .execute(conn),
    }
}

/// Whether the idea is held now.
pub fn is_held(conn: &mut DbConn, idea_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        trust_holds::table.filter(trust_holds::idea_id.eq(idea_id)).filter(trust_holds::released_at.is_null()),
    ))
    .get_result(conn)
}

/// Whether a moderator released the idea (then it is not held again for the same supports).
pub fn was_released(conn: &mut DbConn, idea_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        trust_holds::table.filter(trust_holds::idea_id.eq(idea_id)).filter(trust_holds::released_at.is_not_null()),
    ))
    .get_result(conn)
}

pub fn release(conn: &mut DbConn, idea_id: &str, by: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(trust_holds::table.find(idea_id).filter(trust_holds::released_at.is_null()))
        .set((trust_holds::released_at.eq(Some(at)), trust_holds::released_by.eq(Some(by))))
        .execute(conn)
}

/// Ideas held now: (idea, flagged, supports, since).
pub fn holds(conn: &mut DbConn) -> QueryResult<Vec<(String, i32, i32, NaiveDateTime)>> {
    trust_holds::table
        .filter(trust_holds::released_at.is_null())
        .select((trust_holds::idea_id, trust_holds::flagged, trust_holds::supports, trust_holds::created_at))
        .order(trust_holds::created_at.asc())
        .load(conn)
}

/// Handles by account id.
pub fn handles(conn: &mut DbConn, ids: &[String]) -> QueryResult<HashMap<String, String>> {
    Ok(users::table.filter(users::id.eq_any(ids)).select((users::id, users::handle)).load(conn)?.into_iter().collect())
}

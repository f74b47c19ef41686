//! Badges awarded to members, once each.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::user_badges;
use crate::db::DbConn;
use crate::per_backend;

pub fn badges_of(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<(String, NaiveDateTime)>> {
    user_badges::table
        .filter(user_badges::user_id.eq(user_id))
        .order((user_badges::awarded_at.asc(), user_badges::badge.asc()))
        .select((user_badges::badge, user_badges::awarded_at))
        .load(conn)
}

/// Awards a badge once; 1 when this call awarded it.
pub fn insert_badge(conn: &mut DbConn, user_id: &str, badge: &str, at: NaiveDateTime) -> QueryResult<usize> {
    let row = (user_badges::user_id.eq(user_id), user_badges::badge.eq(badge), user_badges::awarded_at.eq(at));
    per_backend!(conn, c => diesel::insert_into(user_badges::table).values(row).on_conflict_do_nothing().execute(c))
}

/// How many members hold each badge.
pub fn badge_counts(conn: &mut DbConn) -> QueryResult<Vec<(String, i64)>> {
    user_badges::table.group_by(user_badges::badge).select((user_badges::badge, diesel::dsl::count_star())).load(conn)
}

//! Challenge news rows and queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::challenge_news;
use crate::db::DbConn;
use crate::ids::{ChallengeId, NewsId};

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = challenge_news)]
pub struct NewsRow {
    pub id: NewsId,
    pub challenge_id: ChallengeId,
    /// None once the author's account is erased.
    pub author_id: Option<String>,
    pub title: String,
    pub body: String,
    pub body_html: String,
    pub published_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A partial update; absent fields stay.
#[derive(AsChangeset, Debug, Default)]
#[diesel(table_name = challenge_news)]
pub struct NewsChanges {
    pub title: Option<String>,
    pub body: Option<String>,
    pub body_html: Option<String>,
    pub published_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConn, row: &NewsRow) -> QueryResult<usize> {
    diesel::insert_into(challenge_news::table).values(row).execute(conn)
}

pub fn by_id(conn: &mut DbConn, id: &NewsId) -> QueryResult<Option<NewsRow>> {
    challenge_news::table.find(id.as_str()).select(NewsRow::as_select()).first(conn).optional()
}

pub fn update(conn: &mut DbConn, id: &NewsId, changes: &NewsChanges) -> QueryResult<usize> {
    diesel::update(challenge_news::table.find(id.as_str())).set(changes).execute(conn)
}

pub fn delete(conn: &mut DbConn, id: &NewsId) -> QueryResult<usize> {
    diesel::delete(challenge_news::table.find(id.as_str())).execute(conn)
}

/// A challenge's news, newest first (by `published_at`, then id), keyset-paged after `after`;
/// with `published_by`, only the posts published by then.
pub fn list(
    conn: &mut DbConn,
    challenge_id: &str,
    published_by: Option<NaiveDateTime>,
    after: Option<&(NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<NewsRow>> {
    let mut q = challenge_news::table
        .filter(challenge_news::challenge_id.eq(challenge_id))
        .select(NewsRow::as_select())
        .into_boxed();
    if let Some(now) = published_by {
        q = q.filter(challenge_news::published_at.le(now));
    }
    if let Some((at, id)) = after {
        q = q.filter(
            challenge_news::published_at
                .lt(*at)
                .or(challenge_news::published_at.eq(*at).and(challenge_news::id.lt(id.clone()))),
        );
    }
    q.order((challenge_news::published_at.desc(), challenge_news::id.desc())).limit(limit).load(conn)
}

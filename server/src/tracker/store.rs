//! The public timeline (read), creator updates, the product an idea became
//! and expiry.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{idea_events, idea_updates, ideas};
use crate::db::DbConn;
use crate::ideas::rules::IdeaStatus;
use crate::ideas::store::EventRow;
use crate::ids::{IdeaId, UpdateId, UserId};

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = idea_updates)]
pub struct UpdateRow {
    pub id: UpdateId,
    pub idea_id: IdeaId,
    pub author_id: UserId,
    pub title: String,
    pub body: String,
    pub body_html: String,
    pub created_at: NaiveDateTime,
}

pub fn events(conn: &mut DbConn, idea_id: &str) -> QueryResult<Vec<EventRow>> {
    idea_events::table
        .filter(idea_events::idea_id.eq(idea_id))
        .select(EventRow::as_select())
        .order(idea_events::id.asc())
        .load(conn)
}

pub fn insert_update(conn: &mut DbConn, row: &UpdateRow) -> QueryResult<usize> {
    diesel::insert_into(idea_updates::table).values(row).execute(conn)
}

pub fn updates(conn: &mut DbConn, idea_id: &str) -> QueryResult<Vec<UpdateRow>> {
    idea_updates::table
        .filter(idea_updates::idea_id.eq(idea_id))
        .select(UpdateRow::as_select())
        .order(idea_updates::id.desc())
        .load(conn)
}

pub fn set_product_ref(conn: &mut DbConn, id: &str, product: Option<&str>) -> QueryResult<usize> {
    diesel::update(ideas::table.find(id)).set(ideas::product_ref.eq(product)).execute(conn)
}

/// Ideas whose tier deadline passed while they gathered support.
pub fn due_for_expiry(conn: &mut DbConn, as_of: NaiveDateTime, limit: i64) -> QueryResult<Vec<String>> {
    ideas::table
        .filter(ideas::status.eq(IdeaStatus::GatheringSupport))
        .filter(ideas::tier_deadline.lt(as_of))
        .select(ideas::id)
        .order(ideas::tier_deadline.asc())
        .limit(limit)
        .load(conn)
}

/// Expires one idea if its deadline passed; 1 if this call did it.
pub fn expire(conn: &mut DbConn, id: &str, as_of: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        ideas::table
            .find(id)
            .filter(ideas::status.eq(IdeaStatus::GatheringSupport))
            .filter(ideas::tier_deadline.lt(as_of)),
    )
    .set((ideas::status.eq("expired"), ideas::status_changed_at.eq(as_of), ideas::updated_at.eq(as_of)))
    .execute(conn)
}

//! Image and variant rows.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{image_variants, images};
use crate::db::DbConn;
use crate::ids::ImageId;

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = images)]
pub struct ImageRow {
    pub id: ImageId,
    pub owner_id: String,
    pub alt: String,
    pub width: i32,
    pub height: i32,
    pub subject_kind: Option<String>,
    pub subject_id: Option<String>,
    pub position: i32,
    pub open_reports: i32,
    pub hidden_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = image_variants)]
pub struct VariantRow {
    pub image_id: String,
    pub variant: String,
    pub file_key: String,
    pub width: i32,
    pub height: i32,
    pub content_type: String,
    pub bytes: i32,
}

pub fn insert(conn: &mut DbConn, image: &ImageRow, variants: &[VariantRow]) -> QueryResult<()> {
    crate::per_backend!(conn, c => {
        diesel::insert_into(images::table).values(image).execute(c)?;
        diesel::insert_into(image_variants::table).values(variants).execute(c)?;
    });
    Ok(())
}

pub fn by_id(conn: &mut DbConn, id: &str) -> QueryResult<Option<ImageRow>> {
    images::table.find(id).select(ImageRow::as_select()).first(conn).optional()
}

pub fn by_ids(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<ImageRow>> {
    images::table.filter(images::id.eq_any(ids)).select(ImageRow::as_select()).load(conn)
}

/// The images attached to these subjects of one kind, in order.
pub fn of_subjects(conn: &mut DbConn, kind: &str, subject_ids: &[String]) -> QueryResult<Vec<ImageRow>> {
    images::table
        .filter(images::subject_kind.eq(kind))
        .filter(images::subject_id.eq_any(subject_ids))
        .order((images::subject_id, images::position))
        .select(ImageRow::as_select())
        .load(conn)
}

/// The visible covers (first pictures) of the subjects with their variants, in one query: one row per
/// variant (a cover without variants comes once, with none).
pub fn visible_covers_with_variants(
    conn: &mut DbConn,
    kind: &str,
    subject_ids: &[String],
) -> QueryResult<Vec<(ImageRow, Option<VariantRow>)>> {
    images::table
        .left_join(image_variants::table)
        .filter(images::subject_kind.eq(kind))
        .filter(images::subject_id.eq_any(subject_ids))
        .filter(images::position.eq(0))
        .filter(images::hidden_at.is_null())
        .select((ImageRow::as_select(), Option::<VariantRow>::as_select()))
        .load(conn)
}

/// A member as an author shows: (id, handle, display name, points), and their visible avatar's variants as
/// (image id, variant, file key), one row per variant, in one query (every card and comment needs both).
pub type AuthorAvatarRow = (String, String, String, i64, Option<String>, Option<String>, Option<String>);

pub fn authors_with_avatars(conn: &mut DbConn, user_ids: &[String]) -> QueryResult<Vec<AuthorAvatarRow>> {
    use crate::db::schema::users;
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    users::table
        .left_join(
            images::table.on(images::subject_kind
                .eq(super::rules::Subject::Avatar.as_str())
                .and(images::subject_id.eq(users::id.nullable()))
                .and(images::position.eq(0))
                .and(images::hidden_at.is_null())),
        )
        .left_join(image_variants::table.on(image_variants::image_id.eq(images::id)))
        .filter(users::id.eq_any(user_ids))
        .select((
            users::id,
            users::handle,
            users::display_name,
            users::points,
            images::id.nullable(),
            image_variants::variant.nullable(),
            image_variants::file_key.nullable(),
        ))
        .load(conn)
}

pub fn variants_of(conn: &mut DbConn, image_ids: &[String]) -> QueryResult<Vec<VariantRow>> {
    image_variants::table.filter(image_variants::image_id.eq_any(image_ids)).select(VariantRow::as_select()).load(conn)
}

/// Detaches every image of a subject (they become orphans, deleted by the jobs after a day).
pub fn detach_all(conn: &mut DbConn, kind: &str, subject_id: &str) -> QueryResult<usize> {
    diesel::update(images::table.filter(images::subject_kind.eq(kind)).filter(images::subject_id.eq(subject_id)))
        .set((images::subject_kind.eq(None::<String>), images::subject_id.eq(None::<String>), images::position.eq(0)))
        .execute(conn)
}

pub fn attach(conn: &mut DbConn, id: &str, kind: &str, subject_id: &str, position: i32) -> QueryResult<usize> {
    diesel::update(images::table.find(id))
        .set((images::subject_kind.eq(kind), images::subject_id.eq(subject_id), images::position.eq(position)))
        .execute(conn)
}

pub fn set_alt(conn: &mut DbConn, id: &str, alt: &str) -> QueryResult<usize> {
    diesel::update(images::table.find(id)).set(images::alt.eq(alt)).execute(conn)
}

/// The image a served file belongs to, for the visibility check (any visible one wins: two uploads of one
/// picture share files).
pub fn images_with_file(conn: &mut DbConn, key: &str) -> QueryResult<Vec<ImageRow>> {
    images::table
        .inner_join(image_variants::table)
        .filter(image_variants::file_key.eq(key))
        .select(ImageRow::as_select())
        .load(conn)
}

/// The content type of a stored file.
pub fn file_content_type(conn: &mut DbConn, key: &str) -> QueryResult<Option<String>> {
    image_variants::table
        .filter(image_variants::file_key.eq(key))
        .select(image_variants::content_type)
        .first(conn)
        .optional()
}

/// Deletes image rows (their variants go with them) and returns the file keys no remaining row names.
pub fn delete(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<String>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let keys: Vec<String> = image_variants::table
        .filter(image_variants::image_id.eq_any(ids))
        .select(image_variants::file_key)
        .load(conn)?;
    diesel::delete(image_variants::table.filter(image_variants::image_id.eq_any(ids))).execute(conn)?;
    diesel::delete(images::table.filter(images::id.eq_any(ids))).execute(conn)?;
    let still: Vec<String> = image_variants::table
        .filter(image_variants::file_key.eq_any(&keys))
        .select(image_variants::file_key)
        .load(conn)?;
    let mut unused: Vec<String> = keys.into_iter().filter(|k| !still.contains(k)).collect();
    unused.sort();
    unused.dedup();
    Ok(unused)
}

pub fn owned_by(conn: &mut DbConn, owner: &str) -> QueryResult<Vec<String>> {
    images::table.filter(images::owner_id.eq(owner)).select(images::id).load(conn)
}

/// Images uploaded before `before` and never attached (or detached since).
pub fn orphans(conn: &mut DbConn, before: NaiveDateTime, limit: i64) -> QueryResult<Vec<String>> {
    images::table
        .filter(images::subject_id.is_null())
        .filter(images::created_at.lt(before))
        .select(images::id)
        .limit(limit)
        .load(conn)
}

/// Which of these keys some row names.
pub fn known_keys(conn: &mut DbConn, keys: &[String]) -> QueryResult<Vec<String>> {
    image_variants::table
        .filter(image_variants::file_key.eq_any(keys))
        .select(image_variants::file_key)
        .distinct()
        .load(conn)
}

/// Images with open reports (the moderation queue).
pub fn reported(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<ImageRow>> {
    images::table
        .filter(images::open_reports.gt(0))
        .order(images::id.asc())
        .limit(limit)
        .select(ImageRow::as_select())
        .load(conn)
}

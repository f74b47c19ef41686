//! Uploading pictures, attaching them to ideas, products, tips and avatars, the views pages and the API show,
//! serving files, and deleting what no longer has a purpose (orphans, an erased member's pictures).

use std::collections::HashMap;
use std::sync::OnceLock;

use bytes::Bytes;
use chrono::NaiveDateTime;
use serde::Serialize;
use tokio::sync::Semaphore;
use utoipa::ToSchema;
use uuid::Uuid;

use super::process::{self, Refusal};
use super::rules::{self, Subject, Variant};
use super::storage::Media;
use super::store::{self, ImageRow, VariantRow};
use crate::accounts::Actor;
use crate::clock;
use crate::db::{write_tx, Db, DbConn};
use crate::error::{AppError, AppResult, ErrorCode, Violations};
use crate::ids::ImageId;

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct VariantView {
    pub url: String,
    pub width: i32,
    pub height: i32,
}

#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct VariantViews {
    /// At most 320 px wide.
    pub thumb: VariantView,
    /// At most 960 px wide.
    pub medium: VariantView,
    /// At most 1920 px wide.
    pub large: VariantView,
}

/// An uploaded picture as the API and the pages show it.
#[derive(Debug, Serialize, Clone, ToSchema)]
pub struct ImageView {
    pub id: ImageId,
    /// The largest variant.
    pub url: String,
    /// Of the largest variant.
    pub width: i32,
    pub height: i32,
    pub alt: String,
    pub variants: VariantViews,
    /// The variants for an HTML `srcset` (`url 320w, …`).
    pub srcset: String,
    /// Hidden by moderation (then seen only by its owner and moderators).
    pub hidden: bool,
}

/// Pictures decoded at once: all cores but one, so uploads never take every core from the requests.
fn processing() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        Semaphore::new(cores.saturating_sub(1).max(1))
    })
}

/// Takes an upload: decodes and re-encodes it off the HTTP workers, stores its files, records it.
pub async fn upload(
    db: &Db,
    media: &Media,
    actor: &Actor,
    bytes: Vec<u8>,
    alt: Option<String>,
) -> AppResult<ImageView> {
    actor.ensure_active()?;
    let alt = alt.map(|a| a.trim().to_string()).unwrap_or_default();
    if alt.chars().count() > rules::ALT_MAX {
        let mut v = Violations::new();
        rules::check_alt(&mut v, "alt", &alt);
        v.finish()?;
    }
    if bytes.len() > rules::MAX_UPLOAD_BYTES {
        return Err(AppError::PayloadTooLarge);
    }
    let processed = {
        let _permit = processing().acquire().await.map_err(|_| AppError::internal("image processing closed"))?;
        tokio::task::spawn_blocking(move || process::process(&bytes))
            .await
            .map_err(|e| AppError::internal(format!("image processing: {e}")))?
    };
    let processed = processed.map_err(|refusal| match refusal {
        Refusal::NotAnImage => AppError::unprocessable(
            ErrorCode::NotAnImage,
            "This file is not a picture we take: upload a JPEG, PNG, WebP or GIF.",
        ),
        Refusal::TooLarge { width, height } => AppError::unprocessable(
            ErrorCode::ImageTooLarge,
            format!("This picture is too large ({width} × {height} pixels); at most 40 megapixels."),
        ),
    })?;
    for v in &processed.variants {
        media.put(&v.key, v.bytes.clone()).await.map_err(|e| storage_down(&e))?;
    }
    let now = clock::now();
    let id = Uuid::now_v7().to_string();
    let row = ImageRow {
        id: ImageId::parse(&id).ok_or_else(|| AppError::internal("uuid"))?,
        owner_id: actor.id.clone(),
        alt,
        width: to_i32(processed.width),
        height: to_i32(processed.height),
        subject_kind: None,
        subject_id: None,
        position: 0,
        open_reports: 0,
        hidden_at: None,
        created_at: now,
    };
    let variants: Vec<VariantRow> = processed
        .variants
        .iter()
        .map(|v| VariantRow {
            image_id: id.clone(),
            variant: v.variant.as_str().into(),
            file_key: v.key.clone(),
            width: to_i32(v.width),
            height: to_i32(v.height),
            content_type: v.content_type.into(),
            bytes: i32::try_from(v.bytes.len()).unwrap_or(i32::MAX),
        })
        .collect();
    db.run(move |conn| {
        write_tx(conn, |conn| {
            store::insert(conn, &row, &variants)?;
            Ok(view_of(&row, &variants))
        })
    })
    .await
}

fn to_i32(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn storage_down(e: &object_store::Error) -> AppError {
    tracing::warn!(error = %e, "the media store refused a request");
    AppError::unavailable(ErrorCode::Unavailable, "Pictures cannot be stored just now; try again in a moment.")
}

fn view_of(row: &ImageRow, variants: &[VariantRow]) -> ImageView {
    let find = |v: Variant| -> VariantView {
        variants
            .iter()
            .find(|r| r.variant == v.as_str())
            .or_else(|| variants.first())
            .map(|r| VariantView { url: rules::media_url(&r.file_key), width: r.width, height: r.height })
            .unwrap_or(VariantView { url: String::new(), width: row.width, height: row.height })
    };
    let (thumb, medium, large) = (find(Variant::Thumb), find(Variant::Medium), find(Variant::Large));
    let mut srcset: Vec<String> = Vec::new();
    for v in [&thumb, &medium, &large] {
        let entry = format!("{} {}w", v.url, v.width);
        if !srcset.contains(&entry) {
            srcset.push(entry);
        }
    }
    ImageView {
        id: row.id.clone(),
        url: large.url.clone(),
        width: large.width,
        height: large.height,
        alt: row.alt.clone(),
        srcset: srcset.join(", "),
        variants: VariantViews { thumb, medium, large },
        hidden: row.hidden_at.is_some(),
    }
}

/// Whether the viewer sees a picture: everyone while it is not hidden; its owner and moderators always.
fn visible(row: &ImageRow, viewer: Option<&Actor>) -> bool {
    row.hidden_at.is_none() || viewer.is_some_and(|v| v.id == row.owner_id || v.role.can_moderate())
}

fn views(conn: &mut DbConn, rows: Vec<ImageRow>) -> AppResult<Vec<ImageView>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
    let mut variants: HashMap<String, Vec<VariantRow>> = HashMap::new();
    for v in store::variants_of(conn, &ids)? {
        variants.entry(v.image_id.clone()).or_default().push(v);
    }
    Ok(rows.iter().map(|r| view_of(r, variants.get(r.id.as_str()).map(Vec::as_slice).unwrap_or(&[]))).collect())
}

/// The pictures of each subject the viewer may see, in order.
pub fn for_subjects(
    conn: &mut DbConn,
    subject: Subject,
    ids: &[String],
    viewer: Option<&Actor>,
) -> AppResult<HashMap<String, Vec<ImageView>>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<ImageRow> =
        store::of_subjects(conn, subject.as_str(), ids)?.into_iter().filter(|r| visible(r, viewer)).collect();
    let subjects: Vec<String> = rows.iter().map(|r| r.subject_id.clone().unwrap_or_default()).collect();
    let mut out: HashMap<String, Vec<ImageView>> = HashMap::new();
    for (subject_id, view) in subjects.into_iter().zip(views(conn, rows)?) {
        out.entry(subject_id).or_default().push(view);
    }
    Ok(out)
}

/// The cover (first picture) of each subject, for cards and search hits: only pictures everyone may see.
pub fn covers(conn: &mut DbConn, subject: Subject, ids: &[String]) -> AppResult<HashMap<String, ImageView>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    // One query for the covers and their variants (a listing's cards ask for both every time).
    let mut found: Vec<(ImageRow, Vec<VariantRow>)> = Vec::new();
    for (image, variant) in store::visible_covers_with_variants(conn, subject.as_str(), ids)? {
        let at = match found.iter().position(|(i, _)| i.id == image.id) {
            Some(at) => at,
            None => {
                found.push((image, Vec::new()));
                found.len() - 1
            }
        };
        found[at].1.extend(variant);
    }
    Ok(found
        .into_iter()
        .map(|(image, variants)| (image.subject_id.clone().unwrap_or_default(), view_of(&image, &variants)))
        .collect())
}

/// Members' avatars by member id (only those not hidden).
pub fn avatars(conn: &mut DbConn, user_ids: &[String]) -> AppResult<HashMap<String, ImageView>> {
    covers(conn, Subject::Avatar, user_ids)
}

/// The thumbnails of pictures by id (the moderation queue shows them, hidden or not).
pub fn thumb_urls(conn: &mut DbConn, ids: &[String]) -> AppResult<HashMap<String, String>> {
    Ok(store::variants_of(conn, ids)?
        .into_iter()
        .filter(|v| v.variant == Variant::Thumb.as_str())
        .map(|v| (v.image_id, rules::media_url(&v.file_key)))
        .collect())
}

/// The page a picture is shown on.
pub fn subject_url(conn: &mut DbConn, image_id: &str) -> AppResult<Option<String>> {
    let Some(row) = store::by_id(conn, image_id)? else { return Ok(None) };
    let (Some(kind), Some(subject)) = (row.subject_kind.as_deref().and_then(Subject::parse), row.subject_id) else {
        return Ok(None);
    };
    Ok(match kind {
        Subject::Idea => Some(format!("/ideas/{subject}")),
        Subject::Tip => Some(format!("/tips/{subject}")),
        Subject::Product => crate::products::store::by_id(conn, &subject)?.map(|p| format!("/products/{}", p.slug)),
        Subject::Avatar => crate::accounts::store::by_id(conn, &subject)?.map(|u| format!("/members/{}", u.handle)),
        Subject::Review => match crate::products::store::rating_by_id(conn, &subject)? {
            Some(r) => {
                crate::products::store::by_id(conn, &r.product_id)?.map(|p| format!("/products/{}#reviews", p.slug))
            }
            None => None,
        },
    })
}

/// Attaches pictures (by id, in order; the first is the cover) to a subject, in the caller's transaction,
/// replacing what it had. Each must show on it already or have been uploaded by `owner_id` (the author; for
/// products, the member of the product team who edits it), not be attached elsewhere, not be hidden,
/// and carry alt text where the subject needs it. Pictures no longer listed become orphans (deleted after a
/// day). The error names the field `field[i]`.
pub fn attach(
    conn: &mut DbConn,
    owner_id: &str,
    subject: Subject,
    subject_id: &str,
    field: &str,
    ids: &[String],
) -> AppResult<()> {
    let mut v = Violations::new();
    rules::check_list(&mut v, field, subject, ids);
    v.finish()?;
    let canonical: Vec<Option<String>> = ids.iter().map(|i| ImageId::parse(i).map(|i| i.to_string())).collect();
    let known: Vec<String> = canonical.iter().flatten().cloned().collect();
    let rows: HashMap<String, ImageRow> =
        store::by_ids(conn, &known)?.into_iter().map(|r| (r.id.to_string(), r)).collect();
    // Pictures it already shows stay, whoever uploaded them (a colleague's on a product).
    let attached_here = |r: &ImageRow| {
        r.subject_kind.as_deref() == Some(subject.as_str()) && r.subject_id.as_deref() == Some(subject_id)
    };
    let mut v = Violations::new();
    for (i, id) in canonical.iter().enumerate() {
        let name = format!("{field}[{i}]");
        match id.as_ref().and_then(|id| rows.get(id)) {
            None => v.add(&name, "unknown", "There is no such picture."),
            Some(r) if r.owner_id != owner_id && !attached_here(r) => {
                v.add(&name, "not_yours", "Attach only pictures you uploaded.")
            }
            Some(r)
                if r.subject_id.is_some()
                    && (r.subject_kind.as_deref() != Some(subject.as_str())
                        || r.subject_id.as_deref() != Some(subject_id)) =>
            {
                v.add(&name, "in_use", "This picture is already shown elsewhere; upload it again.")
            }
            Some(r) if r.hidden_at.is_some() => v.add(&name, "hidden", "A moderator hid this picture."),
            Some(r) if subject.needs_alt() && r.alt.trim().is_empty() => {
                v.add(&name, "alt_missing", "Describe the picture for those who cannot see it (alt text).")
            }
            Some(_) => {}
        }
    }
    v.finish()?;
    store::detach_all(conn, subject.as_str(), subject_id)?;
    for (i, id) in known.iter().enumerate() {
        store::attach(conn, id, subject.as_str(), subject_id, i32::try_from(i).unwrap_or(0))?;
    }
    Ok(())
}

/// Changes a picture's alt text (its owner), in the caller's transaction.
pub fn set_alt(conn: &mut DbConn, actor: &Actor, id: &str, field: &str, alt: &str) -> AppResult<()> {
    let mut v = Violations::new();
    rules::check_alt(&mut v, field, alt);
    v.finish()?;
    match store::by_id(conn, id)? {
        Some(r) if r.owner_id == actor.id => {
            store::set_alt(conn, &r.id, alt.trim())?;
            Ok(())
        }
        _ => Err(AppError::field(field, "unknown", "There is no such picture of yours.")),
    }
}

/// Pictures a form shows again, in the order given: the member's own, and others' that everyone may see (a
/// colleague's on a product).
pub fn chosen(conn: &mut DbConn, actor: &Actor, ids: &[String]) -> AppResult<Vec<ImageView>> {
    let ids: Vec<String> = ids.iter().filter_map(|i| ImageId::parse(i).map(|i| i.to_string())).collect();
    let rows: Vec<ImageRow> = store::by_ids(conn, &ids)?
        .into_iter()
        .filter(|r| r.owner_id == actor.id || (r.hidden_at.is_none() && r.subject_id.is_some()))
        .collect();
    let mut views = views(conn, rows)?;
    views.sort_by_key(|v| ids.iter().position(|i| i == v.id.as_str()).unwrap_or(usize::MAX));
    Ok(views)
}

/// A file to serve.
pub struct Opened {
    pub bytes: Bytes,
    pub content_type: String,
    /// Everyone may see it (else only its owner and moderators: a hidden picture).
    pub public: bool,
}

/// A served file, when some image that uses it is visible to the viewer.
pub async fn open(db: &Db, media: &Media, viewer: Option<&Actor>, key: String) -> AppResult<Opened> {
    if !rules::is_file_key(&key) {
        return Err(AppError::not_found("Picture"));
    }
    let viewer = viewer.cloned();
    let lookup = key.clone();
    let content_type = db
        .run(move |conn| {
            let rows = store::images_with_file(conn, &lookup)?;
            if !rows.iter().any(|r| visible(r, viewer.as_ref())) {
                return Ok(None);
            }
            let public = rows.iter().any(|r| r.hidden_at.is_none());
            Ok(store::file_content_type(conn, &lookup)?.map(|t| (t, public)))
        })
        .await?
        .ok_or_else(|| AppError::not_found("Picture"))?;
    let (content_type, public) = content_type;
    let bytes = media.get(&key).await.map_err(|e| storage_down(&e))?.ok_or_else(|| AppError::not_found("Picture"))?;
    Ok(Opened { bytes, content_type, public })
}

/// Deletes an erased member's pictures, in the caller's transaction; returns the files to delete after it
/// commits (`delete_files`).
pub fn erase_owner(conn: &mut DbConn, user_id: &str) -> AppResult<Vec<String>> {
    let ids = store::owned_by(conn, user_id)?;
    Ok(store::delete(conn, &ids)?)
}

/// Deletes files no image names any more (checked again right before each, as another upload of the same
/// picture may have come in). A failure is logged: the file is only unreachable, never shown.
pub async fn delete_files(db: &Db, media: &Media, keys: Vec<String>) -> usize {
    if keys.is_empty() {
        return 0;
    }
    let check = keys.clone();
    let known = match db.run(move |conn| Ok(store::known_keys(conn, &check)?)).await {
        Ok(k) => k,
        Err(e) => {
            tracing::warn!(error = %e, "could not check which picture files are still used");
            return 0;
        }
    };
    let mut deleted = 0;
    for key in keys.into_iter().filter(|k| !known.contains(k)) {
        match media.delete(&key).await {
            Ok(()) => deleted += 1,
            Err(e) => tracing::warn!(error = %e, key = %key, "could not delete a picture file"),
        }
    }
    deleted
}

/// Deletes pictures uploaded more than a day before `as_of` and never attached (or detached since), and
/// their files. Safe on several instances: deleting a deleted row is nothing.
pub async fn sweep_orphans(db: &Db, media: &Media, as_of: NaiveDateTime) -> AppResult<usize> {
    let before = as_of - chrono::Duration::hours(rules::ORPHAN_HOURS);
    let (count, keys) = db
        .run(move |conn| {
            write_tx(conn, |conn| {
                let ids = store::orphans(conn, before, 500)?;
                let keys = store::delete(conn, &ids)?;
                Ok::<_, AppError>((ids.len(), keys))
            })
        })
        .await?;
    delete_files(db, media, keys).await;
    Ok(count)
}

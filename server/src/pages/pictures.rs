//! The pictures part of a form (ideas, tips, products, the avatar), without JavaScript: pictures already
//! chosen come back as `image_id` with their alt text (`image_alt_<id>`), position (`image_order_<id>`) and a
//! remove box (`image_remove_<id>`); new ones come as files in `image_file` with their alt text in
//! `image_new_alt` (one per file, in order — the script adds one per chosen file; without it, the one field
//! describes every new file). New files are uploaded first, so a form shown again with errors keeps them.

use serde_json::{json, Value};

use super::forms::{self, FormKind};
use super::i18n::Lang;
use super::session::{FormData, PageCtx};
use crate::accounts::Actor;
use crate::error::{AppError, AppResult, FieldError};
use crate::images::rules::Subject;
use crate::images::service;

/// The pictures a form post asks for, in order, and what went wrong on the way.
pub struct Chosen {
    pub ids: Vec<String>,
    /// Upload refusals (not a picture, too large), as field errors on `images`.
    pub errors: Vec<FieldError>,
}

/// Reads the pictures of a form post: applies alt text changes to the member's own pictures, uploads new
/// files. Nothing is attached here: the domain's create or update does that with the returned ids.
pub async fn collect(ctx: &PageCtx, actor: &Actor, form: &FormData) -> AppResult<Chosen> {
    let mut kept: Vec<(i64, usize, String)> = Vec::new();
    let mut alt_changes: Vec<(String, String)> = Vec::new();
    for (i, id) in form.all("image_id").into_iter().enumerate() {
        let id = id.trim().to_string();
        if id.is_empty() || form.get(&format!("image_remove_{id}")).is_some() {
            continue;
        }
        let order =
            form.get(&format!("image_order_{id}")).and_then(|o| o.trim().parse::<i64>().ok()).unwrap_or(i64::MAX);
        if let Some(alt) = form.get(&format!("image_alt_{id}")) {
            alt_changes.push((id.clone(), alt.to_string()));
        }
        kept.push((order, i, id));
    }
    kept.sort();
    let mut ids: Vec<String> = kept.into_iter().map(|(_, _, id)| id).collect();
    let mut errors = Vec::new();
    if !alt_changes.is_empty() {
        let who = actor.clone();
        let changes = alt_changes;
        let refused = ctx
            .state
            .db
            .run(move |conn| {
                let mut refused = Vec::new();
                for (id, alt) in changes {
                    // Only the member's own pictures change; others' (a colleague's on a product) keep theirs.
                    if let Err(AppError::Validation(e)) = service::set_alt(conn, &who, &id, "images", &alt) {
                        refused.extend(e.into_iter().filter(|e| e.code != "unknown"));
                    }
                }
                Ok(refused)
            })
            .await?;
        errors.extend(refused);
    }
    let alts = form.all("image_new_alt");
    for (i, bytes) in form.files("image_file").into_iter().enumerate() {
        let alt = alts.get(i).or(alts.first()).map(|a| a.to_string()).filter(|a| !a.trim().is_empty());
        match service::upload(&ctx.state.db, &ctx.state.media, actor, bytes.to_vec(), alt).await {
            Ok(view) => ids.push(view.id.to_string()),
            Err(e @ (AppError::Unprocessable { .. } | AppError::PayloadTooLarge)) => {
                errors.push(FieldError::new("images", e.code().as_str(), e.public_detail()))
            }
            Err(AppError::Validation(e)) => errors.extend(e),
            Err(e) => return Err(e),
        }
    }
    Ok(Chosen { ids, errors })
}

/// The pictures a form shows again (the member's own and those already on the subject), in order.
pub async fn shown(ctx: &PageCtx, actor: &Actor, ids: &[String]) -> AppResult<Vec<service::ImageView>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let who = actor.clone();
    let ids = ids.to_vec();
    ctx.state.db.run(move |conn| service::chosen(conn, &who, &ids)).await
}

/// The template data of a form's pictures part: the pictures with their fields, the limit, errors.
pub fn part(lang: Lang, subject: Subject, pictures: &[service::ImageView], error: Option<String>) -> Value {
    let list: Vec<Value> = pictures
        .iter()
        .enumerate()
        .map(|(i, p)| json!({"id": p.id, "alt": p.alt, "thumb": p.variants.thumb, "order": i + 1, "hidden": p.hidden}))
        .collect();
    json!({
        "pictures": list,
        "limit": subject.limit(),
        "room": subject.limit().saturating_sub(pictures.len()),
        "needs_alt": subject.needs_alt(),
        "error": error,
        "lang": lang.code(),
    })
}

/// The message for the pictures' errors (the first one), in the page's language.
pub fn error_message(lang: Lang, kind: FormKind, errors: &[FieldError]) -> Option<String> {
    errors.iter().find(|e| e.field.starts_with("images")).map(|e| {
        match crate::error::ErrorCode::ALL.iter().find(|c| c.as_str() == e.code) {
            // An upload refused as a whole: the problem code's sentence.
            Some(code) => lang.t(&code.locale_key()),
            None => forms::message(lang, kind, e),
        }
    })
}

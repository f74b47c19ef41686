//! JSON door onto pictures: the upload. (Files are served at `/media/<key>`, outside the API.)

use actix_web::{post, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::service::{self, ImageView};
use crate::error::{AppError, AppResult, Problem};
use crate::http::auth::CurrentUser;
use crate::http::State;

/// The multipart form of an upload (no other fields).
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImageUpload {
    /// The picture: JPEG, PNG, WebP or GIF (first frame), at most 10 MB and 40 megapixels.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    /// What the picture shows (text, 1–300 characters), for those who cannot see it. Needed before it is
    /// attached to an idea, a product or a tip. (A multipart part is text whatever it looks like, so the schema
    /// does not type it.)
    #[schema(value_type = serde_json::Value, required = false)]
    pub alt: Option<String>,
}

/// Upload a picture. It is decoded, re-encoded without any metadata (orientation applied) and stored in
/// three sizes; attach it by id to your idea, tip, avatar (or, for the product team, a product). Pictures
/// not attached within a day are deleted.
#[utoipa::path(tag = "images", security(("bearer" = [])),
    request_body(content = ImageUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = ImageView),
        (status = 413, description = "`payload_too_large`: over 10 MB", body = Problem),
        (status = 415, description = "`unsupported_media_type`: not multipart/form-data", body = Problem),
        (status = 422, description = "`not_an_image`, `image_too_large`, `validation`", body = Problem)))]
#[post("/images")]
pub async fn upload(
    state: State,
    user: CurrentUser,
    req: HttpRequest,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let mut body = super::upload::read(&req, payload, 1).await?;
    if let Some(other) = body
        .files
        .iter()
        .map(|f| &f.field)
        .chain(body.fields.iter().map(|(k, _)| k))
        .find(|k| !matches!(k.as_str(), "file" | "alt"))
    {
        return Err(AppError::field(other, "unknown", "An upload has the fields `file` and `alt` only."));
    }
    // Text with control characters goes no further, as in JSON bodies.
    crate::http::text::check_pairs(body.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    let file = body.files.pop().filter(|f| f.field == "file");
    let Some(file) = file else {
        return Err(AppError::field("file", "required", "Send the picture in the field `file`."));
    };
    let alt = body.fields.into_iter().find(|(k, _)| k == "alt").map(|(_, v)| v);
    let view: ImageView = service::upload(&state.db, &state.media, &user.0, file.bytes, alt).await?;
    Ok(HttpResponse::Created().json(view))
}

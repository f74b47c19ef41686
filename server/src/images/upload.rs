//! Reading a multipart/form-data body: text fields and files, each file at most `rules::MAX_UPLOAD_BYTES`
//! (413 beyond, found while streaming: nothing larger is held in memory). The API's upload and the pages'
//! forms with pictures read their bodies here.

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{web, HttpRequest};
use futures_util::StreamExt;

use super::rules;
use crate::error::{AppError, AppResult};

/// The longest text field taken (a markdown body is the longest).
const TEXT_MAX: usize = 256 * 1024;

/// One uploaded file.
pub struct FilePart {
    pub field: String,
    pub bytes: Vec<u8>,
}

#[derive(Default)]
pub struct MultipartBody {
    pub fields: Vec<(String, String)>,
    pub files: Vec<FilePart>,
}

pub fn is_multipart(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"))
}

/// Reads the body: at most `max_files` non-empty files (a form's empty file input sends an empty part, which
/// is skipped). A body whose declared length exceeds what `max_files` files can be is refused before reading.
pub async fn read(req: &HttpRequest, payload: web::Payload, max_files: usize) -> AppResult<MultipartBody> {
    if !is_multipart(req) {
        return Err(AppError::UnsupportedMediaType);
    }
    let limit = max_files.max(1) * (rules::MAX_UPLOAD_BYTES + 1024) + TEXT_MAX * 2;
    let declared =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(AppError::PayloadTooLarge);
    }
    let mut multipart = Multipart::new(req.headers(), payload);
    let mut body = MultipartBody::default();
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|e| AppError::bad_request(format!("The multipart body is malformed: {e}")))?;
        let name = field.name().unwrap_or("").to_string();
        let is_file = field.content_disposition().and_then(|d| d.get_filename()).is_some();
        let max = if is_file { rules::MAX_UPLOAD_BYTES } else { TEXT_MAX };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| AppError::bad_request(format!("The multipart body is malformed: {e}")))?;
            if bytes.len() + chunk.len() > max {
                return Err(AppError::PayloadTooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        if is_file {
            if bytes.is_empty() {
                continue;
            }
            if body.files.len() == max_files {
                return Err(AppError::field(&name, "too_many", format!("At most {max_files} pictures at once.")));
            }
            body.files.push(FilePart { field: name, bytes });
        } else {
            let text =
                String::from_utf8(bytes).map_err(|_| AppError::field(&name, "encoding", "Text must be UTF-8."))?;
            body.fields.push((name, text));
        }
    }
    Ok(body)
}

//! Sending a made file: the site's own address for links in it, and the attachment response (both export
//! doors use them).

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};

use crate::exports::service::{Body, Download};
use crate::http::State;

/// The site's address for the rows' links: the configured public URL, else
/// this request's scheme and host.
pub fn base_url(state: &State, req: &HttpRequest) -> String {
    match &state.config.public_url {
        Some(u) => u.trim_end_matches('/').to_string(),
        None => {
            let info = req.connection_info();
            format!("{}://{}", info.scheme(), info.host())
        }
    }
}

/// The file as an attachment, never cached: XLSX whole, the others streamed.
pub fn attachment(file: Download) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    response
        .content_type(file.content_type)
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", file.filename)))
        .insert_header((header::CACHE_CONTROL, "no-store"));
    match file.body {
        Body::Whole(bytes) => response.body(bytes),
        Body::Stream(stream) => response.streaming(stream),
    }
}

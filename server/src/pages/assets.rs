//! Templates and static files, embedded in the binary (read from web/ at run
//! time in debug builds, so `cargo run` from anywhere and the tests find them).

use actix_web::http::header;
use actix_web::{web, HttpResponse};

#[derive(rust_embed::Embed)]
#[folder = "../web/templates/"]
pub struct Templates;

#[derive(rust_embed::Embed)]
#[folder = "../web/static/"]
pub struct Static;

/// Bumps the `?v=` of asset links with every release, so caches let go.
pub const ASSET_VERSION: &str = env!("CARGO_PKG_VERSION");

/// GET /static/{path}
pub async fn serve(path: web::Path<String>) -> HttpResponse {
    let path = path.into_inner();
    match Static::get(&path) {
        Some(file) => {
            let mime = mime_guess::from_path(&path).first_or_octet_stream();
            HttpResponse::Ok()
                .insert_header((header::CONTENT_TYPE, mime.essence_str().to_string()))
                .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
                .body(file.data.into_owned())
        }
        None => HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body("Not found"),
    }
}

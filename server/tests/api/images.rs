//! Pictures: uploads of real files made here (a JPEG with EXIF GPS and orientation, a PNG, a WebP, a GIF; an
//! SVG, HTML named .jpg, a truncated file, 12 MB, a header declaring 60,000 × 60,000 pixels), attaching them,
//! moderation, erasure, orphans, concurrency, and the object-storage half against a real S3-compatible server.

use std::io::Cursor;
use std::time::{Duration, Instant};

use image::{DynamicImage, ImageFormat, RgbImage, RgbaImage};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{assert_code, assert_problem, Resp, TestApp};

fn encoded(img: DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).expect("encode");
    out.into_inner()
}

fn photo(width: u32, height: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 7 % 256) as u8, (y * 5 % 256) as u8, ((x + y) % 256) as u8])
    }))
}

/// A 40 × 20 JPEG with an EXIF block: orientation 6 (turn 90° clockwise to show) and GPS latitude "N" and a
/// camera serial string the served files must not carry.
pub fn jpeg_with_exif() -> Vec<u8> {
    let jpeg = encoded(photo(40, 20), ImageFormat::Jpeg);
    let mut tiff: Vec<u8> = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    // IFD0: Orientation = 6, GPS IFD pointer, camera serial (ASCII, stored after the GPS IFD).
    tiff.extend(3u16.to_le_bytes());
    tiff.extend([0x12, 0x01, 3, 0]);
    tiff.extend(1u32.to_le_bytes());
    tiff.extend([6, 0, 0, 0]);
    let gps_at: u32 = 8 + 2 + 3 * 12 + 4;
    let serial_at: u32 = gps_at + 2 + 12 + 4;
    tiff.extend([0x25, 0x88, 4, 0]);
    tiff.extend(1u32.to_le_bytes());
    tiff.extend(gps_at.to_le_bytes());
    let serial = b"SERIAL-GPS-SECRET-4711\0";
    tiff.extend([0x31, 0xa4, 2, 0]); // BodySerialNumber
    tiff.extend((serial.len() as u32).to_le_bytes());
    tiff.extend(serial_at.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    // GPS IFD: GPSLatitudeRef = "N".
    tiff.extend(1u16.to_le_bytes());
    tiff.extend([1, 0, 2, 0]);
    tiff.extend(2u32.to_le_bytes());
    tiff.extend([b'N', 0, 0, 0]);
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(serial);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xff, 0xe1]);
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A tiny PNG whose header declares 60,000 × 60,000 pixels (a decompression bomb's shape).
fn png_bomb() -> Vec<u8> {
    let mut bytes = encoded(photo(1, 1), ImageFormat::Png);
    bytes[16..20].copy_from_slice(&60_000u32.to_be_bytes());
    bytes[20..24].copy_from_slice(&60_000u32.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

async fn upload(app: &TestApp, token: Option<&str>, bytes: Vec<u8>, name: &str, mime: &str, alt: Option<&str>) -> Resp {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()).mime_str(mime).expect("mime");
    let mut form = reqwest::multipart::Form::new().part("file", part);
    if let Some(a) = alt {
        form = form.text("alt", a.to_string());
    }
    let mut req = app.client.post(format!("{}/api/v1/images", app.base)).multipart(form);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.expect("upload");
    let status = res.status();
    let content_type = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let text = res.text().await.unwrap_or_default();
    Resp { status, content_type, body: serde_json::from_str(&text).unwrap_or(Value::Null) }
}

/// Posts a small PNG with alt text to `path` (the authorization matrix's upload cell).
pub async fn upload_to(app: &TestApp, path: &str, token: Option<&str>) -> Resp {
    assert_eq!(path, "/api/v1/images");
    upload(app, token, encoded(photo(24, 24), ImageFormat::Png), "m.png", "image/png", Some("Matrix")).await
}

/// Uploads a picture with alt text; returns its view.
pub async fn picture(app: &TestApp, token: &str, alt: &str) -> Value {
    let r = upload(app, Some(token), encoded(photo(64, 48), ImageFormat::Png), "p.png", "image/png", Some(alt)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body
}

struct Fetched {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    bytes: Vec<u8>,
}

async fn fetch(app: &TestApp, url: &str, token: Option<&str>) -> Fetched {
    let mut req = app.client.get(format!("{}{url}", app.base));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.expect("fetch");
    let status = res.status();
    let headers = res.headers().clone();
    Fetched { status, headers, bytes: res.bytes().await.expect("bytes").to_vec() }
}

fn variant_urls(view: &Value) -> Vec<String> {
    ["thumb", "medium", "large"].iter().map(|v| view["variants"][v]["url"].as_str().expect("url").to_string()).collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

async fn a_jpeg_loses_its_metadata_and_is_turned_upright(app: TestApp) {
    let anna = app.member("anna").await;
    let original = jpeg_with_exif();
    assert!(contains(&original, b"SERIAL-GPS-SECRET"));
    let r = upload(&app, Some(&anna), original, "holiday.jpg", "image/jpeg", Some("A striped test card")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    // Orientation 6: the 40 × 20 picture is shown 20 wide and 40 high.
    assert_eq!((r.body["width"].as_i64(), r.body["height"].as_i64()), (Some(20), Some(40)), "{:?}", r.body);
    assert_eq!(r.body["alt"], "A striped test card");
    for url in variant_urls(&r.body) {
        assert!(url.starts_with("/media/") && url.ends_with(".jpg"), "{url}");
        let f = fetch(&app, &url, None).await;
        assert_eq!(f.status, StatusCode::OK, "{url}");
        assert_eq!(f.headers["content-type"], "image/jpeg");
        assert_eq!(f.headers["x-content-type-options"], "nosniff");
        assert_eq!(f.headers["cache-control"], "public, max-age=31536000, immutable");
        assert!(!contains(&f.bytes, b"Exif"), "{url} carries EXIF");
        assert!(!contains(&f.bytes, b"SERIAL-GPS-SECRET"), "{url} carries the camera's data");
        assert!(!contains(&f.bytes, &[0xff, 0xe1]), "{url} has an APP1 segment");
        let served = image::load_from_memory(&f.bytes).expect("served file decodes");
        assert_eq!((served.width(), served.height()), (20, 40));
    }
    // The file name is the hash of its bytes: asking for another name is a 404, as is a path outside.
    assert_eq!(fetch(&app, &format!("/media/{}.jpg", "0".repeat(64)), None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(fetch(&app, "/media/..%2Fideashelf.db", None).await.status, StatusCode::NOT_FOUND);
}

async fn png_webp_and_gif_are_taken(app: TestApp) {
    let anna = app.member("anna").await;
    // A PNG with transparency stays a PNG; an opaque one becomes a JPEG.
    let clear = DynamicImage::ImageRgba8(RgbaImage::from_fn(30, 30, |x, _| image::Rgba([200, 10, 10, (x * 8) as u8])));
    let r = upload(&app, Some(&anna), encoded(clear, ImageFormat::Png), "a.png", "image/png", Some("Red fade")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert!(r.body["url"].as_str().is_some_and(|u| u.ends_with(".png")), "{:?}", r.body);
    let r = upload(&app, Some(&anna), encoded(photo(2400, 1200), ImageFormat::Png), "big.png", "image/png", Some("x"))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let sizes: Vec<(i64, i64)> = ["thumb", "medium", "large"]
        .iter()
        .map(|v| {
            (
                r.body["variants"][v]["width"].as_i64().unwrap_or(0),
                r.body["variants"][v]["height"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(sizes, vec![(320, 160), (960, 480), (1920, 960)]);
    assert!(r.body["srcset"].as_str().is_some_and(|s| s.contains(" 320w") && s.contains(" 1920w")));
    let webp = encoded(photo(50, 40), ImageFormat::WebP);
    assert_eq!(&webp[8..12], b"WEBP");
    let r = upload(&app, Some(&anna), webp, "w.webp", "image/webp", Some("WebP")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["width"], 50);
    let gif = encoded(photo(16, 16), ImageFormat::Gif);
    let r = upload(&app, Some(&anna), gif, "g.gif", "image/gif", Some("GIF")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
}

async fn what_is_not_a_picture_is_refused(app: TestApp) {
    let anna = app.member("anna").await;
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><rect width=\"9\" height=\"9\"/></svg>";
    assert_code(
        &upload(&app, Some(&anna), svg.to_vec(), "x.svg", "image/svg+xml", Some("x")).await,
        422,
        "not_an_image",
    );
    let html = b"<!doctype html><html><script>alert(document.cookie)</script></html>";
    assert_code(
        &upload(&app, Some(&anna), html.to_vec(), "cat.jpg", "image/jpeg", Some("x")).await,
        422,
        "not_an_image",
    );
    let whole = encoded(photo(200, 200), ImageFormat::Jpeg);
    let cut = whole[..whole.len() / 3].to_vec();
    assert_code(&upload(&app, Some(&anna), cut, "cut.jpg", "image/jpeg", Some("x")).await, 422, "not_an_image");
    // 12 MB: 413, before any decoding.
    let big = vec![0x42u8; 12 * 1024 * 1024];
    assert_code(&upload(&app, Some(&anna), big, "big.jpg", "image/jpeg", Some("x")).await, 413, "payload_too_large");
    // A small file declaring 60,000 × 60,000 pixels: refused from its header, at once.
    let started = Instant::now();
    let r = upload(&app, Some(&anna), png_bomb(), "bomb.png", "image/png", Some("x")).await;
    assert_code(&r, 422, "image_too_large");
    assert!(started.elapsed() < Duration::from_secs(1), "took {:?}", started.elapsed());
    // Not multipart, no file, signed out, alt too long.
    let r = app.post("/api/v1/images", Some(&anna), json!({"file": "x"})).await;
    assert_code(&r, 415, "unsupported_media_type");
    let form = reqwest::multipart::Form::new().text("alt", "no file");
    let res = app
        .client
        .post(format!("{}/api/v1/images", app.base))
        .bearer_auth(&anna)
        .multipart(form)
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let part = reqwest::multipart::Part::bytes(encoded(photo(8, 8), ImageFormat::Png)).file_name("p.png");
    let form = reqwest::multipart::Form::new().part("file", part).text("alt", "x").text("owner", "someone else");
    let res = app
        .client
        .post(format!("{}/api/v1/images", app.base))
        .bearer_auth(&anna)
        .multipart(form)
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "an unknown field is refused");
    let png = encoded(photo(8, 8), ImageFormat::Png);
    let r = upload(&app, Some(&anna), png.clone(), "p.png", "image/png", Some("bell\u{7}")).await;
    assert_problem(&r, 422, Some("alt"));
    assert_code(&upload(&app, None, png.clone(), "p.png", "image/png", Some("x")).await, 401, "unauthenticated");
    let r = upload(&app, Some(&anna), png, "p.png", "image/png", Some(&"x".repeat(301))).await;
    assert_problem(&r, 422, Some("alt"));
}

async fn pictures_attach_to_what_their_uploader_writes(app: TestApp) {
    let anna = app.member("anna").await;
    let bruno = app.member("bruno").await;
    let first = picture(&app, &anna, "Front view").await;
    let second = picture(&app, &anna, "Side view").await;
    let r = app
        .post(
            "/api/v1/ideas",
            Some(&anna),
            json!({"title": "Brick lamp", "body": "A lamp.", "images": [first["id"], second["id"]]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let idea = r.body["id"].as_str().expect("id").to_string();
    let alts: Vec<&str> =
        r.body["images"].as_array().expect("images").iter().filter_map(|i| i["alt"].as_str()).collect();
    assert_eq!(alts, vec!["Front view", "Side view"]);
    // Lists carry the cover's sizes.
    let list = app.get("/api/v1/ideas?sort=new", None).await;
    let card = list.body["items"].as_array().and_then(|a| a.iter().find(|i| i["id"] == idea.as_str())).expect("listed");
    assert_eq!(card["cover"]["id"], first["id"]);
    assert!(card.get("images").is_none());
    // Reordered and one removed by an update.
    let r = app.patch(&format!("/api/v1/ideas/{idea}"), Some(&anna), json!({"images": [second["id"]]})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["images"].as_array().map(Vec::len), Some(1));
    assert_eq!(r.body["cover"]["id"], second["id"]);
    // Someone else's picture, one already shown elsewhere, one without alt text, too many, an unknown id.
    let theirs = picture(&app, &bruno, "Bruno's").await;
    let r = app.post("/api/v1/ideas", Some(&anna), json!({"title": "Another lamp", "images": [theirs["id"]]})).await;
    assert_problem(&r, 422, Some("images[0]"));
    assert_eq!(r.body["errors"][0]["code"], "not_yours");
    let r = app.post("/api/v1/ideas", Some(&anna), json!({"title": "Another lamp", "images": [second["id"]]})).await;
    assert_eq!(r.body["errors"][0]["code"], "in_use", "{:?}", r.body);
    let bare = upload(&app, Some(&anna), encoded(photo(9, 9), ImageFormat::Png), "b.png", "image/png", None).await;
    assert_eq!(bare.status, StatusCode::CREATED);
    let r = app.post("/api/v1/ideas", Some(&anna), json!({"title": "Another lamp", "images": [bare.body["id"]]})).await;
    assert_eq!(r.body["errors"][0]["code"], "alt_missing", "{:?}", r.body);
    let nine: Vec<Value> = (0..9).map(|_| first["id"].clone()).collect();
    let r = app.post("/api/v1/ideas", Some(&anna), json!({"title": "Another lamp", "images": nine})).await;
    assert_eq!(r.body["errors"][0]["code"], "too_many", "{:?}", r.body);
    let r = app.post("/api/v1/ideas", Some(&anna), json!({"title": "Another lamp", "images": ["nope"]})).await;
    assert_eq!(r.body["errors"][0]["code"], "unknown", "{:?}", r.body);
    // A tip takes up to 4; the avatar takes the member's own picture (and shows beside their ideas).
    let tip_pic = picture(&app, &bruno, "Folded towel").await;
    let r = app
        .post(
            "/api/v1/tips",
            Some(&bruno),
            json!({"title": "Fold towels", "body": "Thirds.", "images": [tip_pic["id"]]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["images"][0]["alt"], "Folded towel");
    let face = upload(&app, Some(&anna), encoded(photo(900, 900), ImageFormat::Png), "me.png", "image/png", None).await;
    let r = app.patch("/api/v1/me", Some(&anna), json!({"avatar_image_id": face.body["id"]})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["avatar"]["id"], face.body["id"]);
    let shown = app.get(&format!("/api/v1/ideas/{idea}"), None).await;
    assert_eq!(shown.body["author"]["avatar"], face.body["variants"]["thumb"]["url"], "{:?}", shown.body["author"]);
    assert_ne!(face.body["variants"]["thumb"]["url"], face.body["variants"]["large"]["url"], "the thumbnail, not any");
    let listed = app.get("/api/v1/ideas?sort=new", None).await;
    let card = listed.body["items"].as_array().unwrap().iter().find(|i| i["id"] == idea.as_str()).cloned().unwrap();
    assert_eq!(card["author"]["avatar"], face.body["variants"]["thumb"]["url"], "{card:?}");
    let r = app.patch("/api/v1/me", Some(&anna), json!({"avatar_image_id": theirs["id"]})).await;
    assert_problem(&r, 422, Some("avatar_image_id"));
    let r = app.patch("/api/v1/me", Some(&anna), json!({"avatar_image_id": ""})).await;
    assert!(r.body["avatar"].is_null(), "{:?}", r.body);
    let shown = app.get(&format!("/api/v1/ideas/{idea}"), None).await;
    assert!(shown.body["author"]["avatar"].is_null(), "{:?}", shown.body["author"]);
    // A product takes the product team's uploads.
    let team = app.staff("pat", ideashelf::accounts::Role::ProductTeam).await;
    let box_pic = picture(&app, &team, "The box").await;
    let p = app.product(&team, "Lamp kit", json!({"images": [box_pic["id"]]})).await;
    assert_eq!(p["images"][0]["alt"], "The box");
    let list = app.get("/api/v1/products", None).await;
    assert_eq!(list.body["items"][0]["cover"]["alt"], "The box", "{:?}", list.body);
}

async fn a_hidden_picture_is_served_only_to_its_owner_and_moderators(app: TestApp) {
    let anna = app.member("anna").await;
    let bruno = app.member("bruno").await;
    let moderator = app.staff("mona", ideashelf::accounts::Role::Moderator).await;
    let pic = picture(&app, &anna, "A picture").await;
    let r = app.post("/api/v1/ideas", Some(&anna), json!({"title": "Pictured idea", "images": [pic["id"]]})).await;
    let idea = r.body["id"].as_str().expect("id").to_string();
    let r = app
        .post(
            "/api/v1/reports",
            Some(&bruno),
            json!({"target_type": "image", "target_id": pic["id"], "reason": "Not what it says"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let queue = app.get("/api/v1/moderation/queue", Some(&moderator)).await;
    let item = queue.body["items"]
        .as_array()
        .and_then(|q| q.iter().find(|i| i["target_type"] == "image"))
        .cloned()
        .expect("queued");
    assert_eq!(item["image_url"], pic["variants"]["thumb"]["url"]);
    assert_eq!(item["url"], format!("/ideas/{idea}"));
    let r = app
        .post(
            "/api/v1/moderation/actions",
            Some(&moderator),
            json!({"action": "hide", "target_type": "image", "target_id": pic["id"], "reason": "Misleading"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let url = pic["url"].as_str().expect("url");
    assert_eq!(fetch(&app, url, None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(fetch(&app, url, Some(&bruno)).await.status, StatusCode::NOT_FOUND);
    let own = fetch(&app, url, Some(&anna)).await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(own.headers["cache-control"], "private, no-store");
    assert_eq!(fetch(&app, url, Some(&moderator)).await.status, StatusCode::OK);
    // The idea no longer shows it to others; its author still sees it, marked hidden.
    let seen = app.get(&format!("/api/v1/ideas/{idea}"), None).await;
    assert_eq!(seen.body["images"].as_array().map(Vec::len), Some(0), "{:?}", seen.body);
    assert!(seen.body.get("cover").is_none());
    let mine = app.get(&format!("/api/v1/ideas/{idea}"), Some(&anna)).await;
    assert_eq!(mine.body["images"][0]["hidden"], true);
}

async fn erasure_and_orphans_delete_pictures(app: TestApp) {
    let anna = app.member("anna").await;
    let kept = picture(&app, &anna, "Kept").await;
    let r = app.post("/api/v1/ideas", Some(&anna), json!({"title": "Kept picture", "images": [kept["id"]]})).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let orphan =
        upload(&app, Some(&anna), encoded(photo(33, 21), ImageFormat::Png), "o.png", "image/png", Some("Orphan")).await;
    let media = app.data_dir().join("media");
    let file_of = |view: &Value| media.join(view["url"].as_str().unwrap_or("").trim_start_matches("/media/"));
    assert!(file_of(&orphan.body).exists() && file_of(&kept).exists());
    // A day later the jobs delete the never-attached picture and its files; the attached one stays.
    let links = ideashelf::notifications::mail::MailLinks::new(
        ideashelf::accounts::email::Links { base: app.base.clone(), default_lang: ideashelf::pages::Lang::En },
        "x".repeat(32).as_bytes(),
    );
    let store = ideashelf::images::storage::Media::open(app.data_dir(), None).expect("media");
    let report =
        ideashelf::jobs::run_all(&app.db, &links, &store, ideashelf::clock::now() + chrono::Duration::hours(25))
            .await
            .expect("jobs");
    assert_eq!(report.orphan_pictures, 1);
    assert!(!file_of(&orphan.body).exists());
    assert_eq!(fetch(&app, orphan.body["url"].as_str().unwrap_or(""), None).await.status, StatusCode::NOT_FOUND);
    assert!(file_of(&kept).exists());
    // Erasure deletes every picture of the member, attached or not, with the files.
    let r =
        app.call(Method::DELETE, "/api/v1/me", Some(&anna), Some(json!({"password": "correct horse battery"}))).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert!(!file_of(&kept).exists());
    assert_eq!(fetch(&app, kept["url"].as_str().unwrap_or(""), None).await.status, StatusCode::NOT_FOUND);
}

async fn markdown_shows_only_pictures_uploaded_here(app: TestApp) {
    let anna = app.member("anna").await;
    let pic = picture(&app, &anna, "Ours").await;
    let body = format!("![Ours]({}) and ![pixel](https://tracker.example/p.gif)", pic["url"].as_str().unwrap_or(""));
    let r = app.post("/api/v1/ideas", Some(&anna), json!({"title": "Markdown pictures", "body": body})).await;
    let html = r.body["body_html"].as_str().expect("html");
    assert!(html.contains(&format!("<img src=\"{}\"", pic["url"].as_str().unwrap_or(""))), "{html}");
    assert!(!html.contains("<img src=\"https://tracker.example"), "{html}");
    assert!(html.contains("href=\"https://tracker.example/p.gif\""), "{html}");
}

async fn concurrent_uploads_all_arrive(app: TestApp) {
    let anna = app.member("anna").await;
    let uploads = (0..8u32).map(|i| {
        let app = &app;
        let anna = anna.clone();
        async move {
            upload(app, Some(&anna), encoded(photo(300 + i, 200), ImageFormat::Jpeg), "c.jpg", "image/jpeg", Some("c"))
                .await
        }
    });
    let results = futures::future::join_all(uploads).await;
    let mut ids: Vec<String> = results
        .iter()
        .map(|r| {
            assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
            r.body["id"].as_str().unwrap_or("").to_string()
        })
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 8);
    for r in &results {
        assert_eq!(
            fetch(&app, r.body["variants"]["thumb"]["url"].as_str().unwrap_or(""), None).await.status,
            StatusCode::OK
        );
    }
}

backend_tests!(
    a_jpeg_loses_its_metadata_and_is_turned_upright,
    png_webp_and_gif_are_taken,
    what_is_not_a_picture_is_refused,
    pictures_attach_to_what_their_uploader_writes,
    a_hidden_picture_is_served_only_to_its_owner_and_moderators,
    erasure_and_orphans_delete_pictures,
    markdown_shows_only_pictures_uploaded_here,
    concurrent_uploads_all_arrive,
);

/// The object-storage half: two instances on one database and one S3 bucket (a real S3-compatible server,
/// moto, on loopback) share pictures; the jobs delete from the bucket.
async fn two_instances_share_pictures_in_object_storage(backend: crate::helpers::Backend) {
    let s3 = crate::s3::S3Server::start().await;
    let (bucket, url) = s3.bucket().await;
    let secret = "s".repeat(48);
    let (u, sec) = (url.clone(), secret.clone());
    let a = crate::helpers::spawn_app_with(backend, move |c| {
        c.object_store_url = Some(u);
        c.jwt_secret = Some(sec);
    })
    .await;
    let shared_db = a.database_url.clone();
    let (u, sec) = (url.clone(), secret.clone());
    let b_dir = tempfile::tempdir().expect("dir");
    let mut config = ideashelf::config::Config::for_data_dir(b_dir.path(), Some(shared_db));
    config.object_store_url = Some(u);
    config.jwt_secret = Some(sec);
    config.search_worker = false;
    let b = ideashelf::Application::build(config).await.expect("second instance");
    let b_base = format!("http://127.0.0.1:{}", b.port());
    tokio::spawn(b.run_until_stopped());

    let anna = a.member("anna").await;
    let pic = picture(&a, &anna, "Shared").await;
    let url_a = pic["url"].as_str().expect("url");
    // A picture narrower than every size is stored once (the three sizes are the same file).
    let keys = s3.keys(&bucket).await;
    assert_eq!(keys.len(), 1, "{keys:?}");
    assert!(keys.iter().all(|k| variant_urls(&pic).contains(&format!("/media/{k}"))), "{keys:?}");
    // Nothing under the instances' data directories: the files are in the bucket only.
    assert!(std::fs::read_dir(a.data_dir().join("media")).map(|d| d.count()).unwrap_or(0) == 0);
    // The other instance serves it (and with the first instance's token, the member's own view).
    let from_b = reqwest::get(format!("{b_base}{url_a}")).await.expect("b");
    assert_eq!(from_b.status(), StatusCode::OK);
    assert_eq!(from_b.headers()["content-type"], "image/jpeg");
    let bytes = from_b.bytes().await.expect("bytes");
    assert_eq!(image::load_from_memory(&bytes).expect("decodes").width(), 64);
    let r = reqwest::Client::new()
        .post(format!("{b_base}/api/v1/ideas"))
        .bearer_auth(&anna)
        .json(&json!({"title": "Made on instance B", "images": [pic["id"]]}))
        .send()
        .await
        .expect("b idea");
    assert_eq!(r.status(), StatusCode::CREATED);
    // An orphan uploaded on B is deleted from the bucket by A's jobs a day later.
    let part = reqwest::multipart::Part::bytes(encoded(photo(70, 10), ImageFormat::Png))
        .file_name("o.png")
        .mime_str("image/png")
        .expect("mime");
    let r = reqwest::Client::new()
        .post(format!("{b_base}/api/v1/images"))
        .bearer_auth(&anna)
        .multipart(reqwest::multipart::Form::new().part("file", part).text("alt", "orphan"))
        .send()
        .await
        .expect("b upload");
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(s3.keys(&bucket).await.len(), 2);
    let links = ideashelf::notifications::mail::MailLinks::new(
        ideashelf::accounts::email::Links { base: a.base.clone(), default_lang: ideashelf::pages::Lang::En },
        secret.as_bytes(),
    );
    let media = ideashelf::images::storage::Media::open(a.data_dir(), Some(&url)).expect("media");
    let report = ideashelf::jobs::run_all(&a.db, &links, &media, ideashelf::clock::now() + chrono::Duration::hours(25))
        .await
        .expect("jobs");
    assert_eq!(report.orphan_pictures, 1);
    assert_eq!(s3.keys(&bucket).await, keys);
    assert_eq!(reqwest::get(format!("{b_base}{url_a}")).await.expect("b").status(), StatusCode::OK);
}

mod object_storage {
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn sqlite() {
        super::two_instances_share_pictures_in_object_storage(crate::helpers::Backend::Sqlite).await
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn postgres() {
        super::two_instances_share_pictures_in_object_storage(crate::helpers::Backend::Postgres).await
    }
}

//! Pictures in a real browser, without JavaScript: an idea submitted with a picture through the plain file
//! input (a missing description keeps the upload and asks for it), the gallery's pictures load and carry
//! their alt text, the card shows the cover; with JavaScript, choosing files shows previews with an alt field
//! each.

use std::io::Cursor;

use fantoccini::Locator;
use image::{DynamicImage, ImageFormat, RgbImage};

use crate::driver::launch;
use crate::helpers::TestApp;
use crate::journeys::PASSWORD;

pub(crate) fn picture_file(dir: &std::path::Path, name: &str, width: u32, height: u32) -> String {
    let img = RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 200) as u8 + 40, (y % 200) as u8, 120]));
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(img).write_to(&mut out, ImageFormat::Jpeg).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, out.into_inner()).unwrap();
    path.to_string_lossy().into_owned()
}

/// Whether each picture matched by `css` has loaded (a decoded size), and its alt text. Lazy pictures load
/// once scrolled to, so each is scrolled into view; a picture gets up to 10 s.
async fn loaded_with_alt(b: &crate::driver::Browser, css: &str) -> Vec<(bool, String)> {
    let script = format!(
        "const all = Array.from(document.querySelectorAll({css:?})); all.forEach(i => i.scrollIntoView());
         return all.map(i => [i.complete && i.naturalWidth > 0, i.alt]);"
    );
    let started = std::time::Instant::now();
    loop {
        let v = b.client.execute(&script, vec![]).await.unwrap();
        let out: Vec<(bool, String)> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_bool().unwrap_or(false), p[1].as_str().unwrap_or("").to_string()))
            .collect();
        if out.iter().all(|(loaded, _)| *loaded) || started.elapsed() > std::time::Duration::from_secs(10) {
            return out;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

pub async fn an_idea_gets_pictures_without_javascript(app: TestApp) {
    app.member("anna").await;
    let dir = tempfile::tempdir().unwrap();
    let front = picture_file(dir.path(), "front.jpg", 1400, 1000);
    let b = launch(false).await;
    b.goto(&format!("{}/login?next=/ideas/new", app.base)).await;
    b.fill("#field-login", "anna").await;
    b.fill("#field-password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.find("[data-testid=idea-form]").await;
    b.fill("#field-title", "Lamp made of bricks").await;
    // The picture without a description: the form comes back with the upload kept, asking for one.
    b.find("#field-image-file").await.send_keys(&front).await.unwrap();
    b.click("[data-testid=idea-form] button[type=submit]").await;
    b.find("[data-testid=error-images]").await;
    assert!(b.exists("[data-testid=picture-list] img").await, "the uploaded picture is shown again");
    assert_eq!(b.value("#field-title").await, "Lamp made of bricks");
    let alt_field = b.find("[data-testid=picture-list] input[name^=image_alt_]").await;
    alt_field.send_keys("A desk lamp built from red bricks").await.unwrap();
    b.click("[data-testid=idea-form] button[type=submit]").await;
    b.find("[data-testid=gallery]").await;
    assert!(b.path().await.starts_with("/ideas/"), "{}", b.path().await);
    let pictures = loaded_with_alt(&b, "[data-testid=gallery-image]").await;
    assert_eq!(pictures, vec![(true, "A desk lamp built from red bricks".to_string())]);
    // The author edits it: a new description for the picture.
    b.click("[data-testid=edit-idea]").await;
    let alt_field = b.find("[data-testid=picture-list] input[name^=image_alt_]").await;
    alt_field.clear().await.unwrap();
    alt_field.send_keys("A red brick desk lamp, switched on").await.unwrap();
    b.click("[data-testid=idea-form] button[type=submit]").await;
    b.find("[data-testid=gallery]").await;
    let pictures = loaded_with_alt(&b, "[data-testid=gallery-image]").await;
    assert_eq!(pictures, vec![(true, "A red brick desk lamp, switched on".to_string())]);
    // The cover on the list of ideas.
    b.goto(&format!("{}/ideas?sort=new", app.base)).await;
    let covers = loaded_with_alt(&b, "[data-testid=card-cover]").await;
    assert_eq!(covers, vec![(true, "A red brick desk lamp, switched on".to_string())]);
    // Every picture on the page has its size set, so nothing jumps while it loads.
    let without_size: i64 = b
        .client
        .execute("return document.querySelectorAll('main img:not([width]), main img:not([height])').length;", vec![])
        .await
        .unwrap()
        .as_i64()
        .unwrap();
    assert_eq!(without_size, 0);
    b.close().await;

    // With JavaScript: two files chosen at once get a preview and an alt field each.
    let side = picture_file(dir.path(), "side.jpg", 800, 600);
    let b = launch(true).await;
    b.goto(&format!("{}/login?next=/ideas/new", app.base)).await;
    b.fill("#field-login", "anna").await;
    b.fill("#field-password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.find("[data-testid=idea-form]").await;
    b.fill("#field-title", "Two views of a lamp").await;
    b.find("#field-image-file").await.send_keys(&format!("{front}\n{side}")).await.unwrap();
    let alts = b.client.find_all(Locator::Css("[data-testid=picture-new-alt]")).await.unwrap();
    assert_eq!(alts.len(), 2);
    alts[0].send_keys("Front").await.unwrap();
    alts[1].send_keys("Side").await.unwrap();
    b.click("[data-testid=idea-form] button[type=submit]").await;
    b.find("[data-testid=gallery]").await;
    let pictures = loaded_with_alt(&b, "[data-testid=gallery-image]").await;
    assert_eq!(pictures, vec![(true, "Front".to_string()), (true, "Side".to_string())]);
    b.close().await;
}

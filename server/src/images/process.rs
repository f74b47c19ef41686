//! Turning an upload into the files that are served: the content decides what it is (never its name or
//! declared type), the header's size is checked before any pixel is decoded, the EXIF orientation is applied,
//! and every variant is re-encoded from pixels, so no metadata (EXIF, GPS, comments, colour profiles) survives.
//! CPU-bound: callers run it off the HTTP workers (`service::upload`).

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

use super::rules::{self, Variant};

/// Why an upload is not a picture we take.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not JPEG, PNG, WebP or GIF by its content, or broken.
    NotAnImage,
    /// Declares more pixels (or a longer side) than we decode.
    TooLarge { width: u32, height: u32 },
}

/// One re-encoded variant, named by its content.
pub struct Encoded {
    pub variant: Variant,
    pub key: String,
    pub width: u32,
    pub height: u32,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// The picture as it is shown (orientation applied) and its variants, largest first.
pub struct Processed {
    pub width: u32,
    pub height: u32,
    pub variants: Vec<Encoded>,
}

/// Decodes, checks, orients and re-encodes an upload.
pub fn process(bytes: &[u8]) -> Result<Processed, Refusal> {
    let format = image::guess_format(bytes).map_err(|_| Refusal::NotAnImage)?;
    if !matches!(format, ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif) {
        return Err(Refusal::NotAnImage);
    }
    // A JPEG decoder fills a cut-off file with grey rather than failing: a JPEG must end (EOI marker).
    if format == ImageFormat::Jpeg && !bytes.windows(2).rev().take(64 * 1024).any(|w| w == [0xff, 0xd9]) {
        return Err(Refusal::NotAnImage);
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(rules::MAX_SIDE);
    limits.max_image_height = Some(rules::MAX_SIDE);
    // The pixels of the largest picture taken (RGBA) and room for the decoder's own buffers.
    limits.max_alloc = Some(rules::MAX_PIXELS * 4 + 64 * 1024 * 1024);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| refusal(&e, None))?;
    let (width, height) = decoder.dimensions();
    if rules::too_large(width, height) {
        return Err(Refusal::TooLarge { width, height });
    }
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|e| refusal(&e, Some((width, height))))?;
    picture.apply_orientation(orientation);
    // Transparency is kept (PNG) only where some pixel uses it; everything else is a JPEG.
    let transparent = picture.color().has_alpha() && picture.to_rgba8().pixels().any(|p| p.0[3] < 255);
    let (width, height) = (picture.width(), picture.height());
    let mut variants = Vec::with_capacity(Variant::ALL.len());
    let mut source = picture;
    for variant in Variant::ALL {
        let (w, h) = rules::fit_width(source.width(), source.height(), variant.max_width());
        if (w, h) != (source.width(), source.height()) {
            source = source.resize_exact(w, h, image::imageops::FilterType::Triangle);
        }
        variants.push(encode(variant, &source, transparent)?);
    }
    Ok(Processed { width, height, variants })
}

fn encode(variant: Variant, picture: &DynamicImage, transparent: bool) -> Result<Encoded, Refusal> {
    let mut out = Vec::new();
    let (extension, content_type) = if transparent {
        let encoder = image::codecs::png::PngEncoder::new_with_quality(
            &mut out,
            image::codecs::png::CompressionType::Fast,
            image::codecs::png::FilterType::Adaptive,
        );
        picture.to_rgba8().write_with_encoder(encoder).map_err(|_| Refusal::NotAnImage)?;
        ("png", "image/png")
    } else {
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, rules::JPEG_QUALITY);
        picture.to_rgb8().write_with_encoder(encoder).map_err(|_| Refusal::NotAnImage)?;
        ("jpg", "image/jpeg")
    };
    Ok(Encoded {
        variant,
        key: rules::file_key(&out, extension),
        width: picture.width(),
        height: picture.height(),
        content_type,
        bytes: out,
    })
}

fn refusal(e: &ImageError, size: Option<(u32, u32)>) -> Refusal {
    match (e, size) {
        (ImageError::Limits(_), Some((width, height))) => Refusal::TooLarge { width, height },
        (ImageError::Limits(_), None) => Refusal::TooLarge { width: 0, height: 0 },
        _ => Refusal::NotAnImage,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32, alpha: u8) -> Vec<u8> {
        let img =
            image::RgbaImage::from_fn(width, height, |x, y| image::Rgba([(x % 256) as u8, (y % 256) as u8, 90, alpha]));
        let mut out = Cursor::new(Vec::new());
        DynamicImage::ImageRgba8(img).write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn makes_three_variants_no_wider_than_the_original() {
        let p = process(&png(1200, 600, 255)).unwrap();
        let sizes: Vec<(u32, u32, &str)> = p.variants.iter().map(|v| (v.width, v.height, v.content_type)).collect();
        assert_eq!(sizes, vec![(1200, 600, "image/jpeg"), (960, 480, "image/jpeg"), (320, 160, "image/jpeg")]);
        assert!(p.variants.iter().all(|v| v.key.ends_with(".jpg") && rules::is_file_key(&v.key)));
    }

    #[test]
    fn transparency_stays_png() {
        let p = process(&png(40, 30, 100)).unwrap();
        assert!(p.variants.iter().all(|v| v.content_type == "image/png"));
    }

    #[test]
    fn refuses_what_is_not_a_picture() {
        assert_eq!(process(b"<html><body>hi</body></html>").err(), Some(Refusal::NotAnImage));
        assert_eq!(process(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>").err(), Some(Refusal::NotAnImage));
        let whole = png(64, 64, 255);
        assert_eq!(process(&whole[..whole.len() / 2]).err(), Some(Refusal::NotAnImage));
        let mut jpeg = Cursor::new(Vec::new());
        DynamicImage::ImageRgba8(image::RgbaImage::new(64, 64))
            .to_rgb8()
            .write_to(&mut jpeg, ImageFormat::Jpeg)
            .unwrap();
        let jpeg = jpeg.into_inner();
        assert!(process(&jpeg).is_ok());
        assert_eq!(process(&jpeg[..jpeg.len() / 2]).err(), Some(Refusal::NotAnImage));
    }

    /// The PNG chunk checksum (CRC-32, as zlib computes it).
    pub fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    #[test]
    fn refuses_a_huge_declared_size_from_the_header() {
        // A valid PNG header declaring 60,000 × 60,000 pixels, with almost no data after it.
        let mut bytes = png(1, 1, 255);
        bytes[16..20].copy_from_slice(&60_000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&60_000u32.to_be_bytes());
        let crc = crc32(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        let started = std::time::Instant::now();
        assert!(matches!(process(&bytes), Err(Refusal::TooLarge { .. })));
        assert!(started.elapsed() < std::time::Duration::from_millis(500));
    }
}

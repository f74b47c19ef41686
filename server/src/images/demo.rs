//! Pictures for the demo data, drawn here by code (no third-party photos): brick models for ideas, packages
//! for products, patterned portraits for members. Deterministic: the same seed draws the same picture.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

/// A colour from a hue (0–360), saturation and lightness (0–1).
fn hsl(h: f32, s: f32, l: f32) -> Rgb<u8> {
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let hp = (h.rem_euclid(360.0)) / 60.0;
    let x = c * (1.0 - (hp % 2.0 - 1.0).abs());
    let (r, g, b) = match hp as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = l - c / 2.0;
    let to = |v: f32| ((v + m).clamp(0.0, 1.0) * 255.0) as u8;
    Rgb([to(r), to(g), to(b)])
}

/// A small deterministic random sequence.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn fill_rect(img: &mut RgbImage, x0: i64, y0: i64, w: i64, h: i64, colour: Rgb<u8>) {
    let (iw, ih) = (i64::from(img.width()), i64::from(img.height()));
    for y in y0.max(0)..(y0 + h).min(ih) {
        for x in x0.max(0)..(x0 + w).min(iw) {
            img.put_pixel(x as u32, y as u32, colour);
        }
    }
}

fn fill_circle(img: &mut RgbImage, cx: i64, cy: i64, r: i64, colour: Rgb<u8>) {
    let (iw, ih) = (i64::from(img.width()), i64::from(img.height()));
    for y in (cy - r).max(0)..(cy + r + 1).min(ih) {
        for x in (cx - r).max(0)..(cx + r + 1).min(iw) {
            if (x - cx).pow(2) + (y - cy).pow(2) <= r * r {
                img.put_pixel(x as u32, y as u32, colour);
            }
        }
    }
}

fn shade(c: Rgb<u8>, f: f32) -> Rgb<u8> {
    Rgb(c.0.map(|v| (f32::from(v) * f).clamp(0.0, 255.0) as u8))
}

/// A brick with studs on top, its sides shaded.
fn brick(img: &mut RgbImage, x: i64, y: i64, studs: i64, unit: i64, colour: Rgb<u8>) {
    let (w, h) = (studs * unit, unit * 6 / 5);
    fill_rect(img, x, y, w, h, shade(colour, 0.75));
    fill_rect(img, x + 2, y + 2, w - 4, h - 6, colour);
    for s in 0..studs {
        let cx = x + s * unit + unit / 2;
        fill_rect(img, cx - unit / 4, y - unit / 5, unit / 2, unit / 5 + 2, shade(colour, 0.85));
        fill_rect(img, cx - unit / 4 + 2, y - unit / 5, unit / 2 - 4, unit / 8, shade(colour, 1.15));
    }
}

fn jpeg(img: RgbImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    // Encoding an in-memory picture of a known size does not fail; an empty result is refused on upload.
    let _ = DynamicImage::ImageRgb8(img).write_to(&mut out, ImageFormat::Jpeg);
    out.into_inner()
}

/// A brick model on a baseplate in front of a sky: a tower, a stair or a little house, by the seed.
pub fn idea_picture(seed: u64) -> Vec<u8> {
    let (w, h) = (960u32, 720u32);
    let mut dice = Dice(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let hue = dice.below(360) as f32;
    let mut img = RgbImage::from_fn(w, h, |_, y| {
        let t = y as f32 / h as f32;
        hsl(hue + 20.0 * t, 0.45, 0.82 - 0.18 * t)
    });
    let unit: i64 = 40;
    let ground = i64::from(h) - 110;
    fill_rect(&mut img, 0, ground, i64::from(w), 110, hsl(120.0, 0.45, 0.38));
    for s in 0..(i64::from(w) / unit) {
        fill_circle(&mut img, s * unit + unit / 2, ground + 12, 7, hsl(120.0, 0.45, 0.46));
    }
    let palette = [
        hsl(0.0, 0.75, 0.5),
        hsl(45.0, 0.9, 0.55),
        hsl(210.0, 0.7, 0.45),
        hsl(30.0, 0.8, 0.5),
        hsl(280.0, 0.5, 0.5),
        Rgb([240, 240, 235]),
    ];
    let shape = dice.below(3);
    let rows = 5 + dice.below(4) as i64;
    let centre = i64::from(w) / 2 + (dice.below(200) as i64 - 100);
    for row in 0..rows {
        let width_studs = match shape {
            0 => 4,
            1 => (rows - row) * 2 + 2,
            _ => {
                if row < rows - 2 {
                    8
                } else {
                    8 - (row - rows + 3) * 3
                }
            }
        }
        .max(2);
        let y = ground - (row + 1) * (unit * 6 / 5);
        let mut x = centre - width_studs * unit / 2;
        let mut left = width_studs;
        while left > 0 {
            let len = (2 + dice.below(3) as i64).min(left);
            let colour = palette[dice.below(palette.len() as u64) as usize];
            brick(&mut img, x, y, len, unit, colour);
            x += len * unit;
            left -= len;
        }
    }
    fill_circle(&mut img, i64::from(w) - 120, 110, 50, hsl(50.0, 0.95, 0.65));
    jpeg(img)
}

/// A product package: a box with a coloured band and a round label.
pub fn product_picture(seed: u64) -> Vec<u8> {
    let (w, h) = (960u32, 960u32);
    let mut dice = Dice(seed.wrapping_mul(0x2545_f491_4f6c_dd1d) | 1);
    let hue = dice.below(360) as f32;
    let mut img = RgbImage::from_pixel(w, h, hsl(hue, 0.15, 0.94));
    let (bx, by, bw, bh) = (200i64, 160i64, 560i64, 660i64);
    fill_rect(&mut img, bx + 24, by + 24, bw, bh, hsl(hue, 0.1, 0.8));
    fill_rect(&mut img, bx, by, bw, bh, hsl(hue, 0.55, 0.5));
    fill_rect(&mut img, bx, by + 120, bw, 140, hsl(hue + 180.0, 0.6, 0.55));
    fill_circle(&mut img, bx + bw / 2, by + 450, 130, Rgb([250, 250, 245]));
    fill_circle(&mut img, bx + bw / 2, by + 450, 100, hsl(hue + 30.0, 0.7, 0.45));
    for i in 0..(3 + dice.below(4) as i64) {
        fill_rect(&mut img, bx + 40, by + 40 + i * 14, 160 - i * 20, 8, Rgb([250, 250, 245]));
    }
    jpeg(img)
}

/// A member's portrait: a head and shoulders on a coloured ground.
pub fn member_picture(seed: u64) -> Vec<u8> {
    let (w, h) = (400u32, 400u32);
    let mut dice = Dice(seed.wrapping_mul(0xd1b5_4a32_d192_ed03) | 1);
    let hue = dice.below(360) as f32;
    let mut img = RgbImage::from_pixel(w, h, hsl(hue, 0.5, 0.72));
    let skin =
        [Rgb([241, 194, 160]), Rgb([198, 134, 96]), Rgb([141, 85, 50]), Rgb([224, 172, 125])][dice.below(4) as usize];
    fill_circle(&mut img, 200, 460, 190, hsl(hue + 150.0, 0.5, 0.4));
    fill_rect(&mut img, 170, 220, 60, 70, skin);
    fill_circle(&mut img, 200, 170, 90, skin);
    let hair = [Rgb([40, 30, 25]), Rgb([120, 70, 30]), Rgb([200, 160, 90]), Rgb([90, 90, 95])][dice.below(4) as usize];
    for y in 70..130i64 {
        for x in 110..290i64 {
            if (x - 200).pow(2) + (y - 170).pow(2) <= 92 * 92 && y < 120 + ((x - 200).abs() / 6) {
                img.put_pixel(x as u32, y as u32, hair);
            }
        }
    }
    fill_circle(&mut img, 170, 175, 8, Rgb([40, 40, 40]));
    fill_circle(&mut img, 230, 175, 8, Rgb([40, 40, 40]));
    fill_rect(&mut img, 180, 215, 40, 6, shade(skin, 0.7));
    jpeg(img)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_pictures_are_real_pictures_and_differ() {
        for bytes in [idea_picture(1), idea_picture(2), product_picture(3), member_picture(4)] {
            let decoded = image::load_from_memory(&bytes).unwrap();
            assert!(decoded.width() >= 400);
        }
        assert_ne!(idea_picture(1), idea_picture(2));
        assert_eq!(idea_picture(7), idea_picture(7));
    }
}

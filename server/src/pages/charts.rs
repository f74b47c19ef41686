//! The geometry of the dashboard's two charts, which the page draws as SVG:
//! a nice value axis, columns side by side, and the funnel's centred rows.
//! Presentation only, and pure: unit-tested below.

use serde::Serialize;

/// A value axis from 0: its top, the step between ticks, and the ticks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Axis {
    pub top: i64,
    pub step: i64,
    pub ticks: Vec<i64>,
}

/// A "nice" integer axis for counts up to `max`, with at most about
/// `max_ticks` steps: the step is 1, 2 or 5 times a power of ten, the top the
/// first multiple of the step at or above `max` (at least one step).
pub fn axis(max: i64, max_ticks: i64) -> Axis {
    let max = max.max(1);
    let max_ticks = max_ticks.max(1);
    let raw = (max + max_ticks - 1) / max_ticks;
    let mut magnitude = 1i64;
    while magnitude.saturating_mul(10) <= raw {
        magnitude = magnitude.saturating_mul(10);
    }
    let step = [1, 2, 5, 10].iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(10 * magnitude);
    let top = (max + step - 1) / step * step;
    let ticks = (0..=top / step).map(|i| i * step).collect();
    Axis { top, step, ticks }
}

/// The drawing area of a chart: its size and the margins around the plot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl Frame {
    pub fn plot_width(&self) -> f64 {
        (self.width - self.left - self.right).max(0.0)
    }
    pub fn plot_height(&self) -> f64 {
        (self.height - self.top - self.bottom).max(0.0)
    }
    /// The y of the plot's bottom edge (the baseline of columns).
    pub fn baseline(&self) -> f64 {
        self.top + self.plot_height()
    }
}

/// SVG coordinates with one decimal: short markup, no visible loss.
fn r1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// The horizontal middle (for a label under a column).
    pub cx: f64,
    /// The vertical middle (for a label beside a row's bar).
    pub cy: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Tick {
    pub value: i64,
    pub y: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Columns {
    pub bars: Vec<Bar>,
    pub ticks: Vec<Tick>,
    pub baseline: f64,
}

/// Vertical columns side by side over the plot, one slot per value, scaled to
/// a nice axis; each column fills `fill` (0–1) of its slot, centred.
pub fn columns(values: &[i64], frame: &Frame, fill: f64, max_ticks: i64) -> Columns {
    let axis = axis(values.iter().copied().max().unwrap_or(0), max_ticks);
    let plot_h = frame.plot_height();
    let baseline = frame.baseline();
    let slot = if values.is_empty() { 0.0 } else { frame.plot_width() / values.len() as f64 };
    let bar_w = slot * fill.clamp(0.05, 1.0);
    let scale = |v: i64| plot_h * (v.max(0) as f64) / (axis.top as f64);
    let bars = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let h = scale(*v);
            let x = frame.left + slot * i as f64 + (slot - bar_w) / 2.0;
            Bar {
                x: r1(x),
                y: r1(baseline - h),
                width: r1(bar_w),
                height: r1(h),
                cx: r1(x + bar_w / 2.0),
                cy: r1(baseline - h / 2.0),
            }
        })
        .collect();
    let ticks = axis.ticks.iter().map(|t| Tick { value: *t, y: r1(baseline - scale(*t)) }).collect();
    Columns { bars, ticks, baseline: r1(baseline) }
}

/// Which of `n` day columns get a date under them: every `every`th counted
/// back from the last (today is always labelled).
pub fn labelled(i: usize, n: usize, every: usize) -> bool {
    let every = every.max(1);
    i < n && (n - 1 - i).checked_rem(every) == Some(0)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rows {
    pub bars: Vec<Bar>,
    /// The chart's height for these rows (the frame's height is ignored).
    pub height: f64,
}

/// Horizontal bars in rows of `row` height with `gap` between them, centred
/// over the plot's width so that the stages narrow like a funnel; the longest
/// value fills the width. A value above zero stays visible (at least 2 wide).
pub fn funnel_rows(values: &[i64], frame: &Frame, row: f64, gap: f64) -> Rows {
    let max = values.iter().copied().max().unwrap_or(0).max(1) as f64;
    let plot_w = frame.plot_width();
    let bars = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let w = if *v > 0 { (plot_w * (*v as f64) / max).max(2.0) } else { 0.0 };
            let x = frame.left + (plot_w - w) / 2.0;
            let y = frame.top + (row + gap) * i as f64;
            Bar { x: r1(x), y: r1(y), width: r1(w), height: r1(row), cx: r1(x + w / 2.0), cy: r1(y + row / 2.0) }
        })
        .collect();
    let n = values.len() as f64;
    let height = frame.top + frame.bottom + if values.is_empty() { 0.0 } else { n * row + (n - 1.0) * gap };
    Rows { bars, height: r1(height) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_axes() {
        let ticks = |max: i64| axis(max, 4).ticks;
        assert_eq!(ticks(0), vec![0, 1], "an empty chart still has an axis");
        assert_eq!(ticks(1), vec![0, 1]);
        assert_eq!(ticks(3), vec![0, 1, 2, 3]);
        assert_eq!(ticks(7), vec![0, 2, 4, 6, 8]);
        assert_eq!(ticks(10), vec![0, 5, 10]);
        assert_eq!(ticks(23), vec![0, 10, 20, 30]);
        assert_eq!(axis(100, 4), Axis { top: 100, step: 50, ticks: vec![0, 50, 100] });
        assert_eq!(axis(1234, 5), Axis { top: 1500, step: 500, ticks: vec![0, 500, 1000, 1500] });
        for max in 0..500 {
            let a = axis(max, 4);
            assert!(a.top >= max && a.ticks.len() <= 6 && a.ticks.len() >= 2, "{max}: {a:?}");
            assert_eq!(a.ticks.last().copied(), Some(a.top));
        }
    }

    const FRAME: Frame = Frame { width: 340.0, height: 140.0, left: 40.0, right: 0.0, top: 20.0, bottom: 20.0 };

    #[test]
    fn columns_scale_to_the_axis() {
        // Plot: x 40..340 (300 wide), y 20..120 (100 high); three slots of 100.
        let c = columns(&[0, 5, 10], &FRAME, 0.5, 2);
        assert_eq!(c.baseline, 120.0);
        assert_eq!(c.ticks.iter().map(|t| (t.value, t.y)).collect::<Vec<_>>(), vec![(0, 120.0), (5, 70.0), (10, 20.0)]);
        let bars: Vec<(f64, f64, f64, f64)> = c.bars.iter().map(|b| (b.x, b.y, b.width, b.height)).collect();
        assert_eq!(bars, vec![(65.0, 120.0, 50.0, 0.0), (165.0, 70.0, 50.0, 50.0), (265.0, 20.0, 50.0, 100.0)]);
        assert_eq!(c.bars[1].cx, 190.0);
        // The top of the axis is nice, not the largest value: 7 of 8.
        let c = columns(&[7], &FRAME, 1.0, 4);
        assert_eq!((c.bars[0].y, c.bars[0].height), (32.5, 87.5));
        assert!(columns(&[], &FRAME, 0.5, 4).bars.is_empty());
    }

    #[test]
    fn every_seventh_day_is_labelled_ending_today() {
        let marked: Vec<usize> = (0..30).filter(|i| labelled(*i, 30, 7)).collect();
        assert_eq!(marked, vec![1, 8, 15, 22, 29]);
        assert!(!labelled(30, 30, 7));
        assert!(labelled(0, 1, 7));
    }

    #[test]
    fn funnel_rows_are_centred_and_scaled_to_the_widest() {
        // Plot width 300 from x = 40.
        let rows = funnel_rows(&[10, 5, 1, 0], &FRAME, 30.0, 10.0);
        let geo: Vec<(f64, f64, f64)> = rows.bars.iter().map(|b| (b.x, b.y, b.width)).collect();
        assert_eq!(geo, vec![(40.0, 20.0, 300.0), (115.0, 60.0, 150.0), (175.0, 100.0, 30.0), (190.0, 140.0, 0.0)]);
        assert!(rows.bars.iter().all(|b| b.cx == 190.0 && b.height == 30.0));
        assert_eq!(rows.bars[1].cy, 75.0);
        assert_eq!(rows.height, 20.0 + 20.0 + 4.0 * 30.0 + 3.0 * 10.0);
        // A tiny value stays visible; nothing at all draws nothing.
        let tiny = funnel_rows(&[1000, 1], &FRAME, 30.0, 10.0);
        assert_eq!(tiny.bars[1].width, 2.0);
        let none = funnel_rows(&[0, 0], &FRAME, 30.0, 10.0);
        assert!(none.bars.iter().all(|b| b.width == 0.0));
    }
}

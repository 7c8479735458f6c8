//! Which rows of a long table are in the DOM: those in view plus a margin above and below,
//! so a table of 100,000 lines costs as much to render as one of fifty.

/// Rows `start..end` of `total`, for a viewport `height` px tall scrolled to `scroll_top`,
/// with rows `row_height` px tall and `overscan` extra rows on each side.
pub fn visible(
    scroll_top: f64,
    height: f64,
    row_height: f64,
    total: usize,
    overscan: usize,
) -> (usize, usize) {
    if total == 0 || row_height <= 0.0 || !scroll_top.is_finite() || !height.is_finite() {
        return (0, total.min(overscan));
    }
    let first = (scroll_top.max(0.0) / row_height).floor() as usize;
    let shown = ((height.max(0.0) / row_height).ceil() as usize).saturating_add(1);
    let start = first.saturating_sub(overscan).min(total);
    // Saturating: a scroll position from the DOM can be any finite number.
    let end = first.saturating_add(shown).saturating_add(overscan).min(total);
    (start, end.max(start))
}

#[cfg(test)]
mod tests {
    use super::visible;

    #[test]
    fn only_the_rows_in_view_and_a_margin() {
        assert_eq!(visible(0.0, 480.0, 32.0, 100_000, 10), (0, 26));
        assert_eq!(visible(32_000.0, 480.0, 32.0, 100_000, 10), (990, 1026));
        assert_eq!(visible(1e300, 1e300, 0.5, 100, 10), (100, 100), "far past the end");
        assert_eq!(
            visible(3_199_520.0, 480.0, 32.0, 100_000, 10),
            (99_975, 100_000),
            "scrolled to the bottom"
        );
        assert_eq!(visible(1e12, 480.0, 32.0, 100, 10), (100, 100));
        assert_eq!(visible(f64::NAN, 480.0, 32.0, 100, 10), (0, 10));
        assert_eq!(visible(0.0, 480.0, 32.0, 0, 10), (0, 0));
    }
}

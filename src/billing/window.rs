//! Which rows of a long table are in the DOM: those in view plus a margin above and below,
//! so a table of 100,000 lines costs as much to render as one of fifty.

/// Extra rows drawn outside the view, so that a scroll the compositor runs ahead of the
/// page does not show blank space.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overscan {
    pub above: usize,
    pub below: usize,
}

impl Overscan {
    /// `ahead` rows in the direction of the scroll and one behind (where the view came from,
    /// and a scroll that turns back starts): every row drawn costs the same on each jump, and
    /// rows behind a scroll are the ones it will not need.
    pub fn toward(down: bool, ahead: usize) -> Overscan {
        if down {
            Overscan { above: 1, below: ahead }
        } else {
            Overscan { above: ahead, below: 1 }
        }
    }
}

/// Rows `start..end` of `total`, for a viewport `height` px tall scrolled to `scroll_top`,
/// with rows `row_height` px tall and `overscan` extra rows above and below.
pub fn visible(
    scroll_top: f64,
    height: f64,
    row_height: f64,
    total: usize,
    overscan: Overscan,
) -> (usize, usize) {
    if total == 0 || row_height <= 0.0 || !scroll_top.is_finite() || !height.is_finite() {
        return (0, total.min(overscan.below));
    }
    let first = (scroll_top.max(0.0) / row_height).floor() as usize;
    let shown = ((height.max(0.0) / row_height).ceil() as usize).saturating_add(1);
    let start = first.saturating_sub(overscan.above).min(total);
    // Saturating: a scroll position from the DOM can be any finite number.
    let end = first.saturating_add(shown).saturating_add(overscan.below).min(total);
    (start, end.max(start))
}

#[cfg(test)]
mod tests {
    use super::{visible, Overscan};

    const TEN: Overscan = Overscan { above: 10, below: 10 };

    #[test]
    fn only_the_rows_in_view_and_a_margin() {
        assert_eq!(visible(0.0, 480.0, 32.0, 100_000, TEN), (0, 26));
        assert_eq!(visible(32_000.0, 480.0, 32.0, 100_000, TEN), (990, 1026));
        assert_eq!(visible(1e300, 1e300, 0.5, 100, TEN), (100, 100), "far past the end");
        assert_eq!(
            visible(3_199_520.0, 480.0, 32.0, 100_000, TEN),
            (99_975, 100_000),
            "scrolled to the bottom"
        );
        assert_eq!(visible(1e12, 480.0, 32.0, 100, TEN), (100, 100));
        assert_eq!(visible(f64::NAN, 480.0, 32.0, 100, TEN), (0, 10));
        assert_eq!(visible(0.0, 480.0, 32.0, 0, TEN), (0, 0));
    }

    #[test]
    fn the_margin_lies_ahead_of_the_scroll() {
        // Rows 1000..1016 are in view (480 px of 32 px rows, and the one half shown).
        let down = Overscan::toward(true, 6);
        let up = Overscan::toward(false, 6);
        assert_eq!(visible(32_000.0, 480.0, 32.0, 100_000, down), (999, 1022));
        assert_eq!(visible(32_000.0, 480.0, 32.0, 100_000, up), (994, 1017));
        assert_eq!(visible(0.0, 480.0, 32.0, 100_000, up), (0, 17), "at the top");
    }
}

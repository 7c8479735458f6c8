//! The scroll state of a long table that holds only the rows in view (plus a margin) between
//! two spacers as tall as the rows left out: shared by the invoice lines and the bulk check.

use leptos::prelude::*;

use crate::billing::window::{self, Overscan};
use crate::i18n::Locale;

/// Every row is this tall (the stylesheet sets it: `tr.iline`, `table.plan-rows td`), and
/// the scroller this high.
pub const ROW_PX: f64 = 32.0;
pub const VIEW_PX: f64 = 480.0;
/// Rows drawn beyond the view in the direction of the scroll (one behind it).
const AHEAD: usize = 6;

#[derive(Clone, Copy)]
pub struct VirtualRows {
    /// The rows shown, in order: indexes into the page's data.
    shown: Memo<Vec<u32>>,
    scroll: RwSignal<f64>,
    /// Whether the last scroll went down (the way a table is first read).
    down: RwSignal<bool>,
    /// The scrolling element, to be given `node_ref`.
    pub scroller: NodeRef<leptos::html::Div>,
    /// Positions `start..end` of the rows to draw.
    range: Memo<(usize, usize)>,
}

impl VirtualRows {
    /// Over the rows `shown`; back at the top whenever what `reset` reads changes (a new
    /// filter or order).
    pub fn new(shown: Memo<Vec<u32>>, reset: impl Fn() + 'static) -> VirtualRows {
        let scroll = RwSignal::new(0.0f64);
        let down = RwSignal::new(true);
        let scroller = NodeRef::<leptos::html::Div>::new();
        Effect::new(move |_| {
            reset();
            if let Some(el) = scroller.get_untracked() {
                el.set_scroll_top(0);
            }
            scroll.set(0.0);
            down.set(true);
        });
        let range = Memo::new(move |_| {
            let overscan = Overscan::toward(down.get(), AHEAD);
            window::visible(scroll.get(), VIEW_PX, ROW_PX, shown.with(Vec::len), overscan)
        });
        VirtualRows { shown, scroll, down, scroller, range }
    }

    /// For the scroller's `on:scroll`.
    pub fn scrolled(self, ev: leptos::ev::Event) {
        let top = event_target::<web_sys::Element>(&ev).scroll_top() as f64;
        let before = self.scroll.get_untracked();
        if top != before {
            let down = top > before;
            if down != self.down.get_untracked() {
                self.down.set(down);
            }
            self.scroll.set(top);
        }
    }

    /// The number of rows shown.
    pub fn shown_count(self) -> usize {
        self.shown.with(Vec::len)
    }

    /// The rows to draw, for a `<For>`: (position among those shown, the row's index,
    /// locale), so that a row is drawn again when its place or the language changes.
    pub fn in_view(self, locale: Locale) -> Vec<(usize, u32, Locale)> {
        let (start, end) = self.range.get();
        self.shown.with(|s| (start..end.min(s.len())).map(|p| (p, s[p], locale)).collect())
    }

    /// The height of the spacer above the rows drawn.
    pub fn above(self) -> String {
        format!("{}px", self.range.get().0 as f64 * ROW_PX)
    }

    /// The height of the spacer below the rows drawn.
    pub fn below(self) -> String {
        format!("{}px", self.shown_count().saturating_sub(self.range.get().1) as f64 * ROW_PX)
    }
}

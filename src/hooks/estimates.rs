//! `use_estimates`: the cart's estimates, kept current. Reads the price-book shelves held
//! for the customer's market and the rows of the cart's SKUs (again when the SKUs, not the
//! quantities, change), fetches each needed price sheet not yet held for this month (once
//! per page life unless asked again), and estimates every line (`pricing::estimate`).

use std::collections::HashMap;

use leptos::prelude::*;
use procura_partner_center::pricesheet::{PriceRow, View};
use procura_price_book::{Meta, ShelfKey, Source};
use procura_rules::ProductKind;

use crate::api::use_partner_api_client;
use crate::pricing::book::{self, SheetFailure, SheetState};
use crate::pricing::estimate::{estimate, LineEstimate};
use crate::state::use_purchase;

type Shelves = Vec<(Meta, Vec<PriceRow>)>;

#[derive(Clone, Copy)]
pub struct Estimates {
    /// One per draft line, in order.
    pub lines: Memo<Vec<LineEstimate>>,
    /// The price sheets the cart needs, and how each stands.
    pub sheets: Memo<Vec<(View, SheetState)>>,
    pub market: Memo<String>,
}

#[derive(Clone, Default, PartialEq)]
struct Fetch {
    running: bool,
    failure: Option<SheetFailure>,
}

pub fn use_estimates() -> Estimates {
    let purchase = use_purchase();
    let client = StoredValue::new_local(use_partner_api_client());
    let market =
        Memo::new(move |_| purchase.draft.with(|d| d.customer.country.to_ascii_uppercase()));
    // What the lookup depends on: the SKUs and their kinds, not quantities or terms.
    let wanted = Memo::new(move |_| {
        purchase.draft.with(|d| {
            let mut v: Vec<(String, ProductKind)> =
                d.lines.iter().map(|l| (l.catalog_item_id.clone(), l.kind)).collect();
            v.sort_by(|a, b| a.0.cmp(&b.0));
            v.dedup();
            v
        })
    });
    let held = RwSignal::new(Vec::<Meta>::new());
    let rows = RwSignal::new(HashMap::<String, Shelves>::new());
    let fetches = RwSignal::new(HashMap::<View, Fetch>::new());
    let version = RwSignal::new(0u32);

    Effect::new(move |_| {
        let (market, _, _) = (market.get(), wanted.get(), version.get());
        let lines = purchase.draft.get_untracked().lines;
        leptos::task::spawn_local(async move {
            let shelves = book::held(&market).await;
            let per_line = book::shelves_for(&lines, &shelves).await;
            let by_item: HashMap<String, Shelves> =
                lines.iter().map(|l| l.catalog_item_id.clone()).zip(per_line).collect();
            held.try_set(shelves.clone());
            rows.try_set(by_item);
            let now = book::this_month();
            for view in book::needed_views(&lines) {
                // The page may have been left while the shelves were read.
                let Some(c) = client.try_get_value() else { return };
                if market.is_empty() || !book::claim_fetch(&market, view, &shelves, now, false) {
                    continue;
                }
                fetches.try_update(|f| {
                    f.insert(view, Fetch { running: true, failure: None });
                });
                let m = market.clone();
                leptos::task::spawn_local(async move {
                    let result = book::fetch_sheet(&c, &m, view).await;
                    fetches.try_update(|f| {
                        f.insert(view, Fetch { running: false, failure: result.err() });
                    });
                    version.try_update(|v| *v += 1);
                });
            }
        });
    });

    let lines = Memo::new(move |_| {
        let now = book::this_month();
        rows.with(|rows| {
            purchase.draft.with(|d| {
                d.lines
                    .iter()
                    .map(|l| {
                        let shelves = rows.get(&l.catalog_item_id).map_or(&[][..], Vec::as_slice);
                        estimate(l, shelves, now)
                    })
                    .collect()
            })
        })
    });
    let sheets = Memo::new(move |_| {
        let now = book::this_month();
        let market = market.get();
        purchase
            .draft
            .with(|d| book::needed_views(&d.lines))
            .into_iter()
            .map(|view| {
                let key = ShelfKey::new(&market, Source::Sheet(view));
                let meta = held.with(|h| h.iter().find(|m| m.key == key).cloned());
                let fetch = fetches.with(|f| f.get(&view).cloned()).unwrap_or_default();
                // A failure may come from an earlier page (the attempt is not repeated).
                let failure = fetch.failure.or_else(|| book::last_failure(&market, view, now));
                let state = match (meta, fetch.running, failure) {
                    (Some(m), _, _) if !m.is_stale(now) => SheetState::Fresh(m),
                    (Some(meta), refreshing, failure) => {
                        SheetState::Stale { meta, refreshing, failure }
                    }
                    (None, false, Some(f)) => SheetState::Missing(f),
                    (None, _, _) => SheetState::Fetching,
                };
                (view, state)
            })
            .collect()
    });
    Estimates { lines, sheets, market }
}

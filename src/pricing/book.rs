//! The page's use of the price book: which shelves a cart needs, fetching a market's price
//! sheet once per month (through the worker), importing a price list, and reading the rows
//! of the cart's SKUs. IndexedDB lives only in the browser; natively every read is empty.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use procura_partner_center::pricesheet::{Month, PriceRow, View};
use procura_price_book::{Expect, ImportError, Meta, ShelfKey, Source};

use super::estimate::{sku_of, sources_for};
use crate::api::{Client, Failure};
use crate::browser;
use crate::purchase::DraftLine;

/// Why a price sheet is not on its shelf.
#[derive(Clone, Debug, PartialEq)]
pub enum SheetFailure {
    /// The Partner API did not give it (no token or consent, not served, unreachable).
    Fetch(Failure),
    /// It came but could not be read or kept.
    Import(ImportError),
}

impl SheetFailure {
    /// The Partner API answered 404: it has no such sheet (the `software` view, today).
    pub fn is_not_served(&self) -> bool {
        matches!(self, SheetFailure::Fetch(Failure::Service { status: 404, .. }))
    }
}

/// The month of `ms` (ms since the epoch); January 1970 for a clock out of range.
pub fn month_at(ms: i64) -> Month {
    Month::of_ms(ms).unwrap_or(Month { year: 1970, month: 1 })
}

/// This month, by the browser's clock.
pub fn this_month() -> Month {
    month_at(browser::now_ms())
}

/// How a needed price sheet stands.
#[derive(Clone, Debug, PartialEq)]
pub enum SheetState {
    Fresh(Meta),
    /// From an earlier month; `refreshing` while this month's is fetched.
    Stale {
        meta: Meta,
        refreshing: bool,
        failure: Option<SheetFailure>,
    },
    Fetching,
    Missing(SheetFailure),
}

/// The price sheets a cart fetches by itself for its lines (views of the Partner API), in a
/// stable order. Not `software`: the page says current data has none, so it is fetched only
/// when the partner asks (Prices page), and used when held.
pub fn needed_views(lines: &[DraftLine]) -> Vec<View> {
    let views: BTreeSet<View> = lines
        .iter()
        .flat_map(|l| sources_for(l.kind))
        .filter_map(|s| match s {
            Source::Sheet(View::Software) | Source::Imported => None,
            Source::Sheet(v) => Some(*v),
        })
        .collect();
    views.into_iter().collect()
}

/// The shelves held for `market` (none where storage cannot be read).
pub async fn held(market: &str) -> Vec<Meta> {
    #[cfg(target_arch = "wasm32")]
    {
        let market = market.trim().to_ascii_uppercase();
        let mut all = procura_price_book::db::shelves().await.unwrap_or_default();
        all.retain(|m| market.is_empty() || m.key.market == market);
        all.sort_by(|a, b| a.key.cmp(&b.key));
        all
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = market;
        Vec::new()
    }
}

type Attempt = (String, View, Month);

thread_local! {
    /// Fetches under way (`None`) or failed (`Some`) in this page's life, per market, view and
    /// month: a failure is not retried on every render, only when the partner asks. A success
    /// leaves no entry, so a sheet removed later is fetched again.
    static TRIED: RefCell<HashMap<Attempt, Option<SheetFailure>>> = RefCell::new(HashMap::new());
}

fn attempt(market: &str, view: View, now: Month) -> Attempt {
    (market.trim().to_ascii_uppercase(), view, now)
}

/// Whether `view` for `market` is to be fetched now (not held for this month, and neither
/// under way nor failed this month, unless `again`); if so it is marked under way at once, so
/// two renders in a row start one fetch, not two.
pub fn claim_fetch(market: &str, view: View, held: &[Meta], now: Month, again: bool) -> bool {
    let fresh = held
        .iter()
        .any(|m| m.key == ShelfKey::new(market, Source::Sheet(view)) && !m.is_stale(now));
    let key = attempt(market, view, now);
    TRIED.with(|t| {
        let mut t = t.borrow_mut();
        let go = !fresh && (again || !t.contains_key(&key));
        if go {
            t.insert(key, None);
        }
        go
    })
}

/// Why this month's sheet could not be had, when its last attempt failed.
pub fn last_failure(market: &str, view: View, now: Month) -> Option<SheetFailure> {
    TRIED.with(|t| t.borrow().get(&attempt(market, view, now)).cloned().flatten())
}

/// Fetches this month's sheet of `view` for `market` and puts it on its shelf (in the worker).
/// An earlier month's shelf stays as it was until this succeeds.
pub async fn fetch_sheet(client: &Client, market: &str, view: View) -> Result<Meta, SheetFailure> {
    let now_ms = browser::now_ms();
    let month = month_at(now_ms);
    let key = attempt(market, view, month);
    TRIED.with(|t| t.borrow_mut().insert(key.clone(), None));
    let result = match client.price_sheet(market, view).await {
        Ok(bytes) => {
            let expect = Expect {
                key: ShelfKey::new(market, Source::Sheet(view)),
                currency: None,
                month,
                stored_ms: now_ms,
                name: view.as_wire().to_string(),
            };
            super::worker::import(bytes, expect).await.map_err(SheetFailure::Import)
        }
        Err(f) => Err(SheetFailure::Fetch(f)),
    };
    TRIED.with(|t| match &result {
        // A page left mid-fetch is not a failure: the next page asks again.
        Ok(_) | Err(SheetFailure::Fetch(Failure::Cancelled)) => t.borrow_mut().remove(&key),
        Err(f) => t.borrow_mut().insert(key, Some(f.clone())),
    });
    result
}

/// Imports a price list the partner downloaded, for `market` in `currency`: refused, with
/// nothing replaced, if it is not a price list or is for another market or currency.
pub async fn import_list(
    bytes: Vec<u8>,
    name: &str,
    market: &str,
    currency: &str,
) -> Result<Meta, ImportError> {
    let now_ms = browser::now_ms();
    let expect = Expect {
        key: ShelfKey::new(market, Source::Imported),
        currency: Some(currency.trim().to_ascii_uppercase()).filter(|c| !c.is_empty()),
        month: month_at(now_ms),
        stored_ms: now_ms,
        name: name.to_string(),
    };
    super::worker::import(bytes, expect).await
}

/// Takes a shelf away.
pub async fn remove(key: &ShelfKey) -> Result<(), String> {
    #[cfg(target_arch = "wasm32")]
    {
        procura_price_book::db::remove(key).await
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = key;
        Ok(())
    }
}

/// For each line, the shelves of `held` that could price it, with that SKU's rows on each,
/// in the order [`sources_for`] prefers.
pub async fn shelves_for(lines: &[DraftLine], held: &[Meta]) -> Vec<Vec<(Meta, Vec<PriceRow>)>> {
    let mut out: Vec<Vec<(Meta, Vec<PriceRow>)>> = vec![Vec::new(); lines.len()];
    for meta in held {
        let wanted: Vec<(usize, (String, String))> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| sources_for(l.kind).contains(&meta.key.source))
            .filter_map(|(i, l)| sku_of(l).map(|s| (i, s)))
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let skus: Vec<(String, String)> = wanted.iter().map(|(_, s)| s.clone()).collect();
        let rows = read_rows(&meta.key, &skus).await;
        for ((i, _), rows) in wanted.into_iter().zip(rows) {
            out[i].push((meta.clone(), rows));
        }
    }
    for (line, shelves) in lines.iter().zip(out.iter_mut()) {
        let order = sources_for(line.kind);
        shelves.sort_by_key(|(m, _)| order.iter().position(|s| *s == m.key.source));
    }
    out
}

async fn read_rows(key: &ShelfKey, skus: &[(String, String)]) -> Vec<Vec<PriceRow>> {
    #[cfg(target_arch = "wasm32")]
    {
        procura_price_book::db::rows(key, skus)
            .await
            .unwrap_or_else(|_| vec![Vec::new(); skus.len()])
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = key;
        vec![Vec::new(); skus.len()]
    }
}

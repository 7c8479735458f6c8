//! A deterministic mix of purchase intents (every kind, markets in and out of the tables,
//! good and bad terms, quantities and prerequisites), for benchmarks on every platform.

use crate::country::Country;
use crate::intent::{AvailabilityFacts, Currency, Market, PurchaseIntent, Segment};
use crate::kind::{Cloud, ProductKind};
use crate::term::{BillingCycle, Term};

/// `n` intents; the same `n` gives the same list everywhere.
pub fn intents(n: usize) -> Vec<PurchaseIntent<'static>> {
    let countries: Vec<Country> =
        ["JP", "TW", "SE", "US", "DE", "BR", "CN", "RU", "BQ", "XK", "GB", "FR"]
            .iter()
            .filter_map(|c| Country::parse(c))
            .collect();
    let terms: Vec<Term> = Term::all().collect();
    let cycles: Vec<BillingCycle> = BillingCycle::all().collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        // xorshift64: fast, deterministic, good enough to mix cases.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    // Index in u64 before narrowing: `usize` is 32 bits on wasm32, and the list must be
    // the same on every platform.
    let pick = |r: u64, len: usize| (r % len as u64) as usize;
    (0..n)
        .map(|_| {
            let r = next();
            let kind = ProductKind::ALL[(r % 5) as usize];
            let mut i = PurchaseIntent::new(kind);
            let country = countries[pick(r >> 8, countries.len())];
            i.customer = Market {
                country: Some(country),
                currency: Currency::parse("USD"),
                segment: Some(Segment::Commercial),
            };
            i.cloud = if r >> 16 & 15 == 0 { Cloud::China } else { Cloud::Global };
            i.term = Some(terms[pick(r >> 20, terms.len())]);
            i.billing = Some(cycles[pick(r >> 24, cycles.len())]);
            i.quantity = Some((r >> 28 & 63) as i64 - 2);
            i.sku.max_quantity = Some(50);
            i.inventory_checked = Some(r >> 34 & 1 == 1);
            i.subscription_registered = Some(r >> 35 & 1 == 1);
            i.partner_qualified = Some(r >> 36 & 1 == 1);
            i.parent_subscription =
                (r >> 37 & 1 == 1).then_some("1C2B75C1-74A5-472A-A729-7F8CEFC477F9");
            if r >> 38 & 1 == 1 {
                i.availability = Some(AvailabilityFacts {
                    market: i.customer,
                    terms: Some(terms.iter().copied().filter(|t| t.months() >= 12).collect()),
                });
            }
            i
        })
        .collect()
}

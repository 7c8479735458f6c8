//! Hostile values from a server, structure-aware: every JSON example of the reference pages
//! (the shapes the app decodes) is mutated field by field with values at the edges of their
//! types (amounts past `Decimal::MAX`, counts past `i64`, dates out of range, hostile text,
//! wrong types, missing fields, long arrays), decoded as the app decodes it, and whatever
//! decodes is passed through every domain function a page calls with it. Nothing may panic:
//! a panic in wasm stops the whole page.
//!
//! `PROCURA_FUZZ_CASES` sets the number of cases (default 3,000; `cargo xtask bench` runs a
//! million in release). The figure is printed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]
#![cfg(not(target_arch = "wasm32"))]

use std::sync::atomic::{AtomicU64, Ordering};

use procura::billing::{chart, dues, export, lines, providers};
use procura::orders::{cancellation, entitlements, listing, provisioning, recent};
use procura::purchase::{
    addon, facts, placed, sku_form, verdict, CartDraft, CheckoutOutcome, CustomerRef, DraftLine,
    PartnerFacts,
};
use procura_partner_center as pc;
use proptest::prelude::*;
use serde_json::{json, Value};

/// The reference pages' examples, by the type the app reads them as.
const EXAMPLES: &[(&str, &str)] = &[
    ("order", include_str!("../crates/partner-center/tests/examples/create-an-order.2.response.json")),
    ("order", include_str!("../crates/partner-center/tests/examples/purchase-an-add-on-to-a-subscription.2.response.json")),
    ("orders", include_str!("../crates/partner-center/tests/examples/get-all-of-a-customer-s-orders.1.response.json")),
    ("cart", include_str!("../crates/partner-center/tests/examples/create-a-cart.2.response.json")),
    ("cart", include_str!("../crates/partner-center/tests/examples/create-a-cart-with-add-ons.2.response.json")),
    ("checkout", include_str!("../crates/partner-center/tests/examples/checkout-a-cart.1.response.json")),
    ("invoices", include_str!("../crates/partner-center/tests/examples/get-a-collection-of-invoices.1.response.json")),
    ("invoice", include_str!("../crates/partner-center/tests/examples/get-invoice-by-id.1.response.json")),
    ("lines", include_str!("../crates/partner-center/tests/examples/get-invoiceline-items.5.response.json")),
    ("lines", include_str!("../crates/partner-center/tests/examples/get-invoice-unbilled-recon-lineitems.1.response.json")),
    ("provisioning", include_str!("../crates/partner-center/tests/examples/get-order-provisioning-status.1.response.json")),
    ("skus", include_str!("../crates/partner-center/tests/examples/get-a-list-of-skus-for-a-product.1.response.json")),
    ("sku", include_str!("../crates/partner-center/tests/examples/get-a-sku-by-id.1.response.json")),
    ("product", include_str!("../crates/partner-center/tests/examples/get-a-product-by-id.1.response.json")),
    ("availabilities", include_str!("../crates/partner-center/tests/examples/get-a-list-of-availabilities-for-a-sku.1.response.json")),
    ("availability", include_str!("../crates/partner-center/tests/examples/get-an-availability-by-id.1.response.json")),
    ("inventory", include_str!("../crates/partner-center/tests/examples/check-inventory.2.response.json")),
    ("entitlements", include_str!("../crates/partner-center/tests/examples/get-a-collection-of-entitlements.1.response.json")),
    ("summaries", include_str!("../crates/partner-center/tests/examples/get-invoice-summaries.1.response.json")),
    ("error", include_str!("../crates/partner-center/tests/examples/api-throttling-guidance.1.response.json")),
];

/// Values at the edges of what a field holds, and of what JSON can say.
fn hostile() -> Vec<Value> {
    let long = "ｱ".repeat(20_000);
    let numbers = [
        "0",
        "-1",
        "9223372036854775807",
        "-9223372036854775808",
        "18446744073709551615",
        "18446744073709551616",
        "1e308",
        "-1e308",
        "79228162514264337593543950335",
        "79228162514264337593543950336",
        "-79228162514264337593543950335",
        "1e28",
        "0.0000000000000000000000000001",
        "12345678901234567.89",
        "4.9e-324",
    ];
    let mut v: Vec<Value> = numbers.iter().map(|n| serde_json::from_str(n).unwrap()).collect();
    v.extend(numbers.iter().map(|n| Value::String((*n).into())));
    v.extend(
        [
            "",
            " ",
            "<script>alert(1)</script>",
            "\u{202e}evil\u{202c}",
            "\u{0}",
            "🇸🇪👩‍👩‍👧",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.9999999Z",
            "+275760-09-13T00:00:00Z",
            "2026-02-30",
            "not a date",
            "P99999999Y",
            "P-1M",
            "PT0S",
            "one_time",
            "OneTime",
            "monthly",
            "NaN",
            "Infinity",
            "javascript:alert(1)",
        ]
        .map(|s| Value::String(s.into())),
    );
    v.extend([
        Value::String(long),
        Value::Null,
        Value::Bool(true),
        json!([]),
        json!({}),
        serde_json::from_str(&format!("{}1{}", "[".repeat(100), "]".repeat(100))).unwrap(),
        json!({"a": {"b": {"c": null}}}),
    ]);
    v
}

/// Every place in `v` a mutation can hit, as a path of keys and indices.
fn places(v: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(here.clone());
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                here.push(Step::Key(k.clone()));
                places(x, here, out);
                here.pop();
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                here.push(Step::Index(i));
                places(x, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn at<'a>(v: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(v, |v, s| match s {
        Step::Key(k) => v.get_mut(k.as_str()),
        Step::Index(i) => v.get_mut(*i),
    })
}

/// One mutation: replace the value at a place, remove it, or repeat an array's items.
fn mutate(doc: &mut Value, path: &[Step], how: usize, palette: &[Value]) {
    match how % (palette.len() + 2) {
        n if n < palette.len() => {
            if let Some(v) = at(doc, path) {
                *v = palette[n].clone();
            }
        }
        n if n == palette.len() => {
            // Removed: the field is absent, as when a service leaves it out.
            if let Some((Step::Key(k), parent)) = path.split_last() {
                if let Some(Value::Object(m)) = at(doc, parent) {
                    m.remove(k);
                }
            }
        }
        _ => {
            if let Some(Value::Array(a)) = at(doc, path) {
                if let Some(first) = a.first().cloned() {
                    a.extend(std::iter::repeat_n(first, 300));
                }
            }
        }
    }
}

fn decode<T: serde::de::DeserializeOwned>(doc: &Value) -> Option<T> {
    pc::from_slice(&serde_json::to_vec(doc).ok()?).ok()
}

static DECODED: AtomicU64 = AtomicU64::new(0);

fn customer() -> CustomerRef {
    CustomerRef { id: "c".into(), name: "n".into(), country: "JP".into() }
}

/// Runs what the pages run with a decoded value of each kind.
fn exercise(kind: &str, doc: &Value) {
    let now = 1_790_000_000_000;
    let ok = match kind {
        "order" | "orders" => {
            let orders: Vec<pc::Order> = if kind == "order" {
                decode::<pc::Order>(doc).into_iter().collect()
            } else {
                decode::<pc::Collection<pc::Order>>(doc).map(|c| c.items).unwrap_or_default()
            };
            for o in &orders {
                let lines: Vec<pc::OrderLineItem> =
                    cancellation::cancellable(o).into_iter().cloned().collect();
                let _ = cancellation::cancel_body(o.id.as_deref().unwrap_or(""), &lines);
                let _ = entitlements::line_name(o, "0");
                let _ = listing::BillingView::ALL.map(|v| v.keeps(o));
            }
            recent::record("c", &orders);
            let recents = recent::unlisted("c", &[]);
            for view in listing::BillingView::ALL {
                let mut rows = listing::merge(orders.clone(), &recents, view);
                for by in listing::SortBy::ALL {
                    listing::sort(&mut rows, by);
                }
            }
            let cart = pc::Cart::default();
            let _ = placed::placed_by(&cart, &orders);
            !orders.is_empty()
        }
        "cart" => decode::<pc::Cart>(doc).is_some_and(|cart| {
            let mut draft = CartDraft::new(customer());
            draft.lines = cart
                .line_items
                .iter()
                .map(|l| DraftLine {
                    catalog_item_id: l.catalog_item_id.clone(),
                    quantity: l.quantity,
                    ..Default::default()
                })
                .collect();
            draft.absorb(&cart);
            let _ = verdict::check(&draft, PartnerFacts::default());
            let _ = procura::purchase::groups::order_groups(&draft.lines);
            let _ = placed::placed_by(&cart, &[]);
            let _ = draft.to_cart();
            true
        }),
        "checkout" => decode::<pc::CartCheckoutResult>(doc).is_some_and(|r| {
            let outcome = CheckoutOutcome::of(&r);
            let mut draft = CartDraft::new(customer());
            draft.finish(outcome);
            let _ = placed::placed_by(&pc::Cart::default(), &r.orders);
            true
        }),
        "invoices" | "invoice" => {
            let invoices: Vec<pc::Invoice> = if kind == "invoice" {
                decode::<pc::Invoice>(doc).into_iter().collect()
            } else {
                decode::<pc::Collection<pc::Invoice>>(doc).map(|c| c.items).unwrap_or_default()
            };
            let _ = dues::dues(&invoices, now);
            for series in chart::monthly(&invoices, now) {
                let max = series.points.iter().filter_map(|(_, v)| *v).max().unwrap_or_default();
                let _ = chart::scale(max);
            }
            for i in &invoices {
                let _ = providers::one_time_share(i);
                let _ = dues::unpaid(i);
            }
            !invoices.is_empty()
        }
        "lines" => {
            let items: Vec<pc::LineItemBrief> = decode::<pc::Collection<pc::LineItemBrief>>(doc)
                .map(|c| c.items)
                .unwrap_or_default();
            // The full resource too, as the contract types read it.
            let _ = decode::<pc::Collection<pc::OneTimeInvoiceLineItem>>(doc);
            let mut table = lines::LineTable::default();
            table.extend(&items);
            table.extend(&items);
            let choices = table.choices();
            let filter = lines::Filter {
                customer_id: choices.customers.first().map(|(i, _)| i.to_string()),
                product_id: None,
                charge_type: choices.charge_types.first().map(|c| c.to_string()),
            };
            let mut totals = lines::RunningTotals::default();
            totals.update(&table.lines, &filter);
            for by in lines::Column::ALL {
                let _ = lines::view(
                    &table.lines,
                    &filter,
                    lines::Sort { by: Some(by), descending: true },
                );
            }
            let idx = lines::view(&table.lines, &lines::Filter::default(), lines::Sort::default());
            let text = export::to_text(&table.lines, &idx, &[""; export::COLUMNS], true);
            let _ = export::parse(&export::encode(&text));
            let _ = procura::billing::window::visible(
                1e300,
                1e300,
                0.5,
                table.len(),
                procura::billing::window::Overscan::toward(true, 20),
            );
            !items.is_empty()
        }
        "provisioning" => decode::<pc::Collection<pc::OrderLineItemProvisioningStatus>>(doc)
            .is_some_and(|c| {
                let _ = provisioning::is_final(&c.items);
                for l in &c.items {
                    let _ = provisioning::quantities(l);
                }
                true
            }),
        "skus" | "sku" | "product" | "availabilities" | "availability" => {
            let skus: Vec<pc::Sku> = match kind {
                "sku" => decode::<pc::Sku>(doc).into_iter().collect(),
                "skus" => {
                    decode::<pc::Collection<pc::Sku>>(doc).map(|c| c.items).unwrap_or_default()
                }
                _ => vec![pc::Sku::default()],
            };
            let availabilities: Vec<pc::Availability> = match kind {
                "availability" => decode::<pc::Availability>(doc).into_iter().collect(),
                "availabilities" => decode::<pc::Collection<pc::Availability>>(doc)
                    .map(|c| c.items)
                    .unwrap_or_default(),
                _ => vec![pc::Availability::default()],
            };
            let product = if kind == "product" { decode::<pc::Product>(doc) } else { None };
            let product = product.unwrap_or_default();
            for sku in &skus {
                let _ = facts::is_addon(sku);
                let _ = addon::fits(sku, "A:B");
                for view in ["OnlineServices", "Software", "Azure"] {
                    let _ = facts::product_kind(view, &product, sku);
                }
                for a in &availabilities {
                    let line_facts = facts::LineFacts::of(sku, a);
                    for term in &a.terms {
                        let _ = cancellation::refund_period_ms(term);
                    }
                    let mut draft = CartDraft::new(customer());
                    draft.lines.push(DraftLine {
                        catalog_item_id: a.catalog_item_id.clone(),
                        quantity: line_facts.min_quantity.unwrap_or(1),
                        facts: line_facts,
                        ..Default::default()
                    });
                    let _ = verdict::check(&draft, PartnerFacts::default());
                }
            }
            !skus.is_empty() || !availabilities.is_empty()
        }
        "inventory" => decode::<Vec<pc::InventoryItem>>(doc).is_some_and(|items| {
            let _ = sku_form::inventory_outcome(&items);
            true
        }),
        "entitlements" => decode::<pc::Collection<pc::Entitlement>>(doc).is_some(),
        "summaries" => decode::<pc::Collection<pc::InvoiceSummary>>(doc).is_some(),
        "error" => decode::<pc::ApiError>(doc).is_some_and(|e| {
            let _ = (e.code_number(), e.text());
            true
        }),
        other => panic!("no exercise for {other}"),
    };
    if ok {
        DECODED.fetch_add(1, Ordering::Relaxed);
    }
}

fn cases() -> u32 {
    std::env::var("PROCURA_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(3_000)
}

#[test]
fn hostile_server_values_never_panic_the_app() {
    let palette = hostile();
    let docs: Vec<(&str, Value)> =
        EXAMPLES.iter().map(|(k, text)| (*k, serde_json::from_str(text).unwrap())).collect();
    let spots: Vec<Vec<Vec<Step>>> = docs
        .iter()
        .map(|(_, d)| {
            let mut out = Vec::new();
            places(d, &mut Vec::new(), &mut out);
            out
        })
        .collect();
    // Each example once as it is: the exercises must take the unmutated shapes.
    for (kind, doc) in &docs {
        exercise(kind, doc);
    }
    assert_eq!(DECODED.load(Ordering::Relaxed), docs.len() as u64, "every example decodes");

    let n = cases();
    let config = ProptestConfig { cases: n, failure_persistence: None, ..Default::default() };
    proptest!(config, |(which in 0..docs.len(), hits in proptest::collection::vec((any::<usize>(), any::<usize>()), 1..6))| {
        let (kind, doc) = &docs[which];
        let mut doc = doc.clone();
        for (place, how) in hits {
            let spots = &spots[which];
            mutate(&mut doc, &spots[place % spots.len()], how, &palette);
        }
        exercise(kind, &doc);
    });
    let decoded = DECODED.load(Ordering::Relaxed);
    println!("hostile server values: {n} cases, {decoded} decoded and exercised, no panic");
    assert!(decoded > u64::from(n) / 4, "most mutations must still decode ({decoded} of {n})");
}

/// The text itself mutated: tokens that bear on how numbers are read (long amounts, quotes,
/// escapes, exponents) spliced into every example's bytes at random, and the result read as
/// each resource type. Reading must answer `Ok` or `Err`, never panic, and a long amount
/// spliced in whole in place of a number must be read exactly.
#[test]
fn hostile_text_never_panics_the_reader() {
    const TOKENS: &[&str] = &[
        "\"",
        "\\",
        "\\\"",
        "1234567890123456.78901",
        "-0.000000000000000012345",
        "e",
        "E+",
        "-",
        ".",
        "00000000",
        "{",
        "]",
        ",",
        "\u{ff}",
    ];
    let n = cases();
    let config = ProptestConfig { cases: n, failure_persistence: None, ..Default::default() };
    proptest!(config, |(which in 0..EXAMPLES.len(), cuts in proptest::collection::vec((any::<usize>(), 0..TOKENS.len()), 1..8))| {
        let mut bytes = EXAMPLES[which].1.as_bytes().to_vec();
        for (at, token) in cuts {
            let at = at % (bytes.len() + 1);
            bytes.splice(at..at, TOKENS[token].bytes());
        }
        let _ = pc::from_slice::<pc::Order>(&bytes);
        let _ = pc::from_slice::<pc::Invoice>(&bytes);
        let _ = pc::from_slice::<pc::Collection<pc::OneTimeInvoiceLineItem>>(&bytes);
        let whole = pc::from_slice::<pc::Collection<Value>>(&bytes);
        match pc::wire::raw_page(bytes.clone()) {
            Ok(page) => {
                let items: Result<Vec<Value>, _> = page.items().map(pc::from_slice).collect();
                for item in page.items() {
                    let _ = pc::from_slice::<pc::Cart>(item);
                }
                // Split or read whole, a page that reads has the same items.
                if let (Ok(whole), Ok(items)) = (&whole, &items) {
                    prop_assert_eq!(&whole.items, items);
                }
            }
            Err(_) => prop_assert!(whole.is_err(), "{}", String::from_utf8_lossy(&bytes)),
        }
    });
    let line = r#"{"totalCount":1,"items":[{"subtotal":98765432109876.54321}]}"#;
    let page: pc::Collection<pc::OneTimeInvoiceLineItem> = pc::from_slice(line.as_bytes()).unwrap();
    assert_eq!(page.items[0].subtotal.to_string(), "98765432109876.54321");
    println!("hostile text: {n} cases, no panic");
}

//! What the app sends, checked against the documented contract (headers.md and the request
//! examples): every request the purchase flow makes is recorded on its way to the embedded
//! sandbox and checked for the documented headers and bodies.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]
#![cfg(target_arch = "wasm32")]

mod support;

use std::rc::Rc;

use procura::api::{override_transport, EmbeddedTransport, Recording};
use support::shop::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn is_guid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| {
            if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

#[wasm_bindgen_test]
async fn every_request_of_a_purchase_carries_the_documented_headers() {
    let recording = Recording::new(Rc::new(EmbeddedTransport));
    let seen = recording.sent.clone();
    override_transport(Some(Rc::new(recording)));
    let ui = support::start(false).await;
    choose_customer(&ui, HOKUSAI).await;
    open_sku(&ui, None, WINDOWS_1Y).await;
    ui.click("Add to cart").await;
    let orders = check_out(&ui).await;
    assert_eq!(orders.len(), 1);
    // The same pages in Swedish: Partner Center is asked for Swedish titles.
    support::select_language("sv");
    ui.go("/orders").await;
    ui.until(10, "the orders in Swedish", |u| !u.find("table.orders-table tbody tr").is_empty())
        .await;
    override_transport(None);

    let requests = seen.borrow();
    assert!(requests.len() > 5, "{} requests", requests.len());
    let mut correlation_ids = std::collections::HashSet::new();
    let mut swedish = 0;
    for r in requests.iter() {
        let what = format!("{} {}", r.method, r.path);
        let header = |name: &str| r.get_header(name).unwrap_or_else(|| panic!("{what}: no {name}"));
        assert!(header("Authorization").starts_with("Bearer "), "{what}");
        assert_eq!(header("Accept"), "application/json", "{what}");
        assert!(is_guid(header("MS-RequestId")), "{what}");
        assert!(is_guid(header("MS-CorrelationId")), "{what}");
        assert!(
            correlation_ids.insert(header("MS-CorrelationId").to_string()),
            "{what}: a new MS-CorrelationId for every call"
        );
        assert_eq!(header("MS-Contract-Version"), "v1", "{what}");
        let locale = header("X-Locale");
        assert!(
            ["en-US", "sv-SE"].contains(&locale),
            "{what}: X-Locale {locale} is a culture name"
        );
        swedish += usize::from(locale == "sv-SE");
        if r.body.is_empty() {
            assert!(r.get_header("Content-Type").is_none(), "{what}: no body, no Content-Type");
        } else {
            assert_eq!(header("Content-Type"), "application/json", "{what}");
            serde_json::from_slice::<serde_json::Value>(&r.body)
                .unwrap_or_else(|e| panic!("{what}: {e}"));
        }
    }
    assert!(swedish > 0, "the Swedish pages asked in Swedish");
    let checkout = requests
        .iter()
        .find(|r| r.method == "POST" && r.path.ends_with("/checkout"))
        .expect("a checkout");
    assert!(checkout.body.is_empty(), "checkout-a-cart.md: the request has no body");
    let create =
        requests.iter().find(|r| r.method == "POST" && r.path.ends_with("/carts")).expect("a cart");
    let cart: serde_json::Value = serde_json::from_slice(&create.body).unwrap();
    assert_eq!(
        cart["partnerOnRecordAttestationAccepted"], true,
        "create-a-cart.md marks it required"
    );
    let line = &cart["lineItems"][0];
    for field in ["id", "catalogItemId", "quantity", "billingCycle"] {
        assert!(!line[field].is_null(), "create-a-cart.md requires {field}: {line}");
    }
}

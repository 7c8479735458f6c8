//! What the app sends, checked against the documented contract (headers.md and the request
//! examples): every request the purchase flow makes is recorded on its way to the embedded
//! sandbox and checked for the documented headers and bodies. (Every flow that starts with
//! `shop::fresh` is checked the same way as it goes, by `shop::Conforming`.)
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

#[wasm_bindgen_test]
async fn every_request_of_a_purchase_carries_the_documented_headers() {
    let recording = Recording::new(Rc::new(EmbeddedTransport));
    let seen = recording.sent.clone();
    override_transport(Some(Rc::new(recording)));
    let ui = support::start(false).await;
    choose_customer(&ui, HOKUSAI).await;
    add_windows(&ui).await;
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
        check_request(r);
        let correlation = r.get_header("MS-CorrelationId").unwrap_or_default().to_string();
        assert!(correlation_ids.insert(correlation), "a new MS-CorrelationId for every call");
        swedish += usize::from(r.get_header("X-Locale") == Some("sv-SE"));
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

//! The embedded sandbox in its worker: a cart survives a reload (the worker stopped, its
//! state in IndexedDB), state that the page-bound sandbox of earlier versions saved is adopted
//! once, and corrupt saved state is discarded with a notice instead of breaking the app.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]
#![cfg(target_arch = "wasm32")]

use procura::api::embedded;
use procura_partner_center::http::{Request, Response};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const JP: &str = "c0a80101-0000-4000-8000-000000000001";
const LEGACY_KEY: &str = "procura.sandbox.v1";

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

async fn send(req: Request) -> Response {
    embedded::send(req.bearer("sandbox-partner-sakura"), 60_000).await.unwrap()
}

async fn fresh() {
    storage().clear().unwrap();
    embedded::forget_memory();
    embedded::reset().await;
}

async fn new_cart() -> String {
    let body = serde_json::json!({"partnerOnRecordAttestationAccepted": true, "lineItems": [{"id": 0, "catalogItemId": "CFQ7TTC0LH18:0001:JPJPYCOM", "quantity": 2, "billingCycle": "monthly", "termDuration": "P1M"}]});
    let r = send(Request::new("POST", &format!("/v1/customers/{JP}/carts")).json(&body)).await;
    assert_eq!(r.status, 201);
    let cart: procura_partner_center::Cart = procura_partner_center::from_slice(&r.body).unwrap();
    format!("/v1/customers/{JP}/carts/{}", cart.id.unwrap())
}

#[wasm_bindgen_test]
async fn a_cart_survives_a_reload() {
    fresh().await;
    let path = new_cart().await;
    embedded::forget_memory(); // as a reload does
    let r = send(Request::new("GET", &path)).await;
    assert_eq!(r.status, 200, "the cart is still there after a reload");
    assert!(storage().get_item(LEGACY_KEY).unwrap().is_none(), "nothing in localStorage");
    assert!(!embedded::take_discarded_notice());
}

#[wasm_bindgen_test]
async fn state_saved_by_an_earlier_version_is_adopted_once() {
    fresh().await;
    // What the page-bound sandbox of earlier versions saved: its whole store as one JSON
    // object, here with a cart made by the same handler.
    let mut old = procura_sandbox::MemoryStore::new();
    let body = serde_json::json!({"partnerOnRecordAttestationAccepted": true, "lineItems": [{"id": 0, "catalogItemId": "CFQ7TTC0LH18:0001:JPJPYCOM", "quantity": 1, "billingCycle": "monthly", "termDuration": "P1M"}]});
    let made = procura_sandbox::Sandbox::new(procura_sandbox::Config::default()).handle(
        &mut old,
        &Request::new("POST", &format!("/v1/customers/{JP}/carts"))
            .bearer("sandbox-partner-sakura")
            .json(&body),
        embedded::now_ms(),
    );
    assert_eq!(made.status, 201);
    let cart: procura_partner_center::Cart =
        procura_partner_center::from_slice(&made.body).unwrap();
    storage().set_item(LEGACY_KEY, &old.export()).unwrap();

    embedded::forget_memory(); // the new version loads
    let path = format!("/v1/customers/{JP}/carts/{}", cart.id.unwrap());
    assert_eq!(send(Request::new("GET", &path)).await.status, 200, "the old cart is adopted");
    assert!(storage().get_item(LEGACY_KEY).unwrap().is_none(), "then removed from localStorage");
    assert!(!embedded::take_discarded_notice());
}

#[wasm_bindgen_test]
async fn corrupt_saved_state_is_discarded_with_a_notice() {
    fresh().await;
    storage().set_item(LEGACY_KEY, "{not json").unwrap();
    embedded::forget_memory();
    let r = send(Request::new("GET", "/v1/customers")).await;
    assert_eq!(r.status, 200, "the sandbox starts from its seed");
    assert!(embedded::take_discarded_notice());
    assert!(!embedded::take_discarded_notice(), "reported once");
    assert!(storage().get_item(LEGACY_KEY).unwrap().is_none());
}

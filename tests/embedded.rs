//! The embedded sandbox in the page: a cart survives a reload; corrupt saved state is
//! discarded with a notice instead of breaking the app.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]
#![cfg(target_arch = "wasm32")]

use procura::api::embedded;
use procura_partner_center::http::Request;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const JP: &str = "c0a80101-0000-4000-8000-000000000001";

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

#[wasm_bindgen_test]
fn a_cart_survives_a_reload_and_corrupt_state_is_discarded() {
    storage().clear().unwrap();
    embedded::forget_memory();
    let body = serde_json::json!({"partnerOnRecordAttestationAccepted": true, "lineItems": [{"id": 0, "catalogItemId": "CFQ7TTC0LH18:0001:JPJPYCOM", "quantity": 2, "billingCycle": "monthly", "termDuration": "P1M"}]});
    let r = embedded::send(
        &Request::new("POST", &format!("/v1/customers/{JP}/carts"))
            .bearer("sandbox-partner-sakura")
            .json(&body),
    );
    assert_eq!(r.status, 201);
    let cart: procura_partner_center::Cart = procura_partner_center::from_slice(&r.body).unwrap();
    let path = format!("/v1/customers/{JP}/carts/{}", cart.id.unwrap());

    embedded::forget_memory(); // as a reload does
    let r = embedded::send(&Request::new("GET", &path).bearer("sandbox-partner-sakura"));
    assert_eq!(r.status, 200, "the cart is still there after a reload");
    assert!(!embedded::take_discarded_notice());

    storage().set_item("procura.sandbox.v1", "{not json").unwrap();
    embedded::forget_memory();
    let r = embedded::send(&Request::new("GET", &path).bearer("sandbox-partner-sakura"));
    assert_eq!(r.status, 404, "unreadable state is discarded, the sandbox starts fresh");
    assert!(embedded::take_discarded_notice());
    assert!(!embedded::take_discarded_notice(), "reported once");
}

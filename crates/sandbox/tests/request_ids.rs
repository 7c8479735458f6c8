//! The sandbox's own guards on `MS-RequestId` records (the reference pages are silent on
//! them, so they are not part of the contract suite): scoped to the customer and resource,
//! refused with another body, gone with the cart after a week.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]

use procura_partner_center as pc;
use procura_partner_center::http::{Request, Response};
use serde_json::json;

mod support;
use support::{World, SAKURA};

const JP: &str = "c0a80101-0000-4000-8000-000000000001";
const JP_LIBRARY: &str = "c0a80101-0000-4000-8000-000000000009";
const WEEK_MS: i64 = 7 * 24 * 3_600_000;

fn create(w: &mut World, customer: &str, quantity: u32, request_id: &str) -> Response {
    let body = json!({ "partnerOnRecordAttestationAccepted": true, "lineItems": [
        {"id": 0, "catalogItemId": "DG7GMGF0FKZV:0001:JPJPYCOM", "quantity": quantity,
         "billingCycle": "one_time", "termDuration": "P1Y"}
    ]});
    w.send(
        Request::new("POST", &format!("/v1/customers/{customer}/carts"))
            .bearer(SAKURA)
            .header("MS-RequestId", request_id)
            .json(&body),
    )
}

fn cart_id(r: &Response) -> String {
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    World::json::<pc::Cart>(r).id.unwrap()
}

#[test]
fn a_retry_is_answered_once_and_a_reused_id_is_not_someone_elses_cart() {
    let w = &mut World::in_process();
    let first = cart_id(&create(w, JP, 2, "rid-1"));
    assert_eq!(cart_id(&create(w, JP, 2, "rid-1")), first, "a retry gets the first answer");

    // The same id for another customer is another request.
    let other = create(w, JP_LIBRARY, 2, "rid-1");
    assert_ne!(cart_id(&other), first);

    // The same id with another body is refused, not answered with the first cart.
    let changed = create(w, JP, 5, "rid-1");
    assert_eq!((changed.status, World::error_code(&changed)), (400, 800002));

    // After a week the record is gone with the cart: the id makes a new one.
    w.advance(WEEK_MS + 1);
    let later = cart_id(&create(w, JP, 2, "rid-1"));
    assert_ne!(later, first);
}

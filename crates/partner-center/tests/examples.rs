//! Every JSON example of the reference pages (tests/examples/, repaired where the docs are
//! not valid JSON: see REPAIRS.txt) deserializes into its type, and a round trip through
//! the type keeps every field and every value.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]

use std::collections::BTreeSet;
use std::path::Path;

use procura_partner_center::*;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

/// Dotted key paths of every non-null value (`lineItems[].offerId`).
fn paths(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, val) in m {
                if !val.is_null() {
                    let p = format!("{prefix}.{k}");
                    out.insert(p.clone());
                    paths(val, &p, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| paths(x, &format!("{prefix}[]"), out)),
        _ => {}
    }
}

fn round_trip<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(
    name: &str,
    bytes: &[u8],
) {
    let typed: T =
        from_slice(bytes).unwrap_or_else(|e| panic!("{name}: does not deserialize: {e}"));
    let written = serde_json::to_value(&typed).unwrap();
    let again: T = from_value(written.clone())
        .unwrap_or_else(|e| panic!("{name}: own output does not read back: {e}"));
    assert_eq!(typed, again, "{name}: a round trip changed a value");

    let mut input: Value = serde_json::from_slice(bytes).unwrap();
    wire::camel_case_keys(&mut input);
    let (mut want, mut got) = (BTreeSet::new(), BTreeSet::new());
    paths(&input, "", &mut want);
    paths(&written, "", &mut got);
    let lost: Vec<_> = want.difference(&got).collect();
    assert!(lost.is_empty(), "{name}: a round trip lost {lost:?}");
    // Written camelCase: no key starts upper-case.
    assert!(
        got.iter().all(|p| p.split('.').all(|k| !k.starts_with(|c: char| c.is_ascii_uppercase()))),
        "{name}: {got:?}"
    );
}

fn check(name: &str, bytes: &[u8]) {
    let page = name.split('.').next().unwrap();
    match page {
        "api-throttling-guidance" | "error-codes" => round_trip::<ApiError>(name, bytes),
        "cancel-software-purchases"
        | "create-an-order"
        | "get-an-order-by-id"
        | "purchase-an-add-on-to-a-subscription" => round_trip::<Order>(name, bytes),
        "check-inventory" if name.contains("request") => {
            round_trip::<InventoryCheckRequest>(name, bytes)
        }
        "check-inventory" => round_trip::<Vec<InventoryItem>>(name, bytes),
        "checkout-a-cart" => round_trip::<CartCheckoutResult>(name, bytes),
        "create-a-cart" | "create-a-cart-with-add-ons" | "update-a-cart" => {
            round_trip::<Cart>(name, bytes)
        }
        "get-a-collection-of-entitlements"
            if name.starts_with("get-a-collection-of-entitlements.3")
                || name.starts_with("get-a-collection-of-entitlements.4") =>
        {
            round_trip::<ReservedInstanceArtifactDetails>(name, bytes)
        }
        "get-a-collection-of-entitlements" => round_trip::<Collection<Entitlement>>(name, bytes),
        "get-a-collection-of-invoices" => round_trip::<Collection<Invoice>>(name, bytes),
        "get-a-list-of-orders-by-customer-and-billing-cycle-type"
        | "get-all-of-a-customer-s-orders" => round_trip::<Collection<Order>>(name, bytes),
        // The by-customer page's first example lists SKUs, its second products.
        "get-a-list-of-products-by-customer" if name.contains(".1.") => {
            round_trip::<Collection<Sku>>(name, bytes)
        }
        "get-a-list-of-products" | "get-a-list-of-products-by-customer" => {
            round_trip::<Collection<Product>>(name, bytes)
        }
        "get-a-list-of-skus-for-a-product" => round_trip::<Collection<Sku>>(name, bytes),
        "get-a-list-of-availabilities-for-a-sku" if name.contains(".1.") => {
            round_trip::<Collection<Availability>>(name, bytes)
        }
        "get-a-list-of-availabilities-for-a-sku" | "get-an-availability-by-id" => {
            round_trip::<Availability>(name, bytes)
        }
        "get-a-product-by-id" => round_trip::<Product>(name, bytes),
        "get-a-sku-by-id" => round_trip::<Sku>(name, bytes),
        "get-invoice-by-id" => round_trip::<Invoice>(name, bytes),
        "get-invoice-summaries" => round_trip::<Collection<InvoiceSummary>>(name, bytes),
        "get-the-reseller-s-current-account-balance" => round_trip::<InvoiceSummary>(name, bytes),
        "get-invoiceline-items" | "get-invoice-unbilled-recon-lineitems" => {
            round_trip::<Collection<OneTimeInvoiceLineItem>>(name, bytes)
        }
        "get-order-provisioning-status" => {
            round_trip::<Collection<OrderLineItemProvisioningStatus>>(name, bytes)
        }
        "get-subscription-registration-status" => {
            round_trip::<SubscriptionRegistrationStatus>(name, bytes)
        }
        other => panic!("{name}: no type mapped for page {other}"),
    }
}

#[test]
fn every_reference_example_deserializes_and_round_trips() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/examples");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 55, "examples present: {names:?}");
    for name in &names {
        check(name, &std::fs::read(dir.join(name)).unwrap());
    }
}

#[test]
fn wire_quirks_are_read_leniently() {
    // PascalCase request, enum casing, numbers as strings, error code as number or string.
    let cart: Cart = from_slice(br#"{"LineItems":[{"Id":"0","CatalogItemId":"A:B:C","Quantity":"3","BillingCycle":"OneTime","ProvisioningContext":{"SubscriptionId":"s","Scope":"shared"}}]}"#).unwrap();
    let line = &cart.line_items[0];
    assert_eq!(
        (line.id, line.quantity, line.billing_cycle.clone()),
        (0, 3, Some(BillingCycle::OneTime))
    );
    assert_eq!(line.context("SUBSCRIPTIONID"), Some("s"));
    let written = serde_json::to_string(&cart).unwrap();
    assert!(
        written.contains(r#""billingCycle":"one_time""#)
            && written.contains(r#""catalogItemId":"A:B:C""#),
        "{written}"
    );

    for body in [
        r#"{"code": 800008, "description": "Cart not found"}"#,
        r#"{"code": "800008", "message": "Cart not found"}"#,
    ] {
        let e: ApiError = from_slice(body.as_bytes()).unwrap();
        assert_eq!((e.code_number(), e.text()), (Some(800008), "Cart not found"));
    }
    let throttled: ApiError = from_slice(
        br#"{"statusCode": 429, "message": "Rate limit is exceeded. Try again in 57 seconds."}"#,
    )
    .unwrap();
    assert_eq!(throttled.status_code, Some(429));

    assert_eq!(BillingCycle::from_wire("ONE_TIME"), BillingCycle::OneTime);
    assert_eq!(OrderStatus::from_wire("Pending_Review"), OrderStatus::PendingReview);
    assert_eq!(RegistrationStatus::from_wire("NotRegistered"), RegistrationStatus::NotRegistered);
    assert_eq!(
        ProvisioningStatus::from_wire("PrefulfillmentPending"),
        ProvisioningStatus::PrefulfillmentPending
    );
    assert_eq!(BillingCycle::from_wire("fortnightly"), BillingCycle::Other("fortnightly".into()));
    let by_position: BillingCycle = serde_json::from_str("4").unwrap();
    assert_eq!(by_position, BillingCycle::OneTime);
}

#[test]
fn hostile_or_broken_bodies_are_errors_not_panics() {
    for body in [
        &b"{"[..],
        b"null",
        b"[]",
        b"{\"lineItems\": 5}",
        b"{\"lineItems\": [{\"quantity\": \"many\"}]}",
        b"\xff\xfe",
    ] {
        assert!(from_slice::<Cart>(body).is_err(), "{:?}", String::from_utf8_lossy(body));
    }
    let weird: Product = from_slice(
        "{\"id\": \"<script>alert(1)</script>\", \"title\": \"\u{202e}evil\"}".as_bytes(),
    )
    .unwrap();
    assert_eq!(weird.id, "<script>alert(1)</script>");
}

//! The sandbox's contract: every endpoint and error path, run twice, against the handler in
//! process and against the `procura-sandbox` server over HTTP on loopback.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]

use procura_partner_center as pc;
use procura_partner_center::http::{Request, Response};
use procura_sandbox::{seed, Config, MemoryStore, Sandbox, Store, StoreError};
use rust_decimal::Decimal;
use serde_json::json;

mod support;
use support::{Door, World, T0};

const SAKURA: &str = "sandbox-partner-sakura";
const NORDLJUS: &str = "sandbox-partner-nordljus";
const JP: &str = "c0a80101-0000-4000-8000-000000000001";
const BR: &str = "c0a80101-0000-4000-8000-000000000006";
const SE_NORDLJUS: &str = "c0a80101-0000-4000-8000-00000000000a";

fn cart_body(lines: serde_json::Value) -> serde_json::Value {
    json!({ "PartnerOnRecordAttestationAccepted": true, "lineItems": lines })
}

fn well_known_partners_are_published_without_a_token(w: &mut World) {
    let r = w.send(Request::new("GET", "/sandbox/partners"));
    assert_eq!(r.status, 200);
    let list: pc::Collection<serde_json::Value> = World::json(&r);
    let tokens: Vec<&str> = list.items.iter().filter_map(|p| p["token"].as_str()).collect();
    assert_eq!(tokens, [SAKURA, NORDLJUS]);
}

fn requests_without_a_valid_token_are_refused(w: &mut World) {
    for req in
        [Request::new("GET", "/v1/customers"), Request::new("GET", "/v1/customers").bearer("guess")]
    {
        let r = w.send(req);
        assert_eq!((r.status, World::error_code(&r)), (401, 800001));
        assert!(r.get_header("WWW-Authenticate").is_some());
    }
}

fn partners_see_only_their_own_customers(w: &mut World) {
    let mine: pc::Collection<pc::Customer> = World::json(&w.get("/v1/customers"));
    assert_eq!(mine.items.len(), 9);
    let countries: std::collections::BTreeSet<&str> =
        mine.items.iter().map(|c| c.country()).collect();
    for c in ["JP", "TW", "SE", "US", "DE", "BR", "CN", "RU"] {
        assert!(countries.contains(c), "{c}");
    }
    // Nordljus cannot read, list the subscriptions of, or buy for Sakura's customer.
    for (m, p) in [
        ("GET", format!("/v1/customers/{JP}")),
        ("GET", format!("/v1/customers/{JP}/subscriptions")),
        ("POST", format!("/v1/customers/{JP}/carts")),
    ] {
        let r = w.send(Request::new(m, &p).bearer(NORDLJUS).json(&cart_body(json!([]))));
        assert_eq!((r.status, World::error_code(&r)), (403, 20002), "{m} {p}");
    }
    let theirs: pc::Collection<pc::Customer> =
        World::json(&w.send(Request::new("GET", "/v1/customers").bearer(NORDLJUS)));
    assert!(
        theirs.items.iter().all(|c| c.id != JP) && theirs.items.iter().any(|c| c.id == SE_NORDLJUS)
    );
}

fn catalog_by_country_and_its_errors(w: &mut World) {
    let products: pc::Collection<pc::Product> =
        World::json(&w.get("/v1/products?country=JP&targetView=AzureReservationsVM"));
    assert_eq!(products.items[0].id, "DZH318Z0BQ3Q");
    let skus: pc::Collection<pc::Sku> =
        World::json(&w.get("/v1/products/DZH318Z0BQ3Q/skus?country=JP"));
    assert!(skus
        .items
        .iter()
        .all(|s| s.requires("InventoryCheck") && s.requires("AzureSubscriptionRegistration")));
    let avail: pc::Collection<pc::Availability> =
        World::json(&w.get("/v1/products/DZH318Z0BQ3Q/skus/0003/availabilities?country=JP"));
    assert!(avail.items.iter().all(|a| a.country.as_deref() == Some("JP")
        && a.default_currency.as_ref().unwrap().code == "JPY"));
    let one = &avail.items[0];
    let again: pc::Availability =
        World::json(&w.get(&format!(
            "/v1/products/DZH318Z0BQ3Q/skus/0003/availabilities/{}?country=JP",
            one.id
        )));
    assert_eq!(again.catalog_item_id, one.catalog_item_id);

    for (path, status, code) in [
        ("/v1/products/NOPE?country=JP", 404, 400013),
        ("/v1/products/DZH318Z0BQ3Q/skus/ZZZZ?country=JP", 404, 400018),
        ("/v1/products/DZH318Z0BQ3Q/skus/0003/availabilities/XYZ?country=JP", 404, 400019),
        ("/v1/products?targetView=OnlineServices", 400, 800002),
        ("/v1/products?country=XX&targetView=OnlineServices", 400, 800002),
        ("/v1/nothing/here", 404, 1000),
    ] {
        let r = w.get(path);
        assert_eq!((r.status, World::error_code(&r)), (status, code), "{path}");
    }
}

fn customer_catalog_uses_the_customer_market(w: &mut World) {
    let avail: pc::Collection<pc::Availability> = World::json(
        &w.get(&format!("/v1/customers/{JP}/products/CFQ7TTC0LH18/skus/0001/availabilities")),
    );
    assert_eq!(avail.items.len(), 1);
    assert_eq!(
        (avail.items[0].country.as_deref(), avail.items[0].segment.as_deref()),
        (Some("JP"), Some("commercial"))
    );
}

fn inventory_check_reports_restrictions(w: &mut World) {
    let azure = unregistered_azure(w, JP);
    let check = |w: &mut World, context: serde_json::Value| {
        let body = json!({"TargetItems": [{"ProductId": "DZH318Z0BQ3Q"}, {"ProductId": "UNKNOWN"}], "InventoryContext": context});
        w.send(
            Request::new("POST", "/v1/extensions/product/checkinventory?country=JP")
                .bearer(SAKURA)
                .json(&body),
        )
    };
    // The SKUs' inventoryVariables are required, by any casing, and must name the
    // partner's customer and one of its Azure subscriptions.
    let r = check(w, json!({"customerId": JP}));
    assert_eq!((r.status, World::error_code(&r)), (400, 800002));
    let r = check(
        w,
        json!({"customerId": "someone-else", "azureSubscriptionId": azure, "armRegionName": "japaneast"}),
    );
    assert_eq!((r.status, World::error_code(&r)), (403, 20002));
    let subs: pc::Collection<pc::Subscription> =
        World::json(&w.get(&format!("/v1/customers/{JP}/subscriptions")));
    let m365 = subs.items.iter().find(|s| !s.offer_id.starts_with("MS-AZR")).unwrap().id.clone();
    let r = check(
        w,
        json!({"customerId": JP, "azureSubscriptionId": m365, "armRegionName": "japaneast"}),
    );
    assert_eq!((r.status, World::error_code(&r)), (400, 800011));
    let r = check(
        w,
        json!({"CustomerId": JP, "AzureSubscriptionId": azure, "armregionname": "japaneast"}),
    );
    let items: Vec<pc::InventoryItem> = World::json(&r);
    assert!(items.iter().all(|i| i.product_id == "DZH318Z0BQ3Q"), "unknown products are dropped");
    let skus: pc::Collection<pc::Sku> =
        World::json(&w.get("/v1/products/DZH318Z0BQ3Q/skus?country=JP"));
    assert_eq!(items.len(), skus.items.len(), "every SKU of the product is checked");
    // The sandbox's out-of-capacity region is Japan West: its SKUs, and only they, are restricted.
    let region = |id: &str| {
        let sku = skus.items.iter().find(|s| s.id == id).unwrap();
        sku.dynamic_attributes.as_ref().unwrap()["armRegionName"].as_str().unwrap().to_string()
    };
    let restricted: Vec<_> = items.iter().filter(|i| i.is_restricted == Some(true)).collect();
    assert!(!restricted.is_empty());
    for i in &items {
        let id = i.sku_id.as_deref().unwrap();
        assert_eq!(i.is_restricted == Some(true), region(id) == "japanwest", "SKU {id}");
    }
    assert_eq!(
        restricted[0].restrictions.as_ref().unwrap()[0].reason_code,
        "NotAvailableForSubscription"
    );
    let bad = w.send(
        Request::new("POST", "/v1/extensions/product/checkinventory?country=JP")
            .bearer(SAKURA)
            .header("Content-Type", "application/json"),
    );
    assert_eq!(bad.status, 400);
}

/// The customer's Azure plan (not registered at first).
fn unregistered_azure(w: &mut World, customer: &str) -> String {
    let subs: pc::Collection<pc::Subscription> =
        World::json(&w.get(&format!("/v1/customers/{customer}/subscriptions")));
    let plan: Vec<_> = subs.items.iter().filter(|s| s.offer_id == "DZH318Z0BPS6:0001").collect();
    assert_eq!(plan.len(), 1);
    plan[0].id.clone()
}

fn registration_moves_from_registering_to_registered(w: &mut World) {
    let sub = unregistered_azure(w, JP);
    let status = |w: &mut World| {
        World::json::<pc::SubscriptionRegistrationStatus>(
            &w.get(&format!("/v1/customers/{JP}/subscriptions/{sub}/registrationstatus")),
        )
        .status
    };
    assert_eq!(status(w), pc::RegistrationStatus::NotRegistered);
    let r = w.send(
        Request::new("POST", &format!("/v1/customers/{JP}/subscriptions/{sub}/registrations"))
            .bearer(SAKURA),
    );
    assert_eq!(r.status, 202);
    assert_eq!(
        r.get_header("Location"),
        Some(format!("/customers/{JP}/subscriptions/{sub}/registrationstatus").as_str())
    );
    assert_eq!(status(w), pc::RegistrationStatus::Registering);
    w.advance(Config::default().registration_delay_ms);
    assert_eq!(status(w), pc::RegistrationStatus::Registered);
    // A licence subscription cannot be registered.
    let m365 = format!("5ab00000-0000-4000-8000-{:06x}000365", 1);
    let r = w.send(
        Request::new("POST", &format!("/v1/customers/{JP}/subscriptions/{m365}/registrations"))
            .bearer(SAKURA),
    );
    assert_eq!((r.status, World::error_code(&r)), (400, 800011));
}

fn create_cart(
    w: &mut World,
    customer: &str,
    lines: serde_json::Value,
    request_id: &str,
) -> pc::Cart {
    let r = w.send(
        Request::new("POST", &format!("/v1/customers/{customer}/carts"))
            .bearer(SAKURA)
            .header("MS-RequestId", request_id)
            .json(&cart_body(lines)),
    );
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    World::json(&r)
}

fn checkout(w: &mut World, customer: &str, cart: &str, request_id: &str) -> Response {
    w.send(
        Request::new("POST", &format!("/v1/customers/{customer}/carts/{cart}/checkout"))
            .bearer(SAKURA)
            .header("MS-RequestId", request_id),
    )
}

fn a_software_subscription_for_japan_checks_out_once(w: &mut World) {
    let cart = create_cart(
        w,
        JP,
        json!([{"id": 0, "catalogItemId": "DG7GMGF0FKZV:0001:JPJPYCOM", "quantity": 2, "billingCycle": "one_time", "termDuration": "P1Y"}]),
        "req-1",
    );
    let line = &cart.line_items[0];
    assert_eq!(
        (line.currency_code.as_deref(), line.order_group.as_deref(), line.error.is_none()),
        (Some("JPY"), Some("0"), true)
    );
    let id = cart.id.clone().unwrap();
    assert_eq!(
        World::json::<pc::Cart>(&w.get(&format!("/v1/customers/{JP}/carts/{id}"))).status,
        Some(pc::CartStatus::Active)
    );

    let r = checkout(w, JP, &id, "checkout-1");
    assert_eq!(r.status, 201);
    let result: pc::CartCheckoutResult = World::json(&r);
    assert_eq!((result.orders.len(), result.order_errors.len()), (1, 0));
    let order = &result.orders[0];
    assert_eq!(order.total_price, Some("54000".parse().unwrap()), "2 × 180 USD × 150 JPY/USD");

    // The same request id again: the same result, no second order.
    let again: pc::CartCheckoutResult = World::json(&checkout(w, JP, &id, "checkout-1"));
    assert_eq!(again.orders[0].id, order.id);
    // A new request id on a checked-out cart: the first checkout's result (checkout-a-cart.md),
    // no second order.
    let r = checkout(w, JP, &id, "checkout-2");
    assert_eq!(r.status, 201);
    let second: pc::CartCheckoutResult = World::json(&r);
    assert_eq!((second.orders.len(), second.orders[0].id.as_ref()), (1, order.id.as_ref()));
    w.advance(16 * 60_000);
    let listed: pc::Collection<pc::Order> =
        World::json(&w.get(&format!("/v1/customers/{JP}/orders")));
    assert_eq!(listed.items.iter().filter(|o| o.id == order.id).count(), 1);
    assert_eq!(
        World::json::<pc::Cart>(&w.get(&format!("/v1/customers/{JP}/carts/{id}"))).status,
        Some(pc::CartStatus::Ordered)
    );
}

fn new_commerce_lines_are_priced_in_the_cart_and_on_the_order(w: &mut World) {
    let cart = create_cart(
        w,
        JP,
        json!([
            {"id": 0, "catalogItemId": "CFQ7TTC0LH18:0001:JPJPYCOM", "quantity": 3, "billingCycle": "monthly", "termDuration": "P1Y"},
            {"id": 1, "catalogItemId": "DG7GMGF0FKZV:0001:JPJPYCOM", "quantity": 1, "billingCycle": "one_time", "termDuration": "P1Y"}
        ]),
        "price-1",
    );
    // 6 USD a month at 150 JPY: ¥900 a month, ×3 licences ×12 months of the term.
    let p = cart.line_items[0].pricing.clone().expect("a new-commerce line is priced");
    assert_eq!((p.price, p.extended_price), (Some(900.into()), Some(32_400.into())));
    assert!(cart.line_items[1].pricing.is_none(), "one-time lines are priced on the order");
    let result: pc::CartCheckoutResult =
        World::json(&checkout(w, JP, cart.id.as_ref().unwrap(), "price-co"));
    let priced = |item: &str| {
        result
            .orders
            .iter()
            .flat_map(|o| &o.line_items)
            .find(|l| l.offer_id == item)
            .and_then(|l| l.pricing.clone())
            .and_then(|p| p.extended_price)
    };
    assert_eq!(priced("CFQ7TTC0LH18:0001:JPJPYCOM"), Some(32_400.into()), "as the cart said");
    assert_eq!(priced("DG7GMGF0FKZV:0001:JPJPYCOM"), Some(27_000.into()));
    let availability: pc::Collection<serde_json::Value> =
        World::json(&w.get("/v1/products/CFQ7TTC0LH18/skus/0001/availabilities?country=JP"));
    assert!(availability.items.iter().all(|a| a.get("sandboxUnitPrice").is_none()));
}

fn a_renewal_is_chosen_only_where_the_availability_renews(w: &mut World) {
    let a: pc::Collection<pc::Availability> =
        World::json(&w.get("/v1/products/CFQ7TTC0LH18/skus/0001/availabilities?country=JP"));
    let a = &a.items[0];
    assert_eq!(a.is_renewable, Some(true));
    let ids = &a.renewal_instructions.as_ref().unwrap()[0]["applicableTermIds"];
    assert!(a
        .terms
        .iter()
        .all(|t| ids.as_array().unwrap().contains(&json!(t.id.clone().unwrap()))));
    let cart = create_cart(
        w,
        JP,
        json!([
            {"id": 0, "catalogItemId": "CFQ7TTC0LH18:0001:JPJPYCOM", "quantity": 1, "billingCycle": "monthly", "termDuration": "P1M", "renewsTo": {"termDuration": "P1Y"}},
            {"id": 1, "catalogItemId": "DG7GMGF0FKZV:0001:JPJPYCOM", "quantity": 1, "billingCycle": "one_time", "termDuration": "P1Y", "renewsTo": {"termDuration": "P1Y"}}
        ]),
        "renew-1",
    );
    assert!(cart.line_items[0].error.is_none());
    assert_eq!(
        cart.line_items[0].renews_to.as_ref().map(|r| r.term_duration.as_str()),
        Some("P1Y")
    );
    assert_eq!(cart.line_items[1].error.as_ref().map(|e| e.error_code), Some(10010));
}

fn the_rules_refuse_what_the_app_refuses(w: &mut World) {
    let cart = create_cart(
        w,
        BR,
        json!([
            {"id": 0, "catalogItemId": "DG7GMGF0FKZV:0001:BRBRLCOM", "quantity": 1, "billingCycle": "one_time", "termDuration": "P1Y"},
            {"id": 1, "catalogItemId": "CFQ7TTC0LH18:0001:BRBRLCOM", "quantity": 3, "billingCycle": "monthly", "termDuration": "P1M"}
        ]),
        "br-1",
    );
    let err =
        cart.line_items[0].error.as_ref().expect("Brazil: software subscriptions are not sold");
    assert_eq!(err.error_code, 10010);
    assert!(err.additional_information.is_none(), "the service sends no rule id");
    assert!(cart.line_items[1].error.is_none());
    assert_ne!(cart.line_items[0].order_group, cart.line_items[1].order_group);
    let result: pc::CartCheckoutResult =
        World::json(&checkout(w, BR, cart.id.as_ref().unwrap(), "br-co"));
    assert_eq!((result.orders.len(), result.order_errors.len()), (1, 1));
    assert_eq!(result.order_errors[0].code, 800009);
    // Checked out again: the placed group is not placed twice, the failed one is re-attempted
    // (and fails again: Brazil still does not sell it).
    let again: pc::CartCheckoutResult =
        World::json(&checkout(w, BR, cart.id.as_ref().unwrap(), "br-co-2"));
    assert_eq!(again.orders.iter().map(|o| &o.id).collect::<Vec<_>>(), [&result.orders[0].id]);
    assert_eq!(again.order_errors.len(), 1);

    // Unknown items and bad quantities, and bodies that are not carts.
    let cart = create_cart(
        w,
        JP,
        json!([{"id": 0, "catalogItemId": "NOPE:0001:X", "quantity": 1}, {"id": 1, "catalogItemId": "CFQ7TTC0LH18:0001:JPJPYCOM", "quantity": 301, "billingCycle": "monthly", "termDuration": "P1M"}]),
        "bad-1",
    );
    assert_eq!(cart.line_items[0].error.as_ref().unwrap().error_code, 10001);
    assert_eq!(cart.line_items[1].error.as_ref().unwrap().error_code, 10015);
    // Without the partner's attestation: refused, whatever the lines.
    let mut req = Request::new("POST", &format!("/v1/customers/{JP}/carts")).bearer(SAKURA);
    req = req.json(&json!({"lineItems": [{"id": 0, "catalogItemId": "CFQ7TTC0LH18:0001:JPJPYCOM", "quantity": 1, "billingCycle": "monthly", "termDuration": "P1M"}]}));
    let r = w.send(req);
    assert_eq!((r.status, World::error_code(&r)), (400, 900206));
    for body in [&b"{not json"[..], b"{\"lineItems\": []}", b"[]"] {
        let mut req = Request::new("POST", &format!("/v1/customers/{JP}/carts")).bearer(SAKURA);
        req.body = body.to_vec();
        let r = w.send(req);
        assert_eq!((r.status, World::error_code(&r)), (400, 800002));
    }
    let r = w.get(&format!("/v1/customers/{JP}/carts/00000000-0000-0000-0000-000000000000"));
    assert_eq!((r.status, World::error_code(&r)), (404, 800008));
}

fn a_reservation_needs_a_registered_subscription_and_capacity(w: &mut World) {
    let sub = unregistered_azure(w, JP);
    // An Azure plan buys the availabilities listed with reservationScope=AzurePlan.
    let scoped: pc::Collection<pc::Availability> = World::json(&w.get(
        "/v1/products/DZH318Z0BQ3Q/skus/0003/availabilities?country=JP&reservationScope=AzurePlan",
    ));
    let plan_item = scoped.items[0].catalog_item_id.clone();
    let plain: pc::Collection<pc::Availability> =
        World::json(&w.get("/v1/products/DZH318Z0BQ3Q/skus/0003/availabilities?country=JP"));
    assert_ne!(plain.items[0].catalog_item_id, plan_item, "distinct availabilities");
    let none: pc::Collection<pc::Availability> = World::json(&w.get(
        "/v1/products/DG7GMGF0FKZV/skus/0001/availabilities?country=JP&reservationScope=AzurePlan",
    ));
    assert!(none.items.is_empty(), "only reservations are scoped to Azure plans");
    let with_item = |item: &str, s: &str| json!([{"id": 0, "catalogItemId": item, "quantity": 1, "billingCycle": "one_time", "termDuration": "P1Y", "provisioningContext": {"subscriptionId": s, "scope": "shared"}}]);
    let cart = create_cart(w, JP, with_item(&plain.items[0].catalog_item_id, &sub), "ri-0");
    assert_eq!(
        cart.line_items[0].error.as_ref().unwrap().error_code,
        10007,
        "not for an Azure plan"
    );
    let line = |sku: &str, s: &str| {
        let item = plan_item.replace(":0003:", &format!(":{sku}:"));
        with_item(&item, s)
    };
    let cart = create_cart(w, JP, line("0003", &sub), "ri-1");
    assert_eq!(cart.line_items[0].error.as_ref().unwrap().error_code, 10011);

    w.send(
        Request::new("POST", &format!("/v1/customers/{JP}/subscriptions/{sub}/registrations"))
            .bearer(SAKURA),
    );
    w.advance(Config::default().registration_delay_ms);
    let r = w.send(
        Request::new("PUT", &format!("/v1/customers/{JP}/carts/{}", cart.id.clone().unwrap()))
            .bearer(SAKURA)
            .json(&cart_body(line("0003", &sub))),
    );
    assert_eq!(r.status, 201);
    assert!(World::json::<pc::Cart>(&r).line_items[0].error.is_none());
    let result: pc::CartCheckoutResult =
        World::json(&checkout(w, JP, cart.id.as_ref().unwrap(), "ri-co"));
    assert_eq!(result.orders.len(), 1);
    let ri_order = result.orders[0].id.clone().unwrap();

    // Once fulfilled, the reservation is an entitlement whose artifact link gives its details.
    w.advance(Config::default().fulfillment_delay_ms);
    let ents: pc::Collection<pc::Entitlement> = World::json(&w.get(&format!(
        "/v1/customers/{JP}/entitlements?entitlementType=reservedinstance&showExpiry=true"
    )));
    let ent = ents
        .items
        .iter()
        .find(|e| e.reference_order.as_ref().unwrap().id == ri_order)
        .expect("reservation entitlement");
    let artifact = &ent.entitled_artifacts[0];
    let details: pc::ReservedInstanceArtifactDetails =
        World::json(&w.get(&format!("/v1{}", artifact.link.as_ref().unwrap().uri)));
    let r = details.all_reservations().next().expect("a reservation");
    assert!(r.reservation_id.contains(artifact.resource_id.as_deref().unwrap()));
    assert_eq!(r.expiry_date_time, ent.expiry_date);
    assert!(ent.expiry_date.is_some(), "asked for with showExpiry=true");
    let unasked: pc::Collection<pc::Entitlement> = World::json(
        &w.get(&format!("/v1/customers/{JP}/entitlements?entitlementType=reservedinstance")),
    );
    assert!(unasked.items.iter().all(|e| e.expiry_date.is_none()), "no expiryDate unless asked");
    assert!(r.scope_type.is_some());
    let r = w.get(&format!("/v1/customers/{JP}/artifacts/reservedinstance/groups/{ri_order}/lineitems/0/resource/forged"));
    assert_eq!(r.status, 404);

    // Japan West is out of capacity (P3Y SKU).
    let mut l = line("0004", &sub);
    l[0]["termDuration"] = json!("P3Y");
    let cart = create_cart(w, JP, l, "ri-2");
    assert_eq!(cart.line_items[0].error.as_ref().unwrap().error_code, 10003);
    // Missing provisioning context.
    let cart = create_cart(
        w,
        JP,
        json!([{"id": 0, "catalogItemId": plan_item, "quantity": 1, "billingCycle": "one_time", "termDuration": "P1Y", "provisioningContext": {"subscriptionId": sub}}]),
        "ri-3",
    );
    let err = cart.line_items[0].error.as_ref().unwrap();
    assert_eq!((err.error_code, err.additional_information.is_none()), (10010, true));
    // A SKU whose provisioning variables include Duration needs it.
    let mut l = line("0005", &sub);
    let cart = create_cart(w, JP, l.clone(), "ri-4");
    assert_eq!(cart.line_items[0].error.as_ref().map(|e| e.error_code), Some(10010));
    l[0]["provisioningContext"]["duration"] = json!("1Year");
    let cart = create_cart(w, JP, l, "ri-5");
    assert!(cart.line_items[0].error.is_none(), "{:?}", cart.line_items[0].error);
}

fn orders_are_readable_at_once_listed_later_and_fulfilled_as_time_passes(w: &mut World) {
    let cart = create_cart(
        w,
        JP,
        json!([{"id": 0, "catalogItemId": "DG7GMGF0DWTL:0002:JPJPYCOM", "quantity": 1, "billingCycle": "one_time"}]),
        "perp-1",
    );
    let result: pc::CartCheckoutResult =
        World::json(&checkout(w, JP, cart.id.as_ref().unwrap(), "perp-co"));
    let id = result.orders[0].id.clone().unwrap();

    let order: pc::Order = World::json(&w.get(&format!("/v1/customers/{JP}/orders/{id}")));
    assert_eq!(order.status, Some(pc::OrderStatus::Pending));
    let listed = |w: &mut World, q: &str| {
        World::json::<pc::Collection<pc::Order>>(&w.get(&format!("/v1/customers/{JP}/orders{q}")))
            .items
            .iter()
            .any(|o| o.id.as_deref() == Some(id.as_str()))
    };
    assert!(!listed(w, ""), "not listed before the delay");
    let prov: pc::Collection<pc::OrderLineItemProvisioningStatus> =
        World::json(&w.get(&format!("/v1/customers/{JP}/orders/{id}/provisioningstatus")));
    assert_eq!(prov.items[0].status, pc::ProvisioningStatus::PrefulfillmentPending);

    w.advance(Config::default().fulfillment_delay_ms);
    let prov: pc::Collection<pc::OrderLineItemProvisioningStatus> =
        World::json(&w.get(&format!("/v1/customers/{JP}/orders/{id}/provisioningstatus")));
    assert_eq!(prov.items[0].status, pc::ProvisioningStatus::Fulfilled);
    assert_eq!(
        World::json::<pc::Order>(&w.get(&format!("/v1/customers/{JP}/orders/{id}"))).status,
        Some(pc::OrderStatus::Completed)
    );

    w.advance(Config::default().order_list_delay_ms);
    assert!(listed(w, ""));
    assert!(listed(w, "?billingType=onetime"));
    assert!(!listed(w, "?billingType=Monthly"));
    let ents: pc::Collection<pc::Entitlement> =
        World::json(&w.get(&format!("/v1/customers/{JP}/entitlements?entitlementType=software")));
    assert!(ents.items.iter().any(|e| e.reference_order.as_ref().unwrap().id == id));
    // entitlement-resources.md: `expiryDate` only when asked for.
    assert!(ents.items.iter().all(|e| e.expiry_date.is_none()), "no expiry without showExpiry");
    let shown: pc::Collection<pc::Entitlement> =
        World::json(&w.get(&format!(
            "/v1/customers/{JP}/entitlements?entitlementType=software&showExpiry=true"
        )));
    let perpetual = shown.items.iter().find(|e| e.reference_order.as_ref().unwrap().id == id);
    assert_eq!(perpetual.map(|e| e.expiry_date), Some(None), "perpetual software never expires");
    let r = w.get(&format!("/v1/customers/{JP}/orders/nosuchorder"));
    assert_eq!((r.status, World::error_code(&r)), (404, 20000));
}

const O365_E3: &str = "91FD106F-4B2C-4938-95AC-F54F74E9A239";
const ARCHIVING: &str = "C94271D8-B431-4A25-A3C5-A57737A1C909";

fn a_traditional_add_on_is_bought_by_patching_the_parent_order(w: &mut World) {
    let subs: pc::Collection<pc::Subscription> =
        World::json(&w.get(&format!("/v1/customers/{JP}/subscriptions")));
    let parent = subs.items.iter().find(|s| s.offer_id == O365_E3).unwrap().clone();
    let order_id = parent.order_id.clone().unwrap();
    // The traditional offer's add-ons (get-addon-offers-by-offer-id.md).
    let offers: pc::Collection<pc::Offer> =
        World::json(&w.get(&format!("/v1/offers/{O365_E3}/addons?country=JP")));
    assert_eq!(offers.items.len(), 2);
    assert!(offers.items.iter().all(|o| o.is_add_on == Some(true)
        && o.prerequisite_offers == [O365_E3]
        && o.attributes.as_ref().map(|a| a.object_type.as_deref()) == Some(Some("Offer"))));
    assert_eq!(w.get("/v1/offers/nope/addons?country=JP").status, 404);
    let body = json!({"ReferenceCustomerId": JP, "LineItems": [{"LineItemNumber": 0, "OfferId": ARCHIVING, "ParentSubscriptionId": parent.id, "Quantity": 10}]});
    let patch = |w: &mut World, body: &serde_json::Value, rid: &str| {
        w.send(
            Request::new("PATCH", &format!("/v1/customers/{JP}/orders/{order_id}"))
                .bearer(SAKURA)
                .header("MS-RequestId", rid)
                .json(body),
        )
    };
    let r = patch(w, &body, "addon-1");
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let order: pc::Order = World::json(&r);
    assert_eq!(order.line_items.len(), 2);
    let added = &order.line_items[1];
    assert_eq!(
        (added.line_item_number, added.parent_subscription_id.as_deref()),
        (1, Some(parent.id.as_str()))
    );
    let new_sub = added.subscription_id.clone().unwrap();
    let subs: pc::Collection<pc::Subscription> =
        World::json(&w.get(&format!("/v1/customers/{JP}/subscriptions")));
    assert!(subs.items.iter().any(|s| s.id == new_sub
        && s.parent_subscription_id.as_deref() == Some(parent.id.as_str())
        && s.offer_id == ARCHIVING));
    // 3 USD a month at 150 JPY, 10 licences, over the parent's one-year term.
    assert_eq!(added.pricing.as_ref().and_then(|p| p.extended_price), Some(54_000.into()));

    // The same request again (a lost answer retried): the same answer, nothing added.
    let again: pc::Order = World::json(&patch(w, &body, "addon-1"));
    assert_eq!(
        (again.line_items.len(), again.line_items[1].subscription_id.clone()),
        (2, Some(new_sub))
    );
    // A second add-on: a line of its own, and the order read back and listed with both.
    let second: pc::Order = World::json(&patch(w, &body, "addon-2"));
    let numbers: Vec<i64> = second.line_items.iter().map(|l| l.line_item_number).collect();
    assert_eq!(numbers, [0, 1, 2]);
    let read: pc::Order = World::json(&w.get(&format!("/v1/customers/{JP}/orders/{order_id}")));
    assert_eq!(read.line_items.len(), 3, "the order is read with its add-ons");
    let listed: pc::Collection<pc::Order> =
        World::json(&w.get(&format!("/v1/customers/{JP}/orders")));
    let copies = listed.items.iter().filter(|o| o.id.as_deref() == Some(order_id.as_str())).count();
    assert_eq!(copies, 1, "the updated order is listed once");
    // The customer the order is for is required.
    let r = patch(w, &json!({"LineItems": body["LineItems"]}), "addon-3");
    assert_eq!((r.status, World::error_code(&r)), (400, 800002));
    // The reseller of record is one of the provider's indirect resellers.
    let mut named = body.clone();
    named["LineItems"][0]["PartnerIdOnRecord"] = json!("Contoso");
    let r = patch(w, &named, "addon-4");
    assert_eq!((r.status, World::error_code(&r)), (400, 800016));
    named["LineItems"][0]["PartnerIdOnRecord"] = json!("517285");
    let with_reseller: pc::Order = World::json(&patch(w, &named, "addon-5"));
    let last = with_reseller.line_items.last().unwrap();
    assert_eq!(last.partner_id_on_record.as_deref(), Some("517285"));

    // Not an add-on; a new-commerce add-on (bought through a cart); no parent; the parent
    // bought by another order.
    for (offer, parent_id, code) in [
        (O365_E3, parent.id.as_str(), 800004),
        ("CFQ7TTC0LFK5:0001:JPJPYCOM", parent.id.as_str(), 800004),
        (ARCHIVING, "", 800002),
    ] {
        let body = json!({"ReferenceCustomerId": JP, "LineItems": [{"LineItemNumber": 0, "OfferId": offer, "ParentSubscriptionId": parent_id, "Quantity": 1}]});
        let r = w.send(
            Request::new("PATCH", &format!("/v1/customers/{JP}/orders/{order_id}"))
                .bearer(SAKURA)
                .json(&body),
        );
        assert_eq!((r.status, World::error_code(&r)), (400, code));
    }
    let azure_order =
        subs.items.iter().find(|s| s.offer_id == "MS-AZR-0145P").unwrap().order_id.clone().unwrap();
    let body = json!({"ReferenceCustomerId": JP, "LineItems": [{"LineItemNumber": 0, "OfferId": ARCHIVING, "ParentSubscriptionId": parent.id, "Quantity": 1}]});
    let r = w.send(
        Request::new("PATCH", &format!("/v1/customers/{JP}/orders/{azure_order}"))
            .bearer(SAKURA)
            .json(&body),
    );
    assert_eq!((r.status, World::error_code(&r)), (400, 800029));
}

fn a_new_commerce_add_on_is_a_cart_line_of_its_own(w: &mut World) {
    // create-a-cart-with-add-ons.md: no addonItems, no parent; the customer has the base.
    let cart = create_cart(
        w,
        JP,
        json!([{"id": 0, "catalogItemId": "CFQ7TTC0LFK5:0001:JPJPYCOM", "quantity": 20, "billingCycle": "monthly", "termDuration": "P1M"}]),
        "nce-addon",
    );
    assert!(cart.line_items[0].error.is_none(), "{:?}", cart.line_items[0].error);
    let result: pc::CartCheckoutResult =
        World::json(&checkout(w, JP, cart.id.as_ref().unwrap(), "nce-addon-co"));
    assert_eq!((result.orders.len(), result.order_errors.len()), (1, 0));
    let line = &result.orders[0].line_items[0];
    let subs: pc::Collection<pc::Subscription> =
        World::json(&w.get(&format!("/v1/customers/{JP}/subscriptions")));
    let sub = subs.items.iter().find(|s| Some(&s.id) == line.subscription_id.as_ref()).unwrap();
    assert_eq!(sub.offer_id, "CFQ7TTC0LFK5:0001");
}

fn an_indirect_provider_names_the_reseller_of_record(w: &mut World) {
    let line = |reseller: &str| {
        json!([{"id": 0, "catalogItemId": "DG7GMGF0FKZV:0001:JPJPYCOM", "quantity": 1, "billingCycle": "one_time", "termDuration": "P1Y",
            "participants": [{"key": "transaction_reseller", "value": reseller}]}])
    };
    let cart = create_cart(w, JP, line("5357564"), "reseller-1");
    assert!(cart.line_items[0].error.is_none(), "{:?}", cart.line_items[0].error);
    let result: pc::CartCheckoutResult =
        World::json(&checkout(w, JP, cart.id.as_ref().unwrap(), "reseller-co"));
    assert_eq!(result.orders[0].line_items[0].partner_id_on_record.as_deref(), Some("5357564"));
    // Not one of this provider's resellers; not a PartnerID at all.
    for (reseller, rid) in [("999999", "reseller-2"), ("Contoso", "reseller-3")] {
        let cart = create_cart(w, JP, line(reseller), rid);
        assert_eq!(cart.line_items[0].error.as_ref().map(|e| e.error_code), Some(10010));
    }
    // A direct-bill partner names no reseller.
    let r = w.send(
        Request::new("POST", &format!("/v1/customers/{SE_NORDLJUS}/carts"))
            .bearer(NORDLJUS)
            .json(&cart_body(json!([{"id": 0, "catalogItemId": "CFQ7TTC0LH18:0001:SESEKCOM", "quantity": 1, "billingCycle": "monthly", "termDuration": "P1M",
                "participants": [{"key": "transaction_reseller", "value": "5357564"}]}]))),
    );
    let cart: pc::Cart = World::json(&r);
    assert_eq!(cart.line_items[0].error.as_ref().map(|e| e.error_code), Some(10004));
}

fn software_is_cancelled_within_its_window(w: &mut World) {
    let cart = create_cart(
        w,
        JP,
        json!([
            {"id": 0, "catalogItemId": "DG7GMGF0FKZV:0001:JPJPYCOM", "quantity": 2, "billingCycle": "one_time", "termDuration": "P1Y"},
            {"id": 1, "catalogItemId": "DG7GMGF0DWTL:0001:JPJPYCOM", "quantity": 1, "billingCycle": "one_time"}
        ]),
        "cancel-1",
    );
    let result: pc::CartCheckoutResult =
        World::json(&checkout(w, JP, cart.id.as_ref().unwrap(), "cancel-co"));
    let order = result.orders[0].clone();
    let id = order.id.clone().unwrap();
    assert_eq!(order.line_items.len(), 2);
    let cancel = |w: &mut World, lines: serde_json::Value, rid: &str| {
        w.send(
            Request::new("PATCH", &format!("/v1/customers/{JP}/orders/{id}"))
                .bearer(SAKURA)
                .header("MS-RequestId", rid)
                .json(&json!({"id": id, "status": "cancelled", "lineItems": lines})),
        )
    };
    // One line: its quantity becomes 0, the order stays completed, the line unfulfilled.
    let r =
        cancel(w, json!([{"lineItemNumber": 0, "offerId": "DG7GMGF0FKZV:0001:JPJPYCOM"}]), "c-1");
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let after: pc::Order = World::json(&r);
    assert_eq!(after.line_items.iter().map(|l| l.quantity).collect::<Vec<_>>(), [0, 1]);
    assert_eq!(after.status, Some(pc::OrderStatus::Completed));
    let status: pc::Collection<pc::OrderLineItemProvisioningStatus> =
        World::json(&w.get(&format!("/v1/customers/{JP}/orders/{id}/provisioningstatus")));
    assert_eq!(status.items[0].status, pc::ProvisioningStatus::Unfulfilled);
    // Retried with the same request id: the same answer; asked anew: it can't be (800061).
    let again = json!([{"lineItemNumber": 0, "offerId": "DG7GMGF0FKZV:0001:JPJPYCOM"}]);
    assert_eq!(cancel(w, again, "c-1").status, 200);
    let r = cancel(w, json!([{"lineItemNumber": 0}]), "c-2");
    assert_eq!((r.status, World::error_code(&r)), (400, 800061));
    // The software subscription's availability states the window.
    let a: pc::Collection<pc::Availability> =
        World::json(&w.get("/v1/products/DG7GMGF0FKZV/skus/0001/availabilities?country=JP"));
    let policy = a.items[0].terms[0].cancellation_policies.clone().unwrap();
    assert_eq!(policy[0]["refundOptions"][0]["expiresAfter"], "P30D");
    // Past 30 days: refused (900117), the line still bought.
    w.advance(31 * 86_400_000);
    let r = cancel(w, json!([]), "c-3");
    assert_eq!((r.status, World::error_code(&r)), (400, 900117));
    let read: pc::Order = World::json(&w.get(&format!("/v1/customers/{JP}/orders/{id}")));
    assert_eq!(read.line_items[1].quantity, 1);
}

fn only_software_is_cancelled_and_a_whole_order_at_once(w: &mut World) {
    let subs: pc::Collection<pc::Subscription> =
        World::json(&w.get(&format!("/v1/customers/{JP}/subscriptions")));
    let m365 = subs.items.iter().find(|s| s.offer_id == "CFQ7TTC0LH18:0001").unwrap();
    let r = w.send(
        Request::new(
            "PATCH",
            &format!("/v1/customers/{JP}/orders/{}", m365.order_id.clone().unwrap()),
        )
        .bearer(SAKURA)
        .json(&json!({"status": "cancelled"})),
    );
    assert_eq!((r.status, World::error_code(&r)), (403, 800019));
    let cart = create_cart(
        w,
        JP,
        json!([{"id": 0, "catalogItemId": "DG7GMGF0FKZV:0001:JPJPYCOM", "quantity": 1, "billingCycle": "one_time", "termDuration": "P1Y"}]),
        "cancel-all",
    );
    let result: pc::CartCheckoutResult =
        World::json(&checkout(w, JP, cart.id.as_ref().unwrap(), "cancel-all-co"));
    let id = result.orders[0].id.clone().unwrap();
    let r = w.send(
        Request::new("PATCH", &format!("/v1/customers/{JP}/orders/{id}"))
            .bearer(SAKURA)
            .json(&json!({"id": id, "status": "cancelled"})),
    );
    let order: pc::Order = World::json(&r);
    assert_eq!(order.status, Some(pc::OrderStatus::Cancelled));
    w.advance(2 * 60_000);
    let ents: pc::Collection<pc::Entitlement> =
        World::json(&w.get(&format!("/v1/customers/{JP}/entitlements")));
    assert!(ents
        .items
        .iter()
        .all(|e| e.reference_order.as_ref().map(|o| o.id.as_str()) != Some(id.as_str())));
}

fn a_purchase_is_found_on_the_unbilled_reconciliation(w: &mut World) {
    let cart = create_cart(
        w,
        JP,
        json!([
            {"id": 0, "catalogItemId": "DG7GMGF0FKZV:0001:JPJPYCOM", "quantity": 2, "billingCycle": "one_time", "termDuration": "P1Y"},
            {"id": 1, "catalogItemId": "DG7GMGF0DWTL:0001:JPJPYCOM", "quantity": 1, "billingCycle": "one_time"}
        ]),
        "unbilled-1",
    );
    let result: pc::CartCheckoutResult =
        World::json(&checkout(w, JP, cart.id.as_ref().unwrap(), "unbilled-co"));
    let id = result.orders[0].id.clone().unwrap();
    let r = w.send(
        Request::new("PATCH", &format!("/v1/customers/{JP}/orders/{id}"))
            .bearer(SAKURA)
            .json(&json!({"id": id, "status": "cancelled", "lineItems": [{"lineItemNumber": 1}]})),
    );
    assert_eq!(r.status, 200);
    let path = |period: &str, currency: &str, size: &str| {
        format!("/v1/invoices/unbilled/lineitems?provider=onetime&invoicelineitemtype=billinglineitems&currencycode={currency}&period={period}{size}")
    };
    let page: pc::Collection<pc::OneTimeInvoiceLineItem> =
        World::json(&w.get(&path("current", "JPY", "")));
    let mine: Vec<_> = page.items.iter().filter(|l| l.order_id == id).collect();
    // 2 × ¥27,000 + 10 % tax; the perpetual line bought and refunded.
    let charges: Vec<(&str, Decimal)> =
        mine.iter().map(|l| (l.charge_type.as_str(), l.total_for_customer)).collect();
    assert_eq!(
        charges,
        [
            ("new", Decimal::from(59_400)),
            ("new", Decimal::from(650_925)),
            ("cancel", Decimal::from(-650_925))
        ]
    );
    assert!(mine.iter().all(|l| l.invoice_number.is_empty() && l.customer_id == JP));
    // Not in last month's, nor in another currency's.
    let previous: pc::Collection<pc::OneTimeInvoiceLineItem> =
        World::json(&w.get(&path("previous", "JPY", "")));
    assert!(previous.items.iter().all(|l| l.order_id != id));
    let usd: pc::Collection<pc::OneTimeInvoiceLineItem> =
        World::json(&w.get(&path("current", "USD", "")));
    assert!(usd.items.iter().all(|l| l.order_id != id));
    // Seek paging, as on invoices.
    let first: pc::Collection<pc::OneTimeInvoiceLineItem> =
        World::json(&w.get(&path("current", "JPY", "&size=1")));
    let token = first.continuation_token.clone().expect("a next page");
    let next = w.send(
        Request::new("GET", &path("current", "JPY", "&size=1&seekOperation=Next"))
            .bearer(SAKURA)
            .header("MS-ContinuationToken", &token),
    );
    let next: pc::Collection<pc::OneTimeInvoiceLineItem> = World::json(&next);
    assert_eq!(next.items.len(), 1);
    let r = w.get(&path("", "JPY", ""));
    assert_eq!((r.status, World::error_code(&r)), (400, 800002));

    // The month closes and is invoiced (five days after): the charges leave the unbilled
    // lines and are billed on an invoice of their own, whose total is their sum.
    let sum: Decimal = page.items.iter().map(|l| l.total_for_customer).sum();
    w.advance(20 * 86_400_000);
    let previous: pc::Collection<pc::OneTimeInvoiceLineItem> =
        World::json(&w.get(&path("previous", "JPY", "")));
    assert!(previous.items.is_empty(), "billed now");
    let invoices: pc::Collection<pc::Invoice> = World::json(&w.get("/v1/invoices?size=200"));
    let billed = invoices.items.iter().find(|i| i.id.starts_with('S')).expect("issued");
    assert_eq!((billed.currency_code.as_str(), billed.total_charges), ("JPY", sum));
    let lines: pc::Collection<pc::OneTimeInvoiceLineItem> = World::json(&w.get(&format!(
        "/v1/invoices/{}/lineitems?provider=onetime&invoicelineitemtype=billinglineitems",
        billed.id
    )));
    assert!(lines.items.iter().any(|l| l.order_id == id && l.invoice_number == billed.id));
    assert_eq!(w.get(&format!("/v1/invoices/{}/documents/statement", billed.id)).status, 200);
}

fn a_sku_that_enforces_attestation_needs_it_on_the_line(w: &mut World) {
    let sku: pc::Sku = World::json(&w.get("/v1/products/CFQ7TTC0J1FV/skus/0001?country=JP"));
    assert_eq!(sku.enforced_attestation().as_deref(), Some("Windows365"));
    let line = |accepted: serde_json::Value| json!([{"id": 0, "catalogItemId": "CFQ7TTC0J1FV:0001:JPJPYCOM", "quantity": 1, "billingCycle": "monthly", "termDuration": "P1M", "AttestationAccepted": accepted}]);
    let cart = create_cart(w, JP, line(json!(null)), "w365-1");
    assert_eq!(cart.line_items[0].error.as_ref().map(|e| e.error_code), Some(10012));
    let cart = create_cart(w, JP, line(json!(true)), "w365-2");
    assert!(cart.line_items[0].error.is_none(), "{:?}", cart.line_items[0].error);
    let plain: pc::Sku = World::json(&w.get("/v1/products/CFQ7TTC0LH18/skus/0001?country=JP"));
    assert_eq!(plain.enforced_attestation(), None);
}

fn an_order_is_placed_directly_without_a_cart(w: &mut World) {
    let order = |w: &mut World, body: serde_json::Value, rid: &str| {
        w.send(
            Request::new("POST", &format!("/v1/customers/{JP}/orders"))
                .bearer(SAKURA)
                .header("MS-RequestId", rid)
                .json(&body),
        )
    };
    let body = json!({"PartnerOnRecordAttestationAccepted": true, "BillingCycle": "one_time",
        "LineItems": [{"LineItemNumber": 0, "OfferId": "DG7GMGF0FKZV:0001:JPJPYCOM", "Quantity": 1, "TermDuration": "P1Y", "PartnerIdOnRecord": "5357564"}]});
    let r = order(w, body.clone(), "direct-1");
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let placed: pc::Order = World::json(&r);
    assert_eq!(placed.line_items[0].partner_id_on_record.as_deref(), Some("5357564"));
    let again: pc::Order = World::json(&order(w, body.clone(), "direct-1"));
    assert_eq!(again.id, placed.id, "a retry is answered from the record");
    let read: pc::Order =
        World::json(&w.get(&format!("/v1/customers/{JP}/orders/{}", placed.id.clone().unwrap())));
    assert_eq!(read.line_items.len(), 1);
    let mut unattested = body.clone();
    unattested["PartnerOnRecordAttestationAccepted"] = json!(null);
    let r = order(w, unattested, "direct-2");
    assert_eq!((r.status, World::error_code(&r)), (400, 900206));
    let mut brazil = body;
    brazil["LineItems"][0]["OfferId"] = json!("DG7GMGF0FKZV:0001:BRBRLCOM");
    let r = order(w, brazil, "direct-3");
    assert_eq!((r.status, World::error_code(&r)), (400, 800009));
}

fn the_integration_sandbox_limits_apply(w: &mut World) {
    // 25 licences per subscription.
    let cart = create_cart(
        w,
        JP,
        json!([{"id": 0, "catalogItemId": "CFQ7TTC0LH18:0001:JPJPYCOM", "quantity": 26, "billingCycle": "monthly", "termDuration": "P1M"}]),
        "lim-1",
    );
    assert_eq!(cart.line_items[0].error.as_ref().unwrap().error_code, 10009);
    // 5 subscriptions per customer: 4 are seeded, so one purchase passes and the next fails.
    for i in 0..2 {
        let cart = create_cart(
            w,
            JP,
            json!([{"id": 0, "catalogItemId": "CFQ7TTC0LH18:0001:JPJPYCOM", "quantity": 1, "billingCycle": "monthly", "termDuration": "P1M"}]),
            &format!("lim-sub-{i}"),
        );
        let result: pc::CartCheckoutResult =
            World::json(&checkout(w, JP, cart.id.as_ref().unwrap(), &format!("lim-co-{i}")));
        if i < 1 {
            assert_eq!(result.orders.len(), 1, "purchase {i}");
        } else {
            assert_eq!((result.orders.len(), result.order_errors[0].code), (0, 800018));
        }
    }
    // 2 reserved VM instances per customer (the first Azure subscription is registered).
    let subs: pc::Collection<pc::Subscription> =
        World::json(&w.get(&format!("/v1/customers/{JP}/subscriptions")));
    let registered = subs.items.iter().find(|s| s.offer_id == "MS-AZR-0145P").unwrap().id.clone();
    let ri = |q: i64| json!([{"id": 0, "catalogItemId": "DZH318Z0BQ3Q:0003:JPJPYCOM", "quantity": q, "billingCycle": "one_time", "termDuration": "P1Y", "provisioningContext": {"subscriptionId": registered, "scope": "single"}}]);
    let cart = create_cart(w, JP, ri(3), "lim-ri-1");
    assert_eq!(cart.line_items[0].error.as_ref().unwrap().error_code, 10009);
    let cart = create_cart(w, JP, ri(2), "lim-ri-2");
    assert!(cart.line_items[0].error.is_none());
    let result: pc::CartCheckoutResult =
        World::json(&checkout(w, JP, cart.id.as_ref().unwrap(), "lim-ri-co"));
    assert_eq!(result.orders.len(), 1);
    let cart = create_cart(w, JP, ri(1), "lim-ri-3");
    assert_eq!(cart.line_items[0].error.as_ref().unwrap().error_code, 10009);
}

fn the_order_resource_is_limited_to_500_requests_a_minute_per_partner(w: &mut World) {
    // The first 500 pass; over HTTP the real clock refills one token per 120 ms during the
    // burst, so a few more may pass before the first 429.
    let passed =
        (0..600).take_while(|_| w.get(&format!("/v1/customers/{JP}/orders")).status == 200).count();
    assert!((500..=510).contains(&passed), "{passed} requests passed before the first 429");
    let r = w.get(&format!("/v1/customers/{JP}/orders"));
    assert_eq!(r.status, 429);
    assert_eq!(r.get_header("Retry-After"), Some("1"));
    assert_eq!(World::json::<pc::ApiError>(&r).status_code, Some(429));
    // The catalog is not the order resource, and the other partner has its own budget.
    assert_eq!(w.get("/v1/products?country=JP&targetView=OnlineServices").status, 200);
    assert_eq!(
        w.send(
            Request::new("GET", &format!("/v1/customers/{SE_NORDLJUS}/orders")).bearer(NORDLJUS)
        )
        .status,
        200
    );
    w.advance(1_000);
    assert_eq!(w.get(&format!("/v1/customers/{JP}/orders")).status, 200);
}

both_doors!(
    well_known_partners_are_published_without_a_token,
    requests_without_a_valid_token_are_refused,
    partners_see_only_their_own_customers,
    catalog_by_country_and_its_errors,
    customer_catalog_uses_the_customer_market,
    inventory_check_reports_restrictions,
    registration_moves_from_registering_to_registered,
    a_software_subscription_for_japan_checks_out_once,
    the_rules_refuse_what_the_app_refuses,
    new_commerce_lines_are_priced_in_the_cart_and_on_the_order,
    a_renewal_is_chosen_only_where_the_availability_renews,
    a_reservation_needs_a_registered_subscription_and_capacity,
    orders_are_readable_at_once_listed_later_and_fulfilled_as_time_passes,
    a_traditional_add_on_is_bought_by_patching_the_parent_order,
    a_new_commerce_add_on_is_a_cart_line_of_its_own,
    an_indirect_provider_names_the_reseller_of_record,
    software_is_cancelled_within_its_window,
    a_purchase_is_found_on_the_unbilled_reconciliation,
    a_sku_that_enforces_attestation_needs_it_on_the_line,
    an_order_is_placed_directly_without_a_cart,
    only_software_is_cancelled_and_a_whole_order_at_once,
    the_integration_sandbox_limits_apply,
    the_order_resource_is_limited_to_500_requests_a_minute_per_partner
);

#[test]
fn the_other_reading_refuses_a_second_checkout() {
    let config = Config { refuse_second_checkout: true, ..Config::default() };
    let mut w = World {
        door: Door::InProcess { sandbox: Sandbox::new(config), store: MemoryStore::new(), now: T0 },
    };
    let cart = create_cart(
        &mut w,
        JP,
        json!([{"id": 0, "catalogItemId": "CFQ7TTC0LH18:0001:JPJPYCOM", "quantity": 1, "billingCycle": "monthly", "termDuration": "P1M"}]),
        "refuse-1",
    );
    let id = cart.id.unwrap();
    assert_eq!(checkout(&mut w, JP, &id, "refuse-co-1").status, 201);
    // The same request id is still a retry; a new one is a second checkout.
    assert_eq!(checkout(&mut w, JP, &id, "refuse-co-1").status, 201);
    let r = checkout(&mut w, JP, &id, "refuse-co-2");
    assert_eq!((r.status, World::error_code(&r)), (400, 800065));
}

#[test]
fn request_and_correlation_ids_are_echoed_and_state_survives_export() {
    let mut w = World::in_process();
    let r = w.send(
        Request::new("GET", "/v1/customers")
            .bearer(SAKURA)
            .header("MS-RequestId", "r-1")
            .header("MS-CorrelationId", "c-1"),
    );
    assert_eq!(
        (r.get_header("MS-RequestId"), r.get_header("MS-CorrelationId")),
        (Some("r-1"), Some("c-1"))
    );
    let cart = create_cart(
        &mut w,
        JP,
        json!([{"id": 0, "catalogItemId": "CFQ7TTC0LH18:0001:JPJPYCOM", "quantity": 1, "billingCycle": "monthly", "termDuration": "P1M"}]),
        "x-1",
    );
    let Door::InProcess { store, now, .. } = &w.door else { unreachable!() };
    let mut restored = World {
        door: Door::InProcess {
            sandbox: Sandbox::new(Config::default()),
            store: MemoryStore::import(&store.export()).unwrap(),
            now: *now,
        },
    };
    assert_eq!(restored.get(&format!("/v1/customers/{JP}/carts/{}", cart.id.unwrap())).status, 200);
    assert!(MemoryStore::import("{corrupt").is_err());
    assert_eq!(seed::PARTNERS.len(), 2);
}

/// A store whose reads fail while `failing` is set (a disk error, a locked database).
struct Faulty {
    inner: MemoryStore,
    failing: bool,
}

impl Store for Faulty {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        if self.failing {
            return Err(StoreError("disk I/O error".into()));
        }
        self.inner.get(key)
    }
    fn put(&mut self, key: &str, value: String) -> Result<(), StoreError> {
        self.inner.put(key, value)
    }
    fn scan(&self, prefix: &str) -> Result<Vec<(String, String)>, StoreError> {
        if self.failing {
            return Err(StoreError("disk I/O error".into()));
        }
        self.inner.scan(prefix)
    }
}

#[test]
fn a_record_that_cannot_be_read_is_a_500_never_a_not_found() {
    let mut sandbox = Sandbox::new(Config::default());
    let mut store = Faulty { inner: MemoryStore::new(), failing: false };
    let mut send = |store: &mut Faulty, req: Request| sandbox.handle(store, &req, T0);
    let body = cart_body(
        json!([{"id": 0, "catalogItemId": "CFQ7TTC0LH18:0001:JPJPYCOM", "quantity": 1, "billingCycle": "monthly", "termDuration": "P1M"}]),
    );
    let carts = format!("/v1/customers/{JP}/carts");
    let created = send(&mut store, Request::new("POST", &carts).bearer(SAKURA).json(&body));
    let id = World::json::<pc::Cart>(&created).id.unwrap();
    let cart = format!("{carts}/{id}");
    let checkout = || {
        Request::new("POST", &format!("{cart}/checkout"))
            .bearer(SAKURA)
            .header("MS-RequestId", "once")
    };

    store.failing = true;
    for r in
        [send(&mut store, Request::new("GET", &cart).bearer(SAKURA)), send(&mut store, checkout())]
    {
        assert_eq!(
            (r.status, World::error_code(&r)),
            (500, 800003),
            "{}",
            String::from_utf8_lossy(&r.body)
        );
    }

    // Reads are back: the checkout that failed was not placed, so it is placed now, once.
    store.failing = false;
    let first: pc::CartCheckoutResult = World::json(&send(&mut store, checkout()));
    let again: pc::CartCheckoutResult = World::json(&send(&mut store, checkout()));
    assert_eq!(first.orders.len(), 1);
    assert_eq!(again.orders[0].id, first.orders[0].id);

    // A record that no longer parses is a fault too, not an absence.
    store.inner.put(&format!("p0/cart/{JP}/{id}"), "{not json".into()).unwrap();
    let r = send(&mut store, Request::new("GET", &cart).bearer(SAKURA));
    assert_eq!((r.status, World::error_code(&r)), (500, 800003));
}

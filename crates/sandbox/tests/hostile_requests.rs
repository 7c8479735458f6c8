//! Hostile requests to the sandbox's handler, structure-aware: paths built from its own
//! route segments and ids mixed with hostile ones, its query parameters with values at the
//! edges of their types, its headers, and bodies mutated from the reference pages' request
//! examples. Nothing panics, and every refusal is Partner Center's error shape (a code and a
//! text, or the throttling shape).
//!
//! `PROCURA_FUZZ_CASES` sets the number of cases (default 3,000; `cargo xtask bench` runs a
//! million in release). The figure is printed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]

use procura_partner_center as pc;
use procura_partner_center::http::Request;
use procura_sandbox::{Config, MemoryStore, Sandbox};
use proptest::prelude::*;

const SEGMENTS: &[&str] = &[
    "v1",
    "v1.0",
    "sandbox",
    "customers",
    "carts",
    "checkout",
    "orders",
    "products",
    "skus",
    "availabilities",
    "provisioningstatus",
    "subscriptions",
    "registrations",
    "registrationstatus",
    "entitlements",
    "extensions",
    "product",
    "checkinventory",
    "invoices",
    "lineitems",
    "summary",
    "summaries",
    "unbilled",
    "documents",
    "statement",
    "partners",
    "pricelists",
    "software",
    "sales",
    "offers",
    "addons",
    "groups",
    "resource",
    "artifacts",
    "reservedinstance",
    "virtualmachinereservedinstance",
    // Ids the seed has, and ones it has not.
    "c0a80101-0000-4000-8000-000000000001",
    "c0a80101-0000-4000-8000-00000000000a",
    "5a4d0001-ca27-4000-8000-000000000001",
    "a1009e3779b9",
    "DG7GMGF0FKZV",
    "0001",
    "CFQ7TTC0LH18",
    "JP",
    "SE",
    "TW",
    // Hostile.
    "",
    "..",
    ".",
    "%2F",
    "%FF%FE",
    "%00",
    "%",
    "%%",
    "\u{202e}",
    "ｱｲｳ",
    "🇯🇵",
    "99999999999999999999999",
    "-1",
];

const PARAMS: &[&str] = &[
    "country",
    "targetView",
    "targetSegment",
    "offset",
    "size",
    "billingType",
    "provider",
    "invoiceLineItemType",
    "currencyCode",
    "period",
    "seekOperation",
    "entitlementType",
    "showExpiry",
    "reservationScope",
    "month",
    "timeline",
    "advanceMs",
    "",
];

const VALUES: &[&str] = &[
    "JP",
    "se",
    "OnlineServices",
    "Software",
    "Azure",
    "0",
    "1",
    "-1",
    "2000",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "1e308",
    "NaN",
    "one_time",
    "OneTime",
    "onetime",
    "all",
    "current",
    "previous",
    "Next",
    "true",
    "",
    "%FF",
    "%",
    "a&b=c",
    "2026-13",
    "9999-99",
    "ｱ",
    "<script>",
];

const TOKENS: &[&str] = &[
    "Bearer sandbox-partner-sakura",
    "Bearer sandbox-partner-nordljus",
    "Bearer ",
    "Bearer guess",
    "Basic dXNlcjpwYXNz",
    "sandbox-partner-sakura",
    "",
];

const BODIES: &[&str] = &[
    include_str!("../../partner-center/tests/examples/create-a-cart.1.request.json"),
    include_str!("../../partner-center/tests/examples/create-a-cart-with-add-ons.1.request.json"),
    include_str!("../../partner-center/tests/examples/update-a-cart.1.request.json"),
    include_str!("../../partner-center/tests/examples/create-an-order.1.request.json"),
    include_str!("../../partner-center/tests/examples/cancel-software-purchases.2.request.json"),
    include_str!("../../partner-center/tests/examples/check-inventory.1.request.json"),
    include_str!(
        "../../partner-center/tests/examples/purchase-an-add-on-to-a-subscription.1.request.json"
    ),
    r#"{"partnerOnRecordAttestationAccepted":true,"lineItems":[{"id":0,"catalogItemId":"DG7GMGF0FKZV:0001:JPJPYCOM","quantity":2,"billingCycle":"one_time","termDuration":"P1Y"}]}"#,
];

/// What replaces a value of a body: the edges of numbers and text, and wrong types.
const BODY_VALUES: &[&str] = &[
    "0",
    "-1",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551616",
    "1e308",
    "79228162514264337593543950336",
    "0.5",
    "\"\"",
    "\"-1\"",
    "\"9223372036854775808\"",
    "\"P99999Y\"",
    "\"P-1M\"",
    "\"one_time\"",
    "\"x:y:z\"",
    "\"::\"",
    "null",
    "true",
    "[]",
    "{}",
    "[{}]",
    "\"\\u202e\"",
    "\"ｱｲｳ\"",
];

#[derive(Debug, Clone)]
struct Raw {
    method: usize,
    segments: Vec<usize>,
    query: Vec<(usize, usize)>,
    token: usize,
    request_id: Option<usize>,
    body: usize,
    body_edits: Vec<(usize, usize)>,
    trailing_bytes: Vec<u8>,
}

fn raw() -> impl Strategy<Value = Raw> {
    (
        0..6usize,
        proptest::collection::vec(any::<usize>(), 0..10),
        proptest::collection::vec((any::<usize>(), any::<usize>()), 0..4),
        any::<usize>(),
        proptest::option::of(0..4usize),
        0..BODIES.len() + 2,
        proptest::collection::vec((any::<usize>(), any::<usize>()), 0..4),
        proptest::collection::vec(any::<u8>(), 0..4),
    )
        .prop_map(
            |(method, segments, query, token, request_id, body, body_edits, trailing_bytes)| Raw {
                method,
                segments,
                query,
                token,
                request_id,
                body,
                body_edits,
                trailing_bytes,
            },
        )
}

/// A JSON text with some of its leaves (numbers, strings, booleans, nulls), picked by
/// position, replaced by hostile values.
fn edit_body(text: &str, edits: &[(usize, usize)]) -> String {
    use serde_json::Value;
    fn count(v: &Value) -> usize {
        match v {
            Value::Object(m) => m.values().map(count).sum(),
            Value::Array(a) => a.iter().map(count).sum(),
            _ => 1,
        }
    }
    fn replace_nth(v: &mut Value, n: &mut usize, with: &Value) -> bool {
        match v {
            Value::Object(m) => m.values_mut().any(|x| replace_nth(x, n, with)),
            Value::Array(a) => a.iter_mut().any(|x| replace_nth(x, n, with)),
            leaf if *n == 0 => {
                *leaf = with.clone();
                true
            }
            _ => {
                *n -= 1;
                false
            }
        }
    }
    let Ok(mut v) = serde_json::from_str::<Value>(text) else { return text.into() };
    for (at, with) in edits {
        let leaves = count(&v);
        if leaves == 0 {
            break;
        }
        let with: Value = serde_json::from_str(BODY_VALUES[with % BODY_VALUES.len()]).unwrap();
        replace_nth(&mut v, &mut (at % leaves), &with);
    }
    v.to_string()
}

/// The handler's routes, with the method each takes; `{}` is an id (or a hostile segment).
const ROUTES: &[(&str, &str)] = &[
    ("GET", "/v1/customers"),
    ("GET", "/v1/customers/{}"),
    ("POST", "/v1/customers/{}/carts"),
    ("GET", "/v1/customers/{}/carts/{}"),
    ("PUT", "/v1/customers/{}/carts/{}"),
    ("POST", "/v1/customers/{}/carts/{}/checkout"),
    ("GET", "/v1/customers/{}/orders"),
    ("POST", "/v1/customers/{}/orders"),
    ("GET", "/v1/customers/{}/orders/{}"),
    ("PATCH", "/v1/customers/{}/orders/{}"),
    ("GET", "/v1/customers/{}/orders/{}/provisioningstatus"),
    ("GET", "/v1/customers/{}/subscriptions"),
    ("GET", "/v1/customers/{}/subscriptions/{}/registrationstatus"),
    ("POST", "/v1/customers/{}/subscriptions/{}/registrations"),
    ("GET", "/v1/customers/{}/entitlements"),
    ("GET", "/v1/customers/{}/products"),
    ("POST", "/v1/extensions/product/checkinventory"),
    ("GET", "/v1/products"),
    ("GET", "/v1/products/{}"),
    ("GET", "/v1/products/{}/skus"),
    ("GET", "/v1/products/{}/skus/{}"),
    ("GET", "/v1/products/{}/skus/{}/availabilities"),
    ("GET", "/v1/invoices"),
    ("GET", "/v1/invoices/summary"),
    ("GET", "/v1/invoices/summaries"),
    ("GET", "/v1/invoices/unbilled/lineitems"),
    ("GET", "/v1/invoices/{}"),
    ("GET", "/v1/invoices/{}/lineitems"),
    ("GET", "/v1/invoices/{}/documents/statement"),
    ("GET", "/v1.0/sales/pricelists/{}/software"),
    ("GET", "/sandbox/partners"),
];

/// Ids the seed and the first requests make, for both partners.
const IDS: &[&str] = &[
    "c0a80101-0000-4000-8000-000000000001",
    "c0a80101-0000-4000-8000-000000000003",
    "c0a80101-0000-4000-8000-00000000000a",
    "5a4d0000-ca27-4000-8000-000000000001",
    "5a4d0000-ca27-4000-8000-000000000002",
    "5a4d0001-ca27-4000-8000-000000000001",
    "a0009e3779b9",
    "a1009e3779b9",
    "DG7GMGF0FKZV",
    "CFQ7TTC0LH18",
    "0001",
    "JP",
];

fn build(r: &Raw) -> Request {
    let mut picks = r.segments.iter().copied();
    let mut next = move || picks.next().unwrap_or(0);
    // Mostly a route of the handler with ids, a hostile segment now and then; sometimes any
    // path at all.
    let (method, path) = if next() % 5 == 0 {
        let path: String =
            r.segments.iter().map(|s| format!("/{}", SEGMENTS[s % SEGMENTS.len()])).collect();
        (["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"][r.method], path)
    } else {
        let (method, template) = ROUTES[next() % ROUTES.len()];
        let mut path = String::new();
        for (i, piece) in template.split("{}").enumerate() {
            if i > 0 {
                let n = next();
                path.push_str(if n % 7 == 0 {
                    SEGMENTS[n % SEGMENTS.len()]
                } else {
                    IDS[n % IDS.len()]
                });
            }
            path.push_str(piece);
        }
        let method = if r.method == 5 {
            ["GET", "POST", "PUT", "PATCH", "DELETE"][next() % 5]
        } else {
            method
        };
        (method, path)
    };
    let mut req = Request::new(method, &path);
    req.query = r
        .query
        .iter()
        .map(|(k, v)| format!("{}={}", PARAMS[k % PARAMS.len()], VALUES[v % VALUES.len()]))
        .collect::<Vec<_>>()
        .join("&");
    // Mostly a partner's token, so that requests reach the handlers.
    let token = TOKENS[if r.token % 3 == 0 { r.token % TOKENS.len() } else { r.token % 2 }];
    if !token.is_empty() {
        req = req.header("Authorization", token);
    }
    if let Some(id) = r.request_id {
        req = req.header("MS-RequestId", ["a", "", " ", "ｱ"][id]);
    }
    let mut body = match BODIES.get(r.body) {
        Some(text) => edit_body(text, &r.body_edits).into_bytes(),
        None if r.body == BODIES.len() => Vec::new(),
        None => b"{\"lineItems\":".to_vec(),
    };
    body.extend(&r.trailing_bytes);
    req.body = body;
    req
}

fn cases() -> u32 {
    std::env::var("PROCURA_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(3_000)
}

#[test]
fn hostile_requests_never_panic_and_are_refused_in_partner_centers_shape() {
    let n = cases();
    // One sandbox and store throughout: later requests meet what earlier ones made.
    let state = std::cell::RefCell::new((
        Sandbox::new(Config::default()),
        MemoryStore::new(),
        1_790_000_000_000_i64,
        [0u64; 6],
    ));
    let config = ProptestConfig { cases: n, failure_persistence: None, ..Default::default() };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    runner
        .run(&raw(), |r| {
            let req = build(&r);
            let resp = {
                let (sandbox, store, now, answered) = &mut *state.borrow_mut();
                *now += 1_000;
                let resp = sandbox.handle(store, &req, *now);
                answered[usize::from(resp.status / 100).min(5)] += 1;
                resp
            };
            if resp.status >= 400 {
                let e: pc::ApiError = pc::from_slice(&resp.body).map_err(|e| {
                    TestCaseError::fail(format!(
                        "{} {}?{}: {} not an error body: {e}: {}",
                        req.method,
                        req.path,
                        req.query,
                        resp.status,
                        String::from_utf8_lossy(&resp.body)
                    ))
                })?;
                prop_assert!(
                    (e.code_number().is_some() || e.status_code.is_some()) && !e.text().is_empty(),
                    "{} {}: {:?}",
                    req.method,
                    req.path,
                    e
                );
            }
            Ok(())
        })
        .unwrap();
    let answered = state.borrow().3;
    println!(
        "hostile requests: {n} cases, no panic; answered 2xx {}, 4xx {}, 5xx {}",
        answered[2], answered[4], answered[5]
    );
    assert!(answered[2] > 0, "some requests must get through to the handlers");
}

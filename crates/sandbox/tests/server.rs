//! The `procura-sandbox` server over HTTP on loopback: the same contract as in process, plus
//! persistence across a restart, CORS, body limits, clean shutdown and concurrent checkouts.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]
#![cfg(feature = "server")]

use std::sync::Arc;

mod support;
use support::{temp_db, Server};

use procura_partner_center as pc;
use procura_sandbox::loopback::{Conn, Reply};
use serde_json::json;

const SAKURA: &str = "Bearer sandbox-partner-sakura";
const JP: &str = "c0a80101-0000-4000-8000-000000000001";

fn json_of<T: serde::de::DeserializeOwned>(r: &Reply) -> T {
    pc::from_slice(&r.body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&r.body)))
}

fn buy(c: &mut Conn, request_id: &str) -> (String, Reply) {
    let body = serde_json::to_vec(&json!({"partnerOnRecordAttestationAccepted": true, "lineItems": [{"id": 0, "catalogItemId": "DG7GMGF0FKZV:0001:JPJPYCOM", "quantity": 1, "billingCycle": "one_time", "termDuration": "P1Y"}]})).unwrap();
    let r = c
        .send(
            "POST",
            &format!("/v1/customers/{JP}/carts"),
            &[
                ("Authorization", SAKURA),
                ("Content-Type", "application/json"),
                ("MS-RequestId", &format!("{request_id}-cart")),
            ],
            &body,
        )
        .unwrap();
    assert_eq!(r.status, 201);
    let cart: pc::Cart = json_of(&r);
    let id = cart.id.unwrap();
    let r = c
        .send(
            "POST",
            &format!("/v1/customers/{JP}/carts/{id}/checkout"),
            &[
                ("Authorization", SAKURA),
                ("MS-RequestId", request_id),
                ("MS-CorrelationId", "flow-1"),
            ],
            b"",
        )
        .unwrap();
    (id, r)
}

#[test]
fn a_purchase_over_http_survives_a_restart() {
    let db = temp_db("restart");
    let server = Server::start(&db, &[]);
    let mut c = server.conn();
    let (_, r) = buy(&mut c, "http-1");
    assert_eq!(r.status, 201);
    assert_eq!(
        (r.header("MS-RequestId"), r.header("MS-CorrelationId")),
        (Some("http-1"), Some("flow-1"))
    );
    let result: pc::CartCheckoutResult = json_of(&r);
    let order_id = result.orders[0].id.clone().unwrap();
    server.stop();

    let server = Server::start(&db, &[]);
    let mut c = server.conn();
    let r = c
        .send(
            "GET",
            &format!("/v1/customers/{JP}/orders/{order_id}"),
            &[("Authorization", SAKURA)],
            b"",
        )
        .unwrap();
    assert_eq!(r.status, 200, "the committed order is still there after a restart");
    assert_eq!(json_of::<pc::Order>(&r).id.as_deref(), Some(order_id.as_str()));
    server.stop();
}

#[test]
fn errors_cors_limits_and_the_order_list_delay_over_http() {
    let db = temp_db("errors");
    let server = Server::start(&db, &["--order-list-delay", "0"]);
    let mut c = server.conn();
    let r = c.send("GET", "/v1/customers", &[], b"").unwrap();
    assert_eq!((r.status, json_of::<pc::ApiError>(&r).code_number()), (401, Some(800001)));
    let r =
        c.send("GET", "/v1/products/NOPE?country=JP", &[("Authorization", SAKURA)], b"").unwrap();
    assert_eq!((r.status, json_of::<pc::ApiError>(&r).code_number()), (404, Some(400013)));
    let r = c
        .send("GET", &format!("/v1/customers/{JP}/carts/nope"), &[("Authorization", SAKURA)], b"")
        .unwrap();
    assert_eq!((r.status, json_of::<pc::ApiError>(&r).code_number()), (404, Some(800008)));

    let r = c
        .send(
            "OPTIONS",
            "/v1/customers",
            &[
                ("Origin", "http://127.0.0.1:8080"),
                ("Access-Control-Request-Method", "POST"),
                ("Access-Control-Request-Headers", "authorization,ms-requestid,content-type"),
            ],
            b"",
        )
        .unwrap();
    assert!(r.status < 300);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert!(r.header("access-control-allow-headers").unwrap().contains("authorization"));

    let huge = vec![b'x'; 2 << 20];
    let mut c2 = server.conn();
    let r = c2
        .send("POST", &format!("/v1/customers/{JP}/carts"), &[("Authorization", SAKURA)], &huge)
        .unwrap();
    assert_eq!(r.status, 413);

    // With --order-list-delay 0 a new order is listed at once.
    let (_, r) = buy(&mut c, "delay-0");
    let id = json_of::<pc::CartCheckoutResult>(&r).orders[0].id.clone().unwrap();
    let r = c
        .send("GET", &format!("/v1/customers/{JP}/orders"), &[("Authorization", SAKURA)], b"")
        .unwrap();
    assert!(json_of::<pc::Collection<pc::Order>>(&r)
        .items
        .iter()
        .any(|o| o.id.as_deref() == Some(id.as_str())));
    server.stop();
}

#[test]
fn many_clients_checking_out_one_cart_make_exactly_one_order() {
    let db = temp_db("concurrency");
    let server = Server::start(&db, &[]);
    let mut c = server.conn();
    let body = serde_json::to_vec(&json!({"partnerOnRecordAttestationAccepted": true, "lineItems": [{"id": 0, "catalogItemId": "CFQ7TTC0LH18:0001:JPJPYCOM", "quantity": 5, "billingCycle": "monthly", "termDuration": "P1M"}]})).unwrap();
    let r = c
        .send(
            "POST",
            &format!("/v1/customers/{JP}/carts"),
            &[("Authorization", SAKURA), ("Content-Type", "application/json")],
            &body,
        )
        .unwrap();
    let cart = json_of::<pc::Cart>(&r).id.unwrap();
    let addr = Arc::new(server.addr.clone());

    // 16 clients: half retry one shared request id (as after a lost response), half use their own.
    let handles: Vec<_> = (0..16)
        .map(|i| {
            let (addr, cart) = (addr.clone(), cart.clone());
            std::thread::spawn(move || {
                let mut c = Conn::open(&addr).unwrap();
                let rid =
                    if i % 2 == 0 { "shared-checkout".to_string() } else { format!("own-{i}") };
                (0..3)
                    .map(|_| {
                        let r = c
                            .send(
                                "POST",
                                &format!("/v1/customers/{JP}/carts/{cart}/checkout"),
                                &[("Authorization", SAKURA), ("MS-RequestId", &rid)],
                                b"",
                            )
                            .unwrap();
                        let orders: Vec<String> = if r.status == 201 {
                            json_of::<pc::CartCheckoutResult>(&r)
                                .orders
                                .iter()
                                .filter_map(|o| o.id.clone())
                                .collect()
                        } else {
                            Vec::new()
                        };
                        (r.status, orders)
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let outcomes: Vec<(u16, Vec<String>)> =
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect();
    let mut order_ids: Vec<&String> = outcomes.iter().flat_map(|(_, o)| o).collect();
    order_ids.sort();
    order_ids.dedup();
    assert_eq!(order_ids.len(), 1, "exactly one order for one cart: {outcomes:?}");
    assert!(outcomes.iter().all(|(s, _)| *s == 201 || *s == 400), "{outcomes:?}");

    let r = c
        .send(
            "GET",
            &format!("/v1/customers/{JP}/orders/{}", order_ids[0]),
            &[("Authorization", SAKURA)],
            b"",
        )
        .unwrap();
    assert_eq!(r.status, 200);
    server.stop();
}

#[test]
fn the_server_serves_the_app_with_a_spa_fallback() {
    let dir = std::env::temp_dir().join(format!("procura-static-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>Procura</title>").unwrap();
    let db = temp_db("static");
    let server = Server::start(&db, &["--static", dir.to_str().unwrap()]);
    let mut c = server.conn();
    for path in ["/", "/orders/123"] {
        let r = c.send("GET", path, &[], b"").unwrap();
        assert_eq!(r.status, 200, "{path}");
        assert!(String::from_utf8_lossy(&r.body).contains("<title>Procura</title>"));
        assert_eq!(r.header("content-security-policy"), Some("frame-ancestors 'none'"));
        assert_eq!(r.header("x-frame-options"), Some("DENY"));
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    }
    server.stop();
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Values at the edge of their types never panic the server: an offset past every invoice,
/// a clock advanced by `i64::MAX` (then every request still answers), a delay too long to
/// hold in milliseconds (refused at start).
#[test]
fn hostile_offsets_clocks_and_delays_are_answered_not_panicked_on() {
    let db = temp_db("hostile");
    let server = Server::start(&db, &["--test-clock"]);
    let mut c = server.conn();
    let auth = [("Authorization", SAKURA)];
    let r = c.send("GET", "/v1/invoices?size=10&offset=18446744073709551615", &auth, b"").unwrap();
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let page: pc::Collection<serde_json::Value> = json_of(&r);
    assert!(page.items.is_empty());
    let r = c.send("POST", "/sandbox/clock?advanceMs=9223372036854775807", &[], b"").unwrap();
    assert_eq!(r.status, 200);
    let r = c.send("POST", "/sandbox/clock?advanceMs=9223372036854775807", &[], b"").unwrap();
    assert_eq!(r.status, 200);
    for path in [
        format!("/v1/customers/{JP}/orders"),
        "/v1/invoices".into(),
        format!("/v1/customers/{JP}/entitlements"),
    ] {
        let r = c.send("GET", &path, &auth, b"").unwrap();
        assert_eq!(r.status, 200, "{path}: {}", String::from_utf8_lossy(&r.body));
    }
    let (_, r) = buy(&mut c, "hostile-clock");
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    server.stop();

    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_procura-sandbox"))
        .args(["--listen", "127.0.0.1:0", "--db", temp_db("hostile-delay").to_str().unwrap()])
        .args(["--order-list-delay", "9223372036854775807"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--order-list-delay"));
}

/// Clients that open connections and stall (half a request line, or headers and then half a
/// body) neither keep others from being served nor the server from stopping: a stop lets
/// the stalled ones go within the grace period.
#[test]
fn stalled_clients_do_not_stop_others_or_the_server() {
    use std::io::Write;
    use std::time::{Duration, Instant};
    let db = temp_db("stalled");
    let server = Server::start(&db, &[]);
    let mut stalled = Vec::new();
    for i in 0..40 {
        let mut s = std::net::TcpStream::connect(&server.addr).unwrap();
        let half: &[u8] = if i % 2 == 0 {
            b"GET /v1/customers HTTP/1.1\r\nHost: x\r\n"
        } else {
            b"POST /v1/customers/x/carts HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"
        };
        s.write_all(half).unwrap();
        stalled.push(s);
    }
    let started = Instant::now();
    let mut c = server.conn();
    let r =
        c.send("GET", "/v1/customers", &[("Authorization", "Bearer sandbox-partner-sakura")], b"");
    assert_eq!(r.unwrap().status, 200);
    assert!(started.elapsed() < Duration::from_secs(2), "served while others stall");
    let stopping = Instant::now();
    server.stop();
    assert!(stopping.elapsed() < Duration::from_secs(8), "stopped within the grace period");
    drop(stalled);
}

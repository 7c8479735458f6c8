//! Crashes: clients create carts and check them out against `procura-sandbox` while it is
//! killed with SIGKILL at random moments and started again on the same database and port.
//! A client whose answer is lost asks again with the same request id, as the app does.
//! Afterwards: every order a client saw acknowledged exists exactly once, the customer has
//! no order nobody acknowledged (nothing charged twice), no cart or order id is reused, and
//! the database passes `PRAGMA integrity_check`.
//!
//! `PROCURA_CRASH_OPS` sets the number of purchases (default 300 in the test command;
//! `cargo xtask bench` runs 1,000). The figures are printed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use procura_partner_center as pc;
use procura_sandbox::loopback::Conn;

mod support;

const CLIENTS: usize = 4;
const AUTH: &str = "Bearer sandbox-partner-nordljus";
const CUSTOMER: &str = "c0a80101-0000-4000-8000-00000000000a";
const CART: &[u8] = br#"{"partnerOnRecordAttestationAccepted":true,"lineItems":[{"id":0,"catalogItemId":"CFQ7TTC0LH18:0001:SESEKEDU","quantity":1,"billingCycle":"monthly","termDuration":"P1M"}]}"#;

fn start(db: &std::path::Path, addr: &str) -> Child {
    // The port was just freed by the killed process: try again for a moment if it is not
    // yet ready to be bound.
    for _ in 0..100 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_procura-sandbox"))
            .args(["--listen", addr, "--db", db.to_str().unwrap()])
            .args(["--order-list-delay", "0", "--order-rate-limit", "100000000"])
            .arg("--no-sandbox-limits")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        let _ = BufReader::new(child.stdout.take().unwrap()).read_line(&mut line);
        if line.starts_with("listening on") {
            return child;
        }
        let _ = child.wait();
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("procura-sandbox did not start again on {addr}");
}

fn free_port() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().to_string()
}

/// Sends until an answer comes (reconnecting after a crash), with the same request.
fn until_answered(
    conn: &mut Option<Conn>,
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    lost: &AtomicUsize,
) -> procura_sandbox::loopback::Reply {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        assert!(Instant::now() < deadline, "no answer to {method} {path} for two minutes");
        if conn.is_none() {
            *conn = Conn::open(addr).ok();
        }
        if let Some(c) = conn.as_mut() {
            match c.send(method, path, headers, body) {
                // A 5xx changed nothing (the server rolled it back): ask again.
                Ok(r) if r.status < 500 => return r,
                Ok(_) => {}
                Err(_) => {
                    *conn = None;
                    lost.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn listed_orders(addr: &str) -> Vec<pc::Order> {
    let mut c = Conn::open(addr).unwrap();
    let r = c
        .send("GET", &format!("/v1/customers/{CUSTOMER}/orders"), &[("Authorization", AUTH)], b"")
        .unwrap();
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    pc::from_slice::<pc::Collection<pc::Order>>(&r.body).unwrap().items
}

fn ops() -> usize {
    std::env::var("PROCURA_CRASH_OPS").ok().and_then(|v| v.parse().ok()).unwrap_or(300)
}

#[test]
fn purchases_survive_sigkill_exactly_once() {
    let total = ops();
    let db = support::temp_db("crash");
    let addr = free_port();
    let server = Arc::new(Mutex::new(start(&db, &addr)));
    let before: BTreeSet<String> = listed_orders(&addr).into_iter().filter_map(|o| o.id).collect();

    let next = Arc::new(AtomicUsize::new(0));
    let lost = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let started = Instant::now();

    // The killer: SIGKILL at a random moment (5–40 ms apart), then start again at once.
    let killer = {
        let (server, done, db, addr) = (server.clone(), done.clone(), db.clone(), addr.clone());
        std::thread::spawn(move || {
            let mut kills = 0;
            let mut seed = 0x9e37_79b9_u64;
            while !done.load(Ordering::Relaxed) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                std::thread::sleep(Duration::from_millis(5 + seed % 35));
                if done.load(Ordering::Relaxed) {
                    break;
                }
                let mut s = server.lock().unwrap();
                s.kill().unwrap();
                s.wait().unwrap();
                *s = start(&db, &addr);
                kills += 1;
            }
            kills
        })
    };

    // The clients: cart, then checkout, each asked again after a lost answer.
    let acknowledged: Vec<BTreeMap<String, String>> = (0..CLIENTS)
        .map(|t| {
            let (next, lost, addr) = (next.clone(), lost.clone(), addr.clone());
            std::thread::spawn(move || {
                let mut conn = None;
                let mut mine = BTreeMap::new();
                while next.fetch_add(1, Ordering::Relaxed) < total {
                    let rid = format!("crash-{t}-{}", mine.len());
                    let headers = [
                        ("Authorization", AUTH),
                        ("Content-Type", "application/json"),
                        ("MS-RequestId", rid.as_str()),
                    ];
                    let path = format!("/v1/customers/{CUSTOMER}/carts");
                    let r = until_answered(&mut conn, &addr, "POST", &path, &headers, CART, &lost);
                    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
                    let cart = pc::from_slice::<pc::Cart>(&r.body).unwrap().id.unwrap();
                    let checkout_rid = format!("{rid}-checkout");
                    let headers =
                        [("Authorization", AUTH), ("MS-RequestId", checkout_rid.as_str())];
                    let path = format!("/v1/customers/{CUSTOMER}/carts/{cart}/checkout");
                    let r = until_answered(&mut conn, &addr, "POST", &path, &headers, b"", &lost);
                    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
                    let result: pc::CartCheckoutResult = pc::from_slice(&r.body).unwrap();
                    assert_eq!(result.orders.len(), 1, "one order per cart");
                    let order = result.orders[0].id.clone().unwrap();
                    assert!(mine.insert(cart, order).is_none(), "a cart id came twice");
                }
                mine
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|h| h.join().unwrap())
        .collect();
    done.store(true, Ordering::Relaxed);
    let kills = killer.join().unwrap();
    let secs = started.elapsed().as_secs_f64();

    // Every acknowledged order once; no other order; no id twice.
    let mut carts = BTreeSet::new();
    let mut orders = BTreeSet::new();
    for (cart, order) in acknowledged.iter().flatten() {
        assert!(carts.insert(cart.clone()), "cart id {cart} reused");
        assert!(orders.insert(order.clone()), "order id {order} given to two carts");
    }
    let listed: Vec<String> = listed_orders(&addr).into_iter().filter_map(|o| o.id).collect();
    let new: Vec<&String> = listed.iter().filter(|o| !before.contains(*o)).collect();
    let distinct: BTreeSet<&String> = new.iter().copied().collect();
    assert_eq!(distinct.len(), new.len(), "an order listed twice");
    assert_eq!(distinct, orders.iter().collect(), "the orders are exactly those acknowledged");

    let mut s = server.lock().unwrap();
    let _ = Command::new("kill").args(["-TERM", &s.id().to_string()]).status();
    s.wait().unwrap();
    let check: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    println!(
        "crash test: {total} purchases (cart + checkout) by {CLIENTS} clients, {kills} SIGKILLs, \
         {} requests cut off and sent again, in {secs:.1} s: 0 duplicates, 0 lost, integrity ok",
        lost.load(Ordering::Relaxed)
    );
    assert!(kills > 0, "the server was never killed");
}

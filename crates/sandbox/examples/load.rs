//! Load on loopback: `load --server PATH`. Starts `procura-sandbox` on a fresh database,
//! drives it from several kept-alive connections, prints throughput and p99 latency for a
//! catalog GET and for create-cart + checkout, then stops it. Bounded: 5 s per scenario.
//! The order resource's 500/minute limit and the sandbox's subscription limits are lifted
//! for this run: it measures the server.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use procura_sandbox::loopback::Conn;

const CONNECTIONS: usize = 4;
const SECONDS: u64 = 5;
const AUTH: &str = "Bearer sandbox-partner-nordljus";
const CUSTOMER: &str = "c0a80101-0000-4000-8000-00000000000a";

/// Runs `op` for the scenario's time; prints throughput and p99; returns how many ran.
fn run(addr: &str, name: &str, unit: &str, op: fn(&mut Conn, usize, usize) -> bool) -> usize {
    let deadline = Instant::now() + Duration::from_secs(SECONDS);
    let threads: Vec<_> = (0..CONNECTIONS)
        .map(|t| {
            let addr = addr.to_string();
            std::thread::spawn(move || {
                let mut c = Conn::open(&addr).expect("connect");
                let mut lat = Vec::new();
                let mut failed = 0;
                let mut i = 0;
                while Instant::now() < deadline {
                    let s = Instant::now();
                    if !op(&mut c, t, i) {
                        failed += 1;
                    }
                    lat.push(s.elapsed());
                    i += 1;
                }
                (lat, failed)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut failed = 0;
    for t in threads {
        let (l, f) = t.join().unwrap();
        all.extend(l);
        failed += f;
    }
    all.sort();
    let p99 = all[(all.len() * 99 / 100).min(all.len() - 1)];
    println!("sandbox {name}: {:.0} {unit}/s, p99 {:.2} ms ({} {unit}, {failed} failed, {CONNECTIONS} connections)", all.len() as f64 / SECONDS as f64, p99.as_secs_f64() * 1000.0, all.len());
    all.len()
}

fn catalog(c: &mut Conn, _: usize, _: usize) -> bool {
    c.send(
        "GET",
        "/v1/products?country=SE&targetView=OnlineServices",
        &[("Authorization", AUTH)],
        b"",
    )
    .is_ok_and(|r| r.status == 200)
}

fn cart_and_checkout(c: &mut Conn, t: usize, i: usize) -> bool {
    let body = br#"{"partnerOnRecordAttestationAccepted":true,"lineItems":[{"id":0,"catalogItemId":"CFQ7TTC0LH18:0001:SESEKEDU","quantity":3,"billingCycle":"monthly","termDuration":"P1M"}]}"#;
    let rid = format!("load-{t}-{i}");
    let Ok(r) = c.send(
        "POST",
        &format!("/v1/customers/{CUSTOMER}/carts"),
        &[("Authorization", AUTH), ("Content-Type", "application/json"), ("MS-RequestId", &rid)],
        body,
    ) else {
        return false;
    };
    let Ok(cart) = procura_partner_center::from_slice::<procura_partner_center::Cart>(&r.body)
    else {
        return false;
    };
    let Some(id) = cart.id else { return false };
    c.send(
        "POST",
        &format!("/v1/customers/{CUSTOMER}/carts/{id}/checkout"),
        &[("Authorization", AUTH), ("MS-RequestId", &format!("{rid}-co"))],
        b"",
    )
    .is_ok_and(|r| r.status == 201)
}

/// The same pair with request ids of its own (the first run's would replay).
fn cart_and_checkout_again(c: &mut Conn, t: usize, i: usize) -> bool {
    cart_and_checkout(c, t + CONNECTIONS, i)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let server = args
        .iter()
        .position(|a| a == "--server")
        .and_then(|i| args.get(i + 1))
        .expect("usage: load --server PATH");
    let db = std::env::temp_dir().join(format!("procura-load-{}.db", std::process::id()));
    let mut child = Command::new(server)
        .args([
            "--listen",
            "127.0.0.1:0",
            "--db",
            db.to_str().unwrap(),
            "--order-rate-limit",
            "100000000",
            "--no-sandbox-limits",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start server");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.trim().trim_start_matches("listening on http://").to_string();
    run(&addr, "catalog GET", "req", catalog);
    let placed = run(&addr, "create-cart+checkout", "pairs", cart_and_checkout);
    // Again, now that the customer has that many more orders: the rate should hold.
    run(
        &addr,
        &format!("create-cart+checkout after {placed} orders"),
        "pairs",
        cart_and_checkout_again,
    );
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    let _ = child.wait();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
}

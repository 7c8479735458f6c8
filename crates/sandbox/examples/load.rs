//! Load on loopback: `load --server PATH [--soak SECONDS]`. Starts `procura-sandbox` on a
//! fresh database, drives it from several kept-alive connections, prints throughput and p99
//! latency for a catalog GET and for create-cart + checkout, then stops it. Bounded: 5 s per
//! scenario. `--soak` then runs a mixed load for that long and prints p50/p99 and the
//! server's resident memory as it went (it should stay flat).
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
/// The soak's customer: another of Nordljus's, without the thousands of orders the pair
/// scenarios leave, so it reads what a partner's customer has.
const SOAK_CUSTOMER: &str = "c0a80101-0000-4000-8000-00000000000b";

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
    buy(c, CUSTOMER, &format!("load-{t}-{i}"))
}

fn buy(c: &mut Conn, customer: &str, rid: &str) -> bool {
    let body = br#"{"partnerOnRecordAttestationAccepted":true,"lineItems":[{"id":0,"catalogItemId":"CFQ7TTC0LH18:0001:SESEKEDU","quantity":3,"billingCycle":"monthly","termDuration":"P1M"}]}"#;
    let Ok(r) = c.send(
        "POST",
        &format!("/v1/customers/{customer}/carts"),
        &[("Authorization", AUTH), ("Content-Type", "application/json"), ("MS-RequestId", rid)],
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
        &format!("/v1/customers/{customer}/carts/{id}/checkout"),
        &[("Authorization", AUTH), ("MS-RequestId", &format!("{rid}-co"))],
        b"",
    )
    .is_ok_and(|r| r.status == 201)
}

/// The same pair with request ids of its own (the first run's would replay).
fn cart_and_checkout_again(c: &mut Conn, t: usize, i: usize) -> bool {
    cart_and_checkout(c, t + CONNECTIONS, i)
}

/// A partner's mix: mostly reading (catalog, orders, invoices), a purchase one time in ten.
fn mixed(c: &mut Conn, t: usize, i: usize) -> bool {
    let get = |c: &mut Conn, path: &str| {
        c.send("GET", path, &[("Authorization", AUTH)], b"").is_ok_and(|r| r.status == 200)
    };
    match i % 10 {
        0 => buy(c, SOAK_CUSTOMER, &format!("soak-{t}-{i}")),
        1..=4 => catalog(c, t, i),
        5 | 6 => get(c, &format!("/v1/customers/{SOAK_CUSTOMER}/orders")),
        7 => get(c, &format!("/v1/customers/{SOAK_CUSTOMER}/subscriptions")),
        8 => get(c, "/v1/invoices"),
        _ => get(c, &format!("/v1/customers/{SOAK_CUSTOMER}")),
    }
}

/// The server's resident memory in MB (Linux), if it can be read: (anonymous, file-backed).
/// Apart, because the file-backed part is SQLite's memory map of a database that grows with
/// every purchase; the anonymous part (heap) is what a leak would grow.
fn rss_mb(pid: u32) -> Option<(f64, f64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| -> Option<f64> {
        let kb: f64 = status
            .lines()
            .find(|l| l.starts_with(name))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()?;
        Some(kb / 1024.0)
    };
    Some((field("RssAnon:")?, field("RssFile:")?))
}

/// The mixed load for `seconds`, with memory sampled a hundred times; printed per tenth of
/// the run as the heap's least and most (a leak raises the least; a request in flight, such
/// as an invoice list reading every order, raises only the most).
fn soak(addr: &str, pid: u32, seconds: u64) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let sampler = std::thread::spawn(move || {
        let mut samples = Vec::new();
        while Instant::now() < deadline {
            samples.extend(rss_mb(pid));
            std::thread::sleep(Duration::from_millis((seconds * 10).max(100)));
        }
        samples
    });
    let threads: Vec<_> = (0..CONNECTIONS)
        .map(|t| {
            let addr = addr.to_string();
            std::thread::spawn(move || {
                let mut c = Conn::open(&addr).expect("connect");
                let (mut lat, mut failed, mut i) = (Vec::new(), 0, 0);
                while Instant::now() < deadline {
                    let s = Instant::now();
                    failed += usize::from(!mixed(&mut c, t, i));
                    lat.push(s.elapsed());
                    i += 1;
                }
                (lat, failed)
            })
        })
        .collect();
    let (mut all, mut failed) = (Vec::new(), 0);
    for t in threads {
        let (l, f) = t.join().unwrap();
        all.extend(l);
        failed += f;
    }
    all.sort();
    let at = |q: usize| all[(all.len() * q / 100).min(all.len() - 1)].as_secs_f64() * 1000.0;
    let samples = sampler.join().unwrap();
    let tenths = samples.chunks(samples.len().div_ceil(10).max(1));
    let heap = |s: &[(f64, f64)]| {
        let least = s.iter().map(|s| s.0).fold(f64::MAX, f64::min);
        let most = s.iter().map(|s| s.0).fold(0.0, f64::max);
        format!("{least:.0}–{most:.0}")
    };
    let heap: Vec<String> = tenths.clone().map(heap).collect();
    let mapped: Vec<String> =
        tenths.map(|s| format!("{:.0}", s.last().map_or(0.0, |s| s.1))).collect();
    println!(
        "sandbox soak: {} requests in {seconds} s ({:.0}/s, {failed} failed, {CONNECTIONS} connections, mixed), p50 {:.2} ms, p99 {:.2} ms; server memory per tenth of the run, heap (anonymous) MB least–most: {}; SQLite's mapped file MB: {}",
        all.len(),
        all.len() as f64 / seconds as f64,
        at(50),
        at(99),
        heap.join(" "),
        mapped.join(" "),
    );
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
    let soak_seconds = args
        .iter()
        .position(|a| a == "--soak")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok());
    if let Some(seconds) = soak_seconds {
        soak(&addr, child.id(), seconds);
    }
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    let _ = child.wait();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
}

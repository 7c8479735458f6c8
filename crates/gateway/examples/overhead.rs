//! What the gateway adds to a request: `overhead --sandbox PATH --gateway PATH --static DIR`
//! starts `procura-sandbox` (fresh database) and `procura-gateway` in front of it, then sends
//! the same catalog GET alternately to each over kept-alive connections and prints p50 and
//! p99 for both, and the difference.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a bench reports a failure by panicking"
)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use procura_sandbox::loopback::Conn;

const REQUESTS: usize = 3000;
const WARM_UP: usize = 200;
const PATH: &str = "/v1/products?country=JP&targetView=SoftwareSubscriptions";
const AUTH: &str = "Bearer sandbox-partner-sakura";

fn arg(name: &str) -> String {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
        .expect("usage: overhead --sandbox PATH --gateway PATH --static DIR")
}

/// Starts `bin` and reads its `listening on http://ADDR` line.
fn start(bin: &str, args: &[&str]) -> (Child, String) {
    let mut child =
        Command::new(bin).args(args).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.trim().strip_prefix("listening on http://").expect("a listening line");
    (child, addr.to_string())
}

fn ms(sorted: &[Duration], percent: usize) -> f64 {
    sorted[(sorted.len() * percent / 100).min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

fn main() {
    let db = std::env::temp_dir().join(format!("procura-overhead-{}.db", std::process::id()));
    let (mut sandbox, direct) =
        start(&arg("--sandbox"), &["--listen", "127.0.0.1:0", "--db", db.to_str().unwrap()]);
    let upstream = format!("http://{direct}");
    let site = arg("--static");
    let (mut gateway, through) = start(
        &arg("--gateway"),
        &["--listen", "127.0.0.1:0", "--static", &site, "--upstream", &upstream],
    );
    let mut conns = [Conn::open(&direct).unwrap(), Conn::open(&through).unwrap()];
    let mut lat: [Vec<Duration>; 2] = [Vec::new(), Vec::new()];
    for i in 0..REQUESTS + WARM_UP {
        for (k, c) in conns.iter_mut().enumerate() {
            let s = Instant::now();
            let r = c.send("GET", PATH, &[("Authorization", AUTH)], b"").unwrap();
            assert_eq!(r.status, 200);
            if i >= WARM_UP {
                lat[k].push(s.elapsed());
            }
        }
    }
    for l in &mut lat {
        l.sort();
    }
    let [d, g] = &lat;
    println!(
        "gateway overhead, catalog GET ({REQUESTS} each, alternating, kept-alive): direct p50 {:.3} ms p99 {:.3} ms; through procura-gateway p50 {:.3} ms p99 {:.3} ms; added p50 {:.3} ms p99 {:.3} ms",
        ms(d, 50),
        ms(d, 99),
        ms(g, 50),
        ms(g, 99),
        ms(g, 50) - ms(d, 50),
        ms(g, 99) - ms(d, 99),
    );
    for child in [&mut gateway, &mut sandbox] {
        let _ = child.kill();
        let _ = child.wait();
    }
    let _ = std::fs::remove_file(db);
}

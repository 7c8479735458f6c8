//! Native benchmark: 10,000 intents checked, ns per intent (`cargo xtask bench` runs it in
//! the bench profile). Budget: 1 µs per intent.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let intents = procura_rules::sample::intents(10_000);
    let mut blocked = 0;
    // Warm up caches and the allocator, then take the best of several rounds.
    for i in &intents {
        blocked += procura_rules::check(black_box(i)).is_blocked() as usize;
    }
    let mut best = f64::MAX;
    for _ in 0..20 {
        let t = Instant::now();
        for i in &intents {
            black_box(procura_rules::check(black_box(i)));
        }
        best = best.min(t.elapsed().as_nanos() as f64 / intents.len() as f64);
    }
    println!(
        "rules check native: {best:.0} ns/intent (10000 intents, {blocked} blocked; budget 1000)"
    );
}

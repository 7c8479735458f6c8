//! In-browser benchmark: the same 10,000 intents as the native one, timed with
//! `performance.now()` in headless Chromium. Compiled only with `--features browser-bench`
//! (`cargo xtask bench`); it prints its figure and asserts only that the work was done.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]
#![cfg(all(target_arch = "wasm32", feature = "browser-bench"))]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    let perf = js_sys::Reflect::get(&js_sys::global(), &"performance".into()).unwrap();
    let now: js_sys::Function = js_sys::Reflect::get(&perf, &"now".into()).unwrap().into();
    now.call0(&perf).unwrap().as_f64().unwrap()
}

#[wasm_bindgen_test]
fn check_10000_intents() {
    let intents = procura_rules::sample::intents(10_000);
    let mut blocked = 0;
    for i in &intents {
        blocked += procura_rules::check(i).is_blocked() as usize;
    }
    let mut best = f64::MAX;
    for _ in 0..20 {
        let t = now_ms();
        let mut n = 0;
        for i in &intents {
            n += procura_rules::check(std::hint::black_box(i)).findings.len();
        }
        std::hint::black_box(n);
        best = best.min((now_ms() - t) * 1e6 / intents.len() as f64);
    }
    assert!(blocked > 0 && blocked < intents.len(), "the mix has both outcomes");
    console_log!(
        "rules check browser: {best:.0} ns/intent (10000 intents, {blocked} blocked; budget 5000)"
    );
}

//! `cargo xtask bench`: a checkout on the embedded sandbox (release build, its worker from the
//! built site), timed from the click on "Place the orders" until the result is in the page
//! (a MutationObserver marks the moment, with no polling delay). Budget: 50 ms.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]
#![cfg(all(target_arch = "wasm32", feature = "browser-bench"))]

mod support;

use std::cell::Cell;
use std::rc::Rc;

use support::shop::*;
use support::{now, report};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const RUNS: usize = 15;

/// Clicks `button` and returns the milliseconds until `host`'s text contains `text`.
async fn click_until(host: &web_sys::Element, button: &web_sys::HtmlElement, text: &str) -> f64 {
    let seen = Rc::new(Cell::new(None::<f64>));
    let mark = seen.clone();
    let watched = host.clone();
    let wanted = text.to_string();
    let observer = web_sys::MutationObserver::new(
        Closure::<dyn Fn()>::new(move || {
            if mark.get().is_none() && watched.text_content().unwrap_or_default().contains(&wanted)
            {
                mark.set(Some(now()));
            }
        })
        .into_js_value()
        .unchecked_ref(),
    )
    .unwrap();
    let options = web_sys::MutationObserverInit::new();
    options.set_subtree(true);
    options.set_child_list(true);
    options.set_character_data(true);
    observer.observe_with_options(host, &options).unwrap();
    let t0 = now();
    button.click();
    for _ in 0..3000 {
        if let Some(t) = seen.get() {
            observer.disconnect();
            return t - t0;
        }
        support::sleep(10).await;
    }
    panic!("no result within 30 s");
}

#[wasm_bindgen_test]
async fn a_checkout_on_the_embedded_sandbox() {
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let ui = fresh().await;
        choose_customer(&ui, HOKUSAI).await;
        open_sku(&ui, None, WINDOWS_1Y).await;
        ui.fill("Quantity", "2").await;
        ui.see("No finding: Partner Center should accept this line.").await;
        ui.click("Add to cart").await;
        review(&ui).await;
        ui.until(10, "the review", |u| {
            u.control("Place the orders").is_some_and(|b| !b.has_attribute("disabled"))
        })
        .await;
        let button = ui.control("Place the orders").unwrap();
        times.push(click_until(&ui.host, &button, "Orders created").await);
        assert_eq!(order_links(&ui).len(), 1);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let line = format!(
        "checkout on the embedded sandbox: median {:.1} ms, max {:.1} ms over {RUNS} checkouts (confirm to result shown; budget 50 ms)",
        times[RUNS / 2],
        times[RUNS - 1]
    );
    report(&line);
}

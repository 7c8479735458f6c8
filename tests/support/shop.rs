//! The purchase steps the flow suites share: choosing a customer, opening a SKU, checking
//! out; and reaching a page or a downloaded file as the browser would.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use procura::api::override_transport;

use super::{start, Ui};

pub const HOKUSAI: &str = "Hokusai Precision Manufacturing";
pub const HOKUSAI_ID: &str = "c0a80101-0000-4000-8000-000000000001";
pub const SQL_STANDARD: &str = "SQL Server 2022 Standard - 2 Core License Pack";
pub const WINDOWS_1Y: &str = "Windows Server 2022 Standard - 2 Core License Pack - 1 year";

/// A fresh app on the plain embedded sandbox.
pub async fn fresh() -> Ui {
    override_transport(None);
    start(false).await
}

pub async fn choose_customer(ui: &Ui, name: &str) {
    ui.go("/customers").await;
    ui.click(&format!("Choose {name}")).await;
    ui.see(&format!("Purchases are now for {name}.")).await;
}

pub async fn open_sku(ui: &Ui, category: Option<&str>, sku: &str) {
    ui.go("/catalog").await;
    if let Some(c) = category {
        ui.choose("Category", c).await;
    }
    ui.click(sku).await;
    ui.see(&format!("Buy: {sku}")).await;
}

/// Review and confirm the cart; the order ids the result lists.
pub async fn check_out(ui: &Ui) -> Vec<String> {
    ui.go("/cart").await;
    attest(ui).await;
    ui.click("Review and check out").await;
    ui.click("Place the orders").await;
    ui.see("Orders created").await;
    order_links(ui)
}

/// The partner-of-record attestation, as the partner gives it on the cart.
pub const ATTESTATION: &str = "We attest that we are the partner of record for this purchase.";

pub async fn attest(ui: &Ui) {
    ui.tick(ATTESTATION).await;
}

pub fn order_links(ui: &Ui) -> Vec<String> {
    ui.find("ul.orders a")
        .iter()
        .filter_map(|a| a.text_content())
        .map(|t| t.trim_start_matches("Order ").to_string())
        .collect()
}

/// Goes to `path` as a link inside the app would (history entry, then the router's popstate).
pub async fn visit(path: &str) {
    let w = web_sys::window().unwrap();
    w.history().unwrap().push_state_with_url(&JsValue::NULL, "", Some(path)).unwrap();
    w.dispatch_event(&web_sys::Event::new("popstate").unwrap()).unwrap();
    leptos::task::tick().await;
}

/// Files the app offers for download, caught before the browser saves them: the name and
/// the object URL of each (read with [`downloaded_bytes`]).
pub struct Downloads {
    seen: std::rc::Rc<std::cell::RefCell<Vec<(String, String)>>>,
    listener: Closure<dyn FnMut(web_sys::Event)>,
}

impl Downloads {
    pub fn catch() -> Downloads {
        let seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let s = seen.clone();
        let listener = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
            if let Some(a) =
                ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlAnchorElement>().ok())
            {
                if a.has_attribute("download") {
                    ev.prevent_default();
                    s.borrow_mut().push((a.download(), a.href()));
                }
            }
        });
        web_sys::window()
            .unwrap()
            .add_event_listener_with_callback_and_bool(
                "click",
                listener.as_ref().unchecked_ref(),
                true,
            )
            .unwrap();
        Downloads { seen, listener }
    }

    /// Waits (up to `secs`) for the next file and returns its name and bytes.
    pub async fn next(&self, secs: u64) -> (String, Vec<u8>) {
        for _ in 0..secs * 50 {
            let first = {
                let mut v = self.seen.borrow_mut();
                (!v.is_empty()).then(|| v.remove(0))
            };
            if let Some((name, url)) = first {
                let resp: web_sys::Response = wasm_bindgen_futures::JsFuture::from(
                    web_sys::window().unwrap().fetch_with_str(&url),
                )
                .await
                .unwrap()
                .unchecked_into();
                let buf = wasm_bindgen_futures::JsFuture::from(resp.array_buffer().unwrap())
                    .await
                    .unwrap();
                return (name, js_sys::Uint8Array::new(&buf).to_vec());
            }
            super::sleep(20).await;
        }
        panic!("no file was downloaded");
    }
}

impl Drop for Downloads {
    fn drop(&mut self) {
        let _ = web_sys::window().unwrap().remove_event_listener_with_callback_and_bool(
            "click",
            self.listener.as_ref().unchecked_ref(),
            true,
        );
    }
}

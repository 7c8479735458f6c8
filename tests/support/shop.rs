//! The purchase steps the flow suites share: choosing a customer, opening a SKU, checking
//! out; and reaching a page or a downloaded file as the browser would.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use std::cell::Cell;
use std::rc::Rc;

use procura::api::transport::{Request, Sent};
use procura::api::{override_transport, EmbeddedTransport, Transport};

use super::{start, Ui};

pub const HOKUSAI: &str = "Hokusai Precision Manufacturing";
pub const HOKUSAI_ID: &str = "c0a80101-0000-4000-8000-000000000001";
pub const SQL_STANDARD: &str = "SQL Server 2022 Standard - 2 Core License Pack";
pub const WINDOWS_1Y: &str = "Windows Server 2022 Standard - 2 Core License Pack - 1 year";

/// A fresh app on the embedded sandbox, every request it sends checked against the
/// documented contract on its way ([`Conforming`]).
pub async fn fresh() -> Ui {
    override_transport(Some(Rc::new(Conforming)));
    start(false).await
}

thread_local! {
    /// Requests checked by [`Conforming`] in this test run (for the report).
    pub static CHECKED: Cell<usize> = const { Cell::new(0) };
}

/// Passes every request to the embedded sandbox after checking it against headers.md and the
/// request pages: the documented headers on every call, a body only where the docs send one
/// (JSON, with its `Content-Type`), and the fields the pages mark required.
pub struct Conforming;

impl Transport for Conforming {
    fn send(&self, req: Request, cancel: Option<web_sys::AbortSignal>, timeout_ms: u32) -> Sent {
        check_request(&req);
        CHECKED.set(CHECKED.get() + 1);
        EmbeddedTransport.send(req, cancel, timeout_ms)
    }
}

pub fn is_guid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| {
            if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

pub fn check_request(r: &Request) {
    let what = format!("{} {}", r.method, r.path);
    let header = |name: &str| r.get_header(name).unwrap_or_else(|| panic!("{what}: no {name}"));
    assert!(header("Authorization").starts_with("Bearer "), "{what}");
    // get-invoice-statement.md asks for the PDF itself.
    // A price sheet is a file stream (get-a-price-sheet.md).
    let accept = if r.path.ends_with("/documents/statement") {
        "application/pdf"
    } else if r.path.starts_with("/v1.0/sales/pricesheets") {
        "*/*"
    } else {
        "application/json"
    };
    assert_eq!(header("Accept"), accept, "{what}");
    assert!(is_guid(header("MS-RequestId")), "{what}");
    assert!(is_guid(header("MS-CorrelationId")), "{what}");
    assert_eq!(header("MS-Contract-Version"), "v1", "{what}");
    let locale = header("X-Locale");
    let culture = locale.len() == 5 && locale.as_bytes()[2] == b'-';
    assert!(culture, "{what}: X-Locale {locale} is a culture name");
    if r.body.is_empty() {
        assert!(r.get_header("Content-Type").is_none(), "{what}: no body, no Content-Type");
        return;
    }
    assert_eq!(header("Content-Type"), "application/json", "{what}");
    let body: serde_json::Value =
        serde_json::from_slice(&r.body).unwrap_or_else(|e| panic!("{what}: {e}"));
    let path = r.path.to_ascii_lowercase();
    assert!(!path.ends_with("/checkout") && !path.ends_with("/registrations"), "{what}: no body");
    if path.contains("/carts") {
        // create-a-cart.md / update-a-cart.md.
        assert_eq!(body["partnerOnRecordAttestationAccepted"], true, "{what}");
        let lines = body["lineItems"].as_array().unwrap_or_else(|| panic!("{what}: lineItems"));
        for line in lines {
            for field in ["id", "catalogItemId", "quantity", "billingCycle"] {
                assert!(!line[field].is_null(), "{what}: {field} is required: {line}");
            }
        }
    }
    if r.method == "PATCH" && path.contains("/orders/") {
        let cancelling = body["status"] == "cancelled";
        // purchase-an-add-on-to-a-subscription.md / cancel-software-purchases.md.
        assert!(cancelling || body["referenceCustomerId"].is_string(), "{what}: {body}");
        for line in body["lineItems"].as_array().into_iter().flatten() {
            assert!(line["lineItemNumber"].is_number(), "{what}: {line}");
            assert!(line["offerId"].is_string(), "{what}: {line}");
            if !cancelling {
                assert!(line["parentSubscriptionId"].is_string(), "{what}: {line}");
                assert!(line["quantity"].is_number(), "{what}: {line}");
            }
        }
    }
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

/// The usual line: one Windows Server licence pack (one-time, 1 year) in the cart.
pub async fn add_windows(ui: &Ui) {
    open_sku(ui, None, WINDOWS_1Y).await;
    ui.click("Add to cart").await;
}

/// The cart, attested and reviewed: "Place the orders" is next.
pub async fn review(ui: &Ui) {
    ui.go("/cart").await;
    attest(ui).await;
    ui.click("Review and check out").await;
}

/// Review and confirm the cart; the order ids the result lists.
pub async fn check_out(ui: &Ui) -> Vec<String> {
    review(ui).await;
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

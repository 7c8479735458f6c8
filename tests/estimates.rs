//! Price estimates before checkout, in the mounted app on the embedded sandbox: a reserved
//! instance from the price sheet, a perpetual product from an imported price list, a
//! new-commerce line from the cart's `pricing`, a SKU no source prices, a stale sheet, a
//! corrupt or foreign price list refused with nothing replaced, and each estimate equal to
//! what the order charges.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]

mod support;

use std::rc::Rc;

use procura::api::transport::{Request, Sent};
use procura::api::{override_transport, EmbeddedTransport, Transport};
use procura::pricing::book;
use procura_partner_center::pricesheet::{self as sheet, Month, View};
use procura_price_book::{Expect, ImportError, ShelfKey, Source};
use support::shop::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const RI: &str = "Reserved VM Instance, Standard_B1s, Japan East, 1 Year";
const SQL_PERPETUAL: &str = "SQL Server 2022 Standard - 2 Core License Pack";

/// Forgets every shelf of the price book (IndexedDB outlives a test's page state).
async fn empty_price_book() {
    for meta in book::held("").await {
        book::remove(&meta.key).await.unwrap();
    }
}

/// The software price list for Japan, as a partner downloads it (the sandbox's own route).
async fn software_list() -> Vec<u8> {
    let req = Request::new("GET", "/sandbox/pricelists/JP/software");
    let resp = EmbeddedTransport.send(req, None, 30_000).await.unwrap();
    assert_eq!(resp.status, 200);
    resp.body
}

async fn reservation_in_cart(ui: &support::Ui) {
    open_sku(ui, Some("Azure reservations"), RI).await;
    ui.choose("Azure subscription", "Microsoft Azure").await;
    ui.click("Check inventory").await;
    ui.see("Available: the inventory check passed.").await;
    ui.click("Add to cart").await;
}

#[wasm_bindgen_test]
async fn a_reservation_is_estimated_from_the_price_sheet_as_the_order_charges() {
    empty_price_book().await;
    let ui = fresh().await;
    choose_customer(&ui, HOKUSAI).await;
    reservation_in_cart(&ui).await;
    ui.go("/cart").await;
    // Fetched once for Japan and this month, parsed and kept; the line says where from.
    ui.see("Estimate: ¥").await;
    ui.see("price sheet of").await;
    let held = book::held("JP").await;
    let ri = held
        .iter()
        .find(|m| m.key == ShelfKey::new("JP", Source::Sheet(View::AzureReservations)))
        .expect("the sheet is held");
    assert_eq!(ri.currency, "JPY");
    assert!(ri.rows > 100, "{ri:?}");
    ui.see("Estimated total: ¥").await;
    attest(&ui).await;
    ui.click("Review and check out").await;
    ui.see("Estimated for this order: ¥").await;
    ui.click("Place the orders").await;
    ui.see("Orders created").await;
    // The order's own price replaces the estimate, and they agree to the yen.
    let placed = ui.find("section.placed-order")[0].text_content().unwrap_or_default();
    assert!(placed.contains("As estimated"), "{placed}");
}

#[wasm_bindgen_test]
async fn a_perpetual_product_needs_the_imported_price_list_then_matches_its_order() {
    empty_price_book().await;
    let ui = fresh().await;
    choose_customer(&ui, HOKUSAI).await;
    ui.go("/settings").await;
    ui.choose("Qualified to sell perpetual software", "Yes").await;
    open_sku(&ui, Some("Perpetual software"), SQL_PERPETUAL).await;
    ui.fill("Quantity", "2").await;
    ui.click("Add to cart").await;
    ui.go("/cart").await;
    // Nothing prices it yet: the line says so instead of showing zero.
    ui.see("No estimate: import the market's software price list.").await;
    ui.see("Lines without an estimate: 1").await;

    // A foreign-currency list and a corrupt file are refused, and nothing is kept.
    let usd = String::from_utf8(software_list().await).unwrap().replace("\"JPY\"", "\"USD\"");
    let refused = book::import_list(usd.into_bytes(), "software-usd.csv", "JP", "JPY").await;
    assert_eq!(
        refused,
        Err(ImportError::ForeignCurrency { expected: "JPY".into(), found: "USD".into() })
    );
    let corrupt =
        book::import_list(b"PK\x03\x04not a zip".to_vec(), "broken.zip", "JP", "JPY").await;
    assert!(matches!(corrupt, Err(ImportError::Unreadable { .. })), "{corrupt:?}");
    assert!(book::held("JP").await.iter().all(|m| m.key.source != Source::Imported));

    let meta = book::import_list(software_list().await, "software.csv", "JP", "JPY").await.unwrap();
    assert_eq!((meta.currency.as_str(), meta.key.market.as_str()), ("JPY", "JP"));
    // A later bad import replaces nothing.
    let again = book::import_list(b"ProductId,SkuId\n".to_vec(), "half.csv", "JP", "JPY").await;
    assert!(again.is_err());
    let kept = book::held("JP").await;
    assert_eq!(kept.iter().find(|m| m.key.source == Source::Imported), Some(&meta));

    ui.go("/orders").await;
    ui.go("/cart").await;
    ui.see("imported price list of").await;
    attest(&ui).await;
    ui.click("Review and check out").await;
    ui.click("Place the orders").await;
    ui.see("Orders created").await;
    let placed = ui.find("section.placed-order")[0].text_content().unwrap_or_default();
    assert!(placed.contains("As estimated"), "{placed}");
}

#[wasm_bindgen_test]
async fn a_new_commerce_line_is_estimated_from_the_sheet_then_from_the_cart() {
    let ui = fresh().await;
    choose_customer(&ui, HOKUSAI).await;
    open_sku(&ui, Some("Online services"), "Microsoft 365 Business Basic").await;
    ui.fill("Quantity", "3").await;
    ui.click("Add to cart").await;
    ui.go("/cart").await;
    ui.see("price sheet of").await;
    attest(&ui).await;
    ui.click("Review and check out").await;
    // Saved with Partner Center: its own price for the line takes over.
    ui.see("Partner Center's price for this cart line").await;
}

/// Fails the Partner API's requests (the price sheets); everything else reaches the sandbox.
struct NoPartnerApi;

impl Transport for NoPartnerApi {
    fn send(&self, req: Request, cancel: Option<web_sys::AbortSignal>, timeout_ms: u32) -> Sent {
        if req.path.starts_with("/v1.0/") {
            let resp = procura_partner_center::http::Response::error(503, 800003, "down");
            return Box::pin(async move { Ok(resp) });
        }
        EmbeddedTransport.send(req, cancel, timeout_ms)
    }
}

#[wasm_bindgen_test]
async fn a_stale_sheet_is_used_and_said_to_be_stale_until_refreshed() {
    empty_price_book().await;
    // Last month's sheet, as the sandbox served it then.
    let now = Month::of_ms(procura::browser::now_ms()).unwrap();
    let last = if now.month == 1 {
        Month::new(now.year - 1, 12)
    } else {
        Month::new(now.year, now.month - 1)
    }
    .unwrap();
    let bytes = EmbeddedTransport
        .send(
            Request::new("GET", &sheet::path("JP", View::AzureReservations, Some(last)))
                .bearer("sandbox-partner-sakura"),
            None,
            30_000,
        )
        .await
        .unwrap()
        .body;
    let expect = Expect {
        key: ShelfKey::new("JP", Source::Sheet(View::AzureReservations)),
        currency: None,
        month: last,
        stored_ms: 0,
        name: "azure_reservations".into(),
    };
    procura::pricing::worker::import(bytes, expect).await.unwrap();

    override_transport(Some(Rc::new(NoPartnerApi)));
    let ui = support::start(false).await;
    choose_customer(&ui, HOKUSAI).await;
    reservation_in_cart(&ui).await;
    ui.go("/cart").await;
    ui.see("Estimate: ¥").await;
    ui.see("from an earlier month").await;
    ui.see("Azure reservations price sheet for JP is from").await;

    // Once this month's can be fetched (Prices page), it replaces last month's.
    override_transport(Some(Rc::new(Conforming)));
    drop(ui);
    let ui = support::start(true).await;
    ui.go("/prices").await;
    ui.fill("Market (two-letter country code)", "JP").await;
    ui.click("Fetch this month's price sheets").await;
    ui.see("Fetched the Azure reservations price sheet for JP").await;
    let held = book::held("JP").await;
    let ri = held.iter().find(|m| m.key.source == Source::Sheet(View::AzureReservations)).unwrap();
    assert_eq!(ri.month, now);
}

#[wasm_bindgen_test]
async fn a_sku_no_source_prices_says_so() {
    empty_price_book().await;
    // A list that prices other SKUs only.
    let list = b"ProductId,SkuId,Currency,UnitPrice,Market\nNOTHING,0001,JPY,1,JP\n".to_vec();
    book::import_list(list, "other.csv", "JP", "JPY").await.unwrap();
    let ui = fresh().await;
    choose_customer(&ui, HOKUSAI).await;
    open_sku(&ui, Some("Perpetual software"), SQL_PERPETUAL).await;
    ui.click("Add to cart").await;
    ui.go("/cart").await;
    ui.see("No estimate: no price sheet or imported price list has this SKU").await;
    // The Prices page lists what is held, and imports refuse another market's list.
    ui.go("/prices").await;
    ui.see("Imported price list: other.csv").await;
    let foreign = book::import_list(software_list().await, "jp.csv", "SE", "SEK").await;
    assert!(
        matches!(
            foreign,
            Err(ImportError::ForeignCurrency { .. }) | Err(ImportError::ForeignMarket { .. })
        ),
        "{foreign:?}"
    );
}

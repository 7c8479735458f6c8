//! Page state kept in the URL: after a reload (the app mounted again at the same address,
//! storage kept) the catalog's category and search, the order list's view and sort and the
//! invoice list's page are as the partner left them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]
#![cfg(target_arch = "wasm32")]

mod support;

use support::shop::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

/// The address bar's query.
fn query() -> String {
    web_sys::window().unwrap().location().search().unwrap()
}

fn value_of(ui: &support::Ui, label: &str) -> String {
    let e = ui.labelled(label).unwrap_or_else(|| panic!("no control labelled {label:?}"));
    match e.dyn_ref::<HtmlSelectElement>() {
        Some(s) => s.value(),
        None => e.unchecked_into::<HtmlInputElement>().value(),
    }
}

#[wasm_bindgen_test]
async fn the_catalog_orders_and_invoice_list_come_back_as_they_were_left() {
    let ui = fresh().await;
    choose_customer(&ui, HOKUSAI).await;
    ui.go("/catalog").await;
    ui.choose("Category", "Azure reservations").await;
    ui.until(10, "the reservation SKUs", |u| !u.find("li.sku").is_empty()).await;
    ui.fill("Search products and SKUs", "japan east").await;
    ui.until(5, "the view and the search in the URL", |_| {
        let q = query();
        q.contains("view=AzureReservationsVM") && q.contains("q=japan")
    })
    .await;
    let shown = ui.find("li.sku").len();
    assert!(shown > 0);
    let address = format!("/catalog{}", query());
    drop(ui);

    let ui = support::start_at(&address, true).await;
    ui.until(10, "the same SKUs after the reload", |u| u.find("li.sku").len() == shown).await;
    assert_eq!(value_of(&ui, "Category"), "AzureReservationsVM");
    assert_eq!(value_of(&ui, "Search products and SKUs"), "japan east");
    assert!(ui
        .find("li.sku button")
        .iter()
        .all(|b| b.text_content().unwrap().contains("Japan East")));

    ui.go("/orders").await;
    ui.choose("Billing cycle type", "One-time").await;
    ui.choose("Sort by", "Status").await;
    ui.until(5, "the view and sort in the URL", |_| {
        let q = query();
        q.contains("billing=onetime") && q.contains("sort=status")
    })
    .await;
    let address = format!("/orders{}", query());
    drop(ui);
    let ui = support::start_at(&address, true).await;
    ui.until(10, "the order list", |u| u.labelled("Sort by").is_some()).await;
    assert_eq!(value_of(&ui, "Billing cycle type"), "onetime");
    assert_eq!(value_of(&ui, "Sort by"), "status");

    ui.go("/invoices").await;
    ui.click("Next page").await;
    ui.see("Page 2").await;
    assert!(query().contains("page=2"), "{}", query());
    drop(ui);
    let ui = support::start_at("/invoices?page=2", true).await;
    ui.see("Page 2").await;
    assert!(!ui.is_disabled("Previous page"));
    ui.click("Previous page").await;
    ui.see("Page 1").await;
    assert!(!query().contains("page="), "the first page is the plain address: {}", query());
}

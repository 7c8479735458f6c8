//! Price sheets (get-a-price-sheet.md) agree to the cent with what the sandbox charges: the
//! sheet's unit price for a SKU, term and billing plan is the cart line's and the order
//! line's `pricing.price`. Run in process and over HTTP.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]

use procura_partner_center as pc;
use procura_partner_center::http::{Request, Response};
use procura_partner_center::pricesheet::{self as sheet, Month, PriceRow, View};
use serde_json::json;

mod support;
use support::{World, T0};

const SAKURA: &str = "sandbox-partner-sakura";
const JP: &str = "c0a80101-0000-4000-8000-000000000001";

fn fetch(w: &mut World, market: &str, view: View, month: Option<Month>, zipped: bool) -> Response {
    let mut req = Request::new("GET", &sheet::path(market, view, month)).bearer(SAKURA);
    if zipped {
        req = req.header("Accept-Encoding", "gzip, deflate, br");
    }
    w.send(req)
}

/// The CSV inside a zipped answer.
fn unzip(body: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(body)).unwrap();
    let mut csv = Vec::new();
    archive.by_index(0).unwrap().read_to_end(&mut csv).unwrap();
    csv
}

fn rows(w: &mut World, market: &str, view: View) -> Vec<PriceRow> {
    let r = fetch(w, market, view, None, true);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert!(r.body.starts_with(b"PK\x03\x04"), "zipped when deflate is accepted");
    sheet::read_csv(&unzip(&r.body)).unwrap()
}

fn price_of<'a>(
    rows: &'a [PriceRow],
    product: &str,
    sku: &str,
    term: &str,
    plan: &str,
) -> &'a PriceRow {
    rows.iter()
        .find(|r| {
            r.product_id == product
                && r.sku_id == sku
                && r.term_duration == term
                && r.billing_plan == plan
        })
        .unwrap_or_else(|| panic!("{product}:{sku} {term} {plan} is in the sheet"))
}

fn sheets_are_per_market_and_view(w: &mut World) {
    let ri = rows(w, "jp", View::AzureReservations);
    assert!(ri.len() >= 150, "every reservation SKU sold in Japan: {}", ri.len());
    assert!(ri.iter().all(|r| r.currency == "JPY" && r.market == "JP"));
    assert!(ri.iter().all(|r| r.unit_price.fract().is_zero()), "JPY has no minor units");
    let nce = rows(w, "SE", View::UpdatedLicenseBased);
    assert!(nce.iter().all(|r| r.currency == "SEK"));
    assert!(
        nce.iter().any(|r| r.billing_plan == "Annual")
            && nce.iter().any(|r| r.billing_plan == "Monthly")
    );
    // Not zipped unless asked.
    let plain = fetch(w, "JP", View::AzureReservations, None, false);
    assert!(plain.body.starts_with(b"\"ProductTitle\""));
    assert_eq!(sheet::read_csv(&plain.body).unwrap(), ri);
    // No reservations are sold in Brazil: the sheet has none.
    assert_eq!(
        sheet::read_csv(&fetch(w, "BR", View::AzureReservations, None, false).body),
        Err(sheet::SheetError::Empty)
    );
}

fn history_future_software_and_bad_requests(w: &mut World) {
    let now = Month::of_ms(T0).unwrap();
    assert_eq!(fetch(w, "JP", View::AzureReservations, Month::new(2025, 1), true).status, 200);
    let next = Month::new(now.year + 1, now.month).unwrap();
    assert_eq!(fetch(w, "JP", View::AzureReservations, Some(next), true).status, 404);
    // The page says current data covers Azure, new commerce and marketplace only.
    assert_eq!(fetch(w, "JP", View::Software, None, true).status, 404);
    let list = w.send(Request::new("GET", "/sandbox/pricelists/JP/software"));
    assert_eq!(list.status, 200);
    let software = sheet::read_csv(&list.body).unwrap();
    assert!(
        software.iter().any(|r| r.product_id == "DG7GMGF0DWTL"),
        "perpetual software is listed"
    );
    let bad = w.send(
        Request::new("GET", "/v1.0/sales/pricesheets(Market='JP',PricesheetView='nope')/$value")
            .bearer(SAKURA),
    );
    assert_eq!((bad.status, World::error_code(&bad)), (400, 800002));
    let anon = w.send(Request::new("GET", &sheet::path("JP", View::AzureReservations, None)));
    assert_eq!(anon.status, 401);
    assert_eq!(fetch(w, "ZZ", View::AzureReservations, None, false).status, 404);
}

fn the_sheet_price_is_the_cart_and_order_price(w: &mut World) {
    let ri = rows(w, "JP", View::AzureReservations);
    let nce = rows(w, "JP", View::UpdatedLicenseBased);
    let software =
        sheet::read_csv(&w.send(Request::new("GET", "/sandbox/pricelists/JP/software")).body)
            .unwrap();
    let r = w.send(
        Request::new("POST", &format!("/v1/customers/{JP}/carts"))
            .bearer(SAKURA)
            .header("MS-RequestId", "sheet-cart")
            .json(&json!({"PartnerOnRecordAttestationAccepted": true, "lineItems": [
                {"id": 0, "catalogItemId": "CFQ7TTC0LH18:0001:JPJPYCOM", "quantity": 3, "billingCycle": "annual", "termDuration": "P1Y"},
                {"id": 1, "catalogItemId": "DG7GMGF0DWTL:0001:JPJPYCOM", "quantity": 2, "billingCycle": "one_time"},
                {"id": 2, "catalogItemId": "DG7GMGF0FKZV:0001:JPJPYCOM", "quantity": 1, "billingCycle": "one_time", "termDuration": "P1Y"}
            ]})),
    );
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let cart: pc::Cart = World::json(&r);
    let annual = price_of(&nce, "CFQ7TTC0LH18", "0001", "P1Y", "Annual");
    assert_eq!(cart.line_items[0].pricing.as_ref().and_then(|p| p.price), Some(annual.unit_price));
    let r = w.send(
        Request::new(
            "POST",
            &format!("/v1/customers/{JP}/carts/{}/checkout", cart.id.clone().unwrap()),
        )
        .bearer(SAKURA)
        .header("MS-RequestId", "sheet-checkout"),
    );
    let result: pc::CartCheckoutResult = World::json(&r);
    let order_price = |offer: &str| {
        result
            .orders
            .iter()
            .flat_map(|o| &o.line_items)
            .find(|l| l.offer_id.starts_with(offer))
            .and_then(|l| l.pricing.as_ref())
            .and_then(|p| p.price)
            .unwrap_or_else(|| panic!("{offer} is priced on its order"))
    };
    assert_eq!(order_price("CFQ7TTC0LH18:0001"), annual.unit_price);
    assert_eq!(
        order_price("DG7GMGF0DWTL:0001"),
        price_of(&software, "DG7GMGF0DWTL", "0001", "", "OneTime").unit_price
    );
    assert_eq!(
        order_price("DG7GMGF0FKZV:0001"),
        price_of(&software, "DG7GMGF0FKZV", "0001", "P1Y", "OneTime").unit_price
    );
    let some_ri = &ri[0];
    assert!(some_ri.unit_price > 0.into() && some_ri.term_duration.starts_with('P'));
}

both_doors!(
    sheets_are_per_market_and_view,
    history_future_software_and_bad_requests,
    the_sheet_price_is_the_cart_and_order_price,
);

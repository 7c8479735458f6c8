//! After checkout, on the embedded sandbox, through the app's pages: an order followed until
//! fulfilled, the order list that lags by 15 minutes, and reconciling invoices (totals,
//! export, statement).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]
#![cfg(target_arch = "wasm32")]

mod support;

use procura::api::embedded::advance_clock;
use procura::api::{Client, EmbeddedTransport, Limiter};
use procura::billing::{export, lines, Filter, LineTable, Sort};
use procura::settings::Token;
use procura_partner_center as pc;
use rust_decimal::Decimal;
use support::shop::*;
use support::Ui;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A client of the embedded sandbox as `token`'s partner, to check the pages against.
fn client(token: &str) -> Client {
    Client::new(std::rc::Rc::new(EmbeddedTransport), Token::new(token), Limiter::order_resource())
}

fn rows_with(ui: &Ui, id: &str) -> Vec<web_sys::Element> {
    ui.find("table.orders-table tbody tr")
        .into_iter()
        .filter(|r| r.text_content().unwrap_or_default().contains(id))
        .collect()
}

#[wasm_bindgen_test]
async fn an_order_is_followed_to_fulfilled_and_listed_once_when_the_list_catches_up() {
    let ui = fresh().await;
    choose_customer(&ui, HOKUSAI).await;
    add_windows(&ui).await;
    let orders = check_out(&ui).await;
    let id = orders[0].clone();

    // The order's page: pending, checked with back-off.
    ui.click(&format!("Order {id}")).await;
    ui.see(&format!("Order {id}")).await;
    ui.see("Provisioning in progress").await;
    assert_eq!(ui.find("td.provisioning")[0].text_content().unwrap(), "pending");
    assert_eq!(ui.find("dd.order-status")[0].text_content().unwrap(), "Pending");
    ui.see("¥27,000").await;

    // The sandbox's clock passes the fulfilment time: the next check sees it.
    advance_clock(61_000);
    ui.until(10, "provisioning to finish", |u| u.text().contains("Provisioning is finished."))
        .await;
    assert_eq!(ui.find("td.provisioning")[0].text_content().unwrap(), "fulfilled");
    assert!(ui.text().contains("1 fulfilled"));
    ui.until(5, "the order to be completed", |u| {
        u.find("dd.order-status").first().and_then(|d| d.text_content()).as_deref()
            == Some("Completed")
    })
    .await;

    // The list does not have it yet; it is shown anyway, once, marked recent.
    ui.go("/orders").await;
    ui.until(10, "the order in the list", |u| rows_with(u, &id).len() == 1).await;
    assert_eq!(rows_with(&ui, &id)[0].class_name(), "recent");
    assert!(rows_with(&ui, &id)[0].text_content().unwrap().contains("Recent"));
    ui.choose("Billing cycle type", "Recurring").await;
    ui.until(10, "the recurring orders", |u| {
        !u.find("table.orders-table tbody tr").is_empty() && rows_with(u, &id).is_empty()
    })
    .await;
    ui.choose("Billing cycle type", "One-time").await;
    ui.until(10, "the one-time orders", |u| rows_with(u, &id).len() == 1).await;

    // Fifteen minutes later Partner Center lists it: still once, no longer "recent".
    advance_clock(15 * 60_000);
    ui.click("Refresh").await;
    ui.until(10, "the listed order", |u| {
        rows_with(u, &id).first().is_some_and(|r| r.class_name().is_empty())
    })
    .await;
    assert_eq!(rows_with(&ui, &id).len(), 1);
    assert!(
        procura::orders::recent::unlisted(HOKUSAI_ID, &[]).is_empty(),
        "the listed order is forgotten"
    );

    ui.choose("Sort by", "Oldest first").await;
    ui.until(5, "the new order last", |u| {
        u.find("table.orders-table tbody tr")
            .last()
            .is_some_and(|r| r.text_content().unwrap_or_default().contains(&id))
    })
    .await;
}

/// Every line of an invoice (the client follows the seek pages), in a line table.
async fn all_lines(c: &Client, invoice: &str) -> LineTable {
    let items: Vec<pc::LineItemBrief> =
        c.all(&pc::paths::one_time_line_items(invoice, 2000)).await.unwrap();
    let mut table = LineTable::default();
    table.extend(&items);
    table
}

async fn use_token(ui: &Ui, token: &str) {
    ui.go("/settings").await;
    ui.fill("Bearer token", token).await;
    ui.click("Use this token").await;
    ui.see("A token is set for this session.").await;
}

/// Opens an invoice and waits until every line is read and reconciled.
async fn open_invoice(ui: &Ui, id: &str, lines: usize) {
    visit(&format!("/invoices/{id}")).await;
    ui.see(&format!("Invoice {id}")).await;
    let done = format!(
        "All {} line items read.",
        procura::format::number(procura::i18n::Locale::En, &lines.to_string())
    );
    ui.until(60, &done, |u| u.text().contains(&done)).await;
    ui.see("The line items add up to the invoice's total charges").await;
}

#[wasm_bindgen_test]
async fn invoice_totals_equal_the_sum_of_their_lines_to_the_cent_in_every_currency() {
    let ui = fresh().await;
    let mut currencies = Vec::new();
    for token in ["sandbox-partner-sakura", "sandbox-partner-nordljus"] {
        use_token(&ui, token).await;
        let c = client(token);
        let invoices = c.all_invoices().await.unwrap();
        let mut seen: Vec<String> = Vec::new();
        // The smallest invoice of each currency (the oldest), to keep the test quick.
        for inv in invoices.iter().rev() {
            if seen.contains(&inv.currency_code) {
                continue;
            }
            seen.push(inv.currency_code.clone());
            let table = all_lines(&c, &inv.id).await;
            let sum: Decimal = table.lines.iter().map(|l| l.total).sum();
            assert_eq!(
                sum, inv.total_charges,
                "{} {}: the lines add up to the invoice, exactly",
                inv.id, inv.currency_code
            );
            open_invoice(&ui, &inv.id, table.len()).await;
            let shown = ui
                .find(&format!("table.totals tr[data-currency='{}'] td.total", inv.currency_code));
            let expected = procura::format::money(
                procura::i18n::Locale::En,
                &sum.to_string(),
                &inv.currency_code,
            );
            assert_eq!(shown[0].text_content().unwrap(), expected);
            assert!(
                ui.find("dd.invoice-total")[0].text_content().unwrap() == expected,
                "the invoice's own total, formatted the same"
            );
            currencies.push(inv.currency_code.clone());
        }
    }
    currencies.sort();
    assert_eq!(currencies, ["EUR", "JPY", "SEK", "TWD", "USD", "USD"]);
    // Minor units as the currency has them: none for yen, two for the others.
    assert!(!ui.text().contains("¥1,234.5"));
}

#[wasm_bindgen_test]
async fn the_csv_export_reads_back_as_the_lines_shown_and_the_statement_is_a_pdf() {
    let ui = fresh().await;
    let c = client("sandbox-partner-sakura");
    let invoices = c.all_invoices().await.unwrap();
    let inv = invoices.iter().rev().find(|i| i.currency_code == "USD").unwrap().clone();
    let table = all_lines(&c, &inv.id).await;
    open_invoice(&ui, &inv.id, table.len()).await;

    // Filter as a partner would: one customer, refunds only; then sort by total.
    let customer =
        table.lines.iter().find(|l| &*l.charge_type == "cancel").unwrap().customer_name.to_string();
    ui.choose("Customer", &customer).await;
    ui.choose("Charge type", "Refund").await;
    ui.click("Total").await;
    let filter = Filter {
        customer_id: table
            .lines
            .iter()
            .find(|l| *l.customer_name == *customer)
            .map(|l| l.customer_id.to_string()),
        charge_type: Some("cancel".into()),
        ..Default::default()
    };
    let expected = lines::view(&table.lines, &filter, Sort::default().toggle(lines::Column::Total));
    assert!(!expected.is_empty());
    let label = format!("Export {} lines (CSV)", expected.len());
    ui.until(10, &label, |u| {
        u.find("button").iter().any(|b| b.text_content().unwrap_or_default() == label)
    })
    .await;

    // The rows in the DOM are the first of those lines, in that order.
    let first_row = ui.find("tr.iline")[0].text_content().unwrap();
    assert!(first_row.contains(&table.lines[expected[0] as usize].order_id), "{first_row}");

    let downloads = Downloads::catch();
    ui.click(&label).await;
    let (name, bytes) = downloads.next(10).await;
    assert_eq!(name, format!("Invoice_{}_lines_filtered.csv", inv.id));
    let rows = export::parse(&bytes).expect("UTF-16LE with a BOM");
    assert_eq!(rows.len(), expected.len() + 1, "a header and one row per line shown");
    assert_eq!(rows[0][0], "Customer");
    for (row, &i) in rows[1..].iter().zip(&expected) {
        let l = &table.lines[i as usize];
        assert_eq!(
            (row[0].as_str(), row[2].as_str(), row[6].as_str(), row[12].as_str()),
            (&*l.customer_name, l.order_id.as_str(), "cancel", "USD")
        );
        assert_eq!(row[11].parse::<Decimal>().unwrap(), l.total, "the total, exactly");
        assert_eq!(row[7].parse::<Decimal>().unwrap(), l.quantity);
    }

    // The statement, as a PDF file.
    ui.click("Download the statement (PDF)").await;
    let (name, bytes) = downloads.next(10).await;
    assert_eq!(name, format!("Invoice_{}.pdf", inv.id));
    assert!(bytes.starts_with(b"%PDF-") && bytes.len() > 1000, "{} bytes", bytes.len());
    ui.see(&format!("Saved Invoice_{}.pdf", inv.id)).await;

    // The filters are in the address: a reload shows the same lines.
    let w = web_sys::window().unwrap();
    let query = w.location().search().unwrap();
    assert!(query.contains("charge=cancel") && query.contains("customer="), "{query}");
    let address = format!("{}{query}", w.location().pathname().unwrap());
    drop(ui);
    let ui = support::start_at(&address, true).await;
    ui.until(60, &label, |u| {
        u.find("button").iter().any(|b| b.text_content().unwrap_or_default() == label)
    })
    .await;
}

#[wasm_bindgen_test]
async fn billing_shows_the_balance_dues_and_a_chart_per_currency() {
    let ui = fresh().await;
    ui.go("/invoices").await;
    ui.see("Account balance").await;
    ui.until(10, "the summaries", |u| u.find("table.summaries tbody tr").len() == 3).await;
    let c = client("sandbox-partner-sakura");
    let balance: pc::InvoiceSummary = c.balance().await.unwrap();
    ui.see(&procura::format::money(
        procura::i18n::Locale::En,
        &balance.balance_amount.to_string(),
        &balance.currency_code,
    ))
    .await;
    // One chart per currency, each an image with a name and a summary, and its figures as a table.
    let charts = ui.find("figure.chart svg[role='img']");
    assert!(!charts.is_empty());
    for svg in &charts {
        let ids = svg.get_attribute("aria-labelledby").unwrap();
        assert_eq!(ids.split(' ').count(), 2);
        assert_eq!(svg.query_selector_all("rect").unwrap().length(), 12);
    }
    assert!(!ui.find("figure.chart table tbody tr").is_empty());
    // Paging through the invoice list.
    ui.until(10, "the first page", |u| u.find("table.invoice-list tbody tr").len() == 12).await;
    let first = ui.find("table.invoice-list tbody tr")[0].text_content().unwrap();
    ui.click("Next page").await;
    ui.see("Page 2").await;
    ui.until(10, "the second page", |u| {
        u.find("table.invoice-list tbody tr")
            .first()
            .and_then(|r| r.text_content())
            .is_some_and(|t| t != first)
    })
    .await;
    ui.click("Previous page").await;
    ui.see("Page 1").await;
}

/// The embedded sandbox, with every invoice's `invoiceDetails` (and type) replaced: the
/// sandbox bills one-time charges only, Partner Center also license-based and usage-based.
struct Details(&'static str, Option<&'static str>);

impl procura::api::Transport for Details {
    fn send(
        &self,
        req: procura::api::transport::Request,
        cancel: Option<web_sys::AbortSignal>,
        timeout: u32,
    ) -> procura::api::transport::Sent {
        // `/v1/invoices/{id}`, not its line items.
        let rewrite = req.method == "GET"
            && req.path.starts_with("/v1/invoices/")
            && req.path.matches('/').count() == 3;
        let (details, invoice_type) = (self.0, self.1);
        let answer = EmbeddedTransport.send(req, cancel, timeout);
        Box::pin(async move {
            let mut r = answer.await?;
            if rewrite && r.status == 200 {
                let mut v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
                v["invoiceDetails"] = serde_json::from_str(details).unwrap();
                if let Some(t) = invoice_type {
                    v["invoiceType"] = t.into();
                }
                r.body = serde_json::to_vec(&v).unwrap();
            }
            Ok(r)
        })
    }
}

#[wasm_bindgen_test]
async fn an_invoice_that_bills_more_than_one_time_charges_is_not_judged_by_its_one_time_lines() {
    let c = client("sandbox-partner-sakura");
    let inv = c
        .all_invoices()
        .await
        .unwrap()
        .into_iter()
        .rev()
        .find(|i| i.currency_code == "USD")
        .unwrap();
    let lines = all_lines(&c, &inv.id).await.len();

    let both = r#"[{"invoiceLineItemType": "billing_line_items", "billingProvider": "one_time"},
                   {"invoiceLineItemType": "billing_line_items", "billingProvider": "office"}]"#;
    procura::api::override_transport(Some(std::rc::Rc::new(Details(both, None))));
    let ui = support::start(false).await;
    visit(&format!("/invoices/{}", inv.id)).await;
    let done = format!("All {lines} line items read.");
    ui.until(60, &done, |u| u.text().contains(&done)).await;
    ui.see("This invoice also bills license-based (Office) charges").await;
    assert!(!ui.text().contains("add up"), "no verdict on a part of the invoice");
    assert!(ui.find("[role=alert]").is_empty(), "and no mismatch reported");
    drop(ui);

    let office = r#"[{"invoiceLineItemType": "billing_line_items", "billingProvider": "office"}]"#;
    procura::api::override_transport(Some(std::rc::Rc::new(Details(office, Some("Recurring")))));
    let ui = support::start(false).await;
    visit(&format!("/invoices/{}", inv.id)).await;
    ui.see("This invoice has no one-time line items (it bills license-based (Office) charges)")
        .await;
    ui.see("All 0 line items read.").await;
    assert!(ui.find("[role=alert]").is_empty());
    procura::api::override_transport(None);
}

/// Software bought by mistake is cancelled from its order inside the window (two clicks); past
/// the window the service refuses and the page says why.
#[wasm_bindgen_test]
async fn software_is_cancelled_inside_its_window_and_refused_outside() {
    let ui = fresh().await;
    choose_customer(&ui, HOKUSAI).await;
    add_windows(&ui).await;
    let orders = check_out(&ui).await;
    ui.click(&format!("Order {}", orders[0])).await;
    ui.see("Cancel software bought by mistake").await;
    ui.see("Can be cancelled until").await;
    let line = format!("Cancel line 0: {WINDOWS_1Y}");
    assert!(ui.is_disabled("Cancel the chosen lines"), "nothing chosen yet");
    ui.tick(&line).await;
    ui.click("Cancel the chosen lines").await;
    ui.click("Yes, cancel 1 line(s): this cannot be undone").await;
    ui.see("Cancelled: the cancelled lines now have quantity 0.").await;
    ui.until(10, "the order read again, cancelled", |u| {
        u.find("dd.order-status").first().and_then(|d| d.text_content()).as_deref()
            == Some("Cancelled")
    })
    .await;

    // A second purchase, then past the 30 days the catalog states: refused, explained.
    add_windows(&ui).await;
    let orders = check_out(&ui).await;
    advance_clock(31 * 86_400_000);
    ui.click(&format!("Order {}", orders[0])).await;
    ui.tick(&line).await;
    ui.click("Cancel the chosen lines").await;
    ui.click("Yes, cancel 1 line(s): this cannot be undone").await;
    ui.see("The cancellation window has passed: Partner Center no longer cancels this purchase.")
        .await;
    procura::api::embedded::forget_memory();
}

/// Buy, then find the charge on the unbilled reconciliation before any invoice carries it:
/// one set of data from the cart to the recon line.
#[wasm_bindgen_test]
async fn a_purchase_is_found_on_the_unbilled_reconciliation() {
    let ui = fresh().await;
    choose_customer(&ui, HOKUSAI).await;
    add_windows(&ui).await;
    let orders = check_out(&ui).await;
    ui.go("/invoices").await;
    ui.click("Unbilled charges").await;
    ui.choose("Currency", "JPY").await;
    ui.choose("Period", "This month").await;
    ui.until(10, "the purchase's charge", |u| u.text().contains(&orders[0])).await;
    // ¥27,000 and 10 % tax: the only JPY charge of this fresh sandbox.
    ui.until(10, "the total", |u| {
        u.find("table.totals tr[data-currency='JPY'] td.total")
            .first()
            .and_then(|t| t.text_content())
            .is_some_and(|t| t.contains("29,700"))
    })
    .await;
    ui.choose("Period", "Last month").await;
    ui.see("No unbilled charges in this currency and period.").await;

    // The month closes and is invoiced: the charge is on a billed invoice, which reconciles.
    advance_clock(40 * 86_400_000);
    ui.go("/invoices").await;
    ui.until(10, "the issued invoice", |u| !u.find("a[href^='/invoices/S1']").is_empty()).await;
    let href = ui.find("a[href^='/invoices/S1']")[0].get_attribute("href").unwrap();
    visit(&href).await;
    ui.until(10, "its lines read and reconciled", |u| !u.find(".reconciled").is_empty()).await;
    assert!(ui.text().contains(&orders[0]), "the order's charge is billed");
    procura::api::embedded::forget_memory();
}

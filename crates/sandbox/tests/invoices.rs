//! Invoices, in process and over HTTP: balance, summaries, index and seek paging, exact
//! totals, the statement PDF.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]

use procura_partner_center as pc;
use procura_partner_center::http::{Request, Response};
use rust_decimal::Decimal;

mod support;
use support::World;

const NORDLJUS: &str = "sandbox-partner-nordljus";
const SAKURA: &str = "sandbox-partner-sakura";

fn get(w: &mut World, token: &str, path: &str, headers: &[(&str, &str)]) -> Response {
    let mut req = Request::new("GET", path).bearer(token);
    for (k, v) in headers {
        req = req.header(k, v);
    }
    w.send(req)
}

fn json<T: serde::de::DeserializeOwned>(r: &Response) -> T {
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    pc::from_slice(&r.body).unwrap()
}

fn every_line_of_a_25000_line_invoice_arrives_once_and_sums_to_its_total(w: &mut World) {
    let invoices: pc::Collection<pc::Invoice> = json(&get(w, NORDLJUS, "/v1/invoices", &[]));
    let big = invoices.items.iter().find(|i| i.currency_code == "SEK").unwrap().clone();

    let mut lines: Vec<pc::OneTimeInvoiceLineItem> = Vec::new();
    let mut page: pc::Collection<pc::OneTimeInvoiceLineItem> = json(&get(
        w,
        NORDLJUS,
        &pc::paths::one_time_line_items(&big.id, 2000).replace("/invoices", "/v1/invoices"),
        &[],
    ));
    let mut pages = 1;
    loop {
        lines.append(&mut page.items);
        let Some(next) = page.next().cloned() else { break };
        let token = next.header("MS-ContinuationToken").unwrap().to_string();
        assert_eq!(page.continuation_token.as_deref(), Some(token.as_str()));
        page = json(&get(
            w,
            NORDLJUS,
            &format!("/v1{}", next.uri),
            &[("MS-ContinuationToken", &token)],
        ));
        pages += 1;
    }
    assert_eq!((lines.len(), pages), (25_000, 13));
    let sum: Decimal = lines.iter().map(|l| l.total_for_customer).sum();
    assert_eq!(sum, big.total_charges, "invoice total = sum of its lines, exactly");
    assert!(lines.iter().all(|l| l.currency == "SEK" && l.invoice_number == big.id));
    assert!(lines
        .iter()
        .any(|l| l.charge_type == "cancel" && l.total_for_customer < Decimal::ZERO));
}

fn a_forged_continuation_token_is_refused(w: &mut World) {
    let invoices: pc::Collection<pc::Invoice> = json(&get(w, NORDLJUS, "/v1/invoices", &[]));
    let id = &invoices.items[0].id;
    let path = format!("/v1/invoices/{id}/lineitems?provider=onetime&invoicelineitemtype=billinglineitems&size=10&seekOperation=Next");
    for token in ["7d0.0000000000000000", "garbage", ""] {
        let r = get(w, NORDLJUS, &path, &[("MS-ContinuationToken", token)]);
        assert_eq!(r.status, 400, "{token}");
    }
    assert_eq!(get(w, NORDLJUS, &path, &[]).status, 400);
}

fn invoices_page_by_index_and_stay_with_their_partner(w: &mut World) {
    let all: pc::Collection<pc::Invoice> = json(&get(w, SAKURA, "/v1/invoices", &[]));
    let first: pc::Collection<pc::Invoice> =
        json(&get(w, SAKURA, "/v1/invoices?size=5&offset=0", &[]));
    assert_eq!(first.items.len(), 5);
    assert_eq!(first.next().unwrap().uri, "/invoices?size=5&offset=5");
    let currencies: std::collections::BTreeSet<&str> =
        all.items.iter().map(|i| i.currency_code.as_str()).collect();
    assert_eq!(currencies.into_iter().collect::<Vec<_>>(), ["EUR", "JPY", "USD"]);
    // Nordljus cannot read Sakura's invoice.
    let r = get(w, NORDLJUS, &format!("/v1/invoices/{}", all.items[0].id), &[]);
    assert_eq!(r.status, 404);
    let one: pc::Invoice =
        json(&get(w, SAKURA, &format!("/v1/invoices/OneTime-{}", all.items[0].id), &[]));
    assert_eq!(one.id, all.items[0].id);
}

fn balance_and_summaries_per_currency(w: &mut World) {
    let balance: pc::InvoiceSummary = json(&get(w, SAKURA, "/v1/invoices/summary", &[]));
    assert_eq!(balance.currency_code, "JPY");
    assert!(balance.balance_amount > Decimal::ZERO);
    assert_eq!(balance.balance_amount.scale(), 0, "JPY has no minor unit");
    let summaries: pc::Collection<pc::InvoiceSummary> =
        json(&get(w, SAKURA, "/v1/invoices/summaries", &[]));
    let codes: Vec<&str> = summaries.items.iter().map(|s| s.currency_code.as_str()).collect();
    assert_eq!(codes, ["EUR", "JPY", "USD"]);
    // The balance is the sum of the unpaid invoices.
    let all: pc::Collection<pc::Invoice> = json(&get(w, SAKURA, "/v1/invoices", &[]));
    let unpaid: Decimal = all
        .items
        .iter()
        .filter(|i| i.currency_code == "JPY" && i.paid_amount.is_zero())
        .map(|i| i.total_charges)
        .sum();
    assert_eq!(unpaid, balance.balance_amount);
}

fn the_statement_is_a_pdf(w: &mut World) {
    let all: pc::Collection<pc::Invoice> = json(&get(w, NORDLJUS, "/v1/invoices", &[]));
    let r = get(w, NORDLJUS, &format!("/v1/invoices/{}/documents/statement", all.items[0].id), &[]);
    assert_eq!(r.status, 200);
    assert_eq!(r.get_header("Content-Type"), Some("application/pdf"));
    assert!(r
        .get_header("Content-Disposition")
        .unwrap()
        .contains(&format!("Invoice_{}.pdf", all.items[0].id)));
    assert!(r.body.starts_with(b"%PDF-"));
    assert!(r.body.windows(5).rev().take(16).any(|w| w == b"%%EOF"));
    assert!(r.body.windows(all.items[0].id.len()).any(|w| w == all.items[0].id.as_bytes()));
}

both_doors!(
    every_line_of_a_25000_line_invoice_arrives_once_and_sums_to_its_total,
    a_forged_continuation_token_is_refused,
    invoices_page_by_index_and_stay_with_their_partner,
    balance_and_summaries_per_currency,
    the_statement_is_a_pdf
);

//! Invoices (partner level): the balance, summaries per currency, the invoice list (index
//! paging), one invoice, its one-time line items (seek paging with `MS-ContinuationToken`),
//! the statement PDF, and the unbilled one-time line items. Besides the seeded invoices, the
//! sandbox issues one per closed month and currency for the orders placed in it.
//!
//! Line items are a pure function of (invoice, index): a 100,000-line invoice costs nothing
//! until read, and every run sees the same lines. Invoice totals are the exact decimal sum
//! of their lines.

use procura_partner_center::codes;
use std::sync::OnceLock;

use pc::Timestamp;
use procura_partner_center as pc;
use rust_decimal::Decimal;

use crate::catalog::tri;
use crate::seed::{self, Kind};
use crate::Ctx;
use procura_partner_center::http::Response;

pub const MAX_PAGE: usize = 2000;

pub struct SeedInvoice {
    pub partner: usize,
    pub id: String,
    pub currency: &'static str,
    /// Months after 2025-11.
    pub month: u32,
    pub lines: usize,
    pub paid: bool,
}

/// A year of monthly one-time invoices per partner, in its billing currency and two others.
/// The newest in each partner's billing currency is large, for paging and benchmarks.
pub fn all() -> &'static [SeedInvoice] {
    static ALL: OnceLock<Vec<SeedInvoice>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut v = Vec::new();
        let plans: [(usize, [&str; 3], usize); 2] =
            [(0, ["JPY", "USD", "EUR"], 100_000), (1, ["SEK", "TWD", "USD"], 25_000)];
        for (partner, currencies, big) in plans {
            for month in 0..12u32 {
                for (ci, cur) in currencies.iter().enumerate() {
                    // The billing currency every month, the others every second or third month.
                    if ci == 1 && month % 2 == 1 || ci == 2 && month % 3 != 2 {
                        continue;
                    }
                    let lines = if ci == 0 && month == 11 {
                        big
                    } else {
                        40 + ((month as usize * 7919 + ci * 104_729) % 1_800)
                    };
                    v.push(SeedInvoice {
                        partner,
                        id: format!(
                            "G{}{:02}{:06}",
                            partner + 1,
                            month + 1,
                            24_130 + ci * 1000 + month as usize
                        ),
                        currency: cur,
                        month,
                        lines,
                        paid: month < 10,
                    });
                }
            }
        }
        v
    })
}

fn month_start(month: u32) -> chrono::NaiveDate {
    let (y, m) = (2025 + (10 + month) / 12, (10 + month) % 12 + 1);
    chrono::NaiveDate::from_ymd_opt(y as i32, m, 1).unwrap_or_default()
}

fn at(d: chrono::NaiveDate) -> Timestamp {
    Timestamp(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
}

fn find(ctx: &Ctx<'_>, id: &str) -> Option<Inv> {
    // `/invoices/OneTime-G...` links carry a type prefix.
    let id = id.rsplit('-').next().unwrap_or(id);
    partner_invoices(ctx).into_iter().find(|i| i.id().eq_ignore_ascii_case(id))
}

/// How long after a month ends the sandbox issues its invoice: until then its charges are
/// the previous period's unbilled ones.
const ISSUED_AFTER_DAYS: u64 = 5;

/// An invoice the sandbox answers with: a seeded one, or one it issued for a closed month of
/// the orders placed in it (their charges, as the unbilled reconciliation showed them).
enum Inv {
    Seed(&'static SeedInvoice),
    Issued(Issued),
}

struct Issued {
    id: String,
    currency: String,
    month: chrono::NaiveDate,
    lines: Vec<pc::OneTimeInvoiceLineItem>,
}

impl Inv {
    fn id(&self) -> &str {
        match self {
            Inv::Seed(s) => &s.id,
            Inv::Issued(i) => &i.id,
        }
    }
    fn currency(&self) -> &str {
        match self {
            Inv::Seed(s) => s.currency,
            Inv::Issued(i) => &i.currency,
        }
    }
    /// The first day of the month it bills.
    fn month(&self) -> chrono::NaiveDate {
        match self {
            Inv::Seed(s) => month_start(s.month),
            Inv::Issued(i) => i.month,
        }
    }
    fn lines(&self) -> usize {
        match self {
            Inv::Seed(s) => s.lines,
            Inv::Issued(i) => i.lines.len(),
        }
    }
    fn line(&self, n: usize) -> pc::OneTimeInvoiceLineItem {
        match self {
            Inv::Seed(s) => line(s, n),
            Inv::Issued(i) => i.lines.get(n).cloned().unwrap_or_default(),
        }
    }
    fn total(&self) -> Decimal {
        match self {
            Inv::Seed(s) => total(s),
            Inv::Issued(i) => i.lines.iter().map(|l| l.total_for_customer).sum(),
        }
    }
    fn paid(&self) -> bool {
        matches!(self, Inv::Seed(s) if s.paid)
    }
    fn resource(&self) -> pc::Invoice {
        invoice_resource(self.id(), self.currency(), self.month(), self.total(), self.paid())
    }
}

/// The invoices the sandbox has issued for the orders placed in it: one per closed month and
/// currency with charges.
fn issued(ctx: &Ctx<'_>) -> Vec<Inv> {
    use chrono::{Datelike, Months};
    let now = Timestamp::from_millis(ctx.now).0.date_naive();
    let mut out = Vec::new();
    let orders = crate::orders::partner_orders(ctx);
    // Orders are placed at the sandbox's clock; a year back is plenty.
    for back in 1..=12u32 {
        let this_month = now.with_day(1).unwrap_or(now);
        let Some(start) = this_month.checked_sub_months(Months::new(back)) else { continue };
        let Some(end) = start.checked_add_months(Months::new(1)) else { continue };
        if now < end + chrono::Days::new(ISSUED_AFTER_DAYS) {
            continue;
        }
        let (from, to) = (at(start).millis(), at(end).millis());
        for currency in ["JPY", "TWD", "SEK", "USD", "EUR", "BRL", "CNY", "RUB"] {
            let mut lines = crate::orders::unbilled_of(ctx, &orders, currency, from, to);
            if lines.is_empty() {
                continue;
            }
            let id =
                format!("S{}{:04}{:02}{currency}", ctx.partner + 1, start.year(), start.month());
            for l in &mut lines {
                l.invoice_number = id.clone();
            }
            out.push(Inv::Issued(Issued { id, currency: currency.into(), month: start, lines }));
        }
    }
    out
}

/// Whether the month starting at `from` has been invoiced by now.
pub fn is_issued(now_ms: i64, month_end_ms: i64) -> bool {
    now_ms >= month_end_ms + ISSUED_AFTER_DAYS as i64 * 86_400_000
}

fn not_found(id: &str) -> Response {
    Response::error(404, codes::NOT_FOUND, format!("Invoice {id} was not found."))
}

/// What every one-time line of `partner` billed to `c` in `currency` carries, for a charge
/// of `amount` (a refund when `refund`): the parties, and the amounts with the sandbox's 10 %
/// tax, each rounded to the currency's minor unit. The seeded invoices and the charges of
/// orders placed in the sandbox (unbilled, then billed) are both made on it.
pub fn one_time_line(
    partner: usize,
    c: &seed::SeedCustomer,
    currency: &str,
    amount: Decimal,
    refund: bool,
) -> pc::OneTimeInvoiceLineItem {
    let sign = if refund { Decimal::NEGATIVE_ONE } else { Decimal::ONE };
    let dp = seed::minor_units(currency);
    let subtotal = (amount * sign).round_dp(dp);
    let tax = (subtotal * Decimal::new(10, 2)).round_dp(dp);
    pc::OneTimeInvoiceLineItem {
        partner_id: Some(seed::PARTNERS[partner].id.into()),
        customer_id: c.id.into(),
        customer_name: c.name.into(),
        customer_domain_name: Some(c.domain.into()),
        customer_country: Some(c.country.into()),
        mpn_id: Some(format!("{}", 5_357_564 + partner)),
        charge_type: if refund { "cancel" } else { "new" }.into(),
        subtotal,
        tax_total: tax,
        total_for_customer: subtotal + tax,
        currency: currency.into(),
        pricing_currency: Some(currency.into()),
        pc_to_bc_exchange_rate: Some(Decimal::ONE),
        invoice_line_item_type: Some("billing_line_items".into()),
        billing_provider: Some("one_time".into()),
        attributes: pc::ResourceAttributes::of("OneTimeInvoiceLineItem"),
        ..Default::default()
    }
}

/// Line `n` of an invoice.
pub fn line(inv: &SeedInvoice, n: usize) -> pc::OneTimeInvoiceLineItem {
    let customers: Vec<&seed::SeedCustomer> =
        seed::CUSTOMERS.iter().filter(|c| c.partner == inv.partner).collect();
    let h = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (inv.month as u64 * 0x1000_0001);
    let c = customers[(h % customers.len() as u64) as usize];
    // Only what the customer could have bought: one-time SKUs sold in its country.
    let offers = seed::one_time_offers(c.country);
    let (product, sku) = offers[((h >> 8) % offers.len().max(1) as u64) as usize];
    let quantity = Decimal::from(1 + (h >> 24) % 20);
    let unit = seed::price(sku, inv.currency).unwrap_or_default();
    let cancel = (h >> 40) % 23 == 0;
    let start = month_start(inv.month) + chrono::Days::new((h >> 48) % 28);
    let order_id = format!("{:012x}", h & 0xffff_ffff_ffff);
    pc::OneTimeInvoiceLineItem {
        invoice_number: inv.id.clone(),
        reseller_mpn_id: "0".into(),
        order_id: order_id.clone(),
        order_date: Some(at(start)),
        product_id: product.id.clone(),
        sku_id: sku.id.clone(),
        availability_id: Some(seed::availability_id(c.country, c.currency, c.segment)),
        product_name: product.title.clone(),
        sku_name: Some(sku.title.clone()),
        product_qualifiers: Some(Vec::new()),
        unit_price: Some(unit),
        effective_unit_price: Some(unit),
        unit_type: Some(String::new()),
        quantity: Some(quantity),
        publisher_name: Some(product.publisher.into()),
        publisher_id: Some(String::new()),
        subscription_description: Some(String::new()),
        subscription_id: None,
        charge_start_date: Some(at(start)),
        charge_end_date: Some(at(start
            + chrono::Days::new(if product.kind == Kind::PerpetualSoftware { 0 } else { 365 }))),
        term_and_billing_cycle: Some(match product.kind {
            Kind::PerpetualSoftware => "Perpetual".into(),
            _ => format!("{} Year Prepaid", if sku.terms.contains(&"P3Y") { 3 } else { 1 }),
        }),
        alternate_id: Some(order_id),
        price_adjustment_description: Some("[]".into()),
        billable_quantity: Some(quantity),
        billing_frequency: Some(String::new()),
        reservation_order_id: (product.kind == Kind::AzureReservation)
            .then(|| format!("ro-{:016x}", h)),
        ..one_time_line(inv.partner, c, inv.currency, unit * quantity, cancel)
    }
}

/// The exact sum of an invoice's lines (computed once).
pub fn total(inv: &SeedInvoice) -> Decimal {
    static TOTALS: OnceLock<Vec<Decimal>> = OnceLock::new();
    let totals = TOTALS.get_or_init(|| {
        all().iter().map(|i| (0..i.lines).map(|n| line(i, n).total_for_customer).sum()).collect()
    });
    let idx = all().iter().position(|i| std::ptr::eq(i, inv)).unwrap_or(0);
    totals[idx]
}

fn symbol(cur: &str) -> Option<String> {
    seed::currency(cur).map(|(_, s)| s.to_string())
}

fn invoice_resource(
    id: &str,
    currency: &str,
    start: chrono::NaiveDate,
    total: Decimal,
    paid: bool,
) -> pc::Invoice {
    let next = start.checked_add_months(chrono::Months::new(1)).unwrap_or(start);
    let end = next - chrono::Days::new(1);
    let mut links = pc::Links::new();
    links.insert("self".into(), pc::Link::get(format!("/invoices/OneTime-{id}")));
    let mut detail_links = pc::Links::new();
    detail_links.insert(
        "self".into(),
        pc::Link::get(format!("/invoices/OneTime-{id}/lineitems/OneTime/BillingLineItems")),
    );
    pc::Invoice {
        id: id.into(),
        invoice_date: Some(at(next)),
        billing_period_start_date: Some(at(start)),
        billing_period_end_date: Some(at(end)),
        total_charges: total,
        paid_amount: if paid { -total } else { Decimal::ZERO },
        currency_code: currency.into(),
        currency_symbol: symbol(currency),
        pdf_download_link: Some(format!("/invoices/{id}/documents/statement")),
        invoice_details: vec![pc::InvoiceDetail {
            invoice_line_item_type: "billing_line_items".into(),
            billing_provider: "one_time".into(),
            links: Some(detail_links),
            attributes: pc::ResourceAttributes::of("InvoiceDetail"),
            extra: Default::default(),
        }],
        document_type: Some("invoice".into()),
        invoice_type: Some("OneTime".into()),
        links: Some(links),
        attributes: pc::ResourceAttributes::of("Invoice"),
        ..Default::default()
    }
}

fn partner_invoices(ctx: &Ctx<'_>) -> Vec<Inv> {
    let mut v: Vec<Inv> =
        all().iter().filter(|i| i.partner == ctx.partner).map(Inv::Seed).collect();
    v.extend(issued(ctx));
    // Newest first, as the service lists them.
    v.sort_by(|a, b| b.month().cmp(&a.month()).then(a.id().cmp(b.id())));
    v
}

/// The summary of one currency's invoices, from the partner's invoices (built once per
/// request: building them reads every order).
fn summary(all: &[Inv], currency: &str) -> pc::InvoiceSummary {
    let invs: Vec<&Inv> = all.iter().filter(|i| i.currency() == currency).collect();
    let balance: Decimal = invs.iter().filter(|i| !i.paid()).map(|i| i.total()).sum();
    let last_paid = invs.iter().find(|i| i.paid());
    let issued_on =
        |i: &Inv| at(i.month().checked_add_months(chrono::Months::new(1)).unwrap_or(i.month()));
    let newest = invs.first().map(|i| issued_on(i));
    let one_time = pc::InvoiceSummary {
        balance_amount: balance,
        currency_code: currency.into(),
        currency_symbol: symbol(currency),
        accounting_date: newest,
        latest_invoice_date: newest,
        attributes: pc::ResourceAttributes::of("InvoiceSummary"),
        ..Default::default()
    };
    pc::InvoiceSummary {
        balance_amount: balance,
        currency_code: currency.into(),
        currency_symbol: symbol(currency),
        accounting_date: newest,
        first_invoice_creation_date: invs.last().map(|i| issued_on(i)),
        last_payment_date: last_paid
            .map(|i| Timestamp(issued_on(i).0 + chrono::Duration::days(20))),
        last_payment_amount: last_paid.map(|i| i.total()),
        latest_invoice_date: newest,
        details: Some(vec![pc::invoice::InvoiceSummaryDetail {
            invoice_type: "OneTime".into(),
            summary: one_time,
            extra: Default::default(),
        }]),
        links: None,
        attributes: pc::ResourceAttributes::of("InvoiceSummary"),
        extra: Default::default(),
    }
}

/// `GET /invoices/summary`: the balance in the partner's billing currency.
pub fn balance(ctx: &Ctx<'_>) -> Response {
    let mut s = summary(&partner_invoices(ctx), seed::PARTNERS[ctx.partner].billing_currency);
    let mut links = pc::Links::new();
    links.insert("self".into(), pc::Link::get("/invoices/summary"));
    s.links = Some(links);
    Response::json(200, &s)
}

/// `GET /invoices/summaries`: one summary per currency.
pub fn summaries(ctx: &Ctx<'_>) -> Response {
    let all = partner_invoices(ctx);
    let mut currencies: Vec<&str> = all.iter().map(Inv::currency).collect();
    currencies.sort_unstable();
    currencies.dedup();
    let items = currencies.iter().map(|c| summary(&all, c)).collect();
    Response::json(200, &pc::Collection::of(items, "/invoices/summaries"))
}

/// `GET /invoices?size=&offset=`: index paging.
pub fn list(ctx: &Ctx<'_>) -> Response {
    let all = partner_invoices(ctx);
    let size =
        ctx.req.param("size").and_then(|s| s.parse::<usize>().ok()).unwrap_or(200).clamp(1, 200);
    let offset = ctx.req.param("offset").and_then(|s| s.parse::<usize>().ok()).unwrap_or(0);
    let items: Vec<_> = all.iter().skip(offset).take(size).map(Inv::resource).collect();
    let mut coll = pc::Collection::of(items, format!("/invoices?size={size}&offset={offset}"));
    if offset.saturating_add(size) < all.len() {
        coll.links.get_or_insert_with(Default::default).insert(
            "next".into(),
            pc::Link::get(format!("/invoices?size={size}&offset={}", offset.saturating_add(size))),
        );
    }
    Response::json(200, &coll)
}

pub fn get(ctx: &Ctx<'_>, id: &str) -> Response {
    match find(ctx, id) {
        Some(inv) => Response::json(200, &inv.resource()),
        None => not_found(id),
    }
}

/// An opaque continuation token with a check, so a forged or stale token is refused
/// rather than silently paging from somewhere else.
fn token(key: &str, offset: usize) -> String {
    format!("{offset:x}.{:016x}", check(key, offset))
}

fn check(key: &str, offset: usize) -> u64 {
    key.bytes().fold(offset as u64 ^ 0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}

fn read_token(key: &str, lines: usize, t: &str) -> Option<usize> {
    let (off, sum) = t.trim().split_once('.')?;
    let offset = usize::from_str_radix(off, 16).ok()?;
    (u64::from_str_radix(sum, 16).ok()? == check(key, offset) && offset <= lines).then_some(offset)
}

/// One-time line items, seek-paged. The first page is asked for plainly; each next page with
/// `seekOperation=Next` and the previous page's token in `MS-ContinuationToken`.
pub fn line_items(ctx: &Ctx<'_>, id: &str) -> Response {
    let Some(inv) = find(ctx, id) else { return not_found(id) };
    tri!(one_time_provider(ctx));
    let base = format!(
        "/invoices/{}/lineitems?provider=onetime&invoicelineitemtype=billinglineitems",
        inv.id()
    );
    seek_page(ctx, inv.id(), inv.lines(), &base, |n| inv.line(n))
}

fn one_time_provider(ctx: &Ctx<'_>) -> Result<(), Response> {
    match ctx.req.param("provider") {
        Some(p) if !p.eq_ignore_ascii_case("onetime") && !p.eq_ignore_ascii_case("one_time") => {
            Err(Response::error(
                400,
                codes::INVALID_INPUT,
                format!("This sandbox has one-time line items only, not provider={p}."),
            ))
        }
        _ => Ok(()),
    }
}

/// One page of `total` lines (`line(n)` is the n-th), seek-paged: the first page is asked
/// for plainly, each next with `seekOperation=Next` and the previous page's token, which is
/// bound to `key` (a token for other lines is refused).
fn seek_page(
    ctx: &Ctx<'_>,
    key: &str,
    total: usize,
    base: &str,
    line: impl Fn(usize) -> pc::OneTimeInvoiceLineItem,
) -> Response {
    let size = ctx
        .req
        .param("size")
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(MAX_PAGE)
        .clamp(1, MAX_PAGE);
    let offset = if ctx.req.param("seekOperation").is_some_and(|s| s.eq_ignore_ascii_case("next")) {
        let Some(t) = ctx.req.get_header(pc::headers::CONTINUATION_TOKEN) else {
            return Response::error(
                400,
                codes::INVALID_INPUT,
                "seekOperation=Next needs the MS-ContinuationToken header.",
            );
        };
        match read_token(key, total, t) {
            Some(o) => o,
            None => {
                return Response::error(
                    400,
                    codes::INVALID_INPUT,
                    "The continuation token is not valid for these line items.",
                )
            }
        }
    } else {
        0
    };
    let end = (offset + size).min(total);
    let items: Vec<_> = (offset..end).map(line).collect();
    let base = format!("{base}&size={size}");
    let mut coll = pc::Collection::of(items, base.clone());
    if end < total {
        let t = token(key, end);
        let mut next = pc::Link::get(format!("{base}&seekOperation=Next"));
        next.headers.push(pc::KeyValue {
            key: pc::headers::CONTINUATION_TOKEN.into(),
            value: t.clone(),
            extra: Default::default(),
        });
        coll.links.get_or_insert_with(Default::default).insert("next".into(), next);
        coll.continuation_token = Some(t);
    }
    Response::json(200, &coll)
}

/// `GET /invoices/unbilled/lineitems?provider=onetime&invoicelineitemtype=billinglineitems
/// &currencycode=…&period=current|previous` (get-invoice-unbilled-recon-lineitems.md): the
/// charges of orders placed in the sandbox, not yet on an invoice, in that currency and
/// calendar month (by the sandbox's clock); a cancelled line adds its refund.
pub fn unbilled_line_items(ctx: &Ctx<'_>) -> Response {
    tri!(one_time_provider(ctx));
    let Some(currency) = ctx.req.param("currencyCode").map(|c| c.to_ascii_uppercase()) else {
        return Response::error(
            400,
            codes::INVALID_INPUT,
            "The currencyCode parameter is required.",
        );
    };
    let months_back = match ctx.req.param("period").map(|p| p.to_ascii_lowercase()).as_deref() {
        Some("current") => 0,
        Some("previous") => 1,
        _ => {
            return Response::error(
                400,
                codes::INVALID_INPUT,
                "The period parameter is required: current or previous.",
            )
        }
    };
    let (from, to) = month_of(ctx.now, months_back);
    // Once the month is invoiced its charges are billed, no longer unbilled.
    let lines = if is_issued(ctx.now, to) {
        Vec::new()
    } else {
        crate::orders::unbilled(ctx, &currency, from, to)
    };
    let key = format!("unbilled/{}/{currency}/{from}", ctx.partner);
    let base = format!(
        "/invoices/unbilled/lineitems?provider=onetime&invoicelineitemtype=billinglineitems&currencycode={currency}&period={}",
        if months_back == 0 { "current" } else { "previous" }
    );
    seek_page(ctx, &key, lines.len(), &base, |n| lines[n].clone())
}

/// The calendar month (UTC) `back` months before the one holding `now`, as [from, to) ms.
fn month_of(now_ms: i64, back: u32) -> (i64, i64) {
    use chrono::{Datelike, Months};
    let day = Timestamp::from_millis(now_ms).0.date_naive();
    let first = day.with_day(1).unwrap_or(day);
    let start = first.checked_sub_months(Months::new(back)).unwrap_or(first);
    let end = start.checked_add_months(Months::new(1)).unwrap_or(start);
    (at(start).millis(), at(end).millis())
}

/// `GET /invoices/{id}/documents/statement`: a real PDF, made with pdf-writer.
pub fn statement(ctx: &Ctx<'_>, id: &str) -> Response {
    let Some(inv) = find(ctx, id) else { return not_found(id) };
    let bytes = crate::statement::render(
        &seed::PARTNERS[ctx.partner],
        &inv.resource(),
        (0..inv.lines().min(40)).map(|n| inv.line(n)),
        inv.lines(),
    );
    Response {
        status: 200,
        headers: vec![("Content-Type".into(), "application/pdf".into())],
        body: bytes,
    }
    .with_header("Content-Disposition", &format!("attachment; filename=Invoice_{}.pdf", inv.id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The synthetic invoices bill only what their customers could have bought: every line's
    /// SKU is in the catalog, and its kind is sold in the customer's country.
    #[test]
    fn invoices_bill_only_what_could_have_been_bought() {
        for inv in all() {
            for n in (0..inv.lines).step_by(7).take(3000) {
                let l = line(inv, n);
                let p = seed::product(&l.product_id).expect("a catalog product");
                assert!(seed::sku(p, &l.sku_id).is_some(), "{} {}", l.product_id, l.sku_id);
                assert!(p.kind.is_one_time(), "{}", p.title);
                let c = seed::CUSTOMERS.iter().find(|c| c.id == l.customer_id).unwrap();
                assert!(seed::sold_in(p.kind, c.country), "{} to {}", p.title, c.country);
            }
        }
    }
}

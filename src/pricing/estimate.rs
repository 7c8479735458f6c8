//! What a cart line will cost, before the partner confirms: Partner Center's own `pricing`
//! where the cart carries it (new commerce), else the price sheet's or the imported price
//! list's unit price × quantity × billing periods in the term. Always labelled an estimate,
//! with its source and month; a line no source prices says so. Plain Rust, tested natively.

use procura_partner_center::pricesheet::{Month, PriceRow, View};
use procura_price_book::{Meta, Source};
use procura_rules::ProductKind;
use rust_decimal::Decimal;

use crate::purchase::DraftLine;

/// Where an estimate's unit price came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PriceSource {
    /// The cart line's `pricing`, from Partner Center itself.
    Cart,
    /// A shelf of the price book: a price sheet or an imported list, for a month.
    Shelf { source: Source, month: Month, stale: bool, name: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Estimate {
    pub currency: String,
    /// Per unit and billing period (the whole term for a one-time item).
    pub unit: Decimal,
    pub quantity: i64,
    /// Billing periods in the term (12 for a year billed monthly; 1 for one-time items).
    pub periods: u32,
    pub total: Decimal,
    pub source: PriceSource,
}

/// Why a line has no estimate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoPrice {
    /// No source has this SKU (for this term and billing plan, in this currency).
    NotListed,
    /// The line's kind is priced in the software price list, which is not held for this
    /// market: the partner can import it.
    NeedsPriceList,
    /// The amount does not fit a decimal (a hostile quantity or price).
    TooLarge,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineEstimate {
    Priced(Estimate),
    NoPrice(NoPrice),
}

/// The price-book sources a kind of line is priced from, in order of preference. Software
/// is tried as the API's `software` view (listed on the page) and then as an imported list
/// (the page also says the API covers only Azure, new commerce and marketplace).
pub fn sources_for(kind: ProductKind) -> &'static [Source] {
    match kind {
        ProductKind::AzureReservation => &[Source::Sheet(View::AzureReservations)],
        ProductKind::OnlineService | ProductKind::AddOn => {
            &[Source::Sheet(View::UpdatedLicenseBased), Source::Imported]
        }
        ProductKind::PerpetualSoftware | ProductKind::SoftwareSubscription => {
            &[Source::Sheet(View::Software), Source::Imported]
        }
    }
}

/// The product and SKU ids of a line (`product:sku:availability`); none for a traditional
/// offer, which no price sheet lists.
pub fn sku_of(line: &DraftLine) -> Option<(String, String)> {
    let mut parts = line.catalog_item_id.split(':');
    match (parts.next(), parts.next()) {
        (Some(p), Some(s)) if !p.is_empty() && !s.is_empty() => Some((p.into(), s.into())),
        _ => None,
    }
}

/// How a billing cycle is named in a sheet's `BillingPlan`.
fn plan_names(billing: &str) -> &'static [&'static str] {
    match billing {
        "monthly" => &["monthly"],
        "annual" => &["annual", "yearly"],
        "triennial" => &["triennial"],
        "biennial" => &["biennial"],
        _ => &["onetime", "one_time", "none", ""],
    }
}

fn billing_months(billing: &str) -> Option<u32> {
    match billing {
        "monthly" => Some(1),
        "annual" => Some(12),
        "biennial" => Some(24),
        "triennial" => Some(36),
        _ => None,
    }
}

/// Billing periods in a line's term: a one-time charge is one period; a recurring one is
/// the term's months over the cycle's (P1Y billed monthly: 12).
pub fn periods(line: &DraftLine) -> u32 {
    let billing =
        line.billing.as_ref().map(|b| b.as_wire().to_ascii_lowercase()).unwrap_or_default();
    match (billing_months(&billing), line.term) {
        (Some(every), Some(term)) if every > 0 => (u32::from(term.months()) / every).max(1),
        _ => 1,
    }
}

/// The row of `rows` that prices `line`: same currency, and the same term and billing plan
/// where the sheet distinguishes them.
pub fn matching<'a>(line: &DraftLine, rows: &'a [PriceRow]) -> Option<&'a PriceRow> {
    let currency = line.currency.as_deref()?;
    let term = line.term.map(|t| t.as_str()).unwrap_or_default();
    let billing =
        line.billing.as_ref().map(|b| b.as_wire().to_ascii_lowercase()).unwrap_or_default();
    rows.iter().find(|r| {
        let plan = r.billing_plan.to_ascii_lowercase();
        r.currency.eq_ignore_ascii_case(currency)
            && (r.term_duration.is_empty()
                || term.is_empty()
                || r.term_duration.eq_ignore_ascii_case(term))
            && (plan.is_empty() || plan_names(&billing).contains(&plan.as_str()))
    })
}

/// A line's estimate from Partner Center's cart `pricing`, if the line carries it.
fn from_cart(line: &DraftLine) -> Option<Estimate> {
    let (unit, total, currency) = (line.unit_price?, line.extended_price?, line.currency.clone()?);
    Some(Estimate {
        currency,
        unit,
        quantity: line.quantity,
        periods: periods(line),
        total,
        source: PriceSource::Cart,
    })
}

/// The line's estimate. `shelves` are the price-book shelves held for the customer's market
/// with this SKU's rows on each, in [`sources_for`] order; `now` decides staleness.
pub fn estimate(line: &DraftLine, shelves: &[(Meta, Vec<PriceRow>)], now: Month) -> LineEstimate {
    if let Some(e) = from_cart(line) {
        return LineEstimate::Priced(e);
    }
    for (meta, rows) in shelves {
        let Some(row) = matching(line, rows) else { continue };
        let periods = periods(line);
        let total = row
            .unit_price
            .checked_mul(Decimal::from(line.quantity))
            .and_then(|t| t.checked_mul(Decimal::from(periods)));
        let Some(total) = total else { return LineEstimate::NoPrice(NoPrice::TooLarge) };
        return LineEstimate::Priced(Estimate {
            currency: row.currency.clone(),
            unit: row.unit_price,
            quantity: line.quantity,
            periods,
            total,
            source: PriceSource::Shelf {
                source: meta.key.source,
                month: meta.month,
                stale: meta.is_stale(now),
                name: meta.name.clone(),
            },
        });
    }
    let software =
        matches!(line.kind, ProductKind::PerpetualSoftware | ProductKind::SoftwareSubscription);
    let needs_list = software && !shelves.iter().any(|(m, _)| m.key.source == Source::Imported);
    LineEstimate::NoPrice(if needs_list { NoPrice::NeedsPriceList } else { NoPrice::NotListed })
}

/// Totals per currency of the priced lines, never mixing currencies, and how many lines have
/// no estimate. A sum that does not fit is left at its last value and counted as unpriced.
pub fn totals(estimates: &[LineEstimate]) -> (Vec<(String, Decimal)>, usize) {
    let mut sums: Vec<(String, Decimal)> = Vec::new();
    let mut missing = 0;
    for e in estimates {
        let LineEstimate::Priced(e) = e else {
            missing += 1;
            continue;
        };
        match sums.iter_mut().find(|(c, _)| c.eq_ignore_ascii_case(&e.currency)) {
            Some((_, sum)) => match sum.checked_add(e.total) {
                Some(s) => *sum = s,
                None => missing += 1,
            },
            None => sums.push((e.currency.clone(), e.total)),
        }
    }
    (sums, missing)
}

/// How an order's price differs from the estimate: `None` when equal (or not comparable:
/// another currency), else the order's amount less the estimate's.
pub fn difference(estimate: &Estimate, currency: &str, charged: Decimal) -> Option<Decimal> {
    if !estimate.currency.eq_ignore_ascii_case(currency) {
        return None;
    }
    charged.checked_sub(estimate.total).filter(|d| !d.is_zero())
}

/// The estimates of the priced lines, by catalog item: what was estimated when the partner
/// confirmed, to set beside what the orders charge.
pub fn confirmed(lines: &[DraftLine], estimates: &[LineEstimate]) -> Vec<(String, Estimate)> {
    lines
        .iter()
        .zip(estimates)
        .filter_map(|(l, e)| match e {
            LineEstimate::Priced(e) => Some((l.catalog_item_id.clone(), e.clone())),
            LineEstimate::NoPrice(_) => None,
        })
        .collect()
}

/// The estimate made for an order line: the cart line of the same catalog item and quantity
/// (an order line's offer id is the cart line's catalog item id, or its product and SKU).
pub fn for_order_line(
    confirmed: &[(String, Estimate)],
    offer_id: &str,
    quantity: i64,
) -> Option<Estimate> {
    let offer = offer_id.to_ascii_uppercase();
    confirmed
        .iter()
        .find(|(item, e)| {
            let item = item.to_ascii_uppercase();
            (item == offer || item.starts_with(&format!("{offer}:"))) && e.quantity == quantity
        })
        .map(|(_, e)| e.clone())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test reports a failure by panicking")]
    use procura_partner_center as pc;
    use procura_price_book::ShelfKey;
    use procura_rules::Term;

    use super::*;

    const NOV: Month = Month { year: 2026, month: 11 };

    fn row(product: &str, term: &str, plan: &str, currency: &str, price: i64) -> PriceRow {
        PriceRow {
            product_id: product.into(),
            sku_id: "0001".into(),
            product_title: String::new(),
            sku_title: String::new(),
            term_duration: term.into(),
            billing_plan: plan.into(),
            market: "JP".into(),
            currency: currency.into(),
            unit_price: Decimal::from(price),
            unit_of_measure: String::new(),
            effective_start: String::new(),
            effective_end: String::new(),
        }
    }

    fn meta(source: Source, month: Month) -> Meta {
        Meta {
            key: ShelfKey::new("JP", source),
            month,
            currency: "JPY".into(),
            rows: 1,
            stored_ms: 0,
            name: String::new(),
        }
    }

    fn line(kind: ProductKind, term: Option<&str>, billing: &str, quantity: i64) -> DraftLine {
        DraftLine {
            catalog_item_id: "DZH318Z0BQ3Q:0001:JPJPYCOM".into(),
            kind,
            quantity,
            term: term.and_then(Term::parse),
            billing: Some(pc::BillingCycle::from_wire(billing)),
            currency: Some("JPY".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_reservation_from_the_sheet_matches_its_term() {
        let ri = line(ProductKind::AzureReservation, Some("P3Y"), "one_time", 2);
        let rows = vec![
            row("DZH318Z0BQ3Q", "P1Y", "OneTime", "JPY", 100_000),
            row("DZH318Z0BQ3Q", "P3Y", "OneTime", "JPY", 250_000),
        ];
        let shelves = [(meta(Source::Sheet(View::AzureReservations), NOV), rows)];
        let LineEstimate::Priced(e) = estimate(&ri, &shelves, NOV) else { panic!() };
        assert_eq!(
            (e.unit, e.periods, e.total),
            (Decimal::from(250_000), 1, Decimal::from(500_000))
        );
        assert!(matches!(e.source, PriceSource::Shelf { stale: false, .. }));
        // A later month: the same prices, said to be stale.
        let dec = Month::new(2026, 12).unwrap();
        let LineEstimate::Priced(e) = estimate(&ri, &shelves, dec) else { panic!() };
        assert!(matches!(e.source, PriceSource::Shelf { stale: true, .. }));
    }

    #[test]
    fn new_commerce_per_billing_period_or_from_the_cart() {
        let mut m = line(ProductKind::OnlineService, Some("P1Y"), "monthly", 3);
        let rows = vec![
            row("DZH318Z0BQ3Q", "P1Y", "Annual", "JPY", 10_800),
            row("DZH318Z0BQ3Q", "P1Y", "Monthly", "JPY", 900),
        ];
        let shelves = [(meta(Source::Sheet(View::UpdatedLicenseBased), NOV), rows)];
        let LineEstimate::Priced(e) = estimate(&m, &shelves, NOV) else { panic!() };
        assert_eq!((e.unit, e.periods, e.total), (Decimal::from(900), 12, Decimal::from(32_400)));
        // Partner Center's own pricing wins once the cart carries it.
        m.unit_price = Some(Decimal::from(901));
        m.extended_price = Some(Decimal::from(32_436));
        let LineEstimate::Priced(e) = estimate(&m, &shelves, NOV) else { panic!() };
        assert_eq!((e.source, e.total), (PriceSource::Cart, Decimal::from(32_436)));
    }

    #[test]
    fn no_price_says_why_and_currencies_never_mix() {
        let perpetual = line(ProductKind::PerpetualSoftware, None, "one_time", 1);
        assert_eq!(estimate(&perpetual, &[], NOV), LineEstimate::NoPrice(NoPrice::NeedsPriceList));
        let foreign = [(meta(Source::Imported, NOV), vec![row("DZH318Z0BQ3Q", "", "", "USD", 5)])];
        assert_eq!(estimate(&perpetual, &foreign, NOV), LineEstimate::NoPrice(NoPrice::NotListed));
        let ri = line(ProductKind::AzureReservation, Some("P1Y"), "one_time", 1);
        assert_eq!(estimate(&ri, &[], NOV), LineEstimate::NoPrice(NoPrice::NotListed));
        let huge = line(ProductKind::PerpetualSoftware, None, "one_time", i64::MAX);
        let big = [(
            meta(Source::Imported, NOV),
            vec![PriceRow { unit_price: Decimal::MAX, ..row("DZH318Z0BQ3Q", "", "", "JPY", 0) }],
        )];
        assert_eq!(estimate(&huge, &big, NOV), LineEstimate::NoPrice(NoPrice::TooLarge));

        let priced = |c: &str, t: i64| {
            LineEstimate::Priced(Estimate {
                currency: c.into(),
                unit: Decimal::ONE,
                quantity: 1,
                periods: 1,
                total: Decimal::from(t),
                source: PriceSource::Cart,
            })
        };
        let (sums, missing) = totals(&[
            priced("JPY", 27_000),
            priced("USD", 5),
            priced("JPY", 500),
            LineEstimate::NoPrice(NoPrice::NotListed),
        ]);
        assert_eq!(
            sums,
            [("JPY".to_string(), Decimal::from(27_500)), ("USD".to_string(), Decimal::from(5))]
        );
        assert_eq!(missing, 1);
        let LineEstimate::Priced(e) = priced("JPY", 27_000) else { panic!() };
        assert_eq!(difference(&e, "JPY", Decimal::from(27_000)), None);
        assert_eq!(difference(&e, "JPY", Decimal::from(28_000)), Some(Decimal::from(1_000)));
        assert_eq!(difference(&e, "USD", Decimal::from(1)), None);
    }

    #[test]
    fn an_order_line_finds_the_estimate_of_its_cart_line() {
        let ri = line(ProductKind::AzureReservation, Some("P1Y"), "one_time", 2);
        let other = DraftLine { catalog_item_id: "OTHER:0001:JPJPYCOM".into(), ..ri.clone() };
        let e = Estimate {
            currency: "JPY".into(),
            unit: Decimal::ONE,
            quantity: 2,
            periods: 1,
            total: Decimal::TWO,
            source: PriceSource::Cart,
        };
        let kept = confirmed(
            &[ri, other],
            &[LineEstimate::Priced(e.clone()), LineEstimate::NoPrice(NoPrice::NotListed)],
        );
        assert_eq!(kept.len(), 1);
        assert_eq!(for_order_line(&kept, "DZH318Z0BQ3Q:0001", 2), Some(e.clone()));
        assert_eq!(for_order_line(&kept, "dzh318z0bq3q:0001:JPJPYCOM", 2), Some(e));
        assert_eq!(for_order_line(&kept, "DZH318Z0BQ3Q:0001", 3), None, "another quantity");
        assert_eq!(for_order_line(&kept, "DZH318Z0BQ3Q:00011", 2), None);
    }
}

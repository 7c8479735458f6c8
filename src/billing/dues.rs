//! What is owed per currency and by when. Partner Center's summaries give the balance but
//! no due date, and invoices carry none either: dues are estimated from each unpaid
//! invoice's date and the payment terms, and shown as estimates.

use std::collections::BTreeMap;

use procura_partner_center as pc;
use rust_decimal::Decimal;

use super::Sum;

/// Net days from the invoice date (Microsoft's standard terms for CSP direct-bill partners).
pub const PAYMENT_TERMS_DAYS: i64 = 60;

const DAY_MS: i64 = 86_400_000;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Due {
    pub currency: String,
    /// Unpaid invoices in this currency.
    pub unpaid: usize,
    /// Their unpaid amount (charges less payments).
    pub outstanding: Sum,
    /// The earliest estimated due date among them (ms), and whether it has passed.
    pub next_due_ms: Option<i64>,
    pub overdue: bool,
}

/// An invoice's unpaid amount (`paidAmount` is negative when a payment was received);
/// `None` past what a decimal holds.
pub fn unpaid(inv: &pc::Invoice) -> Option<Decimal> {
    inv.total_charges.checked_add(inv.paid_amount)
}

/// Dues per currency, sorted by currency code; currencies with nothing unpaid are left out.
pub fn dues(invoices: &[pc::Invoice], now_ms: i64) -> Vec<Due> {
    let mut by: BTreeMap<String, Due> = BTreeMap::new();
    for inv in invoices.iter().filter(|i| unpaid(i) != Some(Decimal::ZERO)) {
        let cur = inv.currency_code.to_ascii_uppercase();
        let d =
            by.entry(cur.clone()).or_insert_with(|| Due { currency: cur, ..Default::default() });
        d.unpaid += 1;
        d.outstanding.add(inv.total_charges);
        d.outstanding.add(inv.paid_amount);
        if let Some(date) = inv.invoice_date.filter(|t| !t.is_empty_sentinel()) {
            let due = date.millis().saturating_add(PAYMENT_TERMS_DAYS * DAY_MS);
            d.next_due_ms = Some(d.next_due_ms.map_or(due, |x| x.min(due)));
        }
    }
    by.into_values()
        .map(|mut d| {
            d.overdue = d.next_due_ms.is_some_and(|t| t < now_ms);
            d
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inv(cur: &str, date: &str, total: i64, paid: i64) -> pc::Invoice {
        pc::Invoice {
            currency_code: cur.into(),
            invoice_date: pc::Timestamp::parse(date),
            total_charges: total.into(),
            paid_amount: paid.into(),
            ..Default::default()
        }
    }

    #[test]
    fn unpaid_invoices_make_the_dues() {
        let now = pc::Timestamp::parse("2026-11-21").unwrap().millis();
        let d = dues(
            &[
                inv("JPY", "2026-10-01", 1000, -1000),
                inv("JPY", "2026-11-01", 500, 0),
                inv("JPY", "2026-09-01", 300, -100),
                inv("sek", "2026-11-01", 7, 0),
            ],
            now,
        );
        assert_eq!(d.len(), 2);
        assert_eq!(
            (d[0].currency.as_str(), d[0].unpaid, d[0].outstanding.get()),
            ("JPY", 2, Some(Decimal::from(700)))
        );
        assert_eq!(d[0].next_due_ms, Some(pc::Timestamp::parse("2026-10-31").unwrap().millis()));
        assert!(d[0].overdue, "due 60 days after 1 September");
        assert!(!d[1].overdue);
    }

    #[test]
    fn dues_past_the_largest_decimal_are_too_large_not_a_panic() {
        let max = pc::Invoice { total_charges: Decimal::MAX, ..inv("JPY", "2026-11-01", 0, 0) };
        let d = dues(&[max.clone(), max], 0);
        assert_eq!(d[0].outstanding.get(), None);
        assert_eq!(d[0].unpaid, 2);
    }
}

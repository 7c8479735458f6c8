//! One-time charges per month and currency over the past year, from the invoice list, and
//! the scale of each currency's chart. Currencies are never added together: each gets its
//! own series (and its own axis).

use std::collections::BTreeMap;

use chrono::Datelike;
use procura_partner_center as pc;
use rust_decimal::Decimal;

use super::Sum;

/// A calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn of(t: &pc::Timestamp) -> Month {
        Month { year: t.0.year(), month: t.0.month() }
    }

    pub fn from_millis(ms: i64) -> Month {
        Month::of(&pc::Timestamp::from_millis(ms))
    }

    pub fn back(self, n: u32) -> Month {
        let index = self.year * 12 + self.month as i32 - 1 - n as i32;
        Month { year: index.div_euclid(12), month: index.rem_euclid(12) as u32 + 1 }
    }

    /// `YYYY-MM-01`, for `Intl` to name the month.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-01", self.year, self.month)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub currency: String,
    /// The twelve months, oldest first, with the month's one-time charges (`None`: past
    /// what a decimal holds).
    pub points: Vec<(Month, Option<Decimal>)>,
}

/// The twelve months ending with `now`'s, per currency that has charges in them. Invoices
/// count in the month their billing period starts (their invoice date when there is none).
pub fn monthly(invoices: &[pc::Invoice], now_ms: i64) -> Vec<Series> {
    let last = Month::from_millis(now_ms);
    let months: Vec<Month> = (0..12).rev().map(|n| last.back(n)).collect();
    let mut sums: BTreeMap<String, BTreeMap<Month, Sum>> = BTreeMap::new();
    for inv in invoices {
        let one_time =
            inv.invoice_type.as_deref().is_none_or(|t| t.eq_ignore_ascii_case("OneTime"));
        let Some(when) = inv.billing_period_start_date.or(inv.invoice_date) else { continue };
        let m = Month::of(&when);
        if !one_time || !months.contains(&m) {
            continue;
        }
        sums.entry(inv.currency_code.to_ascii_uppercase())
            .or_default()
            .entry(m)
            .or_default()
            .add(inv.total_charges);
    }
    sums.into_iter()
        .map(|(currency, by_month)| Series {
            points: months
                .iter()
                .map(|m| (*m, by_month.get(m).copied().unwrap_or_default().get()))
                .collect(),
            currency,
        })
        .collect()
}

/// A round top for the axis (1, 2 or 5 times a power of ten, at least the largest value)
/// and its ticks from zero. Near `Decimal::MAX`, where the next round number does not
/// exist, the top is the largest value itself.
pub fn scale(max: Decimal) -> (Decimal, Vec<Decimal>) {
    if max <= Decimal::ZERO {
        return (Decimal::ONE, vec![Decimal::ZERO, Decimal::ONE]);
    }
    let mut step = Decimal::ONE;
    while let Some(next) = step.checked_mul(Decimal::TEN).filter(|n| *n <= max) {
        step = next;
    }
    while step > max && step > Decimal::new(1, 2) {
        step /= Decimal::TEN;
    }
    let (top, parts) = [(1, 5), (2, 4), (5, 5), (10, 4)]
        .iter()
        .find_map(|(f, parts)| {
            step.checked_mul(Decimal::from(*f)).filter(|t| *t >= max).map(|t| (t, *parts))
        })
        .unwrap_or((max, 5));
    let tick = top / Decimal::from(parts);
    let ticks = (0..=parts).filter_map(|i| tick.checked_mul(Decimal::from(i))).collect();
    (top, ticks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inv(currency: &str, start: &str, total: &str) -> pc::Invoice {
        pc::Invoice {
            currency_code: currency.into(),
            billing_period_start_date: pc::Timestamp::parse(start),
            total_charges: total.parse().unwrap(),
            invoice_type: Some("OneTime".into()),
            ..Default::default()
        }
    }

    #[test]
    fn twelve_months_per_currency_never_mixed() {
        let now = pc::Timestamp::parse("2026-11-21T08:00:00Z").unwrap().millis();
        let series = monthly(
            &[
                inv("JPY", "2026-11-01", "1000"),
                inv("JPY", "2026-11-01", "500"),
                inv("usd", "2025-12-01", "10.25"),
                inv("USD", "2025-11-01", "99"),
            ],
            now,
        );
        assert_eq!(series.len(), 2);
        let jpy = &series[0];
        assert_eq!((jpy.currency.as_str(), jpy.points.len()), ("JPY", 12));
        assert_eq!(jpy.points[11], (Month { year: 2026, month: 11 }, Some(Decimal::from(1500))));
        let usd = &series[1];
        assert_eq!(
            usd.points[0],
            (Month { year: 2025, month: 12 }, Some("10.25".parse().unwrap())),
            "November 2025 is more than a year ago"
        );
    }

    #[test]
    fn months_count_back_across_years() {
        assert_eq!(Month { year: 2026, month: 1 }.back(1), Month { year: 2025, month: 12 });
        assert_eq!(Month { year: 2026, month: 11 }.back(11).iso(), "2025-12-01");
    }

    #[test]
    fn axis_tops_are_round() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(scale(d("730")).0, d("1000"));
        assert_eq!(scale(d("1500")).0, d("2000"));
        assert_eq!(scale(d("4100000")).0, d("5000000"));
        assert_eq!(scale(d("0.3")).0, d("0.5"));
        let (top, ticks) = scale(d("1500"));
        assert_eq!(
            (top, ticks.first().copied(), ticks.last().copied()),
            (d("2000"), Some(Decimal::ZERO), Some(d("2000")))
        );
        assert_eq!(scale(Decimal::ZERO).0, Decimal::ONE);
    }

    #[test]
    fn amounts_near_the_largest_decimal_neither_panic_nor_mislead() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        for max in [d("1e28"), d("5e28"), d("6e28"), Decimal::MAX] {
            let (top, ticks) = scale(max);
            assert!(top >= max && ticks.len() >= 2, "{max}: {top} {ticks:?}");
        }
        let now = pc::Timestamp::parse("2026-11-21T08:00:00Z").unwrap().millis();
        let max = Decimal::MAX.to_string();
        let series = monthly(&[inv("JPY", "2026-11-01", &max), inv("JPY", "2026-11-01", "1")], now);
        assert_eq!(series[0].points[11].1, None, "shown as too large, not as a wrong sum");
    }
}

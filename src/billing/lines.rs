//! An invoice's one-time line items as the reconciliation table holds them: compact rows
//! (repeated names shared, not copied: a 100,000-line invoice names a handful of customers
//! and products), filtered and sorted as index lists, and totalled per currency.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use procura_partner_center as pc;
use rust_decimal::Decimal;

use super::Sum;

/// One charge. Text that repeats across lines is an `Arc<str>` from the table's interner.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub customer_id: Arc<str>,
    pub customer_name: Arc<str>,
    pub product_id: Arc<str>,
    pub product_name: Arc<str>,
    pub sku_name: Arc<str>,
    pub charge_type: Arc<str>,
    pub currency: Arc<str>,
    pub order_id: String,
    /// `YYYY-MM-DD`, or empty when the service sent none.
    pub order_date: String,
    pub quantity: Decimal,
    pub unit_price: Option<Decimal>,
    pub subtotal: Decimal,
    pub tax: Decimal,
    pub total: Decimal,
}

/// The lines read so far, in the order the service sent them.
#[derive(Clone, Debug, Default)]
pub struct LineTable {
    pub lines: Vec<Line>,
    // foldhash rather than std's SipHash: seven lookups a line, 700,000 for a large invoice.
    names: HashSet<Arc<str>, foldhash::fast::RandomState>,
    // What the filters offer, kept as lines arrive (a page at a time) rather than rebuilt
    // from every line after each page.
    customers: BTreeSet<(Arc<str>, Arc<str>)>,
    products: BTreeSet<(Arc<str>, Arc<str>)>,
    charges: BTreeSet<Arc<str>>,
}

impl LineTable {
    fn intern(&mut self, s: &str) -> Arc<str> {
        if let Some(a) = self.names.get(s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        self.names.insert(a.clone());
        a
    }

    /// Adds one page of line items.
    pub fn extend(&mut self, items: &[pc::LineItemBrief]) {
        self.lines.reserve(items.len());
        for i in items {
            let line = Line {
                customer_id: self.intern(&i.customer_id),
                customer_name: self.intern(&i.customer_name),
                product_id: self.intern(&i.product_id),
                product_name: self.intern(&i.product_name),
                sku_name: self.intern(i.sku_name.as_deref().unwrap_or("")),
                charge_type: self.intern(&ascii_case(&i.charge_type, false)),
                currency: self.intern(&ascii_case(&i.currency, true)),
                order_id: i.order_id.clone(),
                order_date: i.order_date.map(|d| iso_date(d.0)).unwrap_or_default(),
                quantity: i.quantity.or(i.billable_quantity).unwrap_or_default(),
                unit_price: i.effective_unit_price.or(i.unit_price),
                subtotal: i.subtotal,
                tax: i.tax_total,
                total: i.total_for_customer,
            };
            // An Arc's clone is a count; `insert` keeps the one already there.
            self.customers.insert((line.customer_name.clone(), line.customer_id.clone()));
            self.products.insert((line.product_name.clone(), line.product_id.clone()));
            self.charges.insert(line.charge_type.clone());
            self.lines.push(line);
        }
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// What the filters can choose from: (id, name) of customers and products, and the
    /// charge types, each sorted by what is shown.
    pub fn choices(&self) -> Choices {
        Choices {
            customers: self.customers.iter().map(|(n, i)| (i.clone(), n.clone())).collect(),
            products: self.products.iter().map(|(n, i)| (i.clone(), n.clone())).collect(),
            charge_types: self.charges.iter().cloned().collect(),
        }
    }
}

/// `s` in upper or lower ASCII case, copied only when it is not already.
fn ascii_case(s: &str, upper: bool) -> std::borrow::Cow<'_, str> {
    let wrong = |b: u8| if upper { b.is_ascii_lowercase() } else { b.is_ascii_uppercase() };
    if !s.bytes().any(wrong) {
        s.into()
    } else if upper {
        s.to_ascii_uppercase().into()
    } else {
        s.to_ascii_lowercase().into()
    }
}

/// `YYYY-MM-DD` (UTC), as chrono's `%Y-%m-%d` writes it, without reading a format string
/// per line.
fn iso_date(t: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Datelike;
    let d = t.date_naive();
    if (0..=9999).contains(&d.year()) {
        format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    } else {
        d.format("%Y-%m-%d").to_string()
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Choices {
    pub customers: Vec<(Arc<str>, Arc<str>)>,
    pub products: Vec<(Arc<str>, Arc<str>)>,
    pub charge_types: Vec<Arc<str>>,
}

/// The table's filters: each `None` lets every line through.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub customer_id: Option<String>,
    pub product_id: Option<String>,
    pub charge_type: Option<String>,
}

impl Filter {
    pub fn keeps(&self, l: &Line) -> bool {
        self.customer_id.as_deref().is_none_or(|c| *l.customer_id == *c)
            && self.product_id.as_deref().is_none_or(|p| *l.product_id == *p)
            && self.charge_type.as_deref().is_none_or(|t| *l.charge_type == *t)
    }

    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Customer,
    Product,
    ChargeType,
    OrderDate,
    Quantity,
    Total,
}

impl Column {
    pub const ALL: [Column; 6] = [
        Column::Customer,
        Column::Product,
        Column::ChargeType,
        Column::OrderDate,
        Column::Quantity,
        Column::Total,
    ];
}

/// Sorted by a column, ascending or not; `None` keeps the service's order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sort {
    pub by: Option<Column>,
    pub descending: bool,
}

impl Sort {
    /// A click on a column's header: sort by it, or reverse it if it is already the key.
    pub fn toggle(self, c: Column) -> Sort {
        if self.by == Some(c) {
            Sort { by: Some(c), descending: !self.descending }
        } else {
            Sort { by: Some(c), descending: false }
        }
    }
}

/// The indexes of the lines shown, in the order shown. Ties keep the service's order.
pub fn view(lines: &[Line], filter: &Filter, sort: Sort) -> Vec<u32> {
    let mut idx: Vec<u32> =
        (0..lines.len() as u32).filter(|&i| filter.keeps(&lines[i as usize])).collect();
    if let Some(by) = sort.by {
        let key = |i: &u32| &lines[*i as usize];
        idx.sort_by(|a, b| {
            let (a, b) = (key(a), key(b));
            let o = match by {
                Column::Customer => a.customer_name.cmp(&b.customer_name),
                Column::Product => {
                    a.product_name.cmp(&b.product_name).then_with(|| a.sku_name.cmp(&b.sku_name))
                }
                Column::ChargeType => a.charge_type.cmp(&b.charge_type),
                Column::OrderDate => a.order_date.cmp(&b.order_date),
                Column::Quantity => a.quantity.cmp(&b.quantity),
                Column::Total => a.total.cmp(&b.total),
            };
            if sort.descending {
                o.reverse()
            } else {
                o
            }
        });
    }
    idx
}

/// Sums of a set of lines in one currency.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub lines: usize,
    pub subtotal: Sum,
    pub tax: Sum,
    pub total: Sum,
}

impl Totals {
    fn add(&mut self, l: &Line) {
        self.lines += 1;
        self.subtotal.add(l.subtotal);
        self.tax.add(l.tax);
        self.total.add(l.total);
    }

    /// A sum went past what a decimal holds (amounts no invoice has, but a server may send):
    /// none of the three is then shown, rather than shown wrong or crashing the page.
    pub fn too_large(&self) -> bool {
        [self.subtotal, self.tax, self.total].iter().any(|s| s.get().is_none())
    }

    /// One of the sums as shown: `None` when [`Totals::too_large`].
    pub fn shown(&self, sum: Sum) -> Option<Decimal> {
        sum.get().filter(|_| !self.too_large())
    }
}

/// Totals per currency (sorted by currency code) of the lines a filter keeps, brought up to
/// date as lines arrive without summing the earlier ones again: after each page of a
/// 100,000-line invoice only that page is added. Exact decimal sums.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunningTotals {
    filter: Filter,
    counted: usize,
    pub sums: BTreeMap<Arc<str>, Totals>,
}

impl RunningTotals {
    pub fn update(&mut self, lines: &[Line], filter: &Filter) {
        if *filter != self.filter || self.counted > lines.len() {
            *self = RunningTotals { filter: filter.clone(), ..RunningTotals::default() };
        }
        for l in &lines[self.counted..] {
            if filter.keeps(l) {
                self.sums.entry(l.currency.clone()).or_default().add(l);
            }
        }
        self.counted = lines.len();
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn item(
        n: usize,
        customer: &str,
        product: &str,
        charge: &str,
        total: &str,
        currency: &str,
    ) -> pc::LineItemBrief {
        let total: Decimal = total.parse().unwrap();
        pc::LineItemBrief {
            customer_id: format!("id-{customer}"),
            customer_name: customer.into(),
            order_id: format!("o{n}"),
            order_date: pc::Timestamp::parse(&format!("2026-0{}-1{}", 1 + n % 9, n % 10)),
            product_id: format!("id-{product}"),
            product_name: product.into(),
            sku_name: Some("sku".into()),
            charge_type: charge.into(),
            quantity: Some(Decimal::from(n as i64 + 1)),
            subtotal: total,
            tax_total: Decimal::ZERO,
            total_for_customer: total,
            currency: currency.into(),
            ..Default::default()
        }
    }

    fn table() -> LineTable {
        let mut t = LineTable::default();
        t.extend(&[
            item(0, "Sakura", "Windows", "new", "100.10", "USD"),
            item(1, "Hokusai", "SQL", "New", "2000", "JPY"),
            item(2, "Sakura", "SQL", "cancel", "-50.05", "USD"),
            item(3, "Hokusai", "Windows", "new", "3000", "JPY"),
        ]);
        t
    }

    #[test]
    fn names_are_shared_not_copied() {
        let t = table();
        assert!(Arc::ptr_eq(&t.lines[0].customer_name, &t.lines[2].customer_name));
        assert_eq!(&*t.lines[1].charge_type, "new", "charge types are compared without case");
    }

    #[test]
    fn dates_and_cases_are_written_as_chrono_and_std_write_them() {
        for t in ["2026-10-01T23:59:59Z", "0001-01-01T00:00:00Z", "2026-10-01T23:30:00-05:00"] {
            let t = pc::Timestamp::parse(t).unwrap().0;
            assert_eq!(iso_date(t), t.format("%Y-%m-%d").to_string());
        }
        let far = chrono::DateTime::<chrono::Utc>::MAX_UTC;
        assert_eq!(iso_date(far), far.format("%Y-%m-%d").to_string());
        for s in ["new", "New", "CANCEL", "", "ünd", "usd"] {
            assert_eq!(ascii_case(s, true), s.to_ascii_uppercase());
            assert_eq!(ascii_case(s, false), s.to_ascii_lowercase());
        }
        assert!(matches!(ascii_case("new", false), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn filters_combine_and_sorting_is_stable() {
        let t = table();
        let f = Filter { customer_id: Some("id-Sakura".into()), ..Default::default() };
        assert_eq!(view(&t.lines, &f, Sort::default()), [0, 2]);
        let f = Filter {
            charge_type: Some("new".into()),
            product_id: Some("id-Windows".into()),
            ..Default::default()
        };
        assert_eq!(view(&t.lines, &f, Sort::default()), [0, 3]);
        let by_customer = Sort::default().toggle(Column::Customer);
        assert_eq!(view(&t.lines, &Filter::default(), by_customer), [1, 3, 0, 2]);
        assert_eq!(
            view(&t.lines, &Filter::default(), by_customer.toggle(Column::Customer)),
            [0, 2, 1, 3]
        );
        assert_eq!(
            view(&t.lines, &Filter::default(), Sort::default().toggle(Column::Total)),
            [2, 0, 1, 3]
        );
    }

    #[test]
    fn totals_are_exact_per_currency() {
        let t = table();
        let mut running = RunningTotals::default();
        running.update(&t.lines, &Filter::default());
        let sums = running.sums;
        assert_eq!(sums["USD"].total.get(), Some("50.05".parse::<Decimal>().unwrap()));
        let jpy = &sums["JPY"];
        assert_eq!(jpy.lines, 2);
        assert_eq!(
            [jpy.subtotal, jpy.tax, jpy.total].map(Sum::get),
            [Some(Decimal::from(5000)), Some(Decimal::ZERO), Some(Decimal::from(5000))]
        );
        assert!(!jpy.too_large());
        assert_eq!(sums.keys().map(|k| &**k).collect::<Vec<_>>(), ["JPY", "USD"]);
    }

    #[test]
    fn running_totals_add_each_page_once_and_start_over_for_a_new_filter() {
        let all = table();
        let (first, rest) = all.lines.split_at(2);
        let mut running = RunningTotals::default();
        let mut so_far = first.to_vec();
        running.update(&so_far, &Filter::default());
        so_far.extend_from_slice(rest);
        running.update(&so_far, &Filter::default());
        let mut whole = RunningTotals::default();
        whole.update(&all.lines, &Filter::default());
        assert_eq!(running, whole);

        let jpy_only = Filter { customer_id: Some("id-Hokusai".into()), ..Filter::default() };
        running.update(&so_far, &jpy_only);
        let kept = all.lines.iter().filter(|l| jpy_only.keeps(l)).count();
        assert_eq!(running.sums.values().map(|t| t.lines).sum::<usize>(), kept);
        assert!(kept < all.lines.len());
    }

    #[test]
    fn sums_past_the_largest_decimal_are_marked_not_wrapped() {
        let mut t = LineTable::default();
        let max = Decimal::MAX.to_string();
        t.extend(&[item(0, "A", "P", "new", &max, "JPY"), item(1, "A", "P", "new", &max, "JPY")]);
        let mut running = RunningTotals::default();
        running.update(&t.lines, &Filter::default());
        assert!(running.sums["JPY"].too_large());
        assert_eq!(running.sums["JPY"].shown(running.sums["JPY"].tax), None, "none shown");
        assert_eq!(running.sums["JPY"].lines, 2);
    }

    #[test]
    fn choices_list_each_once() {
        let c = table().choices();
        assert_eq!(
            c.customers.iter().map(|(_, n)| &**n).collect::<Vec<_>>(),
            ["Hokusai", "Sakura"]
        );
        assert_eq!(c.charge_types.iter().map(|t| &**t).collect::<Vec<_>>(), ["cancel", "new"]);
    }
}

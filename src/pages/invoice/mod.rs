//! One invoice: its details, the statement PDF, and its one-time line items, read page by
//! page (seek paging) into a table that renders only the rows in view, with filters,
//! sorting, totals per currency checked against the invoice, and an export.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use procura_partner_center as pc;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::api::{use_client, Failure};
use crate::billing::providers::{one_time_share, OneTimeShare};
use crate::billing::{export, lines, Filter, LineTable, Sort};
use crate::browser;
use crate::components::{FailureNotice, Loaded};
use crate::format;
use crate::hooks::{use_query_param, use_read_all};
use crate::i18n::{fill, label, use_i18n, Locale};

mod line_table;
mod reconciliation;
mod unbilled;

pub use unbilled::UnbilledPage;

use line_table::{export_headers, LineFilters, LineRows};
use reconciliation::Reconciliation;

/// Lines per request: the service's maximum.
const PAGE: u32 = 2000;

#[component]
pub fn InvoicePage() -> AnyView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    view! {
        <section class="page invoice">
            <p><A href="/invoices">{move || i18n.m().invoice_back}</A></p>
            <h1>{move || fill(i18n.m().invoice_title, &[("id", &id.get())])}</h1>
            {move || view! { <InvoiceDetail id=id.get()/> }}
        </section>
    }
    .into_any()
}

/// The line filters, kept in the URL (`?customer=…&product=…&charge=…`) so a reload or Back
/// keeps them.
#[derive(Clone, Copy)]
pub(super) struct Filters {
    pub customer: (Signal<String>, Callback<String>),
    pub product: (Signal<String>, Callback<String>),
    pub charge: (Signal<String>, Callback<String>),
}

impl Filters {
    fn from_url() -> Filters {
        Filters {
            customer: use_query_param("customer"),
            product: use_query_param("product"),
            charge: use_query_param("charge"),
        }
    }

    /// The filter they make (tracked).
    fn filter(&self) -> Filter {
        let chosen = |(value, _): (Signal<String>, Callback<String>)| {
            value.with(|v| (!v.is_empty()).then(|| v.clone()))
        };
        Filter {
            customer_id: chosen(self.customer),
            product_id: chosen(self.product),
            charge_type: chosen(self.charge),
        }
    }
}

/// What a line table shows: the URL's filters, a sort, the rows they leave and their totals.
#[derive(Clone, Copy)]
pub(super) struct LineView {
    filters: Filters,
    filter: Memo<Filter>,
    sort: RwSignal<Sort>,
    shown: Memo<Vec<u32>>,
    totals: Memo<lines::RunningTotals>,
}

impl LineView {
    fn new(table: RwSignal<LineTable>) -> LineView {
        let filters = Filters::from_url();
        let filter = Memo::new(move |_| filters.filter());
        let sort = RwSignal::new(Sort::default());
        let shown =
            Memo::new(move |_| table.with(|t| lines::view(&t.lines, &filter.read(), sort.get())));
        // Only what arrived since is added (the sums do not depend on the order).
        let totals = Memo::new(move |prev: Option<&lines::RunningTotals>| {
            let mut running = prev.cloned().unwrap_or_default();
            table.with(|t| filter.with(|f| running.update(&t.lines, f)));
            running
        });
        LineView { filters, filter, sort, shown, totals }
    }

    /// The export button's words: how many rows it writes.
    fn export_label(&self, locale: Locale) -> String {
        let n = self.shown.with(Vec::len).to_string();
        fill(locale.messages().invoice_export, &[("count", &format::number(locale, &n))])
    }

    /// The rows shown, as the export file's code units, in `locale`'s words and decimal mark.
    fn export(&self, table: RwSignal<LineTable>, locale: Locale) -> Vec<u16> {
        let headers = export_headers(locale.messages());
        let text = table.with_untracked(|t| {
            self.shown
                .with_untracked(|s| export::to_text(&t.lines, s, &headers, locale == Locale::Sv))
        });
        export::encode_units(&text)
    }
}

#[component]
fn InvoiceDetail(id: String) -> impl IntoView {
    let client = use_client();
    let invoice = LocalResource::new(move || {
        let (c, i) = (client.clone(), id.clone());
        async move { c.invoice(&i).await }
    });
    view! { <Loaded resource=invoice let:inv><Invoice invoice=inv/></Loaded> }
}

#[component]
fn Invoice(invoice: pc::Invoice) -> impl IntoView {
    let i18n = use_i18n();
    let client = StoredValue::new_local(use_client());
    let table = RwSignal::new(LineTable::default());
    // Sum of the lines read so far in the invoice's currency: the progress bar's measure
    // (pages carry no count of lines).
    let loaded = RwSignal::new(Decimal::ZERO);
    let currency = invoice.currency_code.to_ascii_uppercase();
    // Only one-time lines are read; an invoice that bills others too is not reconciled
    // against its total, and one with none has nothing to read.
    let share = one_time_share(&invoice);
    let pages = (!matches!(share, OneTimeShare::None(_)))
        .then(|| client.get_value().one_time_line_items(&invoice.id, PAGE));
    let reconcile = share == OneTimeShare::All;
    let read = use_read_all(pages, move |items: Vec<pc::LineItemBrief>| {
        let sum = items
            .iter()
            .filter(|l| l.currency.eq_ignore_ascii_case(&currency))
            .fold(Decimal::ZERO, |a, l| a.checked_add(l.total_for_customer).unwrap_or(a));
        loaded.try_update(|t| *t = t.checked_add(sum).unwrap_or(*t));
        table.try_update(|t| t.extend(&items)).is_some()
    });
    let done = Signal::derive(move || read.progress.with(|p| p.done));
    let v = LineView::new(table);
    let LineView { filters, filter, sort, shown, totals } = v;
    let inv = StoredValue::new(invoice);

    let statement = Action::new_local(move |_: &()| {
        let (c, id) = (client.get_value(), inv.with_value(|i| i.id.clone()));
        async move {
            let bytes = c.statement(&id).await?;
            if !bytes.starts_with(b"%PDF-") {
                return Err(Failure::malformed(200, "the statement is not a PDF"));
            }
            let name = format!("Invoice_{id}.pdf");
            browser::download(&bytes, &name, "application/pdf")
                .map_err(|e| Failure::malformed(200, e))?;
            Ok((name, bytes.len()))
        }
    });

    let export_lines = move |_| {
        let id = inv.with_value(|i| i.id.clone());
        let units = v.export(table, i18n.locale_untracked());
        let name = if filter.with_untracked(Filter::is_empty) {
            format!("Invoice_{id}_lines.csv")
        } else {
            format!("Invoice_{id}_lines_filtered.csv")
        };
        let _ = browser::download_utf16(&units, &name, export::MIME);
    };

    view! {
        {move || inv.with_value(|i| view! { <Facts invoice=i.clone()/> })}
        <div class="toolbar">
            <button type="button" disabled=move || statement.pending().get() on:click=move |_| { statement.dispatch(()); }>
                {move || i18n.m().invoice_statement}
            </button>
            <button type="button" disabled=move || !done.get() on:click=export_lines>
                {move || v.export_label(i18n.locale())}
            </button>
        </div>
        {move || match statement.value().get() {
            None | Some(Err(Failure::Cancelled)) => ().into_any(),
            Some(Err(f)) => view! { <FailureNotice failure=f/> }.into_any(),
            Some(Ok((name, size))) => {
                let kb = format::number(i18n.locale(), &size.div_ceil(1024).to_string());
                view! {
                    <p class="notice ok" role="status">
                        {move || fill(i18n.m().invoice_statement_saved, &[("name", &name), ("size", &kb)])}
                    </p>
                }
                .into_any()
            }
        }}
        <h2>{move || i18n.m().invoice_lines_title}</h2>
        {move || share_notice(i18n.locale(), &share)}
        {move || {
            let (p, count) = (read.progress.get(), table.with(LineTable::len));
            let m = i18n.m();
            let locale = i18n.locale();
            let (total, cur) = inv.with_value(|i| (i.total_charges, i.currency_code.clone()));
            let money = |d: Decimal| format::money(locale, &d.to_string(), &cur);
            let so_far = loaded.get();
            let ratio = if p.done { 1.0 } else { progress_ratio(so_far, total) };
            let count = format::number(locale, &count.to_string());
            let text = if p.done {
                fill(m.invoice_lines_loaded, &[("count", &count)])
            } else {
                fill(m.invoice_lines_loading, &[("count", &count), ("amount", &money(so_far)), ("total", &money(total))])
            };
            view! {
                <div class="loading-lines">
                    <progress max="1" value=ratio aria-label=m.invoice_progress_label></progress>
                    <span role="status">{text}</span>
                </div>
                {p.failure.map(|f| view! { <FailureNotice failure=f retry=read.retry/> })}
            }
        }}
        <LineFilters table=table filters=filters/>
        <LineRows table=table shown=shown sort=sort filter=filter/>
        <Reconciliation totals=totals done=done reconcile=reconcile filter=filter invoice=inv/>
    }
}

/// Says why the lines are not the whole invoice, when they are not.
fn share_notice(locale: Locale, share: &OneTimeShare) -> Option<impl IntoView> {
    let m = locale.messages();
    let names = |providers: &[String]| {
        let list: Vec<String> = providers.iter().map(|p| label(locale, "provider", p)).collect();
        if list.is_empty() {
            label(locale, "provider", "recurring")
        } else {
            list.join(", ")
        }
    };
    let text = match share {
        OneTimeShare::All => return None,
        OneTimeShare::Part(p) => fill(m.invoice_other_providers, &[("providers", &names(p))]),
        OneTimeShare::None(p) => fill(m.invoice_no_one_time, &[("providers", &names(p))]),
    };
    Some(view! { <p class="notice" role="status">{text}</p> })
}

/// How much of the invoice has been read, from 0 to 1 (lines far larger than the total, or
/// a zero total, cannot push it out of range or divide by zero).
fn progress_ratio(read: Decimal, total: Decimal) -> f64 {
    if total.is_zero() {
        return 0.0;
    }
    read.checked_div(total).and_then(|r| r.to_f64()).unwrap_or(0.0).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    #[test]
    fn the_progress_ratio_stays_in_range() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(super::progress_ratio(d("50"), d("200")), 0.25);
        assert_eq!(super::progress_ratio(d("5"), d("0")), 0.0);
        assert_eq!(super::progress_ratio(Decimal::MAX, d("0.0000001")), 0.0);
        assert_eq!(super::progress_ratio(d("300"), d("200")), 1.0);
        assert_eq!(super::progress_ratio(d("-5"), d("200")), 0.0);
    }
}

#[component]
fn Facts(invoice: pc::Invoice) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.locale();
        let m = i18n.m();
        let date = |t: Option<pc::Timestamp>| {
            t.map(|t| format::date(locale, &t.to_string())).unwrap_or_default()
        };
        let money = |d: Decimal| format::money(locale, &d.to_string(), &invoice.currency_code);
        view! {
            <dl class="facts">
                <dt>{m.invoices_col_date}</dt><dd>{date(invoice.invoice_date)}</dd>
                <dt>{m.invoices_col_period}</dt><dd>{format!("{} – {}", date(invoice.billing_period_start_date), date(invoice.billing_period_end_date))}</dd>
                <dt>{m.invoices_col_total}</dt><dd class="invoice-total">{money(invoice.total_charges)}</dd>
                <dt>{m.invoice_paid_amount}</dt><dd>{money(-invoice.paid_amount)}</dd>
                <dt>{m.invoices_col_currency}</dt><dd>{invoice.currency_code.clone()}</dd>
            </dl>
        }
    }
}

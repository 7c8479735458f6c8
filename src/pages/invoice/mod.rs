//! One invoice: its details, the statement PDF, and its one-time line items, read page by
//! page (seek paging) into a table that renders only the rows in view, with filters,
//! sorting, totals per currency checked against the invoice, and an export.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use procura_partner_center as pc;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::api::paging::{next_page, NextPage};
use crate::api::{use_client, Client, Failure};
use crate::billing::{export, lines, Filter, LineTable, Sort};
use crate::browser;
use crate::components::{FailureNotice, Loading};
use crate::format;
use crate::i18n::{fill, use_i18n, Locale};

mod line_table;
mod reconciliation;

use line_table::{export_headers, LineFilters, LineRows};
use reconciliation::Reconciliation;

/// Lines per request: the service's maximum.
const PAGE: u32 = 2000;

#[component]
pub fn InvoicePage() -> impl IntoView {
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
}

/// How far reading the lines has got.
#[derive(Clone, Default)]
pub(super) struct Progress {
    pub pages: usize,
    /// Sum of the lines read so far in the invoice's currency (the bar's measure).
    pub loaded: Decimal,
    pub done: bool,
    pub failure: Option<Failure>,
    /// Where to go on after a failure, so a retry loses nothing already read.
    pub resume: Option<NextPage>,
}

/// Reads the line items from `from` (or the first page) to the last, appending each page.
fn read_lines(
    client: Client,
    id: String,
    currency: String,
    from: Option<NextPage>,
    table: RwSignal<LineTable>,
    progress: RwSignal<Progress>,
) {
    leptos::task::spawn_local(async move {
        let mut at = from;
        // Against a server that links its pages in a circle.
        for _ in 0..100_000 {
            let page = match &at {
                None => client.one_time_line_items(&id, PAGE).await,
                Some(next) => client.next::<pc::OneTimeInvoiceLineItem>(next).await,
            };
            let page = match page {
                Ok(p) => p,
                Err(Failure::Cancelled) => return,
                Err(f) => {
                    progress.try_update(|p| {
                        p.failure = Some(f);
                        p.resume = at.clone();
                    });
                    return;
                }
            };
            let sum: Decimal = page
                .items
                .iter()
                .filter(|l| l.currency.eq_ignore_ascii_case(&currency))
                .map(|l| l.total_for_customer)
                .sum();
            if table.try_update(|t| t.extend(&page.items)).is_none() {
                return;
            }
            at = next_page(&page);
            progress.try_update(|p| {
                p.pages += 1;
                p.loaded += sum;
                p.done = at.is_none();
            });
            if at.is_none() {
                return;
            }
        }
    });
}

#[component]
fn InvoiceDetail(id: String) -> impl IntoView {
    let client = use_client();
    let invoice = LocalResource::new(move || {
        let (c, i) = (client.clone(), id.clone());
        async move { c.invoice(&i).await }
    });
    move || match invoice.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(f)) => {
            view! { <FailureNotice failure=f retry=move |_| invoice.refetch()/> }.into_any()
        }
        Some(Ok(inv)) => view! { <Invoice invoice=inv/> }.into_any(),
    }
}

#[component]
fn Invoice(invoice: pc::Invoice) -> impl IntoView {
    let i18n = use_i18n();
    let client = StoredValue::new_local(use_client());
    let table = RwSignal::new(LineTable::default());
    let progress = RwSignal::new(Progress::default());
    let currency = invoice.currency_code.to_ascii_uppercase();
    read_lines(client.get_value(), invoice.id.clone(), currency.clone(), None, table, progress);
    let retry = {
        let (id, currency) = (invoice.id.clone(), currency.clone());
        move |_| {
            let from = progress.try_update(|p| {
                p.failure = None;
                p.resume.take()
            });
            read_lines(
                client.get_value(),
                id.clone(),
                currency.clone(),
                from.flatten(),
                table,
                progress,
            );
        }
    };
    let filter = RwSignal::new(Filter::default());
    let sort = RwSignal::new(Sort::default());
    let shown =
        Memo::new(move |_| table.with(|t| lines::view(&t.lines, &filter.read(), sort.get())));
    let totals = Memo::new(move |_| table.with(|t| shown.with(|s| lines::totals(&t.lines, s))));
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
        let locale = i18n.locale_untracked();
        let id = inv.with_value(|i| i.id.clone());
        let bytes = table.with_untracked(|t| {
            shown.with_untracked(|s| {
                export::encode(&export::to_text(
                    &t.lines,
                    s,
                    &export_headers(locale.messages()),
                    locale == Locale::Sv,
                ))
            })
        });
        let name = if filter.with_untracked(Filter::is_empty) {
            format!("Invoice_{id}_lines.csv")
        } else {
            format!("Invoice_{id}_lines_filtered.csv")
        };
        let _ = browser::download(&bytes, &name, export::MIME);
    };

    view! {
        {move || inv.with_value(|i| view! { <Facts invoice=i.clone()/> })}
        <div class="toolbar">
            <button type="button" disabled=move || statement.pending().get() on:click=move |_| { statement.dispatch(()); }>{move || i18n.m().invoice_statement}</button>
            <button type="button" disabled=move || !progress.with(|p| p.done) on:click=export_lines>
                {move || fill(i18n.m().invoice_export, &[("count", &format::number(i18n.locale(), &shown.with(Vec::len).to_string()))])}
            </button>
        </div>
        {move || match statement.value().get() {
            None => ().into_any(),
            Some(Err(f)) => view! { <FailureNotice failure=f/> }.into_any(),
            Some(Ok((name, size))) => view! { <p class="notice ok" role="status">{move || fill(i18n.m().invoice_statement_saved, &[("name", &name), ("size", &format::number(i18n.locale(), &(size.div_ceil(1024)).to_string()))])}</p> }.into_any(),
        }}
        <h2>{move || i18n.m().invoice_lines_title}</h2>
        {move || {
            let (p, count) = (progress.get(), table.with(LineTable::len));
            let m = i18n.m();
            let locale = i18n.locale();
            let (total, cur) = inv.with_value(|i| (i.total_charges, i.currency_code.clone()));
            let money = |d: Decimal| format::money(locale, &d.to_string(), &cur);
            let ratio = if p.done { 1.0 } else if total.is_zero() { 0.0 } else { (p.loaded / total).to_f64().unwrap_or(0.0).clamp(0.0, 1.0) };
            let text = if p.done {
                fill(m.invoice_lines_loaded, &[("count", &format::number(locale, &count.to_string()))])
            } else {
                fill(m.invoice_lines_loading, &[("count", &format::number(locale, &count.to_string())), ("amount", &money(p.loaded)), ("total", &money(total))])
            };
            view! {
                <div class="loading-lines">
                    <progress max="1" value=ratio aria-label=m.invoice_progress_label></progress>
                    <span role="status">{text}</span>
                </div>
                {p.failure.map(|f| view! { <FailureNotice failure=f retry=retry.clone()/> })}
            }
        }}
        <LineFilters table=table filter=filter/>
        <LineRows table=table shown=shown sort=sort filter=filter/>
        <Reconciliation totals=totals progress=progress filter=filter invoice=inv/>
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

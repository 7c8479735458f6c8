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
use crate::billing::{export, lines, window, Column, Filter, LineTable, Sort};
use crate::browser;
use crate::components::{FailureNotice, Loading};
use crate::format;
use crate::i18n::{fill, label, use_i18n, Locale, Messages};

/// Lines per request: the service's maximum.
const PAGE: u32 = 2000;
const ROW_PX: f64 = 32.0;
const VIEW_PX: f64 = 480.0;
const OVERSCAN: usize = 12;

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
struct Progress {
    pages: usize,
    /// Sum of the lines read so far in the invoice's currency (the bar's measure).
    loaded: Decimal,
    done: bool,
    failure: Option<Failure>,
    /// Where to go on after a failure, so a retry loses nothing already read.
    resume: Option<NextPage>,
}

/// Reads the line items from `from` (or the first page) to the last, appending each page.
fn read_lines(client: Client, id: String, currency: String, from: Option<NextPage>, table: RwSignal<LineTable>, progress: RwSignal<Progress>) {
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
            let sum: Decimal = page.items.iter().filter(|l| l.currency.eq_ignore_ascii_case(&currency)).map(|l| l.total_for_customer).sum();
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
        Some(Err(f)) => view! { <FailureNotice failure=f retry=move |_| invoice.refetch()/> }.into_any(),
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
            read_lines(client.get_value(), id.clone(), currency.clone(), from.flatten(), table, progress);
        }
    };
    let filter = RwSignal::new(Filter::default());
    let sort = RwSignal::new(Sort::default());
    let shown = Memo::new(move |_| table.with(|t| lines::view(&t.lines, &filter.read(), sort.get())));
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
            browser::download(&bytes, &name, "application/pdf").map_err(|e| Failure::malformed(200, e))?;
            Ok((name, bytes.len()))
        }
    });

    let export_lines = move |_| {
        let locale = i18n.locale_untracked();
        let id = inv.with_value(|i| i.id.clone());
        let bytes = table.with_untracked(|t| shown.with_untracked(|s| export::encode(&export::to_text(&t.lines, s, &export_headers(locale.messages()), locale == Locale::Sv))));
        let name = if filter.with_untracked(Filter::is_empty) { format!("Invoice_{id}_lines.csv") } else { format!("Invoice_{id}_lines_filtered.csv") };
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
        let date = |t: Option<pc::Timestamp>| t.map(|t| format::date(locale, &t.to_string())).unwrap_or_default();
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

fn export_headers(m: &'static Messages) -> [&'static str; export::COLUMNS] {
    [
        m.invoice_col_customer, m.invoice_col_customer_id, m.invoice_col_order, m.invoice_col_date, m.invoice_col_product, m.invoice_col_sku, m.invoice_col_charge,
        m.common_quantity, m.common_unit_price, m.invoice_col_subtotal, m.invoice_col_tax, m.invoice_col_total, m.invoices_col_currency,
    ]
}

#[component]
fn LineFilters(table: RwSignal<LineTable>, filter: RwSignal<Filter>) -> impl IntoView {
    let i18n = use_i18n();
    let choices = Memo::new(move |_| table.with(LineTable::choices));
    let select = move |id: &'static str, title: fn(&Messages) -> &'static str, options: Box<dyn Fn() -> Vec<(String, String)> + Send + Sync>, set: fn(&mut Filter, Option<String>)| {
        view! {
            <label for=id>{move || title(i18n.m())}</label>
            <select id=id on:change=move |ev| { let v = event_target_value(&ev); filter.update(|f| set(f, (!v.is_empty()).then_some(v))); }>
                <option value="">{move || i18n.m().invoice_filter_all}</option>
                {move || options().into_iter().map(|(v, t)| view! { <option value=v>{t}</option> }).collect_view()}
            </select>
        }
    };
    view! {
        <div class="toolbar filters">
            {select("invoice-customer", |m| m.invoice_col_customer, Box::new(move || choices.with(|c| c.customers.iter().map(|(i, n)| (i.to_string(), n.to_string())).collect())), |f, v| f.customer_id = v)}
            {select("invoice-product", |m| m.invoice_col_product, Box::new(move || choices.with(|c| c.products.iter().map(|(i, n)| (i.to_string(), n.to_string())).collect())), |f, v| f.product_id = v)}
            {select("invoice-charge", |m| m.invoice_col_charge, Box::new(move || {
                let locale = i18n.locale();
                choices.with(|c| c.charge_types.iter().map(|t| (t.to_string(), label(locale, "charge", t))).collect())
            }), |f, v| f.charge_type = v)}
        </div>
    }
}

fn column_title(m: &Messages, c: Column) -> &'static str {
    match c {
        Column::Customer => m.invoice_col_customer,
        Column::Product => m.invoice_col_product,
        Column::ChargeType => m.invoice_col_charge,
        Column::OrderDate => m.invoice_col_date,
        Column::Quantity => m.common_quantity,
        Column::Total => m.invoice_col_total,
    }
}

/// The table: a fixed-height scroller whose body holds only the rows in view (plus a
/// margin), between two spacers as tall as the rows left out.
#[component]
fn LineRows(table: RwSignal<LineTable>, shown: Memo<Vec<u32>>, sort: RwSignal<Sort>, filter: RwSignal<Filter>) -> impl IntoView {
    let i18n = use_i18n();
    let scroll = RwSignal::new(0.0f64);
    let scroller = NodeRef::<leptos::html::Div>::new();
    // A new filter or order starts at the top.
    Effect::new(move |_| {
        filter.track();
        sort.track();
        if let Some(el) = scroller.get_untracked() {
            el.set_scroll_top(0);
        }
        scroll.set(0.0);
    });
    let range = Memo::new(move |_| window::visible(scroll.get(), VIEW_PX, ROW_PX, shown.with(Vec::len), OVERSCAN));
    let header = move |c: Column, class: &'static str| {
        let aria = move || match sort.get() {
            Sort { by: Some(b), descending } if b == c => if descending { "descending" } else { "ascending" },
            _ => "none",
        };
        view! {
            <th scope="col" class=class aria-sort=aria>
                <button type="button" class="sort" on:click=move |_| sort.update(|s| *s = s.toggle(c))>{move || column_title(i18n.m(), c)}</button>
            </th>
        }
    };
    view! {
        // Height and row height are set here, not only in the stylesheet: the rows shown are
        // computed from them. (Through the CSSOM, which the CSP allows; a style attribute it
        // would refuse.)
        <div class="virtual" node_ref=scroller tabindex="0" role="region" aria-label=move || i18n.m().invoice_lines_title
            style:height=format!("{VIEW_PX}px") style:overflow="auto"
            on:scroll=move |ev| scroll.set(event_target::<web_sys::Element>(&ev).scroll_top() as f64)>
            <table class="data invoice-lines" aria-rowcount=move || shown.with(Vec::len) + 1>
                <colgroup>
                    <col class="w-customer"/><col class="w-order"/><col class="w-date"/><col class="w-product"/><col class="w-charge"/>
                    <col class="w-num"/><col class="w-money"/><col class="w-money"/><col class="w-money"/><col class="w-money"/>
                </colgroup>
                <thead><tr aria-rowindex="1">
                    {header(Column::Customer, "")}
                    <th scope="col">{move || i18n.m().invoice_col_order}</th>
                    {header(Column::OrderDate, "")}
                    {header(Column::Product, "")}
                    {header(Column::ChargeType, "")}
                    {header(Column::Quantity, "num")}
                    <th scope="col" class="num">{move || i18n.m().common_unit_price}</th>
                    <th scope="col" class="num">{move || i18n.m().invoice_col_subtotal}</th>
                    <th scope="col" class="num">{move || i18n.m().invoice_col_tax}</th>
                    {header(Column::Total, "num")}
                </tr></thead>
                <tbody>
                    <tr class="spacer" aria-hidden="true"><td colspan="10" style:height=move || format!("{}px", range.get().0 as f64 * ROW_PX)></td></tr>
                    <For
                        each=move || {
                            let (start, end) = range.get();
                            let locale = i18n.locale();
                            shown.with(|s| (start..end).map(|p| (p, s[p], locale)).collect::<Vec<_>>())
                        }
                        key=|k| *k
                        children=move |(pos, index, locale)| table.with_untracked(|t| t.lines.get(index as usize).map(|l| row(locale, pos, l)))
                    />
                    <tr class="spacer" aria-hidden="true"><td colspan="10" style:height=move || {
                        let (_, end) = range.get();
                        format!("{}px", shown.with(Vec::len).saturating_sub(end) as f64 * ROW_PX)
                    }></td></tr>
                </tbody>
            </table>
        </div>
    }
}

fn row(locale: Locale, pos: usize, l: &lines::Line) -> impl IntoView {
    let money = |d: Decimal| format::money(locale, &d.to_string(), &l.currency);
    let product = if l.sku_name.is_empty() { l.product_name.to_string() } else { format!("{} — {}", l.product_name, l.sku_name) };
    view! {
        <tr class="iline" aria-rowindex=pos + 2 style:height=format!("{ROW_PX}px")>
            <td title=l.customer_name.to_string()>{l.customer_name.to_string()}</td>
            <td class="mono">{l.order_id.clone()}</td>
            <td>{(!l.order_date.is_empty()).then(|| format::date(locale, &l.order_date))}</td>
            <td title=product.clone()>{product.clone()}</td>
            <td>{label(locale, "charge", &l.charge_type)}</td>
            <td class="num">{format::number(locale, &l.quantity.normalize().to_string())}</td>
            <td class="num">{l.unit_price.map(money)}</td>
            <td class="num">{money(l.subtotal)}</td>
            <td class="num">{money(l.tax)}</td>
            <td class="num">{money(l.total)}</td>
        </tr>
    }
}

/// Totals per currency of the lines shown, and, once every line is read and none filtered
/// out, whether they add up to the invoice's total.
#[component]
fn Reconciliation(totals: Memo<std::collections::BTreeMap<std::sync::Arc<str>, lines::Totals>>, progress: RwSignal<Progress>, filter: RwSignal<Filter>, invoice: StoredValue<pc::Invoice>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.locale();
        let m = i18n.m();
        let sums = totals.get();
        let (total, cur) = invoice.with_value(|i| (i.total_charges, i.currency_code.to_ascii_uppercase()));
        let check = (progress.with(|p| p.done) && filter.with(Filter::is_empty)).then(|| {
            let sum = sums.get(cur.as_str()).map(|t| t.total).unwrap_or_default();
            let money = |d: Decimal| format::money(locale, &d.to_string(), &cur);
            if sum == total {
                view! { <p class="notice ok reconciled" role="status">{fill(m.invoice_reconciled, &[("amount", &money(total))])}</p> }.into_any()
            } else {
                view! { <p class="notice error" role="alert">{fill(m.invoice_not_reconciled, &[("sum", &money(sum)), ("total", &money(total)), ("difference", &money(sum - total))])}</p> }.into_any()
            }
        });
        view! {
            <h2>{m.invoice_totals_title}</h2>
            <table class="data totals">
                <thead><tr>
                    <th scope="col">{m.invoices_col_currency}</th>
                    <th scope="col" class="num">{m.invoice_col_lines}</th>
                    <th scope="col" class="num">{m.invoice_col_subtotal}</th>
                    <th scope="col" class="num">{m.invoice_col_tax}</th>
                    <th scope="col" class="num">{m.invoice_col_total}</th>
                </tr></thead>
                <tbody>
                    {sums.iter().map(|(c, t)| {
                        let money = |d: Decimal| format::money(locale, &d.to_string(), c);
                        view! {
                            <tr data-currency=c.to_string()>
                                <th scope="row">{c.to_string()}</th>
                                <td class="num">{format::number(locale, &t.lines.to_string())}</td>
                                <td class="num">{money(t.subtotal)}</td>
                                <td class="num">{money(t.tax)}</td>
                                <td class="num total">{money(t.total)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {check}
        }
    }
}

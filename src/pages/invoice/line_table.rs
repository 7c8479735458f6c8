//! The invoice's line table: filters, sortable headers, and a body that holds only the rows
//! in view (plus a margin) between two spacers as tall as the rows left out.

use leptos::prelude::*;
use rust_decimal::Decimal;

use std::sync::Arc;

use super::Filters;
use crate::billing::{export, lines, Column, Filter, LineTable, Sort};
use crate::components::virtual_rows::VIEW_PX;
use crate::components::VirtualRows;
use crate::format;
use crate::i18n::{label, use_i18n, Locale, Messages};

pub(super) fn export_headers(m: &'static Messages) -> [&'static str; export::COLUMNS] {
    [
        m.invoice_col_customer,
        m.invoice_col_customer_id,
        m.invoice_col_order,
        m.invoice_col_date,
        m.invoice_col_product,
        m.invoice_col_sku,
        m.invoice_col_charge,
        m.common_quantity,
        m.common_unit_price,
        m.invoice_col_subtotal,
        m.invoice_col_tax,
        m.invoice_col_total,
        m.invoices_col_currency,
    ]
}

/// The three filters, each a select whose choice is kept in the URL.
#[component]
pub(super) fn LineFilters(table: RwSignal<LineTable>, filters: Filters) -> impl IntoView {
    let i18n = use_i18n();
    let choices = Memo::new(move |_| table.with(LineTable::choices));
    type Options = Box<dyn Fn() -> Vec<(String, String)> + Send + Sync>;
    let select = move |id: &'static str,
                       title: fn(&Messages) -> &'static str,
                       options: Options,
                       (current, set): (Signal<String>, Callback<String>)| {
        view! {
            <label for=id>{move || title(i18n.m())}</label>
            <select id=id on:change=move |ev| set.run(event_target_value(&ev))>
                <option value="" selected=move || current.with(String::is_empty)>
                    {move || i18n.m().invoice_filter_all}
                </option>
                {move || options().into_iter().map(|(v, t)| {
                    let chosen = v.clone();
                    view! { <option value=v selected=move || current.with(|c| *c == chosen)>{t}</option> }
                }).collect_view()}
            </select>
        }
    };
    let pairs = |list: &[(Arc<str>, Arc<str>)]| {
        list.iter().map(|(i, n)| (i.to_string(), n.to_string())).collect()
    };
    view! {
        <div class="toolbar filters">
            {select("invoice-customer", |m| m.invoice_col_customer, Box::new(move || choices.with(|c| pairs(&c.customers))), filters.customer)}
            {select("invoice-product", |m| m.invoice_col_product, Box::new(move || choices.with(|c| pairs(&c.products))), filters.product)}
            {select("invoice-charge", |m| m.invoice_col_charge, Box::new(move || {
                let locale = i18n.locale();
                choices.with(|c| c.charge_types.iter().map(|t| (t.to_string(), label(locale, "charge", t))).collect())
            }), filters.charge)}
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
pub(super) fn LineRows(
    table: RwSignal<LineTable>,
    shown: Memo<Vec<u32>>,
    sort: RwSignal<Sort>,
    filter: Memo<Filter>,
) -> impl IntoView {
    let i18n = use_i18n();
    // A new filter or order starts at the top.
    let rows = VirtualRows::new(shown, move || {
        filter.track();
        sort.track();
    });
    let header = move |c: Column, class: &'static str| {
        let aria = move || match sort.get() {
            Sort { by: Some(b), descending } if b == c => {
                if descending {
                    "descending"
                } else {
                    "ascending"
                }
            }
            _ => "none",
        };
        view! {
            <th scope="col" class=class aria-sort=aria>
                <button type="button" class="sort" on:click=move |_| sort.update(|s| *s = s.toggle(c))>{move || column_title(i18n.m(), c)}</button>
            </th>
        }
    };
    view! {
        // The height is set here, not only in the stylesheet: the rows shown are computed from
        // it. (Through the CSSOM, which the CSP allows; a style attribute it would refuse.) The
        // rows' height (`ROW_PX`) is the stylesheet's alone: setting it on each row cost a
        // style property per row drawn.
        <div class="virtual" node_ref=rows.scroller tabindex="0" role="region" aria-label=move || i18n.m().invoice_lines_title
            style:height=format!("{VIEW_PX}px") style:overflow="auto"
            on:scroll=move |ev| rows.scrolled(ev)>
            <table class="data invoice-lines" aria-rowcount=move || rows.shown_count() + 1>
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
                    <tr class="spacer" aria-hidden="true"><td colspan="10" style:height=move || rows.above()></td></tr>
                    <For
                        each=move || rows.in_view(i18n.locale())
                        key=|k| *k
                        children=move |(pos, index, locale)| table.with_untracked(|t| t.lines.get(index as usize).map(|l| row(locale, pos, l)))
                    />
                    <tr class="spacer" aria-hidden="true"><td colspan="10" style:height=move || rows.below()></td></tr>
                </tbody>
            </table>
        </div>
    }
}

fn row(locale: Locale, pos: usize, l: &lines::Line) -> impl IntoView {
    let money = |d: Decimal| format::money(locale, &d.to_string(), &l.currency);
    let product = if l.sku_name.is_empty() {
        l.product_name.to_string()
    } else {
        format!("{} — {}", l.product_name, l.sku_name)
    };
    view! {
        <tr class="iline" aria-rowindex=pos + 2>
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

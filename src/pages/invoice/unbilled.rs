//! Unbilled one-time charges (get-invoice-unbilled-recon-lineitems.md): what the partner
//! has bought this month or last that no invoice carries yet, per currency, read page by page
//! into the same line table as an invoice's, with its filters, totals and export.

use leptos::prelude::*;
use leptos_router::components::A;
use procura_partner_center as pc;

use crate::api::use_client;
use crate::billing::{export, LineTable};
use crate::browser;
use crate::components::{FailureNotice, Loaded};
use crate::format;
use crate::hooks::{use_query_param, use_read_all};
use crate::i18n::{fill, use_i18n};

use super::line_table::{LineFilters, LineRows};
use super::reconciliation::TotalsTable;
use super::{LineView, PAGE};

/// The periods the service keeps unbilled charges for.
const PERIODS: [&str; 2] = ["current", "previous"];

#[component]
pub fn UnbilledPage() -> AnyView {
    let i18n = use_i18n();
    let client = use_client();
    // The currencies the partner is billed in, from its invoice summaries.
    let currencies = LocalResource::new(move || {
        let c = client.clone();
        async move {
            let mut list: Vec<String> = c
                .invoice_summaries()
                .await?
                .into_iter()
                .map(|s| s.currency_code.to_ascii_uppercase())
                .filter(|c| !c.is_empty())
                .collect();
            list.dedup();
            Ok::<_, crate::api::Failure>(list)
        }
    });
    view! {
        <section class="page unbilled">
            <p><A href="/invoices">{move || i18n.m().invoice_back}</A></p>
            <h1>{move || i18n.m().unbilled_title}</h1>
            <p>{move || i18n.m().unbilled_intro}</p>
            <Loaded resource=currencies let:list>
                <Unbilled currencies=list/>
            </Loaded>
        </section>
    }
    .into_any()
}

#[component]
fn Unbilled(currencies: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let (currency, set_currency) = use_query_param("currency");
    let (period, set_period) = use_query_param("period");
    let first = currencies.first().cloned().unwrap_or_default();
    let chosen_currency = Memo::new(move |_| {
        currency.with(|c| if c.is_empty() { first.clone() } else { c.to_ascii_uppercase() })
    });
    let chosen_period = Memo::new(move |_| {
        period.with(|p| {
            PERIODS.iter().find(|x| x.eq_ignore_ascii_case(p)).copied().unwrap_or("current")
        })
    });
    view! {
        <div class="filters">
            <label for="unbilled-currency">{move || i18n.m().invoices_col_currency}</label>
            <select id="unbilled-currency" on:change=move |ev| set_currency.run(event_target_value(&ev))>
                {currencies.into_iter().map(|c| {
                    let v = c.clone();
                    view! { <option value=v selected=move || chosen_currency.with(|x| *x == c)>{c.clone()}</option> }
                }).collect_view()}
            </select>
            <label for="unbilled-period">{move || i18n.m().unbilled_period}</label>
            <select id="unbilled-period" on:change=move |ev| set_period.run(event_target_value(&ev))>
                {PERIODS.into_iter().map(|p| {
                    let label = move || if p == "current" { i18n.m().unbilled_current } else { i18n.m().unbilled_previous };
                    view! { <option value=p selected=move || chosen_period.get() == p>{label}</option> }
                }).collect_view()}
            </select>
        </div>
        {move || {
            let (c, p) = (chosen_currency.get(), chosen_period.get());
            view! { <Charges currency=c period=p/> }
        }}
    }
}

#[component]
fn Charges(currency: String, period: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let client = use_client();
    let table = RwSignal::new(LineTable::default());
    let pages = (!currency.is_empty()).then(|| client.unbilled_line_items(&currency, period, PAGE));
    let read = use_read_all(pages, move |items: Vec<pc::LineItemBrief>| {
        table.try_update(|t| t.extend(&items)).is_some()
    });
    let done = Signal::derive(move || read.progress.with(|p| p.done));
    let v = LineView::new(table);
    let LineView { filters, filter, sort, shown, totals } = v;
    let name = format!("Unbilled_{currency}_{period}.csv");
    let export_lines = move |_| {
        let units = v.export(table, i18n.locale_untracked());
        let _ = browser::download_utf16(&units, &name, export::MIME);
    };
    view! {
        <div class="toolbar">
            <button type="button" disabled=move || !done.get() on:click=export_lines>
                {move || v.export_label(i18n.locale())}
            </button>
        </div>
        {move || {
            let p = read.progress.get();
            let count = format::number(i18n.locale(), &table.with(LineTable::len).to_string());
            view! {
                <p role="status">{if p.done {
                    fill(i18n.m().invoice_lines_loaded, &[("count", &count)])
                } else {
                    i18n.m().unbilled_loading.to_string()
                }}</p>
                {p.failure.map(|f| view! { <FailureNotice failure=f retry=read.retry/> })}
            }
        }}
        {move || (done.get() && table.with(LineTable::len) == 0).then(|| view! {
            <p class="notice">{move || i18n.m().unbilled_none}</p>
        })}
        <LineFilters table=table filters=filters/>
        <LineRows table=table shown=shown sort=sort filter=filter/>
        <TotalsTable totals=totals/>
    }
}

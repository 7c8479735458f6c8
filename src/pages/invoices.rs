//! Billing: the account balance, one summary per currency with what is due, the past year's
//! one-time charges as a chart, and the invoice list, page by page.

use leptos::prelude::*;
use leptos_router::components::A;
use procura_partner_center as pc;

use crate::api::{use_client, Failure};
use crate::billing::{chart, dues};
use crate::browser;
use crate::components::{Loaded, MonthlyChart};
use crate::format;
use crate::hooks::use_query_param;
use crate::i18n::{fill, use_i18n, Locale};

const PAGE_SIZE: u32 = 12;

fn when(locale: Locale, t: Option<pc::Timestamp>) -> String {
    format::timestamp(locale, t).unwrap_or_default()
}

#[component]
pub fn InvoicesPage() -> AnyView {
    let i18n = use_i18n();
    let client = use_client();
    let overview = LocalResource::new(move || {
        let c = client.clone();
        async move {
            let balance = c.balance().await?;
            let summaries = c.invoice_summaries().await?;
            let invoices = c.all_invoices().await?;
            Ok::<_, Failure>((balance, summaries, invoices))
        }
    });
    view! {
        <section class="page invoices">
            <h1>{move || i18n.m().invoices_title}</h1>
            <p>{move || i18n.m().invoices_intro}" "<A href="/unbilled">{move || i18n.m().unbilled_title}</A></p>
            <Loaded resource=overview let:loaded>
                {
                    let (balance, summaries, invoices) = loaded;
                    view! { <Overview balance summaries invoices/> }
                }
            </Loaded>
            <InvoiceList/>
        </section>
    }.into_any()
}

#[component]
fn Overview(
    balance: pc::InvoiceSummary,
    summaries: Vec<pc::InvoiceSummary>,
    invoices: Vec<pc::Invoice>,
) -> impl IntoView {
    let i18n = use_i18n();
    let now = browser::now_ms();
    let due = dues::dues(&invoices, now);
    let series = chart::monthly(&invoices, now);
    move || {
        let locale = i18n.locale();
        let m = i18n.m();
        let money =
            move |d: rust_decimal::Decimal, c: &str| format::money(locale, &d.to_string(), c);
        view! {
            <h2>{m.invoices_balance_title}</h2>
            <p class="balance">
                <strong class="amount">{money(balance.balance_amount, &balance.currency_code)}</strong>
                " "
                <span class="muted">{fill(m.invoices_balance_as_of, &[("date", &when(locale, balance.accounting_date))])}</span>
            </p>
            <h2>{m.invoices_summaries_title}</h2>
            <div class="table-scroll">
                <table class="data summaries">
                    <thead><tr>
                        <th scope="col">{m.invoices_col_currency}</th>
                        <th scope="col" class="num">{m.invoices_col_balance}</th>
                        <th scope="col" class="num">{m.invoices_col_unpaid}</th>
                        <th scope="col">{m.invoices_col_next_due}</th>
                        <th scope="col">{m.invoices_col_latest}</th>
                        <th scope="col">{m.invoices_col_last_payment}</th>
                    </tr></thead>
                    <tbody>
                        {summaries.iter().map(|s| {
                            let d = due.iter().find(|d| d.currency.eq_ignore_ascii_case(&s.currency_code)).cloned().unwrap_or_default();
                            let next = d.next_due_ms.map(|t| format::date_ms(locale, t)).unwrap_or_else(|| m.invoices_nothing_due.to_string());
                            let paid = match (s.last_payment_date.filter(|t| !t.is_empty_sentinel()), s.last_payment_amount) {
                                (Some(t), Some(a)) => fill(m.invoices_paid_on, &[("amount", &money(a, &s.currency_code)), ("date", &when(locale, Some(t)))]),
                                _ => String::new(),
                            };
                            view! {
                                <tr class:overdue=d.overdue>
                                    <th scope="row">{s.currency_code.clone()}</th>
                                    <td class="num">{money(s.balance_amount, &s.currency_code)}</td>
                                    <td class="num">{fill(m.invoices_unpaid_count, &[("count", &d.unpaid.to_string()), ("amount", &format::sum_money(locale, d.outstanding.get(), &s.currency_code))])}</td>
                                    <td>{next}{d.overdue.then(|| view! { " " <span class="badge warn">{m.invoices_overdue}</span> })}</td>
                                    <td>{when(locale, s.latest_invoice_date)}</td>
                                    <td>{paid}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="hint">{fill(m.invoices_due_estimate, &[("days", &dues::PAYMENT_TERMS_DAYS.to_string())])}</p>
            <h2>{m.invoices_chart_title}</h2>
            <div class="charts">
                {series.iter().cloned().map(|s| view! { <MonthlyChart series=s/> }).collect_view()}
            </div>
        }
    }
}

/// The page number the URL asks for (from 1; anything else is the first).
fn page_number(text: &str) -> u32 {
    text.trim().parse().ok().filter(|n| *n >= 1).unwrap_or(1)
}

/// The invoice list, one page at a time (index paging). The page is in the URL (`?page=2`),
/// so a reload or Back returns to it.
#[component]
fn InvoiceList() -> impl IntoView {
    let i18n = use_i18n();
    let client = StoredValue::new_local(use_client());
    let (page_param, set_page) = use_query_param("page");
    let number = Memo::new(move |_| page_param.with(|p| page_number(p)));
    let page = LocalResource::new(move || {
        let (c, n) = (client.get_value(), number.get());
        async move { c.invoices_page(PAGE_SIZE, n).await }
    });
    let go = move |n: u32| set_page.run(if n <= 1 { String::new() } else { n.to_string() });
    view! {
        <h2>{move || i18n.m().invoices_list_title}</h2>
        <Loaded resource=page let:p>
            {move || {
                let p = p.clone();
                let locale = i18n.locale();
                let m = i18n.m();
                let n = number.get_untracked();
                view! {
                    <div class="table-scroll">
                        <table class="data invoice-list">
                            <thead><tr>
                                <th scope="col">{m.invoices_col_invoice}</th>
                                <th scope="col">{m.invoices_col_date}</th>
                                <th scope="col">{m.invoices_col_period}</th>
                                <th scope="col" class="num">{m.invoices_col_total}</th>
                                <th scope="col">{m.invoices_col_paid}</th>
                            </tr></thead>
                            <tbody>
                                {p.items.into_iter().map(|inv| {
                                    let unpaid = dues::unpaid(&inv);
                                    let period = format!(
                                        "{} – {}",
                                        when(locale, inv.billing_period_start_date),
                                        when(locale, inv.billing_period_end_date)
                                    );
                                    let paid = if unpaid.is_some_and(|u| u.is_zero()) {
                                        m.invoices_paid.to_string()
                                    } else {
                                        let amount = format::sum_money(locale, unpaid, &inv.currency_code);
                                        fill(m.invoices_open, &[("amount", &amount)])
                                    };
                                    view! {
                                        <tr>
                                            <td><A href=format!("/invoices/{}", inv.id)>{inv.id.clone()}</A></td>
                                            <td>{when(locale, inv.invoice_date)}</td>
                                            <td>{period}</td>
                                            <td class="num">{format::money(locale, &inv.total_charges.to_string(), &inv.currency_code)}</td>
                                            <td>{paid}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <nav class="pager" aria-label=m.invoices_pages>
                        <button type="button" disabled=n <= 1 on:click=move |_| go(n - 1)>{m.invoices_previous}</button>
                        <span>{fill(m.invoices_page, &[("page", &n.to_string())])}</span>
                        <button type="button" disabled=!p.has_next on:click=move |_| go(n + 1)>{m.invoices_next}</button>
                    </nav>
                }
            }}
        </Loaded>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn page_numbers_from_the_url() {
        for (text, n) in [("", 1), ("3", 3), ("0", 1), ("-2", 1), ("x", 1), (" 12 ", 12)] {
            assert_eq!(super::page_number(text), n, "{text:?}");
        }
    }
}

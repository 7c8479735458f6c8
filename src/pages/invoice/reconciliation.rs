//! The totals per currency of the lines shown, and whether the invoice reconciles.

use leptos::prelude::*;
use procura_partner_center as pc;
use rust_decimal::Decimal;

use crate::billing::{lines, Filter, Sum};
use crate::format;
use crate::i18n::{fill, use_i18n};

/// Totals per currency of the lines shown, and, once every line is read and none filtered
/// out, whether they add up to the invoice's total.
#[component]
pub(super) fn Reconciliation(
    totals: Memo<lines::RunningTotals>,
    done: Signal<bool>,
    /// Whether the lines are the whole invoice (every line it bills is one-time).
    reconcile: bool,
    filter: Memo<Filter>,
    invoice: StoredValue<pc::Invoice>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.locale();
        let m = i18n.m();
        let (total, cur) =
            invoice.with_value(|i| (i.total_charges, i.currency_code.to_ascii_uppercase()));
        let sum = totals.with(|t| t.sums.get(cur.as_str()).cloned().unwrap_or_default());
        let check = (reconcile && done.get() && filter.with(Filter::is_empty)).then(|| {
            let sum = sum.shown(sum.total);
            let money = |d: Decimal| format::money(locale, &d.to_string(), &cur);
            match sum {
                Some(sum) if sum == total => view! { <p class="notice ok reconciled" role="status">{fill(m.invoice_reconciled, &[("amount", &money(total))])}</p> }.into_any(),
                _ => {
                    let shown = |d: Option<Decimal>| format::sum_money(locale, d, &cur);
                    let difference = sum.and_then(|s| s.checked_sub(total));
                    view! { <p class="notice error" role="alert">{fill(m.invoice_not_reconciled, &[("sum", &shown(sum)), ("total", &money(total)), ("difference", &shown(difference))])}</p> }.into_any()
                }
            }
        });
        view! {
            <TotalsTable totals=totals/>
            {check}
        }
    }
}

/// The totals per currency of the lines shown.
#[component]
pub(super) fn TotalsTable(totals: Memo<lines::RunningTotals>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.locale();
        let m = i18n.m();
        let sums = totals.with(|t| t.sums.clone());
        view! {
            <h2>{m.invoice_totals_title}</h2>
            <div class="table-scroll">
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
                            let money = |s: Sum| format::sum_money(locale, t.shown(s), c);
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
            </div>
        }
    }
}

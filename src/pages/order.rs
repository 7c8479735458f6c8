//! One order: its line items with terms, quantities and prices, and each line's provisioning
//! status, checked with back-off until nothing is pending.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use procura_partner_center as pc;

use crate::api::use_client;
use crate::components::{for_customer, CustomerBar, FailureNotice, Loaded};
use crate::format;
use crate::hooks::{use_polling, PollOptions, PollState};
use crate::i18n::{fill, label, use_i18n, Locale};
use crate::orders::cancellation::{cancel, cancellable, window, Window};
use crate::orders::provisioning::{self, is_final, quantities, MAX_CHECKS};
use crate::orders::recent;
use crate::purchase::verdict::term_label;
use crate::purchase::CustomerRef;

use super::orders::order_total;

#[component]
pub fn OrderPage() -> AnyView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    view! {
        <section class="page order">
            <p><A href="/orders">{move || i18n.m().order_back}</A></p>
            <h1>{move || fill(i18n.m().order_title, &[("id", &id.get())])}</h1>
            {move || {
                let id = id.get();
                for_customer(move |c| view! { <OrderDetail customer=c id=id.clone()/> })
            }}
        </section>
    }
    .into_any()
}

/// Provisioning is checked at once, then with back-off until no line is pending; a failed
/// check is shown and the next one made.
const POLLING: PollOptions = PollOptions {
    delay_ms: provisioning::poll_delay_ms,
    max_checks: MAX_CHECKS,
    wait_first: false,
    stop_on_failure: false,
};

type Provisioning = PollState<Vec<pc::OrderLineItemProvisioningStatus>>;

fn status_cell(
    locale: Locale,
    p: Option<&pc::OrderLineItemProvisioningStatus>,
) -> (String, String) {
    let Some(p) = p else { return (String::new(), String::new()) };
    let by = quantities(p)
        .into_iter()
        .map(|(s, q)| {
            fill(
                locale.messages().order_quantity_in_status,
                &[
                    ("quantity", &q.to_string()),
                    ("status", &label(locale, "provisioning", s.as_wire())),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    (label(locale, "provisioning", p.status.as_wire()), by)
}

#[component]
fn OrderDetail(customer: CustomerRef, id: String) -> impl IntoView {
    let i18n = use_i18n();
    let client = StoredValue::new_local(use_client());
    let (cust, oid) = (customer.id.clone(), id.clone());
    let order = LocalResource::new(move || {
        let (c, cust, oid) = (client.get_value(), cust.clone(), oid.clone());
        async move { c.order(&cust, &oid).await }
    });
    let (cust, oid) = (customer.id.clone(), id.clone());
    let check = move || {
        let (c, cust, oid) = (client.get_value(), cust.clone(), oid.clone());
        async move { c.provisioning_status(&cust, &oid).await }
    };
    // The order's own status follows its lines (pending -> completed): read it again then.
    let state = use_polling(check, |lines| is_final(lines), POLLING, move |_| order.refetch());
    let customer_for_cancel = customer.clone();
    let cancelled = RwSignal::new(false);
    let chosen = RwSignal::new(Vec::<i64>::new());
    let cancel_failure = RwSignal::new(None::<crate::api::Failure>);
    let (cust, oid) = (customer.id.clone(), id.clone());
    let cancel_run = Action::new_local(move |picked: &Vec<pc::OrderLineItem>| {
        let (c, cust, oid, picked) =
            (client.get_value(), cust.clone(), oid.clone(), picked.clone());
        async move {
            match cancel(&c, &cust, &oid, picked).await {
                Ok(_) => {
                    cancel_failure.set(None);
                    chosen.set(Vec::new());
                    cancelled.set(true);
                    order.refetch();
                }
                Err(crate::api::Failure::Cancelled) => {}
                Err(f) => cancel_failure.set(Some(f)),
            }
        }
    });
    let is_recent = {
        let (cust, id) = (customer.id.clone(), id.clone());
        move || recent::unlisted(&cust, &[]).iter().any(|r| r.id().eq_ignore_ascii_case(&id))
    };
    view! {
        <CustomerBar customer=customer/>
        {is_recent().then(|| view! { <p class="notice">{move || i18n.m().orders_recent_hint}</p> })}
        {move || {
            let p = state.get();
            let m = i18n.m();
            match (&p.latest, p.next_wait_ms) {
                (None, _) => view! { <p class="notice" role="status">{m.order_provisioning_checking}</p> }.into_any(),
                (Some(Err(f)), _) => view! { <FailureNotice failure=f.clone()/> }.into_any(),
                (Some(Ok(_)), Some(wait)) => {
                    let (count, seconds) = (p.checks.to_string(), (wait / 1000).to_string());
                    view! {
                        <p class="notice" role="status" aria-busy="true">
                            {fill(m.order_provisioning_polling, &[("count", &count), ("seconds", &seconds)])}
                        </p>
                    }
                    .into_any()
                }
                (Some(Ok(lines)), None) if is_final(lines) => {
                    view! { <p class="notice ok" role="status">{m.order_provisioning_final}</p> }.into_any()
                }
                (Some(Ok(_)), None) => view! { <p class="notice" role="status">{m.order_provisioning_stopped}</p> }.into_any(),
            }
        }}
        <Loaded resource=order let:o>
            <OrderBody order=o.clone() state=state/>
            <Cancellation
                customer=customer_for_cancel.clone()
                order=o
                chosen=chosen
                run=cancel_run
            />
        </Loaded>
        // Outside the order's view, which is drawn anew when the order is read again (after
        // provisioning ends, or a cancellation).
        {move || cancelled.get().then(|| view! {
            <p class="notice ok" role="status">{move || i18n.m().order_cancelled}</p>
        })}
        {move || cancel_failure.get().map(|f| view! { <FailureNotice failure=f/> })}
    }
}

/// The lines of a one-time order that can still be asked to cancel, each with its window as
/// far as the catalog states it; two clicks to cancel (a choice, then a confirm).
#[component]
fn Cancellation(
    customer: CustomerRef,
    order: pc::Order,
    /// Kept by the page, so a new reading of the order keeps the choice.
    chosen: RwSignal<Vec<i64>>,
    /// The page's: a new reading of the order (which draws this anew) must not cancel it.
    run: Action<Vec<pc::OrderLineItem>, ()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let client = StoredValue::new_local(use_client());
    let lines: Vec<pc::OrderLineItem> = cancellable(&order).into_iter().cloned().collect();
    if lines.is_empty() {
        return ().into_any();
    }
    let order = StoredValue::new(order);
    let country = customer.country.clone();
    let items: Vec<String> = lines.iter().map(|l| l.offer_id.clone()).collect();
    let windows = LocalResource::new(move || {
        let (c, country, items) = (client.get_value(), country.clone(), items.clone());
        async move {
            let mut out = Vec::new();
            for item in items {
                // Unreadable availability: the window is unknown, not an error.
                out.push(c.availability(&item, &country).await.ok());
            }
            Ok::<_, crate::api::Failure>(out)
        }
    });
    let confirming = RwSignal::new(false);
    let lines = StoredValue::new(lines);
    let pick = move || -> Vec<pc::OrderLineItem> {
        lines.with_value(|ls| {
            ls.iter()
                .filter(|l| chosen.with_untracked(|ch| ch.contains(&l.line_item_number)))
                .cloned()
                .collect()
        })
    };
    view! {
        <section class="cancellation" aria-labelledby="cancel-title">
            <h2 id="cancel-title">{move || i18n.m().order_cancel_title}</h2>
            <Loaded resource=windows let:found>
                <ul class="cancel-lines">
                    {lines.get_value().into_iter().zip(found).map(|(l, availability)| {
                        let n = l.line_item_number;
                        let id = format!("cancel-line-{n}");
                        let w = order.with_value(|o| window(o, &l, availability.as_ref(), crate::browser::now_ms()));
                        let name = l.friendly_name.clone().unwrap_or_else(|| l.offer_id.clone());
                        let text = move || {
                            let (m, locale) = (i18n.m(), i18n.locale());
                            let day = |ms: i64| format::date(locale, &pc::Timestamp::from_millis(ms).to_string());
                            match w {
                                Window::Open { until_ms } => fill(m.order_cancel_until, &[("date", &day(until_ms))]),
                                Window::Passed { until_ms } => fill(m.order_cancel_passed, &[("date", &day(until_ms))]),
                                Window::Unknown => m.order_cancel_unknown.to_string(),
                            }
                        };
                        view! {
                            <li>
                                <input
                                    id=id.clone()
                                    type="checkbox"
                                    prop:checked=move || chosen.with(|c| c.contains(&n))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        confirming.set(false);
                                        chosen.update(|c| {
                                            c.retain(|x| *x != n);
                                            if on {
                                                c.push(n);
                                            }
                                        });
                                    }
                                />
                                <label for=id>{move || fill(i18n.m().order_cancel_line, &[("n", &n.to_string()), ("item", &name)])}</label>
                                <small class="muted">" "{text}</small>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </Loaded>
            {move || if confirming.get() {
                view! {
                    <button type="button" class="danger" disabled=move || run.pending().get() on:click=move |_| { run.dispatch(pick()); }>
                        {move || fill(i18n.m().order_cancel_confirm, &[("count", &chosen.with(Vec::len).to_string())])}
                    </button>
                }.into_any()
            } else {
                view! {
                    <button type="button" disabled=move || chosen.with(Vec::is_empty) on:click=move |_| confirming.set(true)>
                        {move || i18n.m().order_cancel_button}
                    </button>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

#[component]
fn OrderBody(order: pc::Order, state: RwSignal<Provisioning>) -> impl IntoView {
    let i18n = use_i18n();
    let o = StoredValue::new(order);
    move || {
        let locale = i18n.locale();
        let m = i18n.m();
        let o = o.get_value();
        let currency = o.currency_code.clone().unwrap_or_default();
        let prov = state.with(|s| s.latest.clone().and_then(Result::ok).unwrap_or_default());
        let money = |d: Option<rust_decimal::Decimal>| {
            d.map(|d| format::money(locale, &d.to_string(), &currency)).unwrap_or_default()
        };
        view! {
            <dl class="facts">
                <dt>{m.orders_col_status}</dt><dd class="order-status">{o.status.as_ref().map(|s| label(locale, "order_status", s.as_wire())).unwrap_or_default()}</dd>
                <dt>{m.orders_col_placed}</dt><dd>{o.creation_date.map(|d| format::date(locale, &d.to_string())).unwrap_or_default()}</dd>
                <dt>{m.orders_col_billing}</dt><dd>{o.billing_cycle.as_ref().map(|b| label(locale, "billing", b.as_wire())).unwrap_or_default()}</dd>
                <dt>{m.orders_col_total}</dt><dd>{order_total(locale, &o)}</dd>
            </dl>
            <h2>{m.order_lines_title}</h2>
            <div class="table-scroll">
                <table class="data order-lines">
                    <thead><tr>
                        <th scope="col" class="num">"#"</th>
                        <th scope="col">{m.order_col_item}</th>
                        <th scope="col">{m.common_term}</th>
                        <th scope="col" class="num">{m.common_quantity}</th>
                        <th scope="col" class="num">{m.common_unit_price}</th>
                        <th scope="col" class="num">{m.order_col_extended}</th>
                        <th scope="col">{m.order_col_provisioning}</th>
                        <th scope="col">{m.order_col_quantities}</th>
                    </tr></thead>
                    <tbody>
                        {o.line_items.iter().map(|l| {
                            let (status, by) = status_cell(locale, provisioning::for_line(&prov, l.line_item_number));
                            let price = l.pricing.as_ref();
                            view! {
                                <tr>
                                    <td class="num">{l.line_item_number}</td>
                                    <td>
                                        {l.friendly_name.clone().unwrap_or_default()}
                                        <br/><small class="muted">{l.offer_id.clone()}</small>
                                        {l.parent_subscription_id.clone().map(|p| view! { <br/><small class="muted">{fill(m.order_addon_of, &[("subscription", &p)])}</small> })}
                                        {l.partner_id_on_record.clone().map(|r| view! { <br/><small class="muted">{fill(m.order_reseller, &[("id", &r)])}</small> })}
                                    </td>
                                    <td>{term_label(locale, l.term_duration.as_deref())}</td>
                                    <td class="num">{l.quantity}</td>
                                    <td class="num">{money(price.and_then(|p| p.price.or(p.list_price)))}</td>
                                    <td class="num">{money(price.and_then(|p| p.extended_price))}</td>
                                    <td class="provisioning">{status}</td>
                                    <td>{by}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
    }
}

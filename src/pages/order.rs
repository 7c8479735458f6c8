//! One order: its line items with terms, quantities and prices, and each line's provisioning
//! status, checked with back-off until nothing is pending.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use procura_partner_center as pc;

use crate::api::{use_client, Client, Failure};
use crate::browser;
use crate::components::{for_customer, CustomerBar, FailureNotice, Loading};
use crate::format;
use crate::i18n::{fill, label, use_i18n, Locale};
use crate::orders::provisioning::{self, is_final, poll_delay_ms, quantities, MAX_CHECKS};
use crate::orders::recent;
use crate::purchase::verdict::term_label;
use crate::purchase::CustomerRef;

use super::orders::order_total;

#[component]
pub fn OrderPage() -> impl IntoView {
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
}

/// What the provisioning poll knows: the latest answer, how many checks, the next wait.
#[derive(Clone, Default)]
struct Provisioning {
    lines: Option<Result<Vec<pc::OrderLineItemProvisioningStatus>, Failure>>,
    checks: u32,
    next_wait_ms: Option<u64>,
}

/// Checks provisioning until final (or [`MAX_CHECKS`]), backing off; stops when the page
/// is left (the client's requests are cancelled, and the signals are gone).
fn follow(
    client: Client,
    customer: String,
    id: String,
    state: RwSignal<Provisioning>,
    order: LocalResource<Result<pc::Order, Failure>>,
) {
    leptos::task::spawn_local(async move {
        let mut check = 0u32;
        loop {
            let answer = client.provisioning_status(&customer, &id).await;
            if matches!(answer, Err(Failure::Cancelled)) {
                return;
            }
            let done = answer.as_ref().is_ok_and(|l| is_final(l)) || check + 1 >= MAX_CHECKS;
            let wait = (!done).then(|| poll_delay_ms(check));
            let alive = state
                .try_set(Provisioning {
                    lines: Some(answer),
                    checks: check + 1,
                    next_wait_ms: wait,
                })
                .is_none();
            if !alive {
                return;
            }
            let Some(wait) = wait else {
                // The order's own status follows its lines (pending -> completed).
                order.refetch();
                return;
            };
            browser::sleep_ms(wait).await;
            check += 1;
        }
    });
}

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
    let client = use_client();
    let (c1, cust, oid) = (client.clone(), customer.id.clone(), id.clone());
    let order = LocalResource::new(move || {
        let (c, cust, oid) = (c1.clone(), cust.clone(), oid.clone());
        async move { c.order(&cust, &oid).await }
    });
    let state = RwSignal::new(Provisioning::default());
    follow(client, customer.id.clone(), id.clone(), state, order);
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
            match (&p.lines, p.next_wait_ms) {
                (None, _) => view! { <p class="notice" role="status">{m.order_provisioning_checking}</p> }.into_any(),
                (Some(Err(f)), _) => view! { <FailureNotice failure=f.clone()/> }.into_any(),
                (Some(Ok(_)), Some(wait)) => view! {
                    <p class="notice" role="status" aria-busy="true">
                        {fill(m.order_provisioning_polling, &[("count", &p.checks.to_string()), ("seconds", &(wait / 1000).to_string())])}
                    </p>
                }.into_any(),
                (Some(Ok(lines)), None) if is_final(lines) => view! { <p class="notice ok" role="status">{m.order_provisioning_final}</p> }.into_any(),
                (Some(Ok(_)), None) => view! { <p class="notice" role="status">{m.order_provisioning_stopped}</p> }.into_any(),
            }
        }}
        {move || match order.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(f)) => view! { <FailureNotice failure=f retry=move |_| order.refetch()/> }.into_any(),
            Some(Ok(o)) => view! { <OrderBody order=o state=state/> }.into_any(),
        }}
    }
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
        let prov = state.with(|s| s.lines.clone().and_then(Result::ok).unwrap_or_default());
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
        }
    }
}

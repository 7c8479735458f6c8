//! Orders: the chosen customer's orders, all or one-time apart from recurring, sorted by date
//! or status, with the orders placed here that Partner Center does not list yet.

use leptos::prelude::*;
use leptos_router::components::A;
use procura_partner_center as pc;

use crate::api::use_client;
use crate::components::{for_customer, CustomerBar, Loaded};
use crate::format;
use crate::hooks::use_query_value;
use crate::i18n::{label, use_i18n, Messages};
use crate::orders::listing::{merge, sort};
use crate::orders::{recent, BillingView, SortBy};
use crate::purchase::CustomerRef;

fn view_label(m: &Messages, v: BillingView) -> &'static str {
    match v {
        BillingView::All => m.orders_view_all,
        BillingView::OneTime => m.orders_view_one_time,
        BillingView::Recurring => m.orders_view_recurring,
    }
}

fn sort_label(m: &Messages, s: SortBy) -> &'static str {
    match s {
        SortBy::Newest => m.orders_sort_newest,
        SortBy::Oldest => m.orders_sort_oldest,
        SortBy::Status => m.orders_sort_status,
    }
}

/// An order's total in its currency, when the service gave one.
pub fn order_total(locale: crate::i18n::Locale, o: &pc::Order) -> String {
    match (o.total_price, o.currency_code.as_deref()) {
        (Some(t), Some(c)) => format::money(locale, &t.to_string(), c),
        _ => String::new(),
    }
}

#[component]
pub fn OrdersPage() -> AnyView {
    let i18n = use_i18n();
    view! {
        <section class="page orders">
            <h1>{move || i18n.m().orders_title}</h1>
            <p>{move || i18n.m().orders_intro}</p>
            {for_customer(|c| view! { <OrderList customer=c/> })}
        </section>
    }
    .into_any()
}

/// The order list. The billing view and the sort are in the URL (`?billing=…&sort=…`), so
/// a reload or Back from an order keeps them.
#[component]
fn OrderList(customer: CustomerRef) -> impl IntoView {
    let i18n = use_i18n();
    let client = StoredValue::new_local(use_client());
    let (billing, set_billing) =
        use_query_value("billing", BillingView::from_key, |v| v.key(), BillingView::All);
    let (sort_by, set_sort) =
        use_query_value("sort", SortBy::from_key, |s| s.key(), SortBy::Newest);
    let id = customer.id.clone();
    let listed = LocalResource::new(move || {
        let (c, id, view) = (client.get_value(), id.clone(), billing.get());
        async move {
            let list = match view.billing_type() {
                Some(t) => c.orders_by_billing(&id, t).await?,
                None => c.orders(&id).await?,
            };
            let ids: Vec<&str> = list.iter().filter_map(|o| o.id.as_deref()).collect();
            let unlisted = recent::unlisted(&id, &ids);
            Ok(merge(list, &unlisted, view))
        }
    });
    view! {
        <CustomerBar customer=customer/>
        <div class="toolbar">
            <label for="orders-billing">{move || i18n.m().orders_view_label}</label>
            <select id="orders-billing" on:change=move |ev| set_billing.run(BillingView::from_key(&event_target_value(&ev)))>
                {BillingView::ALL.into_iter().map(|v| view! {
                    <option value=v.key() selected=move || billing.get() == v>{move || view_label(i18n.m(), v)}</option>
                }).collect_view()}
            </select>
            <label for="orders-sort">{move || i18n.m().orders_sort_label}</label>
            <select id="orders-sort" on:change=move |ev| set_sort.run(SortBy::from_key(&event_target_value(&ev)))>
                {SortBy::ALL.into_iter().map(|s| view! {
                    <option value=s.key() selected=move || sort_by.get() == s>{move || sort_label(i18n.m(), s)}</option>
                }).collect_view()}
            </select>
            <button type="button" on:click=move |_| listed.refetch()>{move || i18n.m().orders_refresh}</button>
        </div>
        <p class="hint">{move || i18n.m().orders_list_delay}</p>
        <Loaded resource=listed let:rows>
            {move || {
                let mut rows = rows.clone();
                if rows.is_empty() {
                    return view! { <p class="notice">{move || i18n.m().orders_none}</p> }.into_any();
                }
                sort(&mut rows, sort_by.get());
                let locale = i18n.locale();
                let m = i18n.m();
                view! {
                    <div class="table-scroll">
                        <table class="data orders-table">
                            <thead><tr>
                                <th scope="col">{m.orders_col_order}</th>
                                <th scope="col">{m.orders_col_placed}</th>
                                <th scope="col">{m.orders_col_billing}</th>
                                <th scope="col">{m.orders_col_status}</th>
                                <th scope="col" class="num">{m.orders_col_lines}</th>
                                <th scope="col" class="num">{m.orders_col_total}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|r| {
                                    let o = r.order;
                                    let id = o.id.clone().unwrap_or_default();
                                    let placed = o.creation_date.map(|d| format::date(locale, &d.to_string())).unwrap_or_default();
                                    let cycle = o.billing_cycle.as_ref().map(|b| label(locale, "billing", b.as_wire())).unwrap_or_default();
                                    let status = o.status.as_ref().map(|s| label(locale, "order_status", s.as_wire())).unwrap_or_default();
                                    view! {
                                        <tr class:recent=r.recent>
                                            <td>
                                                <A href=format!("/orders/{id}")>{id.clone()}</A>
                                                {r.recent.then(|| view! { " " <span class="badge" title=m.orders_recent_hint>{m.orders_recent}</span> })}
                                            </td>
                                            <td>{placed}</td>
                                            <td>{cycle}</td>
                                            <td>{status}</td>
                                            <td class="num">{o.line_items.len()}</td>
                                            <td class="num">{order_total(locale, &o)}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </Loaded>
    }
}

//! Entitlements: what the chosen customer is entitled to, each linked to the order that
//! created it, with the reservation's details (reservation order, scope, expiry) for Azure
//! reservations.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos_router::components::A;
use procura_partner_center as pc;

use crate::api::{use_client, Client, Failure};
use crate::components::{for_customer, CustomerBar, FailureNotice, Loading};
use crate::format;
use crate::i18n::{label, use_i18n};
use crate::purchase::CustomerRef;

/// An entitlement as shown: its name (from the order line that bought it) and, for a
/// reservation, the details behind its artifact link.
#[derive(Clone)]
struct Entry {
    entitlement: pc::Entitlement,
    name: Option<String>,
    reservation: Option<Result<pc::ReservedInstanceArtifactDetails, Failure>>,
}

async fn load(client: &Client, customer: &str) -> Result<Vec<Entry>, Failure> {
    let list = client.entitlements(customer).await?;
    // Names come from the orders' lines: one read per order, not per entitlement.
    let mut orders: HashMap<String, Option<pc::Order>> = HashMap::new();
    let mut out = Vec::new();
    for e in list {
        let mut name = None;
        if let Some(r) = &e.reference_order {
            if !orders.contains_key(&r.id) {
                let o = match client.order(customer, &r.id).await {
                    Ok(o) => Some(o),
                    Err(Failure::Cancelled) => return Err(Failure::Cancelled),
                    Err(_) => None,
                };
                orders.insert(r.id.clone(), o);
            }
            name = orders[&r.id]
                .as_ref()
                .and_then(|o| {
                    o.line_items.iter().find(|l| l.line_item_number.to_string() == r.line_item_id)
                })
                .and_then(|l| l.friendly_name.clone());
        }
        let mut reservation = None;
        if let Some(link) = e
            .entitled_artifacts
            .iter()
            .find(|a| a.artifact_type.eq_ignore_ascii_case("reservedinstance"))
            .and_then(|a| a.link.as_ref())
        {
            reservation = Some(client.artifact_details(&link.uri).await);
        }
        out.push(Entry { entitlement: e, name, reservation });
    }
    Ok(out)
}

#[component]
pub fn EntitlementsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page entitlements">
            <h1>{move || i18n.m().entitlements_title}</h1>
            <p>{move || i18n.m().entitlements_intro}</p>
            {for_customer(|c| view! { <Entitlements customer=c/> })}
        </section>
    }
}

#[component]
fn Entitlements(customer: CustomerRef) -> impl IntoView {
    let i18n = use_i18n();
    let client = use_client();
    let id = customer.id.clone();
    let entries = LocalResource::new(move || {
        let (c, id) = (client.clone(), id.clone());
        async move { load(&c, &id).await }
    });
    view! {
        <CustomerBar customer=customer/>
        {move || match entries.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(f)) => view! { <FailureNotice failure=f retry=move |_| entries.refetch()/> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p class="notice">{move || i18n.m().entitlements_none}</p> }.into_any(),
            Some(Ok(list)) => {
                let locale = i18n.locale();
                let m = i18n.m();
                let date = move |t: Option<pc::Timestamp>| format::timestamp(locale, t);
                view! {
                    <table class="data entitlements-table">
                        <thead><tr>
                            <th scope="col">{m.entitlements_col_product}</th>
                            <th scope="col">{m.entitlements_col_type}</th>
                            <th scope="col" class="num">{m.common_quantity}</th>
                            <th scope="col">{m.entitlements_col_expiry}</th>
                            <th scope="col">{m.entitlements_col_order}</th>
                            <th scope="col">{m.entitlements_col_reservation}</th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|entry| {
                                let e = entry.entitlement;
                                let order = e.reference_order.clone();
                                view! {
                                    <tr>
                                        <td>
                                            {entry.name.clone().unwrap_or_else(|| format!("{} / {}", e.product_id, e.sku_id))}
                                            <br/><small class="muted">{format!("{}:{}", e.product_id, e.sku_id)}</small>
                                        </td>
                                        <td>{label(locale, "entitlement_type", &e.entitlement_type)}</td>
                                        <td class="num">{e.quantity}</td>
                                        <td>{date(e.expiry_date).unwrap_or_else(|| m.entitlements_no_expiry.to_string())}</td>
                                        <td>{order.map(|o| view! { <A href=format!("/orders/{}", o.id)>{o.id.clone()}</A> })}</td>
                                        <td>{entry.reservation.map(|r| match r {
                                            Err(f) => view! { <FailureNotice failure=f/> }.into_any(),
                                            Ok(details) => view! {
                                                <dl class="reservation">
                                                    {details.all_reservations().map(|r| {
                                                        let scope = r.scope_type.as_deref().map(|s| label(locale, "scope", s)).unwrap_or_default();
                                                        let applied = r.applied_scopes.clone().unwrap_or_default().join(", ");
                                                        let order_id = e.entitled_artifacts.iter().find_map(|a| a.resource_id.clone()).unwrap_or_default();
                                                        view! {
                                                            <dt>{m.entitlements_reservation_order}</dt><dd class="mono">{order_id}</dd>
                                                            <dt>{m.entitlements_scope}</dt><dd>{scope}{(!applied.is_empty()).then(|| format!(" ({applied})"))}</dd>
                                                            <dt>{m.entitlements_reservation_expiry}</dt><dd>{date(r.expiry_date_time).unwrap_or_default()}</dd>
                                                        }
                                                    }).collect_view()}
                                                </dl>
                                            }.into_any(),
                                        })}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }
        }}
    }
}

//! Entitlements: what the chosen customer is entitled to, each linked to the order that
//! created it, with the reservation's details (reservation order, scope, expiry) for Azure
//! reservations.

use leptos::prelude::*;
use leptos_router::components::A;
use procura_partner_center as pc;

use crate::api::use_client;
use crate::components::{for_customer, CustomerBar, FailureNotice, Loaded};
use crate::format;
use crate::i18n::{label, use_i18n};
use crate::orders::entitlements::{named_entitlements, NamedEntitlement};
use crate::purchase::CustomerRef;

#[component]
pub fn EntitlementsPage() -> AnyView {
    let i18n = use_i18n();
    view! {
        <section class="page entitlements">
            <h1>{move || i18n.m().entitlements_title}</h1>
            <p>{move || i18n.m().entitlements_intro}</p>
            {for_customer(|c| view! { <Entitlements customer=c/> })}
        </section>
    }
    .into_any()
}

#[component]
fn Entitlements(customer: CustomerRef) -> impl IntoView {
    let i18n = use_i18n();
    let client = use_client();
    let id = customer.id.clone();
    let entries = LocalResource::new(move || {
        let (c, id) = (client.clone(), id.clone());
        async move { named_entitlements(&c, &id).await }
    });
    view! {
        <CustomerBar customer=customer/>
        <Loaded resource=entries let:list>
            {if list.is_empty() {
                view! { <p class="notice">{move || i18n.m().entitlements_none}</p> }.into_any()
            } else {
                view! { <EntitlementTable list=list/> }.into_any()
            }}
        </Loaded>
    }
}

#[component]
fn EntitlementTable(list: Vec<NamedEntitlement>) -> impl IntoView {
    let i18n = use_i18n();
    let list = StoredValue::new(list);
    // Rebuilt when the language changes.
    move || {
        let locale = i18n.locale();
        let m = locale.messages();
        let date = move |t: Option<pc::Timestamp>| format::timestamp(locale, t);
        view! {
            <div class="table-scroll">
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
                        {list.get_value().into_iter().map(|entry| {
                            let title = entry.title();
                            let reservation_order = entry.reservation_order().unwrap_or_default();
                            let e = entry.entitlement;
                            let order = e.reference_order.clone();
                            let expiry = date(e.expiry_date).unwrap_or_else(|| m.entitlements_no_expiry.to_string());
                            view! {
                                <tr>
                                    <td>
                                        {title}
                                        <br/><small class="muted">{format!("{}:{}", e.product_id, e.sku_id)}</small>
                                    </td>
                                    <td>{label(locale, "entitlement_type", &e.entitlement_type)}</td>
                                    <td class="num">{e.quantity}</td>
                                    <td>{expiry}</td>
                                    <td>{order.map(|o| view! { <A href=format!("/orders/{}", o.id)>{o.id.clone()}</A> })}</td>
                                    <td>{entry.reservation.map(|r| match r {
                                        Err(f) => view! { <FailureNotice failure=f/> }.into_any(),
                                        Ok(details) => view! {
                                            <dl class="reservation">
                                                {details.all_reservations().map(|r| {
                                                    let scope = r.scope_type.as_deref().map(|s| label(locale, "scope", s)).unwrap_or_default();
                                                    let applied = r.applied_scopes.clone().unwrap_or_default().join(", ");
                                                    view! {
                                                        <dt>{m.entitlements_reservation_order}</dt>
                                                        <dd class="mono">{reservation_order.clone()}</dd>
                                                        <dt>{m.entitlements_scope}</dt>
                                                        <dd>{scope}{(!applied.is_empty()).then(|| format!(" ({applied})"))}</dd>
                                                        <dt>{m.entitlements_reservation_expiry}</dt>
                                                        <dd>{date(r.expiry_date_time).unwrap_or_default()}</dd>
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
            </div>
        }
    }
}

//! Add-ons: for one of the customer's subscriptions, the add-ons that fit it. A new-commerce
//! add-on goes into the cart; a traditional one is bought through `purchase::addon` (an order
//! update sent once, its request id recorded before it goes).

use leptos::prelude::*;
use leptos_router::components::A;
use procura_partner_center as pc;
use procura_rules as rules;

use crate::api::{use_client, Failure};
use crate::components::{
    focused_heading, for_customer, CustomerBar, FailureNotice, FindingList, Loaded, ResellerField,
};
use crate::i18n::{fill, use_i18n};
use crate::purchase::addon::{
    addon_line, addon_offers, availability_of, buy_addon, fitting_parents, route,
    subscription_name, AddonOffer, Route,
};
use crate::purchase::verdict::{billing_label, term_label};
use crate::purchase::{CustomerRef, DraftLine};
use crate::state::use_purchase;

#[component]
pub fn AddonsPage() -> AnyView {
    let i18n = use_i18n();
    view! {
        <section class="page addons">
            <h1>{move || i18n.m().addons_title}</h1>
            {for_customer(|c| view! { <Addons customer=c/> })}
        </section>
    }
    .into_any()
}

#[component]
fn Addons(customer: CustomerRef) -> impl IntoView {
    let i18n = use_i18n();
    let client = StoredValue::new_local(use_client());
    let id = customer.id.clone();
    let subscriptions = LocalResource::new(move || {
        let (c, id) = (client.get_value(), id.clone());
        async move { c.subscriptions(&id).await.map(fitting_parents) }
    });
    let selected = RwSignal::new(None::<pc::Subscription>);
    let customer = StoredValue::new(customer);
    view! {
        <CustomerBar customer=customer.get_value()/>
        <h2>{move || i18n.m().addons_subscriptions_title}</h2>
        <Loaded resource=subscriptions let:list>
            {if list.is_empty() {
                view! { <p class="notice">{move || i18n.m().addons_no_subscriptions}</p> }.into_any()
            } else {
                view! {
                    <ul class="subscriptions">
                        {list.into_iter().map(|s| {
                            let name = subscription_name(&s);
                            let text = format!("{name} · {} · {}", s.quantity, s.id);
                            view! {
                                <li>
                                    <span>{text}</span>" "
                                    <button type="button" on:click=move |_| selected.set(Some(s.clone()))>
                                        {move || fill(i18n.m().addons_choose_subscription, &[("name", &name)])}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </Loaded>
        {move || selected.get().map(|s| view! { <AddonForm customer=customer.get_value() parent=s/> })}
    }
}

#[component]
fn AddonForm(customer: CustomerRef, parent: pc::Subscription) -> impl IntoView {
    let i18n = use_i18n();
    let client = StoredValue::new_local(use_client());
    let name = subscription_name(&parent);
    let customer = StoredValue::new(customer);
    let parent = StoredValue::new(parent);
    let offers = LocalResource::new(move || {
        let (c, cust, p) = (client.get_value(), customer.get_value(), parent.get_value());
        async move { addon_offers(&c, &cust, &p).await }
    });
    // Opening it moves focus to its heading (the next step).
    let heading = focused_heading();
    view! {
        <section class="addon-form">
            <h2 tabindex="-1" node_ref=heading>{move || fill(i18n.m().addons_addons_title, &[("name", &name)])}</h2>
            <Loaded resource=offers let:list>
                {if list.is_empty() {
                    view! { <p class="notice">{move || i18n.m().addons_no_addons}</p> }.into_any()
                } else {
                    view! { <Buy customer=customer.get_value() parent=parent.get_value() offers=list/> }.into_any()
                }}
            </Loaded>
        </section>
    }
}

#[component]
fn Buy(customer: CustomerRef, parent: pc::Subscription, offers: Vec<AddonOffer>) -> impl IntoView {
    let i18n = use_i18n();
    let client = StoredValue::new_local(use_client());
    let offer_ix = RwSignal::new(0usize);
    let quantity = RwSignal::new("1".to_string());
    let reseller = RwSignal::new(None::<String>);
    let parent_term = parent.term_duration.clone();
    let parent_billing =
        parent.billing_cycle.as_ref().map(|b| b.as_wire().to_string()).unwrap_or_default();
    let offers = StoredValue::new(offers);
    let parent = StoredValue::new(parent);
    let purchase = use_purchase();
    // The chosen add-on with its availability in the customer's market, read when chosen.
    let who = StoredValue::new(customer.clone());
    let chosen = LocalResource::new(move || {
        let offer = offers.with_value(|o| o.get(offer_ix.get()).cloned());
        let (c, cust) = (client.get_value(), who.get_value());
        async move {
            match offer {
                Some(o) => availability_of(&c, &cust, o).await,
                None => Ok(None),
            }
        }
    });
    let ready = move || chosen.get().is_some_and(|r| matches!(r, Ok(Some(_))));
    let line = Memo::new(move |_| {
        let q = quantity.get();
        let Some(Ok(Some(offer))) = chosen.get() else { return DraftLine::default() };
        let l = parent.with_value(|p| addon_line(&offer, p, &q));
        DraftLine { reseller: reseller.get(), ..l }
    });
    let country = customer.country.clone();
    let verdict = Memo::new(move |_| {
        let partner = purchase.partner.get();
        line.with(|l| rules::check(&l.intent(&country, partner)))
    });
    let customer_id = StoredValue::new(customer.id);
    let to_cart = parent.with_value(route) == Route::Cart;
    let added = RwSignal::new(None::<String>);
    let add_to_cart = move |_| {
        let l = line.get_untracked();
        let name = l.sku_title.clone();
        purchase.edit(|d| d.add(l));
        added.set(Some(name));
    };
    let buy = Action::new_local(move |_: &()| {
        let (c, cust, p, l) =
            (client.get_value(), customer_id.get_value(), parent.get_value(), line.get_untracked());
        async move { buy_addon(&c, &cust, &p, l.clone()).await.map(|o| (o, l)) }
    });
    view! {
        <form class="buy" on:submit=|ev| ev.prevent_default()>
            <label for="addon-offer">{move || i18n.m().nav_addons}</label>
            <select id="addon-offer" on:change=move |ev| offer_ix.set(event_target_value(&ev).parse().unwrap_or(0))>
                {offers.with_value(|o| o.iter().enumerate().map(|(i, o)| {
                    let text = if o.product.title == o.sku.title {
                        o.sku.title.clone()
                    } else {
                        format!("{} · {}", o.product.title, o.sku.title)
                    };
                    view! { <option value=i.to_string()>{text}</option> }
                }).collect_view())}
            </select>
            <p>
                {move || {
                    let term = term_label(i18n.locale(), parent_term.as_deref());
                    let billing = billing_label(i18n.locale(), &parent_billing);
                    fill(i18n.m().addons_parent_terms, &[("term", &term), ("billing", &billing)])
                }}
            </p>
            {move || match chosen.get() {
                Some(Ok(None)) => view! { <p class="notice">{move || i18n.m().addons_not_sold}</p> }.into_any(),
                Some(Err(f)) => view! { <FailureNotice failure=f/> }.into_any(),
                _ => ().into_any(),
            }}
            <label for="addon-quantity">{move || i18n.m().common_quantity}</label>
            <input
                id="addon-quantity"
                type="number"
                inputmode="numeric"
                min="1"
                prop:value=quantity
                on:input=move |ev| quantity.set(event_target_value(&ev))
            />
            <ResellerField
                id="addon-reseller".to_string()
                value=None
                on_change=Callback::new(move |r| reseller.set(r))
                live=true
            />
            <section class="verdict" aria-live="polite">
                <h3>{move || i18n.m().catalog_verdict_title}</h3>
                {move || {
                    let f = verdict.with(|v| v.findings.clone());
                    if f.is_empty() {
                        view! { <p class="notice ok">{move || i18n.m().catalog_verdict_ok}</p> }.into_any()
                    } else {
                        view! { <FindingList findings=f/> }.into_any()
                    }
                }}
            </section>
            {if to_cart {
                view! {
                    <p class="notice">{move || i18n.m().addons_through_cart}</p>
                    <button
                        type="button"
                        class="primary"
                        disabled=move || !ready() || verdict.with(|v| v.is_blocked())
                        on:click=add_to_cart
                    >
                        {move || i18n.m().catalog_add}
                    </button>
                    {move || added.get().map(|name| view! {
                        <p class="notice ok" role="status">
                            {move || fill(i18n.m().catalog_added, &[("item", &name)])}" "
                            <A href="/cart">{move || i18n.m().catalog_view_cart}</A>
                        </p>
                    })}
                }.into_any()
            } else {
                view! {
                    <button
                        type="button"
                        class="primary"
                        disabled=move || !ready() || buy.pending().get() || verdict.with(|v| v.is_blocked())
                        on:click=move |_| {
                            buy.dispatch(());
                        }
                    >
                        {move || i18n.m().addons_buy}
                    </button>
                }.into_any()
            }}
            {move || match buy.value().get() {
                None | Some(Err(Failure::Cancelled)) => ().into_any(),
                Some(Err(f)) => view! { <FailureNotice failure=f/> }.into_any(),
                Some(Ok((order, l))) => {
                    let id = order.id.clone().unwrap_or_default();
                    let href = format!("/orders/{id}");
                    let quantity = l.quantity.to_string();
                    view! {
                        <p class="notice ok" role="status">
                            {move || fill(i18n.m().addons_bought, &[("item", &l.sku_title), ("quantity", &quantity), ("order", &id)])}" "
                            <A href=href>{move || i18n.m().nav_orders}</A>
                        </p>
                    }
                    .into_any()
                }
            }}
        </form>
    }
}

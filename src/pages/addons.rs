//! Add-ons: for one of the customer's subscriptions, the add-ons that fit it, bought by a
//! PATCH of the order that bought the subscription, with a line naming `parentSubscriptionId`.

use leptos::prelude::*;
use leptos_router::components::A;
use procura_partner_center as pc;
use procura_rules as rules;

use crate::api::endpoints::is_azure;
use crate::api::{use_client, Client, Failure};
use crate::browser;
use crate::components::{
    focused_heading, for_customer, CustomerBar, FailureNotice, FindingList, Loading,
};
use crate::i18n::{fill, use_i18n};
use crate::purchase::facts::{self, LineFacts};
use crate::purchase::verdict::{billing_label, term_label};
use crate::purchase::{CustomerRef, DraftLine};

#[component]
pub fn AddonsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page addons">
            <h1>{move || i18n.m().addons_title}</h1>
            {for_customer(|c| view! { <Addons customer=c/> })}
        </section>
    }
}

/// An add-on offer in the customer's market.
#[derive(Clone, Debug)]
struct Offer {
    product: pc::Product,
    sku: pc::Sku,
    availability: pc::Availability,
}

async fn addon_offers(client: &Client, customer: &CustomerRef) -> Result<Vec<Offer>, Failure> {
    let mut out = Vec::new();
    for product in client.products(&customer.country, "OnlineServices").await? {
        if facts::product_kind(&product) != rules::ProductKind::AddOn {
            continue;
        }
        for sku in client.skus(&product.id, &customer.country).await? {
            if let Some(availability) = client
                .customer_availabilities(&customer.id, &product.id, &sku.id)
                .await?
                .into_iter()
                .next()
            {
                out.push(Offer { product: product.clone(), sku, availability });
            }
        }
    }
    Ok(out)
}

#[component]
fn Addons(customer: CustomerRef) -> impl IntoView {
    let i18n = use_i18n();
    let client = use_client();
    let c1 = client.clone();
    let id = customer.id.clone();
    let subscriptions = LocalResource::new(move || {
        let (c, id) = (c1.clone(), id.clone());
        async move { c.subscriptions(&id).await }
    });
    let selected = RwSignal::new(None::<pc::Subscription>);
    let customer = StoredValue::new(customer);
    let client = StoredValue::new_local(client);
    view! {
        <CustomerBar customer=customer.get_value()/>
        <h2>{move || i18n.m().addons_subscriptions_title}</h2>
        {move || match subscriptions.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(f)) => view! { <FailureNotice failure=f retry=move |_| subscriptions.refetch()/> }.into_any(),
            Some(Ok(list)) => {
                let fitting: Vec<pc::Subscription> = list.into_iter().filter(|s| s.status == pc::SubscriptionStatus::Active && !is_azure(s) && s.parent_subscription_id.is_none()).collect();
                if fitting.is_empty() {
                    view! { <p class="notice">{move || i18n.m().addons_no_subscriptions}</p> }.into_any()
                } else {
                    view! {
                        <ul class="subscriptions">
                            {fitting.into_iter().map(|s| {
                                let name = s.friendly_name.clone().or(s.offer_name.clone()).unwrap_or_else(|| s.offer_id.clone());
                                let sub = s.clone();
                                view! {
                                    <li>
                                        <span>{format!("{name} · {} · {}", s.quantity, s.id)}</span>" "
                                        <button type="button" on:click=move |_| selected.set(Some(sub.clone()))>
                                            {move || fill(i18n.m().addons_choose_subscription, &[("name", &name)])}
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }
        }}
        {move || selected.get().map(|s| view! { <AddonForm customer=customer.get_value() parent=s client=client.get_value()/> })}
    }
}

#[component]
fn AddonForm(customer: CustomerRef, parent: pc::Subscription, client: Client) -> impl IntoView {
    let i18n = use_i18n();
    let parent_name = parent
        .friendly_name
        .clone()
        .or(parent.offer_name.clone())
        .unwrap_or_else(|| parent.offer_id.clone());
    let c1 = client.clone();
    let cust = customer.clone();
    let offers = LocalResource::new(move || {
        let (c, cust) = (c1.clone(), cust.clone());
        async move { addon_offers(&c, &cust).await }
    });
    // Opening it moves focus to its heading (the next step).
    let heading = focused_heading();
    let name = parent_name.clone();
    let customer = StoredValue::new(customer);
    let parent = StoredValue::new(parent);
    let client = StoredValue::new_local(client);
    view! {
        <section class="addon-form">
            <h2 tabindex="-1" node_ref=heading>{move || fill(i18n.m().addons_addons_title, &[("name", &name)])}</h2>
            {move || match offers.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(f)) => view! { <FailureNotice failure=f retry=move |_| offers.refetch()/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="notice">{move || i18n.m().addons_no_addons}</p> }.into_any(),
                Some(Ok(list)) => view! { <Buy customer=customer.get_value() parent=parent.get_value() offers=list client=client.get_value()/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Buy(
    customer: CustomerRef,
    parent: pc::Subscription,
    offers: Vec<Offer>,
    client: Client,
) -> impl IntoView {
    let i18n = use_i18n();
    let offer_ix = RwSignal::new(0usize);
    let offers = StoredValue::new(offers);
    let quantity = RwSignal::new("1".to_string());
    let parent_v = StoredValue::new(parent.clone());
    let country = customer.country.clone();
    let line = Memo::new(move |_| {
        let o = offers.with_value(|o| o.get(offer_ix.get()).or(o.first()).cloned());
        let p = parent_v.get_value();
        let Some(o) = o else { return DraftLine::default() };
        let mut provisioning = std::collections::BTreeMap::new();
        provisioning.insert("parentSubscriptionId".to_string(), p.id.clone());
        DraftLine {
            catalog_item_id: o.availability.catalog_item_id.clone(),
            product_title: o.product.title.clone(),
            sku_title: o.sku.title.clone(),
            kind: rules::ProductKind::AddOn.name().to_string(),
            quantity: quantity.get().trim().parse().unwrap_or(0),
            term: p.term_duration.clone(),
            billing: p.billing_cycle.as_ref().map(|b| b.as_wire().to_string()),
            provisioning,
            facts: LineFacts::of(&o.sku, &o.availability),
            ..Default::default()
        }
    });
    let country = StoredValue::new(country);
    let findings = move || country.with_value(|c| rules::check(&line.get().intent(c)).findings);
    let cust_id = customer.id.clone();
    let buy = Action::new_local(move |_: &()| {
        let (c, cust, p, l) =
            (client.clone(), cust_id.clone(), parent_v.get_value(), line.get_untracked());
        async move {
            let order_id = p.order_id.clone().unwrap_or_default();
            let body = pc::Order {
                line_items: vec![pc::OrderLineItem {
                    line_item_number: 0,
                    offer_id: l.catalog_item_id.clone(),
                    parent_subscription_id: Some(p.id.clone()),
                    friendly_name: Some(l.sku_title.clone()),
                    quantity: l.quantity,
                    term_duration: l.term.clone(),
                    ..Default::default()
                }],
                ..Default::default()
            };
            c.in_flow()
                .patch_order(&cust, &order_id, &body, &browser::new_uuid())
                .await
                .map(|o| (o, l))
        }
    });
    let parent_term = parent.term_duration.clone();
    let parent_billing =
        parent.billing_cycle.as_ref().map(|b| b.as_wire().to_string()).unwrap_or_default();
    view! {
        <form class="buy" on:submit=|ev| ev.prevent_default()>
            <label for="addon-offer">{move || i18n.m().nav_addons}</label>
            <select id="addon-offer" on:change=move |ev| offer_ix.set(event_target_value(&ev).parse().unwrap_or(0))>
                {offers.with_value(|o| o.iter().enumerate().map(|(i, o)| view! { <option value=i.to_string()>{format!("{} · {}", o.product.title, o.sku.title)}</option> }).collect_view())}
            </select>
            <p>{move || fill(i18n.m().addons_parent_terms, &[("term", &term_label(i18n.locale(), parent_term.as_deref())), ("billing", &billing_label(i18n.locale(), &parent_billing))])}</p>
            <label for="addon-quantity">{move || i18n.m().common_quantity}</label>
            <input id="addon-quantity" type="number" inputmode="numeric" min="1" prop:value=quantity on:input=move |ev| quantity.set(event_target_value(&ev))/>
            <section class="verdict" aria-live="polite">
                <h3>{move || i18n.m().catalog_verdict_title}</h3>
                {move || {
                    let f = findings();
                    if f.is_empty() { view! { <p class="notice ok">{move || i18n.m().catalog_verdict_ok}</p> }.into_any() } else { view! { <FindingList findings=f/> }.into_any() }
                }}
            </section>
            <button type="button" class="primary" disabled=move || buy.pending().get() || line.with(|l| country.with_value(|c| rules::check(&l.intent(c)).is_blocked()))
                on:click=move |_| { buy.dispatch(()); }>
                {move || i18n.m().addons_buy}
            </button>
            {move || match buy.value().get() {
                None => ().into_any(),
                Some(Err(f)) => view! { <FailureNotice failure=f/> }.into_any(),
                Some(Ok((order, l))) => {
                    let id = order.id.clone().unwrap_or_default();
                    let href = format!("/orders/{id}");
                    view! {
                        <p class="notice ok" role="status">
                            {move || fill(i18n.m().addons_bought, &[("item", &l.sku_title), ("quantity", &l.quantity.to_string()), ("order", &id)])}" "
                            <A href=href>{move || i18n.m().nav_orders}</A>
                        </p>
                    }.into_any()
                }
            }}
        </form>
    }
}

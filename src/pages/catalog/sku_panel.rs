//! One SKU, to buy: its availability in the customer's market, term, billing cycle and
//! quantity; the inventory check and the reservation details where the SKU asks for them;
//! the rules' verdict as the partner fills the form; "add to cart". The form's state is one
//! [`SkuChoice`]; the line and the inventory check are built by `purchase::sku_form`.

use leptos::prelude::*;
use leptos_router::components::A;
use procura_partner_center as pc;
use procura_rules as rules;

use crate::api::endpoints::is_azure_plan;
use crate::api::{use_client, Failure};
use crate::components::{focused_heading, FailureNotice, FindingList, Loaded};
use crate::i18n::{fill, use_i18n};
use crate::purchase::catalog::Row;
use crate::purchase::sku_form::{inventory_outcome, Inventory, Scope, SkuChoice, SkuOffer};
use crate::purchase::CustomerRef;
use crate::purchase::{self, verdict};
use crate::state::use_purchase;

#[component]
pub fn SkuPanel(customer: CustomerRef, row: Row) -> impl IntoView {
    let i18n = use_i18n();
    let client = StoredValue::new_local(use_client());
    let (cid, pid, sid) = (customer.id.clone(), row.product.id.clone(), row.sku.id.clone());
    // A reservation is bought for an MS-AZR-0145P subscription or for an Azure plan, each
    // with availabilities of its own (purchase-azure-reservations.md).
    let kind = purchase::facts::product_kind(row.view, &row.product, &row.sku);
    let is_reservation = kind == rules::ProductKind::AzureReservation;
    let azure_plan = RwSignal::new(false);
    let availabilities = LocalResource::new(move || {
        let (c, cid, pid, sid) = (client.get_value(), cid.clone(), pid.clone(), sid.clone());
        let plan = azure_plan.get();
        async move {
            if plan {
                c.customer_availabilities_for_azure_plans(&cid, &pid, &sid).await
            } else {
                c.customer_availabilities(&cid, &pid, &sid).await
            }
        }
    });
    let title = row.sku.title.clone();
    // Opening it moves focus to its heading (the next step).
    let heading = focused_heading();
    let row = StoredValue::new(row);
    let customer = StoredValue::new(customer);
    view! {
        <section class="sku-panel" aria-labelledby="sku-heading">
            <h2 id="sku-heading" tabindex="-1" node_ref=heading>
                {move || fill(i18n.m().catalog_sku_title, &[("sku", &title)])}
            </h2>
            {is_reservation.then(|| view! {
                <label for="buy-reserved-for">{move || i18n.m().catalog_reserved_for}</label>
                <select
                    id="buy-reserved-for"
                    on:change=move |ev| azure_plan.set(event_target_value(&ev) == "plan")
                >
                    <option value="subscription" selected=move || !azure_plan.get()>{move || i18n.m().catalog_reserved_for_subscription}</option>
                    <option value="plan" selected=move || azure_plan.get()>{move || i18n.m().catalog_reserved_for_plan}</option>
                </select>
            })}
            <Loaded resource=availabilities let:list>
                {if list.is_empty() {
                    // Where the rules know why (not sold in the customer's country), say so.
                    let why = verdict::not_sold_in(kind, &customer.with_value(|c| c.country.clone()));
                    view! {
                        <p class="notice">{move || i18n.m().catalog_no_availability}</p>
                        <FindingList findings=why.into_iter().collect()/>
                    }.into_any()
                } else {
                    let Row { product, sku, view } = row.get_value();
                    let offer = SkuOffer { product, sku, availabilities: list, view };
                    let plan = azure_plan.get_untracked();
                    view! { <BuyForm customer=customer.get_value() offer=offer azure_plan=plan/> }.into_any()
                }}
            </Loaded>
        </section>
    }
}

#[component]
fn BuyForm(customer: CustomerRef, offer: SkuOffer, azure_plan: bool) -> impl IntoView {
    let i18n = use_i18n();
    let purchase = use_purchase();
    let client = StoredValue::new_local(use_client());
    let choice = RwSignal::new(offer.first_choice());
    let inventory_failure = RwSignal::new(None::<Failure>);
    let added = RwSignal::new(None::<String>);
    let needs_subscription = offer.needs_subscription();
    let needs_inventory = offer.needs_inventory();
    let min = offer.minimum_quantity();
    let max = offer.sku.maximum_quantity;
    let billing_options = offer.sku.supported_billing_cycles.clone();
    let offer = StoredValue::new(offer);
    let customer = StoredValue::new(customer);

    let registered = LocalResource::new(move || {
        let (c, id) = (client.get_value(), customer.with_value(|c| c.id.clone()));
        async move {
            if needs_subscription {
                // Only the kind of Azure subscription the availabilities are for.
                let all = c.registered_azure_subscriptions(&id).await?;
                Ok(all.into_iter().filter(|s| is_azure_plan(s) == azure_plan).collect())
            } else {
                Ok(Vec::new())
            }
        }
    });
    let registered_ids = Memo::new(move |_| {
        registered
            .get()
            .and_then(Result::ok)
            .map(|l| l.into_iter().map(|s| s.id).collect::<Vec<_>>())
    });
    // The line as it would go into the cart, from the form as it is now.
    let line = Memo::new(move |_| {
        let ids = registered_ids.get();
        offer.with_value(|o| choice.with(|c| o.draft_line(c, ids.as_deref())))
    });
    let findings = Memo::new(move |_| {
        let partner = purchase.partner.get();
        line.with(|l| {
            customer.with_value(|c| rules::check(&l.intent(&c.country, partner)).findings)
        })
    });

    let run_inventory = Action::new_local(move |_: &()| {
        let c = client.get_value();
        let (country, request) = customer.with_value(|cust| {
            let request =
                offer.with_value(|o| choice.with_untracked(|ch| o.inventory_request(&cust.id, ch)));
            (cust.country.clone(), request)
        });
        async move {
            match c.check_inventory(&country, &request).await {
                Ok(items) => choice.update(|ch| ch.inventory = Some(inventory_outcome(&items))),
                Err(Failure::Cancelled) => {}
                Err(f) => inventory_failure.set(Some(f)),
            }
        }
    });

    let add = move |_| {
        let l = line.get_untracked();
        let name = l.sku_title.clone();
        purchase.edit(|d| d.add(l));
        added.set(Some(name));
    };
    // Partner Center's catalog carries no prices: it prices new-commerce lines in the cart
    // and one-time purchases on the order. Say which, rather than show nothing.
    let priced_in_cart = line.with_untracked(|l| l.priced_in_cart());
    let price_note = move || {
        if priced_in_cart {
            i18n.m().catalog_price_in_cart
        } else {
            i18n.m().catalog_price_on_order
        }
    };
    let availability_count = offer.with_value(|o| o.availabilities.len());

    view! {
        <form class="buy" on:submit=|ev| ev.prevent_default()>
            {(availability_count > 1).then(|| view! {
                <label for="buy-availability">{move || i18n.m().catalog_availability_label}</label>
                <select
                    id="buy-availability"
                    on:change=move |ev| {
                        let i = event_target_value(&ev).parse().unwrap_or(0);
                        choice.update(|c| c.availability = i);
                    }
                >
                    {offer.with_value(|o| o.availabilities.iter().enumerate().map(|(i, a)| {
                        let text = format!(
                            "{} · {} · {}",
                            a.country.clone().unwrap_or_default(),
                            a.default_currency.as_ref().map(|c| c.code.clone()).unwrap_or_default(),
                            a.segment.clone().unwrap_or_default()
                        );
                        view! { <option value=i.to_string()>{text}</option> }
                    }).collect_view())}
                </select>
            })}
            <p class="price">{price_note}</p>
            <div class="field">
                <label for="buy-term">{move || i18n.m().common_term}</label>
                <select
                    id="buy-term"
                    on:change=move |ev| {
                        let t = rules::Term::parse(&event_target_value(&ev));
                        choice.update(|c| c.term = t);
                    }
                >
                    {move || {
                        let terms = offer.with_value(|o| choice.with(|c| o.terms(c)));
                        if terms.is_empty() {
                            return view! { <option value="">{move || i18n.m().term_none}</option> }.into_any();
                        }
                        terms.into_iter().map(|d| {
                            let selected = choice.with(|c| c.term.map(|t| t.as_str()) == Some(d.as_str()));
                            let value = d.clone();
                            view! { <option value=value selected=selected>{move || verdict::term_label(i18n.locale(), Some(&d))}</option> }
                        }).collect_view().into_any()
                    }}
                </select>
            </div>
            <div class="field">
                <label for="buy-billing">{move || i18n.m().common_billing}</label>
                <select
                    id="buy-billing"
                    on:change=move |ev| {
                        let b = pc::BillingCycle::from_wire(&event_target_value(&ev));
                        choice.update(|c| c.billing = Some(b));
                    }
                >
                    {billing_options.into_iter().map(|b| {
                        let wire = b.as_wire().to_string();
                        let label = wire.clone();
                        view! { <option value=wire>{move || verdict::billing_label(i18n.locale(), &label)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="buy-quantity">{move || i18n.m().common_quantity}</label>
                <input
                    id="buy-quantity"
                    type="number"
                    inputmode="numeric"
                    min=min.to_string()
                    max=max.map(|m| m.to_string())
                    prop:value=move || choice.with(|c| c.quantity.clone())
                    on:input=move |ev| {
                        let q = event_target_value(&ev);
                        choice.update(|c| c.quantity = q);
                    }
                    aria-describedby="buy-quantity-range"
                />
                <span id="buy-quantity-range" class="hint">
                    {move || {
                        let max = max.map(|m| m.to_string()).unwrap_or_else(|| "∞".into());
                        fill(i18n.m().catalog_quantity_range, &[("min", &min.to_string()), ("max", &max)])
                    }}
                </span>
            </div>
            {needs_subscription.then(|| view! {
                <fieldset class="provisioning">
                    <legend>{move || i18n.m().catalog_provisioning_title}</legend>
                    <SubscriptionChoice registered=registered choice=choice failure=inventory_failure/>
                    <label for="buy-scope">{move || i18n.m().catalog_scope_label}</label>
                    <select
                        id="buy-scope"
                        on:change=move |ev| {
                            let s = Scope::from_wire(&event_target_value(&ev));
                            choice.update(|c| c.scope = s);
                        }
                    >
                        <option value=Scope::Single.wire()>{move || i18n.m().catalog_scope_single}</option>
                        <option value=Scope::Shared.wire()>{move || i18n.m().catalog_scope_shared}</option>
                    </select>
                </fieldset>
            })}
            {needs_inventory.then(|| view! {
                <fieldset class="inventory">
                    <legend>{move || i18n.m().catalog_inventory_title}</legend>
                    <p>{move || i18n.m().catalog_inventory_needed}</p>
                    <button
                        type="button"
                        disabled=move || choice.with(|c| c.subscription.is_empty()) || run_inventory.pending().get()
                        on:click=move |_| {
                            inventory_failure.set(None);
                            run_inventory.dispatch(());
                        }
                    >
                        {move || i18n.m().catalog_inventory_run}
                    </button>
                    {move || match (choice.with(|c| c.inventory.clone()), inventory_failure.get()) {
                        (_, Some(f)) => view! { <FailureNotice failure=f/> }.into_any(),
                        (Some(Inventory::Available), None) => view! {
                            <p class="notice ok" role="status">{move || i18n.m().catalog_inventory_ok}</p>
                        }.into_any(),
                        (Some(Inventory::Restricted(reasons)), None) => view! {
                            <p class="notice error" role="alert">
                                {move || fill(i18n.m().catalog_inventory_restricted, &[("reasons", &reasons)])}
                            </p>
                        }.into_any(),
                        (None, None) => ().into_any(),
                    }}
                </fieldset>
            })}
            <section class="verdict" aria-live="polite">
                <h3>{move || i18n.m().catalog_verdict_title}</h3>
                {move || {
                    let f = findings.get();
                    if f.is_empty() {
                        view! { <p class="notice ok">{move || i18n.m().catalog_verdict_ok}</p> }.into_any()
                    } else {
                        view! { <FindingList findings=f/> }.into_any()
                    }
                }}
            </section>
            <button type="button" class="primary" on:click=add>{move || i18n.m().catalog_add}</button>
            {move || added.get().map(|name| view! {
                <p class="notice ok" role="status">
                    {move || fill(i18n.m().catalog_added, &[("item", &name)])}" "
                    <A href="/cart">{move || i18n.m().catalog_view_cart}</A>
                </p>
            })}
        </form>
    }
}

/// The customer's registered Azure subscriptions to choose from, or the way to register one.
#[component]
fn SubscriptionChoice(
    registered: LocalResource<Result<Vec<pc::Subscription>, Failure>>,
    choice: RwSignal<SkuChoice>,
    failure: RwSignal<Option<Failure>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Loaded resource=registered let:subs>
            {if subs.is_empty() {
                view! {
                    <p class="notice">
                        {move || i18n.m().catalog_provisioning_none}" "
                        <A href="/enablement">{move || i18n.m().catalog_provisioning_enable}</A>
                    </p>
                }
                .into_any()
            } else {
                view! {
                    <label for="buy-subscription">{move || i18n.m().catalog_provisioning_subscription}</label>
                    <select
                        id="buy-subscription"
                        on:change=move |ev| {
                            let id = event_target_value(&ev);
                            failure.set(None);
                            choice.update(|c| c.choose_subscription(id));
                        }
                    >
                        <option value="" selected=move || choice.with(|c| c.subscription.is_empty())>"—"</option>
                        {subs.into_iter().map(|s| {
                            let name = s.friendly_name.clone().or(s.offer_name.clone()).unwrap_or_default();
                            let label = format!("{name} ({})", s.id);
                            let id = s.id.clone();
                            let value = id.clone();
                            view! { <option value=value selected=move || choice.with(|c| c.subscription == id)>{label}</option> }
                        }).collect_view()}
                    </select>
                }
                .into_any()
            }}
        </Loaded>
    }
}

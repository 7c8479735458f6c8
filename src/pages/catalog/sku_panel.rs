//! One SKU, to buy: its availability in the customer's market, term, billing cycle and
//! quantity; the inventory check and the reservation details where the SKU asks for them;
//! the rules' verdict as the partner fills the form; "add to cart".

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::components::A;
use procura_partner_center as pc;
use procura_rules as rules;

use super::Row;
use crate::api::{use_client, Client, Failure};
use crate::browser;
use crate::components::{focused_heading, FailureNotice, FindingList, Loading};
use crate::format;
use crate::i18n::{fill, use_i18n};
use crate::purchase::facts::{self, LineFacts};
use crate::purchase::verdict;
use crate::purchase::{CustomerRef, DraftLine};
use crate::state::use_purchase;

/// Azure subscriptions of the customer registered for reservation purchases.
async fn registered_azure_subscriptions(
    client: &Client,
    customer: &str,
) -> Result<Vec<pc::Subscription>, Failure> {
    let all = client.azure_subscriptions(customer).await?;
    Ok(all
        .into_iter()
        .filter(|(_, status)| *status == pc::RegistrationStatus::Registered)
        .map(|(s, _)| s)
        .collect())
}

#[component]
pub fn SkuPanel(customer: CustomerRef, row: Row) -> impl IntoView {
    let i18n = use_i18n();
    let client = use_client();
    let (cid, pid, sid) = (customer.id.clone(), row.product.id.clone(), row.sku.id.clone());
    let c2 = client.clone();
    let availabilities = LocalResource::new(move || {
        let (c, cid, pid, sid) = (c2.clone(), cid.clone(), pid.clone(), sid.clone());
        async move { c.customer_availabilities(&cid, &pid, &sid).await }
    });
    let title = row.sku.title.clone();
    // Opening it moves focus to its heading (the next step).
    let heading = focused_heading();
    let row = StoredValue::new(row);
    let customer = StoredValue::new(customer);
    let client = StoredValue::new_local(client);
    view! {
        <section class="sku-panel" aria-labelledby="sku-heading">
            <h2 id="sku-heading" tabindex="-1" node_ref=heading>{move || fill(i18n.m().catalog_sku_title, &[("sku", &title)])}</h2>
            {move || match availabilities.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(f)) => view! { <FailureNotice failure=f retry=move |_| availabilities.refetch()/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="notice">{move || i18n.m().catalog_no_availability}</p> }.into_any(),
                Some(Ok(list)) => view! { <BuyForm customer=customer.get_value() row=row.get_value() availabilities=list client=client.get_value()/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn BuyForm(
    customer: CustomerRef,
    row: Row,
    availabilities: Vec<pc::Availability>,
    client: Client,
) -> impl IntoView {
    let i18n = use_i18n();
    let purchase = use_purchase();
    let kind = facts::product_kind(&row.product);
    let sku = row.sku.clone();
    let availability_ix = RwSignal::new(0usize);
    let availabilities = StoredValue::new(availabilities);
    let current = move || {
        availabilities
            .with_value(|a| a.get(availability_ix.get()).or(a.first()).cloned().unwrap_or_default())
    };
    let first_term = availabilities
        .with_value(|a| a.first().and_then(|a| a.terms.first()).map(|t| t.duration.clone()));
    let term = RwSignal::new(first_term);
    let billing =
        RwSignal::new(sku.supported_billing_cycles.first().map(|b| b.as_wire().to_string()));
    let min = sku.minimum_quantity.unwrap_or(1).max(1);
    let quantity = RwSignal::new(min.to_string());
    let needs_inventory = sku.requires("InventoryCheck");
    let needs_registration = sku.requires("AzureSubscriptionRegistration");
    let provisioning_vars = sku.provisioning_variables.clone();
    let needs_provisioning = !provisioning_vars.is_empty();
    let subscription = RwSignal::new(String::new());
    let scope = RwSignal::new("Single".to_string());
    let inventory = RwSignal::new(None::<Result<bool, Failure>>);
    let inventory_reasons = RwSignal::new(String::new());
    let added = RwSignal::new(None::<String>);

    let c_reg = client.clone();
    let cust_id = customer.id.clone();
    let registered = LocalResource::new(move || {
        let (c, id) = (c_reg.clone(), cust_id.clone());
        async move {
            if needs_registration || needs_provisioning {
                registered_azure_subscriptions(&c, &id).await
            } else {
                Ok(Vec::new())
            }
        }
    });

    let sku_v = StoredValue::new(sku.clone());
    let product_title = row.product.title.clone();
    let customer_v = StoredValue::new(customer.clone());
    // The line as it would go into the cart, from the form as it is now.
    let line = Memo::new(move |_| {
        let a = current();
        let sku = sku_v.get_value();
        let mut provisioning = BTreeMap::new();
        if needs_provisioning {
            for v in &provisioning_vars {
                let value = match v.to_ascii_lowercase().as_str() {
                    "subscriptionid" => subscription.get(),
                    "scope" => scope.get(),
                    _ => String::new(),
                };
                provisioning.insert(v.clone(), value);
            }
        }
        let chosen = subscription.get();
        let registered_ids: Option<Vec<String>> =
            registered.get().and_then(|r| r.ok()).map(|l| l.into_iter().map(|s| s.id).collect());
        let subscription_registered = if !needs_registration {
            None
        } else {
            match registered_ids {
                Some(ids) if ids.is_empty() => Some(false),
                Some(ids) if !chosen.is_empty() => {
                    Some(ids.iter().any(|i| i.eq_ignore_ascii_case(&chosen)))
                }
                _ => None,
            }
        };
        DraftLine {
            catalog_item_id: a.catalog_item_id.clone(),
            product_title: product_title.clone(),
            sku_title: sku.title.clone(),
            kind: kind.name().to_string(),
            quantity: quantity.get().trim().parse().unwrap_or(0),
            term: term.get(),
            billing: billing.get(),
            provisioning,
            currency: a.default_currency.as_ref().map(|c| c.code.clone()),
            unit_price: facts::unit_price(&a),
            facts: LineFacts::of(&sku, &a),
            inventory_checked: if needs_inventory {
                Some(matches!(inventory.get(), Some(Ok(true))))
            } else {
                None
            },
            subscription_registered,
            server_error: None,
            order_group: None,
        }
    });
    let findings = move || {
        let l = line.get();
        rules::check(&l.intent(&customer_v.with_value(|c| c.country.clone()))).findings
    };

    let c_inv = client.clone();
    let run_inventory = Action::new_local(move |_: &()| {
        let c = c_inv.clone();
        let (cust, sku, sub) =
            (customer_v.get_value(), sku_v.get_value(), subscription.get_untracked());
        async move {
            let mut ctx = BTreeMap::new();
            ctx.insert("customerId".to_string(), cust.id.clone());
            ctx.insert("azureSubscriptionId".to_string(), sub);
            if let Some(region) = sku
                .dynamic_attributes
                .as_ref()
                .and_then(|d| d.get("armRegionName"))
                .and_then(|v| v.as_str())
            {
                ctx.insert("armRegionName".to_string(), region.to_string());
            }
            let req = pc::InventoryCheckRequest {
                target_items: vec![pc::InventoryItem {
                    product_id: sku.product_id.clone().unwrap_or_default(),
                    sku_id: Some(sku.id.clone()),
                    ..Default::default()
                }],
                inventory_context: ctx,
                ..Default::default()
            };
            c.check_inventory(&cust.country, &req, &browser::new_uuid()).await
        }
    });
    Effect::new(move |_| {
        if let Some(result) = run_inventory.value().get() {
            match result {
                Ok(items) => {
                    let restricted: Vec<&pc::InventoryItem> =
                        items.iter().filter(|i| i.is_restricted == Some(true)).collect();
                    let reasons = restricted
                        .iter()
                        .flat_map(|i| i.restrictions.iter().flatten())
                        .map(|r| r.description.clone().unwrap_or_else(|| r.reason_code.clone()))
                        .collect::<Vec<_>>()
                        .join("; ");
                    inventory_reasons.set(reasons);
                    inventory.set(Some(Ok(restricted.is_empty() && !items.is_empty())));
                }
                Err(f) => inventory.set(Some(Err(f))),
            }
        }
    });
    // A different subscription or SKU needs a new inventory check.
    Effect::new(move |prev: Option<String>| {
        let s = subscription.get();
        if prev.is_some_and(|p| p != s) {
            inventory.set(None);
        }
        s
    });

    let add = move |_| {
        let l = line.get_untracked();
        let name = l.sku_title.clone();
        purchase.edit(|d| {
            d.outcome = None;
            d.lines.push(l);
            d.touch();
        });
        added.set(Some(name));
    };

    let term_options = move || current().terms.clone();
    let billing_options: Vec<String> =
        sku.supported_billing_cycles.iter().map(|b| b.as_wire().to_string()).collect();
    let max = sku.maximum_quantity;
    let price = move || {
        let a = current();
        let code = a.default_currency.as_ref().map(|c| c.code.clone()).unwrap_or_default();
        facts::unit_price(&a).map(|p| format::money(i18n.locale(), &p, &code))
    };

    view! {
        <form class="buy" on:submit=|ev| ev.prevent_default()>
            {move || (availabilities.with_value(Vec::len) > 1).then(|| view! {
                <label for="buy-availability">{move || i18n.m().catalog_availability_label}</label>
                <select id="buy-availability" on:change=move |ev| availability_ix.set(event_target_value(&ev).parse().unwrap_or(0))>
                    {availabilities.with_value(|list| list.iter().enumerate().map(|(i, a)| {
                        let text = format!("{} · {} · {}", a.country.clone().unwrap_or_default(), a.default_currency.as_ref().map(|c| c.code.clone()).unwrap_or_default(), a.segment.clone().unwrap_or_default());
                        view! { <option value=i.to_string()>{text}</option> }
                    }).collect_view())}
                </select>
            })}
            {move || price().map(|p| view! { <p class="price"><span>{move || i18n.m().common_unit_price}</span>": "<strong>{p}</strong></p> })}
            <div class="field">
                <label for="buy-term">{move || i18n.m().common_term}</label>
                <select id="buy-term" on:change=move |ev| { let v = event_target_value(&ev); term.set((!v.is_empty()).then_some(v)); }>
                    {move || {
                        let terms = term_options();
                        if terms.is_empty() {
                            view! { <option value="">{move || i18n.m().term_none}</option> }.into_any()
                        } else {
                            terms.into_iter().map(|t| {
                                let d = t.duration.clone();
                                let selected = term.get().as_deref() == Some(d.as_str());
                                let value = d.clone();
                                view! { <option value=value selected=selected>{move || verdict::term_label(i18n.locale(), Some(&d))}</option> }
                            }).collect_view().into_any()
                        }
                    }}
                </select>
            </div>
            <div class="field">
                <label for="buy-billing">{move || i18n.m().common_billing}</label>
                <select id="buy-billing" on:change=move |ev| billing.set(Some(event_target_value(&ev)))>
                    {billing_options.into_iter().map(|b| {
                        let b2 = b.clone();
                        view! { <option value=b.clone()>{move || verdict::billing_label(i18n.locale(), &b2)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="buy-quantity">{move || i18n.m().common_quantity}</label>
                <input id="buy-quantity" type="number" inputmode="numeric" min=min.to_string() max=max.map(|m| m.to_string())
                    prop:value=quantity on:input=move |ev| quantity.set(event_target_value(&ev)) aria-describedby="buy-quantity-range"/>
                <span id="buy-quantity-range" class="hint">
                    {move || fill(i18n.m().catalog_quantity_range, &[("min", &min.to_string()), ("max", &max.map(|m| m.to_string()).unwrap_or_else(|| "∞".into()))])}
                </span>
            </div>
            {(needs_registration || needs_provisioning).then(|| view! {
                <fieldset class="provisioning">
                    <legend>{move || i18n.m().catalog_provisioning_title}</legend>
                    {move || match registered.get() {
                        None => view! { <Loading/> }.into_any(),
                        Some(Err(f)) => view! { <FailureNotice failure=f retry=move |_| registered.refetch()/> }.into_any(),
                        Some(Ok(subs)) if subs.is_empty() => view! {
                            <p class="notice">{move || i18n.m().catalog_provisioning_none}" "<A href="/enablement">{move || i18n.m().catalog_provisioning_enable}</A></p>
                        }.into_any(),
                        Some(Ok(subs)) => view! {
                            <label for="buy-subscription">{move || i18n.m().catalog_provisioning_subscription}</label>
                            <select id="buy-subscription" on:change=move |ev| subscription.set(event_target_value(&ev))>
                                <option value="" selected=move || subscription.get().is_empty()>"—"</option>
                                {subs.into_iter().map(|s| {
                                    let label = format!("{} ({})", s.friendly_name.clone().or(s.offer_name.clone()).unwrap_or_default(), s.id);
                                    let id = s.id.clone();
                                    view! { <option value=id.clone() selected=move || subscription.get() == id>{label}</option> }
                                }).collect_view()}
                            </select>
                        }.into_any(),
                    }}
                    <label for="buy-scope">{move || i18n.m().catalog_scope_label}</label>
                    <select id="buy-scope" on:change=move |ev| scope.set(event_target_value(&ev))>
                        <option value="Single">{move || i18n.m().catalog_scope_single}</option>
                        <option value="Shared">{move || i18n.m().catalog_scope_shared}</option>
                    </select>
                </fieldset>
            })}
            {needs_inventory.then(|| view! {
                <fieldset class="inventory">
                    <legend>{move || i18n.m().catalog_inventory_title}</legend>
                    <p>{move || i18n.m().catalog_inventory_needed}</p>
                    <button type="button" disabled=move || subscription.get().is_empty() || run_inventory.pending().get()
                        on:click=move |_| { run_inventory.dispatch(()); }>
                        {move || i18n.m().catalog_inventory_run}
                    </button>
                    {move || match inventory.get() {
                        None => ().into_any(),
                        Some(Ok(true)) => view! { <p class="notice ok" role="status">{move || i18n.m().catalog_inventory_ok}</p> }.into_any(),
                        Some(Ok(false)) => view! { <p class="notice error" role="alert">{move || fill(i18n.m().catalog_inventory_restricted, &[("reasons", &inventory_reasons.get())])}</p> }.into_any(),
                        Some(Err(f)) => view! { <FailureNotice failure=f/> }.into_any(),
                    }}
                </fieldset>
            })}
            <section class="verdict" aria-live="polite">
                <h3>{move || i18n.m().catalog_verdict_title}</h3>
                {move || {
                    let f = findings();
                    if f.is_empty() {
                        view! { <p class="notice ok">{move || i18n.m().catalog_verdict_ok}</p> }.into_any()
                    } else {
                        view! { <FindingList findings=f/> }.into_any()
                    }
                }}
            </section>
            <button type="button" class="primary" on:click=add>{move || i18n.m().catalog_add}</button>
            {move || added.get().map(|name| view! {
                <p class="notice ok" role="status">{move || fill(i18n.m().catalog_added, &[("item", &name)])}" "<A href="/cart">{move || i18n.m().catalog_view_cart}</A></p>
            })}
        </form>
    }
}

//! The cart and its checkout: lines grouped into the orders they will become, each with its
//! findings; a review; one confirm; progress; the result. A checkout interrupted by a reload
//! is finished on arrival with its original request id.

use leptos::prelude::*;
use leptos_router::components::A;
use procura_rules::Finding;
use rust_decimal::Decimal;

use crate::api::{use_client, Client, Failure};
use crate::components::{for_customer, CustomerBar, FailureNotice, FindingList};
use crate::format;
use crate::i18n::{fill, use_i18n, Locale};
use crate::purchase::checkout::{check_out, synchronize};
use crate::purchase::groups::order_groups;
use crate::purchase::verdict::{self, billing_label, term_label};
use crate::purchase::{CartDraft, CheckoutOutcome, CustomerRef};
use crate::state::{use_purchase, Purchase};

#[derive(Clone, Debug, PartialEq)]
enum Step {
    Edit,
    Review,
    Running { resuming: bool },
    Done(CheckoutOutcome),
}

#[component]
pub fn CartPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page cart">
            <h1>{move || i18n.m().cart_title}</h1>
            {for_customer(|c| view! { <Cart customer=c/> })}
        </section>
    }
}

/// The draft as it is now, then saved; the closure given to the checkout functions.
fn saver(purchase: Purchase) -> impl Fn(&CartDraft) {
    move |d: &CartDraft| {
        d.save();
        purchase.draft.set(d.clone());
    }
}

async fn run_checkout(client: Client, purchase: Purchase) -> Result<CheckoutOutcome, Failure> {
    let mut draft = purchase.draft.get_untracked();
    check_out(&client, &mut draft, &saver(purchase)).await
}

#[component]
fn Cart(customer: CustomerRef) -> impl IntoView {
    let i18n = use_i18n();
    let purchase = use_purchase();
    let client = use_client();
    let initial = purchase.draft.with_untracked(|d| match (&d.pending, &d.outcome) {
        (Some(_), _) => Step::Running { resuming: true },
        (None, Some(o)) if d.lines.is_empty() => Step::Done(o.clone()),
        _ => Step::Edit,
    });
    let step = RwSignal::new(initial.clone());
    let failure = RwSignal::new(None::<Failure>);
    let heading = NodeRef::<leptos::html::H2>::new();

    let c1 = client.clone();
    let checkout = Action::new_local(move |_: &()| run_checkout(c1.clone(), purchase));
    Effect::new(move |_| {
        if let Some(result) = checkout.value().get() {
            match result {
                Ok(outcome) => step.set(Step::Done(outcome)),
                Err(Failure::Cancelled) => {}
                Err(f) => {
                    failure.set(Some(f));
                    step.set(Step::Review);
                }
            }
        }
    });
    let c2 = client.clone();
    let review = Action::new_local(move |_: &()| {
        let c = c2.clone();
        async move {
            let mut draft = purchase.draft.get_untracked();
            synchronize(&c, &mut draft, &saver(purchase)).await
        }
    });
    Effect::new(move |_| match review.value().get() {
        Some(Ok(())) => {
            failure.set(None);
            // The server may know more than the rules (a line error): stay to show it.
            if purchase.draft.with_untracked(|d| d.lines.iter().any(|l| l.server_error.is_some())) {
                step.set(Step::Edit);
            } else {
                step.set(Step::Review);
            }
        }
        Some(Err(Failure::Cancelled)) | None => {}
        Some(Err(f)) => failure.set(Some(f)),
    });
    if matches!(initial, Step::Running { .. }) {
        checkout.dispatch(());
    }
    // Each step's heading takes focus, so keyboard and screen-reader users land on it.
    Effect::new(move |prev: Option<Step>| {
        let s = step.get();
        if prev.is_some_and(|p| p != s) {
            if let Some(h) = heading.get() {
                let _ = h.focus();
            }
        }
        s
    });

    let confirm = move |_| {
        if checkout.pending().get_untracked() {
            return;
        }
        failure.set(None);
        step.set(Step::Running { resuming: false });
        checkout.dispatch(());
    };
    let step_title = move || {
        let m = i18n.m();
        match step.get() {
            Step::Edit => m.cart_title,
            Step::Review => m.cart_review_title,
            Step::Running { .. } => m.cart_review_title,
            Step::Done(_) => m.cart_result_title,
        }
    };
    view! {
        <CustomerBar customer=customer.clone()/>
        {move || purchase.draft_discarded.get().then(|| view! {
            <p class="notice error" role="alert">{move || i18n.m().cart_draft_discarded}</p>
        })}
        <h2 tabindex="-1" node_ref=heading>{step_title}</h2>
        {move || failure.get().map(|f| view! { <FailureNotice failure=f/> })}
        {move || match step.get() {
            Step::Edit => view! { <CartLines on_review=Callback::new(move |_| { review.dispatch(()); }) busy=review.pending()/> }.into_any(),
            Step::Review => view! {
                <Review/>
                <div class="actions">
                    <button type="button" on:click=move |_| step.set(Step::Edit)>{move || i18n.m().cart_back}</button>
                    <button type="button" class="primary" disabled=move || checkout.pending().get() on:click=confirm>{move || i18n.m().cart_confirm}</button>
                </div>
            }.into_any(),
            Step::Running { resuming } => view! {
                <p class="notice" role="status" aria-busy="true">
                    {move || if resuming { i18n.m().cart_resuming } else { i18n.m().cart_progress }}
                </p>
                <progress aria-label=move || i18n.m().cart_progress></progress>
            }.into_any(),
            Step::Done(outcome) => view! {
                <Outcome outcome=outcome/>
                <button type="button" on:click=move |_| { purchase.edit(|d| d.outcome = None); step.set(Step::Edit); }>{move || i18n.m().cart_new_cart}</button>
            }.into_any(),
        }}
    }
}

/// "Order 2 · billed Monthly": the heading of an order group (`n` counts from 0).
fn group_title(locale: Locale, n: usize, billing: &str) -> String {
    fill(
        locale.messages().cart_group_title,
        &[("n", &(n + 1).to_string()), ("billing", &billing_label(locale, billing))],
    )
}

fn money(locale: Locale, amount: Decimal, currency: &str) -> String {
    format::money(locale, &amount.to_string(), currency)
}

/// Totals per currency (a cart should have one; the rules flag a second).
fn totals(draft: &CartDraft) -> Vec<(String, Decimal)> {
    let mut out: Vec<(String, Decimal)> = Vec::new();
    for l in &draft.lines {
        let (Some(cur), Some(t)) = (l.currency.clone(), l.line_total()) else { continue };
        match out.iter_mut().find(|(c, _)| *c == cur) {
            Some((_, sum)) => *sum = sum.checked_add(t).unwrap_or(*sum),
            None => out.push((cur, t)),
        }
    }
    out
}

#[component]
fn CartLines(on_review: Callback<()>, busy: Memo<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let purchase = use_purchase();
    let verdict = Memo::new(move |_| purchase.draft.with(verdict::check));
    let blocked = move || {
        verdict.with(|v| v.is_blocked())
            || purchase.draft.with(|d| d.lines.iter().any(|l| l.server_error.is_some()))
    };
    let groups = move || purchase.draft.with(|d| order_groups(&d.lines));
    view! {
        {move || if purchase.draft.with(|d| d.lines.is_empty()) {
            view! { <p class="notice">{move || i18n.m().cart_empty}" "<A href="/catalog">{move || i18n.m().cart_browse}</A></p> }.into_any()
        } else {
            view! {
                <p class="sync">{move || purchase.draft.with(|d| match (&d.cart_id, d.synced) {
                    (Some(id), true) => fill(i18n.m().cart_synced, &[("id", id)]),
                    _ => i18n.m().cart_not_synced.to_string(),
                })}</p>
                {move || groups().into_iter().enumerate().map(|(n, g)| {
                    let billing = g.billing.clone().unwrap_or_default();
                    view! {
                        <section class="order-group">
                            <h3>{move || group_title(i18n.locale(), n, &billing)}</h3>
                            <ul class="lines">
                                {g.lines.into_iter().map(|i| view! { <CartLine index=i findings=verdict.with(|v| v.lines.get(i).map(|l| l.findings.clone()).unwrap_or_default())/> }).collect_view()}
                            </ul>
                        </section>
                    }
                }).collect_view()}
                <p class="total">
                    <span>{move || i18n.m().cart_total}</span>": "
                    {move || purchase.draft.with(totals).into_iter().map(|(c, t)| money(i18n.locale(), t, &c)).collect::<Vec<_>>().join(" + ")}
                </p>
                {move || blocked().then(|| view! { <p class="notice error" role="alert">{move || i18n.m().cart_blocked}</p> })}
                <button type="button" class="primary" disabled=move || blocked() || busy.get() on:click=move |_| on_review.run(())>{move || i18n.m().cart_review}</button>
            }.into_any()
        }}
    }
}

#[component]
fn CartLine(index: usize, findings: Vec<Finding>) -> impl IntoView {
    let i18n = use_i18n();
    let purchase = use_purchase();
    let Some(line) = purchase.draft.with_untracked(|d| d.lines.get(index).cloned()) else {
        return ().into_any();
    };
    let edit = move |f: Box<dyn FnOnce(&mut crate::purchase::DraftLine)>| {
        purchase.edit(|d| {
            if let Some(l) = d.lines.get_mut(index) {
                f(l);
            }
            d.touch();
        })
    };
    let qid = format!("line-{index}-quantity");
    let tid = format!("line-{index}-term");
    let bid = format!("line-{index}-billing");
    let title = line.sku_title.clone();
    let terms = line.facts.terms.clone();
    let cycles = line.facts.billing_cycles.clone();
    let current_term = line.term.clone();
    let current_billing = line.billing.clone();
    let total = line.line_total().zip(line.currency.clone());
    let server_error = line.server_error.clone();
    let remove_label = title.clone();
    view! {
        <li class="line">
            <h4>{title.clone()}</h4>
            <p class="item-id">{line.catalog_item_id.clone()}</p>
            <div class="line-fields">
                <label for=qid.clone()>{move || i18n.m().common_quantity}</label>
                <input id=qid type="number" inputmode="numeric" value=line.quantity.to_string()
                    on:change=move |ev| { let q = event_target_value(&ev).trim().parse().unwrap_or(0); edit(Box::new(move |l| l.quantity = q)); }/>
                <label for=tid.clone()>{move || i18n.m().common_term}</label>
                <select id=tid on:change=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |l| l.term = (!v.is_empty()).then_some(v))); }>
                    {if terms.is_empty() {
                        view! { <option value="">{move || i18n.m().term_none}</option> }.into_any()
                    } else {
                        terms.into_iter().map(|t| {
                            let sel = current_term.as_deref() == Some(t.as_str());
                            let t2 = t.clone();
                            view! { <option value=t selected=sel>{move || term_label(i18n.locale(), Some(&t2))}</option> }
                        }).collect_view().into_any()
                    }}
                </select>
                <label for=bid.clone()>{move || i18n.m().common_billing}</label>
                <select id=bid on:change=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |l| l.billing = Some(v))); }>
                    {cycles.into_iter().map(|b| {
                        let sel = current_billing.as_deref() == Some(b.as_str());
                        let b2 = b.clone();
                        view! { <option value=b selected=sel>{move || billing_label(i18n.locale(), &b2)}</option> }
                    }).collect_view()}
                </select>
                <button type="button" class="remove" aria-label=move || format!("{} {}", i18n.m().common_remove, remove_label)
                    on:click=move |_| purchase.edit(|d| { if index < d.lines.len() { d.lines.remove(index); } d.touch(); })>
                    {move || i18n.m().common_remove}
                </button>
            </div>
            {total.map(|(t, c)| view! { <p class="line-total"><span>{move || i18n.m().cart_line_total}</span>": "{move || money(i18n.locale(), t, &c)}</p> })}
            <FindingList findings=findings/>
            {server_error.map(|e| view! { <p class="notice error">{move || fill(i18n.m().cart_server_error, &[("message", &e)])}</p> })}
        </li>
    }
    .into_any()
}

#[component]
fn Review() -> impl IntoView {
    let i18n = use_i18n();
    let purchase = use_purchase();
    let draft = purchase.draft.get_untracked();
    let customer = draft.customer.name.clone();
    let groups = order_groups(&draft.lines);
    view! {
        <p>{move || fill(i18n.m().cart_review_intro, &[("customer", &customer)])}</p>
        {groups.into_iter().enumerate().map(|(n, g)| {
            let billing = g.billing.clone().unwrap_or_default();
            let lines = g.lines.iter().filter_map(|i| draft.lines.get(*i).cloned()).collect::<Vec<_>>();
            view! {
                <section class="order-group">
                    <h3>{move || group_title(i18n.locale(), n, &billing)}</h3>
                    <ul>
                        {lines.into_iter().map(|l| {
                            let term = l.term.clone();
                            view! { <li>{format!("{} × {}", l.quantity, l.sku_title)}" · "{move || term_label(i18n.locale(), term.as_deref())}</li> }
                        }).collect_view()}
                    </ul>
                </section>
            }
        }).collect_view()}
    }
}

/// An order error's explanation: Procura's own words for a known code, else the service's.
fn order_error_text(locale: Locale, code: i64, description: &str) -> String {
    let m = locale.messages();
    match u32::try_from(code).ok().and_then(|c| crate::api::failure::explained(m, c)) {
        Some(text) => text.to_string(),
        None if !description.is_empty() => description.to_string(),
        None => m.error_bad_request.to_string(),
    }
}

#[component]
fn Outcome(outcome: CheckoutOutcome) -> impl IntoView {
    let i18n = use_i18n();
    let orders = outcome.order_ids.clone();
    let errors = outcome.order_errors.clone();
    view! {
        {outcome.already_submitted.then(|| view! { <p class="notice" role="status">{move || i18n.m().pc_error_code_800065}</p> })}
        {(!orders.is_empty()).then(|| view! {
            <h3>{move || i18n.m().cart_orders_created}</h3>
            <ul class="orders" role="status">
                {orders.into_iter().map(|id| {
                    let href = format!("/orders/{id}");
                    let label = id.clone();
                    view! { <li><A href=href>{move || fill(i18n.m().cart_order_link, &[("id", &label)])}</A></li> }
                }).collect_view()}
            </ul>
        })}
        {(!errors.is_empty()).then(|| view! {
            <h3>{move || i18n.m().cart_order_errors}</h3>
            <ul class="order-errors" role="alert">
                {errors.into_iter().map(|(group, code, description)| view! {
                    <li>{move || fill(i18n.m().cart_order_error, &[("group", &group), ("message", &order_error_text(i18n.locale(), code, &description))])}
                        " (" {code} ")"</li>
                }).collect_view()}
            </ul>
        })}
    }
}

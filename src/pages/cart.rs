//! The cart and its checkout: lines grouped into the orders they will become, each with its
//! findings; a review; one confirm; progress; the result. A checkout interrupted by a reload
//! is finished on arrival with its original request id. The steps and where each answer
//! leads are `purchase::steps`; the checkout itself is `purchase::checkout`.

use leptos::prelude::*;
use leptos_router::components::A;
use procura_partner_center as pc;
use procura_rules::{Finding, Term};

use crate::api::failure::order_error_text;
use crate::api::{use_client, Failure};
use crate::components::{
    for_customer, CustomerBar, EstimateNote, FailureNotice, FindingList, ResellerField,
    SheetNotices,
};
use crate::format;
use crate::hooks::{use_estimates, Estimates};
use crate::i18n::{fill, use_i18n, Locale};
use crate::pages::orders::order_total;
use crate::pricing::estimate::{
    confirmed as confirmed_estimates, difference, for_order_line, totals as estimated_totals,
};
use crate::pricing::{Estimate, LineEstimate};
use crate::purchase::checkout::{self, check_out, synchronize, Turn};
use crate::purchase::groups::order_groups;
use crate::purchase::steps::{Next, Step};
use crate::purchase::verdict::{self, billing_label, term_label};
use crate::purchase::{parse_quantity, CartDraft, CheckoutOutcome, CustomerRef, DraftLine};
use crate::state::use_purchase;

#[component]
pub fn CartPage() -> AnyView {
    let i18n = use_i18n();
    view! {
        <section class="page cart">
            <h1>{move || i18n.m().cart_title}</h1>
            {for_customer(|c| view! { <Cart customer=c/> })}
        </section>
    }
    .into_any()
}

#[component]
fn Cart(customer: CustomerRef) -> impl IntoView {
    let i18n = use_i18n();
    let purchase = use_purchase();
    let client = StoredValue::new_local(use_client());
    let initial = purchase.draft.with_untracked(Step::initial);
    let step = RwSignal::new(initial.clone());
    let failure = RwSignal::new(None::<Failure>);
    let heading = NodeRef::<leptos::html::H2>::new();
    let show = move |next: Option<Next>| {
        if let Some(Next { step: s, failure: f }) = next {
            failure.try_set(f);
            if let Some(s) = s {
                step.try_set(s);
            }
        }
    };
    let save = move |d: &crate::purchase::CartDraft| purchase.save(d);
    let estimates = use_estimates();
    provide_context(estimates);
    // What was estimated when the partner confirmed, to set beside what the orders charge.
    let confirmed = StoredValue::new(Vec::<(String, Estimate)>::new());

    // One tab at a time checks a draft out; a tab that waited starts from the draft as saved.
    let checkout = Action::new_local(move |_: &()| {
        let c = client.get_value();
        let confirmed = purchase.draft.get_untracked();
        let lock = checkout::lock_name(&confirmed.customer.id);
        async move {
            let result = procura_web_lock::exclusively(&lock, async move {
                let saved = CartDraft::load(&confirmed.customer.id).found();
                match checkout::take_turn(confirmed, saved) {
                    Turn::Finished(draft, outcome) => {
                        let _ = save(&draft);
                        Ok(outcome)
                    }
                    Turn::CheckOut(mut draft) => check_out(&c, &mut draft, &save).await,
                }
            })
            .await;
            show(Step::after_checkout(result));
        }
    });
    let review = Action::new_local(move |_: &()| {
        let c = client.get_value();
        async move {
            let mut draft = purchase.draft.get_untracked();
            let result = synchronize(&c, &mut draft, &save).await;
            show(Step::after_review(result, &draft));
        }
    });
    if matches!(initial, Step::Running { .. }) {
        checkout.dispatch(());
    }
    // Another tab's finished checkout, reaching this one through storage events.
    Effect::new(move |_| {
        if let Some(s) = purchase.draft.with(|d| step.with_untracked(|s| s.after_other_tab(d))) {
            step.set(s);
        }
    });
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
        let snapshot = purchase.draft.with_untracked(|d| {
            estimates.lines.with_untracked(|e| confirmed_estimates(&d.lines, e))
        });
        confirmed.set_value(snapshot);
        step.set(Step::Running { resuming: false });
        checkout.dispatch(());
    };
    let step_title = move || {
        let m = i18n.m();
        step.with(|s| match s {
            Step::Edit => m.cart_title,
            Step::Done(_) => m.cart_result_title,
            s if s.heading_is_review() => m.cart_review_title,
            _ => m.cart_title,
        })
    };
    view! {
        <CustomerBar customer=customer.clone()/>
        {move || purchase.draft_discarded.get().then(|| view! {
            <p class="notice error" role="alert">{move || i18n.m().cart_draft_discarded}</p>
        })}
        {move || purchase.draft_unsaved.get().then(|| view! {
            <p class="notice error" role="alert">{move || i18n.m().cart_draft_not_saved}</p>
        })}
        <h2 tabindex="-1" node_ref=heading>{step_title}</h2>
        {move || failure.get().map(|f| view! { <FailureNotice failure=f/> })}
        {move || matches!(step.get(), Step::Edit | Step::Review).then(|| view! {
            <SheetNotices sheets=estimates.sheets market=estimates.market/>
        })}
        {move || match step.get() {
            Step::Edit => view! {
                <CartLines on_review=Callback::new(move |_| { review.dispatch(()); }) busy=review.pending()/>
            }.into_any(),
            Step::Review => view! {
                <Review/>
                <div class="actions">
                    <button type="button" on:click=move |_| step.set(Step::Edit)>{move || i18n.m().cart_back}</button>
                    <button type="button" class="primary" disabled=move || checkout.pending().get() on:click=confirm>
                        {move || i18n.m().cart_confirm}
                    </button>
                </div>
            }.into_any(),
            Step::Running { resuming } => view! {
                <p class="notice" role="status" aria-busy="true">
                    {move || if resuming { i18n.m().cart_resuming } else { i18n.m().cart_progress }}
                </p>
                <progress aria-label=move || i18n.m().cart_progress></progress>
            }.into_any(),
            Step::Done(outcome) => view! {
                <Outcome outcome=outcome estimated=confirmed.get_value()/>
                {move || purchase.draft.with(|d| d.can_retry()).then(|| view! {
                    <p class="notice">{move || i18n.m().cart_failed_kept}</p>
                    <button type="button" class="primary" disabled=move || checkout.pending().get() on:click=confirm>
                        {move || i18n.m().cart_retry_failed}
                    </button>
                })}
                <button
                    type="button"
                    on:click=move |_| {
                        purchase.edit(|d| d.outcome = None);
                        step.set(Step::Edit);
                    }
                >
                    {move || if purchase.draft.with(|d| d.lines.is_empty()) {
                        i18n.m().cart_new_cart
                    } else {
                        i18n.m().cart_change_failed
                    }}
                </button>
            }.into_any(),
        }}
    }
}

/// "Order 2 · billed Monthly": the heading of an order group (`n` counts from 0).
fn group_title(locale: Locale, n: usize, billing: Option<&pc::BillingCycle>) -> String {
    let billing = billing_label(locale, billing.map(pc::BillingCycle::as_wire).unwrap_or_default());
    fill(locale.messages().cart_group_title, &[("n", &(n + 1).to_string()), ("billing", &billing)])
}

/// "¥27,000 + $5.00 · Lines without an estimate: 1": estimated totals per currency, never
/// mixed, and how many lines have none.
fn estimated_total(
    locale: Locale,
    m: &crate::i18n::Messages,
    estimates: &[LineEstimate],
) -> String {
    let (sums, missing) = estimated_totals(estimates);
    let mut parts: Vec<String> =
        sums.into_iter().map(|(c, t)| format::decimal_money(locale, t, &c)).collect();
    if missing > 0 {
        parts.push(fill(m.prices_unestimated, &[("count", &missing.to_string())]));
    }
    parts.join(" + ")
}

#[component]
fn CartLines(on_review: Callback<()>, busy: Memo<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let purchase = use_purchase();
    let verdict =
        Memo::new(move |_| purchase.draft.with(|d| verdict::check(d, purchase.partner.get())));
    let blocked = move || {
        verdict.with(|v| v.is_blocked())
            || purchase.draft.with(|d| d.lines.iter().any(|l| l.server_error.is_some()))
    };
    let groups = move || purchase.draft.with(|d| order_groups(&d.lines));
    let estimates = expect_context::<Estimates>();
    let total = move || estimated_total(i18n.locale(), i18n.m(), &estimates.lines.get());
    view! {
        {move || if purchase.draft.with(|d| d.lines.is_empty()) {
            view! {
                <p class="notice">{move || i18n.m().cart_empty}" "<A href="/catalog">{move || i18n.m().cart_browse}</A></p>
            }.into_any()
        } else {
            view! {
                <p class="sync">{move || purchase.draft.with(|d| match (&d.cart_id, d.synced) {
                    (Some(id), true) => fill(i18n.m().cart_synced, &[("id", id)]),
                    _ => i18n.m().cart_not_synced.to_string(),
                })}</p>
                {move || groups().into_iter().enumerate().map(|(n, g)| {
                    let billing = g.billing.clone();
                    let findings = |i: usize| verdict.with(|v| v.lines.get(i).map(|l| l.findings.clone()).unwrap_or_default());
                    view! {
                        <section class="order-group">
                            <h3>{move || group_title(i18n.locale(), n, billing.as_ref())}</h3>
                            <ul class="lines">
                                {g.lines.into_iter().map(|i| view! { <CartLine index=i findings=findings(i)/> }).collect_view()}
                            </ul>
                        </section>
                    }
                }).collect_view()}
                <p class="total estimated"><span>{move || i18n.m().prices_estimated_total}</span>": "{total}</p>
                {move || blocked().then(|| view! { <p class="notice error" role="alert">{move || i18n.m().cart_blocked}</p> })}
                <div class="attestation">
                    <input
                        id="cart-attest"
                        type="checkbox"
                        aria-describedby="cart-attest-help"
                        prop:checked=move || purchase.draft.with(|d| d.attested)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            purchase.edit(|d| d.attest(on));
                        }
                    />
                    <label for="cart-attest">{move || i18n.m().cart_attest}</label>
                    <p id="cart-attest-help" class="hint">{move || i18n.m().cart_attest_help}</p>
                </div>
                <button
                    type="button"
                    class="primary"
                    disabled=move || blocked() || busy.get() || !purchase.draft.with(|d| d.attested)
                    on:click=move |_| on_review.run(())
                >
                    {move || i18n.m().cart_review}
                </button>
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
    let edit = move |f: Box<dyn FnOnce(&mut DraftLine)>| {
        purchase.edit(|d| {
            if let Some(l) = d.lines.get_mut(index) {
                f(l);
            }
            d.touch();
        })
    };
    let (qid, tid, bid) = (
        format!("line-{index}-quantity"),
        format!("line-{index}-term"),
        format!("line-{index}-billing"),
    );
    let title = line.sku_title.clone();
    let estimates = expect_context::<Estimates>();
    let server_error = line.server_error.clone();
    let remove_label = title.clone();
    let can_renew = line.can_choose_renewal();
    let (attestation, attestation_accepted) =
        (line.facts.attestation.clone(), line.attestation_accepted);
    let DraftLine {
        facts,
        term: current_term,
        billing: current_billing,
        reseller,
        renews_to: current_renewal,
        ..
    } = line.clone();
    view! {
        <li class="line">
            <h4>{title.clone()}</h4>
            <p class="item-id">{line.catalog_item_id.clone()}</p>
            <div class="line-fields">
                <label for=qid.clone()>{move || i18n.m().common_quantity}</label>
                <input
                    id=qid
                    type="number"
                    inputmode="numeric"
                    value=line.quantity.to_string()
                    on:change=move |ev| {
                        let q = parse_quantity(&event_target_value(&ev));
                        edit(Box::new(move |l| l.quantity = q));
                    }
                />
                <label for=tid.clone()>{move || i18n.m().common_term}</label>
                <select
                    id=tid
                    on:change=move |ev| {
                        let t = Term::parse(&event_target_value(&ev));
                        edit(Box::new(move |l| {
                            l.term = t;
                            if !l.can_choose_renewal() {
                                l.renews_to = None;
                            }
                        }));
                    }
                >
                    {if facts.terms.is_empty() {
                        view! { <option value="">{move || i18n.m().term_none}</option> }.into_any()
                    } else {
                        facts.terms.into_iter().map(|t| {
                            let label = move || term_label(i18n.locale(), Some(t.as_str()));
                            view! { <option value=t.as_str() selected=current_term == Some(t)>{label}</option> }
                        }).collect_view().into_any()
                    }}
                </select>
                <label for=bid.clone()>{move || i18n.m().common_billing}</label>
                <select
                    id=bid
                    on:change=move |ev| {
                        let b = pc::BillingCycle::from_wire(&event_target_value(&ev));
                        edit(Box::new(move |l| l.billing = Some(b)));
                    }
                >
                    {facts.billing_cycles.into_iter().map(|b| {
                        let selected = current_billing.as_ref() == Some(&b);
                        let wire = b.as_wire().to_string();
                        let label = wire.clone();
                        view! { <option value=wire selected=selected>{move || billing_label(i18n.locale(), &label)}</option> }
                    }).collect_view()}
                </select>
                {attestation.clone().map(|kind| {
                    let aid = format!("line-{index}-attest");
                    view! {
                        <div class="check">
                            <input
                                id=aid.clone()
                                type="checkbox"
                                prop:checked=attestation_accepted
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    edit(Box::new(move |l| l.attestation_accepted = on));
                                }
                            />
                            <label for=aid>{move || {
                                let m = i18n.m();
                                if kind.eq_ignore_ascii_case("Windows365") {
                                    m.cart_attest_windows365.to_string()
                                } else {
                                    fill(m.cart_attest_sku, &[("kind", &kind)])
                                }
                            }}</label>
                        </div>
                    }
                })}
                {can_renew.then(|| {
                    let nid = format!("line-{index}-renews");
                    let options: [(Option<Term>, &str); 3] = [(None, ""), (Term::parse("P1M"), "P1M"), (Term::parse("P1Y"), "P1Y")];
                    view! {
                        <label for=nid.clone()>{move || i18n.m().cart_renews_to}</label>
                        <select
                            id=nid
                            on:change=move |ev| {
                                let t = Term::parse(&event_target_value(&ev));
                                edit(Box::new(move |l| l.renews_to = t));
                            }
                        >
                            {options.into_iter().map(|(t, wire)| {
                                let label = move || match t {
                                    None => i18n.m().cart_renews_as_term.to_string(),
                                    Some(t) => term_label(i18n.locale(), Some(t.as_str())),
                                };
                                view! { <option value=wire selected=current_renewal == t>{label}</option> }
                            }).collect_view()}
                        </select>
                    }
                })}
                <ResellerField
                    id=format!("line-{index}-reseller")
                    value=reseller
                    on_change=Callback::new(move |r: Option<String>| edit(Box::new(move |l| l.reseller = r)))
                />
                <button
                    type="button"
                    class="remove"
                    aria-label=move || format!("{} {}", i18n.m().common_remove, remove_label)
                    on:click=move |_| purchase.edit(|d| {
                        if index < d.lines.len() {
                            d.lines.remove(index);
                        }
                        d.touch();
                    })
                >
                    {move || i18n.m().common_remove}
                </button>
            </div>
            {move || estimates.lines.with(|e| e.get(index).cloned()).map(|e| view! { <EstimateNote estimate=e/> })}
            <FindingList findings=findings/>
            {server_error.map(|e| view! {
                <p class="notice error">{move || fill(i18n.m().cart_server_error, &[("message", &e)])}</p>
            })}
        </li>
    }
    .into_any()
}

#[component]
fn Review() -> impl IntoView {
    let i18n = use_i18n();
    let purchase = use_purchase();
    let estimates = expect_context::<Estimates>();
    let draft = purchase.draft.get_untracked();
    let customer = draft.customer.name.clone();
    let groups = order_groups(&draft.lines);
    view! {
        <p>{move || fill(i18n.m().cart_review_intro, &[("customer", &customer)])}</p>
        {groups.into_iter().enumerate().map(|(n, g)| {
            let billing = g.billing.clone();
            let indexes = g.lines.clone();
            let group_estimate = move || {
                let all = estimates.lines.get();
                let mine: Vec<LineEstimate> = indexes.iter().filter_map(|i| all.get(*i).cloned()).collect();
                fill(i18n.m().prices_estimated_group, &[("amount", &estimated_total(i18n.locale(), i18n.m(), &mine))])
            };
            let lines: Vec<(usize, DraftLine)> = g.lines.iter().filter_map(|i| draft.lines.get(*i).cloned().map(|l| (*i, l))).collect();
            view! {
                <section class="order-group">
                    <h3>{move || group_title(i18n.locale(), n, billing.as_ref())}</h3>
                    <ul>
                        {lines.into_iter().map(|(i, l)| {
                            let term = l.term;
                            view! {
                                <li>
                                    {format!("{} × {}", l.quantity, l.sku_title)}" · "
                                    {move || term_label(i18n.locale(), term.map(|t| t.as_str()))}
                                    {move || estimates.lines.with(|e| e.get(i).cloned()).map(|e| view! { <EstimateNote estimate=e/> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <p class="group-estimate">{group_estimate}</p>
                </section>
            }
        }).collect_view()}
        <p class="total estimated"><span>{move || i18n.m().prices_estimated_total}</span>": "
            {move || estimated_total(i18n.locale(), i18n.m(), &estimates.lines.get())}
        </p>
    }
}

/// What each order bought (items, quantities, amounts where Partner Center gave them, billing)
/// and what happens next.
#[component]
fn PlacedOrders(orders: Vec<pc::Order>, estimated: Vec<(String, Estimate)>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {orders.into_iter().map(|o| {
            let id = o.id.clone().unwrap_or_default();
            let href = format!("/orders/{id}");
            let currency = o.currency_code.clone().unwrap_or_default();
            let billing = o.billing_cycle.clone();
            let order = o.clone();
            view! {
                <section class="placed-order">
                    <h4>
                        {move || fill(i18n.m().cart_order_link, &[("id", &id)])}" · "
                        {move || billing_label(i18n.locale(), billing.as_ref().map(pc::BillingCycle::as_wire).unwrap_or_default())}
                    </h4>
                    <div class="table-scroll">
                        <table class="data placed-lines">
                            <thead><tr>
                                <th scope="col">{move || i18n.m().order_col_item}</th>
                                <th scope="col" class="num">{move || i18n.m().common_quantity}</th>
                                <th scope="col" class="num">{move || i18n.m().order_col_extended}</th>
                                <th scope="col" class="num">{move || i18n.m().prices_estimated_col}</th>
                            </tr></thead>
                            <tbody>
                                {o.line_items.iter().map(|l| {
                                    let amount = l.pricing.as_ref().and_then(|p| p.extended_price);
                                    let cur = currency.clone();
                                    let estimate = for_order_line(&estimated, &l.offer_id, l.quantity);
                                    let compared = estimate.clone().zip(amount).map(|(e, a)| (difference(&e, &cur, a), e));
                                    let cur2 = cur.clone();
                                    view! {
                                        <tr>
                                            <td>{l.friendly_name.clone().unwrap_or_else(|| l.offer_id.clone())}</td>
                                            <td class="num">{l.quantity}</td>
                                            <td class="num">{move || amount.map(|a| format::decimal_money(i18n.locale(), a, &cur)).unwrap_or_else(|| i18n.m().cart_price_on_order_pending.to_string())}</td>
                                            <td class="num estimate-compare">{move || {
                                                let m = i18n.m();
                                                let locale = i18n.locale();
                                                match &compared {
                                                    None => estimate.as_ref().map(|e| format::decimal_money(locale, e.total, &e.currency)).unwrap_or_default(),
                                                    Some((None, e)) => format!("{} · {}", format::decimal_money(locale, e.total, &e.currency), m.prices_as_estimated),
                                                    Some((Some(d), e)) => {
                                                        let by = format::decimal_money(locale, d.abs(), &cur2);
                                                        let text = if d.is_sign_negative() { m.prices_difference_less } else { m.prices_difference };
                                                        format!("{} · {}", format::decimal_money(locale, e.total, &e.currency), fill(text, &[("amount", &by)]))
                                                    }
                                                }
                                            }}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <p class="total"><span>{move || i18n.m().cart_total}</span>": "{move || order_total(i18n.locale(), &order)}</p>
                    <p><A href=href.clone()>{move || i18n.m().cart_follow_order}</A></p>
                </section>
            }
        }).collect_view()}
        <p class="notice">{move || i18n.m().cart_next_steps}" "<A href="/orders">{move || i18n.m().nav_orders}</A></p>
    }
}

#[component]
fn Outcome(outcome: CheckoutOutcome, estimated: Vec<(String, Estimate)>) -> impl IntoView {
    let i18n = use_i18n();
    let orders = outcome.order_ids.clone();
    let errors = outcome.order_errors.clone();
    let found = !orders.is_empty();
    view! {
        {outcome.already_submitted.then(|| view! {
            <p class="notice" role="status">
                {move || if found { i18n.m().cart_already_placed } else { i18n.m().pc_error_code_800065 }}
                " "
                {(!found).then(|| view! { <A href="/orders">{move || i18n.m().nav_orders}</A> })}
            </p>
        })}
        {(!orders.is_empty()).then(|| view! {
            <h3>{move || i18n.m().cart_orders_created}</h3>
            <ul class="orders" role="status">
                {orders.into_iter().map(|id| {
                    let href = format!("/orders/{id}");
                    view! { <li><A href=href>{move || fill(i18n.m().cart_order_link, &[("id", &id)])}</A></li> }
                }).collect_view()}
            </ul>
        })}
        {(!outcome.orders.is_empty()).then(|| view! {
            <PlacedOrders orders=outcome.orders.clone() estimated=estimated.clone()/>
        })}
        {(!errors.is_empty()).then(|| view! {
            <h3>{move || i18n.m().cart_order_errors}</h3>
            <ul class="order-errors" role="alert">
                {errors.into_iter().map(|(group, code, description)| view! {
                    <li>
                        {move || {
                            let text = order_error_text(i18n.m(), code, &description);
                            fill(i18n.m().cart_order_error, &[("group", &group), ("message", &text)])
                        }}
                        " (" {code} ")"
                    </li>
                }).collect_view()}
            </ul>
        })}
    }
}

//! Enablement: register a customer's Azure subscription for reservation purchases, then
//! watch its status (polled with back-off by `hooks::poll`) until it is registered.

use leptos::prelude::*;
use procura_partner_center as pc;

use crate::api::{use_client, Failure};
use crate::components::{for_customer, CustomerBar, FailureNotice, Loaded};
use crate::hooks::{poll, PollOptions, PollState};
use crate::i18n::{fill, use_i18n, Messages};
use crate::purchase::CustomerRef;

/// Waits between status checks: 1 s, 2 s, 4 s, then every 8 s (Partner Center asks clients
/// not to poll in tight loops).
pub fn poll_delay_ms(check: u32) -> u64 {
    crate::api::retry::doubling_ms(1000, check, 8_000)
}

/// Registration takes minutes on Partner Center: ask for an hour at most.
const POLLING: PollOptions = PollOptions {
    delay_ms: poll_delay_ms,
    max_checks: 450,
    wait_first: true,
    stop_on_failure: true,
};

fn status_label(m: &Messages, s: &pc::RegistrationStatus) -> &'static str {
    match s {
        pc::RegistrationStatus::Registered => m.enablement_status_registered,
        pc::RegistrationStatus::Registering => m.enablement_status_registering,
        _ => m.enablement_status_notregistered,
    }
}

#[component]
pub fn EnablementPage() -> AnyView {
    let i18n = use_i18n();
    view! {
        <section class="page enablement">
            <h1>{move || i18n.m().enablement_title}</h1>
            <p>{move || i18n.m().enablement_intro}</p>
            {for_customer(|c| view! { <Enablement customer=c/> })}
        </section>
    }
    .into_any()
}

#[component]
fn Enablement(customer: CustomerRef) -> impl IntoView {
    let i18n = use_i18n();
    let client = StoredValue::new_local(use_client());
    let id = customer.id.clone();
    let rows = LocalResource::new(move || {
        let (c, id) = (client.get_value(), id.clone());
        async move { c.azure_subscriptions(&id).await }
    });
    // The registration under way: whose, and what its polling knows.
    let current = RwSignal::new(None::<String>);
    let state = RwSignal::new(PollState::<pc::RegistrationStatus>::default());
    let done = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<Failure>);
    let cust = customer.id.clone();
    let register = Action::new_local(move |(sub, name): &(String, String)| {
        let (c, cust, sub, name) = (client.get_value(), cust.clone(), sub.clone(), name.clone());
        async move {
            done.set(None);
            failure.set(None);
            if let Err(f) = c.register_subscription(&cust, &sub).await {
                failure.set(Some(f));
                return;
            }
            current.set(Some(name.clone()));
            state.set(PollState::default());
            let check = || {
                let (c, cust, sub) = (c.clone(), cust.clone(), sub.clone());
                async move { c.registration_status(&cust, &sub).await.map(|s| s.status) }
            };
            let last =
                poll(check, |s| *s == pc::RegistrationStatus::Registered, POLLING, state).await;
            current.try_set(None);
            match last {
                Some(Ok(pc::RegistrationStatus::Registered)) => {
                    done.try_set(Some(name));
                    rows.refetch();
                }
                Some(Err(f)) => {
                    failure.try_set(Some(f));
                }
                _ => {}
            }
        }
    });
    let polling = move || {
        let name = current.get()?;
        let (checks, wait) = state.with(|s| (s.checks, s.next_wait_ms));
        let wait = wait?;
        let text = fill(
            i18n.m().enablement_polling,
            &[
                ("name", &name),
                ("count", &checks.to_string()),
                ("seconds", &(wait / 1000).to_string()),
            ],
        );
        Some(view! { <p class="notice" role="status" aria-busy="true">{text}</p> })
    };
    view! {
        <CustomerBar customer=customer.clone()/>
        <h2>{move || i18n.m().enablement_subscriptions_title}</h2>
        {polling}
        {move || done.get().map(|name| view! {
            <p class="notice ok" role="status">{move || fill(i18n.m().enablement_registered, &[("name", &name)])}</p>
        })}
        {move || failure.get().map(|f| view! { <FailureNotice failure=f/> })}
        <Loaded resource=rows let:list>
            {if list.is_empty() {
                view! { <p class="notice">{move || i18n.m().enablement_no_azure}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data">
                            <thead><tr>
                                <th scope="col">{move || i18n.m().enablement_col_subscription}</th>
                                <th scope="col">{move || i18n.m().enablement_col_status}</th>
                                <th scope="col">{move || i18n.m().enablement_col_action}</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|(s, status)| {
                                    let name = s.friendly_name.clone().or(s.offer_name.clone()).unwrap_or_else(|| s.id.clone());
                                    let label_name = name.clone();
                                    let st = status.clone();
                                    let args = (s.id.clone(), name.clone());
                                    view! {
                                        <tr>
                                            <td>{format!("{name} ({})", s.id)}</td>
                                            <td>{move || status_label(i18n.m(), &st)}</td>
                                            <td>{(status != pc::RegistrationStatus::Registered).then(|| view! {
                                                <button
                                                    type="button"
                                                    disabled=move || register.pending().get()
                                                    on:click=move |_| { register.dispatch(args.clone()); }
                                                >
                                                    {move || fill(i18n.m().enablement_register, &[("name", &label_name)])}
                                                </button>
                                            })}</td>
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

#[cfg(test)]
mod tests {
    #[test]
    fn polling_backs_off_to_eight_seconds() {
        let waits: Vec<u64> = (0..6).map(super::poll_delay_ms).collect();
        assert_eq!(waits, [1000, 2000, 4000, 8000, 8000, 8000]);
    }
}

//! Enablement: register a customer's Azure subscription for reservation purchases, then
//! watch its status (polled with back-off) until it is registered.

use leptos::prelude::*;
use procura_partner_center as pc;

use crate::api::{use_client, Failure};
use crate::browser;
use crate::components::{for_customer, CustomerBar, FailureNotice, Loading};
use crate::i18n::{fill, use_i18n, Messages};
use crate::purchase::CustomerRef;

/// Waits between status checks: 1 s, 2 s, 4 s, then every 8 s (Partner Center asks clients
/// not to poll in tight loops).
pub fn poll_delay_ms(check: u32) -> u64 {
    crate::api::retry::doubling_ms(1000, check, 8_000)
}

fn status_label(m: &Messages, s: &pc::RegistrationStatus) -> &'static str {
    match s {
        pc::RegistrationStatus::Registered => m.enablement_status_registered,
        pc::RegistrationStatus::Registering => m.enablement_status_registering,
        _ => m.enablement_status_notregistered,
    }
}

#[component]
pub fn EnablementPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page enablement">
            <h1>{move || i18n.m().enablement_title}</h1>
            <p>{move || i18n.m().enablement_intro}</p>
            {for_customer(|c| view! { <Enablement customer=c/> })}
        </section>
    }
}

#[component]
fn Enablement(customer: CustomerRef) -> impl IntoView {
    let i18n = use_i18n();
    let client = use_client();
    let c1 = client.clone();
    let id = customer.id.clone();
    let rows = LocalResource::new(move || {
        let (c, id) = (c1.clone(), id.clone());
        async move { c.azure_subscriptions(&id).await }
    });
    // What the current registration is doing: (subscription name, checks so far, next wait).
    let progress = RwSignal::new(None::<(String, u32, u64)>);
    let done = RwSignal::new(None::<String>);
    let cust = customer.id.clone();
    let register = Action::new_local(move |(sub, name): &(String, String)| {
        let (c, cust, sub, name) = (client.clone(), cust.clone(), sub.clone(), name.clone());
        async move {
            let c = c.in_flow();
            done.set(None);
            c.register_subscription(&cust, &sub, &browser::new_uuid()).await?;
            let mut check = 0u32;
            loop {
                let wait = poll_delay_ms(check);
                progress.set(Some((name.clone(), check, wait)));
                browser::sleep_ms(wait).await;
                check += 1;
                if c.registration_status(&cust, &sub).await?.status
                    == pc::RegistrationStatus::Registered
                {
                    progress.set(None);
                    done.set(Some(name));
                    rows.refetch();
                    return Ok::<(), Failure>(());
                }
            }
        }
    });
    view! {
        <CustomerBar customer=customer.clone()/>
        <h2>{move || i18n.m().enablement_subscriptions_title}</h2>
        {move || progress.get().map(|(name, count, wait)| view! {
            <p class="notice" role="status" aria-busy="true">
                {move || fill(i18n.m().enablement_polling, &[("name", &name), ("count", &count.to_string()), ("seconds", &(wait / 1000).to_string())])}
            </p>
        })}
        {move || done.get().map(|name| view! { <p class="notice ok" role="status">{move || fill(i18n.m().enablement_registered, &[("name", &name)])}</p> })}
        {move || match register.value().get() {
            Some(Err(f)) => view! { <FailureNotice failure=f/> }.into_any(),
            _ => ().into_any(),
        }}
        {move || match rows.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(f)) => view! { <FailureNotice failure=f retry=move |_| rows.refetch()/> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p class="notice">{move || i18n.m().enablement_no_azure}</p> }.into_any(),
            Some(Ok(list)) => view! {
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
                                        <button type="button" disabled=move || register.pending().get()
                                            on:click=move |_| { register.dispatch(args.clone()); }>
                                            {move || fill(i18n.m().enablement_register, &[("name", &label_name)])}
                                        </button>
                                    })}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any(),
        }}
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

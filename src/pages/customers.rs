//! Customers: a searchable list; choosing one sets the customer for every purchase flow.

use leptos::prelude::*;
use leptos_router::components::A;
use procura_partner_center as pc;

use crate::api::{use_client, Failure};
use crate::components::{FailureNotice, Loaded};
use crate::i18n::{fill, use_i18n};
use crate::purchase::search::SearchIndex;
use crate::purchase::CustomerRef;
use crate::state::use_purchase;

#[component]
pub fn CustomersPage() -> AnyView {
    let i18n = use_i18n();
    let client = use_client();
    let customers = LocalResource::new(move || {
        let c = client.clone();
        async move { c.customers().await }
    });
    view! {
        <section class="page customers">
            <h1>{move || i18n.m().customers_title}</h1>
            <Loaded resource=customers let:list><CustomerList customers=list/></Loaded>
        </section>
    }
    .into_any()
}

#[component]
fn CustomerList(customers: Vec<pc::Customer>) -> impl IntoView {
    let i18n = use_i18n();
    let purchase = use_purchase();
    let query = RwSignal::new(String::new());
    let index = SearchIndex::new(
        customers.iter().map(|c| format!("{} {} {}", c.name(), c.domain(), c.country())),
    );
    let total = customers.len();
    let customers = StoredValue::new(customers);
    let shown = Memo::new(move |_| query.with(|q| index.matches(q)));
    // The list may lack a customer's country; choosing reads it then.
    let client = StoredValue::new_local(use_client());
    let failure = RwSignal::new(None::<Failure>);
    let choose = Action::new_local(move |r: &CustomerRef| {
        let (c, r) = (client.get_value(), r.clone());
        async move {
            match r.with_country(&c).await {
                Ok(r) => {
                    failure.set(None);
                    purchase.choose(r);
                }
                Err(Failure::Cancelled) => {}
                Err(f) => failure.set(Some(f)),
            }
        }
    });
    let chosen_id =
        move || purchase.customer.with(|c| c.as_ref().map(|c| c.id.to_ascii_lowercase()));
    let rows = move || {
        let chosen = chosen_id();
        customers.with_value(|all| {
            shown
                .get()
                .into_iter()
                .filter_map(|i| all.get(i).cloned())
                .map(|c| {
                    let r = CustomerRef::of(&c);
                    let is_chosen = chosen.as_deref() == Some(r.id.to_ascii_lowercase().as_str());
                    let name = r.name.clone();
                    view! {
                        <tr aria-current=is_chosen.then_some("true")>
                            <td>{c.name().to_string()}</td>
                            <td>{c.domain().to_string()}</td>
                            <td>{c.country().to_string()}</td>
                            <td>
                                {if is_chosen {
                                    view! { <span class="chosen">{move || i18n.m().customers_chosen}</span> }.into_any()
                                } else {
                                    let r = r.clone();
                                    view! {
                                        <button type="button" disabled=move || choose.pending().get() on:click=move |_| { choose.dispatch(r.clone()); }>
                                            {move || fill(i18n.m().customers_choose, &[("name", &name)])}
                                        </button>
                                    }
                                        .into_any()
                                }}
                            </td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="search">
            <label for="customer-search">{move || i18n.m().customers_search_label}</label>
            <input
                id="customer-search"
                type="search"
                autocomplete="off"
                placeholder=move || i18n.m().customers_search_placeholder
                prop:value=query
                on:input=move |ev| query.set(event_target_value(&ev))
            />
        </div>
        <p role="status" class="count">
            {move || {
                let n = shown.with(Vec::len);
                if n == 0 && total > 0 {
                    fill(i18n.m().customers_empty, &[("query", &query.get())])
                } else {
                    fill(i18n.m().customers_count, &[("shown", &n.to_string()), ("total", &total.to_string())])
                }
            }}
        </p>
        {move || failure.get().map(|f| view! { <FailureNotice failure=f/> })}
        {move || purchase.customer.get().map(|c| view! {
            <p class="notice ok">
                {move || fill(i18n.m().customers_selected, &[("name", &c.name)])} " "
                <A href="/catalog">{move || i18n.m().customers_next}</A>
            </p>
        })}
        <div class="table-scroll">
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.m().customers_col_name}</th>
                        <th scope="col">{move || i18n.m().customers_col_domain}</th>
                        <th scope="col">{move || i18n.m().customers_col_country}</th>
                        <th scope="col">{move || i18n.m().customers_col_action}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

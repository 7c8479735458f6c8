//! Who the partner is buying for, on every page of the purchase flow; or, before anyone is
//! chosen, the way to choose.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{fill, use_i18n};
use crate::purchase::CustomerRef;
use crate::state::use_purchase;

#[component]
pub fn NoCustomer() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="notice">
            <p>{move || i18n.m().common_no_customer}</p>
            <A href="/customers">{move || i18n.m().common_go_to_customers}</A>
        </div>
    }
}

#[component]
pub fn CustomerBar(customer: CustomerRef) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="customer-bar">
            <span>{move || fill(i18n.m().common_customer_bar, &[("name", &customer.name), ("country", &customer.country)])}</span>
            " "
            <A href="/customers">{move || i18n.m().common_change_customer}</A>
        </p>
    }
}

/// Renders `page` for the chosen customer (re-created when the choice changes), or the way
/// to choose one.
pub fn for_customer<V: IntoView + 'static>(
    page: impl Fn(CustomerRef) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let purchase = use_purchase();
    move || match purchase.customer.get() {
        None => view! { <NoCustomer/> }.into_any(),
        Some(c) => page(c).into_view().into_any(),
    }
}

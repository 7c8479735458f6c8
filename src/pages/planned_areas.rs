//! Areas that later work fills in: until then each says what it will do.

use leptos::prelude::*;

use crate::components::Planned;

#[component]
pub fn OrdersPage() -> impl IntoView {
    view! { <Planned title=|m| m.nav_orders body=|m| m.orders_planned/> }
}

#[component]
pub fn EntitlementsPage() -> impl IntoView {
    view! { <Planned title=|m| m.nav_entitlements body=|m| m.entitlements_planned/> }
}

#[component]
pub fn InvoicesPage() -> impl IntoView {
    view! { <Planned title=|m| m.nav_invoices body=|m| m.invoices_planned/> }
}

//! Areas that later work fills in: until then each says what it will do.

use leptos::prelude::*;

use crate::components::Planned;

#[component]
pub fn CustomersPage() -> impl IntoView {
    view! { <Planned title=|m| m.nav_customers body=|m| m.customers_planned/> }
}

#[component]
pub fn CatalogPage() -> impl IntoView {
    view! { <Planned title=|m| m.nav_catalog body=|m| m.catalog_planned/> }
}

#[component]
pub fn CartPage() -> impl IntoView {
    view! { <Planned title=|m| m.nav_cart body=|m| m.cart_planned/> }
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    view! { <Planned title=|m| m.nav_orders body=|m| m.orders_planned/> }
}

#[component]
pub fn AddonsPage() -> impl IntoView {
    view! { <Planned title=|m| m.nav_addons body=|m| m.addons_planned/> }
}

#[component]
pub fn EnablementPage() -> impl IntoView {
    view! { <Planned title=|m| m.nav_enablement body=|m| m.enablement_planned/> }
}

#[component]
pub fn EntitlementsPage() -> impl IntoView {
    view! { <Planned title=|m| m.nav_entitlements body=|m| m.entitlements_planned/> }
}

#[component]
pub fn InvoicesPage() -> impl IntoView {
    view! { <Planned title=|m| m.nav_invoices body=|m| m.invoices_planned/> }
}

#[component]
pub fn BulkCheckPage() -> impl IntoView {
    view! { <Planned title=|m| m.nav_bulk_check body=|m| m.bulk_check_planned/> }
}

use leptos::prelude::*;
#[component] pub fn AddonsPage() -> impl IntoView { view! { <h1>"addons"</h1> } }
#[component] pub fn EnablementPage() -> impl IntoView { view! { <h1>"enablement"</h1> } }
#[component] pub fn BulkCheckPage() -> impl IntoView { view! { <h1>"bulk"</h1> } }

//! Any path the router does not know: said plainly, with the way home.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_location};

use crate::i18n::{fill, use_i18n};

#[component]
pub fn NotFoundPage() -> AnyView {
    let i18n = use_i18n();
    let path = use_location().pathname;
    view! {
        <section class="page not-found">
            <h1>{move || i18n.m().not_found_title}</h1>
            <p>{move || fill(i18n.m().not_found_body, &[("path", &path.get())])}</p>
            <p><A href="/">{move || i18n.m().not_found_home}</A></p>
        </section>
    }
    .into_any()
}

//! The start page: what Procura does, in four steps.

use leptos::prelude::*;

use crate::i18n::use_i18n;

#[component]
pub fn HomePage() -> AnyView {
    let i18n = use_i18n();
    view! {
        <section class="page home">
            <h1>{move || i18n.m().home_title}</h1>
            <p class="lead">{move || i18n.m().home_intro}</p>
            <h2>{move || i18n.m().home_steps_title}</h2>
            <ol class="steps">
                <li>{move || i18n.m().home_step_customer}</li>
                <li>{move || i18n.m().home_step_catalog}</li>
                <li>{move || i18n.m().home_step_cart}</li>
                <li>{move || i18n.m().home_step_checkout}</li>
            </ol>
        </section>
    }
    .into_any()
}

use leptos::prelude::*;

use crate::i18n::{use_i18n, Messages};

/// An area whose screens are not built yet: its title and one sentence saying what it
/// will do, and nothing that pretends to work.
#[component]
pub fn Planned(
    title: fn(&'static Messages) -> &'static str,
    body: fn(&'static Messages) -> &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page planned">
            <h1>{move || title(i18n.m())}</h1>
            <p>{move || body(i18n.m())}</p>
            <p class="notice">{move || i18n.m().planned_notice}</p>
        </section>
    }
}

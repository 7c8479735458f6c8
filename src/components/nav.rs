//! The main navigation, one link per area of `areas::AREAS`.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::areas::AREAS;
use crate::i18n::use_i18n;

/// The main navigation; the router marks the current area with `aria-current="page"`.
#[component]
pub fn Nav() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="app-nav" aria-label=move || i18n.m().nav_label>
            <ul>
                {AREAS
                    .iter()
                    .map(|area| {
                        view! {
                            <li>
                                <A href=area.path exact=true>{move || (area.label)(i18n.m())}</A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

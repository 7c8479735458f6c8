//! The main navigation, one link per area of `areas::AREAS`. On a narrow screen the list
//! folds behind a menu button (CSS decides when; the button says whether it is open).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::areas::AREAS;
use crate::i18n::use_i18n;

/// The main navigation; the router marks the current area with `aria-current="page"`.
#[component]
pub fn Nav() -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    view! {
        <nav class="app-nav" aria-label=move || i18n.m().nav_label>
            <button
                type="button"
                class="nav-toggle"
                aria-controls="main-nav"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {move || i18n.m().nav_menu}
            </button>
            // Following a link closes the menu.
            <ul id="main-nav" class:open=move || open.get() on:click=move |_| open.set(false)>
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

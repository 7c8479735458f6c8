//! The app header: skip link, brand, endpoint indicator and language choice.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{EndpointBadge, LanguageSelect};
use crate::i18n::use_i18n;

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="app-header">
            <a class="skip-link" href="#main">{move || i18n.m().app_skip_to_content}</a>
            <A href="/" attr:class="brand">
                <span class="brand-name">{move || i18n.m().app_name}</span>
                <span class="brand-tagline">{move || i18n.m().app_tagline}</span>
            </A>
            <div class="header-tools">
                <EndpointBadge/>
                <LanguageSelect/>
            </div>
        </header>
    }
}

//! The app header: skip link, brand, endpoint indicator and language choice.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{EndpointBadge, LanguageSelect};
use crate::i18n::{fill, use_i18n};
use crate::signin::use_sign_in;

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let sign_in = use_sign_in();
    view! {
        <header class="app-header">
            <a class="skip-link" href="#main">{move || i18n.m().app_skip_to_content}</a>
            <A href="/" attr:class="brand">
                <span class="brand-name">{move || i18n.m().app_name}</span>
                <span class="brand-tagline">{move || i18n.m().app_tagline}</span>
            </A>
            <div class="header-tools">
                {move || sign_in.session.get().map(|s| {
                    let (user, tenant) = (s.user.clone(), s.tenant.clone().unwrap_or_default());
                    view! {
                        <span class="signed-in" id="signed-in-user">
                            {move || fill(i18n.m().signin_header, &[("user", &user), ("tenant", &tenant)])}
                        </span>
                        <button type="button" on:click=move |_| leptos::task::spawn_local(sign_in.sign_out())>
                            {move || i18n.m().signin_sign_out}
                        </button>
                    }
                })}
                <EndpointBadge/>
                <LanguageSelect/>
            </div>
        </header>
    }
}

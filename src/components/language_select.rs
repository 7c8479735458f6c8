//! The language choice, each language listed in its own name.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Locale};

/// Each language is listed in its own name, so anyone can find theirs.
#[component]
pub fn LanguageSelect() -> impl IntoView {
    let i18n = use_i18n();
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(locale) = Locale::from_tag(&event_target_value(&ev)) {
            i18n.set_locale(locale);
        }
    };
    view! {
        <label class="language-select">
            <span class="visually-hidden">{move || i18n.m().language_label}</span>
            <select id="language-select" on:change=on_change prop:value=move || i18n.locale().tag()>
                {Locale::ALL
                    .into_iter()
                    .map(|l| {
                        view! {
                            <option value=l.tag() lang=l.tag() selected=move || i18n.locale() == l>
                                {l.messages().language_self_name}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

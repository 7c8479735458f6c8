//! The header's endpoint indicator: which service the app is talking to, always in view.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{fill, use_i18n};
use crate::settings::{use_connection, Endpoint};

/// Which endpoint the app talks to, always visible: buying against a live endpoint by
/// mistake must not be possible without noticing.
#[component]
pub fn EndpointBadge() -> impl IntoView {
    let i18n = use_i18n();
    let conn = use_connection();
    let text = move || {
        let m = i18n.m();
        conn.endpoint.with(|e| match e {
            Endpoint::Embedded => m.endpoint_embedded.to_string(),
            Endpoint::Live(_) => fill(m.endpoint_live, &[("host", e.host().unwrap_or_default())]),
        })
    };
    let live = move || conn.endpoint.with(|e| matches!(e, Endpoint::Live(_)));
    view! {
        <A href="/settings" attr:class="endpoint-badge" attr:data-live=move || live().to_string()>
            <span class="visually-hidden">{move || i18n.m().endpoint_label} ": "</span>
            <span id="endpoint-indicator" title=move || i18n.m().endpoint_change>{text}</span>
        </A>
    }
}

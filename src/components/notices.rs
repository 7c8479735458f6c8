//! Status and error notices: loading (a polite status), failures (an alert, announced),
//! each with what to do next.

use leptos::prelude::*;

use crate::api::Failure;
use crate::i18n::{fill, use_i18n};

/// A heading that takes focus when it appears: the title of the step the partner just
/// opened, so keyboard and screen-reader users land on it.
pub fn focused_heading() -> NodeRef<leptos::html::H2> {
    let heading = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    heading
}

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading" role="status">{move || i18n.m().common_loading}</p> }
}

/// A failed request: what happened and what to do, the server's own words as detail, and a
/// retry button when the caller can retry.
#[component]
pub fn FailureNotice(
    failure: Failure,
    #[prop(optional, into)] retry: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let detail = failure.detail();
    let message = failure.clone();
    view! {
        <div class="notice error" role="alert">
            <p>{move || message.message(i18n.m())}</p>
            {detail.map(|d| view! { <p class="detail">{move || fill(i18n.m().common_details, &[("detail", &d)])}</p> })}
            {retry.map(|r| view! { <button type="button" on:click=move |_| r.run(())>{move || i18n.m().common_retry}</button> })}
        </div>
    }
}

//! One resource loading: a polite "Loading…", then its content, or the failure in the
//! partner's language with a retry. Built on `Transition`, so a reload (a retry, a new
//! filter) keeps what is shown until the new answer is in.

use std::sync::Arc;

use leptos::prelude::*;

use super::{FailureNotice, Loading};
use crate::api::Failure;

/// `<Loaded resource=orders let:list> … </Loaded>`
#[component]
pub fn Loaded<T, V, C>(
    /// What is being read.
    resource: LocalResource<Result<T, Failure>>,
    /// What to show once it is read.
    children: C,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    C: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let children = Arc::new(children);
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => children(value).into_view().into_any(),
                        Err(failure) => {
                            view! { <FailureNotice failure retry=move |_| resource.refetch()/> }
                                .into_any()
                        }
                    }
                })
            }}
        </Transition>
    }
}

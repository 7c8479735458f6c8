//! Reading every page of a long collection (an invoice's line items) into the page as it
//! arrives, with progress; a failure keeps what was read, and the retry goes on from the
//! page that failed.

use leptos::prelude::*;
use serde::de::DeserializeOwned;

use crate::api::{Failure, Pages};

/// How far the reading has got.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReadProgress {
    pub done: bool,
    pub failure: Option<Failure>,
}

/// The reading under way: its progress, and the retry after a failure.
#[derive(Clone, Copy)]
pub struct ReadAll {
    pub progress: RwSignal<ReadProgress>,
    pub retry: Callback<()>,
}

/// Reads `pages` to the end, giving each page's items to `on_items` (which returns false
/// once there is nobody to give them to, e.g. the page was left). `None`: nothing to read,
/// done at once.
pub fn use_read_all<T: DeserializeOwned + 'static>(
    pages: Option<Pages<T>>,
    on_items: impl Fn(Vec<T>) -> bool + 'static,
) -> ReadAll {
    let progress = RwSignal::new(ReadProgress { done: pages.is_none(), ..Default::default() });
    // The reader waits here between a failure and its retry.
    let parked = StoredValue::new_local(None::<Pages<T>>);
    let on_items =
        StoredValue::new_local(std::rc::Rc::new(on_items) as std::rc::Rc<dyn Fn(Vec<T>) -> bool>);
    let run = move |mut pages: Pages<T>| {
        let on_items = on_items.get_value();
        leptos::task::spawn_local(async move {
            while let Some(page) = pages.next().await {
                match page {
                    Ok(items) => {
                        if !on_items(items) {
                            return;
                        }
                        let done = pages.is_done();
                        if progress.try_update(|p| p.done = done).is_none() {
                            return;
                        }
                        // What these items changed is drawn (effects run as microtasks) in a
                        // task of its own, not in one with the next page's first slice: at
                        // 100,000 lines the two together went past 50 ms.
                        crate::browser::yield_now().await;
                    }
                    Err(Failure::Cancelled) => return,
                    Err(f) => {
                        progress.try_update(|p| p.failure = Some(f));
                        parked.try_set_value(Some(pages));
                        return;
                    }
                }
            }
            progress.try_update(|p| p.done = true);
        });
    };
    if let Some(pages) = pages {
        run(pages);
    }
    let retry = Callback::new(move |()| {
        if let Some(pages) = parked.try_update_value(Option::take).flatten() {
            progress.update(|p| p.failure = None);
            run(pages);
        }
    });
    ReadAll { progress, retry }
}

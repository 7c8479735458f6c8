//! The page's side of the price worker (`crates/price-book`, built by Trunk as its own wasm
//! module): a file is handed over (transferred, not copied) and parsed and stored there, so
//! a large sheet never blocks input, and the readers of CSV and zip are not in the page's
//! module. Where no worker starts, the import fails with that reason.

use procura_price_book::{Expect, ImportError, Meta};

/// How long a worker has to say it listens.
#[cfg(target_arch = "wasm32")]
const READY_WITHIN_MS: u64 = 15_000;

/// Parses, checks and stores `bytes` on the shelf `expect` names: all or nothing.
pub async fn import(bytes: Vec<u8>, expect: Expect) -> Result<Meta, ImportError> {
    #[cfg(target_arch = "wasm32")]
    {
        in_worker(&bytes, &expect)
            .await
            .unwrap_or_else(|| Err(ImportError::Worker("the price worker did not start".into())))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        // Natively there is no IndexedDB: only the check runs.
        procura_price_book::shelf::accept(&bytes, &expect).map(|a| a.meta)
    }
}

/// The worker's answer, or `None` when it could not be started or loaded.
#[cfg(target_arch = "wasm32")]
async fn in_worker(bytes: &[u8], expect: &Expect) -> Option<Result<Meta, ImportError>> {
    use futures::channel::oneshot;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    let worker = crate::browser::start_worker("price-worker")?;
    let (tx, rx) = oneshot::channel::<Option<Result<Meta, ImportError>>>();
    let tx = std::rc::Rc::new(std::cell::RefCell::new(Some(tx)));
    let answered = tx.clone();
    let waiting = tx.clone();
    let (message, transfer) = procura_price_book::worker::message(expect, bytes);
    let target = worker.clone();
    let listening = std::rc::Rc::new(std::cell::Cell::new(false));
    let heard = listening.clone();
    // The job is posted once the worker says it listens; its next message is the answer.
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let data = e.data();
            let ready = data.as_string().as_deref() == Some(procura_price_book::worker::READY);
            if ready && target.post_message_with_transfer(&message, &transfer).is_ok() {
                heard.set(true);
                return;
            }
            let answer = (!ready).then(|| procura_price_book::worker::reply(&data));
            if let Some(tx) = answered.borrow_mut().take() {
                let _ = tx.send(answer);
            }
        });
    // The script did not load (not built, or the host answered with something else).
    let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
        if let Some(tx) = tx.borrow_mut().take() {
            let _ = tx.send(None);
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // A worker that loads but never starts (its wasm refused, say) is given up on.
    // Not Leptos's executor: an import may run before the app is mounted.
    wasm_bindgen_futures::spawn_local(async move {
        crate::browser::sleep_ms(READY_WITHIN_MS).await;
        if !listening.get() {
            if let Some(tx) = waiting.borrow_mut().take() {
                let _ = tx.send(None);
            }
        }
    });
    let answer = rx.await.ok().flatten();
    worker.terminate();
    drop((on_message, on_error));
    answer
}

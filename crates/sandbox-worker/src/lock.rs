//! One sandbox for every tab of the origin: each tab's worker answers a request only while it
//! holds the origin's Web Lock `procura-sandbox`, so two tabs' requests run one after the
//! other over the same IndexedDB records, never over two diverging copies. (An elected tab
//! serving the others over BroadcastChannel would do the same with a hand-over to write on
//! every tab close; the lock gives the serial order without one.) Where the browser has no
//! Web Locks, requests run unlocked: one tab is still right, two may interleave.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

const NAME: &str = "procura-sandbox";

fn lock_manager() -> Option<(JsValue, Function)> {
    let navigator = Reflect::get(&js_sys::global(), &"navigator".into()).ok()?;
    let locks = Reflect::get(&navigator, &"locks".into()).ok().filter(|l| l.is_object())?;
    let request = Reflect::get(&locks, &"request".into()).ok()?.dyn_into::<Function>().ok()?;
    Some((locks, request))
}

/// Runs `work` while holding the origin's sandbox lock.
pub async fn exclusively<T: 'static>(work: impl Future<Output = T> + 'static) -> T {
    let Some((locks, request)) = lock_manager() else { return work.await };
    let out: Rc<RefCell<Option<T>>> = Rc::default();
    let slot = out.clone();
    let work = Rc::new(RefCell::new(Some(work)));
    let pending = work.clone();
    // The lock is held until the promise this returns settles: until `work` is done.
    let granted = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        let work = pending.borrow_mut().take();
        future_to_promise(async move {
            if let Some(work) = work {
                *slot.borrow_mut() = Some(work.await);
            }
            Ok(JsValue::UNDEFINED)
        })
        .into()
    });
    if let Ok(promise) = request.call2(&locks, &NAME.into(), &granted) {
        if let Ok(promise) = promise.dyn_into::<Promise>() {
            let _ = JsFuture::from(promise).await;
        }
    }
    if let Some(done) = out.borrow_mut().take() {
        return done;
    }
    // The lock was refused (or its callback never ran): the work is done unlocked.
    let work = work.borrow_mut().take();
    match work {
        Some(work) => work.await,
        // Taken by a callback that did not finish: not reachable, as the promise waits on it.
        None => std::future::pending().await,
    }
}

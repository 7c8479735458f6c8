//! Work that one tab of the origin does at a time: a future run while holding a named Web
//! Lock (`navigator.locks`, in a page or a worker). The lock is released when the work ends,
//! and by the browser if the tab closes. Where the browser has no Web Locks, the work runs
//! unlocked: one tab is still right, two may interleave. Written here rather than taken from
//! a crate: web-sys has the Web Locks API only behind `web_sys_unstable_apis`.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

fn lock_manager() -> Option<(JsValue, Function)> {
    // Natively (the app's own tests) there is one "tab": the work runs as it is.
    if !cfg!(target_arch = "wasm32") {
        return None;
    }
    let navigator = Reflect::get(&js_sys::global(), &"navigator".into()).ok()?;
    let locks = Reflect::get(&navigator, &"locks".into()).ok().filter(|l| l.is_object())?;
    let request = Reflect::get(&locks, &"request".into()).ok()?.dyn_into::<Function>().ok()?;
    Some((locks, request))
}

/// Runs `work` while holding the origin's lock `name`. Once granted, the work runs to its
/// end even if the caller stops waiting.
pub async fn exclusively<T: 'static>(name: &str, work: impl Future<Output = T> + 'static) -> T {
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
    if let Ok(promise) = request.call2(&locks, &name.into(), &granted) {
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

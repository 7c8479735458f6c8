//! Both sides of the price worker. The worker says [`READY`] once it listens (a message
//! posted before its wasm has started would be lost); the page then posts `[expect, bytes]`
//! (the [`Expect`] as JSON text, the file's `ArrayBuffer` transferred, not copied); the worker
//! parses, checks and stores it and answers with `Result<Meta, ImportError>` as JSON text. A large sheet is
//! parsed and written there, never on the page's thread.

use js_sys::{Array, ArrayBuffer, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::shelf::{accept, Expect, ImportError, Meta};

/// The worker's first message: it is listening.
pub const READY: &str = "ready";

/// Parses, checks and stores a file: what the worker does, and what the page does itself
/// when no worker can be started.
pub async fn import(bytes: &[u8], expect: &Expect) -> Result<Meta, ImportError> {
    let accepted = accept(bytes, expect)?;
    crate::db::store(accepted).await
}

/// The message the page posts, and the buffer to transfer with it.
pub fn message(expect: &Expect, bytes: &[u8]) -> (JsValue, Array) {
    let buffer = Uint8Array::from(bytes).buffer();
    let msg =
        Array::of2(&JsValue::from(serde_json::to_string(expect).unwrap_or_default()), &buffer);
    (msg.into(), Array::of1(&buffer))
}

/// The worker's answer, read by the page.
pub fn reply(data: &JsValue) -> Result<Meta, ImportError> {
    data.as_string()
        .and_then(|s| serde_json::from_str::<Result<Meta, ImportError>>(&s).ok())
        .unwrap_or_else(|| Err(ImportError::Worker("an unreadable answer".into())))
}

async fn handle(data: JsValue) -> String {
    let parts = Array::from(&data);
    let expect = parts.get(0).as_string().and_then(|s| serde_json::from_str::<Expect>(&s).ok());
    let bytes = parts.get(1).dyn_into::<ArrayBuffer>().ok().map(|b| Uint8Array::new(&b).to_vec());
    let result = match (expect, bytes) {
        (Some(expect), Some(bytes)) => import(&bytes, &expect).await,
        _ => Err(ImportError::Worker("an unreadable request".into())),
    };
    serde_json::to_string(&result).unwrap_or_default()
}

/// The worker's entry point: answers each message in turn.
pub fn run() {
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else { return };
    let answer_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let scope = answer_to.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let answer = handle(event.data()).await;
            // The page may be gone; nothing to do then.
            let _ = scope.post_message(&JsValue::from(answer));
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from(READY));
}

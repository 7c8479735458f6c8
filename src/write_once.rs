//! A write to Partner Center sent at most once. Its request id is saved before it goes and
//! reused while the same write is asked for again (a retry after a lost answer, a second
//! click, a reload), so the service answers from its record instead of acting twice; a
//! different write gets a new id. If the record cannot be saved, nothing is sent.

use std::future::Future;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::api::Failure;
use crate::browser;
use crate::storage::{Record, Stored};

/// What is being written, and the request id it goes with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Pending<W> {
    write: W,
    request_id: String,
}

impl<W: Serialize + DeserializeOwned> Record for Pending<W> {}

/// Sends `write` with `send(write, request_id)`, the record kept under `key` until answered.
pub async fn send<W, T, F, Fut>(key: String, write: W, send: F) -> Result<T, Failure>
where
    W: Clone + PartialEq + Serialize + DeserializeOwned + 'static,
    F: FnOnce(W, String) -> Fut,
    Fut: Future<Output = Result<T, Failure>>,
{
    // Read and written under the origin's lock for the record: two tabs asking for the same
    // write at once take one request id, so the service acts once. (Not held while sending:
    // a tab that asks after the answer is a new write, as a second click after success is.)
    let lock = format!("procura.write.{key}");
    let stored = Stored::<Pending<W>>::new(key);
    let record = Stored::<Pending<W>>::new(stored.key());
    let pending = procura_web_lock::exclusively(&lock, async move {
        let pending = match record.load().found() {
            Some(p) if p.write == write => p,
            _ => Pending { write, request_id: browser::new_uuid() },
        };
        record.save(&pending).map(|()| pending)
    })
    .await
    .map_err(|_| Failure::NotSaved)?;
    let answer = send(pending.write, pending.request_id).await?;
    // Answered: the next write is a new one. (If this fails, the same write asked again
    // repeats this one, which the service answers from its record.)
    let _ = stored.clear();
    Ok(answer)
}

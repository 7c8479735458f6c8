//! The worker's loop: messages are answered one at a time, in the order they came, each under
//! the origin's Web Lock [`LOCK`] (so two tabs' workers run one after the other over the
//! same records, never over two diverging copies; an elected tab serving the others over
//! BroadcastChannel would need a hand-over on every tab close, which the lock does not). A request is answered over the records in memory
//! (read again from IndexedDB when another tab's worker wrote since), and what it wrote is put
//! in IndexedDB in one transaction *before* the answer is posted: a page that reloads or closes
//! mid-request leaves the change whole or absent, never half made. A request the handler
//! answers with a 5xx, or whose write fails, leaves nothing: the records in memory are
//! dropped and read again, as the server rolls its SQLite transaction back.

use std::cell::RefCell;
use std::rc::Rc;

use futures::StreamExt;
use idb::Database;
use procura_partner_center::http::{Request, Response};
use procura_sandbox::{Config, Journal, MemoryStore, Sandbox};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::protocol::{Posted, ToPage, ToWorker};
use crate::records;

/// The origin's one sandbox: held by a tab's worker while it answers.
const LOCK: &str = "procura-sandbox";

/// Partner Center's behaviour, with a registration that takes seconds rather than minutes so
/// a demo (and a browser test) can follow it through.
pub fn config() -> Config {
    Config { registration_delay_ms: 3_000, ..Config::default() }
}

struct Home {
    sandbox: RefCell<Sandbox>,
    db: RefCell<Option<Rc<Database>>>,
    /// The records as of `generation`; `None` until read, and after a failed request.
    cached: RefCell<Option<(u64, MemoryStore)>>,
}

fn unavailable(why: &str) -> Response {
    // Partner Center's shape for a service fault; the client retries it with the same
    // request id, which the sandbox answers once.
    Response::error(503, 800_003, format!("The sandbox's storage failed: {why}"))
}

impl Home {
    async fn db(&self) -> Result<Rc<Database>, records::DbError> {
        if let Some(db) = self.db.borrow().as_ref() {
            return Ok(db.clone());
        }
        let db = Rc::new(records::open().await?);
        *self.db.borrow_mut() = Some(db.clone());
        Ok(db)
    }

    /// The records as of the latest generation, read again only when it moved.
    async fn current(&self, db: &Database) -> Result<u64, records::DbError> {
        let generation = records::generation(db).await?;
        if self.cached.borrow().as_ref().is_some_and(|(g, _)| *g == generation) {
            return Ok(generation);
        }
        let (generation, store) = records::load(db).await?;
        *self.cached.borrow_mut() = Some((generation, store));
        Ok(generation)
    }

    async fn answer(&self, request: Request, now_ms: i64) -> Response {
        let db = match self.db().await {
            Ok(db) => db,
            Err(e) => return unavailable(&e.0),
        };
        let generation = match self.current(&db).await {
            Ok(g) => g,
            Err(e) => return unavailable(&e.0),
        };
        let (response, written) = {
            let mut cached = self.cached.borrow_mut();
            let Some((_, store)) = cached.as_mut() else { return unavailable("not read") };
            let mut journal = Journal::new(store);
            let response = self.sandbox.borrow_mut().handle(&mut journal, &request, now_ms);
            (response, journal.written())
        };
        if response.status >= 500 {
            self.cached.borrow_mut().take();
            return response;
        }
        if written.is_empty() {
            return response;
        }
        let next = generation.saturating_add(1);
        match records::write(&db, &written, next, false).await {
            Ok(()) => {
                if let Some((g, _)) = self.cached.borrow_mut().as_mut() {
                    *g = next;
                }
                response
            }
            Err(e) => {
                self.cached.borrow_mut().take();
                unavailable(&e.0)
            }
        }
    }

    /// Adopts state the page kept in `localStorage` before the worker, if this origin's
    /// database holds nothing yet. Unreadable state is discarded (and the page says so).
    async fn migrate(&self, text: String) -> ToPage {
        let Ok(db) = self.db().await else { return ToPage::Migrated { discarded: false } };
        let Ok((generation, store)) = records::load(&db).await else {
            return ToPage::Migrated { discarded: false };
        };
        if store.records().next().is_some() {
            return ToPage::Migrated { discarded: false };
        }
        let Ok(saved) = MemoryStore::import(&text) else {
            return ToPage::Migrated { discarded: true };
        };
        let all: Vec<(String, String)> =
            saved.records().map(|(k, v)| (k.clone(), v.clone())).collect();
        // If this write fails the old state is lost; it is reported as discarded.
        let discarded =
            records::write(&db, &all, generation.saturating_add(1), false).await.is_err();
        self.cached.borrow_mut().take();
        ToPage::Migrated { discarded }
    }

    /// Forgets every record (a test's fresh start; the demo's "start over").
    async fn reset(&self) -> ToPage {
        if let Ok(db) = self.db().await {
            let generation = records::generation(&db).await.unwrap_or(0);
            let _ = records::write(&db, &[], generation.saturating_add(1), true).await;
        }
        self.cached.borrow_mut().take();
        ToPage::Reset
    }
}

fn post(scope: &DedicatedWorkerGlobalScope, posted: Posted) {
    // The page may be gone; nothing to do then.
    let _ = scope.post_message_with_transfer(&posted.message, &posted.transfer);
}

/// The worker's entry point.
pub fn run() {
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else { return };
    let (inbox, mut messages) = futures::channel::mpsc::unbounded::<JsValue>();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let _ = inbox.unbounded_send(event.data());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let home = Rc::new(Home {
        sandbox: RefCell::new(Sandbox::new(config())),
        db: RefCell::new(None),
        cached: RefCell::new(None),
    });
    let answer_to = scope.clone();
    wasm_bindgen_futures::spawn_local(async move {
        while let Some(data) = messages.next().await {
            let Some(message) = ToWorker::decode(&data) else { continue };
            let home = home.clone();
            let reply = procura_web_lock::exclusively(LOCK, async move {
                match message {
                    ToWorker::Request { id, now_ms, request } => {
                        ToPage::Response { id, response: home.answer(request, now_ms).await }
                    }
                    ToWorker::Migrate(text) => home.migrate(text).await,
                    ToWorker::Reset => home.reset().await,
                }
            })
            .await;
            post(&answer_to, reply.encode());
        }
    });
    post(&scope, ToPage::Ready.encode());
}

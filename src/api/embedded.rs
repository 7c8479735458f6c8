//! The embedded sandbox, the app's default endpoint (static hosting, no server): the
//! Partner-Center-compatible handler runs in a Web Worker of its own (`crates/sandbox-worker`,
//! a second wasm module), so its JSON work never blocks input and the page's module does not
//! carry it. Its state is in IndexedDB, shared by every tab of the origin and written before
//! each answer, so a reload keeps the demo's carts and orders. State that the page-bound
//! sandbox of earlier versions left in `localStorage` is handed to the worker once, then
//! removed; state that cannot be read is discarded, and reported once, never a crash.

use std::cell::{Cell, RefCell};

use procura_partner_center::http::{Request, Response};

use super::transport::TransportError;
use crate::browser;

/// Where earlier versions kept the sandbox's state (migrated once, then removed).
#[cfg(target_arch = "wasm32")]
const LEGACY_KEY: &str = "procura.sandbox.v1";

thread_local! {
    static DISCARDED: Cell<bool> = const { Cell::new(false) };
    static ON_DISCARDED: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
    /// How far the sandbox's clock is ahead of the browser's (see [`advance_clock`]).
    static AHEAD_MS: Cell<i64> = const { Cell::new(0) };
}

/// Moves the embedded sandbox's clock forward, so a demo or a test can see what Partner
/// Center does with time (an order fulfilled, then listed after 15 minutes) without waiting.
/// The handler bounds the clock it is given (year 9000), so no advance overflows.
pub fn advance_clock(ms: i64) {
    AHEAD_MS.set(AHEAD_MS.get().saturating_add(ms.max(0)));
}

/// The embedded sandbox's clock.
pub fn now_ms() -> i64 {
    browser::now_ms().saturating_add(AHEAD_MS.get())
}

/// Whether saved sandbox state was unreadable and has been discarded (reported once).
pub fn take_discarded_notice() -> bool {
    DISCARDED.replace(false)
}

/// Calls `notify` when saved sandbox state turns out unreadable and is discarded (the shell
/// shows a notice); at once if that happened already.
pub fn on_discarded(notify: impl Fn() + 'static) {
    if DISCARDED.get() {
        notify();
    }
    ON_DISCARDED.with(|f| *f.borrow_mut() = Some(Box::new(notify)));
}

#[cfg(target_arch = "wasm32")]
fn discarded() {
    DISCARDED.set(true);
    ON_DISCARDED.with(|f| {
        if let Some(notify) = f.borrow().as_ref() {
            notify();
        }
    });
}

/// Forgets the page's side, as a reload does: the worker is stopped (mid-request, if it was
/// busy) and the clock's advance dropped. The saved state stays.
pub fn forget_memory() {
    AHEAD_MS.set(0);
    #[cfg(target_arch = "wasm32")]
    worker::stop();
}

/// Answers one request in the worker.
pub async fn send(req: Request, timeout_ms: u32) -> Result<Response, TransportError> {
    #[cfg(target_arch = "wasm32")]
    {
        worker::send(req, timeout_ms).await
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (req, timeout_ms);
        Err(TransportError::Network)
    }
}

/// Forgets every record the sandbox keeps, in every tab (a fresh start for a test).
pub async fn reset() {
    #[cfg(target_arch = "wasm32")]
    worker::reset().await;
}

#[cfg(target_arch = "wasm32")]
mod worker {
    //! The page's side of the worker: one worker per page, started on the first request;
    //! messages queued until it listens; each answer matched to its request by id.

    use std::cell::{Cell, RefCell};
    use std::collections::HashMap;
    use std::rc::{Rc, Weak};

    use futures::channel::oneshot;
    use futures::future::{select, Either};
    use procura_partner_center::http::{Request, Response};
    use procura_sandbox_worker::protocol::{Posted, ToPage, ToWorker};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    use super::{TransportError, LEGACY_KEY};
    use crate::{browser, storage};

    /// How long a worker has to say it listens (its module is fetched and compiled first).
    const READY_WITHIN_MS: u64 = 20_000;

    type Answer = Result<Response, TransportError>;
    type OnMessage = Closure<dyn Fn(web_sys::MessageEvent)>;
    type OnError = Closure<dyn Fn(web_sys::Event)>;

    struct Conn {
        worker: web_sys::Worker,
        ready: Cell<bool>,
        queue: RefCell<Vec<Posted>>,
        waiting: RefCell<HashMap<u32, oneshot::Sender<Answer>>>,
        resets: RefCell<Vec<oneshot::Sender<()>>>,
        next_id: Cell<u32>,
        /// Kept as long as the worker: the browser calls them.
        listeners: RefCell<Option<(OnMessage, OnError)>>,
    }

    thread_local! {
        static CONN: RefCell<Option<Rc<Conn>>> = const { RefCell::new(None) };
    }

    impl Conn {
        fn post(&self, posted: Posted) {
            if self.ready.get() {
                let _ = self.worker.post_message_with_transfer(&posted.message, &posted.transfer);
            } else {
                self.queue.borrow_mut().push(posted);
            }
        }

        fn on_message(&self, data: &JsValue) {
            match ToPage::decode(data) {
                Some(ToPage::Ready) => {
                    self.ready.set(true);
                    // State of the page-bound sandbox goes first, so every request sees it.
                    if let Ok(Some(text)) = storage::read(LEGACY_KEY) {
                        self.post(ToWorker::Migrate(text).encode());
                    }
                    for posted in self.queue.take() {
                        self.post(posted);
                    }
                }
                Some(ToPage::Response { id, response }) => {
                    if let Some(tx) = self.waiting.borrow_mut().remove(&id) {
                        let _ = tx.send(Ok(response));
                    }
                }
                Some(ToPage::Migrated { discarded }) => {
                    if discarded {
                        super::discarded();
                    }
                    let _ = storage::remove(LEGACY_KEY);
                }
                Some(ToPage::Reset) => {
                    for tx in self.resets.take() {
                        let _ = tx.send(());
                    }
                }
                None => {}
            }
        }

        /// Every waiting request fails as a network error would (the client retries it with
        /// its request id, on a new worker).
        fn fail_all(&self) {
            for (_, tx) in self.waiting.take() {
                let _ = tx.send(Err(TransportError::Network));
            }
            self.resets.take();
        }
    }

    impl Drop for Conn {
        fn drop(&mut self) {
            self.worker.terminate();
            self.fail_all();
        }
    }

    /// Drops the connection `conn` (if it is still the current one).
    fn give_up(conn: &Weak<Conn>) {
        let Some(conn) = conn.upgrade() else { return };
        CONN.with(|c| {
            let mut current = c.borrow_mut();
            if current.as_ref().is_some_and(|cur| Rc::ptr_eq(cur, &conn)) {
                current.take();
            }
        });
        conn.fail_all();
    }

    /// The worker `boot.js` started while the page's module loaded (taken once), and whether
    /// it has said `ready` already.
    fn early_worker() -> Option<(web_sys::Worker, bool)> {
        let window = web_sys::window()?;
        let key = JsValue::from("procuraSandboxWorker");
        let worker =
            js_sys::Reflect::get(&window, &key).ok()?.dyn_into::<web_sys::Worker>().ok()?;
        let _ = js_sys::Reflect::delete_property(&window, &key);
        let ready = js_sys::Reflect::get(&worker, &"procuraReady".into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        Some((worker, ready))
    }

    fn start() -> Option<Rc<Conn>> {
        let (worker, ready) = match early_worker() {
            Some(early) => early,
            None => (browser::start_worker("sandbox-worker")?, false),
        };
        let conn = Rc::new(Conn {
            worker,
            ready: Cell::new(false),
            queue: RefCell::default(),
            waiting: RefCell::default(),
            resets: RefCell::default(),
            next_id: Cell::new(0),
            listeners: RefCell::default(),
        });
        let weak = Rc::downgrade(&conn);
        let on_message =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                if let Some(conn) = weak.upgrade() {
                    conn.on_message(&e.data());
                }
            });
        let weak = Rc::downgrade(&conn);
        // The script did not load, or the worker failed: start afresh on the next request.
        let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
            // The console is where a developer looks for why (a script not served, a module
            // that failed to compile); the partner sees the request's failure.
            let why = e.dyn_ref::<web_sys::ErrorEvent>().map(web_sys::ErrorEvent::message);
            web_sys::console::error_2(&"the sandbox worker failed:".into(), &why.into());
            give_up(&weak);
        });
        conn.worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        conn.worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        *conn.listeners.borrow_mut() = Some((on_message, on_error));
        if ready {
            conn.on_message(&JsValue::from(procura_sandbox_worker::protocol::READY));
        }
        let weak = Rc::downgrade(&conn);
        // Not Leptos's executor: a request may be sent before the app is mounted.
        wasm_bindgen_futures::spawn_local(async move {
            browser::sleep_ms(READY_WITHIN_MS).await;
            if weak.upgrade().is_some_and(|c| !c.ready.get()) {
                give_up(&weak);
            }
        });
        Some(conn)
    }

    fn connection() -> Option<Rc<Conn>> {
        CONN.with(|c| {
            let mut current = c.borrow_mut();
            if current.is_none() {
                *current = start();
            }
            current.clone()
        })
    }

    pub fn stop() {
        let conn = CONN.with(|c| c.borrow_mut().take());
        drop(conn);
    }

    pub async fn send(request: Request, timeout_ms: u32) -> Answer {
        let conn = connection().ok_or(TransportError::Network)?;
        let id = conn.next_id.get();
        conn.next_id.set(id.wrapping_add(1));
        let (tx, rx) = oneshot::channel();
        conn.waiting.borrow_mut().insert(id, tx);
        conn.post(ToWorker::Request { id, now_ms: super::now_ms(), request }.encode());
        drop(conn);
        let timeout = Box::pin(browser::sleep_ms(u64::from(timeout_ms)));
        match select(rx, timeout).await {
            Either::Left((answer, _)) => answer.unwrap_or(Err(TransportError::Network)),
            Either::Right(_) => {
                CONN.with(|c| {
                    if let Some(conn) = c.borrow().as_ref() {
                        conn.waiting.borrow_mut().remove(&id);
                    }
                });
                Err(TransportError::Timeout)
            }
        }
    }

    pub async fn reset() {
        let Some(conn) = connection() else { return };
        let (tx, rx) = oneshot::channel();
        conn.resets.borrow_mut().push(tx);
        conn.post(ToWorker::Reset.encode());
        drop(conn);
        let _ = rx.await;
    }
}

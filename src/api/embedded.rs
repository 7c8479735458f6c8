//! The embedded sandbox: the Partner-Center-compatible handler running in the page, the app's
//! default endpoint (static hosting, no server). Its state is saved to `localStorage` after
//! every change, so a reload keeps the demo's carts and orders; saved state that cannot be
//! read is discarded (and reported once), never a crash.

use std::cell::{Cell, RefCell};

use procura_partner_center::http::{Request, Response};
use procura_sandbox::{Config, MemoryStore, Sandbox};

use crate::{browser, storage};

const STORAGE_KEY: &str = "procura.sandbox.v1";

struct Embedded {
    sandbox: Sandbox,
    store: MemoryStore,
}

thread_local! {
    static EMBEDDED: RefCell<Option<Embedded>> = const { RefCell::new(None) };
    static DISCARDED: Cell<bool> = const { Cell::new(false) };
    /// How far the sandbox's clock is ahead of the browser's (see [`advance_clock`]).
    static AHEAD_MS: Cell<i64> = const { Cell::new(0) };
}

/// Moves the embedded sandbox's clock forward, so a demo or a test can see what Partner
/// Center does with time (an order fulfilled, then listed after 15 minutes) without waiting.
pub fn advance_clock(ms: i64) {
    // Bounded as the sandbox bounds its clock (year 9000): no overflow, however far.
    AHEAD_MS.set(AHEAD_MS.get().saturating_add(ms.max(0)).min(procura_sandbox::MAX_NOW_MS));
}

/// The embedded sandbox's clock.
pub fn now_ms() -> i64 {
    browser::now_ms().saturating_add(AHEAD_MS.get())
}

fn load() -> Embedded {
    let store = match storage::read(STORAGE_KEY).ok().flatten() {
        None => MemoryStore::new(),
        Some(text) => MemoryStore::import(&text).unwrap_or_else(|_| {
            DISCARDED.set(true);
            let _ = storage::remove(STORAGE_KEY);
            MemoryStore::new()
        }),
    };
    Embedded { sandbox: Sandbox::new(embedded_config()), store }
}

/// Partner Center's behaviour, with a registration that takes seconds rather than minutes so a
/// demo (and a browser test) can follow it through.
pub fn embedded_config() -> Config {
    Config { registration_delay_ms: 3_000, ..Config::default() }
}

/// Answers one request in the page.
pub fn send(req: &Request) -> Response {
    EMBEDDED.with(|cell| {
        let mut slot = cell.borrow_mut();
        let e = slot.get_or_insert_with(load);
        let before = req.method != "GET";
        let resp = e.sandbox.handle(&mut e.store, req, now_ms());
        if before {
            // The demo's state outlives a reload only if this succeeds; the answer stands
            // either way (the change is made in memory). The sandbox's own home (a worker,
            // IndexedDB, written before answering) is the performance issue's.
            let _ = storage::write(STORAGE_KEY, &e.store.export());
        }
        resp
    })
}

/// Whether saved sandbox state was unreadable and has been discarded (reported once).
pub fn take_discarded_notice() -> bool {
    DISCARDED.replace(false)
}

/// Forgets the in-memory state and the clock's advance, as a reload does (the saved state
/// stays).
pub fn forget_memory() {
    EMBEDDED.with(|cell| cell.borrow_mut().take());
    AHEAD_MS.set(0);
}

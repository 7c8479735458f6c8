//! For native tests: the sandbox's handler in process, over a store of its own, with its
//! clock in the test's hand. (The app's embedded sandbox is a Web Worker, which native tests
//! do not have.)

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use procura_sandbox::{Config, MemoryStore, Sandbox};

use super::transport::{Request, Sent, Transport};
use crate::browser;

pub struct InProcess {
    sandbox: RefCell<(Sandbox, MemoryStore)>,
    /// How far its clock is ahead of the real one.
    pub ahead_ms: Cell<i64>,
}

impl InProcess {
    pub fn new(config: Config) -> Rc<InProcess> {
        Rc::new(InProcess {
            sandbox: RefCell::new((Sandbox::new(config), MemoryStore::new())),
            ahead_ms: Cell::default(),
        })
    }
}

impl Transport for InProcess {
    fn send(&self, req: Request, _: Option<web_sys::AbortSignal>, _: u32) -> Sent {
        let (sandbox, store) = &mut *self.sandbox.borrow_mut();
        let resp = sandbox.handle(store, &req, browser::now_ms() + self.ahead_ms.get());
        Box::pin(async move { Ok(resp) })
    }
}

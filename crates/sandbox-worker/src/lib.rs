//! The embedded sandbox's home in the browser: a Web Worker, its own wasm module, that answers
//! the page's requests with the sandbox's handler over IndexedDB. The page's module carries
//! only the messages ([`protocol`]); the handler, the seed catalog and the storage are linked
//! into the worker alone (feature `worker`).

pub mod protocol;

#[cfg(all(feature = "worker", target_arch = "wasm32"))]
mod records;
#[cfg(all(feature = "worker", target_arch = "wasm32"))]
mod serve;

#[cfg(all(feature = "worker", target_arch = "wasm32"))]
pub use serve::run;

//! The price book: the price sheets (Partner API) and imported price lists Procura holds,
//! one shelf per market and source, each for one month and one currency.
//!
//! [`shelf`] is plain Rust (what a shelf is, what an import must satisfy); [`db`] keeps
//! shelves in IndexedDB (wasm only) and [`worker`] is the Web Worker's side, which parses a
//! file and stores it without touching the page's thread. The page and the worker share this
//! crate, so both read and write the same records.

pub mod file;
pub mod shelf;

#[cfg(target_arch = "wasm32")]
pub mod db;
#[cfg(target_arch = "wasm32")]
pub mod worker;

pub use shelf::{Expect, ImportError, Meta, ShelfKey, Source};

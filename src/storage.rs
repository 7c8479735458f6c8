//! Browser storage: the only module that touches it. Everything the app keeps between visits
//! (the cart drafts, the recent orders, the chosen customer, preferences, the embedded
//! sandbox's state) goes through here.
//!
//! Three things the callers rely on:
//! - a write can fail (storage full, disabled, private mode) and the caller is told, so a
//!   checkout never sends a request whose idempotency record could not be written;
//! - a value that cannot be read back (edited by hand, an older format, corrupted) is
//!   discarded and reported as [`Loaded::Discarded`], never a crash;
//! - another tab's change is announced ([`on_change`]), so a stale tab can re-read.
//!
//! Natively (tests) the backend is an in-memory map per thread, which can be told to refuse
//! writes ([`fail_writes`]) to exercise the failure paths.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Why storage could not do what was asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// No storage here (disabled, blocked, or no window).
    Unavailable,
    /// The browser refused the write (quota exceeded, or storage switched off mid-way).
    Refused,
    /// The value could not be turned into text.
    Encode,
}

/// Which of the browser's two stores.
#[derive(Clone, Copy)]
enum Area {
    /// Kept between visits, shared by the origin's tabs.
    Local,
    /// This tab's only, gone when it closes.
    Session,
}

/// The text at `key`, if any.
pub fn read(key: &str) -> Result<Option<String>, StorageError> {
    backend::read(Area::Local, key)
}

pub fn write(key: &str, value: &str) -> Result<(), StorageError> {
    backend::write(Area::Local, key, value)
}

pub fn remove(key: &str) -> Result<(), StorageError> {
    backend::remove(Area::Local, key)
}

/// This tab's session storage (gone when the tab closes): a sign-in under way across its
/// redirect. Never a token.
pub fn session_read(key: &str) -> Result<Option<String>, StorageError> {
    backend::read(Area::Session, key)
}

pub fn session_write(key: &str, value: &str) -> Result<(), StorageError> {
    backend::write(Area::Session, key, value)
}

pub fn session_remove(key: &str) -> Result<(), StorageError> {
    backend::remove(Area::Session, key)
}

/// A value whose saved form can be checked once it parses: its version, its invariants.
pub trait Record: Serialize + DeserializeOwned {
    /// False for data that parsed but is not this program's current shape (an older
    /// version, a broken invariant): it is discarded like unreadable text.
    fn is_current(&self) -> bool {
        true
    }
}

/// What a read found.
#[derive(Clone, Debug, PartialEq)]
pub enum Loaded<T> {
    Found(T),
    Empty,
    /// Something was saved but could not be read; it has been removed. Tell the partner.
    Discarded,
}

impl<T> Loaded<T> {
    pub fn found(self) -> Option<T> {
        match self {
            Loaded::Found(v) => Some(v),
            _ => None,
        }
    }
}

/// A typed value kept as JSON at one key.
pub struct Stored<T> {
    key: String,
    _value: PhantomData<fn() -> T>,
}

impl<T: Record> Stored<T> {
    pub fn new(key: impl Into<String>) -> Stored<T> {
        Stored { key: key.into(), _value: PhantomData }
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn load(&self) -> Loaded<T> {
        let text = match read(&self.key) {
            Ok(Some(t)) => t,
            // Unreadable storage holds nothing we can use; nothing to discard either.
            Ok(None) | Err(_) => return Loaded::Empty,
        };
        match serde_json::from_str::<T>(&text) {
            Ok(v) if v.is_current() => Loaded::Found(v),
            _ => {
                // Best effort: if even the removal fails, the next load discards it again.
                let _ = remove(&self.key);
                Loaded::Discarded
            }
        }
    }

    pub fn save(&self, value: &T) -> Result<(), StorageError> {
        let text = serde_json::to_string(value).map_err(|_| StorageError::Encode)?;
        write(&self.key, &text)
    }

    pub fn clear(&self) -> Result<(), StorageError> {
        remove(&self.key)
    }
}

/// Calls `f` with the key whenever another tab of this origin changes a key that starts with
/// `prefix` (the browser's `storage` event; a tab never hears its own writes). Listens while
/// the returned value lives.
pub fn on_change(prefix: &str, f: impl Fn(&str) + 'static) -> ChangeListener {
    backend::on_change(prefix.to_string(), Box::new(f))
}

pub use backend::ChangeListener;

/// Natively: makes every write fail (true) or succeed again (false), for tests of the paths
/// where storage is full.
#[cfg(not(target_arch = "wasm32"))]
pub fn fail_writes(fail: bool) {
    backend::FAIL.set(fail);
}

#[cfg(target_arch = "wasm32")]
mod backend {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    use super::{Area, StorageError};

    fn store(area: Area) -> Result<web_sys::Storage, StorageError> {
        let w = web_sys::window().ok_or(StorageError::Unavailable)?;
        match area {
            Area::Local => w.local_storage(),
            Area::Session => w.session_storage(),
        }
        .ok()
        .flatten()
        .ok_or(StorageError::Unavailable)
    }

    pub fn read(area: Area, key: &str) -> Result<Option<String>, StorageError> {
        store(area)?.get_item(key).map_err(|_| StorageError::Unavailable)
    }

    pub fn write(area: Area, key: &str, value: &str) -> Result<(), StorageError> {
        store(area)?.set_item(key, value).map_err(|_| StorageError::Refused)
    }

    pub fn remove(area: Area, key: &str) -> Result<(), StorageError> {
        store(area)?.remove_item(key).map_err(|_| StorageError::Refused)
    }

    pub struct ChangeListener {
        listener: Option<Closure<dyn FnMut(web_sys::StorageEvent)>>,
    }

    impl Drop for ChangeListener {
        fn drop(&mut self) {
            if let (Some(w), Some(l)) = (web_sys::window(), self.listener.take()) {
                let _ =
                    w.remove_event_listener_with_callback("storage", l.as_ref().unchecked_ref());
            }
        }
    }

    pub fn on_change(prefix: String, f: Box<dyn Fn(&str)>) -> ChangeListener {
        let Some(w) = web_sys::window() else { return ChangeListener { listener: None } };
        let listener =
            Closure::<dyn FnMut(web_sys::StorageEvent)>::new(move |ev: web_sys::StorageEvent| {
                // `key` is null when another tab cleared the whole storage: every key changed.
                match ev.key() {
                    Some(k) if k.starts_with(&prefix) => f(&k),
                    None => f(&prefix),
                    _ => {}
                }
            });
        let added = w
            .add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref())
            .is_ok();
        ChangeListener { listener: added.then_some(listener) }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod backend {
    use std::cell::{Cell, RefCell};
    use std::collections::BTreeMap;

    use super::{Area, StorageError};

    type Map = RefCell<BTreeMap<String, String>>;

    thread_local! {
        static LOCAL: Map = const { RefCell::new(BTreeMap::new()) };
        static SESSION: Map = const { RefCell::new(BTreeMap::new()) };
        pub(super) static FAIL: Cell<bool> = const { Cell::new(false) };
    }

    fn with<T>(area: Area, f: impl FnOnce(&Map) -> T) -> T {
        match area {
            Area::Local => LOCAL.with(f),
            Area::Session => SESSION.with(f),
        }
    }

    pub fn read(area: Area, key: &str) -> Result<Option<String>, StorageError> {
        Ok(with(area, |m| m.borrow().get(key).cloned()))
    }

    pub fn write(area: Area, key: &str, value: &str) -> Result<(), StorageError> {
        if FAIL.get() {
            return Err(StorageError::Refused);
        }
        with(area, |m| m.borrow_mut().insert(key.to_string(), value.to_string()));
        Ok(())
    }

    pub fn remove(area: Area, key: &str) -> Result<(), StorageError> {
        with(area, |m| m.borrow_mut().remove(key));
        Ok(())
    }

    /// One tab natively: nobody else writes.
    pub struct ChangeListener;

    pub fn on_change(_prefix: String, _f: Box<dyn Fn(&str)>) -> ChangeListener {
        ChangeListener
    }
}

// Native: futures driven by `block_on`, and storage told to refuse writes.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Note {
        version: u32,
        text: String,
    }

    impl Record for Note {
        fn is_current(&self) -> bool {
            self.version == 2
        }
    }

    #[test]
    fn round_trip_discard_and_refused_writes() {
        let s = Stored::<Note>::new("test.note");
        assert_eq!(s.load(), Loaded::Empty);
        s.save(&Note { version: 2, text: "日本語 \"quoted\"".into() }).unwrap();
        assert_eq!(s.load().found().map(|n| n.text), Some("日本語 \"quoted\"".to_string()));

        write("test.note", "{not json").unwrap();
        assert_eq!(s.load(), Loaded::Discarded);
        assert_eq!(read("test.note").unwrap(), None, "discarded means removed");
        assert_eq!(s.load(), Loaded::Empty);

        write("test.note", r#"{"version": 1, "text": "old"}"#).unwrap();
        assert_eq!(s.load(), Loaded::Discarded, "another version is discarded");

        fail_writes(true);
        assert_eq!(s.save(&Note { version: 2, text: "x".into() }), Err(StorageError::Refused));
        fail_writes(false);
        assert_eq!(s.load(), Loaded::Empty, "a refused write left nothing behind");
    }
}

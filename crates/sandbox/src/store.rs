//! Where the sandbox keeps what partners change (carts, orders, registrations). Seed data is
//! not stored. Keys are namespaced by partner (`p0/...`), so one partner's requests can never
//! read or write another's records. The server's implementation is SQLite; the browser's and
//! the tests' is [`MemoryStore`], which serializes to one JSON text for browser storage.

use std::collections::BTreeMap;

/// Why a store could not read or write (a disk error, a locked database, a full quota).
/// The handler answers the request with a 500 and the server rolls its transaction back: a
/// read that failed is never taken for "not found".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub trait Store {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
    fn put(&mut self, key: &str, value: String) -> Result<(), StoreError>;
    /// Every entry whose key starts with `prefix`, in key order.
    fn scan(&self, prefix: &str) -> Result<Vec<(String, String)>, StoreError>;
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct MemoryStore {
    map: BTreeMap<String, String>,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    /// The whole state as one JSON object (for `localStorage`).
    pub fn export(&self) -> String {
        serde_json::to_string(&self.map).unwrap_or_else(|_| "{}".into())
    }

    /// State saved by [`export`]; unreadable text is an error, never a panic.
    pub fn import(text: &str) -> Result<MemoryStore, serde_json::Error> {
        Ok(MemoryStore { map: serde_json::from_str(text)? })
    }
}

impl Store for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.map.get(key).cloned())
    }
    fn put(&mut self, key: &str, value: String) -> Result<(), StoreError> {
        self.map.insert(key.to_string(), value);
        Ok(())
    }
    fn scan(&self, prefix: &str) -> Result<Vec<(String, String)>, StoreError> {
        Ok(self
            .map
            .range(prefix.to_string()..)
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect())
    }
}

//! Where the sandbox keeps what partners change (carts, orders, registrations). Seed data is
//! not stored. Keys are namespaced by partner (`p0/...`), so one partner's requests can never
//! read or write another's records. The server's implementation is SQLite; the browser's and
//! the tests' is [`MemoryStore`], which serializes to one JSON text for browser storage.

use std::collections::BTreeMap;

pub trait Store {
    fn get(&self, key: &str) -> Option<String>;
    fn put(&mut self, key: &str, value: String);
    /// Every entry whose key starts with `prefix`, in key order.
    fn scan(&self, prefix: &str) -> Vec<(String, String)>;
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
    fn get(&self, key: &str) -> Option<String> {
        self.map.get(key).cloned()
    }
    fn put(&mut self, key: &str, value: String) {
        self.map.insert(key.to_string(), value);
    }
    fn scan(&self, prefix: &str) -> Vec<(String, String)> {
        self.map
            .range(prefix.to_string()..)
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}

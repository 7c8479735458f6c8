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

impl MemoryStore {
    /// Every record, in key order (the browser worker writes them to IndexedDB).
    pub fn records(&self) -> impl Iterator<Item = (&String, &String)> {
        self.map.iter()
    }

    /// A store holding exactly `records`.
    pub fn from_records(records: impl IntoIterator<Item = (String, String)>) -> MemoryStore {
        MemoryStore { map: records.into_iter().collect() }
    }
}

/// A store that remembers which keys a request wrote, so the browser's worker can write just
/// those (in one IndexedDB transaction) before it answers.
pub struct Journal<'a> {
    store: &'a mut MemoryStore,
    written: std::collections::BTreeSet<String>,
}

impl<'a> Journal<'a> {
    pub fn new(store: &'a mut MemoryStore) -> Journal<'a> {
        Journal { store, written: Default::default() }
    }

    /// The records written since [`Journal::new`], with their values now.
    pub fn written(&self) -> Vec<(String, String)> {
        self.written
            .iter()
            .filter_map(|k| self.store.map.get(k).map(|v| (k.clone(), v.clone())))
            .collect()
    }
}

impl Store for Journal<'_> {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.store.get(key)
    }
    fn put(&mut self, key: &str, value: String) -> Result<(), StoreError> {
        self.written.insert(key.to_string());
        self.store.put(key, value)
    }
    fn scan(&self, prefix: &str) -> Result<Vec<(String, String)>, StoreError> {
        self.store.scan(prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_journal_lists_each_written_key_once_with_its_last_value() {
        let mut store = MemoryStore::from_records([("a".to_string(), "1".to_string())]);
        let mut journal = Journal::new(&mut store);
        journal.put("b", "2".into()).unwrap_or_default();
        journal.put("b", "3".into()).unwrap_or_default();
        assert_eq!(journal.get("a"), Ok(Some("1".into())));
        assert_eq!(journal.written(), vec![("b".to_string(), "3".to_string())]);
        assert_eq!(store.records().count(), 2);
    }
}

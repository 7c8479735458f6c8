//! The sandbox's records in IndexedDB (`procura-sandbox`): `records` holds each store key's
//! JSON text, `meta` the `generation`, a number raised by every transaction that writes. A
//! worker keeps the records in memory and reads them again only when the generation moved
//! (another tab's worker wrote), so a request costs one small read and, when it changes
//! something, one write transaction.

use idb::{Database, DatabaseEvent, Factory, ObjectStoreParams, TransactionMode};
use procura_sandbox::MemoryStore;
use wasm_bindgen::JsValue;

const NAME: &str = "procura-sandbox";
const VERSION: u32 = 1;
const RECORDS: &str = "records";
const META: &str = "meta";
const GENERATION: &str = "generation";

/// Why IndexedDB did not do what was asked (quota, a blocked or closed database).
#[derive(Debug)]
pub struct DbError(pub String);

fn failed(e: impl std::fmt::Display) -> DbError {
    DbError(e.to_string())
}

pub async fn open() -> Result<Database, DbError> {
    let factory = Factory::new().map_err(failed)?;
    let mut request = factory.open(NAME, Some(VERSION)).map_err(failed)?;
    request.on_upgrade_needed(|event| {
        let Ok(db) = event.database() else { return };
        let names = db.store_names();
        for store in [RECORDS, META] {
            if !names.iter().any(|n| n == store) {
                // A failure here fails the open, which reports it.
                let _ = db.create_object_store(store, ObjectStoreParams::new());
            }
        }
    });
    request.await.map_err(failed)
}

fn generation_of(value: Option<JsValue>) -> u64 {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "a count")]
    value.and_then(|v| v.as_f64()).filter(|n| n.is_finite() && *n >= 0.0).map_or(0, |n| n as u64)
}

/// The generation written last (0 for a database never written).
pub async fn generation(db: &Database) -> Result<u64, DbError> {
    let tx = db.transaction(&[META], TransactionMode::ReadOnly).map_err(failed)?;
    let meta = tx.object_store(META).map_err(failed)?;
    let value = meta.get(JsValue::from(GENERATION)).map_err(failed)?.await.map_err(failed)?;
    Ok(generation_of(value))
}

/// Every record and the generation they belong to, read in one transaction.
pub async fn load(db: &Database) -> Result<(u64, MemoryStore), DbError> {
    let tx = db.transaction(&[RECORDS, META], TransactionMode::ReadOnly).map_err(failed)?;
    let records = tx.object_store(RECORDS).map_err(failed)?;
    let meta = tx.object_store(META).map_err(failed)?;
    let keys = records.get_all_keys(None, None).map_err(failed)?.await.map_err(failed)?;
    let values = records.get_all(None, None).map_err(failed)?.await.map_err(failed)?;
    let generation = meta.get(JsValue::from(GENERATION)).map_err(failed)?.await.map_err(failed)?;
    // A record that is not text was not written by this worker: it is left out, and the
    // handler then answers as for a record it cannot read.
    let pairs =
        keys.iter().zip(values.iter()).filter_map(|(k, v)| Some((k.as_string()?, v.as_string()?)));
    Ok((generation_of(generation), MemoryStore::from_records(pairs.collect::<Vec<_>>())))
}

/// Writes `changes` and the new `generation` in one transaction: all or nothing.
pub async fn write(
    db: &Database,
    changes: &[(String, String)],
    generation: u64,
    clear_first: bool,
) -> Result<(), DbError> {
    let tx = db.transaction(&[RECORDS, META], TransactionMode::ReadWrite).map_err(failed)?;
    let records = tx.object_store(RECORDS).map_err(failed)?;
    let meta = tx.object_store(META).map_err(failed)?;
    // Requests are queued without waiting on each: the transaction runs them in order and
    // commits or aborts them together.
    let queued = (|| -> Result<(), idb::Error> {
        if clear_first {
            records.clear()?;
        }
        for (key, value) in changes {
            records.put(&JsValue::from(value.as_str()), Some(&JsValue::from(key.as_str())))?;
        }
        #[allow(clippy::cast_precision_loss, reason = "a count, far below 2^53")]
        meta.put(&JsValue::from(generation as f64), Some(&JsValue::from(GENERATION)))?;
        Ok(())
    })();
    if let Err(e) = queued {
        let _ = tx.abort();
        return Err(failed(e));
    }
    let result = tx.commit().map_err(failed)?.await.map_err(failed)?;
    if result.is_committed() {
        Ok(())
    } else {
        Err(DbError("the transaction was aborted".into()))
    }
}

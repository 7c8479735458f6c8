//! Shelves in IndexedDB: `shelves` holds each shelf's [`Meta`] under [`ShelfKey::id`], `rows`
//! each SKU's price rows under [`ShelfKey::row_id`], both as JSON text. An import replaces a
//! shelf in one transaction, so a failure leaves the old shelf whole.

use idb::{Database, DatabaseEvent, Factory, KeyRange, ObjectStoreParams, TransactionMode};
use procura_partner_center::pricesheet::PriceRow;
use wasm_bindgen::JsValue;

use crate::shelf::{Accepted, ImportError, Meta, ShelfKey};

const NAME: &str = "procura-prices";
const VERSION: u32 = 1;
const SHELVES: &str = "shelves";
const ROWS: &str = "rows";

fn text(e: impl std::fmt::Display) -> String {
    e.to_string()
}

async fn open() -> Result<Database, String> {
    let factory = Factory::new().map_err(text)?;
    let mut request = factory.open(NAME, Some(VERSION)).map_err(text)?;
    request.on_upgrade_needed(|event| {
        let Ok(db) = event.database() else { return };
        let names = db.store_names();
        for store in [SHELVES, ROWS] {
            if !names.iter().any(|n| n == store) {
                // A failure here fails the open, which reports it.
                let _ = db.create_object_store(store, ObjectStoreParams::new());
            }
        }
    });
    request.await.map_err(text)
}

/// The keys of a shelf's rows: every one starts with "id|", and '}' sorts after '|'.
fn rows_of(id: &str) -> Result<KeyRange, idb::Error> {
    KeyRange::bound(
        &JsValue::from(format!("{id}|")),
        &JsValue::from(format!("{id}}}")),
        Some(false),
        Some(true),
    )
}

/// Replaces the shelf with the accepted rows, all or nothing.
pub async fn store(accepted: Accepted) -> Result<Meta, ImportError> {
    let storage = ImportError::Storage;
    let db = open().await.map_err(storage)?;
    let tx = db
        .transaction(&[SHELVES, ROWS], TransactionMode::ReadWrite)
        .map_err(|e| storage(text(e)))?;
    let rows = tx.object_store(ROWS).map_err(|e| storage(text(e)))?;
    let shelves = tx.object_store(SHELVES).map_err(|e| storage(text(e)))?;
    let id = accepted.meta.key.id();
    let range = rows_of(&id).map_err(|e| storage(text(e)))?;
    // Requests are issued without waiting on each: the transaction runs them in order and
    // commits or aborts them together.
    let queued = (|| -> Result<(), idb::Error> {
        rows.delete(range)?;
        for (row_id, group) in &accepted.groups {
            let json = serde_json::to_string(group).unwrap_or_default();
            rows.put(&JsValue::from(json), Some(&JsValue::from(row_id.as_str())))?;
        }
        let meta = serde_json::to_string(&accepted.meta).unwrap_or_default();
        shelves.put(&JsValue::from(meta), Some(&JsValue::from(id.as_str())))?;
        Ok(())
    })();
    if let Err(e) = queued {
        let _ = tx.abort();
        db.close();
        return Err(storage(text(e)));
    }
    let result = tx.commit().map_err(|e| storage(text(e)))?.await.map_err(|e| storage(text(e)))?;
    db.close();
    if result.is_committed() {
        Ok(accepted.meta)
    } else {
        Err(storage("the transaction was aborted".into()))
    }
}

/// Every shelf held.
pub async fn shelves() -> Result<Vec<Meta>, String> {
    let db = open().await?;
    let tx = db.transaction(&[SHELVES], TransactionMode::ReadOnly).map_err(text)?;
    let store = tx.object_store(SHELVES).map_err(text)?;
    let values = store.get_all(None, None).map_err(text)?.await.map_err(text)?;
    db.close();
    // A record that no longer parses (an older layout) is left out, not fatal.
    Ok(values
        .iter()
        .filter_map(|v| v.as_string())
        .filter_map(|s| serde_json::from_str::<Meta>(&s).ok())
        .collect())
}

/// The rows of each `(product, sku)` on a shelf, in the order asked; empty where it has none.
pub async fn rows(key: &ShelfKey, skus: &[(String, String)]) -> Result<Vec<Vec<PriceRow>>, String> {
    let db = open().await?;
    let tx = db.transaction(&[ROWS], TransactionMode::ReadOnly).map_err(text)?;
    let store = tx.object_store(ROWS).map_err(text)?;
    let mut out = Vec::with_capacity(skus.len());
    for (product, sku) in skus {
        let value = store
            .get(JsValue::from(key.row_id(product, sku)))
            .map_err(text)?
            .await
            .map_err(text)?;
        let rows = value
            .and_then(|v| v.as_string())
            .and_then(|s| serde_json::from_str::<Vec<PriceRow>>(&s).ok())
            .unwrap_or_default();
        out.push(rows);
    }
    db.close();
    Ok(out)
}

/// Takes a shelf away, rows and all.
pub async fn remove(key: &ShelfKey) -> Result<(), String> {
    let db = open().await?;
    let tx = db.transaction(&[SHELVES, ROWS], TransactionMode::ReadWrite).map_err(text)?;
    let id = key.id();
    let range = rows_of(&id).map_err(text)?;
    tx.object_store(ROWS).map_err(text)?.delete(range).map_err(text)?;
    tx.object_store(SHELVES).map_err(text)?.delete(JsValue::from(id)).map_err(text)?;
    let result = tx.commit().map_err(text)?.await.map_err(text)?;
    db.close();
    if result.is_committed() {
        Ok(())
    } else {
        Err("the transaction was aborted".into())
    }
}

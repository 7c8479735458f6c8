//! What a shelf of the price book is, and what a file must satisfy to be put on one.

use procura_partner_center::pricesheet::{Month, PriceRow, SheetError, View};
use serde::{Deserialize, Serialize};

/// Where a shelf's prices came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Source {
    /// The Partner API's price sheet of this view.
    Sheet(View),
    /// A price list the partner downloaded from Partner Center and imported.
    Imported,
}

impl Source {
    fn key(self) -> &'static str {
        match self {
            Source::Sheet(v) => v.as_wire(),
            Source::Imported => "imported",
        }
    }
}

/// One shelf: a market (two-letter country) and a source.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ShelfKey {
    pub market: String,
    pub source: Source,
}

impl ShelfKey {
    pub fn new(market: &str, source: Source) -> ShelfKey {
        ShelfKey { market: market.trim().to_ascii_uppercase(), source }
    }

    /// The IndexedDB key of the shelf's description.
    pub fn id(&self) -> String {
        format!("{}|{}", self.market, self.source.key())
    }

    /// The IndexedDB key of one SKU's rows on this shelf. Ids are compared without case.
    pub fn row_id(&self, product: &str, sku: &str) -> String {
        format!(
            "{}|{}|{}",
            self.id(),
            product.trim().to_ascii_uppercase(),
            sku.trim().to_ascii_uppercase()
        )
    }
}

/// A shelf's description: what is on it and since when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub key: ShelfKey,
    /// The month the prices are for.
    pub month: Month,
    pub currency: String,
    pub rows: usize,
    /// When it was fetched or imported (ms since the epoch).
    pub stored_ms: i64,
    /// The file's name, for an imported list.
    pub name: String,
}

impl Meta {
    /// A shelf from an earlier month than `now`'s: its prices may have changed.
    pub fn is_stale(&self, now: Month) -> bool {
        self.month < now
    }
}

/// What an import must match: the shelf, and the currency its market is priced in when the
/// caller knows it (a price list in another currency is refused, never converted).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expect {
    pub key: ShelfKey,
    pub currency: Option<String>,
    pub month: Month,
    pub stored_ms: i64,
    pub name: String,
}

/// Why a file was not put on a shelf. Nothing on the shelf changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportError {
    /// Not a price sheet: the reason, and the line a person would look at.
    Unreadable {
        line: Option<u64>,
        detail: String,
    },
    /// No prices in it.
    Empty,
    ForeignCurrency {
        expected: String,
        found: String,
    },
    ForeignMarket {
        expected: String,
        found: String,
    },
    /// The browser's storage refused it (full, blocked, private mode).
    Storage(String),
    /// The worker could not be reached or answered nonsense.
    Worker(String),
}

impl From<SheetError> for ImportError {
    fn from(e: SheetError) -> ImportError {
        let line = match &e {
            SheetError::NotText { line }
            | SheetError::BadRow { line, .. }
            | SheetError::BadPrice { line, .. }
            | SheetError::MixedCurrencies { line, .. } => Some(*line),
            _ => None,
        };
        match e {
            SheetError::Empty => ImportError::Empty,
            other => ImportError::Unreadable { line, detail: other.to_string() },
        }
    }
}

/// The rows of a file, checked against what the shelf expects, grouped per SKU.
pub struct Accepted {
    pub meta: Meta,
    /// (row id, the SKU's rows), in file order of first appearance.
    pub groups: Vec<(String, Vec<PriceRow>)>,
}

/// Reads and checks a file for a shelf; nothing is stored.
pub fn accept(bytes: &[u8], expect: &Expect) -> Result<Accepted, ImportError> {
    let rows = crate::file::read(bytes)?;
    let currency = rows.first().map(|r| r.currency.clone()).ok_or(ImportError::Empty)?;
    if let Some(expected) = &expect.currency {
        if !expected.eq_ignore_ascii_case(&currency) {
            return Err(ImportError::ForeignCurrency {
                expected: expected.to_ascii_uppercase(),
                found: currency,
            });
        }
    }
    if let Some(r) = rows.iter().find(|r| !r.market.is_empty() && r.market != expect.key.market) {
        return Err(ImportError::ForeignMarket {
            expected: expect.key.market.clone(),
            found: r.market.clone(),
        });
    }
    let mut groups: Vec<(String, Vec<PriceRow>)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let count = rows.len();
    for row in rows {
        let id = expect.key.row_id(&row.product_id, &row.sku_id);
        match index.get(&id) {
            Some(&i) => groups[i].1.push(row),
            None => {
                index.insert(id.clone(), groups.len());
                groups.push((id, vec![row]));
            }
        }
    }
    let meta = Meta {
        key: expect.key.clone(),
        month: expect.month,
        currency,
        rows: count,
        stored_ms: expect.stored_ms,
        name: expect.name.clone(),
    };
    Ok(Accepted { meta, groups })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test reports a failure by panicking")]
    use super::*;

    fn expect(market: &str, currency: Option<&str>) -> Expect {
        Expect {
            key: ShelfKey::new(market, Source::Imported),
            currency: currency.map(str::to_string),
            month: Month::new(2026, 11).unwrap(),
            stored_ms: 1,
            name: "software.csv".into(),
        }
    }

    const LIST: &[u8] = b"ProductId,SkuId,TermDuration,Market,Currency,UnitPrice\nDG7GMGF0DWTL,0001,,JP,JPY,27000\nDG7GMGF0FKZV,0001,P1Y,JP,JPY,27000\nDG7GMGF0FKZV,0001,P3Y,JP,JPY,75000\n";

    #[test]
    fn groups_rows_per_sku() {
        let a = accept(LIST, &expect("jp", Some("JPY"))).unwrap();
        assert_eq!((a.meta.rows, a.meta.currency.as_str()), (3, "JPY"));
        assert_eq!(a.groups.len(), 2);
        assert_eq!(a.groups[1].0, "JP|imported|DG7GMGF0FKZV|0001");
        assert_eq!(a.groups[1].1.len(), 2);
    }

    #[test]
    fn refuses_another_currency_or_market() {
        assert_eq!(
            accept(LIST, &expect("JP", Some("USD"))).err(),
            Some(ImportError::ForeignCurrency { expected: "USD".into(), found: "JPY".into() })
        );
        assert_eq!(
            accept(LIST, &expect("SE", None)).err(),
            Some(ImportError::ForeignMarket { expected: "SE".into(), found: "JP".into() })
        );
        assert!(matches!(
            accept(b"not,a,sheet\n1,2,3\n", &expect("JP", None)),
            Err(ImportError::Unreadable { line: None, .. })
        ));
        assert!(matches!(
            accept(b"ProductId,SkuId,Currency,UnitPrice\nA,1,JPY,abc\n", &expect("JP", None)),
            Err(ImportError::Unreadable { line: Some(2), .. })
        ));
    }

    #[test]
    fn staleness_is_by_month() {
        let a = accept(LIST, &expect("JP", None)).unwrap();
        assert!(!a.meta.is_stale(Month::new(2026, 11).unwrap()));
        assert!(a.meta.is_stale(Month::new(2026, 12).unwrap()));
    }
}

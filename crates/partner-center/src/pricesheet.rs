//! Price sheets: the Partner API's file stream of prices per market, view and month
//! (`docs/reference/partner-center/get-a-price-sheet.md`), and the price lists a partner
//! downloads from Partner Center's "Pricing and offers" page in the same columns.
//!
//! A sheet is CSV (zipped when `Accept-Encoding: deflate` was sent: the zip is the reader's
//! and the server's business, `crates/price-book` and the sandbox). Columns are found by
//! name, not position (the documented header even ends with a typographic quote:
//! `"ERP Price“`), so spaces, underscores, case and stray quotes in a name do not matter.
//! No I/O: bytes in, rows out.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The Partner API's host; its paths start with `/v1.0/`, Partner Center's with `/v1/`.
pub const PARTNER_API: &str = "https://api.partner.microsoft.com";
/// The delegated permission a price sheet needs (App+User only).
pub const PARTNER_API_SCOPE: &str = "https://api.partner.microsoft.com/user_impersonation";
/// The request header value that asks for the zipped file.
pub const ACCEPT_ZIPPED: &str = "deflate";

/// The kinds of price sheet (`PricesheetView`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum View {
    AzureConsumption,
    AzureReservations,
    /// License-based new commerce.
    UpdatedLicenseBased,
    Marketplace,
    /// Perpetual software and software subscriptions. Listed among the views, though the
    /// same page says current data covers only Azure, new commerce and marketplace.
    Software,
}

impl View {
    pub const ALL: [View; 5] = [
        View::AzureConsumption,
        View::AzureReservations,
        View::UpdatedLicenseBased,
        View::Marketplace,
        View::Software,
    ];

    pub fn as_wire(self) -> &'static str {
        match self {
            View::AzureConsumption => "azure_consumption",
            View::AzureReservations => "azure_reservations",
            View::UpdatedLicenseBased => "updatedlicensebased",
            View::Marketplace => "marketplace",
            View::Software => "software",
        }
    }

    pub fn parse(s: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.as_wire().eq_ignore_ascii_case(s.trim()))
    }
}

/// A calendar month, as the `month` filter spells it (`YYYYMM`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn new(year: i32, month: u32) -> Option<Month> {
        ((1..=12).contains(&month) && (1900..=9999).contains(&year))
            .then_some(Month { year, month })
    }

    /// The month of a time in milliseconds since the Unix epoch (UTC).
    pub fn of_ms(ms: i64) -> Option<Month> {
        use chrono::Datelike;
        let t = chrono::DateTime::from_timestamp_millis(ms)?;
        Month::new(t.year(), t.month())
    }

    pub fn parse(s: &str) -> Option<Month> {
        let s = s.trim();
        if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Month::new(s[..4].parse().ok()?, s[4..].parse().ok()?)
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}{:02}", self.year, self.month)
    }
}

/// The path and query of a price sheet: the current one, or a past month's (`history`).
pub fn path(market: &str, view: View, month: Option<Month>) -> String {
    let base = format!(
        "/v1.0/sales/pricesheets(Market='{}',PricesheetView='{}')/$value",
        market.trim().to_ascii_uppercase(),
        view.as_wire()
    );
    match month {
        Some(m) => format!("{base}?timeline=history&month={m}"),
        None => base,
    }
}

/// The market and view named by a path segment `pricesheets(Market='JP',PricesheetView='…')`;
/// the view is returned as written, for the caller to refuse an unknown one.
pub fn parse_segment(segment: &str) -> Option<(String, String)> {
    let inner = segment.strip_prefix("pricesheets(")?.strip_suffix(')')?;
    let (mut market, mut view) = (None, None);
    for part in inner.split(',') {
        let (name, value) = part.split_once('=')?;
        let value = value.trim().strip_prefix('\'')?.strip_suffix('\'')?.to_string();
        match name.trim().to_ascii_lowercase().as_str() {
            "market" => market = Some(value),
            "pricesheetview" => view = Some(value),
            _ => return None,
        }
    }
    Some((market?, view?))
}

/// One row of a sheet: a SKU's price for a term and billing plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceRow {
    pub product_id: String,
    pub sku_id: String,
    pub product_title: String,
    pub sku_title: String,
    /// ISO 8601 duration (`P1Y`, `P3Y`, `P1M`), empty when the sheet does not say.
    pub term_duration: String,
    /// `Annual`, `Monthly`, `OneTime`…, empty when the sheet does not say.
    pub billing_plan: String,
    pub market: String,
    pub currency: String,
    /// The partner's price per unit and billing period (the whole term for one-time items).
    #[serde(with = "crate::wire::decimal")]
    pub unit_price: Decimal,
    pub unit_of_measure: String,
    pub effective_start: String,
    pub effective_end: String,
}

/// The columns Procura writes and reads, in the documented order.
pub const COLUMNS: [&str; 18] = [
    "ProductTitle",
    "ProductId",
    "SkuId",
    "SkuTitle",
    "Publisher",
    "SkuDescription",
    "UnitOfMeasure",
    "TermDuration",
    "BillingPlan",
    "Market",
    "Currency",
    "UnitPrice",
    "PricingTierRangeMin",
    "PricingTierRangeMax",
    "EffectiveStartDate",
    "EffectiveEndDate",
    "Tags",
    "ERP Price",
];

/// Why a file is not a price sheet Procura can use. Line numbers are as a person counts
/// them in the CSV (the header is line 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SheetError {
    /// A zip without a CSV in it, or one that does not unpack.
    BadZip(String),
    NotText {
        line: u64,
    },
    NoHeader,
    MissingColumn(&'static str),
    BadRow {
        line: u64,
        why: String,
    },
    BadPrice {
        line: u64,
        value: String,
    },
    Empty,
    /// Rows in more than one currency: a sheet is for one market.
    MixedCurrencies {
        line: u64,
        first: String,
        found: String,
    },
    TooLarge {
        bytes: usize,
    },
}

impl std::fmt::Display for SheetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SheetError::BadZip(why) => write!(f, "the zip file cannot be read: {why}"),
            SheetError::NotText { line } => write!(f, "line {line} is not UTF-8 text"),
            SheetError::NoHeader => write!(f, "there is no header line"),
            SheetError::MissingColumn(c) => write!(f, "the column {c} is missing"),
            SheetError::BadRow { line, why } => write!(f, "line {line}: {why}"),
            SheetError::BadPrice { line, value } => {
                write!(f, "line {line}: {value:?} is not a price")
            }
            SheetError::Empty => write!(f, "it has no prices"),
            SheetError::MixedCurrencies { line, first, found } => {
                write!(f, "line {line} is in {found}, earlier lines in {first}")
            }
            SheetError::TooLarge { bytes } => write!(f, "it is too large ({bytes} bytes)"),
        }
    }
}

/// The largest sheet read (unpacked): the real new-commerce sheet is about 42 MB.
pub const MAX_BYTES: usize = 512 * 1024 * 1024;

/// A column's name reduced to letters and digits, lowercase: `ERP Price“` → `erpprice`.
fn key(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// Reads a sheet's CSV (a UTF-8 byte-order mark allowed).
pub fn read_csv(bytes: &[u8]) -> Result<Vec<PriceRow>, SheetError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // The header is read on its own: the documented one closes its last name with `“`, which
    // would leave a quote open over the whole file. Typographic quotes become ASCII ones there.
    let split = bytes.iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| i + 1);
    let (head, body) = bytes.split_at(split);
    let head = String::from_utf8_lossy(head).replace(['\u{201c}', '\u{201d}'], "\"");
    let header = match csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(head.as_bytes())
        .byte_records()
        .next()
    {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(SheetError::BadRow { line: 1, why: e.to_string() }),
        None => return Err(SheetError::NoHeader),
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(body);
    let records = reader.byte_records();
    let names: Vec<String> = header.iter().map(|h| key(&String::from_utf8_lossy(h))).collect();
    let find = |name: &str| names.iter().position(|n| *n == key(name));
    let required = |name: &'static str| find(name).ok_or(SheetError::MissingColumn(name));
    let (product, sku, currency, price) =
        (required("ProductId")?, required("SkuId")?, required("Currency")?, required("UnitPrice")?);
    let optional = [
        "ProductTitle",
        "SkuTitle",
        "TermDuration",
        "BillingPlan",
        "Market",
        "UnitOfMeasure",
        "EffectiveStartDate",
        "EffectiveEndDate",
    ]
    .map(find);

    let mut rows = Vec::new();
    let mut first_currency: Option<String> = None;
    for record in records {
        let record = record.map_err(|e| row_error(0, &e))?;
        let line = record.position().map_or(0, |p| p.line() + 1);
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let text = |i: Option<usize>| -> Result<String, SheetError> {
            let raw = i.and_then(|i| record.get(i)).unwrap_or_default();
            std::str::from_utf8(raw)
                .map(|s| s.trim().to_string())
                .map_err(|_| SheetError::NotText { line })
        };
        let product_id = text(Some(product))?;
        let sku_id = text(Some(sku))?;
        if product_id.is_empty() || sku_id.is_empty() {
            return Err(SheetError::BadRow { line, why: "a product or SKU id is empty".into() });
        }
        let currency = text(Some(currency))?.to_ascii_uppercase();
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(SheetError::BadRow {
                line,
                why: format!("{currency:?} is not a currency"),
            });
        }
        match &first_currency {
            None => first_currency = Some(currency.clone()),
            Some(first) if *first != currency => {
                return Err(SheetError::MixedCurrencies {
                    line,
                    first: first.clone(),
                    found: currency,
                })
            }
            Some(_) => {}
        }
        let raw_price = text(Some(price))?;
        let unit_price =
            parse_price(&raw_price).ok_or(SheetError::BadPrice { line, value: raw_price })?;
        let [product_title, sku_title, term, billing, market, unit, start, end] =
            optional.map(text);
        rows.push(PriceRow {
            product_id,
            sku_id,
            product_title: product_title?,
            sku_title: sku_title?,
            term_duration: term?.to_ascii_uppercase(),
            billing_plan: billing?,
            market: market?.to_ascii_uppercase(),
            currency,
            unit_price,
            unit_of_measure: unit?,
            effective_start: start?,
            effective_end: end?,
        });
    }
    if rows.is_empty() {
        return Err(SheetError::Empty);
    }
    Ok(rows)
}

/// `line` when the error has no position; positions in the body are one line after the header.
fn row_error(line: u64, e: &csv::Error) -> SheetError {
    let line = e.position().map_or(line, |p| p.line() + 1);
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => SheetError::NotText { line },
        _ => SheetError::BadRow { line, why: e.to_string() },
    }
}

/// A price as sheets write it: plain decimal digits with a point, not negative.
fn parse_price(s: &str) -> Option<Decimal> {
    let ok = !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && s.bytes().filter(|&b| b == b'.').count() <= 1;
    ok.then(|| s.parse::<Decimal>().ok()).flatten()
}

/// Writes rows in the documented columns (what the sandbox serves).
pub fn write_csv(rows: &[PriceRow]) -> Vec<u8> {
    let mut w =
        csv::WriterBuilder::new().quote_style(csv::QuoteStyle::Always).from_writer(Vec::new());
    // Writing to a Vec cannot fail but for a bug; a failed row is left out rather than
    // panicking the server.
    let _ = w.write_record(COLUMNS);
    for r in rows {
        let price = r.unit_price.normalize().to_string();
        let _ = w.write_record([
            r.product_title.as_str(),
            &r.product_id,
            &r.sku_id,
            &r.sku_title,
            "Microsoft Corporation",
            "",
            &r.unit_of_measure,
            &r.term_duration,
            &r.billing_plan,
            &r.market,
            &r.currency,
            &price,
            "",
            "",
            &r.effective_start,
            &r.effective_end,
            "",
            &price,
        ]);
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The documented response example (get-a-price-sheet.md), header quirk included.
    const DOC_EXAMPLE: &str = "\"ProductTitle\",\"ProductId\",\"SkuId\",\"SkuTitle\",\"Publisher\",\"SkuDescription\",\"UnitOfMeasure\",\"TermDuration\",\"BillingPlan\",\"Market\",\"Currency\",\"UnitPrice\",\"PricingTierRangeMin\",\"PricingTierRangeMax\",\"EffectiveStartDate\",\"EffectiveEndDate\",\"Tags\",\"ERP Price\u{201c}\n\"Advanced Communications\",\"CFQ7TTC0HDK0\",\"0001\",\"Advanced Communications\",\"Microsoft Corporation\",\"Advanced meetings, calling, workflow integration, and management tools for IT.\",\"\",\"P1Y\",\"Annual\",\"US\",\"USD\",\"115.2\",\"\",\"\",\"2/1/2019 12:00:00 AM\",\"2/4/2021 8:35:31 PM\",\"License\",\"144\"\n";

    #[test]
    fn reads_the_documented_example() {
        let rows = read_csv(DOC_EXAMPLE.as_bytes()).unwrap();
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        assert_eq!((r.product_id.as_str(), r.sku_id.as_str()), ("CFQ7TTC0HDK0", "0001"));
        assert_eq!((r.term_duration.as_str(), r.billing_plan.as_str()), ("P1Y", "Annual"));
        assert_eq!((r.market.as_str(), r.currency.as_str()), ("US", "USD"));
        assert_eq!(r.unit_price, Decimal::new(1152, 1));
    }

    #[test]
    fn round_trips_through_csv() {
        let rows = read_csv(DOC_EXAMPLE.as_bytes()).unwrap();
        let csv = write_csv(&rows);
        let back = read_csv(&csv).unwrap();
        assert_eq!(back, rows);
    }

    #[test]
    fn columns_by_name_in_any_order_and_spelling() {
        let csv = "\u{feff}unit price,Currency,SKU Id,product_id\n27000,jpy,0001,DG7GMGF0DWTL\n";
        let rows = read_csv(csv.as_bytes()).unwrap();
        assert_eq!(rows[0].currency, "JPY");
        assert_eq!(rows[0].unit_price, Decimal::from(27000));
        assert_eq!(rows[0].sku_id, "0001");
    }

    #[test]
    fn refuses_what_is_not_a_sheet() {
        assert_eq!(read_csv(b""), Err(SheetError::NoHeader));
        assert_eq!(
            read_csv(b"ProductId,SkuId,Currency\n"),
            Err(SheetError::MissingColumn("UnitPrice"))
        );
        assert_eq!(read_csv(b"ProductId,SkuId,Currency,UnitPrice\n"), Err(SheetError::Empty));
        assert_eq!(
            read_csv(b"ProductId,SkuId,Currency,UnitPrice\nA,0001,JPY,1e5\n"),
            Err(SheetError::BadPrice { line: 2, value: "1e5".into() })
        );
        assert_eq!(
            read_csv(b"ProductId,SkuId,Currency,UnitPrice\nA,0001,JPY,-1\n"),
            Err(SheetError::BadPrice { line: 2, value: "-1".into() })
        );
        assert!(matches!(
            read_csv(b"ProductId,SkuId,Currency,UnitPrice\nA,0001,JPY,1\nB,0001,USD,2\n"),
            Err(SheetError::MixedCurrencies { line: 3, .. })
        ));
        assert!(matches!(
            read_csv(b"ProductId,SkuId,Currency,UnitPrice\nA,0001,JPY,\xff\n"),
            Err(SheetError::NotText { line: 2 })
        ));
    }

    #[test]
    fn paths_and_segments() {
        let p = path("jp", View::AzureReservations, Month::new(2026, 3));
        assert_eq!(
            p,
            "/v1.0/sales/pricesheets(Market='JP',PricesheetView='azure_reservations')/$value?timeline=history&month=202603"
        );
        assert_eq!(
            parse_segment("pricesheets(Market='ad',PricesheetView='azure_consumption')"),
            Some(("ad".into(), "azure_consumption".into()))
        );
        assert_eq!(parse_segment("pricesheets(Market=ad)"), None);
        assert_eq!(Month::parse("202611"), Month::new(2026, 11));
        assert_eq!(Month::parse("202613"), None);
        assert_eq!(Month::of_ms(0), Month::new(1970, 1));
    }
}

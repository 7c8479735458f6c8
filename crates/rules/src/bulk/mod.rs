//! Bulk plans: a CSV of planned purchases (the `procura-rules` format), checked row by row.
//! Used by the command line and by the app's bulk check page, so both agree.
//!
//! Input that cannot be read (bad UTF-8, a missing or unknown column, a wrong number of
//! fields) is an `InputError` naming the line; a malformed *value* in a known column is a
//! blocking finding on that row, so the rest of the plan is still checked.

use crate::check::check;
use crate::country::Country;
use crate::english;
use crate::finding::{Field, Finding, Rule, Severity, Verdict};
use crate::intent::{Currency, Market, PurchaseIntent, Segment};
use crate::kind::{Cloud, ProductKind};
use crate::term::{BillingCycle, Term};

mod records;
mod text;

const REQUIRED: [Field; 6] =
    [Field::Country, Field::Kind, Field::Term, Field::RenewsTo, Field::Billing, Field::Quantity];
const OPTIONAL: [Field; 10] = [
    Field::MinQuantity,
    Field::MaxQuantity,
    Field::PartnerQualified,
    Field::InventoryChecked,
    Field::SubscriptionRegistered,
    Field::ParentSubscription,
    Field::Cloud,
    Field::Currency,
    Field::Segment,
    Field::Reseller,
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputErrorKind {
    BadUtf8,
    NoHeader,
    MissingColumn(&'static str),
    UnknownColumn(String),
    DuplicateColumn(String),
    FieldCount { expected: usize, found: usize },
    UnterminatedQuote,
}

/// Why a plan could not be read, and where (1-based physical line of the file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    pub line: usize,
    pub kind: InputErrorKind,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: ", self.line)?;
        match &self.kind {
            InputErrorKind::BadUtf8 => write!(f, "the file is not valid UTF-8 or UTF-16 text"),
            InputErrorKind::NoHeader => write!(f, "a header row naming the columns is required"),
            InputErrorKind::MissingColumn(c) => write!(f, "the header has no `{c}` column"),
            InputErrorKind::UnknownColumn(c) => write!(f, "unknown column `{c}`"),
            InputErrorKind::DuplicateColumn(c) => write!(f, "column `{c}` appears twice"),
            InputErrorKind::FieldCount { expected, found } => {
                write!(f, "expected {expected} fields as in the header, found {found}")
            }
            InputErrorKind::UnterminatedQuote => write!(f, "a quoted field is never closed"),
        }
    }
}

impl std::error::Error for InputError {}

/// One checked data row; `line` counts data rows from 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowVerdict {
    pub line: usize,
    pub verdict: Verdict,
}

fn field_by_name(name: &str) -> Option<Field> {
    REQUIRED.iter().chain(OPTIONAL.iter()).copied().find(|f| f.name().eq_ignore_ascii_case(name))
}

/// A plan read a piece at a time (the command line reads a file of any size in pieces, the
/// page a dropped file), each row checked as soon as it is complete. The separator is a
/// comma, or a tab when the header has tabs and no comma (Excel's "Unicode text").
pub struct PlanReader {
    decoder: text::Decoder,
    /// Text of the first line, kept until its end shows which separator the plan uses.
    head: String,
    records: Option<records::Records>,
    columns: Option<Vec<Field>>,
    rows: usize,
    scratch: String,
}

impl Default for PlanReader {
    fn default() -> Self {
        PlanReader {
            decoder: text::Decoder::new(),
            head: String::new(),
            records: None,
            columns: None,
            rows: 0,
            scratch: String::new(),
        }
    }
}

impl PlanReader {
    /// Reads the next piece of the file, handing each row it completes to `each`.
    pub fn feed(
        &mut self,
        bytes: &[u8],
        each: &mut impl FnMut(RowVerdict),
    ) -> Result<(), InputError> {
        let mut text = std::mem::take(&mut self.scratch);
        text.clear();
        let decoded = self.decoder.decode(bytes, &mut text);
        // The text before bad bytes is read first, so that the error names their line.
        self.read(&text, each)?;
        self.scratch = text;
        decoded.map_err(|_| self.bad_text())
    }

    /// The end of the file: its last row, or why the plan cannot be read.
    pub fn finish(mut self, each: &mut impl FnMut(RowVerdict)) -> Result<(), InputError> {
        let mut text = String::new();
        let decoded = self.decoder.finish(&mut text);
        self.read(&text, each)?;
        decoded.map_err(|_| self.bad_text())?;
        let head = std::mem::take(&mut self.head);
        let mut records =
            self.records.take().unwrap_or_else(|| records::Records::new(separator(&head)));
        let (columns, rows) = (&mut self.columns, &mut self.rows);
        let mut emit = |line, values| row(columns, rows, line, values, each);
        records.push(&head, &mut emit)?;
        records.finish(&mut emit)?;
        if self.columns.is_none() {
            return Err(InputError { line: 1, kind: InputErrorKind::NoHeader });
        }
        Ok(())
    }

    fn read(&mut self, text: &str, each: &mut impl FnMut(RowVerdict)) -> Result<(), InputError> {
        let records = match &mut self.records {
            Some(records) => records,
            None => {
                self.head.push_str(text);
                let Some(end) = self.head.find(['\n', '\r']) else { return Ok(()) };
                let records =
                    self.records.insert(records::Records::new(separator(&self.head[..end])));
                let head = std::mem::take(&mut self.head);
                let (columns, rows) = (&mut self.columns, &mut self.rows);
                return records
                    .push(&head, &mut |line, values| row(columns, rows, line, values, each));
            }
        };
        let (columns, rows) = (&mut self.columns, &mut self.rows);
        records.push(text, &mut |line, values| row(columns, rows, line, values, each))
    }

    fn bad_text(&self) -> InputError {
        let line = match &self.records {
            Some(records) => records.line(),
            None => 1 + self.head.matches(['\n', '\r']).count(),
        };
        InputError { line, kind: InputErrorKind::BadUtf8 }
    }
}

fn separator(header: &str) -> char {
    if header.contains('\t') && !header.contains(',') {
        '\t'
    } else {
        ','
    }
}

/// One record: the header names the columns; every later record is a row, checked.
fn row(
    columns: &mut Option<Vec<Field>>,
    rows: &mut usize,
    line: usize,
    values: Vec<String>,
    each: &mut impl FnMut(RowVerdict),
) -> Result<(), InputError> {
    let Some(columns) = columns else {
        *columns = Some(header(line, &values)?);
        return Ok(());
    };
    if values.len() != columns.len() {
        return Err(InputError {
            line,
            kind: InputErrorKind::FieldCount { expected: columns.len(), found: values.len() },
        });
    }
    *rows += 1;
    let cell = |f: Field| columns.iter().position(|c| *c == f).map(|i| values[i].trim());
    each(RowVerdict { line: *rows, verdict: check_row(cell) });
    Ok(())
}

fn header(line: usize, names: &[String]) -> Result<Vec<Field>, InputError> {
    let mut columns: Vec<Field> = Vec::with_capacity(names.len());
    for name in names {
        let name = name.trim();
        let field = field_by_name(name).ok_or_else(|| InputError {
            line,
            kind: InputErrorKind::UnknownColumn(name.to_string()),
        })?;
        if columns.contains(&field) {
            return Err(InputError {
                line,
                kind: InputErrorKind::DuplicateColumn(name.to_string()),
            });
        }
        columns.push(field);
    }
    if let Some(missing) = REQUIRED.iter().find(|f| !columns.contains(f)) {
        return Err(InputError { line, kind: InputErrorKind::MissingColumn(missing.name()) });
    }
    Ok(columns)
}

/// Reads and checks a whole plan held in memory.
pub fn check_csv(input: &[u8]) -> Result<Vec<RowVerdict>, InputError> {
    let mut out = Vec::new();
    let mut reader = PlanReader::default();
    reader.feed(input, &mut |r| out.push(r))?;
    reader.finish(&mut |r| out.push(r))?;
    Ok(out)
}

fn invalid(rule: Rule, field: Field, value: &str) -> Finding {
    Finding::new(rule, Severity::Block, field).arg("value", value)
}

fn allowed<T>(items: impl Iterator<Item = T>, name: impl Fn(T) -> &'static str) -> String {
    items.map(name).collect::<Vec<_>>().join(", ")
}

/// One row: malformed values become findings, the rest becomes an intent for `check`.
fn check_row<'a>(cell: impl Fn(Field) -> Option<&'a str>) -> Verdict {
    let mut found = Vec::new();
    // A present, non-empty cell; an empty cell or an absent column means "not known".
    let given = |f: Field| cell(f).filter(|s| !s.is_empty());

    let kind = cell(Field::Kind).unwrap_or("");
    let kind = ProductKind::parse(kind).or_else(|| {
        found.push(
            invalid(Rule::KindInvalid, Field::Kind, kind)
                .arg("allowed", allowed(ProductKind::ALL.into_iter(), ProductKind::name)),
        );
        None
    });
    let country = cell(Field::Country).unwrap_or("");
    let country = Country::parse(country).or_else(|| {
        found.push(invalid(Rule::CountryInvalid, Field::Country, country));
        None
    });
    let mut parse_term = |field: Field, rule: Rule| {
        given(field).and_then(|s| {
            Term::parse(s).or_else(|| {
                found.push(
                    invalid(rule, field, s).arg("allowed", allowed(Term::all(), Term::as_str)),
                );
                None
            })
        })
    };
    let term = parse_term(Field::Term, Rule::TermInvalid);
    let renews_to = parse_term(Field::RenewsTo, Rule::RenewsToInvalid);
    let billing = given(Field::Billing).and_then(|s| {
        BillingCycle::parse(s).or_else(|| {
            found.push(
                invalid(Rule::BillingInvalid, Field::Billing, s)
                    .arg("allowed", allowed(BillingCycle::all(), BillingCycle::as_str)),
            );
            None
        })
    });
    let quantity = cell(Field::Quantity).unwrap_or("");
    let quantity = quantity.parse::<i64>().ok().or_else(|| {
        found.push(invalid(Rule::QuantityInvalid, Field::Quantity, quantity));
        None
    });
    let mut value = |field: Field, parse: &dyn Fn(&str) -> bool| {
        let v = given(field)?;
        if parse(v) {
            Some(v)
        } else {
            found.push(invalid(Rule::ValueInvalid, field, v));
            None
        }
    };
    let min_quantity =
        value(Field::MinQuantity, &|s| s.parse::<u64>().is_ok()).and_then(|s| s.parse().ok());
    let max_quantity =
        value(Field::MaxQuantity, &|s| s.parse::<u64>().is_ok()).and_then(|s| s.parse().ok());
    let partner_qualified = value(Field::PartnerQualified, &|s| flag(s).is_some()).and_then(flag);
    let inventory_checked = value(Field::InventoryChecked, &|s| flag(s).is_some()).and_then(flag);
    let subscription_registered =
        value(Field::SubscriptionRegistered, &|s| flag(s).is_some()).and_then(flag);
    let cloud = value(Field::Cloud, &|s| Cloud::parse(s).is_some())
        .and_then(Cloud::parse)
        .unwrap_or_default();
    let currency =
        value(Field::Currency, &|s| Currency::parse(s).is_some()).and_then(Currency::parse);
    let segment = value(Field::Segment, &|s| Segment::parse(s).is_some()).and_then(Segment::parse);
    let parent_subscription = given(Field::ParentSubscription);
    let reseller = given(Field::Reseller);

    let mut verdict = Verdict { findings: found };
    if let Some(kind) = kind {
        let mut intent = PurchaseIntent::new(kind);
        intent.cloud = cloud;
        intent.customer = Market { country, currency, segment };
        intent.term = term;
        intent.renews_to = renews_to;
        intent.billing = billing;
        intent.quantity = quantity;
        intent.sku.min_quantity = min_quantity;
        intent.sku.max_quantity = max_quantity;
        intent.partner_qualified = partner_qualified;
        intent.inventory_checked = inventory_checked;
        intent.subscription_registered = subscription_registered;
        intent.parent_subscription = parent_subscription;
        intent.reseller = reseller;
        verdict.findings.extend(check(&intent).findings);
    }
    verdict
}

fn flag(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" | "y" => Some(true),
        "false" | "no" | "0" | "n" => Some(false),
        _ => None,
    }
}

/// A JSON string literal.
fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `{"line": N, "ok": bool, "findings": [{"rule", "severity", "field", "message"}]}`
pub fn row_json(row: &RowVerdict) -> String {
    let mut s =
        format!("{{\"line\": {}, \"ok\": {}, \"findings\": [", row.line, !row.verdict.is_blocked());
    for (i, f) in row.verdict.findings.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str("{\"rule\": ");
        json_str(&mut s, f.rule.id());
        s.push_str(", \"severity\": ");
        json_str(&mut s, f.severity.as_str());
        s.push_str(", \"field\": ");
        json_str(&mut s, f.field.name());
        s.push_str(", \"message\": ");
        json_str(&mut s, &english::message(f));
        s.push('}');
    }
    s.push_str("]}");
    s
}

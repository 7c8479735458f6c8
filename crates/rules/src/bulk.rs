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

/// Splits CSV text into records with the physical line each starts on (RFC 4180 quoting;
/// CRLF, LF or a lone CR ends a line; `delimiter` is `,` or a tab). Blank lines are skipped.
fn records(text: &str, delimiter: char) -> Result<Vec<(usize, Vec<String>)>, InputError> {
    let mut out = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let (mut line, mut start_line) = (1usize, 1usize);
    let mut in_quotes = false;
    let mut chars = text.chars().peekable();
    let mut row_has_content = false;
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\r' if chars.peek() == Some(&'\n') => field.push('\r'),
                '\n' | '\r' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => {
                in_quotes = true;
                row_has_content = true;
            }
            c if c == delimiter => {
                fields.push(std::mem::take(&mut field));
                row_has_content = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                if row_has_content || !field.trim().is_empty() {
                    fields.push(std::mem::take(&mut field));
                    out.push((start_line, std::mem::take(&mut fields)));
                }
                field.clear();
                row_has_content = false;
                line += 1;
                start_line = line;
            }
            _ => {
                field.push(c);
                row_has_content = true;
            }
        }
    }
    if in_quotes {
        return Err(InputError { line: start_line, kind: InputErrorKind::UnterminatedQuote });
    }
    if row_has_content || !field.trim().is_empty() {
        fields.push(field);
        out.push((start_line, fields));
    }
    Ok(out)
}

fn field_by_name(name: &str) -> Option<Field> {
    REQUIRED.iter().chain(OPTIONAL.iter()).copied().find(|f| f.name().eq_ignore_ascii_case(name))
}

/// The plan's text: UTF-8 (with or without Excel's byte-order mark), or UTF-16 with its
/// byte-order mark, as Excel's "Unicode text" and Procura's own export are written.
fn decode(input: &[u8]) -> Result<std::borrow::Cow<'_, str>, InputError> {
    let bad = |text: &str| InputError {
        line: 1 + text.matches('\n').count(),
        kind: InputErrorKind::BadUtf8,
    };
    let utf16 = |body: &[u8], unit: fn([u8; 2]) -> u16| {
        let units = body.chunks_exact(2).map(|p| unit([p[0], p[1]]));
        let mut text = String::with_capacity(body.len() / 2);
        for c in char::decode_utf16(units) {
            text.push(c.map_err(|_| bad(&text))?);
        }
        if body.len() % 2 == 1 {
            return Err(bad(&text));
        }
        Ok(std::borrow::Cow::Owned(text))
    };
    match input {
        [0xff, 0xfe, body @ ..] => utf16(body, u16::from_le_bytes),
        [0xfe, 0xff, body @ ..] => utf16(body, u16::from_be_bytes),
        _ => {
            let text = std::str::from_utf8(input).map_err(|e| InputError {
                line: 1 + input[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count(),
                kind: InputErrorKind::BadUtf8,
            })?;
            Ok(std::borrow::Cow::Borrowed(text.strip_prefix('\u{feff}').unwrap_or(text)))
        }
    }
}

/// Reads and checks a whole plan: comma-separated, or tab-separated when its header has
/// tabs and no comma (Excel's "Unicode text").
pub fn check_csv(input: &[u8]) -> Result<Vec<RowVerdict>, InputError> {
    let text = decode(input)?;
    let header = text.split(['\n', '\r']).next().unwrap_or("");
    let delimiter = if header.contains('\t') && !header.contains(',') { '\t' } else { ',' };
    let mut rows = records(&text, delimiter)?.into_iter();
    let (header_line, header) =
        rows.next().ok_or(InputError { line: 1, kind: InputErrorKind::NoHeader })?;
    let mut columns: Vec<Field> = Vec::with_capacity(header.len());
    for name in &header {
        let name = name.trim();
        let field = field_by_name(name).ok_or_else(|| InputError {
            line: header_line,
            kind: InputErrorKind::UnknownColumn(name.to_string()),
        })?;
        if columns.contains(&field) {
            return Err(InputError {
                line: header_line,
                kind: InputErrorKind::DuplicateColumn(name.to_string()),
            });
        }
        columns.push(field);
    }
    if let Some(missing) = REQUIRED.iter().find(|f| !columns.contains(f)) {
        return Err(InputError {
            line: header_line,
            kind: InputErrorKind::MissingColumn(missing.name()),
        });
    }
    let mut out = Vec::new();
    for (n, (line, values)) in rows.enumerate() {
        if values.len() != columns.len() {
            return Err(InputError {
                line,
                kind: InputErrorKind::FieldCount { expected: columns.len(), found: values.len() },
            });
        }
        let cell = |f: Field| columns.iter().position(|c| *c == f).map(|i| values[i].trim());
        out.push(RowVerdict { line: n + 1, verdict: check_row(cell) });
    }
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

//! The filtered lines as a spreadsheet file that Excel opens correctly whatever its locale.
//!
//! Excel splits a double-clicked `.csv` on the *system's* list separator (`,` in English,
//! Japanese and Chinese Windows, `;` in Swedish) and reads UTF-8 only with a BOM, which a
//! `sep=` line then defeats. Tab-separated UTF-16LE with a BOM is the one form every locale
//! opens into columns with every character intact (it is what Excel itself writes as
//! "Unicode text"). Amounts use the UI locale's decimal mark and no grouping, so Excel reads
//! them as numbers; dates are ISO 8601, which every locale reads as dates.
//!
//! Text that Excel would run as a formula (`=`, `+`, `-`, `@` first) gets a leading
//! apostrophe: catalog and customer names come from outside and may be hostile.

use rust_decimal::Decimal;

use super::lines::Line;

pub const MIME: &str = "text/csv;charset=utf-16le";

/// The columns, in order. `headers` are their localized titles.
pub const COLUMNS: usize = 13;

fn push_text(out: &mut String, s: &str) {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    // By byte: every character looked for is ASCII, which no other UTF-8 character contains.
    let needs_quotes = s.bytes().any(|b| matches!(b, b'\t' | b'"' | b'\n' | b'\r'));
    if needs_quotes {
        out.push('"');
    }
    if risky {
        out.push('\'');
    }
    if needs_quotes {
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

fn push_number(out: &mut String, d: Decimal, decimal_comma: bool) {
    use std::fmt::Write as _;
    let start = out.len();
    let _ = write!(out, "{}", d.normalize());
    if decimal_comma {
        if let Some(dot) = out[start..].find('.') {
            out.replace_range(start + dot..start + dot + 1, ",");
        }
    }
}

/// The text of the file (before encoding), one line per index in `idx`.
pub fn to_text(
    lines: &[Line],
    idx: &[u32],
    headers: &[&str; COLUMNS],
    decimal_comma: bool,
) -> String {
    let mut out = String::with_capacity(64 + idx.len() * 160);
    for (i, h) in headers.iter().enumerate() {
        if i > 0 {
            out.push('\t');
        }
        push_text(&mut out, h);
    }
    out.push_str("\r\n");
    for &i in idx {
        let l = &lines[i as usize];
        for (n, text) in [
            &*l.customer_name,
            &*l.customer_id,
            &l.order_id,
            &l.order_date,
            &*l.product_name,
            &*l.sku_name,
            &*l.charge_type,
        ]
        .into_iter()
        .enumerate()
        {
            if n > 0 {
                out.push('\t');
            }
            push_text(&mut out, text);
        }
        for d in [Some(l.quantity), l.unit_price, Some(l.subtotal), Some(l.tax), Some(l.total)] {
            out.push('\t');
            if let Some(d) = d {
                push_number(&mut out, d, decimal_comma);
            }
        }
        out.push('\t');
        push_text(&mut out, &l.currency);
        out.push_str("\r\n");
    }
    out
}

/// The file as UTF-16 code units, its byte-order mark first: what a page hands the browser
/// as it is (wasm memory is little-endian), with no loop over the 30 MB of a 100,000-line
/// file's bytes.
pub fn encode_units(text: &str) -> Vec<u16> {
    let mut units = Vec::with_capacity(1 + text.len());
    units.push(0xFEFF);
    units.extend(text.encode_utf16());
    units
}

/// The file's bytes: UTF-16LE with its byte-order mark.
pub fn encode(text: &str) -> Vec<u8> {
    encode_units(text).into_iter().flat_map(u16::to_le_bytes).collect()
}

/// Reads a file this module wrote back into rows of cells (quotes undone, formula guards
/// kept as written). `None` if it is not UTF-16LE with a BOM.
pub fn parse(bytes: &[u8]) -> Option<Vec<Vec<String>>> {
    let body = bytes.strip_prefix(&[0xFF, 0xFE])?;
    if body.len() % 2 != 0 {
        return None;
    }
    let units: Vec<u16> = body.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    let text = String::from_utf16(&units).ok()?;
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, '\t') => row.push(std::mem::take(&mut cell)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    Some(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::billing::lines::{tests::item, view, Filter, LineTable, Sort};

    const H: [&str; COLUMNS] = [
        "Kund", "Kund-id", "Order", "Datum", "Produkt", "SKU", "Typ", "Antal", "Pris", "Delsumma",
        "Moms", "Summa", "Valuta",
    ];

    #[test]
    fn round_trip_keeps_every_cell() {
        let mut t = LineTable::default();
        t.extend(&[
            item(0, "株式会社さくら\t\"本店\"", "Windows, Server", "new", "1234.50", "SEK"),
            item(1, "=HYPERLINK(\"x\")", "SQL\nServer", "cancel", "-7", "JPY"),
        ]);
        let idx = view(&t.lines, &Filter::default(), Sort::default());
        let bytes = encode(&to_text(&t.lines, &idx, &H, true));
        assert_eq!(&bytes[..2], &[0xFF, 0xFE]);
        let rows = parse(&bytes).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0], H);
        assert_eq!(rows[1][0], "株式会社さくら\t\"本店\"");
        assert_eq!(rows[1][4], "Windows, Server");
        assert_eq!(rows[1][11], "1234,5", "Swedish decimal comma, no grouping");
        assert_eq!(rows[2][0], "'=HYPERLINK(\"x\")", "a formula is defused");
        assert_eq!(rows[2][4], "SQL\nServer");
        assert_eq!(rows[2][11], "-7", "negative amounts stay numbers");
        assert_eq!(rows[2][12], "JPY");
        assert!(rows.iter().all(|r| r.len() == COLUMNS));
    }

    #[test]
    fn only_utf16_with_a_bom_is_read() {
        assert!(parse(b"a\tb\r\n").is_none());
        assert_eq!(parse(&encode("a\tb\r\n")).unwrap(), [["a", "b"]]);
    }
}

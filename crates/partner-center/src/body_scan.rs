//! Walks over a body's text before serde_json reads it. [`scan`]: numbers an `f64` cannot
//! carry are quoted, and whether a key may be PascalCase is noted. [`split_items`]: where a
//! collection's items lie, so that each can be read on its own.
//!
//! serde_json (without `arbitrary_precision`) reads every JSON number with a fraction or an
//! exponent as an `f64`, so an amount of more than 15 significant digits would reach
//! [`crate::wire::decimal`] already rounded. `arbitrary_precision` is not a way out: resources
//! keep unknown fields through `#[serde(flatten)]`, which buffers numbers in a form that only
//! a `Value` reads back. So the text is rewritten instead: such a number becomes a string,
//! which every reader of numbers here (`decimal`, `int`, `text`) accepts and reads exactly.
//! Numbers of 15 digits or fewer (every price the docs show) are left as they are and read
//! exactly through `f64`; an integer that fits 64 bits is read exactly by serde_json.
//!
//! Both looks are one walk over the tokens (every item of a 100,000-line invoice, 120 MB, is
//! walked so): strings are skipped a word at a time, and nothing is allocated unless a number
//! is quoted.

use std::borrow::Cow;
use std::ops::Range;

/// A body as serde_json should read it, and whether it must go the lenient way round.
pub struct Scanned<'a> {
    /// The body with every number of more than 15 significant digits quoted; borrowed (no
    /// copy) when it has none.
    pub bytes: Cow<'a, [u8]>,
    /// Whether some key may start with a capital (PascalCase, which
    /// [`crate::wire::camel_case_keys`] rewrites): a string right after `{` or `,`
    /// (whitespace between) starting with A–Z. That is every such key, and also a string in
    /// an array, which only sends the body the slow way round.
    pub capital_keys: bool,
}

pub fn scan(bytes: &[u8]) -> Scanned<'_> {
    let mut out: Option<Vec<u8>> = None;
    let (mut copied, mut i) = (0, 0);
    let mut capital_keys = false;
    // Whether the last byte outside strings, whitespace aside, was `{` or `,`.
    let mut key_may_follow = false;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                capital_keys |=
                    key_may_follow && bytes.get(i + 1).is_some_and(u8::is_ascii_uppercase);
                key_may_follow = false;
                i = string_end(bytes, i + 1);
            }
            b'{' | b',' => {
                key_may_follow = true;
                i += 1;
            }
            b if is_space(&b) => i += 1,
            b'-' | b'0'..=b'9' => {
                key_may_follow = false;
                let end = number_end(bytes, i);
                if too_long_for_f64(&bytes[i..end]) {
                    let o = out.get_or_insert_with(|| Vec::with_capacity(bytes.len() + 16));
                    o.extend_from_slice(&bytes[copied..i]);
                    o.push(b'"');
                    o.extend_from_slice(&bytes[i..end]);
                    o.push(b'"');
                    copied = end;
                }
                i = end;
            }
            _ => {
                key_may_follow = false;
                i += 1;
            }
        }
    }
    let bytes = match out {
        None => Cow::Borrowed(bytes),
        Some(mut o) => {
            o.extend_from_slice(&bytes[copied..]);
            Cow::Owned(o)
        }
    };
    Scanned { bytes, capital_keys }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `w` that equals `c`, and maybe of bytes after the first such
/// (a borrow runs on), never before it: the lowest bit set marks the first match.
fn bytes_equal(w: u64, c: u8) -> u64 {
    let x = w ^ (ONES * u64::from(c));
    x.wrapping_sub(ONES) & !x & HIGH
}

/// The index just past the string whose text starts at `i` (after its opening quote), or
/// the end of `bytes` when it is not closed.
fn string_end(bytes: &[u8], i: usize) -> usize {
    string_close(bytes, i).unwrap_or(bytes.len())
}

/// The index just past the string whose text starts at `i`; `None` when it is not closed.
/// Eight bytes at a time to the next quote or backslash: most strings are short, so this
/// beats a call to memchr, whose setup is paid per string.
fn string_close(bytes: &[u8], mut i: usize) -> Option<usize> {
    loop {
        while let Some(word) = bytes.get(i..i + 8) {
            let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
            let hit = bytes_equal(w, b'"') | bytes_equal(w, b'\\');
            if hit != 0 {
                i += (hit.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        match bytes.get(i)? {
            b'"' => return Some(i + 1),
            // An escape: skip the escaped byte, which may be a quote.
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
}

/// Where a collection's items lie in its text: the span of its `items` array (brackets
/// included; `None` when it has none) and each item's span.
pub struct ItemSpans {
    pub array: Option<Range<usize>>,
    pub items: Vec<Range<usize>>,
}

/// Finds a collection's items in its text. `None` when the text is not an object written
/// plainly enough to split this way: a key other than `items` naming the items (PascalCase,
/// escaped), `items` sent twice, or a separator or bracket out of place; such a page goes
/// the lenient way. Only the structure between the items is checked here: each item's text
/// is read (and so checked) on its own, and the text around the items too.
pub fn split_items(bytes: &[u8]) -> Option<ItemSpans> {
    let mut spans = ItemSpans { array: None, items: Vec::new() };
    let mut i = skip_space(bytes, 0);
    if bytes.get(i) != Some(&b'{') {
        return None;
    }
    i = skip_space(bytes, i + 1);
    if bytes.get(i) == Some(&b'}') {
        return Some(spans);
    }
    loop {
        if bytes.get(i) != Some(&b'"') {
            return None;
        }
        let key_end = string_close(bytes, i + 1)?;
        let mut key = Cow::Borrowed(&bytes[i + 1..key_end - 1]);
        if key.contains(&b'\\') {
            key = Cow::Owned(serde_json::from_slice::<String>(&bytes[i..key_end]).ok()?.into());
        }
        // `Items` is camelCased to `items`: the lenient way reads it.
        if *key == *b"Items" {
            return None;
        }
        i = skip_space(bytes, key_end);
        if bytes.get(i) != Some(&b':') {
            return None;
        }
        i = skip_space(bytes, i + 1);
        let end = if *key == *b"items" {
            if spans.array.is_some() {
                return None;
            }
            let end = split_array(bytes, i, &mut spans.items)?;
            spans.array = Some(i..end);
            end
        } else {
            value_end(bytes, i)?
        };
        i = skip_space(bytes, end);
        match bytes.get(i)? {
            b',' => i = skip_space(bytes, i + 1),
            b'}' => return Some(spans),
            _ => return None,
        }
    }
}

/// The end of the array at `i`, each element's span pushed to `items`.
fn split_array(bytes: &[u8], i: usize, items: &mut Vec<Range<usize>>) -> Option<usize> {
    if bytes.get(i) != Some(&b'[') {
        return None;
    }
    let mut i = skip_space(bytes, i + 1);
    if bytes.get(i) == Some(&b']') {
        return Some(i + 1);
    }
    loop {
        let end = value_end(bytes, i)?;
        items.push(i..end);
        i = skip_space(bytes, end);
        match bytes.get(i)? {
            b',' => i = skip_space(bytes, i + 1),
            b']' => return Some(i + 1),
            _ => return None,
        }
    }
}

/// The end of the value at `i`: a string, an object or array to its closing bracket
/// (strings inside skipped), or a bare word (number, `true`, `null`) to the next separator.
fn value_end(bytes: &[u8], mut i: usize) -> Option<usize> {
    match bytes.get(i)? {
        b'"' => string_close(bytes, i + 1),
        b'{' | b'[' => {
            let mut depth = 0usize;
            while let Some(&b) = bytes.get(i) {
                match b {
                    b'"' => {
                        i = string_close(bytes, i + 1)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        b',' | b']' | b'}' | b':' => None,
        _ => {
            let start = i;
            while bytes.get(i).is_some_and(|b| !matches!(b, b',' | b']' | b'}') && !is_space(b)) {
                i += 1;
            }
            Some(i).filter(|&end| end > start)
        }
    }
}

/// JSON's whitespace.
fn is_space(b: &u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t')
}

fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(is_space) {
        i += 1;
    }
    i
}

fn number_end(bytes: &[u8], i: usize) -> usize {
    i + bytes[i..]
        .iter()
        .position(|b| !matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
        .unwrap_or(bytes.len() - i)
}

/// More than 15 significant digits with a fraction or an exponent (read as `f64`), or an
/// integer outside 64 bits (serde_json reads those as `f64` too).
fn too_long_for_f64(token: &[u8]) -> bool {
    let exponent = token.iter().position(|b| matches!(b, b'e' | b'E'));
    let mantissa = &token[..exponent.unwrap_or(token.len())];
    let significant =
        mantissa.iter().filter(|b| b.is_ascii_digit()).skip_while(|d| **d == b'0').count();
    if significant <= 15 {
        return false;
    }
    if exponent.is_some() || mantissa.contains(&b'.') {
        return true;
    }
    let text = std::str::from_utf8(token).unwrap_or_default();
    text.parse::<i64>().is_err() && text.parse::<u64>().is_err()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote_long_numbers(b: &[u8]) -> Cow<'_, [u8]> {
        scan(b).bytes
    }

    fn quoted(s: &str) -> String {
        String::from_utf8(quote_long_numbers(s.as_bytes()).into_owned()).unwrap()
    }

    #[test]
    fn only_numbers_an_f64_would_round_are_quoted() {
        let body = r#"{"a":12345678901234.56789,"b":0.1,"c":-0.000000000000000012345678901234567,"d":18446744073709551615,"e":123456789012345678901,"f":1.2345678901234567e3,"g":123456789012345}"#;
        assert_eq!(
            quoted(body),
            r#"{"a":"12345678901234.56789","b":0.1,"c":"-0.000000000000000012345678901234567","d":18446744073709551615,"e":"123456789012345678901","f":"1.2345678901234567e3","g":123456789012345}"#
        );
    }

    #[test]
    fn strings_are_never_touched_and_short_bodies_are_not_copied() {
        let body = r#"{"id":"12345678901234567.8","x":"a\"1234567890123456.7","n":[1,2]}"#;
        assert_eq!(quoted(body), body);
        assert!(matches!(quote_long_numbers(br#"{"unitPrice":12.34}"#), Cow::Borrowed(_)));
        // Cut off anywhere, it neither panics nor reads past the end.
        let long = r#"{"a":"\\","b":1234567890123456.7}"#;
        for end in 0..=long.len() {
            let _ = quote_long_numbers(&long.as_bytes()[..end]);
        }
        assert_eq!(quoted(long), r#"{"a":"\\","b":"1234567890123456.7"}"#);
    }

    #[test]
    fn strings_are_skipped_alike_wherever_a_word_boundary_falls() {
        // Quotes and backslashes at every offset from an eight-byte boundary.
        let body = r#"{"a":"x\","B":"y"z","c":1234567890123456.7,"d":"\"","Ef":[1]}"#;
        let want = r#"{"a":"x\","B":"y"z","c":"1234567890123456.7","d":"\"","Ef":[1]}"#;
        for pad in 0..16 {
            let padded = format!("{}{body}", " ".repeat(pad));
            let s = scan(padded.as_bytes());
            assert_eq!(String::from_utf8_lossy(&s.bytes), format!("{}{want}", " ".repeat(pad)));
            assert!(s.capital_keys, "{pad}");
        }
        let lower = scan(br#"{"text":"a "Quoted" word, {"X":1}","n":["a"]}"#);
        assert!(!lower.capital_keys);
        assert!(matches!(lower.bytes, Cow::Borrowed(_)));
    }
}

//! Numbers an `f64` cannot carry, quoted before serde_json reads them.
//!
//! serde_json (without `arbitrary_precision`) reads every JSON number with a fraction or an
//! exponent as an `f64`, so an amount of more than 15 significant digits would reach
//! [`crate::wire::decimal`] already rounded. `arbitrary_precision` is not a way out: resources
//! keep unknown fields through `#[serde(flatten)]`, which buffers numbers in a form that only
//! a `Value` reads back. So the text is rewritten instead: such a number becomes a string,
//! which every reader of numbers here (`decimal`, `int`, `text`) accepts and reads exactly.
//! Numbers of 15 digits or fewer (every price the docs show) are left as they are and read
//! exactly through `f64`; an integer that fits 64 bits is read exactly by serde_json.

use std::borrow::Cow;

/// The body with every number of more than 15 significant digits quoted; borrowed (no copy)
/// when it has none, which a word-at-a-time look for 8 digits in a row tells first.
pub fn quote_long_numbers(bytes: &[u8]) -> Cow<'_, [u8]> {
    if !has_digit_word(bytes) {
        return Cow::Borrowed(bytes);
    }
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = string_end(bytes, i + 1),
            b'-' | b'0'..=b'9' => {
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
            _ => i += 1,
        }
    }
    match out {
        None => Cow::Borrowed(bytes),
        Some(mut o) => {
            o.extend_from_slice(&bytes[copied..]);
            Cow::Owned(o)
        }
    }
}

/// Whether some aligned 8 bytes are all in `.`..=`9`: a number of 16 digits or more has
/// such a word, so a body without one has nothing to quote.
fn has_digit_word(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    bytes.chunks_exact(8).any(|c| {
        let w = u64::from_le_bytes(c.try_into().unwrap_or_default());
        // Per byte, with no carry between bytes as each is below 0x80: the high bit of
        // `w + (0x80 - lo)` is set exactly when the byte is at least `lo`.
        let at_least_dot = w.wrapping_add(ONES * (0x80 - u64::from(b'.')));
        let past_nine = w.wrapping_add(ONES * (0x80 - u64::from(b'9') - 1));
        w & HIGH == 0 && at_least_dot & !past_nine & HIGH == HIGH
    })
}

/// The index just past the string whose text starts at `i` (after its opening quote).
fn string_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some(at) = memchr::memchr2(b'"', b'\\', &bytes[i.min(bytes.len())..]) {
        let at = i + at;
        if bytes[at] == b'"' {
            return at + 1;
        }
        i = at + 2; // an escape: skip the escaped byte, which may be a quote
    }
    bytes.len()
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
    let mantissa = token.split(|b| matches!(b, b'e' | b'E')).next().unwrap_or_default();
    let digits: Vec<u8> = mantissa.iter().copied().filter(u8::is_ascii_digit).collect();
    let significant = digits.iter().skip_while(|d| **d == b'0').count();
    if mantissa.len() != token.len() || mantissa.contains(&b'.') {
        return significant > 15;
    }
    let text = std::str::from_utf8(token).unwrap_or_default();
    significant > 15 && text.parse::<i64>().is_err() && text.parse::<u64>().is_err()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}

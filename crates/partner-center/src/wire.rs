//! How Partner Center writes JSON, and how we read it leniently (see the contract, §0.1, §8):
//! property names in camelCase or PascalCase, enum strings in any casing, numbers sent as
//! strings, error `code` as string or number, date-times with or without an offset.
//!
//! Everything is read through [`from_slice`]/[`from_value`], which first rewrites every
//! object key to camelCase, so the types need no per-field aliases. Bytes are read after
//! [`body_scan::scan`] quotes long numbers, so that no amount is rounded through an `f64`.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::body_scan;

/// Reads any resource from bytes as the real service may write it: straight into the type
/// when every key is camelCase already (an invoice page reads in a fraction of the time it
/// takes through a `Value` tree), else, or when it does not read so (a key sent twice, as one
/// documented example has), the [`lenient`] way.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    let scanned = body_scan::scan(bytes);
    if !scanned.capital_keys {
        if let Ok(v) = serde_json::from_slice(&scanned.bytes) {
            return Ok(v);
        }
    }
    lenient(&scanned.bytes)
}

/// Through a `Value` tree whose keys are camelCased first.
fn lenient<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    from_value(serde_json::from_slice(bytes)?)
}

/// A collection's page with its items left as JSON text, each to be read on its own with
/// [`from_slice`]: a caller can then read a large page in slices, and learn its `next` link
/// before reading any item. Read as leniently as [`from_slice`] reads it whole.
pub struct RawPage {
    /// The page's text (as sent, or as the lenient way wrote it again).
    body: Vec<u8>,
    items: Vec<std::ops::Range<usize>>,
    /// Everything but the items: `totalCount`, `links`, `continuationToken`.
    pub envelope: crate::Collection<serde::de::IgnoredAny>,
}

impl RawPage {
    /// The items' text, in order.
    pub fn items(&self) -> impl ExactSizeIterator<Item = &[u8]> + '_ {
        self.items.iter().map(|r| &self.body[r.clone()])
    }
}

/// Reads a page's envelope, leaving its items as text. The items are found by
/// [`body_scan::split_items`] rather than by serde's `RawValue`, which reads (and checks)
/// every item's text: that is one pass over 2.4 MB for a page of invoice lines, while the
/// next page waits to be asked for. Each item is checked when it is read.
pub fn raw_page(body: Vec<u8>) -> Result<RawPage, serde_json::Error> {
    let (body, spans) = match body_scan::split_items(&body) {
        Some(spans) => (body, spans),
        None => {
            // The lenient way: keys rewritten (and a key sent twice resolved) in a tree,
            // which is written again so that the items can be kept as text.
            let mut v: Value = serde_json::from_slice(&body_scan::scan(&body).bytes)?;
            camel_case_keys(&mut v);
            let body = serde_json::to_vec(&v)?;
            let spans = body_scan::split_items(&body)
                .ok_or_else(|| serde_json::Error::custom("a collection is a JSON object"))?;
            (body, spans)
        }
    };
    let envelope: crate::Collection<serde::de::IgnoredAny> = match &spans.array {
        Some(array) => from_slice(&[&body[..array.start], b"[]", &body[array.end..]].concat())?,
        None => from_slice(&body)?,
    };
    if !envelope.items.is_empty() {
        return Err(serde_json::Error::custom("a collection's items are sent twice"));
    }
    Ok(RawPage { body, items: spans.items, envelope })
}

/// Reads any resource from a parsed JSON value (keys are camelCased first). Numbers in the
/// tree are already `f64`s: read bodies with [`from_slice`], which keeps long amounts exact.
pub fn from_value<T: DeserializeOwned>(mut v: Value) -> Result<T, serde_json::Error> {
    camel_case_keys(&mut v);
    serde_json::from_value(v)
}

/// `LineItems` -> `lineItems`, recursively. Data maps (provisioningContext, dynamicAttributes)
/// are rewritten too: Partner Center reads their keys case-insensitively.
pub fn camel_case_keys(v: &mut Value) {
    match v {
        Value::Object(map) => {
            let old = std::mem::take(map);
            for (k, mut val) in old {
                camel_case_keys(&mut val);
                map.insert(lower_first(&k), val);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(camel_case_keys),
        _ => {}
    }
}

fn lower_first(k: &str) -> String {
    let mut c = k.chars();
    match c.next() {
        Some(f) if f.is_ascii_uppercase() => f.to_ascii_lowercase().to_string() + c.as_str(),
        _ => k.to_string(),
    }
}

/// Case-, underscore-, space- and hyphen-insensitive form of an enum string.
pub fn fold(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '_' | ' ' | '-')).flat_map(char::to_lowercase).collect()
}

/// Declares a wire enum: written as its canonical string, read in any casing (or as its
/// position number, as the .NET SDK accepts), with `Other` keeping anything unknown.
/// Variants must be listed in Partner Center's position order.
#[macro_export]
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $($variant,)+ Other(String) }

        impl Default for $name {
            fn default() -> $name { $name::KNOWN[0].clone() }
        }

        impl $name {
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            pub fn as_wire(&self) -> &str {
                match self { $($name::$variant => $wire,)+ $name::Other(s) => s }
            }

            pub fn from_wire(s: &str) -> $name {
                let k = $crate::wire::fold(s);
                $(if k == $crate::wire::fold($wire) { return $name::$variant; })+
                $name::Other(s.to_string())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_wire())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                match ::serde_json::Value::deserialize(d)? {
                    ::serde_json::Value::String(s) => Ok($name::from_wire(&s)),
                    ::serde_json::Value::Number(n) => Ok(n
                        .as_u64()
                        .and_then(|i| $name::KNOWN.get(i as usize).cloned())
                        .unwrap_or_else(|| $name::Other(n.to_string()))),
                    other => Err(::serde::de::Error::custom(format!(
                        concat!("expected a ", stringify!($name), " string, found {}"), other
                    ))),
                }
            }
        }

        impl $crate::wire::Omit for $name {}

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_wire())
            }
        }
    };
}

fn number_text(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.trim().to_string()),
        _ => None,
    }
}

/// Integers sent as numbers or strings (`"quantity": "25"`).
pub mod int {
    use super::*;
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        let v = Value::deserialize(d)?;
        number_text(&v)
            .and_then(|t| {
                t.parse::<i64>().ok().or_else(|| {
                    // `2.0` is 2; a float past i64 is refused, not saturated.
                    t.parse::<f64>()
                        .ok()
                        .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e18)
                        .map(|f| f as i64)
                })
            })
            .ok_or_else(|| D::Error::custom(format!("expected an integer, found {v}")))
    }
    pub fn serialize<S: Serializer>(v: &i64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(*v)
    }
}

/// Optional integers sent as numbers, strings, empty strings or null.
pub mod opt_int {
    use super::*;
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(None),
            Value::String(s) if s.trim().is_empty() => Ok(None),
            v => super::int::deserialize(v).map(Some).map_err(D::Error::custom),
        }
    }
    pub fn serialize<S: Serializer>(v: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }
}

/// An object the tables call an array (`renewsTo`: cart-resources.md's table says "array",
/// every example and the SDKs send one object): read either, the first of an array; sent
/// as one object.
pub mod one_or_first {
    use super::*;
    use serde::de::DeserializeOwned;
    pub fn deserialize<'de, D: Deserializer<'de>, T: DeserializeOwned>(
        d: D,
    ) -> Result<Option<T>, D::Error> {
        let v = match Value::deserialize(d)? {
            Value::Null => return Ok(None),
            Value::Array(items) => match items.into_iter().next() {
                None => return Ok(None),
                Some(first) => first,
            },
            other => other,
        };
        serde_json::from_value(v).map(Some).map_err(D::Error::custom)
    }
    pub fn serialize<S: Serializer, T: Serialize>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }
}

/// Strings that may arrive as numbers (`"resellerMpnId": 0`, error `"code": 800090`).
pub mod text {
    use super::*;
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        let v = Value::deserialize(d)?;
        match v {
            Value::String(s) => Ok(s),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            Value::Null => Ok(String::new()),
            other => Err(D::Error::custom(format!("expected a string, found {other}"))),
        }
    }
    pub fn serialize<S: Serializer>(v: &str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v)
    }
}

/// An error code: read as text from a string or a number; written as a number when it is one
/// (every example in the docs shows a number, though the schema says string).
pub mod code {
    pub use super::text::deserialize;
    use super::*;
    pub fn serialize<S: Serializer>(v: &str, s: S) -> Result<S::Ok, S::Error> {
        match v.trim().parse::<u64>() {
            Ok(n) => s.serialize_u64(n),
            Err(_) => s.serialize_str(v),
        }
    }
}

/// Money and other exact decimals: read from numbers or strings, written as exact JSON
/// numbers (through `RawValue`, never through `f64`).
pub mod decimal {
    use super::*;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    pub fn parse(t: &str) -> Option<Decimal> {
        Decimal::from_str(t).ok().or_else(|| Decimal::from_scientific(t).ok())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        let v = Value::deserialize(d)?;
        number_text(&v)
            .and_then(|t| parse(&t))
            .ok_or_else(|| D::Error::custom(format!("expected a decimal, found {v}")))
    }

    pub fn serialize<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        let raw = serde_json::value::RawValue::from_string(v.normalize().to_string())
            .map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }
}

/// Optional decimals: absent, null or an empty string mean none.
pub mod opt_decimal {
    use super::*;
    use rust_decimal::Decimal;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(None),
            Value::String(s) if s.trim().is_empty() => Ok(None),
            v => super::decimal::deserialize(v).map(Some).map_err(D::Error::custom),
        }
    }

    pub fn serialize<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(d) => super::decimal::serialize(d, s),
            None => s.serialize_none(),
        }
    }
}

/// An instant. Read with or without an offset (no offset means UTC, as the service means it),
/// written as RFC 3339 UTC. `0001-01-01T00:00:00` is Partner Center's "empty" and is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub chrono::DateTime<chrono::Utc>);

impl Timestamp {
    pub fn parse(s: &str) -> Option<Timestamp> {
        let s = s.trim();
        if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
            return Some(Timestamp(t.with_timezone(&chrono::Utc)));
        }
        for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"] {
            if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, fmt) {
                return Some(Timestamp(t.and_utc()));
            }
        }
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| Timestamp(t.and_utc()))
    }

    pub fn from_millis(ms: i64) -> Timestamp {
        Timestamp(chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default())
    }

    pub fn millis(&self) -> i64 {
        self.0.timestamp_millis()
    }

    /// `0001-01-01T00:00:00`: the service's way of saying "never".
    pub fn is_empty_sentinel(&self) -> bool {
        self.0.timestamp() <= -62_135_596_800
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        let s = String::deserialize(d)?;
        Timestamp::parse(&s).ok_or_else(|| D::Error::custom(format!("not a date-time: {s:?}")))
    }
}

/// Whether a field is left out when writing: `None` is, everything else is written (an
/// empty list is data: `"items": []` must survive a round trip).
pub trait Omit {
    fn omit(&self) -> bool {
        false
    }
}

impl<T> Omit for Option<T> {
    fn omit(&self) -> bool {
        self.is_none()
    }
}
impl<T> Omit for Vec<T> {}
impl<K, V> Omit for std::collections::BTreeMap<K, V> {}
impl Omit for serde_json::Map<String, Value> {}
impl Omit for Value {}
impl Omit for String {}
impl Omit for bool {}
impl Omit for i64 {}
impl Omit for rust_decimal::Decimal {}
impl Omit for Timestamp {}

/// Declares a resource: camelCase on the wire, every field optional on input (the service
/// leaves many out), `None` left out on output, and unknown fields kept in `extra`.
#[macro_export]
macro_rules! resource {
    ($(#[$meta:meta])* pub struct $name:ident { $($(#[$fmeta:meta])* pub $field:ident : $ty:ty,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(rename_all = "camelCase", default)]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(skip_serializing_if = "crate::wire::Omit::omit")]
                pub $field: $ty,
            )*
            /// Fields this version does not model, kept so that a round trip loses nothing.
            #[serde(flatten)]
            pub extra: ::serde_json::Map<String, ::serde_json::Value>,
        }
        impl $crate::wire::Omit for $name {}
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raw_page_reads_as_the_whole_page_does() {
        for body in [
            r#"{"totalCount":2,"items":[{"id":1,"catalogItemId":"A"},{"id":2}],"links":{"next":{"uri":"/x?o=2"}}}"#,
            r#"{"TotalCount":2,"Items":[{"Id":"1","CatalogItemId":"A"},{"Id":2}],"Links":{"Next":{"Uri":"/x?o=2"}}}"#,
            r#"{"items":[{"id":1,"catalogItemId":"A"},{"id":2}],"links":{},"links":{"next":{"uri":"/x?o=2"}}}"#,
            // Each item is checked on its own: one in PascalCase in a camelCase page.
            r#"{"totalCount":2,"items":[{"id":1,"catalogItemId":"A"},{"Id":2}],"links":{"next":{"uri":"/x?o=2"}}}"#,
            // A long number around the items sends the page the quoted way.
            r#"{"totalCount":2,"items":[{"id":1},{"id":2}],"links":{"next":{"uri":"/x?o=2"}},"rate":0.12345678901234567}"#,
        ] {
            let whole: crate::Collection<crate::CartLineItem> =
                from_slice(body.as_bytes()).unwrap();
            let raw = raw_page(body.as_bytes().to_vec()).unwrap();
            let items: Vec<crate::CartLineItem> =
                raw.items().map(|r| from_slice(r).unwrap()).collect();
            assert_eq!(items, whole.items, "{body}");
            assert_eq!(raw.envelope.next().map(|l| l.uri.as_str()), Some("/x?o=2"), "{body}");
        }
        for broken in [
            &b"{\"items\":[1,"[..],
            b"{\"items\":[1,]}",
            b"{\"items\":[1 2]}",
            b"{\"items\":[\"a]}",
            b"{\"items\":[{\"a\":\"\\\"}]}",
            b"{\"totalCount\":1,\"items\":[{}]",
            b"{\"totalCount\" 1,\"items\":[]}",
            b"[1,2]",
            b"null",
        ] {
            assert!(raw_page(broken.to_vec()).is_err(), "{}", String::from_utf8_lossy(broken));
        }
        // No items, and none at all.
        assert_eq!(raw_page(br#"{"totalCount":0,"items":[]}"#.to_vec()).unwrap().items().len(), 0);
        assert_eq!(raw_page(br#"{"totalCount":0}"#.to_vec()).unwrap().items().len(), 0);
        // A bracket inside a string, and spaces everywhere, do not move the items' bounds.
        let spaced = br#" { "items" : [ { "id" : "]}[{" } , 7 , "x" ] , "totalCount" : 3 } "#;
        let raw = raw_page(spaced.to_vec()).unwrap();
        let items: Vec<&[u8]> = raw.items().collect();
        assert_eq!(items, [&br#"{ "id" : "]}[{" }"#[..], b"7", br#""x""#]);
        assert_eq!(raw.envelope.total_count, 3);
    }

    #[test]
    fn an_amount_longer_than_an_f64_carries_is_read_exactly_every_way() {
        use rust_decimal::Decimal;
        use std::str::FromStr;
        let exact = Decimal::from_str("12345678901234.56789").unwrap();
        let item = r#"{"id":"I1","totalCharges":12345678901234.56789,"paidAmount":0.1}"#;
        let pascal = r#"{"Id":"I1","TotalCharges":12345678901234.56789,"PaidAmount":0.1}"#;
        for body in [item, pascal] {
            let inv: crate::Invoice = from_slice(body.as_bytes()).unwrap();
            assert_eq!((inv.total_charges, inv.paid_amount.to_string()), (exact, "0.1".into()));
            let page = format!(r#"{{"totalCount":1,"items":[{body}]}}"#);
            let raw = raw_page(page.clone().into_bytes()).unwrap();
            let inv: crate::Invoice = raw.items().map(from_slice).next().unwrap().unwrap();
            assert_eq!(inv.total_charges, exact, "{page}");
        }
        // Through an f64 it would have been 12345678901234.568.
        let through_f64: Value = serde_json::from_str(item).unwrap();
        assert_ne!(from_value::<crate::Invoice>(through_f64).unwrap().total_charges, exact);
    }

    #[test]
    fn capital_keys_are_found_and_strings_do_not_fool_the_scan() {
        let may_have_capital_keys = |b: &[u8]| body_scan::scan(b).capital_keys;
        assert!(may_have_capital_keys(br#"{"Id":"a"}"#));
        assert!(may_have_capital_keys(br#"{"items": [ {"id":1}, { "LineItems":[]}]}"#));
        assert!(!may_have_capital_keys(br#"{"id":"A, {\"B\": 1}","n":{"x":"Y"}}"#));
        assert!(!may_have_capital_keys(br#"{"text":"x{","next":"Z"}"#));
        // Both ways read the same.
        for body in [
            r#"{"Id":"3","CatalogItemId":"A","Quantity":"2"}"#,
            r#"{"id":3,"catalogItemId":"A","quantity":2}"#,
        ] {
            let line: crate::CartLineItem = crate::from_slice(body.as_bytes()).unwrap();
            assert_eq!((line.id, line.catalog_item_id.as_str(), line.quantity), (3, "A", 2));
        }
    }

    #[test]
    fn renews_to_is_read_as_an_object_or_an_array_and_sent_as_an_object() {
        for body in [
            r#"{"catalogItemId":"A","quantity":1,"renewsTo":{"termDuration":"P1Y"}}"#,
            r#"{"catalogItemId":"A","quantity":1,"renewsTo":[{"termDuration":"P1Y"}]}"#,
        ] {
            let line: crate::CartLineItem = crate::from_slice(body.as_bytes()).unwrap();
            assert_eq!(line.renews_to.as_ref().map(|r| r.term_duration.as_str()), Some("P1Y"));
            let sent = serde_json::to_value(&line).unwrap();
            assert_eq!(sent["renewsTo"], serde_json::json!({"termDuration": "P1Y"}));
        }
        for none in [r#"{"renewsTo":null}"#, r#"{"renewsTo":[]}"#, r#"{}"#] {
            let line: crate::CartLineItem = crate::from_slice(none.as_bytes()).unwrap();
            assert_eq!(line.renews_to, None, "{none}");
        }
    }

    #[test]
    fn keys_become_camel_case_everywhere() {
        let mut v: Value = serde_json::json!({"LineItems": [{"CatalogItemId": "x", "ProvisioningContext": {"SubscriptionId": "s"}}], "id": 1});
        camel_case_keys(&mut v);
        assert_eq!(
            v,
            serde_json::json!({"lineItems": [{"catalogItemId": "x", "provisioningContext": {"subscriptionId": "s"}}], "id": 1})
        );
    }

    #[test]
    fn timestamps_with_and_without_offsets() {
        let a = Timestamp::parse("2018-03-16T00:00:00").unwrap();
        assert_eq!(a.to_string(), "2018-03-16T00:00:00Z");
        let b = Timestamp::parse("2019-01-16T00:48:44.76+00:00").unwrap();
        assert_eq!(b.to_string(), "2019-01-16T00:48:44.760Z");
        let c = Timestamp::parse("2018-03-06T17:37:05.253-08:00").unwrap();
        assert_eq!(c.to_string(), "2018-03-07T01:37:05.253Z");
        assert!(Timestamp::parse("0001-01-01T00:00:00").unwrap().is_empty_sentinel());
        assert!(Timestamp::parse("yesterday").is_none());
    }

    #[test]
    fn decimals_are_exact_both_ways() {
        #[derive(Serialize, Deserialize)]
        struct M {
            #[serde(with = "decimal")]
            a: rust_decimal::Decimal,
        }
        for (input, out) in [
            (r#"{"a": 2076.63}"#, r#"{"a":2076.63}"#),
            (r#"{"a": "14.40"}"#, r#"{"a":14.4}"#),
            (r#"{"a": "12345678901234567.89"}"#, r#"{"a":12345678901234567.89}"#),
            (r#"{"a": 1e3}"#, r#"{"a":1000}"#),
        ] {
            let m: M = serde_json::from_str(input).unwrap();
            assert_eq!(serde_json::to_string(&m).unwrap(), out);
        }
        assert!(serde_json::from_str::<M>(r#"{"a": "abc"}"#).is_err());
    }
}

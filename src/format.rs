//! Numbers, money and dates in the active locale, through the browser's `Intl` (the
//! browser ships the CLDR data, so the wasm carries none). Amounts are passed to `Intl` as
//! decimal strings, which it formats exactly: money never goes through `f64`.
//!
//! Server data can be hostile: `Intl` throws on a malformed currency code or date, so the
//! bindings below catch, and every function falls back to showing the raw value.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::i18n::Locale;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = NumberFormat)]
    type NumberFormat;
    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "NumberFormat", catch)]
    fn new(locale: &str, options: &Object) -> Result<NumberFormat, JsValue>;
    #[wasm_bindgen(method, js_class = "NumberFormat", catch)]
    fn format(this: &NumberFormat, value: &JsValue) -> Result<String, JsValue>;

    #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat)]
    type DateTimeFormat;
    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "DateTimeFormat", catch)]
    fn new(locale: &str, options: &Object) -> Result<DateTimeFormat, JsValue>;
    #[wasm_bindgen(method, js_class = "DateTimeFormat", catch)]
    fn format(this: &DateTimeFormat, value: &js_sys::Date) -> Result<String, JsValue>;

    #[wasm_bindgen(js_namespace = Intl, js_name = DisplayNames)]
    type DisplayNames;
    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "DisplayNames", catch)]
    fn new(locale: &str, options: &Object) -> Result<DisplayNames, JsValue>;
    #[wasm_bindgen(method, js_class = "DisplayNames", catch)]
    fn of(this: &DisplayNames, code: &str) -> Result<JsValue, JsValue>;
}

/// A country's name in the locale (`BR` is "Brasil" in Swedish); the code itself when the
/// browser does not know it or outside a browser.
pub fn region_name(locale: Locale, code: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let valid = code.len() == 2 && code.bytes().all(|b| b.is_ascii_alphabetic());
        let name = valid
            .then(|| {
                DisplayNames::new(
                    locale.tag(),
                    &options(&[("type", "region"), ("fallback", "code")]),
                )
                .ok()
            })
            .flatten()
            .and_then(|d| d.of(&code.to_ascii_uppercase()).ok())
            .and_then(|v| v.as_string());
        name.unwrap_or_else(|| code.to_string())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = locale;
        code.to_string()
    }
}

/// A plain decimal: optional minus, digits, optional fraction. Anything else is shown raw.
pub fn is_decimal(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// ISO 4217 shape: three ASCII letters.
pub fn is_currency_code(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_alphabetic())
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o
}

/// Formatters kept by what they were made for: a long table formats hundreds of cells per
/// scroll, and making an `Intl` formatter costs more than using one.
type Formatters<K, F> = std::cell::RefCell<std::collections::HashMap<K, F>>;

/// `format` with the formatter kept in `cache` under `key`, made by `make` the first time.
fn with_formatter<K: Eq + std::hash::Hash + 'static, F: 'static, R>(
    cache: &'static std::thread::LocalKey<Formatters<K, F>>,
    key: K,
    make: impl FnOnce() -> Option<F>,
    format: impl FnOnce(&F) -> Option<R>,
) -> Option<R> {
    cache.with(|cache| {
        let mut cache = cache.borrow_mut();
        let formatter = match cache.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(make()?),
        };
        format(formatter)
    })
}

thread_local! {
    /// Money formatters by (locale, currency, compact).
    static MONEY: Formatters<(Locale, String, bool), NumberFormat> = Default::default();
    /// Date formatters by (locale, style).
    static DATES: Formatters<(Locale, &'static str), DateTimeFormat> = Default::default();
    /// Number formatters by locale.
    static NUMBERS: Formatters<Locale, NumberFormat> = Default::default();
}

fn money_with(locale: Locale, amount: &str, currency: &str, compact: bool) -> String {
    let amount = amount.trim();
    if !is_decimal(amount) || !is_currency_code(currency) {
        return format!("{amount} {currency}");
    }
    let currency = currency.to_ascii_uppercase();
    let make = || {
        let mut opts = vec![("style", "currency"), ("currency", currency.as_str())];
        if compact {
            opts.push(("notation", "compact"));
        }
        NumberFormat::new(locale.tag(), &options(&opts)).ok()
    };
    let formatted = with_formatter(&MONEY, (locale, currency.clone(), compact), make, |f| {
        f.format(&JsValue::from_str(amount)).ok()
    });
    formatted.unwrap_or_else(|| format!("{amount} {currency}"))
}

/// An amount of money in its currency, with that currency's minor units (none for JPY).
pub fn money(locale: Locale, amount: &str, currency: &str) -> String {
    money_with(locale, amount, currency, false)
}

/// [`money`] of a decimal amount.
pub fn decimal_money(locale: Locale, amount: rust_decimal::Decimal, currency: &str) -> String {
    money(locale, &amount.to_string(), currency)
}

/// Shown for a sum past what a decimal holds ([`crate::billing::Sum`]).
pub const TOO_LARGE: &str = "—";

/// [`money`] of a sum, or [`TOO_LARGE`].
pub fn sum_money(locale: Locale, amount: Option<rust_decimal::Decimal>, currency: &str) -> String {
    amount.map_or_else(|| TOO_LARGE.to_string(), |a| decimal_money(locale, a, currency))
}

/// A short amount for a chart's axis ("¥1.5M", "1,5 mn kr").
pub fn money_compact(locale: Locale, amount: &str, currency: &str) -> String {
    money_with(locale, amount, currency, true)
}

fn date_with(locale: Locale, iso: &str, style: &'static str, opts: &[(&str, &str)]) -> String {
    let d = js_sys::Date::new(&JsValue::from_str(iso));
    if d.get_time().is_nan() {
        return iso.to_string();
    }
    let make = || DateTimeFormat::new(locale.tag(), &options(opts)).ok();
    let formatted = with_formatter(&DATES, (locale, style), make, |f| f.format(&d).ok());
    formatted.unwrap_or_else(|| iso.to_string())
}

/// A month and its year ("Nov 2026", "2026年11月"), from `YYYY-MM-01`.
pub fn month(locale: Locale, iso: &str) -> String {
    date_with(locale, iso, "month", &[("month", "short"), ("year", "numeric"), ("timeZone", "UTC")])
}

/// A month alone ("Nov", "11月"), for an axis.
pub fn month_short(locale: Locale, iso: &str) -> String {
    date_with(locale, iso, "month-short", &[("month", "short"), ("timeZone", "UTC")])
}

/// A date the service sent, as the locale writes it; `None` for none, or for its
/// `0001-01-01` way of saying "never".
pub fn timestamp(locale: Locale, t: Option<procura_partner_center::Timestamp>) -> Option<String> {
    t.filter(|t| !t.is_empty_sentinel()).map(|t| date(locale, &t.to_string()))
}

/// A date from milliseconds since the epoch.
pub fn date_ms(locale: Locale, ms: i64) -> String {
    date(locale, &procura_partner_center::Timestamp::from_millis(ms).to_string())
}

/// A decimal number with grouping.
pub fn number(locale: Locale, value: &str) -> String {
    let value = value.trim();
    if !is_decimal(value) {
        return value.to_string();
    }
    let make =
        || NumberFormat::new(locale.tag(), &options(&[("maximumFractionDigits", "20")])).ok();
    with_formatter(&NUMBERS, locale, make, |f| f.format(&JsValue::from_str(value)).ok())
        .unwrap_or_else(|| value.to_string())
}

/// A date (from an ISO 8601 date or date-time) as the locale writes it; the raw text if
/// the browser cannot read it.
pub fn date(locale: Locale, iso: &str) -> String {
    date_with(locale, iso, "long", &[("dateStyle", "long"), ("timeZone", "UTC")])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_shape() {
        for ok in ["0", "12", "-3.50", "1234567890123456789.01"] {
            assert!(is_decimal(ok), "{ok}");
        }
        for bad in ["", "-", ".5", "5.", "1e3", "NaN", "1,5", " 1", "--1", "1.2.3"] {
            assert!(!is_decimal(bad), "{bad}");
        }
    }

    #[test]
    fn currency_shape() {
        assert!(is_currency_code("JPY"));
        assert!(is_currency_code("sek"));
        assert!(!is_currency_code("JP"));
        assert!(!is_currency_code("<b>"));
        assert!(!is_currency_code("ＪＰＹ"));
    }
}

//! The app shell in headless Chromium: it mounts, switches among the four languages, and
//! the visible text and `<html lang>` follow; amounts and dates go through `Intl`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]
#![cfg(target_arch = "wasm32")]

mod support;

use procura::format;
use procura::i18n::Locale;
use support::{document, select_language};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn text_of(selector: &str) -> String {
    document()
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn language_switch_changes_visible_text_and_html_lang() {
    web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
    let host: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    let _mounted = leptos::mount::mount_to(host.clone(), procura::App);
    leptos::task::tick().await;

    let mut seen = Vec::new();
    for locale in [Locale::Ja, Locale::ZhTw, Locale::Sv, Locale::En] {
        select_language(locale.tag());
        leptos::task::tick().await;
        let m = locale.messages();
        let lang = document().document_element().unwrap().get_attribute("lang");
        assert_eq!(lang.as_deref(), Some(locale.tag()));
        let nav = text_of("nav.app-nav");
        assert!(
            nav.contains(m.nav_customers) && nav.contains(m.nav_invoices),
            "{locale:?}: nav reads {nav}"
        );
        assert_eq!(text_of(".brand-tagline"), m.app_tagline);
        assert_eq!(text_of("#endpoint-indicator"), m.endpoint_embedded);
        assert_eq!(text_of("main h1"), m.home_title);
        assert_eq!(document().title(), m.app_name);
        let stored =
            web_sys::window().unwrap().local_storage().unwrap().unwrap().get_item("procura.locale");
        assert_eq!(stored.unwrap().as_deref(), Some(locale.tag()));
        seen.push(nav);
    }
    // Four languages, four different navigation texts.
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 4);
    host.remove();
}

#[wasm_bindgen_test]
fn money_uses_each_currency_minor_units_and_locale() {
    let yen = format::money(Locale::Ja, "1234567.5", "JPY");
    assert!(yen.contains("1,234,568") && !yen.contains('.'), "JPY has no minor unit: {yen}");
    let kr = format::money(Locale::Sv, "1234567.5", "SEK");
    assert!(kr.contains("234\u{a0}567,50") && kr.contains("kr"), "{kr}");
    assert_eq!(format::money(Locale::En, "1234567.5", "USD"), "$1,234,567.50");
    let twd = format::money(Locale::ZhTw, "-20.5", "TWD");
    assert!(twd.contains("20.50") && twd.starts_with('-'), "{twd}");
}

#[wasm_bindgen_test]
fn money_is_exact_beyond_f64() {
    let big = format::money(Locale::En, "12345678901234567.89", "USD");
    assert_eq!(big, "$12,345,678,901,234,567.89");
}

#[wasm_bindgen_test]
fn hostile_values_are_shown_raw_not_thrown() {
    assert_eq!(format::money(Locale::En, "abc", "USD"), "abc USD");
    assert_eq!(format::money(Locale::En, "1", "<b>"), "1 <b>");
    assert_eq!(format::money(Locale::En, "1e400", "USD"), "1e400 USD");
    assert_eq!(format::date(Locale::En, "not a date"), "not a date");
    assert_eq!(format::number(Locale::Sv, "NaN"), "NaN");
}

#[wasm_bindgen_test]
fn dates_follow_the_locale() {
    assert_eq!(format::date(Locale::En, "2026-11-21"), "November 21, 2026");
    assert_eq!(format::date(Locale::Ja, "2026-11-21T10:00:00Z"), "2026年11月21日");
    assert_eq!(format::date(Locale::Sv, "2026-11-21"), "21 november 2026");
    assert!(format::date(Locale::ZhTw, "2026-11-21").contains("2026年11月21日"));
}

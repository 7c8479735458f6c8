//! The bulk check page in headless Chromium, with files as a person opens them: a plan of
//! 100,000 rows is read in slices and its results table holds only the rows in view; a file
//! over the limit is refused before it is read; a row's findings open in full.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]
#![cfg(target_arch = "wasm32")]

mod support;

use procura::i18n::{fill, Locale};
use support::{start_at, Ui};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlInputElement;

wasm_bindgen_test_configure!(run_in_browser);

/// Opens `bytes` as the file `name` in the page's file input, as choosing it would.
async fn open_file(ui: &Ui, name: &str, bytes: &[u8]) {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let file = web_sys::File::new_with_u8_array_sequence(&parts, name).unwrap();
    let picked = web_sys::DataTransfer::new().unwrap();
    picked.items().add_with_file(&file).unwrap();
    let input: HtmlInputElement =
        ui.labelled(Locale::En.messages().bulk_check_file_label).unwrap().unchecked_into();
    input.set_files(Some(&picked.files().unwrap()));
    input.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    leptos::task::tick().await;
}

fn plan(rows: usize) -> String {
    let mut s = String::from("country,kind,term,renews_to,billing,quantity\r\n");
    for i in 0..rows {
        // Every 1,000th row is in a market where the product is not sold.
        let country = if i % 1000 == 999 { "BR" } else { "JP" };
        s.push_str(&format!("{country},software-subscription,P1Y,,annual,{}\r\n", i % 50 + 1));
    }
    s
}

#[wasm_bindgen_test]
async fn a_large_plan_is_read_in_slices_and_only_the_rows_in_view_are_drawn() {
    let ui = start_at("/bulk-check", false).await;
    let m = Locale::En.messages();
    let text = plan(100_000);
    assert!(text.len() > 3 * 1024 * 1024, "more than three slices");
    let began = support::now();
    open_file(&ui, "plan.csv", text.as_bytes()).await;
    let summary = fill(
        m.bulk_check_summary,
        &[("rows", "100000"), ("ok", "99900"), ("warn", "0"), ("block", "100")],
    );
    ui.until(60, "the plan's summary", |u| u.text().contains(&summary)).await;
    support::report(&format!(
        "bulk check: 100,000 rows ({} bytes) read and checked in {:.0} ms",
        text.len(),
        support::now() - began
    ));
    let drawn = ui.find("table.plan-rows tr.pass, table.plan-rows tr.block").len();
    assert!((10..100).contains(&drawn), "{drawn} rows drawn of 100,000");

    // Scrolled to the end, the last rows are drawn, and only a window of them.
    let region = ui.find("div.virtual")[0].clone();
    region.set_scroll_top(100_000 * 32);
    region.dispatch_event(&web_sys::Event::new("scroll").unwrap()).unwrap();
    ui.until(10, "the last row", |u| {
        u.find("table.plan-rows tr")
            .iter()
            .any(|r| r.text_content().unwrap_or_default().starts_with("100000"))
    })
    .await;
    assert!(ui.find("table.plan-rows tr.pass, table.plan-rows tr.block").len() < 100);

    // Only the rows with findings: a hundred, and one opens in full.
    ui.tick(m.bulk_check_only_findings).await;
    ui.until(10, "only blocked rows", |u| {
        let rows = u.find("table.plan-rows tr.pass, table.plan-rows tr.block");
        !rows.is_empty() && rows.iter().all(|r| r.class_name() == "block")
    })
    .await;
    ui.click("1000").await;
    ui.see(&fill(m.bulk_check_row_title, &[("line", "1000")])).await;
    assert_eq!(ui.find(".plan-row-detail li.finding.block").len(), 1);
}

#[wasm_bindgen_test]
async fn a_file_over_the_limit_is_refused_before_it_is_read_and_bad_text_names_its_line() {
    let ui = start_at("/bulk-check", false).await;
    let m = Locale::En.messages();
    let limit = procura::pages::bulk_check::MAX_BYTES;
    open_file(&ui, "huge.csv", &vec![b'a'; limit + 1]).await;
    ui.see(&fill(m.bulk_check_too_large, &[("limit", &(limit / 1024 / 1024).to_string())])).await;

    // Bad bytes on line 4, in the file's second slice (line 3 is a megabyte of blanks).
    let mut bytes = plan(1).into_bytes();
    bytes.extend(std::iter::repeat_n(b' ', 1024 * 1024 + 10));
    bytes.extend_from_slice(&[b'\n', 0xff, 0xfe, b'\n']);
    open_file(&ui, "broken.csv", &bytes).await;
    ui.see(&fill(
        m.bulk_check_input_error,
        &[("line", "4"), ("problem", m.bulk_check_err_bad_utf8)],
    ))
    .await;
}

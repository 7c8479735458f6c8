//! Bulk check: a CSV plan in the `procura-rules` format, checked row by row in the browser by
//! the same rules crate as the cart and the command line.

use leptos::prelude::*;
use procura_rules::bulk::{check_csv, InputError, InputErrorKind, RowVerdict};
use wasm_bindgen::JsCast;

use crate::components::FindingList;
use crate::i18n::{fill, use_i18n, Messages};

/// Larger plans are refused rather than freezing the page.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;

pub fn input_error_text(m: &Messages, e: &InputError) -> String {
    let problem = match &e.kind {
        InputErrorKind::BadUtf8 => m.bulk_check_err_bad_utf8.to_string(),
        InputErrorKind::NoHeader => m.bulk_check_err_no_header.to_string(),
        InputErrorKind::MissingColumn(c) => fill(m.bulk_check_err_missing_column, &[("column", c)]),
        InputErrorKind::UnknownColumn(c) => fill(m.bulk_check_err_unknown_column, &[("column", c)]),
        InputErrorKind::DuplicateColumn(c) => {
            fill(m.bulk_check_err_duplicate_column, &[("column", c)])
        }
        InputErrorKind::FieldCount { expected, found } => fill(
            m.bulk_check_err_field_count,
            &[("expected", &expected.to_string()), ("found", &found.to_string())],
        ),
        InputErrorKind::UnterminatedQuote => m.bulk_check_err_unterminated.to_string(),
    };
    fill(m.bulk_check_input_error, &[("line", &e.line.to_string()), ("problem", &problem)])
}

#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Rows(Vec<RowVerdict>),
    Invalid(InputError),
    TooLarge,
}

fn check(bytes: &[u8]) -> Outcome {
    if bytes.len() > MAX_BYTES {
        return Outcome::TooLarge;
    }
    match check_csv(bytes) {
        Ok(rows) => Outcome::Rows(rows),
        Err(e) => Outcome::Invalid(e),
    }
}

#[component]
pub fn BulkCheckPage() -> AnyView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let run = move || outcome.set(Some(check(text.get_untracked().as_bytes())));
    let read_file = move |file: web_sys::File| {
        leptos::task::spawn_local(async move {
            let Ok(buf) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await else {
                return;
            };
            let bytes = js_sys::Uint8Array::new(&buf).to_vec();
            text.set(String::from_utf8_lossy(&bytes).into_owned());
            outcome.set(Some(check(&bytes)));
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(file) = input.and_then(|i| i.files()).and_then(|f| f.get(0)) {
            read_file(file);
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            read_file(file);
        }
    };
    view! {
        <section class="page bulk-check">
            <h1>{move || i18n.m().bulk_check_title}</h1>
            <p>{move || i18n.m().bulk_check_intro}</p>
            <form on:submit=move |ev| { ev.prevent_default(); run(); }>
                <label for="bulk-input">{move || i18n.m().bulk_check_input_label}</label>
                <textarea id="bulk-input" rows="10" spellcheck="false" prop:value=text
                    on:input=move |ev| text.set(event_target_value(&ev))
                    on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default()
                    on:drop=on_drop></textarea>
                <label for="bulk-file">{move || i18n.m().bulk_check_file_label}</label>
                <input id="bulk-file" type="file" accept=".csv,text/csv" on:change=on_file/>
                <button type="submit" class="primary">{move || i18n.m().bulk_check_run}</button>
            </form>
            {move || outcome.get().map(|o| match o {
                Outcome::TooLarge => view! { <p class="notice error" role="alert">{move || fill(i18n.m().bulk_check_too_large, &[("limit", &(MAX_BYTES / 1024 / 1024).to_string())])}</p> }.into_any(),
                Outcome::Invalid(e) => view! { <p class="notice error" role="alert">{move || input_error_text(i18n.m(), &e)}</p> }.into_any(),
                Outcome::Rows(rows) => view! { <Results rows=rows/> }.into_any(),
            })}
        </section>
    }.into_any()
}

#[component]
fn Results(rows: Vec<RowVerdict>) -> impl IntoView {
    let i18n = use_i18n();
    let block = rows.iter().filter(|r| r.verdict.is_blocked()).count();
    let warn =
        rows.iter().filter(|r| !r.verdict.is_blocked() && !r.verdict.findings.is_empty()).count();
    let ok = rows.len() - block - warn;
    let total = rows.len();
    view! {
        <p role="status" class="summary">
            {move || fill(i18n.m().bulk_check_summary, &[("rows", &total.to_string()), ("ok", &ok.to_string()), ("warn", &warn.to_string()), ("block", &block.to_string())])}
        </p>
        <div class="table-scroll">
            <table class="data">
                <thead><tr>
                    <th scope="col">{move || i18n.m().bulk_check_col_row}</th>
                    <th scope="col">{move || i18n.m().bulk_check_col_verdict}</th>
                    <th scope="col">{move || i18n.m().bulk_check_col_findings}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let blocked = r.verdict.is_blocked();
                        let clean = r.verdict.findings.is_empty();
                        view! {
                            <tr class=if blocked { "block" } else if clean { "pass" } else { "warn" }>
                                <td>{r.line}</td>
                                <td>{move || if blocked { i18n.m().severity_block } else if clean { i18n.m().bulk_check_pass } else { i18n.m().severity_warn }}</td>
                                <td><FindingList findings=r.verdict.findings.clone()/></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn invalid_plans_name_the_line_in_every_language() {
        let Outcome::Invalid(e) = check(b"country,kind\nJP,software-subscription\n") else {
            panic!("should be invalid")
        };
        for l in Locale::ALL {
            let t = input_error_text(l.messages(), &e);
            assert!(t.contains('1') && !t.contains('{'), "{t}");
        }
        assert_eq!(check(&vec![b'a'; MAX_BYTES + 1]), Outcome::TooLarge);
    }
}

//! Bulk check: a CSV plan in the `procura-rules` format, checked row by row in the browser by
//! the same rules crate as the cart and the command line. A file is read a slice at a time
//! (its size is checked before any of it is read), and the results table holds only the rows
//! in view, so a plan of a few hundred thousand rows neither freezes nor bloats the page.

use std::sync::Arc;

use leptos::prelude::*;
use procura_rules::bulk::{check_csv, InputError, InputErrorKind, PlanReader, RowVerdict};
use wasm_bindgen::JsCast;

use crate::components::virtual_rows::VIEW_PX;
use crate::components::{FindingList, VirtualRows};
use crate::i18n::{fill, use_i18n, Locale, Messages};
use crate::purchase::verdict;

/// Larger plans are refused before they are read; split them (or use `procura-rules`).
pub const MAX_BYTES: usize = 32 * 1024 * 1024;
/// A file is read this much at a time; the page stays responsive between slices.
const SLICE_BYTES: usize = 1024 * 1024;

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
    /// A file being read: bytes read of its size.
    Reading {
        name: String,
        read: f64,
        size: f64,
    },
    Rows(Arc<Vec<RowVerdict>>),
    Invalid(InputError),
    TooLarge,
    /// The browser could not read the file (removed, or permission withdrawn).
    Unreadable,
}

fn check(bytes: &[u8]) -> Outcome {
    if bytes.len() > MAX_BYTES {
        return Outcome::TooLarge;
    }
    match check_csv(bytes) {
        Ok(rows) => Outcome::Rows(Arc::new(rows)),
        Err(e) => Outcome::Invalid(e),
    }
}

/// Reads `file` a slice at a time into the plan reader, telling `progress` after each slice.
async fn check_file(file: &web_sys::File, progress: impl Fn(f64)) -> Outcome {
    let size = file.size();
    if size.is_nan() || size > MAX_BYTES as f64 {
        return Outcome::TooLarge;
    }
    let (mut reader, mut rows) = (PlanReader::default(), Vec::new());
    let mut at = 0.0;
    while at < size {
        let end = (at + SLICE_BYTES as f64).min(size);
        let Ok(slice) = file.slice_with_f64_and_f64(at, end) else { return Outcome::Unreadable };
        let Ok(buf) = wasm_bindgen_futures::JsFuture::from(slice.array_buffer()).await else {
            return Outcome::Unreadable;
        };
        let bytes = js_sys::Uint8Array::new(&buf).to_vec();
        if let Err(e) = reader.feed(&bytes, &mut |r| rows.push(r)) {
            return Outcome::Invalid(e);
        }
        at = end;
        progress(at);
    }
    match reader.finish(&mut |r| rows.push(r)) {
        Ok(()) => Outcome::Rows(Arc::new(rows)),
        Err(e) => Outcome::Invalid(e),
    }
}

#[component]
pub fn BulkCheckPage() -> AnyView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Outcome>);
    // Bumped by every new check: a file still being read when another starts is dropped.
    let run_id = StoredValue::new(0u64);
    let next_run = move || {
        run_id.update_value(|n| *n += 1);
        run_id.get_value()
    };
    let run = move || {
        next_run();
        outcome.set(Some(check(text.get_untracked().as_bytes())));
    };
    let read_file = move |file: web_sys::File| {
        let id = next_run();
        let (name, size) = (file.name(), file.size());
        outcome.set(Some(Outcome::Reading { name: name.clone(), read: 0.0, size }));
        leptos::task::spawn_local(async move {
            let current = move || run_id.try_get_value() == Some(id);
            let done = check_file(&file, |read| {
                if current() {
                    outcome.set(Some(Outcome::Reading { name: name.clone(), read, size }));
                }
            })
            .await;
            if current() {
                outcome.set(Some(done));
            }
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
                <input id="bulk-file" type="file" accept=".csv,.txt,text/csv,text/plain" on:change=on_file/>
                <button type="submit" class="primary">{move || i18n.m().bulk_check_run}</button>
            </form>
            {move || outcome.get().map(|o| match o {
                Outcome::Reading { name, read, size } => view! {
                    <p role="status" class="loading-lines">
                        <span>{move || fill(i18n.m().bulk_check_reading, &[("name", &name)])}</span>
                        <progress max=size value=read></progress>
                    </p>
                }.into_any(),
                Outcome::TooLarge => view! { <p class="notice error" role="alert">{move || fill(i18n.m().bulk_check_too_large, &[("limit", &(MAX_BYTES / 1024 / 1024).to_string())])}</p> }.into_any(),
                Outcome::Unreadable => view! { <p class="notice error" role="alert">{move || i18n.m().bulk_check_unreadable}</p> }.into_any(),
                Outcome::Invalid(e) => view! { <p class="notice error" role="alert">{move || input_error_text(i18n.m(), &e)}</p> }.into_any(),
                Outcome::Rows(rows) => view! { <Results rows=rows/> }.into_any(),
            })}
        </section>
    }.into_any()
}

/// Counts by verdict: (blocked, with warnings only, passing).
fn tally(rows: &[RowVerdict]) -> (usize, usize, usize) {
    let block = rows.iter().filter(|r| r.verdict.is_blocked()).count();
    let warn =
        rows.iter().filter(|r| !r.verdict.is_blocked() && !r.verdict.findings.is_empty()).count();
    (block, warn, rows.len() - block - warn)
}

/// The positions of the rows shown: every row, or only those with findings.
fn shown_rows(rows: &[RowVerdict], only_findings: bool) -> Vec<u32> {
    (0..rows.len() as u32)
        .filter(|i| !only_findings || !rows[*i as usize].verdict.findings.is_empty())
        .collect()
}

/// A row's findings on one line (the table's rows are one line tall; all of them are shown
/// in full when the row is opened).
fn one_line(r: &RowVerdict, locale: Locale) -> String {
    let parts: Vec<String> = r
        .verdict
        .findings
        .iter()
        .map(|f| format!("{} {}", verdict::severity_label(f, locale), verdict::message(f, locale)))
        .collect();
    parts.join(" · ")
}

#[component]
fn Results(rows: Arc<Vec<RowVerdict>>) -> impl IntoView {
    let i18n = use_i18n();
    let (block, warn, ok) = tally(&rows);
    let total = rows.len();
    let only_findings = RwSignal::new(false);
    let opened = RwSignal::new(None::<usize>);
    let list = rows.clone();
    let shown = Memo::new(move |_| shown_rows(&list, only_findings.get()));
    let window = VirtualRows::new(shown, move || only_findings.track());
    let in_view = rows.clone();
    let detail = rows.clone();
    view! {
        <p role="status" class="summary">
            {move || fill(i18n.m().bulk_check_summary, &[("rows", &total.to_string()), ("ok", &ok.to_string()), ("warn", &warn.to_string()), ("block", &block.to_string())])}
        </p>
        <label class="choice" for="bulk-only-findings">
            <input id="bulk-only-findings" type="checkbox" prop:checked=only_findings on:change=move |ev| only_findings.set(event_target_checked(&ev))/>
            " " {move || i18n.m().bulk_check_only_findings}
        </label>
        <div class="virtual" node_ref=window.scroller tabindex="0" role="region" aria-label=move || i18n.m().bulk_check_title
            style:height=format!("{VIEW_PX}px") style:overflow="auto"
            on:scroll=move |ev| window.scrolled(ev)>
            <table class="data plan-rows" aria-rowcount=move || window.shown_count() + 1>
                <colgroup><col class="w-row"/><col class="w-verdict"/><col/></colgroup>
                <thead><tr aria-rowindex="1">
                    <th scope="col">{move || i18n.m().bulk_check_col_row}</th>
                    <th scope="col">{move || i18n.m().bulk_check_col_verdict}</th>
                    <th scope="col">{move || i18n.m().bulk_check_col_findings}</th>
                </tr></thead>
                <tbody>
                    <tr class="spacer" aria-hidden="true"><td colspan="3" style:height=move || window.above()></td></tr>
                    <For
                        each=move || window.in_view(i18n.locale())
                        key=|k| *k
                        children=move |(pos, index, locale)| in_view.get(index as usize).map(|r| plan_row(r, pos, index as usize, locale, opened))
                    />
                    <tr class="spacer" aria-hidden="true"><td colspan="3" style:height=move || window.below()></td></tr>
                </tbody>
            </table>
        </div>
        {move || opened.get().and_then(|i| detail.get(i)).map(|r| {
            let (line, findings) = (r.line.to_string(), r.verdict.findings.clone());
            view! {
                <section class="plan-row-detail" aria-live="polite">
                    <h2>{move || fill(i18n.m().bulk_check_row_title, &[("line", &line)])}</h2>
                    <FindingList findings=findings/>
                </section>
            }
        })}
    }
}

fn plan_row(
    r: &RowVerdict,
    pos: usize,
    index: usize,
    locale: Locale,
    opened: RwSignal<Option<usize>>,
) -> impl IntoView {
    let m = locale.messages();
    let (blocked, clean) = (r.verdict.is_blocked(), r.verdict.findings.is_empty());
    let findings = one_line(r, locale);
    view! {
        <tr class=if blocked { "block" } else if clean { "pass" } else { "warn" } aria-rowindex=pos + 2
            aria-current=move || (opened.get() == Some(index)).then_some("true")>
            <td>
                {if clean {
                    r.line.to_string().into_any()
                } else {
                    let line = r.line;
                    view! { <button type="button" class="link" on:click=move |_| opened.set(Some(index))>{line}</button> }.into_any()
                }}
            </td>
            <td>{if blocked { m.severity_block } else if clean { m.bulk_check_pass } else { m.severity_warn }}</td>
            <td title=findings.clone()>{findings.clone()}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn rows_are_counted_filtered_and_summed_up_on_one_line() {
        let plan = "country,kind,term,renews_to,billing,quantity\n\
                    JP,software-subscription,P1Y,,annual,5\n\
                    BR,software-subscription,P1Y,,annual,1\n\
                    JP,software-subscription,P1Y,,annual,1\n";
        let Outcome::Rows(rows) = check(plan.as_bytes()) else { panic!("should read") };
        assert_eq!(tally(&rows), (1, 0, 2));
        assert_eq!(shown_rows(&rows, false), [0, 1, 2]);
        assert_eq!(shown_rows(&rows, true), [1]);
        for l in Locale::ALL {
            let line = one_line(&rows[1], l);
            assert!(line.starts_with(l.messages().severity_block), "{line}");
            assert!(!line.contains('\n'));
        }
        assert_eq!(one_line(&rows[0], Locale::En), "");
    }
}

//! Prices: the price sheets and price lists held in this browser (per market and source, with
//! their month), fetching a market's price sheets, and importing a price list downloaded from
//! Partner Center's "Pricing and offers" page. Checking, parsing and storing happen in the
//! price worker (`pricing::book`); this page renders and dispatches.

use leptos::prelude::*;
use procura_partner_center::pricesheet::View;
use procura_price_book::{ImportError, Meta, Source};
use wasm_bindgen::JsCast;

use crate::api::use_partner_api_client;
use crate::components::estimate::{
    fill_args, import_error_text, month_label, sheet_failure_text, view_name,
};
use crate::format;
use crate::i18n::{fill, use_i18n};
use crate::pricing::book::{self, SheetFailure};
use crate::state::use_purchase;

/// A file larger than this is refused before it is read (the real new-commerce sheet is
/// about 42 MB; a zip is smaller).
const MAX_FILE_BYTES: f64 = 256.0 * 1024.0 * 1024.0;

#[derive(Clone, Debug, PartialEq)]
enum Status {
    Working,
    Imported(Meta),
    Refused(ImportError),
    Fetched(String, Vec<(View, Result<Meta, SheetFailure>)>),
    Invalid(&'static str),
}

fn valid_code(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_alphabetic())
}

#[component]
pub fn PricesPage() -> AnyView {
    let i18n = use_i18n();
    let purchase = use_purchase();
    let client = StoredValue::new_local(use_partner_api_client());
    let version = RwSignal::new(0u32);
    let held = LocalResource::new(move || {
        version.get();
        book::held("")
    });
    // The current customer's market and currency are the likely ones.
    let (country, currency) = purchase.draft.with_untracked(|d| {
        (
            d.customer.country.clone(),
            d.lines.iter().find_map(|l| l.currency.clone()).unwrap_or_default(),
        )
    });
    let market = RwSignal::new(country.clone());
    let import_market = RwSignal::new(country);
    let import_currency = RwSignal::new(currency);
    let file = RwSignal::new_local(None::<web_sys::File>);
    let status = RwSignal::new(None::<Status>);

    let fetch = move |_| {
        let m = market.get_untracked().trim().to_ascii_uppercase();
        if !valid_code(&m, 2) {
            status.set(Some(Status::Invalid(i18n.m().prices_err_bad_market)));
            return;
        }
        status.set(Some(Status::Working));
        let c = client.get_value();
        leptos::task::spawn_local(async move {
            let mut results = Vec::new();
            for view in [View::AzureReservations, View::UpdatedLicenseBased, View::Software] {
                results.push((view, book::fetch_sheet(&c, &m, view).await));
            }
            status.try_set(Some(Status::Fetched(m, results)));
            version.try_update(|v| *v += 1);
        });
    };
    let import = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (m, cur) = (
            import_market.get_untracked().trim().to_ascii_uppercase(),
            import_currency.get_untracked().trim().to_ascii_uppercase(),
        );
        if !valid_code(&m, 2) || !valid_code(&cur, 3) {
            status.set(Some(Status::Invalid(i18n.m().prices_err_bad_market)));
            return;
        }
        let Some(f) = file.get_untracked() else {
            status.set(Some(Status::Invalid(i18n.m().prices_err_no_file)));
            return;
        };
        if f.size() > MAX_FILE_BYTES {
            let detail = format!("{} MB", (f.size() / 1024.0 / 1024.0).round());
            status.set(Some(Status::Refused(ImportError::Unreadable { line: None, detail })));
            return;
        }
        status.set(Some(Status::Working));
        leptos::task::spawn_local(async move {
            let name = f.name();
            let answer = match wasm_bindgen_futures::JsFuture::from(f.array_buffer()).await {
                Ok(buf) => {
                    let bytes = js_sys::Uint8Array::new(&buf).to_vec();
                    book::import_list(bytes, &name, &m, &cur).await
                }
                Err(_) => Err(ImportError::Worker("the browser could not read the file".into())),
            };
            status.try_set(Some(match answer {
                Ok(meta) => Status::Imported(meta),
                Err(e) => Status::Refused(e),
            }));
            version.try_update(|v| *v += 1);
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        file.set(input.and_then(|i| i.files()).and_then(|f| f.get(0)));
    };
    let remove = move |meta: Meta| {
        leptos::task::spawn_local(async move {
            let _ = book::remove(&meta.key).await;
            version.try_update(|v| *v += 1);
        });
    };

    view! {
        <section class="page prices">
            <h1>{move || i18n.m().prices_title}</h1>
            <p>{move || i18n.m().prices_intro}</p>
            <h2>{move || i18n.m().prices_held_title}</h2>
            {move || held.get().map(|shelves| if shelves.is_empty() {
                view! { <p class="notice">{move || i18n.m().prices_none_held}</p> }.into_any()
            } else {
                view! { <Shelves shelves=shelves on_remove=Callback::new(remove)/> }.into_any()
            })}
            {move || status.get().map(|s| view! { <StatusNotice status=s/> })}
            <h2>{move || i18n.m().prices_fetch_title}</h2>
            <div class="form-row">
                <label for="prices-fetch-market">{move || i18n.m().prices_fetch_market}</label>
                <input id="prices-fetch-market" maxlength="2" autocomplete="off" prop:value=market
                    on:input=move |ev| market.set(event_target_value(&ev))/>
                <button type="button" on:click=fetch>{move || i18n.m().prices_fetch_button}</button>
            </div>
            <h2>{move || i18n.m().prices_import_title}</h2>
            <p class="hint">{move || i18n.m().prices_import_hint}</p>
            <form class="import" on:submit=import>
                <label for="prices-import-market">{move || i18n.m().prices_import_market}</label>
                <input id="prices-import-market" maxlength="2" autocomplete="off" prop:value=import_market
                    on:input=move |ev| import_market.set(event_target_value(&ev))/>
                <label for="prices-import-currency">{move || i18n.m().prices_import_currency}</label>
                <input id="prices-import-currency" maxlength="3" autocomplete="off" prop:value=import_currency
                    on:input=move |ev| import_currency.set(event_target_value(&ev))/>
                <label for="prices-import-file">{move || i18n.m().prices_import_file}</label>
                <input id="prices-import-file" type="file" accept=".csv,.zip,text/csv,application/zip" on:change=on_file/>
                <button type="submit" class="primary">{move || i18n.m().prices_import_button}</button>
            </form>
        </section>
    }.into_any()
}

#[component]
fn StatusNotice(status: Status) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let m = i18n.m();
        match &status {
            Status::Working => view! { <p class="notice" role="status" aria-busy="true">{m.prices_importing}</p> }.into_any(),
            Status::Imported(meta) => view! {
                <p class="notice ok" role="status">{fill(m.prices_imported, &[("rows", &meta.rows.to_string()), ("market", &meta.key.market), ("currency", &meta.currency)])}</p>
            }.into_any(),
            Status::Refused(e) => view! { <p class="notice error" role="alert">{import_error_text(m, e)}</p> }.into_any(),
            Status::Invalid(text) => view! { <p class="notice error" role="alert">{*text}</p> }.into_any(),
            Status::Fetched(market, results) => view! {
                <ul class="fetched" role="status">
                    {results.iter().map(|(view, r)| {
                        let name = view_name(m, *view);
                        let text = match r {
                            Ok(meta) => {
                                let rows = meta.rows.to_string();
                                fill(m.prices_fetched, &fill_args(name, market, Some(("rows", &rows))))
                            }
                            // The page says the API has no software sheet today: not a failure.
                            Err(f) if f.is_not_served() => fill(m.prices_sheet_not_served, &fill_args(name, market, None)),
                            Err(f) => {
                                let reason = sheet_failure_text(m, f);
                                fill(m.prices_sheet_failed, &fill_args(name, market, Some(("reason", &reason))))
                            }
                        };
                        view! { <li>{text}</li> }
                    }).collect_view()}
                </ul>
            }.into_any(),
        }
    }
}

#[component]
fn Shelves(shelves: Vec<Meta>, on_remove: Callback<Meta>) -> impl IntoView {
    let i18n = use_i18n();
    let now = book::this_month();
    view! {
        <div class="table-scroll">
            <table class="data shelves">
                <thead><tr>
                    <th scope="col">{move || i18n.m().prices_col_market}</th>
                    <th scope="col">{move || i18n.m().prices_col_source}</th>
                    <th scope="col">{move || i18n.m().prices_col_month}</th>
                    <th scope="col">{move || i18n.m().prices_col_currency}</th>
                    <th scope="col" class="num">{move || i18n.m().prices_col_rows}</th>
                    <th scope="col">{move || i18n.m().prices_col_stored}</th>
                    <th scope="col"><span class="visually-hidden">{move || i18n.m().prices_remove}</span></th>
                </tr></thead>
                <tbody>
                    {shelves.into_iter().map(|meta| {
                        let stale = meta.is_stale(now);
                        let source = meta.key.source;
                        let name = meta.name.clone();
                        let (month, stored, rows) = (meta.month, meta.stored_ms, meta.rows);
                        let market = meta.key.market.clone();
                        let label = format!("{} {}", i18n.m().prices_remove, market);
                        let currency = meta.currency.clone();
                        view! {
                            <tr class:stale=stale>
                                <td>{market.clone()}</td>
                                <td>{move || match source {
                                    Source::Sheet(v) => fill(i18n.m().prices_source_sheet, &[("view", view_name(i18n.m(), v))]),
                                    Source::Imported => fill(i18n.m().prices_source_imported, &[("name", &name)]),
                                }}</td>
                                <td>{move || month_label(i18n.locale(), month)}" · "{move || if stale { i18n.m().prices_stale } else { i18n.m().prices_current }}</td>
                                <td>{currency}</td>
                                <td class="num">{move || format::number(i18n.locale(), &rows.to_string())}</td>
                                <td>{move || format::date_ms(i18n.locale(), stored)}</td>
                                <td><button type="button" aria-label=label on:click=move |_| on_remove.run(meta.clone())>{move || i18n.m().prices_remove}</button></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

//! How estimates read: a line's estimate with its basis and source, the notices about the
//! price sheets a cart needs, and an import's failure in the partner's words.

use leptos::prelude::*;
use leptos_router::components::A;
use procura_partner_center::pricesheet::{Month, View};
use procura_price_book::{ImportError, Source};

use crate::format;
use crate::i18n::{fill, use_i18n, Locale, Messages};
use crate::pricing::{Estimate, LineEstimate, NoPrice, PriceSource, SheetFailure, SheetState};

pub fn month_label(locale: Locale, m: Month) -> String {
    format::month(locale, &format!("{:04}-{:02}-01", m.year, m.month))
}

pub fn view_name(m: &Messages, view: View) -> &'static str {
    match view {
        View::AzureReservations => m.prices_view_azure_reservations,
        View::UpdatedLicenseBased => m.prices_view_updatedlicensebased,
        View::Software => m.prices_view_software,
        View::AzureConsumption => m.prices_view_azure_consumption,
        View::Marketplace => m.prices_view_marketplace,
    }
}

pub fn import_error_text(m: &Messages, e: &ImportError) -> String {
    match e {
        ImportError::Unreadable { line: Some(line), detail } => {
            fill(m.prices_err_unreadable_line, &[("line", &line.to_string()), ("detail", detail)])
        }
        ImportError::Unreadable { line: None, detail } => {
            fill(m.prices_err_unreadable, &[("detail", detail)])
        }
        ImportError::Empty => m.prices_err_empty.to_string(),
        ImportError::ForeignCurrency { expected, found } => {
            fill(m.prices_err_currency, &[("expected", expected), ("found", found)])
        }
        ImportError::ForeignMarket { expected, found } => {
            fill(m.prices_err_market, &[("expected", expected), ("found", found)])
        }
        ImportError::Storage(detail) => fill(m.prices_err_storage, &[("detail", detail)]),
        ImportError::Worker(detail) => fill(m.prices_err_worker, &[("detail", detail)]),
    }
}

pub fn sheet_failure_text(m: &Messages, f: &SheetFailure) -> String {
    match f {
        SheetFailure::Fetch(failure) => failure.message(m),
        SheetFailure::Import(e) => import_error_text(m, e),
    }
}

/// "¥250,000 × 2 · price sheet of Nov 2026": how an estimate was made.
fn basis(locale: Locale, m: &Messages, e: &Estimate) -> String {
    let unit = format::decimal_money(locale, e.unit, &e.currency);
    let quantity = e.quantity.to_string();
    let how = if e.periods > 1 {
        let periods = e.periods.to_string();
        fill(
            m.prices_estimate_basis_periods,
            &[("unit", &unit), ("quantity", &quantity), ("periods", &periods)],
        )
    } else {
        fill(m.prices_estimate_basis, &[("unit", &unit), ("quantity", &quantity)])
    };
    let source = match &e.source {
        PriceSource::Cart => m.prices_source_cart.to_string(),
        PriceSource::Shelf { source, month, stale, .. } => {
            let month = month_label(locale, *month);
            let text = match source {
                Source::Sheet(_) => fill(m.prices_source_sheet_month, &[("month", &month)]),
                Source::Imported => fill(m.prices_source_list_month, &[("month", &month)]),
            };
            if *stale {
                format!("{text} ({})", m.prices_stale_note)
            } else {
                text
            }
        }
    };
    format!("{how} · {source}")
}

/// A line's estimate, or why it has none.
#[component]
pub fn EstimateNote(estimate: LineEstimate) -> impl IntoView {
    let i18n = use_i18n();
    match estimate {
        LineEstimate::Priced(e) => {
            let stale = matches!(e.source, PriceSource::Shelf { stale: true, .. });
            view! {
                <p class="estimate" class:stale=stale>
                    <strong>{
                        let e = e.clone();
                        move || fill(i18n.m().prices_estimate, &[("amount", &format::decimal_money(i18n.locale(), e.total, &e.currency))])
                    }</strong>
                    " "
                    <span class="basis">{move || basis(i18n.locale(), i18n.m(), &e)}</span>
                </p>
            }
            .into_any()
        }
        LineEstimate::NoPrice(why) => view! {
            <p class="estimate none">
                {move || match why {
                    NoPrice::NotListed => i18n.m().prices_no_price_not_listed,
                    NoPrice::NeedsPriceList => i18n.m().prices_no_price_needs_list,
                    NoPrice::TooLarge => i18n.m().prices_no_price_too_large,
                }}
                {(why == NoPrice::NeedsPriceList).then(|| view! {
                    " " <A href="/prices">{move || i18n.m().prices_import_link}</A>
                })}
            </p>
        }
        .into_any(),
    }
}

/// How the price sheets a cart needs stand: being fetched, stale, or not to be had. The
/// software view's 404 is expected (the API serves no software sheet today) and not shown.
#[component]
pub fn SheetNotices(sheets: Memo<Vec<(View, SheetState)>>, market: Memo<String>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let m = i18n.m();
        let locale = i18n.locale();
        let market = market.get();
        sheets
            .get()
            .into_iter()
            .filter_map(|(view, state)| {
                let name = view_name(m, view);
                let (class, text) = match state {
                    SheetState::Fresh(_) => return None,
                    SheetState::Fetching => {
                        ("notice", fill(m.prices_sheet_fetching, &fill_args(name, &market, None)))
                    }
                    SheetState::Stale { meta, .. } => {
                        let month = month_label(locale, meta.month);
                        (
                            "notice warning",
                            fill(
                                m.prices_sheet_stale,
                                &fill_args(name, &market, Some(("month", &month))),
                            ),
                        )
                    }
                    SheetState::Missing(f) if view == View::Software && f.is_not_served() => {
                        return None
                    }
                    SheetState::Missing(f) => {
                        let reason = sheet_failure_text(m, &f);
                        (
                            "notice warning",
                            fill(
                                m.prices_sheet_failed,
                                &fill_args(name, &market, Some(("reason", &reason))),
                            ),
                        )
                    }
                };
                Some(view! { <p class=class role="status">{text}</p> })
            })
            .collect_view()
    }
}

/// The arguments of a message about one price sheet: its view and market, and one more.
pub fn fill_args<'a>(
    view: &'a str,
    market: &'a str,
    extra: Option<(&'a str, &'a str)>,
) -> Vec<(&'a str, &'a str)> {
    let mut args = vec![("view", view), ("market", market)];
    args.extend(extra);
    args
}

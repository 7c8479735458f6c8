//! A bar chart of one currency's charges per month (SVG). Screen readers get a title, a
//! one-sentence summary and the figures as a table; each bar names its month and amount.

use leptos::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::billing::chart::{scale, Series};
use crate::format;
use crate::i18n::{fill, use_i18n};

const W: f64 = 560.0;
const H: f64 = 220.0;
const LEFT: f64 = 84.0;
const BOTTOM: f64 = 28.0;
const TOP: f64 = 10.0;

#[component]
pub fn MonthlyChart(series: Series) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("chart-{}", series.currency.to_ascii_lowercase());
    move || {
        let locale = i18n.locale();
        let m = i18n.m();
        let cur = series.currency.clone();
        let money = |d: Option<Decimal>| format::sum_money(locale, d, &cur);
        // A month too large to sum stands at the top of the axis.
        let max = series.points.iter().filter_map(|(_, v)| *v).max().unwrap_or_default();
        let (top, ticks) = scale(max);
        let top_f = top.to_f64().unwrap_or(1.0).max(f64::MIN_POSITIVE);
        let plot_h = H - BOTTOM - TOP;
        let slot = (W - LEFT) / series.points.len().max(1) as f64;
        let y = move |v: Option<Decimal>| {
            let share = v.map_or(1.0, |v| v.to_f64().unwrap_or(0.0) / top_f);
            TOP + plot_h * (1.0 - share.clamp(0.0, 1.0))
        };
        let first = series
            .points
            .first()
            .map(|(mo, _)| format::month(locale, &mo.iso()))
            .unwrap_or_default();
        let last = series
            .points
            .last()
            .map(|(mo, _)| format::month(locale, &mo.iso()))
            .unwrap_or_default();
        let (peak_month, peak) = series
            .points
            .iter()
            .max_by_key(|(_, v)| (v.is_none(), *v))
            .map(|(mo, v)| (format::month(locale, &mo.iso()), *v))
            .unwrap_or_default();
        let title = fill(m.chart_title, &[("currency", &cur)]);
        let desc = fill(
            m.chart_summary,
            &[
                ("currency", &cur),
                ("from", &first),
                ("to", &last),
                ("month", &peak_month),
                ("amount", &money(peak)),
            ],
        );
        let (title_id, desc_id) = (format!("{id}-title"), format!("{id}-desc"));
        view! {
            <figure class="chart">
                <figcaption>{title.clone()}</figcaption>
                <svg viewBox=format!("0 0 {W} {H}") role="img" aria-labelledby=format!("{title_id} {desc_id}") preserveAspectRatio="xMidYMid meet">
                    <title id=title_id.clone()>{title.clone()}</title>
                    <desc id=desc_id.clone()>{desc.clone()}</desc>
                    {ticks.iter().map(|t| {
                        let ty = y(Some(*t));
                        view! {
                            <line class="grid" x1=LEFT x2=W y1=ty y2=ty/>
                            <text class="axis" x=LEFT - 6.0 y=ty + 4.0 text-anchor="end">{format::money_compact(locale, &t.to_string(), &cur)}</text>
                        }
                    }).collect_view()}
                    {series.points.iter().enumerate().map(|(i, (mo, v))| {
                        let x = LEFT + slot * i as f64;
                        let top_y = y(*v);
                        let label = format::month(locale, &mo.iso());
                        view! {
                            <g class="bar">
                                <rect x=x + slot * 0.15 y=top_y width=slot * 0.7 height=(H - BOTTOM - top_y).max(0.0)>
                                    <title>{format!("{label}: {}", money(*v))}</title>
                                </rect>
                                <text class="axis" x=x + slot / 2.0 y=H - 10.0 text-anchor="middle">{format::month_short(locale, &mo.iso())}</text>
                            </g>
                        }
                    }).collect_view()}
                    <line class="baseline" x1=LEFT x2=W y1=H - BOTTOM y2=H - BOTTOM/>
                </svg>
                <table class="visually-hidden">
                    <caption>{title}</caption>
                    <thead><tr><th scope="col">{m.chart_month}</th><th scope="col">{m.chart_amount}</th></tr></thead>
                    <tbody>
                        {series.points.iter().map(|(mo, v)| view! { <tr><th scope="row">{format::month(locale, &mo.iso())}</th><td>{money(*v)}</td></tr> }).collect_view()}
                    </tbody>
                </table>
            </figure>
        }
    }
}

//! Price sheets of the sandbox's catalog, as the Partner API serves them
//! (`GET /v1.0/sales/pricesheets(Market='JP',PricesheetView='azure_reservations')/$value`,
//! get-a-price-sheet.md): CSV, zipped when the request accepts `deflate`.
//!
//! Every price is the one `pricing::of` puts on cart lines, orders and invoices for one unit
//! and billing period, so a sheet agrees with them to the cent by construction.
//!
//! The page lists a `software` view but says current data covers only Azure, new commerce and
//! marketplace: the sandbox follows the latter and answers 404 for `software`. The list a
//! partner downloads from Partner Center's "Pricing and offers" page instead is
//! `GET /sandbox/pricelists/{market}/software` (a sandbox route, not Partner Center's).

use procura_partner_center::codes;
use procura_partner_center::http::Response;
use procura_partner_center::pricesheet::{self as sheet, Month, PriceRow, View};

use crate::carts::Item;
use crate::seed::{self, Kind};
use crate::Ctx;

/// `GET /v1.0/sales/{segment}/$value`.
pub fn get(ctx: &Ctx<'_>, segment: &str) -> Response {
    let Some((market, view_name)) = sheet::parse_segment(segment) else {
        return Response::error(
            400,
            codes::INVALID_INPUT,
            "Expected pricesheets(Market='…',PricesheetView='…').",
        );
    };
    let Some(view) = View::parse(&view_name) else {
        return Response::error(
            400,
            codes::INVALID_INPUT,
            format!("Unknown PricesheetView {view_name:?}: azure_consumption, azure_reservations, updatedlicensebased, marketplace or software."),
        );
    };
    let current = Month::of_ms(ctx.now);
    let month = match ctx.req.param("timeline").map(|t| t.to_ascii_lowercase()).as_deref() {
        None | Some("current") => current,
        Some("history") => match ctx.req.param("month").as_deref().and_then(Month::parse) {
            Some(m) if Some(m) <= current => Some(m),
            Some(_) => {
                return Response::error(
                    404,
                    codes::NOT_FOUND,
                    "No price sheet for a month to come.",
                )
            }
            None => {
                return Response::error(400, codes::INVALID_INPUT, "History needs month=YYYYMM.")
            }
        },
        // Documented: no future list when no change is expected (the sandbox's prices never change).
        Some("future") => return Response::error(404, codes::NOT_FOUND, "No future price list."),
        Some(other) => {
            return Response::error(
                400,
                codes::INVALID_INPUT,
                format!("Unknown timeline {other:?}."),
            )
        }
    };
    let Some(month) = month else {
        return Response::error(500, codes::SERVICE_ERROR, "The sandbox clock is out of range.");
    };
    let kinds: &[Kind] = match view {
        View::AzureReservations => &[Kind::AzureReservation],
        View::UpdatedLicenseBased => &[Kind::OnlineService, Kind::AddOn],
        View::AzureConsumption | View::Marketplace => &[],
        View::Software => {
            return Response::error(404, codes::NOT_FOUND, "The software price sheet is not served; download the software price list from Pricing and offers.")
        }
    };
    match rows(&market, kinds, month) {
        Some(rows) => file(ctx, &rows),
        None => Response::error(404, codes::NOT_FOUND, format!("No market {market:?}.")),
    }
}

/// `GET /sandbox/pricelists/{market}/software`: the perpetual software and software
/// subscriptions price list of the current month, as a partner downloads it (CSV).
pub fn software_list(market: &str, now_ms: i64) -> Response {
    let rows = Month::of_ms(now_ms)
        .and_then(|m| rows(market, &[Kind::PerpetualSoftware, Kind::SoftwareSubscription], m));
    match rows {
        Some(rows) => csv_response(sheet::write_csv(&rows), "software.csv"),
        None => Response::error(404, codes::NOT_FOUND, format!("No market {market:?}.")),
    }
}

/// The rows of `kinds` sold in `market`, one per SKU, term and billing plan; `None` for a
/// market the sandbox does not have.
fn rows(market: &str, kinds: &[Kind], month: Month) -> Option<Vec<PriceRow>> {
    let &(country, currency, segment) =
        seed::markets().iter().find(|(c, ..)| c.eq_ignore_ascii_case(market.trim()))?;
    let start = format!("{}/1/{} 12:00:00 AM", month.month, month.year);
    let mut out = Vec::new();
    for product in seed::products() {
        if !kinds.contains(&product.kind) || !seed::sold_in(product.kind, country) {
            continue;
        }
        for sku in &product.skus {
            let item = Item { product, sku, currency, segment, country, azure_plan: false };
            let terms: &[&str] = if sku.terms.is_empty() { &[""] } else { sku.terms };
            for &term in terms {
                for &billing in sku.billing {
                    let cycle = procura_partner_center::BillingCycle::from_wire(billing);
                    let term_opt = (!term.is_empty()).then_some(term);
                    let Some(price) =
                        crate::pricing::of(&item, 1, term_opt, Some(&cycle)).and_then(|p| p.price)
                    else {
                        continue;
                    };
                    out.push(PriceRow {
                        product_id: product.id.clone(),
                        sku_id: sku.id.clone(),
                        product_title: product.title.clone(),
                        sku_title: sku.title.clone(),
                        term_duration: term.to_string(),
                        billing_plan: plan(billing).to_string(),
                        market: country.to_string(),
                        currency: currency.to_string(),
                        unit_price: price,
                        unit_of_measure: if product.kind == Kind::AzureReservation {
                            "1 Instance".into()
                        } else {
                            "1 License".into()
                        },
                        effective_start: start.clone(),
                        effective_end: String::new(),
                    });
                }
            }
        }
    }
    Some(out)
}

/// A billing cycle as sheets name their billing plans.
fn plan(billing: &str) -> &'static str {
    match billing {
        "annual" => "Annual",
        "monthly" => "Monthly",
        "triennial" => "Triennial",
        _ => "OneTime",
    }
}

fn file(ctx: &Ctx<'_>, rows: &[PriceRow]) -> Response {
    let csv = sheet::write_csv(rows);
    let zipped = ctx.req.get_header("Accept-Encoding").is_some_and(|v| {
        v.split(',')
            .any(|t| t.split(';').next().is_some_and(|t| t.trim().eq_ignore_ascii_case("deflate")))
    });
    if zipped {
        csv_response(zip_csv("sheets.csv", &csv), "sheets.zip")
    } else {
        csv_response(csv, "sheets.csv")
    }
}

/// Zips a CSV as one deflated entry.
fn zip_csv(name: &str, csv: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let written = out
        .start_file(name, options)
        .map_err(std::io::Error::other)
        .and_then(|()| out.write_all(csv));
    match (written, out.finish()) {
        (Ok(()), Ok(cursor)) => cursor.into_inner(),
        _ => Vec::new(),
    }
}

fn csv_response(body: Vec<u8>, name: &str) -> Response {
    Response {
        status: 200,
        headers: vec![
            ("Content-Type".into(), "application/octet-stream".into()),
            ("Content-Disposition".into(), format!("attachment; filename={name}")),
            ("Cache-Control".into(), "private".into()),
        ],
        body,
    }
}

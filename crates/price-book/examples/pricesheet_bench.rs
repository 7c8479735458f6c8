//! `cargo xtask bench`: price sheet sizes and parse times. The sandbox's sheets per market and
//! view (CSV and zipped), the parse and check of its largest (what the price worker does before
//! writing IndexedDB), and a sheet the size of the real new-commerce one (about 42 MB,
//! get-a-price-sheet.md) made by repeating rows under new ids. Native, bench profile: the
//! worker's wasm takes longer by the usual factor.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark reports by panicking")]

use std::time::Instant;

use procura_partner_center::http::Request;
use procura_partner_center::pricesheet::{self as sheet, Month, View};
use procura_price_book::shelf::accept;
use procura_price_book::{Expect, ShelfKey, Source};
use procura_sandbox::{seed, Config, MemoryStore, Sandbox};

fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(|a, b| a.total_cmp(b));
    times[runs / 2]
}

fn expect(market: &str, view: View) -> Expect {
    Expect {
        key: ShelfKey::new(market, Source::Sheet(view)),
        currency: None,
        month: Month::new(2026, 11).unwrap(),
        stored_ms: 0,
        name: view.as_wire().into(),
    }
}

fn zipped(csv: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("sheets.csv", options).unwrap();
    w.write_all(csv).unwrap();
    w.finish().unwrap().into_inner()
}

fn main() {
    let mut sandbox = Sandbox::new(Config::default());
    let mut store = MemoryStore::new();
    let now = 1_795_000_000_000;
    let mut largest = (0usize, String::new(), View::AzureReservations, Vec::new());
    let mut markets: Vec<&str> = seed::markets().iter().map(|m| m.0).collect();
    markets.dedup();
    for market in markets {
        for view in [View::AzureReservations, View::UpdatedLicenseBased] {
            let get = |zipped: bool| {
                let mut req = Request::new("GET", &sheet::path(market, view, None))
                    .bearer("sandbox-partner-sakura");
                if zipped {
                    req = req.header("Accept-Encoding", "deflate");
                }
                req
            };
            let csv = sandbox.handle(&mut store, &get(false), now).body;
            let zip = sandbox.handle(&mut store, &get(true), now).body;
            let rows = sheet::read_csv(&csv).map_or(0, |r| r.len());
            println!(
                "price sheet {market} {}: {rows} rows, {} bytes CSV, {} bytes zipped",
                view.as_wire(),
                csv.len(),
                zip.len()
            );
            if csv.len() > largest.0 {
                largest = (csv.len(), market.to_string(), view, zip);
            }
        }
    }
    let (bytes, market, view, zip) = largest;
    let ms = median_ms(51, || {
        accept(&zip, &expect(&market, view)).unwrap();
    });
    println!(
        "price sheet parse, largest sandbox sheet ({market} {}, {bytes} bytes CSV, zipped): {ms:.3} ms (median of 51)",
        view.as_wire()
    );

    // The real new-commerce sheet's size: the sandbox's rows repeated under new product ids.
    let base = procura_price_book::file::read(&zip).unwrap();
    let mut rows = Vec::new();
    let mut n = 0;
    while rows.len() < 220_000 {
        for r in &base {
            let mut r = r.clone();
            r.product_id = format!("P{n:011}");
            rows.push(r);
        }
        n += 1;
    }
    let csv = sheet::write_csv(&rows);
    let zipped = zipped(&csv);
    let ms = median_ms(5, || {
        accept(&zipped, &expect(&market, view)).unwrap();
    });
    println!(
        "price sheet parse, real size ({} rows, {:.1} MB CSV, {:.1} MB zipped): {ms:.0} ms (median of 5)",
        rows.len(),
        csv.len() as f64 / 1e6,
        zipped.len() as f64 / 1e6
    );
}

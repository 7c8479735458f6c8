//! `cargo xtask bench`: the figures the issues set budgets for, one line per figure.

use std::path::Path;

use crate::cmd::{cmd, root, run_tee};
use crate::{compress, release};

pub fn run() -> Result<(), String> {
    rules()?;
    catalog_filter()?;
    invoice_lines()?;
    sandbox()?;
    price_sheets()?;
    release::build()?;
    bundle_sizes(&root().join("dist"))?;
    gateway()?;
    startup()
}

/// What procura-gateway adds to a catalog GET: p50/p99 through it and direct, same run
/// (bench profile; the example starts and stops both servers).
fn gateway() -> Result<(), String> {
    bench_build(&[
        "-p",
        "procura-sandbox",
        "--bin",
        "procura-sandbox",
        "-p",
        "procura-gateway",
        "--bin",
        "procura-gateway",
        "--example",
        "overhead",
    ])?;
    let dir = root().join("target/release");
    let path = |p: &str| dir.join(p).to_string_lossy().into_owned();
    crate::cmd::run(cmd(&path("examples/overhead")).args([
        "--sandbox",
        &path("procura-sandbox"),
        "--gateway",
        &path("procura-gateway"),
        "--static",
        &root().join("dist").to_string_lossy(),
    ]))
}

/// A browser benchmark (release profile, headless Chromium): `package`'s `test` prints its
/// own figures, each on a line containing `marker`.
fn in_browser(package: &str, test: &str, marker: &str) -> Result<(), String> {
    let mut c = cmd("cargo");
    c.args(["test", "--release", "--target", "wasm32-unknown-unknown", "-p", package]).args([
        "--features",
        "browser-bench",
        "--test",
        test,
        "--",
        "--nocapture",
    ]);
    crate::test::wasm_test_env(&mut c);
    let (ok, out) = run_tee(&mut c);
    if !ok || !out.contains(marker) {
        return Err(format!("the {test} benchmark did not report"));
    }
    Ok(())
}

/// Filtering 5,000 SKUs per keystroke (prints `catalog filter ...`).
fn catalog_filter() -> Result<(), String> {
    in_browser("procura", "catalog_bench", "catalog filter ")
}

/// A 100,000-line invoice: read and shown, DOM rows while scrolling, CSV export.
fn invoice_lines() -> Result<(), String> {
    in_browser("procura", "invoice_bench", "CSV export of 100,000 lines")
}

/// Startup of the built site to an interactive customer list, beside a minimal Leptos page
/// built and measured in the same run; prints both medians and their ratio.
fn startup() -> Result<(), String> {
    let minimal_dir = root().join("bench/minimal-leptos");
    crate::cmd::run(
        cmd("trunk")
            .args(["build", "--release", "--offline", "--locked"])
            .current_dir(&minimal_dir),
    )?;
    let site = crate::static_server::start(&root().join("dist"), 0).map_err(|e| e.to_string())?;
    let minimal = crate::static_server::start(&root().join("target/minimal-leptos-dist"), 0)
        .map_err(|e| e.to_string())?;
    let procura_url = format!("{}/customers", site.url);
    let minimal_url = format!("{}/", minimal.url);
    crate::cmd::run(
        cmd("node")
            .args([
                "e2e/support/startup.mjs",
                &procura_url,
                "table.data button",
                &minimal_url,
                "main li button",
            ])
            .env("CHROMIUM", crate::bootstrap::CHROMIUM),
    )
}

/// Builds `targets` in the bench profile (the release settings; binaries in target/release).
fn bench_build(targets: &[&str]) -> Result<(), String> {
    crate::cmd::run(cmd("cargo").args(["build", "--quiet", "--profile", "bench"]).args(targets))
}

/// The sandbox server on loopback: throughput and p99 for a catalog GET and for
/// create-cart + checkout (bench profile; the load example starts and stops the server).
fn sandbox() -> Result<(), String> {
    bench_build(&["-p", "procura-sandbox", "--bin", "procura-sandbox", "--example", "load"])?;
    let dir = root().join("target/release");
    crate::cmd::run(
        cmd(dir.join("examples/load").to_str().unwrap_or("load"))
            .args(["--server", dir.join("procura-sandbox").to_str().unwrap_or("")]),
    )
}

/// Price sheet sizes per market and view, and parse times (the sandbox's largest; one the
/// size of the real new-commerce sheet). Native, bench profile.
fn price_sheets() -> Result<(), String> {
    run_example("procura-price-book", "pricesheet_bench")
}

/// Runs `package`'s `example` in the bench profile; it prints its own figures.
fn run_example(package: &str, example: &str) -> Result<(), String> {
    crate::cmd::run(cmd("cargo").args([
        "run",
        "--quiet",
        "--profile",
        "bench",
        "-p",
        package,
        "--example",
        example,
    ]))
}

/// The rules engine: 10,000 intents natively (bench profile) and in headless Chromium
/// (release profile, as shipped). Each prints its own `rules check ...: N ns/intent` line.
fn rules() -> Result<(), String> {
    run_example("procura-rules", "check_bench")?;
    in_browser("procura-rules", "browser_bench", "rules check browser:")
}

/// Raw, gzip (level 9) and brotli (quality 11) sizes of the wasm and JS that a visitor
/// downloads, as a static host would serve them precompressed.
fn bundle_sizes(dist: &Path) -> Result<(), String> {
    let mut files: Vec<_> = std::fs::read_dir(dist)
        .map_err(|e| format!("{}: {e}", dist.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("wasm" | "js")))
        .collect();
    files.sort();
    let mut totals = [0usize; 3];
    for kind in ["wasm", "js"] {
        let mut sizes = [0usize; 3];
        for f in files.iter().filter(|p| p.extension().and_then(|e| e.to_str()) == Some(kind)) {
            let bytes = std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?;
            let s = [bytes.len(), compress::gzip(&bytes).len(), compress::brotli(&bytes).len()];
            for i in 0..3 {
                sizes[i] += s[i];
                totals[i] += s[i];
            }
        }
        println!("bundle {kind} raw: {} bytes", sizes[0]);
        println!("bundle {kind} gzip: {} bytes", sizes[1]);
        println!("bundle {kind} brotli: {} bytes", sizes[2]);
    }
    println!("bundle total raw: {} bytes", totals[0]);
    println!("bundle total gzip: {} bytes", totals[1]);
    println!("bundle total brotli: {} bytes", totals[2]);
    Ok(())
}

//! `cargo xtask bench`: the figures the issues set budgets for, one line per figure.

use std::path::Path;

use crate::cmd::{cmd, root, run_tee};
use crate::{compress, release};

/// Every benchmark, then the budgets beside their figures. With `check`, a budget over (or
/// a figure missing) fails the run.
pub fn run(check: bool) -> Result<(), String> {
    release::build()?;
    let dist = root().join("dist");
    let workers = crate::static_server::start_for_workers(&dist).map_err(|e| e.to_string())?;
    let mut out = String::new();
    let steps: [(&str, Step); 11] = [
        ("rules", &|w, o| rules(w, o)),
        ("catalog filter", &|w, o| catalog_filter(w, o)),
        ("invoice lines", &|_, o| invoice_lines(o)),
        ("checkout", &|w, o| checkout(w, o)),
        ("sandbox load", &|_, o| sandbox(o)),
        ("price sheets", &|_, _| price_sheets()),
        ("bundle sizes", &|_, o| bundle_sizes(&root().join("dist"), o)),
        ("size attribution", &|_, _| attribution()),
        ("gateway", &|_, _| gateway()),
        ("startup", &|_, o| startup(o)),
        ("faults and hostile input", &|_, o| faults(o)),
    ];
    let mut failed = Vec::new();
    for (name, step) in steps {
        // One benchmark failing still lets the others report.
        if let Err(e) = step(&workers.url, &mut out) {
            eprintln!("xtask bench: {name}: {e}");
            failed.push(name);
        }
    }
    let met = crate::budget::report(&out);
    if !failed.is_empty() {
        return Err(format!("benchmarks that did not run: {}", failed.join(", ")));
    }
    if check && !met {
        return Err("a budget is not met (see above)".into());
    }
    Ok(())
}

type Step<'a> = &'a dyn Fn(&str, &mut String) -> Result<(), String>;

/// Runs `c` with its output shown and appended to `out`.
fn capture(c: &mut std::process::Command, out: &mut String) -> Result<(), String> {
    let (ok, text) = run_tee(c);
    out.push_str(&text);
    if ok {
        Ok(())
    } else {
        Err(format!("{:?} failed", c.get_program()))
    }
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
/// own figures, each on a line containing `marker`. The app's workers come from `workers`.
fn in_browser(
    package: &str,
    test: &str,
    marker: &str,
    workers: &str,
    out: &mut String,
) -> Result<(), String> {
    let mut c = cmd("cargo");
    c.args(["test", "--release", "--target", "wasm32-unknown-unknown", "-p", package]).args([
        "--features",
        "browser-bench",
        "--test",
        test,
        "--",
        "--nocapture",
    ]);
    crate::test::wasm_test_env(&mut c, workers);
    let (ok, text) = run_tee(&mut c);
    out.push_str(&text);
    if !ok || !text.contains(marker) {
        return Err(format!("the {test} benchmark did not report"));
    }
    Ok(())
}

/// Filtering 5,000 SKUs per keystroke (prints `catalog filter ...`).
fn catalog_filter(workers: &str, out: &mut String) -> Result<(), String> {
    in_browser("procura", "catalog_bench", "catalog filter ", workers, out)
}

/// A 100,000-line invoice on the built site (what a partner's browser runs: wasm-opt, the
/// sandbox in its worker): read and shown (a median of several loads, and the longest
/// main-thread task over them), the scroll steps, CSV export; see `e2e/support/invoice.mjs`.
fn invoice_lines(out: &mut String) -> Result<(), String> {
    let site = crate::static_server::start(&root().join("dist"), 0).map_err(|e| e.to_string())?;
    browser_script(&["e2e/support/invoice.mjs", &site.url], out)
}

/// A node script that drives the project's Chromium (`e2e/support/`), its output kept.
fn browser_script(args: &[&str], out: &mut String) -> Result<(), String> {
    capture(cmd("node").args(args).env("CHROMIUM", crate::bootstrap::CHROMIUM), out)
}

/// A checkout on the embedded sandbox, from the confirm click to the result shown.
fn checkout(workers: &str, out: &mut String) -> Result<(), String> {
    in_browser("procura", "checkout_bench", "checkout on the embedded sandbox:", workers, out)
}

/// Startup of the built site to an interactive customer list, beside a minimal Leptos page
/// built and measured in the same run; prints both medians and their ratio.
fn startup(out: &mut String) -> Result<(), String> {
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
    browser_script(
        &[
            "e2e/support/startup.mjs",
            &procura_url,
            "table.data button",
            &minimal_url,
            "main li button",
        ],
        out,
    )
}

/// The fault and hostile-value tests of the test command at length, in the bench profile:
/// 1,000 purchases against a server killed at random (`PROCURA_CRASH_OPS`), and a million
/// cases (`PROCURA_FUZZ_CASES`) each for the app's decoding and domain functions and for
/// the sandbox's handler. Each prints its figures.
fn faults(out: &mut String) -> Result<(), String> {
    let cases = std::env::var("PROCURA_FUZZ_CASES").unwrap_or_else(|_| "1000000".into());
    let ops = std::env::var("PROCURA_CRASH_OPS").unwrap_or_else(|_| "1000".into());
    for (package, test) in [
        ("procura-sandbox", "crash"),
        ("procura", "hostile_values"),
        ("procura-sandbox", "hostile_requests"),
    ] {
        capture(
            cmd("cargo")
                .args(["test", "--quiet", "--profile", "bench", "-p", package, "--test", test])
                .args(["--", "--nocapture"])
                .env("PROCURA_FUZZ_CASES", &cases)
                .env("PROCURA_CRASH_OPS", &ops),
            out,
        )?;
    }
    Ok(())
}

/// Builds `targets` in the bench profile (the release settings; binaries in target/release).
fn bench_build(targets: &[&str]) -> Result<(), String> {
    crate::cmd::run(cmd("cargo").args(["build", "--quiet", "--profile", "bench"]).args(targets))
}

/// The sandbox server on loopback: throughput and p99 for a catalog GET and for
/// create-cart + checkout (bench profile; the load example starts and stops the server).
fn sandbox(out: &mut String) -> Result<(), String> {
    bench_build(&["-p", "procura-sandbox", "--bin", "procura-sandbox", "--example", "load"])?;
    let dir = root().join("target/release");
    capture(
        cmd(dir.join("examples/load").to_str().unwrap_or("load"))
            .args(["--server", dir.join("procura-sandbox").to_str().unwrap_or("")])
            // A mixed load for five minutes: p50/p99 and whether the heap stays flat.
            .args(["--soak", "300"]),
        out,
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
fn rules(workers: &str, out: &mut String) -> Result<(), String> {
    run_example("procura-rules", "check_bench")?;
    in_browser("procura-rules", "browser_bench", "rules check browser:", workers, out)
}

/// Raw, gzip (level 9) and brotli (quality 11) sizes of the wasm and JS that a visitor
/// downloads, as a static host would serve them precompressed: per module (a wasm module and
/// its scripts), the first screen's (the page's module and `boot.js`), and the total.
fn bundle_sizes(dist: &Path, out: &mut String) -> Result<(), String> {
    let mut files: Vec<_> = std::fs::read_dir(dist)
        .map_err(|e| format!("{}: {e}", dist.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("wasm" | "js")))
        .collect();
    files.sort();
    let mut modules: std::collections::BTreeMap<String, [usize; 3]> = Default::default();
    for f in &files {
        let bytes = std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?;
        let s = [bytes.len(), compress::gzip(&bytes).len(), compress::brotli(&bytes).len()];
        let entry = modules.entry(module_of(f)).or_default();
        for i in 0..3 {
            entry[i] += s[i];
        }
    }
    let mut lines = Vec::new();
    let mut total = [0usize; 3];
    let mut first = [0usize; 3];
    for (name, s) in &modules {
        lines.push(format!(
            "bundle module {name}: raw {} bytes, gzip {} bytes, brotli {} bytes",
            s[0], s[1], s[2]
        ));
        for i in 0..3 {
            total[i] += s[i];
            if name == "procura" || name == "boot" {
                first[i] += s[i];
            }
        }
    }
    lines
        .push(format!("bundle first screen raw: {} bytes (the page: procura + boot.js)", first[0]));
    lines.push(format!("bundle first screen gzip: {} bytes", first[1]));
    lines.push(format!("bundle first screen brotli: {} bytes", first[2]));
    lines.push(format!("bundle total raw: {} bytes", total[0]));
    lines.push(format!("bundle total gzip: {} bytes", total[1]));
    lines.push(format!("bundle total brotli: {} bytes", total[2]));
    for l in lines {
        println!("{l}");
        out.push_str(&l);
        out.push('\n');
    }
    Ok(())
}

/// The module a built file belongs to: `procura-<hash>_bg.wasm` and `procura-<hash>.js` are
/// `procura`; `sandbox-worker_loader.js` is `sandbox-worker`.
fn module_of(file: &Path) -> String {
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let stem = stem.trim_end_matches("_bg").trim_end_matches("_loader");
    match stem.rsplit_once('-') {
        // Trunk's hash: hex digits (16, or fewer when it has leading zeros).
        Some((name, hash)) if hash.len() >= 8 && hash.chars().all(|c| c.is_ascii_hexdigit()) => {
            name.to_string()
        }
        _ => stem.to_string(),
    }
}

/// The last release build's sizes per module and their attribution per crate
/// (`cargo xtask sizes`).
pub fn sizes() -> Result<(), String> {
    bundle_sizes(&root().join("dist"), &mut String::new())?;
    attribution()
}

/// Where each module's bytes go, per crate (the names-kept builds Trunk left in target/).
fn attribution() -> Result<(), String> {
    let dir = root().join("target/wasm32-unknown-unknown/release");
    for module in ["procura", "sandbox-worker", "price-worker"] {
        crate::sizes::report(module, &dir.join(format!("{module}.wasm")), 25)?;
    }
    Ok(())
}

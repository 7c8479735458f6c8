//! `cargo xtask bench`: the figures the issues set budgets for, one line per figure.

use std::io::Write;
use std::path::Path;

use crate::cmd::{cmd, root, run_tee};
use crate::release;

pub fn run() -> Result<(), String> {
    rules()?;
    sandbox()?;
    release::build()?;
    bundle_sizes(&root().join("dist"))
}

/// The sandbox server on loopback: throughput and p99 for a catalog GET and for
/// create-cart + checkout (bench profile; the load example starts and stops the server).
fn sandbox() -> Result<(), String> {
    crate::cmd::run(cmd("cargo").args(["build", "--quiet", "--profile", "bench", "-p", "procura-sandbox", "--bin", "procura-sandbox", "--example", "load"]))?;
    let dir = root().join("target/release");
    crate::cmd::run(cmd(dir.join("examples/load").to_str().unwrap_or("load")).args(["--server", dir.join("procura-sandbox").to_str().unwrap_or("")]))
}

/// The rules engine: 10,000 intents natively (bench profile) and in headless Chromium
/// (release profile, as shipped). Each prints its own `rules check ...: N ns/intent` line.
fn rules() -> Result<(), String> {
    crate::cmd::run(cmd("cargo").args(["run", "--quiet", "--profile", "bench", "-p", "procura-rules", "--example", "check_bench"]))?;
    let mut c = cmd("cargo");
    c.args(["test", "--release", "--target", "wasm32-unknown-unknown", "-p", "procura-rules"])
        .args(["--features", "browser-bench", "--test", "browser_bench", "--", "--nocapture"]);
    crate::test::wasm_test_env(&mut c);
    let (ok, out) = run_tee(&mut c);
    if !ok || !out.contains("rules check browser:") {
        return Err("the in-browser rules benchmark did not report".into());
    }
    Ok(())
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
            let s = [bytes.len(), gzip(&bytes), brotli(&bytes)];
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

fn gzip(data: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap().len()
}

fn brotli(data: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).unwrap();
    out.len()
}

//! `cargo xtask test`: every part in order, then one `N passed, N failed` line.

use crate::bootstrap::CHROMEDRIVER;
use crate::cmd::{cmd, root, run_tee};
use crate::counts::{self, Counts};
use crate::{release, static_server};

struct Part {
    name: &'static str,
    counts: Counts,
    ok: bool,
    secs: f64,
}

/// Env for wasm-bindgen-test in headless Chromium (the runner itself is set in
/// .cargo/config.toml; it adds headless/no-sandbox on its own).
/// `workers` is the built site's address: the app's workers (the embedded sandbox, the price
/// worker) are started from there, since the test runner serves no Trunk build.
pub fn wasm_test_env(c: &mut std::process::Command, workers: &str) {
    c.env("PROCURA_WORKERS_AT", workers)
        .env("CHROMEDRIVER", CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "600")
        .env("WASM_BINDGEN_TEST_DRIVER_TIMEOUT", "60");
}

fn part(name: &'static str, f: impl FnOnce() -> (bool, Counts)) -> Part {
    eprintln!("\n=== xtask test: {name}");
    let t = std::time::Instant::now();
    let (ok, mut counts) = f();
    // A part that failed without reporting a failing test (a compile error, a crash) still
    // counts as one failure, so the total never reads green.
    if !ok && counts.failed == 0 {
        counts.failed = 1;
    }
    Part { name, counts, ok, secs: t.elapsed().as_secs_f64() }
}

/// The packages that compile to wasm32, each with the arguments clippy checks it with: the
/// app and its tests, the contract, the rules (and their browser tests), and the sandbox's
/// handler without its server, the price book with its worker, and the sandbox's worker.
const WASM_LINTED: [&[&str]; 6] = [
    &["-p", "procura", "--lib", "--tests"],
    &["-p", "procura-partner-center", "--lib"],
    &["-p", "procura-rules", "--lib", "--tests"],
    &["-p", "procura-sandbox", "--no-default-features", "--lib"],
    &["-p", "procura-price-book", "--lib", "--bins"],
    &["-p", "procura-sandbox-worker", "--features", "worker", "--lib", "--bins"],
];

/// A command that passes or fails as a whole (formatting, lints): one check.
fn check(c: &mut std::process::Command) -> (bool, Counts) {
    one_check(run_tee(c).0)
}

/// A whole part counted as one check.
fn one_check(ok: bool) -> (bool, Counts) {
    (ok, Counts { passed: u64::from(ok), failed: u64::from(!ok) })
}

pub fn run() -> bool {
    let started = std::time::Instant::now();
    let mut parts = vec![
        part("formatting (cargo fmt --check)", || {
            check(cmd("cargo").args(["fmt", "--all", "--check"]))
        }),
        part("lints, native (clippy, warnings denied)", || {
            check(cmd("cargo").args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--color=never",
                "--",
                "-D",
                "warnings",
            ]))
        }),
        part("lints, wasm32 (clippy, warnings denied)", || {
            let mut all_ok = true;
            for args in WASM_LINTED {
                let mut c = cmd("cargo");
                c.args(["clippy", "--target", "wasm32-unknown-unknown", "--color=never"])
                    .args(args);
                c.args(["--", "-D", "warnings"]);
                all_ok &= run_tee(&mut c).0;
            }
            one_check(all_ok)
        }),
        part("native tests (every workspace crate)", || {
            let (ok, out) = run_tee(cmd("cargo").args(["test", "--workspace", "--color=never"]));
            (ok, counts::libtest(&out))
        }),
    ];

    let built =
        part("release build (trunk build --release --offline)", || match release::build() {
            Ok(()) => (true, Counts { passed: 1, failed: 0 }),
            Err(e) => {
                eprintln!("{e}");
                (false, Counts::default())
            }
        });
    let built_ok = built.ok;
    parts.push(built);

    if built_ok {
        match static_server::start_for_workers(&root().join("dist")) {
            Ok(server) => {
                parts.push(part("wasm tests in headless Chromium", || wasm_tests(&server.url)));
                parts.push(part("smoke load of dist/ in headless Chromium", || {
                    node(&server.url, &["e2e/support/smoke.mjs"])
                }));
                parts.push(part("end-to-end specs (e2e/)", || {
                    // The site through procura-gateway too, in front of a sandbox server.
                    let upstream = match crate::sandbox_server::Served::sandbox() {
                        Ok(s) => s,
                        Err(e) => {
                            eprintln!("sandbox server: {e}");
                            return (false, Counts::default());
                        }
                    };
                    let gateway = match crate::sandbox_server::Served::gateway(
                        &root().join("dist"),
                        &upstream.url,
                    ) {
                        Ok(g) => g,
                        Err(e) => {
                            eprintln!("procura-gateway: {e}");
                            return (false, Counts::default());
                        }
                    };
                    let mut args = vec![
                        "--test".to_string(),
                        "--test-reporter=spec".into(),
                        "--test-concurrency=1".into(),
                    ];
                    args.extend(e2e_specs());
                    let args: Vec<&str> = args.iter().map(String::as_str).collect();
                    // The sign-in specs start their own sandbox (trusting their own provider) and
                    // gateway (serving a copy of dist/ with its own config.json).
                    let bin = |name: &str| root().join("target/debug").join(name);
                    let (sandbox_bin, gateway_bin) =
                        (bin("procura-sandbox"), bin("procura-gateway"));
                    let dist = root().join("dist");
                    let env = [
                        ("GATEWAY_URL", gateway.url.as_str()),
                        ("SANDBOX_URL", upstream.url.as_str()),
                        ("SANDBOX_BIN", &*sandbox_bin.to_string_lossy()),
                        ("GATEWAY_BIN", &*gateway_bin.to_string_lossy()),
                        ("DIST_DIR", &*dist.to_string_lossy()),
                    ];
                    node_with(&server.url, &env, &args)
                }));
            }
            Err(e) => parts.push(part("static server for dist/", || {
                eprintln!("cannot start: {e}");
                (false, Counts::default())
            })),
        }
    }

    let mut total = Counts::default();
    eprintln!("\n=== xtask test: summary");
    for p in &parts {
        total += p.counts;
        eprintln!(
            "  {:<4} {:<52} {:>4} passed, {:>3} failed  ({:.0}s)",
            if p.ok { "ok" } else { "FAIL" },
            p.name,
            p.counts.passed,
            p.counts.failed,
            p.secs
        );
    }
    eprintln!("  total time {:.0}s", started.elapsed().as_secs_f64());
    println!("{} passed, {} failed", total.passed, total.failed);
    parts.iter().all(|p| p.ok) && total.failed == 0
}

/// The app's suites (the client's loopback tests against a sandbox server started here; the
/// flows on the embedded sandbox, whose worker comes from the built site at `workers`), and
/// the rules crate's rule tests compiled to wasm.
fn wasm_tests(workers: &str) -> (bool, Counts) {
    let server = match crate::sandbox_server::Served::sandbox() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("sandbox server: {e}");
            return (false, Counts::default());
        }
    };
    let runs: [&[&str]; 2] =
        [&["-p", "procura", "--tests"], &["-p", "procura-rules", "--test", "rules"]];
    let (mut all_ok, mut total) = (true, Counts::default());
    for args in runs {
        let mut c = cmd("cargo");
        c.args(["test", "--target", "wasm32-unknown-unknown", "--color=never"]).args(args);
        c.env("PROCURA_SANDBOX_URL", &server.url);
        wasm_test_env(&mut c, workers);
        let (ok, out) = run_tee(&mut c);
        all_ok &= ok;
        total += counts::libtest(&out);
    }
    (all_ok, total)
}

/// A node script or `node --test` run against the served site.
fn node(base_url: &str, args: &[&str]) -> (bool, Counts) {
    node_with(base_url, &[], args)
}

fn node_with(base_url: &str, env: &[(&str, &str)], args: &[&str]) -> (bool, Counts) {
    let mut c = cmd("node");
    c.args(args).env("BASE_URL", base_url).env("CHROMIUM", crate::bootstrap::CHROMIUM);
    for (k, v) in env {
        c.env(k, v);
    }
    let (ok, out) = run_tee(&mut c);
    (ok, counts::node_test(&out))
}

/// `e2e/*.test.mjs`, sorted; named explicitly because `node --test DIR` differs between
/// Node versions.
fn e2e_specs() -> Vec<String> {
    let mut specs: Vec<String> = std::fs::read_dir(root().join("e2e"))
        .map(|d| d.flatten().filter_map(|e| e.file_name().into_string().ok()).collect())
        .unwrap_or_default();
    specs.retain(|n| n.ends_with(".test.mjs"));
    specs.sort();
    specs.into_iter().map(|n| format!("e2e/{n}")).collect()
}

//! Project automation (the cargo-xtask pattern): `cargo xtask serve | test | bench | bootstrap`.
//! Each command first installs what it needs (see `bootstrap`).

mod bench;
mod bootstrap;
mod budget;
mod cmd;
mod compress;
mod counts;
mod release;
mod sandbox_server;
mod sizes;
mod static_server;
mod test;
#[cfg(test)]
mod tidy;
mod versions;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

  serve [--port N]   build and serve the app on http://127.0.0.1:N (default 8080), on the embedded sandbox
  test               every test: native, wasm in headless Chromium, release build + smoke load, end-to-end
  dist               the release build in dist/, with brotli and gzip copies (what procura-gateway serves)
  bench [--check]    benchmarks and bundle sizes, one line per figure, then each budget beside
                     its figure; --check exits non-zero when one is not met
  sizes              where the last release build's wasm bytes go, per crate (after `dist`)
  bootstrap          only install the tools (wasm target, trunk, wasm-bindgen-cli, npm packages, Chromium)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    cmd::fresh_scratch();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..]),
        Some("test") => bootstrap::ensure(bootstrap::Need::Browser).and_then(|()| {
            if test::run() {
                Ok(())
            } else {
                Err("some tests failed".into())
            }
        }),
        Some("dist") => bootstrap::ensure(bootstrap::Need::Build).and_then(|()| release::build()),
        Some("bench") => {
            let check = match &args[1..] {
                [] => false,
                [flag] if flag == "--check" => true,
                _ => return usage_error("bench takes [--check]"),
            };
            bootstrap::ensure(bootstrap::Need::Browser).and_then(|()| bench::run(check))
        }
        Some("sizes") => bench::sizes(),
        Some("bootstrap") => bootstrap::ensure(bootstrap::Need::Browser),
        Some("-h" | "--help" | "help") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    // What the browsers left behind goes now, not at the next run.
    let _ = std::fs::remove_dir_all(cmd::scratch());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("xtask: {message}\n\n{USAGE}");
    ExitCode::FAILURE
}

fn serve(args: &[String]) -> Result<(), String> {
    let port = match args {
        [] => 8080,
        [flag, n] if flag == "--port" => {
            n.parse().map_err(|_| format!("--port takes a number, not `{n}`"))?
        }
        _ => return Err(format!("serve takes [--port N]\n\n{USAGE}")),
    };
    bootstrap::ensure(bootstrap::Need::Build)?;
    println!("xtask: serving Procura at http://127.0.0.1:{port}/ (embedded sandbox; Ctrl-C stops)");
    // No autoreload: its injected inline script would break the Content-Security-Policy.
    cmd::run(cmd::cmd("trunk").args([
        "serve",
        "--offline",
        "--no-autoreload",
        "--address",
        "127.0.0.1",
        "--port",
        &port.to_string(),
    ]))
}

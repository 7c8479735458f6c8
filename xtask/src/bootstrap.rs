//! Installs what the project needs, idempotently: each step first checks what is there, so
//! a machine that has everything pays a few version checks, not a reinstall.

use std::path::Path;

use crate::cmd::{cmd, root, run, version_of};
use crate::versions;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// serve: the wasm toolchain only.
    Build,
    /// test, bench: also npm packages and a browser.
    Browser,
}

pub fn ensure(need: Need) -> Result<(), String> {
    let t = std::time::Instant::now();
    wasm_target()?;
    wasm_bindgen_cli()?;
    trunk()?;
    npm_packages()?;
    if need == Need::Browser {
        chromium()?;
    }
    eprintln!("xtask: tools ready ({:.1}s)", t.elapsed().as_secs_f64());
    Ok(())
}

fn wasm_target() -> Result<(), String> {
    let out = cmd("rustup").args(["target", "list", "--installed"]).output();
    if let Ok(o) = out {
        if String::from_utf8_lossy(&o.stdout).lines().any(|l| l.trim() == WASM_TARGET) {
            return Ok(());
        }
    }
    eprintln!("xtask: adding the {WASM_TARGET} target");
    run(cmd("rustup").args(["target", "add", WASM_TARGET]))
}

fn wasm_bindgen_cli() -> Result<(), String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let want = versions::locked_version(&lock, "wasm-bindgen")
        .ok_or("Cargo.lock must hold exactly one wasm-bindgen version")?;
    let have = version_of("wasm-bindgen", &["--version"]).and_then(|l| versions::cli_version(&l));
    let runner = version_of("wasm-bindgen-test-runner", &["--version"])
        .and_then(|l| versions::cli_version(&l));
    if have.as_deref() == Some(want.as_str()) && runner.as_deref() == Some(want.as_str()) {
        return Ok(());
    }
    eprintln!("xtask: installing wasm-bindgen-cli {want} (have {have:?}); about 2 minutes");
    // Not --locked: the CLI's own lock names a webpki-roots release the registry no longer serves.
    run(cmd("cargo").args(["install", "wasm-bindgen-cli", "--force", "--version", &want]))
}

fn trunk() -> Result<(), String> {
    let have = version_of("trunk", &["--version"]).and_then(|l| versions::cli_version(&l));
    if have.as_deref() == Some(versions::TRUNK_VERSION) {
        return Ok(());
    }
    eprintln!(
        "xtask: installing trunk {} (have {have:?}); about 6 minutes",
        versions::TRUNK_VERSION
    );
    run(cmd("cargo").args([
        "install",
        "trunk",
        "--locked",
        "--force",
        "--version",
        versions::TRUNK_VERSION,
    ]))
}

/// binaryen (wasm-opt), playwright-core and oidc-provider (the sign-in tests' OpenID
/// provider), exactly as package-lock.json says.
fn npm_packages() -> Result<(), String> {
    let root = root();
    let lock = root.join("package-lock.json");
    let installed = root.join("node_modules/.package-lock.json");
    let fresh = modified(&installed).zip(modified(&lock)).is_some_and(|(i, l)| i >= l)
        && root.join("node_modules/.bin/wasm-opt").exists()
        && root.join("node_modules/playwright-core/package.json").exists()
        && root.join("node_modules/oidc-provider/package.json").exists();
    if !fresh {
        eprintln!("xtask: installing npm packages from package-lock.json");
        run(cmd("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"))?;
    }
    // Trunk refuses any other wasm-opt, but say so here, before a long build.
    let trunk_toml =
        std::fs::read_to_string(root.join("Trunk.toml")).map_err(|e| format!("Trunk.toml: {e}"))?;
    let want = versions::trunk_tool_pin(&trunk_toml, "wasm_opt");
    let have = version_of("wasm-opt", &["--version"]).and_then(|l| versions::wasm_opt_version(&l));
    if want != have {
        return Err(format!("wasm-opt on the tool PATH is {have:?}, Trunk.toml pins {want:?}"));
    }
    Ok(())
}

fn modified(p: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

fn chromium() -> Result<(), String> {
    let present = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !present {
        if !is_root() {
            return Err(format!(
                "Chromium and its driver are missing: install Debian's `chromium` and `chromium-driver` \
                 (sudo apt-get install chromium chromium-driver) so that {CHROMIUM} and {CHROMEDRIVER} exist"
            ));
        }
        eprintln!("xtask: installing chromium and chromium-driver with apt-get");
        run(cmd("apt-get").arg("update").arg("-qq"))?;
        run(cmd("apt-get")
            .args(["install", "-y", "-qq", "chromium", "chromium-driver"])
            .env("DEBIAN_FRONTEND", "noninteractive"))?;
    }
    let browser = version_of(CHROMIUM, &["--version"]).and_then(|v| versions::chrome_major(&v));
    let driver = version_of(CHROMEDRIVER, &["--version"]).and_then(|v| versions::chrome_major(&v));
    if browser != driver {
        return Err(format!(
            "chromium ({browser:?}) and chromedriver ({driver:?}) differ in major version"
        ));
    }
    Ok(())
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

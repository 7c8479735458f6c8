//! Which tool versions the project needs, read from its own files, and how installed tools
//! report theirs. Pure functions: the bootstrap's decisions are tested natively.

/// Trunk 0.22 needs a newer rustc than this project's machines have.
pub const TRUNK_VERSION: &str = "0.21.14";

/// The `version = "…"` of package `name` in a Cargo.lock. `None` when absent or when the lock
/// holds several versions of it (then no single CLI version can match).
pub fn locked_version(cargo_lock: &str, name: &str) -> Option<String> {
    let mut found: Option<String> = None;
    for block in cargo_lock.split("[[package]]").skip(1) {
        let field = |key: &str| {
            block.lines().find_map(|l| {
                let (k, v) = l.split_once('=')?;
                (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
            })
        };
        if field("name").as_deref() == Some(name) {
            let v = field("version")?;
            if found.as_ref().is_some_and(|f| *f != v) {
                return None;
            }
            found = Some(v);
        }
    }
    found
}

/// A `[tools]` pin from Trunk.toml, e.g. `wasm_bindgen = "0.2.130"`.
pub fn trunk_tool_pin(trunk_toml: &str, key: &str) -> Option<String> {
    let mut in_tools = false;
    for line in trunk_toml.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.starts_with('[') {
            in_tools = line == "[tools]";
        } else if in_tools {
            if let Some((k, v)) = line.split_once('=') {
                if k.trim() == key {
                    return Some(v.trim().trim_matches('"').to_string());
                }
            }
        }
    }
    None
}

/// The version word of a `--version` line: `trunk 0.21.14` → `0.21.14`,
/// `wasm-bindgen 0.2.130` → `0.2.130`.
pub fn cli_version(output: &str) -> Option<String> {
    output.split_whitespace().nth(1).map(str::to_string)
}

/// wasm-opt prints `wasm-opt version 132 (version_132)`; Trunk pins it as `version_132`.
pub fn wasm_opt_version(output: &str) -> Option<String> {
    let n = output.split_whitespace().nth(2)?;
    n.chars().all(|c| c.is_ascii_digit()).then(|| format!("version_{n}"))
}

/// The major version of `Chromium 156.0.8078.73 …` or `ChromeDriver 156.0.8078.73 (…)`.
pub fn chrome_major(output: &str) -> Option<u32> {
    output
        .split_whitespace()
        .find(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .and_then(|w| w.split('.').next())
        .and_then(|m| m.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "wasm-bindgen-macro",
]

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.130"
"#;

    #[test]
    fn reads_exact_package_version_from_lock() {
        assert_eq!(locked_version(LOCK, "wasm-bindgen").as_deref(), Some("0.2.130"));
        assert_eq!(locked_version(LOCK, "wasm-bindgen-macro").as_deref(), Some("0.2.130"));
        assert_eq!(locked_version(LOCK, "wasm-bindgen-test"), None);
    }

    #[test]
    fn two_locked_versions_are_ambiguous() {
        let two = format!("{LOCK}\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.99\"\n");
        assert_eq!(locked_version(&two, "wasm-bindgen"), None);
    }

    #[test]
    fn parses_tool_version_lines() {
        assert_eq!(cli_version("trunk 0.21.14\n").as_deref(), Some(TRUNK_VERSION));
        assert_eq!(cli_version("wasm-bindgen 0.2.130").as_deref(), Some("0.2.130"));
        assert_eq!(cli_version(""), None);
        assert_eq!(
            wasm_opt_version("wasm-opt version 132 (version_132)").as_deref(),
            Some("version_132")
        );
        assert_eq!(wasm_opt_version("wasm-opt version 108").as_deref(), Some("version_108"));
        assert_eq!(wasm_opt_version("garbage"), None);
        assert_eq!(chrome_major("Chromium 156.0.8078.73 built on Debian"), Some(156));
        assert_eq!(
            chrome_major("ChromeDriver 156.0.8078.73 (abc-refs/branch-heads/1@{#1})"),
            Some(156)
        );
    }

    #[test]
    fn reads_trunk_tool_pins() {
        let t = "[build]\nwasm_bindgen = \"no\"\n[tools]\nwasm_bindgen = \"0.2.130\" # pinned\nwasm_opt = \"version_132\"\n";
        assert_eq!(trunk_tool_pin(t, "wasm_bindgen").as_deref(), Some("0.2.130"));
        assert_eq!(trunk_tool_pin(t, "wasm_opt").as_deref(), Some("version_132"));
        assert_eq!(trunk_tool_pin(t, "sass"), None);
    }

    /// The project's own files agree: Trunk.toml pins the wasm-bindgen that Cargo.lock holds,
    /// and the wasm-opt that package-lock.json installs.
    #[test]
    fn project_pins_agree_with_lockfiles() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let read = |f: &str| std::fs::read_to_string(root.join(f)).unwrap();
        let trunk = read("Trunk.toml");
        assert_eq!(
            trunk_tool_pin(&trunk, "wasm_bindgen"),
            locked_version(&read("Cargo.lock"), "wasm-bindgen"),
            "Trunk.toml [tools] wasm_bindgen must equal Cargo.lock's wasm-bindgen"
        );
        let npm_lock = read("package-lock.json");
        let binaryen = npm_lock
            .split("\"node_modules/binaryen\"")
            .nth(1)
            .and_then(|s| s.split("\"version\": \"").nth(1))
            .and_then(|s| s.split('.').next())
            .expect("binaryen in package-lock.json");
        assert_eq!(trunk_tool_pin(&trunk, "wasm_opt"), Some(format!("version_{binaryen}")));
        assert!(trunk.contains(&format!("trunk-version = \"^{TRUNK_VERSION}\"")));
    }
}

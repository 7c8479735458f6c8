//! Tidy: the invariants of ARCHITECTURE.md that a reader would otherwise have to trust,
//! checked over the source text (the rust-analyzer way: `cargo test` fails, naming file and
//! line, when a layer reaches into another it may not touch).

use std::path::{Path, PathBuf};

use crate::cmd::root;

/// Every Rust source file of the workspace, relative to the root, with its text.
fn sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if p.is_dir() {
                if !matches!(name.as_str(), "target" | "node_modules" | "dist" | ".git") {
                    walk(&p, out);
                }
            } else if name.ends_with(".rs") {
                out.push(p);
            }
        }
    }
    let root = root();
    let mut files = Vec::new();
    for top in ["src", "crates", "xtask", "tests", "bench", "build.rs"] {
        let p = root.join(top);
        if p.is_file() {
            files.push(p);
        } else {
            walk(&p, &mut files);
        }
    }
    files.sort();
    files
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            let rel = p.strip_prefix(&root).ok()?.to_string_lossy().replace('\\', "/");
            Some((rel, text))
        })
        .collect()
}

/// Lines of code (comments and the test module at the file's end left out) that contain
/// `needle`, as `file:line: text`. Tests may reach across layers to fake one.
fn uses(files: &[(String, String)], scope: impl Fn(&str) -> bool, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (path, text) in files.iter().filter(|(p, _)| scope(p)) {
        let code_lines =
            text.lines().take_while(|l| !(l.starts_with("#[cfg(") && l.contains("test")));
        for (i, line) in code_lines.enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            if code.contains(needle) {
                found.push(format!("{path}:{}: {}", i + 1, code));
            }
        }
    }
    found
}

/// A layer and what it may not mention, with the reason shown when it does.
struct Rule {
    layer: &'static str,
    scope: fn(&str) -> bool,
    forbidden: &'static [&'static str],
    why: &'static str,
}

fn pages_and_components(p: &str) -> bool {
    p.starts_with("src/pages/") || p.starts_with("src/components/")
}

fn domain(p: &str) -> bool {
    ["src/purchase/", "src/orders/", "src/billing/", "src/auth/", "src/pricing/"]
        .iter()
        .any(|d| p.starts_with(d))
        // The price worker's page side starts a Web Worker: the one browser-bound file there.
        && p != "src/pricing/worker.rs"
}

fn not_storage(p: &str) -> bool {
    p.starts_with("src/") && p != "src/storage.rs"
}

fn not_api(p: &str) -> bool {
    p.starts_with("src/") && !p.starts_with("src/api/")
}

fn rules_crate(p: &str) -> bool {
    p.starts_with("crates/rules/src/") && !p.starts_with("crates/rules/src/bin/")
}

fn pure_sandbox(p: &str) -> bool {
    p.starts_with("crates/sandbox/src/")
        && !p.starts_with("crates/sandbox/src/bin/")
        && !["crates/sandbox/src/sqlite.rs", "crates/sandbox/src/loopback.rs"].contains(&p)
}

fn partner_center(p: &str) -> bool {
    p.starts_with("crates/partner-center/src/")
}

const RULES: &[Rule] = &[
    Rule {
        layer: "pages and components",
        scope: pages_and_components,
        forbidden: &[
            "api::paging",
            "api::transport",
            "NextPage",
            "Transport",
            "storage::",
            "new_uuid",
            "ContinuationToken",
            "pc::headers",
            "Request::new",
        ],
        why: "components render and dispatch: requests, paging, request ids and storage belong to \
              api/, the domain modules and storage.rs",
    },
    Rule {
        layer: "the domain modules (purchase, orders, billing, auth, pricing)",
        scope: domain,
        forbidden: &["leptos", "web_sys::", "Transport", "pc::headers"],
        why: "the domain is plain Rust, tested natively; it talks to the service through api::Client",
    },
    Rule {
        layer: "the app outside storage.rs",
        scope: not_storage,
        forbidden: &["local_storage", "localStorage", "web_sys::Storage", "session_storage"],
        why: "storage.rs is the only module that touches browser storage (fallible writes, \
              discard-with-notice, other tabs)",
    },
    Rule {
        layer: "the app outside api/",
        scope: not_api,
        forbidden: &["gloo_net", "MS-RequestId", "MS-CorrelationId", "X-Locale", "pc::headers"],
        why: "only api/ knows headers, paging and transports",
    },
    Rule {
        layer: "the rules crate (its CLI aside)",
        scope: rules_crate,
        forbidden: &["std::fs", "std::net", "std::io", "std::env", "SystemTime", "Instant::now"],
        why: "the rules crate has no I/O and no clock: it is compiled into the page, the sandbox and \
              the CLI alike",
    },
    Rule {
        layer: "the sandbox's handler",
        scope: pure_sandbox,
        forbidden: &["std::fs", "std::net", "tokio", "SystemTime", "Instant::now", "rusqlite"],
        why: "the handler is pure: request and clock in, response out; I/O is the server's",
    },
    Rule {
        layer: "the partner-center crate",
        scope: partner_center,
        forbidden: &["std::fs", "std::net", "std::io", "SystemTime", "procura_sandbox"],
        why: "the contract's types and paths only: no I/O",
    },
];

#[test]
fn layers_keep_to_their_side() {
    let files = sources();
    assert!(files.len() > 50, "the sources were not found ({} files)", files.len());
    let mut broken = Vec::new();
    for rule in RULES {
        for needle in rule.forbidden {
            for hit in uses(&files, rule.scope, needle) {
                broken.push(format!(
                    "{hit}\n    {} may not use `{needle}`: {}",
                    rule.layer, rule.why
                ));
            }
        }
    }
    assert!(broken.is_empty(), "layering broken:\n{}", broken.join("\n"));
}

#[test]
fn every_source_file_says_what_it_is() {
    let missing: Vec<String> = sources()
        .into_iter()
        .filter(|(_, text)| !text.trim_start().starts_with("//!"))
        .map(|(p, _)| p)
        .collect();
    assert!(
        missing.is_empty(),
        "these files do not open with a `//!` line:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_checks_find_what_they_look_for() {
    let files = vec![
        (
            "src/pages/x.rs".to_string(),
            "use crate::api::paging::NextPage;\n// new_uuid in a comment\n".to_string(),
        ),
        ("src/purchase/y.rs".to_string(), "fn f() { crate::browser::new_uuid(); }".to_string()),
        (
            "src/purchase/z.rs".to_string(),
            "fn g() {}\n#[cfg(test)]\nmod tests { use leptos; }".to_string(),
        ),
    ];
    assert_eq!(uses(&files, pages_and_components, "NextPage").len(), 1);
    assert!(uses(&files, pages_and_components, "new_uuid").is_empty(), "comments are not code");
    assert!(uses(&files, domain, "new_uuid").len() == 1);
    assert!(uses(&files, domain, "leptos").is_empty(), "test modules may fake other layers");
    assert!(
        !pure_sandbox("crates/sandbox/src/sqlite.rs")
            && pure_sandbox("crates/sandbox/src/carts.rs")
    );
}

//! The fields the reference pages document (docs/reference/partner-center): a field counts as
//! documented when a table's first column or a JSON example in any page names it. Used to
//! check that the sandbox sends nothing the service does not.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde_json::Value;

/// Keys whose values are data maps (their keys are data, not fields).
const DATA_MAPS: [&str; 4] = ["provisioningcontext", "dynamicattributes", "properties", "headers"];

pub fn pages() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/reference/partner-center");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .filter(|p| !p.ends_with("README.md"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

fn is_field(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Every documented field name, lower-cased.
pub fn fields() -> &'static BTreeSet<String> {
    static FIELDS: OnceLock<BTreeSet<String>> = OnceLock::new();
    FIELDS.get_or_init(|| {
        let mut set = BTreeSet::new();
        for (_, text) in pages() {
            for line in text.lines() {
                // A table row: its first cell names a property.
                if let Some(row) = line.trim().strip_prefix('|') {
                    let cell = row.split('|').next().unwrap_or("");
                    let cell = cell.trim().trim_matches(|c| c == '*' || c == '`').trim();
                    if is_field(cell) {
                        set.insert(cell.to_ascii_lowercase());
                    }
                }
                // A JSON key in an example: "name" followed by a colon.
                let mut rest = line;
                while let Some(start) = rest.find('"') {
                    let after = &rest[start + 1..];
                    let Some(end) = after.find('"') else { break };
                    let (key, tail) = (&after[..end], &after[end + 1..]);
                    if tail.trim_start().starts_with(':') && is_field(key) {
                        set.insert(key.to_ascii_lowercase());
                    }
                    rest = tail;
                }
            }
        }
        set
    })
}

/// The paths (`a.b[0].c`) of the fields in `v` no page documents.
pub fn undocumented(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk(v, "", &mut out);
    out
}

fn walk(v: &Value, path: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let here = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                let key = k.to_ascii_lowercase();
                if !fields().contains(&key) {
                    out.push(here.clone());
                }
                if !DATA_MAPS.contains(&key.as_str()) {
                    walk(child, &here, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

//! Where a wasm module's bytes go, per crate: each function body's size, attributed to the
//! crate its (demangled) name starts with, and the data segments as one item. Read from the
//! names-kept build cargo leaves in `target/` before wasm-opt, so the figures are shares of
//! the unoptimised module; wasm-opt shrinks each share roughly alike. (twiggy's `top` gives
//! the per-function list; the grouping by crate is what the budget needs, so this reads the
//! module with wasmparser directly rather than installing another tool.)

use std::collections::HashMap;
use std::path::Path;

use wasmparser::{KnownCustom, Name, Parser, Payload};

/// The crate a demangled symbol belongs to: its first path segment, looking through the
/// `<T as Trait>` and `core::ptr::drop_in_place<T>` wrappers that monomorphization adds, so
/// a generic instantiated for the app's type is charged to the crate that owns the type.
pub fn crate_of(symbol: &str) -> String {
    let mut s = symbol.trim_start_matches(['<', '&', '*', ' ']);
    for wrapper in ["core::ptr::drop_in_place<", "mut ", "const ", "dyn "] {
        if let Some(rest) = s.strip_prefix(wrapper) {
            s = rest.trim_start_matches(['<', '&', '*', ' ', '[', '(']);
        }
    }
    // `<(A, B) as tachys::view::Render>::build`: a tuple or slice has no crate; the trait's
    // crate wrote the code.
    if s.starts_with(['(', '[']) {
        if let Some(at) = s.find(" as ") {
            s = &s[at + 4..];
        }
    }
    let end = s.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(s.len());
    let name = &s[..end];
    if !name.is_empty() && s[end..].starts_with("::") {
        return name.to_string();
    }
    // `<T as tachys::…::IntoAny>::into_any::build`, `<f64 as core::str::FromStr>`: a generic
    // parameter or a primitive; the trait's crate is charged.
    if let Some(at) = s.find(" as ") {
        return crate_of(&s[at + 4..]);
    }
    // `<str>::to_lowercase`: inherent methods of primitives live in core and alloc.
    let primitive = [
        "str", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128",
        "isize", "f32", "f64", "char", "bool",
    ];
    if primitive.contains(&name) {
        return "core".into();
    }
    "(other)".into()
}

/// Bytes per crate (and `(data)` for data segments), largest first, and their sum (code and
/// data: what remains once names and debug sections are stripped).
pub fn by_crate(wasm: &[u8]) -> Result<(Vec<(String, u64)>, u64), String> {
    let mut bodies: Vec<(u32, u64)> = Vec::new();
    let mut names: HashMap<u32, String> = HashMap::new();
    let mut imported = 0u32;
    let mut data = 0u64;
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(|e| e.to_string())? {
            Payload::ImportSection(imports) => {
                for import in imports.into_imports() {
                    if matches!(import.map_err(|e| e.to_string())?.ty, wasmparser::TypeRef::Func(_))
                    {
                        imported += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                let index = imported + u32::try_from(bodies.len()).unwrap_or(u32::MAX);
                bodies.push((index, body.range().len() as u64));
            }
            Payload::DataSection(section) => data += section.range().len() as u64,
            Payload::CustomSection(custom) => {
                if let KnownCustom::Name(reader) = custom.as_known() {
                    for name in reader.into_iter().flatten() {
                        if let Name::Function(map) = name {
                            for naming in map.into_iter().flatten() {
                                let demangled = rustc_demangle::demangle(naming.name);
                                names.insert(naming.index, format!("{demangled:#}"));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let mut per: HashMap<String, u64> = HashMap::new();
    for (index, size) in &bodies {
        let krate = names.get(index).map_or_else(|| "(unnamed)".to_string(), |n| crate_of(n));
        *per.entry(krate).or_default() += size;
    }
    per.insert("(data)".into(), data);
    let code: u64 = bodies.iter().map(|(_, size)| size).sum();
    let mut list: Vec<(String, u64)> = per.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    // The shares are of what ships: code and data, not the names or debug sections that
    // only this build keeps.
    Ok((list, code + data))
}

/// Prints the `top` crates of the module at `path`, each with its share.
pub fn report(label: &str, path: &Path, top: usize) -> Result<(), String> {
    let wasm = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (list, total) = by_crate(&wasm)?;
    println!(
        "size attribution {label} (names-kept build, before wasm-opt): {total} bytes of code and data"
    );
    for (name, bytes) in list.iter().take(top) {
        #[allow(clippy::cast_precision_loss, reason = "a percentage")]
        let share = *bytes as f64 * 100.0 / total.max(1) as f64;
        println!("  {name:<28} {bytes:>9} bytes  {share:>5.1}%");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::crate_of;

    #[test]
    fn symbols_are_charged_to_the_crate_that_owns_them() {
        assert_eq!(crate_of("procura::pages::cart::CartPage"), "procura");
        assert_eq!(crate_of("<leptos::view::View<T> as tachys::Render>::build"), "leptos");
        assert_eq!(crate_of("core::ptr::drop_in_place<procura::state::Purchase>"), "procura");
        assert_eq!(crate_of("serde_json::de::from_str"), "serde_json");
        assert_eq!(crate_of("<&mut serde_json::Serializer as x>::f"), "serde_json");
        assert_eq!(crate_of("<(A, B) as tachys::view::Render>::build"), "tachys");
        assert_eq!(crate_of("<T as tachys::view::any_view::IntoAny>::into_any"), "tachys");
        assert_eq!(crate_of("<str>::to_lowercase"), "core");
        assert_eq!(crate_of("memcpy"), "(other)");
    }
}

//! Fills `{name}` placeholders in a message.

/// Replaces each `{name}` with its value; unknown placeholders stay as they are, so a
/// message never loses text. Values are inserted verbatim (the view escapes them).
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn fills_known_and_keeps_unknown_placeholders() {
        assert_eq!(fill("Live: {host}", &[("host", "a.example")]), "Live: a.example");
        assert_eq!(fill("{a}{b}{a}", &[("a", "1"), ("b", "2")]), "121");
        assert_eq!(fill("x {missing} y", &[]), "x {missing} y");
        assert_eq!(fill("open { brace", &[("x", "1")]), "open { brace");
        assert_eq!(fill("value {v}", &[("v", "{v}")]), "value {v}");
    }
}

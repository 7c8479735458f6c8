//! The sandbox against the reference pages (docs/reference/partner-center): every request
//! example in them is understood, and the fields they document are what the contract suite's
//! responses are checked against (`support::documented`, applied to every in-process answer).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]

use procura_partner_center::http::Request;

mod support;
use support::documented;
use support::World;

const JP: &str = "c0a80101-0000-4000-8000-000000000001";

/// A request example: method, path below `/v1`, and its JSON body if it has one.
struct Example {
    page: String,
    method: String,
    path: String,
    body: Option<String>,
}

fn fenced_blocks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            match current.take() {
                Some(lines) => out.push(lines.join("\n")),
                None => current = Some(Vec::new()),
            }
        } else if let Some(lines) = current.as_mut() {
            lines.push(line);
        }
    }
    out
}

fn examples() -> Vec<Example> {
    let mut out = Vec::new();
    for (page, text) in documented::pages() {
        let blocks = fenced_blocks(&text);
        for (i, block) in blocks.iter().enumerate() {
            let Some(first) = block.lines().map(str::trim).find(|l| !l.is_empty()) else {
                continue;
            };
            let mut words = first.split_whitespace();
            let (Some(method), Some(url)) = (words.next(), words.next()) else { continue };
            if !["GET", "POST", "PUT", "PATCH"].contains(&method) {
                continue;
            }
            let Some(at) = url.find("/v1/") else { continue };
            let path = url[at + 3..].replace("//", "/");
            // The body: JSON in the same block after the headers, or the next block.
            let inline = block.find("\n{").map(|s| block[s + 1..].to_string());
            let next = blocks.get(i + 1).filter(|b| b.trim_start().starts_with('{')).cloned();
            let body = inline.or(if method == "GET" { None } else { next });
            out.push(Example { page: page.clone(), method: method.into(), path, body });
        }
    }
    out
}

fn strip_comments(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start..].find("*/").map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    out
}

/// The docs' placeholders and foreign ids, made the seeded customer's.
fn localize(path: &str) -> String {
    let mut segments: Vec<String> = path.split('/').map(str::to_string).collect();
    for i in 1..segments.len() {
        if segments[i - 1].eq_ignore_ascii_case("customers") {
            segments[i] = JP.into();
        }
    }
    segments.join("/")
}

#[test]
fn the_pages_document_what_the_service_sends_and_not_what_only_the_sandbox_did() {
    let f = documented::fields();
    for known in ["catalogitemid", "extendedprice", "partneridonrecord", "renewsto", "expirydate"] {
        assert!(f.contains(known), "{known}");
    }
    for invented in ["sandboxunitprice", "rule", "scope_type_sandbox"] {
        assert!(!f.contains(invented), "{invented}");
    }
}

#[test]
fn every_request_example_in_the_pages_is_understood() {
    let all = examples();
    let mut w = World::in_process();
    let mut refused = Vec::new();
    let mut with_body = 0;
    for e in &all {
        let path = localize(&e.path);
        let (path, query) = path.split_once('?').unwrap_or((&path, ""));
        let mut req = Request::new(&e.method, &format!("/v1{path}")).bearer(support::SAKURA);
        req.query = query.to_string();
        if let Some(body) = &e.body {
            with_body += 1;
            // Example bodies are JSON, annotated in places with the docs' `/* ... */`
            // comments and typographic quotes.
            let body = strip_comments(&body.replace(['“', '”'], "\""));
            req = req.header("Content-Type", "application/json");
            req.body = body.into_bytes();
        }
        let r = w.send(req);
        let text = String::from_utf8_lossy(&r.body).to_string();
        // Understood: not a body it could not read, not a route it does not have, no fault.
        // A business refusal (an unknown id, a rule) is an answer, not a misunderstanding.
        let unread = r.status == 400 && text.contains("request body is not");
        let unrouted = r.status == 404 && text.contains("No resource at");
        if unread || unrouted || r.status >= 500 {
            refused.push(format!("{} {} {}: {} {text}", e.page, e.method, e.path, r.status));
        }
    }
    println!(
        "conformance: {} request examples in {} pages ({with_body} with a body), {} understood; {} responses checked against {} documented fields",
        all.len(),
        documented::pages().len(),
        all.len() - refused.len(),
        support::CHECKED.load(std::sync::atomic::Ordering::Relaxed),
        documented::fields().len()
    );
    assert!(all.len() >= 30, "the pages' examples were found: {}", all.len());
    assert!(refused.is_empty(), "not understood:\n{}", refused.join("\n"));
}

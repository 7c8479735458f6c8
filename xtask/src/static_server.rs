//! A minimal static file server for `dist/`, as a static host would serve it: correct MIME
//! types (wasm streaming compilation needs `application/wasm`), and the SPA fallback to
//! index.html for paths without a file extension. Loopback only; for tests and benchmarks.
//! Any origin may read what it serves: the browser tests start the built site's workers from
//! the wasm test runner's page, another origin (which sends COEP `require-corp`, hence CORP).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

pub struct Server {
    pub url: String,
}

/// Serves `dir` on 127.0.0.1 (port 0 = any free port) from a background thread for the
/// rest of the process.
pub fn start(dir: &Path, port: u16) -> std::io::Result<Server> {
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    let url = format!("http://{}", listener.local_addr()?);
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let _ = handle(stream, &dir);
            });
        }
    });
    Ok(Server { url })
}

/// The port the browser tests' workers are served from: fixed, because the address is
/// compiled into the tests (`PROCURA_WORKERS_AT`) and a new one would rebuild them.
pub const WORKERS_PORT: u16 = 47_611;

/// `dist/` served for the browser tests' workers, on [`WORKERS_PORT`] when it is free.
pub fn start_for_workers(dist: &Path) -> std::io::Result<Server> {
    start(dist, WORKERS_PORT).or_else(|_| start(dist, 0))
}

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "ico" => "image/x-icon",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

/// The file a request path names, refusing anything that climbs out of `dir`.
pub fn resolve(dir: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("/");
    let rel = Path::new(path.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let file = dir.join(rel);
    if file.is_file() {
        return Some(file);
    }
    // Client-side routes (/orders, /settings) get the app; missing assets stay 404.
    (rel.extension().is_none()).then(|| dir.join("index.html"))
}

fn handle(stream: TcpStream, dir: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain headers.
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let mut out = stream;
    if method != "GET" && method != "HEAD" {
        return out.write_all(
            b"HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
        );
    }
    match resolve(dir, target).and_then(|f| std::fs::read(&f).ok().map(|b| (f, b))) {
        Some((file, body)) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: {}\r\ncontent-length: {}\r\ncache-control: no-cache\r\naccess-control-allow-origin: *\r\ncross-origin-resource-policy: cross-origin\r\nconnection: close\r\n\r\n",
                mime(&file),
                body.len()
            );
            out.write_all(head.as_bytes())?;
            if method == "GET" {
                out.write_all(&body)?;
            }
            Ok(())
        }
        None => out
            .write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_files_routes_and_refuses_escapes() {
        let dir = std::env::temp_dir().join(format!("xtask-static-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "i").unwrap();
        std::fs::write(dir.join("app.wasm"), "w").unwrap();
        assert_eq!(resolve(&dir, "/app.wasm?x=1"), Some(dir.join("app.wasm")));
        assert_eq!(resolve(&dir, "/orders/123"), Some(dir.join("index.html")));
        assert_eq!(resolve(&dir, "/"), Some(dir.join("index.html")));
        assert_eq!(resolve(&dir, "/missing.js"), None);
        assert_eq!(resolve(&dir, "/../etc/passwd"), None);
        assert_eq!(resolve(&dir, "/a/../../x"), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

//! The built site: files from `dist/` (precompressed `.br`/`.gz` beside them served by
//! `Accept-Encoding`), an app route answered with `index.html`, cache lifetimes by whether a
//! name is content-hashed, and the security headers every answer carries.

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// Trunk names what it fingerprints `name-<hash>.ext` (the wasm `name-<hash>_bg.wasm`), the
/// hash a 64-bit number in hex without leading zeros (so 16 digits, sometimes fewer); those
/// files never change under a name.
pub fn is_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.split('.').next().unwrap_or(file);
    stem.rsplit_once('-').is_some_and(|(_, h)| {
        let digits = h.bytes().take_while(u8::is_ascii_hexdigit).count();
        let rest = &h[digits..];
        (8..=16).contains(&digits) && (rest.is_empty() || rest == "_bg")
    })
}

/// A path the app's router answers (no file extension): served `index.html`.
fn is_app_route(path: &str) -> bool {
    !path.rsplit('/').next().unwrap_or("").contains('.')
}

/// The built site's files, set up once and cloned into each request.
#[derive(Clone)]
pub struct Site {
    files: ServeDir,
    index: ServeFile,
}

impl Site {
    pub fn new(dir: &std::path::Path) -> Site {
        Site {
            files: ServeDir::new(dir).precompressed_br().precompressed_gzip(),
            index: ServeFile::new(dir.join("index.html")).precompressed_br().precompressed_gzip(),
        }
    }
}

pub async fn serve(Site { files, index }: Site, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let (parts, body) = req.into_parts();
    let mut answer = match files.oneshot(Request::from_parts(parts.clone(), body)).await {
        Ok(r) if r.status() == StatusCode::NOT_FOUND && is_app_route(&path) => {
            match index.oneshot(Request::from_parts(parts, axum::body::Body::empty())).await {
                Ok(r) => r.map(axum::body::Body::new),
                Err(never) => match never {},
            }
        }
        Ok(r) => r.map(axum::body::Body::new),
        Err(never) => match never {},
    };
    let cache = if answer.status().is_success() && is_hashed(&path) {
        "public, max-age=31536000, immutable"
    } else {
        // index.html, config.json, and any file Trunk does not fingerprint (worker scripts).
        "no-cache"
    };
    answer.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    answer
}

/// The page's policy: its own origin, and the sign-in authority for token requests.
/// `frame-ancestors` can only be sent as a header (a `<meta>` policy ignores it).
pub fn content_security_policy(authority: Option<&str>) -> String {
    let extra = authority.map(|a| format!(" {a}")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'{extra}; object-src 'none'; \
         base-uri 'self'; form-action 'self'{extra}; frame-ancestors 'none'"
    )
}

/// Adds the security headers to every answer, HSTS when the site is reached over TLS.
pub async fn security_headers(
    csp: HeaderValue,
    tls_origin: bool,
    req: Request,
    next: Next,
) -> Response {
    let forwarded_tls = req
        .headers()
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"));
    let mut r = next.run(req).await;
    let h = r.headers_mut();
    procura_serve::page_headers(h, csp);
    if tls_origin || forwarded_tls {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_fingerprints_are_recognized() {
        assert!(is_hashed("/procura-b18cc2405650d67b_bg.wasm"));
        assert!(is_hashed("/procura-b18cc2405650d67b.js"));
        assert!(is_hashed("/main-4a52145d101262e0.css"));
        assert!(is_hashed("/procura-a646239246e24f0_bg.wasm"), "15 digits: a leading zero");
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/config.json"));
        assert!(!is_hashed("/boot.js"));
        assert!(!is_hashed("/worker-abc.js"));
    }

    #[test]
    fn the_policy_names_the_authority_and_forbids_framing() {
        let p = content_security_policy(Some("https://login.microsoftonline.com"));
        assert!(p.contains("connect-src 'self' https://login.microsoftonline.com;"));
        assert!(p.contains("frame-ancestors 'none'"));
        assert!(content_security_policy(None).contains("connect-src 'self';"));
    }
}

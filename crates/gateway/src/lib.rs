//! `procura-gateway`: serves Procura's built site and forwards `/v1/...` to Partner Center,
//! so the app and the API share one origin (Partner Center does not serve browsers across
//! origins). It adds the page's security headers, bounds every exchange in time and size,
//! and logs one line per request that never holds a token, a query string or a body.

pub mod config;
pub mod proxy;
pub mod site;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{any, get};
use axum::Router;
use tower_http::limit::RequestBodyLimitLayer;

pub use config::Config;

/// Where the access log goes: standard error, or a buffer in tests.
pub type LogSink = Arc<Mutex<dyn Write + Send>>;

pub struct Shared {
    pub config: Config,
    pub client: reqwest::Client,
    log: LogSink,
}

/// The upstream client: no redirects followed (Partner Center's answers pass as they are),
/// the total timeout over the whole exchange.
fn client(config: &Config) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(config.upstream_timeout())
        .timeout(config.total_timeout())
        .build()
        .map_err(|e| format!("cannot build the upstream client: {e}"))
}

/// The gateway's routes and layers.
pub fn app(config: Config, log: LogSink) -> Result<Router, String> {
    let csp = site::content_security_policy(config.authority_origin().as_deref());
    let csp = HeaderValue::from_str(&csp).map_err(|e| format!("bad policy: {e}"))?;
    let tls_origin = config.public_origin.as_deref().is_some_and(|o| o.starts_with("https://"));
    let shared = Arc::new(Shared { client: client(&config)?, config, log });
    let site = site::Site::new(&shared.config.static_dir);
    let api = Router::new()
        .route("/v1/{*rest}", any(proxy::forward))
        .route("/v1.0/{*rest}", any(proxy::forward_partner_api))
        .layer(RequestBodyLimitLayer::new(shared.config.body_limit));
    Ok(Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .merge(api)
        .fallback(move |req: Request| site::serve(site.clone(), req))
        .layer(middleware::from_fn(move |req, next| {
            site::security_headers(csp.clone(), tls_origin, req, next)
        }))
        .layer(middleware::from_fn_with_state(shared.clone(), access_log))
        .with_state(shared))
}

/// One line per request: method, path (no query: a sign-in redirect's carries a code),
/// status, milliseconds. No header and no body is ever written.
async fn access_log(
    axum::extract::State(shared): axum::extract::State<Arc<Shared>>,
    req: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let (method, path) = (req.method().clone(), req.uri().path().to_string());
    let r = next.run(req).await;
    let status = r.status();
    if let Ok(mut log) = shared.log.lock() {
        let _ = writeln!(
            log,
            "{method} {} {} {}ms",
            printable(&path),
            status.as_u16(),
            started.elapsed().as_millis()
        );
    }
    r
}

/// A path as it may be logged: printable ASCII only, bounded.
fn printable(path: &str) -> String {
    path.chars().take(200).map(|c| if c.is_ascii_graphic() { c } else { '?' }).collect()
}

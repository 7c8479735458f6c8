//! `procura-sandbox --listen 127.0.0.1:PORT --db PATH [--static DIR] [--order-list-delay SECONDS]
//! [--trust-issuer URL]`
//!
//! The Partner-Center-compatible sandbox over HTTP, with SQLite. Serves `/v1/...` and
//! `/sandbox/partners`, and the built app from `--static`. Prints `listening on http://ADDR`
//! once bound; stops cleanly on SIGINT/SIGTERM.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use procura_partner_center::codes;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::{to_bytes, Body};
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, Method, Request as HttpRequest, StatusCode};
use axum::response::{IntoResponse, Response as HttpResponse};
use axum::Router;
use procura_partner_center::http::{Request, Response};
use procura_sandbox::sqlite::{self, TxStore};
use procura_sandbox::trust::TrustedIssuer;
use procura_sandbox::{Config, Sandbox};
use tower_http::cors::{Any, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};

const MAX_BODY: usize = 1 << 20;

/// A slow or idle client is cut off, the connections served at once are capped (over the cap
/// the next waits in the listen backlog), and a stop lets requests in flight finish.
const LIMITS: procura_serve::Limits = procura_serve::Limits {
    header_read: Duration::from_secs(10),
    max_connections: 1024,
    grace: Duration::from_secs(5),
};
const BODY_READ: Duration = Duration::from_secs(30);

/// The longest `--order-list-delay`: ten years, in seconds.
const MAX_DELAY_S: i64 = 10 * 365 * 86_400;

struct Args {
    listen: SocketAddr,
    db: String,
    static_dir: Option<String>,
    order_list_delay_s: Option<i64>,
    rate_limit: Option<u32>,
    no_sandbox_limits: bool,
    refuse_second_checkout: bool,
    test_clock: bool,
    test_faults: bool,
    trust_issuer: Option<String>,
    trust_audience: String,
}

fn parse_args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let (mut listen, mut db, mut static_dir, mut delay, mut rate) = (None, None, None, None, None);
    let mut no_limits = false;
    let mut refuse_second_checkout = false;
    let mut test_clock = false;
    let mut test_faults = false;
    let mut trust_issuer = None;
    let mut trust_audience = PARTNER_CENTER_AUDIENCE.to_string();
    while let Some(a) = it.next() {
        let mut val = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--listen" => {
                listen = Some(val("--listen")?.parse().map_err(|e| format!("--listen: {e}"))?)
            }
            "--db" => db = Some(val("--db")?),
            "--static" => static_dir = Some(val("--static")?),
            "--order-list-delay" => {
                let s: i64 = val("--order-list-delay")?
                    .parse()
                    .map_err(|e| format!("--order-list-delay: {e}"))?;
                if !(0..=MAX_DELAY_S).contains(&s) {
                    return Err(format!("--order-list-delay: 0 to {MAX_DELAY_S} seconds"));
                }
                delay = Some(s)
            }
            // For load tests only: Partner Center's own limit is 500.
            "--order-rate-limit" => {
                rate = Some(
                    val("--order-rate-limit")?
                        .parse()
                        .map_err(|e| format!("--order-rate-limit: {e}"))?,
                )
            }
            "--no-sandbox-limits" => no_limits = true,
            // The other documented answer to a second checkout (800065), for client tests.
            "--refuse-second-checkout" => refuse_second_checkout = true,
            // Tests only: `POST /sandbox/clock?advanceMs=N` moves the sandbox's clock forward.
            "--test-clock" => test_clock = true,
            "--test-faults" => test_faults = true,
            // Also accept access tokens this OpenID provider issues (JWTs; `tid` = partner).
            "--trust-issuer" => trust_issuer = Some(val("--trust-issuer")?),
            "--trust-audience" => trust_audience = val("--trust-audience")?,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(Args {
        listen: listen.ok_or("--listen is required")?,
        db: db.ok_or("--db is required")?,
        static_dir,
        order_list_delay_s: delay,
        rate_limit: rate,
        no_sandbox_limits: no_limits,
        refuse_second_checkout,
        test_clock,
        test_faults,
        trust_issuer,
        trust_audience,
    })
}

/// The audience of Partner Center's access tokens.
const PARTNER_CENTER_AUDIENCE: &str = "https://api.partnercenter.microsoft.com";

/// The issuer's signing keys, from its discovery document (OpenID Connect Discovery 1.0).
async fn trusted_issuer(issuer: &str, audience: &str) -> Result<TrustedIssuer, String> {
    #[derive(serde::Deserialize)]
    struct Discovery {
        issuer: String,
        jwks_uri: String,
    }
    let client = reqwest::Client::new();
    let url = format!("{}/.well-known/openid-configuration", issuer.trim_end_matches('/'));
    let get = |url: String| {
        let client = client.clone();
        async move {
            client
                .get(&url)
                .send()
                .await
                .and_then(|r| r.error_for_status())
                .map_err(|e| format!("{url}: {e}"))
        }
    };
    let d: Discovery = get(url.clone()).await?.json().await.map_err(|e| format!("{url}: {e}"))?;
    if d.issuer.trim_end_matches('/') != issuer.trim_end_matches('/') {
        return Err(format!("{url} names another issuer: {}", d.issuer));
    }
    let keys =
        get(d.jwks_uri.clone()).await?.json().await.map_err(|e| format!("{}: {e}", d.jwks_uri))?;
    Ok(TrustedIssuer::new(d.issuer, audience, keys))
}

struct App {
    sandbox: Sandbox,
    conn: rusqlite::Connection,
    /// Added to the real clock; only `--test-clock` lets it change.
    clock_offset_ms: i64,
    test_clock: bool,
    /// `--test-faults`: the `Procura-Fault` request header makes this response go wrong.
    test_faults: bool,
    throttled_once: std::collections::HashSet<String>,
}

/// A fault a client test asked for, if any: `malformed-json` answers 200 with a body cut
/// short; `throttle-once=KEY` answers 429 (Retry-After: 1) the first time KEY is seen.
fn injected_fault(req: &Request, seen: &mut std::collections::HashSet<String>) -> Option<Response> {
    let fault = req.get_header("Procura-Fault")?.trim().to_string();
    if fault == "malformed-json" {
        let mut r = Response::json(200, &serde_json::json!({}));
        r.body = br#"{"totalCount": 2, "items": [{"id": "#.to_vec();
        return Some(r);
    }
    let key = fault.strip_prefix("throttle-once=")?;
    seen.insert(key.to_string()).then(|| Response::throttled(1))
}

/// One request at a time: the handler and its transaction are short (tens of microseconds).
/// Tokio's mutex, so that a request waiting its turn holds no thread (a std mutex blocked
/// a runtime worker per waiter), and fair: first come, first served.
type Shared = Arc<tokio::sync::Mutex<App>>;

fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// Answers one request: the handler under the lock, in one SQLite transaction. Run on the
/// async worker itself, not `block_in_place`: the work is short (tens of microseconds), and
/// handing the worker's other tasks to a new thread for each request cost more than it.
async fn answer(app: &Shared, sreq: &Request) -> Response {
    let mut guard = app.lock().await;
    let App { sandbox, conn, clock_offset_ms, test_clock, test_faults, throttled_once } =
        &mut *guard;
    if *test_faults {
        if let Some(r) = injected_fault(sreq, throttled_once) {
            return r;
        }
    }
    if *test_clock && sreq.method == "POST" && sreq.path == "/sandbox/clock" {
        let advance =
            sreq.param("advanceMs").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0).max(0);
        // The handler takes clocks up to the year 9000; the offset stays within that.
        *clock_offset_ms = clock_offset_ms.saturating_add(advance).min(procura_sandbox::MAX_NOW_MS);
        return Response::json(200, &serde_json::json!({"offsetMs": *clock_offset_ms}));
    }
    let now = now_ms().saturating_add(*clock_offset_ms);
    let tx = match conn.transaction() {
        Ok(tx) => tx,
        Err(e) => {
            return Response::error(500, codes::SERVICE_ERROR, format!("storage unavailable: {e}"))
        }
    };
    let mut store = TxStore { tx: &tx, failed: None };
    let resp = sandbox.handle(&mut store, sreq, now);
    // A 5xx changed nothing: whatever the request wrote before its fault is rolled back
    // (dropping the transaction does that).
    if resp.status >= 500 {
        return resp;
    }
    match store.failed {
        None => match tx.commit() {
            Ok(()) => resp,
            Err(e) => Response::error(500, codes::SERVICE_ERROR, format!("could not commit: {e}")),
        },
        Some(e) => Response::error(500, codes::SERVICE_ERROR, format!("could not store: {e}")),
    }
}

async fn api(State(app): State<Shared>, req: HttpRequest<Body>) -> HttpResponse {
    let started = Instant::now();
    let (parts, body) = req.into_parts();
    // A client that sends its body slowly is cut off rather than holding a connection.
    let body = match tokio::time::timeout(BODY_READ, to_bytes(body, MAX_BODY)).await {
        Ok(Ok(b)) => b,
        Ok(Err(_)) => {
            return (StatusCode::PAYLOAD_TOO_LARGE, "request body too large").into_response()
        }
        Err(_) => return (StatusCode::REQUEST_TIMEOUT, "request body too slow").into_response(),
    };
    let mut sreq = Request::new(parts.method.as_str(), parts.uri.path());
    sreq.query = parts.uri.query().unwrap_or("").to_string();
    sreq.headers = parts
        .headers
        .iter()
        .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
        .collect();
    sreq.body = body.to_vec();

    let resp = answer(&app, &sreq).await;

    // One log line per request, with its ids; never the Authorization header.
    // Formatted first and written at once: stderr is unbuffered, and a formatted write
    // would be a system call per piece.
    let line = format!(
        "{} {} {} {}ms rid={} cid={}\n",
        sreq.method,
        sreq.path,
        resp.status,
        started.elapsed().as_millis(),
        sreq.get_header("MS-RequestId").unwrap_or("-"),
        sreq.get_header("MS-CorrelationId").unwrap_or("-")
    );
    let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), line.as_bytes());

    let mut out = HttpResponse::new(Body::from(resp.body));
    *out.status_mut() =
        StatusCode::from_u16(resp.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (k, v) in resp.headers {
        if let (Ok(k), Ok(v)) = (HeaderName::try_from(k), HeaderValue::try_from(v)) {
            out.headers_mut().append(k, v);
        }
    }
    out
}

/// `--static`: the app's page must not be framed by another site (clickjacking). Its own
/// policy is `index.html`'s `<meta>`; the header adds only what a `<meta>` cannot say.
async fn site_headers(mut r: HttpResponse) -> HttpResponse {
    let csp = HeaderValue::from_static("frame-ancestors 'none'");
    procura_serve::page_headers(r.headers_mut(), csp);
    r
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    eprintln!("procura-sandbox: stopping");
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("procura-sandbox: {e}");
            }
            eprintln!("usage: procura-sandbox --listen 127.0.0.1:PORT --db PATH [--static DIR] [--order-list-delay SECONDS] [--order-rate-limit PER_MINUTE] [--no-sandbox-limits] [--refuse-second-checkout] [--test-clock] [--test-faults] [--trust-issuer URL [--trust-audience AUD]]");
            return std::process::ExitCode::from(2);
        }
    };
    let conn = match sqlite::open(&args.db) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("procura-sandbox: {}: {e}", args.db);
            return std::process::ExitCode::from(1);
        }
    };
    let mut config = Config::default();
    if let Some(s) = args.order_list_delay_s {
        // Bounded when parsed (MAX_DELAY_S).
        config.order_list_delay_ms = s * 1000;
    }
    config.sandbox_limits = !args.no_sandbox_limits;
    config.refuse_second_checkout = args.refuse_second_checkout;
    if let Some(r) = args.rate_limit {
        config.order_requests_per_minute = r.max(1);
    }
    let mut sandbox = Sandbox::new(config);
    if let Some(issuer) = &args.trust_issuer {
        match trusted_issuer(issuer, &args.trust_audience).await {
            Ok(t) => sandbox = sandbox.with_verifier(Box::new(t)),
            Err(e) => {
                eprintln!("procura-sandbox: --trust-issuer: {e}");
                return std::process::ExitCode::from(1);
            }
        }
    }
    let app: Shared = Arc::new(tokio::sync::Mutex::new(App {
        sandbox,
        conn,
        clock_offset_ms: 0,
        test_clock: args.test_clock,
        test_faults: args.test_faults,
        throttled_once: Default::default(),
    }));

    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::OPTIONS])
        // Mirrored, not `*`: a wildcard does not cover `Authorization` (Fetch spec).
        .allow_headers(tower_http::cors::AllowHeaders::mirror_request())
        .expose_headers(["ms-requestid", "ms-correlationid", "retry-after", "location", "content-disposition"].map(HeaderName::from_static));
    let mut router = Router::new()
        .route("/v1/{*rest}", axum::routing::any(api))
        .route("/v1.0/{*rest}", axum::routing::any(api))
        .route("/sandbox/{*rest}", axum::routing::any(api));
    if let Some(dir) = &args.static_dir {
        let index = std::path::Path::new(dir).join("index.html");
        router = router
            .fallback_service(ServeDir::new(dir).fallback(ServeFile::new(index)))
            .layer(axum::middleware::map_response(site_headers));
    }
    let router = router.layer(cors).with_state(app);

    let listener = match tokio::net::TcpListener::bind(args.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("procura-sandbox: {}: {e}", args.listen);
            return std::process::ExitCode::from(1);
        }
    };
    let addr = listener.local_addr().map(|a| a.to_string()).unwrap_or_default();
    println!("listening on http://{addr}");
    procura_serve::serve(listener, router, LIMITS, shutdown()).await;
    std::process::ExitCode::SUCCESS
}

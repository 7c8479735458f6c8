//! The gateway on loopback in front of a scripted upstream: what passes through untouched,
//! what it adds, and what it does when the upstream or the client is slow.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a panic is the failure report

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use procura_gateway::{app, Config};
use procura_serve as server;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.secret-token-payload.signature";

/// What the scripted upstream answers.
fn upstream() -> Router {
    Router::new()
        // Echoes the headers it was sent; throttles with the documented headers.
        .route(
            "/v1/echo",
            any(|headers: HeaderMap| async move {
                let seen: serde_json::Map<String, serde_json::Value> = headers
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").into()))
                    .collect();
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    [("Retry-After", "7"), ("MS-ContinuationToken", "page-2-token")],
                    serde_json::to_string(&seen).unwrap(),
                )
            }),
        )
        .route(
            "/v1/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_millis(1500)).await;
                "late"
            }),
        )
        // A first chunk at once, the other 3 MB after a pause.
        .route(
            "/v1/stream",
            get(|| async {
                let chunks = futures_util::stream::unfold(0u32, |n| async move {
                    match n {
                        0 => Some((Ok::<_, std::io::Error>(vec![b'['; 1024]), 1)),
                        1..=3 => {
                            tokio::time::sleep(Duration::from_millis(700)).await;
                            Some((Ok(vec![b'x'; 1024 * 1024]), n + 1))
                        }
                        _ => None,
                    }
                });
                Response::new(Body::from_stream(chunks))
            }),
        )
        .route("/v1/ok", any(|| async { "fine" }))
}

async fn listen(router: Router) -> SocketAddr {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, router).await.unwrap() });
    addr
}

/// A built site: index.html, a fingerprinted script with its brotli copy, config.json.
fn site() -> PathBuf {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("procura-gateway-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>Procura</title>").unwrap();
    std::fs::write(dir.join("procura-0123456789abcdef.js"), "console.log(1)").unwrap();
    std::fs::write(dir.join("procura-0123456789abcdef.js.br"), b"\x0b\x06\x80console.log(1)\x03")
        .unwrap();
    std::fs::write(
        dir.join("config.json"),
        r#"{"authority":"https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0","clientId":"x"}"#,
    )
    .unwrap();
    dir
}

struct Gateway {
    url: String,
    log: Arc<Mutex<Vec<u8>>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    done: tokio::task::JoinHandle<()>,
}

impl Gateway {
    fn log_text(&self) -> String {
        String::from_utf8_lossy(&self.log.lock().unwrap()).into_owned()
    }
}

async fn gateway(upstream: &str, tune: impl FnOnce(&mut Config)) -> Gateway {
    let mut config = Config::new(site(), upstream);
    tune(&mut config);
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink: Arc<Mutex<dyn Write + Send>> = log.clone();
    let limits = server::Limits {
        header_read: config.header_timeout(),
        max_connections: config.max_connections,
        grace: config.grace(),
    };
    let router = app(config, sink).unwrap();
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", l.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let done = tokio::spawn(server::serve(l, router, limits, async move {
        let _ = rx.await;
    }));
    Gateway { url, log, stop: Some(tx), done }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

#[tokio::test]
async fn headers_go_through_untouched_and_come_back_as_they_came() {
    let up = listen(upstream()).await;
    let g = gateway(&format!("http://{up}"), |_| {}).await;
    let r = client()
        .get(format!("{}/v1/echo?country=JP&code=abc", g.url))
        .header("Authorization", format!("Bearer {TOKEN}"))
        .header("MS-RequestId", "5f1c9e0a-0000-4000-8000-000000000001")
        .header("MS-CorrelationId", "5f1c9e0a-0000-4000-8000-000000000002")
        .header("MS-Contract-Version", "v1")
        .header("X-Locale", "ja-JP")
        .header("Cookie", "site=1")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "7");
    assert_eq!(r.headers()["ms-continuationtoken"], "page-2-token");
    let seen: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(seen["authorization"], format!("Bearer {TOKEN}"));
    assert_eq!(seen["ms-requestid"], "5f1c9e0a-0000-4000-8000-000000000001");
    assert_eq!(seen["ms-correlationid"], "5f1c9e0a-0000-4000-8000-000000000002");
    assert_eq!(seen["ms-contract-version"], "v1");
    assert_eq!(seen["x-locale"], "ja-JP");
    assert!(seen.get("cookie").is_none(), "the site's cookies stay on the site");
    assert_eq!(seen["host"], up.to_string(), "the upstream is addressed as itself");

    let log = g.log_text();
    assert!(log.contains("GET /v1/echo 429"), "{log}");
    assert!(!log.contains("secret-token"), "no token in the log: {log}");
    assert!(!log.contains("code=abc") && !log.contains("country"), "no query in the log: {log}");
}

#[tokio::test]
async fn a_large_page_is_streamed_as_it_comes_not_buffered() {
    let up = listen(upstream()).await;
    let g = gateway(&format!("http://{up}"), |_| {}).await;
    let started = Instant::now();
    let mut r = client().get(format!("{}/v1/stream", g.url)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let first = r.chunk().await.unwrap().unwrap();
    let first_at = started.elapsed();
    assert!(first.starts_with(b"["));
    let mut total = first.len();
    while let Some(c) = r.chunk().await.unwrap() {
        total += c.len();
    }
    let all_at = started.elapsed();
    assert_eq!(total, 1024 + 3 * 1024 * 1024);
    assert!(
        first_at < Duration::from_millis(1000) && all_at >= Duration::from_millis(2000),
        "the first bytes came at {first_at:?}, all at {all_at:?}"
    );
}

#[tokio::test]
async fn a_slow_upstream_is_a_504_and_an_unreachable_one_a_502_in_partner_centers_shape() {
    let up = listen(upstream()).await;
    let g = gateway(&format!("http://{up}"), |c| c.upstream_timeout_s = 1).await;
    let started = Instant::now();
    let r = client().get(format!("{}/v1/slow", g.url)).send().await.unwrap();
    assert_eq!(r.status(), 504);
    assert!(started.elapsed() < Duration::from_millis(1450));
    let e: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(e["code"], 504);
    assert!(e["description"].as_str().unwrap().contains("did not answer in time"));

    // A port nothing listens on.
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap();
    let g = gateway(&format!("http://{closed}"), |_| {}).await;
    let r = client().get(format!("{}/v1/ok", g.url)).send().await.unwrap();
    assert_eq!(r.status(), 502);
    let e: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(e["code"], 502);
}

#[tokio::test]
async fn a_client_too_slow_with_its_headers_is_cut_off_and_a_large_body_refused() {
    let up = listen(upstream()).await;
    let g = gateway(&format!("http://{up}"), |c| {
        c.header_timeout_s = 1;
        c.body_limit = 64 * 1024;
    })
    .await;
    let addr = g.url.trim_start_matches("http://").to_string();
    let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
    s.write_all(b"GET /v1/ok HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    let started = Instant::now();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut buf)).await;
    assert!(read.is_ok(), "the connection is closed, not left open");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(900) && waited < Duration::from_secs(3), "{waited:?}");
    assert!(
        buf.is_empty() || buf.starts_with(b"HTTP/1.1 408"),
        "{:?}",
        String::from_utf8_lossy(&buf)
    );

    let r = client()
        .post(format!("{}/v1/ok", g.url))
        .body(vec![b'x'; 128 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let r = client().post(format!("{}/v1/ok", g.url)).body("{}").send().await.unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn pages_carry_security_headers_precompressed_bodies_and_cache_lifetimes() {
    let up = listen(upstream()).await;
    let g = gateway(&format!("http://{up}"), |_| {}).await;
    let c = client();
    for path in ["/", "/catalog", "/orders/abc"] {
        let r = c.get(format!("{}{path}", g.url)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        let h = r.headers().clone();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(csp.contains("connect-src 'self' https://login.microsoftonline.com;"), "{csp}");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert_eq!(h["cache-control"], "no-cache");
        assert!(h.get("strict-transport-security").is_none(), "plain http: no HSTS");
        assert!(r.text().await.unwrap().contains("<title>Procura</title>"), "{path}");
    }
    let r = c
        .get(format!("{}/procura-0123456789abcdef.js", g.url))
        .header("Accept-Encoding", "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-encoding"], "br");
    assert_eq!(r.headers()["cache-control"], "public, max-age=31536000, immutable");
    let r = c.get(format!("{}/procura-0123456789abcdef.js", g.url)).send().await.unwrap();
    assert!(r.headers().get("content-encoding").is_none());
    assert_eq!(r.text().await.unwrap(), "console.log(1)");
    let r = c.get(format!("{}/config.json", g.url)).send().await.unwrap();
    assert_eq!(r.headers()["cache-control"], "no-cache");
    let r = c.get(format!("{}/missing.js", g.url)).send().await.unwrap();
    assert_eq!(r.status(), 404, "a missing file is not the app");
    let r = c.get(format!("{}/", g.url)).header("X-Forwarded-Proto", "https").send().await.unwrap();
    assert!(r.headers()["strict-transport-security"].to_str().unwrap().contains("max-age="));
    let r = c.get(format!("{}/healthz", g.url)).send().await.unwrap();
    assert_eq!(r.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn a_stop_lets_the_request_in_flight_finish_and_takes_no_new_one() {
    let up = listen(upstream()).await;
    let mut g = gateway(&format!("http://{up}"), |_| {}).await;
    let url = format!("{}/v1/slow", g.url);
    let in_flight = tokio::spawn(async move { client().get(url).send().await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    g.stop.take().unwrap().send(()).unwrap();
    let r = in_flight.await.unwrap().unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.text().await.unwrap(), "late");
    tokio::time::timeout(Duration::from_secs(5), &mut g.done).await.unwrap().unwrap();
    assert!(client().get(format!("{}/healthz", g.url)).send().await.is_err());
}

#[tokio::test]
async fn answers_pass_through_whatever_their_status() {
    let up = listen(upstream().route(
        "/v1/gone",
        get(|| async { (StatusCode::NOT_FOUND, "{\"code\":1000}").into_response() }),
    ))
    .await;
    let g = gateway(&format!("http://{up}"), |_| {}).await;
    let r = client().get(format!("{}/v1/gone", g.url)).send().await.unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.text().await.unwrap(), "{\"code\":1000}");
}

/// The Partner API (price sheets) is a second upstream: `/v1.0/...` goes there, by the same
/// rules, and a price sheet's file comes back as it came.
#[tokio::test]
async fn price_sheets_go_to_the_partner_api_upstream() {
    let partner_center = listen(upstream()).await;
    let partner_api = listen(Router::new().route(
        "/v1.0/{*rest}",
        get(|headers: HeaderMap, uri: axum::http::Uri| async move {
            let auth = headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            (
                [
                    ("Content-Type", "application/octet-stream"),
                    ("Content-Disposition", "attachment; filename=sheets.csv"),
                ],
                format!("\"ProductId\"\n\"{}\",\"{auth}\"\n", uri.path()),
            )
        }),
    ))
    .await;
    let g = gateway(&format!("http://{partner_center}"), |c| {
        c.partner_api_upstream = format!("http://{partner_api}");
    })
    .await;
    let path = "/v1.0/sales/pricesheets(Market='JP',PricesheetView='azure_reservations')/$value";
    let r = client()
        .get(format!("{}{path}?timeline=history&month=202610", g.url))
        .header("Authorization", format!("Bearer {TOKEN}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-disposition"], "attachment; filename=sheets.csv");
    let body = r.text().await.unwrap();
    assert!(body.contains("pricesheets(Market='JP'") && body.contains(TOKEN), "{body}");
    // Partner Center's paths still go to Partner Center.
    assert_eq!(
        client().get(format!("{}/v1/ok", g.url)).send().await.unwrap().text().await.unwrap(),
        "fine"
    );
    let log = g.log_text();
    assert!(
        log.contains("GET /v1.0/sales/pricesheets")
            && !log.contains("secret-token")
            && !log.contains("month="),
        "{log}"
    );

    // Unreachable: a 502 naming the Partner API.
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap();
    let g = gateway(&format!("http://{partner_center}"), |c| {
        c.partner_api_upstream = format!("http://{closed}")
    })
    .await;
    let r = client().get(format!("{}{path}", g.url)).send().await.unwrap();
    assert_eq!(r.status(), 502);
    assert!(r.text().await.unwrap().contains("The Partner API could not be reached"));
}

//! The gateway's settings, from flags or environment variables (clap), and the deploy-time
//! `config.json` it reads the sign-in authority from.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

/// Serves Procura's built site and forwards `/v1/...` to Partner Center and `/v1.0/...` to the
/// Partner API (price sheets) on the same origin.
#[derive(Clone, Debug, Parser)]
#[command(name = "procura-gateway", version)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "PROCURA_GATEWAY_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// The built site (`trunk build --release` writes `dist/`).
    #[arg(long = "static", env = "PROCURA_GATEWAY_STATIC", default_value = "dist")]
    pub static_dir: PathBuf,
    /// Where `/v1/...` goes.
    #[arg(
        long,
        env = "PROCURA_GATEWAY_UPSTREAM",
        default_value = "https://api.partnercenter.microsoft.com"
    )]
    pub upstream: String,
    /// Where `/v1.0/...` goes: the Partner API's host, which serves price sheets.
    #[arg(
        long,
        env = "PROCURA_GATEWAY_PARTNER_API_UPSTREAM",
        default_value = "https://api.partner.microsoft.com"
    )]
    pub partner_api_upstream: String,
    /// The site's public origin when a TLS front end serves it (`https://procura.example.com`):
    /// HSTS is sent then, and whenever a request arrives with `X-Forwarded-Proto: https`.
    #[arg(long, env = "PROCURA_GATEWAY_PUBLIC_ORIGIN")]
    pub public_origin: Option<String>,
    /// Seconds a client has to send a request's headers (slow clients are cut off).
    #[arg(long, env = "PROCURA_GATEWAY_HEADER_TIMEOUT", default_value_t = 10)]
    pub header_timeout_s: u64,
    /// Seconds a client has to send a request's body.
    #[arg(long, env = "PROCURA_GATEWAY_BODY_TIMEOUT", default_value_t = 30)]
    pub body_timeout_s: u64,
    /// Seconds the upstream has to answer with its headers (then 504).
    #[arg(long, env = "PROCURA_GATEWAY_UPSTREAM_TIMEOUT", default_value_t = 60)]
    pub upstream_timeout_s: u64,
    /// Seconds a whole forwarded exchange may take, body included (a statement PDF, a page of
    /// 2,000 invoice lines).
    #[arg(long, env = "PROCURA_GATEWAY_TOTAL_TIMEOUT", default_value_t = 300)]
    pub total_timeout_s: u64,
    /// Largest request body forwarded, in bytes (a cart is a few KB).
    #[arg(long, env = "PROCURA_GATEWAY_BODY_LIMIT", default_value_t = 1024 * 1024)]
    pub body_limit: usize,
    /// Connections served at once; further ones wait to be accepted.
    #[arg(long, env = "PROCURA_GATEWAY_MAX_CONNECTIONS", default_value_t = 1024)]
    pub max_connections: usize,
    /// Seconds in-flight requests get to finish on a stop signal.
    #[arg(long, env = "PROCURA_GATEWAY_GRACE", default_value_t = 20)]
    pub grace_s: u64,
}

impl Config {
    /// The defaults, serving `static_dir` in front of `upstream` for both hosts (a sandbox
    /// plays both; for tests and embedding).
    pub fn new(static_dir: impl Into<PathBuf>, upstream: impl Into<String>) -> Config {
        let mut c = Config::parse_from(["procura-gateway"]);
        c.static_dir = static_dir.into();
        c.upstream = upstream.into();
        c.partner_api_upstream = c.upstream.clone();
        c
    }

    pub fn header_timeout(&self) -> Duration {
        Duration::from_secs(self.header_timeout_s)
    }
    pub fn body_timeout(&self) -> Duration {
        Duration::from_secs(self.body_timeout_s)
    }
    pub fn upstream_timeout(&self) -> Duration {
        Duration::from_secs(self.upstream_timeout_s)
    }
    pub fn total_timeout(&self) -> Duration {
        Duration::from_secs(self.total_timeout_s)
    }
    pub fn grace(&self) -> Duration {
        Duration::from_secs(self.grace_s)
    }

    /// The sign-in authority's origin from the site's `config.json`, if it names one: the
    /// page may call it (token requests), and nothing else off its own origin.
    pub fn authority_origin(&self) -> Option<String> {
        let text = std::fs::read_to_string(self.static_dir.join("config.json")).ok()?;
        let json: serde_json::Value = serde_json::from_str(&text).ok()?;
        origin_of(json.get("authority")?.as_str()?)
    }
}

/// `scheme://host[:port]` of an https (or loopback http) URL; `None` for anything else, so a
/// malformed value cannot widen the page's policy.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    let loopback = host.starts_with("127.0.0.1") || host.starts_with("localhost");
    let allowed = scheme == "https" || (scheme == "http" && loopback);
    let clean = !host.is_empty()
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
    (allowed && clean).then(|| format!("{scheme}://{host}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_authority_is_narrowed_to_its_origin_and_nothing_odd_gets_through() {
        assert_eq!(
            origin_of("https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0").as_deref(),
            Some("https://login.microsoftonline.com")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:9400/oidc").as_deref(),
            Some("http://127.0.0.1:9400")
        );
        assert_eq!(origin_of("http://evil.example.com/"), None, "plain http off loopback");
        assert_eq!(origin_of("https://a.example.com; script-src *"), None);
        assert_eq!(origin_of("javascript:alert(1)"), None);
        assert_eq!(origin_of("https:///x"), None);
    }
}

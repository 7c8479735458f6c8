//! The sign-in's HTTP: the deploy-time `config.json`, the authority's discovery document,
//! and the token requests `auth::flow` makes through the `oauth2` crate; over the same fetch
//! as the API (with its timeout), without Partner Center's headers.

use std::future::Future;
use std::pin::Pin;

use procura_partner_center::http::Request;

use super::transport::fetch_url;

const TIMEOUT_MS: u32 = 30_000;

/// Why a sign-in request got no answer.
#[derive(Debug)]
pub struct HttpError;

impl std::fmt::Display for HttpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the sign-in service could not be reached")
    }
}

impl std::error::Error for HttpError {}

/// The status and text at `url` (GET), or `None` if nothing answered.
pub async fn get_text(url: &str) -> Option<(u16, String)> {
    let r = fetch_url(url, Request::new("GET", ""), TIMEOUT_MS).await.ok()?;
    Some((r.status, String::from_utf8_lossy(&r.body).into_owned()))
}

type Answer = Pin<Box<dyn Future<Output = Result<oauth2::HttpResponse, HttpError>>>>;

/// The HTTP client `auth::flow` sends its token requests with.
pub fn client() -> impl Fn(oauth2::HttpRequest) -> Answer {
    |request: oauth2::HttpRequest| {
        let url = request.uri().to_string();
        let mut req = Request::new(request.method().as_str(), "");
        req.headers = request
            .headers()
            .iter()
            .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
            .collect();
        req.body = request.body().clone();
        Box::pin(async move {
            let r = fetch_url(&url, req, TIMEOUT_MS).await.map_err(|_| HttpError)?;
            let mut answer = oauth2::http::Response::builder().status(r.status);
            for (k, v) in &r.headers {
                answer = answer.header(k.as_str(), v.as_str());
            }
            answer.body(r.body).map_err(|_| HttpError)
        }) as Answer
    }
}

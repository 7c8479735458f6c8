//! The Partner Center client: headers, retries, throttling, the order resource's rate limit,
//! cancellation and typed bodies, over any [`Transport`].

use std::cell::RefCell;
use std::rc::Rc;

use procura_partner_center as pc;
use procura_rules::TokenBucket;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::failure::Failure;
use super::paging::{is_order_resource, non_empty, NextPage, Pages};
use super::retry::{Attempt, Next, Policy};
use super::transport::{Request, Response, Transport, TransportError};
use crate::browser;
use crate::settings::Token;

/// The page-independent half of the client: one rate limiter per partner tenant for the
/// whole app, however many pages ask.
#[derive(Clone)]
pub struct Limiter(Rc<RefCell<TokenBucket>>);

impl Limiter {
    pub fn order_resource() -> Limiter {
        Limiter(Rc::new(RefCell::new(TokenBucket::order_resource(browser::now_ms().max(0) as u64))))
    }

    pub fn with(bucket: TokenBucket) -> Limiter {
        Limiter(Rc::new(RefCell::new(bucket)))
    }

    /// Milliseconds to wait before a request may go (0: go now, and it is counted).
    fn take(&self) -> u64 {
        let now = browser::now_ms().max(0) as u64;
        self.0.borrow_mut().try_take(now).err().unwrap_or(0)
    }
}

#[derive(Clone)]
pub struct Client {
    transport: Rc<dyn Transport>,
    token: Option<Token>,
    locale: &'static str,
    policy: Policy,
    limiter: Limiter,
    cancel: Option<web_sys::AbortSignal>,
    extra_headers: Vec<(String, String)>,
    needs_token: bool,
    /// Where the current token is read for each request, when it can change while a page
    /// is open (a signed-in session renews it); otherwise `token`.
    token_source: Option<Rc<dyn Fn() -> Option<Token>>>,
    /// What paths are prefixed with: `/v1` on Partner Center's host; nothing on the Partner
    /// API's, whose paths carry their own `/v1.0`.
    prefix: &'static str,
}

impl Client {
    pub fn new(transport: Rc<dyn Transport>, token: Option<Token>, limiter: Limiter) -> Client {
        Client {
            transport,
            token,
            locale: "en-US",
            policy: Policy::default(),
            limiter,
            cancel: None,
            extra_headers: Vec::new(),
            needs_token: false,
            token_source: None,
            prefix: "/v1",
        }
    }

    /// A client of the Partner API (price sheets): paths are sent as given, and a large file
    /// gets two minutes per attempt.
    pub fn for_partner_api(mut self) -> Client {
        self.prefix = "";
        self.policy.timeout_ms = self.policy.timeout_ms.max(120_000);
        self
    }

    /// Reads the token for each request from `source` (a renewed token reaches pages that
    /// are already open; after sign-out there is none).
    pub fn with_token_source(mut self, source: impl Fn() -> Option<Token> + 'static) -> Client {
        self.token_source = Some(Rc::new(source));
        self
    }

    fn current_token(&self) -> Option<Token> {
        match &self.token_source {
            Some(source) => source(),
            None => self.token.clone(),
        }
    }

    /// `X-Locale`, a culture name (`ja-JP`): Partner Center localizes titles and
    /// descriptions by it.
    pub fn with_locale(mut self, culture: &'static str) -> Client {
        self.locale = culture;
        self
    }

    pub fn with_policy(mut self, policy: Policy) -> Client {
        self.policy = policy;
        self
    }

    /// A live endpoint: without a token, fail at once rather than send an anonymous request.
    pub fn requiring_token(mut self, yes: bool) -> Client {
        self.needs_token = yes;
        self
    }

    /// Requests give up (with [`Failure::Cancelled`]) once `signal` is aborted.
    pub fn cancelled_by(mut self, signal: web_sys::AbortSignal) -> Client {
        self.cancel = Some(signal);
        self
    }

    /// An extra header on every request (test hooks such as the sandbox's fault injection).
    pub fn with_header(mut self, name: &str, value: &str) -> Client {
        self.extra_headers.push((name.into(), value.into()));
        self
    }

    fn is_cancelled(&self) -> bool {
        self.cancel.as_ref().is_some_and(|c| c.aborted())
    }

    fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<&[u8]>,
        request_id: &str,
        headers: &[(String, String)],
    ) -> Request {
        // JSON unless the caller asks for something else (the statement asks for a PDF).
        let accept = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("Accept"))
            .map_or("application/json", |(_, v)| v.as_str());
        let mut req = Request::new(method, &format!("{}{path}", self.prefix))
            .header("Accept", accept)
            .header(pc::headers::REQUEST_ID, request_id)
            // headers.md: "The value should be reset for every call."
            .header(pc::headers::CORRELATION_ID, &browser::new_uuid())
            .header(pc::headers::CONTRACT_VERSION, "v1")
            .header(pc::headers::LOCALE, self.locale);
        if let Some(t) = self.current_token() {
            req = req.bearer(t.expose());
        }
        for (k, v) in self
            .extra_headers
            .iter()
            .chain(headers)
            .filter(|(k, _)| !k.eq_ignore_ascii_case("Accept"))
        {
            req = req.header(k, v);
        }
        if let Some(b) = body {
            req = req.header("Content-Type", "application/json");
            req.body = b.to_vec();
        }
        req
    }

    /// Sends one logical request: retried by the policy, always with the same `request_id`,
    /// so the server can tell a retry from a new request. Returns a 2xx response.
    pub async fn exchange(
        &self,
        method: &str,
        path: &str,
        body: Option<&[u8]>,
        request_id: &str,
        headers: &[(String, String)],
    ) -> Result<Response, Failure> {
        if self.needs_token && self.current_token().is_none() {
            return Err(Failure::NoToken);
        }
        let mut attempt = 0;
        loop {
            attempt += 1;
            if is_order_resource(path) {
                self.wait_for_rate_limit().await?;
            }
            if self.is_cancelled() {
                return Err(Failure::Cancelled);
            }
            let req = self.request(method, path, body, request_id, headers);
            let resp =
                match self.transport.send(req, self.cancel.clone(), self.policy.timeout_ms).await {
                    Ok(r) if (200..300).contains(&r.status) => return Ok(r),
                    other => other,
                };
            let (outcome, failure) = match &resp {
                Ok(r) => {
                    let retry_after = r.get_header(pc::headers::RETRY_AFTER);
                    (
                        Attempt::Status(r.status, retry_after),
                        Failure::from_response(r.status, retry_after, &r.body),
                    )
                }
                Err(TransportError::Cancelled) => return Err(Failure::Cancelled),
                Err(TransportError::Timeout) => (Attempt::Timeout, Failure::Timeout),
                Err(TransportError::Network) => (Attempt::Network, Failure::Network),
            };
            match self.policy.next(attempt, outcome) {
                Next::Stop => return Err(failure),
                Next::Wait(ms) => {
                    browser::sleep_ms(ms).await;
                }
            }
        }
    }

    async fn wait_for_rate_limit(&self) -> Result<(), Failure> {
        loop {
            match self.limiter.take() {
                0 => return Ok(()),
                wait => {
                    if self.is_cancelled() {
                        return Err(Failure::Cancelled);
                    }
                    browser::sleep_ms(wait).await;
                }
            }
        }
    }

    /// A GET whose body is `T`. Reads are retried freely, each with a fresh request id.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, Failure> {
        self.get_with(path, &[]).await
    }

    async fn get_with<T: DeserializeOwned>(
        &self,
        path: &str,
        headers: &[(String, String)],
    ) -> Result<T, Failure> {
        let resp = self.exchange("GET", path, None, &browser::new_uuid(), headers).await?;
        parse(&resp)
    }

    /// A write. `request_id` is the idempotency key: pass the same one to repeat the same
    /// intent (after a reload, say), a new one for a new intent.
    pub async fn send<B: Serialize, T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: &B,
        request_id: &str,
    ) -> Result<T, Failure> {
        let bytes = serde_json::to_vec(body).map_err(|e| Failure::malformed(0, e))?;
        let resp = self.exchange(method, path, Some(&bytes), request_id, &[]).await?;
        parse(&resp)
    }

    /// Every item of a collection, following `links.next` (index or seek paging).
    pub async fn all<T: DeserializeOwned>(&self, path: &str) -> Result<Vec<T>, Failure> {
        // A whole collection in memory: at most 10,000 pages, as before.
        let mut pages = Pages::new(self.clone(), path).at_most(10_000);
        let mut items = Vec::new();
        while let Some(page) = pages.next().await {
            items.append(&mut page?);
        }
        Ok(items)
    }

    /// One further page of a collection, by its raw request (tests that look at the
    /// continuation headers; pages read through [`Pages`]).
    pub async fn next<T: DeserializeOwned>(
        &self,
        next: &NextPage,
    ) -> Result<pc::Collection<T>, Failure> {
        self.get_with(&next.path, &next.headers).await
    }

    /// The answer to a page's request, unread (see [`Pages`]).
    pub(super) async fn fetch_page(&self, at: &NextPage) -> Result<Response, Failure> {
        self.exchange("GET", &at.path, None, &browser::new_uuid(), &at.headers).await
    }
}

/// A 2xx body as `T`, or [`Failure::Malformed`] saying why not.
pub fn parse<T: DeserializeOwned>(resp: &Response) -> Result<T, Failure> {
    pc::from_slice(non_empty(&resp.body)).map_err(|e| Failure::malformed(resp.status, e))
}

//! One way to send an HTTP-shaped request: over the network with gloo-net, or in-process to
//! the embedded sandbox. The client above does not know which (tests add a third that
//! injects faults).

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

pub use procura_partner_center::http::{Request, Response};

/// Why no response came.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransportError {
    Network,
    Timeout,
    Cancelled,
}

pub type Sent = Pin<Box<dyn Future<Output = Result<Response, TransportError>>>>;

/// `req.path` is the full path (`/v1/customers`). `cancel` is the page's signal: aborted when
/// the partner leaves the page that asked.
pub trait Transport {
    fn send(&self, req: Request, cancel: Option<web_sys::AbortSignal>, timeout_ms: u32) -> Sent;
}

/// Another transport, with a copy of every request it sends kept in `sent`: how tests see
/// what the client put on the wire.
pub struct Recording {
    inner: Rc<dyn Transport>,
    pub sent: Rc<RefCell<Vec<Request>>>,
}

impl Recording {
    pub fn new(inner: Rc<dyn Transport>) -> Recording {
        Recording { inner, sent: Rc::default() }
    }
}

impl Transport for Recording {
    fn send(&self, req: Request, cancel: Option<web_sys::AbortSignal>, timeout_ms: u32) -> Sent {
        self.sent.borrow_mut().push(req.clone());
        self.inner.send(req, cancel, timeout_ms)
    }
}

/// The embedded sandbox, in its worker.
pub struct EmbeddedTransport;

impl Transport for EmbeddedTransport {
    fn send(&self, req: Request, cancel: Option<web_sys::AbortSignal>, timeout_ms: u32) -> Sent {
        Box::pin(async move {
            if cancel.as_ref().is_some_and(|c| c.aborted()) {
                return Err(TransportError::Cancelled);
            }
            super::embedded::send(req, timeout_ms).await
        })
    }
}

/// A Partner-Center-compatible service at `base` (no trailing slash, no `/v1`).
pub struct HttpTransport {
    pub base: String,
}

impl Transport for HttpTransport {
    fn send(&self, req: Request, cancel: Option<web_sys::AbortSignal>, timeout_ms: u32) -> Sent {
        let url = if req.query.is_empty() {
            format!("{}{}", self.base, req.path)
        } else {
            format!("{}{}?{}", self.base, req.path, req.query)
        };
        Box::pin(async move { fetch(url, req, cancel, timeout_ms).await })
    }
}

/// One request to any URL (the sign-in's authority), with the same timeout handling as the
/// API's: `req.path` is ignored.
pub async fn fetch_url(
    url: &str,
    req: Request,
    timeout_ms: u32,
) -> Result<Response, TransportError> {
    fetch(url.to_string(), req, None, timeout_ms).await
}

#[cfg(target_arch = "wasm32")]
async fn fetch(
    url: String,
    req: Request,
    cancel: Option<web_sys::AbortSignal>,
    timeout_ms: u32,
) -> Result<Response, TransportError> {
    use gloo_net::http::{Method, RequestBuilder};
    use web_sys::AbortSignal;

    let timeout = AbortSignal::timeout_with_u32(timeout_ms);
    let signals = js_sys::Array::of1(&timeout);
    if let Some(c) = &cancel {
        signals.push(c);
    }
    let signal = AbortSignal::any(&signals);
    let why = |cancel: &Option<AbortSignal>| {
        if cancel.as_ref().is_some_and(|c| c.aborted()) {
            TransportError::Cancelled
        } else if timeout.aborted() {
            TransportError::Timeout
        } else {
            TransportError::Network
        }
    };
    let method = Method::from_bytes(req.method.as_bytes()).unwrap_or(Method::GET);
    let mut builder = RequestBuilder::new(&url).method(method).abort_signal(Some(&signal));
    for (k, v) in &req.headers {
        builder = builder.header(k, v);
    }
    let request = if req.body.is_empty() {
        builder.build()
    } else {
        builder.body(String::from_utf8_lossy(&req.body).into_owned())
    };
    let request = request.map_err(|_| TransportError::Network)?;
    let resp = request.send().await.map_err(|_| why(&cancel))?;
    let status = resp.status();
    let headers = resp.headers().entries().collect();
    let body = resp.binary().await.map_err(|_| why(&cancel))?;
    Ok(Response { status, headers, body })
}

#[cfg(not(target_arch = "wasm32"))]
async fn fetch(
    _url: String,
    _req: Request,
    _cancel: Option<web_sys::AbortSignal>,
    _timeout_ms: u32,
) -> Result<Response, TransportError> {
    Err(TransportError::Network)
}

//! HTTP-shaped requests and responses: what the app's client sends through a transport, and
//! what the sandbox's handler answers, whichever door (in-process or HTTP) it came through.

use crate as pc;
use serde::Serialize;

#[derive(Clone, Debug, Default)]
pub struct Request {
    pub method: String,
    /// Path without query, e.g. `/v1/customers`.
    pub path: String,
    /// Raw query string without `?`.
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn new(method: &str, path_and_query: &str) -> Request {
        let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
        Request {
            method: method.to_ascii_uppercase(),
            path: path.into(),
            query: query.into(),
            ..Default::default()
        }
    }

    pub fn header(mut self, k: &str, v: &str) -> Request {
        self.headers.push((k.into(), v.into()));
        self
    }

    pub fn bearer(self, token: &str) -> Request {
        self.header("Authorization", &format!("Bearer {token}"))
    }

    pub fn json(mut self, body: &impl Serialize) -> Request {
        self.body = serde_json::to_vec(body).unwrap_or_default();
        self.header("Content-Type", "application/json")
    }

    pub fn get_header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// A query parameter, name matched case-insensitively (the service does), percent-decoded.
    pub fn param(&self, name: &str) -> Option<String> {
        self.query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| decode(v))
    }
}

/// Percent-decoding for path segments and query values.
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(v) => {
                        out.push(v);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn json(status: u16, body: &impl Serialize) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), "application/json; charset=utf-8".into())],
            body: serde_json::to_vec(body).unwrap_or_default(),
        }
    }

    pub fn empty(status: u16) -> Response {
        Response { status, headers: Vec::new(), body: Vec::new() }
    }

    /// A Partner Center error body (`code`, `description`, `data`, `source`).
    pub fn error(status: u16, code: u32, description: impl Into<String>) -> Response {
        Response::json(status, &pc::ApiError::new(code, description))
    }

    /// 429 in the throttling shape, with `Retry-After` in whole seconds.
    pub fn throttled(retry_after_secs: u64) -> Response {
        let body = serde_json::json!({"statusCode": 429, "message": format!("Rate limit is exceeded. Try again in {retry_after_secs} seconds.")});
        Response::json(429, &body).with_header("Retry-After", &retry_after_secs.to_string())
    }

    pub fn with_header(mut self, k: &str, v: &str) -> Response {
        self.headers.push((k.into(), v.into()));
        self
    }

    pub fn get_header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

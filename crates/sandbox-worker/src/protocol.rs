//! The messages between the page and the sandbox worker, as structured-clone values (arrays of
//! strings and numbers; bodies as `Uint8Array`s whose buffers are transferred, not copied, so a
//! 100,000-line invoice crosses without a JSON round of its own).
//!
//! Page → worker: `["request", id, nowMs, method, path, query, headers, body]`,
//! `["migrate", text]` (state saved by the page-bound sandbox, to adopt once), `["reset"]`.
//! Worker → page: `"ready"` (it listens: a message posted before would be lost),
//! `["response", id, status, headers, body]`, `["migrated", discarded]`, `["reset"]`.
//! Anything else is ignored by both sides: a message is never trusted to be well formed.

use js_sys::{Array, Uint8Array};
use procura_partner_center::http::{Request, Response};
use wasm_bindgen::{JsCast, JsValue};

/// The worker's first message.
pub const READY: &str = "ready";

/// A message to the worker.
#[derive(Debug)]
pub enum ToWorker {
    Request { id: u32, now_ms: i64, request: Request },
    Migrate(String),
    Reset,
}

/// A message to the page.
#[derive(Debug, PartialEq)]
pub enum ToPage {
    Ready,
    Response { id: u32, response: Response },
    Migrated { discarded: bool },
    Reset,
}

/// A message and the buffers to transfer with it.
pub struct Posted {
    pub message: JsValue,
    pub transfer: Array,
}

fn headers_to_js(headers: &[(String, String)]) -> Array {
    headers.iter().map(|(k, v)| Array::of2(&k.into(), &v.into())).collect()
}

fn headers_from_js(value: &JsValue) -> Option<Vec<(String, String)>> {
    let array = value.dyn_ref::<Array>()?;
    array
        .iter()
        .map(|pair| {
            let pair = pair.dyn_into::<Array>().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

fn bytes_from_js(value: &JsValue) -> Option<Vec<u8>> {
    value.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec)
}

/// A body as a fresh buffer that can be transferred.
fn body_to_js(body: &[u8]) -> Uint8Array {
    Uint8Array::from(body)
}

fn number(value: &JsValue) -> Option<f64> {
    value.as_f64().filter(|n| n.is_finite())
}

fn id_of(value: &JsValue) -> Option<u32> {
    // Ids are whole numbers below 2^32; anything else is not one of ours.
    number(value).filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= f64::from(u32::MAX)).map(|n| {
        #[allow(clippy::cast_possible_truncation, reason = "checked to be a u32 above")]
        let id = n as u32;
        id
    })
}

impl ToWorker {
    pub fn encode(&self) -> Posted {
        match self {
            ToWorker::Request { id, now_ms, request } => {
                let body = body_to_js(&request.body);
                let message = Array::new();
                message.push(&"request".into());
                message.push(&JsValue::from(*id));
                // Milliseconds since 1970 stay exact in an f64 until the year 287,396.
                #[allow(clippy::cast_precision_loss, reason = "exact below 2^53")]
                message.push(&JsValue::from(*now_ms as f64));
                message.push(&request.method.as_str().into());
                message.push(&request.path.as_str().into());
                message.push(&request.query.as_str().into());
                message.push(&headers_to_js(&request.headers));
                message.push(&body);
                Posted { message: message.into(), transfer: Array::of1(&body.buffer()) }
            }
            ToWorker::Migrate(text) => Posted {
                message: Array::of2(&"migrate".into(), &text.as_str().into()).into(),
                transfer: Array::new(),
            },
            ToWorker::Reset => {
                Posted { message: Array::of1(&"reset".into()).into(), transfer: Array::new() }
            }
        }
    }

    pub fn decode(value: &JsValue) -> Option<ToWorker> {
        let parts = value.dyn_ref::<Array>()?;
        match parts.get(0).as_string()?.as_str() {
            "request" => {
                #[allow(clippy::cast_possible_truncation, reason = "a clock in ms, finite")]
                let now_ms = number(&parts.get(2))? as i64;
                let request = Request {
                    method: parts.get(3).as_string()?,
                    path: parts.get(4).as_string()?,
                    query: parts.get(5).as_string()?,
                    headers: headers_from_js(&parts.get(6))?,
                    body: bytes_from_js(&parts.get(7))?,
                };
                Some(ToWorker::Request { id: id_of(&parts.get(1))?, now_ms, request })
            }
            "migrate" => Some(ToWorker::Migrate(parts.get(1).as_string()?)),
            "reset" => Some(ToWorker::Reset),
            _ => None,
        }
    }
}

impl ToPage {
    pub fn encode(&self) -> Posted {
        let plain = |message: JsValue| Posted { message, transfer: Array::new() };
        match self {
            ToPage::Ready => plain(READY.into()),
            ToPage::Response { id, response } => {
                let body = body_to_js(&response.body);
                let message = Array::new();
                message.push(&"response".into());
                message.push(&JsValue::from(*id));
                message.push(&JsValue::from(response.status));
                message.push(&headers_to_js(&response.headers));
                message.push(&body);
                Posted { message: message.into(), transfer: Array::of1(&body.buffer()) }
            }
            ToPage::Migrated { discarded } => {
                plain(Array::of2(&"migrated".into(), &JsValue::from(*discarded)).into())
            }
            ToPage::Reset => plain(Array::of1(&"reset".into()).into()),
        }
    }

    pub fn decode(value: &JsValue) -> Option<ToPage> {
        if value.as_string().as_deref() == Some(READY) {
            return Some(ToPage::Ready);
        }
        let parts = value.dyn_ref::<Array>()?;
        match parts.get(0).as_string()?.as_str() {
            "response" => {
                let status = number(&parts.get(2)).filter(|s| (100.0..=599.0).contains(s))?;
                #[allow(clippy::cast_possible_truncation, reason = "checked to be 100..=599")]
                let status = status as u16;
                let response = Response {
                    status,
                    headers: headers_from_js(&parts.get(3))?,
                    body: bytes_from_js(&parts.get(4))?,
                };
                Some(ToPage::Response { id: id_of(&parts.get(1))?, response })
            }
            "migrated" => Some(ToPage::Migrated { discarded: parts.get(1).as_bool()? }),
            "reset" => Some(ToPage::Reset),
            _ => None,
        }
    }
}

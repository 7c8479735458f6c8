//! `/v1/...` forwarded to Partner Center and `/v1.0/...` to the Partner API (price sheets),
//! both by the same rules: the request's `Authorization` and `MS-*` headers go
//! untouched, the answer's status, headers (`Retry-After`, `MS-ContinuationToken`) and body
//! come back as they came, the body streamed chunk by chunk. An upstream that cannot be
//! reached or does not answer in time becomes a 502/504 in Partner Center's error shape.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use procura_partner_center as pc;

use crate::Shared;

/// Headers that belong to one hop, not to the exchange (RFC 9110 §7.6.1), and the site's own
/// cookies, which Partner Center has no use for.
fn is_hop_by_hop(name: &HeaderName) -> bool {
    matches!(
        name.as_str(),
        "connection"
            | "keep-alive"
            | "proxy-authenticate"
            | "proxy-authorization"
            | "proxy-connection"
            | "te"
            | "trailer"
            | "transfer-encoding"
            | "upgrade"
            | "host"
            | "content-length"
            | "cookie"
    )
}

fn copy_headers(from: &HeaderMap, to: &mut HeaderMap) {
    for (name, value) in from {
        if !is_hop_by_hop(name) {
            to.append(name.clone(), value.clone());
        }
    }
}

/// The gateway's own failure, shaped as Partner Center's errors are (`code`, `description`),
/// so the app reads it like any other; the code is the HTTP status.
pub fn failure(status: StatusCode, description: &str) -> Response {
    let body = serde_json::to_vec(&pc::ApiError::new(u32::from(status.as_u16()), description))
        .unwrap_or_default();
    let mut r = (status, body).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    r
}

/// The two hosts Procura talks to, as a failure names them.
#[derive(Clone, Copy)]
enum Host {
    PartnerCenter,
    PartnerApi,
}

pub async fn forward(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    forward_to(&shared, Host::PartnerCenter, req).await
}

pub async fn forward_partner_api(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    forward_to(&shared, Host::PartnerApi, req).await
}

async fn forward_to(shared: &Shared, host: Host, req: Request) -> Response {
    let (upstream, name) = match host {
        Host::PartnerCenter => (shared.config.upstream.as_str(), "Partner Center"),
        Host::PartnerApi => (shared.config.partner_api_upstream.as_str(), "The Partner API"),
    };
    let (parts, body) = req.into_parts();
    // Request bodies are small (a cart); they are read whole, within the body limit and the
    // client's body timeout, so the upstream gets a Content-Length.
    let body = match tokio::time::timeout(shared.config.body_timeout(), body.collect()).await {
        Ok(Ok(b)) => b.to_bytes(),
        Ok(Err(_)) => {
            return failure(StatusCode::PAYLOAD_TOO_LARGE, "The request body is too large.")
        }
        Err(_) => return failure(StatusCode::REQUEST_TIMEOUT, "The request body came too slowly."),
    };
    let target = format!(
        "{}{}",
        upstream.trim_end_matches('/'),
        parts.uri.path_and_query().map_or("/", |p| p.as_str())
    );
    let mut headers = HeaderMap::new();
    copy_headers(&parts.headers, &mut headers);
    let request = shared.client.request(parts.method, target).headers(headers).body(body);
    let answer = match tokio::time::timeout(shared.config.upstream_timeout(), request.send()).await
    {
        Ok(Ok(a)) => a,
        Ok(Err(e)) if !e.is_timeout() => {
            return failure(
                StatusCode::BAD_GATEWAY,
                &format!("{name} could not be reached (procura-gateway)."),
            )
        }
        // Our upstream timeout, or the client's own.
        _ => {
            return failure(
                StatusCode::GATEWAY_TIMEOUT,
                &format!("{name} did not answer in time (procura-gateway)."),
            )
        }
    };
    let (status, upstream_headers) = (answer.status(), answer.headers().clone());
    let mut response = Response::new(Body::from_stream(answer.bytes_stream()));
    *response.status_mut() = status;
    copy_headers(&upstream_headers, response.headers_mut());
    if let Some(len) = upstream_headers.get(header::CONTENT_LENGTH) {
        response.headers_mut().insert(header::CONTENT_LENGTH, len.clone());
    }
    response
}

//! `MS-RequestId`: the same request again (a retry after a lost answer) gets the first
//! answer and changes nothing. A record is scoped to what it protects (the customer and the
//! resource: the same id for another customer is another request), remembers a fingerprint
//! of the body it answered, and lasts as long as a cart, a week.
//!
//! Reusing an id with a different body is refused (400). That guard is the sandbox's own:
//! the reference pages are silent on it, so the conformance tests do not hold the service to
//! it. Records of earlier versions (`req/`, scoped to the partner only) are not read.

use procura_partner_center::codes;
use procura_partner_center::http::Response;
use serde::{Deserialize, Serialize};

use crate::Ctx;

/// The record of the request that made a cart lives as long as the cart.
const LIFETIME_MS: i64 = crate::carts::WEEK_MS;

#[derive(Serialize, Deserialize)]
struct Record {
    status: u16,
    body: serde_json::Value,
    /// CRC-32 of the request's body: enough to tell a retry from a different request sent
    /// under the same id by mistake (crc32fast is in the tree already, for the zip writer).
    fingerprint: u32,
    at_ms: i64,
}

fn key(ctx: &Ctx<'_>, scope: &str) -> Option<String> {
    ctx.request_id().map(|id| format!("rid/{scope}/{id}"))
}

/// The first answer to this request, if it was answered within [`LIFETIME_MS`]; a refusal if
/// the id was used for a different body.
pub(crate) fn replay(ctx: &Ctx<'_>, scope: &str) -> Option<Response> {
    let record: Record = ctx.load(&key(ctx, scope)?)?;
    if ctx.now.saturating_sub(record.at_ms) > LIFETIME_MS {
        return None;
    }
    if record.fingerprint != crc32fast::hash(&ctx.req.body) {
        return Some(Response::error(
            400,
            codes::INVALID_INPUT,
            "This MS-RequestId was used for a different request: use a new one.",
        ));
    }
    Some(Response::json(record.status, &record.body))
}

/// Records the answer to this request (when it has an id), replacing an expired record.
pub(crate) fn remember(ctx: &mut Ctx<'_>, scope: &str, status: u16, body: &impl Serialize) {
    let Some(key) = key(ctx, scope) else { return };
    let record = Record {
        status,
        body: serde_json::to_value(body).unwrap_or_default(),
        fingerprint: crc32fast::hash(&ctx.req.body),
        at_ms: ctx.now,
    };
    ctx.save(&key, &record);
}

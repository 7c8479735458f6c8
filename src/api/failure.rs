//! Why a request failed, and what the partner should do about it, in their language.
//! Built from whatever the server sent: a Partner Center error body, the throttling body,
//! something else entirely, or nothing. Never panics on a body.

use procura_partner_center as pc;
use procura_partner_center::codes;

use crate::i18n::{fill, Messages};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The page that asked was left; nobody is waiting for the answer.
    Cancelled,
    /// No response, after the retries.
    Network,
    /// No response in time, after the retries.
    Timeout,
    /// Still throttled after the retries (or told to wait longer than is reasonable).
    Throttled { retry_after_s: Option<u64> },
    /// A live endpoint needs a bearer token, and none is set.
    NoToken,
    /// The record that makes a write happen once (its request id) could not be saved in the
    /// browser, so the write was not sent.
    NotSaved,
    /// Partner Center answered with an error.
    Service { status: u16, code: Option<u32>, description: String },
    /// The response is not what the contract says (not JSON, or not the expected shape).
    Malformed { status: u16, detail: String },
}

/// Partner Center error codes with a message of their own (`pc_error.code_<n>`): the ones a
/// purchase can run into and where the partner can do something specific.
pub const EXPLAINED_CODES: &[u32] = &[
    codes::PARTNER_NOT_IN_COUNTRY,
    codes::ORDER_NOT_FOUND,
    codes::NO_RELATIONSHIP,
    codes::SUBSCRIPTION_NOT_FOUND,
    codes::PRODUCT_NOT_FOUND,
    codes::SKU_NOT_FOUND,
    codes::AVAILABILITY_NOT_FOUND,
    codes::TOKEN_MISSING,
    codes::INVALID_INPUT,
    codes::CART_NOT_FOUND,
    codes::CART_ITEM_ERROR,
    codes::INVENTORY_NOT_AVAILABLE,
    codes::NOT_ENABLED_FOR_RI,
    codes::SANDBOX_LIMIT,
    codes::ADDON_NOT_RELATED,
    codes::NOT_REGISTERED,
    codes::ORDER_IN_PROGRESS,
    codes::CART_BEING_PROCESSED,
    codes::CART_ALREADY_SUBMITTED,
    codes::SANDBOX_SUBSCRIPTIONS_LIMIT,
    codes::SANDBOX_SEATS_LIMIT,
    codes::OFFER_NOT_IN_COUNTRY,
    codes::QUANTITY_OUT_OF_RANGE,
    codes::ATTESTATION_MISSING,
    codes::NOT_PURCHASABLE_IN_SANDBOX,
    codes::CANCEL_NOT_SOFTWARE,
    codes::ORDER_CANNOT_BE_CANCELLED,
    codes::CANCELLATION_WINDOW_PASSED,
    codes::CANCELLATION_HOURS_PASSED,
];

/// Procura's own words for a Partner Center error code, if it has them.
pub fn explained(m: &Messages, code: u32) -> Option<&'static str> {
    EXPLAINED_CODES.contains(&code).then(|| m.by_key(&format!("pc_error.code_{code}"))).flatten()
}

/// An order error from a checkout, explained: Procura's own words for a known code, else the
/// service's description, else a generic refusal.
pub fn order_error_text(m: &Messages, code: i64, description: &str) -> String {
    match u32::try_from(code).ok().and_then(|c| explained(m, c)) {
        Some(text) => text.to_string(),
        None if !description.is_empty() => description.to_string(),
        None => m.error_bad_request.to_string(),
    }
}

impl Failure {
    /// Reads an error response. Partner Center's body (`code` as number or string,
    /// `description`), the throttling body (`statusCode`, `message`) or anything else.
    pub fn from_response(status: u16, retry_after: Option<&str>, body: &[u8]) -> Failure {
        if status == 429 {
            return Failure::Throttled {
                retry_after_s: retry_after.and_then(|v| v.trim().parse().ok()),
            };
        }
        match pc::from_slice::<pc::ApiError>(body) {
            Ok(e) if e.code_number().is_some() || !e.text().is_empty() => {
                Failure::Service { status, code: e.code_number(), description: clip(e.text()) }
            }
            _ => {
                let text = String::from_utf8_lossy(body);
                Failure::Service { status, code: None, description: clip(text.trim()) }
            }
        }
    }

    pub fn malformed(status: u16, detail: impl std::fmt::Display) -> Failure {
        Failure::Malformed { status, detail: clip(&detail.to_string()) }
    }

    pub fn code(&self) -> Option<u32> {
        match self {
            Failure::Service { code, .. } => *code,
            _ => None,
        }
    }

    /// What happened and what to do, in the partner's language.
    pub fn message(&self, m: &Messages) -> String {
        match self {
            Failure::Cancelled => m.error_cancelled.to_string(),
            Failure::Network => m.error_network.to_string(),
            Failure::Timeout => m.error_timeout.to_string(),
            Failure::Throttled { retry_after_s: Some(s) } => {
                fill(m.error_throttled_for, &[("seconds", &s.to_string())])
            }
            Failure::Throttled { retry_after_s: None } => m.error_throttled.to_string(),
            Failure::NoToken => m.error_no_token.to_string(),
            Failure::NotSaved => m.error_not_saved.to_string(),
            Failure::Malformed { .. } => m.error_malformed.to_string(),
            Failure::Service { status, code, .. } => match code.and_then(|c| explained(m, c)) {
                Some(text) => text.to_string(),
                None => match status {
                    400 => m.error_bad_request,
                    401 => m.error_unauthorized,
                    403 => m.error_forbidden,
                    404 => m.error_not_found,
                    409 => m.error_conflict,
                    // procura-gateway's own answers: the upstream unreachable, or too slow.
                    502 => m.error_bad_gateway,
                    504 => m.error_gateway_timeout,
                    500..=599 => m.error_server,
                    _ => m.error_unexpected,
                }
                .to_string(),
            },
        }
    }

    /// The server's own words and code, for the partner to quote to support (shown as text).
    pub fn detail(&self) -> Option<String> {
        match self {
            Failure::Service { status, code: Some(c), description } => {
                Some(format!("HTTP {status} · {c} · {description}"))
            }
            Failure::Service { status, code: None, description } if !description.is_empty() => {
                Some(format!("HTTP {status} · {description}"))
            }
            Failure::Service { status, .. } => Some(format!("HTTP {status}")),
            Failure::Malformed { status, detail } => Some(format!("HTTP {status} · {detail}")),
            _ => None,
        }
    }
}

/// Server text is shown to people: bounded, so a hostile body cannot flood the page.
fn clip(s: &str) -> String {
    const MAX: usize = 400;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn partner_center_bodies_in_every_shape() {
        let f = Failure::from_response(400, None, br#"{"code": 800065, "description": "Cart already submitted", "data": [], "source": "PartnerFD"}"#);
        assert_eq!(f.code(), Some(800065));
        let f2 = Failure::from_response(400, None, br#"{"Code": "800065", "Description": "x"}"#);
        assert_eq!(f2.code(), Some(800065));
        for l in Locale::ALL {
            let m = l.messages();
            assert_eq!(f.message(m), m.pc_error_code_800065);
            assert!(f.detail().unwrap().contains("Cart already submitted"));
        }
    }

    #[test]
    fn every_explained_code_has_a_message() {
        for l in Locale::ALL {
            for c in EXPLAINED_CODES {
                assert!(
                    l.messages().by_key(&format!("pc_error.code_{c}")).is_some(),
                    "{c} in {l:?}"
                );
            }
        }
    }

    #[test]
    fn throttling_garbage_and_unknown_codes() {
        let m = Locale::En.messages();
        let t = Failure::from_response(
            429,
            Some("57"),
            br#"{"statusCode":429,"message":"Rate limit is exceeded."}"#,
        );
        assert_eq!(t, Failure::Throttled { retry_after_s: Some(57) });
        assert!(t.message(m).contains("57"));
        let g = Failure::from_response(502, None, b"<html>Bad gateway</html>");
        assert_eq!(g.message(m), m.error_bad_gateway);
        assert!(g.detail().unwrap().contains("Bad gateway"));
        // procura-gateway's own answer when the upstream is too slow, in every language.
        let body = br#"{"code":504,"description":"Partner Center did not answer in time (procura-gateway)."}"#;
        let t = Failure::from_response(504, None, body);
        for l in Locale::ALL {
            assert_eq!(t.message(l.messages()), l.messages().error_gateway_timeout);
        }
        assert!(t.detail().unwrap().contains("procura-gateway"));
        let u = Failure::from_response(403, None, br#"{"code": 123456, "description": "odd"}"#);
        assert_eq!(u.message(m), m.error_forbidden);
        let huge = "x".repeat(10_000);
        let h = Failure::from_response(500, None, huge.as_bytes());
        assert!(h.detail().unwrap().chars().count() < 450);
        let bin = Failure::from_response(500, None, &[0xff, 0xfe, 0x00]);
        assert_eq!(bin.message(m), m.error_server);
    }
}

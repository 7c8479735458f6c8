//! Cancelling software bought by mistake (cancel-software-purchases.md): which lines can still
//! be cancelled and until when, and the order update that cancels them, sent once.
//!
//! The docs give no fixed window: the refusals speak of "{0}-day" and "{0}-hour" windows, and
//! an availability's terms may carry `cancellationPolicies` whose refund options expire after
//! an ISO 8601 period. Where the data gives one, the window is shown; where it does not, the
//! partner is told it is unknown and Partner Center decides.

use procura_partner_center as pc;
use serde_json::Value;

use crate::api::{Client, Failure};
use crate::write_once;

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;

/// Until when a line can be cancelled, as far as the data tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    Open { until_ms: i64 },
    Passed { until_ms: i64 },
    Unknown,
}

/// A refund period as the docs write it (`P1D`, `P30D`, `P2W`, `PT72H`); years and months have
/// no fixed length and are not read. Hand-written: four shapes do not need a date library.
pub fn period_ms(text: &str) -> Option<i64> {
    let t = text.trim().to_ascii_uppercase();
    let (n, unit) = if let Some(rest) = t.strip_prefix("PT") {
        (rest.strip_suffix('H')?, HOUR_MS)
    } else {
        let rest = t.strip_prefix('P')?;
        match rest.strip_suffix('D') {
            Some(n) => (n, DAY_MS),
            None => (rest.strip_suffix('W')?, 7 * DAY_MS),
        }
    };
    n.parse::<i64>().ok().filter(|n| *n > 0)?.checked_mul(unit)
}

/// The longest full-refund period of a term's cancellation policies, if stated.
pub fn refund_period_ms(term: &pc::Term) -> Option<i64> {
    term.cancellation_policies
        .iter()
        .flatten()
        .filter_map(|p| p.get("refundOptions").and_then(Value::as_array))
        .flatten()
        .filter_map(|o| o.get("expiresAfter").and_then(Value::as_str))
        .filter_map(period_ms)
        .max()
}

/// The window of `line` (of `order`), given its availability if it could be read.
pub fn window(
    order: &pc::Order,
    line: &pc::OrderLineItem,
    availability: Option<&pc::Availability>,
    now_ms: i64,
) -> Window {
    let term = availability.and_then(|a| {
        let want = line.term_duration.as_deref();
        a.terms.iter().find(|t| Some(t.duration.as_str()) == want).or(a.terms.first())
    });
    match (order.creation_date, term.and_then(refund_period_ms)) {
        (Some(placed), Some(period)) => {
            let until_ms = placed.millis().saturating_add(period);
            if now_ms <= until_ms {
                Window::Open { until_ms }
            } else {
                Window::Passed { until_ms }
            }
        }
        _ => Window::Unknown,
    }
}

/// Lines that can be asked to cancel: bought, not cancelled already (quantity 0), in a
/// one-time order (software is one-time; anything else Partner Center refuses with 800019).
pub fn cancellable(order: &pc::Order) -> Vec<&pc::OrderLineItem> {
    if order.billing_cycle != Some(pc::BillingCycle::OneTime)
        || order.status == Some(pc::OrderStatus::Cancelled)
    {
        return Vec::new();
    }
    order.line_items.iter().filter(|l| l.quantity > 0).collect()
}

/// The order update that cancels `lines` of `order` (cancel-software-purchases.md).
pub fn cancel_body(order_id: &str, lines: &[pc::OrderLineItem]) -> pc::Order {
    pc::Order {
        id: Some(order_id.to_string()),
        status: Some(pc::OrderStatus::Cancelled),
        line_items: lines
            .iter()
            .map(|l| pc::OrderLineItem {
                line_item_number: l.line_item_number,
                offer_id: l.offer_id.clone(),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

/// Cancels `lines` of the order, once (`write_once`).
pub async fn cancel(
    client: &Client,
    customer: &str,
    order_id: &str,
    lines: Vec<pc::OrderLineItem>,
) -> Result<pc::Order, Failure> {
    let key = format!("procura.cancel.v1.{}", customer.to_ascii_lowercase());
    let body = cancel_body(order_id, &lines);
    write_once::send(key, body, |body, request_id| async move {
        client.patch_order(customer, order_id, &body, &request_id).await
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_in_the_shapes_the_docs_use() {
        assert_eq!(period_ms("P1D"), Some(DAY_MS));
        assert_eq!(period_ms("p30d"), Some(30 * DAY_MS));
        assert_eq!(period_ms("PT72H"), Some(72 * HOUR_MS));
        assert_eq!(period_ms("P2W"), Some(14 * DAY_MS));
        for unread in ["P1M", "P1Y", "", "P", "PD", "P-1D", "P0D", "30", "P99999999999999999D"] {
            assert_eq!(period_ms(unread), None, "{unread}");
        }
    }

    fn order_at(ms: i64) -> pc::Order {
        pc::Order {
            id: Some("o1".into()),
            creation_date: Some(pc::Timestamp::from_millis(ms)),
            billing_cycle: Some(pc::BillingCycle::OneTime),
            line_items: vec![
                pc::OrderLineItem {
                    line_item_number: 0,
                    offer_id: "A:1:X".into(),
                    quantity: 2,
                    term_duration: Some("P1Y".into()),
                    ..Default::default()
                },
                pc::OrderLineItem {
                    line_item_number: 1,
                    offer_id: "B:1:X".into(),
                    quantity: 0,
                    ..Default::default()
                },
            ],
            ..Default::default()
        }
    }

    #[test]
    fn the_window_where_the_terms_state_it_and_unknown_where_not() {
        let availability: pc::Availability = serde_json::from_value(serde_json::json!({
            "id": "X", "catalogItemId": "A:1:X",
            "terms": [{"duration": "P1Y", "cancellationPolicies": [{"refundOptions": [
                {"sequenceId": 0, "type": "Full", "expiresAfter": "P30D"}]}]}]
        }))
        .unwrap();
        let order = order_at(0);
        let line = &order.line_items[0];
        assert_eq!(
            window(&order, line, Some(&availability), DAY_MS),
            Window::Open { until_ms: 30 * DAY_MS }
        );
        assert_eq!(
            window(&order, line, Some(&availability), 31 * DAY_MS),
            Window::Passed { until_ms: 30 * DAY_MS }
        );
        assert_eq!(window(&order, line, None, 0), Window::Unknown);
        let plain = pc::Availability {
            terms: vec![pc::Term { duration: "P1Y".into(), ..Default::default() }],
            ..Default::default()
        };
        assert_eq!(window(&order, line, Some(&plain), 0), Window::Unknown);
    }

    #[test]
    fn only_bought_lines_of_one_time_orders_and_the_body_names_them() {
        let order = order_at(0);
        let lines: Vec<i64> = cancellable(&order).iter().map(|l| l.line_item_number).collect();
        assert_eq!(lines, [0]);
        let monthly = pc::Order { billing_cycle: Some(pc::BillingCycle::Monthly), ..order_at(0) };
        assert!(cancellable(&monthly).is_empty());
        let body = cancel_body("o1", &[order.line_items[0].clone()]);
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["status"], "cancelled");
        assert_eq!(json["id"], "o1");
        assert_eq!(json["lineItems"][0]["lineItemNumber"], 0);
        assert_eq!(json["lineItems"][0]["offerId"], "A:1:X");
    }
}

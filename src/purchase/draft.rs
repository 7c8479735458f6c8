//! The cart draft: kept in browser storage per customer so a reload loses nothing, including
//! a checkout that was under way. Versioned; saved data that cannot be read is discarded
//! (and the partner told), never a crash.

use procura_partner_center as pc;
use serde::{Deserialize, Serialize};

use super::line::{CustomerRef, DraftLine};
use crate::browser;

const VERSION: u32 = 1;
const KEY_PREFIX: &str = "procura.cart.v1.";

/// A checkout sent (or about to be): its request id is the idempotency key, so repeating it
/// after a lost response or a reload returns the first outcome instead of a second order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingCheckout {
    pub cart_id: String,
    pub request_id: String,
}

/// What the last checkout produced, kept until the partner starts a new cart.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckoutOutcome {
    pub order_ids: Vec<String>,
    /// (order group, code, Partner Center's description)
    pub order_errors: Vec<(String, i64, String)>,
    /// The cart had been checked out by an earlier request whose answer was lost.
    pub already_submitted: bool,
}

impl CheckoutOutcome {
    pub fn of(result: &pc::CartCheckoutResult) -> CheckoutOutcome {
        CheckoutOutcome {
            order_ids: result.orders.iter().filter_map(|o| o.id.clone()).collect(),
            order_errors: result
                .order_errors
                .iter()
                .map(|e| {
                    (e.order_group_id.clone(), e.code, e.description.clone().unwrap_or_default())
                })
                .collect(),
            already_submitted: false,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CartDraft {
    pub version: u32,
    pub customer: CustomerRef,
    pub lines: Vec<DraftLine>,
    /// The server's cart, once created, and whether it has the lines as they are now.
    pub cart_id: Option<String>,
    pub synced: bool,
    /// The request id of the create/update on its way (reused by its retries).
    pub sync_request_id: Option<String>,
    pub pending: Option<PendingCheckout>,
    pub outcome: Option<CheckoutOutcome>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum DraftLoad {
    Loaded(CartDraft),
    Empty,
    /// Something was saved but could not be read; it has been removed.
    Discarded,
}

impl CartDraft {
    pub fn new(customer: CustomerRef) -> CartDraft {
        CartDraft { version: VERSION, customer, ..Default::default() }
    }

    fn key(customer_id: &str) -> String {
        format!("{KEY_PREFIX}{}", customer_id.to_ascii_lowercase())
    }

    /// Reads saved text; anything but this version's draft for this customer is refused.
    pub fn parse(text: &str, customer_id: &str) -> Option<CartDraft> {
        let d: CartDraft = serde_json::from_str(text).ok()?;
        (d.version == VERSION
            && d.customer.id.eq_ignore_ascii_case(customer_id)
            && d.lines.iter().all(|l| l.quantity >= 0))
        .then_some(d)
    }

    pub fn load(customer_id: &str) -> DraftLoad {
        let key = Self::key(customer_id);
        match browser::storage_get(&key) {
            None => DraftLoad::Empty,
            Some(text) => match Self::parse(&text, customer_id) {
                Some(d) => DraftLoad::Loaded(d),
                None => {
                    browser::storage_remove(&key);
                    DraftLoad::Discarded
                }
            },
        }
    }

    pub fn save(&self) {
        if let Ok(text) = serde_json::to_string(self) {
            browser::storage_set(&Self::key(&self.customer.id), &text);
        }
    }

    /// A change of lines: the server's copy is stale until the next synchronization.
    pub fn touch(&mut self) {
        self.synced = false;
        self.sync_request_id = None;
        for l in &mut self.lines {
            l.server_error = None;
            l.order_group = None;
        }
    }

    /// The lines as a Partner Center cart (ids are positions).
    pub fn to_cart(&self) -> pc::Cart {
        pc::Cart {
            id: self.cart_id.clone(),
            line_items: self
                .lines
                .iter()
                .enumerate()
                .map(|(i, l)| l.to_cart_line(i as i64))
                .collect(),
            ..Default::default()
        }
    }

    /// Takes what the server said about each line (its errors and order groups).
    pub fn absorb(&mut self, cart: &pc::Cart) {
        self.cart_id = cart.id.clone().or(self.cart_id.take());
        self.synced = true;
        self.sync_request_id = None;
        for (i, l) in self.lines.iter_mut().enumerate() {
            let server = cart
                .line_items
                .iter()
                .find(|s| s.id == i as i64)
                .or_else(|| cart.line_items.get(i));
            l.server_error = server.and_then(|s| s.error.as_ref()).map(|e| {
                e.error_description
                    .clone()
                    .unwrap_or_else(|| pc::codes::cart_line::name(e.error_code).to_string())
            });
            l.order_group = server.and_then(|s| s.order_group.clone());
        }
    }

    /// After a checkout: the outcome stays, the lines go.
    pub fn finish(&mut self, outcome: CheckoutOutcome) {
        self.lines.clear();
        self.cart_id = None;
        self.synced = false;
        self.pending = None;
        self.outcome = Some(outcome);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer() -> CustomerRef {
        CustomerRef { id: "C1".into(), name: "Hokusai".into(), country: "JP".into() }
    }

    #[test]
    fn round_trip_and_refusals() {
        let mut d = CartDraft::new(customer());
        d.lines.push(DraftLine {
            catalog_item_id: "P:S:A".into(),
            quantity: 3,
            unit_price: Some("27000".into()),
            ..Default::default()
        });
        d.pending = Some(PendingCheckout { cart_id: "cart".into(), request_id: "rid".into() });
        let text = serde_json::to_string(&d).unwrap();
        assert_eq!(CartDraft::parse(&text, "c1"), Some(d.clone()));
        assert_eq!(CartDraft::parse(&text, "other"), None);
        assert_eq!(CartDraft::parse("{not json", "c1"), None);
        assert_eq!(CartDraft::parse(&text.replace("\"version\":1", "\"version\":9"), "c1"), None);
        assert_eq!(
            CartDraft::parse(
                r#"{"version":1,"customer":{"id":"c1"},"lines":[{"quantity":-4}]}"#,
                "c1"
            ),
            None
        );
        assert_eq!(
            CartDraft::parse(r#"{"version":1,"customer":{"id":"c1"},"lines":"x"}"#, "c1"),
            None
        );
    }

    #[test]
    fn server_errors_and_groups_are_absorbed_then_cleared_by_a_change() {
        let mut d = CartDraft::new(customer());
        d.lines.push(DraftLine { catalog_item_id: "A".into(), quantity: 1, ..Default::default() });
        let mut cart = d.to_cart();
        cart.id = Some("k".into());
        cart.line_items[0].order_group = Some("0".into());
        cart.line_items[0].error = Some(pc::CartError {
            error_code: 10011,
            error_description: Some("not registered".into()),
            ..Default::default()
        });
        d.absorb(&cart);
        assert!(d.synced);
        assert_eq!(d.cart_id.as_deref(), Some("k"));
        assert_eq!(d.lines[0].server_error.as_deref(), Some("not registered"));
        d.touch();
        assert!(!d.synced);
        assert_eq!(d.lines[0].server_error, None);
        assert_eq!(d.cart_id.as_deref(), Some("k"));
    }
}

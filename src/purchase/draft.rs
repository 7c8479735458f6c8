//! The cart draft: kept in browser storage per customer so a reload loses nothing, including
//! a checkout that was under way. Versioned; saved data that cannot be read is discarded
//! (and the partner told), never a crash.

use procura_partner_center as pc;
use serde::{Deserialize, Serialize};

use super::line::{CustomerRef, DraftLine};
use crate::storage::{Loaded, Record, StorageError, Stored};

const VERSION: u32 = 1;

/// A checkout sent (or about to be): its request id is the idempotency key, so repeating it
/// after a lost response or a reload returns the first outcome instead of a second order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingCheckout {
    pub cart_id: String,
    pub request_id: String,
    /// When it was first recorded (this browser's clock, ms): its orders are no older. Drafts
    /// saved before this field read as unknown.
    #[serde(default)]
    pub since_ms: Option<i64>,
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
    /// The orders as the checkout returned them (what was bought, at what price), for the
    /// result page; empty when only their ids are known.
    pub orders: Vec<pc::Order>,
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
            orders: result.orders.clone(),
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
    /// The partner's partner-of-record attestation, which Partner Center requires with every
    /// cart. Only the partner gives it (a checkbox); it is kept with the draft.
    pub attested: bool,
}

/// Only this version's drafts, with no negative quantity, are read back.
impl Record for CartDraft {
    fn is_current(&self) -> bool {
        self.version == VERSION && self.lines.iter().all(|l| l.quantity >= 0)
    }
}

impl CartDraft {
    /// Drafts are kept under this prefix and the customer's id.
    pub const KEY_PREFIX: &'static str = "procura.cart.v1.";

    pub fn new(customer: CustomerRef) -> CartDraft {
        CartDraft { version: VERSION, customer, ..Default::default() }
    }

    /// Where a customer's draft is kept (one per customer, so switching loses nothing).
    pub fn stored(customer_id: &str) -> Stored<CartDraft> {
        Stored::new(format!("{}{}", Self::KEY_PREFIX, customer_id.to_ascii_lowercase()))
    }

    /// The saved draft of this customer; one saved under their key for someone else is
    /// discarded like unreadable text.
    pub fn load(customer_id: &str) -> Loaded<CartDraft> {
        let stored = Self::stored(customer_id);
        match stored.load() {
            Loaded::Found(d) if !d.customer.id.eq_ignore_ascii_case(customer_id) => {
                let _ = stored.clear();
                Loaded::Discarded
            }
            other => other,
        }
    }

    /// Saves the draft. The caller decides what a failure means: an edit is still shown
    /// (and the partner warned), a checkout is not sent.
    pub fn save(&self) -> Result<(), StorageError> {
        Self::stored(&self.customer.id).save(self)
    }

    /// A new line: the last checkout's outcome gives way to the new cart.
    pub fn add(&mut self, line: DraftLine) {
        self.outcome = None;
        self.lines.push(line);
        self.touch();
    }

    /// A change of lines: the server's copy is stale until the next synchronization.
    pub fn touch(&mut self) {
        self.synced = false;
        self.sync_request_id = None;
        for l in &mut self.lines {
            l.server_error = None;
            l.order_group = None;
            l.unit_price = None;
            l.extended_price = None;
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
            partner_on_record_attestation_accepted: self.attested.then_some(true),
            ..Default::default()
        }
    }

    /// The partner gives (or takes back) the attestation: the server's cart must be told.
    pub fn attest(&mut self, attested: bool) {
        self.attested = attested;
        self.synced = false;
        self.sync_request_id = None;
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
            let pricing = server.and_then(|s| s.pricing.as_ref());
            l.unit_price = pricing.and_then(|p| p.price);
            l.extended_price = pricing.and_then(|p| p.extended_price);
            if let Some(c) = server.and_then(|s| s.currency_code.clone()) {
                l.currency = Some(c);
            }
        }
    }

    /// After a checkout: the outcome stays, the lines placed go, and the next cart needs the
    /// partner's attestation anew. The lines of order groups that failed stay, with their
    /// cart: checking that cart out again re-attempts just those groups (checkout-a-cart.md).
    pub fn finish(&mut self, outcome: CheckoutOutcome) {
        let failed: Vec<&str> = outcome.order_errors.iter().map(|(g, _, _)| g.as_str()).collect();
        self.lines.retain(|l| l.order_group.as_deref().is_some_and(|g| failed.contains(&g)));
        if self.lines.is_empty() {
            self.attested = false;
            self.cart_id = None;
            self.synced = false;
        }
        self.pending = None;
        self.outcome = Some(outcome);
    }

    /// Lines of failed orders kept for another attempt of the same cart.
    pub fn can_retry(&self) -> bool {
        self.outcome.as_ref().is_some_and(|o| !o.order_errors.is_empty())
            && !self.lines.is_empty()
            && self.synced
            && self.cart_id.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage;
    use rust_decimal::Decimal;

    fn customer() -> CustomerRef {
        CustomerRef { id: "C1".into(), name: "Hokusai".into(), country: "JP".into() }
    }

    #[test]
    fn round_trip_and_refusals() {
        let mut d = CartDraft::new(customer());
        d.lines.push(DraftLine {
            catalog_item_id: "P:S:A".into(),
            quantity: 3,
            unit_price: Some(Decimal::from(27000)),
            extended_price: Some(Decimal::from(81000)),
            ..Default::default()
        });
        d.pending = Some(PendingCheckout {
            cart_id: "cart".into(),
            request_id: "rid".into(),
            since_ms: None,
        });
        d.save().unwrap();
        assert_eq!(CartDraft::load("c1"), Loaded::Found(d.clone()), "the key ignores case");
        assert_eq!(CartDraft::load("other"), Loaded::Empty);

        let key = CartDraft::stored("c1").key().to_string();
        let text = serde_json::to_string(&d).unwrap();
        for bad in [
            "{not json".to_string(),
            text.replace("\"version\":1", "\"version\":9"),
            r#"{"version":1,"customer":{"id":"c1"},"lines":[{"quantity":-4}]}"#.into(),
            r#"{"version":1,"customer":{"id":"c1"},"lines":"x"}"#.into(),
            r#"{"version":1,"customer":{"id":"someone-else"}}"#.into(),
        ] {
            storage::write(&key, &bad).unwrap();
            assert_eq!(CartDraft::load("c1"), Loaded::Discarded, "{bad}");
            assert_eq!(CartDraft::load("c1"), Loaded::Empty, "discarded once: {bad}");
        }
    }

    #[test]
    fn the_attestation_goes_with_the_cart_and_each_purchase_needs_its_own() {
        let mut d = CartDraft::new(customer());
        d.lines.push(DraftLine { catalog_item_id: "A".into(), quantity: 1, ..Default::default() });
        d.synced = true;
        assert_eq!(d.to_cart().partner_on_record_attestation_accepted, None, "never on its own");
        d.attest(true);
        assert!(!d.synced, "the server's cart must be told");
        assert_eq!(d.to_cart().partner_on_record_attestation_accepted, Some(true));
        d.finish(CheckoutOutcome::default());
        assert!(!d.attested, "the next purchase is attested anew");
        let old: CartDraft =
            serde_json::from_str(r#"{"version":1,"customer":{"id":"C1"}}"#).unwrap();
        assert!(!old.attested, "drafts saved before read as not attested");
    }

    #[test]
    fn the_lines_of_failed_orders_stay_with_their_cart_for_another_attempt() {
        let mut d = CartDraft::new(customer());
        for (item, group) in [("A", "0"), ("B", "1"), ("C", "1")] {
            d.lines.push(DraftLine {
                catalog_item_id: item.into(),
                quantity: 1,
                order_group: Some(group.into()),
                ..Default::default()
            });
        }
        d.attest(true);
        d.cart_id = Some("cart".into());
        d.synced = true;
        d.finish(CheckoutOutcome {
            order_ids: vec!["o-1".into()],
            order_errors: vec![("1".into(), 800009, "no".into())],
            ..Default::default()
        });
        let kept: Vec<&str> = d.lines.iter().map(|l| l.catalog_item_id.as_str()).collect();
        assert_eq!(kept, ["B", "C"]);
        assert!(d.can_retry() && d.attested && d.cart_id.as_deref() == Some("cart"));
        d.finish(CheckoutOutcome { order_ids: vec!["o-2".into()], ..Default::default() });
        assert!(d.lines.is_empty() && !d.can_retry() && !d.attested && d.cart_id.is_none());
    }

    #[test]
    fn server_errors_and_groups_are_absorbed_then_cleared_by_a_change() {
        let mut d = CartDraft::new(customer());
        d.lines.push(DraftLine { catalog_item_id: "A".into(), quantity: 1, ..Default::default() });
        let mut cart = d.to_cart();
        cart.id = Some("k".into());
        cart.line_items[0].order_group = Some("0".into());
        cart.line_items[0].error = Some(pc::CartError {
            error_code: pc::codes::cart_line::SUBSCRIPTION_NOT_REGISTERED,
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

//! Carts, their line items and errors, and the checkout result (contract §2).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::catalog::BillingCycle;
use crate::common::{KeyValue, Links, ResourceAttributes};
use crate::order::{Order, Pricing};
use crate::wire::Timestamp;
use crate::{resource, wire, wire_enum};

wire_enum! {
    CartStatus { Active = "Active", Ordered = "Ordered" }
}

/// The participant key of a line's indirect reseller of record (create-a-cart.md).
const TRANSACTION_RESELLER: &str = "transaction_reseller";

/// A line's `participants` naming its indirect reseller of record.
pub fn transaction_reseller(partner_id: &str) -> Vec<KeyValue> {
    vec![KeyValue {
        key: TRANSACTION_RESELLER.into(),
        value: partner_id.into(),
        extra: Default::default(),
    }]
}

resource! {
    pub struct RenewsTo {
        pub term_duration: String,
    }
}

resource! {
    pub struct CartError {
        /// A CartErrorCode number (10000-10019, 500600); see [`crate::codes::cart_line`].
        #[serde(with = "wire::int")]
        pub error_code: i64,
        pub error_description: Option<String>,
        pub additional_information: Option<serde_json::Map<String, Value>>,
        pub attributes: Option<ResourceAttributes>,
    }
}

resource! {
    pub struct CartLineItem {
        #[serde(with = "wire::int")]
        pub id: i64,
        pub catalog_item_id: String,
        pub friendly_name: Option<String>,
        #[serde(with = "wire::int")]
        pub quantity: i64,
        pub currency_code: Option<String>,
        pub billing_cycle: Option<BillingCycle>,
        pub term_duration: Option<String>,
        pub promotion_id: Option<String>,
        pub participants: Option<Vec<KeyValue>>,
        pub provisioning_context: Option<BTreeMap<String, String>>,
        pub order_group: Option<String>,
        pub addon_items: Option<Vec<CartLineItem>>,
        #[serde(with = "wire::one_or_first")]
        pub renews_to: Option<RenewsTo>,
        pub error: Option<CartError>,
        pub custom_term_end_date: Option<Timestamp>,
        pub attestation_accepted: Option<bool>,
        pub pricing: Option<Pricing>,
    }
}

/// A provisioning-context value, whatever the casing of its key (the service reads them
/// case-insensitively).
pub fn context_value<'a>(
    context: Option<&'a BTreeMap<String, String>>,
    key: &str,
) -> Option<&'a str> {
    context?.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v.as_str())
}

impl CartLineItem {
    pub fn context(&self, key: &str) -> Option<&str> {
        context_value(self.provisioning_context.as_ref(), key)
    }

    /// The reseller PartnerIDs the line names (its `transaction_reseller` participants).
    pub fn transaction_resellers(&self) -> Vec<&str> {
        self.participants
            .iter()
            .flatten()
            .filter(|p| p.key.eq_ignore_ascii_case(TRANSACTION_RESELLER))
            .map(|p| p.value.trim())
            .collect()
    }
}

resource! {
    pub struct Cart {
        pub id: Option<String>,
        pub creation_timestamp: Option<Timestamp>,
        pub last_modified_timestamp: Option<Timestamp>,
        pub expiration_timestamp: Option<Timestamp>,
        pub last_modified_user: Option<String>,
        pub line_items: Vec<CartLineItem>,
        pub status: Option<CartStatus>,
        pub partner_on_record_attestation_accepted: Option<bool>,
        pub links: Option<Links>,
        pub attributes: Option<ResourceAttributes>,
    }
}

resource! {
    pub struct OrderError {
        pub order_group_id: String,
        #[serde(with = "wire::int")]
        pub code: i64,
        pub description: Option<String>,
        pub attributes: Option<ResourceAttributes>,
    }
}

resource! {
    pub struct CartCheckoutResult {
        pub orders: Vec<Order>,
        pub order_errors: Vec<OrderError>,
        pub attributes: Option<ResourceAttributes>,
    }
}

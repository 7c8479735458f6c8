//! Orders, their line items and provisioning status (contract §3).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::cart::RenewsTo;
use crate::catalog::BillingCycle;
use crate::common::{Links, ResourceAttributes};
use crate::wire::Timestamp;
use crate::{resource, wire, wire_enum};

wire_enum! {
    /// OrderStatus, in position order (values 5-10 spelled as the docs do).
    OrderStatus {
        Unknown = "unknown", Completed = "completed", Pending = "pending", Cancelled = "cancelled", Suspended = "suspended",
        PendingReview = "pending review", PendingPoUpload = "pending po upload", PoUploadComplete = "po upload complete",
        PoReviewRejected = "po review rejected", PartialSuccess = "partial success", Error = "error",
    }
}

resource! {
    /// Pre-tax prices of a line (new commerce).
    pub struct Pricing {
        #[serde(with = "wire::opt_decimal")]
        pub list_price: Option<Decimal>,
        #[serde(with = "wire::opt_decimal")]
        pub discounted_price: Option<Decimal>,
        #[serde(with = "wire::opt_decimal")]
        pub prorated_price: Option<Decimal>,
        #[serde(with = "wire::opt_decimal")]
        pub price: Option<Decimal>,
        #[serde(with = "wire::opt_decimal")]
        pub extended_price: Option<Decimal>,
    }
}

resource! {
    pub struct OrderLineItem {
        #[serde(with = "wire::int")]
        pub line_item_number: i64,
        pub offer_id: String,
        pub subscription_id: Option<String>,
        pub parent_subscription_id: Option<String>,
        pub friendly_name: Option<String>,
        #[serde(with = "wire::int")]
        pub quantity: i64,
        pub term_duration: Option<String>,
        pub transaction_type: Option<String>,
        pub partner_id_on_record: Option<String>,
        pub provisioning_context: Option<BTreeMap<String, String>>,
        #[serde(with = "wire::one_or_first")]
        pub renews_to: Option<RenewsTo>,
        pub pricing: Option<Pricing>,
        /// Required where the SKU enforces attestation (order-resources.md).
        pub attestation_accepted: Option<bool>,
        pub links: Option<Links>,
        pub attributes: Option<ResourceAttributes>,
    }
}

impl OrderLineItem {
    /// A provisioning-context value, whatever the casing of its key.
    pub fn context(&self, key: &str) -> Option<&str> {
        crate::cart::context_value(self.provisioning_context.as_ref(), key)
    }
}

resource! {
    pub struct Order {
        pub id: Option<String>,
        pub alternate_id: Option<String>,
        pub reference_customer_id: Option<String>,
        pub billing_cycle: Option<BillingCycle>,
        pub transaction_type: Option<String>,
        pub line_items: Vec<OrderLineItem>,
        pub currency_code: Option<String>,
        pub currency_symbol: Option<String>,
        pub creation_date: Option<Timestamp>,
        pub status: Option<OrderStatus>,
        #[serde(with = "wire::opt_decimal")]
        pub total_price: Option<Decimal>,
        /// A request field (create-an-order.md): the partner's partner-of-record statement.
        pub partner_on_record_attestation_accepted: Option<bool>,
        pub links: Option<Links>,
        pub attributes: Option<ResourceAttributes>,
    }
}

wire_enum! {
    ProvisioningStatus { Unknown = "unknown", Fulfilled = "fulfilled", Unfulfilled = "unfulfilled", PrefulfillmentPending = "prefulfillmentpending" }
}

resource! {
    pub struct QuantityProvisioningStatus {
        #[serde(with = "wire::int")]
        pub quantity: i64,
        pub status: ProvisioningStatus,
    }
}

resource! {
    pub struct OrderLineItemProvisioningStatus {
        #[serde(with = "wire::opt_int")]
        pub order_line_item_id: Option<i64>,
        #[serde(with = "wire::int")]
        pub line_item_number: i64,
        pub status: ProvisioningStatus,
        pub quantity_provisioning_information: Vec<QuantityProvisioningStatus>,
    }
}

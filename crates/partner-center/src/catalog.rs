//! Discovery: products, SKUs, availabilities and the inventory check (contract §1).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::common::{Links, ResourceAttributes};
use crate::{resource, wire, wire_enum};

wire_enum! {
    /// BillingCycleType, in position order.
    BillingCycle { Unknown = "unknown", Monthly = "monthly", Annual = "annual", None = "none", OneTime = "one_time", Triennial = "triennial", Biennial = "biennial" }
}

resource! {
    /// `productType` / `subType`: an open-ended `{id, displayName, subType?}`.
    pub struct ItemType {
        pub id: String,
        pub display_name: Option<String>,
        pub sub_type: Option<Box<ItemType>>,
    }
}

resource! {
    pub struct Product {
        pub id: String,
        pub title: String,
        pub description: Option<String>,
        pub product_type: Option<ItemType>,
        pub is_microsoft_product: Option<bool>,
        pub publisher_name: Option<String>,
        pub links: Option<Links>,
        pub attributes: Option<ResourceAttributes>,
    }
}

resource! {
    /// product-resources.md `AttestationProperties`: whether buying the SKU needs the
    /// partner's attestation (`AttestationAccepted` on the line), and of what kind.
    pub struct AttestationProperties {
        pub attestation_type: Option<String>,
        pub enforce_attestation: Option<bool>,
    }
}

resource! {
    pub struct Sku {
        pub id: String,
        pub product_id: Option<String>,
        pub title: String,
        pub description: Option<String>,
        #[serde(with = "wire::opt_int")]
        pub minimum_quantity: Option<i64>,
        #[serde(with = "wire::opt_int")]
        pub maximum_quantity: Option<i64>,
        pub is_trial: Option<bool>,
        pub supported_billing_cycles: Vec<BillingCycle>,
        pub purchase_prerequisites: Vec<String>,
        pub inventory_variables: Vec<String>,
        pub provisioning_variables: Vec<String>,
        pub dynamic_attributes: Option<serde_json::Map<String, Value>>,
        pub actions: Option<Vec<String>>,
        pub attestation_properties: Option<AttestationProperties>,
        pub links: Option<Links>,
        pub attributes: Option<ResourceAttributes>,
    }
}

impl Sku {
    /// The attestation this SKU enforces (its type, "" if unnamed), if any.
    pub fn enforced_attestation(&self) -> Option<String> {
        let a = self.attestation_properties.as_ref()?;
        (a.enforce_attestation == Some(true))
            .then(|| a.attestation_type.clone().unwrap_or_default())
    }

    pub fn requires(&self, prerequisite: &str) -> bool {
        self.purchase_prerequisites.iter().any(|p| p.eq_ignore_ascii_case(prerequisite))
    }
}

resource! {
    pub struct CurrencyInfo {
        pub code: String,
        pub symbol: Option<String>,
    }
}

resource! {
    pub struct RenewalOption {
        pub term_duration: Option<String>,
        pub description: Option<String>,
    }
}

resource! {
    /// An availability's term (`duration` P1M/P1Y/P3Y).
    pub struct Term {
        pub id: Option<String>,
        pub duration: String,
        pub description: Option<String>,
        pub billing_cycle: Option<BillingCycle>,
        pub renewal_options: Option<Vec<RenewalOption>>,
        pub cancellation_policies: Option<Vec<Value>>,
    }
}

resource! {
    pub struct Availability {
        pub id: String,
        pub product_id: Option<String>,
        pub sku_id: Option<String>,
        pub catalog_item_id: String,
        pub default_currency: Option<CurrencyInfo>,
        pub segment: Option<String>,
        pub country: Option<String>,
        pub is_purchasable: Option<bool>,
        pub is_renewable: Option<bool>,
        pub renewal_instructions: Option<Vec<Value>>,
        pub terms: Vec<Term>,
        pub product: Option<Box<Product>>,
        pub sku: Option<Box<Sku>>,
        pub links: Option<Links>,
        pub attributes: Option<ResourceAttributes>,
    }
}

resource! {
    pub struct InventoryRestriction {
        pub reason_code: String,
        pub description: Option<String>,
        pub properties: BTreeMap<String, String>,
    }
}

resource! {
    pub struct InventoryItem {
        pub product_id: String,
        pub sku_id: Option<String>,
        pub is_restricted: Option<bool>,
        pub restrictions: Option<Vec<InventoryRestriction>>,
    }
}

resource! {
    pub struct InventoryCheckRequest {
        pub target_items: Vec<InventoryItem>,
        pub inventory_context: BTreeMap<String, String>,
        pub links: Option<Links>,
    }
}

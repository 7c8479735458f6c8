//! Entitlements, with reservation details for Azure reservations (contract §4).

use serde_json::Value;

use crate::common::{Link, ResourceAttributes};
use crate::wire::Timestamp;
use crate::{resource, wire};

resource! {
    pub struct ReferenceOrder {
        pub id: String,
        #[serde(with = "wire::text")]
        pub line_item_id: String,
        pub alternate_id: Option<String>,
    }
}

resource! {
    /// An entitled artifact; reserved instances carry `link` and `resourceId`.
    pub struct Artifact {
        pub artifact_type: String,
        pub dynamic_attributes: Option<serde_json::Map<String, Value>>,
        pub link: Option<Link>,
        pub resource_id: Option<String>,
    }
}

resource! {
    pub struct QuantityDetail {
        #[serde(with = "wire::int")]
        pub quantity: i64,
        pub status: String,
    }
}

resource! {
    pub struct Entitlement {
        pub reference_order: Option<ReferenceOrder>,
        pub product_id: String,
        pub sku_id: String,
        #[serde(with = "wire::int")]
        pub quantity: i64,
        pub quantity_details: Option<Vec<QuantityDetail>>,
        pub entitlement_type: String,
        pub entitled_artifacts: Vec<Artifact>,
        pub included_entitlements: Vec<Entitlement>,
        pub expiry_date: Option<Timestamp>,
        pub fulfillment_state: Option<String>,
        pub dynamic_attributes: Option<serde_json::Map<String, Value>>,
        pub attributes: Option<ResourceAttributes>,
    }
}

resource! {
    pub struct Reservation {
        pub reservation_id: String,
        pub scope_type: Option<String>,
        pub display_name: Option<String>,
        pub applied_scopes: Option<Vec<String>>,
        #[serde(with = "wire::int")]
        pub quantity: i64,
        pub expiry_date_time: Option<Timestamp>,
        pub effective_date_time: Option<Timestamp>,
        pub provisioning_state: Option<String>,
    }
}

resource! {
    /// The reservations behind a reserved-instance artifact. The docs' v1.9 example lists them
    /// under `virtualMachineReservations`, the SDK under `reservations`: both are read.
    pub struct ReservedInstanceArtifactDetails {
        #[serde(rename = "type")]
        pub kind: String,
        pub reservations: Option<Vec<Reservation>>,
        pub virtual_machine_reservations: Option<Vec<Reservation>>,
    }
}

impl ReservedInstanceArtifactDetails {
    pub fn all_reservations(&self) -> impl Iterator<Item = &Reservation> {
        self.reservations.iter().flatten().chain(self.virtual_machine_reservations.iter().flatten())
    }
}

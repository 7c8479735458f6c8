//! Customers (what a picker needs), their subscriptions (for add-ons) and subscription
//! registration for Azure reservations (contract §6).

use crate::catalog::BillingCycle;
use crate::common::{Links, ResourceAttributes};
use crate::wire::Timestamp;
use crate::{resource, wire, wire_enum};

resource! {
    pub struct CompanyProfile {
        pub tenant_id: Option<String>,
        pub domain: String,
        pub company_name: String,
    }
}

resource! {
    pub struct Address {
        pub country: String,
        pub city: Option<String>,
        pub region: Option<String>,
        pub postal_code: Option<String>,
        pub address_line1: Option<String>,
    }
}

resource! {
    pub struct BillingProfile {
        pub id: Option<String>,
        pub email: Option<String>,
        pub culture: Option<String>,
        pub language: Option<String>,
        pub company_name: Option<String>,
        pub default_address: Option<Address>,
    }
}

resource! {
    pub struct Customer {
        pub id: String,
        pub company_profile: Option<CompanyProfile>,
        pub billing_profile: Option<BillingProfile>,
        pub relationship_to_partner: Option<String>,
        pub links: Option<Links>,
        pub attributes: Option<ResourceAttributes>,
    }
}

impl Customer {
    pub fn name(&self) -> &str {
        self.company_profile.as_ref().map(|p| p.company_name.as_str()).unwrap_or("")
    }
    pub fn domain(&self) -> &str {
        self.company_profile.as_ref().map(|p| p.domain.as_str()).unwrap_or("")
    }
    pub fn country(&self) -> &str {
        self.billing_profile
            .as_ref()
            .and_then(|b| b.default_address.as_ref())
            .map(|a| a.country.as_str())
            .unwrap_or("")
    }
}

wire_enum! {
    SubscriptionStatus { None = "none", Active = "active", Pending = "pending", Suspended = "suspended", Expired = "expired", Disabled = "disabled", Deleted = "deleted" }
}

resource! {
    pub struct Subscription {
        pub id: String,
        pub offer_id: String,
        pub entitlement_id: Option<String>,
        pub offer_name: Option<String>,
        pub friendly_name: Option<String>,
        #[serde(with = "wire::int")]
        pub quantity: i64,
        pub unit_type: Option<String>,
        pub parent_subscription_id: Option<String>,
        pub creation_date: Option<Timestamp>,
        pub commitment_end_date: Option<Timestamp>,
        pub status: SubscriptionStatus,
        pub auto_renew_enabled: Option<bool>,
        pub billing_type: Option<String>,
        pub billing_cycle: Option<BillingCycle>,
        pub has_purchasable_addons: Option<bool>,
        pub is_trial: Option<bool>,
        pub order_id: Option<String>,
        pub term_duration: Option<String>,
        pub links: Option<Links>,
        pub attributes: Option<ResourceAttributes>,
    }
}

wire_enum! {
    RegistrationStatus { NotRegistered = "notregistered", Registering = "registering", Registered = "registered" }
}

resource! {
    pub struct SubscriptionRegistrationStatus {
        pub subscription_id: String,
        pub status: RegistrationStatus,
        pub attributes: Option<ResourceAttributes>,
    }
}

//! A cart line as the partner builds it, and the customer it is for.

use std::collections::BTreeMap;

use procura_partner_center as pc;
use procura_rules as rules;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::facts::LineFacts;

/// The customer purchases are for: what the flows need to know of them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerRef {
    pub id: String,
    pub name: String,
    pub country: String,
}

impl CustomerRef {
    pub fn of(c: &pc::Customer) -> CustomerRef {
        CustomerRef {
            id: c.id.clone(),
            name: c.name().to_string(),
            country: c.country().to_string(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DraftLine {
    pub catalog_item_id: String,
    pub product_title: String,
    pub sku_title: String,
    /// The rules' product kind (`software-subscription`, ...).
    pub kind: String,
    pub quantity: i64,
    pub term: Option<String>,
    /// Wire spelling (`one_time`, `monthly`, ...).
    pub billing: Option<String>,
    pub provisioning: BTreeMap<String, String>,
    pub currency: Option<String>,
    /// A decimal as text (money is never a float).
    pub unit_price: Option<String>,
    pub facts: LineFacts,
    /// What the partner established before adding the line.
    pub inventory_checked: Option<bool>,
    pub subscription_registered: Option<bool>,
    /// The server's error for this line after the last synchronization.
    pub server_error: Option<String>,
    pub order_group: Option<String>,
}

impl DraftLine {
    pub fn kind(&self) -> rules::ProductKind {
        rules::ProductKind::parse(&self.kind).unwrap_or(rules::ProductKind::OnlineService)
    }

    pub fn line_total(&self) -> Option<Decimal> {
        let price: Decimal = self.unit_price.as_deref()?.parse().ok()?;
        price.checked_mul(Decimal::from(self.quantity))
    }

    /// The rules' view of this line for a customer in `country`.
    pub fn intent<'a>(&'a self, country: &str) -> rules::PurchaseIntent<'a> {
        let f = &self.facts;
        let mut i = rules::PurchaseIntent::new(self.kind());
        i.customer = rules::Market {
            country: rules::Country::parse(country),
            currency: None,
            segment: None,
        };
        i.catalog_item_id = Some(&self.catalog_item_id);
        i.term = self.term.as_deref().and_then(rules::Term::parse);
        i.billing = self.billing.as_deref().and_then(rules::BillingCycle::parse);
        i.quantity = Some(self.quantity);
        let vars = |names: &mut dyn Iterator<Item = &String>| {
            names
                .filter_map(|v| rules::ProvisioningVars::parse(v))
                .fold(rules::ProvisioningVars::default(), |a, b| a.union(b))
        };
        i.sku = rules::SkuFacts {
            min_quantity: f.min_quantity.and_then(|v| u64::try_from(v).ok()),
            max_quantity: f.max_quantity.and_then(|v| u64::try_from(v).ok()),
            billing_cycles: (!f.billing_cycles.is_empty()).then(|| {
                f.billing_cycles.iter().filter_map(|b| rules::BillingCycle::parse(b)).collect()
            }),
            prerequisites: Some(rules::Prerequisites {
                inventory_check: f.requires("InventoryCheck"),
                subscription_registration: f.requires("AzureSubscriptionRegistration"),
            }),
            provisioning_variables: vars(&mut f.provisioning_variables.iter()),
        };
        i.availability = Some(rules::AvailabilityFacts {
            market: rules::Market {
                country: f.availability_country.as_deref().and_then(rules::Country::parse),
                currency: f.availability_currency.as_deref().and_then(rules::Currency::parse),
                segment: f.availability_segment.as_deref().and_then(rules::Segment::parse),
            },
            terms: (!f.terms.is_empty())
                .then(|| f.terms.iter().filter_map(|t| rules::Term::parse(t)).collect()),
        });
        i.inventory_checked = self.inventory_checked;
        i.subscription_registered = self.subscription_registered;
        i.provisioning_filled = vars(
            &mut self.provisioning.iter().filter(|(_, v)| !v.trim().is_empty()).map(|(k, _)| k),
        );
        i.parent_subscription = self.provisioning.get("parentSubscriptionId").map(String::as_str);
        i
    }

    /// The line as Partner Center's cart takes it.
    pub fn to_cart_line(&self, id: i64) -> pc::CartLineItem {
        pc::CartLineItem {
            id,
            catalog_item_id: self.catalog_item_id.clone(),
            friendly_name: Some(self.sku_title.clone()),
            quantity: self.quantity,
            billing_cycle: self.billing.as_deref().map(pc::BillingCycle::from_wire),
            term_duration: self.term.clone(),
            provisioning_context: (!self.provisioning.is_empty())
                .then(|| self.provisioning.clone()),
            ..Default::default()
        }
    }
}

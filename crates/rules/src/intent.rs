//! A purchase intent: what the partner means to buy, with everything known about the
//! customer, the catalog item and the prerequisites. `None` always means "not known", and a
//! rule that needs an unknown fact does not fire (except where its absence is the problem).

use crate::country::Country;
use crate::kind::{Cloud, ProductKind};
use crate::term::{BillingCycle, BillingSet, Term, TermSet};

/// An ISO 4217 code: three ASCII letters, upper-cased.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    pub fn parse(s: &str) -> Option<Currency> {
        match s.trim().as_bytes() {
            [a, b, c] if [a, b, c].iter().all(|x| x.is_ascii_alphabetic()) => Some(Currency([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
                c.to_ascii_uppercase(),
            ])),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl std::fmt::Display for Currency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Partner Center's target segments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Segment {
    Commercial,
    Education,
    Government,
    NonProfit,
}

impl Segment {
    pub fn parse(s: &str) -> Option<Segment> {
        match s.trim().to_ascii_lowercase().as_str() {
            "commercial" => Some(Segment::Commercial),
            "education" => Some(Segment::Education),
            "government" => Some(Segment::Government),
            "nonprofit" | "non_profit" | "non-profit" => Some(Segment::NonProfit),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Segment::Commercial => "commercial",
            Segment::Education => "education",
            Segment::Government => "government",
            Segment::NonProfit => "nonprofit",
        }
    }
}

/// Where and how a party buys or sells: a customer's market, or an availability's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Market {
    pub country: Option<Country>,
    pub currency: Option<Currency>,
    pub segment: Option<Segment>,
}

/// Purchase prerequisites a SKU declares (`purchasePrerequisites`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prerequisites {
    pub inventory_check: bool,
    pub subscription_registration: bool,
}

/// Provisioning variables a SKU asks for (`provisioningVariables`), as a bitset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProvisioningVars(u8);

impl ProvisioningVars {
    pub const SCOPE: ProvisioningVars = ProvisioningVars(1);
    pub const SUBSCRIPTION_ID: ProvisioningVars = ProvisioningVars(2);
    pub const DURATION: ProvisioningVars = ProvisioningVars(4);
    const NAMES: [&'static str; 3] = ["Scope", "SubscriptionId", "Duration"];

    /// A variable by its Partner Center name, any casing.
    pub fn parse(name: &str) -> Option<ProvisioningVars> {
        Self::NAMES
            .iter()
            .position(|n| n.eq_ignore_ascii_case(name.trim()))
            .map(|i| ProvisioningVars(1 << i))
    }

    pub fn union(self, o: ProvisioningVars) -> ProvisioningVars {
        ProvisioningVars(self.0 | o.0)
    }

    pub fn missing_from(self, filled: ProvisioningVars) -> ProvisioningVars {
        ProvisioningVars(self.0 & !filled.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn names(self) -> impl Iterator<Item = &'static str> {
        (0..3).filter(move |i| self.0 & (1 << i) != 0).map(|i| Self::NAMES[i])
    }
}

/// What the catalog says of the SKU, when known.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SkuFacts {
    pub min_quantity: Option<u64>,
    pub max_quantity: Option<u64>,
    pub billing_cycles: Option<BillingSet>,
    pub prerequisites: Option<Prerequisites>,
    pub provisioning_variables: ProvisioningVars,
}

/// The chosen availability, when known.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AvailabilityFacts {
    pub market: Market,
    pub terms: Option<TermSet>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PurchaseIntent<'a> {
    pub kind: ProductKind,
    pub cloud: Cloud,
    /// The customer's market.
    pub customer: Market,
    pub catalog_item_id: Option<&'a str>,
    pub term: Option<Term>,
    pub renews_to: Option<Term>,
    pub billing: Option<BillingCycle>,
    pub quantity: Option<i64>,
    pub sku: SkuFacts,
    pub availability: Option<AvailabilityFacts>,
    pub partner_qualified: Option<bool>,
    pub inventory_checked: Option<bool>,
    pub subscription_registered: Option<bool>,
    /// The provisioning variables the line fills.
    pub provisioning_filled: ProvisioningVars,
    pub parent_subscription: Option<&'a str>,
    /// The indirect reseller of record an indirect provider names (its PartnerID).
    pub reseller: Option<&'a str>,
    /// The attestation the SKU enforces (its type), and whether the partner gave it.
    pub attestation_required: Option<&'a str>,
    pub attestation_accepted: bool,
}

impl<'a> PurchaseIntent<'a> {
    /// An intent with nothing known but the kind.
    pub fn new(kind: ProductKind) -> PurchaseIntent<'a> {
        PurchaseIntent {
            kind,
            cloud: Cloud::Global,
            customer: Market::default(),
            catalog_item_id: None,
            term: None,
            renews_to: None,
            billing: None,
            quantity: None,
            sku: SkuFacts::default(),
            availability: None,
            partner_qualified: None,
            inventory_checked: None,
            subscription_registered: None,
            provisioning_filled: ProvisioningVars::default(),
            parent_subscription: None,
            reseller: None,
            attestation_required: None,
            attestation_accepted: false,
        }
    }
}

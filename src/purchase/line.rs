//! A cart line as the partner builds it, and the customer it is for.
//!
//! Typed: the kind, term, billing cycle and price are read once, when the line is made, not
//! re-parsed on every check. Saved, they keep the spellings the draft has always used
//! (`software-subscription`, `P1Y`, `one_time`, `"27000"`), so drafts saved before still read.

use std::collections::BTreeMap;

use procura_partner_center as pc;
use procura_rules::{self as rules, ProductKind, Term};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::facts::LineFacts;
use super::partner::PartnerFacts;
use crate::api::{Client, Failure};

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

    /// The reference with its country, which every purchase needs: the customer list may
    /// leave `billingProfile` out, and then the customer itself is read.
    pub async fn with_country(self, client: &Client) -> Result<CustomerRef, Failure> {
        if !self.country.trim().is_empty() {
            return Ok(self);
        }
        let full = CustomerRef::of(&client.customer(&self.id).await?);
        let name = if full.name.is_empty() { self.name } else { full.name };
        Ok(CustomerRef { name, ..full })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DraftLine {
    pub catalog_item_id: String,
    pub product_title: String,
    pub sku_title: String,
    #[serde(with = "kind_name")]
    pub kind: ProductKind,
    pub quantity: i64,
    #[serde(with = "term_text")]
    pub term: Option<Term>,
    /// The term the subscription renews to, when the partner chose one (`renewsTo`).
    #[serde(with = "term_text")]
    pub renews_to: Option<Term>,
    pub billing: Option<pc::BillingCycle>,
    pub provisioning: BTreeMap<String, String>,
    pub currency: Option<String>,
    /// Partner Center's `pricing` of this line (`price` and `extendedPrice`), which it sends
    /// for new-commerce lines once the cart holds them; one-time lines are priced only on
    /// their order. Cleared by any change.
    #[serde(with = "decimal_text")]
    pub unit_price: Option<Decimal>,
    #[serde(with = "decimal_text")]
    pub extended_price: Option<Decimal>,
    pub facts: LineFacts,
    /// What the partner established before adding the line.
    pub inventory_checked: Option<bool>,
    pub subscription_registered: Option<bool>,
    /// The server's error for this line after the last synchronization.
    pub server_error: Option<String>,
    pub order_group: Option<String>,
    /// The indirect reseller of record (its PartnerID), named by an indirect provider; sent
    /// as the line's `transaction_reseller` participant (create-a-cart.md).
    pub reseller: Option<String>,
    /// The partner accepted the SKU's attestation (only where it enforces one).
    pub attestation_accepted: bool,
}

impl Default for DraftLine {
    fn default() -> DraftLine {
        DraftLine {
            catalog_item_id: String::new(),
            product_title: String::new(),
            sku_title: String::new(),
            // What a line of unknown kind has always been checked as.
            kind: ProductKind::OnlineService,
            quantity: 0,
            term: None,
            renews_to: None,
            billing: None,
            provisioning: BTreeMap::new(),
            currency: None,
            unit_price: None,
            extended_price: None,
            facts: LineFacts::default(),
            inventory_checked: None,
            subscription_registered: None,
            server_error: None,
            order_group: None,
            reseller: None,
            attestation_accepted: false,
        }
    }
}

/// A quantity as typed in a form: anything that is not a whole number is 0 (which the rules
/// refuse, saying why).
pub fn parse_quantity(text: &str) -> i64 {
    text.trim().parse().unwrap_or(0)
}

impl DraftLine {
    /// The line's price as Partner Center gave it (quantity and term included), if it did.
    pub fn line_total(&self) -> Option<Decimal> {
        self.extended_price
    }

    /// Whether the partner can choose the renewal of this line's term.
    pub fn can_choose_renewal(&self) -> bool {
        self.term.is_some_and(|t| self.facts.renewable_terms.contains(&t))
    }

    /// Whether Partner Center prices this kind of line in the cart (new commerce) or only on
    /// the order (one-time purchases).
    pub fn priced_in_cart(&self) -> bool {
        matches!(self.kind, ProductKind::OnlineService | ProductKind::AddOn)
    }

    /// The rules' view of this line for a customer in `country`, bought by a partner who
    /// has stated `partner`.
    pub fn intent<'a>(&'a self, country: &str, partner: PartnerFacts) -> rules::PurchaseIntent<'a> {
        let f = &self.facts;
        let mut i = rules::PurchaseIntent::new(self.kind);
        i.customer = rules::Market {
            country: rules::Country::parse(country),
            currency: None,
            segment: None,
        };
        i.catalog_item_id = Some(&self.catalog_item_id);
        i.term = self.term;
        i.renews_to = self.renews_to;
        i.billing = self.billing.as_ref().and_then(|b| rules::BillingCycle::parse(b.as_wire()));
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
                f.billing_cycles
                    .iter()
                    .filter_map(|b| rules::BillingCycle::parse(b.as_wire()))
                    .collect()
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
            terms: (!f.terms.is_empty()).then(|| f.terms.iter().copied().collect()),
        });
        i.partner_qualified = partner.perpetual_qualified;
        i.inventory_checked = self.inventory_checked;
        i.subscription_registered = self.subscription_registered;
        i.provisioning_filled = vars(
            &mut self.provisioning.iter().filter(|(_, v)| !v.trim().is_empty()).map(|(k, _)| k),
        );
        i.parent_subscription = self.provisioning.get("parentSubscriptionId").map(String::as_str);
        i.reseller = self.reseller_id();
        i.attestation_required = self.facts.attestation.as_deref();
        i.attestation_accepted = self.attestation_accepted;
        i
    }

    /// The line as Partner Center's cart takes it.
    pub fn to_cart_line(&self, id: i64) -> pc::CartLineItem {
        pc::CartLineItem {
            id,
            catalog_item_id: self.catalog_item_id.clone(),
            friendly_name: Some(self.sku_title.clone()),
            quantity: self.quantity,
            billing_cycle: self.billing.clone(),
            term_duration: self.term.map(|t| t.as_str().to_string()),
            provisioning_context: (!self.provisioning.is_empty())
                .then(|| self.provisioning.clone()),
            renews_to: self.renews_to.map(|t| pc::RenewsTo {
                term_duration: t.as_str().into(),
                extra: Default::default(),
            }),
            // The partner's statement, sent only when given and only where asked for.
            attestation_accepted: (self.facts.attestation.is_some() && self.attestation_accepted)
                .then_some(true),
            participants: self.reseller_id().map(pc::cart::transaction_reseller),
            ..Default::default()
        }
    }

    /// The reseller of record, if one is named.
    pub fn reseller_id(&self) -> Option<&str> {
        self.reseller.as_deref().map(str::trim).filter(|r| !r.is_empty())
    }
}

/// `ProductKind` by its rules name; an unknown name reads as the default kind.
mod kind_name {
    use procura_rules::ProductKind;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(k: &ProductKind, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(k.name())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<ProductKind, D::Error> {
        let text = String::deserialize(d)?;
        Ok(ProductKind::parse(&text).unwrap_or(ProductKind::OnlineService))
    }
}

/// A term as its ISO 8601 duration; one the rules do not know reads as none (the rules then
/// say a term is missing, as they did for it before).
mod term_text {
    use procura_rules::Term;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<Term>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(t.as_str()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Term>, D::Error> {
        Ok(Option::<String>::deserialize(d)?.as_deref().and_then(Term::parse))
    }
}

/// Money as decimal text (`"27000.50"`): exact, whatever JSON reader comes after.
pub(crate) mod decimal_text {
    use rust_decimal::Decimal;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(d) => s.serialize_str(&d.to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        procura_partner_center::wire::opt_decimal::deserialize(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_skus_attestation_is_sent_only_when_asked_for_and_given() {
        let mut l =
            DraftLine { catalog_item_id: "A:1:X".into(), quantity: 1, ..Default::default() };
        l.attestation_accepted = true;
        assert_eq!(l.to_cart_line(0).attestation_accepted, None, "not asked for: not sent");
        l.facts.attestation = Some("Windows365".into());
        l.attestation_accepted = false;
        assert_eq!(l.to_cart_line(0).attestation_accepted, None, "never on the partner's behalf");
        assert_eq!(l.intent("JP", Default::default()).attestation_required, Some("Windows365"));
        l.attestation_accepted = true;
        assert_eq!(l.to_cart_line(0).attestation_accepted, Some(true));
    }

    #[test]
    fn a_named_reseller_goes_as_the_lines_transaction_reseller() {
        let mut l =
            DraftLine { catalog_item_id: "A:1:X".into(), quantity: 1, ..Default::default() };
        assert_eq!(l.to_cart_line(0).participants, None);
        l.reseller = Some("  ".into());
        assert_eq!(l.to_cart_line(0).participants, None, "blank names no one");
        l.reseller = Some(" 5357564 ".into());
        let p = l.to_cart_line(0).participants.unwrap();
        assert_eq!((p[0].key.as_str(), p[0].value.as_str()), ("transaction_reseller", "5357564"));
        assert_eq!(l.intent("JP", Default::default()).reseller, Some("5357564"));
    }

    #[test]
    fn a_line_saved_with_string_fields_reads_typed_and_saves_the_same() {
        let old = r#"{"catalog_item_id":"DG7GMGF0FKZV:0001:JPJPYCOM","kind":"software-subscription",
            "quantity":3,"term":"P1Y","billing":"one_time","unit_price":"27000.50",
            "facts":{"billing_cycles":["one_time"],"terms":["P1Y","P3Y"]}}"#;
        let l: DraftLine = serde_json::from_str(old).unwrap();
        assert_eq!(l.kind, ProductKind::SoftwareSubscription);
        assert_eq!(l.term, Term::parse("P1Y"));
        assert_eq!(l.billing, Some(pc::BillingCycle::OneTime));
        assert_eq!(l.unit_price, Some(Decimal::new(2700050, 2)));
        assert_eq!(l.line_total(), None, "a line is priced by Partner Center's extendedPrice");
        assert_eq!(l.facts.terms, [Term::parse("P1Y").unwrap(), Term::parse("P3Y").unwrap()]);
        let text = serde_json::to_string(&l).unwrap();
        for spelling in [
            r#""kind":"software-subscription""#,
            r#""term":"P1Y""#,
            r#""billing":"one_time""#,
            r#""unit_price":"27000.50""#,
        ] {
            assert!(text.contains(spelling), "{spelling} in {text}");
        }
        assert_eq!(serde_json::from_str::<DraftLine>(&text).unwrap(), l);
    }

    #[test]
    fn unknown_values_read_as_before() {
        let l: DraftLine =
            serde_json::from_str(r#"{"kind":"gadget","term":"P7Y","unit_price":null}"#).unwrap();
        assert_eq!((l.kind, l.term, l.unit_price), (ProductKind::OnlineService, None, None));
        let c = l.to_cart_line(4);
        assert_eq!((c.id, c.term_duration), (4, None));
    }

    // Native: the client driven by `block_on`, over the in-process sandbox.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn a_customer_listed_without_a_country_is_read_for_it() {
        use crate::api::in_process::InProcess;
        use crate::api::Limiter;
        use crate::settings::Token;

        let client = Client::new(
            InProcess::new(Default::default()),
            Token::new("sandbox-partner-sakura"),
            Limiter::order_resource(),
        );
        let listed = CustomerRef {
            id: "c0a80101-0000-4000-8000-000000000001".into(),
            name: "Hokusai".into(),
            country: String::new(),
        };
        let full = futures::executor::block_on(listed.with_country(&client)).unwrap();
        assert_eq!(full.country, "JP");
        let known = CustomerRef { country: "SE".into(), ..full.clone() };
        assert_eq!(
            futures::executor::block_on(known.clone().with_country(&client)).unwrap(),
            known,
            "no read when the list had it"
        );
    }
}

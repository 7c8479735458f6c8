//! What the catalog says about a SKU and an availability, kept with a cart line so the rules
//! can be checked again at any time without the catalog.

use procura_partner_center as pc;
use procura_rules::{ProductKind, Term};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The product kind a catalog product is, for the rules and for the forms.
pub fn product_kind(product: &pc::Product) -> ProductKind {
    let ty = product.product_type.as_ref();
    let id = ty.map(|t| t.id.to_ascii_lowercase()).unwrap_or_default();
    let sub =
        ty.and_then(|t| t.sub_type.as_ref()).map(|s| s.id.to_ascii_lowercase()).unwrap_or_default();
    match (id.as_str(), sub.as_str()) {
        (_, "addon") => ProductKind::AddOn,
        ("software", "perpetual") => ProductKind::PerpetualSoftware,
        ("software", _) => ProductKind::SoftwareSubscription,
        ("azure", _) => ProductKind::AzureReservation,
        _ => ProductKind::OnlineService,
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LineFacts {
    pub min_quantity: Option<i64>,
    pub max_quantity: Option<i64>,
    /// The SKU's billing cycles.
    pub billing_cycles: Vec<pc::BillingCycle>,
    /// The availability's terms (those the rules know); empty for perpetual software.
    #[serde(with = "term_list")]
    pub terms: Vec<Term>,
    pub prerequisites: Vec<String>,
    pub provisioning_variables: Vec<String>,
    pub availability_country: Option<String>,
    pub availability_currency: Option<String>,
    pub availability_segment: Option<String>,
}

impl LineFacts {
    pub fn of(sku: &pc::Sku, availability: &pc::Availability) -> LineFacts {
        LineFacts {
            min_quantity: sku.minimum_quantity,
            max_quantity: sku.maximum_quantity,
            billing_cycles: sku.supported_billing_cycles.clone(),
            terms: availability.terms.iter().filter_map(|t| Term::parse(&t.duration)).collect(),
            prerequisites: sku.purchase_prerequisites.clone(),
            provisioning_variables: sku.provisioning_variables.clone(),
            availability_country: availability.country.clone(),
            availability_currency: availability.default_currency.as_ref().map(|c| c.code.clone()),
            availability_segment: availability.segment.clone(),
        }
    }

    pub fn requires(&self, prerequisite: &str) -> bool {
        self.prerequisites.iter().any(|p| p.eq_ignore_ascii_case(prerequisite))
    }
}

/// The sandbox's list price for an availability (an extension field), if the endpoint sends
/// one. Partner Center itself prices at checkout; without it amounts are simply not shown.
pub fn unit_price(availability: &pc::Availability) -> Option<Decimal> {
    let v = availability.extra.get("sandboxUnitPrice")?;
    let text = v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
    text.parse::<Decimal>().ok()
}

/// Terms as their ISO 8601 durations; those the rules do not know are left out.
mod term_list {
    use procura_rules::Term;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(terms: &[Term], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(terms.iter().map(|t| t.as_str()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Term>, D::Error> {
        Ok(Vec::<String>::deserialize(d)?.iter().filter_map(|t| Term::parse(t)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(id: &str, sub: Option<&str>) -> pc::Product {
        pc::Product {
            product_type: Some(pc::ItemType {
                id: id.into(),
                sub_type: sub
                    .map(|s| Box::new(pc::ItemType { id: s.into(), ..Default::default() })),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn kinds_from_product_types() {
        assert_eq!(product_kind(&product("Software", None)), ProductKind::SoftwareSubscription);
        assert_eq!(
            product_kind(&product("software", Some("Perpetual"))),
            ProductKind::PerpetualSoftware
        );
        assert_eq!(
            product_kind(&product("Azure", Some("VirtualMachines"))),
            ProductKind::AzureReservation
        );
        assert_eq!(product_kind(&product("OnlineServicesNCE", Some("AddOn"))), ProductKind::AddOn);
        assert_eq!(product_kind(&product("OnlineServicesNCE", None)), ProductKind::OnlineService);
        assert_eq!(product_kind(&pc::Product::default()), ProductKind::OnlineService);
    }

    #[test]
    fn prices_only_when_they_are_decimals() {
        let mut a = pc::Availability::default();
        assert_eq!(unit_price(&a), None);
        a.extra.insert("sandboxUnitPrice".into(), serde_json::json!("7800"));
        assert_eq!(unit_price(&a), Some(Decimal::from(7800)));
        a.extra.insert("sandboxUnitPrice".into(), serde_json::json!(0.1));
        assert_eq!(unit_price(&a), Some(Decimal::new(1, 1)));
        a.extra.insert("sandboxUnitPrice".into(), serde_json::json!("<script>"));
        assert_eq!(unit_price(&a), None);
    }
}

//! What the catalog says about a SKU and an availability, kept with a cart line so the rules
//! can be checked again at any time without the catalog.

use procura_partner_center as pc;
use procura_rules::{ProductKind, Term};
use serde::{Deserialize, Serialize};

/// The product kind of a SKU, for the rules and the forms, from the signals the docs give,
/// most reliable first: the target view the product was listed under; the product's
/// `productType` (`Azure`/`VirtualMachines` is a VM reservation); and, among online
/// services, the SKU's `dynamicAttributes.isAddon`, which the docs say may change without
/// notice (a hint, so only where the view leaves the kind open).
pub fn product_kind(target_view: &str, product: &pc::Product, sku: &pc::Sku) -> ProductKind {
    let view = target_view.to_ascii_lowercase();
    match view.as_str() {
        "softwaresubscriptions" => return ProductKind::SoftwareSubscription,
        "softwareperpetual" => return ProductKind::PerpetualSoftware,
        v if v.starts_with("azurereservations") => return ProductKind::AzureReservation,
        _ => {}
    }
    let ty = product.product_type.as_ref();
    let id = ty.map(|t| t.id.to_ascii_lowercase()).unwrap_or_default();
    let sub = ty.and_then(|t| t.sub_type.as_ref()).map(|s| s.id.to_ascii_lowercase());
    if id == "azure" && sub.as_deref() == Some("virtualmachines") {
        return ProductKind::AzureReservation;
    }
    if is_addon(sku) {
        return ProductKind::AddOn;
    }
    match id.as_str() {
        "software" => ProductKind::SoftwareSubscription,
        _ => ProductKind::OnlineService,
    }
}

/// The SKU's `isAddon` hint (a boolean, or its text).
pub fn is_addon(sku: &pc::Sku) -> bool {
    let flag = sku.dynamic_attributes.as_ref().and_then(|d| d.get("isAddon"));
    match flag {
        Some(serde_json::Value::Bool(b)) => *b,
        Some(serde_json::Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
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
    /// The terms whose renewal the partner can choose (`renewsTo`): those the availability's
    /// renewal instructions apply to, when it is renewable.
    #[serde(with = "term_list")]
    pub renewable_terms: Vec<Term>,
    /// The attestation the SKU enforces (its type, e.g. `Windows365`), if any.
    pub attestation: Option<String>,
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
            renewable_terms: renewable_terms(availability),
            attestation: sku.enforced_attestation(),
        }
    }

    pub fn requires(&self, prerequisite: &str) -> bool {
        self.prerequisites.iter().any(|p| p.eq_ignore_ascii_case(prerequisite))
    }
}

/// The terms of `availability` its renewal instructions name (product-resources.md
/// `RenewalInstruction.applicableTermIds`); none unless it says it is renewable.
fn renewable_terms(availability: &pc::Availability) -> Vec<Term> {
    if availability.is_renewable != Some(true) {
        return Vec::new();
    }
    let ids: Vec<&str> = availability
        .renewal_instructions
        .iter()
        .flatten()
        .filter_map(|i| i.get("applicableTermIds").and_then(|v| v.as_array()))
        .flatten()
        .filter_map(|v| v.as_str())
        .collect();
    availability
        .terms
        .iter()
        .filter(|t| {
            t.id.as_deref().is_some_and(|id| ids.iter().any(|i| i.eq_ignore_ascii_case(id)))
        })
        .filter_map(|t| Term::parse(&t.duration))
        .collect()
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

    #[test]
    fn renewable_terms_are_those_the_renewal_instructions_name() {
        let a: pc::Availability = serde_json::from_value(serde_json::json!({
            "id": "A", "catalogItemId": "P:S:A", "isRenewable": true,
            "renewalInstructions": [{"applicableTermIds": ["t1y"], "renewalOptions": [{"renewToId": "P:S"}]}],
            "terms": [{"id": "t1m", "duration": "P1M"}, {"id": "T1Y", "duration": "P1Y"}]
        }))
        .unwrap();
        assert_eq!(renewable_terms(&a), [Term::parse("P1Y").unwrap()]);
        let not = pc::Availability { is_renewable: Some(false), ..a.clone() };
        assert!(renewable_terms(&not).is_empty());
        let unsaid = pc::Availability { is_renewable: None, ..a };
        assert!(renewable_terms(&unsaid).is_empty());
    }

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

    fn sku(is_addon: Option<serde_json::Value>) -> pc::Sku {
        let mut attrs = serde_json::Map::new();
        if let Some(v) = is_addon {
            attrs.insert("isAddon".into(), v);
        }
        pc::Sku { dynamic_attributes: Some(attrs), ..Default::default() }
    }

    #[test]
    fn kinds_from_the_view_then_the_product_type_then_the_add_on_hint() {
        use serde_json::json;
        let plain = sku(None);
        let addon = sku(Some(json!(true)));
        // The view decides where it can, whatever the product says.
        assert_eq!(
            product_kind("SoftwarePerpetual", &product("Software", None), &plain),
            ProductKind::PerpetualSoftware
        );
        assert_eq!(
            product_kind("softwaresubscriptions", &pc::Product::default(), &addon),
            ProductKind::SoftwareSubscription
        );
        assert_eq!(
            product_kind("AzureReservationsVM", &pc::Product::default(), &plain),
            ProductKind::AzureReservation
        );
        // Online services: an add-on by its SKU's hint.
        assert_eq!(
            product_kind("OnlineServices", &product("OnlineServicesNCE", None), &addon),
            ProductKind::AddOn
        );
        assert_eq!(
            product_kind(
                "OnlineServices",
                &product("OnlineServicesNCE", None),
                &sku(Some(json!("True")))
            ),
            ProductKind::AddOn
        );
        assert_eq!(
            product_kind(
                "OnlineServices",
                &product("OnlineServicesNCE", None),
                &sku(Some(json!(false)))
            ),
            ProductKind::OnlineService
        );
        // Without a view: the product type.
        assert_eq!(
            product_kind("", &product("Azure", Some("VirtualMachines")), &plain),
            ProductKind::AzureReservation
        );
        assert_eq!(
            product_kind("", &product("Software", None), &plain),
            ProductKind::SoftwareSubscription
        );
        assert_eq!(product_kind("", &pc::Product::default(), &plain), ProductKind::OnlineService);
    }
}

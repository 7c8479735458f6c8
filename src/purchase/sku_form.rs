//! Buying one SKU: what the catalog says about it ([`SkuOffer`]), what the partner has chosen
//! in its form ([`SkuChoice`]), and from the two the cart line and the inventory check.
//! The catalog page only shows these and dispatches.

use std::collections::BTreeMap;

use procura_partner_center as pc;
use procura_rules::{ProductKind, Term};

use super::facts::{self, LineFacts};
use super::line::{parse_quantity, DraftLine};

/// A SKU of a product with its availabilities in the customer's market.
#[derive(Clone, Debug, PartialEq)]
pub struct SkuOffer {
    pub product: pc::Product,
    pub sku: pc::Sku,
    pub availabilities: Vec<pc::Availability>,
    /// The target view the product was listed under.
    pub view: &'static str,
}

/// How the reservation is scoped (provisioning variable `Scope`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    #[default]
    Single,
    Shared,
}

impl Scope {
    pub const ALL: [Scope; 2] = [Scope::Single, Scope::Shared];

    /// The provisioning context value, as the docs write it.
    pub fn wire(self) -> &'static str {
        match self {
            Scope::Single => "single",
            Scope::Shared => "shared",
        }
    }

    pub fn from_wire(s: &str) -> Scope {
        if s.eq_ignore_ascii_case("shared") {
            Scope::Shared
        } else {
            Scope::Single
        }
    }
}

/// What the inventory check said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inventory {
    Available,
    /// Restricted, with the service's reasons joined for display.
    Restricted(String),
}

/// The form as the partner has filled it.
#[derive(Clone, Debug, PartialEq)]
pub struct SkuChoice {
    /// Index into the offer's availabilities.
    pub availability: usize,
    pub term: Option<Term>,
    pub billing: Option<pc::BillingCycle>,
    /// As typed (a number input can be empty while the partner types).
    pub quantity: String,
    /// The Azure subscription the reservation is for ("" until chosen).
    pub subscription: String,
    pub scope: Scope,
    /// The inventory check's answer for the subscription chosen now.
    pub inventory: Option<Inventory>,
}

impl SkuOffer {
    pub fn kind(&self) -> ProductKind {
        facts::product_kind(self.view, &self.product, &self.sku)
    }

    pub fn needs_inventory(&self) -> bool {
        self.sku.requires("InventoryCheck")
    }

    pub fn needs_registration(&self) -> bool {
        self.sku.requires("AzureSubscriptionRegistration")
    }

    pub fn needs_provisioning(&self) -> bool {
        !self.sku.provisioning_variables.is_empty()
    }

    /// Whether the form asks for an Azure subscription (to register, or to provision).
    pub fn needs_subscription(&self) -> bool {
        self.needs_registration() || self.needs_provisioning()
    }

    pub fn minimum_quantity(&self) -> i64 {
        self.sku.minimum_quantity.unwrap_or(1).max(1)
    }

    /// The availability chosen (or the first; an offer without any is not shown a form).
    pub fn availability(&self, choice: &SkuChoice) -> pc::Availability {
        self.availabilities
            .get(choice.availability)
            .or(self.availabilities.first())
            .cloned()
            .unwrap_or_default()
    }

    /// The terms the chosen availability offers, as the service wrote them.
    pub fn terms(&self, choice: &SkuChoice) -> Vec<String> {
        self.availability(choice).terms.into_iter().map(|t| t.duration).collect()
    }

    /// The form as it opens: the first availability, its first term, the SKU's first
    /// billing cycle, its minimum quantity.
    pub fn first_choice(&self) -> SkuChoice {
        SkuChoice {
            availability: 0,
            term: self
                .availabilities
                .first()
                .and_then(|a| a.terms.first())
                .and_then(|t| Term::parse(&t.duration)),
            billing: self.sku.supported_billing_cycles.first().cloned(),
            quantity: self.minimum_quantity().to_string(),
            subscription: String::new(),
            scope: Scope::Single,
            inventory: None,
        }
    }

    /// The line as it would go into the cart. `registered` is the customer's subscriptions
    /// registered for reservation purchases, once known.
    pub fn draft_line(&self, choice: &SkuChoice, registered: Option<&[String]>) -> DraftLine {
        let a = self.availability(choice);
        let mut provisioning = BTreeMap::new();
        for v in &self.sku.provisioning_variables {
            let value = match v.to_ascii_lowercase().as_str() {
                "subscriptionid" => choice.subscription.clone(),
                "scope" => choice.scope.wire().to_string(),
                "duration" => self.duration().unwrap_or_default(),
                _ => String::new(),
            };
            provisioning.insert(context_key(v), value);
        }
        let subscription_registered = match registered {
            _ if !self.needs_registration() => None,
            Some([]) => Some(false),
            Some(ids) if !choice.subscription.is_empty() => {
                Some(ids.iter().any(|i| i.eq_ignore_ascii_case(&choice.subscription)))
            }
            _ => None,
        };
        DraftLine {
            catalog_item_id: a.catalog_item_id.clone(),
            product_title: self.product.title.clone(),
            sku_title: self.sku.title.clone(),
            kind: self.kind(),
            quantity: parse_quantity(&choice.quantity),
            term: choice.term,
            renews_to: None,
            billing: choice.billing.clone(),
            provisioning,
            currency: a.default_currency.as_ref().map(|c| c.code.clone()),
            unit_price: None,
            extended_price: None,
            facts: LineFacts::of(&self.sku, &a),
            inventory_checked: self
                .needs_inventory()
                .then(|| choice.inventory == Some(Inventory::Available)),
            subscription_registered,
            server_error: None,
            order_group: None,
            reseller: None,
            attestation_accepted: false,
        }
    }

    /// The reservation's duration as the SKU states it (`dynamicAttributes.duration`, e.g.
    /// `1Year`), for the `duration` provisioning variable.
    fn duration(&self) -> Option<String> {
        let attrs = self.sku.dynamic_attributes.as_ref()?;
        attrs.get("duration").and_then(|v| v.as_str()).map(str::to_string)
    }

    /// The inventory check for this SKU, for the customer and the subscription chosen.
    pub fn inventory_request(
        &self,
        customer_id: &str,
        choice: &SkuChoice,
    ) -> pc::InventoryCheckRequest {
        let mut context = BTreeMap::new();
        context.insert("customerId".to_string(), customer_id.to_string());
        context.insert("azureSubscriptionId".to_string(), choice.subscription.clone());
        let region = self.sku.dynamic_attributes.as_ref().and_then(|d| d.get("armRegionName"));
        if let Some(region) = region.and_then(|v| v.as_str()) {
            context.insert("armRegionName".to_string(), region.to_string());
        }
        pc::InventoryCheckRequest {
            target_items: vec![pc::InventoryItem {
                product_id: self.sku.product_id.clone().unwrap_or_default(),
                sku_id: Some(self.sku.id.clone()),
                ..Default::default()
            }],
            inventory_context: context,
            ..Default::default()
        }
    }
}

/// The provisioning context key for a SKU's provisioning variable: the SKU names them
/// `Scope`, `SubscriptionId`, `Duration`; the cart takes `scope`, `subscriptionId`,
/// `duration` (create-a-cart.md, the samples' mapping).
pub fn context_key(variable: &str) -> String {
    let mut chars = variable.trim().chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl SkuChoice {
    /// Another subscription: an earlier inventory check no longer applies.
    pub fn choose_subscription(&mut self, id: String) {
        if id != self.subscription {
            self.inventory = None;
        }
        self.subscription = id;
    }
}

/// Reads the inventory check's answer: available only if some item came back and none is
/// restricted.
pub fn inventory_outcome(items: &[pc::InventoryItem]) -> Inventory {
    let restricted: Vec<&pc::InventoryItem> =
        items.iter().filter(|i| i.is_restricted == Some(true)).collect();
    if restricted.is_empty() && !items.is_empty() {
        return Inventory::Available;
    }
    let reasons = restricted
        .iter()
        .flat_map(|i| i.restrictions.iter().flatten())
        .map(|r| r.description.clone().unwrap_or_else(|| r.reason_code.clone()))
        .collect::<Vec<_>>()
        .join("; ");
    Inventory::Restricted(reasons)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reservation() -> SkuOffer {
        let sku: pc::Sku = pc::from_slice(
            br#"{"id":"0001","productId":"DZH318Z0BQ3P","title":"D2s v5 Japan East",
                "minimumQuantity":1,"maximumQuantity":5,"supportedBillingCycles":["one_time"],
                "purchasePrerequisites":["InventoryCheck","AzureSubscriptionRegistration"],
                "provisioningVariables":["Scope","SubscriptionId"],
                "dynamicAttributes":{"armRegionName":"japaneast"}}"#,
        )
        .unwrap();
        let availability: pc::Availability = pc::from_slice(
            br#"{"id":"A1","catalogItemId":"DZH318Z0BQ3P:0001:A1","country":"JP",
                "defaultCurrency":{"code":"JPY"},"terms":[{"duration":"P1Y"},{"duration":"P3Y"}]}"#,
        )
        .unwrap();
        let product: pc::Product = pc::from_slice(
            br#"{"id":"DZH318Z0BQ3P","title":"Reserved VM","productType":{"id":"Azure"}}"#,
        )
        .unwrap();
        SkuOffer { product, sku, availabilities: vec![availability], view: "AzureReservationsVM" }
    }

    #[test]
    fn the_form_opens_on_the_first_choices_and_builds_the_line() {
        let offer = reservation();
        let mut choice = offer.first_choice();
        assert_eq!(choice.term, Term::parse("P1Y"));
        assert_eq!(choice.billing, Some(pc::BillingCycle::OneTime));
        assert_eq!(choice.quantity, "1");
        let line = offer.draft_line(&choice, None);
        assert_eq!(line.kind, ProductKind::AzureReservation);
        assert_eq!(line.catalog_item_id, "DZH318Z0BQ3P:0001:A1");
        assert_eq!(line.currency.as_deref(), Some("JPY"));
        assert_eq!(line.inventory_checked, Some(false));
        assert_eq!(line.subscription_registered, None, "not known until the list is read");
        assert_eq!(line.provisioning.get("scope").map(String::as_str), Some("single"));

        choice.choose_subscription("sub-1".into());
        choice.inventory = Some(Inventory::Available);
        choice.quantity = " 3 ".into();
        choice.scope = Scope::Shared;
        let ids = ["SUB-1".to_string()];
        let line = offer.draft_line(&choice, Some(&ids));
        assert_eq!((line.quantity, line.inventory_checked), (3, Some(true)));
        assert_eq!(line.subscription_registered, Some(true));
        assert_eq!(line.provisioning.get("subscriptionId").map(String::as_str), Some("sub-1"));
        assert_eq!(line.provisioning.get("scope").map(String::as_str), Some("shared"));
        assert_eq!(context_key("SubscriptionId"), "subscriptionId");
        assert_eq!(context_key("Duration"), "duration");
        assert_eq!(offer.draft_line(&choice, Some(&[])).subscription_registered, Some(false));

        // A SKU that asks for `Duration` gets the one its dynamic attributes state.
        let mut with_duration = reservation();
        with_duration.sku.provisioning_variables.push("Duration".into());
        if let Some(d) = with_duration.sku.dynamic_attributes.as_mut() {
            d.insert("duration".into(), "1Year".into());
        }
        let line = with_duration.draft_line(&choice, Some(&ids));
        assert_eq!(line.provisioning.get("duration").map(String::as_str), Some("1Year"));

        choice.choose_subscription("sub-2".into());
        assert_eq!(choice.inventory, None, "another subscription needs another check");
        choice.quantity = "many".into();
        assert_eq!(offer.draft_line(&choice, None).quantity, 0);
    }

    #[test]
    fn the_inventory_check_and_its_answer() {
        let offer = reservation();
        let mut choice = offer.first_choice();
        choice.subscription = "sub-1".into();
        let req = offer.inventory_request("cust", &choice);
        assert_eq!(req.target_items[0].product_id, "DZH318Z0BQ3P");
        assert_eq!(req.target_items[0].sku_id.as_deref(), Some("0001"));
        assert_eq!(
            req.inventory_context.get("armRegionName").map(String::as_str),
            Some("japaneast")
        );
        assert_eq!(
            req.inventory_context.get("azureSubscriptionId").map(String::as_str),
            Some("sub-1")
        );

        let items: Vec<pc::InventoryItem> = pc::from_slice(
            br#"[{"productId":"P","skuId":"S","isRestricted":true,
                 "restrictions":[{"reasonCode":"CapacityUnavailable","description":"No capacity"}]}]"#,
        )
        .unwrap();
        assert_eq!(inventory_outcome(&items), Inventory::Restricted("No capacity".into()));
        assert_eq!(inventory_outcome(&[]), Inventory::Restricted(String::new()));
        let ok: Vec<pc::InventoryItem> =
            pc::from_slice(br#"[{"productId":"P","skuId":"S","isRestricted":false}]"#).unwrap();
        assert_eq!(inventory_outcome(&ok), Inventory::Available);
    }
}

//! Add-ons for an existing subscription: which subscriptions can take one, which add-ons are
//! offered in the customer's market, the line, and how it is bought. A new-commerce add-on is
//! an ordinary cart line (create-a-cart-with-add-ons.md); a traditional one (a GUID offer,
//! found through `/offers/{id}/addons`) is bought by an update of the parent's order naming
//! `parentSubscriptionId` (purchase-an-add-on-to-a-subscription.md).
//!
//! The update is sent like a checkout: its request id is saved before it goes, so a retry
//! or a second click repeats the same update rather than buying the add-on twice; if the
//! record cannot be saved, nothing is sent.

use std::collections::BTreeMap;

use procura_partner_center as pc;
use procura_rules::ProductKind;
use serde::{Deserialize, Serialize};

use super::catalog::{self, Row};
use super::facts::{self, LineFacts};
use super::line::{parse_quantity, DraftLine};
use crate::api::endpoints::is_azure;
use crate::api::{Client, Failure};
use crate::write_once;

/// The target view add-ons are listed under.
const VIEW: &str = "OnlineServices";

/// An add-on offer in the customer's market.
#[derive(Clone, Debug, PartialEq)]
pub struct AddonOffer {
    pub product: pc::Product,
    pub sku: pc::Sku,
    /// Known for a traditional offer (its id); read when chosen for a new-commerce one.
    pub availability: Option<pc::Availability>,
}

/// The subscriptions an add-on can be bought for: active, not Azure, not add-ons themselves.
pub fn fitting_parents(subscriptions: Vec<pc::Subscription>) -> Vec<pc::Subscription> {
    subscriptions
        .into_iter()
        .filter(|s| {
            s.status == pc::SubscriptionStatus::Active
                && !is_azure(s)
                && s.parent_subscription_id.is_none()
        })
        .collect()
}

/// How an add-on for `parent` is bought.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// New commerce: a line in the cart, checked out with the rest.
    Cart,
    /// Traditional: an update of the order that bought the parent.
    OrderUpdate,
}

pub fn route(parent: &pc::Subscription) -> Route {
    if pc::offer::is_new_commerce(&parent.offer_id) {
        Route::Cart
    } else {
        Route::OrderUpdate
    }
}

/// A traditional offer has no SKU or availability: its name and limits go where a line's
/// title and facts are read from, its id where the catalog item id is.
fn traditional_offer(o: pc::Offer) -> AddonOffer {
    AddonOffer {
        product: pc::Product {
            id: o.id.clone(),
            title: o.name.clone(),
            description: o.description.clone(),
            ..Default::default()
        },
        sku: pc::Sku {
            id: o.id.clone(),
            title: o.name.clone(),
            minimum_quantity: o.minimum_quantity,
            maximum_quantity: o.maximum_quantity,
            supported_billing_cycles: o.supported_billing_cycles.clone(),
            ..Default::default()
        },
        availability: Some(pc::Availability { catalog_item_id: o.id, ..Default::default() }),
    }
}

/// A subscription's name as the partner knows it.
pub fn subscription_name(s: &pc::Subscription) -> String {
    s.friendly_name.clone().or(s.offer_name.clone()).unwrap_or_else(|| s.offer_id.clone())
}

/// The add-ons `parent` can take: a traditional offer's own add-ons, or the new-commerce
/// add-on SKUs of the catalog. A new-commerce add-on's availability is read only when it is
/// chosen ([`availability_of`]): requests in proportion to what is shown.
pub async fn addon_offers(
    client: &Client,
    customer: &super::CustomerRef,
    parent: &pc::Subscription,
) -> Result<Vec<AddonOffer>, Failure> {
    if route(parent) == Route::OrderUpdate {
        let offers = client.offer_addons(&parent.offer_id, &customer.country).await?;
        return Ok(offers
            .into_iter()
            .filter(|o| o.is_available_for_purchase != Some(false))
            .map(traditional_offer)
            .collect());
    }
    // Add-ons are online services whose SKU says so (`isAddon`), and that work with the
    // parent's SKU.
    let rows = catalog::rows(client, &customer.country, VIEW).await?;
    Ok(rows
        .into_iter()
        .filter(|r| facts::product_kind(r.view, &r.product, &r.sku) == ProductKind::AddOn)
        .filter(|r| fits(&r.sku, &parent.offer_id))
        .map(|Row { product, sku, .. }| AddonOffer { product, sku, availability: None })
        .collect())
}

/// Whether a new-commerce add-on SKU works with a subscription of `parent_offer` (its
/// `product:sku[:availability]` id): the SKU's `prerequisiteSkus` name the `product:sku`s it
/// works with (product-resources.md). A SKU that names none is not ruled out: Partner Center
/// will say at checkout.
pub fn fits(addon: &pc::Sku, parent_offer: &str) -> bool {
    let named: Vec<&str> = addon
        .dynamic_attributes
        .as_ref()
        .and_then(|d| d.get("prerequisiteSkus"))
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    let mut parts = parent_offer.split(':');
    let parent = match (parts.next(), parts.next()) {
        (Some(p), Some(s)) => format!("{p}:{s}"),
        _ => parent_offer.to_string(),
    };
    named.is_empty() || named.iter().any(|n| n.eq_ignore_ascii_case(&parent))
}

/// `offer` with the availability it is bought through in the customer's market (read now for
/// a new-commerce add-on), or `None` if it is not sold there.
pub async fn availability_of(
    client: &Client,
    customer: &super::CustomerRef,
    offer: AddonOffer,
) -> Result<Option<AddonOffer>, Failure> {
    if offer.availability.is_some() {
        return Ok(Some(offer));
    }
    let found =
        client.customer_availabilities(&customer.id, &offer.product.id, &offer.sku.id).await?;
    Ok(found.into_iter().next().map(|a| AddonOffer { availability: Some(a), ..offer }))
}

/// The add-on line for `parent`: it takes the parent's term and billing cycle; a traditional
/// one names its parent.
pub fn addon_line(offer: &AddonOffer, parent: &pc::Subscription, quantity: &str) -> DraftLine {
    let availability = offer.availability.clone().unwrap_or_default();
    let mut provisioning = BTreeMap::new();
    if route(parent) == Route::OrderUpdate {
        provisioning.insert("parentSubscriptionId".to_string(), parent.id.clone());
    }
    DraftLine {
        catalog_item_id: availability.catalog_item_id.clone(),
        product_title: offer.product.title.clone(),
        sku_title: offer.sku.title.clone(),
        kind: ProductKind::AddOn,
        quantity: parse_quantity(quantity),
        term: parent.term_duration.as_deref().and_then(procura_rules::Term::parse),
        billing: parent.billing_cycle.clone(),
        provisioning,
        facts: LineFacts::of(&offer.sku, &availability),
        ..Default::default()
    }
}

/// The order update that buys a traditional add-on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AddonUpdate {
    pub customer_id: String,
    pub parent_subscription_id: String,
    pub order_id: String,
    pub line: DraftLine,
}

impl AddonUpdate {
    /// The order update Partner Center takes.
    pub fn body(&self) -> pc::Order {
        pc::Order {
            // Marked required by the docs: the customer the order is for.
            reference_customer_id: Some(self.customer_id.clone()),
            line_items: vec![pc::OrderLineItem {
                line_item_number: 0,
                offer_id: self.line.catalog_item_id.clone(),
                parent_subscription_id: Some(self.parent_subscription_id.clone()),
                friendly_name: Some(self.line.sku_title.clone()),
                quantity: self.line.quantity,
                term_duration: self.line.term.map(|t| t.as_str().to_string()),
                partner_id_on_record: self.line.reseller_id().map(str::to_string),
                ..Default::default()
            }],
            ..Default::default()
        }
    }
}

/// Buys the add-on `line` for `parent`, once (`write_once`): the same purchase asked again
/// goes with the first request id.
pub async fn buy_addon(
    client: &Client,
    customer_id: &str,
    parent: &pc::Subscription,
    line: DraftLine,
) -> Result<pc::Order, Failure> {
    let update = AddonUpdate {
        customer_id: customer_id.to_string(),
        parent_subscription_id: parent.id.clone(),
        order_id: parent.order_id.clone().unwrap_or_default(),
        line,
    };
    let key = format!("procura.addon.v1.{}", customer_id.to_ascii_lowercase());
    write_once::send(key, update, |u, request_id| async move {
        client.patch_order(&u.customer_id, &u.order_id, &u.body(), &request_id).await
    })
    .await
}

// Native: futures driven by `block_on`, and storage told to refuse writes.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use std::rc::Rc;

    use futures::executor::block_on;

    use super::*;
    use crate::api::in_process::InProcess;
    use crate::api::{Limiter, Recording};
    use crate::settings::Token;
    use crate::storage;

    #[test]
    fn an_addon_fits_the_skus_it_names_or_any_when_it_names_none() {
        let sku = |named: serde_json::Value| pc::Sku {
            dynamic_attributes: Some(
                serde_json::json!({"isAddon": true, "prerequisiteSkus": named})
                    .as_object()
                    .cloned()
                    .unwrap(),
            ),
            ..Default::default()
        };
        let copilot = sku(serde_json::json!(["CFQ7TTC0LH18:0001", "CFQ7TTC0LDPB:0001"]));
        assert!(fits(&copilot, "CFQ7TTC0LH18:0001"));
        assert!(fits(&copilot, "cfq7ttc0lh18:0001:JPJPYCOM"), "an availability id is ignored");
        assert!(!fits(&copilot, "CFQ7TTC0LH18:0002"));
        assert!(!fits(&copilot, "91FD106F-4B2C-4938-95AC-F54F74E9A239"));
        assert!(fits(&sku(serde_json::json!([])), "anything"));
        assert!(fits(&pc::Sku::default(), "anything"));
    }

    fn parent() -> pc::Subscription {
        pc::Subscription {
            id: "sub-1".into(),
            order_id: Some("ord-1".into()),
            term_duration: Some("P1M".into()),
            billing_cycle: Some(pc::BillingCycle::Monthly),
            ..Default::default()
        }
    }

    fn offer() -> AddonOffer {
        AddonOffer {
            product: pc::Product { title: "Add-on".into(), ..Default::default() },
            sku: pc::Sku { title: "Extra storage".into(), ..Default::default() },
            availability: Some(pc::Availability {
                catalog_item_id: "ADD:0001:JP".into(),
                ..Default::default()
            }),
        }
    }

    #[test]
    fn the_line_follows_the_parent_and_the_body_names_it() {
        let line = addon_line(&offer(), &parent(), "2");
        assert_eq!((line.kind, line.quantity), (ProductKind::AddOn, 2));
        assert_eq!(line.term, procura_rules::Term::parse("P1M"));
        assert_eq!(line.billing, Some(pc::BillingCycle::Monthly));
        let p = AddonUpdate {
            customer_id: "c1".into(),
            parent_subscription_id: "sub-1".into(),
            order_id: "ord-1".into(),
            line,
        };
        let body = p.body();
        assert_eq!(body.line_items[0].parent_subscription_id.as_deref(), Some("sub-1"));
        assert_eq!(body.line_items[0].offer_id, "ADD:0001:JP");
        assert_eq!(body.line_items[0].term_duration.as_deref(), Some("P1M"));
        assert_eq!(body.reference_customer_id.as_deref(), Some("c1"));
    }

    #[test]
    fn a_new_commerce_parent_takes_its_add_on_through_the_cart_without_naming_itself() {
        let nce = pc::Subscription { offer_id: "CFQ7TTC0LH18:0001".into(), ..parent() };
        assert_eq!((route(&nce), route(&parent())), (Route::Cart, Route::OrderUpdate));
        let line = addon_line(&offer(), &nce, "2");
        assert!(line.provisioning.is_empty());
        assert!(!procura_rules::check(&line.intent("JP", Default::default())).is_blocked());
        let traditional = addon_line(&offer(), &parent(), "2");
        assert_eq!(
            traditional.provisioning.get("parentSubscriptionId").map(String::as_str),
            Some("sub-1")
        );
    }

    /// A client of the embedded sandbox (natively, in memory), and what it sent.
    fn recorded_client() -> (Client, Rc<std::cell::RefCell<Vec<crate::api::transport::Request>>>) {
        let recording = Recording::new(InProcess::new(Default::default()));
        let sent = recording.sent.clone();
        let token = Token::new("sandbox-partner-sakura");
        (Client::new(Rc::new(recording), token, Limiter::order_resource()), sent)
    }

    #[test]
    fn new_commerce_add_ons_are_listed_without_reading_every_availability() {
        let (client, sent) = recorded_client();
        let customer = crate::purchase::CustomerRef {
            id: "c0a80101-0000-4000-8000-000000000001".into(),
            name: "Hokusai".into(),
            country: "JP".into(),
        };
        let nce = pc::Subscription { offer_id: "CFQ7TTC0LH18:0001".into(), ..parent() };
        let offers = block_on(addon_offers(&client, &customer, &nce)).unwrap();
        assert!(!offers.is_empty() && offers.iter().all(|o| o.availability.is_none()));
        let availability_reads =
            || sent.borrow().iter().filter(|r| r.path.ends_with("/availabilities")).count();
        assert_eq!(availability_reads(), 0, "none until one is chosen");
        let chosen = block_on(availability_of(&client, &customer, offers[0].clone())).unwrap();
        let chosen = chosen.expect("sold in Japan");
        assert_eq!(availability_reads(), 1);
        assert!(addon_line(&chosen, &nce, "1").catalog_item_id.ends_with(":JPJPYCOM"));
    }

    #[test]
    fn a_repeated_purchase_reuses_its_request_id_and_an_unsaved_one_is_not_sent() {
        let (client, sent) = recorded_client();
        let line = addon_line(&offer(), &parent(), "1");

        storage::fail_writes(true);
        assert_eq!(
            block_on(buy_addon(&client, "c1", &parent(), line.clone())),
            Err(Failure::NotSaved)
        );
        storage::fail_writes(false);
        assert!(sent.borrow().is_empty(), "nothing sent without a record");

        // The sandbox refuses (no such customer): the record stays, and asking again for the
        // same purchase sends the same request id; a different purchase gets a new one.
        assert!(block_on(buy_addon(&client, "c1", &parent(), line.clone())).is_err());
        assert!(block_on(buy_addon(&client, "c1", &parent(), line.clone())).is_err());
        let other = addon_line(&offer(), &parent(), "2");
        assert!(block_on(buy_addon(&client, "c1", &parent(), other)).is_err());
        let ids: Vec<String> = sent
            .borrow()
            .iter()
            .map(|r| r.get_header("MS-RequestId").unwrap_or_default().to_string())
            .collect();
        assert!(ids.len() >= 3, "{ids:?}");
        assert_eq!(ids[0], ids[1], "a retry is the same request");
        assert_ne!(ids[1], ids[ids.len() - 1], "another purchase is a new request");
    }
}

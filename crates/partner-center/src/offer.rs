//! Traditional (legacy) offers, identified by a GUID, and the add-ons of one
//! (offer-resources.md; get-addon-offers-by-offer-id.md on Microsoft Learn, not among the
//! reference pages copied here). Only add-ons for traditional subscriptions are read this
//! way: new-commerce add-ons are products in the catalog, bought through a cart.

use crate::catalog::BillingCycle;
use crate::common::{Links, ResourceAttributes};
use crate::{resource, wire};

resource! {
    /// `Offer.product`: the product line an offer belongs to.
    pub struct OfferProduct {
        pub id: Option<String>,
        pub name: Option<String>,
        pub unit: Option<String>,
    }
}

resource! {
    pub struct Offer {
        pub id: String,
        pub name: String,
        pub description: Option<String>,
        #[serde(with = "wire::opt_int")]
        pub minimum_quantity: Option<i64>,
        #[serde(with = "wire::opt_int")]
        pub maximum_quantity: Option<i64>,
        pub locale: Option<String>,
        pub country: Option<String>,
        pub prerequisite_offers: Vec<String>,
        pub is_add_on: Option<bool>,
        pub has_add_ons: Option<bool>,
        pub is_available_for_purchase: Option<bool>,
        pub billing: Option<String>,
        pub supported_billing_cycles: Vec<BillingCycle>,
        pub is_auto_renewable: Option<bool>,
        pub product: Option<OfferProduct>,
        pub unit_type: Option<String>,
        pub links: Option<Links>,
        pub attributes: Option<ResourceAttributes>,
    }
}

/// A traditional offer id is a GUID; a new-commerce one is `PRODUCT:SKU` (a subscription's
/// `offerId`) or `PRODUCT:SKU:AVAILABILITY` (a catalog item id).
pub fn is_new_commerce(offer_or_catalog_item_id: &str) -> bool {
    offer_or_catalog_item_id.contains(':')
}

/// The Azure plan's product: an Azure plan subscription's `offerId` is `DZH318Z0BPS6:0001`
/// (purchase-azure-reservations.md: reservations are bought for it as for MS-AZR-0145P).
pub const AZURE_PLAN_PRODUCT: &str = "DZH318Z0BPS6";

/// Whether a subscription's `offerId` is an Azure plan's.
pub fn is_azure_plan(offer_id: &str) -> bool {
    offer_id.to_ascii_uppercase().starts_with(AZURE_PLAN_PRODUCT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_ids_are_guids_and_new_commerce_ids_have_parts() {
        assert!(!is_new_commerce("91FD106F-4B2C-4938-95AC-F54F74E9A239"));
        assert!(!is_new_commerce("MS-AZR-0145P"));
        assert!(is_new_commerce("CFQ7TTC0LH18:0001"));
        assert!(is_new_commerce("CFQ7TTC0LH18:0001:JPJPYCOM"));
    }
}

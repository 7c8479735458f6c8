//! Entitlements as the partner reads them: each named from the order line that bought it,
//! and, for an Azure reservation, the details behind its artifact link.

use std::collections::HashMap;

use futures::stream::{self, StreamExt};
use procura_partner_center as pc;

use crate::api::{Client, Failure, CONCURRENT_READS};

/// An entitlement with what the page shows beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct NamedEntitlement {
    pub entitlement: pc::Entitlement,
    /// The order line's friendly name, when the order could be read.
    pub name: Option<String>,
    pub reservation: Option<Result<pc::ReservedInstanceArtifactDetails, Failure>>,
}

impl NamedEntitlement {
    /// The name to show: the order line's, else the product and SKU ids.
    pub fn title(&self) -> String {
        let e = &self.entitlement;
        self.name.clone().unwrap_or_else(|| format!("{} / {}", e.product_id, e.sku_id))
    }

    /// The reservation order the artifact names.
    pub fn reservation_order(&self) -> Option<String> {
        self.entitlement.entitled_artifacts.iter().find_map(|a| a.resource_id.clone())
    }
}

/// The friendly name of the line `line_item_id` (a number as text) of `order`.
pub fn line_name(order: &pc::Order, line_item_id: &str) -> Option<String> {
    let line =
        order.line_items.iter().find(|l| l.line_item_number.to_string() == line_item_id.trim());
    line.and_then(|l| l.friendly_name.clone())
}

/// The reserved-instance artifact's link, if the entitlement has one.
fn reservation_link(e: &pc::Entitlement) -> Option<&str> {
    e.entitled_artifacts
        .iter()
        .find(|a| a.artifact_type.eq_ignore_ascii_case("reservedinstance"))
        .and_then(|a| a.link.as_ref())
        .map(|l| l.uri.as_str())
}

/// The customer's entitlements, named. Each order is read once however many entitlements
/// it made; an order that cannot be read leaves its entitlements unnamed, not the page empty.
pub async fn named_entitlements(
    client: &Client,
    customer: &str,
) -> Result<Vec<NamedEntitlement>, Failure> {
    let list = client.entitlements(customer).await?;
    let mut order_ids: Vec<String> =
        list.iter().filter_map(|e| e.reference_order.as_ref()).map(|r| r.id.clone()).collect();
    order_ids.sort();
    order_ids.dedup();
    let orders: Vec<(String, Result<pc::Order, Failure>)> = stream::iter(order_ids)
        .map(|id| async move {
            let order = client.order(customer, &id).await;
            (id, order)
        })
        .buffered(CONCURRENT_READS)
        .collect()
        .await;
    if orders.iter().any(|(_, o)| matches!(o, Err(Failure::Cancelled))) {
        return Err(Failure::Cancelled);
    }
    let orders: HashMap<String, pc::Order> =
        orders.into_iter().filter_map(|(id, o)| o.ok().map(|o| (id, o))).collect();
    let reservations: Vec<Option<Result<pc::ReservedInstanceArtifactDetails, Failure>>> =
        stream::iter(&list)
            .map(|e| async move {
                match reservation_link(e) {
                    Some(uri) => Some(client.artifact_details(uri).await),
                    None => None,
                }
            })
            .buffered(CONCURRENT_READS)
            .collect()
            .await;
    Ok(list
        .into_iter()
        .zip(reservations)
        .map(|(entitlement, reservation)| {
            let name = entitlement
                .reference_order
                .as_ref()
                .and_then(|r| orders.get(&r.id).and_then(|o| line_name(o, &r.line_item_id)));
            NamedEntitlement { entitlement, name, reservation }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_order_line_or_the_ids() {
        let order: pc::Order = pc::from_slice(
            br#"{"id":"O1","lineItems":[{"lineItemNumber":0,"offerId":"A","friendlyName":"First","quantity":1},
                {"lineItemNumber":1,"offerId":"B","friendlyName":"Second","quantity":1}]}"#,
        )
        .unwrap();
        assert_eq!(line_name(&order, "1").as_deref(), Some("Second"));
        assert_eq!(line_name(&order, " 0 ").as_deref(), Some("First"));
        assert_eq!(line_name(&order, "7"), None);
        let e: pc::Entitlement = pc::from_slice(
            br#"{"productId":"P","skuId":"S","entitlementType":"software","quantity":1,
                "entitledArtifacts":[{"artifactType":"ReservedInstance","resourceId":"R-0",
                "link":{"uri":"/customers/c/artifacts/reservedinstance/x","method":"GET"}}]}"#,
        )
        .unwrap();
        let named = NamedEntitlement { entitlement: e.clone(), name: None, reservation: None };
        assert_eq!(named.title(), "P / S");
        assert_eq!(named.reservation_order().as_deref(), Some("R-0"));
        assert_eq!(reservation_link(&e), Some("/customers/c/artifacts/reservedinstance/x"));
    }
}

//! Discovery: the SKUs of a category in the customer's market, one row per SKU with its
//! product, read with bounded concurrency and searchable as the partner types.

use futures::stream::{self, StreamExt, TryStreamExt};
use procura_partner_center as pc;

use crate::api::{Client, Failure, CONCURRENT_READS};

/// Partner Center's `targetView` values for what Procura buys, in the order shown.
pub const VIEWS: [&str; 4] =
    ["SoftwareSubscriptions", "SoftwarePerpetual", "AzureReservationsVM", "OnlineServices"];

/// At most this many SKUs are listed at once; the search narrows the rest.
pub const MAX_SHOWN: usize = 60;

/// A known view, or the first one: the URL may say anything.
pub fn view_or_default(view: Option<&str>) -> &'static str {
    view.and_then(|v| VIEWS.iter().find(|k| k.eq_ignore_ascii_case(v))).copied().unwrap_or(VIEWS[0])
}

/// One SKU with its product: a row of the catalog, and the target view it was listed under
/// (the surest sign of what kind of product it is).
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub product: pc::Product,
    pub sku: pc::Sku,
    pub view: &'static str,
}

impl Row {
    pub fn search_text(&self) -> String {
        format!("{} {} {} {}", self.product.title, self.product.id, self.sku.title, self.sku.id)
    }
}

/// Every SKU of the view's products in `country`, products in the service's order.
pub async fn rows(client: &Client, country: &str, view: &'static str) -> Result<Vec<Row>, Failure> {
    let products = client.products(country, view).await?;
    stream::iter(products)
        .map(|product| async move {
            let skus = client.skus(&product.id, country).await?;
            Ok::<_, Failure>(
                skus.into_iter()
                    .map(|sku| Row { product: product.clone(), sku, view })
                    .collect::<Vec<_>>(),
            )
        })
        .buffered(CONCURRENT_READS)
        .try_concat()
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_views_fall_back_to_the_first() {
        assert_eq!(view_or_default(Some("azurereservationsvm")), "AzureReservationsVM");
        assert_eq!(view_or_default(Some("<script>")), "SoftwareSubscriptions");
        assert_eq!(view_or_default(None), "SoftwareSubscriptions");
    }
}

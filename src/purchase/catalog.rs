//! Discovery: the SKUs of a category in the customer's market, one row per SKU with its
//! product, read with bounded concurrency and searchable as the partner types.

use std::collections::HashMap;

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

/// A category as far as it has been read: its products, in the service's order, and the SKUs
/// read so far for each. Reads are in proportion to what is shown: a product's SKUs are read
/// when the list reaches it, when the search names it, or when the partner opens it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Listing {
    pub view: &'static str,
    pub products: Vec<pc::Product>,
    pub skus: HashMap<String, Vec<pc::Sku>>,
}

impl Listing {
    pub fn new(view: &'static str, products: Vec<pc::Product>) -> Listing {
        Listing { view, products, skus: HashMap::new() }
    }

    /// The rows read so far, products in order.
    pub fn rows(&self) -> Vec<Row> {
        let mut out = Vec::new();
        for p in &self.products {
            for sku in self.skus.get(&p.id).into_iter().flatten() {
                out.push(Row { product: p.clone(), sku: sku.clone(), view: self.view });
            }
        }
        out
    }

    /// The products whose SKUs are not read yet.
    pub fn unread(&self) -> Vec<pc::Product> {
        self.products.iter().filter(|p| !self.skus.contains_key(&p.id)).cloned().collect()
    }

    /// The products whose SKUs the list needs now: those in order until [`MAX_SHOWN`] rows
    /// are filled (an unread product counting as one), and with a query the unread ones whose
    /// title or id holds one of its words of three letters or more (a shorter word, "1" of
    /// "1 year", would name nearly every product).
    pub fn wanted(&self, query: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut shown = 0;
        for p in &self.products {
            if shown >= MAX_SHOWN {
                break;
            }
            match self.skus.get(&p.id) {
                Some(s) => shown += s.len(),
                None => {
                    out.push(p.id.clone());
                    shown += 1;
                }
            }
        }
        let q = query.to_lowercase();
        let words: Vec<&str> = q.split_whitespace().filter(|w| w.chars().count() >= 3).collect();
        for p in self.unread() {
            let text = format!("{} {}", p.title, p.id).to_lowercase();
            if words.iter().any(|w| text.contains(w)) && !out.contains(&p.id) {
                out.push(p.id);
            }
        }
        out
    }
}

/// The SKUs of the products `ids` in `country`, read with bounded concurrency.
pub async fn skus_of(
    client: &Client,
    country: &str,
    ids: Vec<String>,
) -> Result<Vec<(String, Vec<pc::Sku>)>, Failure> {
    stream::iter(ids)
        .map(|id| async move {
            let skus = client.skus(&id, country).await?;
            Ok::<_, Failure>((id, skus))
        })
        .buffered(CONCURRENT_READS)
        .try_collect()
        .await
}

/// Every SKU of the view's products in `country`, products in the service's order (for the
/// add-ons, which are told by their SKUs).
pub async fn rows(client: &Client, country: &str, view: &'static str) -> Result<Vec<Row>, Failure> {
    let mut listing = Listing::new(view, client.products(country, view).await?);
    let ids = listing.products.iter().map(|p| p.id.clone()).collect();
    listing.skus.extend(skus_of(client, country, ids).await?);
    Ok(listing.rows())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(id: &str, title: &str) -> pc::Product {
        pc::Product { id: id.into(), title: title.into(), ..Default::default() }
    }

    #[test]
    fn skus_are_read_as_far_as_the_list_shows_or_the_search_names() {
        let products: Vec<pc::Product> =
            (0..100).map(|n| product(&format!("P{n}"), &format!("Product {n}"))).collect();
        let mut l = Listing::new("SoftwareSubscriptions", products);
        l.products.push(product("W1", "Windows Server"));
        // Nothing read: the first MAX_SHOWN products, one row each until read.
        assert_eq!(l.wanted("").len(), MAX_SHOWN);
        // Read with 10 SKUs each: six products fill the list.
        for n in 0..6 {
            l.skus.insert(format!("P{n}"), vec![pc::Sku::default(); 10]);
        }
        assert!(l.wanted("").is_empty());
        assert_eq!(l.rows().len(), 60);
        // A search reads the unread products it names, and only those.
        assert_eq!(l.wanted("windows 1 year"), ["W1"]);
        assert_eq!(l.unread().len(), 95);
    }

    #[test]
    fn unknown_views_fall_back_to_the_first() {
        assert_eq!(view_or_default(Some("azurereservationsvm")), "AzureReservationsVM");
        assert_eq!(view_or_default(Some("<script>")), "SoftwareSubscriptions");
        assert_eq!(view_or_default(None), "SoftwareSubscriptions");
    }
}

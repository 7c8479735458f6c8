//! What a line costs, as Partner Center states it in a line's `pricing` (cart-resources.md,
//! order-resources.md): on new-commerce cart lines once the cart holds them, and on order
//! lines. The catalog itself carries no price.
//!
//! `price` is per licence and billing period; `extendedPrice` is the quantity over the whole
//! term, as in create-a-cart.md's example (30.4 monthly for a one-year term: 364.8). A seed
//! SKU's price is per month for online services and the whole price for one-time items.

use procura_partner_center as pc;
use rust_decimal::Decimal;

use crate::carts::Item;
use crate::seed::{self, Kind};

fn months(term: Option<&str>) -> i64 {
    match term.map(str::to_ascii_uppercase).as_deref() {
        Some("P1Y") => 12,
        Some("P3Y") => 36,
        _ => 1,
    }
}

/// The pricing of `quantity` of `item` bought for `term` and billed per `billing`.
pub fn of(
    item: &Item,
    quantity: i64,
    term: Option<&str>,
    billing: Option<&pc::BillingCycle>,
) -> Option<pc::Pricing> {
    let unit = seed::price(item.sku, item.currency)?;
    let (per_period, periods) = match item.product.kind {
        Kind::OnlineService | Kind::AddOn => {
            let per_billing = match billing.map(pc::BillingCycle::as_wire) {
                Some("annual") => 12,
                _ => 1,
            };
            let term = months(term);
            (unit * Decimal::from(per_billing), (term / per_billing).max(1))
        }
        _ => (unit, 1),
    };
    let extended =
        per_period.checked_mul(Decimal::from(quantity))?.checked_mul(Decimal::from(periods))?;
    Some(pc::Pricing {
        list_price: Some(per_period),
        discounted_price: Some(per_period),
        prorated_price: Some(per_period),
        price: Some(per_period),
        extended_price: Some(extended),
        extra: Default::default(),
    })
}

/// The pricing a cart line carries: new-commerce lines only (create-a-cart.md); one-time
/// lines are priced on their order.
pub fn of_cart_line(item: &Item, line: &pc::CartLineItem) -> Option<pc::Pricing> {
    item.product
        .kind
        .is_new_commerce()
        .then(|| {
            of(item, line.quantity, line.term_duration.as_deref(), line.billing_cycle.as_ref())
        })
        .flatten()
}

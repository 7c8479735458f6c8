//! Which orders a checked-out cart placed, when the service answers a second checkout with
//! 800065 (`error-codes.md`) rather than the first checkout's result (`checkout-a-cart.md`).
//! An order does not name its cart, so the match is by content: made no earlier than the
//! cart, and every line one of the cart's items in the cart's quantity.

use procura_partner_center as pc;

/// The ids of `orders` that `cart` could have placed, oldest first, each once.
pub fn placed_by(cart: &pc::Cart, orders: &[pc::Order]) -> Vec<String> {
    let since = cart.creation_timestamp.map_or(i64::MIN, |t| t.millis());
    let from_cart = |l: &pc::OrderLineItem| {
        cart.line_items.iter().any(|c| {
            c.catalog_item_id.eq_ignore_ascii_case(&l.offer_id) && c.quantity == l.quantity
        })
    };
    let mut found: Vec<(i64, String)> = orders
        .iter()
        .filter(|o| o.creation_date.is_some_and(|d| d.millis() >= since))
        .filter(|o| !o.line_items.is_empty() && o.line_items.iter().all(from_cart))
        .filter_map(|o| Some((o.creation_date.map_or(0, |d| d.millis()), o.id.clone()?)))
        .collect();
    found.sort();
    let mut seen = std::collections::HashSet::new();
    found.retain(|(_, id)| seen.insert(id.to_ascii_lowercase()));
    found.into_iter().map(|(_, id)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(id: &str, at: &str, lines: &[(&str, i64)]) -> pc::Order {
        pc::Order {
            id: Some(id.into()),
            creation_date: pc::Timestamp::parse(at),
            line_items: lines
                .iter()
                .map(|(item, q)| pc::OrderLineItem {
                    offer_id: (*item).into(),
                    quantity: *q,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn orders_made_since_the_cart_from_its_lines_only() {
        let cart = pc::Cart {
            creation_timestamp: pc::Timestamp::parse("2026-11-20T10:00:00Z"),
            line_items: vec![
                pc::CartLineItem {
                    catalog_item_id: "A:1:X".into(),
                    quantity: 2,
                    ..Default::default()
                },
                pc::CartLineItem {
                    catalog_item_id: "B:1:X".into(),
                    quantity: 1,
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        let orders = [
            order("later", "2026-11-20T10:05:00Z", &[("b:1:x", 1)]),
            order("placed", "2026-11-20T10:01:00Z", &[("A:1:X", 2)]),
            order("placed", "2026-11-20T10:01:00Z", &[("A:1:X", 2)]),
            order("before", "2026-11-20T09:59:00Z", &[("A:1:X", 2)]),
            order("other-quantity", "2026-11-20T10:02:00Z", &[("A:1:X", 3)]),
            order("mixed", "2026-11-20T10:02:00Z", &[("A:1:X", 2), ("C:1:X", 1)]),
            order("empty", "2026-11-20T10:02:00Z", &[]),
        ];
        assert_eq!(placed_by(&cart, &orders), ["placed", "later"]);
    }
}

//! Orders this browser placed that Partner Center may not list yet (a new order takes up to
//! 15 minutes to appear in the list, though it can be read by id at once). Kept in storage
//! per partner browser until the list shows them or a day has passed.

use procura_partner_center as pc;
use serde::{Deserialize, Serialize};

use crate::browser;
use crate::storage::{self, Stored};

pub(crate) const KEY: &str = "procura.orders.recent.v1";
/// Long past the documented 15 minutes: an order still unlisted by then is not ours to show.
pub const KEEP_MS: i64 = 24 * 3_600_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecentOrder {
    pub customer: String,
    pub order: pc::Order,
    pub placed_ms: i64,
}

impl RecentOrder {
    pub fn id(&self) -> &str {
        self.order.id.as_deref().unwrap_or_default()
    }
}

/// Saved recent orders; anything unreadable counts as none (it is only a convenience).
pub fn parse(text: &str) -> Vec<RecentOrder> {
    serde_json::from_str(text).unwrap_or_default()
}

/// The entries still worth keeping: not yet listed, not expired, one per order.
pub fn settle(
    mut all: Vec<RecentOrder>,
    customer: &str,
    listed: &[&str],
    now_ms: i64,
) -> Vec<RecentOrder> {
    all.retain(|r| {
        now_ms - r.placed_ms < KEEP_MS
            && !(r.customer == customer && listed.iter().any(|l| l.eq_ignore_ascii_case(r.id())))
    });
    let mut seen = std::collections::HashSet::new();
    all.retain(|r| seen.insert((r.customer.clone(), r.id().to_ascii_lowercase())));
    all
}

impl storage::Record for Vec<RecentOrder> {}

fn stored() -> Stored<Vec<RecentOrder>> {
    Stored::new(KEY)
}

/// Unreadable storage counts as none: the list only lacks the "recent" marks until the
/// service lists the orders itself.
fn load() -> Vec<RecentOrder> {
    stored().load().found().unwrap_or_default()
}

/// Best effort, for the same reason.
fn save(all: &[RecentOrder]) {
    let _ = if all.is_empty() { stored().clear() } else { stored().save(&all.to_vec()) };
}

/// Remembers orders just placed for `customer` (checkout calls this).
pub fn record(customer: &str, orders: &[pc::Order]) {
    let now = browser::now_ms();
    let mut all = load();
    all.extend(orders.iter().filter(|o| o.id.is_some()).map(|o| RecentOrder {
        customer: customer.into(),
        order: o.clone(),
        placed_ms: now,
    }));
    // Newest wins when an order is recorded twice (a repeated checkout).
    all.reverse();
    let mut all = settle(all, customer, &[], now);
    all.reverse();
    save(&all);
}

/// The customer's recent orders that the list (whose ids are `listed`) does not show yet;
/// those it does show are forgotten.
pub fn unlisted(customer: &str, listed: &[&str]) -> Vec<RecentOrder> {
    let all = settle(load(), customer, listed, browser::now_ms());
    save(&all);
    all.into_iter().filter(|r| r.customer == customer).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(customer: &str, id: &str, at: i64) -> RecentOrder {
        RecentOrder {
            customer: customer.into(),
            order: pc::Order { id: Some(id.into()), ..Default::default() },
            placed_ms: at,
        }
    }

    #[test]
    fn listed_and_expired_orders_are_forgotten() {
        let all = vec![
            r("c1", "A", 0),
            r("c1", "B", 0),
            r("c2", "A", 0),
            r("c1", "old", -KEEP_MS),
            r("c1", "B", 5),
        ];
        let kept = settle(all, "c1", &["a"], 1000);
        assert_eq!(
            kept.iter().map(|x| (x.customer.as_str(), x.id())).collect::<Vec<_>>(),
            [("c1", "B"), ("c2", "A")]
        );
    }

    #[test]
    fn garbage_in_storage_is_no_orders() {
        assert!(parse("{not json").is_empty());
        assert!(parse("[{\"customer\": 3}]").is_empty());
        let text = serde_json::to_string(&vec![r("c", "X", 1)]).unwrap();
        assert_eq!(parse(&text), [r("c", "X", 1)]);
    }
}

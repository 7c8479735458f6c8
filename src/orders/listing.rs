//! A customer's order list as shown: the service's list, plus orders placed here that it
//! does not list yet (marked recent, never twice), by billing cycle type, sorted.

use pc::{BillingCycle, OrderStatus};
use procura_partner_center as pc;

use super::recent::RecentOrder;

/// One-time apart from recurring (monthly, annual...), or everything.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BillingView {
    #[default]
    All,
    OneTime,
    Recurring,
}

impl BillingView {
    pub const ALL: [BillingView; 3] =
        [BillingView::All, BillingView::OneTime, BillingView::Recurring];

    pub fn keeps(self, o: &pc::Order) -> bool {
        let one_time = o.billing_cycle == Some(BillingCycle::OneTime);
        match self {
            BillingView::All => true,
            BillingView::OneTime => one_time,
            BillingView::Recurring => !one_time,
        }
    }

    /// The service's `billingType` filter, where it has one (recurring is "not one-time",
    /// which it cannot ask for in one request).
    pub fn billing_type(self) -> Option<&'static str> {
        (self == BillingView::OneTime).then_some("OneTime")
    }

    pub fn key(self) -> &'static str {
        match self {
            BillingView::All => "all",
            BillingView::OneTime => "onetime",
            BillingView::Recurring => "recurring",
        }
    }

    pub fn from_key(k: &str) -> BillingView {
        BillingView::ALL.into_iter().find(|v| v.key() == k).unwrap_or_default()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub order: pc::Order,
    /// Placed here and not listed by the service yet.
    pub recent: bool,
}

/// The service's orders, then the recent ones it does not list (same id: the list wins).
pub fn merge(listed: Vec<pc::Order>, recent: &[RecentOrder], view: BillingView) -> Vec<Row> {
    let has = |id: &str| {
        listed.iter().any(|o| o.id.as_deref().is_some_and(|l| l.eq_ignore_ascii_case(id)))
    };
    let extra: Vec<Row> = recent
        .iter()
        .filter(|r| !has(r.id()) && view.keeps(&r.order))
        .map(|r| Row { order: r.order.clone(), recent: true })
        .collect();
    listed
        .into_iter()
        .filter(|o| view.keeps(o))
        .map(|order| Row { order, recent: false })
        .chain(extra)
        .collect()
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    #[default]
    Newest,
    Oldest,
    Status,
}

impl SortBy {
    pub const ALL: [SortBy; 3] = [SortBy::Newest, SortBy::Oldest, SortBy::Status];

    pub fn key(self) -> &'static str {
        match self {
            SortBy::Newest => "newest",
            SortBy::Oldest => "oldest",
            SortBy::Status => "status",
        }
    }

    pub fn from_key(k: &str) -> SortBy {
        SortBy::ALL.into_iter().find(|v| v.key() == k).unwrap_or_default()
    }
}

/// What needs the partner's attention first: failures, then work in progress, then done.
fn status_rank(s: Option<&OrderStatus>) -> u8 {
    match s {
        Some(OrderStatus::Error | OrderStatus::PoReviewRejected) => 0,
        Some(OrderStatus::PartialSuccess | OrderStatus::Suspended) => 1,
        Some(
            OrderStatus::PendingReview
            | OrderStatus::PendingPoUpload
            | OrderStatus::PoUploadComplete,
        ) => 2,
        Some(OrderStatus::Pending) => 3,
        Some(OrderStatus::Completed) => 4,
        Some(OrderStatus::Cancelled) => 5,
        _ => 6,
    }
}

fn created(o: &pc::Order) -> i64 {
    o.creation_date.map(|t| t.millis()).unwrap_or(i64::MIN)
}

pub fn sort(rows: &mut [Row], by: SortBy) {
    match by {
        SortBy::Newest => rows.sort_by_key(|r| std::cmp::Reverse(created(&r.order))),
        SortBy::Oldest => rows.sort_by_key(|r| created(&r.order)),
        SortBy::Status => rows.sort_by_key(|r| {
            (status_rank(r.order.status.as_ref()), std::cmp::Reverse(created(&r.order)))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(id: &str, cycle: BillingCycle, at: &str, status: OrderStatus) -> pc::Order {
        pc::Order {
            id: Some(id.into()),
            billing_cycle: Some(cycle),
            creation_date: pc::Timestamp::parse(at),
            status: Some(status),
            ..Default::default()
        }
    }

    fn recent(order: pc::Order) -> RecentOrder {
        RecentOrder { customer: "c".into(), order, placed_ms: 0 }
    }

    #[test]
    fn a_recent_order_is_shown_once() {
        let new = o("N1", BillingCycle::OneTime, "2026-11-21", OrderStatus::Pending);
        let before = merge(
            vec![o("A", BillingCycle::Monthly, "2025-01-01", OrderStatus::Completed)],
            &[recent(new.clone())],
            BillingView::All,
        );
        assert_eq!(
            before.iter().map(|r| (r.order.id.clone().unwrap(), r.recent)).collect::<Vec<_>>(),
            [("A".to_string(), false), ("N1".to_string(), true)]
        );
        let mut listed = new.clone();
        listed.id = Some("n1".into());
        let after = merge(vec![listed], &[recent(new)], BillingView::All);
        assert_eq!(after.len(), 1);
        assert!(!after[0].recent);
    }

    #[test]
    fn billing_views_split_one_time_from_recurring() {
        let rows = || {
            vec![
                o("M", BillingCycle::Monthly, "2025-01-01", OrderStatus::Completed),
                o("Y", BillingCycle::Annual, "2025-02-01", OrderStatus::Completed),
            ]
        };
        let one = recent(o("O", BillingCycle::OneTime, "2026-01-01", OrderStatus::Pending));
        assert_eq!(merge(rows(), std::slice::from_ref(&one), BillingView::OneTime).len(), 1);
        assert_eq!(merge(rows(), std::slice::from_ref(&one), BillingView::Recurring).len(), 2);
        assert_eq!(BillingView::OneTime.billing_type(), Some("OneTime"));
        assert_eq!(BillingView::from_key("recurring"), BillingView::Recurring);
    }

    #[test]
    fn sorted_by_date_or_by_what_needs_attention() {
        let mut rows: Vec<Row> = [
            o("done", BillingCycle::OneTime, "2026-01-01", OrderStatus::Completed),
            o("new", BillingCycle::OneTime, "2026-03-01", OrderStatus::Pending),
            o("bad", BillingCycle::OneTime, "2025-03-01", OrderStatus::Error),
        ]
        .into_iter()
        .map(|order| Row { order, recent: false })
        .collect();
        let ids =
            |rows: &[Row]| rows.iter().map(|r| r.order.id.clone().unwrap()).collect::<Vec<_>>();
        sort(&mut rows, SortBy::Newest);
        assert_eq!(ids(&rows), ["new", "done", "bad"]);
        sort(&mut rows, SortBy::Oldest);
        assert_eq!(ids(&rows), ["bad", "done", "new"]);
        sort(&mut rows, SortBy::Status);
        assert_eq!(ids(&rows), ["bad", "new", "done"]);
    }
}

//! Which orders a cart becomes: Partner Center groups lines by billing cycle (`orderGroup`),
//! numbered in order of appearance. Shown before checkout so the partner knows what to expect.

use procura_partner_center as pc;

use super::line::DraftLine;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderGroup {
    /// The server's `orderGroup` when it has said, else ours (same numbering).
    pub key: String,
    pub billing: Option<pc::BillingCycle>,
    /// Indexes into the cart's lines.
    pub lines: Vec<usize>,
}

pub fn order_groups(lines: &[DraftLine]) -> Vec<OrderGroup> {
    let mut groups: Vec<OrderGroup> = Vec::new();
    let server_said = !lines.is_empty() && lines.iter().all(|l| l.order_group.is_some());
    for (i, line) in lines.iter().enumerate() {
        let billing = line.billing.clone();
        let found = groups.iter_mut().find(|g| {
            if server_said {
                Some(&g.key) == line.order_group.as_ref()
            } else {
                g.billing == billing
            }
        });
        match found {
            Some(g) => g.lines.push(i),
            None => {
                let key = if server_said {
                    line.order_group.clone().unwrap_or_default()
                } else {
                    groups.len().to_string()
                };
                groups.push(OrderGroup { key, billing, lines: vec![i] });
            }
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(billing: &str, group: Option<&str>) -> DraftLine {
        DraftLine {
            billing: Some(pc::BillingCycle::from_wire(billing)),
            order_group: group.map(str::to_string),
            ..Default::default()
        }
    }

    #[test]
    fn lines_group_by_billing_cycle_in_order_of_appearance() {
        let g =
            order_groups(&[line("one_time", None), line("monthly", None), line("one_time", None)]);
        assert_eq!(g.len(), 2);
        assert_eq!((g[0].key.as_str(), g[0].lines.clone()), ("0", vec![0, 2]));
        assert_eq!(
            (g[1].key.as_str(), g[1].billing.clone()),
            ("1", Some(pc::BillingCycle::Monthly))
        );
        assert!(order_groups(&[]).is_empty());
    }

    #[test]
    fn the_servers_groups_win_once_known() {
        let g = order_groups(&[line("one_time", Some("7")), line("one_time", Some("8"))]);
        assert_eq!(g.iter().map(|g| g.key.as_str()).collect::<Vec<_>>(), ["7", "8"]);
    }
}

//! An order's provisioning, line by line: quantities per status, whether it is final, and
//! how long to wait before asking again.

use std::collections::BTreeMap;

use pc::ProvisioningStatus;
use procura_partner_center as pc;

/// Waits between checks: 1, 2, 4, 8, 16 s, then every 30 s.
pub fn poll_delay_ms(check: u32) -> u64 {
    crate::api::retry::doubling_ms(1000, check, 30_000)
}

/// Checks before the page stops on its own (about 20 minutes); the partner can refresh.
pub const MAX_CHECKS: u32 = 45;

/// Whether nothing is left to wait for: every line fulfilled or unfulfilled.
pub fn is_final(lines: &[pc::OrderLineItemProvisioningStatus]) -> bool {
    !lines.is_empty()
        && lines.iter().all(|l| {
            matches!(l.status, ProvisioningStatus::Fulfilled | ProvisioningStatus::Unfulfilled)
        })
}

/// How many of a line's units are in each status (in the wire enum's order).
pub fn quantities(line: &pc::OrderLineItemProvisioningStatus) -> Vec<(ProvisioningStatus, i64)> {
    let rank = |s: &ProvisioningStatus| {
        ProvisioningStatus::KNOWN.iter().position(|k| k == s).unwrap_or(usize::MAX)
    };
    let mut by: BTreeMap<usize, (ProvisioningStatus, i64)> = BTreeMap::new();
    for q in &line.quantity_provisioning_information {
        // Server counts: saturating, as no real order comes near it (an overflow would panic
        // in debug builds and wrap in release).
        let n = &mut by.entry(rank(&q.status)).or_insert((q.status.clone(), 0)).1;
        *n = n.saturating_add(q.quantity);
    }
    by.into_values().collect()
}

/// The status of line `number`, if the service reported it.
pub fn for_line(
    lines: &[pc::OrderLineItemProvisioningStatus],
    number: i64,
) -> Option<&pc::OrderLineItemProvisioningStatus> {
    lines.iter().find(|l| l.line_item_number == number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(
        n: i64,
        status: ProvisioningStatus,
        qs: &[(ProvisioningStatus, i64)],
    ) -> pc::OrderLineItemProvisioningStatus {
        pc::OrderLineItemProvisioningStatus {
            line_item_number: n,
            status,
            quantity_provisioning_information: qs
                .iter()
                .map(|(s, q)| pc::QuantityProvisioningStatus {
                    quantity: *q,
                    status: s.clone(),
                    extra: Default::default(),
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn final_only_when_no_line_is_pending() {
        use ProvisioningStatus::*;
        assert!(!is_final(&[]));
        assert!(!is_final(&[line(0, Fulfilled, &[]), line(1, PrefulfillmentPending, &[])]));
        assert!(is_final(&[line(0, Fulfilled, &[]), line(1, Unfulfilled, &[])]));
        assert!(!is_final(&[line(0, Unknown, &[])]));
    }

    #[test]
    fn quantities_are_summed_per_status() {
        use ProvisioningStatus::*;
        let l = line(
            0,
            PrefulfillmentPending,
            &[(PrefulfillmentPending, 2), (Fulfilled, 3), (PrefulfillmentPending, 1)],
        );
        assert_eq!(quantities(&l), [(Fulfilled, 3), (PrefulfillmentPending, 3)]);
    }

    #[test]
    fn polling_backs_off_to_thirty_seconds() {
        assert_eq!(
            (0..7).map(poll_delay_ms).collect::<Vec<_>>(),
            [1000, 2000, 4000, 8000, 16000, 30000, 30000]
        );
    }
}

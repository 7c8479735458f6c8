//! What is being bought, and in which Partner Center cloud.

use crate::tables::{CLOUDS, KIND_NAMES};

/// Declaration order matters: `build.rs` (`KINDS`) indexes clouds' kind masks by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProductKind {
    SoftwareSubscription,
    PerpetualSoftware,
    AzureReservation,
    OnlineService,
    AddOn,
}

impl ProductKind {
    pub const ALL: [ProductKind; 5] = [
        ProductKind::SoftwareSubscription,
        ProductKind::PerpetualSoftware,
        ProductKind::AzureReservation,
        ProductKind::OnlineService,
        ProductKind::AddOn,
    ];

    /// The `procura-rules` CSV spelling, e.g. `azure-reservation`.
    pub fn name(self) -> &'static str {
        KIND_NAMES[self as usize]
    }

    pub fn parse(s: &str) -> Option<ProductKind> {
        let s = s.trim();
        ProductKind::ALL.into_iter().find(|k| k.name().eq_ignore_ascii_case(s))
    }

    /// One-time purchases: bought once, through a cart, only in some clouds and markets.
    pub fn is_one_time(self) -> bool {
        matches!(
            self,
            ProductKind::SoftwareSubscription
                | ProductKind::PerpetualSoftware
                | ProductKind::AzureReservation
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Cloud {
    #[default]
    Global,
    UsGov,
    /// Partner Center operated by 21Vianet.
    China,
    Germany,
}

impl Cloud {
    pub const ALL: [Cloud; 4] = [Cloud::Global, Cloud::UsGov, Cloud::China, Cloud::Germany];

    pub fn name(self) -> &'static str {
        match self {
            Cloud::Global => "global",
            Cloud::UsGov => "us-gov",
            Cloud::China => "china",
            Cloud::Germany => "germany",
        }
    }

    pub fn parse(s: &str) -> Option<Cloud> {
        let s = s.trim();
        Cloud::ALL.into_iter().find(|c| c.name().eq_ignore_ascii_case(s))
    }

    pub fn sells(self, kind: ProductKind) -> bool {
        CLOUDS
            .iter()
            .find(|(name, _)| *name == self.name())
            .is_some_and(|(_, mask)| mask & (1 << kind as u8) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_match_the_build_table() {
        assert_eq!(KIND_NAMES.len(), ProductKind::ALL.len());
        for k in ProductKind::ALL {
            assert_eq!(ProductKind::parse(k.name()), Some(k));
        }
        assert_eq!(ProductKind::parse("Azure-Reservation"), Some(ProductKind::AzureReservation));
        assert_eq!(ProductKind::parse("reservation"), None);
    }

    #[test]
    fn every_cloud_has_a_row() {
        for c in Cloud::ALL {
            assert!(CLOUDS.iter().any(|(n, _)| *n == c.name()), "{c:?}");
            assert_eq!(Cloud::parse(c.name()), Some(c));
        }
    }

    #[test]
    fn one_time_purchases_only_in_global_and_us_gov() {
        for k in ProductKind::ALL.into_iter().filter(|k| k.is_one_time()) {
            assert!(Cloud::Global.sells(k) && Cloud::UsGov.sells(k));
            assert!(!Cloud::China.sells(k) && !Cloud::Germany.sells(k));
        }
        assert!(Cloud::China.sells(ProductKind::AddOn));
        assert!(!Cloud::Germany.sells(ProductKind::AddOn));
    }
}

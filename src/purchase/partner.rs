//! What the partner states about itself that the rules need and Partner Center does not
//! tell the app: whether it is qualified to sell perpetual software, and whether it is an
//! indirect provider (which names a reseller of record on its lines). Kept in the browser; a
//! statement not made leaves the rule that needs it silent (Partner Center then decides).

use serde::{Deserialize, Serialize};

use crate::storage::{Record, StorageError, Stored};

const KEY: &str = "procura.partner.v1";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PartnerFacts {
    /// Qualified to sell perpetual software: yes, no, or not stated.
    pub perpetual_qualified: Option<bool>,
    /// An indirect provider names the indirect reseller a line is sold through.
    pub indirect_provider: bool,
}

impl Record for PartnerFacts {}

impl PartnerFacts {
    /// What was stated before; nothing stated if nothing (readable) was saved.
    pub fn load() -> PartnerFacts {
        Stored::<PartnerFacts>::new(KEY).load().found().unwrap_or_default()
    }

    pub fn save(&self) -> Result<(), StorageError> {
        Stored::new(KEY).save(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_statement_is_kept() {
        assert_eq!(PartnerFacts::load(), PartnerFacts::default());
        PartnerFacts { perpetual_qualified: Some(false), ..Default::default() }.save().unwrap();
        assert_eq!(PartnerFacts::load().perpetual_qualified, Some(false));
    }
}

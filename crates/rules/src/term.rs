//! Term durations and billing cycles, from the compiled tables.

use crate::tables::{BILLING_CYCLES, TERMS};

/// One of the term durations of `data/terms.txt` (P1M, P1Y, P3Y).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Term(u8);

impl Term {
    /// An exact ISO 8601 duration from the table (`p1y` is accepted; `1Y`, `P2Y`, `P12M` are not).
    pub fn parse(s: &str) -> Option<Term> {
        let s = s.trim();
        TERMS.iter().position(|(d, _, _)| d.eq_ignore_ascii_case(s)).map(|i| Term(i as u8))
    }

    pub fn all() -> impl Iterator<Item = Term> {
        (0..TERMS.len() as u8).map(Term)
    }

    pub fn as_str(self) -> &'static str {
        TERMS[self.0 as usize].0
    }

    pub fn months(self) -> u8 {
        TERMS[self.0 as usize].1
    }

    /// Whether `renewsTo.termDuration` may be this term.
    pub fn can_renew_to(self) -> bool {
        TERMS[self.0 as usize].2
    }
}

/// A billing cycle of `data/billing-cycles.txt`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BillingCycle(u8);

impl BillingCycle {
    /// Reads wire spellings in any casing, with or without underscores (`one_time`,
    /// `OneTime`, `ONE_TIME`), as Partner Center writes them.
    pub fn parse(s: &str) -> Option<BillingCycle> {
        let s = s.trim();
        let same = |name: &str| {
            let mut a = name.bytes().filter(|b| *b != b'_');
            let mut b = s.bytes().filter(|b| *b != b'_');
            loop {
                match (a.next(), b.next()) {
                    (None, None) => return true,
                    (Some(x), Some(y)) if x.eq_ignore_ascii_case(&y) => {}
                    _ => return false,
                }
            }
        };
        BILLING_CYCLES.iter().position(|(n, _)| same(n)).map(|i| BillingCycle(i as u8))
    }

    pub fn all() -> impl Iterator<Item = BillingCycle> {
        (0..BILLING_CYCLES.len() as u8).map(BillingCycle)
    }

    pub fn as_str(self) -> &'static str {
        BILLING_CYCLES[self.0 as usize].0
    }

    /// Months between charges; 0 when the cycle does not repeat.
    pub fn period_months(self) -> u8 {
        BILLING_CYCLES[self.0 as usize].1
    }
}

/// A table-backed value that can live in a `SmallSet` (tables have at most 8 rows).
pub trait Member: Copy {
    fn bit(self) -> u8;
    fn all() -> impl Iterator<Item = Self>;
}

impl Member for Term {
    fn bit(self) -> u8 {
        self.0
    }
    fn all() -> impl Iterator<Item = Term> {
        Term::all()
    }
}

impl Member for BillingCycle {
    fn bit(self) -> u8 {
        self.0
    }
    fn all() -> impl Iterator<Item = BillingCycle> {
        BillingCycle::all()
    }
}

/// A set of terms or billing cycles, as one byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SmallSet<T>(u8, std::marker::PhantomData<T>);

/// An availability's offered terms.
pub type TermSet = SmallSet<Term>;
/// A SKU's supported billing cycles.
pub type BillingSet = SmallSet<BillingCycle>;

impl<T: Member> Default for SmallSet<T> {
    fn default() -> Self {
        SmallSet(0, std::marker::PhantomData)
    }
}

impl<T: Member> SmallSet<T> {
    pub fn with(self, m: T) -> Self {
        SmallSet(self.0 | 1 << m.bit(), std::marker::PhantomData)
    }
    pub fn contains(self, m: T) -> bool {
        self.0 & (1 << m.bit()) != 0
    }
    pub fn iter(self) -> impl Iterator<Item = T> {
        T::all().filter(move |m| self.contains(*m))
    }
}

impl<T: Member> FromIterator<T> for SmallSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        iter.into_iter().fold(SmallSet::default(), SmallSet::with)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_exact_iso_durations() {
        assert_eq!(Term::parse("P1M").unwrap().months(), 1);
        assert_eq!(Term::parse("p1y").unwrap().months(), 12);
        assert_eq!(Term::parse("P3Y").unwrap().months(), 36);
        for bad in ["P2Y", "1Y", "P12M", "", "PT1M", "P1YX"] {
            assert!(Term::parse(bad).is_none(), "{bad}");
        }
        assert!(Term::parse("P1M").unwrap().can_renew_to());
        assert!(Term::parse("P1Y").unwrap().can_renew_to());
        assert!(!Term::parse("P3Y").unwrap().can_renew_to());
    }

    #[test]
    fn billing_cycles_read_every_wire_casing() {
        for s in ["one_time", "OneTime", "ONE_TIME", "onetime"] {
            assert_eq!(BillingCycle::parse(s).unwrap().as_str(), "one_time", "{s}");
        }
        assert_eq!(BillingCycle::parse("Annual").unwrap().period_months(), 12);
        assert_eq!(BillingCycle::parse("monthly").unwrap().period_months(), 1);
        assert_eq!(BillingCycle::parse("none").unwrap().period_months(), 0);
        assert!(BillingCycle::parse("yearly").is_none());
        assert!(BillingCycle::parse("").is_none());
    }

    #[test]
    fn sets_hold_what_was_put_in() {
        let s: TermSet = [Term::parse("P1Y").unwrap()].into_iter().collect();
        assert!(s.contains(Term::parse("P1Y").unwrap()));
        assert!(!s.contains(Term::parse("P1M").unwrap()));
        assert_eq!(s.iter().count(), 1);
    }
}

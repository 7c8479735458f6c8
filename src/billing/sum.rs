//! Sums of amounts a server sent. `+` on `Decimal` panics past `Decimal::MAX` (about
//! 7.9e28), and a panic in wasm stops the whole page: such sums are taken here, and one that
//! no decimal holds says so (the page shows [`crate::format::TOO_LARGE`]) rather than being
//! shown wrong or stopping the app.

use rust_decimal::Decimal;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sum {
    value: Decimal,
    too_large: bool,
}

impl Sum {
    pub fn add(&mut self, amount: Decimal) {
        match self.value.checked_add(amount) {
            Some(v) if !self.too_large => self.value = v,
            _ => self.too_large = true,
        }
    }

    /// The sum, or `None` when it went past what a decimal holds.
    pub fn get(self) -> Option<Decimal> {
        (!self.too_large).then_some(self.value)
    }
}

impl FromIterator<Decimal> for Sum {
    fn from_iter<I: IntoIterator<Item = Decimal>>(amounts: I) -> Sum {
        let mut sum = Sum::default();
        for a in amounts {
            sum.add(a);
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sum_past_the_largest_decimal_is_reported_not_wrapped() {
        let fine: Sum = [Decimal::ONE, Decimal::new(-25, 1)].into_iter().collect();
        assert_eq!(fine.get(), Some(Decimal::new(-15, 1)));
        let mut big: Sum = [Decimal::MAX, Decimal::ONE].into_iter().collect();
        assert_eq!(big.get(), None);
        // Coming back under the limit does not make it right again: a term was lost.
        big.add(Decimal::MIN);
        assert_eq!(big.get(), None);
    }
}

//! A token bucket for Partner Center's order resource limit (500 requests per minute per
//! tenant). Time is passed in (milliseconds from any fixed origin), so the same type serves
//! the browser client, the sandbox server and tests.

#[derive(Clone, Debug)]
pub struct TokenBucket {
    capacity: u32,
    refill_per_ms: f64,
    tokens: f64,
    last_ms: u64,
}

impl TokenBucket {
    /// `capacity` requests per `period_ms`, refilled continuously, starting full.
    pub fn new(capacity: u32, period_ms: u64, now_ms: u64) -> TokenBucket {
        TokenBucket {
            capacity,
            refill_per_ms: capacity as f64 / period_ms.max(1) as f64,
            tokens: capacity as f64,
            last_ms: now_ms,
        }
    }

    /// The order resource's limit: 500 per minute.
    pub fn order_resource(now_ms: u64) -> TokenBucket {
        TokenBucket::new(500, 60_000, now_ms)
    }

    fn refill(&mut self, now_ms: u64) {
        // A clock that goes backwards (a tab restored, a test) refills nothing.
        let elapsed = now_ms.saturating_sub(self.last_ms);
        self.tokens = (self.tokens + elapsed as f64 * self.refill_per_ms).min(self.capacity as f64);
        self.last_ms = self.last_ms.max(now_ms);
    }

    /// Takes one token, or says how many milliseconds until one is there.
    pub fn try_take(&mut self, now_ms: u64) -> Result<(), u64> {
        self.refill(now_ms);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - self.tokens) / self.refill_per_ms).ceil() as u64)
        }
    }

    /// Whole tokens available now.
    pub fn available(&mut self, now_ms: u64) -> u32 {
        self.refill(now_ms);
        self.tokens as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_500_per_minute_then_waits() {
        let mut b = TokenBucket::order_resource(0);
        for _ in 0..500 {
            assert!(b.try_take(0).is_ok());
        }
        let wait = b.try_take(0).unwrap_err();
        assert_eq!(wait, 120, "one token every 120 ms");
        assert!(b.try_take(119).is_err());
        assert!(b.try_take(120).is_ok());
    }

    #[test]
    fn refills_to_capacity_only_and_tolerates_clock_going_back() {
        let mut b = TokenBucket::new(10, 1_000, 5_000);
        for _ in 0..10 {
            b.try_take(5_000).unwrap();
        }
        assert_eq!(b.available(1_000_000), 10);
        assert_eq!(b.available(0), 10);
        b.try_take(0).unwrap();
        assert_eq!(b.available(0), 9);
    }

    #[test]
    fn over_a_simulated_minute_no_more_than_capacity_plus_refill() {
        let mut b = TokenBucket::order_resource(0);
        let granted = (0..60_000u64).step_by(10).filter(|t| b.try_take(*t).is_ok()).count();
        // Starts full (500) and refills 500 over the minute.
        assert!((999..=1000).contains(&granted), "{granted}");
    }
}

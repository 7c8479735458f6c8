//! When to try a request again, and after how long. Pure, so it is tested natively; the
//! client applies it. Every retry reuses the request's `MS-RequestId`: that is what makes
//! a retried cart or checkout safe (Partner Center treats it as the idempotency key).

/// What one attempt came to, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attempt<'a> {
    /// No response: connection refused, reset, DNS, CORS.
    Network,
    /// No response within the attempt's time limit.
    Timeout,
    /// A response with this status and its `Retry-After` header, if any.
    Status(u16, Option<&'a str>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Try again after this many milliseconds.
    Wait(u64),
    /// Stop: success, a final error, or out of attempts.
    Stop,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Attempts in all, the first included.
    pub attempts: u32,
    /// The first back-off; doubled on each further retry.
    pub base_ms: u64,
    pub max_backoff_ms: u64,
    /// A `Retry-After` longer than this is not waited for: the partner is told instead.
    pub max_retry_after_ms: u64,
    /// One attempt's time limit.
    pub timeout_ms: u32,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            attempts: 4,
            base_ms: 400,
            max_backoff_ms: 8_000,
            max_retry_after_ms: 120_000,
            timeout_ms: 30_000,
        }
    }
}

/// Seconds in a `Retry-After` header. Partner Center sends whole seconds; an HTTP date or
/// garbage is read as "not said".
pub fn retry_after_ms(value: &str) -> Option<u64> {
    value.trim().parse::<u64>().ok().map(|s| s.saturating_mul(1000))
}

/// `base_ms` doubled `step` times, at most `cap_ms`: the back-off of retries and of status
/// polls (registration, provisioning) alike.
pub fn doubling_ms(base_ms: u64, step: u32, cap_ms: u64) -> u64 {
    let factor = 1u64.checked_shl(step).unwrap_or(u64::MAX);
    base_ms.saturating_mul(factor).min(cap_ms)
}

impl Policy {
    /// The back-off before retry number `retry` (1-based).
    pub fn backoff_ms(&self, retry: u32) -> u64 {
        doubling_ms(self.base_ms, retry.saturating_sub(1), self.max_backoff_ms)
    }

    /// What to do after attempt number `attempt` (1-based) came to `outcome`.
    pub fn next(&self, attempt: u32, outcome: Attempt<'_>) -> Next {
        if attempt >= self.attempts {
            return Next::Stop;
        }
        match outcome {
            Attempt::Network | Attempt::Timeout | Attempt::Status(408 | 500..=599, _) => {
                Next::Wait(self.backoff_ms(attempt))
            }
            Attempt::Status(429, retry_after) => {
                // Honour the server's wait; without one, back off as for an outage.
                let wait = retry_after
                    .and_then(retry_after_ms)
                    .unwrap_or_else(|| self.backoff_ms(attempt));
                if wait > self.max_retry_after_ms {
                    Next::Stop
                } else {
                    Next::Wait(wait)
                }
            }
            Attempt::Status(..) => Next::Stop,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transient_failures_back_off_exponentially_then_stop() {
        let p = Policy::default();
        assert_eq!(p.next(1, Attempt::Network), Next::Wait(400));
        assert_eq!(p.next(2, Attempt::Timeout), Next::Wait(800));
        assert_eq!(p.next(3, Attempt::Status(503, None)), Next::Wait(1600));
        assert_eq!(p.next(4, Attempt::Status(503, None)), Next::Stop);
        assert_eq!(p.next(1, Attempt::Status(408, None)), Next::Wait(400));
        assert_eq!(Policy { attempts: 40, ..p }.backoff_ms(30), 8_000);
        assert_eq!(Policy { attempts: 200, ..p }.backoff_ms(100), 8_000);
    }

    #[test]
    fn throttling_waits_for_retry_after() {
        let p = Policy::default();
        assert_eq!(p.next(1, Attempt::Status(429, Some("3"))), Next::Wait(3000));
        assert_eq!(p.next(1, Attempt::Status(429, Some(" 0 "))), Next::Wait(0));
        assert_eq!(
            p.next(1, Attempt::Status(429, Some("Wed, 21 Oct 2026 07:28:00 GMT"))),
            Next::Wait(400)
        );
        assert_eq!(p.next(1, Attempt::Status(429, Some("999999"))), Next::Stop);
        assert_eq!(p.next(1, Attempt::Status(429, Some("99999999999999999999"))), Next::Wait(400));
    }

    #[test]
    fn client_errors_and_successes_are_final() {
        let p = Policy::default();
        for s in [200, 201, 204, 400, 401, 403, 404, 409, 417] {
            assert_eq!(p.next(1, Attempt::Status(s, None)), Next::Stop, "{s}");
        }
    }
}

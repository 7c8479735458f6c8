//! Asking again until an answer is final, backing off between checks (Partner Center asks
//! clients not to poll in tight loops): order provisioning, subscription registration.

use std::future::Future;

use leptos::prelude::*;

use crate::api::Failure;
use crate::browser;

#[derive(Clone, Copy)]
pub struct PollOptions {
    /// The wait after check `n` (from 0), in milliseconds.
    pub delay_ms: fn(u32) -> u64,
    /// Stop after this many checks, final or not.
    pub max_checks: u32,
    /// Wait before the first check (something was just asked of the service).
    pub wait_first: bool,
    /// A failed check ends the polling; otherwise it is shown and the next check made.
    pub stop_on_failure: bool,
}

/// What a poll knows so far.
#[derive(Clone, Debug, PartialEq)]
pub struct PollState<T> {
    /// The latest answer.
    pub latest: Option<Result<T, Failure>>,
    pub checks: u32,
    /// The wait before the next check; `None` once polling has stopped.
    pub next_wait_ms: Option<u64>,
}

impl<T> Default for PollState<T> {
    fn default() -> PollState<T> {
        PollState { latest: None, checks: 0, next_wait_ms: None }
    }
}

/// Checks until `done` says the answer is final (or the options stop it), keeping `state`
/// up to date. Returns the last answer; `None` if the page was left (the requests are
/// cancelled, the signal is gone).
pub async fn poll<T, Fut>(
    mut check: impl FnMut() -> Fut,
    done: impl Fn(&T) -> bool,
    options: PollOptions,
    state: RwSignal<PollState<T>>,
) -> Option<Result<T, Failure>>
where
    T: Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<T, Failure>>,
{
    // The back-off step: it counts the wait before the first check, if there is one.
    let mut n = 0u32;
    if options.wait_first {
        let wait = (options.delay_ms)(0);
        state.try_update(|s| s.next_wait_ms = Some(wait))?;
        browser::sleep_ms(wait).await;
        n = 1;
    }
    let mut checks = 0u32;
    loop {
        // Left during the wait: `check` may read what the page owned, which is gone.
        state.try_with_untracked(|_| ())?;
        let answer = check().await;
        if matches!(answer, Err(Failure::Cancelled)) {
            return None;
        }
        checks += 1;
        let finished = match &answer {
            Ok(v) => done(v),
            Err(_) => options.stop_on_failure,
        };
        let stop = finished || checks >= options.max_checks;
        let wait = (!stop).then(|| (options.delay_ms)(n));
        // `try_set` hands the value back when the signal is gone: the page was left.
        let shown = PollState { latest: Some(answer.clone()), checks, next_wait_ms: wait };
        if state.try_set(shown).is_some() {
            return None;
        }
        let Some(wait) = wait else { return Some(answer) };
        browser::sleep_ms(wait).await;
        n += 1;
    }
}

/// Starts polling at once; the state to show. Stops by itself when the page is left.
pub fn use_polling<T, Fut>(
    check: impl FnMut() -> Fut + 'static,
    done: impl Fn(&T) -> bool + 'static,
    options: PollOptions,
    finished: impl FnOnce(&Result<T, Failure>) + 'static,
) -> RwSignal<PollState<T>>
where
    T: Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<T, Failure>> + 'static,
{
    let state = RwSignal::new(PollState::default());
    leptos::task::spawn_local(async move {
        if let Some(last) = poll(check, done, options, state).await {
            finished(&last);
        }
    });
    state
}

//! The cart's steps: edit, review, checking out, done; and where each answer leads. The
//! cart page shows the step and dispatches; the transitions are here, tested natively.

use super::draft::{CartDraft, CheckoutOutcome};
use crate::api::Failure;

#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Edit,
    Review,
    /// A checkout under way; `resuming` when it was interrupted by a reload.
    Running {
        resuming: bool,
    },
    Done(CheckoutOutcome),
}

/// What to show after an answer: the step to go to (if it changes), and the failure to show
/// (`None` clears it).
#[derive(Clone, Debug, PartialEq)]
pub struct Next {
    pub step: Option<Step>,
    pub failure: Option<Failure>,
}

impl Step {
    /// Where the cart opens: an interrupted checkout is finished first; a finished one is
    /// shown until the partner starts a new cart.
    pub fn initial(draft: &CartDraft) -> Step {
        match (&draft.pending, &draft.outcome) {
            (Some(_), _) => Step::Running { resuming: true },
            // Any edit clears the outcome; lines kept with one are its failed orders'.
            (None, Some(o)) => Step::Done(o.clone()),
            _ => Step::Edit,
        }
    }

    pub fn heading_is_review(&self) -> bool {
        matches!(self, Step::Review | Step::Running { .. })
    }

    /// After the review's synchronization (`None`: the page was left, nothing to show). The
    /// server may know more than the rules (a line error): then the cart stays in edit.
    pub fn after_review(result: Result<(), Failure>, draft: &CartDraft) -> Option<Next> {
        match result {
            Ok(()) => {
                let line_errors = draft.lines.iter().any(|l| l.server_error.is_some());
                let step = if line_errors { Step::Edit } else { Step::Review };
                Some(Next { step: Some(step), failure: None })
            }
            Err(Failure::Cancelled) => None,
            Err(f) => Some(Next { step: None, failure: Some(f) }),
        }
    }

    /// When the draft changes under this tab (another tab's save): a checkout another tab
    /// finished while this one was editing or reviewing is shown as done, rather than a
    /// review of lines that are no longer there.
    pub fn after_other_tab(&self, draft: &CartDraft) -> Option<Step> {
        match (self, &draft.pending, &draft.outcome) {
            (Step::Edit | Step::Review, None, Some(o)) if draft.lines.is_empty() => {
                Some(Step::Done(o.clone()))
            }
            _ => None,
        }
    }

    /// After the checkout: its outcome, or back to the review with the failure.
    pub fn after_checkout(result: Result<CheckoutOutcome, Failure>) -> Option<Next> {
        match result {
            Ok(outcome) => Some(Next { step: Some(Step::Done(outcome)), failure: None }),
            Err(Failure::Cancelled) => None,
            Err(f) => Some(Next { step: Some(Step::Review), failure: Some(f) }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::purchase::{CustomerRef, DraftLine, PendingCheckout};

    #[test]
    fn where_the_cart_opens_and_where_answers_lead() {
        let mut d = CartDraft::new(CustomerRef::default());
        assert_eq!(Step::initial(&d), Step::Edit);
        d.outcome = Some(CheckoutOutcome::default());
        assert_eq!(Step::initial(&d), Step::Done(CheckoutOutcome::default()));
        d.pending =
            Some(PendingCheckout { cart_id: "c".into(), request_id: "r".into(), since_ms: None });
        assert_eq!(Step::initial(&d), Step::Running { resuming: true });

        d.lines.push(DraftLine::default());
        assert_eq!(Step::after_review(Ok(()), &d).and_then(|n| n.step), Some(Step::Review));
        d.lines[0].server_error = Some("no".into());
        assert_eq!(Step::after_review(Ok(()), &d).and_then(|n| n.step), Some(Step::Edit));
        assert_eq!(Step::after_review(Err(Failure::Cancelled), &d), None);
        let n = Step::after_review(Err(Failure::Network), &d).unwrap();
        assert_eq!((n.step, n.failure), (None, Some(Failure::Network)));

        let done = Step::after_checkout(Ok(CheckoutOutcome::default())).unwrap();
        assert_eq!(done.step, Some(Step::Done(CheckoutOutcome::default())));
        let failed = Step::after_checkout(Err(Failure::NotSaved)).unwrap();
        assert_eq!((failed.step, failed.failure), (Some(Step::Review), Some(Failure::NotSaved)));
        assert_eq!(Step::after_checkout(Err(Failure::Cancelled)), None);
    }

    #[test]
    fn a_checkout_another_tab_finished_is_shown_as_done() {
        let mut d = CartDraft::new(CustomerRef::default());
        d.lines.push(DraftLine::default());
        assert_eq!(Step::Review.after_other_tab(&d), None, "an edit: still reviewing");
        let outcome = CheckoutOutcome { order_ids: vec!["o".into()], ..Default::default() };
        d.finish(outcome.clone());
        assert_eq!(Step::Review.after_other_tab(&d), Some(Step::Done(outcome.clone())));
        assert_eq!(Step::Edit.after_other_tab(&d), Some(Step::Done(outcome.clone())));
        // This tab's own checkout ends through `after_checkout`, not here.
        assert_eq!(Step::Running { resuming: false }.after_other_tab(&d), None);
        assert_eq!(Step::Done(outcome.clone()).after_other_tab(&d), None);
        // Begun in the other tab, not finished: nothing to show yet.
        d.pending =
            Some(PendingCheckout { cart_id: "c".into(), request_id: "r".into(), since_ms: None });
        assert_eq!(Step::Review.after_other_tab(&d), None);
    }
}

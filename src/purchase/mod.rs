//! The purchase domain, in plain Rust: what a cart line is, what the rules say about it,
//! how lines group into orders, what they cost, and the cart draft kept in the browser.
//! Components only show this; it is tested natively.

pub mod checkout;
pub mod draft;
pub mod facts;
pub mod groups;
pub mod line;
pub mod search;
pub mod verdict;

pub use draft::{CartDraft, CheckoutOutcome, DraftLoad, PendingCheckout};
pub use line::{CustomerRef, DraftLine};

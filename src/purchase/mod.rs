//! The purchase domain, in plain Rust: what a cart line is, what the rules say about it,
//! how lines group into orders, what they cost, and the cart draft kept in the browser.
//! Components only show this; it is tested natively.

pub mod addon;
pub mod catalog;
pub mod checkout;
pub mod draft;
pub mod facts;
pub mod groups;
pub mod line;
pub mod partner;
pub mod placed;
pub mod search;
pub mod sku_form;
pub mod steps;
pub mod verdict;

pub use draft::{CartDraft, CheckoutOutcome, PendingCheckout};
pub use line::{parse_quantity, CustomerRef, DraftLine};
pub use partner::PartnerFacts;

//! After checkout, in plain Rust: the order list as shown (recent orders the service does
//! not list yet, billing views, sorting) and provisioning. Tested natively.

pub mod entitlements;
pub mod listing;
pub mod provisioning;
pub mod recent;

pub use listing::{BillingView, Row, SortBy};

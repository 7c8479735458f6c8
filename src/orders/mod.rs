//! After checkout, in plain Rust: the order list as shown (recent orders the service does
//! not list yet, billing views, sorting), provisioning and cancellation. Tested natively.

pub mod cancellation;
pub mod entitlements;
pub mod listing;
pub mod provisioning;
pub mod recent;

pub use listing::{BillingView, Row, SortBy};

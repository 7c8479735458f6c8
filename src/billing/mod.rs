//! Reconciliation, in plain Rust: an invoice's one-time lines (filters, sorting, totals),
//! their export, the rows a long table renders, the monthly chart and what is due.
//! Components only show this; it is tested natively.

pub mod chart;
pub mod dues;
pub mod export;
pub mod lines;
pub mod providers;
pub mod sum;
pub mod window;

pub use lines::{Column, Filter, Line, LineTable, Sort, Totals};
pub use sum::Sum;

//! Price estimates before checkout, in plain Rust: what each line and order will cost
//! (`estimate`), from Partner Center's cart `pricing`, the Partner API's price sheets and the
//! price lists the partner imports (`book`, over `crates/price-book`), parsed and stored off
//! the page's thread (`worker`).

pub mod book;
pub mod estimate;
pub mod worker;

pub use book::{SheetFailure, SheetState};
pub use estimate::{Estimate, LineEstimate, NoPrice, PriceSource};

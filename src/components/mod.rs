//! Reusable widgets.

mod customer_bar;
mod endpoint_badge;
pub mod estimate;
mod findings;
mod header;
mod language_select;
mod loaded;
mod monthly_chart;
mod nav;
mod notices;
mod reseller_field;
pub mod virtual_rows;

pub use customer_bar::{for_customer, CustomerBar, NoCustomer};
pub use endpoint_badge::EndpointBadge;
pub use estimate::{EstimateNote, SheetNotices};
pub use findings::FindingList;
pub use header::Header;
pub use language_select::LanguageSelect;
pub use loaded::Loaded;
pub use monthly_chart::MonthlyChart;
pub use nav::Nav;
pub use notices::{focused_heading, FailureNotice, Loading};
pub use reseller_field::ResellerField;
pub use virtual_rows::VirtualRows;

//! Reusable widgets.

mod endpoint_badge;
mod header;
mod language_select;
mod nav;
mod planned;

pub use endpoint_badge::EndpointBadge;
pub use header::Header;
pub use language_select::LanguageSelect;
pub use nav::Nav;
pub use planned::Planned;

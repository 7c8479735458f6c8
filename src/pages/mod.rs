//! One module per route. Each page returns `AnyView`: the router's choice among the routes
//! is then over one view type, not a nested enum of every page's, which the bundle pays for.

mod addons;
pub mod bulk_check;
mod cart;
pub mod catalog;
mod customers;
mod enablement;
mod entitlements;
mod home;
mod invoice;
mod invoices;
mod not_found;
mod order;
mod orders;
mod prices;
mod settings;

pub use addons::AddonsPage;
pub use bulk_check::BulkCheckPage;
pub use cart::CartPage;
pub use catalog::CatalogPage;
pub use customers::CustomersPage;
pub use enablement::EnablementPage;
pub use entitlements::EntitlementsPage;
pub use home::HomePage;
pub use invoice::{InvoicePage, UnbilledPage};
pub use invoices::InvoicesPage;
pub use not_found::NotFoundPage;
pub use order::OrderPage;
pub use orders::OrdersPage;
pub use prices::PricesPage;
pub use settings::SettingsPage;

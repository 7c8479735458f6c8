//! One module per route.

mod addons;
mod bulk_check;
mod cart;
pub mod catalog;
mod customers;
mod enablement;
mod home;
mod not_found;
mod planned_areas;
mod settings;

pub use addons::AddonsPage;
pub use bulk_check::BulkCheckPage;
pub use cart::CartPage;
pub use catalog::CatalogPage;
pub use customers::CustomersPage;
pub use enablement::EnablementPage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use planned_areas::{EntitlementsPage, InvoicesPage, OrdersPage};
pub use settings::SettingsPage;

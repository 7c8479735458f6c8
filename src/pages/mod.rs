//! One module per route.

mod cart;
mod catalog;
mod customers;
mod home;
mod not_found;
mod planned_areas;
mod settings;
mod wip;

pub use cart::CartPage;
pub use catalog::CatalogPage;
pub use customers::CustomersPage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use planned_areas::{EntitlementsPage, InvoicesPage, OrdersPage};
pub use settings::SettingsPage;
pub use wip::*;

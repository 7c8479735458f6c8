//! One module per route.

mod home;
mod not_found;
mod planned_areas;
mod settings;

pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use planned_areas::{
    AddonsPage, BulkCheckPage, CartPage, CatalogPage, CustomersPage, EnablementPage, EntitlementsPage,
    InvoicesPage, OrdersPage,
};
pub use settings::SettingsPage;

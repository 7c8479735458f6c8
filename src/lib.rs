//! Procura: Partner Center one-time and add-on purchases, in the browser.
//!
//! Domain logic lives in plain modules (`i18n`, `settings`, `format`) and is tested natively;
//! components stay thin.

pub mod api;
pub mod app;
pub mod areas;
pub mod billing;
pub mod browser;
pub mod components;
pub mod format;
pub mod hooks;
pub mod i18n;
pub mod orders;
pub mod pages;
pub mod purchase;
pub mod settings;
pub mod state;
pub mod storage;

pub use app::App;

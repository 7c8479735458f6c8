//! Procura: Partner Center one-time and add-on purchases, in the browser.
//!
//! Pages and components render and dispatch; the domain (`purchase`, `orders`, `billing`) is
//! plain Rust, tested natively; only `api` knows the wire and only `storage` touches browser
//! storage. ARCHITECTURE.md is the map.

pub mod api;
pub mod app;
pub mod areas;
pub mod auth;
pub mod billing;
pub mod browser;
pub mod components;
pub mod format;
pub mod hooks;
pub mod i18n;
pub mod orders;
pub mod pages;
pub mod pricing;
pub mod purchase;
pub mod settings;
pub mod signin;
pub mod state;
pub mod storage;
pub mod write_once;

pub use app::App;

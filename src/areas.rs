//! The product's top-level areas, in navigation order: one list for the nav and the tests.

use crate::i18n::Messages;

pub struct Area {
    pub path: &'static str,
    pub label: fn(&'static Messages) -> &'static str,
}

pub const AREAS: &[Area] = &[
    Area { path: "/", label: |m| m.nav_home },
    Area { path: "/customers", label: |m| m.nav_customers },
    Area { path: "/catalog", label: |m| m.nav_catalog },
    Area { path: "/cart", label: |m| m.nav_cart },
    Area { path: "/orders", label: |m| m.nav_orders },
    Area { path: "/addons", label: |m| m.nav_addons },
    Area { path: "/enablement", label: |m| m.nav_enablement },
    Area { path: "/entitlements", label: |m| m.nav_entitlements },
    Area { path: "/invoices", label: |m| m.nav_invoices },
    Area { path: "/bulk-check", label: |m| m.nav_bulk_check },
    Area { path: "/prices", label: |m| m.prices_nav },
    Area { path: "/settings", label: |m| m.nav_settings },
];
